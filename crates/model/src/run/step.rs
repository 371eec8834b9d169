//! One month: recharge through the lag stores, the month's demands, the implicit groundwater
//! step(s), the water accounts, the split of what the wells delivered among their uses, lithium
//! transport and production, and the month-end state. [`Setup::simulate`] folds it over the
//! horizon into a [`Track`].

use crate::basin::EvapZone;
use crate::outputs::accounts::MonthAccounts;
use crate::outputs::results::RunStats;
use crate::physics::climate::MonthClimate;
use crate::physics::groundwater::{Fluxes, Groundwater, StepForcing};
use crate::physics::lithium::Lithium;
use crate::physics::operations::ProjectPlan;
use crate::physics::recharge::LagStep;
use crate::physics::vega::VegaCover;
use crate::{DAYS_PER_MONTH, DAYS_PER_YEAR, LCE_PER_LI, SECONDS_PER_DAY};

use crate::negotiation::plan::PlanRun;

use super::setup::Setup;
use super::warning::{mid_month_year, Watch};

/// What one simulation records, month by month.
#[derive(Debug, Clone)]
pub(crate) struct Track {
    /// Month-end head of each cell: `heads[cell][month]`.
    pub heads: Vec<Vec<f64>>,
    /// Month-end interface and lens thickness of each lens cell (empty for one-fluid cells), m.
    pub interfaces: Vec<Vec<f64>>,
    pub lens_thickness: Vec<Vec<f64>>,
    /// Month-end green area of each vega cell (empty for other cells), ha.
    pub vega_green_ha: Vec<Vec<f64>>,
    /// Lithium concentration of what each wellfield cell's brine wells pumped in the month
    /// (0 in a month they pumped nothing; empty for other cells), mg/L.
    pub wellfield_li_mg_per_l: Vec<Vec<f64>>,
    pub series: TrackSeries,
    pub min_saturated_m: f64,
    pub stats: RunStats,
    /// What the early-warning plan did (a project run with a plan only).
    pub plan: Option<PlanRun>,
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

impl TrackSeries {
    fn with_capacity(months: usize) -> TrackSeries {
        TrackSeries {
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
        }
    }
}

/// A month's results besides the heads.
pub(crate) struct MonthRecord {
    pub accounts: MonthAccounts,
    pub vega_ha: f64,
    pub lagoon_ha: f64,
    pub spring_l_per_s: f64,
    pub lce_t: f64,
    pub li_pumped_mg_per_l: f64,
    pub li_closure_kg: f64,
    pub li_mass_kg: f64,
}

/// What a simulation carries from one month to the next, with its scratch space allocated once.
/// Cloned, it is a run's start after a hindcast ([`Setup::hindcast`]).
#[derive(Clone)]
pub(crate) struct RunState {
    /// The groundwater problem with its Newton workspace.
    gw: Groundwater,
    /// Heads now, at the start of the last step, and at the start of the step before, m.
    pub h: Vec<f64>,
    h_old: Vec<f64>,
    h_prev: Vec<f64>,
    have_prev: bool,
    li: Lithium,
    f: StepForcing,
    fx: Fluxes,
    /// Stream inflow per cell this step, m³/day.
    stream_rate: Vec<f64>,
    /// Lithium pumped per cell this step, kg.
    pumped_li: Vec<f64>,
    /// Brine requested from each wellfield cell this step (order of `Setup::brine_cells`),
    /// m³/day.
    brine_request: Vec<f64>,
    /// Lithium (kg) and brine (m³) each wellfield cell's brine wells gave this month (order of
    /// `Setup::brine_cells`).
    wellfield_li_kg: Vec<f64>,
    wellfield_m3: Vec<f64>,
    /// Lithium concentration of reinjected brine per cell, mg/L.
    inj_conc: Vec<f64>,
    /// Recharge in transit in each catchment's lag store, m³.
    stores: Vec<f64>,
    /// Recharge generated per catchment this month, m³.
    generated_m3: Vec<f64>,
    lag: LagStep,
    /// Concentration pumped last step (the design value before the first step), mg/L.
    c_pumped: f64,
    /// DLE brine delivered in the previous step, m³/day (what reinjection returns).
    dle_delivered_prev: f64,
    brine_domain: Vec<usize>,
    fresh_domain: Vec<usize>,
    /// Lens cells: their fresh water counts in the fresh account, their brine in the brine one.
    lens_cells: Vec<usize>,
    /// Vega cells, in index order, and their green cover's memory.
    vega_cells: Vec<usize>,
    vega: VegaCover,
    pub min_saturated_m: f64,
    pub stats: RunStats,
    /// Buffers of the month-start record [`step_month`] keeps in a basin with lens cells.
    month_start: Option<MonthStart>,
}

impl RunState {
    /// The state at the start of a run from heads `h0`: lithium at those heads, the domains,
    /// the vegas alive and the lag stores at equilibrium. (Not `new`: cargo-mutants does not
    /// look inside functions of that name; `.cargo/mutants.toml`.)
    pub(crate) fn start(setup: &Setup, h0: &[f64]) -> RunState {
        let gw = setup.gw.clone();
        let n = gw.n;
        let dt = DAYS_PER_MONTH / setup.substeps as f64;
        let li = Lithium::at_heads(&gw, &setup.porosity, &setup.li0, h0);
        let is_lens = |i: usize| gw.lens_brine_unknown(i).is_some();
        let (brine_domain, fresh_domain): (Vec<usize>, Vec<usize>) = (0..n)
            .filter(|&i| !is_lens(i))
            .partition(|&i| setup.is_brine(i));
        let lens_cells: Vec<usize> = (0..n).filter(|&i| is_lens(i)).collect();
        let vega_cells: Vec<usize> = (0..n)
            .filter(|&i| gw.zone_of(i) == EvapZone::Vega)
            .collect();
        let vega = VegaCover::new(
            vega_cells.len(),
            setup.vega_recovery_years,
            DAYS_PER_MONTH / DAYS_PER_YEAR,
        );
        // Lag stores start at their equilibrium under the expected modern inflow (store =
        // inflow · τ).
        let stores = setup
            .catch
            .iter()
            .map(|c| c.expected_m3_per_day * setup.modern_share * setup.tau_days)
            .collect();
        RunState {
            gw,
            h: h0.to_vec(),
            h_old: h0.to_vec(),
            h_prev: h0.to_vec(),
            have_prev: false,
            li,
            f: StepForcing::zeros(n),
            fx: Fluxes::default(),
            stream_rate: vec![0.0; n],
            pumped_li: vec![0.0; n],
            brine_request: vec![0.0; setup.brine_cells.len()],
            wellfield_li_kg: vec![0.0; setup.brine_cells.len()],
            wellfield_m3: vec![0.0; setup.brine_cells.len()],
            inj_conc: vec![0.0; n],
            stores,
            generated_m3: vec![0.0; setup.catch.len()],
            lag: LagStep::new(setup.tau_days, dt),
            c_pumped: setup.li_design_mg_per_l,
            dle_delivered_prev: 0.0,
            brine_domain,
            fresh_domain,
            lens_cells,
            vega_cells,
            vega,
            min_saturated_m: f64::INFINITY,
            stats: RunStats::default(),
            month_start: None,
        }
    }
}

/// Requests of one month, m³/day.
struct Demands {
    brine: f64,
    /// Share of the brine that goes to DLE.
    dle_frac: f64,
    fresh: f64,
    camp: f64,
}

impl Demands {
    fn of(plan: &ProjectPlan, prod: f64, cut: Cuts, c_pumped: f64) -> Demands {
        let (pond_req, dle_req) = plan.brine_demand(prod, c_pumped);
        let processing = pond_req + dle_req > 0.0;
        Demands {
            brine: (pond_req + dle_req) * (1.0 - cut.brine),
            dle_frac: if processing {
                dle_req / (pond_req + dle_req)
            } else {
                0.0
            },
            // A plant shut down for brine below the process minimum uses no process water; the
            // camp stays.
            fresh: if processing {
                plan.fresh_demand(prod) * (1.0 - cut.fresh)
            } else {
                0.0
            },
            camp: if prod > 0.0 {
                plan.camp_m3_per_day
            } else {
                0.0
            },
        }
    }
}

/// Most implicit steps a month is split into when a basin with lens cells is re-run after a
/// step stopped before the tolerance.
const MAX_REFINED_SUBSTEPS: u32 = 32;

/// What a month changes in a [`RunState`], kept at the month's start so that it can be re-run.
#[derive(Clone)]
struct MonthStart {
    h: Vec<f64>,
    h_prev: Vec<f64>,
    have_prev: bool,
    li: Lithium,
    stores: Vec<f64>,
    c_pumped: f64,
    dle_delivered_prev: f64,
    vega: VegaCover,
    min_saturated_m: f64,
    stats: RunStats,
}

impl MonthStart {
    fn of(st: &RunState) -> MonthStart {
        MonthStart {
            h: st.h.clone(),
            h_prev: st.h_prev.clone(),
            have_prev: st.have_prev,
            li: st.li.clone(),
            stores: st.stores.clone(),
            c_pumped: st.c_pumped,
            dle_delivered_prev: st.dle_delivered_prev,
            vega: st.vega.clone(),
            min_saturated_m: st.min_saturated_m,
            stats: st.stats,
        }
    }

    /// Save `st` into this record, re-using its buffers.
    fn save(&mut self, st: &RunState) {
        self.h.clone_from(&st.h);
        self.h_prev.clone_from(&st.h_prev);
        self.have_prev = st.have_prev;
        self.li.clone_from(&st.li);
        self.stores.clone_from(&st.stores);
        self.c_pumped = st.c_pumped;
        self.dle_delivered_prev = st.dle_delivered_prev;
        self.vega.clone_from(&st.vega);
        self.min_saturated_m = st.min_saturated_m;
        self.stats = st.stats;
    }

    fn restore(&self, st: &mut RunState) {
        st.h.clone_from(&self.h);
        st.h_prev.clone_from(&self.h_prev);
        st.have_prev = self.have_prev;
        st.li.clone_from(&self.li);
        st.stores.clone_from(&self.stores);
        st.c_pumped = self.c_pumped;
        st.dle_delivered_prev = self.dle_delivered_prev;
        st.vega.clone_from(&self.vega);
        st.min_saturated_m = self.min_saturated_m;
        st.stats = self.stats;
    }
}

/// Shares by which the project's brine pumping and its process fresh water are cut in a month
/// (the protection rule's and the early-warning plan's together, each at most 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Cuts {
    pub brine: f64,
    pub fresh: f64,
}

/// What drives one month: its climate, the plan, the production (t LCE/yr) and the shares by
/// which the protection rule and the early-warning plan cut the project's pumping.
#[derive(Clone, Copy)]
pub(crate) struct MonthDrive<'a> {
    pub cm: &'a MonthClimate,
    pub plan: &'a ProjectPlan,
    pub prod: f64,
    pub cut: Cuts,
}

