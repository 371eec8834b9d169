//! What the page shows of an early-warning plan tested over the ensemble: progress, then the
//! model's sentences (one per agreed limit, and the false alarms), in both languages. Built in a
//! worker and sent to the page in postcard's binary form, like the ensemble view.

use cuenca_model::Lang;
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
    pub error: Option<String>,
}

impl PlanView {
    pub fn sentences(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Es => &self.sentences_es,
            Lang::En => &self.sentences_en,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<PlanView> {
        postcard::from_bytes(bytes).ok()
    }
}
