//! "Same pumping, different beliefs": one decision run under two sets of source choices for
//! the contested inputs.

use std::fmt;

use crate::basin::Basin;
use crate::outputs::results::Results;
use crate::scenario::sources::{apply_sources, ContestedId, SourceChoice, SourceError};
use crate::scenario::Scenario;

use super::runner::run;
use super::RunError;

/// The scenario run under two sets of source choices.
#[derive(Debug, Clone)]
pub struct SourceComparison {
    pub scenario_a: Scenario,
    pub scenario_b: Scenario,
    pub a: Results,
    pub b: Results,
}

/// Why a comparison could not be made, as a sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum CompareError {
    /// A choice cannot be applied.
    Source(SourceError),
    /// A run failed.
    Run(RunError),
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareError::Source(e) => write!(f, "{e}"),
            CompareError::Run(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CompareError {}

/// Run the same decision under two sets of source choices.
pub fn compare_sources(
    basin: &Basin,
    scenario: &Scenario,
    a: &[(ContestedId, SourceChoice)],
    b: &[(ContestedId, SourceChoice)],
) -> Result<SourceComparison, CompareError> {
    let scenario_a = apply_sources(basin, scenario, a).map_err(CompareError::Source)?;
    let scenario_b = apply_sources(basin, scenario, b).map_err(CompareError::Source)?;
    Ok(SourceComparison {
        a: run(basin, &scenario_a).map_err(CompareError::Run)?,
        b: run(basin, &scenario_b).map_err(CompareError::Run)?,
        scenario_a,
        scenario_b,
    })
}
