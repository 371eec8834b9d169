//! Assembling results: the scenario's and the baseline's tracks (and, under a changed climate,
//! the reference under today's climate) into [`Results`], with drawdown (baseline head minus
//! scenario head), totals and indicators.

use std::borrow::Cow;
use std::sync::Arc;

use crate::basin::Basin;
use crate::outputs::accounts::MonthAccounts;
use crate::outputs::results::{
    CellSeries, Hindcast, Indicators, MonthlySeries, ReferenceRun, Results, SiteCell, Totals,
    YearMonth,
};
use crate::outputs::salinisation::{ClearanceSetting, SiteClearance, WellDesign};
use crate::scenario::levers::LeverId;
use crate::scenario::Scenario;

use super::setup::Setup;
use super::step::{Track, TrackSeries};

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

/// What a hindcast's months recorded, for the readings of those months.
fn hindcast_of(basin: &Basin, setup: &Setup, t: &Track) -> Hindcast {
    Hindcast {
        months: setup
            .history
            .iter()
            .map(|c| YearMonth {
                year: c.year,
                month: c.month,
            })
            .collect(),
        site_head_m: basin
            .sites
            .iter()
            .map(|s| t.heads[s.cell].clone())
            .collect(),
        vega_area_ha: t.series.vega_ha.clone(),
        lagoon_area_ha: t.series.lagoon_ha.clone(),
        spring_flow_l_per_s: t.series.spring_l_per_s.clone(),
        totals: totals(t),
        stats: t.stats,
    }
}

/// Gather a run's results. The scenario track (`None` for a run without a project: the
/// scenario is the baseline) and an owned baseline are moved in, not copied; the reference
/// (no project under today's climate, for a scenario that changes the climate) is copied, and
/// so is what a hindcast's months recorded.
#[allow(clippy::too_many_arguments)]
pub(crate) fn assemble(
    basin: &Basin,
    scenario: &Scenario,
    setup: &Setup,
    initial_head_m: Vec<f64>,
    base: Cow<'_, Track>,
    scen: Option<Track>,
    reference: Option<&Track>,
    hindcast: Option<&Track>,
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
    // Against today's climate without the project: empty under today's climate.
    let drawdown_vs_today: Vec<Vec<f64>> = match reference {
        Some(t) => {
            let scen_ref: &Track = scen.as_ref().unwrap_or(&base);
            t.heads
                .iter()
                .zip(&scen_ref.heads)
                .map(|(b, h)| b.iter().zip(h).map(|(b, h)| b - h).collect())
                .collect()
        }
        None => vec![Vec::new(); basin.cells.len()],
    };
    // Interface rise (scenario − baseline, up positive) where a lens floats on brine.
    let (interfaces, lens_thickness, interface_rise) = {
        let scen_ref: &Track = scen.as_ref().unwrap_or(&base);
        let rise: Vec<Vec<f64>> = base
            .interfaces
            .iter()
            .zip(&scen_ref.interfaces)
            .map(|(b, z)| z.iter().zip(b).map(|(z, b)| z - b).collect())
            .collect();
        (
            scen_ref.interfaces.clone(),
            scen_ref.lens_thickness.clone(),
            rise,
        )
    };
    let vega_green_ha = scen.as_ref().unwrap_or(&base).vega_green_ha.clone();
    let wellfield_li = scen.as_ref().unwrap_or(&base).wellfield_li_mg_per_l.clone();
    let heads: Vec<Vec<f64>> = match (&mut scen, &mut base) {
        (Some(s), _) => std::mem::take(&mut s.heads),
        (None, Cow::Owned(b)) => std::mem::take(&mut b.heads),
        (None, Cow::Borrowed(b)) => b.heads.clone(),
    };
    let cells: Vec<CellSeries> = basin
        .cells
        .iter()
        .zip(heads.into_iter().zip(vega_green_ha))
        .zip(drawdown.into_iter().zip(drawdown_vs_today))
        .zip(wellfield_li)
        .zip(
            interfaces
                .into_iter()
                .zip(lens_thickness)
                .zip(interface_rise),
        )
        .map(
            |(
                (
                    ((c, (head, green_area_ha)), (drawdown_m, drawdown_vs_today_m)),
                    pumped_li_mg_per_l,
                ),
                ((interface_m, lens_thickness_m), interface_rise_m),
            )| {
                CellSeries {
                    id: c.id.clone(),
                    kind: c.kind,
                    depth_to_water_m: head.iter().map(|h| c.ground_m - h).collect(),
                    drawdown_m,
                    drawdown_vs_today_m,
                    head_m: head,
                    interface_m,
                    interface_rise_m,
                    lens_thickness_m,
                    green_area_ha,
                    pumped_li_mg_per_l,
                }
            },
        )
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
    let today = |pick: fn(&TrackSeries) -> &Vec<f64>| {
        reference.map_or_else(Vec::new, |t| pick(&t.series).clone())
    };
    let series = MonthlySeries {
        closure_relative,
        reference_vega_area_ha: today(|t| &t.vega_ha),
        reference_lagoon_area_ha: today(|t| &t.lagoon_ha),
        reference_spring_flow_l_per_s: today(|t| &t.spring_l_per_s),
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
    let initial_interface_m: Vec<Option<f64>> = (0..basin.cells.len())
        .map(|i| {
            let (col, j) = (setup.gw.lens_column(i)?, setup.gw.lens_brine_unknown(i)?);
            Some(col.interface_m(initial_head_m[i], initial_head_m[j]).value)
        })
        .collect();
    let clearances = clearances(
        basin,
        scenario,
        setup,
        &cells,
        &initial_interface_m,
        &accounts,
    );
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
        // Water tables (a lens cell's brine head is not a cell value).
        initial_head_m: (0..basin.cells.len())
            .map(|i| setup.gw.water_table_m(i, &initial_head_m))
            .collect(),
        expected_recharge_l_per_s: setup
            .catch
            .iter()
            .map(|c| c.expected_m3_per_day)
            .sum::<f64>()
            * setup.modern_share
            * 1000.0
            / crate::SECONDS_PER_DAY,
        initial_interface_m,
        clearances,
        stats,
        baseline_stats,
        reference: reference.map(|t| ReferenceRun {
            totals: totals(t),
            stats: t.stats,
        }),
        steady_pivot_growth: 0.0,
        min_saturated_thickness_m,
        plan: None,
        hindcast: hindcast.map(|t| hindcast_of(basin, setup, t)),
    };
    r.indicators = Indicators::compute(&r, scenario);
    r.indicators.spring_lines = crate::outputs::springs::spring_lines(basin, &r);
    r
}

