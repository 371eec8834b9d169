//! The run's weather is not the weather that happened: how far that alone moves a site's series.
//!
//! With dry and wet years switched on, a run draws its sequence of years from the scenario's
//! seed, and every member of an ensemble shares it. Readings, though, come from the years that
//! really happen. So part of every residual is the difference between two independent draws of
//! the weather-driven swing at the site, one in the run and one in the basin, and that part is
//! correlated from month to month: a dry spell lowers the water table for years, and a member
//! missing one month misses the next ones alike. Treated as independent per reading (or as one
//! constant offset), monthly readings would count that one miss many times over and single out a
//! member whose weather happened to match.
//!
//! The swing is measured, not assumed: the scenario is run at its own physics (every multiplier
//! at the scenario's value) under [`WEATHER_SEQUENCES`] sequences of years (the climate-seed
//! factor of the ensemble design alone), and for the readings' months the sample covariance of
//! the site's series across sequences is `C`. The difference of two independent draws has
//! covariance `W = 2C`, which [`crate::uncertainty::residual_error`] adds to the readings' errors.
//! It assumes that the real years are one more draw of the basin file's climate, and that the
//! size of the swing depends little on the uncertain physics (the central physics stand for
//! every member). With dry and wet years switched off every sequence is the same and `W = 0`.

use crate::basin::Basin;
use crate::observations::ObservedQuantity;
use crate::run::{RunError, RunOptions};
use crate::scenario::Scenario;
use crate::uncertainty::design::{EnsembleSpec, Factor, FactorId};
use crate::uncertainty::ensemble::{run_ensemble_with_options, Ensemble};
use crate::uncertainty::weights::ReadingMonth;

/// Sequences of years run to measure the swing: enough for a covariance whose entries are
/// within about a third of their value (the relative standard error of a sample variance from
/// n draws is √(2/(n−1)), 0.32 at 20), at twenty runs of the model.
pub const WEATHER_SEQUENCES: usize = 20;

/// The scenario's series at every site under many sequences of years.
pub struct WeatherSpread {
    runs: Ensemble,
}

impl WeatherSpread {
    /// Runs the scenario under [`WEATHER_SEQUENCES`] sequences of years, with the run options
    /// the ensemble it serves was run with.
    pub fn run(
        basin: &Basin,
        scenario: &Scenario,
        opts: &RunOptions,
    ) -> Result<WeatherSpread, RunError> {
        let spec = EnsembleSpec {
            members: WEATHER_SEQUENCES,
            seed: 1,
            factors: vec![Factor::default_for(FactorId::ClimateSeed)],
        };
        Ok(WeatherSpread {
            runs: run_ensemble_with_options(basin, scenario, &spec, opts)?,
        })
    }

    pub fn sequences(&self) -> usize {
        self.runs.members.len()
    }

    /// `W = 2C` for `quantity` at `site` at the months `months`, row-major; `None` when the
    /// runs keep no such series there or a value is not a number. A hindcast's months are
    /// every sequence's (the observed weather), so they vary nothing.
    pub fn mismatch_covariance(
        &self,
        quantity: ObservedQuantity,
        site: &str,
        months: &[ReadingMonth],
    ) -> Option<Vec<f64>> {
        let k = self.runs.members.len();
        if k < 2 {
            return None;
        }
        let series: Vec<Vec<f64>> = (0..k)
            .map(|s| {
                months
                    .iter()
                    .map(|&m| self.runs.simulated_at(s, quantity, site, m))
                    .collect::<Option<Vec<f64>>>()
            })
            .collect::<Option<_>>()?;
        if series.iter().flatten().any(|v| !v.is_finite()) {
            return None;
        }
        Some(mismatch_covariance(&series))
    }
}

/// Twice the sample covariance (divisor k − 1) across `series` (one row per sequence of years)
/// of every pair of months, row-major.
pub fn mismatch_covariance(series: &[Vec<f64>]) -> Vec<f64> {
    let k = series.len();
    let n = series.first().map_or(0, Vec::len);
    let mean: Vec<f64> = (0..n)
        .map(|i| series.iter().map(|s| s[i]).sum::<f64>() / k as f64)
        .collect();
    let mut w = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let c = series
                .iter()
                .map(|s| (s[i] - mean[i]) * (s[j] - mean[j]))
                .sum::<f64>()
                / (k as f64 - 1.0);
            w[i * n + j] = 2.0 * c;
            w[j * n + i] = 2.0 * c;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: three sequences, two months.
    #[test]
    fn twice_the_sample_covariance() {
        let series = vec![vec![1.0, 2.0], vec![3.0, 2.0], vec![2.0, 5.0]];
        // Means 2 and 3; deviations (−1, −1), (1, −1), (0, 2).
        // var₀ = (1 + 1 + 0)/2 = 1, var₁ = (1 + 1 + 4)/2 = 3, cov = (1 − 1 + 0)/2 = 0.
        assert_eq!(mismatch_covariance(&series), vec![2.0, 0.0, 0.0, 6.0]);
    }

    /// Without dry and wet years every sequence is the same run: no mismatch at all.
    #[test]
    fn no_dry_and_wet_years_no_mismatch() {
        let series = vec![vec![4.0, 4.5, 5.0]; 5];
        assert!(mismatch_covariance(&series).iter().all(|&v| v == 0.0));
    }
}
