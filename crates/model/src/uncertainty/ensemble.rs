//! Ensembles: the current scenario run over the uncertain physics ([`crate::uncertainty::design`]),
//! member by member, keeping what the summary, the sensitivity and the dates need.
//!
//! # Memory
//! Per member the ensemble keeps the factor values, the indicators (f64) and the chosen monthly
//! series as `f32` (relative precision 6·10⁻⁸: 0.1 mm on a 1 km drawdown, well below what is
//! shown). Sites sharing a cell share storage. The default basin stores 46 series (5 of them the
//! clearances under the vegas and the fresh-water wellfield, 8 the interface's rise under the
//! sites over a lens, 2 the no-project areas) × 600 months × 100 members ≈ 11 MB.

use serde::{Deserialize, Serialize};

use crate::basin::Basin;
use crate::negotiation::plan::PlanEvent;
use crate::outputs::indicators::IndicatorId;
use crate::outputs::results::{Results, YearMonth};
use crate::run::{RunError, RunOptions, Runner};
use crate::scenario::Scenario;
use crate::uncertainty::design::EnsembleSpec;
use crate::uncertainty::parts::Share;

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
    /// Basin-wide green vega area in the member's own no-project run (same climate), ha: what
    /// an area limit is measured against.
    NoProjectVegaAreaHa,
    /// Basin-wide lagoon area in the member's own no-project run, ha.
    NoProjectLagoonAreaHa,
    /// Basin-wide spring flow (fan springs), L/s.
    SpringFlowLPerS,
    /// Lithium produced in the month, t LCE.
    LithiumTLce,
    /// Brine pumped, mean over the month, L/s.
    BrinePumpedLPerS,
    /// Under a vega or fresh-water wellfield over a lens: the roots' or the screens' height
    /// above the top of the mixing zone, m ([`crate::outputs::salinisation`]).
    ClearanceM,
    /// At a site over a lens: how far the project raises the fresh–brine interface against the
    /// member's own no-project run (positive: brine closer to the surface), m.
    InterfaceRiseM,
    /// At a brine wellfield: the lithium concentration of what its wells pumped in the month
    /// (0: none), mg/L.
    PumpedLiMgPerL,
}

impl Quantity {
    pub fn key(self) -> &'static str {
        match self {
            Quantity::DrawdownM => "drawdown_m",
            Quantity::DepthToWaterM => "depth_to_water_m",
            Quantity::SiteSpringFlowLPerS => "spring_flow_l_per_s",
            Quantity::VegaAreaHa => "vega_area_ha",
            Quantity::LagoonAreaHa => "lagoon_area_ha",
            Quantity::NoProjectVegaAreaHa => "no_project_vega_area_ha",
            Quantity::NoProjectLagoonAreaHa => "no_project_lagoon_area_ha",
            Quantity::SpringFlowLPerS => "spring_flow_l_per_s",
            Quantity::LithiumTLce => "lithium_t_lce",
            Quantity::BrinePumpedLPerS => "brine_pumped_l_per_s",
            Quantity::ClearanceM => "clearance_m",
            Quantity::InterfaceRiseM => "interface_rise_m",
            Quantity::PumpedLiMgPerL => "pumped_li_mg_per_l",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Quantity::DrawdownM
            | Quantity::DepthToWaterM
            | Quantity::ClearanceM
            | Quantity::InterfaceRiseM => "m",
            Quantity::SiteSpringFlowLPerS
            | Quantity::SpringFlowLPerS
            | Quantity::BrinePumpedLPerS => "L/s",
            Quantity::VegaAreaHa
            | Quantity::LagoonAreaHa
            | Quantity::NoProjectVegaAreaHa
            | Quantity::NoProjectLagoonAreaHa => "ha",
            Quantity::LithiumTLce => "t LCE",
            Quantity::PumpedLiMgPerL => "mg/L",
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
    /// Ground elevation of the site's cell, m (a spring's water table above its outlet is
    /// `ground − depth − outlet`).
    ground_m: f64,
    /// Slot of the spring-flow series, for spring sites.
    spring_slot: Option<usize>,
    /// Slot of the clearance series, for vegas and fresh-water wellfields over a lens.
    clearance_slot: Option<usize>,
    /// Slot of the pumped-lithium series, for sites whose cell has brine wells.
    wellfield_slot: Option<usize>,
    /// Whether the site's cell holds a fresh lens over brine (an interface to follow).
    over_lens: bool,
}

impl EnsembleSite {
    /// Whether a spring-flow threshold applies here.
    pub fn has_spring(&self) -> bool {
        self.spring_slot.is_some()
    }

