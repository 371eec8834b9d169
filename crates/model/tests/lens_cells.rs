//! Lens cells in the basin's groundwater solver (`physics::groundwater`): fresh water floating on
//! brine in cells the basin flags, each fluid with its own head and balance row.
//!
//! References: the brief's T4 (each fluid's volume in a closed and an open column, exact), T5
//! (the direction the interface moves under brine and fresh pumping), and every fluid's balance
//! in every row, every step, on a toy salar (`tests/data/lens-salar.toml`).

use crate::common;

use cuenca_model::physics::groundwater::{EvapLaws, Fluxes, Groundwater, StepForcing, StopReason};
use cuenca_model::Basin;

const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

fn basin(toml: &str, lens: &[&str]) -> Basin {
    let mut b = Basin::from_toml_str(toml).expect("test basin");
    for c in &mut b.cells {
        c.lens = lens.contains(&c.id.as_str());
    }
    b
}

fn cell(b: &Basin, id: &str) -> usize {
    b.cells.iter().position(|c| c.id == id).expect("cell")
}

/// Interface and lens thickness of lens cell i at the unknowns x, m.
fn interface(gw: &Groundwater, i: usize, x: &[f64]) -> (f64, f64) {
    let c = gw.lens_column(i).expect("a lens cell");
    let j = gw.lens_brine_unknown(i).unwrap();
    (
        c.interface_m(x[i], x[j]).value,
        c.fresh_thickness_m(x[i], x[j]).value,
    )
}

fn solve(gw: &mut Groundwater, x: &mut [f64], dt: f64, f: &StepForcing) {
    let x0 = x.to_vec();
    let r = gw.solve(x, &x0, dt, f);
    assert_eq!(r.reason, StopReason::Converged, "{r:?}");
}

/// One closed 1 km² cell (`box`), ground 20 m, base −100 m, Sy 0.1, no elastic storage.
fn column() -> String {
    common::box_toml(0.1, 0.0, 0.0)
}

/// T4, closed: over a lens 2 m of fresh head above the brine (12 m thick), 1e5 m³ of brine
/// pumped out lowers both heads and the interface 1 m and leaves the lens; 1.2e5 m³ of fresh
/// water pumped out thins the lens 1.2 m while the interface stays.
#[test]
fn a_closed_lens_column_loses_each_fluid_where_it_is_held() {
    let b = basin(&column(), &["box"]);
    let mut gw = Groundwater::new(&b, common::no_evaporation(), 1.0, 1.0, 1.0);
    assert_eq!(gw.n_unknowns, 2);
    let start = [2.0, 0.0];
    let zeta0 = interface(&gw, 0, &start).0;
    assert!((zeta0 + 10.0).abs() < 1e-12);

    let mut f = StepForcing::zeros(1);
    f.pump_brine_request[0] = 1.0e5;
    let mut x = start;
    solve(&mut gw, &mut x, 1.0, &f);
    assert!(
        (x[1] + 1.0).abs() < 1e-9 && (x[0] - 1.0).abs() < 1e-9,
        "{x:?}"
    );
    assert!((interface(&gw, 0, &x).0 - (zeta0 - 1.0)).abs() < 1e-9);
    let (fresh, brine) = gw.lens_volume_change(0, &x, &start).unwrap();
    assert!(
        fresh.abs() < 1e-6 && (brine + 1.0e5).abs() < 1e-6,
        "{fresh} {brine}"
    );

    let mut f = StepForcing::zeros(1);
    f.pump_request[0] = 1.2e5;
    let mut x = start;
    solve(&mut gw, &mut x, 1.0, &f);
    assert!(
        (x[0] - 0.8).abs() < 1e-9 && (x[1] + 1.0).abs() < 1e-9,
        "{x:?}"
    );
    assert!((interface(&gw, 0, &x).0 - zeta0).abs() < 1e-9);
    assert!((interface(&gw, 0, &x).1 - 10.8).abs() < 1e-9);
}

