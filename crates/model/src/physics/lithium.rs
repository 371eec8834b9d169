//! Lithium carried with the brine: a well-mixed lithium mass per cell, moved by the converged
//! water fluxes of each step with explicit upwind transport.
//!
//! **Two waters per cell.** A falling water table drains only the storage coefficient
//! `S = Sy·k_sy + Ss·b` (the storage lever included, as in the groundwater balance); the rest of
//! the pore water, `A·(n − S)` per metre, stays in the drained pores, held by capillarity above the
//! flowing water. That retained water keeps its lithium and leaves the flow: the flowing water
//! beneath does not flush it (diffusion reaches about a metre in 30 years, against drained
//! thicknesses of tens of metres), until the table rises again through it. So each cell holds
//!
//! - mobile water `W(h) = A·n·(h − z_bot)` plus open water above the ground (for a cell without a
//!   water table, Sy = 0, the saturated volume to its top plus elastic storage), mixed, which every
//!   flow draws from and feeds; and
//! - retained water `A·(n − S)·max(h_ref − h, 0)` in the pores drained below the initial head
//!   `h_ref`, with its own lithium.
//!
//! A step that lowers the table moves the water it leaves behind, at the mobile concentration,
//! into the retained store; a step that raises it gives back the retained water it re-wets, at
//! the store's mean concentration. Drainage alone therefore removes `c·A·S·Δh` of lithium and
//! leaves `c` unchanged (`(M − c·A·n·Δh) / (W − A·n·Δh) = c`); the former single mixing volume
//! `n·A·(h − z_bot)` kept the retained water's lithium in a shrinking volume and concentrated the
//! brine as it drained. `h_ref` is the initial head because that is the one level at which the
//! basin file states the concentration of the water below it. Pores above it hold no brine the
//! model knows of: a table rising above it takes in their water without lithium (dilution by the
//! ratio of saturated thicknesses), as before. Where `S` exceeds `n·A` (a storage lever high
//! against a low porosity) the porosity is raised to `S`: the drainable water is part of the pore
//! water.
//!
//! **Transport.** Outflows (lateral, springs, overflow, pumping) carry the cell's mobile
//! concentration at the start of the step, `c = mobile mass / W(h_old)`; inflows carry their
//! source's; recharge, stream and rain carry none; evaporation removes water, not lithium;
//! reinjection returns depleted brine. If a step's outflows would remove more than the mobile water
//! holds (never with monthly steps in the default basin, where monthly flows are < 1 % of the
//! mixing volume), the outgoing concentration is scaled down so mass stays non-negative. Every
//! transfer between cells is subtracted from one and added to another, and the exchange with the
//! retained store stays in the cell, so `Δmass = in − out` to round-off.
//!
//! **Lens cells.** Where fresh water floats on brine, the lithium is in the brine beneath the
//! interface ζ: the mobile water is the brine zone, `A·n·(ζ − z_bot)`, and ζ plays the part of the
//! head above: a falling interface leaves `A·(n − Sy)` per metre of brine behind in the pores the
//! fresh water sweeps (the sharp interface displaces the drainable share), and a rising one takes
//! it back. Only brine carries lithium out: brine wells, the brine part of springs and overflows,
//! brine flows to neighbours. Fresh water (the lens's flows, wells and the seep into a brine cell)
//! carries none.

use crate::physics::groundwater::{Fluxes, Groundwater};

/// Lithium state: mass per cell (mobile and retained), kg, and the cell geometry of the two
/// waters (module documentation).
#[derive(Debug, PartialEq)]
pub struct Lithium {
    /// Lithium per cell, mobile and retained together, kg.
    pub mass_kg: Vec<f64>,
    /// Of which in the retained water of drained pores, kg.
    pub retained_kg: Vec<f64>,
    /// Reference head `h_ref` (the initial head), m.
    h_ref: Vec<f64>,
    /// Mobile water at `h_ref`, m³.
    water_ref_m3: Vec<f64>,
    /// `A·(n − S)`, m²: pore water a table leaves behind per metre of fall (0 without a water
    /// table).
    retained_m2: Vec<f64>,
    out_vol: Vec<f64>,
    conc: Vec<f64>,
    /// Unknowns at the reference state (lens cells' brine volumes are measured from it).
    x_ref: Vec<f64>,
}

/// Field by field, so that `clone_from` (a month's saved start, every month) re-uses the
/// buffers it overwrites instead of allocating.
impl Clone for Lithium {
    fn clone(&self) -> Lithium {
        Lithium {
            mass_kg: self.mass_kg.clone(),
            retained_kg: self.retained_kg.clone(),
            h_ref: self.h_ref.clone(),
            water_ref_m3: self.water_ref_m3.clone(),
            retained_m2: self.retained_m2.clone(),
            out_vol: self.out_vol.clone(),
            conc: self.conc.clone(),
            x_ref: self.x_ref.clone(),
        }
    }

