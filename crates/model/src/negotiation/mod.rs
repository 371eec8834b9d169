//! Instruments for negotiating: limits the parties agree on (a site, what is measured there, a
//! threshold, a horizon and a confidence), whether an ensemble keeps them, the largest
//! production that keeps them all, a map of how many are kept over two levers, and early-warning plans whose triggers cut pumping inside a
//! run. Built on the ensemble; a plan's types are the one thing [`crate::run`] reads from here.

pub mod envelope;
pub mod examples;
mod judge;
pub mod limits;
pub mod plan;
pub mod plan_outcome;
pub mod scenarios;
pub mod tradeoff;

pub use envelope::{envelope, Envelope, EnvelopeError, EnvelopeSearch, EnvelopeStep};
pub use examples::{example_plan, ExampleLimits, EXAMPLE_LIMITS};
pub use limits::{Limit, LimitKind, LimitOutcome, BASIN_SITE};
pub use plan::{CutTarget, Plan, PlanEvent, PlanEventKind, PlanRun, Trigger, TriggerClock};
pub use plan_outcome::{
    plan_outcome, stop_at_first_fire, LimitWithPlan, LithiumCost, PlanOutcome, Spread,
    TriggerOutcome,
};
pub use scenarios::{judge_scenarios, ScenarioVerdicts, ScenariosSearch};
pub use tradeoff::{
    map_axes, tradeoff_map, MapAxesError, MapAxis, MapCell, TradeoffMap, TradeoffSearch,
    MAP_COLUMNS, MAP_LEVERS, MAP_ROWS,
};
