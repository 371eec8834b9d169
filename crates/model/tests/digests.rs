//! Results pinned bit for bit: every preset's run digest and ensemble fingerprint.
//!
//! A change that is meant to leave the numbers alone (a refactor, a speed-up) must keep these.
//! A change that is meant to move them (new physics, a new parameter value) updates the pins in
//! the same commit and says why; the other tests say whether the new numbers are right.

use cuenca_model::{presets, run, run_ensemble, Basin, EnsembleSpec};

/// (preset, `Results::digest`, `EnsembleSummary::digest` of the default 100-member ensemble),
/// as printed by `cuenca run --preset P --format digest` and `cuenca ensemble --preset P
/// --format digest` (see `git log` of this file for the commit that last moved each, and why).
const PINNED: [(&str, u64, u64); 6] = [
    ("natural", 0x53ad4f060296ff62, 0x97f00c4fa97a874a),
    ("fs2019", 0x3a7847a892fff749, 0x4bfbd5b386f9ab35),
    ("jv2025", 0x2449fb6d8ee4705a, 0xc1b27430b4b237e4),
    ("dle_reinjection", 0xc30e9f26e5e094d6, 0x7883d8ee46db4360),
    ("dry_natural", 0x023d5bc6f8a40c8c, 0xf8ef25a5b23058c6),
    ("dry_fs2019", 0x1380059690675e0b, 0x97962b05f2688db1),
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