    fn clone_from(&mut self, source: &Lithium) {
        self.mass_kg.clone_from(&source.mass_kg);
        self.retained_kg.clone_from(&source.retained_kg);
        self.h_ref.clone_from(&source.h_ref);
        self.water_ref_m3.clone_from(&source.water_ref_m3);
        self.retained_m2.clone_from(&source.retained_m2);
        self.out_vol.clone_from(&source.out_vol);
        self.conc.clone_from(&source.conc);
        self.x_ref.clone_from(&source.x_ref);
    }
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
    /// Initial state at the unknowns `h` (also the reference state) with concentrations
    /// `li_mg_per_l` and total porosities `porosity`. (Not `new`: cargo-mutants does not look
    /// inside functions of that name; `.cargo/mutants.toml`.)
    pub fn at_heads(gw: &Groundwater, porosity: &[f64], li_mg_per_l: &[f64], h: &[f64]) -> Lithium {
        let n = gw.n;
        let mut water_ref_m3 = vec![0.0; n];
        let mut retained_m2 = vec![0.0; n];
        let mut h_ref = h[..n].to_vec();
        for i in 0..n {
            if let Some(col) = gw.lens_column(i) {
                // The brine zone below the interface.
                let sy_m2 = col.area_m2 * col.specific_yield;
                let pores_m2 = (porosity[i] * gw.area[i]).max(sy_m2);
                let zeta = level(gw, i, h);
                h_ref[i] = zeta;
                water_ref_m3[i] = pores_m2 * (zeta - gw.bottom[i]).max(0.0);
                retained_m2[i] = pores_m2 - sy_m2;
                continue;
            }
            let pores_m2 = (porosity[i] * gw.area[i]).max(gw.storage[i]);
            // Only a cell with a water table ponds (`Groundwater::new`), so only it has drained
            // pores; a confined cell's saturated thickness stops at its top.
            let table = gw.pond_storage[i] > 0.0;
            let top = if table { h[i] } else { h[i].min(gw.ground[i]) };
            water_ref_m3[i] = pores_m2 * (top - gw.bottom[i]).max(0.0) + gw.open_water_m3(i, h[i]);
            if table {
                retained_m2[i] = pores_m2 - gw.storage[i];
            }
        }
        let mass_kg = (0..n)
            .map(|i| li_mg_per_l[i] / 1000.0 * water_ref_m3[i])
            .collect();
        Lithium {
            mass_kg,
            retained_kg: vec![0.0; n],
            h_ref,
            x_ref: h.to_vec(),
            water_ref_m3,
            retained_m2,
            out_vol: vec![0.0; n],
            conc: vec![0.0; n],
        }
    }

    /// Mobile water of cell `i` at the unknowns `x`, m³: the stored-volume change of the
    /// groundwater balance plus the pore water the table wets or leaves (`A·(n − S)` per metre
    /// below the ground); in a lens cell, of the brine zone.
    #[inline]
    pub fn water_m3(&self, gw: &Groundwater, i: usize, x: &[f64]) -> f64 {
        if let Some((_, brine_change_m3)) = gw.lens_volume_change(i, x, &self.x_ref) {
            return self.water_ref_m3[i]
                + brine_change_m3
                + self.retained_m2[i] * (level(gw, i, x) - self.h_ref[i]);
        }
        let h = x[i];
        let h_ref = self.h_ref[i];
        self.water_ref_m3[i]
            + gw.volume_change(i, h, h_ref)
            + self.retained_m2[i] * (h.min(gw.ground[i]) - h_ref.min(gw.ground[i]))
    }

    /// Retained water of cell `i` at head `h`, m³.
    #[inline]
    pub fn retained_m3(&self, i: usize, h: f64) -> f64 {
        self.retained_m2[i] * (self.h_ref[i] - h).max(0.0)
    }

    /// Mobile concentration of cell `i` at the unknowns `x` (what its outflows carry), mg/L.
    pub fn conc_mg_per_l(&self, gw: &Groundwater, i: usize, x: &[f64]) -> f64 {
        let w = self.water_m3(gw, i, x);
        if w > 0.0 {
            1000.0 * (self.mass_kg[i] - self.retained_kg[i]) / w
        } else {
            0.0
        }
    }

