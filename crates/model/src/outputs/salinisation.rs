//! Where brine could reach what fresh water feeds: the root zone of each vega and the screen of
//! each fresh-water wellfield standing over a lens (interface brief §3, items 2 and 3).
//!
//! The model's interface is sharp; it tracks the middle of a mixing zone `w_m` thick (about 50 %
//! brine: Reilly & Goodman 1987), so brackish water stands `w_m/2` above it. Under a vega the
//! clearance is the bottom of the root zone minus the top of the mixing zone,
//! `c = (z_ground − 3 m) − (ζ + w_m/2)`; under a fresh-water wellfield it is the screen bottom
//! minus the top of the mixing zone and the cone each well draws up beneath itself
//! ([`crate::physics::upconing`]), `c = z_screen − (ζ + w_m/2 + z_cone)`. A clearance at or below
//! zero means brackish water reaches the roots or the screen. The interface moves slowly (decades)
//! and the cone settles within weeks, so the month-end interface and the steady cone are used.

use serde::Serialize;

use crate::physics::interface::Density;
use crate::physics::surface::VEGA_EXTINCTION_M;
use crate::physics::upconing::WellOverInterface;

/// What brackish water could reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClearanceTo {
    /// The bottom of a vega's root zone ([`VEGA_EXTINCTION_M`] below the ground).
    RootZone,
    /// The bottom of a fresh-water well's screen.
    WellScreen,
}

/// The cone under each well of a fresh-water wellfield, month by month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WellCone {
    /// Elevation of the screen bottom, m.
    pub screen_bottom_m: f64,
    /// Critical rate of a well over the initial interface, L/s.
    pub initial_critical_rate_l_per_s: f64,
    /// Wells in use: as many as the month's pumping needs at the design yield or, if smaller,
    /// the critical rate over the initial interface (0 when idle).
    pub wells: Vec<u32>,
    /// Each well's share of the month's pumping, L/s.
    pub rate_per_well_l_per_s: Vec<f64>,
    /// Largest rate a well can pump with its cone stable (rising to 0.3 of the screen's height
    /// over the interface), L/s; 0 when the interface stands at or above the screen bottom.
    pub critical_rate_l_per_s: Vec<f64>,
    /// Steady rise of the interface under each well, m (at most the screen's height over it).
    pub cone_rise_m: Vec<f64>,
}

/// Clearance between the top of the mixing zone and what a site's fresh water feeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteClearance {
    pub site: String,
    pub to: ClearanceTo,
    /// Clearance before development (initial interface, no pumping), m.
    pub initial_m: f64,
    /// Month-end clearance, m (≤ 0: brackish water reaches the roots or the screen).
    pub clearance_m: Vec<f64>,
    /// Fresh-water wellfields only.
    pub well: Option<WellCone>,
}

/// What sets a site's clearance, apart from the interface series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClearanceSetting {
    pub ground_m: f64,
    pub mixing_zone_m: f64,
    pub density: Density,
}

/// A fresh-water wellfield's wells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WellDesign {
    pub screen_depth_m: f64,
    pub yield_l_per_s: f64,
    pub conductivity_m_per_day: f64,
}

impl ClearanceSetting {
    /// Top of the mixing zone over an interface at `zeta_m`.
    fn brackish_top_m(&self, zeta_m: f64) -> f64 {
        zeta_m + 0.5 * self.mixing_zone_m
    }

    /// A well's critical rate (L/s) and the steady cone under it pumping `rate_l_per_s` (m, at
    /// most `d`), with its screen bottom `d` metres over the interface; none when `d ≤ 0`.
    fn cone(&self, design: WellDesign, d: f64, rate_l_per_s: f64) -> (f64, f64) {
        if d <= 0.0 {
            return (0.0, 0.0);
        }
        let w = WellOverInterface {
            conductivity_m_per_day: design.conductivity_m_per_day,
            height_above_interface_m: d,
            // Unused by the steady cone.
            porosity: 1.0,
        };
        let to_m3_per_day = crate::SECONDS_PER_DAY / 1000.0;
        (
            w.critical_rate_m3_per_day(self.density) / to_m3_per_day,
            w.steady_rise_m(self.density, rate_l_per_s * to_m3_per_day, 0.0)
                .min(d),
        )
    }

