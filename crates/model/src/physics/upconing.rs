//! Upconing: the brine cone a fresh-water well draws up beneath itself.
//!
//! A cell of a square kilometre cannot resolve a cone a few tens of metres wide, so this is a
//! sub-grid post-processor read at each fresh-water well: the small-perturbation solution of
//! Dagan & Bear (1968) for a point sink a height d above an initially flat sharp interface in a
//! thick, homogeneous, isotropic fresh zone (Schmorak & Mercado 1969; Bear 1999):
//!
//! - steady rise `z(r) = α Q / (2π d K) / √(1 + r²/d²)`;
//! - transient rise on the well axis `z(0, t) = z_ss (1 − 1/(1 + t′))`, `t′ = ν K t / (n d (2 + ν))`;
//! - the critical rate at which the steady cone reaches [`STABLE_RISE_FRACTION`] of d,
//!   `Q_crit = 2π · 0.3 d² K / α`, above which the cone is not stable and the well turns salty.
//!
//! Valid while z/d ≲ 1/3 (analytical and numerical solutions agree there: Pauw et al. 2016);
//! [`WellOverInterface::within_validity`] says whether a rise is. Reference values:
//! `shared/domain/fresh-brine-interface.md` §4 (T3).

use std::f64::consts::PI;

use super::interface::Density;

/// Share of the screen's height above the interface that a stable cone may rise (stable-cone
/// practice; safety factors of 0.25–0.6 are used on it).
pub const STABLE_RISE_FRACTION: f64 = 0.3;

/// A fresh-water well whose screen bottom stands `height_above_interface_m` (d) over the
/// undisturbed interface, in sediment of the given conductivity and effective porosity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WellOverInterface {
    pub conductivity_m_per_day: f64,
    pub height_above_interface_m: f64,
    pub porosity: f64,
}

impl WellOverInterface {
    /// Steady interface rise at `radius_m` from the well pumping `rate_m3_per_day`, m.
    pub fn steady_rise_m(&self, density: Density, rate_m3_per_day: f64, radius_m: f64) -> f64 {
        let d = self.height_above_interface_m;
        let on_axis =
            density.alpha() * rate_m3_per_day / (2.0 * PI * d * self.conductivity_m_per_day);
        on_axis / libm::sqrt(1.0 + (radius_m / d) * (radius_m / d))
    }

    /// Interface rise under the well `days` after it starts pumping `rate_m3_per_day`, m.
    pub fn rise_on_axis_m(&self, density: Density, rate_m3_per_day: f64, days: f64) -> f64 {
        let nu = density.nu();
        let d = self.height_above_interface_m;
        let t = nu * self.conductivity_m_per_day * days / (self.porosity * d * (2.0 + nu));
        self.steady_rise_m(density, rate_m3_per_day, 0.0) * (1.0 - 1.0 / (1.0 + t))
    }

    /// Largest pumping rate whose steady cone stays below [`STABLE_RISE_FRACTION`] of the
    /// screen's height above the interface, m³/day.
    pub fn critical_rate_m3_per_day(&self, density: Density) -> f64 {
        let d = self.height_above_interface_m;
        2.0 * PI * STABLE_RISE_FRACTION * d * d * self.conductivity_m_per_day / density.alpha()
    }

    /// Whether a rise is small enough for the small-perturbation solution to hold (z ≤ d/3).
    pub fn within_validity(&self, rise_m: f64) -> bool {
        rise_m <= self.height_above_interface_m / 3.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// T3's well: K = 5 m/d, d = 20 m, n = 0.12, α = 5, Q = 500 m³/d.
    fn well() -> WellOverInterface {
        WellOverInterface {
            conductivity_m_per_day: 5.0,
            height_above_interface_m: 20.0,
            porosity: 0.12,
        }
    }

    fn alpha5() -> Density {
        Density::from_interface_factor(5.0).unwrap()
    }

    #[test]
    fn steady_cone_matches_the_reference_values() {
        let (w, d) = (well(), alpha5());
        assert!((w.steady_rise_m(d, 500.0, 0.0) - 3.979).abs() < 5e-4);
        assert!((w.steady_rise_m(d, 500.0, 20.0) - 2.813).abs() < 5e-4);
        // The cone flattens with distance and scales with the rate.
        assert!(w.steady_rise_m(d, 500.0, 200.0) < 0.1 * w.steady_rise_m(d, 500.0, 0.0));
        let ratio = w.steady_rise_m(d, 1000.0, 7.0) / w.steady_rise_m(d, 500.0, 7.0);
        assert!((ratio - 2.0).abs() < 1e-12);
    }

    #[test]
    fn transient_cone_grows_toward_the_steady_one() {
        let (w, d) = (well(), alpha5());
        assert_eq!(w.rise_on_axis_m(d, 500.0, 0.0), 0.0);
        assert!((w.rise_on_axis_m(d, 500.0, 30.0) - 3.383).abs() < 5e-4);
        assert!((w.rise_on_axis_m(d, 500.0, 365.0) - 3.922).abs() < 5e-4);
        let late = w.rise_on_axis_m(d, 500.0, 1e7);
        assert!((late - w.steady_rise_m(d, 500.0, 0.0)).abs() < 1e-4);
    }

    #[test]
    fn critical_rate_lifts_the_cone_to_three_tenths_of_the_height() {
        let (w, d) = (well(), alpha5());
        let q = w.critical_rate_m3_per_day(d);
        assert!((q - 754.0).abs() < 0.05, "Q_crit = {q}");
        assert!((q / 86.4 - 8.73).abs() < 0.005, "Q_crit = {} L/s", q / 86.4);
        let z = w.steady_rise_m(d, q, 0.0);
        assert!((z - 6.0).abs() < 1e-9);
        assert!(w.within_validity(z));
        assert!(!w.within_validity(w.steady_rise_m(d, 2.0 * q, 0.0)));
    }

    /// The brief's field example: a fan well 30 m above the interface in 5 m/d sediment can
    /// pump about 1,700 m³/d (20 L/s) before its cone turns unstable.
    #[test]
    fn a_fan_well_example() {
        let w = WellOverInterface {
            height_above_interface_m: 30.0,
            ..well()
        };
        let q = w.critical_rate_m3_per_day(alpha5());
        assert!((1650.0..1750.0).contains(&q), "Q_crit = {q}");
    }
}
