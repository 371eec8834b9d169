//! Results of a run, as plain data: monthly series per cell and per named site, water accounts,
//! lithium and indicators (computed in [`super::indicators`]). Everything is `Serialize` (the
//! CLI prints it as JSON).

use std::sync::Arc;

use serde::Serialize;

use crate::basin::CellKind;
use crate::negotiation::plan::PlanRun;
use crate::outputs::accounts::MonthAccounts;
use crate::outputs::salinisation::{ClearanceTo, SiteClearance};
use crate::outputs::springs::SpringLine;
use crate::outputs::vegas::VegaRootZone;
use crate::physics::groundwater::{SolveReport, StopReason};
use crate::scenario::Scenario;

/// Newton statistics of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RunStats {
    pub steps: usize,
    pub newton_iterations: usize,
    pub max_iterations_in_a_step: usize,
    /// Steps where Newton stopped before the tolerance (reported, never hidden).
    pub steps_not_converged: usize,
    pub worst_relative_residual: f64,
    /// Months run again in shorter steps after a step stopped before the tolerance (basins
    /// with lens cells; the failed attempt is not counted above).
    pub months_refined: usize,
    /// Largest growth factor of a Jacobian elimination, when watched
    /// ([`crate::RunOptions::watch_pivot_growth`]); 0 otherwise.
    pub max_pivot_growth: f64,
}

impl RunStats {
    pub(crate) fn record(&mut self, r: SolveReport) {
        self.steps += 1;
        self.newton_iterations += r.iterations;
        self.max_iterations_in_a_step = self.max_iterations_in_a_step.max(r.iterations);
        if r.reason != StopReason::Converged {
            self.steps_not_converged += 1;
        }
        self.worst_relative_residual = self.worst_relative_residual.max(r.max_rel_residual);
        self.max_pivot_growth = self.max_pivot_growth.max(r.pivot_growth);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

impl YearMonth {
    /// The month's start as a decimal year: 2034.5 is July 2034.
    pub fn decimal_year(self) -> f64 {
        f64::from(self.year) + (f64::from(self.month) - 1.0) / 12.0
    }
}

/// The index of `ym` in `months`, months that follow one another from `months[0]`.
pub(crate) fn month_index_in(months: &[YearMonth], ym: YearMonth) -> Option<usize> {
    let f = months.first()?;
    let k =
        usize::try_from((ym.year - f.year) as i64 * 12 + ym.month as i64 - f.month as i64).ok()?;
    (months.get(k) == Some(&ym)).then_some(k)
}

/// The month a reading meets a run in: one of the run's, or one of the hindcast's before it
/// ([`crate::RunOptions::history`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingMonth {
    Run(usize),
    Hindcast(usize),
}

impl ReadingMonth {
    /// The month's index in its own series (the run's or the hindcast's).
    pub fn index(self) -> usize {
        match self {
            ReadingMonth::Run(m) | ReadingMonth::Hindcast(m) => m,
        }
    }

    /// The month's index in one series of the hindcast's `past` months followed by the run's.
    pub fn in_series(self, past: usize) -> usize {
        match self {
            ReadingMonth::Hindcast(m) => m,
            ReadingMonth::Run(m) => past + m,
        }
    }

