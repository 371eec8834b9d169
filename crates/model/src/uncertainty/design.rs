//! The sampling design of an ensemble: which uncertain inputs vary, how each is spread over its
//! range, where the members sit, and the quantiles their results are read with.
//!
//! # Design
//! The uncertain inputs ([`FactorId`]) are the advanced multipliers, whose ranges come from the
//! parameter table through the lever table (plus, optionally, the sequence of dry and wet years).
//! Members are placed by a **Latin hypercube** in the unit cube: each factor's range is cut into
//! `members` equal-probability strata and every stratum is used exactly once, so 100 members cover
//! each factor's range evenly (a plain random sample leaves gaps and clumps) and the strata double
//! as the equal-count bins of the sensitivity estimator ([`crate::uncertainty::sensitivity`]).
//! The design is drawn from a seeded PCG-64 stream (integer arithmetic) and mapped to factor
//! values with `libm`, so the same seed gives the same members on every platform; the design
//! depends only on `(seed, members, number of factors)`, never on the ranges, so a narrower or
//! wider range moves every member monotonically along the same quantile.
//!
//! # Distributions
//! The table value is the central estimate and the table range says how far off it may be. For
//! ranges spanning a factor of five or more (recharge ×0.375–2.5, storage ×0.43–2.1,
//! conductivity and nucleus–margin connection ×0.1–10) the factor is **log-uniform**: its median
//! is the geometric mean of the range, which is the table value (0.97, 0.96, 1, 1), and a factor of
//! 10 down weighs as much as a factor of 10 up — a uniform draw would put the median of a
//! conductivity at ×5 and 90 % of members above the table value. Evaporation E₀ (×0.5–1.5, range
//! symmetric about the table value) is **uniform**. The climate seed, when included, is a uniform
//! integer. The old-water share (0–80 %), included only when the scenario takes that view, is
//! uniform: nothing measured favours one share over another. The interface factor of the lens
//! cells (×0.86–1.34: α 4.3–6.7 for brine of 1,150–1,230 kg/m³) is log-uniform too; its median
//! ×1.07 (α 5.37) is near that of a brine density uniform over its range (α 5.26). The
//! mixing-zone thickness (×0.67–3.33: 10–50 m around the 15 m coastal analog) is log-uniform, its
//! median 22 m: nothing has been measured in the Puna, and a scenario range spanning a factor of
//! five is read like the others.
//!
//! # Quantiles
//! Bands use the linear interpolation between order statistics of Hyndman & Fan (1996) type 7
//! (the default of R and NumPy): with the `n` member values sorted, `h = (n − 1)·p` and
//! `Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`. Years of crossing use the inverse empirical
//! distribution (type 1, no interpolation) because "not within the horizon" is not a number; see
//! [`crate::uncertainty::dates`].
//!
//! Weighted bands ([`crate::uncertainty::weights`]) generalise type 7 so that equal weights give
//! exactly the unweighted bands: with the values sorted and weights `w_k > 0` summing to `W`,
//! member `k` stands at the middle of its share of the cumulative weight,
//! `C_k = w_1 + … + w_{k−1} + w_k/2`, and at probability `P_k = (C_k − C_1)/(C_n − C_1)`; `Q(p)`
//! interpolates linearly between the two members whose `P` bracket `p`. With `w_k = 1/n`,
//! `P_k = (k − 1)/(n − 1)`, type 7's plotting positions. Members of zero weight are left out.

use serde::Serialize;

use rand_pcg::rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::lang::Lang;
use crate::scenario::levers::LeverId;
use crate::scenario::Scenario;

/// Default number of members.
pub const DEFAULT_MEMBERS: usize = 100;

/// Salt mixed into the seed of the design stream so that it never coincides with the climate
/// stream seeded by the same number ([`crate::physics::rng::NormalStream`]).
const DESIGN_SALT: u64 = 0x4c48_535f_6465_7369; // "LHS_desi"

/// An uncertain input the ensemble varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactorId {
    Recharge,
    Evaporation,
    Storage,
    Conductivity,
    Mixing,
    /// The interface factor α of the lens cells (the `k_alpha` lever).
    Interface,
    /// The thickness of the fresh water–brine mixing zone (the `k_wm` lever): it moves no water,
    /// only how close brackish water comes to the vegas' roots and the fresh wells' screens.
    MixingZone,
    /// The sequence of dry and wet years (the `seed` lever); only matters when the scenario has
    /// dry and wet years switched on.
    ClimateSeed,
    /// The share of today's discharge that is old water or inflow from other basins (the
    /// `relic` lever); varied only when the scenario takes that view (lever above 0).
    OldWater,
}

