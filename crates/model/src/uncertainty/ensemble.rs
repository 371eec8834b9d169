//! Ensembles: the current scenario run over the uncertain physics, so every chart gets a
//! P10–P50–P90 band and every indicator a range.
//!
//! # Design
//! The uncertain inputs ([`FactorId`]) are the advanced multipliers, whose ranges come from the
//! parameter table through the lever table (plus, optionally, the sequence of dry and wet years).
//! Members are placed by a **Latin hypercube** in the unit cube: each factor's range is cut into
//! `members` equal-probability strata and every stratum is used exactly once, so 100 members cover
//! each factor's range evenly (a plain random sample leaves gaps and clumps) and the strata double
//! as the equal-count bins of the sensitivity estimator ([`crate::sensitivity`]). The design is
//! drawn from a seeded PCG-64 stream (integer arithmetic) and mapped to factor values with `libm`,
//! so the same seed gives the same members on every platform; the design depends only on
//! `(seed, members, number of factors)`, never on the ranges, so a narrower or wider range moves
//! every member monotonically along the same quantile.
//!
//! # Distributions
//! The table value is the central estimate and the table range says how far off it may be. For
//! ranges spanning a factor of five or more (recharge ×0.375–2.5, storage ×0.43–2.1,
//! conductivity and nucleus–margin connection ×0.1–10) the factor is **log-uniform**: its median
//! is the geometric mean of the range, which is the table value (0.97, 0.96, 1, 1), and a factor of
//! 10 down weighs as much as a factor of 10 up — a uniform draw would put the median of a
//! conductivity at ×5 and 90 % of members above the table value. Evaporation E₀ (×0.5–1.5, range
//! symmetric about the table value) is **uniform**. The climate seed, when included, is a uniform
//! integer.
//!
//! # Quantiles
//! Bands use the linear interpolation between order statistics of Hyndman & Fan (1996) type 7
//! (the default of R and NumPy): with the `n` member values sorted, `h = (n − 1)·p` and
//! `Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`. Years of crossing use the inverse empirical
//! distribution (type 1, no interpolation) because "not within the horizon" is not a number; see
//! [`crate::dates`].
//!
//! # Memory
//! Per member the ensemble keeps the factor values, the indicators (f64) and the chosen monthly
//! series as `f32` (relative precision 6·10⁻⁸: 0.1 mm on a 1 km drawdown, well below what is
//! shown). Sites sharing a cell share storage. The default basin stores 31 series × 600 months ×
//! 100 members ≈ 7 MB.

use serde::Serialize;

use rand_pcg::rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::basin::Basin;
use crate::lang::Lang;
use crate::outputs::results::{Results, YearMonth};
use crate::run::{RunError, RunOptions, Runner};
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
    /// The sequence of dry and wet years (the `seed` lever); only matters when the scenario has
    /// dry and wet years switched on.
    ClimateSeed,
}

impl FactorId {
    /// The advanced multipliers, varied by default.
    pub const ADVANCED: [FactorId; 5] = [
        FactorId::Recharge,
        FactorId::Evaporation,
        FactorId::Storage,
        FactorId::Conductivity,
        FactorId::Mixing,
    ];

