//! Analytical references: the Theis solution for a well in a uniform confined aquifer, the
//! exponential recession of a single linear store and of a spring, evaporation's steady depths
//! and its logistic recession.

use cuenca_model::physics::groundwater::{EvapLaws, Groundwater, StepForcing, StopReason};
use cuenca_model::Basin;

use crate::common;
use cuenca_model::validation::analytical::{
    linear_store, linear_store_bound, theis_grid, STORE_H0_M, STORE_TAU_DAYS, THEIS_DX_M,
};
use cuenca_model::validation::well_function;

#[test]
fn well_function_matches_tables() {
    // Tabulated W(u) (e.g. Kruseman & de Ridder, Table 3.1).
    for (u, w) in [
        (0.01, 4.0379),
        (0.1, 1.8229),
        (1.0, 0.2194),
        (5.0, 0.001148),
        (1e-4, 8.6332),
    ] {
        assert!(
            (well_function(u) - w).abs() < 1e-4 * w.max(0.1),
            "W({u}) = {} vs {w}",
            well_function(u)
        );
    }
}

fn laws() -> EvapLaws {
    common::no_evaporation()
}

/// The 41 × 41 confined grid of `validation::analytical` (Δx = 200 m, 8 km square, T = 100 m²/d,
/// S = 1e-4, one well of 500 m³/d in the centre), compared with Theis at r = 400, 600, 1000 m and
/// t = 0.5 and 2 days.
///
/// Tolerance: 4 % at r = 2Δx and 2 % farther out. Justification: (1) the five-point finite-volume
/// scheme represents the well as a square cell of equivalent radius ≈ 0.2Δx (Peaceman 1978), and
/// its head gradient error near the well decays as (Δx/r)²: a few per cent at 2Δx, ≲1 % at 5Δx;
/// (2) backward Euler with geometrically growing steps (first 1e-4 d, ratio 1.1) adds well
/// under 1 %; (3) the edge is 4 km away: at t = 2 d, u = r²S/4Tt = 8 at the nearest image well,
/// W(8) ≈ 4e-5, so the no-flow boundary adds < 0.01 % of the drawdown.
#[test]
fn theis_drawdown_in_a_uniform_confined_grid() {
    let run = theis_grid(&[2, 3, 5]).expect("grid basin");
    // The band must hold every coupling: no ordering of an n × n grid's cells has a bandwidth
    // below n (Chvátalová 1975), and RCM's level sets keep it within one row more.
    assert!((41..=42).contains(&run.bandwidth), "{}", run.bandwidth);
    assert!(run.converged);
    assert_eq!(run.points.len(), 6);
    for p in &run.points {
        let tol = if p.r_m <= 2.0 * THEIS_DX_M {
            0.04
        } else {
            0.02
        };
        println!(
            "t = {} d, r = {} m: model {:.4} m, Theis {:.4} m, error {:+.2} %",
            p.t_days,
            p.r_m,
            p.model_m,
            p.theis_m,
            100.0 * p.relative_error()
        );
        assert!(
            p.relative_error().abs() < tol,
            "r = {}, t = {}: {} vs {}",
            p.r_m,
            p.t_days,
            p.model_m,
            p.theis_m
        );
    }
}

/// One cell (A = 1 km², S = 0.1) draining through a general-head boundary (C = 1000 m²/d) to
/// head 0: h(t) = h0·exp(−C t/(A S)), τ = 100 d. Backward Euler with Δt = 1 d gives
/// h_n = h0 (1 + Δt/τ)^−n, whose relative error against the exponential is bounded by
/// exp(t·Δt/(2τ²)) − 1 (≈ t·Δt/(2τ²), first-order local error accumulated); the test uses that bound.
#[test]
fn linear_store_recedes_exponentially() {
    let days = [30, 100, 300];
    let heads = linear_store(&days).expect("store basin");
    for (&day, &h) in days.iter().zip(&heads) {
        let t = f64::from(day);
        let exact = STORE_H0_M * (-t / STORE_TAU_DAYS).exp();
        let bound = linear_store_bound(t);
        let rel = (h - exact) / exact;
        println!("t = {t} d: model {h:.6} m, exact {exact:.6} m, rel error {rel:.2e} (bound {bound:.2e})");
        assert!(rel.abs() <= bound, "t = {t}");
        // Backward Euler recursion exactly (to round-off).
        assert!((h - STORE_H0_M / (1.0 + 1.0 / STORE_TAU_DAYS).powi(day as i32)).abs() < 1e-9);
    }
}