impl FactorId {
    /// The advanced multipliers, varied by default.
    pub const ADVANCED: [FactorId; 7] = [
        FactorId::Recharge,
        FactorId::Evaporation,
        FactorId::Storage,
        FactorId::Conductivity,
        FactorId::Mixing,
        FactorId::Interface,
        FactorId::MixingZone,
    ];

    /// The lever this factor sets.
    pub fn lever(self) -> LeverId {
        match self {
            FactorId::Recharge => LeverId::RechargeMult,
            FactorId::Evaporation => LeverId::EvapMult,
            FactorId::Storage => LeverId::StorageMult,
            FactorId::Conductivity => LeverId::ConductivityMult,
            FactorId::Mixing => LeverId::MixingMult,
            FactorId::Interface => LeverId::InterfaceMult,
            FactorId::MixingZone => LeverId::MixingZoneMult,
            FactorId::ClimateSeed => LeverId::Seed,
            FactorId::OldWater => LeverId::OldWater,
        }
    }

    /// Short key (the lever key).
    pub fn key(self) -> &'static str {
        self.lever().spec().key
    }

    /// What to measure to narrow this factor, as a phrase for "what we most need to measure".
    pub fn what_to_measure(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FactorId::Recharge, Lang::Es) => "la recarga: cuánta lluvia y nieve llega a la napa",
            (FactorId::Recharge, Lang::En) => {
                "recharge: how much rain and snow reaches the water table"
            }
            (FactorId::Evaporation, Lang::Es) => "la evaporación desde el barreal",
            (FactorId::Evaporation, Lang::En) => "evaporation from the mud-flat",
            (FactorId::Storage, Lang::Es) => {
                "el almacenamiento del acuífero: cuánta agua entrega por metro de descenso"
            }
            (FactorId::Storage, Lang::En) => {
                "aquifer storage: how much water it yields per metre of drawdown"
            }
            (FactorId::Conductivity, Lang::Es) => {
                "la conductividad del acuífero (ensayos de bombeo)"
            }
            (FactorId::Conductivity, Lang::En) => "aquifer conductivity (pumping tests)",
            (FactorId::Mixing, Lang::Es) => {
                "la conexión entre el núcleo de salmuera y el borde con vegas y lagunas"
            }
            (FactorId::Mixing, Lang::En) => {
                "the connection between the brine nucleus and the margin with its vegas and lagoons"
            }
            (FactorId::Interface, Lang::Es) => {
                "la densidad de la salmuera, que fija cuánto sube la interfaz con agua dulce"
            }
            (FactorId::Interface, Lang::En) => {
                "the brine's density, which sets how far the interface with fresh water rises"
            }
            (FactorId::MixingZone, Lang::Es) => {
                "el espesor de la zona de mezcla entre agua dulce y salmuera (perfiles de salinidad en pozos)"
            }
            (FactorId::MixingZone, Lang::En) => {
                "the thickness of the fresh water–brine mixing zone (salinity profiles in wells)"
            }
            (FactorId::ClimateSeed, Lang::Es) => {
                "la secuencia de años secos y húmedos (no se puede medir de antemano)"
            }
            (FactorId::ClimateSeed, Lang::En) => {
                "the sequence of dry and wet years (cannot be measured in advance)"
            }
            (FactorId::OldWater, Lang::Es) => {
                "la edad del agua de vegas y vertientes (isótopos): cuánta es agua antigua"
            }
            (FactorId::OldWater, Lang::En) => {
                "the age of the water in vegas and springs (isotopes): how much is old water"
            }
        }
    }
}

/// How a factor is spread over its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    Uniform,
    /// Uniform in the logarithm (needs `lo > 0`).
    LogUniform,
    /// Uniform over the integers `⌈lo⌉ ..= ⌊hi⌋`.
    UniformInteger,
}

/// One uncertain input with its range and distribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Factor {
    pub id: FactorId,
    pub lo: f64,
    pub hi: f64,
    pub distribution: Distribution,
}