    /// The lever this factor sets.
    pub fn lever(self) -> LeverId {
        match self {
            FactorId::Recharge => LeverId::RechargeMult,
            FactorId::Evaporation => LeverId::EvapMult,
            FactorId::Storage => LeverId::StorageMult,
            FactorId::Conductivity => LeverId::ConductivityMult,
            FactorId::Mixing => LeverId::MixingMult,
            FactorId::ClimateSeed => LeverId::Seed,
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
            (FactorId::ClimateSeed, Lang::Es) => {
                "la secuencia de años secos y húmedos (no se puede medir de antemano)"
            }
            (FactorId::ClimateSeed, Lang::En) => {
                "the sequence of dry and wet years (cannot be measured in advance)"
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
            FactorId::Evaporation => Distribution::Uniform,
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

/// P10, P50 and P90 of a set of values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

impl Band {
    /// P10/P50/P90 of unsorted values (sorted here with `total_cmp`).
    pub fn of(values: &mut [f64]) -> Band {
        values.sort_by(|a, b| a.total_cmp(b));
        Band {
            p10: quantile_sorted(values, 0.1),
            p50: quantile_sorted(values, 0.5),
            p90: quantile_sorted(values, 0.9),
        }
    }
}

/// What a monthly series measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Drawdown at a site against the member's own no-project run, m.
    DrawdownM,
    /// Depth to water at a site, m below ground.
    DepthToWaterM,
    /// Flow of the spring of a spring site's cell, L/s.
    SiteSpringFlowLPerS,
    /// Basin-wide green vega area, ha.
    VegaAreaHa,
    /// Basin-wide open-water lagoon area, ha.
    LagoonAreaHa,
    /// Basin-wide spring flow (fan springs), L/s.
    SpringFlowLPerS,
    /// Lithium produced in the month, t LCE.
    LithiumTLce,
    /// Brine pumped, mean over the month, L/s.
    BrinePumpedLPerS,
}

impl Quantity {
    pub fn key(self) -> &'static str {
        match self {
            Quantity::DrawdownM => "drawdown_m",
            Quantity::DepthToWaterM => "depth_to_water_m",
            Quantity::SiteSpringFlowLPerS => "spring_flow_l_per_s",
            Quantity::VegaAreaHa => "vega_area_ha",
            Quantity::LagoonAreaHa => "lagoon_area_ha",
            Quantity::SpringFlowLPerS => "spring_flow_l_per_s",
            Quantity::LithiumTLce => "lithium_t_lce",
            Quantity::BrinePumpedLPerS => "brine_pumped_l_per_s",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Quantity::DrawdownM | Quantity::DepthToWaterM => "m",
            Quantity::SiteSpringFlowLPerS
            | Quantity::SpringFlowLPerS
            | Quantity::BrinePumpedLPerS => "L/s",
            Quantity::VegaAreaHa | Quantity::LagoonAreaHa => "ha",
            Quantity::LithiumTLce => "t LCE",
        }
    }
}

/// A named site as the ensemble sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsembleSite {
    pub id: String,
    pub name_es: String,
    pub name_en: String,
    pub kind: String,
    /// Storage slot of the site's cell.
    slot: usize,
    /// Spring of the site's cell (elevation m, conductance m²/day), for spring sites.
    spring: Option<(f64, f64)>,
    /// Slot of the spring-flow series, for spring sites.
    spring_slot: Option<usize>,
}

impl EnsembleSite {
    /// Whether a spring-flow threshold applies here.
    pub fn has_spring(&self) -> bool {
        self.spring_slot.is_some()
    }
}

/// Indicators kept per member, in this order after the per-site largest drawdowns.
pub const BASIN_INDICATORS: [(&str, &str); 9] = [
    ("vega_area_lost_pct", "%"),
    ("vega_area_lost_max_pct", "%"),
    ("lagoon_area_lost_pct", "%"),
    ("lagoon_area_lost_max_pct", "%"),
    ("spring_flow_change_pct", "%"),
    ("net_extraction_share_of_recharge", "-"),
    ("mean_recharge_l_per_s", "L/s"),
    ("lithium_total_t_lce", "t LCE"),
    ("shortfall_pct", "%"),
];

/// Identity of one indicator of the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorInfo {
    /// `max_drawdown_m:<site>` or one of [`BASIN_INDICATORS`].
    pub id: String,
    pub site: Option<String>,
    pub unit: &'static str,
}

/// One member: its factor values, indicators, checks and stored series.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Factor values, in the order of the spec's factors.
    pub factors: Vec<f64>,
    /// Indicator values, in the order of [`Ensemble::indicators`].
    pub indicators: Vec<f64>,
    /// Largest monthly |water-balance closure| / throughput over scenario and baseline.
    pub max_month_closure_relative: f64,
    /// Solver steps that stopped before the tolerance (scenario and baseline).
    pub steps_not_converged: usize,
    /// Stored series: per cell slot drawdown and depth, then spring sites, then basin series.
    series: Vec<Vec<f32>>,
}

/// The members run so far, with what the summaries need.
#[derive(Debug, Clone, PartialEq)]
pub struct Ensemble {
    pub spec: EnsembleSpec,
    pub scenario: Scenario,
    pub months: Vec<YearMonth>,
    pub sites: Vec<EnsembleSite>,
    pub indicators: Vec<IndicatorInfo>,
    pub members: Vec<Member>,
    /// Number of distinct site cells (slots 0..cells are drawdown, cells..2·cells depth).
    cells: usize,
    springs: usize,
}

