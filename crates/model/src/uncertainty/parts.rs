//! One ensemble split across workers: each runs the members `part`, `part + parts`, … and one
//! of them (part 0, the lead) gathers all the members in their order. A member's run depends on
//! its factor values alone (a [`crate::run::Runner`] re-uses a cached baseline only for equal
//! physics), so the gathered ensemble is the one a single runner gives, bit for bit.

use serde::{Deserialize, Serialize};

use crate::run::RunError;
use crate::uncertainty::ensemble::{EnsembleRunner, Member};

/// Which members a runner runs itself, and the members run elsewhere that arrived before the
/// ones ahead of them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Share {
    pub(crate) parts: usize,
    /// The next member of this share to run.
    pub(crate) next: usize,
    /// Members accepted ahead of a gap, at their index (empty until one arrives early).
    waiting: Vec<Option<Member>>,
}

impl Default for Share {
    fn default() -> Share {
        Share {
            parts: 1,
            next: 0,
            waiting: Vec::new(),
        }
    }
}

/// One member's run, as it travels from the worker that ran it to the lead (postcard bytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRun {
    /// The member's index in the ensemble design.
    pub index: usize,
    pub member: Member,
}

impl MemberRun {
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// `None` for bytes that are not a member run.
    pub fn from_bytes(bytes: &[u8]) -> Option<MemberRun> {
        postcard::from_bytes(bytes).ok()
    }
}

impl EnsembleRunner {
    /// This runner runs only the members `part`, `part + parts`, … of the design (`parts` at
    /// least 1, `part` below it); the lead (part 0) accepts the others' runs.
    pub fn share(mut self, part: usize, parts: usize) -> EnsembleRunner {
        let parts = parts.max(1);
        let part = part.min(parts - 1);
        self.share = Share {
            parts,
            next: part,
            waiting: Vec::new(),
        };
        self
    }

    /// Runs the next member of this runner's share and returns it without keeping it (`None`
    /// once the share has run). An error leaves the share where it was.
    pub fn next_member(&mut self) -> Result<Option<MemberRun>, RunError> {
        let index = self.share.next;
        let Some(values) = self.values.get(index).cloned() else {
            return Ok(None);
        };
        let e = &mut self.ensemble;
        let r = self
            .runner
            .run(&e.spec.member_scenario(&e.scenario, &values))?;
        // Every member of a run has the same months; the lead's first member (0) sets them
        // before any member is kept.
        e.set_calendar(&r);
        self.share.next += self.share.parts;
        Ok(Some(MemberRun {
            index,
            member: e.member(values, &r),
        }))
    }

    /// Keeps a member run here or elsewhere. Members are kept in their order: one arriving
    /// ahead of a missing one waits for it. A member already kept, outside the design or
    /// with the wrong number of factors, is ignored (`false`).
    pub fn accept(&mut self, run: MemberRun) -> bool {
        let e = &mut self.ensemble;
        let fits = run.index < self.values.len()
            && run.index >= e.members.len()
            && run.member.factors.len() == self.values[run.index].len();
        if !fits {
            return false;
        }
        let waiting = &mut self.share.waiting;
        if waiting.len() <= run.index {
            waiting.resize_with(run.index + 1, || None);
        }
        waiting[run.index] = Some(run.member);
        while let Some(m) = waiting.get_mut(e.members.len()).and_then(Option::take) {
            e.members.push(m);
        }
        true
    }

    /// Takes the members of this same ensemble as another worker ran them all (the page's bands,
    /// asked for by a tool that needs the same members), so they are not run twice. Member 0 is
    /// run here first and must equal theirs bit for bit (compared as bytes, so a NaN equals
    /// itself): members of another scenario, design or model are refused and this runner goes on
    /// running its own. Only a runner that runs every member (no [`EnsembleRunner::share`])
    /// adopts. Returns the members adopted.
    pub fn adopt(&mut self, runs: Vec<MemberRun>) -> Result<usize, RunError> {
        if self.share.parts != 1 {
            return Ok(0);
        }
        if self.ensemble.members.is_empty() {
            self.step()?;
        }
        let ours = self.ensemble.members.first().map(|m| {
            MemberRun {
                index: 0,
                member: m.clone(),
            }
            .to_bytes()
        });
        let theirs = runs.iter().find(|r| r.index == 0).map(MemberRun::to_bytes);
        if ours.is_none() || ours != theirs {
            return Ok(0);
        }
        let before = self.ensemble.members.len();
        for run in runs {
            self.accept(run);
        }
        // What is kept is not run again.
        self.share.next = self.share.next.max(self.ensemble.members.len());
        Ok(self.ensemble.members.len() - before)
    }