    /// Where `ym` falls: in `run`, else in `hindcast` (`None` in neither).
    pub fn of(ym: YearMonth, run: &[YearMonth], hindcast: &[YearMonth]) -> Option<ReadingMonth> {
        month_index_in(run, ym)
            .map(ReadingMonth::Run)
            .or_else(|| month_index_in(hindcast, ym).map(ReadingMonth::Hindcast))
    }
}

/// Monthly series of one cell (month-end values).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellSeries {
    pub id: String,
    pub kind: CellKind,
    pub head_m: Vec<f64>,
    pub depth_to_water_m: Vec<f64>,
    /// Baseline head minus scenario head (positive = lower water), m.
    pub drawdown_m: Vec<f64>,
    /// Under a changed climate ([`Scenario::changes_climate`]): the head of the no-project run
    /// under today's climate minus the scenario head, m; empty under today's climate, where it
    /// is `drawdown_m`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drawdown_vs_today_m: Vec<f64>,
    /// Where fresh water floats on brine (a lens cell; empty elsewhere): the interface between
    /// them, its rise against the baseline (positive = brine closer to the surface: the
    /// salinisation direction), and the lens's thickness, m.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interface_m: Vec<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interface_rise_m: Vec<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lens_thickness_m: Vec<f64>,
    /// A vega cell's green area (the root-zone law through the vegetation's memory,
    /// [`crate::physics::vega`]); empty for other cells, ha.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub green_area_ha: Vec<f64>,
    /// A brine wellfield cell's pumped lithium: the concentration of what its brine wells gave
    /// each month (what the company's monthly sample of that wellfield reads), 0 in months they
    /// pumped nothing; empty for other cells, mg/L. `Series::li_pumped_mg_per_l` is the mix of
    /// every wellfield.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pumped_li_mg_per_l: Vec<f64>,
}

/// A named site and the cell it lies in. Its monthly series are its cell's
/// ([`Results::site_series`]): sites share them rather than copy them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteCell {
    pub id: String,
    pub name_es: String,
    pub name_en: String,
    pub kind: String,
    /// The cell's id.
    pub cell: String,
    pub x_km: f64,
    pub y_km: f64,
    /// The cell's index in [`Results::cells`].
    #[serde(skip)]
    pub cell_index: usize,
}

/// Basin-wide monthly series.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct MonthlySeries {
    pub vega_area_ha: Vec<f64>,
    pub lagoon_area_ha: Vec<f64>,
    pub spring_flow_l_per_s: Vec<f64>,
    pub baseline_vega_area_ha: Vec<f64>,
    pub baseline_lagoon_area_ha: Vec<f64>,
    pub baseline_spring_flow_l_per_s: Vec<f64>,
    /// No project under today's climate, for a scenario that changes the climate; empty under
    /// today's climate, where the baseline is that reference.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reference_vega_area_ha: Vec<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reference_lagoon_area_ha: Vec<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reference_spring_flow_l_per_s: Vec<f64>,
    pub lithium_t_lce: Vec<f64>,
    pub production_target_t_lce: Vec<f64>,
    pub li_pumped_mg_per_l: Vec<f64>,
    pub li_mass_kg: Vec<f64>,
    pub li_closure_kg: Vec<f64>,
    pub protection_active: Vec<bool>,
    pub closure_relative: Vec<f64>,
}

/// Totals over the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub accounts: MonthAccounts,
    pub closure_m3: f64,
    pub closure_relative: f64,
    /// Largest monthly |closure| relative to that month's throughput.
    pub max_month_closure_relative: f64,
    pub lithium_t_lce: f64,
    pub li_closure_kg: f64,
}

/// The no-project run under today's climate, run beside a scenario that changes the climate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceRun {
    pub totals: Totals,
    pub stats: RunStats,
}

impl MonthlySeries {
    /// What the headline changes are measured against: no project under today's climate (the
    /// reference under a changed climate, the baseline otherwise). Vega, lagoon and spring
    /// series, in that order.
    pub fn today_no_project(&self) -> [&[f64]; 3] {
        if self.reference_vega_area_ha.is_empty() {
            [
                &self.baseline_vega_area_ha,
                &self.baseline_lagoon_area_ha,
                &self.baseline_spring_flow_l_per_s,
            ]
        } else {
            [
                &self.reference_vega_area_ha,
                &self.reference_lagoon_area_ha,
                &self.reference_spring_flow_l_per_s,
            ]
        }
    }
}

/// The months before today under observed climate ([`crate::RunOptions::history`]), run
/// without the project from the steady state: what readings of those months are set beside
/// ([`crate::observations::fit_run`]). The run proper starts from the state they leave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hindcast {
    pub months: Vec<YearMonth>,
    /// Each named site's month-end water table, m, in the order of [`Results::sites`].
    pub site_head_m: Vec<Vec<f64>>,
    pub vega_area_ha: Vec<f64>,
    pub lagoon_area_ha: Vec<f64>,
    pub spring_flow_l_per_s: Vec<f64>,
    pub totals: Totals,
    pub stats: RunStats,
}

