//! Implicit (backward-Euler) finite-volume groundwater balance, solved by Newton's method.
//!
//! For each cell i, with outflows counted positive, the residual is
//!
//! `G_i = A_i S_i (h_i − h_i⁰)/Δt − Σ_j q_ji − R_i − I_i + P_i(h_i) + E_i(h_i) − Rain_i(h_i)
//!        + D_i(h_i) − Σ_{k→i} D_k(h_k) + O_i(h_i) − Σ_{k→i} O_k(h_k) − C_b,i (H_b,i − h_i)`
//!
//! with lateral flow `q_ij = C_ij · g(b_up) · (h_i − h_j)` (upstream saturated-thickness weighting
//! g, a smoothstep that is 1 above [`LATERAL_MIN_SAT_M`], so a drying cell cannot be emptied by its
//! neighbours), recharge R, injection I (in a cell with a water table, tapered to zero as the
//! table reaches the ground over [`INJECTION_TAPER_M`]; the refused part is reported), pumping P
//! smoothly limited as the saturated thickness nears
//! the cell's minimum (so heads never fall below the cell bottom; the undelivered part is the
//! shortfall), evaporation E and lagoon rain (see [`crate::surface`]), springs D and overflows O
//! above a vega's or lagoon's spill stage (`C · max(h − z_spill, 0)`, the corner smoothed over
//! [`PONDING_BLEND_M`]) delivered to their receiving cell inside the same solve, and an optional
//! general-head boundary.
//!
//! **Lens cells.** Where the basin flags a cell `lens`, fresh water floats on brine there: the
//! cell keeps its head as the lens's (fresh) head and gains a second unknown, the brine head,
//! after all the cells'; each fluid has its own balance row. Their terms are assembled in
//! [`lens_cells`].
//!
//! **Stopping rule.** Newton stops when every `|G_i| ≤ max(TOL · F, ε-floor_i)` where F is the
//! system's flux throughput (half the sum of absolute terms) and the floor is the round-off of the
//! cell's own terms — i.e. converged to [`NEWTON_REL_TOL`] of the throughput or to machine
//! precision — or after [`NEWTON_MAX_ITER`] iterations (reported, never silent). A backtracking
//! line search halves the step if the residual grows.

mod lens_cells;

use serde::Serialize;

use crate::basin::{Basin, EvapZone};
use crate::physics::solver::{elimination_order, Banded};
use crate::physics::surface::{
    lagoon_fraction, quadratic_ramp, smoothstep, spring_flow, DepthLaw, LAGOON_FULL_STAGE_M,
    VEGA_EXTINCTION_M, VEGA_ROOT_DECAY_M,
};

/// Newton tolerance on the residual, relative to the system flux throughput.
pub const NEWTON_REL_TOL: f64 = 1.0e-12;
/// Newton iteration limit per step.
pub const NEWTON_MAX_ITER: usize = 40;
/// Round-off of a sum of terms, relative to the sum of their absolute values (the first part of
/// a cell's round-off floor, see [`Groundwater::converged`]).
const TERM_ROUND_OFF: f64 = 64.0 * f64::EPSILON;
/// Saturated thickness below which a cell stops feeding its neighbours (upstream weighting), m.
pub const LATERAL_MIN_SAT_M: f64 = 1.0;
/// Pumping tapers to zero over the lowest share of a cell's thickness (well screens and pump
/// intakes sit above the aquifer base): fraction of thickness …
pub const PUMP_MIN_SAT_FRACTION: f64 = 0.05;
/// … but never less than this many metres.
pub const PUMP_MIN_SAT_M: f64 = 2.0;
/// Where a cell's pump intakes sit at a given depth (`pump_depth_m`), pumping tapers to zero
/// over this height above them, m (pumps lose suction as the water reaches them).
pub const PUMP_INTAKE_TAPER_M: f64 = 10.0;
/// Injection into a cell with a water table tapers to zero as the table rises over this last
/// height below the ground, m (a well cannot push brine into an aquifer that is full to the
/// crust). Below the shallowest natural depth to brine at any reinjection site (0.41 m), so the
/// natural state refuses nothing.
pub const INJECTION_TAPER_M: f64 = 0.25;

/// Width of the quadratic blend between aquifer storage (`Sy + Ss·b`) below the ground surface
/// and open-water storage (1 + `Ss·b`) above it, m. A few centimetres: small against seasonal
/// swings (decimetres), wide enough that Newton sees a continuous `dV/dh`.
pub const PONDING_BLEND_M: f64 = 0.04;

/// Smoothed ramp `max(x, 0)` over [`PONDING_BLEND_M`] ([`quadratic_ramp`]). Returns
/// `(r, dr/dx)`.
#[inline]
pub fn ponding_ramp(x: f64) -> (f64, f64) {
    // The reciprocal folds at compile time (the hot loop multiplies).
    const INV_W: f64 = 1.0 / PONDING_BLEND_M;
    quadratic_ramp(x, PONDING_BLEND_M, INV_W)
}

/// Evaporation law parameters, annual rates in m/day before the seasonal factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvapLaws {
    pub mudflat_surface_m_per_day: f64,
    pub crust_surface_m_per_day: f64,
    pub vega_m_per_day: f64,
    pub lagoon_m_per_day: f64,
    pub decay_m: f64,
    pub extinction_m: f64,
}

impl EvapLaws {
    /// Every surface rate zero: the groundwater flow alone (analytical checks, well tests). The
    /// depth constants are the basin's defaults and do not matter at zero rates.
    pub fn none() -> EvapLaws {
        EvapLaws {
            mudflat_surface_m_per_day: 0.0,
            crust_surface_m_per_day: 0.0,
            vega_m_per_day: 0.0,
            lagoon_m_per_day: 0.0,
            decay_m: 0.35,
            extinction_m: 2.0,
        }
    }
}

/// Forcing of one implicit step (rates constant over the step), m³/day unless stated.
#[derive(Debug, Clone)]
pub struct StepForcing {
    pub recharge: Vec<f64>,
    /// Pumping from the cell's water: a lens cell's fresh-water wells draw on the lens.
    pub pump_request: Vec<f64>,
    /// Pumping from the brine: a lens cell's brine wells (a one-fluid cell adds it to its only
    /// request).
    pub pump_brine_request: Vec<f64>,
    pub inject: Vec<f64>,
    /// Seasonal multiplier on evaporation rates.
    pub evap_season: f64,
    /// Rain on open water, m/day.
    pub rain_m_per_day: f64,
}

impl StepForcing {
    pub fn zeros(n: usize) -> StepForcing {
        StepForcing {
            recharge: vec![0.0; n],
            pump_request: vec![0.0; n],
            pump_brine_request: vec![0.0; n],
            inject: vec![0.0; n],
            evap_season: 1.0,
            rain_m_per_day: 0.0,
        }
    }
}

/// Why Newton stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    Converged,
    MaxIterations,
    SingularMatrix,
}

/// Outcome of one implicit solve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SolveReport {
    pub iterations: usize,
    pub reason: StopReason,
    /// Largest |residual| relative to the flux throughput at exit.
    pub max_rel_residual: f64,
    /// Largest growth factor of the Jacobian's elimination (max |U| over max |J|) in this
    /// solve, when watched ([`Groundwater::watch_pivot_growth`]); 0 otherwise.
    pub pivot_growth: f64,
}

/// Per-cell fluxes at a solution, m³/day (outflows positive where named so).
#[derive(Debug, Clone, Default)]
pub struct Fluxes {
    pub pumped: Vec<f64>,
    /// Injection the aquifer accepted (the request less what the full water table refused).
    pub injected: Vec<f64>,
    pub evap: Vec<f64>,
    pub rain: Vec<f64>,
    pub spring_out: Vec<f64>,
    pub spring_in: Vec<f64>,
    /// Surface overflow above the spill stage, out of and into each cell.
    pub spill_out: Vec<f64>,
    pub spill_in: Vec<f64>,
    pub boundary_in: Vec<f64>,
    /// Net lateral inflow from neighbours.
    pub lateral_in: Vec<f64>,
    /// Lateral flow along each connection, from `a` to `b`.
    pub conn_flow: Vec<f64>,
    /// Open-water fraction of lagoon cells (0 elsewhere).
    pub lagoon_frac: Vec<f64>,
    /// Lens cells' brine wells (their `pumped` is the fresh-water wells'), and the part of their
    /// evaporation, springs and overflows drawn from the brine, m³/day (0 in one-fluid cells).
    pub pumped_brine: Vec<f64>,
    pub evap_brine: Vec<f64>,
    pub spring_out_brine: Vec<f64>,
    pub spill_out_brine: Vec<f64>,
    /// Of `spring_in` and `spill_in`, what a lens receiver took into its brine (a lens source's
    /// brine part).
    pub spring_in_brine: Vec<f64>,
    pub spill_in_brine: Vec<f64>,
    /// Net brine inflow of lens cells from neighbours (their `lateral_in` is the fresh water's).
    pub lateral_in_brine: Vec<f64>,
}

