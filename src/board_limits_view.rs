//! What the board shows of the agreed limits: which of them each scenario keeps across its
//! ensemble, scenario by scenario as they are judged. Built in a worker from the model's
//! [`ScenariosSearch`] and sent to the page in postcard's binary form, like the envelope.

use cuenca_model::negotiation::ScenariosSearch;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BoardLimitsView {
    /// The link query holding the limits, and the scenarios' queries (one per line), asked
    /// about: shown only while the board's own are the same.
    pub query: String,
    pub scenarios: String,
    pub done: usize,
    pub total: usize,
    pub member_runs: usize,
    /// Per scenario judged so far, whether each limit is kept at its confidence.
    pub kept: Vec<Vec<bool>>,
    pub complete: bool,
    pub error: Option<String>,
}

impl BoardLimitsView {
    pub fn from_search(search: &ScenariosSearch, query: &str, scenarios: &str) -> BoardLimitsView {
        let (done, total, member_runs) = search.progress();
        BoardLimitsView {
            query: query.to_string(),
            scenarios: scenarios.to_string(),
            done,
            total,
            member_runs,
            kept: search.verdicts().iter().map(|v| v.kept.clone()).collect(),
            complete: done == total,
            error: None,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<BoardLimitsView> {
        postcard::from_bytes(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuenca_model::negotiation::judge_scenarios;
    use cuenca_model::presets::by_id;
    use cuenca_model::{Basin, EnsembleSpec, LeverId};

    /// The view carries the model's verdicts, scenario by scenario, and survives the trip from
    /// the worker.
    #[test]
    fn the_view_carries_the_models_verdicts() {
        let basin = Basin::default_basin();
        let s = by_id("fs2019")
            .expect("preset")
            .scenario()
            .with(LeverId::Years, 12.0);
        let scenarios = [
            s.clone().with(LeverId::Production, 0.0),
            s.with(LeverId::Production, 30_000.0),
        ];
        let limit = cuenca_link::parse_limit("vega_santa_rosa:drawdown:0.5:2036:0.5", &basin)
            .expect("a limit");
        let spec = EnsembleSpec {
            members: 3,
            ..EnsembleSpec::default()
        };
        let mut search = ScenariosSearch::new(
            basin.clone(),
            &scenarios,
            std::slice::from_ref(&limit),
            &spec,
        );
        let first = BoardLimitsView::from_search(&search, "q", "a\nb");
        assert_eq!((first.done, first.total, first.complete), (0, 2, false));
        while search.step().expect("runs") {}
        let view = BoardLimitsView::from_search(&search, "q", "a\nb");
        let expected: Vec<Vec<bool>> = judge_scenarios(&basin, &scenarios, &[limit], &spec)
            .expect("runs")
            .into_iter()
            .map(|v| v.kept)
            .collect();
        assert_eq!(view.kept, expected);
        assert!(view.complete);
        assert_eq!(BoardLimitsView::from_bytes(&view.to_bytes()), Some(view));
    }
}
