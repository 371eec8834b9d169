//! Results of a run: monthly series per cell and per named site, water accounts, lithium,
//! indicators and sentences. Everything is `Serialize` (the CLI prints it as JSON).

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use crate::basin::{Basin, CellKind};
use crate::lang::Lang;
use crate::outputs::accounts::MonthAccounts;
use crate::outputs::indicators::Indicators;
use crate::physics::groundwater::{SolveReport, StopReason};
use crate::run::{Setup, Track, TrackSeries};
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
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
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
    /// Steady pre-development heads (the initial condition), m.
    pub initial_head_m: Vec<f64>,
    pub stats: RunStats,
    pub baseline_stats: RunStats,
    /// Smallest saturated thickness reached in any cell, m (≥ 0: storage never negative).
    pub min_saturated_thickness_m: f64,
}

/// A track's series, moved out of an owned track, copied from a borrowed one.
fn series_of(t: Cow<'_, Track>) -> TrackSeries {
    match t {
        Cow::Owned(t) => t.series,
        Cow::Borrowed(t) => t.series.clone(),
    }
}

fn totals(track: &Track) -> Totals {
    let mut acc = MonthAccounts::default();
    let mut worst = 0.0_f64;
    for a in &track.series.accounts {
        acc.add(a);
        worst = worst.max(a.closure_relative().abs());
    }
    Totals {
        closure_m3: acc.closure_m3,
        closure_relative: acc.closure_relative(),
        max_month_closure_relative: worst,
        lithium_t_lce: track.series.lce_t.iter().sum(),
        li_closure_kg: track.series.li_closure_kg.iter().sum(),
        accounts: acc,
    }
}

impl Results {
    /// Gather a run's results. The scenario track (`None` for a run without a project: the
    /// scenario is the baseline) and an owned baseline are moved in, not copied.
    pub(crate) fn assemble(
        basin: &Basin,
        scenario: &Scenario,
        setup: &Setup,
        initial_head_m: Vec<f64>,
        base: Cow<'_, Track>,
        scen: Option<Track>,
    ) -> Results {
        let months: Vec<YearMonth> = setup
            .climate
            .iter()
            .map(|c| YearMonth {
                year: c.year,
                month: c.month,
            })
            .collect();
        let (mut base, mut scen) = (base, scen);
        // Drawdown needs both tracks' heads; then the scenario's heads move into the results
        // (copied only from a borrowed track).
        let drawdown: Vec<Vec<f64>> = {
            let scen_ref: &Track = scen.as_ref().unwrap_or(&base);
            base.heads
                .iter()
                .zip(&scen_ref.heads)
                .map(|(b, h)| b.iter().zip(h).map(|(b, h)| b - h).collect())
                .collect()
        };
        let heads: Vec<Vec<f64>> = match (&mut scen, &mut base) {
            (Some(s), _) => std::mem::take(&mut s.heads),
            (None, Cow::Owned(b)) => std::mem::take(&mut b.heads),
            (None, Cow::Borrowed(b)) => b.heads.clone(),
        };
        let cells: Vec<CellSeries> = basin
            .cells
            .iter()
            .zip(heads)
            .zip(drawdown)
            .map(|((c, head), drawdown_m)| CellSeries {
                id: c.id.clone(),
                kind: c.kind,
                depth_to_water_m: head.iter().map(|h| c.ground_m - h).collect(),
                drawdown_m,
                head_m: head,
            })
            .collect();
        let sites = basin
            .sites
            .iter()
            .map(|s| SiteCell {
                id: s.id.clone(),
                name_es: s.name_es.clone(),
                name_en: s.name_en.clone(),
                kind: s.kind.clone(),
                cell: basin.cells[s.cell].id.clone(),
                x_km: s.x_km,
                y_km: s.y_km,
                cell_index: s.cell,
            })
            .collect();
        let scen_ref: &Track = scen.as_ref().unwrap_or(&base);
        let (scen_totals, baseline_totals) = (totals(scen_ref), totals(&base));
        let closure_relative = scen_ref
            .series
            .accounts
            .iter()
            .map(|a| a.closure_relative())
            .collect();
        let stats = scen_ref.stats;
        let baseline_stats = base.stats;
        let min_saturated_thickness_m = scen_ref.min_saturated_m.min(base.min_saturated_m);
        // Owned series: moved out of owned tracks, copied from borrowed ones (a run without a
        // project reports its one track twice).
        let (s, b, accounts, baseline_accounts) = match (scen, base) {
            (Some(mut s), b) => {
                let mut b = series_of(b);
                let (sa, ba) = (
                    std::mem::take(&mut s.series.accounts),
                    std::mem::take(&mut b.accounts),
                );
                (s.series, b, Arc::new(sa), Arc::new(ba))
            }
            (None, b) => {
                let mut b = series_of(b);
                let shared = Arc::new(std::mem::take(&mut b.accounts));
                (b.clone(), b, shared.clone(), shared)
            }
        };
        let series = MonthlySeries {
            closure_relative,
            vega_area_ha: s.vega_ha,
            lagoon_area_ha: s.lagoon_ha,
            spring_flow_l_per_s: s.spring_l_per_s,
            baseline_vega_area_ha: b.vega_ha,
            baseline_lagoon_area_ha: b.lagoon_ha,
            baseline_spring_flow_l_per_s: b.spring_l_per_s,
            lithium_t_lce: s.lce_t,
            production_target_t_lce: s.production_target_t,
            li_pumped_mg_per_l: s.li_pumped_mg_per_l,
            li_mass_kg: s.li_mass_kg,
            li_closure_kg: s.li_closure_kg,
            protection_active: s.protection,
        };
        let mut r = Results {
            model_version: crate::MODEL_VERSION,
            basin_id: basin.id.clone(),
            scenario: scenario.clone(),
            months,
            cells,
            sites,
            totals: scen_totals,
            baseline_totals,
            accounts,
            baseline_accounts,
            series,
            indicators: Indicators::default(),
            initial_head_m,
            stats,
            baseline_stats,
            min_saturated_thickness_m,
        };
        r.indicators = Indicators::compute(&r, scenario);
        r
    }

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
        ] {
            v.iter().for_each(|&x| eat(x));
        }
        h
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

    /// The indicators as plain sentences (captions, screen readers).
    pub fn sentences(&self, lang: Lang) -> Vec<String> {
        crate::outputs::sentences::sentences(self, lang)
    }

    /// Months per year in the series (12).
    pub fn years(&self) -> usize {
        self.months.len() / 12
    }
}
