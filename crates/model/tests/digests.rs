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
    ("natural", 0x8e17482b3feba1dd, 0x405fb82f83b8d7a2),
    ("fs2019", 0x4ce819dd2b297225, 0x18e629762a9b0333),
    ("jv2025", 0xa547d36235d46f7a, 0xe152b9f7d7718780),
    ("dle_reinjection", 0xba6392508ea210da, 0x36307c286e6156e3),
    ("dry_natural", 0x5cfc25cc3826ad4d, 0x22f203fda6cb336d),
    ("dry_fs2019", 0x81a8cc816f8e09e0, 0x0b92ec93ef9a53d7),
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