/// Advance one month.
///
/// In a basin with lens cells, a month whose Newton solve stops before the tolerance is run
/// again from its start in twice as many steps, up to [`MAX_REFINED_SUBSTEPS`]: a lens that
/// vanishes or a lagoon that floods within a month bends the system more than one step can
/// follow. One-fluid basins never fail a step (tests/balance.rs) and run as they always have.
pub(crate) fn step_month(setup: &Setup, st: &mut RunState, month: MonthDrive) -> MonthRecord {
    if st.lens_cells.is_empty() {
        return step_month_in(setup, st, month, setup.substeps, st.lag);
    }
    // The record of the last month's start, overwritten (no allocation after the first month).
    let start = match st.month_start.take() {
        Some(mut start) => {
            start.save(st);
            start
        }
        None => MonthStart::of(st),
    };
    let mut substeps = setup.substeps;
    let mut lag = st.lag;
    loop {
        let failed = st.stats.steps_not_converged;
        let r = step_month_in(setup, st, month, substeps, lag);
        if st.stats.steps_not_converged == failed || substeps >= MAX_REFINED_SUBSTEPS {
            if substeps > setup.substeps {
                st.stats.months_refined += 1;
            }
            st.month_start = Some(start);
            return r;
        }
        start.restore(st);
        substeps *= 2;
        lag = LagStep::new(setup.tau_days, DAYS_PER_MONTH / substeps as f64);
    }
}

/// One month in `substeps` implicit steps, with the lag stores' step for that length.
fn step_month_in(
    setup: &Setup,
    st: &mut RunState,
    month: MonthDrive,
    substeps: u32,
    lag: LagStep,
) -> MonthRecord {
    let MonthDrive {
        cm,
        plan,
        prod,
        cut,
    } = month;
    let n = st.gw.n;
    let dt = DAYS_PER_MONTH / substeps as f64;
    let d = Demands::of(plan, prod, cut, st.c_pumped);
    let mut acc = MonthAccounts::default();
    let mut lce = 0.0;
    let mut li_pumped_kg = 0.0;
    let mut brine_pumped_vol = 0.0;
    let mut li_closure = 0.0;
    // A refined month starts again from its beginning: so do its wellfields' sums.
    st.wellfield_li_kg.fill(0.0);
    st.wellfield_m3.fill(0.0);
    for (g, c) in st.generated_m3.iter_mut().zip(&setup.catch) {
        *g = setup
            .law
            .generated_m3(cm.precip_catchment_mm * c.factor, c.area_m2)
            * setup.rech_mult
            * setup.modern_share;
    }
    for _ in 0..substeps {
        let f = &mut st.f;
        // Recharge through the lag stores.
        f.recharge.iter_mut().for_each(|x| *x = 0.0);
        st.stream_rate.iter_mut().for_each(|x| *x = 0.0);
        for (k, c) in setup.catch.iter().enumerate() {
            let inflow = st.generated_m3[k] / DAYS_PER_MONTH;
            let (store, out) = lag.step(st.stores[k], inflow);
            acc.recharge_generated_m3 += inflow * dt;
            acc.transit_change_m3 += store - st.stores[k];
            st.stores[k] = store;
            Setup::route(c, out / dt, &mut f.recharge, &mut st.stream_rate);
        }
        for i in 0..n {
            f.recharge[i] += st.stream_rate[i] + setup.old_water_m3_per_day[i];
        }
        f.evap_season = cm.evap_season;
        f.rain_m_per_day = cm.precip_salar_mm / 1000.0 / DAYS_PER_MONTH;
        // This step's pumping and injection.
        f.pump_request.iter_mut().for_each(|x| *x = 0.0);
        f.pump_brine_request.iter_mut().for_each(|x| *x = 0.0);
        f.inject.iter_mut().for_each(|x| *x = 0.0);
        st.inj_conc.iter_mut().for_each(|x| *x = 0.0);
        // Each wellfield cell's share, as much of it as its wells can give.
        for (k, &(cell, w)) in setup.brine_cells.iter().enumerate() {
            let q = (d.brine * w).min(setup.brine_well_capacity_m3_per_day[k]);
            st.brine_request[k] = q;
            // A lens cell's brine wells draw on its brine, beneath the lens.
            if st.gw.lens_brine_unknown(cell).is_some() {
                f.pump_brine_request[cell] += q;
            } else {
                f.pump_request[cell] += q;
            }
        }
        let mut community_req = 0.0;
        if let Some((cell, q)) = setup.community {
            f.pump_request[cell] += q;
            community_req = q;
        }
        if let Some(cell) = setup.fresh_cell {
            f.pump_request[cell] += d.fresh + d.camp;
        }
        setup.add_fixed_wells(f);
        let reinj = st.dle_delivered_prev * plan.reinjection_frac;
        if let Some(cell) = setup.reinj_cell {
            f.inject[cell] += reinj;
            st.inj_conc[cell] = st.c_pumped * (1.0 - plan.recovery_dle);
        }
        // The implicit step, warm-started by linear extrapolation of the last two steps.
        let h = &mut st.h;
        st.h_old.copy_from_slice(h);
        if st.have_prev {
            for i in 0..h.len() {
                h[i] += st.h_old[i] - st.h_prev[i];
            }
        }
        st.h_prev.copy_from_slice(&st.h_old);
        st.have_prev = true;
        let rep = st.gw.solve(h, &st.h_old, dt, f);
        st.stats.record(rep);
        st.gw.fluxes(&mut st.fx);
        let (gw, fx, h, h_old) = (&st.gw, &st.fx, &st.h, &st.h_old);
        // Water accounts, one domain at a time (each account still sums its cells in index
        // order), on a local copy the compiler can keep in registers.
        for (account, cells) in [
            (&mut acc.brine, &st.brine_domain),
            (&mut acc.fresh, &st.fresh_domain),
        ] {
            let mut a = *account;
            for &i in cells.iter() {
                let old = setup.old_water_m3_per_day[i];
                a.recharge_m3 += (f.recharge[i] - st.stream_rate[i] - old) * dt;
                a.old_water_m3 += old * dt;
                a.stream_m3 += st.stream_rate[i] * dt;
                if gw.zone_of(i) == EvapZone::Crust {
                    a.rain_on_crust_m3 += fx.rain[i] * dt;
                } else {
                    a.rain_on_lagoons_m3 += fx.rain[i] * dt;
                }
                // A boundary that drains the cell is an outflow, not a negative inflow.
                let q_boundary = fx.boundary_in[i] * dt;
                if q_boundary >= 0.0 {
                    a.boundary_in_m3 += q_boundary;
                } else {
                    a.boundary_out_m3 -= q_boundary;
                }
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
                a.reinjected_m3 += fx.injected[i] * dt;
                a.overflow_m3 += fx.spill_out[i] * dt;
                a.exchange_in_m3 += (fx.lateral_in[i] + fx.spring_in[i] - fx.spring_out[i]
                    + fx.spill_in[i]
                    - fx.spill_out[i])
                    * dt;
                a.storage_change_m3 += gw.volume_change(i, h[i], h_old[i]);
            }
            *account = a;
        }
        for &i in &st.lens_cells {
            add_lens_cell(&mut acc, setup, gw, fx, f, &st.stream_rate, h, h_old, i, dt);
        }
        // Injection a full water table refused is disposed of at surface, like the share not
        // reinjected.
        for i in 0..n {
            acc.reinjection_refused_m3 += (f.inject[i] - fx.injected[i]) * dt;
        }
        // Split each cell's delivered pumping among its uses, pro rata to requests.
        let mut brine_delivered = 0.0;
        let mut fresh_delivered = 0.0;
        let mut community_delivered = 0.0;
        for i in 0..n {
            // A lens cell's brine wells pump its brine (`pumped_brine`), its other wells its lens;
            // a one-fluid cell's wells share its one request.
            let lens = st.gw.lens_brine_unknown(i).is_some();
            let brine_here = || -> f64 {
                setup
                    .brine_cells
                    .iter()
                    .zip(&st.brine_request)
                    .filter(|x| x.0 .0 == i)
                    .map(|x| *x.1)
                    .sum()
            };
            if f.pump_request[i] > 0.0 {
                let ratio = fx.pumped[i] / f.pump_request[i];
                if !lens {
                    brine_delivered += brine_here() * ratio;
                }
                if Some(i) == setup.fresh_cell {
                    fresh_delivered += (d.fresh + d.camp) * ratio;
                }
                if let Some((cc, q)) = setup.community {
                    if cc == i {
                        community_delivered += q * ratio;
                    }
                }
            }
            if lens && f.pump_brine_request[i] > 0.0 {
                brine_delivered += brine_here() * fx.pumped_brine[i] / f.pump_brine_request[i];
            }
        }
        for (i, &bottom) in gw.bottom.iter().enumerate() {
            st.min_saturated_m = st.min_saturated_m.min(gw.water_table_m(i, h) - bottom);
        }
        let step_li = st.li.step(
            gw,
            h_old,
            h,
            fx,
            &fx.injected,
            &st.inj_conc,
            dt,
            &mut st.pumped_li,
        );
        li_closure += step_li.closure_kg;
        // Lithium produced from the brine wells (not from fresh-water or test wells).
        let mut li_brine_kg = 0.0;
        let mut vol = 0.0;
        for (k, (&(cell, _), &q)) in setup.brine_cells.iter().zip(&st.brine_request).enumerate() {
            let (request, delivered) = if gw.lens_brine_unknown(cell).is_some() {
                (f.pump_brine_request[cell], fx.pumped_brine[cell])
            } else {
                (f.pump_request[cell], fx.pumped[cell])
            };
            if request > 0.0 {
                let share = q / request;
                let (li_kg, m3) = (st.pumped_li[cell] * share, delivered * share * dt);
                li_brine_kg += li_kg;
                vol += m3;
                st.wellfield_li_kg[k] += li_kg;
                st.wellfield_m3[k] += m3;
            }
        }
        if vol > 0.0 {
            st.c_pumped = 1000.0 * li_brine_kg / vol;
        }
        li_pumped_kg += li_brine_kg;
        brine_pumped_vol += vol;
        let recovery = (1.0 - d.dle_frac) * plan.recovery_ponds + d.dle_frac * plan.recovery_dle;
        lce += li_brine_kg * recovery * LCE_PER_LI / 1000.0;
        let dle_vol = brine_delivered * d.dle_frac * dt;
        let pond_vol = brine_delivered * (1.0 - d.dle_frac) * dt;
        acc.brine_requested_m3 += d.brine * dt;
        acc.brine_shortfall_m3 += (d.brine - brine_delivered) * dt;
        acc.pond_evaporation_m3 += pond_vol * plan.pond_evap_frac;
        acc.entrained_m3 += pond_vol * (1.0 - plan.pond_evap_frac);
        acc.dle_disposed_m3 += dle_vol * (1.0 - plan.reinjection_frac);
        let fresh_total_req = d.fresh + d.camp;
        let delivered_share = if fresh_total_req > 0.0 {
            fresh_delivered / fresh_total_req
        } else {
            0.0
        };
        acc.fresh_process_m3 += d.fresh * delivered_share * dt;
        acc.camp_m3 += d.camp * delivered_share * dt;
        acc.fresh_shortfall_m3 += (fresh_total_req - fresh_delivered) * dt;
        acc.community_m3 += community_delivered * dt;
        acc.community_shortfall_m3 += (community_req - community_delivered) * dt;
        st.dle_delivered_prev = brine_delivered * d.dle_frac;
    }
    close_month(&mut acc);
    // Month-end state.
    let (gw, fx, h) = (&st.gw, &st.fx, &st.h);
    let mut vega = 0.0;
    let mut lagoon = 0.0;
    let mut springs = 0.0;
    // Green vega: what the water table supports now, through the vegetation's memory.
    for (k, &i) in st.vega_cells.iter().enumerate() {
        let supported = gw.vega_green_share(gw.ground[i] - gw.water_table_m(i, h));
        vega += gw.area[i] * st.vega.green_share(k, supported);
    }
    st.vega.next_month();
    for i in 0..n {
        match gw.zone_of(i) {
            EvapZone::Vega => {}
            EvapZone::Lagoon => lagoon += gw.area[i] * fx.lagoon_frac[i],
            _ => springs += fx.spring_out[i],
        }
    }
    MonthRecord {
        accounts: acc,
        vega_ha: vega / 1.0e4,
        lagoon_ha: lagoon / 1.0e4,
        spring_l_per_s: springs / SECONDS_PER_DAY * 1000.0,
        lce_t: lce,
        li_pumped_mg_per_l: if brine_pumped_vol > 0.0 {
            1000.0 * li_pumped_kg / brine_pumped_vol
        } else {
            0.0
        },
        li_closure_kg: li_closure,
        li_mass_kg: st.li.mass_kg.iter().sum(),
    }
}

