//! Which measurement to start now, as the readings' panel shows it: the measurements that would
//! most narrow a result's P10–P90 range, in both languages, computed in a worker from the
//! ensemble itself ([`cuenca_model::uncertainty::measurement_value`]) as `cuenca measure-next`
//! computes them, and sent to the page in postcard's binary form.

use cuenca_model::uncertainty::measurement_value::result_label;
use cuenca_model::{Basin, Ensemble, Lang, WeatherSpread};
use serde::{Deserialize, Serialize};

/// Measurements listed, as `cuenca measure-next --top` gives by default.
pub const MEASUREMENTS_SHOWN: usize = 5;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasureNextView {
    /// The scenario's link query and the result (an ensemble indicator id) asked about: shown
    /// only while they are the ones on screen.
    pub query: String,
    pub result: String,
    pub done: usize,
    pub total: usize,
    /// The most narrowing measurements first, each a sentence, in Spanish and in English.
    pub lines_es: Vec<String>,
    pub lines_en: Vec<String>,
    pub complete: bool,
    pub error: Option<String>,
    /// Members taken from the page's complete bands of the same scenario rather than run again
    /// (0 when they were run here).
    pub members_adopted: usize,
}

impl MeasureNextView {
    /// The ranking for `result` (an indicator, or a result in one year: `Ensemble::result_values`)
    /// over a complete ensemble, with the weather mismatch in the
    /// readings' error when `weather` is given; an error if the ensemble has no such result.
    pub fn of(
        e: &Ensemble,
        basin: &Basin,
        result: &str,
        weather: Option<&WeatherSpread>,
    ) -> MeasureNextView {
        let Some((result_values, unit)) = e.result_values(result) else {
            return MeasureNextView {
                result: result.to_string(),
                error: Some(format!("no result `{result}`")),
                ..MeasureNextView::default()
            };
        };
        let values = e.measurement_values_of(result_values, &e.measurement_candidates(), weather);
        let lines = |lang: Lang| {
            let label = result_label(basin, result, lang);
            values
                .iter()
                .take(MEASUREMENTS_SHOWN)
                .map(|v| v.sentence_in(basin, &label, unit, lang))
                .collect()
        };
        MeasureNextView {
            result: result.to_string(),
            lines_es: lines(Lang::Es),
            lines_en: lines(Lang::En),
            complete: true,
            ..MeasureNextView::default()
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<MeasureNextView> {
        postcard::from_bytes(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuenca_model::presets::by_id;
    use cuenca_model::{run_ensemble, EnsembleSpec, LeverId};

    /// The view lists the model's ranking, most narrowing first, with the place and the result
    /// named as the basin names them, and survives the trip from the worker; a result the
    /// ensemble does not have is an error, not an empty list.
    #[test]
    fn the_view_lists_the_models_ranking() {
        let basin = Basin::default_basin();
        let s = by_id("fs2019")
            .expect("preset")
            .scenario()
            .with(LeverId::Years, 30.0);
        let spec = EnsembleSpec {
            members: 12,
            ..EnsembleSpec::default()
        }
        .for_scenario(&s);
        let e = run_ensemble(&basin, &s, &spec).unwrap();
        let v = MeasureNextView::of(&e, &basin, "max_drawdown_m:vega_este", None);
        assert!(v.complete && v.error.is_none());
        assert_eq!(v.lines_es.len(), MEASUREMENTS_SHOWN);
        assert_eq!(v.lines_en.len(), MEASUREMENTS_SHOWN);
        let k = e.indicator_index("max_drawdown_m:vega_este").unwrap();
        let best = &e.measurement_values_given(k, &e.measurement_candidates(), None)[0];
        let site = basin.site(&best.candidate.site).unwrap();
        assert!(
            v.lines_es[0].contains(&format!(" en {} ", site.name_es)),
            "{}",
            v.lines_es[0]
        );
        assert!(v.lines_es[0].contains("«Descenso máximo de la napa (Vega del borde este)»"));
        assert!(
            v.lines_en[0].contains(&format!(" at {} ", site.name_en)),
            "{}",
            v.lines_en[0]
        );
        assert_eq!(MeasureNextView::from_bytes(&v.to_bytes()), Some(v));
        let none = MeasureNextView::of(&e, &basin, "max_drawdown_m:nowhere", None);
        assert!(none.error.is_some() && none.lines_es.is_empty());
    }
}