const BASIN_SERIES: [Quantity; 5] = [
    Quantity::VegaAreaHa,
    Quantity::LagoonAreaHa,
    Quantity::SpringFlowLPerS,
    Quantity::LithiumTLce,
    Quantity::BrinePumpedLPerS,
];

impl Ensemble {
    fn new(basin: &Basin, scenario: &Scenario, spec: EnsembleSpec) -> Ensemble {
        let mut cell_slots: Vec<usize> = Vec::new();
        let mut springs = 0;
        let sites: Vec<EnsembleSite> = basin
            .sites
            .iter()
            .map(|s| {
                let slot = match cell_slots.iter().position(|&c| c == s.cell) {
                    Some(k) => k,
                    None => {
                        cell_slots.push(s.cell);
                        cell_slots.len() - 1
                    }
                };
                let spring = basin.cells[s.cell]
                    .spring
                    .as_ref()
                    .filter(|_| s.kind == "spring")
                    .map(|sp| (sp.elevation_m, sp.conductance_m2_per_day));
                let spring_slot = spring.map(|_| {
                    springs += 1;
                    springs - 1
                });
                EnsembleSite {
                    id: s.id.clone(),
                    name_es: s.name_es.clone(),
                    name_en: s.name_en.clone(),
                    kind: s.kind.clone(),
                    slot,
                    spring,
                    spring_slot,
                }
            })
            .collect();
        let mut indicators: Vec<IndicatorInfo> = sites
            .iter()
            .map(|s| IndicatorInfo {
                id: format!("max_drawdown_m:{}", s.id),
                site: Some(s.id.clone()),
                unit: "m",
            })
            .collect();
        indicators.extend(BASIN_INDICATORS.iter().map(|&(id, unit)| IndicatorInfo {
            id: id.to_string(),
            site: None,
            unit,
        }));
        Ensemble {
            spec,
            scenario: scenario.clone(),
            months: Vec::new(),
            sites,
            indicators,
            members: Vec::new(),
            cells: cell_slots.len(),
            springs,
        }
    }

    /// Number of stored series per member.
    fn stored_series(&self) -> usize {
        2 * self.cells + self.springs + BASIN_SERIES.len()
    }

    fn record(&mut self, factors: Vec<f64>, r: &Results) {
        if self.months.is_empty() {
            self.months = r.months.clone();
        }
        let f32s = |v: &[f64]| v.iter().map(|&x| x as f32).collect::<Vec<f32>>();
        let mut series = vec![Vec::new(); self.stored_series()];
        for (site, (_, out)) in self.sites.iter().zip(r.site_series()) {
            if series[site.slot].is_empty() {
                series[site.slot] = f32s(&out.drawdown_m);
                series[self.cells + site.slot] = f32s(&out.depth_to_water_m);
            }
            if let (Some((z, c)), Some(k)) = (site.spring, site.spring_slot) {
                series[2 * self.cells + k] = out
                    .head_m
                    .iter()
                    .map(|&h| {
                        (crate::physics::surface::spring_flow(h, z, c).0 / crate::SECONDS_PER_DAY
                            * 1000.0) as f32
                    })
                    .collect();
            }
        }
        let base = 2 * self.cells + self.springs;
        let se = &r.series;
        let to_l_per_s = 1000.0 / (crate::DAYS_PER_MONTH * crate::SECONDS_PER_DAY);
        for (k, q) in BASIN_SERIES.iter().enumerate() {
            series[base + k] = match q {
                Quantity::VegaAreaHa => f32s(&se.vega_area_ha),
                Quantity::LagoonAreaHa => f32s(&se.lagoon_area_ha),
                Quantity::SpringFlowLPerS => f32s(&se.spring_flow_l_per_s),
                Quantity::LithiumTLce => f32s(&se.lithium_t_lce),
                _ => r
                    .accounts
                    .iter()
                    .map(|a| (a.brine.pumped_m3 * to_l_per_s) as f32)
                    .collect(),
            };
        }
        let ind = &r.indicators;
        let mut indicators: Vec<f64> = ind.sites.iter().map(|s| s.max_drawdown_m).collect();
        indicators.extend([
            ind.vega_area_lost_pct,
            ind.vega_area_lost_max_pct,
            ind.lagoon_area_lost_pct,
            ind.lagoon_area_lost_max_pct,
            ind.spring_flow_change_pct,
            ind.net_extraction_share_of_recharge,
            ind.mean_recharge_l_per_s,
            ind.lithium_total_t_lce,
            ind.shortfall_pct,
        ]);
        let closure = r
            .accounts
            .iter()
            .chain(r.baseline_accounts.iter())
            .map(|a| a.closure_relative().abs())
            .fold(0.0_f64, f64::max);
        self.members.push(Member {
            factors,
            indicators,
            max_month_closure_relative: closure,
            steps_not_converged: r.stats.steps_not_converged + r.baseline_stats.steps_not_converged,
            series,
        });
    }

