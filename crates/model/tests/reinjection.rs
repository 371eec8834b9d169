//! Reinjection enters the aquifer and never ponds above the crust: a one-layer aquifer takes
//! injection only while its water table is below the ground; what it refuses is reported and
//! disposed of at surface, never hidden.

use crate::common;

use crate::common::check;
use cuenca_model::basin::DEFAULT_SPILL_STAGE_M;
use cuenca_model::physics::groundwater::INJECTION_TAPER_M;
use cuenca_model::{
    presets, run, sentences, Basin, CellKind, Lang, LeverId, LeverKind, Results, Scenario,
};

/// Round-off allowance on a head, m.
const HEAD_TOL_M: f64 = 1e-6;

fn delivered(r: &Results, m: usize) -> f64 {
    r.accounts[m].brine_requested_m3 - r.accounts[m].brine_shortfall_m3
}

/// The reinjection cell a scenario names in `basin`.
fn reinjection_cell(basin: &Basin, s: &Scenario) -> usize {
    let id = LeverId::ReinjectionCell;
    let LeverKind::Place(place) = id.spec().kind else {
        panic!("the reinjection cell is a place lever");
    };
    basin.places(place.lever)[s.choice(id) - place.lead()].cell
}

/// The presets that reinject spent DLE brine.
fn reinjecting_presets() -> Vec<(&'static str, Scenario)> {
    let ids: Vec<(&str, Scenario)> = presets::PRESETS
        .iter()
        .map(|p| (p.id, p.scenario()))
        .filter(|(_, s)| s.get(LeverId::DleShare) > 0.0 && s.get(LeverId::Reinjection) > 0.0)
        .collect();
    let names: Vec<&str> = ids.iter().map(|x| x.0).collect();
    assert!(
        names.contains(&"dle_reinjection") && names.contains(&"jv2025"),
        "{names:?}"
    );
    ids
}

/// Under every reinjecting preset no nucleus or margin cell with a water table floods because of
/// reinjection: a summer storm floods the crust a few centimetres (rain on the halite, Boutt et
/// al. 2016) and a margin cell by the north lagoon ponds naturally, but reinjection floods no
/// cell that stays dry without it.
#[test]
fn reinjection_never_ponds_above_the_crust() {
    let basin = Basin::default_basin();
    for (id, s) in reinjecting_presets() {
        let r = run(&basin, &s).expect(id);
        let at = reinjection_cell(&basin, &s);
        assert!(
            basin.cells[at].sy > 0.0,
            "{id}: reinjection cell has a water table"
        );
        let mut lift = 0.0_f64;
        for (i, (cell, series)) in basin.cells.iter().zip(&r.cells).enumerate() {
            let brine = matches!(cell.kind, CellKind::Nucleus | CellKind::Margin);
            if !(brine && cell.sy > 0.0) {
                continue;
            }
            for (m, (&h, &dd)) in series.head_m.iter().zip(&series.drawdown_m).enumerate() {
                let above = h - cell.ground_m;
                let baseline_above = h + dd - cell.ground_m;
                // A cell dry without the project stays dry, and the reinjection cell floods no
                // higher than without it. Another cell that floods without the project (the
                // crust in a wet summer, a margin by the north lagoon) may stand higher, lifted
                // through its lens by the brine reinjection raises (measured: 1.7 cm), but holds
                // no more open water than a lagoon before it overflows.
                let allowed = if baseline_above <= 0.0 {
                    0.0
                } else if i == at {
                    baseline_above
                } else {
                    lift = lift.max(above - baseline_above);
                    DEFAULT_SPILL_STAGE_M
                };
                assert!(
                    above <= allowed + HEAD_TOL_M,
                    "{id}: {} month {m}: head {above:.4} m above ground (no project {baseline_above:.4})",
                    cell.id
                );
            }
        }
        println!("{id}: a flooded cell stands at most {lift:.4} m higher with reinjection");
    }
}

/// Spent brine is conserved: each month the reinjection requested (the reinjection share of last
/// month's DLE brine) is what the aquifer accepted plus what it refused, and brine is refused
/// exactly in the months the water table at the well ends within the taper of the ground. Water
/// and lithium balances close.
#[test]
fn requested_reinjection_is_accepted_plus_refused() {
    let basin = Basin::default_basin();
    let dle_r = basin.physical.project.recovery_dle;
    let ponds_r = basin.physical.project.recovery_ponds;
    for (id, s) in reinjecting_presets() {
        let r = run(&basin, &s).expect(id);
        check(&r, id);
        let dle = s.get(LeverId::DleShare) / 100.0;
        let reinj = s.get(LeverId::Reinjection) / 100.0;
        // DLE share of the delivered brine by volume (the concentration cancels).
        let phi = (dle / dle_r) / (dle / dle_r + (1.0 - dle) / ponds_r);
        let at = reinjection_cell(&basin, &s);
        let ground = basin.cells[at].ground_m;
        let (mut requested, mut accepted, mut refused) = (0.0, 0.0, 0.0);
        for m in 1..r.months.len() {
            let a = &r.accounts[m];
            let want = reinj * phi * delivered(&r, m - 1);
            let took = a.brine.reinjected_m3 + a.fresh.reinjected_m3;
            let got = took + a.reinjection_refused_m3;
            assert!(
                (got - want).abs() <= 1e-9 * want.max(1.0),
                "{id} month {m}: accepted {took} + refused {} m³ vs requested {want} m³",
                a.reinjection_refused_m3
            );
            assert!(a.reinjection_refused_m3 >= -1e-9 * want.max(1.0));
            // One step a month (the default), so the step's head is the month-end head: the well
            // refuses brine exactly when the water table ends within the taper of the ground.
            let depth = ground - r.cells[at].head_m[m];
            let refuses = a.reinjection_refused_m3 > 1e-9 * want.max(1.0);
            assert_eq!(
                refuses,
                want > 0.0 && depth < INJECTION_TAPER_M,
                "{id} month {m}: refused {} m³ with the water table {depth:.3} m deep",
                a.reinjection_refused_m3
            );
            requested += want;
            accepted += took;
            refused += a.reinjection_refused_m3;
        }
        let t = &r.totals.accounts;
        assert!((t.reinjection_refused_m3 - refused).abs() <= 1e-9 * requested);
        assert!((requested - accepted - refused).abs() <= 1e-9 * requested);
        let pct = r.indicators.reinjection_refused_pct;
        assert!(
            (pct - 100.0 * refused / requested).abs() <= 1e-9 * 100.0,
            "{id}: indicator {pct} %"
        );
        println!(
            "{id}: requested {:.3} Mm³, accepted {:.3}, refused {:.3} ({pct:.2} %)",
            requested / 1e6,
            accepted / 1e6,
            refused / 1e6
        );
    }
}

