//! What the page shows of an envelope search: how far it has got, and its answer in both
//! languages. Built in a worker from the model's [`EnvelopeSearch`] and sent to the page in
//! postcard's binary form, like the ensemble view.

use cuenca_model::negotiation::EnvelopeSearch;
use cuenca_model::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EnvelopeView {
    /// The link query (scenario and limits) the page asked about: shown only while the page's
    /// own is the same.
    pub query: String,
    pub member_runs: usize,
    /// Productions decided so far, and the one being tried (t LCE/yr).
    pub steps_done: usize,
    pub trying_t_per_yr: Option<f64>,
    pub members: usize,
    /// The answer, once the search is done: the largest production (t LCE/yr) and its sentence.
    pub max_production_t_per_yr: Option<f64>,
    pub sentence_es: String,
    pub sentence_en: String,
    /// Why there is no answer (a run failed, or a limit cannot be read).
    pub error: Option<String>,
}

impl EnvelopeView {
    pub fn from_search(search: &EnvelopeSearch, query: &str, members: usize) -> EnvelopeView {
        let (member_runs, steps_done, trying) = search.progress();
        let result = search.result();
        EnvelopeView {
            query: query.to_string(),
            member_runs,
            steps_done,
            trying_t_per_yr: trying,
            members,
            max_production_t_per_yr: result.map(|e| e.max_production_t_per_yr),
            sentence_es: result.map(|e| e.sentence(Lang::Es)).unwrap_or_default(),
            sentence_en: result.map(|e| e.sentence(Lang::En)).unwrap_or_default(),
            error: None,
        }
    }

    pub fn sentence(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.sentence_es,
            Lang::En => &self.sentence_en,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<EnvelopeView> {
        postcard::from_bytes(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuenca_model::negotiation::envelope;
    use cuenca_model::presets::by_id;
    use cuenca_model::{Basin, EnsembleSpec, LeverId};

    /// The view's answer is the model's envelope, and it survives the trip from the worker.
    #[test]
    fn the_view_carries_the_models_answer() {
        let basin = Basin::default_basin();
        let scenario = by_id("fs2019")
            .expect("preset")
            .scenario()
            .with(LeverId::Years, 15.0);
        let limit = cuenca_link::parse_limit("vega_santa_rosa:drawdown:0.5:2039:0.8", &basin)
            .expect("a limit");
        let spec = EnsembleSpec {
            members: 4,
            ..EnsembleSpec::default()
        };
        let mut search = EnvelopeSearch::new(
            basin.clone(),
            &scenario,
            std::slice::from_ref(&limit),
            &spec,
            10_000.0,
        );
        let first = EnvelopeView::from_search(&search, "q", 4);
        assert_eq!((first.member_runs, first.trying_t_per_yr), (0, Some(0.0)));
        while search.step().expect("runs") {}
        let view = EnvelopeView::from_search(&search, "q", 4);
        let expected = envelope(&basin, &scenario, &[limit], &spec, 10_000.0).expect("runs");
        assert_eq!(
            view.max_production_t_per_yr,
            Some(expected.max_production_t_per_yr)
        );
        assert_eq!(view.sentence(Lang::Es), expected.sentence(Lang::Es));
        assert_eq!(view.trying_t_per_yr, None);
        assert_eq!(EnvelopeView::from_bytes(&view.to_bytes()), Some(view));
    }
}
