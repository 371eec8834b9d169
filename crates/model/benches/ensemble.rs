//! The uncertainty ensemble of the 2025 joint-venture plan: 100 members (each with its own
//! steady state and no-project baseline) over 50 years, natively; plus one member as the unit a
//! browser worker runs between yields, and the summary of 100 members.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use cuenca_model::{presets, run_ensemble, Basin, EnsembleRunner, EnsembleSpec};

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
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