    /// The site with this id.
    pub fn site(&self, id: &str) -> Option<&EnsembleSite> {
        self.sites.iter().find(|s| s.id == id)
    }

    /// The stored monthly values of one member for a site quantity (`DrawdownM`,
    /// `DepthToWaterM`, `SiteSpringFlowLPerS`) or, with `site = None`, a basin quantity.
    pub fn member_series(
        &self,
        member: usize,
        quantity: Quantity,
        site: Option<&str>,
    ) -> Option<&[f32]> {
        let m = self.members.get(member)?;
        let slot = self.slot(quantity, site)?;
        m.series.get(slot).map(|v| v.as_slice())
    }

    fn slot(&self, quantity: Quantity, site: Option<&str>) -> Option<usize> {
        match (quantity, site) {
            (Quantity::DrawdownM, Some(id)) => self.site(id).map(|s| s.slot),
            (Quantity::DepthToWaterM, Some(id)) => self.site(id).map(|s| self.cells + s.slot),
            (Quantity::SiteSpringFlowLPerS, Some(id)) => self
                .site(id)
                .and_then(|s| s.spring_slot)
                .map(|k| 2 * self.cells + k),
            (q, None) => BASIN_SERIES
                .iter()
                .position(|&b| b == q)
                .map(|k| 2 * self.cells + self.springs + k),
            _ => None,
        }
    }

    /// Index of an indicator by id.
    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == id)
    }

    /// Values of one indicator over the members.
    pub fn indicator_values(&self, index: usize) -> Vec<f64> {
        self.members.iter().map(|m| m.indicators[index]).collect()
    }

    /// The scenario of member `k` (reproduces its run with [`crate::run`]).
    pub fn member_scenario(&self, k: usize) -> Option<Scenario> {
        self.members
            .get(k)
            .map(|m| self.spec.member_scenario(&self.scenario, &m.factors))
    }

    /// P10/P50/P90 of every stored series, month by month, and of every indicator.
    pub fn summary(&self) -> EnsembleSummary {
        let nm = self.months.len();
        let mut buf = vec![0.0; self.members.len()];
        let band_of = |slot: usize, buf: &mut Vec<f64>| {
            let mut p10 = Vec::with_capacity(nm);
            let mut p50 = Vec::with_capacity(nm);
            let mut p90 = Vec::with_capacity(nm);
            for m in 0..nm {
                for (b, mem) in buf.iter_mut().zip(&self.members) {
                    *b = mem.series[slot][m] as f64;
                }
                let band = Band::of(buf);
                p10.push(band.p10);
                p50.push(band.p50);
                p90.push(band.p90);
            }
            (p10, p50, p90)
        };
        let mut series = Vec::new();
        let mut cache: Vec<Option<BandSeries>> = vec![None; self.stored_series()];
        let mut push = |q: Quantity, site: Option<&str>, slot: usize, buf: &mut Vec<f64>| {
            let (p10, p50, p90) = cache[slot]
                .get_or_insert_with(|| band_of(slot, buf))
                .clone();
            series.push(SeriesBand {
                id: match site {
                    Some(s) => format!("{}:{}", q.key(), s),
                    None => q.key().to_string(),
                },
                quantity: q,
                site: site.map(|s| s.to_string()),
                unit: q.unit(),
                p10,
                p50,
                p90,
            });
        };
        for q in [Quantity::DrawdownM, Quantity::DepthToWaterM] {
            for s in &self.sites {
                if let Some(slot) = self.slot(q, Some(&s.id)) {
                    push(q, Some(&s.id), slot, &mut buf);
                }
            }
        }
        for s in &self.sites {
            if let Some(slot) = self.slot(Quantity::SiteSpringFlowLPerS, Some(&s.id)) {
                push(Quantity::SiteSpringFlowLPerS, Some(&s.id), slot, &mut buf);
            }
        }
        for q in BASIN_SERIES {
            if let Some(slot) = self.slot(q, None) {
                push(q, None, slot, &mut buf);
            }
        }
        let indicators = self
            .indicators
            .iter()
            .enumerate()
            .map(|(k, info)| {
                let band = Band::of(&mut self.indicator_values(k));
                IndicatorBand {
                    id: info.id.clone(),
                    site: info.site.clone(),
                    unit: info.unit,
                    p10: band.p10,
                    p50: band.p50,
                    p90: band.p90,
                }
            })
            .collect();
        EnsembleSummary {
            model_version: crate::MODEL_VERSION,
            scenario: self.scenario.clone(),
            seed: self.spec.seed,
            members: self.members.len(),
            members_requested: self.spec.member_count(),
            factors: self.spec.factors.clone(),
            months: self.months.clone(),
            series,
            indicators,
        }
    }
}