/// One closed cell (A = 1 km², Sy = 0.1, Ss = 0, no evaporation) receiving a known volume V over
/// one step (as recharge: injection wells refuse water as the table reaches the ground, see
/// tests/reinjection.rs). References: below the ground surface the head rises V/(A·Sy); above
/// it the water is open and the head rises V/A; a step that crosses the ground first fills the
/// remaining pore space `A·Sy·(z − h0)` and then rises as open water. The smoothing blend of the
/// kink is ±`PONDING_BLEND_M`/2 wide and the relation is exact outside it, so with both heads
/// outside the blend the references hold to Newton's tolerance.
#[test]
fn storage_is_sy_below_ground_and_one_above() {
    use cuenca_model::physics::groundwater::PONDING_BLEND_M;
    let basin = common::box_basin(0.1, 0.0, 10.0);
    let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
    let (area, sy, z) = (1.0e6, 0.1, 20.0);
    let inject = 1.0e5; // m³ over one 1-day step
                        // (initial head, reference final head)
    let below_h0 = 10.0;
    let ponded_h0 = 20.5;
    let cross_h0 = 19.5;
    let cases = [
        (below_h0, below_h0 + inject / (area * sy)),
        (ponded_h0, ponded_h0 + inject / area),
        (cross_h0, z + (inject - area * sy * (z - cross_h0)) / area),
    ];
    for (h0, reference) in cases {
        let mut f = StepForcing::zeros(1);
        f.recharge[0] = inject;
        let mut h = vec![h0];
        let rep = gw.solve(&mut h, &[h0], 1.0, &f);
        assert_eq!(rep.reason, StopReason::Converged);
        assert!(
            (reference - z).abs() > PONDING_BLEND_M && (h0 - z).abs() > PONDING_BLEND_M,
            "reference outside the blend"
        );
        println!("h0 = {h0}: model {:.9} m, reference {reference:.9} m", h[0]);
        assert!((h[0] - reference).abs() < 1e-9, "h0 = {h0}");
        // The stored volume change equals the injected volume (mass conservation).
        let dv = gw.volume_change(0, h[0], h0);
        assert!((dv - inject).abs() < 1e-6, "ΔV = {dv}");
    }
    // Inside the blend the relation is smooth and still conservative.
    let mut f = StepForcing::zeros(1);
    f.recharge[0] = 1.0e3;
    let mut h = vec![z - 0.005];
    let rep = gw.solve(&mut h, &[z - 0.005], 1.0, &f);
    assert_eq!(rep.reason, StopReason::Converged);
    assert!((gw.volume_change(0, h[0], z - 0.005) - 1.0e3).abs() < 1e-8);
}

/// A rate in mm/yr as m/day.
fn per_day(mm_per_yr: f64) -> f64 {
    mm_per_yr / 1000.0 / 365.25
}

/// The basin's evaporation laws (rates in m/day) as its parameters give them.
fn zone_laws(basin: &Basin) -> EvapLaws {
    let ev = &basin.physical.evaporation;
    EvapLaws {
        mudflat_surface_m_per_day: per_day(ev.mudflat_surface_mm_per_yr),
        crust_surface_m_per_day: per_day(ev.nucleus_mm_per_yr),
        vega_m_per_day: per_day(ev.vega_et_mm_per_yr),
        lagoon_m_per_day: per_day(basin.physical.climate.lagoon_evap_mm_per_yr),
        decay_m: ev.decay_m,
        extinction_m: ev.extinction_m,
    }
}