/// A lens beside a brine cell whose level a strong boundary holds: its fresh water seeps into
/// the brine (its head always stands above the brine's equivalent fresh head at the lens's
/// mid-depth) and the brine comes in beneath it, so the interface rises as the lens thins, and
/// every cubic metre the lens loses is the seep's. Pumping 1.2e5 m³ of it first (T4) lifts the
/// interface as the brief says once the brine has settled: α × 0.2 m = 1 m.
#[test]
fn a_lens_beside_brine_seeps_into_it_and_the_brine_rises_beneath() {
    let column = column();
    let toml = format!(
        r#"{column}
        [[cells]]
        id = "brine"
        kind = "nucleus"
        area_km2 = 1.0
        ground_m = 20.0
        bottom_m = -100.0
        sy = 0.1
        ss = 0.0
        initial_head_m = 0.0
        boundary = {{ head_m = 0.0, conductance_m2_per_day = 1.0e9 }}
        [[connections]]
        a = "box"
        b = "brine"
        k_m_per_day = 1.0
        thickness_m = 120.0
        width_km = 1.0
        length_km = 1.0
    "#
    );
    let b = basin(&toml, &["box"]);
    let mut gw = Groundwater::new(&b, common::no_evaporation(), 1.0, 1.0, 1.0);
    let j = gw.lens_brine_unknown(0).unwrap();
    let mut x = vec![2.0, 0.0, 0.0];
    let start = x.clone();
    let (zeta0, _) = interface(&gw, 0, &x);
    let mut f = StepForcing::zeros(2);
    f.pump_request[0] = 1.2e5;
    let mut fx = Fluxes::default();
    let (mut seeped, mut brine_in) = (0.0, 0.0);
    let mut lens_before = 12.0;
    let mut dt = 1.0;
    for step in 0..30 {
        solve(&mut gw, &mut x, dt, &f);
        gw.fluxes(&mut fx);
        let seep: f64 = gw.lens_seep_flows().map(|(_, q)| q).sum();
        // None while pumping holds the fresh head below the brine's equivalent head.
        assert!(seep >= 0.0);
        seeped += seep * dt;
        brine_in += fx.lateral_in_brine[0] * dt;
        let (zeta, lens) = interface(&gw, 0, &x);
        assert!(lens <= lens_before + 1e-9, "step {step}: the lens grew");
        lens_before = lens;
        if step == 0 {
            f.pump_request[0] = 0.0;
            // The pumped day: the interface has not moved yet (the brine is slow to come in).
            assert!(
                (zeta - zeta0).abs() < 0.05,
                "Δζ after a day {}",
                zeta - zeta0
            );
        }
        dt *= 1.3;
    }
    assert!(seeped > 1.0e4, "seeped {seeped}");
    let (fresh, brine) = gw.lens_volume_change(0, &x, &start).unwrap();
    assert!(
        (fresh + 1.2e5 + seeped).abs() < 1e-6 * 1.2e5,
        "fresh {fresh} seeped {seeped}"
    );
    assert!(
        (brine - brine_in).abs() < 1e-6 * 1.2e5,
        "brine {brine} in {brine_in}"
    );
    // The brine level lags the seep it replaces by only centimetres, and the interface has risen
    // more than the pumping alone would lift it (α × 0.2 m), by the seep's share.
    let (zeta, _) = interface(&gw, 0, &x);
    assert!(x[j].abs() < 0.1, "brine level {}", x[j]);
    assert!(zeta > zeta0 + 1.0, "interface {zeta0} → {zeta}");
}

fn laws() -> EvapLaws {
    EvapLaws {
        mudflat_surface_m_per_day: 0.0005,
        crust_surface_m_per_day: 0.0004,
        vega_m_per_day: 0.002,
        lagoon_m_per_day: 0.004,
        decay_m: 0.35,
        extinction_m: 2.0,
    }
}

const TOY: &str = include_str!("data/lens-salar.toml");
const TOY_LENSES: [&str; 3] = ["toe", "vega", "margin"];