/// (P10, P50, P90) month by month.
type BandSeries = (Vec<f64>, Vec<f64>, Vec<f64>);

/// P10/P50/P90 of one monthly series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesBand {
    /// `<quantity>` or `<quantity>:<site>`.
    pub id: String,
    pub quantity: Quantity,
    pub site: Option<String>,
    pub unit: &'static str,
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
}

/// P10/P50/P90 of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorBand {
    pub id: String,
    pub site: Option<String>,
    pub unit: &'static str,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// Everything the charts, cards and CSV export need from an ensemble.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsembleSummary {
    pub model_version: &'static str,
    pub scenario: Scenario,
    pub seed: u64,
    /// Members summarised (fewer than requested while an [`EnsembleRunner`] is under way).
    pub members: usize,
    pub members_requested: usize,
    pub factors: Vec<Factor>,
    pub months: Vec<YearMonth>,
    pub series: Vec<SeriesBand>,
    pub indicators: Vec<IndicatorBand>,
}

/// One row of the flat export: a series month, or an indicator (year and month empty).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryRow<'a> {
    pub series: &'a str,
    pub unit: &'a str,
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

impl EnsembleSummary {
    /// A series band by id (`drawdown_m:vega_santa_rosa`, `vega_area_ha`, …).
    pub fn series(&self, id: &str) -> Option<&SeriesBand> {
        self.series.iter().find(|s| s.id == id)
    }

    /// An indicator band by id (`max_drawdown_m:vega_santa_rosa`, `vega_area_lost_pct`, …).
    pub fn indicator(&self, id: &str) -> Option<&IndicatorBand> {
        self.indicators.iter().find(|s| s.id == id)
    }

    /// Flat rows for export: every series month (series, year, month), then every indicator
    /// (series = indicator id, no year or month). A CSV writer (e.g. `cuenca-export`) writes
    /// these with the header `series,unit,year,month,p10,p50,p90`.
    pub fn rows(&self) -> Vec<SummaryRow<'_>> {
        let mut out = Vec::new();
        for s in &self.series {
            for (m, ym) in self.months.iter().enumerate() {
                out.push(SummaryRow {
                    series: &s.id,
                    unit: s.unit,
                    year: Some(ym.year),
                    month: Some(ym.month),
                    p10: s.p10[m],
                    p50: s.p50[m],
                    p90: s.p90[m],
                });
            }
        }
        for i in &self.indicators {
            out.push(SummaryRow {
                series: &i.id,
                unit: i.unit,
                year: None,
                month: None,
                p10: i.p10,
                p50: i.p50,
                p90: i.p90,
            });
        }
        out
    }

    /// FNV-1a hash of every band value's bit pattern: equal digests on two platforms mean
    /// bit-identical bands.
    pub fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |x: f64| {
            for b in x.to_bits().to_le_bytes() {
                h ^= b as u64;
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for s in &self.series {
            for v in [&s.p10, &s.p50, &s.p90] {
                v.iter().for_each(|&x| eat(x));
            }
        }
        for i in &self.indicators {
            eat(i.p10);
            eat(i.p50);
            eat(i.p90);
        }
        h
    }
}

