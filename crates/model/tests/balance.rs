//! Conservation and physical bounds for every preset and for random scenarios over all lever
//! ranges: water and lithium balances close to round-off every month, no NaN, no negative
//! storage, and more brine pumping never raises a head.

use crate::common::check;
use cuenca_model::scenario::levers::LEVERS;
use cuenca_model::{presets, run, Basin, LeverId, Scenario};
use proptest::prelude::*;

#[test]
fn every_preset_closes_its_balances() {
    let basin = Basin::default_basin();
    for p in presets::PRESETS.iter() {
        let r = run(&basin, &p.scenario()).expect(p.id);
        check(&r, p.id);
        println!(
            "{:<16} closure {:+.1e}  Li {:>9.0} t LCE  worst month {:.1e}  iters/step {:.2}",
            p.id,
            r.totals.closure_relative,
            r.totals.lithium_t_lce,
            r.totals.max_month_closure_relative,
            r.stats.newton_iterations as f64 / r.stats.steps as f64
        );
    }
}

#[test]
fn more_brine_pumping_never_raises_a_head() {
    let basin = Basin::default_basin();
    let base = Scenario::default()
        .with(LeverId::StartYear, 2027.0)
        .with(LeverId::LifeYears, 40.0)
        .with(LeverId::Reinjection, 0.0);
    let lo = run(&basin, &base.clone().with(LeverId::Production, 20_000.0)).unwrap();
    let hi = run(&basin, &base.with(LeverId::Production, 60_000.0)).unwrap();
    for (a, b) in lo.cells.iter().zip(&hi.cells) {
        for (m, (x, y)) in a.head_m.iter().zip(&b.head_m).enumerate() {
            assert!(y <= &(x + 1e-9), "{} month {m}: {y} > {x}", a.id);
        }
    }
    assert!(hi.totals.lithium_t_lce > lo.totals.lithium_t_lce);
}

#[test]
fn shortfall_is_reported_when_the_aquifer_cannot_deliver() {
    let basin = Basin::default_basin();
    let s = Scenario::default()
        .with(LeverId::Production, 150_000.0)
        .with(LeverId::StartYear, 2025.0)
        .with(LeverId::RampYears, 0.0)
        .with(LeverId::LifeYears, 60.0)
        .with(LeverId::DleShare, 0.0)
        .with(LeverId::StorageMult, 0.43)
        .with(LeverId::Years, 60.0);
    let r = run(&basin, &s).unwrap();
    check(&r, "extreme");
    assert!(
        r.totals.accounts.brine_shortfall_m3 > 0.0,
        "no shortfall reported"
    );
    assert!(r.indicators.shortfall_pct > 0.0);
}

/// A boundary that drains the aquifer is an outflow in the throughput, the scale of the relative
/// closure. Two cells, one brine and one fresh (no evaporation, no recharge), start at 10 m: the
/// brine cell drains through a boundary at 0 m, the fresh cell is fed by one at 20 m, and they
/// settle where the inflow equals the outflow. Signed sums would cancel the draining boundary
/// against the feeding one and the exchange against itself, leaving a throughput near zero
/// while the balance closes. The reference is the sum of the absolute flows rebuilt from the
/// reported heads (backward Euler: each flux at the month-end heads, one step a month).
#[test]
fn a_draining_boundary_is_an_outflow_in_the_throughput() {
    let toml = r#"
        [[cells]]
        id = "drained"
        kind = "margin"
        evap = "none"
        area_km2 = 1.0
        ground_m = 50.0
        bottom_m = -100.0
        sy = 0.1
        ss = 0.0
        initial_head_m = 10.0
        boundary = { head_m = 0.0, conductance_m2_per_day = 1000.0 }
        [[cells]]
        id = "fed"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 50.0
        bottom_m = -100.0
        sy = 0.1
        ss = 0.0
        initial_head_m = 10.0
        boundary = { head_m = 20.0, conductance_m2_per_day = 400.0 }
        [[connections]]
        a = "drained"
        b = "fed"
        conductance_m2_per_day = 200.0
    "#;
    let basin = Basin::from_toml_str(toml).expect("two-cell basin");
    let r = run(&basin, &Scenario::default().with(LeverId::Years, 5.0)).expect("run");
    check(&r, "two boundaries");
    let storage_m2 = 1.0e6 * 0.1;
    let dt = cuenca_model::DAYS_PER_MONTH;
    let (a, b) = (&r.cells[0].head_m, &r.cells[1].head_m);
    let (mut a_prev, mut b_prev) = (10.0, 10.0);
    let mut late_net_boundary_m3 = 0.0_f64;
    for (m, acc) in r.accounts.iter().enumerate() {
        let out_a = 1000.0 * (a[m] - 0.0) * dt;
        let in_b = 400.0 * (20.0 - b[m]) * dt;
        let exchange = 200.0 * (b[m] - a[m]) * dt;
        let hand = out_a.abs()
            + in_b.abs()
            + exchange.abs()
            + (storage_m2 * (a[m] - a_prev)).abs()
            + (storage_m2 * (b[m] - b_prev)).abs();
        (a_prev, b_prev) = (a[m], b[m]);
        assert!(
            (acc.throughput_m3 - hand).abs() <= 1e-9 * hand,
            "month {m}: throughput {} m³, sum of absolute flows {hand} m³",
            acc.throughput_m3
        );
        assert!(
            acc.closure_relative().abs() <= 1e-12,
            "month {m}: closure {:e} of the throughput",
            acc.closure_relative()
        );
        assert!(acc.brine.boundary_in_m3 == 0.0 && acc.fresh.boundary_out_m3 == 0.0);
        assert!((acc.brine.boundary_out_m3 - out_a).abs() <= 1e-9 * out_a);
        late_net_boundary_m3 = (in_b - out_a).abs() / in_b;
    }
    // By the last month the two boundaries cancel to a ten-thousandth: a signed sum would have
    // almost no scale.
    assert!(late_net_boundary_m3 < 1e-4, "{late_net_boundary_m3}");
}

fn lever_value() -> impl Strategy<Value = Vec<f64>> {
    // One value per lever, drawn over its full range in the default basin (every option of a
    // choice) with the extremes over-represented.
    let basin = Basin::default_basin();
    let parts: Vec<BoxedStrategy<f64>> = LEVERS
        .iter()
        .map(|l| {
            let (lo, hi) = l.range_in(&basin);
            if l.is_choice() {
                (lo as usize..=hi as usize).prop_map(|i| i as f64).boxed()
            } else {
                prop_oneof![1 => Just(lo), 1 => Just(hi), 3 => lo..=hi].boxed()
            }
        })
        .collect();
    parts
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_scenarios_close_and_stay_physical(values in lever_value()) {
        let basin = Basin::default_basin();
        let mut s = Scenario::default();
        for (l, v) in LEVERS.iter().zip(values) {
            // Keep the horizon modest so 64 cases stay fast; every other lever spans its range.
            let v = if l.id == LeverId::Years { v.min(40.0) } else { v };
            let v = if l.step >= 1.0 { v.round().clamp(l.min, l.max) } else { v };
            s.set(l.id, v).unwrap();
        }
        let r = run(&basin, &s).unwrap();
        check(&r, &format!("{s:?}"));
    }
}
