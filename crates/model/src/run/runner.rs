//! Runs: [`run`] for one scenario, and a [`Runner`] that keeps the steady state, the no-project
//! baseline and the no-project reference under today's climate of its last runs, so a slider
//! move on a project lever re-simulates only the scenario.

use std::borrow::Cow;

use crate::basin::Basin;
use crate::outputs::results::Results;
use crate::physics::operations::ProjectPlan;
use crate::scenario::levers::{LeverGroup, LEVERS};
use crate::scenario::Scenario;

use super::assemble::assemble;
use super::setup::Setup;
use super::step::{RunState, Track};
use super::warning::Watch;
use super::{RunError, RunOptions};

/// Run the scenario and its no-project baseline (same climate), and under a changed climate the
/// no-project reference under today's climate, with default options.
pub fn run(basin: &Basin, scenario: &Scenario) -> Result<Results, RunError> {
    run_with_options(basin, scenario, &RunOptions::default())
}

/// Run the scenario and its no-project baseline under the same climate, and under a changed
/// climate ([`Scenario::changes_climate`]) the no-project reference under today's climate.
pub fn run_with_options(
    basin: &Basin,
    scenario: &Scenario,
    opts: &RunOptions,
) -> Result<Results, RunError> {
    run_cached(basin, scenario, opts, &mut Slots::default(), false)
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
    /// Today's heads: the steady state, or where the hindcast left it.
    h0: Vec<f64>,
    /// After a hindcast, the state it left, every run's start; and what its months recorded.
    today: Option<(RunState, Track)>,
    baseline: Track,
}

impl BaselineCache {
    /// `setup`'s run of `plan` from today's state.
    fn simulate(&self, setup: &Setup, plan: &ProjectPlan, baseline: Option<&Track>) -> Track {
        from_today(setup, &self.today, &self.h0, plan, baseline)
    }
}

/// `setup`'s run of `plan` from the state a hindcast left, or else from the heads `h0`.
fn from_today(
    setup: &Setup,
    today: &Option<(RunState, Track)>,
    h0: &[f64],
    plan: &ProjectPlan,
    baseline: Option<&Track>,
) -> Track {
    match today {
        Some((st, _)) => setup.simulate_from(st, plan, baseline),
        None => setup.simulate(h0, plan, baseline),
    }
}

/// The no-project track under today's climate, for a scenario that changes the climate.
struct ReferenceCache {
    key: Vec<u64>,
    reference: Track,
}

/// What a run may take from earlier runs, and leaves for later ones.
#[derive(Default)]
struct Slots {
    baseline: Option<BaselineCache>,
    reference: Option<ReferenceCache>,
    /// References simulated by the run (0 or 1).
    references_simulated: usize,
}

/// Runs scenarios on one basin, keeping the steady state and the no-project baseline of the last
/// run, and the no-project reference under today's climate of the last run that changed the
/// climate: when only project levers change (the common slider move), only the scenario is
/// re-simulated, and a climate slider move re-runs the baseline but not the reference. Results
/// are bit-identical to [`run_with_options`]. [`run`] stays the simple entry point.
pub struct Runner {
    basin: Basin,
    opts: RunOptions,
    cache: Option<BaselineCache>,
    reference: Option<ReferenceCache>,
    baseline_reuses: usize,
    reference_reuses: usize,
    reference_runs: usize,
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
            reference: None,
            baseline_reuses: 0,
            reference_reuses: 0,
            reference_runs: 0,
        }
    }

    pub fn basin(&self) -> &Basin {
        &self.basin
    }

    /// How many runs reused the cached baseline (for tests and diagnostics).
    pub fn baseline_reuses(&self) -> usize {
        self.baseline_reuses
    }

    /// How many runs reused the cached reference under today's climate.
    pub fn reference_reuses(&self) -> usize {
        self.reference_reuses
    }

    /// How many references under today's climate were simulated: one per change of the levers
    /// it depends on, none for a scenario under today's climate.
    pub fn reference_runs(&self) -> usize {
        self.reference_runs
    }

    /// Run the scenario (and, unless cached, its baseline and, under a changed climate, its
    /// reference).
    pub fn run(&mut self, scenario: &Scenario) -> Result<Results, RunError> {
        let key = baseline_key(scenario);
        // The reference depends on the same levers as the baseline, climate ones aside.
        let ref_key = scenario
            .changes_climate()
            .then(|| baseline_key(&scenario.today_climate()));
        let mut slots = Slots {
            baseline: self.cache.take().filter(|c| c.key == key),
            // Under today's climate the reference waits for the next climate change.
            reference: match &ref_key {
                Some(k) => self.reference.take().filter(|c| &c.key == k),
                None => None,
            },
            references_simulated: 0,
        };
        self.baseline_reuses += usize::from(slots.baseline.is_some());
        self.reference_reuses += usize::from(slots.reference.is_some());
        let r = run_cached(&self.basin, scenario, &self.opts, &mut slots, true);
        self.reference_runs += slots.references_simulated;
        if let Some(c) = slots.baseline.as_mut() {
            c.key = key;
        }
        self.cache = slots.baseline;
        if let Some(k) = ref_key {
            self.reference = slots.reference.map(|c| ReferenceCache { key: k, ..c });
        }
        r
    }
}