    /// The water table above the spring's outlet at a depth to water, m (negative: the spring
    /// has stopped); `None` for a site without a spring.
    pub fn head_above_outlet_m(&self, depth_to_water_m: f64) -> Option<f64> {
        self.spring_slot?;
        self.spring
            .map(|(z, _)| self.ground_m - depth_to_water_m - z)
    }

    /// The spring's monthly flow at month-end heads `head_m`, L/s, as stored (results keep no
    /// per-cell spring flow); `None` for a site without a spring.
    fn spring_flows(&self, head_m: &[f64]) -> Option<Vec<f32>> {
        let (z, c) = self.spring?;
        Some(
            head_m
                .iter()
                .map(|&h| crate::outputs::springs::flow_l_per_s(h, z, c) as f32)
                .collect(),
        )
    }

    /// The spring's flow with the water table `above_outlet_m` over its outlet, L/s (the model's
    /// spring law); `None` for a site without a spring.
    pub fn spring_flow_l_per_s(&self, above_outlet_m: f64) -> Option<f64> {
        self.spring_slot?;
        self.spring
            .map(|(z, c)| crate::outputs::springs::flow_l_per_s(z + above_outlet_m, z, c))
    }

    /// Ground elevation of the site's cell, m.
    pub fn ground_m(&self) -> f64 {
        self.ground_m
    }

    /// Whether a clearance threshold applies here.
    pub fn has_clearance(&self) -> bool {
        self.clearance_slot.is_some()
    }

    /// Whether the site's cell has brine wells, so the lithium of what they pump can be read.
    pub fn has_wellfield(&self) -> bool {
        self.wellfield_slot.is_some()
    }

    /// Whether the site stands over a fresh lens on brine, so an interface rise applies here.
    pub fn has_interface(&self) -> bool {
        self.over_lens
    }
}

/// Identity of one indicator of the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorInfo {
    /// An [`IndicatorId`] key, followed by `:<site>` for a per-site one.
    pub id: String,
    pub site: Option<String>,
    pub unit: &'static str,
}

/// One member: its factor values, indicators, checks and stored series. It crosses between
/// browser workers in postcard's binary form ([`crate::uncertainty::parts`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Factor values, in the order of the spec's factors.
    pub factors: Vec<f64>,
    /// Indicator values, in the order of [`Ensemble::indicators`].
    pub indicators: Vec<f64>,
    /// Largest monthly |water-balance closure| / throughput over scenario and baseline.
    pub max_month_closure_relative: f64,
    /// Solver steps that stopped before the tolerance (scenario and baseline).
    pub steps_not_converged: usize,
    /// Clearance before development at each clearance site, in slot order, m.
    pub(super) initial_clearance_m: Vec<f64>,
    /// Water table above the outlet before development at each spring site, in spring-slot
    /// order, m (≤ 0: with this member's physics the spring does not flow even before the
    /// project).
    pub(super) initial_spring_head_m: Vec<f64>,
    /// Stored series: per cell slot drawdown, depth and interface rise (empty where no lens),
    /// then spring sites, then clearance sites, then basin series.
    pub(super) series: Vec<Vec<f32>>,
    /// After a hindcast ([`crate::RunOptions::history`]), the series readings of its months
    /// meet, in the same slots (depth to water, spring flow, wellfields' pumped lithium, which
    /// is none, and the basin's vega, lagoon and spring series); the other slots are empty.
    /// Empty without a hindcast.
    #[serde(default)]
    pub(super) hindcast: Vec<Vec<f32>>,
    /// The early-warning plan's firings and releases in this member's run, and those its
    /// triggers would have had in the member's no-project run (empty without a plan).
    pub plan_events: Vec<PlanEvent>,
    pub plan_no_project_events: Vec<PlanEvent>,
}

