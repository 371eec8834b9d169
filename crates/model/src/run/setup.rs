//! Set-up: the basin's parameters and the scenario's levers resolved, once per run, into
//! everything the monthly step needs (the groundwater problem, the climate series, recharge
//! routing, the project plan and where each demand is pumped).

use crate::basin::Basin;
use crate::outputs::results::YearMonth;
use crate::physics::climate::{self, ClimateSpec, MonthClimate};
use crate::physics::groundwater::{EvapLaws, Groundwater, Multipliers, StepForcing};
use crate::physics::operations::{wells_for, ProjectPlan};
use crate::physics::recharge::{derive_law, RechargeLaw};
use crate::physics::surface::depth_factor;
use crate::scenario::levers::{LeverId, LeverKind};
use crate::scenario::Scenario;
use crate::{DAYS_PER_MONTH, DAYS_PER_YEAR, SECONDS_PER_DAY};

use super::warning::WarningSetup;
use super::{RunError, RunOptions};

/// Smallest crust depth factor used to calibrate the crust's surface rate, so a natural depth to
/// brine at or beyond the extinction depth gives a large but finite rate instead of a division
/// by zero.
const MIN_CRUST_DEPTH_FACTOR: f64 = 1e-6;

/// A sub-catchment as a run uses it.
pub(crate) struct CatchSetup {
    pub area_m2: f64,
    /// Orographic factor on catchment-mean precipitation.
    pub factor: f64,
    /// Receiving cells and their shares of the recharge that is not stream flow.
    pub routes: Vec<(usize, f64)>,
    /// Cell that receives the perennial stream, and the stream's share of the recharge.
    pub stream: Option<(usize, f64)>,
    /// Expected recharge it generates under today's climate as this run draws it (the
    /// variability the law was fitted to, no change levers), m³/day (lever multiplier applied).
    pub expected_m3_per_day: f64,
}

/// The protection rule: when the drawdown at a site passes a threshold, the project cuts its
/// pumping by a share.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Protection {
    pub cell: usize,
    pub threshold_m: f64,
    pub cut: f64,
}

/// Everything a run needs, resolved once from basin, parameters and levers.
pub(crate) struct Setup {
    pub gw: Groundwater,
    pub substeps: u32,
    pub climate: Vec<MonthClimate>,
    /// Observed months before the start, run without the project (empty without a hindcast).
    pub history: Vec<MonthClimate>,
    pub law: RechargeLaw,
    pub rech_mult: f64,
    /// Share of today's expected recharge that is renewed by rain (1 − the `relic` lever).
    pub modern_share: f64,
    /// Old water entering each cell, m³/day: the rest of today's expected recharge, at a constant
    /// rate and routed like recharge, so today's state is the same whatever its share.
    pub old_water_m3_per_day: Vec<f64>,
    pub tau_days: f64,
    pub catch: Vec<CatchSetup>,
    pub rain_mean_m_per_day: f64,
    pub plan: ProjectPlan,
    /// Brine wellfield cells and their (normalised) shares of the brine demand.
    pub brine_cells: Vec<(usize, f64)>,
    /// What the wells drilled in each brine wellfield cell can deliver together (order of
    /// `brine_cells`), m³/day.
    pub brine_well_capacity_m3_per_day: Vec<f64>,
    pub fresh_cell: Option<usize>,
    pub reinj_cell: Option<usize>,
    /// Community well cell and its use, m³/day.
    pub community: Option<(usize, f64)>,
    /// Fixed wells of the basin file, m³/day (positive pumps, negative injects).
    pub fixed_wells: Vec<(usize, f64)>,
    pub porosity: Vec<f64>,
    pub li0: Vec<f64>,
    pub given_heads: Option<Vec<f64>>,
    /// Each cell's given initial interface (lens cells only).
    pub given_interfaces: Vec<Option<f64>>,
    pub protect: Option<Protection>,
    /// The early-warning plan, with a project and at least one trigger.
    pub warning: Option<WarningSetup>,
    pub li_design_mg_per_l: f64,
    pub brine_mask: Vec<bool>,
    /// Vega regrowth time constant, years (`wb.vega_recovery`).
    pub vega_recovery_years: f64,
}

