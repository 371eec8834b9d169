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
    ("natural", 0x30fe35005418ec8f, 0xbff97c54e43c1f43),
    ("fs2019", 0x89a5c47d302bc7fc, 0x1f54f9835ab15f34),
    ("jv2025", 0x06efb661b0a660ba, 0x371cc994e2d1a2ab),
    ("dle_reinjection", 0x6418847696c9c2ed, 0xbfc9e1f91b0b95ce),
    ("dry_natural", 0xe7187f94f871426b, 0x71766cb978a12ee6),
    ("dry_fs2019", 0xa0786179433de52d, 0xdcee4f4c965063c5),
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