/// The members run so far, with what the summaries need.
#[derive(Debug, Clone, PartialEq)]
pub struct Ensemble {
    pub spec: EnsembleSpec,
    pub scenario: Scenario,
    pub months: Vec<YearMonth>,
    /// The months of the hindcast before the run ([`crate::RunOptions::history`]; empty
    /// without one).
    pub hindcast_months: Vec<YearMonth>,
    pub sites: Vec<EnsembleSite>,
    pub indicators: Vec<IndicatorInfo>,
    pub members: Vec<Member>,
    /// Number of distinct site cells (slots 0..cells are drawdown, cells..2·cells depth,
    /// 2·cells..3·cells interface rise).
    cells: usize,
    springs: usize,
    clearances: usize,
    wellfields: usize,
}

pub(super) const BASIN_SERIES: [Quantity; 5] = [
    Quantity::VegaAreaHa,
    Quantity::LagoonAreaHa,
    Quantity::SpringFlowLPerS,
    Quantity::LithiumTLce,
    Quantity::BrinePumpedLPerS,
];

/// Basin series of the member's no-project run, stored after [`BASIN_SERIES`] for the area
/// limits; the bands are not drawn for them.
const NO_PROJECT_SERIES: [Quantity; 2] = [
    Quantity::NoProjectVegaAreaHa,
    Quantity::NoProjectLagoonAreaHa,
];

