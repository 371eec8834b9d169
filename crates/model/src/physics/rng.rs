//! A seeded random stream that gives the same numbers on every platform: PCG-64 (integer
//! arithmetic only) and Box–Muller normals computed with `libm`.

use rand_pcg::rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

/// Seeded standard-normal generator.
pub struct NormalStream {
    pcg: Pcg64,
    spare: Option<f64>,
}

impl NormalStream {
    pub fn new(seed: u64) -> NormalStream {
        NormalStream {
            pcg: Pcg64::seed_from_u64(seed),
            spare: None,
        }
    }

    /// Uniform in the open interval (0, 1), from the top 53 bits.
    pub fn uniform(&mut self) -> f64 {
        let bits = self.pcg.next_u64() >> 11;
        (bits as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by the Box–Muller transform.
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = self.uniform();
        let u2 = self.uniform();
        let r = libm::sqrt(-2.0 * libm::log(u1));
        let a = 2.0 * core::f64::consts::PI * u2;
        self.spare = Some(r * libm::sin(a));
        r * libm::cos(a)
    }

    /// Lognormal multiplier with mean 1 and coefficient of variation `cv`:
    /// `σ² = ln(1 + cv²)`, `μ = −σ²/2`, `M = exp(μ + σ Z)`.
    pub fn lognormal_unit_mean(&mut self, cv: f64) -> f64 {
        let s2 = libm::log1p(cv * cv);
        let s = libm::sqrt(s2);
        libm::exp(-0.5 * s2 + s * self.normal())
    }
}
