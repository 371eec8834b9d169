//! Short horizons: the `years` lever goes down to one year (a well test on a basin file needs no
//! more), so every yearly window, indicator, sentence and ensemble band must hold on 1, 2 and 5
//! years of the default basin: balances close and nothing is NaN or infinite.

use crate::common::check;
use cuenca_model::uncertainty::dates::Threshold;
use cuenca_model::{
    presets, run, run_ensemble, sentences, Basin, EnsembleSpec, Lang, LeverId, Results,
};

/// Every indicator value is a finite number, and the sentences print no NaN or infinity.
fn check_indicators(r: &Results, what: &str) {
    let ind = &r.indicators;
    let mut values = vec![
        ind.vega_area_lost_pct,
        ind.lagoon_area_lost_pct,
        ind.vega_area_lost_max_pct,
        ind.lagoon_area_lost_max_pct,
        ind.spring_flow_change_pct,
        ind.net_extraction_share_of_recharge,
        ind.mean_recharge_l_per_s,
        ind.shortfall_m3,
        ind.shortfall_pct,
        ind.lithium_total_t_lce,
    ];
    values.extend(ind.sites.iter().map(|s| s.max_drawdown_m));
    assert!(values.iter().all(|x| x.is_finite()), "{what}: {ind:?}");
    assert!(ind.mean_recharge_l_per_s > 0.0, "{what}");
    let s = &r.series;
    for v in [
        &s.vega_area_ha,
        &s.lagoon_area_ha,
        &s.spring_flow_l_per_s,
        &s.baseline_vega_area_ha,
        &s.baseline_lagoon_area_ha,
        &s.baseline_spring_flow_l_per_s,
        &s.li_pumped_mg_per_l,
        &s.closure_relative,
    ] {
        assert!(v.iter().all(|x| x.is_finite()), "{what}");
    }
    for lang in [Lang::Es, Lang::En] {
        let text = sentences(r, lang);
        assert!(!text.is_empty(), "{what}");
        for t in text {
            assert!(!t.contains("NaN") && !t.contains("inf"), "{what}: {t}");
        }
    }
}

#[test]
fn one_two_and_five_years_close_and_stay_finite() {
    let basin = Basin::default_basin();
    for id in ["natural", "fs2019"] {
        for years in [1u32, 2, 5] {
            let s = presets::by_id(id)
                .expect("preset")
                .scenario()
                .with(LeverId::Years, f64::from(years));
            let r = run(&basin, &s).expect("run");
            let what = format!("{id}, {years} years");
            assert_eq!(r.months.len(), 12 * years as usize, "{what}");
            assert_eq!(r.years(), years as usize, "{what}");
            assert_eq!(r.indicators.last_year, 2025 + years as i32 - 1, "{what}");
            check(&r, &what);
            check_indicators(&r, &what);
        }
    }
}

/// The ensemble (bands, dates with ranges, sensitivity) on a one-year horizon.
#[test]
fn a_one_year_ensemble_has_finite_bands() {
    let basin = Basin::default_basin();
    let s = presets::by_id("fs2019")
        .expect("preset")
        .scenario()
        .with(LeverId::Years, 1.0);
    let spec = EnsembleSpec {
        members: 10,
        ..Default::default()
    };
    let e = run_ensemble(&basin, &s, &spec).expect("ensemble");
    let sum = e.summary();
    assert_eq!(sum.months.len(), 12);
    for b in &sum.series {
        for v in [&b.p10, &b.p50, &b.p90] {
            assert!(v.iter().all(|x| x.is_finite()), "{:?}", b.quantity);
        }
    }
    assert!(sum
        .indicators
        .iter()
        .all(|i| i.p10.is_finite() && i.p50.is_finite() && i.p90.is_finite()));
    for x in e.sensitivity() {
        assert!(x.variance.is_finite() && x.unexplained.is_finite());
    }
    let d = e
        .date_range("vega_santa_rosa", Threshold::DrawdownAboveM(0.5))
        .expect("site");
    assert_eq!(d.range.last_year, 2025);
    assert!(!d.sentence(Lang::En).is_empty());
}
