//! Judging one scenario against the agreed limits over an ensemble, one member run at a time,
//! so a browser worker can report progress between runs. Shared by the envelope search and the
//! trade-off map, which judge many scenarios on the same members.
//!
//! Two savings, neither of which changes a verdict:
//! - each member keeps its own [`Runner`], so its steady state and no-project baseline (which the
//!   project's levers do not change) are computed once, not for every scenario judged;
//! - a limit's verdict is final as soon as the members still to run cannot change it: it has
//!   the members its confidence needs, or has lost more than its confidence allows.

use crate::basin::Basin;
use crate::negotiation::envelope::EnvelopeError;
use crate::negotiation::limits::{Limit, LimitOutcome};
use crate::run::Runner;
use crate::scenario::Scenario;
use crate::uncertainty::design::EnsembleSpec;
use crate::uncertainty::ensemble::Ensemble;

/// The ensemble's members, each with its own runner, and the limits they are judged against.
pub(super) struct Members {
    basin: Basin,
    spec: EnsembleSpec,
    limits: Vec<Limit>,
    values: Vec<Vec<f64>>,
    runners: Vec<Option<Runner>>,
    /// Member runs made in all.
    pub(super) runs: usize,
}

/// One scenario being judged: the counts over the members run so far.
pub(super) struct Trial {
    pub(super) scenario: Scenario,
    ensemble: Ensemble,
    /// Members in the order they are run.
    order: Vec<usize>,
    keeping: Vec<usize>,
    breaking: Vec<usize>,
}

impl Members {
    pub(super) fn new(basin: Basin, limits: &[Limit], spec: &EnsembleSpec) -> Members {
        let values = spec.values();
        Members {
            runners: (0..values.len()).map(|_| None).collect(),
            values,
            basin,
            spec: spec.clone(),
            limits: limits.to_vec(),
            runs: 0,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.values.len()
    }

    pub(super) fn limits(&self) -> &[Limit] {
        &self.limits
    }

    /// A trial of `scenario`, running the members in `order` (a permutation of them).
    pub(super) fn trial(&self, scenario: Scenario, order: Vec<usize>) -> Trial {
        Trial {
            ensemble: Ensemble::new(&self.basin, &scenario, self.spec.clone()),
            scenario,
            order,
            keeping: vec![0; self.limits.len()],
            breaking: vec![0; self.limits.len()],
        }
    }

    /// Runs the trial's next member: which member it was, and whether it broke a limit.
    pub(super) fn run_next(&mut self, trial: &mut Trial) -> Result<(usize, bool), EnvelopeError> {
        // The k-th member run here is the design's member `m`.
        let k = trial.ensemble.members.len();
        let m = trial.order[k];
        let runner = self.runners[m].get_or_insert_with(|| Runner::new(self.basin.clone()));
        let member = self.spec.member_scenario(&trial.scenario, &self.values[m]);
        let r = runner.run(&member)?;
        trial.ensemble.record(self.values[m].clone(), &r);
        self.runs += 1;
        let mut broke = false;
        for (i, limit) in self.limits.iter().enumerate() {
            let kept = limit.member_keeps(&trial.ensemble, k).ok_or_else(|| {
                EnvelopeError::Unreadable {
                    site: limit.site.clone(),
                }
            })?;
            if kept {
                trial.keeping[i] += 1;
            } else {
                trial.breaking[i] += 1;
                broke = true;
            }
        }
        Ok((m, broke))
    }

    /// Each limit's verdict once the remaining members cannot change it: `Some(true)` kept at
    /// its confidence, `Some(false)` broken, `None` not yet known.
    pub(super) fn verdicts(&self, trial: &Trial) -> Vec<Option<bool>> {
        let n = self.len();
        self.limits
            .iter()
            .zip(trial.keeping.iter().zip(&trial.breaking))
            .map(|(l, (&kept, &broke))| {
                let needed = l.members_needed(n);
                if kept >= needed {
                    Some(true)
                } else if broke > n - needed.min(n) {
                    Some(false)
                } else {
                    None
                }
            })
            .collect()
    }
}

impl Trial {
    pub(super) fn members_run(&self) -> usize {
        self.ensemble.members.len()
    }

    /// Each limit's count over the members run so far.
    pub(super) fn outcomes(&self) -> Vec<LimitOutcome> {
        self.keeping
            .iter()
            .map(|&c| LimitOutcome {
                members_keeping: c,
                members: self.members_run(),
            })
            .collect()
    }
}
