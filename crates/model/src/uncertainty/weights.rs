//! The ensemble learns from observations: each member weighted by how likely the readings are
//! under it.
//!
//! # Method
//! Importance weights with Gaussian errors (the members are a Latin-hypercube sample of the
//! prior, so the posterior weight of a member is proportional to its likelihood). Reading `i`
//! has value `yᵢ`; the member's month-end value at the same site and month is `sᵢ`, and
//! `rᵢ = sᵢ − yᵢ`. Each residual is the sum of two independent Gaussian errors:
//! - the reading's own, standard deviation `σᵢ` (the row's error or the quantity's default,
//!   [`crate::observations::quantity`]), independent from reading to reading;
//! - the model structure's, standard deviation `τ`, **one offset shared by every reading of one
//!   quantity at one site**: a model cell is the mean over kilometres and a well one point in
//!   it, so the model's miss there persists month after month. Treated as independent per
//!   reading, a monthly series would count each month's copy of the same miss again, and in a
//!   twin experiment whose truth is not a member (`k_rech=1.5&k_k=0.5&k_sy=1.2`, 72 monthly depths
//!   at two sites) the weight fell on one member whose vega drawdown was 10 m against the truth's
//!   0.4 m;
//! - with [`Ensemble::weights_given`] and a [`WeatherSpread`], the weather mismatch: the run's dry
//!   and wet years are not the ones the readings were taken in, and that miss is correlated from
//!   month to month ([`crate::uncertainty::weather_spread`]; the covariance is then no longer of
//!   the closed form below and is factorised, [`crate::uncertainty::residual_error`]).
//!
//! For one site and quantity, the residuals' covariance is `D + τ²·11ᵀ` (`D = diag σᵢ²`), whose
//! inverse by Sherman–Morrison gives the member's log-likelihood
//! `ℓ = −½ [Σ rᵢ²/σᵢ² − τ² (Σ rᵢ/σᵢ²)² / (1 + τ² Σ 1/σᵢ²)]`, summed over sites and quantities
//! (the determinant depends on the readings only and cancels). `τ` is the quantity's structure
//! error at the mean value read there. Weights are `wₖ = exp(ℓₖ − max ℓ) / Σ exp(ℓⱼ − max ℓ)`,
//! computed in log space so that a thousand readings do not underflow every member to zero. The
//! effective sample size is `ESS = 1 / Σ wₖ²` (Kish): the number of equally weighted members
//! carrying the same information. Below [`ESS_WARNING_SHARE`] of the members the bands would rest
//! on a handful of them: the likelihood is then tempered ([`temper`]: every error widened just
//! enough that that share of the members carries the bands) and a message says so.
//!
//! # What it assumes
//! The readings' own errors are independent, and the model's miss at a site is one constant
//! offset plus, when given, the weather's swing: a miss that drifts over the years for another
//! reason (a trend the model lacks) is not in the error model, and weighs members as if it were
//! information. Readings outside the run's months are not used. With a hindcast
//! ([`crate::RunOptions::history`]) the run's months include the observed ones before its start;
//! the weather of those months is the observed one, so the weather mismatch has no part there
//! (every weather sequence shares them, and their covariance is zero). A month the climate file
//! lacked ran under the mean month, and its reading's weather miss is not in the error model.

use serde::Serialize;

use crate::lang::{fmt_num, Lang};
use crate::observations::{Observation, ObservedQuantity, BASIN_SITE};
pub use crate::outputs::results::ReadingMonth;
use crate::outputs::results::{month_index_in, YearMonth};
use crate::uncertainty::ensemble::{Ensemble, Quantity};
use crate::uncertainty::residual_error::ResidualError;
use crate::uncertainty::weather_spread::WeatherSpread;

/// Below this share of the members as effective sample size, the weighted bands are said to rest
/// on too few members. A tenth: with the default 100 members, fewer than ten carry the bands.
pub const ESS_WARNING_SHARE: f64 = 0.1;

/// Mean squared standardised misfit per reading of the best member above which no member is
/// said to fit: 4 is a typical reading off by two standard deviations.
pub const NO_FIT_MEAN_SQUARED: f64 = 4.0;

