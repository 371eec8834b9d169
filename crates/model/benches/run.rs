//! One 50-year monthly run of the default basin (baseline and scenario, steady state included),
//! and of the same basin as one fluid (model 0.2's structure), to see what the lenses cost.

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
    // The same basin with no lens cells: one head per cell (22 unknowns instead of 36).
    let mut one_fluid = basin.clone();
    one_fluid.cells.iter_mut().for_each(|c| c.lens = false);
    c.bench_function("jv2025_50yr_one_fluid", |b| {
        b.iter(|| run(black_box(&one_fluid), black_box(&jv)))
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
