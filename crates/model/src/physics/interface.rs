//! The sharp interface between fresh water and the brine it floats on: hydrostatic relations.
//!
//! Fresh water (density ρ_f) recharged on the fans flows toward the salar and floats on the
//! denser brine (ρ_b ≈ 1,200 kg/m³) as a lens. Treating the transition as a sharp surface at
//! elevation ζ (positive up, m a.s.l.), pressure continuity across it,
//! `ρ_f (h_f − ζ) = ρ_b (h_b − ζ)`, ties ζ to the point-water heads of the two fluids:
//!
//! `ζ = (1 + α) h_b − α h_f`, with the interface factor `α = ρ_f / (ρ_b − ρ_f)` (5 at 1,200 kg/m³).
//!
//! So a metre of fresh head lost against the brine lifts the interface α metres (salinisation),
//! and the lens is `(1 + α)` times the fresh-head excess `h_f − h_b` thick (Badon Ghyben 1888,
//! Herzberg 1901, Hubbert 1940; Panday et al. 2024, SWI6 eq. 3). Heads of fluids of different
//! density are compared only as equivalent fresh-water heads at one elevation (Post, Kooi &
//! Simmons 2007). Derivations and tests: `shared/domain/fresh-brine-interface.md` §1 and §4 (T1).

/// Density of fresh water, kg/m³.
pub const FRESH_DENSITY_KG_M3: f64 = 1000.0;

/// Viscosity of near-saturated NaCl brine relative to fresh water at 20 °C (Kestin, Khalifa &
/// Correia 1981): the brine flows about half as easily through the same pores.
pub const BRINE_VISCOSITY_RATIO: f64 = 2.0;

/// The density contrast between the fresh water and the brine of a basin, held as the interface
/// factor α (the basin file's `aq.interface_factor`), the quantity every relation uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Density {
    alpha: f64,
}

impl Density {
    /// From the interface factor α = ρ_f/(ρ_b − ρ_f); `None` unless finite and positive.
    pub fn from_interface_factor(alpha: f64) -> Option<Density> {
        (alpha.is_finite() && alpha > 0.0).then_some(Density { alpha })
    }

    /// From the brine density, kg/m³; `None` unless finite and denser than fresh water.
    pub fn from_brine_density(rho_brine_kg_m3: f64) -> Option<Density> {
        if !(rho_brine_kg_m3.is_finite() && rho_brine_kg_m3 > FRESH_DENSITY_KG_M3) {
            return None;
        }
        Density::from_interface_factor(
            FRESH_DENSITY_KG_M3 / (rho_brine_kg_m3 - FRESH_DENSITY_KG_M3),
        )
    }

    /// The interface factor α: metres of interface rise per metre of fresh head lost.
    pub fn alpha(self) -> f64 {
        self.alpha
    }

    /// Relative density excess ν = (ρ_b − ρ_f)/ρ_f = 1/α (SWI2's `NU`).
    pub fn nu(self) -> f64 {
        1.0 / self.alpha
    }

    /// Brine density implied by α, kg/m³.
    pub fn brine_density_kg_m3(self) -> f64 {
        FRESH_DENSITY_KG_M3 * (1.0 + self.nu())
    }

    /// Interface elevation under a lens whose water table (fresh point-water head) is
    /// `fresh_head_m`, over brine whose point-water head is `brine_head_m`, m a.s.l.
    pub fn interface_m(self, fresh_head_m: f64, brine_head_m: f64) -> f64 {
        (1.0 + self.alpha) * brine_head_m - self.alpha * fresh_head_m
    }

    /// Brine point-water head that holds the interface at `interface_m` under the fresh head
    /// `fresh_head_m` (the inverse of [`Density::interface_m`]), m.
    pub fn brine_head_m(self, interface_m: f64, fresh_head_m: f64) -> f64 {
        (interface_m + self.alpha * fresh_head_m) / (1.0 + self.alpha)
    }

    /// Lens thickness from the water table down to the interface, `(1 + α)(h_f − h_b)`, m
    /// (negative when the brine head stands above the fresh head: no lens).
    pub fn lens_thickness_m(self, fresh_head_m: f64, brine_head_m: f64) -> f64 {
        (1.0 + self.alpha) * (fresh_head_m - brine_head_m)
    }

    /// Brine hydraulic conductivity from the fresh-water conductivity of the same sediment,
    /// `K_b = K_f (ρ_b/ρ_f)(μ_f/μ_b)` (Panday et al. 2024, eq. 12), with the brine viscosity
    /// [`BRINE_VISCOSITY_RATIO`] times fresh water's: about 0.6 K_f at 1,200 kg/m³.
    /// Transmissivities from brine pumping tests already are brine values and need no correction.
    pub fn brine_conductivity(self, fresh_conductivity: f64) -> f64 {
        fresh_conductivity * (1.0 + self.nu()) / BRINE_VISCOSITY_RATIO
    }
}

/// Equivalent fresh-water head of a point-water head measured in fluid of density
/// `density_kg_m3` at elevation `elevation_m`: the head a fresh-water column standing on the
/// same point would show, `h_fe = (ρ/ρ_f) h − ((ρ − ρ_f)/ρ_f) z` (Guo & Langevin 2002, eq. 3).
/// Horizontal flow between columns of different fluids is driven by differences of these, taken
/// at one elevation.
pub fn fresh_equivalent_head_m(point_head_m: f64, elevation_m: f64, density_kg_m3: f64) -> f64 {
    let r = density_kg_m3 / FRESH_DENSITY_KG_M3;
    r * point_head_m - (r - 1.0) * elevation_m
}