impl Factor {
    /// The lever's full range (from the parameter table) with the distribution justified in the
    /// module documentation.
    pub fn default_for(id: FactorId) -> Factor {
        let s = id.lever().spec();
        let distribution = match id {
            FactorId::Evaporation | FactorId::OldWater => Distribution::Uniform,
            FactorId::ClimateSeed => Distribution::UniformInteger,
            _ => Distribution::LogUniform,
        };
        Factor {
            id,
            lo: s.min,
            hi: s.max,
            distribution,
        }
    }

    fn space_of(&self, x: f64) -> f64 {
        match self.distribution {
            Distribution::LogUniform => libm::log(x),
            _ => x,
        }
    }

    fn value_of_space(&self, t: f64) -> f64 {
        match self.distribution {
            Distribution::LogUniform => libm::exp(t),
            _ => t,
        }
    }

    /// Centre of the range in the sampling space (the geometric mean for log-uniform).
    pub fn centre(&self) -> f64 {
        self.value_of_space(0.5 * (self.space_of(self.lo) + self.space_of(self.hi)))
    }

    /// The same factor with its range scaled about its centre, in the sampling space, by
    /// `fraction` (0.5 = half as wide; 1 = unchanged). Used to ask "what if we knew this better".
    pub fn narrowed(self, fraction: f64) -> Factor {
        let f = fraction.clamp(0.0, 1.0);
        let (a, b) = (self.space_of(self.lo), self.space_of(self.hi));
        let c = 0.5 * (a + b);
        let half = 0.5 * (b - a) * f;
        Factor {
            lo: self.value_of_space(c - half),
            hi: self.value_of_space(c + half),
            ..self
        }
    }

    /// The value at quantile `u` in (0, 1), kept inside `[lo, hi]`.
    pub fn value_at(&self, u: f64) -> f64 {
        let (a, b) = (self.space_of(self.lo), self.space_of(self.hi));
        match self.distribution {
            Distribution::UniformInteger => {
                let lo = libm::ceil(self.lo);
                let n = (libm::floor(self.hi) - lo + 1.0).max(1.0);
                (lo + libm::floor(u * n).min(n - 1.0)).clamp(self.lo, self.hi)
            }
            _ => self.value_of_space(a + u * (b - a)).clamp(self.lo, self.hi),
        }
    }
}

/// What to run: how many members, the seed of the design, and the factors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsembleSpec {
    pub members: usize,
    pub seed: u64,
    pub factors: Vec<Factor>,
}

impl Default for EnsembleSpec {
    /// 100 members, seed 1, the five advanced multipliers over their table ranges.
    fn default() -> EnsembleSpec {
        EnsembleSpec {
            members: DEFAULT_MEMBERS,
            seed: 1,
            factors: FactorId::ADVANCED
                .iter()
                .map(|&f| Factor::default_for(f))
                .collect(),
        }
    }
}

impl EnsembleSpec {
    /// Also vary the sequence of dry and wet years (bands then include year-to-year climate).
    pub fn with_climate_seed(mut self) -> EnsembleSpec {
        if !self.factors.iter().any(|f| f.id == FactorId::ClimateSeed) {
            self.factors
                .push(Factor::default_for(FactorId::ClimateSeed));
        }
        self
    }

    /// The ensemble the page and the CLI run for a scenario: the advanced multipliers, and the
    /// old-water share when the scenario takes the old-water view (its lever above 0), over
    /// the lever's whole range like every factor.
    pub fn for_scenario(mut self, s: &Scenario) -> EnsembleSpec {
        if s.get(LeverId::OldWater) > 0.0
            && !self.factors.iter().any(|f| f.id == FactorId::OldWater)
        {
            self.factors.push(Factor::default_for(FactorId::OldWater));
        }
        self
    }

    /// Without a factor (e.g. one fixed by a chosen source of numbers): it keeps the scenario's
    /// value in every member.
    pub fn without(mut self, id: FactorId) -> EnsembleSpec {
        self.factors.retain(|f| f.id != id);
        self
    }

    /// Number of members actually run (at least one).
    pub fn member_count(&self) -> usize {
        self.members.max(1)
    }

    /// The Latin-hypercube design in the unit cube: one row per member, one column per factor.
    pub fn design(&self) -> Vec<Vec<f64>> {
        latin_hypercube(self.member_count(), self.factors.len(), self.seed)
    }

