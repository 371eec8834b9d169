//! Runs: [`run`] for one scenario, and a [`Runner`] that keeps the steady state and the
//! no-project baseline of its last run, so a slider move on a project lever re-simulates only
//! the scenario.

use std::borrow::Cow;

use crate::basin::Basin;
use crate::outputs::results::Results;
use crate::physics::operations::ProjectPlan;
use crate::scenario::levers::{LeverGroup, LEVERS};
use crate::scenario::Scenario;

use super::assemble::assemble;
use super::setup::Setup;
use super::step::Track;
use super::{RunError, RunOptions};

/// Run the scenario and its no-project baseline (same climate) with default options.
pub fn run(basin: &Basin, scenario: &Scenario) -> Result<Results, RunError> {
    run_with_options(basin, scenario, &RunOptions::default())
}

/// Run the scenario and its no-project baseline under the same climate.
pub fn run_with_options(
    basin: &Basin,
    scenario: &Scenario,
    opts: &RunOptions,
) -> Result<Results, RunError> {
    run_cached(basin, scenario, opts, None)
}

/// Levers the steady pre-development state and the no-project baseline depend on: community use,
/// climate, the physics multipliers and the horizon. The project levers (production, technology,
/// fresh water, protection) act only once production is above zero, so they never change the
/// baseline.
pub fn affects_baseline(group: LeverGroup) -> bool {
    matches!(
        group,
        LeverGroup::Community | LeverGroup::Climate | LeverGroup::Advanced
    )
}

fn baseline_key(s: &Scenario) -> Vec<u64> {
    LEVERS
        .iter()
        .filter(|l| affects_baseline(l.group))
        .map(|l| s.get(l.id).to_bits())
        .collect()
}

struct BaselineCache {
    key: Vec<u64>,
    h0: Vec<f64>,
    baseline: Track,
}

/// Runs scenarios on one basin, keeping the steady state and the no-project baseline of the last
/// run: when only project levers change (the common slider move), only the scenario is
/// re-simulated. Results are bit-identical to [`run_with_options`]. [`run`] stays the simple
/// entry point.
pub struct Runner {
    basin: Basin,
    opts: RunOptions,
    cache: Option<BaselineCache>,
    baseline_reuses: usize,
}

impl Runner {
    pub fn new(basin: Basin) -> Runner {
        Runner::with_options(basin, RunOptions::default())
    }

    pub fn with_options(basin: Basin, opts: RunOptions) -> Runner {
        Runner {
            basin,
            opts,
            cache: None,
            baseline_reuses: 0,
        }
    }

    pub fn basin(&self) -> &Basin {
        &self.basin
    }

    /// How many runs reused the cached baseline (for tests and diagnostics).
    pub fn baseline_reuses(&self) -> usize {
        self.baseline_reuses
    }

    /// Run the scenario (and, unless cached, its baseline).
    pub fn run(&mut self, scenario: &Scenario) -> Result<Results, RunError> {
        let key = baseline_key(scenario);
        let mut slot = self.cache.take().filter(|c| c.key == key);
        if slot.is_some() {
            self.baseline_reuses += 1;
        }
        let r = run_cached(&self.basin, scenario, &self.opts, Some(&mut slot));
        if let Some(c) = slot.as_mut() {
            c.key = key;
        }
        self.cache = slot;
        r
    }
}

fn run_cached(
    basin: &Basin,
    scenario: &Scenario,
    opts: &RunOptions,
    cache: Option<&mut Option<BaselineCache>>,
) -> Result<Results, RunError> {
    let setup = Setup::new(basin, scenario, opts)?;
    let project = |h0: &[f64], baseline: &Track| {
        scenario
            .has_project()
            .then(|| setup.simulate(h0, &setup.plan, Some(baseline)))
    };
    // A cached steady state and baseline are borrowed, not copied.
    if let Some(Some(c)) = cache.as_deref() {
        let scen = project(&c.h0, &c.baseline);
        let base = Cow::Borrowed(&c.baseline);
        return Ok(assemble(basin, scenario, &setup, c.h0.clone(), base, scen));
    }
    let (h0, steady_growth) = setup.initial_heads()?;
    let base_plan = ProjectPlan {
        production_t_per_yr: 0.0,
        ..setup.plan.clone()
    };
    let baseline = setup.simulate(&h0, &base_plan, None);
    let scen = project(&h0, &baseline);
    let mut r = match cache {
        // A `Runner` keeps them for its next run; the results get copies.
        Some(slot) => {
            let base = Cow::Borrowed(&baseline);
            let r = assemble(basin, scenario, &setup, h0.clone(), base, scen);
            *slot = Some(BaselineCache {
                key: Vec::new(),
                h0,
                baseline,
            });
            r
        }
        None => assemble(basin, scenario, &setup, h0, Cow::Owned(baseline), scen),
    };
    r.steady_pivot_growth = steady_growth;
    Ok(r)
}
