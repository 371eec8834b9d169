//! A column where a fresh-water lens floats on brine: two heads, two volumes, two flows.
//!
//! The column carries the fresh point-water head `h_f` (its water table where a lens exists) and
//! the brine point-water head `h_b`. With the fresh-head excess `φ = h_f − h_b` and its smoothed
//! positive part `r(φ)` ([`lens_ramp`]):
//!
//! - water table `w = h_b + r(φ)`, interface `ζ = h_b − α r(φ)` (Ghyben–Herzberg, see
//!   [`crate::physics::interface`]);
//! - brine thickness `b_b = ramp(ζ − z₀)` above the base z₀, fresh thickness `b_f = (w − z₀) − b_b`:
//!   `(1 + α) r(φ)` while the lens floats, `w − z₀` where it reaches the base (the toe);
//! - volumes `V_f = A Sy b_f`, `V_b = A (Sy b_b + Ss b h_b)`. They are exact functions of the two
//!   heads, so an implicit step that balances each fluid's volume change against its fluxes closes
//!   each fluid's balance to round-off (Panday et al. 2024, SWI6 §1; Bakker & Panday 2023).
//!
//! Each fluid flows between columns through its own saturated thickness,
//! `Q = C (b̄_i + b̄_j)/2 (h_i − h_j)` with `C = K W/L`; the mean thickness makes the Dupuit strip
//! lens exact at the nodes (`shared/domain/fresh-brine-interface.md` §4, T2).
//!
//! Smoothing. `r` is the quadratic blend of `max(φ, 0)` over [`LENS_BLEND_M`] with a floor slope
//! [`LENS_FLOOR_SLOPE`] below it, so the storage block of a column stays invertible where the lens
//! vanishes (its determinant is `(A Sy)² (1 + α) r′ + …`); the same blend, without the floor,
//! clamps the brine thickness at the base.

use super::interface::Density;

/// Width of the blend between no lens and a lens, in metres of fresh-head excess (a lens of
/// `(1 + α) · 5 cm` ≈ 30 cm): thin against any lens that matters, wide enough for Newton.
pub const LENS_BLEND_M: f64 = 0.05;
/// Slope of `r(φ)` where there is no lens: keeps a little fresh storage per metre of head so the
/// fresh head stays defined (and the Jacobian invertible) in a column of brine alone.
pub const LENS_FLOOR_SLOPE: f64 = 1.0e-3;
/// Width of the blend of the brine thickness to zero as the interface reaches the base, m.
pub const TOE_BLEND_M: f64 = 0.1;
/// Thickness every flow keeps when its fluid has gone from a column, m: a fresh head with no lens
/// under it, or a brine head under a lens resting on the base, stays tied to its neighbours (and
/// the Jacobian invertible) by a flow a thousandth of a metre thick, which is negligible.
pub const FLOW_FLOOR_M: f64 = 1.0e-3;

/// A quantity with its derivatives with respect to one column's fresh and brine heads.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HeadDual {
    pub value: f64,
    pub d_fresh: f64,
    pub d_brine: f64,
}

impl HeadDual {
    fn scaled(self, k: f64) -> HeadDual {
        HeadDual {
            value: self.value * k,
            d_fresh: self.d_fresh * k,
            d_brine: self.d_brine * k,
        }
    }
}

/// Quadratic blend of `max(x, 0)` over `width` (the ponding ramp's law,
/// [`super::surface::quadratic_ramp`]). Returns the value and its slope.
#[inline]
fn blend(x: f64, width: f64) -> (f64, f64) {
    super::surface::quadratic_ramp(x, width, 1.0 / width)
}

/// The lens's share of the fresh-head excess, `r(φ) = (1 − ε) blend(φ) + ε φ`: exactly φ over a
/// lens, ε φ under none, slope between ε and 1. Returns `(r, dr/dφ)`.
#[inline]
pub fn lens_ramp(phi: f64) -> (f64, f64) {
    let (b, db) = blend(phi, LENS_BLEND_M);
    let e = LENS_FLOOR_SLOPE;
    ((1.0 - e) * b + e * phi, (1.0 - e) * db + e)
}

