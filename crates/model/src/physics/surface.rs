//! Head-dependent surface exchanges: evaporation versus depth to water (per zone), springs
//! (drains), lagoon open-water area from stage, and vega green area from depth to water.
//! Every function returns the value and its derivative with respect to the head `h` (Newton).
//! The exponentials and logarithms are [`crate::fastmath`]'s (deterministic, ≈ 0.5 ulp, and
//! faster than `libm`'s in this per-evaluation hot path).

use crate::physics::fastmath::{exp, log1p};

/// Vega roots reach deeper than bare-soil evaporation: e-folding depth of vega ET, m. Taken at
/// the upper end of `wb.evap_decay` (0.2–0.8 m, [S25]) because grass and cushion-plant roots draw
/// from the capillary fringe; an estimate (status E).
pub const VEGA_ROOT_DECAY_M: f64 = 0.8;
/// Depth below which vegas take no groundwater, m (within `wb.evap_extinction` 1.0–3.5 m, [S25]).
pub const VEGA_EXTINCTION_M: f64 = 3.0;
/// Lagoon stage (above the lagoon bed, the cell's ground elevation) at which open water covers
/// the whole cell, m. Puna marginal lagoons are decimetres deep (estimate, status E).
pub const LAGOON_FULL_STAGE_M: f64 = 0.5;
/// Sharpness of the smooth lagoon shoreline law (dimensionless; larger = closer to a ramp).
pub const LAGOON_SHAPE: f64 = 4.0;
/// Smoothing width of the spring (drain) law near its outlet elevation, m. Keeps Newton smooth;
/// the flow at the outlet elevation is `C · w · ln 2` (≈ 3.5 % of one metre of head), negligible.
pub const SPRING_SMOOTHING_M: f64 = 0.05;
/// Its reciprocal, 1/m (the hot loop multiplies).
const SPRING_INV_SMOOTHING_PER_M: f64 = 1.0 / SPRING_SMOOTHING_M;

/// Smooth evaporation-versus-depth factor (0..1 for d ≥ 0): `E(d)/E_surface`.
///
/// `E(d) = E₀·(e^{−d/dₑ} − e^{−dₓ/dₑ}) / (1 − e^{−dₓ/dₑ})` for `0 ≤ d < dₓ`, 0 beyond the
/// extinction depth dₓ: the brief's `E₀·exp(−d/dₑ)` with the value at dₓ subtracted and the curve
/// renormalised, so it reaches zero continuously. For ponded water (d < 0) the factor grows
/// linearly with the same slope as at d = 0 (ponded water spreads), which keeps the law monotone
/// and guarantees a steady state exists for any recharge.
/// Returns `(factor, d factor / d h)` where `d = ground − h`.
pub fn depth_factor(depth_m: f64, decay_m: f64, extinction_m: f64) -> (f64, f64) {
    DepthLaw::from_depths(decay_m, extinction_m).factor(depth_m)
}

/// [`depth_factor`] with its constant `e^{−dₓ/dₑ}` computed once (the hot loop calls it for every
/// cell and Newton iteration).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DepthLaw {
    pub decay_m: f64,
    pub extinction_m: f64,
    ex: f64,
    /// `1/dₑ`, `1/(1 − e^{−dₓ/dₑ})` and their product (the slope at the surface): the hot loop
    /// multiplies instead of dividing.
    inv_decay: f64,
    inv_norm: f64,
    surface_slope: f64,
}

impl DepthLaw {
    /// The law of decay depth `decay_m` and extinction depth `extinction_m`. (Not `new`:
    /// cargo-mutants does not look inside functions of that name; `.cargo/mutants.toml`.)
    pub fn from_depths(decay_m: f64, extinction_m: f64) -> DepthLaw {
        let ex = exp(-extinction_m / decay_m);
        let (inv_decay, inv_norm) = (1.0 / decay_m, 1.0 / (1.0 - ex));
        DepthLaw {
            decay_m,
            extinction_m,
            ex,
            inv_decay,
            inv_norm,
            surface_slope: inv_decay * inv_norm,
        }
    }

    /// Same value, bit for bit, as [`depth_factor`] with this law's decay and extinction depths.
    #[inline]
    pub fn factor(&self, depth_m: f64) -> (f64, f64) {
        if depth_m >= self.extinction_m {
            return (0.0, 0.0);
        }
        let k = self.surface_slope;
        if depth_m >= 0.0 {
            let e = exp(-depth_m * self.inv_decay);
            ((e - self.ex) * self.inv_norm, e * k)
        } else {
            (1.0 - depth_m * k, k)
        }
    }
}

/// Numerically stable softplus `ln(1 + eˣ)`.
pub fn softplus(x: f64) -> f64 {
    x.max(0.0) + log1p(exp(-x.abs()))
}

/// Logistic `1/(1 + e^{−x})`, the derivative of softplus.
pub fn logistic(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + exp(-x))
    } else {
        let e = exp(x);
        e / (1.0 + e)
    }
}

