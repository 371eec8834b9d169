//! Results pinned bit for bit: every preset's run digest and ensemble fingerprint.
//!
//! A change that is meant to leave the numbers alone (a refactor, a speed-up) must keep these.
//! A change that is meant to move them (new physics, a new parameter value) updates the pins in
//! the same commit and says why; the other tests say whether the new numbers are right.

use cuenca_model::{presets, run, run_ensemble, Basin, EnsembleSpec};

/// (preset, `Results::digest`, `EnsembleSummary::digest` of the default 100-member ensemble),
/// as printed by `cuenca run --preset P --format digest` and `cuenca ensemble --preset P
/// --format digest`. Last moved by the recharge efficiency fitted to the variable climate
/// (`physics::recharge`; first pinned at 39143b9, model 0.1.0).
const PINNED: [(&str, u64, u64); 6] = [
    ("natural", 0x1464fb04462e3976, 0xd13236a7db816317),
    ("fs2019", 0x08f91c04d83cb517, 0xfc2f972d62200535),
    ("jv2025", 0x19dfeef9301ab572, 0x530623fee7a5696c),
    ("dle_reinjection", 0xcd9abc8807de6b0c, 0x5d3104c8ab46405b),
    ("dry_natural", 0x67d543f90d56c6f3, 0x73065c4d9f10436a),
    ("dry_fs2019", 0xaf6a28ba25c951d7, 0x0b5cd811466e35d7),
];

#[test]
fn every_preset_is_pinned() {
    let mut ids: Vec<&str> = presets::PRESETS.iter().map(|p| p.id).collect();
    let mut pinned: Vec<&str> = PINNED.iter().map(|p| p.0).collect();
    ids.sort_unstable();
    pinned.sort_unstable();
    assert_eq!(
        ids, pinned,
        "a preset was added or removed: pin its digests"
    );
}

#[test]
fn every_preset_run_is_bit_identical_to_its_pin() {
    let basin = Basin::default_basin();
    for (id, run_digest, _) in PINNED {
        let s = presets::by_id(id).expect("preset").scenario();
        let r = run(&basin, &s).expect("run");
        assert_eq!(
            r.digest(),
            run_digest,
            "{id}: run digest {:#018x}",
            r.digest()
        );
    }
}

#[test]
fn every_preset_ensemble_is_bit_identical_to_its_pin() {
    let basin = Basin::default_basin();
    for (id, _, ensemble_digest) in PINNED {
        let s = presets::by_id(id).expect("preset").scenario();
        let e = run_ensemble(&basin, &s, &EnsembleSpec::default()).expect("ensemble");
        let d = e.summary().digest();
        assert_eq!(d, ensemble_digest, "{id}: ensemble digest {d:#018x}");
    }
}
