//! `cuenca measure-next`: which measurement would most narrow a result's range, computed from the
//! ensemble itself (each member in turn as the truth; `cuenca_model::uncertainty::measurement_value`).

use std::fmt::Write as _;

use cuenca_model::uncertainty::measurement_value::{result_label, MeasurementValue};
use cuenca_model::{run_ensemble, EnsembleSpec, Lang, RunOptions, WeatherSpread};

use crate::options;

pub(crate) const USAGE: &str =
    "Usage: cuenca measure-next [--preset ID] [--scenario QUERY] [--members N] [--result ID]
                           [--top K] [--lang es|en] [--format json|text]
                           [--weather-mismatch on|off]
  Ranks measurements someone could start today (the water table at each named site, the flow
  where a spring is, the basin's vega and lagoon areas, each brine wellfield's grade; monthly or
  yearly; for 1, 2 or 5 years) by the P10–P90 width of a result they would most likely leave.
  --result is an ensemble indicator id (default max_drawdown_m:vega_este; `cuenca ensemble
  --format json` lists them) or a result in one year, the year's mean: drawdown_m:SITE@YEAR,
  vega_area_ha@YEAR, spring_flow_l_per_s@YEAR or lagoon_area_ha@YEAR; --top the lines shown
  (default 5). The readings' error includes the run's weather against the real years (20 more
  runs: the members share one sequence of years, real readings will not) unless
  --weather-mismatch off.";

pub(crate) fn cmd_measure_next(args: &[String]) -> Result<String, String> {
    let mut members = 100;
    let mut result = "max_drawdown_m:vega_este".to_string();
    let mut top = 5;
    let mut lang = Lang::Es;
    let mut text = true;
    let mut weather_mismatch = true;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or(format!("The option {a} needs a value.\n{USAGE}"))
        };
        match a.as_str() {
            "--members" => members = options::members(&value()?, 10..=1000)?,
            "--result" => result = value()?,
            "--top" => {
                let v = value()?;
                top = v
                    .parse()
                    .ok()
                    .filter(|k| *k >= 1)
                    .ok_or(format!("--top takes a whole number of lines, not \"{v}\"."))?;
            }
            "--lang" => {
                let v = value()?;
                lang = Lang::from_tag(&v).ok_or(format!("--lang takes es or en, not \"{v}\"."))?;
            }
            "--format" => text = options::text_format(&value()?)?,
            "--weather-mismatch" => {
                weather_mismatch = options::on_off(&value()?, "--weather-mismatch")?
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ => rest.push(a.clone()),
        }
    }
    let (basin, scenario) = options::ensemble_scenario(&rest, "measure-next", USAGE)?;
    let spec = EnsembleSpec {
        members,
        ..EnsembleSpec::default()
    }
    .for_scenario(&scenario);
    let e = run_ensemble(&basin, &scenario, &spec).map_err(|e| e.to_string())?;
    let (result_values, unit) = e
        .result_values(&result)
        .ok_or(format!("The ensemble has no result \"{result}\".\n{USAGE}"))?;
    let weather = if weather_mismatch {
        Some(
            WeatherSpread::run(&basin, &scenario, &RunOptions::default())
                .map_err(|e| e.to_string())?,
        )
    } else {
        None
    };
    let values =
        e.measurement_values_of(result_values, &e.measurement_candidates(), weather.as_ref());
    let label = result_label(&basin, &result, lang);
    let sentence = |v: &MeasurementValue| v.sentence_in(&basin, &label, unit, lang);
    if !text {
        let ranked: Vec<serde_json::Value> = values
            .iter()
            .map(|v| {
                serde_json::json!({
                    "candidate": v.candidate,
                    "width_after": v.width_after,
                    "narrowing": v.narrowing(),
                    "sentence": sentence(v),
                })
            })
            .collect();
        let v = serde_json::json!({
            "model_version": cuenca_model::MODEL_VERSION,
            "members": members,
            "weather_sequences": weather.as_ref().map_or(0, WeatherSpread::sequences),
            "result": result,
            "before": values.first().map(|v| v.before),
            "ranked": ranked,
        });
        return serde_json::to_string_pretty(&v)
            .map_err(|e| e.to_string())
            .map(|s| s + "\n");
    }
    let mut o = String::new();
    for v in values.iter().take(top) {
        let _ = writeln!(o, "{}", sentence(v));
    }
    Ok(o)
}
