//! Runs: set up the basin for a scenario, compute the steady pre-development state, fold the
//! monthly step over the horizon, for the no-project baseline and the scenario under the same
//! climate.

use std::borrow::Cow;
use std::fmt;

use crate::basin::{Basin, BasinError, EvapZone};
use crate::outputs::accounts::MonthAccounts;
use crate::outputs::results::{Results, RunStats};
use crate::physics::climate::{self, ClimateSpec, MonthClimate};
use crate::physics::groundwater::{EvapLaws, Fluxes, Groundwater, StepForcing, StopReason};
use crate::physics::lithium::Lithium;
use crate::physics::operations::ProjectPlan;
use crate::physics::recharge::{derive_law, LagStep, RechargeLaw};
use crate::physics::surface::depth_factor;
use crate::scenario::levers::{
    LeverGroup, LeverId, FRESH_SOURCES, LEVERS, PROTECT_SITES, REINJECTION_CELLS,
};
use crate::scenario::Scenario;
use crate::{DAYS_PER_MONTH, DAYS_PER_YEAR, LCE_PER_LI};

/// Options that are not scenario levers.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    /// Implicit sub-steps per month (1 = monthly).
    pub substeps_per_month: u32,
    /// Force the mean climatology (no inter-annual variability) whatever the scenario says.
    pub climatology: bool,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            substeps_per_month: 1,
            climatology: false,
        }
    }
}

/// Errors of a run, as sentences.
#[derive(Debug, Clone, PartialEq)]
pub enum RunError {
    Basin(BasinError),
    /// A scenario choice names a cell or site that this basin does not have.
    MissingTarget {
        lever: &'static str,
        id: String,
    },
    /// The steady pre-development state could not be found.
    SteadyState {
        reason: String,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Basin(e) => write!(f, "{e}"),
            RunError::MissingTarget { lever, id } => write!(
                f,
                "The lever `{lever}` refers to \"{id}\", which this basin does not define."
            ),
            RunError::SteadyState { reason } => write!(
                f,
                "The steady pre-development state could not be computed: {reason}."
            ),
        }
    }
}

impl std::error::Error for RunError {}

impl From<BasinError> for RunError {
    fn from(e: BasinError) -> RunError {
        RunError::Basin(e)
    }
}

/// Run the scenario and its no-project baseline (same climate) with default options.
pub fn run(basin: &Basin, scenario: &Scenario) -> Result<Results, RunError> {
    run_with_options(basin, scenario, &RunOptions::default())
}

/// Run the scenario and its no-project baseline under the same climate.
pub fn run_with_options(
    basin: &Basin,
    scenario: &Scenario,
    opts: &RunOptions,
) -> Result<Results, RunError> {
    run_cached(basin, scenario, opts, None)
}

/// Levers the steady pre-development state and the no-project baseline depend on: community use,
/// climate, the physics multipliers and the horizon. The project levers (production, technology,
/// fresh water, protection) act only once production is above zero, so they never change the
/// baseline.
pub fn affects_baseline(group: LeverGroup) -> bool {
    matches!(
        group,
        LeverGroup::Community | LeverGroup::Climate | LeverGroup::Advanced
    )
}

fn baseline_key(s: &Scenario) -> Vec<u64> {
    LEVERS
        .iter()
        .filter(|l| affects_baseline(l.group))
        .map(|l| s.get(l.id).to_bits())
        .collect()
}

struct BaselineCache {
    key: Vec<u64>,
    h0: Vec<f64>,
    baseline: Track,
}

/// Runs scenarios on one basin, keeping the steady state and the no-project baseline of the last
/// run: when only project levers change (the common slider move), only the scenario is
/// re-simulated. Results are bit-identical to [`run_with_options`]. [`run`] stays the simple
/// entry point.
pub struct Runner {
    basin: Basin,
    opts: RunOptions,
    cache: Option<BaselineCache>,
    baseline_reuses: usize,
}

impl Runner {
    pub fn new(basin: Basin) -> Runner {
        Runner::with_options(basin, RunOptions::default())
    }

    pub fn with_options(basin: Basin, opts: RunOptions) -> Runner {
        Runner {
            basin,
            opts,
            cache: None,
            baseline_reuses: 0,
        }
    }

