//! Runs: the same scenario gives the same digest, and the cached runner gives what `run` gives.

use cuenca_model::{presets, run, Basin, LeverId, Runner};

#[test]
fn results_are_deterministic_with_a_digest() {
    let basin = Basin::default_basin();
    let s = presets::by_id("jv2025").unwrap().scenario();
    let a = run(&basin, &s).unwrap();
    let b = run(&basin, &s).unwrap();
    assert_eq!(a.digest(), b.digest());
    let c = run(&basin, &s.clone().with(LeverId::Seed, 2.0)).unwrap();
    assert_ne!(a.digest(), c.digest());
    println!("jv2025 digest {:016x}", a.digest());
}

/// The cached runner gives bit-identical results to `run`, reusing the baseline only when the
/// levers it depends on are unchanged.
#[test]
fn runner_matches_run_and_reuses_the_baseline() {
    let basin = Basin::default_basin();
    let mut runner = Runner::new(basin.clone());
    let fs = presets::by_id("fs2019").unwrap().scenario();
    let mut more = fs.clone();
    more.set(LeverId::Production, 40_000.0).unwrap();
    let mut drier = more.clone();
    drier.set(LeverId::PrecipChange, -20.0).unwrap();
    let natural = drier.clone();
    let mut natural = natural;
    natural.set(LeverId::Production, 0.0).unwrap();
    let sequence = [&fs, &more, &drier, &natural, &fs];
    let expected_reuses = [0, 1, 1, 2, 2];
    for (s, reuses) in sequence.iter().zip(expected_reuses) {
        let a = runner.run(s).expect("runner");
        let b = run(&basin, s).expect("run");
        assert_eq!(a.digest(), b.digest());
        assert_eq!(runner.baseline_reuses(), reuses);
    }
}
