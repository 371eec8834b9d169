//! The ensemble learns from observations: each member weighted by how likely the readings are
//! under it.
//!
//! # Method
//! Importance weights with Gaussian errors (the members are a Latin-hypercube sample of the
//! prior, so the posterior weight of a member is proportional to its likelihood). For reading
//! `i` with value `yᵢ`, the member's month-end value `sᵢ` at the same site and month, and
//! `σᵢ² = σ_reading² + σ_structure²` ([`crate::observations::quantity`]: the row's error or a
//! default, plus a model-structure error, independent), the member's log-likelihood is
//! `ℓ = −½ Σᵢ ((sᵢ − yᵢ)/σᵢ)²`; the `σᵢ` depend on the reading only, so the normalising
//! constants cancel. Weights are `wₖ = exp(ℓₖ − max ℓ) / Σ exp(ℓⱼ − max ℓ)`, computed in log
//! space so that a thousand readings do not underflow every member to zero. The effective
//! sample size is `ESS = 1 / Σ wₖ²` (Kish): the number of equally weighted members carrying the
//! same information. Below [`ESS_WARNING_SHARE`] of the members the bands rest on a handful of
//! them and a message says so.
//!
//! # What it assumes
//! Readings are independent given the member. A monthly series at one site is not: the model's
//! error there persists from month to month, so many readings at one site count for more than
//! they should and the weights are too sure. The structure error is kept large (0.5 m) for that
//! reason too. Readings outside the run's months are not used: a run starts in its start year
//! from the steady pre-development state, and the hindcast that would start it in the past under
//! observed climate is a later step.

use serde::Serialize;

use crate::lang::{fmt_num, Lang};
use crate::observations::{Observation, ObservedQuantity};
use crate::outputs::results::YearMonth;
use crate::uncertainty::ensemble::{Ensemble, Quantity};

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
    /// Effective sample size, 1 / Σ w².
    pub ess: f64,
    pub members: usize,
    /// Readings that weighed the members.
    pub used: usize,
    pub unused: Vec<UnusedObservation>,
    /// The best member's mean squared standardised misfit per reading (0 with none used).
    pub best_mean_squared_misfit: f64,
}

impl Weights {
    /// Whether the bands rest on fewer than [`ESS_WARNING_SHARE`] of the members.
    pub fn collapsed(&self) -> bool {
        self.members > 0 && self.ess < ESS_WARNING_SHARE * self.members as f64
    }

    /// Whether even the best member misses the readings by more than their errors allow.
    pub fn no_member_fits(&self) -> bool {
        self.used > 0 && self.best_mean_squared_misfit > NO_FIT_MEAN_SQUARED
    }

    /// What a reader should know about these weights, one sentence each (empty when nothing
    /// needs saying).
    pub fn messages(&self, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        let ess = fmt_num(self.ess, 1, lang);
        let n = self.members;
        if self.collapsed() {
            out.push(match lang {
                Lang::Es => format!("Las mediciones dejan el peso en pocos miembros: equivalen a {ess} de {n}. Las bandas ponderadas descansan en muy pocas corridas; hacen falta más miembros (o revisar las mediciones)."),
                Lang::En => format!("The measurements leave the weight on few members: worth {ess} of {n}. The weighted bands rest on very few runs; more members are needed (or the measurements checked)."),
            });
        }
        if self.no_member_fits() {
            let rms = fmt_num(libm::sqrt(self.best_mean_squared_misfit), 1, lang);
            out.push(match lang {
                Lang::Es => format!("Ningún miembro se ajusta a las mediciones: el mejor se aparta {rms} desvíos estándar en promedio. El modelo, o alguna medición, no es lo que se supone."),
                Lang::En => format!("No member fits the measurements: the best is {rms} standard deviations off on average. The model, or some measurement, is not what it is assumed to be."),
            });
        }
        let outside = self
            .unused
            .iter()
            .filter(|u| u.reason == UnusedReason::OutsideRun)
            .count();
        if outside > 0 {
            out.push(match lang {
                Lang::Es => format!("{outside} mediciones caen fuera de los meses de la corrida y no se usaron (empezar la corrida en el pasado con el clima observado vendrá después)."),
                Lang::En => format!("{outside} measurements fall outside the run's months and were not used (starting the run in the past under observed climate comes later)."),
            });
        }
        out
    }
}

impl Ensemble {
    /// Index of a month in the run (`None` outside it).
    pub fn month_index(&self, ym: YearMonth) -> Option<usize> {
        let first = *self.months.first()?;
        let k = (ym.year - first.year) as i64 * 12 + ym.month as i64 - first.month as i64;
        let k = usize::try_from(k).ok()?;
        (self.months.get(k) == Some(&ym)).then_some(k)
    }

    /// Member `k`'s month-end value of an observed quantity at a site and run month.
    pub fn simulated(
        &self,
        member: usize,
        quantity: ObservedQuantity,
        site: &str,
        month: usize,
    ) -> Option<f64> {
        let at = |q: Quantity| {
            self.member_series(member, q, Some(site))
                .and_then(|s| s.get(month))
                .map(|&v| v as f64)
        };
        match quantity {
            ObservedQuantity::DepthToWaterM => at(Quantity::DepthToWaterM),
            ObservedQuantity::WaterLevelM => {
                Some(self.site(site)?.ground_m() - at(Quantity::DepthToWaterM)?)
            }
            ObservedQuantity::SpringFlowLPerS => at(Quantity::SiteSpringFlowLPerS),
        }
    }

    /// Weights of the members given the observations (see the module documentation). With no
    /// reading used every member weighs the same.
    pub fn weights(&self, observations: &[Observation]) -> Weights {
        let n = self.members.len();
        let mut ll = vec![0.0; n];
        let mut sq = vec![0.0; n];
        let mut used = 0;
        let mut unused = Vec::new();
        let mut sims = vec![0.0; n];
        for o in observations {
            let reason = 'check: {
                let Some(m) = self.month_index(o.date) else {
                    break 'check Some(UnusedReason::OutsideRun);
                };
                for (k, s) in sims.iter_mut().enumerate() {
                    match self.simulated(k, o.quantity, &o.site, m) {
                        None => break 'check Some(UnusedReason::NotInEnsemble),
                        Some(v) if !v.is_finite() => break 'check Some(UnusedReason::NotANumber),
                        Some(v) => *s = v,
                    }
                }
                None
            };
            if let Some(reason) = reason {
                unused.push(UnusedObservation {
                    row: o.row,
                    site: o.site.clone(),
                    date: o.date,
                    reason,
                });
                continue;
            }
            used += 1;
            let sd = o.total_sd();
            for k in 0..n {
                let z = (sims[k] - o.value) / sd;
                sq[k] += z * z;
                ll[k] -= 0.5 * z * z;
            }
        }
        let max = ll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut w: Vec<f64> = ll.iter().map(|&l| libm::exp(l - max)).collect();
        let total: f64 = w.iter().sum();
        w.iter_mut().for_each(|x| *x /= total);
        let ess = if n == 0 {
            0.0
        } else {
            1.0 / w.iter().map(|x| x * x).sum::<f64>()
        };
        let best = sq.iter().copied().fold(f64::INFINITY, f64::min);
        Weights {
            weights: w,
            log_likelihood: ll,
            ess,
            members: n,
            used,
            unused,
            best_mean_squared_misfit: if used == 0 || n == 0 {
                0.0
            } else {
                best / used as f64
            },
        }
    }
}
