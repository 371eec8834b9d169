//! How often the weighted P10–P90 of a result holds the truth, over many twin experiments, with
//! and without the weather mismatch in the readings' error (issue #17). A well-calibrated band
//! holds the truth about 8 times in 10; fewer says the weights claim more than the readings know.
//!
//! Each truth is drawn from the prior (a second Latin hypercube over the same factors, plus its
//! own sequence of years), so it is not a member and its years are not the members' years: the
//! situation of real readings. Its depth at two sites is read monthly for three years with 5 cm
//! of noise, and the 30-member fs2019 ensemble is weighed by those readings.
//!
//! `cargo run --release -p cuenca-model --example twin_coverage [-- TWINS [MEMBERS]]` (default 40
//! twins, 30 members).

use cuenca_model::observations::{read_csv, twin_depth_csv};
use cuenca_model::scenario::levers::LeverId;
use cuenca_model::{presets, run, run_ensemble, Basin, EnsembleSpec, IndicatorId, WeatherSpread};

const INDICATOR: &str = "max_drawdown_m:vega_este";

fn main() {
    let twins: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(40);
    let members: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30);
    let basin = Basin::default_basin();
    let base = presets::by_id("fs2019")
        .expect("fs2019 is a preset")
        .scenario()
        .with(LeverId::Years, 20.0);
    let spec = EnsembleSpec {
        members,
        seed: 5,
        ..Default::default()
    }
    .for_scenario(&base);
    let e = run_ensemble(&basin, &base, &spec).expect("the ensemble runs");
    let k = e.indicator_index(INDICATOR).expect("the indicator exists");
    let weather = WeatherSpread::run(&basin, &base, &Default::default()).expect("weather runs");
    let truths = EnsembleSpec {
        members: twins,
        seed: 99,
        ..Default::default()
    }
    .for_scenario(&base)
    .with_climate_seed();

    // (covered, width) per twin: prior, without the mismatch, with it.
    let mut rows: Vec<[(bool, f64); 3]> = Vec::new();
    let mut collapsed = [0usize; 2];
    let mut raw_ess = [0.0f64; 2];
    for (i, values) in truths.values().iter().enumerate() {
        let s = truths.member_scenario(&base, values);
        let Ok(truth) = run(&basin, &s) else { continue };
        let all: Vec<f64> = IndicatorId::ALL
            .iter()
            .flat_map(|id| id.values(&truth.indicators))
            .collect();
        let true_value = all[k];
        let text = twin_depth_csv(
            &truth,
            &["vega_este", "pozo_comunitario"],
            36,
            0.05,
            1000 + i as u64,
        );
        let set = read_csv(&text, &basin);
        let band = |weights: &[f64]| {
            let summary = e.weighted_summary(weights);
            let b = summary.indicator(INDICATOR).expect("band");
            (b.p10 <= true_value && true_value <= b.p90, b.p90 - b.p10)
        };
        let n = e.members.len();
        let prior = band(&vec![1.0 / n as f64; n]);
        let without = e.weights(&set.observations);
        let with = e.weights_given(&set.observations, Some(&weather));
        collapsed[0] += usize::from(without.collapsed());
        collapsed[1] += usize::from(with.collapsed());
        raw_ess[0] += without.ess_untempered;
        raw_ess[1] += with.ess_untempered;
        rows.push([prior, band(&without.weights), band(&with.weights)]);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    println!(
        "{} twins, {INDICATOR}, {members} members, 72 monthly depths each",
        rows.len()
    );
    println!(
        "{:<28} {:>10} {:>14} {:>10} {:>14}",
        "weights", "holds truth", "median width", "collapsed", "mean raw ESS"
    );
    for (j, name) in [
        "none (prior)",
        "without weather mismatch",
        "with weather mismatch",
    ]
    .iter()
    .enumerate()
    {
        let covered = rows.iter().filter(|r| r[j].0).count();
        let width = median(rows.iter().map(|r| r[j].1).collect());
        let (c, ess) = if j == 0 {
            ("-".to_string(), "-".to_string())
        } else {
            (
                collapsed[j - 1].to_string(),
                format!("{:.1}", raw_ess[j - 1] / rows.len() as f64),
            )
        };
        println!(
            "{name:<28} {:>7}/{:<3} {width:>12.2} m {c:>10} {ess:>14}",
            covered,
            rows.len()
        );
    }
}