/// The toy salar's steady state under 10,000 m³/day of recharge on the upper fan, found as the
/// model finds its pre-development state: implicit steps growing fourfold from a day, then the
/// steady solve.
fn toy_steady(gw: &mut Groundwater, b: &Basin) -> (Vec<f64>, StepForcing) {
    let n = b.cells.len();
    let mut f = StepForcing::zeros(n);
    f.recharge[cell(b, "fan")] = 1.0e4;
    let mut x = vec![0.0; gw.n_unknowns];
    for (i, c) in b.cells.iter().enumerate() {
        x[i] = c.ground_m - 1.0;
    }
    for i in 0..n {
        if let Some(j) = gw.lens_brine_unknown(i) {
            // Start each lens half a metre thick over brine.
            x[j] = x[i] - 0.5 / 6.0;
        }
    }
    let mut dt = 1.0;
    for _ in 0..60 {
        let x0 = x.clone();
        let r = gw.solve(&mut x, &x0, dt, &f);
        if r.reason != StopReason::Converged {
            // As the model's steady solve: back to the last state, a shorter step.
            x.copy_from_slice(&x0);
            dt *= 0.25;
            continue;
        }
        if r.iterations == 0 {
            break;
        }
        dt *= 4.0;
    }
    let x0 = x.clone();
    let r = gw.solve(&mut x, &x0, f64::INFINITY, &f);
    assert_eq!(r.reason, StopReason::Converged, "steady solve: {r:?}");
    (x, f)
}

/// Each fluid's balance in each row: storage change against the step's fluxes, m³, and the
/// largest gap relative to the step's throughput.
fn row_gaps(
    gw: &Groundwater,
    b: &Basin,
    fx: &Fluxes,
    f: &StepForcing,
    x: &[f64],
    x0: &[f64],
    dt: f64,
) -> f64 {
    let mut worst = 0.0_f64;
    let mut through = 0.0;
    let mut gaps = Vec::new();
    for i in 0..b.cells.len() {
        let total_in = f.recharge[i]
            + fx.rain[i]
            + fx.boundary_in[i]
            + fx.injected[i]
            + fx.spring_in[i]
            + fx.spill_in[i];
        let total_out =
            fx.pumped[i] + fx.pumped_brine[i] + fx.evap[i] + fx.spring_out[i] + fx.spill_out[i];
        through +=
            (total_in.abs() + total_out + fx.lateral_in[i].abs() + fx.lateral_in_brine[i].abs())
                * dt;
        match gw.lens_volume_change(i, x, x0) {
            None => {
                let dv = gw.volume_change(i, x[i], x0[i]);
                gaps.push(dv - dt * (total_in + fx.lateral_in[i] - total_out));
            }
            Some((dv_f, dv_b)) => {
                let brine_in = fx.injected[i]
                    + fx.lateral_in_brine[i]
                    + fx.spring_in_brine[i]
                    + fx.spill_in_brine[i];
                let brine_out = fx.pumped_brine[i]
                    + fx.evap_brine[i]
                    + fx.spring_out_brine[i]
                    + fx.spill_out_brine[i];
                let fresh_in = f.recharge[i]
                    + fx.rain[i]
                    + fx.boundary_in[i]
                    + fx.lateral_in[i]
                    + fx.spring_in[i]
                    - fx.spring_in_brine[i]
                    + fx.spill_in[i]
                    - fx.spill_in_brine[i];
                let fresh_out = fx.pumped[i] + fx.evap[i] - fx.evap_brine[i] + fx.spring_out[i]
                    - fx.spring_out_brine[i]
                    + fx.spill_out[i]
                    - fx.spill_out_brine[i];
                gaps.push(dv_f - dt * (fresh_in - fresh_out));
                gaps.push(dv_b - dt * (brine_in - brine_out));
            }
        }
    }
    for g in gaps {
        worst = worst.max(g.abs() / through);
    }
    worst
}

/// Every row's fluid closes to round-off every month of 20 years of varying recharge, fresh
/// wells in the lower fan, brine wells in the nucleus and the margin, and reinjection into the
/// margin, starting from the steady state.
#[test]
fn each_fluid_closes_in_every_row_every_step() {
    let b = basin(TOY, &TOY_LENSES);
    let mut gw = Groundwater::new(&b, laws(), 1.0, 1.0, 1.0);
    let (mut x, mut f) = toy_steady(&mut gw, &b);
    let mut fx = Fluxes::default();
    let (toe, margin, nucleus) = (cell(&b, "toe"), cell(&b, "margin"), cell(&b, "nucleus"));
    let mut worst = 0.0_f64;
    for m in 0..240 {
        let season = 1.0 + 0.6 * ((m % 12) as f64 * std::f64::consts::PI / 6.0).cos();
        f.recharge[cell(&b, "fan")] = 1.0e4 * season;
        // Recharge reaching the lower fan's lens directly, as the default basin routes a fifth.
        f.recharge[toe] = 2.0e3 * season;
        f.evap_season = 2.0 - season;
        f.pump_request[toe] = if m >= 24 { 2.0e3 } else { 0.0 };
        f.pump_brine_request[nucleus] = if m >= 12 { 8.0e3 } else { 0.0 };
        f.pump_brine_request[margin] = if m >= 36 { 1.0e3 } else { 0.0 };
        f.inject[margin] = if m >= 48 { 2.0e3 } else { 0.0 };
        let x0 = x.clone();
        let r = gw.solve(&mut x, &x0, DAYS_PER_MONTH, &f);
        assert_eq!(r.reason, StopReason::Converged, "month {m}: {r:?}");
        gw.fluxes(&mut fx);
        worst = worst.max(row_gaps(&gw, &b, &fx, &f, &x, &x0, DAYS_PER_MONTH));
    }
    assert!(
        worst < 1e-10,
        "largest row gap {worst:e} of the step's throughput"
    );
}