/// The cell a place lever's choice acts on: `None` for an option that names no place (the
/// protection lever's "none", and a lever that is not a place); an error when this basin lists
/// no such option.
fn place_cell(basin: &Basin, s: &Scenario, lever: LeverId) -> Result<Option<usize>, RunError> {
    let spec = lever.spec();
    let index = s.choice(lever);
    let LeverKind::Place(place) = spec.kind else {
        return Ok(None);
    };
    let lead = place.lead();
    if index < lead {
        return Ok(None);
    }
    match basin.places(place.lever).get(index - lead) {
        Some(p) => Ok(Some(p.cell)),
        None => Err(RunError::UnknownOption {
            lever: spec.key,
            index,
            count: place.option_count(basin),
        }),
    }
}

/// Brine wellfield cells and their shares of the demand (`brine_weight`, normalised).
fn brine_cells_of(basin: &Basin) -> Vec<(usize, f64)> {
    let wsum: f64 = basin.cells.iter().map(|c| c.brine_weight).sum();
    basin
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.brine_weight > 0.0)
        .map(|(i, c)| (i, c.brine_weight / wsum))
        .collect()
}

/// The first month the climate generator gives.
fn climate_start(basin: &Basin) -> YearMonth {
    YearMonth {
        year: basin.start_year,
        month: 1,
    }
}

fn mm_per_yr_to_m_per_day(mm_per_yr: f64) -> f64 {
    mm_per_yr / 1000.0 / DAYS_PER_YEAR
}