/// One run, filling the empty slots. `keep`: the slots outlive the run (a [`Runner`]), so the
/// results get copies; otherwise the baseline moves into the results.
fn run_cached(
    basin: &Basin,
    scenario: &Scenario,
    opts: &RunOptions,
    slots: &mut Slots,
    keep: bool,
) -> Result<Results, RunError> {
    let setup = Setup::new(basin, scenario, opts)?;
    let mut steady_growth = 0.0;
    let b = match slots.baseline.take() {
        Some(b) => b,
        None => {
            let (h0, growth) = setup.initial_heads()?;
            steady_growth = growth;
            let today = setup.hindcast(&h0);
            let h0 = today.as_ref().map_or(h0, |(st, _)| st.h.clone());
            let baseline = from_today(&setup, &today, &h0, &setup.plan.without_production(), None);
            BaselineCache {
                key: Vec::new(),
                h0,
                today,
                baseline,
            }
        }
    };
    // Under a changed climate, the no-project run under today's climate from the same steady
    // state (it depends on neither rain nor warming levers), unless cached.
    let today = scenario.changes_climate();
    if today && slots.reference.is_none() {
        let ref_setup = Setup::new(basin, &scenario.today_climate(), opts)?;
        // The months before today are observed, so the reference starts from the same state.
        let reference = b.simulate(&ref_setup, &ref_setup.plan.without_production(), None);
        slots.references_simulated += 1;
        slots.reference = Some(ReferenceCache {
            key: Vec::new(),
            reference,
        });
    }
    let reference = slots
        .reference
        .as_ref()
        .filter(|_| today)
        .map(|c| &c.reference);
    let mut scen = scenario
        .has_project()
        .then(|| b.simulate(&setup, &setup.plan, Some(&b.baseline)));
    // The plan's record, with the alarms its triggers would have raised without the project.
    let plan = match (scen.as_mut(), &setup.warning) {
        (Some(t), Some(w)) => t.plan.take().map(|mut p| {
            p.no_project_events = Watch::replay(&setup, w, &setup.plan, &b.h0, &b.baseline.heads);
            p
        }),
        _ => None,
    };
    let mut r = if keep {
        let r = assemble(
            basin,
            scenario,
            &setup,
            b.h0.clone(),
            Cow::Borrowed(&b.baseline),
            scen,
            reference,
            b.today.as_ref().map(|(_, t)| t),
        );
        slots.baseline = Some(b);
        r
    } else {
        let base = Cow::Owned(b.baseline);
        let hindcast = b.today.as_ref().map(|(_, t)| t);
        assemble(
            basin, scenario, &setup, b.h0, base, scen, reference, hindcast,
        )
    };
    r.steady_pivot_growth = steady_growth;
    r.plan = plan;
    Ok(r)
}