/// Clearance under every vega and fresh-water wellfield that stands over a lens, in site order.
fn clearances(
    basin: &Basin,
    scenario: &Scenario,
    setup: &Setup,
    cells: &[CellSeries],
    initial_interface_m: &[Option<f64>],
    accounts: &[MonthAccounts],
) -> Vec<SiteClearance> {
    let p = &basin.physical;
    let mixing_zone_m = p.aquifer.mixing_zone_m * scenario.get(LeverId::MixingZoneMult);
    let design = WellDesign {
        screen_depth_m: p.project.fresh_screen_depth_m,
        yield_l_per_s: p.project.fresh_well_yield_l_per_s,
        conductivity_m_per_day: p.aquifer.k_fan_m_per_day * scenario.get(LeverId::ConductivityMult),
    };
    let to_l_per_s = 1000.0 / (crate::DAYS_PER_MONTH * crate::SECONDS_PER_DAY);
    basin
        .sites
        .iter()
        .filter_map(|s| {
            let (col, z0) = (setup.gw.lens_column(s.cell)?, initial_interface_m[s.cell]?);
            let setting = ClearanceSetting {
                ground_m: basin.cells[s.cell].ground_m,
                mixing_zone_m,
                density: col.density,
            };
            let interface = &cells[s.cell].interface_m;
            match s.kind.as_str() {
                "vega" => Some(setting.root_zone(&s.id, z0, interface)),
                "fresh_wellfield" => {
                    // The project's process and camp water come from the wellfield of the
                    // chosen fan; a wellfield elsewhere stands idle.
                    let pumped: Vec<f64> = if setup.fresh_cell == Some(s.cell) {
                        accounts
                            .iter()
                            .map(|a| (a.fresh_process_m3 + a.camp_m3) * to_l_per_s)
                            .collect()
                    } else {
                        vec![0.0; interface.len()]
                    };
                    Some(setting.well_screen(&s.id, design, z0, interface, &pumped))
                }
                _ => None,
            }
        })
        .collect()
}