    /// Advance by one step of `dt` days from heads `h_old` to `h` with fluxes `fx` (at the new
    /// heads), injection rates `inject` (m³/day) at concentrations `inject_mg_per_l`. Returns the
    /// lithium pumped per cell into `pumped_kg_out`.
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &mut self,
        gw: &Groundwater,
        h_old: &[f64],
        h: &[f64],
        fx: &Fluxes,
        inject: &[f64],
        inject_mg_per_l: &[f64],
        dt: f64,
        pumped_kg_out: &mut [f64],
    ) -> LiStep {
        let n = gw.n;
        let total_before: f64 = self.mass_kg.iter().sum();
        for i in 0..n {
            self.out_vol[i] = if gw.lens_brine_unknown(i).is_some() {
                (fx.spring_out_brine[i] + fx.spill_out_brine[i] + fx.pumped_brine[i]) * dt
            } else {
                (fx.spring_out[i] + fx.spill_out[i] + fx.pumped[i]) * dt
            };
        }
        // Every link that carries lithium (one-fluid links and lens links' brine), from a to b.
        let links = || {
            gw.conns
                .iter()
                .zip(&fx.conn_flow)
                .map(|(&(a, b, _), &q)| ((a, b), q))
                .chain(gw.lens_brine_flows())
        };
        for ((a, b), q) in links() {
            let q = q * dt;
            if q > 0.0 {
                self.out_vol[a] += q;
            } else {
                self.out_vol[b] -= q;
            }
        }
        // Outgoing concentration (kg/m³), scaled if a cell's mobile water would be emptied.
        for i in 0..n {
            // Mobile concentration at the start of the step, kg/m³.
            let mobile = self.mass_kg[i] - self.retained_kg[i];
            let v = self.water_m3(gw, i, h_old);
            let c = if v > 0.0 { mobile / v } else { 0.0 };
            let want = c * self.out_vol[i];
            self.conc[i] = if want > mobile && want > 0.0 {
                mobile / self.out_vol[i]
            } else {
                c
            };
        }
        let mut step = LiStep::default();
        for ((a, b), q) in links() {
            // Upwind: the flow carries its source's outgoing concentration.
            let q = q * dt;
            let m = if q > 0.0 {
                q * self.conc[a]
            } else {
                q * self.conc[b]
            };
            self.mass_kg[a] -= m;
            self.mass_kg[b] += m;
        }
        // Lens springs and overflows carry lithium in their brine part only.
        for ((i, to, _), [_, qb]) in gw.lens_drain_flows() {
            let m = qb * dt * self.conc[i];
            self.mass_kg[i] -= m;
            self.mass_kg[to] += m;
        }
        for (i, to) in gw.spill_links() {
            let m = fx.spill_out[i] * dt * self.conc[i];
            self.mass_kg[i] -= m;
            self.mass_kg[to] += m;
        }
        for i in 0..n {
            // A lens cell's springs and overflows went above, in their brine part; its brine
            // wells pump its brine.
            let lens = gw.lens_brine_unknown(i).is_some();
            if !lens && fx.spring_out[i] > 0.0 {
                // The receiving cell is found through the spring-in bookkeeping of the model.
                if let Some(to) = gw.spring_target(i) {
                    let m = fx.spring_out[i] * dt * self.conc[i];
                    self.mass_kg[i] -= m;
                    self.mass_kg[to] += m;
                }
            }
            let pumped = if lens {
                fx.pumped_brine[i]
            } else {
                fx.pumped[i]
            };
            let mp = pumped * dt * self.conc[i];
            self.mass_kg[i] -= mp;
            pumped_kg_out[i] = mp;
            step.pumped_kg += mp;
            let mi = inject[i] * dt * inject_mg_per_l[i] / 1000.0;
            self.mass_kg[i] += mi;
            step.injected_kg += mi;
        }
        for i in 0..n {
            // Clamp round-off below zero (at most a few ulps of the cell mass).
            let m = self.mass_kg[i].max(0.0);
            self.mass_kg[i] = m;
            // Exchange with the retained water, inside the cell (the total is unchanged).
            let (before, after) = (
                self.retained_m3(i, level(gw, i, h_old)),
                self.retained_m3(i, level(gw, i, h)),
            );
            let mut r = self.retained_kg[i];
            if after > before {
                // Left behind at the concentration the drained water carried out.
                r += self.conc[i] * (after - before);
            } else if after < before {
                // Re-wetted: the store's mean concentration.
                r *= after / before;
            }
            self.retained_kg[i] = r.clamp(0.0, m);
        }
        let total_after: f64 = self.mass_kg.iter().sum();
        step.closure_kg = (total_after - total_before) - (step.injected_kg - step.pumped_kg);
        step
    }
}

/// The level of a cell's lithium-bearing water at the unknowns `x`: its head, or a lens cell's
/// interface, m.
#[inline]
fn level(gw: &Groundwater, i: usize, x: &[f64]) -> f64 {
    match (gw.lens_column(i), gw.lens_brine_unknown(i)) {
        (Some(c), Some(j)) => c.interface_m(x[i], x[j]).value,
        _ => x[i],
    }
}