/// Everything a run produces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub model_version: &'static str,
    pub basin_id: String,
    pub scenario: Scenario,
    pub months: Vec<YearMonth>,
    pub cells: Vec<CellSeries>,
    pub sites: Vec<SiteCell>,
    /// Scenario accounts, month by month.
    pub accounts: Arc<Vec<MonthAccounts>>,
    /// Baseline (no project, same climate) accounts, month by month. A run without a project
    /// shares one list for both (≈ 220 KB not copied).
    pub baseline_accounts: Arc<Vec<MonthAccounts>>,
    pub series: MonthlySeries,
    pub totals: Totals,
    pub baseline_totals: Totals,
    pub indicators: Indicators,
    /// Today's heads, the initial condition: the steady pre-development state, or after a
    /// hindcast the state its months left, m.
    pub initial_head_m: Vec<f64>,
    /// Long-term mean renewable recharge under today's climate: the basin file's, with the
    /// scenario's physics levers but not its climate change nor its sequence of dry and wet
    /// years, L/s. Extraction is compared with it.
    pub expected_recharge_l_per_s: f64,
    /// Each lens cell's initial interface (`None` for one-fluid cells), m.
    pub initial_interface_m: Vec<Option<f64>>,
    /// How close brackish water comes to the roots of each vega and the screens of each
    /// fresh-water wellfield over a lens, in site order.
    pub clearances: Vec<SiteClearance>,
    pub stats: RunStats,
    pub baseline_stats: RunStats,
    /// Under a changed climate ([`Scenario::changes_climate`]), the no-project run under
    /// today's climate the headline changes are measured against; `None` under today's
    /// climate, where the baseline is that reference.
    pub reference: Option<ReferenceRun>,
    /// Largest growth factor of the steady state's eliminations when watched
    /// ([`crate::RunOptions::watch_pivot_growth`]; 0 otherwise, and for a steady state reused
    /// from an earlier run).
    pub steady_pivot_growth: f64,
    /// Smallest saturated thickness reached in any cell, m (≥ 0: storage never negative).
    pub min_saturated_thickness_m: f64,
    /// What the early-warning plan of the run's options did ([`crate::RunOptions::plan`]);
    /// `None` without a plan or without a project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanRun>,
    /// The months before today, with observed climate ([`crate::RunOptions::history`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hindcast: Option<Hindcast>,
}

