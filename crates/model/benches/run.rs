//! One 50-year monthly run of the default basin (baseline and scenario, steady state included),
//! and of the same basin with lens cells.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use cuenca_model::{presets, run, Basin, LeverId, Runner, Scenario};

fn bench(c: &mut Criterion) {
    let basin = Basin::default_basin();
    let fs = presets::by_id("fs2019")
        .map(|p| p.scenario())
        .unwrap_or_default();
    let jv = presets::by_id("jv2025")
        .map(|p| p.scenario())
        .unwrap_or_default();
    // The natural basin runs once (baseline = scenario); a project runs baseline + scenario.
    c.bench_function("default_basin_50yr", |b| {
        b.iter(|| run(black_box(&basin), black_box(&Scenario::default())))
    });
    c.bench_function("fs2019_50yr", |b| {
        b.iter(|| run(black_box(&basin), black_box(&fs)))
    });
    c.bench_function("jv2025_50yr", |b| {
        b.iter(|| run(black_box(&basin), black_box(&jv)))
    });
    // The same basin with fresh water floating on brine in its lower fans, vegas, lagoons and
    // margins (two heads in 14 of its 22 cells: 36 unknowns), as the interface brief proposes.
    let mut lens_basin = basin.clone();
    for cell in &mut lens_basin.cells {
        let id = cell.id.as_str();
        cell.lens = id.ends_with("_low")
            || id.starts_with("vega_")
            || id.starts_with("lag_")
            || id.starts_with("mar_");
    }
    c.bench_function("jv2025_50yr_lens_cells", |b| {
        b.iter(|| run(black_box(&lens_basin), black_box(&jv)))
    });
    // A production slider move with a warm `Runner`: steady state and baseline are cached, only
    // the scenario is simulated.
    let mut runner = Runner::new(basin.clone());
    let mut fs_more = fs.clone();
    let _ = fs_more.set(LeverId::Production, 30_000.0);
    let mut flip = false;
    c.bench_function("fs2019_50yr_runner_slider", |b| {
        b.iter(|| {
            flip = !flip;
            runner.run(black_box(if flip { &fs } else { &fs_more }))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