/// Why a reading did not weigh the members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnusedReason {
    /// Its month is not among the run's months.
    OutsideRun,
    /// The ensemble keeps no such series at the site.
    NotInEnsemble,
    /// Some member's value there is not a number.
    NotANumber,
    /// A wellfield's pumped lithium in a month some member's wells pumped nothing (before the
    /// project starts, say): no concentration to compare.
    NotPumping,
}

/// A reading that did not weigh the members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnusedObservation {
    pub row: u64,
    pub site: String,
    pub date: YearMonth,
    pub reason: UnusedReason,
}

/// The members' weights given some observations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weights {
    /// One per member, in member order, summing to one.
    pub weights: Vec<f64>,
    /// Each member's log-likelihood (up to a constant shared by all).
    pub log_likelihood: Vec<f64>,
    /// Effective sample size of `weights`, 1 / Σ w².
    pub ess: f64,
    /// The effective sample size the readings' likelihood gives before any tempering.
    pub ess_untempered: f64,
    /// The power the likelihood was raised to (1: none; below 1 the readings' errors were
    /// widened by 1/√of it, [`temper`]).
    pub tempering: f64,
    pub members: usize,
    /// Readings that weighed the members.
    pub used: usize,
    pub unused: Vec<UnusedObservation>,
    /// The best member's squared Mahalanobis misfit (−2ℓ) per reading (0 with none used).
    pub best_mean_squared_misfit: f64,
    /// Sequences of years the weather mismatch was measured over (0: not part of the error).
    pub weather_sequences: usize,
}

impl Weights {
    /// Whether the readings' likelihood alone would rest the bands on fewer than
    /// [`ESS_WARNING_SHARE`] of the members (the weights are then tempered).
    pub fn collapsed(&self) -> bool {
        self.members > 0 && self.ess_untempered < ESS_WARNING_SHARE * self.members as f64
    }

    /// Whether even the best member misses the readings by more than their errors allow.
    pub fn no_member_fits(&self) -> bool {
        self.used > 0 && self.best_mean_squared_misfit > NO_FIT_MEAN_SQUARED
    }

    /// What a reader should know about these weights, one sentence each (empty when nothing
    /// needs saying).
    pub fn messages(&self, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        let ess = fmt_num(self.ess_untempered, 1, lang);
        let n = self.members;
        if self.collapsed() {
            let widened = fmt_num(1.0 / libm::sqrt(self.tempering), 1, lang);
            let kept = fmt_num(self.ess, 0, lang);
            out.push(match lang {
                Lang::Es => format!("Las mediciones dejan el peso en pocos miembros: equivalen a {ess} de {n}. Para que las bandas no descansen en tan pocas corridas, se tomaron sus errores {widened} veces más grandes (las bandas descansan en {kept} miembros): son más anchas de lo que serían con un modelo exacto. Hacen falta más miembros, o revisar las mediciones."),
                Lang::En => format!("The measurements leave the weight on few members: worth {ess} of {n}. So that the bands do not rest on so few runs, their errors were taken {widened} times larger (the bands rest on {kept} members): they are wider than an exact model would give. More members are needed, or the measurements checked."),
            });
        }
        if self.no_member_fits() {
            let rms = fmt_num(libm::sqrt(self.best_mean_squared_misfit), 1, lang);
            out.push(match lang {
                Lang::Es => format!("Ningún miembro se ajusta a las mediciones: el mejor se aparta {rms} desvíos estándar en promedio. El modelo, o alguna medición, no es lo que se supone."),
                Lang::En => format!("No member fits the measurements: the best is {rms} standard deviations off on average. The model, or some measurement, is not what it is assumed to be."),
            });
        }
        let count = |reason| self.unused.iter().filter(|u| u.reason == reason).count();
        let (outside, idle) = (
            count(UnusedReason::OutsideRun),
            count(UnusedReason::NotPumping),
        );
        if idle > 0 {
            out.push(match lang {
                Lang::Es => format!("{idle} mediciones de litio bombeado caen en meses en que los pozos del modelo no bombean (por ejemplo, antes del inicio del proyecto del escenario) y no se usaron."),
                Lang::En => format!("{idle} pumped-lithium readings fall in months when the model's wells pump nothing (before the scenario's project starts, say) and were not used."),
            });
        }
        if outside > 0 {
            out.push(match lang {
                Lang::Es => format!("{outside} mediciones caen fuera de los meses de la corrida y no se usaron (para las de antes de que empiece, la corrida puede empezar en el pasado con la lluvia mensual observada de esos años)."),
                Lang::En => format!("{outside} measurements fall outside the run's months and were not used (for those before it starts, the run can start in the past under the observed monthly rain of those years)."),
            });
        }
        out
    }
}