    pub fn basin(&self) -> &Basin {
        &self.basin
    }

    /// How many runs reused the cached baseline (for tests and diagnostics).
    pub fn baseline_reuses(&self) -> usize {
        self.baseline_reuses
    }

    /// Run the scenario (and, unless cached, its baseline).
    pub fn run(&mut self, scenario: &Scenario) -> Result<Results, RunError> {
        let key = baseline_key(scenario);
        let mut slot = self.cache.take().filter(|c| c.key == key);
        if slot.is_some() {
            self.baseline_reuses += 1;
        }
        let r = run_cached(&self.basin, scenario, &self.opts, Some(&mut slot));
        if let Some(c) = slot.as_mut() {
            c.key = key;
        }
        self.cache = slot;
        r
    }
}

fn run_cached(
    basin: &Basin,
    scenario: &Scenario,
    opts: &RunOptions,
    cache: Option<&mut Option<BaselineCache>>,
) -> Result<Results, RunError> {
    let setup = Setup::new(basin, scenario, opts)?;
    let project = |h0: &[f64], baseline: &Track| {
        scenario
            .has_project()
            .then(|| setup.simulate(h0, &setup.plan, Some(baseline)))
    };
    // A cached steady state and baseline are borrowed, not copied.
    if let Some(Some(c)) = cache.as_deref() {
        let scen = project(&c.h0, &c.baseline);
        let base = Cow::Borrowed(&c.baseline);
        return Ok(Results::assemble(
            basin,
            scenario,
            &setup,
            c.h0.clone(),
            base,
            scen,
        ));
    }
    let h0 = setup.initial_heads()?;
    let base_plan = ProjectPlan {
        production_t_per_yr: 0.0,
        ..setup.plan.clone()
    };
    let baseline = setup.simulate(&h0, &base_plan, None);
    let scen = project(&h0, &baseline);
    Ok(match cache {
        // A `Runner` keeps them for its next run; the results get copies.
        Some(slot) => {
            let base = Cow::Borrowed(&baseline);
            let r = Results::assemble(basin, scenario, &setup, h0.clone(), base, scen);
            *slot = Some(BaselineCache {
                key: Vec::new(),
                h0,
                baseline,
            });
            r
        }
        None => Results::assemble(basin, scenario, &setup, h0, Cow::Owned(baseline), scen),
    })
}

pub(crate) struct CatchSetup {
    area_m2: f64,
    factor: f64,
    routes: Vec<(usize, f64)>,
    stream: Option<(usize, f64)>,
}

/// Everything a run needs, resolved once from basin, parameters and levers.
pub(crate) struct Setup {
    pub gw: Groundwater,
    pub substeps: u32,
    pub climate: Vec<MonthClimate>,
    law: RechargeLaw,
    rech_mult: f64,
    tau_days: f64,
    catch: Vec<CatchSetup>,
    rain_mean_m_per_day: f64,
    pub plan: ProjectPlan,
    brine_cells: Vec<(usize, f64)>,
    fresh_cell: Option<usize>,
    reinj_cell: Option<usize>,
    community: Option<(usize, f64)>,
    fixed_wells: Vec<(usize, f64)>,
    porosity: Vec<f64>,
    li0: Vec<f64>,
    given_heads: Option<Vec<f64>>,
    protect: Option<(usize, f64, f64)>,
    pub li_design_mg_per_l: f64,
    mean_precip_mm: [f64; 12],
    brine_mask: Vec<bool>,
}

fn target(basin: &Basin, lever: LeverId, id: &str, site: bool) -> Result<Option<usize>, RunError> {
    if id.is_empty() {
        return Ok(None);
    }
    let found = if site {
        basin.site(id).map(|s| s.cell)
    } else {
        basin.cell_index(id)
    };
    match found {
        Some(i) => Ok(Some(i)),
        None => Err(RunError::MissingTarget {
            lever: lever.spec().key,
            id: id.to_string(),
        }),
    }
}