    /// Root-zone clearance under a vega whose interface is `interface_m`, month by month.
    pub fn root_zone(
        &self,
        site: &str,
        initial_interface_m: f64,
        interface_m: &[f64],
    ) -> SiteClearance {
        let roots = self.ground_m - VEGA_EXTINCTION_M;
        SiteClearance {
            site: site.to_string(),
            to: ClearanceTo::RootZone,
            initial_m: roots - self.brackish_top_m(initial_interface_m),
            clearance_m: interface_m
                .iter()
                .map(|&z| roots - self.brackish_top_m(z))
                .collect(),
            well: None,
        }
    }

    /// Screen clearance under a wellfield pumping `pumped_l_per_s` (the whole field) month by month.
    pub fn well_screen(
        &self,
        site: &str,
        design: WellDesign,
        initial_interface_m: f64,
        interface_m: &[f64],
        pumped_l_per_s: &[f64],
    ) -> SiteClearance {
        let screen = self.ground_m - design.screen_depth_m;
        let n = interface_m.len();
        let initial_critical = self.cone(design, screen - initial_interface_m, 0.0).0;
        // Wells are sized so that each cone is stable over the interface before the project
        // (and no well pumps more than the design yield): a cone turns unstable only when the
        // interface rises toward the screens.
        let well_rate = if initial_critical > 0.0 {
            design.yield_l_per_s.min(initial_critical)
        } else {
            design.yield_l_per_s
        };
        let mut cone = WellCone {
            screen_bottom_m: screen,
            initial_critical_rate_l_per_s: initial_critical,
            wells: Vec::with_capacity(n),
            rate_per_well_l_per_s: Vec::with_capacity(n),
            critical_rate_l_per_s: Vec::with_capacity(n),
            cone_rise_m: Vec::with_capacity(n),
        };
        let mut clearance_m = Vec::with_capacity(n);
        for (m, &zeta) in interface_m.iter().enumerate() {
            let q = pumped_l_per_s.get(m).copied().unwrap_or(0.0).max(0.0);
            let wells = if q > 0.0 {
                libm::ceil(q / well_rate).max(1.0)
            } else {
                0.0
            };
            let per_well = if wells > 0.0 { q / wells } else { 0.0 };
            let (critical, rise) = self.cone(design, screen - zeta, per_well);
            clearance_m.push(screen - self.brackish_top_m(zeta) - rise);
            cone.wells.push(wells as u32);
            cone.rate_per_well_l_per_s.push(per_well);
            cone.critical_rate_l_per_s.push(critical);
            cone.cone_rise_m.push(rise);
        }
        SiteClearance {
            site: site.to_string(),
            to: ClearanceTo::WellScreen,
            initial_m: screen - self.brackish_top_m(initial_interface_m),
            clearance_m,
            well: Some(cone),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(w_m: f64) -> ClearanceSetting {
        ClearanceSetting {
            ground_m: 3800.0,
            mixing_zone_m: w_m,
            density: Density::from_interface_factor(5.0).unwrap(),
        }
    }

    /// The brief's T3 well (K = 5 m/d, d = 20 m, α = 5): 500 m³/d lifts the steady cone 3.979 m
    /// on the axis and the critical rate is 754.0 m³/d (8.73 L/s).
    #[test]
    fn the_cone_under_a_well_is_the_briefs_t3_well() {
        let design = WellDesign {
            screen_depth_m: 30.0,
            yield_l_per_s: 20.0,
            conductivity_m_per_day: 5.0,
        };
        // Screen bottom 3770 m, interface 3750 m: d = 20 m. 500 m³/d in one well.
        let q = 500.0 / 86.4;
        let c = setting(10.0).well_screen("w", design, 3750.0, &[3750.0], &[q]);
        let cone = c.well.as_ref().unwrap();
        assert_eq!(cone.wells, [1]);
        assert!((cone.cone_rise_m[0] - 3.979).abs() < 5e-4);
        assert!((cone.critical_rate_l_per_s[0] - 8.73).abs() < 5e-3);
        assert_eq!(
            cone.initial_critical_rate_l_per_s,
            cone.critical_rate_l_per_s[0]
        );
        // 20 m of screen height, less 5 m (half the mixing zone), less the cone.
        assert!((c.clearance_m[0] - (20.0 - 5.0 - 3.979)).abs() < 5e-4);
        assert_eq!(c.initial_m, 15.0);
    }

    /// A field pumping 50 L/s with 20 L/s wells uses three, each pumping a third; its cone is a
    /// third of one well pumping it all (the steady cone is linear in the rate).
    #[test]
    fn a_wellfield_splits_its_pumping_over_enough_wells() {
        // Screen 80 m over the interface: the critical rate (≈ 140 L/s) is above the yield.
        let design = WellDesign {
            screen_depth_m: 0.0,
            yield_l_per_s: 20.0,
            conductivity_m_per_day: 5.0,
        };
        let s = setting(15.0);
        let split = s.well_screen("w", design, 3720.0, &[3720.0; 3], &[0.0, 20.0, 50.0]);
        let cone = split.well.unwrap();
        assert_eq!(cone.wells, [0, 1, 3]);
        assert_eq!(cone.cone_rise_m[0], 0.0);
        assert!((cone.rate_per_well_l_per_s[2] - 50.0 / 3.0).abs() < 1e-12);
        let one = WellDesign {
            yield_l_per_s: 100.0,
            ..design
        };
        let whole = s
            .well_screen("w", one, 3720.0, &[3720.0], &[50.0])
            .well
            .unwrap();
        assert_eq!(whole.wells, [1]);
        assert!((3.0 * cone.cone_rise_m[2] - whole.cone_rise_m[0]).abs() < 1e-9);
    }

    /// Wells yielding more than the critical rate are used at the critical rate: the T3 well
    /// (8.73 L/s critical) with a 20 L/s yield splits 20 L/s over three wells, each with a stable
    /// cone (below 0.3 d = 6 m) until the interface rises.
    #[test]
    fn wells_are_sized_for_a_stable_cone_over_the_initial_interface() {
        let design = WellDesign {
            screen_depth_m: 30.0,
            yield_l_per_s: 20.0,
            conductivity_m_per_day: 5.0,
        };
        let c = setting(10.0).well_screen("w", design, 3750.0, &[3750.0, 3755.0], &[20.0, 20.0]);
        let cone = c.well.unwrap();
        assert_eq!(cone.wells, [3, 3]);
        assert!(cone.cone_rise_m[0] < 6.0);
        assert!(cone.rate_per_well_l_per_s[0] <= cone.critical_rate_l_per_s[0]);
        // Five metres of rise: d = 15 m, critical rate (15/20)² of the initial one.
        let shrink = cone.critical_rate_l_per_s[1] / cone.critical_rate_l_per_s[0];
        assert!((shrink - 0.5625).abs() < 1e-12);
        assert!(cone.rate_per_well_l_per_s[1] > cone.critical_rate_l_per_s[1]);
    }

    /// An interface at or above the screen: no cone, no safe rate, and a clearance that says
    /// brackish water is already there.
    #[test]
    fn a_screen_in_the_brine_has_no_clearance() {
        let design = WellDesign {
            screen_depth_m: 40.0,
            yield_l_per_s: 20.0,
            conductivity_m_per_day: 5.0,
        };
        let c = setting(10.0).well_screen("w", design, 3700.0, &[3765.0], &[10.0]);
        let cone = c.well.unwrap();
        assert_eq!(
            (cone.critical_rate_l_per_s[0], cone.cone_rise_m[0]),
            (0.0, 0.0)
        );
        assert_eq!(c.clearance_m[0], 3760.0 - 3765.0 - 5.0);
    }

    /// A screen that stands in the brine before development has no critical rate to size the
    /// wells by: they pump their design yield, 10 L/s in one 20 L/s well.
    #[test]
    fn wells_over_no_lens_are_sized_by_their_yield() {
        let design = WellDesign {
            screen_depth_m: 40.0,
            yield_l_per_s: 20.0,
            conductivity_m_per_day: 5.0,
        };
        // Screen bottom 3760 m, the interface at it (3760 m) and then above it (3765 m).
        let c = setting(10.0).well_screen("w", design, 3760.0, &[3760.0, 3765.0], &[10.0, 30.0]);
        let cone = c.well.unwrap();
        assert_eq!(cone.initial_critical_rate_l_per_s, 0.0);
        assert_eq!(cone.wells, [1, 2]);
        assert_eq!(cone.rate_per_well_l_per_s, [10.0, 15.0]);
        assert_eq!(c.initial_m, -5.0);
    }

    /// Root zone: 3 m below the ground; the clearance falls one metre per metre the interface
    /// rises and half a metre per metre the mixing zone widens.
    #[test]
    fn root_zone_clearance_is_the_geometry() {
        let c = setting(10.0).root_zone("v", 3770.0, &[3770.0, 3772.0]);
        assert_eq!(c.to, ClearanceTo::RootZone);
        assert_eq!(c.initial_m, 3797.0 - 3775.0);
        assert_eq!(c.clearance_m, [22.0, 20.0]);
        let wide = setting(30.0).root_zone("v", 3770.0, &[3770.0]);
        assert_eq!(wide.clearance_m[0], 22.0 - 10.0);
    }
}