/// Close the month's balance: each domain's, then the whole basin's, where generated recharge
/// enters the transit store, which delivers to cells.
fn close_month(acc: &mut MonthAccounts) {
    acc.brine.close();
    acc.fresh.close();
    let delivered =
        acc.brine.recharge_m3 + acc.brine.stream_m3 + acc.fresh.recharge_m3 + acc.fresh.stream_m3;
    let transit_closure = acc.recharge_generated_m3 - delivered - acc.transit_change_m3;
    acc.closure_m3 = acc.brine.closure_m3 + acc.fresh.closure_m3 + transit_closure;
    acc.throughput_m3 = acc.gross_m3();
}

impl Setup {
    /// Fold the monthly step over the horizon. `baseline` (the no-project track of the same
    /// climate) is what the protection rule measures drawdown against; with it, the
    /// early-warning plan (if any) reads the run's own water tables and adds its cuts.
    pub(crate) fn simulate(
        &self,
        h0: &[f64],
        plan: &ProjectPlan,
        baseline: Option<&Track>,
    ) -> Track {
        self.fold(
            &mut RunState::start(self, h0),
            &self.climate,
            plan,
            baseline,
        )
    }

    /// [`Setup::simulate`] from a state the months before the start left ([`Setup::hindcast`]):
    /// its lag stores, vega memory and lithium go on as they were.
    pub(crate) fn simulate_from(
        &self,
        today: &RunState,
        plan: &ProjectPlan,
        baseline: Option<&Track>,
    ) -> Track {
        self.fold(&mut today.clone(), &self.climate, plan, baseline)
    }

    /// The observed months before the start ([`Setup::history`]) from the steady heads `h0`,
    /// without the project: the state they leave (its run statistics cleared, so each later
    /// run counts its own) and what they recorded. `None` without observed months.
    pub(crate) fn hindcast(&self, h0: &[f64]) -> Option<(RunState, Track)> {
        if self.history.is_empty() {
            return None;
        }
        let mut st = RunState::start(self, h0);
        let track = self.fold(
            &mut st,
            &self.history,
            &self.plan.without_production(),
            None,
        );
        st.stats = RunStats::default();
        st.min_saturated_m = f64::INFINITY;
        Some((st, track))
    }

    /// Fold the monthly step over `climate` from the state `st`.
    fn fold(
        &self,
        st: &mut RunState,
        climate: &[MonthClimate],
        plan: &ProjectPlan,
        baseline: Option<&Track>,
    ) -> Track {
        let months = climate.len();
        let mut heads = vec![Vec::with_capacity(months); st.gw.n];
        let mut interfaces = vec![Vec::new(); st.gw.n];
        let mut lens_thickness = vec![Vec::new(); st.gw.n];
        let mut vega_green_ha = vec![Vec::new(); st.gw.n];
        let mut wellfield_li_mg_per_l = vec![Vec::new(); st.gw.n];
        // Only the cells that record a series get its room, once.
        for &i in &st.lens_cells {
            interfaces[i].reserve_exact(months);
            lens_thickness[i].reserve_exact(months);
        }
        for &i in &st.vega_cells {
            vega_green_ha[i].reserve_exact(months);
        }
        for &(i, _) in &self.brine_cells {
            wellfield_li_mg_per_l[i].reserve_exact(months);
        }
        let mut series = TrackSeries::with_capacity(months);
        let mut watch = match (&self.warning, baseline) {
            (Some(w), Some(_)) => Some(Watch::new(self, w, plan, &st.h)),
            _ => None,
        };
        for (m, cm) in climate.iter().enumerate() {
            let prod = plan.production_at(mid_month_year(cm));
            let cut = match (self.protect, baseline) {
                // Last month's drawdown against the baseline decides this month's cut.
                (Some(p), Some(b))
                    if m > 0
                        && b.heads[p.cell][m - 1] - st.gw.water_table_m(p.cell, &st.h)
                            > p.threshold_m =>
                {
                    p.cut
                }
                _ => 0.0,
            };
            series.protection.push(cut > 0.0);
            let cut = match watch.as_mut() {
                None => Cuts {
                    brine: cut,
                    fresh: cut,
                },
                Some(w) => {
                    if m > 0 {
                        w.read(self, &heads, m - 1);
                    }
                    let (brine, fresh) = w.cuts(m);
                    Cuts {
                        brine: f64::min(cut + brine, 1.0),
                        fresh: f64::min(cut + fresh, 1.0),
                    }
                }
            };
            let r = step_month(
                self,
                st,
                MonthDrive {
                    cm,
                    plan,
                    prod,
                    cut,
                },
            );
            // Each cell's water table (a lens cell's lens, or its brine where it has none).
            for (i, cell_heads) in heads.iter_mut().enumerate() {
                cell_heads.push(st.gw.water_table_m(i, &st.h));
            }
            for &i in &st.lens_cells {
                if let (Some(c), Some(j)) = (st.gw.lens_column(i), st.gw.lens_brine_unknown(i)) {
                    let (hf, hb) = (st.h[i], st.h[j]);
                    interfaces[i].push(c.interface_m(hf, hb).value);
                    lens_thickness[i].push(c.fresh_thickness_m(hf, hb).value);
                }
            }
            for (k, &i) in st.vega_cells.iter().enumerate() {
                vega_green_ha[i].push(st.gw.area[i] * st.vega.green(k) / 1.0e4);
            }
            for (k, &(i, _)) in self.brine_cells.iter().enumerate() {
                let (li_kg, m3) = (st.wellfield_li_kg[k], st.wellfield_m3[k]);
                wellfield_li_mg_per_l[i].push(if m3 > 0.0 { 1000.0 * li_kg / m3 } else { 0.0 });
            }
            series.accounts.push(r.accounts);
            series.vega_ha.push(r.vega_ha);
            series.lagoon_ha.push(r.lagoon_ha);
            series.spring_l_per_s.push(r.spring_l_per_s);
            series.lce_t.push(r.lce_t);
            series.production_target_t.push(prod / 12.0);
            series.li_pumped_mg_per_l.push(r.li_pumped_mg_per_l);
            series.li_closure_kg.push(r.li_closure_kg);
            series.li_mass_kg.push(r.li_mass_kg);
        }
        Track {
            heads,
            interfaces,
            lens_thickness,
            vega_green_ha,
            wellfield_li_mg_per_l,
            series,
            min_saturated_m: st.min_saturated_m,
            stats: st.stats,
            plan: watch.map(|w| w.record),
        }
    }
}

/// Add a lens cell's month to the accounts: its fresh row to the fresh account, its brine row to
/// the brine account; what passes between the two (the brine part of its springs and overflows
/// reaching a fresh cell, its fresh water seeping into a brine cell) is each account's exchange.
#[allow(clippy::too_many_arguments)]
fn add_lens_cell(
    acc: &mut MonthAccounts,
    setup: &Setup,
    gw: &Groundwater,
    fx: &Fluxes,
    f: &StepForcing,
    stream_rate: &[f64],
    h: &[f64],
    h_old: &[f64],
    i: usize,
    dt: f64,
) {
    let (dv_fresh, dv_brine) = gw.lens_volume_change(i, h, h_old).unwrap_or((0.0, 0.0));
    let zone = gw.zone_of(i);
    let add_evap = |a: &mut crate::outputs::accounts::WaterAccount, e: f64| match zone {
        EvapZone::Mudflat | EvapZone::None => a.evap_mudflat_m3 += e,
        EvapZone::Crust => a.evap_crust_m3 += e,
        EvapZone::Vega => a.evap_vega_m3 += e,
        EvapZone::Lagoon => a.evap_lagoon_m3 += e,
    };
    let add_springs = |a: &mut crate::outputs::accounts::WaterAccount, q: f64| {
        if zone == EvapZone::Vega {
            a.vega_outflow_m3 += q;
        } else {
            a.springs_m3 += q;
        }
    };
    let fresh = &mut acc.fresh;
    let old = setup.old_water_m3_per_day[i];
    fresh.recharge_m3 += (f.recharge[i] - stream_rate[i] - old) * dt;
    fresh.old_water_m3 += old * dt;
    fresh.stream_m3 += stream_rate[i] * dt;
    if zone == EvapZone::Crust {
        fresh.rain_on_crust_m3 += fx.rain[i] * dt;
    } else {
        fresh.rain_on_lagoons_m3 += fx.rain[i] * dt;
    }
    let q_boundary = fx.boundary_in[i] * dt;
    if q_boundary >= 0.0 {
        fresh.boundary_in_m3 += q_boundary;
    } else {
        fresh.boundary_out_m3 -= q_boundary;
    }
    let (spring_f, spring_b) = (
        fx.spring_out[i] - fx.spring_out_brine[i],
        fx.spring_out_brine[i],
    );
    let (spill_f, spill_b) = (
        fx.spill_out[i] - fx.spill_out_brine[i],
        fx.spill_out_brine[i],
    );
    add_evap(fresh, (fx.evap[i] - fx.evap_brine[i]) * dt);
    add_springs(fresh, spring_f * dt);
    fresh.pumped_m3 += fx.pumped[i] * dt;
    fresh.overflow_m3 += spill_f * dt;
    fresh.exchange_in_m3 += (fx.lateral_in[i] + fx.spring_in[i] - fx.spring_in_brine[i] - spring_f
        + fx.spill_in[i]
        - fx.spill_in_brine[i]
        - spill_f)
        * dt;
    fresh.storage_change_m3 += dv_fresh;
    let brine = &mut acc.brine;
    add_evap(brine, fx.evap_brine[i] * dt);
    add_springs(brine, spring_b * dt);
    brine.pumped_m3 += fx.pumped_brine[i] * dt;
    brine.reinjected_m3 += fx.injected[i] * dt;
    brine.overflow_m3 += spill_b * dt;
    brine.exchange_in_m3 += (fx.lateral_in_brine[i] + fx.spring_in_brine[i] - spring_b
        + fx.spill_in_brine[i]
        - spill_b)
        * dt;
    brine.storage_change_m3 += dv_brine;
}