impl Setup {
    pub(crate) fn new(basin: &Basin, s: &Scenario, opts: &RunOptions) -> Result<Setup, RunError> {
        let p = &basin.physical;
        let per_day = mm_per_yr_to_m_per_day;
        let ev = &p.evaporation;
        let k_evap = s.get(LeverId::EvapMult);
        // Crust: calibrated so the rate equals `wb.nucleus_evap` at the natural depth to brine.
        let crust_at_dn = depth_factor(ev.nucleus_depth_to_water_m, ev.decay_m, ev.extinction_m)
            .0
            .max(MIN_CRUST_DEPTH_FACTOR);
        let laws = EvapLaws {
            mudflat_surface_m_per_day: per_day(ev.mudflat_surface_mm_per_yr) * k_evap,
            crust_surface_m_per_day: per_day(ev.nucleus_mm_per_yr / crust_at_dn) * k_evap,
            vega_m_per_day: per_day(ev.vega_et_mm_per_yr),
            lagoon_m_per_day: per_day(p.climate.lagoon_evap_mm_per_yr),
            decay_m: ev.decay_m,
            extinction_m: ev.extinction_m,
        };
        let mut gw = Groundwater::with_multipliers(
            basin,
            laws,
            Multipliers {
                storage: s.get(LeverId::StorageMult),
                conductivity: s.get(LeverId::ConductivityMult),
                mixing: s.get(LeverId::MixingMult),
                interface: s.get(LeverId::InterfaceMult),
            },
        );
        if opts.watch_pivot_growth {
            gw.watch_pivot_growth();
        }
        let years = s.get(LeverId::Years).round().max(1.0) as u32;
        let precip_frac = p.climate.precip_monthly_frac;
        let spec = ClimateSpec {
            precip_catchment_mm_per_yr: p.climate.precip_catchment_mm_per_yr,
            precip_salar_mm_per_yr: p.climate.precip_salar_mm_per_yr,
            precip_frac,
            evap_frac: p.climate.pan_monthly_frac,
            precip_cv: p.climate.precip_cv,
            de_dt_pct_per_degc: p.climate.de_dt_pct_per_degc,
            dp_pct: s.get(LeverId::PrecipChange),
            dt_degc: s.get(LeverId::Warming),
            seed: if opts.climatology || s.choice(LeverId::Variability) == 0 {
                None
            } else {
                Some(s.get(LeverId::Seed) as u64)
            },
        };
        let climate = climate::generate(&spec, basin.start_year, years);
        let history = match &opts.history {
            None => Vec::new(),
            Some(h) => {
                let months = h.precip_salar_mm.len();
                if months == 0 || months % 12 != 0 || h.month(months) != climate_start(basin) {
                    return Err(RunError::HistoryCalendar {
                        first_year: h.first_year,
                        months,
                        start_year: basin.start_year,
                    });
                }
                h.month_climate(&spec)
            }
        };
        let cats: Vec<(f64, f64)> = basin
            .catchments
            .iter()
            .map(|c| (c.area_m2, c.precip_factor))
            .collect();
        // η is fitted to today's climate as this run draws it (with or without year-to-year
        // variability), so its expected recharge is the target; the change levers stay out.
        let law = derive_law(
            p.recharge.fraction,
            spec.precip_catchment_mm_per_yr,
            &precip_frac,
            p.recharge.threshold_mm_per_month,
            spec.seed.map_or(0.0, |_| spec.precip_cv),
            &cats,
        );
        // The mean climatology is the generator without variability or change.
        let mean_precip_mm = {
            let fsum: f64 = precip_frac.iter().sum();
            let mut m = [0.0; 12];
            for (k, f) in precip_frac.iter().enumerate() {
                m[k] = spec.precip_catchment_mm_per_yr * f / fsum;
            }
            m
        };
        let rech_mult = s.get(LeverId::RechargeMult);
        let river_m3_per_day = p.recharge.river_baseflow_l_per_s / 1000.0 * SECONDS_PER_DAY;
        let catch: Vec<CatchSetup> = basin
            .catchments
            .iter()
            .map(|c| {
                let expected_m3_per_day = expected_generated_m3_per_day(
                    &law,
                    &mean_precip_mm,
                    c.precip_factor,
                    c.area_m2,
                    rech_mult,
                );
                // The stream carries `wb.river_baseflow` in expectation under today's climate; it
                // scales with recharge.
                let stream = c.stream_to.map(|to| {
                    (
                        to,
                        if expected_m3_per_day > 0.0 {
                            (river_m3_per_day * rech_mult / expected_m3_per_day).min(1.0)
                        } else {
                            0.0
                        },
                    )
                });
                CatchSetup {
                    area_m2: c.area_m2,
                    factor: c.precip_factor,
                    routes: c.recharge_to.clone(),
                    stream,
                    expected_m3_per_day,
                }
            })
            .collect();
        // Old water feeds today's discharge from a store (or a neighbour) large enough to stay
        // constant over the horizon [S31]; only the modern part follows rain and climate change.
        let old_share = s.get(LeverId::OldWater) / 100.0;
        let mut old_water_m3_per_day = vec![0.0; basin.cells.len()];
        if old_share > 0.0 {
            let mut old_stream = vec![0.0; basin.cells.len()];
            for c in &catch {
                let rate = old_share * c.expected_m3_per_day;
                Setup::route(c, rate, &mut old_water_m3_per_day, &mut old_stream);
            }
            for (o, s) in old_water_m3_per_day.iter_mut().zip(&old_stream) {
                *o += s;
            }
        }
        let pp = &p.project;
        let plan = ProjectPlan {
            production_t_per_yr: s.get(LeverId::Production),
            start_year: s.get(LeverId::StartYear),
            ramp_years: s.get(LeverId::RampYears),
            life_years: s.get(LeverId::LifeYears),
            stages: s.get(LeverId::Stages).round() as u32,
            stage_gap_years: s.get(LeverId::StageGapYears),
            share: s.get(LeverId::SharePg) / 100.0,
            dle_share: s.get(LeverId::DleShare) / 100.0,
            reinjection_frac: s.get(LeverId::Reinjection) / 100.0,
            recovery_ponds: pp.recovery_ponds,
            recovery_dle: pp.recovery_dle,
            pond_evap_frac: pp.pond_evap_frac,
            fresh_m3_per_t_dle: s.get(LeverId::FreshPerTonneDle),
            fresh_m3_per_t_ponds: s.get(LeverId::FreshPerTonnePonds),
            camp_m3_per_day: pp.workforce_persons * pp.camp_use_l_per_person_day / 1000.0,
        };
        let brine_cells = brine_cells_of(basin);
        let li_design_mg_per_l = if brine_cells.is_empty() {
            p.aquifer.li_mg_per_l
        } else {
            brine_cells
                .iter()
                .map(|&(i, f)| basin.cells[i].li_mg_per_l * f)
                .sum()
        };
        let well_m3_per_day = pp.well_yield_l_per_s / 1000.0 * SECONDS_PER_DAY;
        let design = plan.design_brine_m3_per_day(li_design_mg_per_l);
        let brine_well_capacity_m3_per_day = brine_cells
            .iter()
            .map(|&(i, w)| {
                let wells = wells_for(design * w, well_m3_per_day, basin.cells[i].max_wells);
                wells as f64 * well_m3_per_day
            })
            .collect();
        let has_project = s.has_project();
        // Place levers act only with a project, so a basin without places runs without one.
        let warning = if has_project {
            WarningSetup::new(basin, &opts.plan)?
        } else {
            None
        };
        let (fresh_cell, reinj_cell, protect) = if has_project {
            let fresh = place_cell(basin, s, LeverId::FreshSource)?;
            let reinj = place_cell(basin, s, LeverId::ReinjectionCell)?;
            let protect = place_cell(basin, s, LeverId::ProtectSite)?.map(|cell| Protection {
                cell,
                threshold_m: s.get(LeverId::ProtectThreshold),
                cut: s.get(LeverId::ProtectCut) / 100.0,
            });
            (fresh, reinj, protect)
        } else {
            (None, None, None)
        };
        let com = &p.community;
        let community = basin
            .sites
            .iter()
            .find(|x| x.kind == "community_well")
            .map(|x| {
                let l_per_day = s.get(LeverId::Population) * s.get(LeverId::PerCapita)
                    + s.get(LeverId::Livestock) * com.livestock_l_per_head_day;
                let l_per_s = com.irrigation_l_per_s + com.tourism_l_per_s;
                (
                    x.cell,
                    l_per_day / 1000.0 + l_per_s / 1000.0 * SECONDS_PER_DAY,
                )
            });
        let given: Vec<Option<f64>> = basin.cells.iter().map(|c| c.initial_head_m).collect();
        let given_heads = given.iter().copied().collect::<Option<Vec<f64>>>();
        let given_interfaces = basin.cells.iter().map(|c| c.initial_interface_m).collect();
        Ok(Setup {
            gw,
            substeps: opts.substeps_per_month.max(1),
            climate,
            history,
            law,
            rech_mult,
            modern_share: 1.0 - old_share,
            old_water_m3_per_day,
            tau_days: p.recharge.lag_months * DAYS_PER_MONTH,
            catch,
            rain_mean_m_per_day: per_day(spec.precip_salar_mm_per_yr),
            plan,
            brine_cells,
            brine_well_capacity_m3_per_day,
            fresh_cell,
            reinj_cell,
            community,
            fixed_wells: basin
                .wells
                .iter()
                .map(|w| (w.cell, w.rate_m3_per_day))
                .collect(),
            porosity: basin.cells.iter().map(|c| c.porosity).collect(),
            li0: basin.cells.iter().map(|c| c.li_mg_per_l).collect(),
            given_heads,
            given_interfaces,
            protect,
            warning,
            li_design_mg_per_l,
            brine_mask: basin.cells.iter().map(|c| c.kind.is_brine()).collect(),
            vega_recovery_years: p.vega.recovery_years,
        })
    }

