//! The old-water view (validation target 1's caveat, S27/S30/S31): a share of today's discharge
//! that today's rain does not renew, supplied at a constant rate by old water or by inflow from
//! other basins. Today's state must not depend on the share (it is the observed state either
//! way); only the renewable part follows rain; the balance closes; and "net extraction ÷
//! recharge" divides by the renewable recharge alone.

use crate::common;

use cuenca_model::{presets, run, Basin, LeverId, Results, Scenario};

fn natural_mean_climate() -> Scenario {
    presets::by_id("natural")
        .expect("preset")
        .scenario()
        .with(LeverId::Variability, 0.0)
}

fn run_ok(s: &Scenario, what: &str) -> Results {
    let r = run(&Basin::default_basin(), s).expect(what);
    common::check(&r, what);
    r
}

/// Water entering the aquifers in year `y`: recharge delivered, stream and old water, m³.
fn inflow_in_year(r: &Results, y: usize) -> f64 {
    r.accounts[y * 12..(y + 1) * 12]
        .iter()
        .map(|a| {
            a.brine.recharge_m3
                + a.brine.stream_m3
                + a.brine.old_water_m3
                + a.fresh.recharge_m3
                + a.fresh.stream_m3
                + a.fresh.old_water_m3
        })
        .sum()
}

/// Evaporation plus pumping, the basin's outflows, in the last `n` years, m³.
fn outflow_last_years(r: &Results, n: usize) -> f64 {
    let m = r.accounts.len();
    r.accounts[m - 12 * n..]
        .iter()
        .map(|a| a.evaporation_m3() + a.brine.pumped_m3 + a.fresh.pumped_m3)
        .sum()
}

#[test]
fn todays_state_and_inflow_do_not_depend_on_the_share_of_old_water() {
    let closed = run_ok(&natural_mean_climate(), "share 0");
    for share in [30.0, 80.0] {
        let relic = run_ok(
            &natural_mean_climate().with(LeverId::OldWater, share),
            "old water",
        );
        // The initial condition is today's observed state, whatever feeds it.
        assert_eq!(closed.initial_head_m, relic.initial_head_m, "share {share}");
        // Under the mean climate every year after the first is the same (the lag stores start
        // at the annual mean, not at January's level, so the first year differs by the store's
        // change), and a year's inflow is today's: the modern part (1 − share) through the
        // stores plus the constant old part.
        for y in [1, 2, 49] {
            let (a, b) = (inflow_in_year(&closed, y), inflow_in_year(&relic, y));
            assert!(
                // The store's start-up decays as e^(−t/τ), τ = 1 month: e^(−12) of it is left
                // in year 1, e^(−24) in year 2, nothing by year 49.
                ((a - b) / a).abs() < if y < 49 { 1e-6 } else { 1e-12 },
                "share {share}, year {y}: inflow {b:.9e} vs {a:.9e}"
            );
        }
        let t = &relic.totals.accounts;
        let old = t.brine.old_water_m3 + t.fresh.old_water_m3;
        let modern =
            t.brine.recharge_m3 + t.fresh.recharge_m3 + t.brine.stream_m3 + t.fresh.stream_m3;
        // old : modern = share : (1 − share) over the run, up to the first year's store change.
        let expected = share / (100.0 - share);
        assert!(
            (old / modern - expected).abs() < 2e-3 * expected,
            "share {share}: old/modern {} vs {expected}",
            old / modern
        );
        // And no new trend. The steady state is solved under the mean inflow, and the seasons
        // then settle the slow fan cells a little lower over decades (target 1 allows it); a
        // constant old part has smaller seasons and settles them no further, give or take 2 cm
        // (the north lagoon, whose area law answers the seasons non-linearly).
        for (c, c0) in relic.cells.iter().zip(&closed.cells) {
            let drift = |h: &[f64]| {
                let year_mean = |y: usize| h[y * 12..(y + 1) * 12].iter().sum::<f64>() / 12.0;
                year_mean(49) - year_mean(1)
            };
            let (d, d0) = (drift(&c.head_m), drift(&c0.head_m));
            assert!(
                d.abs() <= d0.abs() + 0.02,
                "share {share}: {} drifts {d} m, {d0} m with no old water",
                c.id
            );
        }
    }
}

#[test]
fn a_drier_climate_cuts_only_the_renewable_part_of_the_inflow() {
    let dry = |share: f64| {
        natural_mean_climate()
            .with(LeverId::PrecipChange, -30.0)
            .with(LeverId::OldWater, share)
    };
    let share = 60.0;
    let (wet0, wet1) = (
        run_ok(&natural_mean_climate(), "today, closed"),
        run_ok(
            &natural_mean_climate().with(LeverId::OldWater, share),
            "today, old",
        ),
    );
    let (dry0, dry1) = (
        run_ok(&dry(0.0), "dry, closed"),
        run_ok(&dry(share), "dry, old"),
    );
    let last = wet0.accounts.len() / 12 - 1;
    let cut0 = inflow_in_year(&wet0, last) - inflow_in_year(&dry0, last);
    let cut1 = inflow_in_year(&wet1, last) - inflow_in_year(&dry1, last);
    assert!(cut0 > 0.0);
    let renewable = 1.0 - share / 100.0;
    assert!(
        (cut1 / cut0 - renewable).abs() < 1e-9,
        "inflow cut {cut1:.4e} vs {cut0:.4e}"
    );
    // Conservation: what leaves the basin falls by what stops coming in, less what storage
    // gives up; after 50 years the outflow cut in the last decade is within a tenth of the
    // inflow cut's ratio.
    let out0 = outflow_last_years(&wet0, 10) - outflow_last_years(&dry0, 10);
    let out1 = outflow_last_years(&wet1, 10) - outflow_last_years(&dry1, 10);
    assert!(out0 > 0.0 && out1 > 0.0);
    let ratio = out1 / out0;
    assert!(
        (ratio - renewable).abs() < 0.1,
        "discharge cut ratio {ratio:.3} vs renewable share {renewable}"
    );
}

#[test]
fn net_extraction_is_compared_with_the_renewable_recharge() {
    let plan = presets::by_id("fs2019")
        .expect("preset")
        .scenario()
        .with(LeverId::Variability, 0.0);
    let share = 50.0;
    let closed = run_ok(&plan, "fs2019");
    let relic = run_ok(&plan.clone().with(LeverId::OldWater, share), "fs2019 old");
    let (a, b) = (&closed.indicators, &relic.indicators);
    assert!(
        (b.mean_recharge_l_per_s / a.mean_recharge_l_per_s - 0.5).abs() < 1e-9,
        "renewable recharge {} vs {}",
        b.mean_recharge_l_per_s,
        a.mean_recharge_l_per_s
    );
    // The same pumping (no shortfall in either run) against half the renewable recharge.
    assert_eq!(a.shortfall_m3, 0.0);
    assert_eq!(b.shortfall_m3, 0.0);
    let pumped =
        |r: &Results| r.totals.accounts.brine.pumped_m3 + r.totals.accounts.fresh.pumped_m3;
    assert!(((pumped(&relic) - pumped(&closed)) / pumped(&closed)).abs() < 1e-3);
    let ratio = b.net_extraction_share_of_recharge / a.net_extraction_share_of_recharge;
    assert!((ratio - 2.0).abs() < 2e-3, "net ÷ recharge ratio {ratio}");
}
