//! Any bytes as a basin file: `Basin::from_toml_str` must never panic; a basin it accepts must
//! run (default scenario, 50 years) without panicking either, and a run that succeeds must hold
//! no NaN or infinity and, where Newton converged in every step, close its water balance every
//! month and its lithium balance to round-off (the checks of `crates/model/tests/balance.rs`,
//! with an allowance for the round-off of heads that a tiny or odd basin makes visible). Runs
//! are limited to small basins (the default has 22 cells) so that each iteration stays fast; a
//! grid of thousands of cells is still loaded, just not run.
#![no_main]

use cuenca_model::{run, Basin, Results, Scenario, DAYS_PER_MONTH};
use libfuzzer_sys::fuzz_target;

/// Largest basin that is also run (cells).
const RUN_AT_MOST_CELLS: usize = 64;
/// Monthly closure relative to the month's throughput, as in the balance tests (Newton stops at
/// 1e-12 of the flux throughput or at the round-off of the terms).
const CLOSURE_REL_TOL: f64 = 1e-9;
/// Lithium closure relative to the lithium in the basin, as in the balance tests.
const LI_CLOSURE_REL_TOL: f64 = 1e-12;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(basin) = Basin::from_toml_str(text) {
        if basin.cells.len() <= RUN_AT_MOST_CELLS {
            // An error is a fine answer; a panic (or a hang, via -timeout) is a finding, and so
            // is a run that returns numbers that are not finite or do not balance.
            if let Ok(r) = run(&basin, &Scenario::default()) {
                check(&basin, &r);
            }
        }
    }
});

/// Absolute round-off of a month's water balance, m³. Newton accepts a cell's residual down to
/// the round-off of its terms, which includes `4 ε · slope · (|h| + |h'|)` for every head
/// difference (storage `A(Sy + Ss·b)/Δt` plus open water `A(1 − Sy)/Δt`, and every connection,
/// spring and boundary conductance), and the accounts difference the same heads again. With H
/// the largest |head| or fixed elevation, that is at most `4 ε · 2H · (Σ A(1 + Sy + Ss·b) +
/// Δt · 2 Σ C)` per month; 16 times that leaves room for the sums. In a basin whose fluxes are
/// tiny against `A·H` this, not 1e-9 of the throughput, is what the closure can reach.
fn round_off_m3(basin: &Basin, r: &Results) -> f64 {
    let mut h_max: f64 = 0.0;
    for c in &r.cells {
        h_max = c.head_m.iter().fold(h_max, |m, x| m.max(x.abs()));
    }
    h_max = r.initial_head_m.iter().fold(h_max, |m, x| m.max(x.abs()));
    let mut storage = 0.0;
    let mut conductance = 0.0;
    for c in &basin.cells {
        h_max = h_max.max(c.ground_m.abs()).max(c.bottom_m.abs());
        storage += c.area_m2 * (1.0 + c.sy + c.ss * (c.ground_m - c.bottom_m));
        if let Some(s) = &c.spring {
            h_max = h_max.max(s.elevation_m.abs());
            conductance += 2.0 * s.conductance_m2_per_day;
        }
        if let Some(b) = &c.boundary {
            h_max = h_max.max(b.head_m.abs());
            conductance += b.conductance_m2_per_day;
        }
    }
    for k in &basin.connections {
        conductance += 2.0 * k.conductance_m2_per_day;
    }
    16.0 * 4.0 * f64::EPSILON * 2.0 * h_max * (storage + DAYS_PER_MONTH * 2.0 * conductance)
}

fn check(basin: &Basin, r: &Results) {
    // No NaN or infinity anywhere a person or a chart would read a number.
    for c in &r.cells {
        for (what, v) in [
            ("head", &c.head_m),
            ("depth to water", &c.depth_to_water_m),
            ("drawdown", &c.drawdown_m),
        ] {
            assert!(
                v.iter().all(|x| x.is_finite()),
                "{what} of {} not finite",
                c.id
            );
        }
    }
    let s = &r.series;
    for (what, v) in [
        ("vega area", &s.vega_area_ha),
        ("lagoon area", &s.lagoon_area_ha),
        ("spring flow", &s.spring_flow_l_per_s),
        ("baseline vega area", &s.baseline_vega_area_ha),
        ("baseline lagoon area", &s.baseline_lagoon_area_ha),
        ("baseline spring flow", &s.baseline_spring_flow_l_per_s),
        ("lithium", &s.lithium_t_lce),
        ("lithium pumped", &s.li_pumped_mg_per_l),
        ("lithium mass", &s.li_mass_kg),
        ("lithium closure", &s.li_closure_kg),
        ("closure", &s.closure_relative),
    ] {
        assert!(v.iter().all(|x| x.is_finite()), "{what} not finite");
    }
    for a in r.accounts.iter().chain(r.baseline_accounts.iter()) {
        assert!(
            a.closure_m3.is_finite()
                && a.throughput_m3.is_finite()
                && a.evaporation_m3().is_finite()
                && a.brine.storage_change_m3.is_finite()
                && a.fresh.storage_change_m3.is_finite(),
            "accounts not finite: {a:?}"
        );
    }
    assert!(r.totals.closure_m3.is_finite() && r.totals.lithium_t_lce.is_finite());
    // Closure, where Newton converged in every step (a step that did not is reported in the
    // run's statistics, and its balance need not close).
    if r.stats.steps_not_converged > 0 || r.baseline_stats.steps_not_converged > 0 {
        return;
    }
    let allowance = round_off_m3(basin, r);
    for (m, a) in r
        .accounts
        .iter()
        .chain(r.baseline_accounts.iter())
        .enumerate()
    {
        assert!(
            a.closure_m3.abs() <= CLOSURE_REL_TOL * a.throughput_m3 + allowance,
            "month {m}: closure {} m³ of {} m³ throughput (round-off allowance {allowance} m³)",
            a.closure_m3,
            a.throughput_m3
        );
    }
    let mut before = s.li_mass_kg.first().copied().unwrap_or(0.0);
    for (m, (&c, &mass)) in s.li_closure_kg.iter().zip(&s.li_mass_kg).enumerate() {
        assert!(
            c.abs() <= LI_CLOSURE_REL_TOL * mass.max(before).max(1.0),
            "month {m}: lithium closure {c} kg of {mass} kg"
        );
        assert!(mass >= 0.0, "month {m}: negative lithium mass {mass} kg");
        before = mass;
    }
}
