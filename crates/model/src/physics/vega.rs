//! Vega green cover with memory: it dies back as the water table leaves the roots and grows back
//! slowly when the water returns.
//!
//! Each month the water table supports a green share `s` of a vega cell
//! ([`Groundwater::vega_green_share`](crate::physics::groundwater::Groundwater::vega_green_share),
//! the root-zone law). The vegetation alive, `L`, follows it down and up differently:
//!
//! - **Die-back, at once.** Where the roots have not reached water in any month of the last
//!   [`VEGA_SURVIVAL_MONTHS`], the plants are dead: `L` falls to the most the table supported in
//!   that window. A dry season alone kills nothing: vega and bofedal plants brown and green again
//!   within the year (bofedal area grows from 3.5 % to 15 % of a catchment between the end of the
//!   dry and of the wet season, Ross et al. 2023, Hydrol. Process. 37:e14940).
//! - **Regrowth, lagged.** Where the table supports more than is alive, `L` grows towards it as a
//!   first-order lag, `L ← L + (s − L)·(1 − e^{−Δt/τ})`, with `τ` the basin's
//!   `wb.vega_recovery` (the evidence and its range are in the parameter's source).
//!
//! The reported green share is `min(s, L)`: the living vegetation that has water this month. So
//! the green area falls within the month the water leaves (as the root-zone law alone gave) and,
//! after a die-back, returns over years rather than the month the water comes back. With a
//! survival window of one month this is the plain lag `share ← s` if `s ≤ share`, else
//! `share + (s − share)(1 − e^{−Δt/τ})`. Vega evapotranspiration does not read this state: it
//! keeps following the depth to water (open wet ground evaporates whether or not it is green).

/// Months a vega survives without its roots reaching water: one seasonal cycle (estimate,
/// status E; perennial vega grasses and cushion plants outlast a dry season dormant, as the
/// seasonal swing of bofedal area shows, Ross et al. 2023).
pub const VEGA_SURVIVAL_MONTHS: usize = 12;

/// Living green share of each vega cell and the shares the water table supported in its last
/// [`VEGA_SURVIVAL_MONTHS`] months. A run's state, carried month to month; no allocation after
/// [`VegaCover::new`].
#[derive(Debug, PartialEq)]
pub struct VegaCover {
    living: Vec<f64>,
    /// Green share of each cell this month (what [`VegaCover::green_share`] returned last).
    green: Vec<f64>,
    recent: Vec<[f64; VEGA_SURVIVAL_MONTHS]>,
    /// Slot of the current month in `recent`.
    slot: usize,
    /// `1 − e^{−Δt/τ}` for one month.
    regrow: f64,
}

/// Field by field, so that `clone_from` (a month's saved start) re-uses the buffers.
impl Clone for VegaCover {
    fn clone(&self) -> VegaCover {
        VegaCover {
            living: self.living.clone(),
            green: self.green.clone(),
            recent: self.recent.clone(),
            slot: self.slot,
            regrow: self.regrow,
        }
    }

    fn clone_from(&mut self, source: &VegaCover) {
        self.living.clone_from(&source.living);
        self.green.clone_from(&source.green);
        self.recent.clone_from(&source.recent);
        self.slot = source.slot;
        self.regrow = source.regrow;
    }
}

impl VegaCover {
    /// `cells` vega cells, all alive at the start (the mapped vegas are the living ones), with
    /// regrowth time constant `tau_years` (∞: never regrows; 0: at once, the root-zone law alone)
    /// and step `dt_years`.
    pub fn new(cells: usize, tau_years: f64, dt_years: f64) -> VegaCover {
        VegaCover {
            living: vec![1.0; cells],
            green: vec![1.0; cells],
            recent: vec![[1.0; VEGA_SURVIVAL_MONTHS]; cells],
            slot: 0,
            regrow: regrowth_per_step(tau_years, dt_years),
        }
    }

