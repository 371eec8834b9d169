//! The envelope: the largest production (t LCE/yr, the scenario's technology mix and everything
//! else fixed) that keeps every agreed limit at its confidence across the ensemble.
//!
//! Keeping a limit should get no easier with more production. That is checked on a coarse grid
//! over the lever's range before the edge is refined by bisection between the last grid point that
//! keeps every limit and the next; a grid that is not monotone is reported, not hidden.
//! [`EnvelopeSearch`] does it one member run at a time (for a browser worker); [`envelope`] runs
//! it to the end.

use serde::Serialize;

use crate::basin::Basin;
use crate::lang::{fmt_tonnes_approx, Lang};
use crate::negotiation::judge::{Members, Trial};
use crate::negotiation::limits::{Limit, LimitOutcome};
use crate::run::RunError;
use crate::scenario::levers::LeverId;
use crate::scenario::Scenario;
use crate::uncertainty::design::EnsembleSpec;

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

/// One production tried: each limit's outcome over the members run at it, in the order given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvelopeStep {
    pub production_t_per_yr: f64,
    /// Members run before the answer was certain: a step stops as soon as the members still to
    /// run could not change whether every limit is kept (see [`EnvelopeSearch`]).
    pub members_run: usize,
    /// Counts over the members run.
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
    /// Members in the ensemble each production is judged on.
    pub members: usize,
    /// Member runs made in all (fewer than members × steps: see [`EnvelopeStep::members_run`]).
    pub member_runs: usize,
    /// Every production tried, grid first, then the bisection.
    pub steps: Vec<EnvelopeStep>,
}

impl Envelope {
    /// The answer in words, with the digits the search supports (two significant figures):
    /// "Con la tecnología de este escenario, la mayor producción que respeta todos los límites
    /// es de unas 14.000 t de LCE por año (con 40 versiones de la cuenca)."
    pub fn sentence(&self, lang: Lang) -> String {
        let t = |x: f64| fmt_tonnes_approx(x, lang);
        let n = self.members;
        match lang {
            Lang::Es if self.unreachable => "Ninguna producción respeta todos los límites: uno no se cumple ni siquiera sin el proyecto.".to_string(),
            Lang::En if self.unreachable => "No production keeps every limit: one fails even without the project.".to_string(),
            Lang::Es if self.unbounded => format!("Toda producción hasta {} de LCE por año respeta todos los límites (con {n} versiones de la cuenca).", t(self.max_production_t_per_yr)),
            Lang::En if self.unbounded => format!("Every production up to {} LCE a year keeps every limit (with {n} versions of the basin).", t(self.max_production_t_per_yr)),
            Lang::Es if self.max_production_t_per_yr <= 0.0 => format!("Solo sin producción se respetan todos los límites: {} de LCE por año ya rompe uno (con {n} versiones de la cuenca).", t(self.tolerance_t_per_yr)),
            Lang::En if self.max_production_t_per_yr <= 0.0 => format!("Only no production keeps every limit: {} LCE a year already breaks one (with {n} versions of the basin).", t(self.tolerance_t_per_yr)),
            Lang::Es => format!("Con la tecnología de este escenario, la mayor producción que respeta todos los límites es de unas {} de LCE por año (con {n} versiones de la cuenca).", t(self.max_production_t_per_yr)),
            Lang::En => format!("With this scenario's technology, the largest production that keeps every limit is about {} LCE a year (with {n} versions of the basin).", t(self.max_production_t_per_yr)),
        }
    }
}

/// Where the search stands.
enum Phase {
    /// Trying the grid's point `k`.
    Grid(usize),
    /// Bisecting between a production that keeps every limit and one that does not.
    Bisect {
        kept: f64,
        broken: f64,
    },
    Done(Envelope),
}

/// The envelope, found one member run at a time, so a browser worker can report progress and
/// take a newer request between runs. [`envelope`] runs it to the end.
///
/// Besides the savings of judging ([`super::judge`]), a production stops being tried as soon as
/// one limit is broken or every limit is kept; members that broke a limit at the lowest
/// production so far run first, so a production that breaks one is usually decided in a few
/// runs. None of this changes the answer.
pub struct EnvelopeSearch {
    scenario: Scenario,
    members: Members,
    tolerance_t_per_yr: f64,
    /// The lowest production at which each member broke a limit (infinite if none yet).
    broke_at: Vec<f64>,
    steps: Vec<EnvelopeStep>,
    phase: Phase,
    /// The production being tried, with its members run so far.
    trial: Option<(f64, Trial)>,
}

impl EnvelopeSearch {
    pub fn new(
        basin: Basin,
        scenario: &Scenario,
        limits: &[Limit],
        spec: &EnsembleSpec,
        tolerance_t_per_yr: f64,
    ) -> EnvelopeSearch {
        let members = Members::new(basin, limits, spec);
        EnvelopeSearch {
            broke_at: vec![f64::INFINITY; members.len()],
            members,
            scenario: scenario.clone(),
            tolerance_t_per_yr,
            steps: Vec::new(),
            phase: Phase::Grid(0),
            trial: None,
        }
    }