/// The steady toy salar holds lenses under its lower fan, vega and margin, each on the interface
/// Ghyben–Herzberg puts under its heads, with no brine moving.
#[test]
fn the_steady_toy_salar_floats_lenses_on_still_brine() {
    let b = basin(TOY, &TOY_LENSES);
    let mut gw = Groundwater::new(&b, laws(), 1.0, 1.0, 1.0);
    let (x, _) = toy_steady(&mut gw, &b);
    let mut fx = Fluxes::default();
    gw.fluxes(&mut fx);
    for id in TOY_LENSES {
        let i = cell(&b, id);
        let j = gw.lens_brine_unknown(i).unwrap();
        let (zeta, lens) = interface(&gw, i, &x);
        assert!(lens > 1.0, "{id}: lens {lens} m");
        assert!(
            (zeta - (6.0 * x[j] - 5.0 * x[i])).abs() < 1e-9,
            "{id}: ζ {zeta}"
        );
        assert!(
            fx.lateral_in_brine[i].abs() < 1e-6,
            "{id}: brine moving {}",
            fx.lateral_in_brine[i]
        );
    }
}

/// T5: from the steady state, 20 years of brine pumping in the nucleus lower the interface under
/// the margin and the vega (fresh water replaces brine; the vega loses water-table height, not
/// salt), while fresh pumping in the lower fan lifts it there by about α times the fresh head
/// lost against the brine.
#[test]
fn brine_pumping_lowers_the_interface_and_fresh_pumping_lifts_it() {
    let b = basin(TOY, &TOY_LENSES);
    let mut gw = Groundwater::new(&b, laws(), 1.0, 1.0, 1.0);
    let (steady, f0) = toy_steady(&mut gw, &b);
    let (toe, vega, margin, nucleus) = (
        cell(&b, "toe"),
        cell(&b, "vega"),
        cell(&b, "margin"),
        cell(&b, "nucleus"),
    );

    let mut x = steady.clone();
    let mut f = f0.clone();
    f.pump_brine_request[nucleus] = 1.0e4;
    for _ in 0..240 {
        solve(&mut gw, &mut x, DAYS_PER_MONTH, &f);
    }
    for i in [margin, vega] {
        let (z1, _) = interface(&gw, i, &x);
        let (z0, _) = interface(&gw, i, &steady);
        assert!(z1 < z0 - 0.5, "{}: interface {z0} → {z1}", b.cells[i].id);
        assert!(
            gw.water_table_m(i, &x) < gw.water_table_m(i, &steady),
            "{}",
            b.cells[i].id
        );
    }

    let mut x = steady.clone();
    let mut f = f0;
    f.pump_request[toe] = 3.0e3;
    for _ in 0..240 {
        solve(&mut gw, &mut x, DAYS_PER_MONTH, &f);
    }
    let j = gw.lens_brine_unknown(toe).unwrap();
    let (z1, _) = interface(&gw, toe, &x);
    let (z0, _) = interface(&gw, toe, &steady);
    let fresh_loss_vs_brine = (steady[toe] - steady[j]) - (x[toe] - x[j]);
    assert!(fresh_loss_vs_brine > 0.0);
    assert!(z1 > z0, "toe: interface {z0} → {z1}");
    // ζ = h_b − α φ exactly: the rise is α times the excess lost, plus the brine head's change.
    let expected = 5.0 * fresh_loss_vs_brine + (x[j] - steady[j]);
    assert!((z1 - z0 - expected).abs() < 1e-9);
}