    /// The green share of vega cell `k` this month, given the share `supported` by its water
    /// table now. Call once per cell per month, then [`VegaCover::next_month`].
    pub fn green_share(&mut self, k: usize, supported: f64) -> f64 {
        let recent = &mut self.recent[k];
        recent[self.slot] = supported;
        let reached = recent.iter().fold(0.0_f64, |m, &x| m.max(x));
        let living = &mut self.living[k];
        if reached < *living {
            *living = reached;
        } else if supported > *living {
            *living += (supported - *living) * self.regrow;
        }
        let green = supported.min(*living);
        self.green[k] = green;
        green
    }

    /// Green share of vega cell `k` this month (after [`VegaCover::green_share`]).
    pub fn green(&self, k: usize) -> f64 {
        self.green[k]
    }

    /// Move the survival window on by one month.
    pub fn next_month(&mut self) {
        self.slot = (self.slot + 1) % VEGA_SURVIVAL_MONTHS;
    }

    /// Living share of vega cell `k`.
    pub fn living(&self, k: usize) -> f64 {
        self.living[k]
    }
}

/// Share of the way to its supported cover a vega regrows in one step of `dt_years`, with
/// time constant `tau_years`: `1 − e^(−dt/τ)` (∞: never regrows; 0: all of it at once). Apart
/// from [`VegaCover::new`] because cargo-mutants does not look inside functions called `new`.
fn regrowth_per_step(tau_years: f64, dt_years: f64) -> f64 {
    if tau_years > 0.0 {
        -(-dt_years / tau_years).exp_m1()
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DT: f64 = 1.0 / 12.0;

    /// Closed form of the regrowth after a step of the supported share from 0 to 1:
    /// `1 − e^{−t/τ}` at whole months (the recursion is exact there; round-off only).
    #[test]
    fn regrowth_after_a_die_back_is_the_exponential() {
        let tau = 5.0;
        let mut v = VegaCover::new(1, tau, DT);
        // Two dry years: dead after the survival window.
        for m in 0..24 {
            let g = v.green_share(0, 0.0);
            v.next_month();
            assert_eq!(g, 0.0, "month {m}: the green share falls at once");
        }
        assert_eq!(v.living(0), 0.0);
        for m in 1..=240 {
            let g = v.green_share(0, 1.0);
            v.next_month();
            let t = m as f64 * DT;
            let want = 1.0 - (-t / tau).exp();
            assert!((g - want).abs() < 1e-12, "month {m}: {g} vs {want}");
            if m == 60 {
                // 63 % of the gap after τ.
                assert!((g - (1.0 - (-1.0_f64).exp())).abs() < 1e-12);
            }
        }
    }

    /// A dry season shorter than the survival window: the green share follows the water both
    /// ways with no lag, year after year.
    #[test]
    fn a_dry_season_browns_and_greens_without_lag() {
        let mut v = VegaCover::new(1, 5.0, DT);
        for year in 0..5 {
            for month in 0..12 {
                let s = if (5..9).contains(&month) { 0.4 } else { 1.0 };
                let g = v.green_share(0, s);
                v.next_month();
                assert_eq!(g, s, "year {year} month {month}");
            }
        }
    }

    /// A partial die-back regrows from what survived by the lag recursion; a new fall is at once.
    #[test]
    fn a_partial_die_back_regrows_from_what_survived() {
        let tau = 2.0;
        let a = 1.0 - (-DT / tau).exp();
        let mut v = VegaCover::new(1, tau, DT);
        for _ in 0..VEGA_SURVIVAL_MONTHS + 3 {
            v.green_share(0, 0.3);
            v.next_month();
        }
        assert_eq!(v.living(0), 0.3);
        let mut want = 0.3;
        for m in 0..36 {
            let g = v.green_share(0, 0.9);
            v.next_month();
            want += (0.9 - want) * a;
            assert!((g - want).abs() < 1e-12, "month {m}");
        }
        // Falling again: at once to what the table supports.
        assert_eq!(v.green_share(0, 0.1), 0.1);
    }
}