/// A small reinjection is refused only while the crust is wet: in the months when the
/// reinjection cell's water table stands within the taper of the ground without the project too
/// (rain on the halite floods the crust most summers; measured: 81 of 600 months, 6 % of the
/// spent brine). The same plan at full size mounds the cell, is refused more, and says so.
#[test]
fn a_small_reinjection_is_refused_only_while_the_crust_is_wet() {
    let basin = Basin::default_basin();
    let plan = |production: f64| {
        presets::by_id("dle_reinjection")
            .unwrap()
            .scenario()
            .with(LeverId::Production, production)
    };
    let s = plan(1_000.0);
    let small = run(&basin, &s).unwrap();
    check(&small, "small reinjection");
    let at = reinjection_cell(&basin, &s);
    let cell = &small.cells[at];
    let accepted = small.totals.accounts.brine.reinjected_m3;
    assert!(accepted > 0.0);
    let mut wet_months = 0;
    for (m, a) in small.accounts.iter().enumerate() {
        let depth_without = cell.depth_to_water_m[m] + cell.drawdown_m[m];
        if a.reinjection_refused_m3 > 1e-9 * accepted {
            assert!(
                depth_without < INJECTION_TAPER_M,
                "month {m}: refused {} m³ with the crust {depth_without} m dry",
                a.reinjection_refused_m3
            );
            wet_months += 1;
        }
    }
    let pct = small.indicators.reinjection_refused_pct;
    println!("small reinjection: refused in {wet_months} months, {pct:.1} % of it");
    let said =
        |r: &Results, lang: Lang, what: &str| sentences(r, lang).iter().any(|x| x.contains(what));
    let large = run(&basin, &plan(50_000.0)).unwrap();
    let large_pct = large.indicators.reinjection_refused_pct;
    assert!(large_pct > pct.max(1.0), "{large_pct} vs {pct}");
    assert!(said(&large, Lang::En, "could not be reinjected"));
    assert!(said(&large, Lang::Es, "No se pudo reinyectar"));
}

/// One closed cell (A = 1 km², no evaporation) with a well injecting far more than its pore space
/// below the ground can hold. With a water table (Sy = 0.1) the head ends within the taper below
/// the ground and the stored volume equals the accepted injection (the refused rest is reported,
/// not stored); a confined cell (Sy = 0) takes it all, artesian head and all.
#[test]
fn a_full_water_table_refuses_injection_and_stores_what_it_took() {
    use cuenca_model::physics::groundwater::{Fluxes, Groundwater, StepForcing, StopReason};
    let (z, h0, request) = (20.0, 19.0, 1.0e6); // m³/day over one 1-day step
    let mut fx = Fluxes::default();
    // Water table: 0.1 m of pore space per metre, so 1 m takes 1e5 m³; the request is ten times it.
    let basin = common::box_basin(0.1, 0.0, h0);
    let mut gw = Groundwater::new(&basin, common::no_evaporation(), 1.0, 1.0, 1.0);
    let mut f = StepForcing::zeros(1);
    f.inject[0] = request;
    let mut h = vec![h0];
    let rep = gw.solve(&mut h, &[h0], 1.0, &f);
    assert_eq!(rep.reason, StopReason::Converged);
    gw.fluxes(&mut fx);
    let accepted = fx.injected[0];
    let stored = gw.volume_change(0, h[0], h0);
    println!("water table: head {:.6} m, accepted {accepted:.3} m³", h[0]);
    assert!(h[0] < z && z - h[0] < INJECTION_TAPER_M, "head {}", h[0]);
    assert!(accepted > 0.0 && accepted < 0.1 * request, "{accepted}");
    assert!(
        (stored - accepted).abs() <= 1e-9 * request,
        "{stored} vs {accepted}"
    );
    // Confined: elastic storage only (Ss·b·A = 1e-4 · 120 · 1e6 = 1.2e4 m²), every m³ goes in.
    let basin = common::box_basin(0.0, 1.0e-4, h0);
    let mut gw = Groundwater::new(&basin, common::no_evaporation(), 1.0, 1.0, 1.0);
    let mut h = vec![h0];
    let rep = gw.solve(&mut h, &[h0], 1.0, &f);
    assert_eq!(rep.reason, StopReason::Converged);
    gw.fluxes(&mut fx);
    assert_eq!(fx.injected[0], request);
    let rise = request / (1.0e-4 * 120.0 * 1.0e6);
    assert!(
        (h[0] - (h0 + rise)).abs() < 1e-6,
        "head {} vs {}",
        h[0],
        h0 + rise
    );
}
