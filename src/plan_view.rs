//! What the page shows of an early-warning plan tested over the ensemble: progress, then the
//! model's sentences (one per agreed limit, and the false alarms), a table of the members keeping
//! each limit without the plan, with it and with its bound, each trigger's firings, and whether
//! a warning came before each limit broke, in both languages. Built in a worker and sent to the
//! page in postcard's binary form, like the ensemble view.

use cuenca_model::negotiation::PlanOutcome;
use cuenca_model::{Basin, Lang};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    /// The link query (scenario, limits and triggers) the page asked about.
    pub query: String,
    /// Member runs done and in all (each member runs without the plan, with it, and with its
    /// "stop everything at the first fire" bound).
    pub done: usize,
    pub total: usize,
    pub members: usize,
    pub complete: bool,
    pub sentences_es: Vec<String>,
    pub sentences_en: Vec<String>,
    /// Members keeping each limit without the plan, with it, and stopping everything at the
    /// first fire, with the members its confidence needs.
    pub limits: Vec<PlanLimitRow>,
    /// Per trigger, how often and when it fires ([`PlanOutcome::trigger_sentence`]).
    pub triggers_es: Vec<String>,
    pub triggers_en: Vec<String>,
    /// Per limit broken with the plan, whether a warning came first
    /// ([`PlanOutcome::warning_sentence`]).
    pub warnings_es: Vec<String>,
    pub warnings_en: Vec<String>,
    pub error: Option<String>,
}

/// One limit's row in the plan's table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanLimitRow {
    pub place_es: String,
    pub place_en: String,
    pub needed: usize,
    pub without_plan: usize,
    pub with_plan: usize,
    pub stop_at_first_fire: usize,
}

impl PlanView {
    pub fn sentences(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Es => &self.sentences_es,
            Lang::En => &self.sentences_en,
        }
    }

    pub fn triggers(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Es => &self.triggers_es,
            Lang::En => &self.triggers_en,
        }
    }

    pub fn warnings(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Es => &self.warnings_es,
            Lang::En => &self.warnings_en,
        }
    }

    /// Fills in what a complete test of the plan shows, from the model's outcome.
    pub fn show(&mut self, outcome: &PlanOutcome, basin: &Basin) {
        self.sentences_es = outcome.sentences(basin, Lang::Es);
        self.sentences_en = outcome.sentences(basin, Lang::En);
        self.limits = outcome
            .limits
            .iter()
            .map(|row| PlanLimitRow {
                place_es: row.limit.place(basin, Lang::Es),
                place_en: row.limit.place(basin, Lang::En),
                needed: row.limit.members_needed(outcome.members),
                without_plan: row.without_plan.members_keeping,
                with_plan: row.with_plan.members_keeping,
                stop_at_first_fire: row.stop_at_first_fire.members_keeping,
            })
            .collect();
        let triggers = |lang| {
            (0..outcome.triggers.len())
                .filter_map(|k| outcome.trigger_sentence(k, lang))
                .collect()
        };
        self.triggers_es = triggers(Lang::Es);
        self.triggers_en = triggers(Lang::En);
        let warnings = |lang| {
            (0..outcome.limits.len())
                .filter_map(|k| {
                    outcome.warning_sentence(k, &outcome.limits[k].limit.place(basin, lang), lang)
                })
                .collect()
        };
        self.warnings_es = warnings(Lang::Es);
        self.warnings_en = warnings(Lang::En);
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<PlanView> {
        postcard::from_bytes(bytes).ok()
    }
}