/// The depth at which evaporation `E·A·f(d)` with the depth law of the brief
/// (`f = (e^{−d/dₑ} − e^{−dₓ/dₑ}) / (1 − e^{−dₓ/dₑ})`, linear above the ground) takes away a
/// recharge `R`, solved in closed form: `ρ = R/(A·E)`; below ground `d = −dₑ ln(ρ(1 − x) + x)`
/// with `x = e^{−dₓ/dₑ}`; for `ρ > 1` the water stands `(ρ − 1)·dₑ·(1 − x)` above the ground.
fn steady_depth(rho: f64, decay: f64, extinction: f64) -> f64 {
    let x = (-extinction / decay).exp();
    if rho <= 1.0 {
        -decay * (rho * (1.0 - x) + x).ln()
    } else {
        -(rho - 1.0) * decay * (1.0 - x)
    }
}

/// Steady states of single cells where a known recharge leaves only by evaporation, against the
/// closed forms above: vega cells with the root law (`VEGA_ROOT_DECAY_M`, `VEGA_EXTINCTION_M`,
/// rate `wb.vega_et`), one of them ponded; a mud-flat cell with the bare-soil law (`wb.evap_decay`,
/// `wb.evap_extinction`, rate `wb.evap_e0`); and a lagoon whose open-water fraction
/// `φ = softplus(4 s/s_full)/4` (stage s above the bed) balances `R + A·rain·φ = A·E_lag·φ`, so
/// `s = (s_full/4)·ln(e^{4φ} − 1)` with `φ = R/(A(E_lag − rain))`.
///
/// Tolerance 1e-9 m: Newton stops at 1e-12 of the flux throughput, i.e. ~1e-12·dₑ/ρ m of depth,
/// and the model's exponentials are within an ulp of libm's. Vegas given the bare-soil law
/// instead of the root law would settle 0.3–1 m shallower.
#[test]
fn recharge_balances_evaporation_at_the_closed_form_depth_for_each_zone_law() {
    use cuenca_model::physics::surface::{
        LAGOON_FULL_STAGE_M, LAGOON_SHAPE, VEGA_EXTINCTION_M, VEGA_ROOT_DECAY_M,
    };
    let cell = |id: &str, evap: &str| {
        format!(
            "[[cells]]\nid = \"{id}\"\nkind = \"aquifer\"\nevap = \"{evap}\"\narea_km2 = 1.0\n\
             ground_m = 100.0\nbottom_m = -300.0\nsy = 0.1\nss = 0.0\n"
        )
    };
    // (id, zone, R / (A·E)): deep and mid vega, a ponded vega, a mud-flat, a lagoon.
    let cases = [
        ("vega_deep", "vega", 0.05),
        ("vega_mid", "vega", 0.3),
        ("vega_ponded", "vega", 1.2),
        ("flat_mid", "mudflat", 0.3),
        ("flat_deep", "mudflat", 0.02),
        ("lagoon", "lagoon", 0.6),
    ];
    let toml: String = cases.iter().map(|(id, z, _)| cell(id, z)).collect();
    let basin = Basin::from_toml_str(&toml).expect("cells");
    let laws = zone_laws(&basin);
    let mut gw = Groundwater::new(&basin, laws, 1.0, 1.0, 1.0);
    let n = gw.n;
    let area = 1.0e6;
    let rain = per_day(80.0); // rain on open water, m/day (clim.precip_salar)
    let mut f = StepForcing::zeros(n);
    f.rain_m_per_day = rain;
    let mut expected = vec![0.0; n];
    for (i, &(_, zone, rho)) in cases.iter().enumerate() {
        let (e, depth) = match zone {
            "vega" => (
                laws.vega_m_per_day,
                steady_depth(rho, VEGA_ROOT_DECAY_M, VEGA_EXTINCTION_M),
            ),
            "mudflat" => (
                laws.mudflat_surface_m_per_day,
                steady_depth(rho, laws.decay_m, laws.extinction_m),
            ),
            _ => {
                // φ = ρ: the recharge is chosen as ρ·A·(E − rain).
                let stage =
                    LAGOON_FULL_STAGE_M / LAGOON_SHAPE * ((LAGOON_SHAPE * rho).exp() - 1.0).ln();
                (laws.lagoon_m_per_day - rain, -stage)
            }
        };
        f.recharge[i] = rho * area * e;
        expected[i] = depth;
    }
    let mut h = vec![100.0; n];
    let rep = gw.solve(&mut h, &vec![100.0; n], f64::INFINITY, &f);
    assert_eq!(rep.reason, StopReason::Converged);
    for (i, &(id, _, rho)) in cases.iter().enumerate() {
        let depth = 100.0 - h[i];
        println!(
            "{id:<12} R/(A·E) = {rho:<5}: depth {depth:+.6} m, closed form {:+.6} m",
            expected[i]
        );
        assert!(
            (depth - expected[i]).abs() < 1e-9,
            "{id}: {depth} m vs {} m",
            expected[i]
        );
    }
}