/// Argument above which softplus is exactly `x` and the logistic exactly 1 in f64.
const SOFTPLUS_LINEAR_FROM: f64 = 40.0;

/// `(softplus(x), logistic(x))` sharing one exponential; bit-identical to the two functions.
#[inline]
pub fn softplus_logistic(x: f64) -> (f64, f64) {
    // Far above the knee e^{−x} < 2^{−57}: `x + log1p(e)` rounds to x and `1/(1 + e)` to 1, so
    // the exponential can be skipped without changing a bit (most springs flow here).
    if x >= SOFTPLUS_LINEAR_FROM {
        return (x, 1.0);
    }
    let e = exp(-x.abs());
    let sp = x.max(0.0) + log1p(e);
    let lg = if x >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    (sp, lg)
}

/// Spring (drain) discharge, m³/day: a smoothed `C · max(h − z, 0)`. Returns `(q, dq/dh)`.
#[inline]
pub fn spring_flow(h: f64, z: f64, c: f64) -> (f64, f64) {
    let x = (h - z) * SPRING_INV_SMOOTHING_PER_M;
    let (sp, lg) = softplus_logistic(x);
    (c * SPRING_SMOOTHING_M * sp, c * lg)
}

/// Open-water fraction of a lagoon cell from its stage above the bed: a smoothed ramp reaching 1
/// at [`LAGOON_FULL_STAGE_M`] and growing beyond it (water spreads past the mapped shore).
/// Returns `(fraction, d fraction / d h)`.
#[inline]
pub fn lagoon_fraction(h: f64, bed_m: f64) -> (f64, f64) {
    let x = LAGOON_SHAPE * (h - bed_m) / LAGOON_FULL_STAGE_M;
    let (sp, lg) = softplus_logistic(x);
    (sp / LAGOON_SHAPE, lg / LAGOON_FULL_STAGE_M)
}

/// Smoothed ramp `max(x, 0)` over `width`: 0 below `−w/2`, `x` above `w/2`, the quadratic
/// `(x + w/2)²/(2w)` between (C¹). `inv_width = 1/w` is passed so a hot caller with a constant
/// width has it folded at compile time (the loop multiplies). Returns `(r, dr/dx)`.
#[inline]
pub fn quadratic_ramp(x: f64, width: f64, inv_width: f64) -> (f64, f64) {
    if x <= -0.5 * width {
        (0.0, 0.0)
    } else if x >= 0.5 * width {
        (x, 1.0)
    } else {
        let y = x + 0.5 * width;
        (y * y * (0.5 * inv_width), y * inv_width)
    }
}

/// Cubic smoothstep on [0, 1]: 0 below, 1 above, C¹. Returns `(s, ds/dx)`.
pub fn smoothstep(x: f64) -> (f64, f64) {
    if x <= 0.0 {
        (0.0, 0.0)
    } else if x >= 1.0 {
        (1.0, 0.0)
    } else {
        (x * x * (3.0 - 2.0 * x), 6.0 * x * (1.0 - x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_factor_is_one_at_surface_zero_at_extinction_and_continuous() {
        assert!((depth_factor(0.0, 0.35, 2.0).0 - 1.0).abs() < 1e-15);
        assert!(depth_factor(2.0 - 1e-12, 0.35, 2.0).0.abs() < 1e-10);
        assert_eq!(depth_factor(2.5, 0.35, 2.0).0, 0.0);
        // Derivative matches a finite difference (d factor/dh = − d factor/dd).
        for d in [-0.3, 0.1, 0.5, 1.5] {
            let e = 1e-6;
            let fd =
                (depth_factor(d - e, 0.35, 2.0).0 - depth_factor(d + e, 0.35, 2.0).0) / (2.0 * e);
            assert!((fd - depth_factor(d, 0.35, 2.0).1).abs() < 1e-5, "d={d}");
        }
    }

    #[test]
    fn cached_laws_are_bit_identical() {
        for x in [
            -40.0, -3.0, -0.1, 0.0, 0.1, 3.0, 39.9, 40.0, 41.0, 1e3, 1e300,
        ] {
            assert_eq!(softplus_logistic(x), (softplus(x), logistic(x)));
        }
    }

    #[test]
    fn spring_and_lagoon_derivatives() {
        for h in [-1.0, -0.01, 0.0, 0.02, 2.0] {
            let e = 1e-7;
            let fd =
                (spring_flow(h + e, 0.0, 100.0).0 - spring_flow(h - e, 0.0, 100.0).0) / (2.0 * e);
            assert!((fd - spring_flow(h, 0.0, 100.0).1).abs() < 1e-4);
            let fd = (lagoon_fraction(h + e, 0.0).0 - lagoon_fraction(h - e, 0.0).0) / (2.0 * e);
            assert!((fd - lagoon_fraction(h, 0.0).1).abs() < 1e-5);
        }
        assert!(spring_flow(-1.0, 0.0, 100.0).0 < 1e-6);
        assert!((spring_flow(1.0, 0.0, 100.0).0 - 100.0).abs() < 1e-6);
    }
}