impl Results {
    /// FNV-1a hash over the bit patterns of every series (heads, drawdowns, accounts, areas,
    /// lithium). Equal digests on two platforms mean bit-identical results.
    pub fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |x: f64| {
            for b in x.to_bits().to_le_bytes() {
                h ^= b as u64;
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for c in &self.cells {
            c.head_m.iter().chain(&c.drawdown_m).for_each(|&x| eat(x));
            // Lens cells only (one-fluid basins hash as before).
            c.interface_m
                .iter()
                .chain(&c.lens_thickness_m)
                .for_each(|&x| eat(x));
            // Changed climates only (today's climate hashes as before).
            c.drawdown_vs_today_m.iter().for_each(|&x| eat(x));
        }
        for a in self.accounts.iter().chain(self.baseline_accounts.iter()) {
            for x in [
                a.brine.storage_change_m3,
                a.fresh.storage_change_m3,
                a.brine.pumped_m3,
                a.fresh.pumped_m3,
                a.evaporation_m3(),
                a.recharge_generated_m3,
                a.closure_m3,
            ] {
                eat(x);
            }
        }
        let s = &self.series;
        for v in [
            &s.vega_area_ha,
            &s.lagoon_area_ha,
            &s.spring_flow_l_per_s,
            &s.lithium_t_lce,
            &s.li_pumped_mg_per_l,
            &s.li_mass_kg,
            &s.reference_vega_area_ha,
            &s.reference_lagoon_area_ha,
            &s.reference_spring_flow_l_per_s,
        ] {
            v.iter().for_each(|&x| eat(x));
        }
        // Hindcasts only (a run from the steady state hashes as before).
        if let Some(hc) = &self.hindcast {
            hc.site_head_m
                .iter()
                .flatten()
                .chain(&hc.vega_area_ha)
                .chain(&hc.lagoon_area_ha)
                .chain(&hc.spring_flow_l_per_s)
                .for_each(|&x| eat(x));
        }
        h
    }

    /// The hindcast's months before the run (none without one).
    pub fn hindcast_months(&self) -> &[YearMonth] {
        self.hindcast.as_ref().map_or(&[], |h| h.months.as_slice())
    }

    /// The month a reading of `ym` meets this run in (`None` outside it and its hindcast).
    pub fn reading_month(&self, ym: YearMonth) -> Option<ReadingMonth> {
        ReadingMonth::of(ym, &self.months, self.hindcast_months())
    }

    /// Each named site with its cell's monthly series (head, depth to water, drawdown).
    pub fn site_series(&self) -> impl Iterator<Item = (&SiteCell, &CellSeries)> + '_ {
        self.sites
            .iter()
            .filter_map(|s| self.cells.get(s.cell_index).map(|c| (s, c)))
    }

    /// The monthly series of the site with this id.
    pub fn site(&self, id: &str) -> Option<&CellSeries> {
        self.site_series().find(|(s, _)| s.id == id).map(|(_, c)| c)
    }

    /// Drawdown of cell `cell` from the initial heads, month by month: initial head minus
    /// month-end head (positive = lower water), m. [`CellSeries::drawdown_m`] compares with the
    /// no-project run, which has the basin file's fixed wells too; this counts every change
    /// since the start (fixed wells, the project, the climate), so it is the drawdown of a well
    /// test on a basin file. Empty for a cell that does not exist.
    pub fn drawdown_from_initial_m(&self, cell: usize) -> Vec<f64> {
        match (self.initial_head_m.get(cell), self.cells.get(cell)) {
            (Some(h0), Some(c)) => c.head_m.iter().map(|h| h0 - h).collect(),
            _ => Vec::new(),
        }
    }

    /// Months per year in the series (12).
    pub fn years(&self) -> usize {
        self.months.len() / 12
    }
}

/// First year a site's drawdown passes a threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdCrossing {
    pub threshold_m: f64,
    pub first_year: Option<i32>,
}

/// Drawdown indicators at a named site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteIndicator {
    pub site: String,
    pub name_es: String,
    pub name_en: String,
    pub kind: String,
    pub max_drawdown_m: f64,
    pub year_of_max: i32,
    pub crossings: Vec<ThresholdCrossing>,
    /// Over a fresh-water lens: the fresh–brine interface's largest fall and largest rise
    /// against the no-project run (m, both ≥ 0) and the year of each; `None` elsewhere.
    pub interface_fall: Option<(f64, i32)>,
    pub interface_rise: Option<(f64, i32)>,
    /// Under a changed climate: the largest drawdown against today's climate without the
    /// project (the climate's and the project's together), m (≥ 0), and its year; `None` under
    /// today's climate, where it is `max_drawdown_m`.
    pub max_drawdown_vs_today: Option<(f64, i32)>,
    /// Under a vega or fresh-water wellfield over a lens: how close brackish water comes to the
    /// roots or the screens ([`crate::outputs::salinisation`]); `None` elsewhere.
    pub clearance: Option<ClearanceIndicator>,
}

/// The clearance of a site at a glance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClearanceIndicator {
    pub to: ClearanceTo,
    /// Before development, m.
    pub initial_m: f64,
    /// Smallest month-end clearance and its year.
    pub min_m: f64,
    pub year_of_min: i32,
    /// Brackish water reaches the roots or the screen before development (the scenario's
    /// mixing zone is too thick for what is fresh today).
    pub contact_at_start: bool,
    /// First year brackish water reaches the roots or the screen (clearance ≤ 0) that were
    /// clear of it at the start.
    pub first_contact_year: Option<i32>,
    /// Fresh-water wellfields only.
    pub well: Option<WellIndicator>,
}

