//! The ensemble's entry points for the Web Workers (`public/ensemble-worker.js`). The workers
//! instantiate this same compiled module (the page posts it), so the ensemble costs no extra
//! download; they run one member per call so each can take a newer request between members.
//! An ensemble is split across the workers: one [`EnsembleJob`] gathers the members that
//! [`MemberJob`]s run elsewhere.

use cuenca_model::negotiation::{stop_at_first_fire, EnvelopeSearch, Limit, Plan, PlanOutcome};
use cuenca_model::{Basin, EnsembleRunner, EnsembleSpec, Lang, MemberRun, RunOptions};
use wasm_bindgen::prelude::*;

use crate::ensemble_view::EnsembleView;
use crate::envelope_view::EnvelopeView;
use crate::plan_view::PlanView;

thread_local! {
    /// The embedded basin, parsed once per worker (on its first request); each ensemble gets a
    /// copy because its runner owns the basin.
    static BASIN: Basin = Basin::default_basin();
}

/// A request's link (read with the worker's basin) and the ensemble design for `members`
/// members (2 to 400) and `seed`, with the factors its scenario needs.
fn read_request(query: &str, members: usize, seed: u32) -> (cuenca_link::Link, EnsembleSpec) {
    let (link, _) = BASIN.with(|basin| cuenca_link::parse(query, basin));
    let spec = EnsembleSpec {
        members: members.clamp(2, 400),
        seed: u64::from(seed),
        ..EnsembleSpec::default()
    }
    .for_scenario(&link.scenario);
    (link, spec)
}

#[wasm_bindgen]
pub struct EnsembleJob {
    runner: EnsembleRunner,
    threshold_m: f64,
    /// The request's link query, echoed in every view.
    query: String,
    /// Agreed limits whose members-keeping each complete view counts.
    limits: Vec<Limit>,
    failed: bool,
}

#[wasm_bindgen]
impl EnsembleJob {
    /// An ensemble of `members` runs for the scenario of a link query, split in `parts`: this
    /// job runs members 0, `parts`, 2·`parts`, … and [`EnsembleJob::accept`]s the others from
    /// [`MemberJob`]s in other workers.
    #[wasm_bindgen(constructor)]
    pub fn new(
        query: &str,
        members: usize,
        seed: u32,
        threshold_m: f64,
        parts: usize,
    ) -> EnsembleJob {
        let (link, spec) = read_request(query, members, seed);
        let threshold_m = if threshold_m.is_finite() {
            threshold_m.clamp(0.01, 100.0)
        } else {
            0.5
        };
        EnsembleJob {
            runner: EnsembleRunner::new(BASIN.with(Basin::clone), &link.scenario, spec)
                .share(0, parts),
            threshold_m,
            query: query.to_string(),
            limits: link.limits,
            failed: false,
        }
    }

    /// The agreed limits to count, as a link query's `lim=` parts (the page changes them
    /// without re-running the ensemble).
    pub fn set_limits(&mut self, query: &str) {
        self.limits = BASIN
            .with(|basin| cuenca_link::parse(query, basin))
            .0
            .limits;
    }

    pub fn is_done(&self) -> bool {
        self.runner.is_done()
    }

    /// Runs the next member of this job's part; `false` when they have run (or a member
    /// failed: the view then holds the members before it).
    pub fn step(&mut self) -> bool {
        let step = self.runner.step();
        self.failed = step.is_err();
        matches!(step, Ok(true))
    }

    /// Whether one of this job's own members failed.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// Keeps a member another worker ran (a [`MemberJob::run_next`]'s bytes); `false` for bytes
    /// that are not a member of this ensemble.
    pub fn accept(&mut self, bytes: &[u8]) -> bool {
        MemberRun::from_bytes(bytes).is_some_and(|run| self.runner.accept(run))
    }

    pub fn done(&self) -> usize {
        self.runner.progress().0
    }

    pub fn total(&self) -> usize {
        self.runner.progress().1
    }

    /// The page's view of the members run so far, in postcard's binary form (a `Uint8Array`
    /// for the page; `EnsembleView::from_bytes` reads it).
    pub fn view_bytes(&self) -> Vec<u8> {
        let (done, total) = self.runner.progress();
        let e = self.runner.ensemble();
        let view = EnsembleView {
            query: self.query.clone(),
            ..EnsembleView::from_ensemble(e, done, total, self.threshold_m)
        };
        view.with_limits(e, &self.limits).to_bytes()
    }
}

/// One part of an ensemble, in a worker helping the [`EnsembleJob`]'s: members `part`,
/// `part + parts`, … run one per call and handed over as bytes.
#[wasm_bindgen]
pub struct MemberJob {
    runner: EnsembleRunner,
    failed: bool,
}

#[wasm_bindgen]
impl MemberJob {
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32, part: usize, parts: usize) -> MemberJob {
        let (link, spec) = read_request(query, members, seed);
        MemberJob {
            runner: EnsembleRunner::new(BASIN.with(Basin::clone), &link.scenario, spec)
                .share(part, parts),
            failed: false,
        }
    }

    /// The next member of this part, run, as bytes for [`EnsembleJob::accept`]; `None` once
    /// the part has run or a member failed.
    pub fn run_next(&mut self) -> Option<Vec<u8>> {
        let run = self.runner.next_member();
        self.failed = run.is_err();
        run.ok().flatten().map(|r| r.to_bytes())
    }

    /// Whether a member failed (the lead then completes with the members before it).
    pub fn failed(&self) -> bool {
        self.failed
    }
}

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
