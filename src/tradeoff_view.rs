//! What the page shows of a trade-off map: the cells decided so far (each with how many limits
//! it keeps), then the map's sentence, in both languages. Built in a worker from the model's
//! [`TradeoffSearch`] and sent to the page in postcard's binary form, like the envelope.

use cuenca_model::negotiation::TradeoffSearch;
use cuenca_model::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TradeoffView {
    /// The link query (scenario and limits) and the axes (`prod,dle`) the page asked about:
    /// shown only while the page's own are the same.
    pub query: String,
    pub axes: String,
    /// Lever keys and the values tried along each axis.
    pub x: String,
    pub y: String,
    pub x_values: Vec<f64>,
    pub y_values: Vec<f64>,
    pub limits: usize,
    pub members: usize,
    pub member_runs: usize,
    /// Limits kept by each cell decided so far, row by row (`y_values[0]` first).
    pub kept: Vec<u8>,
    /// Each decided cell in words (tooltips and screen readers).
    pub labels_es: Vec<String>,
    pub labels_en: Vec<String>,
    /// The map's sentence, once every cell is decided.
    pub sentence_es: String,
    pub sentence_en: String,
    pub complete: bool,
    /// Why there is no map (a run failed, a limit cannot be read, an axis is not allowed).
    pub error: Option<String>,
}

impl TradeoffView {
    pub fn from_search(search: &TradeoffSearch, query: &str, axes: &str) -> TradeoffView {
        let map = search.map();
        let complete = search.is_done();
        let labels = |lang| map.cells.iter().map(|c| map.cell_label(c, lang)).collect();
        let sentence = |lang| {
            if complete {
                map.sentence(lang)
            } else {
                String::new()
            }
        };
        TradeoffView {
            query: query.to_string(),
            axes: axes.to_string(),
            x: map.x.lever.spec().key.to_string(),
            y: map.y.lever.spec().key.to_string(),
            x_values: map.x.values.clone(),
            y_values: map.y.values.clone(),
            limits: map.limits,
            members: map.members,
            member_runs: map.member_runs,
            kept: map
                .cells
                .iter()
                .map(|c| u8::try_from(c.limits_kept).unwrap_or(u8::MAX))
                .collect(),
            labels_es: labels(Lang::Es),
            labels_en: labels(Lang::En),
            sentence_es: sentence(Lang::Es),
            sentence_en: sentence(Lang::En),
            complete,
            error: None,
        }
    }

    pub fn sentence(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.sentence_es,
            Lang::En => &self.sentence_en,
        }
    }

    pub fn labels(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Es => &self.labels_es,
            Lang::En => &self.labels_en,
        }
    }

    /// Cells in all.
    pub fn total(&self) -> usize {
        self.x_values.len() * self.y_values.len()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<TradeoffView> {
        postcard::from_bytes(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuenca_model::negotiation::tradeoff_map;
    use cuenca_model::presets::by_id;
    use cuenca_model::{Basin, EnsembleSpec, LeverId};

    /// The view carries the model's map, cell by cell as it is decided, and survives the trip
    /// from the worker.
    #[test]
    fn the_view_carries_the_models_map() {
        let basin = Basin::default_basin();
        let scenario = by_id("fs2019")
            .expect("preset")
            .scenario()
            .with(LeverId::Years, 12.0);
        let limit = cuenca_link::parse_limit("vega_santa_rosa:drawdown:0.5:2036:0.5", &basin)
            .expect("a limit");
        let spec = EnsembleSpec {
            members: 2,
            ..EnsembleSpec::default()
        };
        let (x, y) = (LeverId::Production, LeverId::Reinjection);
        let mut search = TradeoffSearch::new(
            basin.clone(),
            &scenario,
            std::slice::from_ref(&limit),
            &spec,
            x,
            y,
        );
        let first = TradeoffView::from_search(&search, "q", "prod,reinj");
        assert_eq!(
            (first.kept.len(), first.total(), first.complete),
            (0, 30, false)
        );
        assert!(first.sentence(Lang::Es).is_empty());
        while search.step().expect("runs") {}
        let view = TradeoffView::from_search(&search, "q", "prod,reinj");
        let expected = tradeoff_map(&basin, &scenario, &[limit], &spec, x, y).expect("runs");
        let kept: Vec<u8> = expected.cells.iter().map(|c| c.limits_kept as u8).collect();
        assert_eq!(view.kept, kept);
        assert_eq!((view.x.as_str(), view.y.as_str()), ("prod", "reinj"));
        assert_eq!(view.sentence(Lang::En), expected.sentence(Lang::En));
        assert_eq!(view.labels(Lang::Es).len(), 30);
        assert_eq!(TradeoffView::from_bytes(&view.to_bytes()), Some(view));
    }
}