/// A fresh-water wellfield's wells at a glance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WellIndicator {
    /// Rate a well could pump with a stable cone over the initial interface, L/s.
    pub initial_critical_rate_l_per_s: f64,
    /// Most wells in use in one month, and each one's rate then, L/s.
    pub max_wells: u32,
    pub rate_per_well_l_per_s: f64,
    /// Smallest rate a well could pump with a stable cone over the months it pumps (over the
    /// whole run if it never does), L/s, and its year.
    pub min_critical_rate_l_per_s: f64,
    pub year_of_min_critical: i32,
    /// First year a well pumps more than its critical rate (its cone is not stable).
    pub first_unstable_year: Option<i32>,
    /// Largest cone under a well, m.
    pub max_cone_rise_m: f64,
    /// First year the water table falls below the screens' bottom (the wells would run dry).
    pub first_dry_year: Option<i32>,
}

/// The project's part of the headline changes (means of the last decade, [`Indicators::headline_years`]): the scenario against no project
/// under the same climate, in points of the headline's reference (no project under today's
/// climate), so that headline = climate's part + project's part. Under today's climate it equals
/// the headline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct ChangeByProject {
    pub vega_area_lost_pct: f64,
    pub lagoon_area_lost_pct: f64,
    pub spring_flow_change_pct: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Indicators {
    pub sites: Vec<SiteIndicator>,
    /// Whether the headline changes below are measured against today's climate without the
    /// project (the scenario changes the climate) rather than the no-project run under the
    /// same climate (the two are the same under today's climate).
    pub against_today_climate: bool,
    /// Vega green area lost, mean of the last decade ([`Indicators::headline_years`]), relative
    /// to no project under today's climate, %.
    pub vega_area_lost_pct: f64,
    /// Lagoon area lost, mean of the last decade, relative to no project under today's climate, %.
    pub lagoon_area_lost_pct: f64,
    /// Largest yearly vega area loss over the run, relative to no project under today's
    /// climate, %.
    pub vega_area_lost_max_pct: f64,
    pub lagoon_area_lost_max_pct: f64,
    /// Spring flow change, mean of the last decade, vs no project under today's climate, %.
    pub spring_flow_change_pct: f64,
    /// First and last year of the decade the headline changes are means of (the whole run when
    /// it is shorter than [`crate::outputs::springs::DECADE_YEARS`] years).
    pub headline_years: (i32, i32),
    /// How much of the last decade's changes the project causes.
    pub by_project: ChangeByProject,
    /// Net extraction (brine pumped − reinjected + fresh and community pumping) in the year of
    /// largest extraction, as a share of the basin's long-term mean recharge under today's
    /// climate ([`Results::expected_recharge_l_per_s`]), not of the run's weather sequence.
    pub net_extraction_share_of_recharge: f64,
    pub peak_extraction_year: i32,
    /// Mean recharge the run's weather generated (changed climate and dry and wet years
    /// included), L/s.
    pub mean_recharge_l_per_s: f64,
    /// The basin's long-term mean recharge under today's climate, L/s.
    pub expected_recharge_l_per_s: f64,
    /// Brine, fresh and community water asked for but not delivered, m³, and as % of requested.
    pub shortfall_m3: f64,
    pub shortfall_pct: f64,
    /// Spent brine meant for reinjection that the aquifer refused (its water table at the
    /// reinjection cell reached the crust) and that was disposed of at surface, m³, and as % of
    /// the reinjection requested.
    pub reinjection_refused_m3: f64,
    pub reinjection_refused_pct: f64,
    pub lithium_total_t_lce: f64,
    pub protection_months: usize,
    pub last_year: i32,
    /// Each spring line's flow and water table above its outlet ([`crate::outputs::springs`]).
    pub spring_lines: Vec<SpringLine>,
    /// Each vega's water table within the root zone and green area, apart from the regional
    /// drawdown ([`crate::outputs::vegas`]).
    pub vegas: Vec<VegaRootZone>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A solver's reports summed up: every step counted, the iterations added and their most,
    /// the steps that stopped short, and the worst residual and pivot growth.
    #[test]
    fn run_stats_add_up_the_reports() {
        let report = |iterations, reason, max_rel_residual, pivot_growth| SolveReport {
            iterations,
            reason,
            max_rel_residual,
            pivot_growth,
        };
        let mut s = RunStats::default();
        s.record(report(3, StopReason::Converged, 1e-13, 1.5));
        s.record(report(40, StopReason::MaxIterations, 2e-9, 0.0));
        s.record(report(5, StopReason::SingularMatrix, 1e-14, 3.0));
        s.record(report(4, StopReason::Converged, 1e-12, 2.0));
        assert_eq!(s.steps, 4);
        assert_eq!(s.newton_iterations, 52);
        assert_eq!(s.max_iterations_in_a_step, 40);
        assert_eq!(s.steps_not_converged, 2);
        assert_eq!(s.worst_relative_residual, 2e-9);
        assert_eq!(s.max_pivot_growth, 3.0);
    }

    /// A month as a decimal year (its start), and where a month falls in a run of months and
    /// in a hindcast before it.
    #[test]
    fn months_are_found_where_they_fall() {
        let ym = |year, month| YearMonth { year, month };
        assert_eq!(ym(2034, 1).decimal_year(), 2034.0);
        assert_eq!(ym(2034, 7).decimal_year(), 2034.5);
        assert_eq!(ym(2034, 12).decimal_year(), 2034.0 + 11.0 / 12.0);
        let months_from = |start: YearMonth, n: usize| -> Vec<YearMonth> {
            (0..n)
                .map(|k| {
                    let m = (start.month as usize - 1) + k;
                    ym(start.year + (m / 12) as i32, (m % 12 + 1) as u8)
                })
                .collect()
        };
        let run = months_from(ym(2025, 3), 36);
        let hindcast = months_from(ym(2019, 3), 72);
        assert_eq!(month_index_in(&run, ym(2025, 3)), Some(0));
        assert_eq!(month_index_in(&run, ym(2026, 5)), Some(14));
        assert_eq!(month_index_in(&run, ym(2028, 2)), Some(35));
        assert_eq!(month_index_in(&run, ym(2028, 3)), None);
        assert_eq!(month_index_in(&run, ym(2025, 2)), None);
        assert_eq!(month_index_in(&[], ym(2025, 3)), None);
        // Months that do not follow one another: the one at the computed place is another.
        let mut gap = run.clone();
        gap.remove(5);
        assert_eq!(month_index_in(&gap, ym(2026, 5)), None);
        let at = ReadingMonth::of(ym(2026, 5), &run, &hindcast);
        assert_eq!(at, Some(ReadingMonth::Run(14)));
        assert_eq!(at.map(|m| (m.index(), m.in_series(72))), Some((14, 86)));
        let before = ReadingMonth::of(ym(2020, 4), &run, &hindcast);
        assert_eq!(before, Some(ReadingMonth::Hindcast(13)));
        assert_eq!(before.map(|m| (m.index(), m.in_series(72))), Some((13, 13)));
        assert_eq!(ReadingMonth::of(ym(2019, 2), &run, &hindcast), None);
        assert_eq!(ReadingMonth::of(ym(2030, 1), &run, &hindcast), None);
    }

    /// A short natural run, to take apart.
    fn short_run() -> Results {
        let s = crate::Scenario::default().with(crate::LeverId::Years, 3.0);
        crate::run(&crate::Basin::default_basin(), &s).unwrap()
    }

    /// FNV-1a, 64 bits, written from its definition and checked on two published vectors.
    fn fnv1a(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }

    /// The digest is FNV-1a over the bit patterns of the series, in order: one cell's head and
    /// drawdown alone hash to FNV-1a of their 16 bytes, and a change to any hashed series
    /// (a head, an account, a basin-wide series, a hindcast's) changes it.
    #[test]
    fn the_digest_is_fnv_1a_of_every_series() {
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        let full = short_run();
        let mut r = full.clone();
        r.cells.truncate(1);
        let c = &mut r.cells[0];
        c.head_m = vec![1.5];
        c.drawdown_m = vec![0.25];
        c.interface_m.clear();
        c.lens_thickness_m.clear();
        c.drawdown_vs_today_m.clear();
        r.accounts = Arc::new(Vec::new());
        r.baseline_accounts = Arc::new(Vec::new());
        r.series = MonthlySeries::default();
        r.hindcast = None;
        let bytes: Vec<u8> = [1.5f64, 0.25]
            .iter()
            .flat_map(|x| x.to_bits().to_le_bytes())
            .collect();
        assert_eq!(r.digest(), fnv1a(&bytes));
        r.cells.clear();
        assert_eq!(r.digest(), fnv1a(&[]));

        let d = full.digest();
        assert_eq!(full.clone().digest(), d);
        let changed = |edit: &dyn Fn(&mut Results)| {
            let mut r = full.clone();
            edit(&mut r);
            r.digest()
        };
        assert_ne!(changed(&|r| r.cells[3].head_m[10] += 1e-9), d);
        assert_ne!(
            changed(&|r| Arc::make_mut(&mut r.accounts)[5].recharge_generated_m3 += 1.0),
            d
        );
        assert_ne!(changed(&|r| r.series.vega_area_ha[7] += 1e-6), d);
        assert_ne!(
            changed(&|r| {
                r.hindcast = Some(Hindcast {
                    months: Vec::new(),
                    site_head_m: vec![vec![1.0]],
                    vega_area_ha: Vec::new(),
                    lagoon_area_ha: Vec::new(),
                    spring_flow_l_per_s: Vec::new(),
                    totals: r.totals.clone(),
                    stats: RunStats::default(),
                })
            }),
            d
        );
    }

    /// Sites and their series, the drawdown from the initial heads, and the years run.
    #[test]
    fn a_runs_sites_and_years_are_read_off_its_series() {
        let r = short_run();
        assert_eq!(r.years(), 3);
        assert_eq!(r.months.len(), 36);
        let named: Vec<&str> = r.site_series().map(|(s, _)| s.id.as_str()).collect();
        assert_eq!(
            named,
            r.sites.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()
        );
        for s in &r.sites {
            let c = r.site(&s.id).expect("a named site");
            assert_eq!(c, &r.cells[s.cell_index], "{}", s.id);
        }
        assert!(r.site("nowhere").is_none());
        let k = r.sites[0].cell_index;
        let from_start = r.drawdown_from_initial_m(k);
        assert_eq!(from_start.len(), 36);
        for (m, d) in from_start.iter().enumerate() {
            assert_eq!(*d, r.initial_head_m[k] - r.cells[k].head_m[m]);
        }
        assert!(r.drawdown_from_initial_m(r.cells.len()).is_empty());
    }

    /// The headline's reference is the baseline under today's climate and the reference run
    /// (no project, today's climate) under a changed one.
    #[test]
    fn the_headline_reference_is_no_project_under_today_s_climate() {
        let mut s = MonthlySeries {
            baseline_vega_area_ha: vec![1.0],
            baseline_lagoon_area_ha: vec![2.0],
            baseline_spring_flow_l_per_s: vec![3.0],
            ..MonthlySeries::default()
        };
        assert_eq!(s.today_no_project(), [&[1.0][..], &[2.0], &[3.0]]);
        s.reference_vega_area_ha = vec![4.0];
        s.reference_lagoon_area_ha = vec![5.0];
        s.reference_spring_flow_l_per_s = vec![6.0];
        assert_eq!(s.today_no_project(), [&[4.0][..], &[5.0], &[6.0]]);
    }
}
