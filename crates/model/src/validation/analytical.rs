//! Analytical checks of the groundwater solver, with their errors: drawdown around a well in a
//! uniform confined aquifer against Theis (1935), and a linear store draining through a
//! general-head boundary against its exponential recession. (The model's tests hold more of
//! them: `tests/analytical.rs`.) The basins are small files, so these need the TOML reader.

use std::f64::consts::PI;

use super::{measured, well_function, Check};
use crate::physics::groundwater::{EvapLaws, Groundwater, StepForcing};
use crate::{Basin, RunError};

fn no_evaporation() -> EvapLaws {
    EvapLaws {
        mudflat_surface_m_per_day: 0.0,
        crust_surface_m_per_day: 0.0,
        vega_m_per_day: 0.0,
        lagoon_m_per_day: 0.0,
        decay_m: 0.35,
        extinction_m: 2.0,
    }
}

fn basin(toml: &str) -> Result<Basin, RunError> {
    Basin::from_toml_str(toml).map_err(|e| RunError::SteadyState {
        reason: e.to_string(),
    })
}

/// A 41 × 41 confined grid (Δx = 200 m, T = 100 m²/d, S = 1e-4), one well of 500 m³/d in the
/// centre: the largest relative error against Theis at 3 and 5 cells from the well, after half
/// a day and two days. (At 2 cells the square well cell's own error, a few per cent, dominates.)
fn theis_error_pct() -> Result<f64, RunError> {
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
    let mut gw = Groundwater::new(&b, no_evaporation(), 1.0, 1.0, 1.0);
    let mut f = StepForcing::zeros(gw.n);
    f.pump_request[b.cell_index("g_20_20").unwrap_or(0)] = 500.0;
    let (mut h, mut h_old) = (vec![200.0; gw.n], vec![200.0; gw.n]);
    let (transmissivity, storativity) = (100.0, 1e-4);
    let (mut t, mut dt, mut worst) = (0.0_f64, 1e-4_f64, 0.0_f64);
    for t_out in [0.5, 2.0] {
        while t < t_out - 1e-12 {
            let step = dt.min(t_out - t);
            h_old.copy_from_slice(&h);
            gw.solve(&mut h, &h_old, step, &f);
            t += step;
            dt *= 1.1;
        }
        for cells in [3, 5] {
            let r = f64::from(cells) * 200.0;
            let theis = 500.0 / (4.0 * PI * transmissivity)
                * well_function(r * r * storativity / (4.0 * transmissivity * t));
            let model = 200.0 - h[b.cell_index(&format!("g_{}_20", 20 + cells)).unwrap_or(0)];
            worst = worst.max(((model - theis) / theis).abs());
        }
    }
    Ok(100.0 * worst)
}

/// One cell (1 km², Sy = 0.1) draining through a boundary of 1000 m²/d to head 0: the relative
/// error against h₀·e^(−t/τ), τ = 100 days, after 300 daily steps.
fn linear_store_error() -> Result<(f64, f64), RunError> {
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
    let mut gw = Groundwater::new(&b, no_evaporation(), 1.0, 1.0, 1.0);
    let f = StepForcing::zeros(1);
    let mut h = vec![10.0];
    let (tau, days) = (100.0, 300);
    for _ in 0..days {
        let old = h.clone();
        gw.solve(&mut h, &old, 1.0, &f);
    }
    let t = f64::from(days);
    let exact = 10.0 * (-t / tau).exp();
    // Backward Euler's own error over t with Δt = 1 day is at most exp(tΔt/(2τ²)) − 1.
    let bound = (t / (2.0 * tau * tau)).exp() - 1.0;
    Ok(((h[0] - exact).abs() / exact, bound))
}

pub(super) fn checks() -> Result<Vec<Check>, RunError> {
    let (store, bound) = linear_store_error()?;
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
            theis_error_pct()?,
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
            100.0 * store,
            (0.0, 100.0 * bound),
            "%",
            "closed form",
        ),
    ])
}