    /// Split a catchment's recharge `rate` (m³/day) between the stream's cell (`stream`) and the
    /// cells that receive the rest (`recharge`).
    pub(crate) fn route(c: &CatchSetup, rate: f64, recharge: &mut [f64], stream: &mut [f64]) {
        if let Some((to, share)) = c.stream {
            stream[to] += rate * share;
        }
        let rest = 1.0 - c.stream.map(|s| s.1).unwrap_or(0.0);
        for &(cell, fr) in &c.routes {
            recharge[cell] += rate * rest * fr;
        }
    }

    /// Add the basin file's fixed wells to a step's forcing.
    pub(crate) fn add_fixed_wells(&self, f: &mut StepForcing) {
        for &(cell, q) in &self.fixed_wells {
            if q >= 0.0 {
                f.pump_request[cell] += q;
            } else {
                f.inject[cell] -= q;
            }
        }
    }

    /// Whether cell `i` belongs to the brine domain of the accounts.
    pub(crate) fn is_brine(&self, i: usize) -> bool {
        self.brine_mask.get(i).copied().unwrap_or(false)
    }
}

fn expected_generated_m3_per_day(
    law: &RechargeLaw,
    mean_precip_mm: &[f64; 12],
    factor: f64,
    area_m2: f64,
    rech_mult: f64,
) -> f64 {
    let generated_m3: f64 = mean_precip_mm
        .iter()
        .map(|p| law.expected_generated_m3(p * factor, area_m2))
        .sum();
    generated_m3 / DAYS_PER_YEAR * rech_mult
}
