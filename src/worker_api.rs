//! The ensemble's entry points for the Web Worker (`public/ensemble-worker.js`). The worker loads
//! this same module (already cached by the page), so the ensemble costs no extra download; it
//! runs one member per call so the worker can take a newer request between members.

use cuenca_model::{Basin, EnsembleRunner, EnsembleSpec};
use wasm_bindgen::prelude::*;

use crate::ensemble_view::EnsembleView;

thread_local! {
    /// The embedded basin, parsed once per worker (on its first request); each ensemble gets a
    /// copy because its runner owns the basin.
    static BASIN: Basin = Basin::default_basin();
}

#[wasm_bindgen]
pub struct EnsembleJob {
    runner: EnsembleRunner,
    threshold_m: f64,
    /// The request's link query, echoed in every view.
    query: String,
}

#[wasm_bindgen]
impl EnsembleJob {
    /// An ensemble of `members` runs for the scenario of a link query.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32, threshold_m: f64) -> EnsembleJob {
        let (link, _) = BASIN.with(|basin| cuenca_link::parse(query, basin));
        let spec = EnsembleSpec {
            members: members.clamp(2, 400),
            seed: u64::from(seed),
            ..EnsembleSpec::default()
        }
        .for_scenario(&link.scenario);
        let threshold_m = if threshold_m.is_finite() {
            threshold_m.clamp(0.01, 100.0)
        } else {
            0.5
        };
        EnsembleJob {
            runner: EnsembleRunner::new(BASIN.with(Basin::clone), &link.scenario, spec),
            threshold_m,
            query: query.to_string(),
        }
    }

    /// Runs the next member; `false` when all have run (or a member failed: the view then
    /// holds the members that ran).
    pub fn step(&mut self) -> bool {
        matches!(self.runner.step(), Ok(true))
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
        let view = EnsembleView {
            query: self.query.clone(),
            ..EnsembleView::from_ensemble(self.runner.ensemble(), done, total, self.threshold_m)
        };
        view.to_bytes()
    }
}
