//! A run: the scenario and its no-project baseline under the same climate, and, when the
//! scenario changes the climate, the no-project reference under today's climate. Reading order:
//! `setup` (basin and scenario resolved into everything a run needs), `steady` (the
//! pre-development state), `step` (one month, folded over the horizon), `runner` (runs, and
//! the baseline and reference a slider session reuses), `assemble` (the tracks into
//! [`Results`]) and `compare` (one decision under two sets of contested sources).
//!
//! [`Results`]: crate::outputs::results::Results

mod assemble;
mod compare;
mod runner;
mod setup;
mod steady;
mod step;
mod warning;

pub use compare::{compare_sources, CompareError, SourceComparison};
pub use runner::{affects_baseline, run, run_with_options, Runner};

use std::fmt;
use std::sync::Arc;

use crate::negotiation::plan::Plan;
use crate::observations::climate::ClimateHistory;

/// Options that are not scenario levers.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    /// Implicit sub-steps per month (1 = monthly).
    pub substeps_per_month: u32,
    /// Force the mean climatology (no inter-annual variability) whatever the scenario says.
    pub climatology: bool,
    /// Measure the growth factor of every Jacobian factorisation ([`RunStats::max_pivot_growth`];
    /// tests of the solver's no-pivoting bound).
    pub watch_pivot_growth: bool,
    /// An early-warning plan whose triggers cut the project's pumping inside the run (empty:
    /// none, and the run is bit-identical to one without a plan).
    pub plan: Plan,
    /// Observed climate before the basin's start: the run starts that far in the past, runs
    /// those months without the project (a hindcast, [`crate::outputs::results::Hindcast`]),
    /// and goes on from the state they leave. `None`: the run starts at the basin's start
    /// from its steady state, as without this option.
    pub history: Option<Arc<ClimateHistory>>,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            substeps_per_month: 1,
            climatology: false,
            watch_pivot_growth: false,
            plan: Plan::default(),
            history: None,
        }
    }
}

/// Errors of a run, as sentences.
#[derive(Debug, Clone, PartialEq)]
pub enum RunError {
    /// A place lever's choice is beyond the options this basin lists for it.
    UnknownOption {
        lever: &'static str,
        index: usize,
        count: usize,
    },
    /// The steady pre-development state could not be found.
    SteadyState { reason: String },
    /// A plan's trigger names a site the basin does not have.
    UnknownSite { site: String },
    /// The observed climate ([`RunOptions::history`]) is not whole years that end in December
    /// before the basin's start.
    HistoryCalendar {
        first_year: i32,
        months: usize,
        start_year: i32,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::UnknownOption {
                lever,
                index,
                count: 0,
            } => write!(
                f,
                "The lever `{lever}` chooses option {index}, but this basin lists no options for it."
            ),
            RunError::UnknownOption {
                lever,
                index,
                count,
            } => write!(
                f,
                "The lever `{lever}` chooses option {index}, but this basin lists {count} options for it (0 to {}).",
                count - 1
            ),
            RunError::SteadyState { reason } => write!(
                f,
                "The steady pre-development state could not be computed: {reason}."
            ),
            RunError::UnknownSite { site } => write!(
                f,
                "A trigger of the plan is at `{site}`, which is not a named site of this basin."
            ),
            RunError::HistoryCalendar {
                first_year,
                months,
                start_year,
            } => write!(
                f,
                "The observed climate has {months} months from January {first_year}; it must be whole years ending in December {}.",
                start_year - 1
            ),
        }
    }
}

impl std::error::Error for RunError {}