impl Ensemble {
    pub(crate) fn new(basin: &Basin, scenario: &Scenario, spec: EnsembleSpec) -> Ensemble {
        let mut cell_slots: Vec<usize> = Vec::new();
        let mut springs = 0;
        let mut clearances = 0;
        let mut wellfields = 0;
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
                    .filter(|_| basin.site_has_spring(s))
                    .map(|sp| (sp.elevation_m, sp.conductance_m2_per_day));
                let spring_slot = spring.map(|_| {
                    springs += 1;
                    springs - 1
                });
                // The sites `Results::clearances` reports (outputs::salinisation).
                let clearance_slot = (basin.cells[s.cell].lens
                    && (s.kind == "vega" || s.kind == "fresh_wellfield"))
                    .then(|| {
                        clearances += 1;
                        clearances - 1
                    });
                // The sites whose cell has brine wells (`CellSeries::pumped_li_mg_per_l`).
                let wellfield_slot = (basin.cells[s.cell].brine_weight > 0.0).then(|| {
                    wellfields += 1;
                    wellfields - 1
                });
                EnsembleSite {
                    id: s.id.clone(),
                    name_es: s.name_es.clone(),
                    name_en: s.name_en.clone(),
                    kind: s.kind.clone(),
                    slot,
                    spring,
                    ground_m: basin.cells[s.cell].ground_m,
                    spring_slot,
                    clearance_slot,
                    wellfield_slot,
                    over_lens: basin.site_over_lens(s),
                }
            })
            .collect();
        let mut indicators: Vec<IndicatorInfo> = Vec::new();
        for id in IndicatorId::ALL {
            if id.per_site() {
                indicators.extend(sites.iter().map(|s| IndicatorInfo {
                    id: format!("{}:{}", id.key(), s.id),
                    site: Some(s.id.clone()),
                    unit: id.unit(),
                }));
            } else {
                indicators.push(IndicatorInfo {
                    id: id.key().to_string(),
                    site: None,
                    unit: id.unit(),
                });
            }
        }
        Ensemble {
            spec,
            scenario: scenario.clone(),
            months: Vec::new(),
            hindcast_months: Vec::new(),
            sites,
            indicators,
            members: Vec::new(),
            cells: cell_slots.len(),
            springs,
            clearances,
            wellfields,
        }
    }

    /// Where each block of a member's stored series starts: three per site cell (drawdown,
    /// depth, interface rise), then the springs', the clearances', the wellfields' and the
    /// basin's.
    fn springs_at(&self) -> usize {
        3 * self.cells
    }

    fn clearances_at(&self) -> usize {
        self.springs_at() + self.springs
    }

    fn wellfields_at(&self) -> usize {
        self.clearances_at() + self.clearances
    }

    fn basin_at(&self) -> usize {
        self.wellfields_at() + self.wellfields
    }

    /// Number of stored series per member.
    pub(super) fn stored_series(&self) -> usize {
        self.basin_at() + BASIN_SERIES.len() + NO_PROJECT_SERIES.len()
    }

    pub(crate) fn record(&mut self, factors: Vec<f64>, r: &Results) {
        self.set_calendar(r);
        let member = self.member(factors, r);
        self.members.push(member);
    }

    /// The run's months and its hindcast's, from the first member run (every member has the
    /// same).
    pub(super) fn set_calendar(&mut self, r: &Results) {
        if self.months.is_empty() {
            self.months = r.months.clone();
            self.hindcast_months = r
                .hindcast
                .as_ref()
                .map_or_else(Vec::new, |h| h.months.clone());
        }
    }

    /// What readings of a hindcast's months meet, in the slots of [`Member::series`].
    fn hindcast_series(&self, r: &Results) -> Vec<Vec<f32>> {
        let Some(hc) = &r.hindcast else {
            return Vec::new();
        };
        let mut series = vec![Vec::new(); self.stored_series()];
        for (site, head) in self.sites.iter().zip(&hc.site_head_m) {
            series[self.cells + site.slot] =
                head.iter().map(|h| (site.ground_m - h) as f32).collect();
            if let (Some(flow), Some(k)) = (site.spring_flows(head), site.spring_slot) {
                series[self.springs_at() + k] = flow;
            }
            // The project does not pump before today.
            if let Some(k) = site.wellfield_slot {
                series[self.wellfields_at() + k] = vec![0.0; hc.months.len()];
            }
        }
        let base = self.basin_at();
        for (k, q) in BASIN_SERIES.iter().enumerate() {
            let v = match q {
                Quantity::VegaAreaHa => &hc.vega_area_ha,
                Quantity::LagoonAreaHa => &hc.lagoon_area_ha,
                Quantity::SpringFlowLPerS => &hc.spring_flow_l_per_s,
                _ => continue,
            };
            series[base + k] = v.iter().map(|&x| x as f32).collect();
        }
        series
    }

    /// What the ensemble keeps of one member's run.
    pub(super) fn member(&self, factors: Vec<f64>, r: &Results) -> Member {
        let f32s = |v: &[f64]| v.iter().map(|&x| x as f32).collect::<Vec<f32>>();
        let mut series = vec![Vec::new(); self.stored_series()];
        for (site, (_, out)) in self.sites.iter().zip(r.site_series()) {
            if series[site.slot].is_empty() {
                series[site.slot] = f32s(&out.drawdown_m);
                series[self.cells + site.slot] = f32s(&out.depth_to_water_m);
                series[2 * self.cells + site.slot] = f32s(&out.interface_rise_m);
            }
            // Results keep no per-cell spring flow, so it is evaluated here at the month-end head.
            if let (Some(flow), Some(k)) = (site.spring_flows(&out.head_m), site.spring_slot) {
                series[self.springs_at() + k] = flow;
            }
        }
        let mut initial_spring_head_m = vec![f64::NAN; self.springs];
        for (site, (cell, _)) in self.sites.iter().zip(r.site_series()) {
            if let (Some((z, _)), Some(k)) = (site.spring, site.spring_slot) {
                initial_spring_head_m[k] = r
                    .initial_head_m
                    .get(cell.cell_index)
                    .map_or(f64::NAN, |h| h - z);
            }
        }
        let mut initial_clearance_m = vec![f64::NAN; self.clearances];
        for site in &self.sites {
            let (Some(k), Some(c)) = (
                site.clearance_slot,
                r.clearances.iter().find(|c| c.site == site.id),
            ) else {
                continue;
            };
            series[self.clearances_at() + k] = f32s(&c.clearance_m);
            initial_clearance_m[k] = c.initial_m;
        }
        for (site, (_, out)) in self.sites.iter().zip(r.site_series()) {
            if let Some(k) = site.wellfield_slot {
                series[self.wellfields_at() + k] = f32s(&out.pumped_li_mg_per_l);
            }
        }
        let base = self.basin_at();
        let se = &r.series;
        let to_l_per_s = 1000.0 / (crate::DAYS_PER_MONTH * crate::SECONDS_PER_DAY);
        for (k, q) in BASIN_SERIES.iter().chain(&NO_PROJECT_SERIES).enumerate() {
            series[base + k] = match q {
                Quantity::VegaAreaHa => f32s(&se.vega_area_ha),
                Quantity::LagoonAreaHa => f32s(&se.lagoon_area_ha),
                Quantity::NoProjectVegaAreaHa => f32s(&se.baseline_vega_area_ha),
                Quantity::NoProjectLagoonAreaHa => f32s(&se.baseline_lagoon_area_ha),
                Quantity::SpringFlowLPerS => f32s(&se.spring_flow_l_per_s),
                Quantity::LithiumTLce => f32s(&se.lithium_t_lce),
                _ => r
                    .accounts
                    .iter()
                    .map(|a| (a.brine.pumped_m3 * to_l_per_s) as f32)
                    .collect(),
            };
        }
        let indicators = IndicatorId::ALL
            .iter()
            .flat_map(|id| id.values(&r.indicators))
            .collect();
        let closure = r
            .accounts
            .iter()
            .chain(r.baseline_accounts.iter())
            .map(|a| a.closure_relative().abs())
            .fold(0.0_f64, f64::max);
        Member {
            factors,
            indicators,
            max_month_closure_relative: closure,
            steps_not_converged: r.stats.steps_not_converged + r.baseline_stats.steps_not_converged,
            initial_clearance_m,
            initial_spring_head_m,
            series,
            hindcast: self.hindcast_series(r),
            plan_events: r.plan.as_ref().map_or_else(Vec::new, |p| p.events.clone()),
            plan_no_project_events: r
                .plan
                .as_ref()
                .map_or_else(Vec::new, |p| p.no_project_events.clone()),
        }
    }

    /// The site with this id.
    pub fn site(&self, id: &str) -> Option<&EnsembleSite> {
        self.sites.iter().find(|s| s.id == id)
    }

    /// The stored monthly values of one member for a site quantity (`DrawdownM`,
    /// `DepthToWaterM`, `SiteSpringFlowLPerS`, `ClearanceM`, `InterfaceRiseM`) or, with `site = None`, a basin
    /// quantity.
    pub fn member_series(
        &self,
        member: usize,
        quantity: Quantity,
        site: Option<&str>,
    ) -> Option<&[f32]> {
        self.stored(member, quantity, site, |m| &m.series)
    }

    /// [`Ensemble::member_series`] over the hindcast's months (`None` without a hindcast, or
    /// for a series readings of those months cannot meet).
    pub fn member_hindcast_series(
        &self,
        member: usize,
        quantity: Quantity,
        site: Option<&str>,
    ) -> Option<&[f32]> {
        self.stored(member, quantity, site, |m| &m.hindcast)
            .filter(|v| !v.is_empty())
    }

    /// One member's series of a quantity at a site in `of` (its run's or its hindcast's).
    fn stored(
        &self,
        member: usize,
        quantity: Quantity,
        site: Option<&str>,
        of: fn(&Member) -> &Vec<Vec<f32>>,
    ) -> Option<&[f32]> {
        let slot = self.slot(quantity, site)?;
        of(self.members.get(member)?)
            .get(slot)
            .map(|v| v.as_slice())
    }

    pub(super) fn slot(&self, quantity: Quantity, site: Option<&str>) -> Option<usize> {
        match (quantity, site) {
            (Quantity::DrawdownM, Some(id)) => self.site(id).map(|s| s.slot),
            (Quantity::DepthToWaterM, Some(id)) => self.site(id).map(|s| self.cells + s.slot),
            (Quantity::SiteSpringFlowLPerS, Some(id)) => self
                .site(id)
                .and_then(|s| s.spring_slot)
                .map(|k| self.springs_at() + k),
            (Quantity::ClearanceM, Some(id)) => self
                .site(id)
                .and_then(|s| s.clearance_slot)
                .map(|k| self.clearances_at() + k),
            (Quantity::InterfaceRiseM, Some(id)) => self
                .site(id)
                .filter(|s| s.over_lens)
                .map(|s| 2 * self.cells + s.slot),
            (Quantity::PumpedLiMgPerL, Some(id)) => self
                .site(id)
                .and_then(|s| s.wellfield_slot)
                .map(|k| self.wellfields_at() + k),
            (q, None) => BASIN_SERIES
                .iter()
                .chain(&NO_PROJECT_SERIES)
                .position(|&b| b == q)
                .map(|k| self.basin_at() + k),
            _ => None,
        }
    }

    /// A member's clearance before development at a site, m (`None` if it has none).
    pub fn member_initial_clearance_m(&self, member: usize, site: &str) -> Option<f64> {
        let k = self.site(site)?.clearance_slot?;
        self.members
            .get(member)?
            .initial_clearance_m
            .get(k)
            .copied()
    }

    /// A member's water table above a spring site's outlet before development, m (`None` if
    /// the site has no spring).
    pub fn member_initial_spring_head_m(&self, member: usize, site: &str) -> Option<f64> {
        let k = self.site(site)?.spring_slot?;
        self.members
            .get(member)?
            .initial_spring_head_m
            .get(k)
            .copied()
    }

    /// Index of an indicator by id.
    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == id)
    }

    /// Values of one indicator over the members.
    pub fn indicator_values(&self, index: usize) -> Vec<f64> {
        self.members.iter().map(|m| m.indicators[index]).collect()
    }

    /// The scenario of member `k` (reproduces its run with [`crate::run()`]).
    pub fn member_scenario(&self, k: usize) -> Option<Scenario> {
        self.members
            .get(k)
            .map(|m| self.spec.member_scenario(&self.scenario, &m.factors))
    }
}