/// The smoothed larger of a thickness and [`FLOW_FLOOR_M`], `blend(t − floor) + floor`
/// (exactly t once t exceeds the floor by half the blend), carrying its derivatives.
#[inline]
fn floored(t: HeadDual, width: f64) -> HeadDual {
    let (b, db) = blend(t.value - FLOW_FLOOR_M, width);
    HeadDual {
        value: b + FLOW_FLOOR_M,
        d_fresh: db * t.d_fresh,
        d_brine: db * t.d_brine,
    }
}

/// [`LensColumn::fresh_flow_thickness_m`] from the column's [`LensColumn::fresh_thickness_m`]
/// (bit for bit: a caller that already has the fresh thickness need not recompute it).
#[inline]
pub fn fresh_flow_thickness_of(fresh_thickness: HeadDual) -> HeadDual {
    floored(fresh_thickness, LENS_BLEND_M)
}

/// [`LensColumn::brine_flow_thickness_m`] from the column's [`LensColumn::brine_thickness_m`].
#[inline]
pub fn brine_flow_thickness_of(brine_thickness: HeadDual) -> HeadDual {
    floored(brine_thickness, TOE_BLEND_M)
}

/// One column of fresh water over brine: its plan area, drainable porosity (also the porosity
/// the interface sweeps), elastic storage per metre of head (`Ss · thickness`), base elevation,
/// and the density contrast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LensColumn {
    pub area_m2: f64,
    pub specific_yield: f64,
    pub elastic_storage: f64,
    pub base_m: f64,
    pub density: Density,
}