/// The usable readings of one quantity at one site, each with its run month.
type Group<'a> = (
    &'a str,
    ObservedQuantity,
    Vec<(&'a Observation, ReadingMonth)>,
);

/// Log-likelihood (up to a constant) of residuals `r` with independent errors of standard
/// deviations `sd` plus one offset of standard deviation `tau` shared by all:
/// `−½ rᵀ (D + τ² 11ᵀ)⁻¹ r` by Sherman–Morrison (module documentation).
pub fn shared_offset_log_likelihood(r: &[f64], sd: &[f64], tau: f64) -> f64 {
    let (mut a, mut b, mut c) = (0.0, 0.0, 0.0);
    for (&ri, &si) in r.iter().zip(sd) {
        let d = si * si;
        a += ri * ri / d;
        b += ri / d;
        c += 1.0 / d;
    }
    let tau2 = tau * tau;
    -0.5 * (a - tau2 * b * b / (1.0 + tau2 * c))
}

/// Normalised weights `wₖ ∝ exp(φ·ℓₖ)` and their effective sample size.
pub(crate) fn tempered_weights(ll: &[f64], phi: f64) -> (Vec<f64>, f64) {
    let max = ll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut w: Vec<f64> = ll.iter().map(|&l| libm::exp(phi * (l - max))).collect();
    let total: f64 = w.iter().sum();
    w.iter_mut().for_each(|x| *x /= total);
    let ess = if ll.is_empty() {
        0.0
    } else {
        1.0 / w.iter().map(|x| x * x).sum::<f64>()
    };
    (w, ess)
}

/// Adaptive tempering: when the likelihood leaves an effective sample size below `target`, the
/// largest power `φ < 1` of it that keeps the ESS at or above `target` (bisection; `φ = 0` gives
/// equal weights, ESS = all members), with its weights and ESS; `None` when no tempering is
/// needed.
///
/// Why: the weights collapse when the readings contradict every member beyond their errors
/// (a truth outside the sampled physics, or a miss the error model lacks) as much as when they
/// are many and precise. Either way a band resting on one or two members claims a certainty the
/// ensemble does not have. `ℓ·φ` is the likelihood with every error variance multiplied by
/// `1/φ`: the errors are widened just enough that at least `target` members carry the bands.
/// This is the tempering step of sequential Monte Carlo samplers (Jasra, Stephens, Doucet &
/// Tsagaris 2011, Scand. J. Stat. 38:1–22, where `φ` is chosen to hold the ESS at a target).
pub fn temper(ll: &[f64], target: f64) -> Option<(f64, Vec<f64>, f64)> {
    if ll.is_empty() || tempered_weights(ll, 1.0).1 >= target {
        return None;
    }
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if tempered_weights(ll, mid).1 >= target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let (w, ess) = tempered_weights(ll, lo);
    Some((lo, w, ess))
}

impl Ensemble {
    /// Index of a month in the run (`None` outside it).
    pub fn month_index(&self, ym: YearMonth) -> Option<usize> {
        month_index_in(&self.months, ym)
    }

    /// The month a reading of `ym` meets the members in (`None` outside the run and its
    /// hindcast).
    pub fn reading_month(&self, ym: YearMonth) -> Option<ReadingMonth> {
        ReadingMonth::of(ym, &self.months, &self.hindcast_months)
    }

    /// Member `k`'s month-end value of an observed quantity at a site and run month.
    pub fn simulated(
        &self,
        member: usize,
        quantity: ObservedQuantity,
        site: &str,
        month: usize,
    ) -> Option<f64> {
        self.simulated_at(member, quantity, site, ReadingMonth::Run(month))
    }

