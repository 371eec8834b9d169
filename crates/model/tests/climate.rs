//! The climate series: a seed reproduces it, another seed changes it, its variability has the
//! stated mean and spread, and a drier future cuts recharge more than in proportion.

use cuenca_model::physics::climate::{generate, ClimateSpec};
use cuenca_model::{Basin, LeverId, Scenario};

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
