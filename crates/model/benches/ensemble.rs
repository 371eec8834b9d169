//! The uncertainty ensemble of the 2025 joint-venture plan: 100 members (each with its own
//! steady state and no-project baseline) over 50 years, natively; plus one member as the unit a
//! browser worker runs between yields, the summary of 100 members, and their weighting by
//! observations with the weighted summary, of every series and of only those read (what the
//! tools draw).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use cuenca_model::observations::read_csv;
use cuenca_model::observations::ObservedQuantity::DepthToWaterM;
use cuenca_model::uncertainty::ensemble::Quantity;
use cuenca_model::{
    presets, run_ensemble, Basin, EnsembleRunner, EnsembleSpec, RunOptions, WeatherSpread,
};

fn bench(c: &mut Criterion) {
    let basin = Basin::default_basin();
    let jv = presets::by_id("jv2025")
        .map(|p| p.scenario())
        .unwrap_or_default();
    let spec = EnsembleSpec::default();
    let mut g = c.benchmark_group("ensemble");
    g.sample_size(10);
    g.bench_function("jv2025_100_members_50yr", |b| {
        b.iter(|| run_ensemble(black_box(&basin), black_box(&jv), black_box(&spec)))
    });
    g.bench_function("jv2025_one_member_step", |b| {
        b.iter_batched(
            || EnsembleRunner::new(basin.clone(), &jv, spec.clone()),
            |mut r| r.step(),
            criterion::BatchSize::LargeInput,
        )
    });
    if let Ok(e) = run_ensemble(&basin, &jv, &spec) {
        g.bench_function("jv2025_summary_100_members", |b| b.iter(|| e.summary()));
        g.bench_function("jv2025_sensitivity_100_members", |b| {
            b.iter(|| e.sensitivity())
        });
        // Issue #17's budget: weighting and re-summarising 100 members (≤ 50 ms in Chromium).
        // Three years of monthly depths at two sites, from member 0.
        let mut text = String::from("site,date,quantity,value,unit,who\n");
        for site in ["vega_este", "pozo_comunitario"] {
            for (m, ym) in e.months.iter().take(36).enumerate() {
                let v = e.simulated(0, DepthToWaterM, site, m).unwrap_or_default();
                text.push_str(&format!(
                    "{site},{}-{:02},depth_to_water_m,{v},m,bench\n",
                    ym.year, ym.month
                ));
            }
        }
        // Issue #17's ranking (≤ 2 s in a worker): what to measure next for the vega loss,
        // with the weather mismatch, as the page and `cuenca measure-next` rank it.
        if let (Ok(weather), Some(k)) = (
            WeatherSpread::run(&basin, &jv, &RunOptions::default()),
            e.indicator_index("vega_area_lost_pct"),
        ) {
            let candidates = e.measurement_candidates();
            g.bench_function("jv2025_measure_next_vega_100_members", |b| {
                b.iter(|| e.measurement_values_given(k, black_box(&candidates), Some(&weather)))
            });
        }
        let obs = read_csv(&text, &basin).observations;
        g.bench_function("jv2025_weights_and_weighted_summary_100_members", |b| {
            b.iter(|| {
                let w = e.weights(black_box(&obs));
                e.weighted_summary(&w.weights)
            })
        });
        // What the tools' weighing does: band only the series the readings are compared with.
        let read = |q: Quantity, site: Option<&str>| {
            obs.iter().any(|o| o.ensemble_series() == Some((q, site)))
        };
        g.bench_function("jv2025_weights_and_read_series_summary_100_members", |b| {
            b.iter(|| {
                let w = e.weights(black_box(&obs));
                e.weighted_summary_of(&w.weights, &read)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
