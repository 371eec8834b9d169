//! The negotiation tools' entry points for their Web Worker (`public/ensemble-worker.js`, which
//! instantiates this module as the page's workers instantiate the page's): the envelope search
//! and an early-warning plan's test, one member run per call.

use cuenca::envelope_view::EnvelopeView;
use cuenca::plan_view::PlanView;
use cuenca::worker_api::{read_request, BASIN};
use cuenca_model::negotiation::{stop_at_first_fire, EnvelopeSearch, Limit, Plan, PlanOutcome};
use cuenca_model::{Basin, EnsembleRunner, Lang, RunOptions};
use wasm_bindgen::prelude::*;

/// The largest production that keeps a link's agreed limits, searched one member run per call.
#[wasm_bindgen]
pub struct EnvelopeJob {
    search: EnvelopeSearch,
    query: String,
    members: usize,
    error: Option<String>,
}

#[wasm_bindgen]
impl EnvelopeJob {
    /// The search for the scenario and limits of a link query, judged on `members` members.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32, tolerance_t_per_yr: f64) -> EnvelopeJob {
        let (link, spec) = read_request(query, members, seed);
        let members = spec.members;
        let tolerance = if tolerance_t_per_yr.is_finite() {
            tolerance_t_per_yr.max(100.0)
        } else {
            1_000.0
        };
        EnvelopeJob {
            search: EnvelopeSearch::new(
                BASIN.with(Basin::clone),
                &link.scenario,
                &link.limits,
                &spec,
                tolerance,
            ),
            query: query.to_string(),
            members,
            error: None,
        }
    }

    /// Runs the next member; `false` once the search is done or has failed.
    pub fn step(&mut self) -> bool {
        match self.search.step() {
            Ok(more) => more,
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    pub fn view_bytes(&self) -> Vec<u8> {
        EnvelopeView {
            error: self.error.clone(),
            ..EnvelopeView::from_search(&self.search, &self.query, self.members)
        }
        .to_bytes()
    }
}

/// An early-warning plan tested over the ensemble: the members without the plan, with it and
/// with its bound, one member run per call.
#[wasm_bindgen]
pub struct PlanJob {
    /// Without the plan, with it, and with "stop everything at the first fire".
    runners: [EnsembleRunner; 3],
    plan: Plan,
    limits: Vec<Limit>,
    query: String,
    members: usize,
    error: Option<String>,
}

#[wasm_bindgen]
impl PlanJob {
    /// The plan (`trig=`) and limits (`lim=`) of a link query, for its scenario, on `members`
    /// members.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32) -> PlanJob {
        let (link, spec) = read_request(query, members, seed);
        let members = spec.members;
        let plan = Plan {
            triggers: link.triggers,
            permanent: false,
        };
        let runner = |plan: Plan| {
            EnsembleRunner::with_options(
                BASIN.with(Basin::clone),
                &link.scenario,
                spec.clone(),
                RunOptions {
                    plan,
                    ..RunOptions::default()
                },
            )
        };
        PlanJob {
            runners: [
                runner(Plan::default()),
                runner(plan.clone()),
                runner(stop_at_first_fire(&plan)),
            ],
            plan,
            limits: link.limits,
            query: query.to_string(),
            members,
            error: None,
        }
    }

    /// Runs the next member of the first ensemble not yet complete; `false` once all are (or
    /// one has failed).
    pub fn step(&mut self) -> bool {
        let Some(runner) = self.runners.iter_mut().find(|r| !r.is_done()) else {
            return false;
        };
        match runner.step() {
            Ok(_) => self.runners.iter().any(|r| !r.is_done()),
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    pub fn view_bytes(&self) -> Vec<u8> {
        let done = self.runners.iter().map(|r| r.progress().0).sum();
        let total = self.runners.iter().map(|r| r.progress().1).sum();
        let complete = self.error.is_none() && self.runners.iter().all(EnsembleRunner::is_done);
        let mut view = PlanView {
            query: self.query.clone(),
            done,
            total,
            members: self.members,
            complete,
            error: self.error.clone(),
            ..PlanView::default()
        };
        if complete {
            let [without, with, bound] = &self.runners;
            match PlanOutcome::from_ensembles(
                &self.plan,
                &self.limits,
                without.ensemble(),
                with.ensemble(),
                bound.ensemble(),
            ) {
                Ok(outcome) => BASIN.with(|basin| {
                    view.sentences_es = outcome.sentences(basin, Lang::Es);
                    view.sentences_en = outcome.sentences(basin, Lang::En);
                }),
                Err(e) => {
                    view.complete = false;
                    view.error = Some(e.to_string());
                }
            }
        }
        view.to_bytes()
    }
}