impl LensColumn {
    /// The fresh and brine heads `(h_f, h_b)` whose water table and interface are the given
    /// ones: `w − ζ = (1 + α) r(φ)` and `h_b = w − r(φ)`, with `r` inverted by bisection (it
    /// rises with slope between ε and 1). An interface at or above the water table means no lens.
    pub fn heads_at(&self, water_table_m: f64, interface_m: f64) -> (f64, f64) {
        let r = (water_table_m - interface_m).max(0.0) / (1.0 + self.density.alpha());
        let brine = water_table_m - r;
        // r(φ) ≥ εφ below and = φ above the blend, so the root lies in this bracket.
        let (mut lo, mut hi) = (-1.0 - LENS_BLEND_M, r + LENS_BLEND_M);
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if lens_ramp(mid).0 < r {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (brine + 0.5 * (lo + hi), brine)
    }

    /// Water table `w = h_b + r(φ)`, m.
    pub fn water_table_m(&self, fresh_head_m: f64, brine_head_m: f64) -> HeadDual {
        let (r, s) = lens_ramp(fresh_head_m - brine_head_m);
        HeadDual {
            value: brine_head_m + r,
            d_fresh: s,
            d_brine: 1.0 - s,
        }
    }

    /// Interface `ζ = h_b − α r(φ)`, m (it may lie below the base: the lens then rests on it).
    pub fn interface_m(&self, fresh_head_m: f64, brine_head_m: f64) -> HeadDual {
        let a = self.density.alpha();
        let (r, s) = lens_ramp(fresh_head_m - brine_head_m);
        HeadDual {
            value: brine_head_m - a * r,
            d_fresh: -a * s,
            d_brine: 1.0 + a * s,
        }
    }

    /// Brine saturated thickness from the base to the interface, blended to 0 at the toe, m.
    pub fn brine_thickness_m(&self, fresh_head_m: f64, brine_head_m: f64) -> HeadDual {
        let z = self.interface_m(fresh_head_m, brine_head_m);
        let (b, db) = blend(z.value - self.base_m, TOE_BLEND_M);
        HeadDual {
            value: b,
            d_fresh: db * z.d_fresh,
            d_brine: db * z.d_brine,
        }
    }

    /// Fresh saturated thickness from the interface (or the base) to the water table, m.
    pub fn fresh_thickness_m(&self, fresh_head_m: f64, brine_head_m: f64) -> HeadDual {
        let w = self.water_table_m(fresh_head_m, brine_head_m);
        let b = self.brine_thickness_m(fresh_head_m, brine_head_m);
        HeadDual {
            value: (w.value - self.base_m) - b.value,
            d_fresh: w.d_fresh - b.d_fresh,
            d_brine: w.d_brine - b.d_brine,
        }
    }

    /// Thickness through which fresh water flows: the fresh thickness, blended into
    /// [`FLOW_FLOOR_M`] where the lens vanishes.
    pub fn fresh_flow_thickness_m(&self, fresh_head_m: f64, brine_head_m: f64) -> HeadDual {
        fresh_flow_thickness_of(self.fresh_thickness_m(fresh_head_m, brine_head_m))
    }

    /// Thickness through which brine flows: the brine thickness, blended into [`FLOW_FLOOR_M`]
    /// where the lens rests on the base.
    pub fn brine_flow_thickness_m(&self, fresh_head_m: f64, brine_head_m: f64) -> HeadDual {
        brine_flow_thickness_of(self.brine_thickness_m(fresh_head_m, brine_head_m))
    }

    /// Fresh water stored in the column, `A Sy b_f`, m³.
    pub fn fresh_volume_m3(&self, fresh_head_m: f64, brine_head_m: f64) -> HeadDual {
        self.fresh_thickness_m(fresh_head_m, brine_head_m)
            .scaled(self.area_m2 * self.specific_yield)
    }

    /// Brine stored in the column, `A (Sy b_b + Ss b h_b)`, m³ (the elastic part relative to a
    /// zero head, so only its changes mean anything).
    pub fn brine_volume_m3(&self, fresh_head_m: f64, brine_head_m: f64) -> HeadDual {
        let mut v = self
            .brine_thickness_m(fresh_head_m, brine_head_m)
            .scaled(self.area_m2 * self.specific_yield);
        v.value += self.area_m2 * self.elastic_storage * brine_head_m;
        v.d_brine += self.area_m2 * self.elastic_storage;
        v
    }
}

/// Thickness below which a column stops feeding its neighbours, m: the flow out of a column is
/// choked by a smoothstep of its own thickness of the flowing fluid (as `LATERAL_MIN_SAT_M` chokes
/// a drying one-fluid cell), so a vanishing lens, or the brine under a lens on the base, is not
/// drawn below nothing by a neighbour's thickness in the mean.
pub const CHOKE_THICKNESS_M: f64 = 1.0;

/// Flow of one fluid from column i to column j through the mean of their saturated thicknesses,
/// `Q = C (b_i + b_j)/2 · g(b_up) · (h_i − h_j)`, m³/day, with `C = K W/L` (m/day), g the choke of
/// the upstream column ([`CHOKE_THICKNESS_M`]), and each thickness and driving head carrying its
/// derivatives with respect to its own column's heads (a lens drives fresh water by its water
/// table, brine by its brine head). Returns Q and its derivatives with respect to (i's fresh
/// head, i's brine head, j's fresh head, j's brine head).
#[inline]
pub fn mean_thickness_flow(
    conductance_m_per_day: f64,
    thickness_i: HeadDual,
    thickness_j: HeadDual,
    head_i: HeadDual,
    head_j: HeadDual,
) -> (f64, [f64; 4]) {
    let c = conductance_m_per_day;
    let mean = 0.5 * (thickness_i.value + thickness_j.value);
    let dh = head_i.value - head_j.value;
    let upstream_i = dh >= 0.0;
    let up = if upstream_i { thickness_i } else { thickness_j };
    let (g, dg) = super::surface::smoothstep(up.value / CHOKE_THICKNESS_M);
    let dg = dg / CHOKE_THICKNESS_M;
    let q = c * mean * g * dh;
    // ∂Q = c [½ ∂b · g Δh + b̄ g′ ∂b_up Δh + b̄ g ∂Δh], slot by slot.
    let half = 0.5 * c * g * dh;
    let choke = c * mean * dg * dh;
    let drive = c * mean * g;
    let (ci, cj) = if upstream_i {
        (choke, 0.0)
    } else {
        (0.0, choke)
    };
    let d = [
        half * thickness_i.d_fresh + ci * thickness_i.d_fresh + drive * head_i.d_fresh,
        half * thickness_i.d_brine + ci * thickness_i.d_brine + drive * head_i.d_brine,
        half * thickness_j.d_fresh + cj * thickness_j.d_fresh - drive * head_j.d_fresh,
        half * thickness_j.d_brine + cj * thickness_j.d_brine - drive * head_j.d_brine,
    ];
    (q, d)
}

/// A brine head as a [`HeadDual`] (it drives brine flows).
pub fn brine_head(brine_head_m: f64) -> HeadDual {
    HeadDual {
        value: brine_head_m,
        d_fresh: 0.0,
        d_brine: 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The heads found for a water table and an interface give them back: over a thick lens,
    /// a thin one inside the blend, and none.
    #[test]
    fn heads_at_inverts_the_water_table_and_interface() {
        let col = LensColumn {
            area_m2: 1.0e6,
            specific_yield: 0.1,
            elastic_storage: 0.0,
            base_m: 3500.0,
            density: Density::from_interface_factor(5.3).unwrap(),
        };
        for (w, z) in [
            (3790.0, 3750.0),
            (3786.0, 3785.9),
            (3786.0, 3785.9999),
            (3786.0, 3786.0),
        ] {
            let (hf, hb) = col.heads_at(w, z);
            let (w1, z1) = (
                col.water_table_m(hf, hb).value,
                col.interface_m(hf, hb).value,
            );
            assert!(
                (w1 - w).abs() < 1e-9 && (z1 - z).abs() < 1e-9,
                "{w} {z}: {w1} {z1}"
            );
        }
    }

    fn column() -> LensColumn {
        LensColumn {
            area_m2: 1.0e6,
            specific_yield: 0.1,
            elastic_storage: 0.0,
            base_m: -100.0,
            density: Density::from_interface_factor(5.0).unwrap(),
        }
    }

    /// Central differences of every HeadDual the column reports, across the blends.
    #[test]
    fn derivatives_match_finite_differences() {
        let c = LensColumn {
            elastic_storage: 2e-4,
            base_m: -4.0,
            ..column()
        };
        type Law = fn(&LensColumn, f64, f64) -> HeadDual;
        let laws: [(&str, Law); 8] = [
            ("b_f flow", LensColumn::fresh_flow_thickness_m),
            ("b_b flow", LensColumn::brine_flow_thickness_m),
            ("w", LensColumn::water_table_m),
            ("zeta", LensColumn::interface_m),
            ("b_b", LensColumn::brine_thickness_m),
            ("b_f", LensColumn::fresh_thickness_m),
            ("V_f", LensColumn::fresh_volume_m3),
            ("V_b", LensColumn::brine_volume_m3),
        ];
        let hb = 0.3;
        // φ across the lens blend (±2.5 cm) and interfaces across the toe blend (ζ = −4 ± 5 cm
        // at φ = 0.86).
        for phi in [-1.0, -0.03, -0.01, 0.0, 0.02, 0.1, 0.853, 0.861, 0.868, 3.0] {
            let hf = hb + phi;
            for (name, law) in laws {
                let v = law(&c, hf, hb);
                let step = 1e-6;
                let df =
                    (law(&c, hf + step, hb).value - law(&c, hf - step, hb).value) / (2.0 * step);
                let db =
                    (law(&c, hf, hb + step).value - law(&c, hf, hb - step).value) / (2.0 * step);
                let tol = 1e-6 * (1.0 + v.d_fresh.abs() + v.d_brine.abs());
                assert!(
                    (df - v.d_fresh).abs() < tol,
                    "{name} φ={phi}: d/dh_f {df} vs {}",
                    v.d_fresh
                );
                assert!(
                    (db - v.d_brine).abs() < tol,
                    "{name} φ={phi}: d/dh_b {db} vs {}",
                    v.d_brine
                );
            }
        }
    }

    #[test]
    fn a_floating_lens_is_ghyben_herzberg() {
        let c = column();
        // φ = 2 m: a 12 m lens with its water table at h_f and the interface 10 m below h_b.
        assert!((c.water_table_m(2.0, 0.0).value - 2.0).abs() < 1e-12);
        assert!((c.interface_m(2.0, 0.0).value + 10.0).abs() < 1e-12);
        assert!((c.fresh_thickness_m(2.0, 0.0).value - 12.0).abs() < 1e-12);
        assert!((c.brine_thickness_m(2.0, 0.0).value - 90.0).abs() < 1e-12);
        // Volumes add to the drainable water above the base.
        let total = c.fresh_volume_m3(2.0, 0.0).value + c.brine_volume_m3(2.0, 0.0).value;
        assert!((total - 1.0e6 * 0.1 * 102.0).abs() < 1e-6);
    }

    #[test]
    fn a_lens_on_the_base_is_fresh_to_the_base() {
        // φ = 20 m would put the interface 100 m below the brine head, under a base at −40 m:
        // the column is fresh from its water table to the base, with no brine left.
        let c = LensColumn {
            base_m: -40.0,
            ..column()
        };
        assert_eq!(c.brine_thickness_m(20.0, 0.0).value, 0.0);
        assert!((c.fresh_thickness_m(20.0, 0.0).value - 60.0).abs() < 1e-12);
    }

    #[test]
    fn no_lens_leaves_a_column_of_brine() {
        let c = column();
        let b_f = c.fresh_thickness_m(-3.0, 0.0).value;
        assert!(b_f < 0.0 && b_f > -0.02, "b_f = {b_f}");
        assert!((c.water_table_m(-3.0, 0.0).value - 0.0).abs() < 0.01);
    }

    #[test]
    fn flow_derivatives_match_finite_differences() {
        let (ci, cj) = (
            column(),
            LensColumn {
                base_m: -30.0,
                ..column()
            },
        );
        let flow = |x: [f64; 4], fresh: bool| {
            let (ti, tj) = if fresh {
                (
                    ci.fresh_thickness_m(x[0], x[1]),
                    cj.fresh_thickness_m(x[2], x[3]),
                )
            } else {
                (
                    ci.brine_thickness_m(x[0], x[1]),
                    cj.brine_thickness_m(x[2], x[3]),
                )
            };
            let (hi, hj) = if fresh {
                (ci.water_table_m(x[0], x[1]), cj.water_table_m(x[2], x[3]))
            } else {
                (brine_head(x[1]), brine_head(x[3]))
            };
            mean_thickness_flow(7.0, ti, tj, hi, hj)
        };
        for (fresh, x) in [true, false].into_iter().flat_map(|f| {
            [
                (f, [3.0, 0.4, 2.1, 0.1]),
                (f, [0.5, 0.4, 2.1, 2.0]),
                (f, [0.2, 0.19, 0.1, 0.0]),
            ]
        }) {
            let (_, d) = flow(x, fresh);
            for k in 0..4 {
                let (mut up, mut dn) = (x, x);
                up[k] += 1e-6;
                dn[k] -= 1e-6;
                let fd = (flow(up, fresh).0 - flow(dn, fresh).0) / 2e-6;
                assert!(
                    (fd - d[k]).abs() < 1e-5 * (1.0 + fd.abs()),
                    "fresh={fresh} k={k}: {fd} vs {}",
                    d[k]
                );
            }
        }
    }
}