/// Runs an ensemble one member at a time, so a browser worker can yield and report progress
/// between members. Each member runs its own steady state and no-project baseline with its own
/// physics (through a [`Runner`], which re-uses the baseline only when the physics are equal).
pub struct EnsembleRunner {
    pub(super) runner: Runner,
    pub(super) values: Vec<Vec<f64>>,
    pub(super) ensemble: Ensemble,
    /// The members this runner runs itself: `part`, `part + parts`, … ([`parts`]); the others
    /// arrive run elsewhere, through [`EnsembleRunner::accept`].
    ///
    /// [`parts`]: crate::uncertainty::parts
    pub(super) share: Share,
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
            share: Share::default(),
        }
    }

    /// Run the next member. `Ok(true)` while members remain, `Ok(false)` once all have run.
    /// An error (a scenario choice the basin lacks, a steady state that cannot be found) stops
    /// the ensemble: later calls return the same error again.
    ///
    /// A runner with a share of the members ([`EnsembleRunner::share`]) runs only its own and
    /// returns `Ok(false)` once they have run, done or not: the rest come through
    /// [`EnsembleRunner::accept`].
    pub fn step(&mut self) -> Result<bool, RunError> {
        match self.next_member()? {
            Some(run) => {
                self.accept(run);
                Ok(!self.is_done() && self.share.next < self.values.len())
            }
            None => Ok(false),
        }
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