/// The groundwater model of one basin: topology, ordering, factorisation workspace.
#[derive(Debug, Clone)]
pub struct Groundwater {
    pub n: usize,
    /// Unknowns: a head per cell, then the brine head of each lens cell.
    pub n_unknowns: usize,
    pub area: Vec<f64>,
    /// `A·(Sy + Ss·b)`, m²: storage per metre of head below the ground surface.
    pub storage: Vec<f64>,
    /// `A·(1 − Sy)`, m²: extra storage per metre of head above the ground (open water); 0 for
    /// confined cells (Sy = 0).
    pub pond_storage: Vec<f64>,
    /// Whether the cell has a water table (Sy > 0), where injection is refused as it reaches
    /// the ground; a cell whose Sy reaches 1 has one but does not pond.
    water_table: Vec<bool>,
    pub ground: Vec<f64>,
    pub bottom: Vec<f64>,
    /// Elevation pumping tapers towards (the pump intakes, or the cell's base) and the height of
    /// the taper above it, m.
    pump_floor: Vec<f64>,
    pump_min_sat: Vec<f64>,
    zone: Vec<EvapZone>,
    spring: Vec<Option<(f64, f64, usize)>>,
    boundary: Vec<Option<(f64, f64)>>,
    /// (a, b, conductance)
    pub conns: Vec<(usize, usize, f64)>,
    pub laws: EvapLaws,
    /// Depth laws of bare soil (mud-flat and crust) and vegas, constants precomputed.
    soil_law: DepthLaw,
    vega_law: DepthLaw,
    perm: Vec<usize>,
    jac: Banded,
    /// Whether solves measure the growth factor of each factorisation (tests of the
    /// no-pivoting bound; off in runs people see).
    watch_growth: bool,
    g: Vec<f64>,
    /// Per cell: sum of the absolute values of its terms at the last evaluation (the throughput
    /// is half their total; 64 ε of it is the cell's round-off floor before slopes).
    abs_sum: Vec<f64>,
    dx: Vec<f64>,
    /// Per cell: the round-off of its terms from head ulps (computed only when a convergence
    /// test needs it, see [`Groundwater::converged`]).
    st_ulp: Vec<f64>,
    /// Per cell: conductances of every spring and connection touching it and of its boundary,
    /// m²/day (bounds the head-ulp round-off without visiting the connections).
    conductance_sum: Vec<f64>,
    h_try: Vec<f64>,
    /// Each spring cell's `dQ/dh` at the last evaluation (its round-off, see
    /// [`Groundwater::round_off`]).
    d_spring: Vec<f64>,
    /// Each cell's `d(accepted injection)/dh` magnitude at the last evaluation (its round-off).
    d_inject: Vec<f64>,
    /// Band storage indices the evaluation adds the Jacobian into: the cell's diagonal; a
    /// spring's (source diagonal, receiver row), in the order of `springs`; a connection's
    /// `(aa, ab, ba, bb)`.
    ix_cell: Vec<usize>,
    ix_spring: Vec<(usize, usize)>,
    ix_conn: Vec<(usize, usize, usize, usize)>,
    /// Fluxes of the last evaluation (a solve ends on an evaluation at the heads it returns,
    /// so these are what [`Groundwater::fluxes`] reports).
    at_pump: Vec<f64>,
    at_inject: Vec<f64>,
    at_evap: Vec<f64>,
    at_rain: Vec<f64>,
    at_phi: Vec<f64>,
    at_spring: Vec<f64>,
    at_conn: Vec<f64>,
    at_boundary: Vec<f64>,
    /// Springs as (cell, outlet elevation, conductance, receiving cell).
    springs: Vec<(usize, f64, f64, usize)>,
    /// Overflows as (cell, spill elevation, conductance, receiving cell), their Jacobian indices
    /// (source diagonal, receiver row) and flows at the last evaluation.
    spills: Vec<(usize, f64, f64, usize)>,
    ix_spill: Vec<(usize, usize)>,
    at_spill: Vec<f64>,
    d_spill: Vec<f64>,
    /// Cell bottoms at the two ends of each connection.
    conn_bottoms: Vec<(f64, f64)>,
    /// Per-step constants (see [`Groundwater::prepare`]).
    pre_v0: Vec<f64>,
    pre_ecoef: Vec<f64>,
    pre_rcoef: Vec<f64>,
    /// Largest |head| among spring outlets and boundary heads (fixed by the basin).
    fixed_head_max: f64,
    /// Per step: `8 ε (A(Sy + Ss b + 1 − Sy)/Δt + conductance_sum)` (see [`Groundwater::converged`])
    /// and the largest |head| among old heads and `fixed_head_max`.
    pre_ulp_coef: Vec<f64>,
    pre_head_max: f64,
    /// Per cell: its index in `lenses`, or `usize::MAX` for a one-fluid cell.
    lens_of: Vec<usize>,
    lenses: Vec<lens_cells::LensCell>,
    lens_drains: Vec<lens_cells::LensDrain>,
    lens_links: Vec<lens_cells::LensLink>,
    lens_seeps: Vec<lens_cells::LensSeep>,
    /// Per lens: fresh and brine thickness and open-water shape at the step's old heads.
    pre_lens: Vec<[f64; 3]>,
    /// Per unknown: round-off of the lens terms in its row at the last evaluation; the rows they
    /// touch.
    lens_ulp: Vec<f64>,
    lens_rows: Vec<usize>,
    /// Lens fluxes of the last evaluation: brine wells and brine evaporation per cell, each
    /// lens's share of its surface sinks `(ω, dω/dh_f, dω/dh_b)`, each lens drain's (fresh,
    /// brine) parts and each lens link's (fresh, brine) flows.
    at_pump_brine: Vec<f64>,
    at_evap_brine: Vec<f64>,
    at_lens_share: Vec<(f64, f64, f64)>,
    at_lens_drain: Vec<[f64; 2]>,
    at_lens_link: Vec<[f64; 2]>,
    at_lens_seep: Vec<f64>,
    /// Per lens, at the heads of the evaluation in progress: its water table and the thicknesses
    /// its fresh water and its brine flow through. Pure functions of the lens's two heads,
    /// computed once per evaluation instead of once per link, drain and seep touching the lens.
    at_lens_col: Vec<lens_cells::LensHeads>,
}

/// The uncertain multipliers a scenario puts on the basin's aquifer: specific yield, every
/// conductance, the mixing zone's conductances (nucleus–non-nucleus links, on top of the
/// former) and the interface factor α of the lens cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Multipliers {
    pub storage: f64,
    pub conductivity: f64,
    pub mixing: f64,
    pub interface: f64,
}

impl Groundwater {
    /// Build from a basin with multipliers on storage, conductance (all), and mixing-zone
    /// conductance (nucleus–non-nucleus links).
    pub fn new(
        basin: &Basin,
        laws: EvapLaws,
        sy_mult: f64,
        k_mult: f64,
        mix_mult: f64,
    ) -> Groundwater {
        Groundwater::with_multipliers(
            basin,
            laws,
            Multipliers {
                storage: sy_mult,
                conductivity: k_mult,
                mixing: mix_mult,
                interface: 1.0,
            },
        )
    }