/// The summary as CSV text (`series,unit,year,month,p10,p50,p90`, numbers with a decimal point,
/// shortest round-trip form). Plain string building: the model crate stays free of `csv`.
pub fn ensemble_csv(summary: &EnsembleSummary) -> String {
    let mut out = String::from("series,unit,year,month,p10,p50,p90\n");
    let opt = |x: Option<String>| x.unwrap_or_default();
    for r in summary.rows() {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            csv_field(r.series),
            csv_field(r.unit),
            opt(r.year.map(|y| y.to_string())),
            opt(r.month.map(|m| m.to_string())),
            r.p10,
            r.p50,
            r.p90
        ));
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Runs an ensemble one member at a time, so a browser worker can yield and report progress
/// between members. Each member runs its own steady state and no-project baseline with its own
/// physics (through a [`Runner`], which re-uses the baseline only when the physics are equal).
pub struct EnsembleRunner {
    runner: Runner,
    values: Vec<Vec<f64>>,
    ensemble: Ensemble,
}

impl EnsembleRunner {
    pub fn new(basin: Basin, scenario: &Scenario, spec: EnsembleSpec) -> EnsembleRunner {
        EnsembleRunner::with_options(basin, scenario, spec, RunOptions::default())
    }

    pub fn with_options(
        basin: Basin,
        scenario: &Scenario,
        spec: EnsembleSpec,
        opts: RunOptions,
    ) -> EnsembleRunner {
        let values = spec.values();
        let ensemble = Ensemble::new(&basin, scenario, spec);
        EnsembleRunner {
            runner: Runner::with_options(basin, opts),
            values,
            ensemble,
        }
    }

    /// Run the next member. `Ok(true)` while members remain, `Ok(false)` once all have run.
    /// An error (a scenario choice the basin lacks, a steady state that cannot be found) stops
    /// the ensemble: later calls return the same error again.
    pub fn step(&mut self) -> Result<bool, RunError> {
        let k = self.ensemble.members.len();
        let Some(values) = self.values.get(k).cloned() else {
            return Ok(false);
        };
        let s = self
            .ensemble
            .spec
            .member_scenario(&self.ensemble.scenario, &values);
        let r = self.runner.run(&s)?;
        self.ensemble.record(values, &r);
        Ok(!self.is_done())
    }

    /// (members done, members in total).
    pub fn progress(&self) -> (usize, usize) {
        (self.ensemble.members.len(), self.values.len())
    }

    pub fn is_done(&self) -> bool {
        self.ensemble.members.len() >= self.values.len()
    }

    /// The members run so far (its summary refines as members arrive).
    pub fn ensemble(&self) -> &Ensemble {
        &self.ensemble
    }

    /// Run the remaining members and return the ensemble.
    pub fn finish(mut self) -> Result<Ensemble, RunError> {
        while self.step()? {}
        Ok(self.ensemble)
    }
}

/// Run every member of the ensemble for this scenario (default run options).
pub fn run_ensemble(
    basin: &Basin,
    scenario: &Scenario,
    spec: &EnsembleSpec,
) -> Result<Ensemble, RunError> {
    EnsembleRunner::new(basin.clone(), scenario, spec.clone()).finish()
}

/// [`run_ensemble`] with run options.
pub fn run_ensemble_with_options(
    basin: &Basin,
    scenario: &Scenario,
    spec: &EnsembleSpec,
    opts: &RunOptions,
) -> Result<Ensemble, RunError> {
    EnsembleRunner::with_options(basin.clone(), scenario, spec.clone(), opts.clone()).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_hypercube_uses_every_stratum_once() {
        let d = latin_hypercube(50, 3, 7);
        for j in 0..3 {
            let mut strata: Vec<usize> = d.iter().map(|r| (r[j] * 50.0) as usize).collect();
            strata.sort_unstable();
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