impl Setup {
    pub(crate) fn new(basin: &Basin, s: &Scenario, opts: &RunOptions) -> Result<Setup, RunError> {
        let p = basin.param_table();
        let per_day = |mm_per_yr: f64| mm_per_yr / 1000.0 / DAYS_PER_YEAR;
        let decay = p.number("wb.evap_decay")?;
        let extinction = p.number("wb.evap_extinction")?;
        let k_evap = s.get(LeverId::EvapMult);
        // Crust: calibrated so the rate equals `wb.nucleus_evap` at the natural depth to brine.
        let crust_at_dn = depth_factor(p.number("wb.depth_to_water_nucleus")?, decay, extinction)
            .0
            .max(1e-6);
        let laws = EvapLaws {
            mudflat_surface_m_per_day: per_day(p.number("wb.evap_e0")?) * k_evap,
            crust_surface_m_per_day: per_day(p.number("wb.nucleus_evap")? / crust_at_dn) * k_evap,
            vega_m_per_day: per_day(p.number("wb.vega_et")?),
            lagoon_m_per_day: per_day(p.number("clim.lagoon_evap")?),
            decay_m: decay,
            extinction_m: extinction,
        };
        let gw = Groundwater::new(
            basin,
            laws,
            s.get(LeverId::StorageMult),
            s.get(LeverId::ConductivityMult),
            s.get(LeverId::MixingMult),
        );
        let start_year = basin.start_year;
        let years = s.get(LeverId::Years).round().max(1.0) as u32;
        let precip_frac = p.monthly("clim.precip_monthly_frac")?;
        let spec = ClimateSpec {
            precip_catchment_mm_per_yr: p.number("clim.precip_catchment")?,
            precip_salar_mm_per_yr: p.number("clim.precip_salar")?,
            precip_frac,
            evap_frac: p.monthly("clim.pan_monthly_frac")?,
            precip_cv: p.number("clim.precip_cv")?,
            de_dt_pct_per_degc: p.number("clim.dE_dT")?,
            dp_pct: s.get(LeverId::PrecipChange),
            dt_degc: s.get(LeverId::Warming),
            seed: if opts.climatology || s.choice(LeverId::Variability) == 0 {
                None
            } else {
                Some(s.get(LeverId::Seed) as u64)
            },
        };
        let climate = climate::generate(&spec, start_year, years);
        let cats: Vec<(f64, f64)> = basin
            .catchments
            .iter()
            .map(|c| (c.area_m2, c.precip_factor))
            .collect();
        let law = derive_law(
            p.number("wb.recharge_frac")?,
            spec.precip_catchment_mm_per_yr,
            &precip_frac,
            p.number("wb.recharge_threshold")?,
            &cats,
        );
        let rech_mult = s.get(LeverId::RechargeMult);
        let river_m3_per_day = p.number("wb.river_baseflow")? / 1000.0 * crate::SECONDS_PER_DAY;
        let catch = basin
            .catchments
            .iter()
            .map(|c| {
                let mean_m3_per_day: f64 = precip_frac
                    .iter()
                    .map(|f| {
                        law.generated_m3(
                            spec.precip_catchment_mm_per_yr * c.precip_factor * f,
                            c.area_m2,
                        )
                    })
                    .sum::<f64>()
                    / DAYS_PER_YEAR
                    * rech_mult;
                // The stream carries `wb.river_baseflow` under the mean climate; it scales with recharge.
                let stream = c.stream_to.map(|to| {
                    (
                        to,
                        if mean_m3_per_day > 0.0 {
                            (river_m3_per_day * rech_mult / mean_m3_per_day).min(1.0)
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
                }
            })
            .collect();
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
            recovery_ponds: p.number("proj.recovery_evap")?,
            recovery_dle: p.number("proj.recovery_dle")?,
            pond_evap_frac: p.number("proj.pond_evap_frac")?,
            fresh_m3_per_t_dle: s.get(LeverId::FreshPerTonneDle),
            fresh_m3_per_t_ponds: s.get(LeverId::FreshPerTonnePonds),
            camp_m3_per_day: p.number("proj.workforce_ops")? * p.number("proj.camp_use")? / 1000.0,
        };
        let wsum: f64 = basin.cells.iter().map(|c| c.brine_weight).sum();
        let brine_cells = basin
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.brine_weight > 0.0)
            .map(|(i, c)| (i, c.brine_weight / wsum))
            .collect();
        let has_project = s.has_project();
        let (fresh_cell, reinj_cell) = if has_project {
            let f = FRESH_SOURCES
                .get(s.choice(LeverId::FreshSource))
                .map(|o| o.target)
                .unwrap_or("");
            let r = REINJECTION_CELLS
                .get(s.choice(LeverId::ReinjectionCell))
                .map(|o| o.target)
                .unwrap_or("");
            (
                target(basin, LeverId::FreshSource, f, false)?,
                target(basin, LeverId::ReinjectionCell, r, false)?,
            )
        } else {
            (None, None)
        };
        let protect = match PROTECT_SITES.get(s.choice(LeverId::ProtectSite)) {
            Some(o) if has_project && !o.target.is_empty() => {
                target(basin, LeverId::ProtectSite, o.target, true)?.map(|c| {
                    (
                        c,
                        s.get(LeverId::ProtectThreshold),
                        s.get(LeverId::ProtectCut) / 100.0,
                    )
                })
            }
            _ => None,
        };
        let community = basin
            .sites
            .iter()
            .find(|x| x.kind == "community_well")
            .map(|x| {
                let l_per_day = s.get(LeverId::Population) * s.get(LeverId::PerCapita)
                    + s.get(LeverId::Livestock) * p.number("com.livestock_per_head").unwrap_or(4.0);
                let l_per_s = p.number("com.irrigation").unwrap_or(0.0)
                    + p.number("com.tourism").unwrap_or(0.0);
                (
                    x.cell,
                    l_per_day / 1000.0 + l_per_s / 1000.0 * crate::SECONDS_PER_DAY,
                )
            });
        let given: Vec<Option<f64>> = basin.cells.iter().map(|c| c.initial_head_m).collect();
        let given_heads = if given.iter().all(|x| x.is_some()) {
            Some(given.iter().map(|x| x.unwrap_or(0.0)).collect())
        } else {
            None
        };
        let li_design = {
            let w: Vec<(usize, f64)> = brine_cells_of(basin);
            if w.is_empty() {
                p.number("aq.li_conc")?
            } else {
                w.iter().map(|&(i, f)| basin.cells[i].li_mg_per_l * f).sum()
            }
        };
        Ok(Setup {
            gw,
            substeps: opts.substeps_per_month.max(1),
            climate,
            law,
            rech_mult,
            tau_days: p.number("wb.recharge_lag")? * DAYS_PER_MONTH,
            catch,
            rain_mean_m_per_day: per_day(spec.precip_salar_mm_per_yr * (1.0 + 0.0)),
            plan,
            brine_cells,
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
            protect,
            li_design_mg_per_l: li_design,
            mean_precip_mm: {
                let fsum: f64 = precip_frac.iter().sum();
                let mut m = [0.0; 12];
                for (k, f) in precip_frac.iter().enumerate() {
                    m[k] = spec.precip_catchment_mm_per_yr * f / fsum;
                }
                m
            },
            brine_mask: basin.cells.iter().map(|c| c.kind.is_brine()).collect(),
        })
    }

    /// Mean annual delivery rate of recharge per cell (incl. stream), m³/day, under the mean climate.
    fn mean_recharge(&self, out: &mut [f64]) {
        let fsum: f64 = 1.0;
        for c in &self.catch {
            let mut gen = 0.0;
            for m in 0..12 {
                let p = self.climate_mean_month_mm(m) * c.factor;
                gen += self.law.generated_m3(p, c.area_m2);
            }
            let rate = gen / DAYS_PER_YEAR * self.rech_mult * fsum;
            self.route(c, rate, out);
        }
    }

    fn climate_mean_month_mm(&self, m: usize) -> f64 {
        // The mean climatology is the generator without variability or change.
        self.mean_precip_mm[m]
    }

    fn route(&self, c: &CatchSetup, rate: f64, out: &mut [f64]) {
        let stream = c.stream.map(|s| s.1).unwrap_or(0.0);
        if let Some((to, share)) = c.stream {
            out[to] += rate * share;
        }
        for &(cell, f) in &c.routes {
            out[cell] += rate * (1.0 - stream) * f;
        }
    }

    /// Initial heads: given in the basin file, or the steady pre-development state.
    pub(crate) fn initial_heads(&self) -> Result<Vec<f64>, RunError> {
        if let Some(h) = &self.given_heads {
            return Ok(h.clone());
        }
        let mut gw = self.gw.clone();
        let n = gw.n;
        let mut f = StepForcing::zeros(n);
        self.mean_recharge(&mut f.recharge);
        if let Some((cell, q)) = self.community {
            f.pump_request[cell] += q;
        }
        for &(cell, q) in &self.fixed_wells {
            if q >= 0.0 {
                f.pump_request[cell] += q;
            } else {
                f.inject[cell] -= q;
            }
        }
        f.rain_m_per_day = self.rain_mean_m_per_day;
        f.evap_season = 1.0;
        let mut h: Vec<f64> = (0..n).map(|i| gw.ground[i] - 1.0).collect();
        let mut prev = h.clone();
        // Pseudo-transient continuation: implicit steps of growing length, then the steady solve.
        let mut dt = 1.0;
        for _ in 0..40 {
            let r = gw.solve(&mut h, &prev, dt, &f);
            if r.reason != StopReason::Converged {
                h.copy_from_slice(&prev);
                dt *= 0.25;
                continue;
            }
            prev.copy_from_slice(&h);
            if r.iterations == 0 {
                // Already steady to the tolerance at this step length: longer steps would not
                // move the heads (the residual check passes before any update).
                break;
            }
            dt *= 4.0;
        }
        let r = gw.solve(&mut h, &prev, f64::INFINITY, &f);
        if r.reason != StopReason::Converged || h.iter().any(|x| !x.is_finite()) {
            return Err(RunError::SteadyState {
                reason: format!(
                    "Newton stopped ({:?}) with relative residual {:.1e}",
                    r.reason, r.max_rel_residual
                ),
            });
        }
        Ok(h)
    }
}

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

/// What one simulation records, month by month.
#[derive(Debug, Clone)]
pub(crate) struct Track {
    /// Month-end head of each cell: `heads[cell][month]`.
    pub heads: Vec<Vec<f64>>,
    pub series: TrackSeries,
    pub min_saturated_m: f64,
    pub stats: RunStats,
}

/// The monthly series of a simulation besides its heads (what the results keep as they are).
#[derive(Debug, Clone)]
pub(crate) struct TrackSeries {
    pub accounts: Vec<MonthAccounts>,
    pub vega_ha: Vec<f64>,
    pub lagoon_ha: Vec<f64>,
    pub spring_l_per_s: Vec<f64>,
    pub lce_t: Vec<f64>,
    pub production_target_t: Vec<f64>,
    pub li_pumped_mg_per_l: Vec<f64>,
    pub li_closure_kg: Vec<f64>,
    pub li_mass_kg: Vec<f64>,
    pub protection: Vec<bool>,
}

impl Setup {
    /// Fold the monthly step over the horizon.
    pub(crate) fn simulate(
        &self,
        h0: &[f64],
        plan: &ProjectPlan,
        baseline: Option<&Track>,
    ) -> Track {
        let mut gw = self.gw.clone();
        let n = gw.n;
        let months = self.climate.len();
        let ns = self.substeps;
        let dt = DAYS_PER_MONTH / ns as f64;
        let mut h = h0.to_vec();
        let mut h_old = h0.to_vec();
        let mut h_prev = h0.to_vec();
        let mut have_prev = false;
        let mut li = Lithium::new(&gw, self.porosity.clone(), &self.li0, &h);
        let mut f = StepForcing::zeros(n);
        let mut fx = Fluxes::default();
        let mut stream_rate = vec![0.0; n];
        let mut pumped_li = vec![0.0; n];
        let mut inj_conc = vec![0.0; n];
        let (brine_domain, fresh_domain): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| matches!(self.gw_kind(i), Some(true)));
        // Lag stores start at their mean-climate equilibrium (store = inflow · τ).
        let mut stores: Vec<f64> = self
            .catch
            .iter()
            .map(|c| {
                let gen: f64 = (0..12)
                    .map(|m| {
                        self.law
                            .generated_m3(self.mean_precip_mm[m] * c.factor, c.area_m2)
                    })
                    .sum();
                gen / DAYS_PER_YEAR * self.rech_mult * self.tau_days
            })
            .collect();
        let mut t = Track {
            heads: vec![Vec::with_capacity(months); n],
            series: TrackSeries {
                accounts: Vec::with_capacity(months),
                vega_ha: Vec::with_capacity(months),
                lagoon_ha: Vec::with_capacity(months),
                spring_l_per_s: Vec::with_capacity(months),
                lce_t: Vec::with_capacity(months),
                production_target_t: Vec::with_capacity(months),
                li_pumped_mg_per_l: Vec::with_capacity(months),
                li_closure_kg: Vec::with_capacity(months),
                li_mass_kg: Vec::with_capacity(months),
                protection: Vec::with_capacity(months),
            },
            min_saturated_m: f64::INFINITY,
            stats: RunStats::default(),
        };
        // Concentration pumped last step (design value before the first step).
        let mut c_pumped = self.li_design_mg_per_l;
        let lag = LagStep::new(self.tau_days, dt);
        let mut dle_delivered_prev = 0.0; // m³/day of DLE brine delivered in the previous step
        let mut gens = vec![0.0; self.catch.len()]; // recharge generated per catchment, m³/month
        for m in 0..months {
            let cm = self.climate[m];
            let t_mid = cm.year as f64 + (cm.month as f64 - 0.5) / 12.0;
            let prod = plan.production_at(t_mid);
            let cut = match (self.protect, baseline) {
                (Some((cell, thr, cut)), Some(b)) if m > 0 => {
                    let dd = b.heads[cell][m - 1] - h[cell];
                    if dd > thr {
                        cut
                    } else {
                        0.0
                    }
                }
                _ => 0.0,
            };
            t.series.protection.push(cut > 0.0);
            let (pond_req, dle_req) = plan.brine_demand(prod, c_pumped, self.li_design_mg_per_l);
            let brine_req = (pond_req + dle_req) * (1.0 - cut);
            let dle_frac = if pond_req + dle_req > 0.0 {
                dle_req / (pond_req + dle_req)
            } else {
                0.0
            };
            let fresh_req = plan.fresh_demand(prod) * (1.0 - cut);
            let camp_req = if prod > 0.0 {
                plan.camp_m3_per_day
            } else {
                0.0
            };
            let mut acc = MonthAccounts::default();
            let mut lce = 0.0;
            let mut li_pumped_kg = 0.0;
            let mut brine_pumped_vol = 0.0;
            let mut li_closure = 0.0;
            for (g, c) in gens.iter_mut().zip(&self.catch) {
                *g = self
                    .law
                    .generated_m3(cm.precip_catchment_mm * c.factor, c.area_m2)
                    * self.rech_mult;
            }
            for _ in 0..ns {
                // Recharge through the lag stores.
                f.recharge.iter_mut().for_each(|x| *x = 0.0);
                stream_rate.iter_mut().for_each(|x| *x = 0.0);
                for (k, c) in self.catch.iter().enumerate() {
                    let inflow = gens[k] / DAYS_PER_MONTH;
                    let (ns_, out) = lag.step(stores[k], inflow);
                    acc.recharge_generated_m3 += inflow * dt;
                    acc.transit_change_m3 += ns_ - stores[k];
                    stores[k] = ns_;
                    let rate = out / dt;
                    if let Some((to, share)) = c.stream {
                        stream_rate[to] += rate * share;
                    }
                    let rest = 1.0 - c.stream.map(|s| s.1).unwrap_or(0.0);
                    for &(cell, fr) in &c.routes {
                        f.recharge[cell] += rate * rest * fr;
                    }
                }
                for i in 0..n {
                    f.recharge[i] += stream_rate[i];
                }
                f.evap_season = cm.evap_season;
                f.rain_m_per_day = cm.precip_salar_mm / 1000.0 / DAYS_PER_MONTH;
                f.pump_request.iter_mut().for_each(|x| *x = 0.0);
                f.inject.iter_mut().for_each(|x| *x = 0.0);
                inj_conc.iter_mut().for_each(|x| *x = 0.0);
                for &(cell, w) in &self.brine_cells {
                    f.pump_request[cell] += brine_req * w;
                }
                let mut community_req = 0.0;
                if let Some((cell, q)) = self.community {
                    f.pump_request[cell] += q;
                    community_req = q;
                }
                if let Some(cell) = self.fresh_cell {
                    f.pump_request[cell] += fresh_req + camp_req;
                }
                for &(cell, q) in &self.fixed_wells {
                    if q >= 0.0 {
                        f.pump_request[cell] += q;
                    } else {
                        f.inject[cell] -= q;
                    }
                }
                let reinj = dle_delivered_prev * plan.reinjection_frac;
                if let Some(cell) = self.reinj_cell {
                    f.inject[cell] += reinj;
                    inj_conc[cell] = c_pumped * (1.0 - plan.recovery_dle);
                }
                h_old.copy_from_slice(&h);
                // Warm start: linear extrapolation of the last two steps.
                if have_prev {
                    for i in 0..n {
                        h[i] += h_old[i] - h_prev[i];
                    }
                }
                h_prev.copy_from_slice(&h_old);
                have_prev = true;
                let rep = gw.solve(&mut h, &h_old, dt, &f);
                t.stats.record(rep);
                gw.fluxes(&mut fx);
                // Water accounts, one domain at a time (each account still sums its cells in
                // index order), on a local copy the compiler can keep in registers.
                for (account, cells) in [
                    (&mut acc.brine, &brine_domain),
                    (&mut acc.fresh, &fresh_domain),
                ] {
                    let mut a = *account;
                    for &i in cells.iter() {
                        let rech = (f.recharge[i] - stream_rate[i]) * dt;
                        a.recharge_m3 += rech;
                        a.stream_m3 += stream_rate[i] * dt;
                        a.rain_on_lagoons_m3 += fx.rain[i] * dt;
                        a.boundary_in_m3 += fx.boundary_in[i] * dt;
                        let e = fx.evap[i] * dt;
                        let spring_out = fx.spring_out[i] * dt;
                        let zone = gw.zone_of(i);
                        match zone {
                            EvapZone::Mudflat | EvapZone::None => a.evap_mudflat_m3 += e,
                            EvapZone::Crust => a.evap_crust_m3 += e,
                            EvapZone::Vega => a.evap_vega_m3 += e,
                            EvapZone::Lagoon => a.evap_lagoon_m3 += e,
                        }
                        if zone == EvapZone::Vega {
                            a.vega_outflow_m3 += spring_out;
                        } else {
                            a.springs_m3 += spring_out;
                        }
                        a.pumped_m3 += fx.pumped[i] * dt;
                        a.reinjected_m3 += f.inject[i] * dt;
                        a.exchange_in_m3 +=
                            (fx.lateral_in[i] + fx.spring_in[i] - fx.spring_out[i]) * dt;
                        a.storage_change_m3 += gw.volume_change(i, h[i], h_old[i]).0;
                    }
                    *account = a;
                }
                // Split each cell's delivered pumping among its uses, pro rata to requests.
                let mut brine_delivered = 0.0;
                let mut fresh_delivered = 0.0;
                let mut community_delivered = 0.0;
                for i in 0..n {
                    if f.pump_request[i] > 0.0 {
                        let ratio = fx.pumped[i] / f.pump_request[i];
                        let brine_here: f64 = self
                            .brine_cells
                            .iter()
                            .filter(|x| x.0 == i)
                            .map(|x| brine_req * x.1)
                            .sum();
                        brine_delivered += brine_here * ratio;
                        if Some(i) == self.fresh_cell {
                            fresh_delivered += (fresh_req + camp_req) * ratio;
                        }
                        if let Some((cc, q)) = self.community {
                            if cc == i {
                                community_delivered += q * ratio;
                            }
                        }
                    }
                }
                for (&hi, &bottom) in h.iter().zip(&gw.bottom) {
                    t.min_saturated_m = t.min_saturated_m.min(hi - bottom);
                }
                let step_li = li.step(&gw, &h_old, &fx, &f.inject, &inj_conc, dt, &mut pumped_li);
                li_closure += step_li.closure_kg;
                // Lithium produced from the brine wells (not from fresh-water or test wells).
                let mut li_brine_kg = 0.0;
                let mut vol = 0.0;
                for &(cell, w) in &self.brine_cells {
                    if f.pump_request[cell] > 0.0 {
                        let share = brine_req * w / f.pump_request[cell];
                        li_brine_kg += pumped_li[cell] * share;
                        vol += fx.pumped[cell] * share * dt;
                    }
                }
                if vol > 0.0 {
                    c_pumped = 1000.0 * li_brine_kg / vol;
                }
                li_pumped_kg += li_brine_kg;
                brine_pumped_vol += vol;
                let recovery =
                    (1.0 - dle_frac) * plan.recovery_ponds + dle_frac * plan.recovery_dle;
                lce += li_brine_kg * recovery * LCE_PER_LI / 1000.0;
                let dle_vol = brine_delivered * dle_frac * dt;
                let pond_vol = brine_delivered * (1.0 - dle_frac) * dt;
                acc.brine_requested_m3 += brine_req * dt;
                acc.brine_shortfall_m3 += (brine_req - brine_delivered) * dt;
                acc.pond_evaporation_m3 += pond_vol * plan.pond_evap_frac;
                acc.entrained_m3 += pond_vol * (1.0 - plan.pond_evap_frac);
                acc.dle_disposed_m3 += dle_vol * (1.0 - plan.reinjection_frac);
                let fresh_total_req = fresh_req + camp_req;
                let fr = if fresh_total_req > 0.0 {
                    fresh_delivered / fresh_total_req
                } else {
                    0.0
                };
                acc.fresh_process_m3 += fresh_req * fr * dt;
                acc.camp_m3 += camp_req * fr * dt;
                acc.fresh_shortfall_m3 += (fresh_total_req - fresh_delivered) * dt;
                acc.community_m3 += community_delivered * dt;
                acc.community_shortfall_m3 += (community_req - community_delivered) * dt;
                dle_delivered_prev = brine_delivered * dle_frac;
            }
            acc.brine.close();
            acc.fresh.close();
            // Whole basin: generated recharge enters the transit store, which delivers to cells.
            let delivered = acc.brine.recharge_m3
                + acc.brine.stream_m3
                + acc.fresh.recharge_m3
                + acc.fresh.stream_m3;
            let transit_closure = acc.recharge_generated_m3 - delivered - acc.transit_change_m3;
            acc.closure_m3 = acc.brine.closure_m3 + acc.fresh.closure_m3 + transit_closure;
            acc.throughput_m3 = acc.recharge_generated_m3
                + acc.transit_change_m3.abs()
                + acc.brine.inputs_m3()
                + acc.fresh.inputs_m3()
                + acc.brine.outputs_m3()
                + acc.fresh.outputs_m3()
                + acc.brine.storage_change_m3.abs()
                + acc.fresh.storage_change_m3.abs();
            // Month-end state.
            let mut vega = 0.0;
            let mut lagoon = 0.0;
            let mut springs = 0.0;
            for i in 0..n {
                match gw.zone_of(i) {
                    EvapZone::Vega => vega += gw.area[i] * gw.vega_green_share(gw.ground[i] - h[i]),
                    EvapZone::Lagoon => lagoon += gw.area[i] * fx.lagoon_frac[i],
                    _ => springs += fx.spring_out[i],
                }
            }
            for (series, &x) in t.heads.iter_mut().zip(&h) {
                series.push(x);
            }
            t.series.accounts.push(acc);
            t.series.vega_ha.push(vega / 1.0e4);
            t.series.lagoon_ha.push(lagoon / 1.0e4);
            t.series
                .spring_l_per_s
                .push(springs / crate::SECONDS_PER_DAY * 1000.0);
            t.series.lce_t.push(lce);
            t.series.production_target_t.push(prod / 12.0);
            t.series.li_pumped_mg_per_l.push(if brine_pumped_vol > 0.0 {
                1000.0 * li_pumped_kg / brine_pumped_vol
            } else {
                0.0
            });
            t.series.li_closure_kg.push(li_closure);
            t.series.li_mass_kg.push(li.mass_kg.iter().sum());
        }
        t
    }

    fn gw_kind(&self, i: usize) -> Option<bool> {
        self.brine_mask.get(i).copied()
    }
}