/// Point-water head in fluid of density `density_kg_m3` at `elevation_m` from its equivalent
/// fresh-water head (the inverse of [`fresh_equivalent_head_m`]).
pub fn point_head_m(fresh_equivalent_head_m: f64, elevation_m: f64, density_kg_m3: f64) -> f64 {
    let r = FRESH_DENSITY_KG_M3 / density_kg_m3;
    r * fresh_equivalent_head_m + (1.0 - r) * elevation_m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// T1: a lens 1 m of fresh head above the brine level rests on an interface 5 m below it.
    #[test]
    fn ghyben_herzberg_static_column() {
        let d = Density::from_interface_factor(5.0).unwrap();
        assert!(close(d.interface_m(3786.0, 3785.0), 3780.0, 1e-9));
        assert!(close(d.lens_thickness_m(3786.0, 3785.0), 6.0, 1e-12));
        assert!(close(d.interface_m(3785.0, 3785.0), 3785.0, 1e-9));
        assert!(close(d.brine_head_m(3780.0, 3786.0), 3785.0, 1e-9));
    }

    /// Lens thickness is (1 + α) times the fresh-head excess, hand-derived: T4's φ = 2 m at α = 5
    /// gives 12 m; φ = 0.5 m at α = 4 gives 2.5 m; brine 0.5 m above the fresh head at α = 5
    /// gives −3 m (no lens). It is also the water table minus the interface, h_f − ζ.
    #[test]
    fn lens_thickness_scales_with_the_fresh_head_excess() {
        let d5 = Density::from_interface_factor(5.0).unwrap();
        let d4 = Density::from_interface_factor(4.0).unwrap();
        assert!(close(d5.lens_thickness_m(3787.0, 3785.0), 12.0, 1e-9));
        assert!(close(d4.lens_thickness_m(3785.5, 3785.0), 2.5, 1e-9));
        assert!(close(d5.lens_thickness_m(3785.0, 3785.5), -3.0, 1e-9));
        for (h_f, h_b) in [(3787.0, 3785.0), (3790.3, 3784.7)] {
            let below_table = h_f - d5.interface_m(h_f, h_b);
            assert!(close(d5.lens_thickness_m(h_f, h_b), below_table, 1e-9));
        }
    }

    /// The interface is where the two fluids' pressures meet, checked directly from hydrostatics
    /// (p = ρ g (h − z)) rather than through the closed form.
    #[test]
    fn pressures_are_continuous_at_the_interface() {
        for rho_b in [1150.0, 1200.0, 1230.0] {
            let d = Density::from_brine_density(rho_b).unwrap();
            for (h_f, h_b) in [(3786.0, 3785.0), (3790.3, 3784.7), (3784.9, 3784.9)] {
                let z = d.interface_m(h_f, h_b);
                let p_fresh = FRESH_DENSITY_KG_M3 * (h_f - z);
                let p_brine = rho_b * (h_b - z);
                assert!(close(p_fresh, p_brine, 1e-9 * p_fresh.abs().max(1.0)));
                // At the interface the brine's equivalent fresh head equals the lens's head.
                assert!(close(fresh_equivalent_head_m(h_b, z, rho_b), h_f, 1e-9));
            }
        }
    }

    /// T1: 200 m below the brine level a brine column reads 40 m higher in fresh-water head.
    #[test]
    fn head_conversions_round_trip() {
        assert!(close(
            fresh_equivalent_head_m(3785.0, 3585.0, 1200.0),
            3825.0,
            1e-9
        ));
        assert!(close(point_head_m(3825.0, 3585.0, 1200.0), 3785.0, 1e-9));
        // Fresh water is its own equivalent.
        assert_eq!(fresh_equivalent_head_m(3785.0, 3585.0, 1000.0), 3785.0);
    }

    #[test]
    fn density_and_interface_factor_agree() {
        let d = Density::from_brine_density(1200.0).unwrap();
        assert!(close(d.alpha(), 5.0, 1e-12));
        assert!(close(d.nu(), 0.2, 1e-12));
        assert!(close(d.brine_density_kg_m3(), 1200.0, 1e-9));
        // The parameter table's range: α 4.3–6.7 for ρ_b 1,230–1,150 kg/m³.
        assert!(close(
            Density::from_brine_density(1230.0).unwrap().alpha(),
            4.348,
            1e-3
        ));
        assert!(close(
            Density::from_brine_density(1150.0).unwrap().alpha(),
            6.667,
            1e-3
        ));
        // K_b ≈ 0.6 K_f for brine twice as viscous and 1.2 times as dense.
        assert!(close(d.brine_conductivity(5.0), 3.0, 1e-12));
    }

    #[test]
    fn rejects_impossible_densities() {
        assert!(Density::from_brine_density(1000.0).is_none());
        assert!(Density::from_brine_density(900.0).is_none());
        assert!(Density::from_brine_density(f64::NAN).is_none());
        assert!(Density::from_interface_factor(0.0).is_none());
        assert!(Density::from_interface_factor(f64::INFINITY).is_none());
    }
}