#[cfg(test)]
mod tests {
    //! The month's requests and closure worked by hand from the documented formulas.
    use super::*;
    use crate::outputs::accounts::WaterAccount;

    /// The set-up's plan with nothing produced.
    fn idle_plan(setup: &Setup) -> ProjectPlan {
        ProjectPlan {
            production_t_per_yr: 0.0,
            ..setup.plan.clone()
        }
    }

    /// A month with no project: nothing produced, nothing cut.
    fn idle_month<'a>(cm: &'a MonthClimate, idle: &'a ProjectPlan) -> MonthDrive<'a> {
        MonthDrive {
            cm,
            plan: idle,
            prod: 0.0,
            cut: Cuts {
                brine: 0.0,
                fresh: 0.0,
            },
        }
    }

    fn plan() -> ProjectPlan {
        ProjectPlan {
            production_t_per_yr: 0.0,
            start_year: 2025.0,
            ramp_years: 0.0,
            life_years: 30.0,
            stages: 1,
            stage_gap_years: 0.0,
            share: 1.0,
            dle_share: 0.25,
            reinjection_frac: 0.0,
            recovery_ponds: 0.5,
            recovery_dle: 0.8,
            pond_evap_frac: 1.0,
            fresh_m3_per_t_dle: 40.0,
            fresh_m3_per_t_ponds: 10.0,
            camp_m3_per_day: 7.0,
        }
    }

