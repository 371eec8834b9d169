//! Which agreed limits each of several scenarios keeps (a workshop's board): every scenario is
//! judged on the same members, one member run at a time, each stopping once every limit's
//! verdict is certain ([`super::judge`]). Scenarios whose ensembles are drawn alike share the
//! members' runners, so each member's steady state and no-project run are computed once.

use serde::Serialize;

use crate::basin::Basin;
use crate::negotiation::envelope::EnvelopeError;
use crate::negotiation::judge::{Members, Trial};
use crate::negotiation::limits::{Limit, LimitOutcome};
use crate::scenario::Scenario;
use crate::uncertainty::design::EnsembleSpec;

/// One scenario's verdicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioVerdicts {
    /// Whether each limit is kept at its confidence, in the order given.
    pub kept: Vec<bool>,
    /// Members run before every verdict was certain (the counts are over them).
    pub members_run: usize,
    pub outcomes: Vec<LimitOutcome>,
}

impl ScenarioVerdicts {
    pub fn limits_kept(&self) -> usize {
        self.kept.iter().filter(|&&k| k).count()
    }
}

/// The scenarios judged one member run at a time (for a browser worker);
/// [`judge_scenarios`] runs it to the end.
pub struct ScenariosSearch {
    basin: Basin,
    limits: Vec<Limit>,
    scenarios: Vec<Scenario>,
    /// Each scenario's ensemble design ([`EnsembleSpec::for_scenario`]).
    specs: Vec<EnsembleSpec>,
    /// Members with their runners, one set per distinct design.
    groups: Vec<(EnsembleSpec, Members)>,
    verdicts: Vec<ScenarioVerdicts>,
    trial: Option<(usize, Trial)>,
}

impl ScenariosSearch {
    /// `spec` is the ensemble's size and seed; each scenario draws its members from it as the
    /// page and the CLI do ([`EnsembleSpec::for_scenario`]).
    pub fn new(
        basin: Basin,
        scenarios: &[Scenario],
        limits: &[Limit],
        spec: &EnsembleSpec,
    ) -> ScenariosSearch {
        ScenariosSearch {
            specs: scenarios
                .iter()
                .map(|s| spec.clone().for_scenario(s))
                .collect(),
            basin,
            limits: limits.to_vec(),
            scenarios: scenarios.to_vec(),
            groups: Vec::new(),
            verdicts: Vec::new(),
            trial: None,
        }
    }

    /// Runs one member of the scenario being judged. `Ok(true)` while scenarios are left.
    pub fn step(&mut self) -> Result<bool, EnvelopeError> {
        let k = self.verdicts.len();
        if k >= self.scenarios.len() {
            return Ok(false);
        }
        if self.trial.is_none() {
            let spec = &self.specs[k];
            let g = match self.groups.iter().position(|(s, _)| s == spec) {
                Some(g) => g,
                None => {
                    let members = Members::new(self.basin.clone(), &self.limits, spec);
                    self.groups.push((spec.clone(), members));
                    self.groups.len() - 1
                }
            };
            let members = &self.groups[g].1;
            let trial = members.trial(self.scenarios[k].clone(), (0..members.len()).collect());
            self.trial = Some((g, trial));
        }
        let Some((g, trial)) = self.trial.as_mut() else {
            return Ok(true);
        };
        let members = &mut self.groups[*g].1;
        members.run_next(trial)?;
        let verdicts = members.verdicts(trial);
        if verdicts.iter().all(Option::is_some) || trial.members_run() == members.len() {
            self.verdicts.push(ScenarioVerdicts {
                kept: verdicts.iter().map(|v| *v == Some(true)).collect(),
                members_run: trial.members_run(),
                outcomes: trial.outcomes(),
            });
            self.trial = None;
        }
        Ok(self.verdicts.len() < self.scenarios.len())
    }

    /// (scenarios judged, scenarios in all, member runs made).
    pub fn progress(&self) -> (usize, usize, usize) {
        let runs = self.groups.iter().map(|(_, m)| m.runs).sum();
        (self.verdicts.len(), self.scenarios.len(), runs)
    }

    /// The verdicts so far, in the scenarios' order.
    pub fn verdicts(&self) -> &[ScenarioVerdicts] {
        &self.verdicts
    }
}

/// Every scenario's verdicts.
pub fn judge_scenarios(
    basin: &Basin,
    scenarios: &[Scenario],
    limits: &[Limit],
    spec: &EnsembleSpec,
) -> Result<Vec<ScenarioVerdicts>, EnvelopeError> {
    let mut search = ScenariosSearch::new(basin.clone(), scenarios, limits, spec);
    while search.step()? {}
    Ok(search.verdicts().to_vec())
}
