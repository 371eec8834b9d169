//! Results pinned bit for bit: every preset's run digest and ensemble fingerprint.
//!
//! A change that is meant to leave the numbers alone (a refactor, a speed-up) must keep these.
//! A change that is meant to move them (new physics, a new parameter value) updates the pins in
//! the same commit and says why; the other tests say whether the new numbers are right.

use cuenca_model::{presets, run, run_ensemble, Basin, EnsembleSpec};

/// (preset, `Results::digest`, `EnsembleSummary::digest` of the default 100-member ensemble),
/// as printed by `cuenca run --preset P --format digest` and `cuenca ensemble --preset P
/// --format digest` at 39143b9 (model 0.1.0).
const PINNED: [(&str, u64, u64); 6] = [
    ("natural", 0x12a541b2b4bd634b, 0x33e963e04ac563fd),
    ("fs2019", 0x51ffac7260ab3556, 0x687aa9758d8c3069),
    ("jv2025", 0x335d369b36a9c214, 0x21f617e7fd8b761e),
    ("dle_reinjection", 0x21afd1210345fd90, 0x6f3444239ce95a5f),
    ("dry_natural", 0x920820cb4ec2ac6e, 0xbbdce4134d78086c),
    ("dry_fs2019", 0x11015f0d6ead27d2, 0xd782698ae75a5585),
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
