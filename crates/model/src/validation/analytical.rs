//! Analytical checks of the groundwater solver, with their errors: drawdown around a well in a
//! uniform confined aquifer against Theis (1935), and a linear store draining through a
//! general-head boundary against its exponential recession. The same runs are asserted point by
//! point in `tests/analytical.rs`, with the tolerances' reasons. The basins are small files, so
//! these need the TOML reader.

use std::f64::consts::PI;

use super::{measured, well_function, Check};
use crate::physics::groundwater::{EvapLaws, Groundwater, StepForcing, StopReason};
use crate::{Basin, RunError};

fn basin(toml: &str) -> Result<Basin, RunError> {
    Basin::from_toml_str(toml).map_err(|e| RunError::SteadyState {
        reason: e.to_string(),
    })
}

/// Cell size of the Theis grid, m; transmissivity, m²/d; storativity; well rate, m³/d.
pub const THEIS_DX_M: f64 = 200.0;
const THEIS_T_M2_PER_DAY: f64 = 100.0;
const THEIS_S: f64 = 1e-4;
const THEIS_Q_M3_PER_DAY: f64 = 500.0;

/// The model's drawdown at one point of the Theis grid and Theis's.
#[derive(Debug, Clone, Copy)]
pub struct TheisPoint {
    pub t_days: f64,
    pub r_m: f64,
    pub model_m: f64,
    pub theis_m: f64,
}

impl TheisPoint {
    pub fn relative_error(&self) -> f64 {
        (self.model_m - self.theis_m) / self.theis_m
    }
}

/// A Theis run: the points, and whether every step converged, and the matrix's bandwidth.
pub struct TheisRun {
    pub points: Vec<TheisPoint>,
    pub converged: bool,
    pub bandwidth: usize,
}

/// A 41 × 41 confined grid (Δx = 200 m, 8 km square, T = 100 m²/d, S = 1e-4), one well of
/// 500 m³/d in the centre, backward Euler from 1e-4 day steps growing ×1.1: the drawdown at
/// `cells` cells from the well after half a day and two days.
pub fn theis_grid(cells: &[u32]) -> Result<TheisRun, RunError> {
    let b = basin(
        r#"
        [grid]
        nx = 41
        ny = 41
        dx_m = 200.0
        dy_m = 200.0
        top_m = 100.0
        bottom_m = 0.0
        t_m2_per_day = 100.0
        sy = 0.0
        ss = 1.0e-6
        initial_head_m = 200.0
    "#,
    )?;
    let mut gw = Groundwater::new(&b, EvapLaws::none(), 1.0, 1.0, 1.0);
    let mut f = StepForcing::zeros(gw.n);
    f.pump_request[b.cell_index("g_20_20").unwrap_or(0)] = THEIS_Q_M3_PER_DAY;
    let (mut h, mut h_old) = (vec![200.0; gw.n], vec![200.0; gw.n]);
    let (mut t, mut dt) = (0.0_f64, 1e-4_f64);
    let mut run = TheisRun {
        points: Vec::new(),
        converged: true,
        bandwidth: gw.bandwidth(),
    };
    for t_out in [0.5, 2.0] {
        while t < t_out - 1e-12 {
            let step = dt.min(t_out - t);
            h_old.copy_from_slice(&h);
            run.converged &= gw.solve(&mut h, &h_old, step, &f).reason == StopReason::Converged;
            t += step;
            dt *= 1.1;
        }
        for &k in cells {
            let r = f64::from(k) * THEIS_DX_M;
            let u = r * r * THEIS_S / (4.0 * THEIS_T_M2_PER_DAY * t);
            run.points.push(TheisPoint {
                t_days: t_out,
                r_m: r,
                model_m: 200.0 - h[b.cell_index(&format!("g_{}_20", 20 + k)).unwrap_or(0)],
                theis_m: THEIS_Q_M3_PER_DAY / (4.0 * PI * THEIS_T_M2_PER_DAY) * well_function(u),
            });
        }
    }
    Ok(run)
}

/// Initial head (m) and time constant (days) of the linear store: 1 km², Sy = 0.1, draining
/// through a boundary of 1000 m²/d to head 0, so τ = A·Sy/C = 100 days.
pub const STORE_H0_M: f64 = 10.0;
pub const STORE_TAU_DAYS: f64 = 100.0;

/// The store's head after each of `days` daily backward-Euler steps (1-based days, ascending).
pub fn linear_store(days: &[u32]) -> Result<Vec<f64>, RunError> {
    let b = basin(
        r#"
        [[cells]]
        id = "store"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 20.0
        bottom_m = -100.0
        sy = 0.1
        ss = 0.0
        initial_head_m = 10.0
        boundary = { head_m = 0.0, conductance_m2_per_day = 1000.0 }
    "#,
    )?;
    let mut gw = Groundwater::new(&b, EvapLaws::none(), 1.0, 1.0, 1.0);
    let f = StepForcing::zeros(1);
    let mut h = vec![STORE_H0_M];
    let mut out = Vec::new();
    for day in 1..=days.iter().copied().max().unwrap_or(0) {
        let old = h.clone();
        gw.solve(&mut h, &old, 1.0, &f);
        if days.contains(&day) {
            out.push(h[0]);
        }
    }
    Ok(out)
}

/// Backward Euler's own relative error after `t` days of 1-day steps is at most
/// exp(t·Δt/(2τ²)) − 1 (x − ln(1 + x) ≤ x²/2 with x = Δt/τ).
pub fn linear_store_bound(t_days: f64) -> f64 {
    (t_days / (2.0 * STORE_TAU_DAYS * STORE_TAU_DAYS)).exp() - 1.0
}

pub(super) fn checks() -> Result<Vec<Check>, RunError> {
    // At 2 cells the square well cell's own error (a few per cent) dominates: 3 and 5 cells.
    let theis = theis_grid(&[3, 5])?;
    let worst = theis
        .points
        .iter()
        .map(|p| p.relative_error().abs())
        .fold(0.0, f64::max);
    let days = 300;
    let h = linear_store(&[days])?[0];
    let exact = STORE_H0_M * (-f64::from(days) / STORE_TAU_DAYS).exp();
    Ok(vec![
        measured(
            0,
            "theis_error_pct",
            (
                "Descenso alrededor de un pozo frente a la solución de Theis (mayor error a 600 y \
                 1000 m, a medio día y a dos días)",
                "Drawdown around a well against the Theis solution (largest error at 600 and \
                 1,000 m, after half a day and two days)",
            ),
            100.0 * worst,
            (0.0, 2.0),
            "%",
            "Theis (1935)",
        ),
        measured(
            0,
            "linear_store_error_pct",
            (
                "Vaciado de un acuífero por un borde frente a la exponencial exacta (error \
                 relativo a los 300 días; el máximo es el del paso de un día)",
                "A store draining through a boundary against the exact exponential (relative \
                 error after 300 days; the most allowed is that of a one-day step)",
            ),
            100.0 * (h - exact).abs() / exact,
            (0.0, 100.0 * linear_store_bound(f64::from(days))),
            "%",
            "closed form",
        ),
    ])
}