    /// Build from a basin with every multiplier, the interface factor's among them.
    pub fn with_multipliers(basin: &Basin, laws: EvapLaws, m: Multipliers) -> Groundwater {
        use crate::basin::CellKind;
        let (sy_mult, k_mult, mix_mult) = (m.storage, m.conductivity, m.mixing);
        let n = basin.cells.len();
        let cells = &basin.cells;
        let all_conns: Vec<(usize, usize, f64, f64)> = basin
            .connections
            .iter()
            .map(|c| {
                let (ka, kb) = (cells[c.a].kind, cells[c.b].kind);
                let mixing = (ka == CellKind::Nucleus) != (kb == CellKind::Nucleus);
                let m = if mixing { k_mult * mix_mult } else { k_mult };
                (c.a, c.b, c.conductance_m2_per_day * m, c.face_thickness_m)
            })
            .collect();
        let all_spills: Vec<(usize, f64, f64, usize)> = cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.spill
                    .as_ref()
                    .map(|s| (i, c.ground_m + s.stage_m, s.conductance_m2_per_day, s.to))
            })
            .collect();
        let lens =
            lens_cells::LensLayout::for_basin(basin, sy_mult, m.interface, &all_conns, &all_spills);
        let n_unknowns = n + lens.lenses.len();
        // One-fluid terms: links, springs and overflows with no lens cell at the source or end.
        let is_lens = |i: usize| cells[i].lens;
        let conns: Vec<(usize, usize, f64)> = all_conns
            .iter()
            .filter(|c| !is_lens(c.0) && !is_lens(c.1))
            .map(|c| (c.0, c.1, c.2))
            .collect();
        let spills: Vec<(usize, f64, f64, usize)> =
            all_spills.into_iter().filter(|s| !is_lens(s.0)).collect();
        let mut edges: Vec<(usize, usize)> = conns.iter().map(|c| (c.0, c.1)).collect();
        for (i, c) in cells.iter().enumerate() {
            if let Some(s) = &c.spring {
                if !is_lens(i) {
                    edges.push((i, s.to));
                }
            }
        }
        edges.extend(spills.iter().map(|s| (s.0, s.3)));
        edges.extend(lens.edges.iter().copied());
        let perm = elimination_order(n_unknowns, &edges);
        let bw = edges
            .iter()
            .map(|&(a, b)| perm[a].abs_diff(perm[b]))
            .max()
            .unwrap_or(0);
        let pattern: Vec<(usize, usize)> = edges
            .iter()
            .flat_map(|&(a, b)| [(perm[a], perm[b]), (perm[b], perm[a])])
            .collect();
        let nu = n_unknowns;
        let mut lens_rows: Vec<usize> = lens.edges.iter().flat_map(|e| [e.0, e.1]).collect();
        crate::sorting::sort(&mut lens_rows);
        lens_rows.dedup();
        let mut gw = Groundwater {
            n,
            n_unknowns,
            area: cells.iter().map(|c| c.area_m2).collect(),
            storage: cells
                .iter()
                .map(|c| c.area_m2 * (c.sy * sy_mult + c.ss * (c.ground_m - c.bottom_m)))
                .collect(),
            pond_storage: cells
                .iter()
                .map(|c| {
                    // Only a cell with a water table (Sy > 0) ponds; a confined cell (Sy = 0, e.g.
                    // a regular confined grid) stays elastic above its top (artesian head).
                    let sy = c.sy * sy_mult;
                    if sy > 0.0 {
                        c.area_m2 * (1.0 - sy).max(0.0)
                    } else {
                        0.0
                    }
                })
                .collect(),
            water_table: cells.iter().map(|c| c.sy * sy_mult > 0.0).collect(),
            ground: cells.iter().map(|c| c.ground_m).collect(),
            bottom: cells.iter().map(|c| c.bottom_m).collect(),
            pump_floor: cells
                .iter()
                .map(|c| c.pump_depth_m.map_or(c.bottom_m, |d| c.ground_m - d))
                .collect(),
            pump_min_sat: cells
                .iter()
                .map(|c| match c.pump_depth_m {
                    Some(_) => PUMP_INTAKE_TAPER_M,
                    None => (PUMP_MIN_SAT_FRACTION * (c.ground_m - c.bottom_m)).max(PUMP_MIN_SAT_M),
                })
                .collect(),
            zone: cells.iter().map(|c| c.evap).collect(),
            spring: cells
                .iter()
                .map(|c| {
                    c.spring
                        .as_ref()
                        .map(|s| (s.elevation_m, s.conductance_m2_per_day, s.to))
                })
                .collect(),
            boundary: cells
                .iter()
                .map(|c| {
                    c.boundary
                        .as_ref()
                        .map(|b| (b.head_m, b.conductance_m2_per_day))
                })
                .collect(),
            conns,
            laws,
            soil_law: DepthLaw::from_depths(laws.decay_m, laws.extinction_m),
            vega_law: DepthLaw::from_depths(VEGA_ROOT_DECAY_M, VEGA_EXTINCTION_M),
            perm,
            jac: Banded::with_pattern(nu, bw, &pattern),
            watch_growth: false,
            g: vec![0.0; nu],
            abs_sum: vec![0.0; nu],
            dx: vec![0.0; nu],
            st_ulp: vec![0.0; nu],
            conductance_sum: vec![0.0; n],
            h_try: vec![0.0; nu],
            d_spring: vec![0.0; n],
            d_inject: vec![0.0; n],
            ix_cell: Vec::new(),
            ix_spring: Vec::new(),
            ix_conn: Vec::new(),
            at_pump: vec![0.0; n],
            at_inject: vec![0.0; n],
            at_evap: vec![0.0; n],
            at_rain: vec![0.0; n],
            at_phi: vec![0.0; n],
            at_spring: vec![0.0; n],
            at_conn: Vec::new(),
            at_boundary: vec![0.0; n],
            springs: Vec::new(),
            ix_spill: Vec::new(),
            at_spill: vec![0.0; spills.len()],
            d_spill: vec![0.0; spills.len()],
            spills,
            conn_bottoms: Vec::new(),
            pre_v0: vec![0.0; n],
            pre_ecoef: vec![0.0; n],
            pre_rcoef: vec![0.0; n],
            fixed_head_max: 0.0,
            pre_ulp_coef: vec![0.0; n],
            pre_head_max: 0.0,
            pre_lens: vec![[0.0; 3]; lens.lenses.len()],
            lens_ulp: vec![0.0; nu],
            lens_rows,
            at_pump_brine: vec![0.0; n],
            at_evap_brine: vec![0.0; n],
            at_lens_share: vec![(0.0, 0.0, 0.0); lens.lenses.len()],
            at_lens_drain: vec![[0.0; 2]; lens.drains.len()],
            at_lens_link: vec![[0.0; 2]; lens.links.len()],
            at_lens_seep: vec![0.0; lens.seeps.len()],
            at_lens_col: vec![lens_cells::LensHeads::default(); lens.lenses.len()],
            lens_seeps: lens.seeps,
            lens_of: lens.lens_of,
            lenses: lens.lenses,
            lens_drains: lens.drains,
            lens_links: lens.links,
        };
        gw.conn_bottoms = gw
            .conns
            .iter()
            .map(|&(a, b, _)| (gw.bottom[a], gw.bottom[b]))
            .collect();
        gw.springs = (0..n)
            .filter(|&i| gw.lens_of[i] == usize::MAX)
            .filter_map(|i| gw.spring[i].map(|(z, c, to)| (i, z, c, to)))
            .collect();
        for &(a, b, c) in &gw.conns {
            gw.conductance_sum[a] += c;
            gw.conductance_sum[b] += c;
        }
        for &(i, _, c, to) in gw.springs.iter().chain(&gw.spills) {
            gw.conductance_sum[i] += c;
            gw.conductance_sum[to] += c;
        }
        for i in 0..n {
            if let Some((_, cb)) = gw.boundary[i] {
                gw.conductance_sum[i] += cb;
            }
        }
        let outlets = gw.springs.iter().chain(&gw.spills).map(|s| s.1.abs());
        let boundaries = gw.boundary.iter().flatten().map(|b| b.0.abs());
        gw.fixed_head_max = outlets.chain(boundaries).fold(0.0, f64::max);
        gw.at_conn = vec![0.0; gw.conns.len()];
        gw.ix_cell = (0..n).map(|i| gw.jac.idx(gw.perm[i], gw.perm[i])).collect();
        // A drain from cell i into `to` adds its slope to i's diagonal and to `to`'s row.
        let drain_ix = |&(i, _, _, to): &(usize, f64, f64, usize)| {
            let (pi, pt) = (gw.perm[i], gw.perm[to]);
            (gw.jac.idx(pi, pi), gw.jac.idx(pt, pi))
        };
        gw.ix_spring = gw.springs.iter().map(drain_ix).collect();
        gw.ix_spill = gw.spills.iter().map(drain_ix).collect();
        gw.ix_conn = gw
            .conns
            .iter()
            .map(|&(a, b, _)| {
                let (pa, pb) = (gw.perm[a], gw.perm[b]);
                (
                    gw.jac.idx(pa, pa),
                    gw.jac.idx(pa, pb),
                    gw.jac.idx(pb, pa),
                    gw.jac.idx(pb, pb),
                )
            })
            .collect();
        gw.index_lens_terms();
        gw
    }

    /// Cell i's lens, if it carries one.
    #[inline]
    fn lens(&self, i: usize) -> Option<&lens_cells::LensCell> {
        self.lenses.get(self.lens_of[i])
    }

    /// Measure the growth factor of every factorisation from now on
    /// ([`SolveReport::pivot_growth`]): LU without pivoting is stable while it stays small.
    pub fn watch_pivot_growth(&mut self) {
        self.watch_growth = true;
    }

    /// Whether cell i carries a lens (a fresh and a brine head), and the unknown of its brine head.
    #[inline]
    pub fn lens_brine_unknown(&self, i: usize) -> Option<usize> {
        self.lens(i).map(|l| l.brine)
    }

    /// The lens column of cell i, if it carries one.
    pub fn lens_column(&self, i: usize) -> Option<&crate::physics::lens::LensColumn> {
        self.lens(i).map(|l| &l.col)
    }

    /// Change of the fresh and brine volumes stored in lens cell i between the unknowns `x0` and
    /// `x`, m³ (open water counts as fresh). `None` for a one-fluid cell.
    pub fn lens_volume_change(&self, i: usize, x: &[f64], x0: &[f64]) -> Option<(f64, f64)> {
        let l = self.lens(i)?;
        let c = &l.col;
        let (hf, hb, hf0, hb0) = (x[i], x[l.brine], x0[i], x0[l.brine]);
        let (lagoon, z) = (self.zone[i] == EvapZone::Lagoon, self.ground[i]);
        let open = |hf: f64, hb: f64| {
            self.pond_storage[i] * pond_shape(lagoon, c.water_table_m(hf, hb).value - z).0
        };
        let asy = c.area_m2 * c.specific_yield;
        let fresh = asy * (c.fresh_thickness_m(hf, hb).value - c.fresh_thickness_m(hf0, hb0).value)
            + (open(hf, hb) - open(hf0, hb0));
        let brine = asy * (c.brine_thickness_m(hf, hb).value - c.brine_thickness_m(hf0, hb0).value)
            + c.area_m2 * c.elastic_storage * (hb - hb0);
        Some((fresh, brine))
    }

    /// Water table of cell i from the unknowns, m: its head, or a lens cell's `h_b + r(φ)`.
    pub fn water_table_m(&self, i: usize, x: &[f64]) -> f64 {
        match self.lens(i) {
            Some(l) => l.col.water_table_m(x[i], x[l.brine]).value,
            None => x[i],
        }
    }

    /// Evaporation zone of cell i.
    pub fn zone_of(&self, i: usize) -> EvapZone {
        self.zone[i]
    }

    /// Green share of a vega the water table supports at this depth: the vega ET factor capped
    /// at 1 (a vega is as green as its roots find water). The reported green area adds the
    /// vegetation's die-back and slow regrowth ([`crate::physics::vega`]).
    pub fn vega_green_share(&self, depth_m: f64) -> f64 {
        self.vega_law.factor(depth_m).0.min(1.0)
    }

    /// Overflows as (cell, receiving cell), in the order of [`Fluxes`]' per-spill bookkeeping.
    pub fn spill_links(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.spills.iter().map(|s| (s.0, s.3))
    }

    /// Receiving cell of cell i's spring, if it has one.
    pub fn spring_target(&self, i: usize) -> Option<usize> {
        self.spring[i].map(|s| s.2)
    }

    /// Change of stored water volume in cell i from head `h0` to `h`, m³. See the module
    /// documentation for `V(h)`.
    #[inline]
    pub fn volume_change(&self, i: usize, h: f64, h0: f64) -> f64 {
        let z = self.ground[i];
        let (v1, _) = self.pond_shape(i, h - z);
        let (v0, _) = self.pond_shape(i, h0 - z);
        let (s, p) = (self.storage[i], self.pond_storage[i]);
        s * (h - h0) + p * (v1 - v0)
    }

    /// Open water stored above the ground at head `h` beyond what the aquifer storage `A·S`
    /// counts, m³: the part of `volume_change` that is not linear in the head.
    #[inline]
    pub fn open_water_m3(&self, i: usize, h: f64) -> f64 {
        self.pond_storage[i] * self.pond_shape(i, h - self.ground[i]).0
    }

    #[inline]
    fn pond_shape(&self, i: usize, x: f64) -> (f64, f64) {
        pond_shape(self.zone[i] == EvapZone::Lagoon, x)
    }

    /// Largest `|d(accepted injection)/dh|` of cell i under an injection request `inj`, m²/day
    /// (the smoothstep's slope peaks at 1.5 over the taper); 0 where nothing tapers.
    #[inline]
    fn inject_slope_max(&self, i: usize, inj: f64) -> f64 {
        if inj > 0.0 && self.water_table[i] {
            1.5 * inj / INJECTION_TAPER_M
        } else {
            0.0
        }
    }

    /// Bandwidth of the reordered Jacobian.
    pub fn bandwidth(&self) -> usize {
        self.jac.bw
    }

    /// Residual (into `self.g`), each cell's sum of absolute terms, and the Jacobian (into the
    /// band matrix, its terms added in the residual's order: cells, springs, connections).
    /// Returns the flux throughput (half the sum of absolute terms), m³/day.
    fn eval(&mut self, h: &[f64], h0: &[f64], inv_dt: f64, f: &StepForcing) -> f64 {
        let n = self.n;
        self.jac.clear();
        let jac = &mut self.jac.data;
        // Lens terms read the brine heads after the cells'.
        let (x, x0) = (h, h0);
        // Every per-cell array re-sliced to `n`, so the loop's bounds checks hoist out of it.
        let (h, h0) = (&h[..n], &h0[..n]);
        let (rech, inj, req) = (&f.recharge[..n], &f.inject[..n], &f.pump_request[..n]);
        let req_brine = &f.pump_brine_request[..n];
        let lens_of = &self.lens_of[..n];
        let (ground, water_table) = (&self.ground[..n], &self.water_table[..n]);
        let (storage, pond_storage) = (&self.storage[..n], &self.pond_storage[..n]);
        let (zone, boundary, pump_floor, pump_min_sat) = (
            &self.zone[..n],
            &self.boundary[..n],
            &self.pump_floor[..n],
            &self.pump_min_sat[..n],
        );
        let (pre_v0, pre_ecoef, pre_rcoef) = (
            &self.pre_v0[..n],
            &self.pre_ecoef[..n],
            &self.pre_rcoef[..n],
        );
        let (g, abs_sum, ix_cell) = (&mut self.g[..n], &mut self.abs_sum[..n], &self.ix_cell[..n]);
        let (at_pump, at_inject, d_inject) = (
            &mut self.at_pump[..n],
            &mut self.at_inject[..n],
            &mut self.d_inject[..n],
        );
        let (at_evap, at_rain, at_phi, at_boundary) = (
            &mut self.at_evap[..n],
            &mut self.at_rain[..n],
            &mut self.at_phi[..n],
            &mut self.at_boundary[..n],
        );
        let (soil_law, vega_law) = (&self.soil_law, &self.vega_law);
        for i in 0..n {
            if lens_of[i] != usize::MAX {
                // Its rows are assembled with the lens terms; springs and overflows from one-fluid
                // cells add to the fresh row before that.
                g[i] = 0.0;
                abs_sum[i] = 0.0;
                continue;
            }
            let hi = h[i];
            let z = ground[i];
            let lagoon = zone[i] == EvapZone::Lagoon;
            // Storage: `volume_change` with the old-head part fixed for the step (`pre_v0`).
            let (sv, st) = if inv_dt > 0.0 {
                let (v1, dv1) = pond_shape(lagoon, hi - z);
                let (sto, pst) = (storage[i], pond_storage[i]);
                let dv = sto * (hi - h0[i]) + pst * (v1 - pre_v0[i]);
                (dv * inv_dt, (sto + pst * dv1) * inv_dt)
            } else {
                (0.0, 0.0)
            };
            let (p, dp) = pump(req[i] + req_brine[i], hi - pump_floor[i], pump_min_sat[i]);
            let (q, dq) = accepted_injection(inj[i], water_table[i], z - hi);
            // Evaporation and rain, with the step's coefficients precomputed (`prepare`).
            let ec = pre_ecoef[i];
            let (e, de, r, dr, phi) = match zone[i] {
                EvapZone::None => (0.0, 0.0, 0.0, 0.0, 0.0),
                EvapZone::Mudflat => {
                    let (k, dk) = soil_law.factor(z - hi);
                    (ec * k, ec * dk, 0.0, 0.0, 0.0)
                }
                // Rain on the salt crust soaks into the halite whatever the depth to brine.
                EvapZone::Crust => {
                    let (k, dk) = soil_law.factor(z - hi);
                    (ec * k, ec * dk, pre_rcoef[i], 0.0, 0.0)
                }
                EvapZone::Vega => {
                    let (k, dk) = vega_law.factor(z - hi);
                    (ec * k, ec * dk, 0.0, 0.0, 0.0)
                }
                EvapZone::Lagoon => {
                    let (phi, dphi) = lagoon_fraction(hi, z);
                    let ar = pre_rcoef[i];
                    (ec * phi, ec * dphi, ar * phi, ar * dphi, phi)
                }
            };
            at_pump[i] = p;
            at_inject[i] = q;
            d_inject[i] = dq;
            at_evap[i] = e;
            at_rain[i] = r;
            at_phi[i] = phi;
            let mut gi = sv - rech[i] - q + p + e - r;
            let mut abs = sv.abs() + rech[i].abs() + q.abs() + p + e + r;
            // Accepted injection falls as the head rises: `−dq/dh = dq` on the diagonal.
            let mut diag = st + dp + de - dr + dq;
            if let Some((hb, cb)) = boundary[i] {
                let qb = cb * (hb - hi);
                gi -= qb;
                abs += qb.abs();
                diag += cb;
                at_boundary[i] = qb;
            }
            g[i] = gi;
            abs_sum[i] = abs;
            jac[ix_cell[i]] += diag;
        }
        for (&(i, z, c, to), &(ii, ti)) in self.springs.iter().zip(&self.ix_spring) {
            let (q, dq) = spring_flow(h[i], z, c);
            g[i] += q;
            g[to] -= q;
            abs_sum[i] += q;
            abs_sum[to] += q;
            self.d_spring[i] = dq;
            self.at_spring[i] = q;
            jac[ii] += dq;
            jac[ti] += -dq;
        }
        for (k, (&(i, z, c, to), &(ii, ti))) in self.spills.iter().zip(&self.ix_spill).enumerate() {
            let (r, dr) = ponding_ramp(h[i] - z);
            let (q, dq) = (c * r, c * dr);
            g[i] += q;
            g[to] -= q;
            abs_sum[i] += q;
            abs_sum[to] += q;
            self.d_spill[k] = dq;
            self.at_spill[k] = q;
            jac[ii] += dq;
            jac[ti] += -dq;
        }
        let nc = self.conns.len();
        let at_conn = &mut self.at_conn[..nc];
        for (k, ((&(a, b, c), &(bot_a, bot_b)), &(aa, ab, ba, bb))) in self
            .conns
            .iter()
            .zip(&self.conn_bottoms[..nc])
            .zip(&self.ix_conn[..nc])
            .enumerate()
        {
            let (ha, hb) = (h[a], h[b]);
            let (q, dqa, dqb) = lateral(c, ha, hb, bot_a, bot_b);
            g[a] += q;
            g[b] -= q;
            abs_sum[a] += q.abs();
            abs_sum[b] += q.abs();
            at_conn[k] = q;
            jac[aa] += dqa;
            jac[ab] += dqb;
            jac[ba] += -dqa;
            jac[bb] += -dqb;
        }
        if !self.lenses.is_empty() {
            self.eval_lens(x, x0, inv_dt, f);
        }
        0.5 * self.abs_sum.iter().sum::<f64>()
    }

    /// Per-step constants of the residual: the old-head open-water volume and the evaporation
    /// and rain coefficients (cell area × seasonal factor × zone rate; area × rain).
    fn prepare(&mut self, h0: &[f64], inv_dt: f64, f: &StepForcing) {
        let l = &self.laws;
        let mut head_max = self.fixed_head_max;
        for i in 0..self.n {
            if inv_dt > 0.0 {
                self.pre_v0[i] = self.pond_shape(i, h0[i] - self.ground[i]).0;
            }
            let a = self.area[i] * f.evap_season;
            self.pre_ecoef[i] = match self.zone[i] {
                EvapZone::None => 0.0,
                EvapZone::Mudflat => a * l.mudflat_surface_m_per_day,
                EvapZone::Crust => a * l.crust_surface_m_per_day,
                EvapZone::Vega => a * l.vega_m_per_day,
                EvapZone::Lagoon => a * l.lagoon_m_per_day,
            };
            self.pre_rcoef[i] = self.area[i] * f.rain_m_per_day;
            // Bound of `4 ε Σ slope (|h| + |h'|)` over 2·(largest |head|); 1e-6 above it, so
            // the bound's own rounding cannot fall below the exact floor.
            let storage_coef = (self.storage[i] + self.pond_storage[i]) * inv_dt;
            let inject_coef = self.inject_slope_max(i, f.inject[i]);
            self.pre_ulp_coef[i] = 8.0
                * f64::EPSILON
                * (storage_coef + self.conductance_sum[i] + inject_coef)
                * (1.0 + 1e-6);
            head_max = head_max.max(h0[i].abs());
            // The injection taper differences head and ground: a tapering cell's ground counts.
            if inject_coef > 0.0 {
                head_max = head_max.max(self.ground[i].abs());
            }
        }
        self.pre_head_max = head_max;
        if !self.lenses.is_empty() {
            self.prepare_lens(h0);
        }
    }

    /// Whether the last evaluation (at heads `h`) passes the stopping rule, and its largest
    /// |residual|, m³/day. A residual above the tolerance is accepted only
    /// within its cell's round-off floor, `64 ε Σ|terms| + 4 ε Σ slope · (|h| + |h'|)` (see
    /// [`Groundwater::round_off`]). Far from convergence a cheap upper bound of that floor
    /// (every `|h|` replaced by the largest head, every slope by its conductance or storage
    /// coefficient) already settles it; the exact floor is computed only when it cannot.
    fn converged(&mut self, h: &[f64], h0: &[f64], inv_dt: f64, through: f64) -> (bool, f64) {
        if !self.lenses.is_empty() {
            return self.converged_with_lenses(h, h0, inv_dt, through);
        }
        let n = self.n;
        let tol = NEWTON_REL_TOL * through.max(1e-300);
        let worst = max_or_nan(self.g[..n].iter().map(|x| x.abs()));
        if worst <= tol {
            return (true, worst);
        }
        if worst.is_nan() {
            return (false, worst);
        }
        let h_max = h[..n].iter().fold(self.pre_head_max, |m, x| m.max(x.abs()));
        let (g, abs_sum, coef) = (&self.g[..n], &self.abs_sum[..n], &self.pre_ulp_coef[..n]);
        for i in 0..n {
            let a = g[i].abs();
            if a > tol && a > TERM_ROUND_OFF * abs_sum[i] + coef[i] * h_max {
                return (false, worst);
            }
        }
        self.round_off(h, h0, inv_dt);
        let ok = (0..n).all(|i| {
            let floor = TERM_ROUND_OFF * self.abs_sum[i] + 4.0 * self.st_ulp[i];
            self.g[i].abs() <= tol.max(floor)
        });
        (ok, worst)
    }

    /// [`Groundwater::converged`] for a basin with lens cells: every row, the lens terms' round-off
    /// (`lens_ulp`, computed with them) added to each row's floor.
    fn converged_with_lenses(
        &mut self,
        h: &[f64],
        h0: &[f64],
        inv_dt: f64,
        through: f64,
    ) -> (bool, f64) {
        let nu = self.n_unknowns;
        let tol = NEWTON_REL_TOL * through.max(1e-300);
        let worst = max_or_nan(self.g[..nu].iter().map(|x| x.abs()));
        if worst <= tol {
            return (true, worst);
        }
        if worst.is_nan() {
            return (false, worst);
        }
        let h_max = h[..nu]
            .iter()
            .fold(self.pre_head_max, |m, x| m.max(x.abs()));
        for i in 0..nu {
            let a = self.g[i].abs();
            if a > tol && a > self.cheap_floor(i, h_max) {
                return (false, worst);
            }
        }
        self.round_off(h, h0, inv_dt);
        for l in &self.lenses {
            // A lens cell's own terms are all in `lens_ulp`.
            self.st_ulp[l.cell] = 0.0;
        }
        let ok = (0..nu).all(|i| {
            let floor =
                TERM_ROUND_OFF * self.abs_sum[i] + 4.0 * (self.st_ulp[i] + self.lens_ulp[i]);
            self.g[i].abs() <= tol.max(floor)
        });
        (ok, worst)
    }

    /// The cheap upper bound of row i's round-off floor in a basin with lens cells (a brine row
    /// has no one-fluid terms), with `h_max` the largest |head|.
    fn cheap_floor(&self, i: usize, h_max: f64) -> f64 {
        let coef = self.pre_ulp_coef.get(i).copied().unwrap_or(0.0);
        TERM_ROUND_OFF * self.abs_sum[i] + coef * h_max + 4.0 * self.lens_ulp[i]
    }

    /// Largest excess of a residual over its row's round-off floor (the cheap bound of
    /// [`Groundwater::converged`]) or the tolerance, whichever is larger, m³/day (0 when none
    /// exceeds it; NaN when a residual is NaN).
    fn excess_norm(&self, h: &[f64], through: f64) -> f64 {
        let tol = NEWTON_REL_TOL * through.max(1e-300);
        let nu = self.n_unknowns;
        let h_max = h[..nu]
            .iter()
            .fold(self.pre_head_max, |m, x| m.max(x.abs()));
        max_or_nan((0..nu).map(|i| self.g[i].abs() - tol.max(self.cheap_floor(i, h_max))))
    }

    /// Round-off of each cell's terms from the ulps of the heads they difference (`st_ulp`):
    /// storage (the open-water coefficient where either head is on or above the blend), boundary,
    /// springs and connections, each `ε · slope · (|h| + |h'|)`.
    fn round_off(&mut self, h: &[f64], h0: &[f64], inv_dt: f64) {
        let n = self.n;
        for i in 0..n {
            let (hi, z) = (h[i], self.ground[i]);
            let (sto, pst) = (self.storage[i], self.pond_storage[i]);
            let st = if inv_dt > 0.0 {
                let (_, dv1) = pond_shape(self.zone[i] == EvapZone::Lagoon, hi - z);
                (sto + pst * dv1) * inv_dt
            } else {
                0.0
            };
            let ponded = hi.max(h0[i]) > z - 0.5 * PONDING_BLEND_M;
            let s_ulp = if ponded { (sto + pst) * inv_dt } else { st };
            let mut slope =
                s_ulp * (hi.abs() + h0[i].abs()) + self.d_inject[i] * (hi.abs() + z.abs());
            if let Some((hb, cb)) = self.boundary[i] {
                slope += cb * (hb.abs() + hi.abs());
            }
            self.st_ulp[i] = slope * f64::EPSILON;
        }
        for &(i, z, _, to) in &self.springs {
            let u = self.d_spring[i] * (h[i].abs() + z.abs()) * f64::EPSILON;
            self.st_ulp[i] += u;
            self.st_ulp[to] += u;
        }
        for (&(i, z, _, to), &d) in self.spills.iter().zip(&self.d_spill) {
            let u = d * (h[i].abs() + z.abs()) * f64::EPSILON;
            self.st_ulp[i] += u;
            self.st_ulp[to] += u;
        }
        for &(a, b, c) in &self.conns {
            let u = c * (h[a].abs() + h[b].abs()) * f64::EPSILON;
            self.st_ulp[a] += u;
            self.st_ulp[b] += u;
        }
    }

    /// Solve one implicit step in place: `h` holds the initial guess on entry and the solution on
    /// exit. `dt_days = f64::INFINITY` solves the steady state (no storage term).
    ///
    /// Full Newton, a fresh factorisation each iteration. (A chord variant that kept the factors
    /// while they cut the residual tenfold was measured on the default basin: the reused factors
    /// contract only ~30-fold per iteration because springs and evaporation bend the Jacobian,
    /// so it needed twice the iterations, and the residual evaluation, not the 22-cell banded
    /// LU, dominates the cost; it was slower.)
    pub fn solve(
        &mut self,
        h: &mut [f64],
        h0: &[f64],
        dt_days: f64,
        f: &StepForcing,
    ) -> SolveReport {
        let inv_dt = if dt_days.is_finite() {
            1.0 / dt_days
        } else {
            0.0
        };
        let n = self.n_unknowns;
        self.prepare(h0, inv_dt, f);
        let mut through = self.eval(h, h0, inv_dt, f);
        let mut report = SolveReport {
            iterations: 0,
            reason: StopReason::MaxIterations,
            max_rel_residual: f64::INFINITY,
            pivot_growth: 0.0,
        };
        // The line search's norm at the point it accepted (the last one it evaluated): the
        // next iteration's starting norm, at the same heads, residual and throughput.
        let mut accepted_norm: Option<f64> = None;
        for it in 0..NEWTON_MAX_ITER {
            let (ok, norm0) = self.converged(h, h0, inv_dt, through);
            report.max_rel_residual = relative_residual(norm0, through);
            report.iterations = it;
            if ok {
                report.reason = StopReason::Converged;
                return report;
            }
            // With lens cells, the line search compares each residual's excess over its row's
            // round-off floor: rows resting at their round-off must not block the step the
            // others need, and a step keeping every row within its floor is taken whole (the
            // exact floor decides convergence; the cheap one here cannot see below it).
            let by_excess = !self.lenses.is_empty();
            let norm0 = if by_excess {
                accepted_norm.unwrap_or_else(|| self.excess_norm(h, through))
            } else {
                norm0
            };
            for i in 0..n {
                self.dx[self.perm[i]] = -self.g[i];
            }
            let before = if self.watch_growth {
                self.jac.max_abs()
            } else {
                0.0
            };
            if !self.jac.solve(&mut self.dx) {
                report.reason = StopReason::SingularMatrix;
                return report;
            }
            if self.watch_growth && before > 0.0 {
                report.pivot_growth = report.pivot_growth.max(self.jac.max_abs_upper() / before);
            }
            // At most 8 trials, the last at λ = 1/128, taken whatever its norm.
            let mut lambda = 1.0;
            for _ in 0..8 {
                for i in 0..n {
                    self.h_try[i] = h[i] + lambda * self.dx[self.perm[i]];
                }
                let ht = std::mem::take(&mut self.h_try);
                through = self.eval(&ht, h0, inv_dt, f);
                let norm1 = if by_excess {
                    self.excess_norm(&ht, through)
                } else {
                    max_or_nan(self.g.iter().map(|x| x.abs()))
                };
                self.h_try = ht;
                accepted_norm = Some(norm1);
                if norm1 <= norm0 {
                    break;
                }
                lambda *= 0.5;
            }
            h.copy_from_slice(&self.h_try);
        }
        let (ok, worst) = self.converged(h, h0, inv_dt, through);
        report.iterations = NEWTON_MAX_ITER;
        report.max_rel_residual = relative_residual(worst, through);
        if ok {
            report.reason = StopReason::Converged;
        }
        report
    }

    /// Fluxes of the last evaluation. Every exit of [`Groundwater::solve`] (converged, singular,
    /// out of iterations) comes right after an evaluation at the heads it returns, so after a
    /// solve these are the fluxes at its solution, bit for bit the terms of its balance.
    pub fn fluxes(&self, out: &mut Fluxes) {
        let n = self.n;
        for v in [
            &mut out.spring_out,
            &mut out.spring_in,
            &mut out.spill_out,
            &mut out.spill_in,
            &mut out.lateral_in,
        ] {
            v.clear();
            v.resize(n, 0.0);
        }
        out.pumped.clone_from(&self.at_pump);
        out.injected.clone_from(&self.at_inject);
        out.evap.clone_from(&self.at_evap);
        out.rain.clone_from(&self.at_rain);
        out.lagoon_frac.clone_from(&self.at_phi);
        out.boundary_in.clone_from(&self.at_boundary);
        out.conn_flow.clone_from(&self.at_conn);
        for &(i, _, _, to) in &self.springs {
            let q = self.at_spring[i];
            out.spring_out[i] += q;
            out.spring_in[to] += q;
        }
        for (&(i, _, _, to), &q) in self.spills.iter().zip(&self.at_spill) {
            out.spill_out[i] += q;
            out.spill_in[to] += q;
        }
        for (&(a, b, _), &q) in self.conns.iter().zip(&self.at_conn) {
            out.lateral_in[a] -= q;
            out.lateral_in[b] += q;
        }
        for v in [
            &mut out.spring_out_brine,
            &mut out.spill_out_brine,
            &mut out.spring_in_brine,
            &mut out.spill_in_brine,
            &mut out.lateral_in_brine,
        ] {
            v.clear();
            v.resize(n, 0.0);
        }
        out.pumped_brine.clone_from(&self.at_pump_brine);
        out.evap_brine.clone_from(&self.at_evap_brine);
        if self.lenses.is_empty() {
            return;
        }
        // Lens drains: the total leaves the source and reaches the receiver (its brine part
        // reported apart at the source; a lens receiver's share of it arrives in its brine).
        for (d, &[qf, qb]) in self.lens_drains.iter().zip(&self.at_lens_drain) {
            let src = self.lenses[d.lens].cell;
            let (out_v, out_b, in_v, in_b) = if d.spring {
                (
                    &mut out.spring_out,
                    &mut out.spring_out_brine,
                    &mut out.spring_in,
                    &mut out.spring_in_brine,
                )
            } else {
                (
                    &mut out.spill_out,
                    &mut out.spill_out_brine,
                    &mut out.spill_in,
                    &mut out.spill_in_brine,
                )
            };
            out_v[src] += qf + qb;
            out_b[src] += qb;
            in_v[d.to] += qf + qb;
            if self.lens_of[d.to] != usize::MAX {
                in_b[d.to] += qb;
            }
        }
        // Lens links: fresh flows into `lateral_in`; brine flows into a lens end's
        // `lateral_in_brine`, or a one-fluid end's `lateral_in`.
        for (link, &[qf, qb]) in self.lens_links.iter().zip(&self.at_lens_link) {
            for fl in &link.flows {
                let q = if fl.fresh { qf } else { qb };
                for (end, sign) in [(link.a, -1.0), (link.b, 1.0)] {
                    let lens_end = self.lens_of[end] != usize::MAX;
                    if !fl.fresh && lens_end {
                        out.lateral_in_brine[end] += sign * q;
                    } else {
                        out.lateral_in[end] += sign * q;
                    }
                }
            }
        }
        // Seeps: fresh water out of the lens, into the brine cell.
        for (s, &q) in self.lens_seeps.iter().zip(&self.at_lens_seep) {
            out.lateral_in[self.lenses[s.lens].cell] -= q;
            out.lateral_in[s.brine_cell] += q;
        }
    }

    /// Brine flowing through each link with a lens cell, as (cell a, cell b) and its rate from a
    /// to b at the last evaluation, m³/day.
    pub fn lens_brine_flows(&self) -> impl Iterator<Item = ((usize, usize), f64)> + '_ {
        self.lens_links
            .iter()
            .zip(&self.at_lens_link)
            .filter(|(l, _)| l.flows.iter().any(|f| !f.fresh))
            .map(|(l, q)| ((l.a, l.b), q[1]))
    }

    /// Fresh water seeping from each lens into a brine cell as (lens cell, brine cell) and its
    /// rate at the last evaluation, m³/day.
    pub fn lens_seep_flows(&self) -> impl Iterator<Item = ((usize, usize), f64)> + '_ {
        self.lens_seeps
            .iter()
            .zip(&self.at_lens_seep)
            .map(|(s, &q)| ((self.lenses[s.lens].cell, s.brine_cell), q))
    }

    /// Each lens drain as (source cell, receiving cell, spring?) and its (fresh, brine) parts at
    /// the last evaluation, m³/day.
    pub fn lens_drain_flows(&self) -> impl Iterator<Item = ((usize, usize, bool), [f64; 2])> + '_ {
        self.lens_drains
            .iter()
            .zip(&self.at_lens_drain)
            .map(|(d, &q)| ((self.lenses[d.lens].cell, d.to, d.spring), q))
    }
}

