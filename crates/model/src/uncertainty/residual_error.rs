//! How far a member's series may miss the readings of one quantity at one site: the Gaussian
//! error model the weights and the value of a measurement share.
//!
//! The residuals `r = s − y` of one site and quantity have covariance
//! `Σ = D + τ²·11ᵀ + W`: the readings' own errors (`D = diag σᵢ²`), one structure offset shared
//! by every reading there (`τ`), and, when given, the weather mismatch `W`
//! ([`crate::uncertainty::weather_spread`]): the run's dry and wet years are not the years that
//! happened. Without `W` the log-likelihood has the closed form of
//! [`shared_offset_log_likelihood`]; with it, `Σ` is factorised once (Cholesky, `Σ = LLᵀ`) and
//! each member costs one triangular solve: `ℓ = −½ ‖L⁻¹r‖²`. The determinant depends on the
//! readings only, not on the member, and cancels in the weights.

use crate::uncertainty::weights::shared_offset_log_likelihood;

/// The error model of one site's readings of one quantity, ready to weigh residuals.
#[derive(Debug, Clone, PartialEq)]
pub struct ResidualError {
    form: Form,
}

#[derive(Debug, Clone, PartialEq)]
enum Form {
    SharedOffset {
        sd: Vec<f64>,
        tau: f64,
    },
    /// Lower Cholesky factor of `Σ`, row-major `n × n`.
    Full {
        lower: Vec<f64>,
        n: usize,
    },
}

impl ResidualError {
    /// Readings with standard deviations `sd`, a shared offset of standard deviation `tau` and,
    /// if given, a weather-mismatch covariance `weather` (row-major `n × n`, `n = sd.len()`).
    /// A weather covariance of the wrong size, or one that leaves `Σ` not positive definite
    /// (it cannot: `D` is, and a sample covariance is semi-definite, but rounding could), is
    /// left out rather than trusted.
    pub fn new(sd: &[f64], tau: f64, weather: Option<&[f64]>) -> ResidualError {
        let n = sd.len();
        let shared = || ResidualError {
            form: Form::SharedOffset {
                sd: sd.to_vec(),
                tau,
            },
        };
        let Some(w) = weather.filter(|w| w.len() == n * n) else {
            return shared();
        };
        let tau2 = tau * tau;
        let mut sigma = w.to_vec();
        for i in 0..n {
            for j in 0..n {
                sigma[i * n + j] += tau2;
            }
            sigma[i * n + i] += sd[i] * sd[i];
        }
        if cholesky(&mut sigma, n) {
            ResidualError {
                form: Form::Full { lower: sigma, n },
            }
        } else {
            shared()
        }
    }

    /// Whether the weather mismatch is part of the error (it was given and usable).
    pub fn has_weather(&self) -> bool {
        matches!(self.form, Form::Full { .. })
    }

    /// `L⁻¹ s` for the factorised form (`None` for the closed form). The quadratic form is
    /// linear in its argument, `L⁻¹(s − t) = L⁻¹s − L⁻¹t`: residuals between many series are
    /// then one solve per series and one difference per pair, not one solve per pair.
    pub fn whiten(&self, s: &[f64]) -> Option<Vec<f64>> {
        let Form::Full { lower, n } = &self.form else {
            return None;
        };
        let mut z = vec![0.0; *n];
        for i in 0..*n {
            let row = &lower[i * n..i * n + i];
            let dot: f64 = row.iter().zip(&z).map(|(l, zj)| l * zj).sum();
            z[i] = (s[i] - dot) / lower[i * n + i];
        }
        Some(z)
    }

    /// `−½ rᵀ Σ⁻¹ r` (the Gaussian log-likelihood up to a constant that is the same for every
    /// member).
    pub fn log_likelihood(&self, r: &[f64]) -> f64 {
        match &self.form {
            Form::SharedOffset { sd, tau } => shared_offset_log_likelihood(r, sd, *tau),
            Form::Full { .. } => {
                let z = self.whiten(r).unwrap_or_default();
                -0.5 * z.iter().map(|v| v * v).sum::<f64>()
            }
        }
    }
}

