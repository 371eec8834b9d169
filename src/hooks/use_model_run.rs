//! The model runs behind the page: the current scenario whenever it changes, and the pinned
//! scenarios only when the pins change.

use std::sync::{Arc, Mutex};

use cuenca_model::{run, Basin, Results, Runner, Scenario};
use leptos::prelude::*;

pub struct UseModelRunReturn {
    /// The current scenario's run; `None` when it failed.
    pub results: Signal<Option<Arc<Results>>>,
    /// Why the current run failed, as a sentence; `None` when it ran.
    pub error: Signal<Option<String>>,
    /// One run per pinned scenario, in pin order; `None` for a pin that failed.
    pub pin_results: Signal<Vec<Option<Arc<Results>>>>,
}

pub fn use_model_run(
    basin: Arc<Basin>,
    scenario: Signal<Scenario>,
    pins: Signal<Vec<Scenario>>,
) -> UseModelRunReturn {
    // One run per change of the scenario, not debounced: a run is short enough to follow a
    // dragged slider. Marked with the User Timing API so its cost can be read in any browser's
    // performance panel (the end-to-end tests print it).
    // The runner keeps the steady state and the no-project baseline between runs, so moving a
    // project lever re-runs only the scenario.
    let runner = Arc::new(Mutex::new(Runner::new((*basin).clone())));
    let output: Memo<Result<Arc<Results>, String>> = Memo::new_with_compare(
        move |_| {
            let scenario = scenario.get();
            let performance = window().performance();
            if let Some(p) = &performance {
                let _ = p.mark("cuenca:run:start");
            }
            let result = match runner.lock() {
                Ok(mut runner) => runner
                    .run(&scenario)
                    .map(Arc::new)
                    .map_err(|e| e.to_string()),
                Err(_) => Err("internal error: the model runner is unavailable".to_string()),
            };
            if let Some(p) = &performance {
                let _ = p.mark("cuenca:run:end");
                let _ = p.measure_with_start_mark_and_end_mark(
                    "cuenca:run",
                    "cuenca:run:start",
                    "cuenca:run:end",
                );
            }
            result
        },
        new_run,
    );
    // Pinned scenarios run only when the pins change, not on every lever move.
    let pin_results = Memo::new_with_compare(
        move |_| {
            pins.get()
                .iter()
                .map(|s| run(&basin, s).ok().map(Arc::new))
                .collect()
        },
        new_run,
    );
    UseModelRunReturn {
        results: Signal::derive(move || output.with(|o| o.as_ref().ok().cloned())),
        error: Signal::derive(move || output.with(|o| o.as_ref().err().cloned())),
        pin_results: pin_results.into(),
    }
}

/// A run's memo changes whenever it re-runs (its input changed). Comparing the results would
/// walk every monthly series of two runs on each lever move, and ship that comparison (#19).
fn new_run<T>(_: Option<&T>, _: Option<&T>) -> bool {
    true
}
