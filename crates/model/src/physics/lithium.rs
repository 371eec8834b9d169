//! Lithium carried with the brine: a well-mixed lithium mass per cell, moved by the converged
//! water fluxes of each step with explicit upwind transport.
//!
//! Mixing volume `V = n · A · (h − z_bottom)` (total porosity, saturated thickness). Outflows
//! (lateral, springs, overflow, pumping) carry the cell's concentration at the start of the step; inflows
//! carry their source's; recharge, stream and rain carry none; evaporation removes water, not
//! lithium; reinjection returns depleted brine. If a step's outflows would remove more than the
//! cell holds (never with monthly steps in the default basin, where monthly flows are < 1 % of the
//! mixing volume), the outgoing concentration is scaled down so mass stays non-negative. Every
//! transfer is subtracted from one cell and added to another, so `Δmass = in − out` to round-off.

use crate::physics::groundwater::{Fluxes, Groundwater};

/// Lithium state: mass per cell, kg.
#[derive(Debug, Clone, PartialEq)]
pub struct Lithium {
    pub mass_kg: Vec<f64>,
    porosity: Vec<f64>,
    out_vol: Vec<f64>,
    conc: Vec<f64>,
}

/// Lithium moved in one step, kg.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LiStep {
    pub pumped_kg: f64,
    pub injected_kg: f64,
    /// `Σ Δmass − (injected − pumped)`, kg (round-off).
    pub closure_kg: f64,
}

impl Lithium {
    pub fn new(gw: &Groundwater, porosity: Vec<f64>, li_mg_per_l: &[f64], h: &[f64]) -> Lithium {
        let n = gw.n;
        let mass_kg = (0..n)
            .map(|i| {
                li_mg_per_l[i] / 1000.0 * porosity[i] * gw.area[i] * (h[i] - gw.bottom[i]).max(0.0)
            })
            .collect();
        Lithium {
            mass_kg,
            porosity,
            out_vol: vec![0.0; n],
            conc: vec![0.0; n],
        }
    }

    /// Advance by one step of `dt` days with fluxes `fx` (at the new heads), old heads `h_old`,
    /// injection rates `inject` (m³/day) at concentrations `inject_mg_per_l`. Returns the lithium
    /// pumped per cell into `pumped_kg_out`.
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &mut self,
        gw: &Groundwater,
        h_old: &[f64],
        fx: &Fluxes,
        inject: &[f64],
        inject_mg_per_l: &[f64],
        dt: f64,
        pumped_kg_out: &mut [f64],
    ) -> LiStep {
        let n = gw.n;
        let total_before: f64 = self.mass_kg.iter().sum();
        for i in 0..n {
            self.out_vol[i] = (fx.spring_out[i] + fx.spill_out[i] + fx.pumped[i]) * dt;
        }
        for (k, &(a, b, _)) in gw.conns.iter().enumerate() {
            let q = fx.conn_flow[k] * dt;
            if q > 0.0 {
                self.out_vol[a] += q;
            } else {
                self.out_vol[b] -= q;
            }
        }
        // Outgoing concentration (kg/m³), scaled if a cell would be emptied.
        for i in 0..n {
            // Concentration at the start of the step, kg/m³.
            let v = self.porosity[i] * gw.area[i] * (h_old[i] - gw.bottom[i]);
            let c = if v > 0.0 { self.mass_kg[i] / v } else { 0.0 };
            let want = c * self.out_vol[i];
            self.conc[i] = if want > self.mass_kg[i] && want > 0.0 {
                self.mass_kg[i] / self.out_vol[i]
            } else {
                c
            };
        }
        let mut step = LiStep::default();
        for (k, &(a, b, _)) in gw.conns.iter().enumerate() {
            let q = fx.conn_flow[k] * dt;
            let m = if q > 0.0 {
                q * self.conc[a]
            } else {
                q * self.conc[b]
            };
            self.mass_kg[a] -= m;
            self.mass_kg[b] += m;
        }
        for (i, to) in gw.spill_links() {
            let m = fx.spill_out[i] * dt * self.conc[i];
            self.mass_kg[i] -= m;
            self.mass_kg[to] += m;
        }
        for i in 0..n {
            if fx.spring_out[i] > 0.0 {
                // The receiving cell is found through the spring-in bookkeeping of the model.
                if let Some(to) = gw.spring_target(i) {
                    let m = fx.spring_out[i] * dt * self.conc[i];
                    self.mass_kg[i] -= m;
                    self.mass_kg[to] += m;
                }
            }
            let mp = fx.pumped[i] * dt * self.conc[i];
            self.mass_kg[i] -= mp;
            pumped_kg_out[i] = mp;
            step.pumped_kg += mp;
            let mi = inject[i] * dt * inject_mg_per_l[i] / 1000.0;
            self.mass_kg[i] += mi;
            step.injected_kg += mi;
        }
        for m in self.mass_kg.iter_mut() {
            // Clamp round-off below zero (at most a few ulps of the cell mass).
            if *m < 0.0 {
                *m = 0.0;
            }
        }
        let total_after: f64 = self.mass_kg.iter().sum();
        step.closure_kg = (total_after - total_before) - (step.injected_kg - step.pumped_kg);
        step
    }
}
