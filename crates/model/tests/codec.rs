//! Scenario query codec and determinism of the climate series.

use cuenca_model::physics::climate::{generate, ClimateSpec};
use cuenca_model::{presets, run, Basin, LeverId, Scenario};

fn spec(seed: Option<u64>) -> ClimateSpec {
    ClimateSpec {
        precip_catchment_mm_per_yr: 140.0,
        precip_salar_mm_per_yr: 80.0,
        precip_frac: [
            0.28, 0.27, 0.13, 0.03, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.06, 0.16,
        ],
        evap_frac: [
            0.11, 0.095, 0.095, 0.075, 0.055, 0.045, 0.05, 0.065, 0.085, 0.105, 0.11, 0.11,
        ],
        precip_cv: 0.45,
        de_dt_pct_per_degc: 3.0,
        dp_pct: 0.0,
        dt_degc: 0.0,
        seed,
    }
}

#[test]
fn same_seed_same_series_different_seed_differs() {
    let a = generate(&spec(Some(7)), 2025, 50);
    let b = generate(&spec(Some(7)), 2025, 50);
    let c = generate(&spec(Some(8)), 2025, 50);
    assert_eq!(a, b);
    assert_ne!(a, c);
    // Lognormal multiplier: mean ≈ 1 and CV ≈ 0.45 over many years.
    let long = generate(&spec(Some(1)), 2025, 4000);
    let annual: Vec<f64> = long
        .chunks(12)
        .map(|y| y.iter().map(|m| m.precip_catchment_mm).sum::<f64>() / 140.0)
        .collect();
    let mean = annual.iter().sum::<f64>() / annual.len() as f64;
    let cv = (annual.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / annual.len() as f64).sqrt()
        / mean;
    assert!(
        (mean - 1.0).abs() < 0.03 && (cv - 0.45).abs() < 0.03,
        "mean {mean} cv {cv}"
    );
    // Climatology has no variability.
    let clim = generate(&spec(None), 2025, 3);
    assert_eq!(clim[0].precip_catchment_mm, clim[24].precip_catchment_mm);
}

#[test]
fn drier_future_cuts_recharge_more_than_proportionally() {
    let basin = Basin::default_basin();
    let opts = cuenca_model::RunOptions {
        substeps_per_month: 1,
        climatology: true,
    };
    let wet = cuenca_model::run_with_options(&basin, &Scenario::default(), &opts).unwrap();
    let drier = Scenario::default().with(LeverId::PrecipChange, -20.0);
    let dry = cuenca_model::run_with_options(&basin, &drier, &opts).unwrap();
    let late = |r: &cuenca_model::Results| {
        r.accounts[25 * 12..]
            .iter()
            .map(|a| a.recharge_generated_m3)
            .sum::<f64>()
    };
    let ratio = late(&dry) / late(&wet);
    assert!(ratio < 0.8 - 0.05, "recharge ratio {ratio} for −20 % rain");
}

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

#[test]
fn sentences_in_both_languages() {
    let basin = Basin::default_basin();
    let r = run(&basin, &presets::by_id("fs2019").unwrap().scenario()).unwrap();
    let es = r.sentences(cuenca_model::Lang::Es);
    let en = r.sentences(cuenca_model::Lang::En);
    assert_eq!(es.len(), en.len());
    assert!(
        es.iter()
            .any(|s| s.contains("Vega de Santa Rosa") && s.contains("napa")),
        "{es:#?}"
    );
    for s in &es {
        println!("{s}");
    }
    for s in &en {
        println!("{s}");
    }
    let natural = run(&basin, &Scenario::default()).unwrap();
    assert!(natural.sentences(cuenca_model::Lang::Es)[0].starts_with("Sin proyecto"));
}

#[test]
fn protection_rule_cuts_pumping_and_reduces_drawdown() {
    let basin = Basin::default_basin();
    let s = presets::by_id("fs2019").unwrap().scenario();
    let free = run(&basin, &s).unwrap();
    let prot = run(
        &basin,
        &s.clone()
            .with(LeverId::ProtectSite, 1.0)
            .with(LeverId::ProtectThreshold, 0.05)
            .with(LeverId::ProtectCut, 50.0),
    )
    .unwrap();
    let site = |r: &cuenca_model::Results| r.site("vega_santa_rosa").unwrap().drawdown_m.clone();
    let (a, b) = (site(&free), site(&prot));
    assert!(
        a.iter().cloned().fold(0.0, f64::max) > 0.05,
        "no drawdown to protect against"
    );
    assert!(prot.indicators.protection_months > 0);
    assert!(b.iter().cloned().fold(0.0, f64::max) < a.iter().cloned().fold(0.0, f64::max));
    assert!(prot.totals.lithium_t_lce < free.totals.lithium_t_lce);
}

/// The cached runner gives bit-identical results to `run`, reusing the baseline only when the
/// levers it depends on are unchanged.
#[test]
fn runner_matches_run_and_reuses_the_baseline() {
    use cuenca_model::{LeverId, Runner};
    let basin = cuenca_model::Basin::default_basin();
    let mut runner = Runner::new(basin.clone());
    let fs = cuenca_model::presets::by_id("fs2019").unwrap().scenario();
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
        let b = cuenca_model::run(&basin, s).expect("run");
        assert_eq!(a.digest(), b.digest());
        assert_eq!(runner.baseline_reuses(), reuses);
    }
}