/// Open-water volume per unit of `A·(1 − Sy)` at stage `x` above the ground, and its slope.
/// Every cell: the smoothed ramp (storage 1 above ground). Lagoon cells: beyond
/// [`LAGOON_FULL_STAGE_M`] the water spreads past the mapped shore, so the surface area grows
/// with stage as the open-water fraction of the evaporation law does (asymptotically
/// `stage / LAGOON_FULL_STAGE_M`, [`lagoon_fraction`]); the stored volume follows that area:
/// `r(x) + r(x − s_full)²/(2 s_full)`.
#[inline]
fn pond_shape(lagoon: bool, x: f64) -> (f64, f64) {
    let (r, dr) = ponding_ramp(x);
    if lagoon {
        let (q, dq) = ponding_ramp(x - LAGOON_FULL_STAGE_M);
        (
            r + q * q / (2.0 * LAGOON_FULL_STAGE_M),
            dr + q * dq / LAGOON_FULL_STAGE_M,
        )
    } else {
        (r, dr)
    }
}

/// The report's residual: the largest residual as a share of the step's throughput.
#[inline]
fn relative_residual(worst_m3_day: f64, through_m3_day: f64) -> f64 {
    worst_m3_day / through_m3_day.max(1e-300)
}

/// The largest of `values` and 0, or NaN if any of them is NaN. `f64::max` returns its non-NaN
/// operand, so a plain fold would pass over a NaN residual and could call a step converged.
#[inline]
fn max_or_nan(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |m, x| if x > m || x.is_nan() { x } else { m })
}