/// In-place Cholesky factorisation of the symmetric `n × n` matrix `a` (row-major): on success
/// its lower triangle holds `L` with `A = LLᵀ` and its upper triangle zeros. False when `a` is not
/// positive definite. (A textbook loop: the matrices are a few dozen readings across, and a
/// linear-algebra crate would be a large dependency for one factorisation.)
fn cholesky(a: &mut [f64], n: usize) -> bool {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        if !(d > 0.0 && d.is_finite()) {
            return false;
        }
        let d = d.sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
        for k in j + 1..n {
            a[j * n + k] = 0.0;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With a zero weather covariance the factorised form gives the Sherman–Morrison closed
    /// form of the shared offset (two independent derivations of the same quadratic form).
    #[test]
    fn the_factorised_form_equals_the_closed_form_without_weather() {
        let sd = [0.1, 0.2, 0.05, 0.3];
        let r = [0.4, -0.1, 0.25, 1.0];
        let zero = vec![0.0; 16];
        let full = ResidualError::new(&sd, 0.5, Some(&zero));
        assert!(full.has_weather());
        let closed = shared_offset_log_likelihood(&r, &sd, 0.5);
        assert!((full.log_likelihood(&r) - closed).abs() < 1e-12 * closed.abs());
    }

    /// Whitened series give the likelihood of their difference: −½‖L⁻¹s − L⁻¹t‖² equals
    /// −½ (s − t)ᵀ Σ⁻¹ (s − t) to round-off (the quadratic form through one solve of s − t).
    #[test]
    fn whitened_differences_give_the_likelihood_of_the_residual() {
        let sd = [0.1, 0.2, 0.05];
        let w = [0.04, 0.01, 0.0, 0.01, 0.05, 0.02, 0.0, 0.02, 0.03];
        let e = ResidualError::new(&sd, 0.3, Some(&w));
        let (s, t) = ([1.0, 2.5, -0.5], [0.7, 2.0, 0.1]);
        let r: Vec<f64> = s.iter().zip(&t).map(|(a, b)| a - b).collect();
        let (zs, zt) = (e.whiten(&s).unwrap(), e.whiten(&t).unwrap());
        let via_white = -0.5
            * zs.iter()
                .zip(&zt)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>();
        let direct = e.log_likelihood(&r);
        assert!(direct < -1.0, "{direct}");
        assert!(
            (via_white - direct).abs() < 1e-12 * direct.abs(),
            "{via_white} vs {direct}"
        );
        assert_eq!(ResidualError::new(&sd, 0.3, None).whiten(&s), None);
    }

    /// Against Σ⁻¹ worked by hand for two readings: Σ = [[a, b], [b, c]] has inverse
    /// [[c, −b], [−b, a]] / (ac − b²).
    #[test]
    fn two_correlated_readings_match_the_two_by_two_inverse() {
        let sd = [0.1, 0.2];
        let tau = 0.3;
        let w = [0.04, 0.03, 0.03, 0.05];
        let (a, b, c) = (0.01 + 0.09 + 0.04, 0.09 + 0.03, 0.04 + 0.09 + 0.05);
        let r = [0.7, -0.2];
        let det = a * c - b * b;
        let quad = (c * r[0] * r[0] - 2.0 * b * r[0] * r[1] + a * r[1] * r[1]) / det;
        let e = ResidualError::new(&sd, tau, Some(&w));
        assert!((e.log_likelihood(&r) + 0.5 * quad).abs() < 1e-12);
    }

    /// A miss that follows the weather's own pattern costs less than the same-sized miss
    /// against it: the error model expects months that are dry together to be missed together.
    #[test]
    fn a_miss_along_the_weather_pattern_costs_less_than_one_across_it() {
        let sd = [0.05, 0.05];
        // Two months whose weather anomalies move together (correlation 0.9).
        let w = [1.0, 0.9, 0.9, 1.0];
        let e = ResidualError::new(&sd, 0.0, Some(&w));
        let along = e.log_likelihood(&[0.5, 0.5]);
        let across = e.log_likelihood(&[0.5, -0.5]);
        assert!(along > across + 1.0, "{along} vs {across}");
    }

    #[test]
    fn a_covariance_of_the_wrong_size_or_not_positive_is_left_out() {
        let sd = [0.1, 0.1];
        assert!(!ResidualError::new(&sd, 0.2, Some(&[1.0; 3])).has_weather());
        assert!(!ResidualError::new(&sd, 0.2, Some(&[-5.0, 0.0, 0.0, -5.0])).has_weather());
        assert!(!ResidualError::new(&sd, 0.2, None).has_weather());
        // Left out, it weighs as the shared offset alone.
        let r = [0.3, 0.1];
        assert_eq!(
            ResidualError::new(&sd, 0.2, Some(&[1.0; 3])).log_likelihood(&r),
            shared_offset_log_likelihood(&r, &sd, 0.2)
        );
    }

    /// L·Lᵀ gives back the matrix that was factorised.
    #[test]
    fn the_factor_rebuilds_its_matrix() {
        let m = [4.0, 2.0, 0.6, 2.0, 5.0, 1.5, 0.6, 1.5, 3.0];
        let mut l = m;
        assert!(cholesky(&mut l, 3));
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|k| l[i * 3 + k] * l[j * 3 + k]).sum();
                assert!((v - m[i * 3 + j]).abs() < 1e-12, "({i},{j}) {v}");
            }
        }
    }
}