    fn grid_production(k: usize) -> f64 {
        let lever = LeverId::Production.spec();
        lever.min + (lever.max - lever.min) * k as f64 / (GRID_POINTS - 1) as f64
    }

    /// The production the search wants tried next; `None` once it is done.
    fn wanted(&self) -> Option<f64> {
        match self.phase {
            Phase::Grid(k) => Some(Self::grid_production(k)),
            Phase::Bisect { kept, broken } => Some(0.5 * (kept + broken)),
            Phase::Done(_) => None,
        }
    }

    /// Runs one member (at the production being tried). `Ok(true)` while the search goes on.
    pub fn step(&mut self) -> Result<bool, EnvelopeError> {
        let Some(production) = self.wanted() else {
            return Ok(false);
        };
        let (members, broke_at) = (&self.members, &self.broke_at);
        let (_, trial) = self.trial.get_or_insert_with(|| {
            let mut order: Vec<usize> = (0..broke_at.len()).collect();
            // A stable sort: members that never broke keep the design's order.
            crate::sorting::sort_by(&mut order, |&a, &b| broke_at[a].total_cmp(&broke_at[b]));
            let scenario = self.scenario.clone().with(LeverId::Production, production);
            (production, members.trial(scenario, order))
        });
        let (m, broke) = self.members.run_next(trial)?;
        if broke {
            self.broke_at[m] = self.broke_at[m].min(production);
        }
        let verdicts = self.members.verdicts(trial);
        let broken = verdicts.contains(&Some(false));
        let kept = verdicts.iter().all(|v| *v == Some(true));
        if broken || kept || trial.members_run() == self.members.len() {
            let step = EnvelopeStep {
                production_t_per_yr: production,
                members_run: trial.members_run(),
                outcomes: trial.outcomes(),
                all_kept: kept && !broken,
            };
            self.trial = None;
            self.record(step);
        }
        Ok(!matches!(self.phase, Phase::Done(_)))
    }

    /// Takes a decided production and moves the search on.
    fn record(&mut self, step: EnvelopeStep) {
        let kept = step.all_kept;
        let production = step.production_t_per_yr;
        self.steps.push(step);
        self.phase = match self.phase {
            Phase::Grid(k) if k + 1 < GRID_POINTS => Phase::Grid(k + 1),
            Phase::Grid(_) => self.after_grid(),
            Phase::Bisect { kept: a, broken: b } => {
                let (a, b) = if kept {
                    (production, b)
                } else {
                    (a, production)
                };
                if b - a > self.tolerance_t_per_yr {
                    Phase::Bisect { kept: a, broken: b }
                } else {
                    self.done(a, false, false, b - a)
                }
            }
            Phase::Done(_) => return,
        };
    }

    fn after_grid(&self) -> Phase {
        let kept: Vec<bool> = self.steps.iter().map(|s| s.all_kept).collect();
        match kept.iter().rposition(|&k| k) {
            None => self.done(0.0, true, false, 0.0),
            Some(k) if k == GRID_POINTS - 1 => {
                self.done(LeverId::Production.spec().max, false, true, 0.0)
            }
            Some(k) => {
                let (a, b) = (
                    self.steps[k].production_t_per_yr,
                    self.steps[k + 1].production_t_per_yr,
                );
                if b - a > self.tolerance_t_per_yr {
                    Phase::Bisect { kept: a, broken: b }
                } else {
                    self.done(a, false, false, b - a)
                }
            }
        }
    }

    fn done(&self, max: f64, unreachable: bool, unbounded: bool, tolerance: f64) -> Phase {
        let kept: Vec<bool> = self.steps[..GRID_POINTS.min(self.steps.len())]
            .iter()
            .map(|s| s.all_kept)
            .collect();
        Phase::Done(Envelope {
            max_production_t_per_yr: max,
            unreachable,
            unbounded,
            // Monotone: once a production breaks a limit, every larger one does too.
            monotone_on_grid: kept.windows(2).all(|w| w[0] || !w[1]),
            tolerance_t_per_yr: tolerance,
            members: self.members.len(),
            member_runs: self.members.runs,
            steps: self.steps.clone(),
        })
    }

    /// (member runs made, productions decided, the production being tried).
    pub fn progress(&self) -> (usize, usize, Option<f64>) {
        (self.members.runs, self.steps.len(), self.wanted())
    }

    /// The envelope, once the search is done.
    pub fn result(&self) -> Option<&Envelope> {
        match &self.phase {
            Phase::Done(e) => Some(e),
            _ => None,
        }
    }
}

/// The largest production that keeps every limit, found to within `tolerance_t_per_yr`.
pub fn envelope(
    basin: &Basin,
    scenario: &Scenario,
    limits: &[Limit],
    spec: &EnsembleSpec,
    tolerance_t_per_yr: f64,
) -> Result<Envelope, EnvelopeError> {
    let mut search = EnvelopeSearch::new(basin.clone(), scenario, limits, spec, tolerance_t_per_yr);
    while search.step()? {}
    Ok(search
        .result()
        .cloned()
        .expect("a finished search has a result"))
}