    /// Members run and waiting for one ahead of them (they are not in the ensemble yet).
    pub fn waiting(&self) -> usize {
        self.share.waiting.iter().flatten().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;
    use crate::uncertainty::design::EnsembleSpec;
    use crate::{Basin, LeverId, Scenario};

    fn spec(members: usize) -> EnsembleSpec {
        EnsembleSpec {
            members,
            seed: 7,
            ..EnsembleSpec::default()
        }
    }

    /// The jv2025 preset over 12 years (the members stay cheap).
    fn scenario() -> Scenario {
        presets::by_id("jv2025")
            .expect("the jv2025 preset")
            .scenario()
            .with(LeverId::Years, 12.0)
    }

    /// Three workers, their members arriving at the lead in a scrambled order, give the
    /// ensemble one runner gives, bit for bit.
    #[test]
    fn three_shares_gathered_in_any_order_equal_one_runner() {
        let basin = Basin::default_basin();
        let s = scenario();
        let whole = EnsembleRunner::new(basin.clone(), &s, spec(7))
            .finish()
            .expect("the ensemble runs");

        let mut lead = EnsembleRunner::new(basin.clone(), &s, spec(7)).share(0, 3);
        let mut others: Vec<MemberRun> = Vec::new();
        for part in 1..3 {
            let mut helper = EnsembleRunner::new(basin.clone(), &s, spec(7)).share(part, 3);
            while let Some(run) = helper.next_member().expect("a member runs") {
                // Through the bytes a worker posts.
                others.push(MemberRun::from_bytes(&run.to_bytes()).expect("bytes read back"));
            }
        }
        assert_eq!(
            others.iter().map(|r| r.index).collect::<Vec<_>>(),
            [1, 4, 2, 5]
        );
        assert!(lead.step().expect("member 0 runs"));
        // The latest members first: they wait for the ones ahead of them.
        others.reverse();
        for run in others {
            assert!(lead.accept(run));
        }
        assert_eq!(
            lead.progress().0,
            3,
            "0, 1 and 2 kept; 3 is the lead's own, not run yet"
        );
        assert_eq!(lead.waiting(), 2, "4 and 5 wait for 3");
        while lead.step().expect("a member runs") {}
        assert!(lead.is_done());
        assert_eq!(lead.waiting(), 0);
        assert_eq!(lead.ensemble(), &whole);
    }

    #[test]
    fn a_member_kept_already_or_outside_the_design_is_ignored() {
        let basin = Basin::default_basin();
        let s = scenario();
        let mut helper = EnsembleRunner::new(basin.clone(), &s, spec(3)).share(1, 2);
        let run = helper.next_member().expect("runs").expect("member 1");
        assert!(
            helper.next_member().expect("runs").is_none(),
            "share 1 of 2 of 3 is {{1}}"
        );

        let mut lead = EnsembleRunner::new(basin, &s, spec(3)).share(0, 2);
        assert!(
            lead.step().expect("runs"),
            "member 2 is still its own to run"
        );
        assert!(lead.accept(run.clone()));
        assert!(!lead.accept(run.clone()), "member 1 again");
        let outside = MemberRun {
            index: 3,
            ..run.clone()
        };
        assert!(!lead.accept(outside));
        let mut short = run;
        short.index = 2;
        short.member.factors.pop();
        assert!(!lead.accept(short), "a member with a factor missing");
        assert!(!lead.step().expect("runs"));
        assert!(lead.is_done());
        assert!(MemberRun::from_bytes(b"not a member").is_none());
    }

    /// A tool adopting the page's complete ensemble runs member 0 alone and holds the same
    /// ensemble, bit for bit; members of another scenario are refused, and it runs its own.
    #[test]
    fn a_complete_ensemble_is_adopted_only_when_member_0_agrees() {
        let basin = Basin::default_basin();
        let s = scenario();
        let page = EnsembleRunner::new(basin.clone(), &s, spec(6))
            .finish()
            .expect("the page's ensemble runs");
        let runs = |e: &crate::Ensemble| -> Vec<MemberRun> {
            e.members
                .iter()
                .enumerate()
                .map(|(index, m)| {
                    MemberRun::from_bytes(
                        &MemberRun {
                            index,
                            member: m.clone(),
                        }
                        .to_bytes(),
                    )
                    .expect("bytes read back")
                })
                .collect()
        };
        let mut tool = EnsembleRunner::new(basin.clone(), &s, spec(6));
        assert_eq!(tool.adopt(runs(&page)).expect("member 0 runs"), 5);
        assert!(tool.is_done());
        assert!(!tool.step().expect("nothing left"), "no member runs again");
        assert_eq!(tool.ensemble(), &page);

        let other = s.clone().with(LeverId::Production, 5_000.0);
        let elsewhere = EnsembleRunner::new(basin.clone(), &other, spec(6))
            .finish()
            .expect("another scenario's ensemble runs");
        let mut tool = EnsembleRunner::new(basin.clone(), &s, spec(6));
        assert_eq!(tool.adopt(runs(&elsewhere)).expect("member 0 runs"), 0);
        assert_eq!(tool.progress().0, 1, "only its own member 0");
        let own = tool.finish().expect("the rest runs here");
        assert_eq!(own, page);

        let mut shared = EnsembleRunner::new(basin, &s, spec(6)).share(0, 2);
        assert_eq!(shared.adopt(runs(&page)).expect("no run"), 0);
        assert_eq!(shared.progress().0, 0);
    }
}