/// Evaporation alone empties a closed cell (no recharge, no neighbours): with `u = e^{−d/dₑ}` the
/// depth law makes `Sy·ḋ = E·f(d)` the logistic `u̇ = a·u·(x − u)`, `a = E/(dₑ·Sy·(1 − x))`, so
/// `u(t) = x / (1 + (x/u₀ − 1)·e^{−a·x·t})` and the water table falls towards the extinction depth
/// without reaching it. Two references for each zone law (vega roots, bare mud-flat):
/// - the backward-Euler recursion the model solves, `Sy·(d' − d) = Δt·E·f(d')`, found here by
///   bisection (the left side minus the right grows with d'), to 1e-9 m;
/// - the closed form, within the global error of backward Euler on a dissipative equation
///   (`∂ḋ/∂d < 0`, so no step amplifies an earlier error): the sum of local errors
///   `Δt²/2·|d̈|`, and `|d̈| = |∂ḋ/∂d|·ḋ` only falls along the path, so the sum is at most
///   `Δt/2·(Δt·|d̈(0)| + ḋ(0) − ḋ(t))`.
///
/// Vegas given the bare-soil law would recede along the other curve: after 11 years the two
/// tables are more than a metre apart.
#[test]
fn evaporation_alone_draws_the_water_table_down_along_its_closed_form() {
    use cuenca_model::physics::surface::{VEGA_EXTINCTION_M, VEGA_ROOT_DECAY_M};
    let cell = |id: &str, evap: &str| {
        format!(
            "[[cells]]\nid = \"{id}\"\nkind = \"aquifer\"\nevap = \"{evap}\"\narea_km2 = 1.0\n\
             ground_m = 100.0\nbottom_m = -300.0\nsy = 0.1\nss = 0.0\n"
        )
    };
    let basin =
        Basin::from_toml_str(&(cell("vega", "vega") + &cell("flat", "mudflat"))).expect("cells");
    let laws = zone_laws(&basin);
    // (rate m/day, decay m, extinction m) of each cell's law.
    let cell_laws = [
        (laws.vega_m_per_day, VEGA_ROOT_DECAY_M, VEGA_EXTINCTION_M),
        (
            laws.mudflat_surface_m_per_day,
            laws.decay_m,
            laws.extinction_m,
        ),
    ];
    let mut gw = Groundwater::new(&basin, laws, 1.0, 1.0, 1.0);
    let (sy, dt, d0, steps) = (0.1, 1.0, 0.1, 4000);
    let f = StepForcing::zeros(2);
    let mut h = vec![100.0 - d0; 2];
    let mut recursion = [d0; 2];
    let mut finals = [0.0; 2];
    for step in 1..=steps {
        let old = h.clone();
        let rep = gw.solve(&mut h, &old, dt, &f);
        assert_eq!(rep.reason, StopReason::Converged);
        for (i, &(e, decay, extinction)) in cell_laws.iter().enumerate() {
            let x = (-extinction / decay).exp();
            let law = |d: f64| ((-d / decay).exp() - x) / (1.0 - x);
            // Backward Euler by bisection between the last depth and the extinction depth.
            let last = recursion[i];
            let (mut lo, mut hi) = (last, extinction);
            for _ in 0..200 {
                let mid = 0.5 * (lo + hi);
                if sy * (mid - last) - dt * e * law(mid) < 0.0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            recursion[i] = 0.5 * (lo + hi);
            let depth = 100.0 - h[i];
            assert!(
                (depth - recursion[i]).abs() < 1e-9,
                "cell {i}, step {step}: {depth} m vs {} m",
                recursion[i]
            );
            if step % 1000 == 0 {
                let t = step as f64 * dt;
                let a = e / (decay * sy * (1.0 - x));
                let u0 = (-d0 / decay).exp();
                let u = x / (1.0 + (x / u0 - 1.0) * (-a * x * t).exp());
                let exact = -decay * u.ln();
                let rate = |d: f64| e * law(d) / sy;
                let slope = |d: f64| e * (-d / decay).exp() / (decay * (1.0 - x)) / sy;
                let bound = 0.5 * dt * (dt * slope(d0) * rate(d0) + rate(d0) - rate(exact)) + 1e-9;
                println!(
                    "cell {i}, t = {t} d: depth {depth:.6} m, closed form {exact:.6} m, \
                     difference {:.2e} m (bound {bound:.2e})",
                    depth - exact
                );
                assert!((depth - exact).abs() <= bound, "cell {i}, t = {t}");
                finals[i] = depth;
            }
        }
    }
    // Both tables fell well below where they started, along different curves.
    assert!(finals.iter().all(|&d| d > 5.0 * d0), "{finals:?}");
    assert!((finals[0] - finals[1]).abs() > 1.0, "{finals:?}");
}

/// A spring (drain) of conductance C at outlet elevation z, fed by recharge R, settles where
/// `R = C·w·softplus((h − z)/w)` (w = `SPRING_SMOOTHING_M`), i.e. `h = z + w·ln(e^{R/(Cw)} − 1)`,
/// and the receiving cell, drained by a general-head boundary (H, C_b), at `H + R/C_b`. Without
/// recharge the spring empties its cell as a linear store, `τ = A·Sy/C`: while `h − z ≥ 40·w`
/// = 2 m the smoothed law is exactly `C·(h − z)`, so backward Euler with Δt is
/// `h_n − z = (h_0 − z)(1 + Δt/τ)^−n` to round-off, within the bound `exp(tΔt/(2τ²)) − 1` of the
/// exponential (as for the boundary recession above).
#[test]
fn a_spring_settles_at_its_closed_form_head_and_recedes_exponentially() {
    use cuenca_model::physics::surface::SPRING_SMOOTHING_M;
    let toml = r#"
        [[cells]]
        id = "fan"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 120.0
        bottom_m = -300.0
        sy = 0.1
        ss = 0.0
        spring = { to = "sink", elevation_m = 100.0, conductance_m2_per_day = 500.0 }
        [[cells]]
        id = "sink"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 120.0
        bottom_m = -300.0
        sy = 0.1
        ss = 0.0
        boundary = { head_m = 50.0, conductance_m2_per_day = 1000.0 }
    "#;
    let basin = Basin::from_toml_str(toml).expect("spring basin");
    let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
    let (z, c, w) = (100.0, 500.0, SPRING_SMOOTHING_M);
    // Steady states under R = 700 m³/day (1.4 m above the outlet, where the law is linear) and
    // R = 20 m³/day (0.01 m above it, inside the smoothing).
    let mut sink_head = 0.0;
    for recharge in [700.0, 20.0] {
        let mut f = StepForcing::zeros(2);
        f.recharge[0] = recharge;
        let mut h = vec![110.0, 60.0];
        let rep = gw.solve(&mut h, &[110.0, 60.0], f64::INFINITY, &f);
        assert_eq!(rep.reason, StopReason::Converged);
        let spring_head = z + w * ((recharge / (c * w)).exp() - 1.0).ln();
        sink_head = 50.0 + recharge / 1000.0;
        println!(
            "R = {recharge}: spring cell {:.9} m (closed form {spring_head:.9}), sink {:.9} m ({sink_head:.9})",
            h[0], h[1]
        );
        // Newton's 1e-12 of the throughput (≤ 1e3 m³/day) over slopes of ≥ 100 m²/day.
        assert!((h[0] - spring_head).abs() < 1e-9 && (h[1] - sink_head).abs() < 1e-9);
    }
    // Recession from 10 m above the outlet, daily steps, no recharge.
    let f = StepForcing::zeros(2);
    let tau = 1.0e6 * 0.1 / c;
    let h0 = 10.0;
    let mut h = vec![z + h0, sink_head];
    for day in 1..=300 {
        let old = h.clone();
        let rep = gw.solve(&mut h, &old, 1.0, &f);
        assert_eq!(rep.reason, StopReason::Converged);
        let above = h[0] - z;
        assert!(above >= 40.0 * w, "day {day}: left the linear part");
        let recursion = h0 / (1.0 + 1.0 / tau).powi(day);
        assert!(
            (above - recursion).abs() < 1e-9,
            "day {day}: {above} vs {recursion}"
        );
        if [30, 100, 300].contains(&day) {
            let t = day as f64;
            let exact = h0 * (-t / tau).exp();
            let bound = (t / (2.0 * tau * tau)).exp() - 1.0;
            let rel = (above - exact) / exact;
            println!("t = {t} d: {above:.6} m above the outlet, exponential {exact:.6} m, rel {rel:.2e} (bound {bound:.2e})");
            assert!(rel.abs() <= bound, "t = {t}");
        }
    }
}

/// A basin file's fixed well in one closed cell (A = 1 km², Sy = 0.1, Ss = 0, no evaporation,
/// no recharge, far above its bottom) lowers the head by `Q·t/(A·Sy)`, exactly, whatever the
/// step: the drawdown from the initial heads after m months is `Q·m·(days per month)/(A·Sy)`.
/// The no-project run has the well too, so the drawdown against it is zero.
#[test]
fn a_fixed_well_in_a_closed_cell_draws_down_linearly_from_the_initial_head() {
    use cuenca_model::{run_with_options, LeverId, RunOptions, Scenario, DAYS_PER_MONTH};
    let toml = r#"
        [[cells]]
        id = "box"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 20.0
        bottom_m = -500.0
        sy = 0.1
        ss = 0.0
        initial_head_m = 10.0
        [[wells]]
        cell = "box"
        rate_m3_per_day = 1000.0
    "#;
    let basin = Basin::from_toml_str(toml).expect("box basin");
    let scenario = Scenario::default().with(LeverId::Years, 1.0);
    for substeps in [1, 4] {
        let opts = RunOptions {
            substeps_per_month: substeps,
            ..RunOptions::default()
        };
        let r = run_with_options(&basin, &scenario, &opts).expect("run");
        assert_eq!(r.initial_head_m, [10.0]);
        let drawdown = r.drawdown_from_initial_m(0);
        assert_eq!(drawdown.len(), 12);
        for (m, d) in drawdown.iter().enumerate() {
            let exact = 1000.0 * (m + 1) as f64 * DAYS_PER_MONTH / (1.0e6 * 0.1);
            assert!(
                (d - exact).abs() < 1e-9,
                "{substeps} steps a month, month {m}: {d} m vs {exact} m"
            );
        }
        assert!(r.cells[0].drawdown_m.iter().all(|&d| d == 0.0));
        assert!(r.drawdown_from_initial_m(1).is_empty());
    }
}
