//! The envelope: the largest production (t LCE/yr, the scenario's technology mix and everything
//! else fixed) that keeps every agreed limit at its confidence across the ensemble.
//!
//! Keeping a limit should get no easier with more production. That is checked on a coarse grid
//! over the lever's range before the edge is refined by bisection between the last grid point that
//! keeps every limit and the next; a grid that is not monotone is reported, not hidden.

use serde::Serialize;

use crate::basin::Basin;
use crate::negotiation::limits::{Limit, LimitOutcome};
use crate::run::RunError;
use crate::scenario::levers::LeverId;
use crate::scenario::Scenario;
use crate::uncertainty::design::EnsembleSpec;
use crate::uncertainty::ensemble::run_ensemble;

/// Why an envelope could not be found.
#[derive(Debug, Clone, PartialEq)]
pub enum EnvelopeError {
    Run(RunError),
    /// A limit at a site the basin does not have, or a spring limit where there is no spring.
    Unreadable {
        site: String,
    },
}

impl std::fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnvelopeError::Run(e) => e.fmt(f),
            EnvelopeError::Unreadable { site } => {
                write!(f, "no such limit can be read at `{site}`")
            }
        }
    }
}

impl From<RunError> for EnvelopeError {
    fn from(e: RunError) -> EnvelopeError {
        EnvelopeError::Run(e)
    }
}

/// Grid points over the production lever's range, both ends included.
const GRID_POINTS: usize = 6;

/// One production tried: each limit's outcome, in the order given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvelopeStep {
    pub production_t_per_yr: f64,
    pub outcomes: Vec<LimitOutcome>,
    pub all_kept: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Envelope {
    /// The largest production tried that keeps every limit (to within `tolerance`), t LCE/yr;
    /// 0 when even no production breaks one ([`Envelope::unreachable`]).
    pub max_production_t_per_yr: f64,
    /// No production keeps every limit: one of them fails with the project stopped.
    pub unreachable: bool,
    /// Every production on the lever's range keeps every limit.
    pub unbounded: bool,
    /// Whether keeping the limits got no easier with production on the grid.
    pub monotone_on_grid: bool,
    /// The bracket's width when the bisection stopped, t LCE/yr.
    pub tolerance_t_per_yr: f64,
    /// Every production tried, grid first, then the bisection.
    pub steps: Vec<EnvelopeStep>,
}

/// Each limit's outcome over the ensemble at `production`.
fn try_production(
    basin: &Basin,
    scenario: &Scenario,
    limits: &[Limit],
    spec: &EnsembleSpec,
    production: f64,
) -> Result<EnvelopeStep, EnvelopeError> {
    let e = run_ensemble(
        basin,
        &scenario.clone().with(LeverId::Production, production),
        spec,
    )?;
    let outcomes = limits
        .iter()
        .map(|l| {
            l.outcome(&e).ok_or_else(|| EnvelopeError::Unreadable {
                site: l.site.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let all_kept = limits.iter().zip(&outcomes).all(|(l, o)| l.is_kept(o));
    Ok(EnvelopeStep {
        production_t_per_yr: production,
        outcomes,
        all_kept,
    })
}

/// The largest production that keeps every limit, found to within `tolerance_t_per_yr`.
pub fn envelope(
    basin: &Basin,
    scenario: &Scenario,
    limits: &[Limit],
    spec: &EnsembleSpec,
    tolerance_t_per_yr: f64,
) -> Result<Envelope, EnvelopeError> {
    let lever = LeverId::Production.spec();
    let (lo, hi) = (lever.min, lever.max);
    let mut steps = Vec::new();
    for k in 0..GRID_POINTS {
        let p = lo + (hi - lo) * k as f64 / (GRID_POINTS - 1) as f64;
        steps.push(try_production(basin, scenario, limits, spec, p)?);
    }
    let kept: Vec<bool> = steps.iter().map(|s| s.all_kept).collect();
    // Monotone: once a production breaks a limit, every larger one does too.
    let monotone_on_grid = kept.windows(2).all(|w| w[0] || !w[1]);
    let last_kept = kept.iter().rposition(|&k| k);
    let (mut a, mut b) = match last_kept {
        None => {
            return Ok(Envelope {
                max_production_t_per_yr: 0.0,
                unreachable: true,
                unbounded: false,
                monotone_on_grid,
                tolerance_t_per_yr: 0.0,
                steps,
            })
        }
        Some(k) if k == GRID_POINTS - 1 => {
            return Ok(Envelope {
                max_production_t_per_yr: hi,
                unreachable: false,
                unbounded: true,
                monotone_on_grid,
                tolerance_t_per_yr: 0.0,
                steps,
            })
        }
        Some(k) => (
            steps[k].production_t_per_yr,
            steps[k + 1].production_t_per_yr,
        ),
    };
    while b - a > tolerance_t_per_yr {
        let mid = 0.5 * (a + b);
        let step = try_production(basin, scenario, limits, spec, mid)?;
        if step.all_kept {
            a = mid;
        } else {
            b = mid;
        }
        steps.push(step);
    }
    Ok(Envelope {
        max_production_t_per_yr: a,
        unreachable: false,
        unbounded: false,
        monotone_on_grid,
        tolerance_t_per_yr: b - a,
        steps,
    })
}