    #[test]
    fn demands_are_the_plans_requests_less_the_cuts() {
        // 4 t LCE a day at 1000 mg/L: brine per tonne 1000 / (5.323 · 1 kg/m³ · R).
        let prod = 4.0 * DAYS_PER_YEAR;
        let cut = Cuts {
            brine: 0.25,
            fresh: 0.5,
        };
        let d = Demands::of(&plan(), prod, cut, 1000.0);
        let ponds = 4.0 * 0.75 * 1000.0 / (5.323 * 0.5);
        let dle = 4.0 * 0.25 * 1000.0 / (5.323 * 0.8);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
        assert!(close(d.brine, (ponds + dle) * 0.75), "{}", d.brine);
        assert!(close(d.dle_frac, dle / (ponds + dle)), "{}", d.dle_frac);
        // 4 t/day · (0.75 · 10 + 0.25 · 40) m³/t, half of it cut.
        assert!(close(d.fresh, 35.0), "{}", d.fresh);
        assert_eq!(d.camp, 7.0);

        // No production: nothing asked for, no camp, and a DLE share of 0 (not 0/0).
        let none = Demands::of(&plan(), 0.0, cut, 1000.0);
        assert_eq!(
            (none.brine, none.dle_frac, none.fresh, none.camp),
            (0.0, 0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn an_all_dle_plan_sends_all_its_brine_to_dle() {
        // No ponds: 4 t LCE a day at 1000 mg/L is 4 · 1000 / (5.323 · 0.8) m³/day of brine, all
        // of it to DLE (a share of 1, though the ponds ask for nothing), a quarter of it cut.
        let all_dle = ProjectPlan {
            dle_share: 1.0,
            ..plan()
        };
        let cut = Cuts {
            brine: 0.25,
            fresh: 0.0,
        };
        let d = Demands::of(&all_dle, 4.0 * DAYS_PER_YEAR, cut, 1000.0);
        let dle = 4.0 * 1000.0 / (5.323 * 0.8);
        assert!((d.brine - 0.75 * dle).abs() <= 1e-12 * dle, "{}", d.brine);
        assert_eq!(d.dle_frac, 1.0);
        // 4 t/day · 40 m³/t of process water, uncut.
        assert!((d.fresh - 160.0).abs() <= 1e-12 * 160.0, "{}", d.fresh);
    }

    /// The three-zone test salar with lenses under its mud-flats, set up for a year without the
    /// project, with its steady heads.
    fn salar_with_lenses() -> (Setup, Vec<f64>) {
        use crate::run::RunOptions;
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        use crate::Basin;
        let text = include_str!("../../tests/data/three-zone-salar.toml")
            .replace("kind = \"margin\"", "kind = \"margin\"\nlens = true");
        let basin = Basin::from_toml_str(&text).expect("the salar with lenses");
        let s = Scenario::default().with(LeverId::Years, 1.0);
        let setup = Setup::new(&basin, &s, &RunOptions::default()).expect("set-up");
        assert_eq!(setup.substeps, 1);
        let (h0, _) = setup.initial_heads().expect("steady state");
        (setup, h0)
    }

    /// Month 0 as it comes, then month 1 with `withdrawal` m³/day taken from the first lens
    /// cell's old water (an absurd draw that a single step cannot follow), against the same
    /// month run without it: the state after the withdrawal's month.
    fn withdraw_in_month_1(withdrawal: f64) -> RunState {
        let (mut setup, h0) = salar_with_lenses();
        let idle = idle_plan(&setup);
        let climate = setup.climate.clone();
        let drive = |m: usize| idle_month(&climate[m], &idle);
        let (mut bad, mut good) = (RunState::start(&setup, &h0), RunState::start(&setup, &h0));
        assert!(!bad.lens_cells.is_empty());
        // A month that converges in its one step: nothing refined.
        for st in [&mut bad, &mut good] {
            step_month(&setup, st, drive(0));
            let s = st.stats;
            assert_eq!(
                (s.steps, s.steps_not_converged, s.months_refined),
                (1, 0, 0)
            );
        }
        let cell = bad.lens_cells[0];
        let old = setup.old_water_m3_per_day[cell];
        setup.old_water_m3_per_day[cell] = old - withdrawal;
        let r_bad = step_month(&setup, &mut bad, drive(1));
        setup.old_water_m3_per_day[cell] = old;
        let r_good = step_month(&setup, &mut good, drive(1));
        assert_eq!(good.stats.steps, 2);
        assert_eq!(good.stats.months_refined, 0);
        // The lag stores are exact for any step: the refined month's recharge in transit is
        // the plain month's.
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        for (a, b) in bad.stores.iter().zip(&good.stores) {
            assert!(near(*a, *b), "store {a} against {b}");
        }
        let (a, b) = (r_bad.accounts, r_good.accounts);
        assert!(near(a.recharge_generated_m3, b.recharge_generated_m3));
        assert!(near(a.transit_change_m3, b.transit_change_m3));
        assert!(b.transit_change_m3 != 0.0);
        bad
    }

    /// A month whose Newton solve cannot converge, in a basin with lens cells, is run again from
    /// its start in 2, 4, … and at most [`MAX_REFINED_SUBSTEPS`] steps, and kept at 32: the
    /// statistics count that attempt only (1, 2, 4, 8 and 16 steps were undone) and one refined
    /// month.
    #[test]
    fn a_month_that_never_converges_is_kept_at_32_steps() {
        let bad = withdraw_in_month_1(1e12);
        assert_eq!(bad.stats.steps, 1 + 32);
        assert_eq!(bad.stats.months_refined, 1);
        assert!(bad.stats.steps_not_converged >= 1);
    }

    /// A month that converges once split finely enough is kept at the first doubling that
    /// converges: the month run directly in half as many steps fails, and run directly in as
    /// many steps gives the same heads.
    #[test]
    fn a_refined_month_is_the_month_run_in_the_first_steps_that_converge() {
        let bad = withdraw_in_month_1(1e10);
        let k = bad.stats.steps - 1;
        assert!(k.is_power_of_two() && (2..32).contains(&k), "{k} steps");
        assert_eq!(bad.stats.steps_not_converged, 0, "failed attempts undone");
        assert_eq!(bad.stats.months_refined, 1);
        let month_in = |substeps: u32| {
            let (mut setup, h0) = salar_with_lenses();
            let idle = idle_plan(&setup);
            let climate = setup.climate.clone();
            let drive = |m: usize| idle_month(&climate[m], &idle);
            let mut st = RunState::start(&setup, &h0);
            step_month(&setup, &mut st, drive(0));
            let cell = st.lens_cells[0];
            setup.old_water_m3_per_day[cell] -= 1e10;
            let lag = LagStep::new(setup.tau_days, DAYS_PER_MONTH / f64::from(substeps));
            step_month_in(&setup, &mut st, drive(1), substeps, lag);
            st
        };
        let k32 = u32::try_from(k).expect("a few steps");
        assert!(month_in(k32 / 2).stats.steps_not_converged > 0);
        let direct = month_in(k32);
        assert_eq!(direct.stats.steps_not_converged, 0);
        for (a, b) in bad.h.iter().zip(&direct.h) {
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "head {a} against {b}"
            );
        }
    }

    /// The three-zone test salar (one-fluid cells) under `s`, its steady heads, and month 0
    /// without the project: the record, and the state before and after.
    fn salar_month_0(s: &crate::scenario::Scenario) -> (MonthRecord, Vec<f64>, RunState) {
        use crate::run::RunOptions;
        let text = include_str!("../../tests/data/three-zone-salar.toml");
        let basin = crate::Basin::from_toml_str(text).expect("the salar");
        let setup = Setup::new(&basin, s, &RunOptions::default()).expect("set-up");
        let (h0, _) = setup.initial_heads().expect("steady state");
        let idle = idle_plan(&setup);
        let mut st = RunState::start(&setup, &h0);
        assert!(st.lens_cells.is_empty());
        let before = st.stores.clone();
        let drive = idle_month(&setup.climate[0], &idle);
        let r = step_month(&setup, &mut st, drive);
        // The month's rain on the salar, m/day: its millimetres over the month's days.
        let rain = setup.climate[0].precip_salar_mm / 1000.0 / DAYS_PER_MONTH;
        assert!(rain > 0.0);
        assert!((st.f.rain_m_per_day - rain).abs() <= 1e-15 * rain);
        (r, before, st)
    }

    /// The recharge a month generates scales with the recharge multiplier and the renewable
    /// share (1 − the old-water share): × 1.5 · 0.6 = 0.9. What enters the lag stores is their
    /// growth, and the basin's balance closes (generated = delivered + in transit).
    #[test]
    fn generated_recharge_scales_with_the_multiplier_and_the_renewable_share() {
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let s = Scenario::default()
            .with(LeverId::Years, 1.0)
            .with(LeverId::Variability, 0.0);
        let (plain, before, st) = salar_month_0(&s);
        let scaled = s
            .clone()
            .with(LeverId::RechargeMult, 1.5)
            .with(LeverId::OldWater, 40.0);
        let (scaled, ..) = salar_month_0(&scaled);
        let (g1, g2) = (
            plain.accounts.recharge_generated_m3,
            scaled.accounts.recharge_generated_m3,
        );
        assert!(g1 > 0.0);
        assert!(
            (g2 - 0.9 * g1).abs() <= 1e-12 * g1,
            "{g2} against 0.9 · {g1}"
        );
        let a = &plain.accounts;
        let grown: f64 = st.stores.iter().sum::<f64>() - before.iter().sum::<f64>();
        assert!((a.transit_change_m3 - grown).abs() <= 1e-9 * g1);
        assert!(a.transit_change_m3.abs() > 1e-6 * g1);
        assert!(
            a.closure_m3.abs() <= 1e-9 * a.throughput_m3,
            "{}",
            a.closure_m3
        );
    }

    /// The thinnest saturation a run saw: after a month in one step, the least of the cells'
    /// water tables above their bases (the basin file's `bottom_m`); here a fan's, 150-odd m.
    #[test]
    fn the_thinnest_saturation_is_the_least_water_table_above_a_base() {
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let (_, _, st) = salar_month_0(&Scenario::default().with(LeverId::Years, 1.0));
        let thinnest = salar()
            .cells
            .iter()
            .zip(&st.h)
            .map(|(c, h)| h - c.bottom_m)
            .fold(f64::INFINITY, f64::min);
        assert!((100.0..250.0).contains(&thinnest), "{thinnest}");
        assert_eq!(st.min_saturated_m, thinnest);
    }

    /// Under the mean climate (no variability, no change) a year generates today's expected
    /// recharge, which set-up derives from the same law at each catchment's precipitation
    /// (× its factor, 1.2 for one of the salar's two), times the renewable share.
    #[test]
    fn the_mean_climate_generates_the_expected_recharge_in_a_year() {
        use crate::run::RunOptions;
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let text = include_str!("../../tests/data/three-zone-salar.toml");
        let basin = crate::Basin::from_toml_str(text).expect("the salar");
        let s = Scenario::default()
            .with(LeverId::Years, 1.0)
            .with(LeverId::Variability, 0.0)
            .with(LeverId::OldWater, 40.0);
        let setup = Setup::new(&basin, &s, &RunOptions::default()).expect("set-up");
        assert!(setup.catch.iter().any(|c| c.factor != 1.0));
        let (h0, _) = setup.initial_heads().expect("steady state");
        let idle = idle_plan(&setup);
        let mut st = RunState::start(&setup, &h0);
        let mut generated = 0.0;
        for cm in &setup.climate {
            let drive = idle_month(cm, &idle);
            generated += step_month(&setup, &mut st, drive)
                .accounts
                .recharge_generated_m3;
        }
        assert_eq!(setup.climate.len(), 12);
        let expected: f64 = setup
            .catch
            .iter()
            .map(|c| c.expected_m3_per_day * DAYS_PER_YEAR * 0.6)
            .sum();
        assert!(
            (generated - expected).abs() <= 1e-9 * expected,
            "{generated} against {expected}"
        );
    }

    /// A project month's forcing is what its demands ask: each wellfield cell its weight's
    /// share of the brine (as much as its wells give), the fresh-water cell the process water
    /// and the camp, the community its use, the basin file's fixed wells theirs; the
    /// reinjection cell gets back the reinjected share of last month's DLE brine, at the pumped
    /// concentration less what DLE recovered.
    #[test]
    fn a_project_months_requests_are_its_demands_cell_by_cell() {
        project_month_requests(&salar(), 2, false);
        project_month_requests(&salar_with_lens_wells(), 3, false);
    }

    /// Wells that give less than they are asked: each wellfield, the fresh-water cell and the
    /// community well have their intakes 3 m below their steady water table (their brine, in a
    /// lens cell), so that pumping tapers (over 10 m). Each use still takes its request's share
    /// of what its cell's wells delivered (the western brine wells share theirs with a test
    /// well), and the shortfalls are the rest.
    #[test]
    fn a_short_delivery_is_shared_among_the_uses_pro_rata() {
        // A test well beside the western brine wells, in the one-fluid salar.
        let text = include_str!("../../tests/data/three-zone-salar.toml").to_string()
            + "[[wells]]\ncell = \"nuc_w\"\nrate_m3_per_day = 500.0\n";
        let with_test_well = crate::Basin::from_toml_str(&text).expect("the salar");
        assert_eq!(with_test_well.wells.len(), 1);
        for (basin, wellfields) in [(with_test_well, 2), (salar_with_lens_wells(), 3)] {
            let (setup, h0) = project_setup(&basin);
            let mut shallow = basin.clone();
            let mut cells: Vec<usize> = setup.brine_cells.iter().map(|&(c, _)| c).collect();
            cells.extend(setup.fresh_cell);
            cells.extend(setup.community.map(|(c, _)| c));
            for i in cells {
                let head = setup.gw.lens_brine_unknown(i).map_or(h0[i], |j| h0[j]);
                let c = &mut shallow.cells[i];
                c.pump_depth_m = Some(c.ground_m - (head - 3.0));
            }
            project_month_requests(&shallow, wellfields, true);
        }
    }

    /// The three-zone test salar.
    fn salar() -> crate::Basin {
        crate::Basin::from_toml_str(include_str!("../../tests/data/three-zone-salar.toml"))
            .expect("the salar")
    }

    /// The three-zone test salar with lenses under its mud-flats and wells in the western one
    /// (they draw on the brine beneath); the eastern lens has no brine wells.
    fn salar_with_lens_wells() -> crate::Basin {
        let text = include_str!("../../tests/data/three-zone-salar.toml")
            .replace("kind = \"margin\"", "kind = \"margin\"\nlens = true")
            .replacen("lens = true", "lens = true\nbrine_weight = 0.5", 1);
        crate::Basin::from_toml_str(&text).expect("the salar with lenses")
    }

    /// `basin` set up for a year of a 10,000 t/yr project, half DLE with half of its brine
    /// reinjected, and its steady heads.
    fn project_setup(basin: &crate::Basin) -> (Setup, Vec<f64>) {
        use crate::run::RunOptions;
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let s = Scenario::default()
            .with(LeverId::Years, 1.0)
            .with(LeverId::Production, 10_000.0)
            .with(LeverId::DleShare, 50.0)
            .with(LeverId::Reinjection, 50.0)
            .with(LeverId::ReinjectionCell, 1.0);
        let setup = Setup::new(basin, &s, &RunOptions::default()).expect("set-up");
        let (h0, _) = setup.initial_heads().expect("steady state");
        (setup, h0)
    }

    /// Months 0 and 1 of [`project_setup`]: month 1's forcing cell by cell against its demands
    /// (`wellfields` brine cells), and what it delivered ([`month_deliveries`]; `short`: every
    /// well gave less than asked).
    fn project_month_requests(basin: &crate::Basin, wellfields: usize, short: bool) {
        let (setup, h0) = project_setup(basin);
        let plan = setup.plan.clone();
        assert!(plan.reinjection_frac > 0.0 && plan.dle_share > 0.0);
        assert!(setup.brine_cells.len() == wellfields && setup.community.is_some());
        let lens_wells = wellfields > 2;
        let (fresh_cell, reinj_cell) = (
            setup.fresh_cell.expect("a fresh-water cell"),
            setup.reinj_cell.expect("a reinjection cell"),
        );
        let mut st = RunState::start(&setup, &h0);
        let no_cut = Cuts {
            brine: 0.0,
            fresh: 0.0,
        };
        let prod = 10_000.0 * plan.share;
        let drive = |m: usize| MonthDrive {
            cm: &setup.climate[m],
            plan: &plan,
            prod,
            cut: no_cut,
        };
        step_month(&setup, &mut st, drive(0));
        let (dle_prev, c_prev) = (st.dle_delivered_prev, st.c_pumped);
        assert!(dle_prev > 0.0 && c_prev > 0.0);
        let li_before: f64 = st.li.mass_kg.iter().sum();
        let rec = step_month(&setup, &mut st, drive(1));
        let acc = rec.accounts;
        let d = Demands::of(&plan, prod, no_cut, c_prev);
        assert!(d.brine > 0.0 && d.fresh > 0.0 && d.camp > 0.0);
        let n = st.gw.n;
        let mut want = vec![0.0; n];
        let mut want_brine = vec![0.0; n];
        let mut want_inject = vec![0.0; n];
        for (k, &(cell, w)) in setup.brine_cells.iter().enumerate() {
            let q = (d.brine * w).min(setup.brine_well_capacity_m3_per_day[k]);
            if st.gw.lens_brine_unknown(cell).is_some() {
                want_brine[cell] += q;
            } else {
                want[cell] += q;
            }
        }
        assert_eq!(want_brine.iter().any(|&q| q > 0.0), lens_wells);
        want[fresh_cell] += d.fresh + d.camp;
        let (community_cell, q) = setup.community.expect("a community");
        want[community_cell] += q;
        for &(cell, q) in &setup.fixed_wells {
            if q >= 0.0 {
                want[cell] += q;
            } else {
                want_inject[cell] -= q;
            }
        }
        want_inject[reinj_cell] += dle_prev * plan.reinjection_frac;
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        for i in 0..n {
            assert!(near(st.f.pump_request[i], want[i]), "cell {i}: pumping");
            assert!(
                near(st.f.pump_brine_request[i], want_brine[i]),
                "cell {i}: brine"
            );
            assert!(near(st.f.inject[i], want_inject[i]), "cell {i}: injection");
        }
        let c = c_prev * (1.0 - plan.recovery_dle);
        assert!(
            near(st.inj_conc[reinj_cell], c),
            "{}",
            st.inj_conc[reinj_cell]
        );
        // Injected water is reinjected in the accounts; what the water table refused, disposed.
        let dt = DAYS_PER_MONTH;
        let injected: f64 = st.fx.injected.iter().sum::<f64>() * dt;
        let asked: f64 = st.f.inject.iter().sum::<f64>() * dt;
        assert!(injected > 0.0);
        let reinjected = acc.brine.reinjected_m3 + acc.fresh.reinjected_m3;
        assert!(
            near(reinjected, injected),
            "{reinjected} against {injected}"
        );
        assert!(near(acc.reinjection_refused_m3, asked - injected));
        // The month's lithium closure is its balance: the basin's change in lithium less what
        // was injected net of what was pumped, kg (one step: its sums made in the same order,
        // so that the round-off left is the same).
        let li_pumped = st.pumped_li.iter().fold(0.0, |a, x| a + x);
        let li_injected = (0..n).fold(0.0, |a, i| {
            a + st.fx.injected[i] * dt * st.inj_conc[i] / 1000.0
        });
        let balance = (rec.li_mass_kg - li_before) - (li_injected - li_pumped);
        assert!(
            balance != 0.0 && balance.abs() <= 1e-9 * li_before,
            "{balance}"
        );
        assert_eq!(rec.li_closure_kg, balance);
        month_deliveries(&setup, &st, &d, &rec, short);
        if !st.lens_cells.is_empty() {
            // The lens cells' brine wells pump their brine into the brine account.
            let (_, lens_brine) = lens_month_categories(&st, &acc);
            assert_eq!(lens_brine.pumped_m3 > 0.0, lens_wells);
        }
    }

    /// What a project month delivered and produced (one step, whose fluxes are the last
    /// step's), each use taking its request's share of what its cell's wells gave: the brine
    /// wells' lithium, recovered at the ponds' and DLE's rates as LCE (5.323 kg per kg of Li),
    /// the pumped concentration, the ponds' evaporation, the DLE brine not reinjected, fresh
    /// water, camp and community with their shortfalls. `short`: each of these cells' wells gave
    /// less than asked (but something).
    fn month_deliveries(setup: &Setup, st: &RunState, d: &Demands, rec: &MonthRecord, short: bool) {
        let (acc, plan, f, fx) = (&rec.accounts, &setup.plan, &st.f, &st.fx);
        let dt = DAYS_PER_MONTH;
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        let is_short = |given: f64| given > 0.0 && given < 0.99;
        // The wellfield cells' brine wells take their request's share of what the cell gave, and
        // of its lithium (a lens cell's brine wells, alone beneath its lens; a one-fluid cell's
        // share it with any test well of the basin file).
        let (mut brine, mut li_kg) = (0.0, 0.0);
        for (k, &(cell, _)) in setup.brine_cells.iter().enumerate() {
            let q = st.brine_request[k];
            let (asked, given, test_wells) = match st.gw.lens_brine_unknown(cell) {
                Some(_) => (f.pump_brine_request[cell], fx.pumped_brine[cell], 0.0),
                None => {
                    let test_wells: f64 = setup
                        .fixed_wells
                        .iter()
                        .filter(|w| w.0 == cell && w.1 > 0.0)
                        .map(|w| w.1)
                        .sum();
                    (f.pump_request[cell], fx.pumped[cell], test_wells)
                }
            };
            assert!(near(asked, q + test_wells));
            assert!(
                !short || is_short(given / asked),
                "cell {cell}: {given} of {asked}"
            );
            brine += given * q / asked;
            li_kg += st.pumped_li[cell] * q / asked;
        }
        assert!(brine > 0.0 && li_kg > 0.0);
        assert!(near(acc.brine_requested_m3, d.brine * dt));
        assert!(near(acc.brine_shortfall_m3, (d.brine - brine) * dt));
        let f_dle = d.dle_frac;
        let recovery = (1.0 - f_dle) * plan.recovery_ponds + f_dle * plan.recovery_dle;
        assert!(
            near(rec.lce_t, li_kg * recovery * 5.323 / 1000.0),
            "{}",
            rec.lce_t
        );
        let c = 1000.0 * li_kg / (brine * dt);
        assert!(near(rec.li_pumped_mg_per_l, c) && near(st.c_pumped, c));
        let (dle, ponds) = (brine * f_dle * dt, brine * (1.0 - f_dle) * dt);
        assert!(near(acc.pond_evaporation_m3, ponds * plan.pond_evap_frac));
        assert!(near(acc.entrained_m3, ponds * (1.0 - plan.pond_evap_frac)));
        assert!(near(
            acc.dle_disposed_m3,
            dle * (1.0 - plan.reinjection_frac)
        ));
        assert!(near(st.dle_delivered_prev, brine * f_dle));
        // Fresh water and camp share their cell's delivery; so does the community its own.
        let cell = setup.fresh_cell.expect("a fresh-water cell");
        let given = fx.pumped[cell] / f.pump_request[cell];
        assert!(!short || is_short(given), "fresh water: {given}");
        let asked = d.fresh + d.camp;
        assert!(near(acc.fresh_process_m3, d.fresh * given * dt));
        assert!(near(acc.camp_m3, d.camp * given * dt));
        assert!(near(acc.fresh_shortfall_m3, asked * (1.0 - given) * dt));
        let (cell, q) = setup.community.expect("a community");
        let given = fx.pumped[cell] / f.pump_request[cell];
        assert!(given > 0.0);
        assert!(!short || is_short(given), "community: {given}");
        assert!(near(acc.community_m3, q * given * dt));
        assert!(near(acc.community_shortfall_m3, q * (1.0 - given) * dt));
    }

    /// Each account's categories are what their names say, summed over the domain's cells (a
    /// month in one step, whose fluxes are the last step's): rain on the crust from crust
    /// cells and the rest on lagoons and flats, evaporation by zone, springs from vegas apart,
    /// a draining boundary as an outflow (every category ≥ 0), and each domain closes.
    #[test]
    fn a_months_account_categories_are_their_cells_fluxes_by_zone() {
        use crate::outputs::accounts::WaterAccount;
        use crate::run::RunOptions;
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        // Pastos Grandes without its lenses: every cell one-fluid, in one domain or the other.
        let mut basin = crate::Basin::default_basin();
        for c in basin.cells.iter_mut() {
            c.lens = false;
        }
        let s = Scenario::default()
            .with(LeverId::Years, 1.0)
            .with(LeverId::OldWater, 40.0);
        let setup = Setup::new(&basin, &s, &RunOptions::default()).expect("set-up");
        let (h0, _) = setup.initial_heads().expect("steady state");
        let idle = idle_plan(&setup);
        let mut st = RunState::start(&setup, &h0);
        assert!(st.lens_cells.is_empty());
        let drive = idle_month(&setup.climate[0], &idle);
        let acc = step_month(&setup, &mut st, drive).accounts;
        let dt = DAYS_PER_MONTH;
        let (gw, fx) = (&st.gw, &st.fx);
        let mut seen = WaterAccount::default();
        for (a, cells) in [(acc.brine, &st.brine_domain), (acc.fresh, &st.fresh_domain)] {
            let sum = |keep: &dyn Fn(usize) -> bool, v: &[f64]| -> f64 {
                cells.iter().filter(|&&i| keep(i)).map(|&i| v[i] * dt).sum()
            };
            let zone = |z: EvapZone| move |i: usize| gw.zone_of(i) == z;
            let not = |z: EvapZone| move |i: usize| gw.zone_of(i) != z;
            let near = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
            assert!(near(
                a.rain_on_crust_m3,
                sum(&zone(EvapZone::Crust), &fx.rain)
            ));
            assert!(near(
                a.rain_on_lagoons_m3,
                sum(&not(EvapZone::Crust), &fx.rain)
            ));
            assert!(near(a.evap_crust_m3, sum(&zone(EvapZone::Crust), &fx.evap)));
            assert!(near(a.evap_vega_m3, sum(&zone(EvapZone::Vega), &fx.evap)));
            assert!(near(
                a.evap_lagoon_m3,
                sum(&zone(EvapZone::Lagoon), &fx.evap)
            ));
            let flat = |i: usize| matches!(gw.zone_of(i), EvapZone::Mudflat | EvapZone::None);
            assert!(near(a.evap_mudflat_m3, sum(&flat, &fx.evap)));
            let vega = zone(EvapZone::Vega);
            assert!(near(a.vega_outflow_m3, sum(&vega, &fx.spring_out)));
            assert!(near(
                a.springs_m3,
                sum(&not(EvapZone::Vega), &fx.spring_out)
            ));
            let inflow: Vec<f64> = fx.boundary_in.iter().map(|&q| q.max(0.0)).collect();
            let outflow: Vec<f64> = fx.boundary_in.iter().map(|&q| (-q).max(0.0)).collect();
            assert!(near(a.boundary_in_m3, sum(&|_| true, &inflow)));
            assert!(near(a.boundary_out_m3, sum(&|_| true, &outflow)));
            assert!(near(a.overflow_m3, sum(&|_| true, &fx.spill_out)));
            // What the domain's cells receive from other cells less what they send them.
            let exchange: Vec<f64> = (0..gw.n)
                .map(|i| {
                    fx.lateral_in[i] + fx.spring_in[i] - fx.spring_out[i] + fx.spill_in[i]
                        - fx.spill_out[i]
                })
                .collect();
            assert!(near(a.exchange_in_m3, sum(&|_| true, &exchange)));
            for x in [
                a.rain_on_crust_m3,
                a.rain_on_lagoons_m3,
                a.evap_crust_m3,
                a.evap_mudflat_m3,
                a.evap_vega_m3,
                a.evap_lagoon_m3,
                a.vega_outflow_m3,
                a.springs_m3,
                a.boundary_in_m3,
                a.boundary_out_m3,
                a.recharge_m3,
                a.old_water_m3,
                a.stream_m3,
            ] {
                assert!(x >= 0.0, "{a:?}");
            }
            assert!(a.closure_m3.abs() <= 1e-9 * acc.throughput_m3, "{a:?}");
            seen.rain_on_crust_m3 += a.rain_on_crust_m3;
            seen.rain_on_lagoons_m3 += a.rain_on_lagoons_m3;
            seen.springs_m3 += a.springs_m3;
            seen.vega_outflow_m3 += a.vega_outflow_m3;
            seen.evap_vega_m3 += a.evap_vega_m3;
            seen.evap_lagoon_m3 += a.evap_lagoon_m3;
            seen.old_water_m3 += a.old_water_m3;
            seen.stream_m3 += a.stream_m3;
        }
        // These categories are at work somewhere in the basin (it has no boundary heads, and
        // its lagoons do not spill this month).
        let s = seen;
        for x in [
            s.rain_on_crust_m3,
            s.rain_on_lagoons_m3,
            s.springs_m3,
            s.vega_outflow_m3,
            s.evap_vega_m3,
            s.evap_lagoon_m3,
            s.old_water_m3,
            s.stream_m3,
        ] {
            assert!(x > 0.0, "{s:?}");
        }
    }

    /// A boundary that feeds a cell is an inflow and one that drains a cell an outflow, each
    /// counted positive: two cells at 99 m, one held at 110 m, the other at 90 m; so is a
    /// pond's overflow.
    /// A third cell standing 1 m above its ground, 0.5 m above its spill stage: it overflows
    /// onto the drained cell.
    const POND: &str = r#"
        [[cells]]
        id = "pond"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 100.0
        bottom_m = 0.0
        sy = 0.1
        initial_head_m = 101.0
        spill = { to = "drained", stage_m = 0.5 }
    "#;

    #[test]
    fn a_draining_boundary_is_an_outflow_and_a_feeding_one_an_inflow() {
        use crate::run::RunOptions;
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let cell = |id: &str, boundary_m: f64| {
            format!(
                r#"
                [[cells]]
                id = "{id}"
                kind = "aquifer"
                area_km2 = 1.0
                ground_m = 100.0
                bottom_m = -100.0
                sy = 0.1
                initial_head_m = 99.0
                boundary = {{ head_m = {boundary_m}, conductance_m2_per_day = 1000.0 }}
                "#
            )
        };
        let text = format!(
            "[basin]\nid = \"b\"\nname_es = \"B\"\nname_en = \"B\"\nstart_year = 2025\n{}{}",
            cell("fed", 110.0),
            cell("drained", 90.0)
        ) + POND;
        let basin = crate::Basin::from_toml_str(&text).expect("two cells");
        let s = Scenario::default().with(LeverId::Years, 1.0);
        let setup = Setup::new(&basin, &s, &RunOptions::default()).expect("set-up");
        let (h0, _) = setup.initial_heads().expect("given heads");
        let idle = idle_plan(&setup);
        let mut st = RunState::start(&setup, &h0);
        let drive = idle_month(&setup.climate[0], &idle);
        let acc = step_month(&setup, &mut st, drive).accounts;
        let q = &st.fx.boundary_in;
        assert!(q[0] > 0.0 && q[1] < 0.0, "{q:?}");
        let dt = DAYS_PER_MONTH;
        let (b_in, b_out) = (
            acc.brine.boundary_in_m3 + acc.fresh.boundary_in_m3,
            acc.brine.boundary_out_m3 + acc.fresh.boundary_out_m3,
        );
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        assert!(near(b_in, q[0] * dt), "{b_in} against {}", q[0] * dt);
        assert!(near(b_out, -q[1] * dt), "{b_out} against {}", -q[1] * dt);
        for a in [acc.brine, acc.fresh] {
            assert!(a.closure_m3.abs() <= 1e-9 * acc.throughput_m3, "{a:?}");
        }
        // The pond's overflow, counted positive as what it sent on.
        let spilled = st.fx.spill_out[2] * dt;
        assert!(spilled > 0.0);
        let overflow = acc.brine.overflow_m3 + acc.fresh.overflow_m3;
        assert!(near(overflow, spilled), "{overflow} against {spilled}");
    }

    /// A month with no project pumps no brine: its pumped concentration is 0 (not 0/0) and
    /// it produces nothing.
    #[test]
    fn an_idle_month_pumps_no_lithium_at_0_mg_per_l() {
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let (r, ..) = salar_month_0(&Scenario::default().with(LeverId::Years, 1.0));
        assert_eq!(r.li_pumped_mg_per_l, 0.0);
        assert_eq!(r.lce_t, 0.0);
    }

    /// The month's spring flow is the m³/day of the springs outside vegas and lagoons in L/s
    /// (1 m³/day = 1000 L / 86,400 s), and its green vega the vega cells' green areas in ha
    /// (10⁴ m²), which the run also keeps cell by cell: the cells' areas add up to the month's.
    #[test]
    fn a_runs_springs_are_in_l_per_s_and_its_green_vega_adds_up_by_cell() {
        use crate::run::RunOptions;
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let basin = crate::Basin::default_basin();
        let s = Scenario::default().with(LeverId::Years, 1.0);
        let setup = Setup::new(&basin, &s, &RunOptions::default()).expect("set-up");
        let (h0, _) = setup.initial_heads().expect("steady state");
        let idle = idle_plan(&setup);
        let mut st = RunState::start(&setup, &h0);
        let r = step_month(&setup, &mut st, idle_month(&setup.climate[0], &idle));
        let springs: f64 = (0..st.gw.n)
            .filter(|&i| !matches!(st.gw.zone_of(i), EvapZone::Vega | EvapZone::Lagoon))
            .map(|i| st.fx.spring_out[i])
            .sum();
        assert!(springs > 0.0);
        let l_per_s = springs * 1000.0 / 86_400.0;
        assert!(
            (r.spring_l_per_s - l_per_s).abs() <= 1e-12 * l_per_s,
            "{} against {l_per_s}",
            r.spring_l_per_s
        );
        // A year of the same basin: each month's green vega is its cells' green areas.
        let track = setup.simulate(&h0, &idle, None);
        let vega_cells: Vec<usize> = (0..st.gw.n)
            .filter(|&i| st.gw.zone_of(i) == EvapZone::Vega)
            .collect();
        assert!(vega_cells.len() > 1);
        for (m, &ha) in track.series.vega_ha.iter().enumerate() {
            let by_cell: f64 = vega_cells.iter().map(|&i| track.vega_green_ha[i][m]).sum();
            assert!(ha > 1.0, "{ha} ha");
            assert!((by_cell - ha).abs() <= 1e-12 * ha, "{by_cell} against {ha}");
            // No cell is greener than its whole area.
            for &i in &vega_cells {
                let area_ha = st.gw.area[i] / 1.0e4;
                let g = track.vega_green_ha[i][m];
                assert!(g > 0.0 && g <= area_ha, "cell {i}: {g} of {area_ha} ha");
            }
        }
    }

    /// The protection rule reads last month's drawdown against the baseline: a run of the idle
    /// plan against a copy of its own track (drawdown 0 everywhere) whose protected cell stands
    /// 2 m higher in month 0 (over a threshold of 1 m), 0.5 m higher in month 5 (under it) and
    /// exactly the threshold higher in month 8 (not over it) is cut in month 1 only.
    #[test]
    fn the_protection_rule_cuts_the_month_after_the_drawdown_passes_the_threshold() {
        use crate::run::setup::Protection;
        use crate::run::RunOptions;
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let text = include_str!("../../tests/data/three-zone-salar.toml");
        let basin = crate::Basin::from_toml_str(text).expect("the salar");
        let s = Scenario::default().with(LeverId::Years, 1.0);
        let mut setup = Setup::new(&basin, &s, &RunOptions::default()).expect("set-up");
        let (h0, _) = setup.initial_heads().expect("steady state");
        let idle = idle_plan(&setup);
        let own = setup.simulate(&h0, &idle, None);
        assert!(own.series.protection.iter().all(|&p| !p));
        let cell = 2;
        let mut baseline = own.clone();
        let b = &mut baseline.heads[cell];
        b[0] += 2.0;
        b[5] += 0.5;
        b[8] += 1.0;
        // The threshold is month 8's drawdown as the rule computes it (1 m, to round-off).
        let threshold_m = b[8] - own.heads[cell][8];
        assert!((threshold_m - 1.0).abs() < 1e-9);
        // The water table moves far less than that from one month to the next.
        for w in own.heads[cell].windows(2) {
            assert!((w[1] - w[0]).abs() < 0.1, "{w:?}");
        }
        setup.protect = Some(Protection {
            cell,
            threshold_m,
            cut: 0.5,
        });
        let run = setup.simulate(&h0, &idle, Some(&baseline));
        let cut: Vec<usize> = (0..12).filter(|&m| run.series.protection[m]).collect();
        assert_eq!(cut, vec![1]);
        // Nothing produced, nothing to cut: the run is its own baseline's.
        assert_eq!(run.heads, own.heads);
    }

    /// What a month's accounts must be in a basin with lens cells (a month in one step, whose
    /// fluxes are the last step's), whatever the split of a lens cell between the fresh and the
    /// brine account: each category, over both accounts, is its flux summed over the cells of
    /// its zones (a lens cell's fresh and brine parts add up to its total); no category of
    /// either account is negative; the exchange between cells sums to nothing over the basin
    /// (what one cell sends, another receives); and each account closes. Returns what the lens
    /// cells alone give each category (both fluids, and the brine parts), so that a test can
    /// show the lens cells at work.
    fn lens_month_categories(st: &RunState, acc: &MonthAccounts) -> (WaterAccount, WaterAccount) {
        let (gw, fx) = (&st.gw, &st.fx);
        let dt = DAYS_PER_MONTH;
        assert_eq!(st.stats.months_refined, 0);
        let (b, f) = (acc.brine, acc.fresh);
        let tol = 1e-10 * acc.throughput_m3;
        let near = |what: &str, a: f64, want: f64| {
            assert!((a - want).abs() <= tol, "{what}: {a} against {want}");
        };
        let sum = |cells: &[usize], keep: &dyn Fn(usize) -> bool, v: &dyn Fn(usize) -> f64| {
            cells
                .iter()
                .filter(|&&i| keep(i))
                .map(|&i| v(i) * dt)
                .sum::<f64>()
        };
        let all: Vec<usize> = (0..gw.n).collect();
        let zone = |z: EvapZone| move |i: usize| gw.zone_of(i) == z;
        let not = |z: EvapZone| move |i: usize| gw.zone_of(i) != z;
        let flat = |i: usize| matches!(gw.zone_of(i), EvapZone::Mudflat | EvapZone::None);
        let any = |_: usize| true;
        let rain = |i: usize| fx.rain[i];
        let evap = |i: usize| fx.evap[i];
        let spring = |i: usize| fx.spring_out[i];
        let b_in = |i: usize| fx.boundary_in[i].max(0.0);
        let b_out = |i: usize| (-fx.boundary_in[i]).max(0.0);
        let pumped = |i: usize| fx.pumped[i] + fx.pumped_brine[i];
        let spill = |i: usize| fx.spill_out[i];
        let injected = |i: usize| fx.injected[i];
        let stream = |i: usize| st.stream_rate[i];
        let both = |x: fn(&WaterAccount) -> f64| x(&b) + x(&f);
        near(
            "rain on the crust",
            both(|a| a.rain_on_crust_m3),
            sum(&all, &zone(EvapZone::Crust), &rain),
        );
        near(
            "rain on lagoons and flats",
            both(|a| a.rain_on_lagoons_m3),
            sum(&all, &not(EvapZone::Crust), &rain),
        );
        near(
            "crust evaporation",
            both(|a| a.evap_crust_m3),
            sum(&all, &zone(EvapZone::Crust), &evap),
        );
        near(
            "vega evaporation",
            both(|a| a.evap_vega_m3),
            sum(&all, &zone(EvapZone::Vega), &evap),
        );
        near(
            "lagoon evaporation",
            both(|a| a.evap_lagoon_m3),
            sum(&all, &zone(EvapZone::Lagoon), &evap),
        );
        near(
            "mud-flat evaporation",
            both(|a| a.evap_mudflat_m3),
            sum(&all, &flat, &evap),
        );
        near(
            "vega outflow",
            both(|a| a.vega_outflow_m3),
            sum(&all, &zone(EvapZone::Vega), &spring),
        );
        near(
            "springs",
            both(|a| a.springs_m3),
            sum(&all, &not(EvapZone::Vega), &spring),
        );
        near("overflow", both(|a| a.overflow_m3), sum(&all, &any, &spill));
        near(
            "boundary in",
            both(|a| a.boundary_in_m3),
            sum(&all, &any, &b_in),
        );
        near(
            "boundary out",
            both(|a| a.boundary_out_m3),
            sum(&all, &any, &b_out),
        );
        near("pumped", both(|a| a.pumped_m3), sum(&all, &any, &pumped));
        near(
            "reinjected",
            both(|a| a.reinjected_m3),
            sum(&all, &any, &injected),
        );
        near("stream", both(|a| a.stream_m3), sum(&all, &any, &stream));
        // Recharge, stream and old water are what reached the cells, the stream and the old
        // water being their own parts of it.
        let reached = |i: usize| st.f.recharge[i];
        near(
            "recharge, stream and old water",
            both(|a| a.recharge_m3 + a.stream_m3 + a.old_water_m3),
            sum(&all, &any, &reached),
        );
        // Storage: each cell's change of volume (a lens cell's two fluids).
        let dv: f64 = (0..gw.n)
            .map(|i| match gw.lens_volume_change(i, &st.h, &st.h_old) {
                Some((fresh, brine)) => fresh + brine,
                None => gw.volume_change(i, st.h[i], st.h_old[i]),
            })
            .sum();
        near("storage", both(|a| a.storage_change_m3), dv);
        // What cells send each other, counted by both, cancels out.
        near("exchange", both(|a| a.exchange_in_m3), 0.0);
        for a in [b, f] {
            for x in [
                a.rain_on_crust_m3,
                a.rain_on_lagoons_m3,
                a.evap_crust_m3,
                a.evap_mudflat_m3,
                a.evap_vega_m3,
                a.evap_lagoon_m3,
                a.vega_outflow_m3,
                a.springs_m3,
                a.overflow_m3,
                a.boundary_in_m3,
                a.boundary_out_m3,
                a.pumped_m3,
                a.reinjected_m3,
                a.recharge_m3,
                a.old_water_m3,
                a.stream_m3,
            ] {
                assert!(x >= 0.0, "{a:?}");
            }
            assert!(a.closure_m3.abs() <= 1e-9 * acc.throughput_m3, "{a:?}");
        }
        // The lens cells' own part of each category.
        let lens = &st.lens_cells;
        let lens_all = WaterAccount {
            rain_on_crust_m3: sum(lens, &zone(EvapZone::Crust), &rain),
            rain_on_lagoons_m3: sum(lens, &not(EvapZone::Crust), &rain),
            evap_crust_m3: sum(lens, &zone(EvapZone::Crust), &evap),
            evap_vega_m3: sum(lens, &zone(EvapZone::Vega), &evap),
            evap_lagoon_m3: sum(lens, &zone(EvapZone::Lagoon), &evap),
            evap_mudflat_m3: sum(lens, &flat, &evap),
            vega_outflow_m3: sum(lens, &zone(EvapZone::Vega), &spring),
            springs_m3: sum(lens, &not(EvapZone::Vega), &spring),
            overflow_m3: sum(lens, &any, &spill),
            boundary_in_m3: sum(lens, &any, &b_in),
            boundary_out_m3: sum(lens, &any, &b_out),
            pumped_m3: sum(lens, &any, &|i| fx.pumped[i]),
            reinjected_m3: sum(lens, &any, &injected),
            stream_m3: sum(lens, &any, &stream),
            ..WaterAccount::default()
        };
        let lens_brine = WaterAccount {
            evap_mudflat_m3: sum(lens, &any, &|i| fx.evap_brine[i]),
            springs_m3: sum(lens, &any, &|i| fx.spring_out_brine[i]),
            overflow_m3: sum(lens, &any, &|i| fx.spill_out_brine[i]),
            pumped_m3: sum(lens, &any, &|i| fx.pumped_brine[i]),
            ..WaterAccount::default()
        };
        (lens_all, lens_brine)
    }

    /// Pastos Grandes with its lenses (lower fans, vegas, lagoons, margins) and 40 % old
    /// water, one margin's lens made crust, a lower fan fed by a boundary 5 m above its ground and a margin drained by
    /// one 20 m below its ground: a month's categories are the cells' fluxes
    /// ([`lens_month_categories`]), the lens cells at work in every one of them.
    #[test]
    fn a_lens_cells_month_splits_its_fluxes_between_the_accounts() {
        use crate::basin::HeadBoundary;
        use crate::run::RunOptions;
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let mut basin = crate::Basin::default_basin();
        let id =
            |basin: &crate::Basin, id: &str| basin.cells.iter().position(|c| c.id == id).expect(id);
        let (crust, fed, drained) = (
            id(&basin, "mar_n"),
            id(&basin, "fan_e_low"),
            id(&basin, "mar_s"),
        );
        basin.cells[crust].evap = EvapZone::Crust;
        for (cell, above_ground) in [(fed, 5.0), (drained, -20.0)] {
            let c = &mut basin.cells[cell];
            assert!(c.lens);
            c.boundary = Some(HeadBoundary {
                head_m: c.ground_m + above_ground,
                conductance_m2_per_day: 2000.0,
            });
        }
        let s = Scenario::default()
            .with(LeverId::Years, 1.0)
            .with(LeverId::OldWater, 40.0);
        let setup = Setup::new(&basin, &s, &RunOptions::default()).expect("set-up");
        assert_eq!(setup.substeps, 1);
        let (h0, _) = setup.initial_heads().expect("steady state");
        let idle = idle_plan(&setup);
        let mut st = RunState::start(&setup, &h0);
        let acc = step_month(&setup, &mut st, idle_month(&setup.climate[0], &idle)).accounts;
        let (lens, _) = lens_month_categories(&st, &acc);
        // Old water reaches lens cells too.
        assert!(st
            .lens_cells
            .iter()
            .any(|&i| setup.old_water_m3_per_day[i] > 0.0));
        for x in [
            lens.rain_on_crust_m3,
            lens.rain_on_lagoons_m3,
            lens.evap_crust_m3,
            lens.evap_vega_m3,
            lens.evap_lagoon_m3,
            lens.evap_mudflat_m3,
            lens.vega_outflow_m3,
            lens.springs_m3,
            lens.overflow_m3,
            lens.boundary_in_m3,
            lens.boundary_out_m3,
            lens.stream_m3,
        ] {
            assert!(x > 0.0, "{lens:?}");
        }
    }

    /// A toy basin of thin lenses: a mud-flat margin 0.2 m below its ground over a lens 0.2 m
    /// thick, with a spring, and a lagoon 1 m deep whose lens is 0.2 m thick, overflowing, both
    /// onto an aquifer far below with a lens 10 m thick (all heads given), which takes the
    /// brine they send into its brine. A lens this thin gives up brine to
    /// evaporation, springs and overflow; a fixed well injects into the margin's lens and
    /// another pumps the lagoon's.
    const THIN_LENSES: &str = r#"
        [basin]
        id = "b"
        name_es = "B"
        name_en = "B"
        start_year = 2025
        [[cells]]
        id = "thin"
        kind = "margin"
        lens = true
        area_km2 = 1.0
        ground_m = 100.0
        bottom_m = -100.0
        sy = 0.1
        initial_head_m = 99.8
        initial_interface_m = 99.6
        spring = { to = "sink", elevation_m = 99.0, conductance_m2_per_day = 1000.0 }
        [[cells]]
        id = "pond"
        kind = "lagoon"
        lens = true
        area_km2 = 1.0
        ground_m = 100.0
        bottom_m = -100.0
        sy = 0.1
        initial_head_m = 101.0
        initial_interface_m = 100.8
        spill = { to = "sink", stage_m = 0.5 }
        [[cells]]
        id = "sink"
        kind = "aquifer"
        lens = true
        area_km2 = 1.0
        ground_m = 100.0
        bottom_m = -100.0
        sy = 0.1
        initial_head_m = 50.0
        initial_interface_m = 40.0
    "#;

    /// In [`THIN_LENSES`] the brine account holds the lens cells' brine parts and nothing else
    /// (every cell is a lens cell): the brine evaporated from the margin and the lagoon, what
    /// the margin's spring and the lagoon's overflow drew from the brine, the injection (which
    /// enters the brine); the brine the aquifer receives from them is exchanged from the fresh
    /// account to the brine account; and every category is the cells' fluxes
    /// ([`lens_month_categories`]).
    #[test]
    fn a_thin_lens_gives_brine_to_evaporation_springs_and_overflow() {
        use crate::run::RunOptions;
        use crate::scenario::levers::LeverId;
        use crate::scenario::Scenario;
        let basin = crate::Basin::from_toml_str(THIN_LENSES).expect("thin lenses");
        let s = Scenario::default().with(LeverId::Years, 1.0);
        let mut setup = Setup::new(&basin, &s, &RunOptions::default()).expect("set-up");
        let (thin, pond, sink) = (0, 1, 2);
        setup.fixed_wells = vec![(thin, -500.0), (pond, 300.0)];
        let (h0, _) = setup.initial_heads().expect("given heads");
        let idle = idle_plan(&setup);
        let mut st = RunState::start(&setup, &h0);
        assert_eq!(st.lens_cells, vec![thin, pond, sink]);
        assert!(st.brine_domain.is_empty() && st.fresh_domain.is_empty());
        let acc = step_month(&setup, &mut st, idle_month(&setup.climate[0], &idle)).accounts;
        assert_eq!(st.stats.steps, 1);
        let (lens, brine_parts) = lens_month_categories(&st, &acc);
        let fx = &st.fx;
        let dt = DAYS_PER_MONTH;
        for x in [
            fx.evap_brine[thin],
            fx.evap_brine[pond],
            fx.spring_out_brine[thin],
            fx.spill_out_brine[pond],
            fx.injected[thin],
            fx.pumped[pond],
        ] {
            assert!(x > 0.0, "{fx:?}");
        }
        // Each brine part is a share of its flux.
        assert!(fx.evap_brine[thin] < fx.evap[thin] && fx.evap_brine[pond] < fx.evap[pond]);
        assert!(fx.spring_out_brine[thin] < fx.spring_out[thin]);
        assert!(fx.spill_out_brine[pond] < fx.spill_out[pond]);
        assert!(lens.pumped_m3 > 0.0 && lens.reinjected_m3 > 0.0 && brine_parts.springs_m3 > 0.0);
        // The aquifer takes the spring's and the overflow's brine into its brine.
        assert_eq!(fx.spring_in_brine[sink], fx.spring_out_brine[thin]);
        assert_eq!(fx.spill_in_brine[sink], fx.spill_out_brine[pond]);
        let b = acc.brine;
        let near = |a: f64, want: f64| (a - want).abs() <= 1e-12 * want.abs();
        assert_eq!(fx.evap[sink], 0.0);
        assert!(near(b.evap_mudflat_m3, fx.evap_brine[thin] * dt), "{b:?}");
        assert!(near(b.evap_lagoon_m3, fx.evap_brine[pond] * dt), "{b:?}");
        assert!(near(b.springs_m3, fx.spring_out_brine[thin] * dt), "{b:?}");
        assert!(near(b.overflow_m3, fx.spill_out_brine[pond] * dt), "{b:?}");
        assert!(near(b.reinjected_m3, fx.injected[thin] * dt), "{b:?}");
        assert_eq!(b.pumped_m3, 0.0);
        assert_eq!(b.vega_outflow_m3 + b.evap_vega_m3 + b.evap_crust_m3, 0.0);
    }

    #[test]
    fn month_closure_adds_the_domains_and_the_recharge_in_transit() {
        let mut acc = MonthAccounts {
            // Brine: inputs 1 + 2 + 5 (recharge, stream, rain on the crust), out 3 evaporated,
            // storage +4: closes at 8 − 3 − 4 = 1.
            brine: WaterAccount {
                recharge_m3: 1.0,
                stream_m3: 2.0,
                rain_on_crust_m3: 5.0,
                evap_crust_m3: 3.0,
                storage_change_m3: 4.0,
                ..WaterAccount::default()
            },
            // Fresh: inputs 10 + 20, out 8 pumped, storage −6: closes at 28.
            fresh: WaterAccount {
                recharge_m3: 10.0,
                stream_m3: 20.0,
                pumped_m3: 8.0,
                storage_change_m3: -6.0,
                ..WaterAccount::default()
            },
            // Generated 100, delivered 1 + 2 + 10 + 20 = 33, transit +60: 7 unaccounted.
            recharge_generated_m3: 100.0,
            transit_change_m3: 60.0,
            ..MonthAccounts::default()
        };
        close_month(&mut acc);
        assert_eq!(acc.brine.closure_m3, 1.0);
        assert_eq!(acc.fresh.closure_m3, 28.0);
        assert_eq!(acc.closure_m3, 1.0 + 28.0 + 7.0);
        // |100| + |60| + brine 1 + 2 + 5 + 3 + 4 + fresh 10 + 20 + 8 + 6.
        assert_eq!(acc.throughput_m3, 219.0);
    }
}
