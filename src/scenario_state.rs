//! The scenario and the sources behind some of its levers, written only through these methods
//! so that a source shown as chosen always matches its lever (the rules are in `sources`).

use cuenca_model::{Basin, ContestedId, LeverId, Scenario, SourceChoice, SourceError};
use leptos::prelude::*;

use crate::sources::{self, Chosen};

#[derive(Clone, Copy)]
pub struct ScenarioState {
    /// Every lever value the model runs with.
    pub levers: ReadSignal<Scenario>,
    /// Where some of those values came from, in the order chosen.
    pub sources: ReadSignal<Chosen>,
    set_levers: WriteSignal<Scenario>,
    set_sources: WriteSignal<Chosen>,
}

impl ScenarioState {
    /// The state a link opened with, as it was shared.
    pub fn new(scenario: Scenario, sources: Chosen) -> ScenarioState {
        let (levers, set_levers) = signal(scenario);
        let (sources, set_sources) = signal(sources);
        ScenarioState {
            levers,
            sources,
            set_levers,
            set_sources,
        }
    }

    /// A whole scenario at once (a preset, a pinned scenario): sources whose lever it changes
    /// are dropped.
    pub fn set(self, next: Scenario) {
        let kept = self.sources.with_untracked(|chosen| {
            self.levers
                .with_untracked(|before| sources::still_in_force(chosen, before, &next))
        });
        if self.sources.with_untracked(|chosen| *chosen != kept) {
            self.set_sources.set(kept);
        }
        self.set_levers.set(next);
    }

    /// One lever moved by hand. `value` must be in the lever's range; if it is not, nothing
    /// changes.
    pub fn set_lever(self, id: LeverId, value: f64) {
        let mut next = self.levers.get_untracked();
        if next.set(id, value).is_ok() {
            self.set(next);
        }
    }

    /// Back to the natural basin with the parameter table's numbers.
    pub fn reset(self) {
        self.set_sources.set(Chosen::new());
        self.set_levers.set(Scenario::default());
    }

    /// Chooses whose number a contested input uses (`None`: the parameter table's).
    pub fn choose(
        self,
        basin: &Basin,
        id: ContestedId,
        choice: Option<SourceChoice>,
    ) -> Result<(), SourceError> {
        let (scenario, chosen) = self.levers.with_untracked(|scenario| {
            self.sources
                .with_untracked(|chosen| sources::choose(basin, scenario, chosen, id, choice))
        })?;
        self.set_levers.set(scenario);
        self.set_sources.set(chosen);
        Ok(())
    }
}