    /// [`Ensemble::simulated`] at a month of the run or of its hindcast.
    pub fn simulated_at(
        &self,
        member: usize,
        quantity: ObservedQuantity,
        site: &str,
        month: ReadingMonth,
    ) -> Option<f64> {
        let at = |q: Quantity| {
            // Basin series answer readings of the whole basin only.
            let at_site = if quantity.basin_wide() {
                (site == BASIN_SITE).then_some(None)?
            } else {
                Some(site)
            };
            let (series, m) = match month {
                ReadingMonth::Run(m) => (self.member_series(member, q, at_site), m),
                ReadingMonth::Hindcast(m) => (self.member_hindcast_series(member, q, at_site), m),
            };
            series.and_then(|s| s.get(m)).map(|&v| v as f64)
        };
        match quantity.ensemble_series() {
            Some(q) => at(q),
            None => Some(self.site(site)?.ground_m() - at(Quantity::DepthToWaterM)?),
        }
    }

    /// Weights of the members given the observations (see the module documentation). With no
    /// reading used every member weighs the same.
    pub fn weights(&self, observations: &[Observation]) -> Weights {
        self.weights_given(observations, None)
    }

    /// [`Ensemble::weights`] with the weather mismatch in the error
    /// ([`crate::uncertainty::weather_spread`]) when `weather` is given: the run's years are not
    /// the years the readings were taken in.
    pub fn weights_given(
        &self,
        observations: &[Observation],
        weather: Option<&WeatherSpread>,
    ) -> Weights {
        let n = self.members.len();
        let mut unused = Vec::new();
        // The usable readings, grouped by site and quantity.
        let mut groups: Vec<Group> = Vec::new();
        let mut sims = vec![0.0; n];
        for o in observations {
            let reason = 'check: {
                let Some(m) = self.reading_month(o.date) else {
                    break 'check Some(UnusedReason::OutsideRun);
                };
                for (k, s) in sims.iter_mut().enumerate() {
                    match self.simulated_at(k, o.quantity, &o.site, m) {
                        None => break 'check Some(UnusedReason::NotInEnsemble),
                        Some(v) if !v.is_finite() => break 'check Some(UnusedReason::NotANumber),
                        Some(v) if o.quantity.pumped_nothing(v) => {
                            break 'check Some(UnusedReason::NotPumping)
                        }
                        Some(v) => *s = v,
                    }
                }
                None
            };
            match reason {
                Some(reason) => unused.push(UnusedObservation {
                    row: o.row,
                    site: o.site.clone(),
                    date: o.date,
                    reason,
                }),
                None => {
                    let m = self.reading_month(o.date).unwrap_or(ReadingMonth::Run(0));
                    match groups
                        .iter_mut()
                        .find(|(s, q, _)| *s == o.site && *q == o.quantity)
                    {
                        Some(g) => g.2.push((o, m)),
                        None => groups.push((&o.site, o.quantity, vec![(o, m)])),
                    }
                }
            }
        }
        let used: usize = groups.iter().map(|g| g.2.len()).sum();
        let mut ll = vec![0.0; n];
        for (site, q, readings) in &groups {
            let mean_read =
                readings.iter().map(|(o, _)| o.value.abs()).sum::<f64>() / readings.len() as f64;
            let tau = q.structure_error(mean_read);
            let sds: Vec<f64> = readings.iter().map(|(o, _)| o.measurement_sd()).collect();
            let months: Vec<ReadingMonth> = readings.iter().map(|&(_, m)| m).collect();
            let mismatch = weather.and_then(|w| w.mismatch_covariance(*q, site, &months));
            let error = ResidualError::new(&sds, tau, mismatch.as_deref());
            let mut r = vec![0.0; readings.len()];
            for (k, l) in ll.iter_mut().enumerate() {
                for (ri, (o, m)) in r.iter_mut().zip(readings) {
                    *ri = self.simulated_at(k, *q, site, *m).unwrap_or(f64::NAN) - o.value;
                }
                *l += error.log_likelihood(&r);
            }
        }
        let max = ll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (untempered, ess_untempered) = tempered_weights(&ll, 1.0);
        let (tempering, weights, ess) =
            temper(&ll, ESS_WARNING_SHARE * n as f64).unwrap_or((1.0, untempered, ess_untempered));
        // −2ℓ is the squared Mahalanobis misfit.
        let best = -2.0 * max;
        Weights {
            weights,
            log_likelihood: ll,
            ess,
            ess_untempered,
            tempering,
            members: n,
            used,
            unused,
            best_mean_squared_misfit: if used == 0 || n == 0 {
                0.0
            } else {
                best / used as f64
            },
            weather_sequences: weather.map_or(0, WeatherSpread::sequences),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_offset_likelihood_is_the_gaussian_with_that_covariance() {
        // Two readings, sd 0.1 and 0.2, offset sd 0.5: Σ = [[0.26, 0.25], [0.25, 0.29]],
        // det = 0.26·0.29 − 0.25² = 0.0129, Σ⁻¹ = [[0.29, −0.25], [−0.25, 0.26]] / 0.0129.
        let r = [0.3, -0.1];
        let q = (0.29 * 0.3 * 0.3 - 2.0 * 0.25 * 0.3 * -0.1 + 0.26 * 0.1 * 0.1) / 0.0129;
        let l = shared_offset_log_likelihood(&r, &[0.1, 0.2], 0.5);
        assert!((l + 0.5 * q).abs() < 1e-9, "{l} vs {}", -0.5 * q);
        // Without the offset it is the independent Gaussian.
        let l0 = shared_offset_log_likelihood(&r, &[0.1, 0.2], 0.0);
        assert!((l0 + 0.5 * (9.0 + 0.25)).abs() < 1e-12);
    }

    #[test]
    fn tempering_holds_the_ess_at_its_target_as_the_closed_form_says() {
        // One member at ℓ = 0 and n − 1 at ℓ = −a: with x = exp(−φa) the ESS is
        // (1 + (n−1)x)² / (1 + (n−1)x²), so ESS = T is the quadratic
        // ((n−1)² − T(n−1)) x² + 2(n−1) x + (1 − T) = 0, whose root in (0, 1) gives φ.
        let (n, a, target) = (30usize, 40.0, 3.0);
        let mut ll = vec![-a; n];
        ll[0] = 0.0;
        let m = (n - 1) as f64;
        let (qa, qb, qc) = (m * m - target * m, 2.0 * m, 1.0 - target);
        let x = (-qb + libm::sqrt(qb * qb - 4.0 * qa * qc)) / (2.0 * qa);
        let phi = -libm::log(x) / a;
        let (got, w, ess) = temper(&ll, target).expect("ESS 1.0 is below 3");
        assert!((got - phi).abs() < 1e-9, "φ {got} vs {phi}");
        assert!((ess - target).abs() < 1e-6 && ess >= target, "ESS {ess}");
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(w[0] > w[1], "tempering keeps the order of the members");
        // Enough members already: no tempering.
        assert!(temper(&ll, 1.0).is_none());
        assert!(temper(&[], 1.0).is_none());
    }

    #[test]
    fn a_constant_miss_repeated_monthly_costs_about_one_offset_not_one_per_month() {
        // A member 0.5 m off at every one of n readings (sd 0.05, offset sd 0.5): the cost tends
        // to ½·(0.5/0.5)² = 0.5 as n grows, where independent errors would charge n·(…).
        for n in [1, 12, 120, 1200] {
            let r = vec![0.5; n];
            let sd = vec![0.05; n];
            let l = shared_offset_log_likelihood(&r, &sd, 0.5);
            let limit = 0.5 * (0.5_f64 / 0.5).powi(2);
            assert!(-l <= limit + 1e-9 && -l > 0.45, "n {n}: {l}");
        }
        // A miss that changes from month to month is not absorbed by the offset.
        let r: Vec<f64> = (0..120)
            .map(|k| if k % 2 == 0 { 0.5 } else { -0.5 })
            .collect();
        assert!(shared_offset_log_likelihood(&r, &[0.05; 120], 0.5) < -1000.0);
    }
}