/// Pumping delivered from a cell with `sat_m` of saturated thickness and its derivative: the
/// request, tapered to zero over the lowest `min_sat_m`.
#[inline]
fn pump(req: f64, sat_m: f64, min_sat_m: f64) -> (f64, f64) {
    if req <= 0.0 {
        return (0.0, 0.0);
    }
    let (s, ds) = smoothstep(sat_m / min_sat_m);
    (req * s, req * ds / min_sat_m)
}

/// Injection a cell accepts under the request `req` and its slope `−d/dh` (≥ 0), with the water
/// table `depth_m` below the ground: all of it in a confined cell (no water table; artesian heads
/// allowed), else the request tapered to zero over the last [`INJECTION_TAPER_M`] below the
/// ground.
#[inline]
fn accepted_injection(req: f64, water_table: bool, depth_m: f64) -> (f64, f64) {
    if req <= 0.0 || !water_table {
        return (req, 0.0);
    }
    let (s, ds) = smoothstep(depth_m / INJECTION_TAPER_M);
    (req * s, req * ds / INJECTION_TAPER_M)
}

/// Lateral flow from a to b with upstream saturated-thickness weighting.
/// Returns `(q, dq/dh_a, dq/dh_b)`.
#[inline]
fn lateral(c: f64, ha: f64, hb: f64, bot_a: f64, bot_b: f64) -> (f64, f64, f64) {
    let dh = ha - hb;
    if dh >= 0.0 {
        let (g, dg) = smoothstep((ha - bot_a) / LATERAL_MIN_SAT_M);
        let q = c * g * dh;
        (q, c * g + c * dg / LATERAL_MIN_SAT_M * dh, -c * g)
    } else {
        let (g, dg) = smoothstep((hb - bot_b) / LATERAL_MIN_SAT_M);
        let q = c * g * dh;
        (q, c * g, -c * g + c * dg / LATERAL_MIN_SAT_M * dh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::physics::rng::NormalStream;

    /// Surface laws with every rate non-zero (evaporation, vegas, lagoons), at rates of the
    /// default basin's order: the unit tests of this module and of its lens cells.
    pub(super) fn laws() -> EvapLaws {
        EvapLaws {
            mudflat_surface_m_per_day: 0.0005,
            crust_surface_m_per_day: 0.0004,
            vega_m_per_day: 0.002,
            lagoon_m_per_day: 0.004,
            decay_m: 0.35,
            extinction_m: 2.0,
        }
    }

    /// The largest |head| the round-off bound uses, and each cell's (cheap bound, exact round-off
    /// floor) at heads `h` after `h0`, as `converged` computes them.
    fn bound_and_floor(
        gw: &mut Groundwater,
        h: &[f64],
        h0: &[f64],
        inv_dt: f64,
        f: &StepForcing,
    ) -> (f64, Vec<(f64, f64)>) {
        gw.prepare(h0, inv_dt, f);
        gw.eval(h, h0, inv_dt, f);
        gw.round_off(h, h0, inv_dt);
        let h_max = h.iter().fold(gw.pre_head_max, |m, x| m.max(x.abs()));
        let cells = (0..gw.n)
            .map(|i| {
                let exact = TERM_ROUND_OFF * gw.abs_sum[i] + 4.0 * gw.st_ulp[i];
                let bound = TERM_ROUND_OFF * gw.abs_sum[i] + gw.pre_ulp_coef[i] * h_max;
                (bound, exact)
            })
            .collect();
        (h_max, cells)
    }

    /// The default basin with its lens cells made one-fluid, and a fixed-head boundary
    /// (conductance 50 m²/day) on its first and last cells at the heads `heads` gives for the
    /// basin's highest ground.
    fn one_fluid_basin(heads: impl Fn(f64) -> [f64; 2]) -> crate::Basin {
        let mut basin = crate::Basin::default_basin();
        for c in &mut basin.cells {
            c.lens = false;
        }
        let top = basin.cells.iter().map(|c| c.ground_m).fold(0.0, f64::max);
        let last = basin.cells.len() - 1;
        for (i, head_m) in [0, last].into_iter().zip(heads(top)) {
            basin.cells[i].boundary = Some(crate::basin::HeadBoundary {
                head_m,
                conductance_m2_per_day: 50.0,
            });
        }
        basin
    }

    /// The bound is tightest where every head is the largest head: each term's floor
    /// `4 ε c (|h| + |h'|)` is then `8 ε c h_max`, exactly the bound's share for that conductance.
    /// There every conductance of a cell (connections, springs, spills, a fixed-head boundary)
    /// must count in the bound, at small and large conductances alike. The default basin has no
    /// fixed-head boundary: two cells get one here, one at the largest head.
    #[test]
    fn round_off_bound_counts_every_conductance_at_equal_heads() {
        for scale in [1e-3, 1.0, 1e3] {
            let mut basin = crate::Basin::default_basin();
            for c in &mut basin.cells {
                c.lens = false;
                if let Some(s) = &mut c.spring {
                    s.conductance_m2_per_day *= scale;
                }
                if let Some(s) = &mut c.spill {
                    s.conductance_m2_per_day *= scale;
                }
            }
            for c in &mut basin.connections {
                c.conductance_m2_per_day *= scale;
            }
            let top = basin.cells.iter().map(|c| c.ground_m).fold(0.0, f64::max);
            for (k, i) in [0, basin.cells.len() - 1].into_iter().enumerate() {
                basin.cells[i].boundary = Some(crate::basin::HeadBoundary {
                    head_m: top - k as f64,
                    conductance_m2_per_day: 50.0 * scale,
                });
            }
            let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
            let n = gw.n;
            assert!(gw.springs.len() + gw.spills.len() > 2, "{scale}");
            let h = vec![top; n];
            let (h_max, cells) = bound_and_floor(&mut gw, &h, &h, 0.0, &StepForcing::zeros(n));
            assert_eq!(h_max, top);
            for (i, (bound, exact)) in cells.into_iter().enumerate() {
                assert!(
                    bound >= exact,
                    "scale {scale}, cell {i}: bound {bound:e} < exact {exact:e}"
                );
            }
        }
    }

    /// Newton needs the exact Jacobian of the one-fluid cells too: every entry against central
    /// differences of the residual, on the default basin without lenses (its vegas, lagoons,
    /// springs and overflows, and two head boundaries), over random heads around the ground that
    /// cross the ponding, root, lagoon and spring blends, with random wells, injection and rain.
    #[test]
    fn one_fluid_jacobian_matches_finite_differences() {
        let basin = one_fluid_basin(|top| [top, top]);
        let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
        assert_eq!(gw.n_unknowns, gw.n);
        assert!(!gw.springs.is_empty() && !gw.spills.is_empty());
        let zones = |z: EvapZone| gw.zone.iter().filter(|&&k| k == z).count();
        assert!(zones(EvapZone::Lagoon) > 0 && zones(EvapZone::Vega) > 0);
        super::lens_cells::tests::assert_jacobian_matches_differences(&mut gw, 7, 40);
    }

    /// The round-off floor and the throughput count every term of a cell's balance once, as an
    /// absolute value: recomputed here from the reported fluxes and the storage change (springs,
    /// overflows and connections at both their ends, the boundary's inflow either way).
    #[test]
    fn each_cells_absolute_sum_counts_every_reported_flux() {
        use super::lens_cells::tests::random_case;
        // One boundary above every head, one below: inflow and outflow.
        let basin = one_fluid_basin(|top| [top + 50.0, 0.0]);
        let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
        let mut rng = NormalStream::new(3);
        let mut out = Fluxes::default();
        for case in 0..20 {
            let (x, x0, f) = random_case(&gw, &mut rng);
            let inv_dt = 1.0 / 30.0;
            gw.prepare(&x0, inv_dt, &f);
            let throughput = gw.eval(&x, &x0, inv_dt, &f);
            gw.fluxes(&mut out);
            let mut expected: Vec<f64> = (0..gw.n)
                .map(|i| {
                    (gw.volume_change(i, x[i], x0[i]) * inv_dt).abs()
                        + f.recharge[i].abs()
                        + out.injected[i].abs()
                        + out.pumped[i]
                        + out.evap[i]
                        + out.rain[i]
                        + out.boundary_in[i].abs()
                        + out.spring_out[i]
                        + out.spring_in[i]
                        + out.spill_out[i]
                        + out.spill_in[i]
                })
                .collect();
            for (&(a, b, _), q) in gw.conns.iter().zip(&out.conn_flow) {
                expected[a] += q.abs();
                expected[b] += q.abs();
            }
            assert!(out.boundary_in[0] > 0.0 && out.boundary_in[gw.n - 1] < 0.0);
            for (i, e) in expected.iter().enumerate() {
                assert!(
                    (gw.abs_sum[i] - e).abs() <= 1e-12 * e,
                    "case {case}, cell {i}: {} vs {e}",
                    gw.abs_sum[i]
                );
            }
            let half: f64 = 0.5 * expected.iter().sum::<f64>();
            assert!((throughput - half).abs() <= 1e-12 * half, "case {case}");
        }
    }

    /// Pumping tapers (smoothstep) to zero over the lowest 5 % of a cell's thickness, at least
    /// 2 m, or over the 10 m above a cell's pump intakes where their depth is given. Half-way
    /// into the taper a well delivers half its request: read from the cell's residual with and
    /// without the request, at heads set half-way into each cell's own taper.
    #[test]
    fn pumping_tapers_over_the_lowest_part_of_the_cell() {
        let mut basin = crate::Basin::default_basin();
        for c in &mut basin.cells {
            c.lens = false;
        }
        // One cell made 30 m thick, where the 2 m minimum rules (5 % would be 1.5 m).
        let thin = basin
            .cells
            .iter()
            .position(|c| c.pump_depth_m.is_none())
            .unwrap();
        basin.cells[thin].bottom_m = basin.cells[thin].ground_m - 30.0;
        let taper: Vec<(f64, f64)> = basin
            .cells
            .iter()
            .map(|c| match c.pump_depth_m {
                Some(d) => (c.ground_m - d, PUMP_INTAKE_TAPER_M),
                None => {
                    let thick = c.ground_m - c.bottom_m;
                    (c.bottom_m, (0.05 * thick).max(2.0))
                }
            })
            .collect();
        // The three rules all occur (else this test would check less).
        let kinds = |f: fn(&crate::basin::Cell, f64) -> bool| {
            basin.cells.iter().zip(&taper).any(|(c, t)| f(c, t.1))
        };
        assert!(kinds(|c, _| c.pump_depth_m.is_some()));
        assert!(kinds(|c, t| c.pump_depth_m.is_none() && t > 2.0));
        assert!(kinds(|c, t| c.pump_depth_m.is_none() && t == 2.0));
        let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
        let n = gw.n;
        // Heads half-way into each cell's taper, and a quarter of the way.
        for share in [0.5, 0.25] {
            let h: Vec<f64> = taper.iter().map(|(floor, t)| floor + share * t).collect();
            let expected = share * share * (3.0 - 2.0 * share);
            let mut f = StepForcing::zeros(n);
            gw.prepare(&h, 0.0, &f);
            gw.eval(&h, &h, 0.0, &f);
            let without = gw.g[..n].to_vec();
            f.pump_request.fill(1000.0);
            gw.prepare(&h, 0.0, &f);
            gw.eval(&h, &h, 0.0, &f);
            for i in 0..n {
                let pumped = (gw.g[i] - without[i]).abs();
                assert!(
                    (pumped - 1000.0 * expected).abs() < 1e-6,
                    "cell {i} at {share} of its {} m taper: pumped {pumped}, expected {}",
                    taper[i].1,
                    1000.0 * expected
                );
            }
        }
    }

    /// The cheap bound `converged` uses to reject far-from-converged states must never fall
    /// below the exact round-off floor, or the rule would reject a state the exact rule accepts.
    #[test]
    fn round_off_bound_is_never_below_the_exact_floor() {
        // The one-fluid rows' floor: the default basin with its lens cells made one-fluid.
        let mut basin = crate::Basin::default_basin();
        for c in &mut basin.cells {
            c.lens = false;
        }
        let laws = laws();
        let mut rng = NormalStream::new(7);
        let mut checked = 0;
        for case in 0..400 {
            let k = [0.01, 1.0, 100.0][case % 3];
            let mut gw =
                Groundwater::new(&basin, laws, 1.0 + rng.uniform(), k, 10.0 * rng.uniform());
            let n = gw.n;
            let mut f = StepForcing::zeros(n);
            for i in 0..n {
                f.recharge[i] = 1e4 * rng.uniform();
                f.pump_request[i] = if rng.uniform() < 0.3 {
                    5e3 * rng.uniform()
                } else {
                    0.0
                };
                // Injection wells, some of them tapering (heads near the ground below).
                f.inject[i] = if rng.uniform() < 0.3 {
                    1e5 * rng.uniform()
                } else {
                    0.0
                };
            }
            f.evap_season = 2.0 * rng.uniform();
            f.rain_m_per_day = 1e-3 * rng.uniform();
            // Heads from well below to above the ground (ponded), old heads nearby.
            let h: Vec<f64> = (0..n).map(|i| gw.ground[i] + 3.0 * rng.normal()).collect();
            let h0: Vec<f64> = h.iter().map(|x| x + 0.5 * rng.normal()).collect();
            let inv_dt = if case % 5 == 0 {
                0.0
            } else {
                1.0 / (1.0 + 60.0 * rng.uniform())
            };
            let (_, cells) = bound_and_floor(&mut gw, &h, &h0, inv_dt, &f);
            for (i, (bound, exact)) in cells.into_iter().enumerate() {
                assert!(
                    bound >= exact,
                    "case {case} cell {i}: bound {bound:e} < exact {exact:e}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 400 * basin.cells.len());
    }

    /// Two places the cheap bound must see what the exact floor sees, at equal old and new
    /// heads (where the bound is tight): a step of a thousandth of a day, whose storage slope
    /// `A·S/Δt` dominates; and injections tapering half-way down their taper, whose floor
    /// counts each cell's ground, above every head.
    #[test]
    fn round_off_bound_holds_at_short_steps_and_under_a_tapering_injection() {
        let mut basin = crate::Basin::default_basin();
        for c in &mut basin.cells {
            c.lens = false;
        }
        let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
        let n = gw.n;
        let top = (0..n)
            .max_by(|&a, &b| gw.ground[a].total_cmp(&gw.ground[b]))
            .unwrap();
        let ground = gw.ground.clone();
        let below = |d: f64| -> Vec<f64> { ground.iter().map(|z| z - d).collect() };
        // A short step: the storage slope is a thousand times the cell's storage.
        let h = below(1.0);
        let (_, cells) = bound_and_floor(&mut gw, &h, &h, 1000.0, &StepForcing::zeros(n));
        for (i, (bound, exact)) in cells.into_iter().enumerate() {
            assert!(
                bound >= exact,
                "short step, cell {i}: {bound:e} < {exact:e}"
            );
        }
        // Injection tapering in every cell with a water table (the highest among them), every
        // head half-way down its taper.
        assert!(gw.water_table[top], "the highest cell has a water table");
        let h = below(0.5 * INJECTION_TAPER_M);
        let mut f = StepForcing::zeros(n);
        for i in (0..n).filter(|&i| gw.water_table[i]) {
            f.inject[i] = 1e9;
        }
        let (h_max, cells) = bound_and_floor(&mut gw, &h, &h, 1.0 / 30.0, &f);
        assert!(h_max >= ground[top], "the tapering cell's ground counts");
        for (i, (bound, exact)) in cells.into_iter().enumerate() {
            assert!(bound >= exact, "tapering, cell {i}: {bound:e} < {exact:e}");
        }
    }

    /// Injection is refused as a cell's water table reaches the ground also where the specific
    /// yield times the storage lever reaches 1 (a basin file's largest sy, 0.5, with the
    /// lever's top, 0.15 / 0.07), so the cell no longer ponds: none accepted with every head
    /// at or above the ground, all of it from the taper's depth down.
    #[test]
    fn injection_is_refused_at_the_ground_where_the_aquifer_does_not_pond() {
        let mut basin = crate::Basin::default_basin();
        for c in &mut basin.cells {
            c.lens = false;
            c.sy = 0.5;
        }
        let mut gw = Groundwater::new(&basin, laws(), 0.15 / 0.07, 1.0, 1.0);
        let n = gw.n;
        assert!((0..n).all(|i| gw.water_table[i] && gw.pond_storage[i] == 0.0));
        let mut f = StepForcing::zeros(n);
        f.inject.fill(1e4);
        let mut out = Fluxes::default();
        for (above_m, accepted) in [(0.0, 0.0), (0.3, 0.0), (-INJECTION_TAPER_M, 1e4)] {
            let h: Vec<f64> = gw.ground.iter().map(|z| z + above_m).collect();
            gw.prepare(&h, 1.0 / 30.0, &f);
            gw.eval(&h, &h, 1.0 / 30.0, &f);
            gw.fluxes(&mut out);
            for i in 0..n {
                assert_eq!(
                    out.injected[i], accepted,
                    "cell {i}, {above_m} m above the ground"
                );
            }
        }
    }

    /// [`one_fluid_basin`] with both boundaries at the highest ground, its lens cells kept
    /// (`lenses`) or made one-fluid.
    fn basin_at_top(lenses: bool) -> crate::Basin {
        let mut basin = one_fluid_basin(|top| [top, top]);
        let lens_cells = crate::Basin::default_basin().cells;
        for (c, d) in basin.cells.iter_mut().zip(&lens_cells) {
            c.lens = lenses && d.lens;
        }
        basin
    }

    /// Each row's exact round-off floor after an evaluation at `x` after `x0`, as `converged`
    /// and `converged_with_lenses` compute it (a lens cell's own terms are all in `lens_ulp`,
    /// which a one-fluid basin leaves at 0).
    fn exact_floors(gw: &mut Groundwater, x: &[f64], x0: &[f64], inv_dt: f64) -> Vec<f64> {
        gw.round_off(x, x0, inv_dt);
        for l in &gw.lenses {
            gw.st_ulp[l.cell] = 0.0;
        }
        (0..gw.n_unknowns)
            .map(|i| TERM_ROUND_OFF * gw.abs_sum[i] + 4.0 * (gw.st_ulp[i] + gw.lens_ulp[i]))
            .collect()
    }

    /// The stopping rule is the exact one, every row within the larger of the tolerance and its
    /// round-off floor, whatever the cheap bound settles first: residuals set at random shares
    /// of each row's limit, all within it or one row just beyond. In a one-fluid basin and in
    /// one with lens cells, whose rows add the lens terms' round-off (a lens cell's own terms
    /// are all in it).
    #[test]
    fn the_stopping_rule_is_the_exact_floor_rule() {
        use super::lens_cells::tests::random_case;
        for lenses in [false, true] {
            let mut gw = Groundwater::new(&basin_at_top(lenses), laws(), 1.0, 1.0, 1.0);
            assert_eq!(gw.lenses.is_empty(), !lenses);
            let nu = gw.n_unknowns;
            let mut rng = NormalStream::new(9);
            let (mut kept, mut refused) = (0, 0);
            for case in 0..200 {
                let (x, x0, f) = random_case(&gw, &mut rng);
                let inv_dt = 1.0 / 30.0;
                gw.prepare(&x0, inv_dt, &f);
                let through = gw.eval(&x, &x0, inv_dt, &f);
                let tol = NEWTON_REL_TOL * through;
                let limits: Vec<f64> = exact_floors(&mut gw, &x, &x0, inv_dt)
                    .into_iter()
                    .map(|floor| tol.max(floor))
                    .collect();
                let beyond = (case % 2 == 1).then(|| case % nu);
                for (i, limit) in limits.iter().enumerate() {
                    let share = if beyond == Some(i) {
                        1.01
                    } else {
                        0.01 + 0.98 * rng.uniform()
                    };
                    let sign = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
                    gw.g[i] = sign * share * limit;
                }
                let (ok, _) = gw.converged(&x, &x0, inv_dt, through);
                assert_eq!(ok, beyond.is_none(), "lenses {lenses}, case {case}");
                if ok {
                    kept += 1;
                } else {
                    refused += 1;
                }
            }
            assert_eq!((kept, refused), (100, 100));
        }
    }

    /// Where the round-off floor, not the tolerance, decides, a residual at a row's exact floor
    /// is kept: the cheap bound must leave room for the terms' own round-off. Steady state at
    /// equal heads (no storage, no lateral flow; no springs, overflows or evaporation, which would
    /// run at full rate) makes the head part of the floor as large as the bound allows; each
    /// cell's recharge, 1e-5 of its conductances × the head, is small against them, so the floor
    /// passes the tolerance, yet its round-off is 80 times the bound's 1e-6 margin on the head
    /// part. In a one-fluid basin and in one with lens cells (brine heads equal too), at the
    /// basin's conductances and at 10¹² times them, where floors of thousands of m³/day leave no
    /// room for a bound that is any fixed number.
    #[test]
    fn a_residual_at_its_round_off_floor_is_kept() {
        for (lenses, scale) in [(false, 1.0), (true, 1.0), (false, 1e12), (true, 1e12)] {
            let mut basin = basin_at_top(lenses);
            for c in &mut basin.cells {
                c.spring = None;
                c.spill = None;
                if let Some(b) = &mut c.boundary {
                    b.conductance_m2_per_day *= scale;
                }
            }
            for c in &mut basin.connections {
                c.conductance_m2_per_day *= scale;
            }
            let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
            assert_eq!(gw.lenses.is_empty(), !lenses);
            let (n, nu) = (gw.n, gw.n_unknowns);
            let top = gw.ground.iter().fold(0.0, |m: f64, z| m.max(*z));
            let h = vec![top; nu];
            let mut f = StepForcing::zeros(n);
            f.evap_season = 0.0;
            for i in 0..n {
                f.recharge[i] = 1e-5 * gw.conductance_sum[i] * top;
            }
            gw.prepare(&h, 0.0, &f);
            let through = gw.eval(&h, &h, 0.0, &f);
            let tol = NEWTON_REL_TOL * through;
            let floors = exact_floors(&mut gw, &h, &h, 0.0);
            let above_tol = floors.iter().filter(|&&x| x > tol).count();
            assert!(
                above_tol >= nu / 2,
                "lenses {lenses} ×{scale:e}: {above_tol} of {nu} floors above the tolerance"
            );
            for (i, floor) in floors.iter().enumerate() {
                gw.g[i] = if i % 2 == 0 { *floor } else { -floor };
            }
            let (ok, worst) = gw.converged(&h, &h, 0.0, through);
            assert!(
                ok,
                "lenses {lenses} ×{scale:e}: residuals at their floors refused: worst {worst:e}, tol {tol:e}"
            );
            // One row just beyond its floor is refused.
            let i = (0..nu).find(|&i| floors[i] > tol).unwrap();
            gw.g[i] = 1.01 * floors[i];
            assert!(
                !gw.converged(&h, &h, 0.0, through).0,
                "lenses {lenses} ×{scale:e}"
            );
            if scale > 1.0 {
                assert!(floors[i] > 1.0, "floor {:e}", floors[i]);
            }
        }
    }

    /// The head part of each row's round-off floor covers every head the row differences: a
    /// term `slope · (h − h')` moves by up to its slope times an ulp of each head, so `st_ulp`
    /// must be at least `ε Σⱼ |∂gᵢ/∂hⱼ| |hⱼ|` from the assembled Jacobian. At equal heads on the
    /// highest ground, with no pumping, injection, rain, evaporation or storage (whose terms do
    /// not difference heads, or are not there), every slope left is a head difference's: the
    /// connections, the springs and overflows that run, and the fixed-head boundaries. With the
    /// two boundaries and without them: a boundary's own head, which no column shows, leaves
    /// slack in its row that could hide a spring's share there.
    ///
    /// In the default basin every cell a spring runs into also overflows, whose outlet
    /// elevation leaves slack in its row; so a third case is a spring alone: from a cell into
    /// one with nothing else (no overflow, spring, boundary or link), its only term the spring's.
    #[test]
    fn the_floor_counts_every_head_a_row_differences() {
        use super::lens_cells::tests::dense_jacobian;
        let spring_alone = crate::Basin::from_toml_str(
            r#"
            [[cells]]
            id = "source"
            kind = "fan"
            area_km2 = 10.0
            ground_m = 120.0
            bottom_m = -100.0
            spring = { to = "receiver", elevation_m = 50.0, conductance_m2_per_day = 300.0 }
            [[cells]]
            id = "receiver"
            kind = "fan"
            area_km2 = 10.0
            ground_m = 200.0
            bottom_m = -100.0
            "#,
        )
        .expect("the spring-alone basin");
        for case in ["boundaries", "no boundaries", "spring alone"] {
            let basin = match case {
                "spring alone" => spring_alone.clone(),
                _ => {
                    let mut b = basin_at_top(false);
                    if case == "no boundaries" {
                        b.cells.iter_mut().for_each(|c| c.boundary = None);
                    }
                    b
                }
            };
            let mut gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
            let n = gw.n;
            // Equal heads above every spring and, but for the spring alone (60 m, under its
            // receiver's ground), on the highest ground.
            let top = gw.ground.iter().fold(0.0, |m: f64, z| m.max(*z));
            let h = vec![if case == "spring alone" { 60.0 } else { top }; n];
            let mut f = StepForcing::zeros(n);
            f.evap_season = 0.0;
            gw.prepare(&h, 0.0, &f);
            gw.eval(&h, &h, 0.0, &f);
            assert!(
                gw.at_spring.iter().any(|&q| q > 0.0),
                "{case}: a spring runs"
            );
            if case != "spring alone" {
                assert!(gw.at_spill.iter().any(|&q| q > 0.0), "an overflow runs");
            }
            gw.round_off(&h, &h, 0.0);
            let j = dense_jacobian(&gw);
            for i in 0..n {
                let moved: f64 = (0..n).map(|k| j[i][k].abs() * h[k].abs()).sum();
                let reference = f64::EPSILON * moved;
                assert!(reference > 0.0, "{case}, cell {i}: no term");
                assert!(
                    gw.st_ulp[i] >= (1.0 - 1e-9) * reference,
                    "{case}, cell {i}: {:e} < {reference:e}",
                    gw.st_ulp[i]
                );
            }
        }
    }

    /// The line search's norm (lens basins) is each row's excess over the larger of the
    /// tolerance and its cheap floor: 0 when every residual is within the tolerance, and a row
    /// beyond both counts by how far.
    #[test]
    fn the_excess_norm_counts_only_what_passes_tolerance_and_floor() {
        use super::lens_cells::tests::random_case;
        let mut gw = Groundwater::new(&basin_at_top(true), laws(), 1.0, 1.0, 1.0);
        let nu = gw.n_unknowns;
        let mut rng = NormalStream::new(17);
        for case in 0..50 {
            let (x, x0, f) = random_case(&gw, &mut rng);
            gw.prepare(&x0, 1.0 / 30.0, &f);
            let through = gw.eval(&x, &x0, 1.0 / 30.0, &f);
            let tol = NEWTON_REL_TOL * through;
            let h_max = x.iter().fold(gw.pre_head_max, |m, v| m.max(v.abs()));
            for i in 0..nu {
                gw.g[i] = if i % 2 == 0 { 0.5 * tol } else { -0.5 * tol };
            }
            assert_eq!(gw.excess_norm(&x, through), 0.0, "case {case}");
            let k = case % nu;
            let limit = tol.max(gw.cheap_floor(k, h_max));
            gw.g[k] = -(limit + 3.0 * tol);
            let excess = gw.excess_norm(&x, through);
            assert!(
                (excess - 3.0 * tol).abs() <= 1e-9 * tol,
                "case {case}: {excess:e} against {:e}",
                3.0 * tol
            );
        }
    }

    /// The default basin, its lens cells kept (`lenses`) or made one-fluid, with heads a metre
    /// below the ground and a lens's brine 0.2 m below its fresh head, and a month's forcing of
    /// evaporation alone.
    fn a_month_below_ground(lenses: bool) -> (Groundwater, Vec<f64>, StepForcing) {
        let mut basin = crate::Basin::default_basin();
        for c in &mut basin.cells {
            c.lens &= lenses;
        }
        let gw = Groundwater::new(&basin, laws(), 1.0, 1.0, 1.0);
        assert_eq!(gw.lenses.is_empty(), !lenses);
        let mut x0 = vec![0.0; gw.n_unknowns];
        for i in 0..gw.n {
            x0[i] = gw.ground[i] - 1.0;
        }
        for l in &gw.lenses {
            x0[l.brine] = x0[l.cell] - 0.2;
        }
        let mut f = StepForcing::zeros(gw.n);
        f.evap_season = 1.0;
        (gw, x0, f)
    }

    /// The report's residual is what its doc says: the largest |residual| at the heads returned,
    /// over the throughput (half the sum of every row's absolute terms), both read off the
    /// solver's last evaluation, which is at those heads.
    #[test]
    fn the_report_gives_the_largest_residual_over_the_throughput() {
        for lenses in [false, true] {
            let (mut gw, x0, f) = a_month_below_ground(lenses);
            let mut x = x0.clone();
            let rep = gw.solve(&mut x, &x0, 30.0, &f);
            assert_eq!(rep.reason, StopReason::Converged, "{rep:?}");
            let worst = gw.g[..gw.n_unknowns]
                .iter()
                .fold(0.0_f64, |m, r| m.max(r.abs()));
            let through = 0.5 * gw.abs_sum.iter().sum::<f64>();
            // A zero residual or a unit throughput would hide a wrong division.
            assert!(worst > 0.0 && through > 1.0, "{worst:e} of {through:e}");
            assert_eq!(rep.max_rel_residual, worst / through, "lenses {lenses}");
        }
    }

    /// A NaN residual is never converged, in a one-fluid basin or one with lens cells. A NaN in
    /// one cell's recharge makes its residual NaN, and the Newton step spreads it to every head;
    /// a fold of the residuals with `f64::max` (which returns its non-NaN operand) would read
    /// all-NaN residuals as 0 and report the step converged. The stopping rule itself, on
    /// residuals that are zeros and one NaN, says not converged, with a NaN excess.
    #[test]
    fn a_nan_residual_is_never_converged() {
        for lenses in [false, true] {
            let (mut gw, x0, mut f) = a_month_below_ground(lenses);
            // The same month with a finite forcing converges.
            let mut x = x0.clone();
            let rep = gw.solve(&mut x, &x0, 30.0, &f);
            assert_eq!(rep.reason, StopReason::Converged, "{rep:?}");
            f.recharge[0] = f64::NAN;
            let mut x = x0.clone();
            let rep = gw.solve(&mut x, &x0, 30.0, &f);
            assert_ne!(rep.reason, StopReason::Converged, "{rep:?}");
            assert!(rep.max_rel_residual.is_nan(), "{rep:?}");
            // The rule, at finite heads: every residual 0 but one NaN.
            let nu = gw.n_unknowns;
            gw.g[..nu].fill(0.0);
            gw.g[nu - 1] = f64::NAN;
            let (ok, worst) = gw.converged(&x0, &x0, 1.0 / 30.0, 1.0);
            assert!(!ok && worst.is_nan(), "converged {ok} at {worst}");
            assert!(gw.excess_norm(&x0, 1.0).is_nan());
        }
    }

    /// Lateral flow is weighted by the saturation of the cell it leaves (upstream): a cell a
    /// quarter or half of a metre above its bottom, inside the 1 m taper (smoothstep: 0.15625
    /// and 0.5), passes that share of a saturated cell's flow; the cell it flows into may be as
    /// dry and changes nothing. Its two slopes against central differences.
    #[test]
    fn lateral_flow_is_weighted_by_the_upstream_cells_saturation() {
        let c = 40.0;
        // (head a, head b, bottom a, bottom b, expected flow a → b)
        let cases = [
            // a flows out, half a metre saturated; b full, then b as dry as a.
            (10.5, 8.0, 10.0, -100.0, c * 0.5 * 2.5),
            (10.5, 8.0, 10.0, 7.5, c * 0.5 * 2.5),
            // a a quarter of a metre saturated.
            (10.25, 8.0, 10.0, -100.0, c * 0.15625 * 2.25),
            // b flows into a: a's saturation does not count, b's does.
            (10.5, 13.0, 10.0, -100.0, c * (10.5 - 13.0)),
            (10.5, 13.0, 10.0, 12.5, c * 0.5 * (10.5 - 13.0)),
            (8.0, 10.25, -100.0, 10.0, c * 0.15625 * (8.0 - 10.25)),
        ];
        for (k, &(ha, hb, bot_a, bot_b, expected)) in cases.iter().enumerate() {
            let (q, dqa, dqb) = lateral(c, ha, hb, bot_a, bot_b);
            assert!(
                (q - expected).abs() <= 1e-12 * expected.abs(),
                "case {k}: {q} vs {expected}"
            );
            let step = 1e-6;
            let fd_a = (lateral(c, ha + step, hb, bot_a, bot_b).0
                - lateral(c, ha - step, hb, bot_a, bot_b).0)
                / (2.0 * step);
            let fd_b = (lateral(c, ha, hb + step, bot_a, bot_b).0
                - lateral(c, ha, hb - step, bot_a, bot_b).0)
                / (2.0 * step);
            assert!(
                (dqa - fd_a).abs() <= 1e-6 * c,
                "case {k}: dq/dha {dqa} vs {fd_a}"
            );
            assert!(
                (dqb - fd_b).abs() <= 1e-6 * c,
                "case {k}: dq/dhb {dqb} vs {fd_b}"
            );
        }
    }
}
