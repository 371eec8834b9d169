//! The ensemble's entry points for the Web Workers (`public/ensemble-worker.js`). The workers
//! instantiate this same compiled module (the page posts it), so the ensemble costs no extra
//! download; they run one member per call so each can take a newer request between members.
//! An ensemble is split across the workers: one [`EnsembleJob`] gathers the members that
//! [`MemberJob`]s run elsewhere. (The negotiation tools' jobs live in the `cuenca-tools` module,
//! `src/bin/tools/`, which the page loads only when someone opens them.)

use cuenca_model::negotiation::Limit;
use cuenca_model::{Basin, EnsembleRunner, EnsembleSpec, MemberRun};
use wasm_bindgen::prelude::*;

use crate::ensemble_view::EnsembleView;

thread_local! {
    /// The embedded basin, parsed once per worker (on its first request); each ensemble gets a
    /// copy because its runner owns the basin.
    pub static BASIN: Basin = Basin::default_basin();
}

/// A request's link (read with the worker's basin) and the ensemble design for `members`
/// members (2 to 400) and `seed`, with the factors its scenario needs.
pub fn read_request(query: &str, members: usize, seed: u32) -> (cuenca_link::Link, EnsembleSpec) {
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

    /// Member `index` as it travels between workers (a [`MemberRun`]'s bytes), for a tool that
    /// needs this same ensemble ([`cuenca_model::EnsembleRunner::adopt`]); `None` past the
    /// members kept.
    pub fn member_bytes(&self, index: usize) -> Option<Vec<u8>> {
        let member = self.runner.ensemble().members.get(index)?.clone();
        Some(MemberRun { index, member }.to_bytes())
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
