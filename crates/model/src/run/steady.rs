//! The steady pre-development state: the heads at which the expected recharge of today's climate
//! as the run draws it (with or without variability, `physics::recharge`), community use and the
//! basin file's fixed wells balance evaporation and springs. Found by pseudo-transient
//! continuation (implicit steps of growing length from a water table just below the ground,
//! then one steady Newton solve), which converges from far away where a cold steady solve of
//! these strongly non-linear surface laws may not.

use crate::physics::groundwater::{StepForcing, StopReason};

use super::setup::Setup;
use super::RunError;

/// Depth of the starting water table below the ground, m.
const START_DEPTH_M: f64 = 1.0;
/// A lens cell starts with its fresh head at least this far above its brine head (a lens
/// `(1 + α)` times as thick), m.
const START_LENS_EXCESS_M: f64 = 0.1;
/// First pseudo-time step, days.
const FIRST_STEP_DAYS: f64 = 1.0;
/// Growth of the step after a converged step, and its cut after a failed one. Once a step has
/// failed, steps grow more slowly (a lens cell's thickness makes some stretches of pseudo-time
/// harder for Newton than others).
const STEP_GROWTH: f64 = 4.0;
const STEP_GROWTH_AFTER_CUT: f64 = 2.0;
const STEP_CUT: f64 = 0.25;
/// Most pseudo-time steps before the steady solve (2⁸⁰ days is far beyond any basin's response).
const MAX_PSEUDO_STEPS: usize = 80;

impl Setup {
    /// Initial heads: given in the basin file, or the steady pre-development state.
    ///
    /// The result holds every unknown: a head per cell, then each lens cell's brine head (given
    /// heads are water tables; a lens cell's two heads follow from [`Setup::lens_start`]), and
    /// the largest growth factor of the steady solve's eliminations (0 unless watched).
    pub(crate) fn initial_heads(&self) -> Result<(Vec<f64>, f64), RunError> {
        if let Some(h) = &self.given_heads {
            return Ok((self.lens_start(h, &self.given_interfaces), 0.0));
        }
        let mut gw = self.gw.clone();
        let n = gw.n;
        let mut f = StepForcing::zeros(n);
        let mut stream = vec![0.0; n];
        for c in &self.catch {
            Setup::route(c, c.expected_m3_per_day, &mut f.recharge, &mut stream);
        }
        for (r, s) in f.recharge.iter_mut().zip(&stream) {
            *r += s;
        }
        if let Some((cell, q)) = self.community {
            f.pump_request[cell] += q;
        }
        self.add_fixed_wells(&mut f);
        f.rain_m_per_day = self.rain_mean_m_per_day;
        f.evap_season = 1.0;
        let mut h = self.steady_start();
        let mut prev = h.clone();
        let mut dt = FIRST_STEP_DAYS;
        let mut growth = STEP_GROWTH;
        let mut pivot_growth = 0.0_f64;
        for _ in 0..MAX_PSEUDO_STEPS {
            let r = gw.solve(&mut h, &prev, dt, &f);
            pivot_growth = pivot_growth.max(r.pivot_growth);
            if r.reason != StopReason::Converged {
                h.copy_from_slice(&prev);
                dt *= STEP_CUT;
                growth = STEP_GROWTH_AFTER_CUT;
                continue;
            }
            prev.copy_from_slice(&h);
            if r.iterations == 0 {
                // Already steady to the tolerance at this step length: longer steps would not
                // move the heads (the residual check passes before any update).
                break;
            }
            dt *= growth;
        }
        let r = gw.solve(&mut h, &prev, f64::INFINITY, &f);
        pivot_growth = pivot_growth.max(r.pivot_growth);
        if r.reason != StopReason::Converged || h.iter().any(|x| !x.is_finite()) {
            return Err(RunError::SteadyState {
                reason: format!(
                    "Newton stopped ({:?}) with relative residual {:.1e}",
                    r.reason, r.max_rel_residual
                ),
            });
        }
        Ok((h, pivot_growth))
    }

    /// Every unknown from the cells' water tables: a one-fluid cell's head is its water table;
    /// a lens cell takes its given interface or else stands at its Ghyben–Herzberg thickness
    /// over the brine, which is near static below the lenses at about the lowest water table
    /// (the salar's crust), and at least [`START_LENS_EXCESS_M`] of fresh head above it
    /// (interface brief §2a).
    fn lens_start(&self, water_tables: &[f64], interfaces: &[Option<f64>]) -> Vec<f64> {
        let n = self.gw.n;
        let brine_level = water_tables.iter().copied().fold(f64::INFINITY, f64::min);
        let mut h = water_tables.to_vec();
        h.resize(self.gw.n_unknowns, 0.0);
        for i in 0..n {
            if let (Some(col), Some(j)) = (self.gw.lens_column(i), self.gw.lens_brine_unknown(i)) {
                let w = water_tables[i];
                let interface = interfaces[i].unwrap_or_else(|| {
                    let excess = (w - brine_level).max(START_LENS_EXCESS_M);
                    w - (1.0 + col.density.alpha()) * excess
                });
                (h[i], h[j]) = col.heads_at(w, interface);
            }
        }
        h
    }

    /// Starting heads for the steady solve: water tables [`START_DEPTH_M`] below the ground,
    /// lenses as [`Setup::lens_start`] puts them.
    fn steady_start(&self) -> Vec<f64> {
        let n = self.gw.n;
        let w: Vec<f64> = (0..n).map(|i| self.gw.ground[i] - START_DEPTH_M).collect();
        self.lens_start(&w, &vec![None; n])
    }
}