    /// The factor values of every member (rows as in [`EnsembleSpec::design`]).
    pub fn values(&self) -> Vec<Vec<f64>> {
        self.design()
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&self.factors)
                    .map(|(&u, f)| f.value_at(u))
                    .collect()
            })
            .collect()
    }

    /// A member's scenario: the base scenario with the member's factor values (clamped to the
    /// lever ranges).
    pub fn member_scenario(&self, base: &Scenario, values: &[f64]) -> Scenario {
        let mut s = base.clone();
        for (f, &x) in self.factors.iter().zip(values) {
            let spec = f.id.lever().spec();
            // In range by construction; a custom range outside the lever's is clamped.
            let _ = s.set(f.id.lever(), x.clamp(spec.min, spec.max));
        }
        s
    }
}

/// A Latin hypercube of `n` points in `d` dimensions, seeded: column j is `(π_j(i) + U_ij) / n`
/// with `π_j` a Fisher–Yates permutation and `U_ij` uniform in (0, 1), all from one PCG-64 stream.
pub fn latin_hypercube(n: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut pcg = Pcg64::seed_from_u64(seed ^ DESIGN_SALT);
    let mut rows = vec![vec![0.0; d]; n];
    let mut perm: Vec<usize> = Vec::with_capacity(n);
    for j in 0..d {
        perm.clear();
        perm.extend(0..n);
        for i in (1..n).rev() {
            // Modulo bias ≤ n / 2⁶⁴: immaterial.
            let k = (pcg.next_u64() % (i as u64 + 1)) as usize;
            perm.swap(i, k);
        }
        for i in 0..n {
            let u = ((pcg.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64);
            rows[i][j] = (perm[i] as f64 + u) / n as f64;
        }
    }
    rows
}

/// Quantile `p` of sorted values by linear interpolation between order statistics (Hyndman &
/// Fan type 7). NaN for an empty slice.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
            let lo = libm::floor(h) as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Quantile `p` of values with weights, sorted by value, by the weighted type 7 of the module
/// documentation. Pairs are `(value, weight)`; weights must be positive (the caller leaves out
/// members of zero weight) and need not sum to one. NaN for an empty slice.
pub fn weighted_quantile_sorted(sorted: &[(f64, f64)], p: f64) -> f64 {
    let mut c = Vec::new();
    weighted_positions(sorted, &mut c);
    weighted_quantile_at(sorted, &c, p)
}

/// The cumulative mid-weights `C_k` of sorted `(value, weight)` pairs, written into `c` (reused
/// across calls so that a band of many months allocates once).
pub fn weighted_positions(sorted: &[(f64, f64)], c: &mut Vec<f64>) {
    c.clear();
    let mut before = 0.0;
    for &(_, w) in sorted {
        c.push(before + 0.5 * w);
        before += w;
    }
}

/// [`weighted_quantile_sorted`] with the positions already computed by [`weighted_positions`].
pub fn weighted_quantile_at(sorted: &[(f64, f64)], c: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || c.len() != n {
        return f64::NAN;
    }
    let span = c[n - 1] - c[0];
    if n == 1 || span <= 0.0 {
        return sorted[0].0;
    }
    let target = c[0] + p.clamp(0.0, 1.0) * span;
    // The first member at or above the target (the last for p = 1).
    let hi = c.partition_point(|&ck| ck < target).min(n - 1);
    if hi == 0 {
        return sorted[0].0;
    }
    let lo = hi - 1;
    let t = (target - c[lo]) / (c[hi] - c[lo]);
    sorted[lo].0 + t * (sorted[hi].0 - sorted[lo].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_quantiles_by_hand() {
        // Equal weights are type 7 exactly, whatever their sum.
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        for p in [0.0, 0.1, 0.25, 0.5, 0.9, 1.0] {
            let eq: Vec<(f64, f64)> = v.iter().map(|&x| (x, 0.2)).collect();
            let eq3: Vec<(f64, f64)> = v.iter().map(|&x| (x, 3.0)).collect();
            let t7 = quantile_sorted(&v, p);
            assert!((weighted_quantile_sorted(&eq, p) - t7).abs() < 1e-12, "{p}");
            assert!(
                (weighted_quantile_sorted(&eq3, p) - t7).abs() < 1e-12,
                "{p}"
            );
        }
        // By hand: values 10, 20, 30 with weights 0.2, 0.6, 0.2: C = 0.1, 0.5, 0.9,
        // P = 0, 0.5, 1. P10 = 10 + 0.2·10 = 12; P50 = 20; P90 = 20 + 0.8·10 = 28.
        let w = [(10.0, 0.2), (20.0, 0.6), (30.0, 0.2)];
        assert!((weighted_quantile_sorted(&w, 0.1) - 12.0).abs() < 1e-12);
        assert!((weighted_quantile_sorted(&w, 0.5) - 20.0).abs() < 1e-12);
        assert!((weighted_quantile_sorted(&w, 0.9) - 28.0).abs() < 1e-12);
        // Skewed: weights 0.1, 0.1, 0.8: C = 0.05, 0.15, 0.6, P = 0, 0.1818…, 1.
        // P50: target C = 0.05 + 0.5·0.55 = 0.325 between C₂ = 0.15 and C₃ = 0.6:
        // 20 + (0.175/0.45)·10 = 23.888…
        let s = [(10.0, 0.1), (20.0, 0.1), (30.0, 0.8)];
        assert!((weighted_quantile_sorted(&s, 0.5) - (20.0 + 0.175 / 0.45 * 10.0)).abs() < 1e-12);
        assert_eq!(weighted_quantile_sorted(&s, 1.0), 30.0);
        assert_eq!(weighted_quantile_sorted(&s, 0.0), 10.0);
        // One member, or none.
        assert_eq!(weighted_quantile_sorted(&[(7.0, 0.3)], 0.9), 7.0);
        assert!(weighted_quantile_sorted(&[], 0.5).is_nan());
    }

    #[test]
    fn latin_hypercube_uses_every_stratum_once() {
        let d = latin_hypercube(50, 3, 7);
        for j in 0..3 {
            let mut strata: Vec<usize> = d.iter().map(|r| (r[j] * 50.0) as usize).collect();
            crate::sorting::sort(&mut strata);
            assert_eq!(strata, (0..50).collect::<Vec<_>>());
        }
        assert_ne!(d, latin_hypercube(50, 3, 8));
    }

    #[test]
    fn type7_quantiles() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&v, 0.5), 3.0);
        assert_eq!(quantile_sorted(&v, 0.1), 1.4);
        assert!((quantile_sorted(&v, 0.9) - 4.6).abs() < 1e-12);
        assert_eq!(quantile_sorted(&[7.0], 0.9), 7.0);
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }

    #[test]
    fn old_water_varies_only_in_the_old_water_view_and_over_its_whole_range() {
        let closed = Scenario::default();
        let spec = EnsembleSpec::default().for_scenario(&closed);
        assert_eq!(spec.factors.len(), FactorId::ADVANCED.len());
        let relic = closed.with(LeverId::OldWater, 40.0);
        let spec = EnsembleSpec::default()
            .for_scenario(&relic)
            .for_scenario(&relic);
        let old: Vec<&Factor> = spec
            .factors
            .iter()
            .filter(|f| f.id == FactorId::OldWater)
            .collect();
        assert_eq!(old.len(), 1);
        assert_eq!((old[0].lo, old[0].hi), (0.0, 80.0));
        let column = spec.factors.len() - 1;
        let values: Vec<f64> = spec.values().iter().map(|row| row[column]).collect();
        // One member per stratum of 0.8 %: the lowest and highest lie in the end strata.
        let (lo, hi) = values
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        assert!(lo < 0.8 && hi > 79.2, "{lo}..{hi}");
    }

    #[test]
    fn log_uniform_factors_are_centred_on_the_table_value() {
        for id in [FactorId::Conductivity, FactorId::Mixing] {
            assert!((Factor::default_for(id).centre() - 1.0).abs() < 1e-12);
        }
        let r = Factor::default_for(FactorId::Recharge);
        assert!((r.centre() - libm::sqrt(0.375 * 2.5)).abs() < 1e-12);
        let n = r.narrowed(0.5);
        assert!((n.centre() - r.centre()).abs() < 1e-12);
        assert!(n.lo > r.lo && n.hi < r.hi);
        assert_eq!(r.value_at(0.0), r.lo);
        assert!((r.value_at(1.0) - r.hi).abs() < 1e-12);
        let seed = Factor::default_for(FactorId::ClimateSeed);
        assert_eq!(seed.value_at(0.0), 0.0);
        assert_eq!(seed.value_at(0.999_999_99), 9999.0);
    }
}
