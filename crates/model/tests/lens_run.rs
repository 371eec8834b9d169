//! Whole runs with lens cells: a basin file that flags cells `lens = true` (fresh water floating
//! on brine) runs through set-up, the steady state, the monthly step, the accounts and lithium
//! transport with every balance closed.

use crate::common::check;
use cuenca_model::scenario::presets::PRESETS;
use cuenca_model::{run, Basin, LeverId, Scenario, LEVERS};

const SALAR: &str = include_str!("data/three-zone-salar.toml");

/// The three-zone test salar with a lens under its mud-flats.
fn salar_with_lenses() -> Basin {
    let text = SALAR.replace("kind = \"margin\"", "kind = \"margin\"\nlens = true");
    let b = Basin::from_toml_str(&text).expect("the salar with lenses loads");
    assert_eq!(b.cells.iter().filter(|c| c.lens).count(), 2);
    b
}

/// Pastos Grandes, whose file puts lenses where the interface brief does: lower fans, vegas,
/// lagoons and margins.
fn pastos_grandes_with_lenses() -> Basin {
    let b = Basin::default_basin();
    for c in &b.cells {
        let lens = c.id.ends_with("_low")
            || c.id.starts_with("vega_")
            || c.id.starts_with("lag_")
            || c.id.starts_with("mar_");
        assert_eq!(c.lens, lens, "{}", c.id);
    }
    b
}

#[test]
fn every_lever_runs_on_a_salar_with_lenses() {
    let basin = salar_with_lenses();
    let base = Scenario::default()
        .with(LeverId::Production, 10_000.0)
        .with(LeverId::DleShare, 50.0)
        .with(LeverId::ProtectSite, 1.0)
        .with(LeverId::Years, 30.0);
    for spec in LEVERS.iter() {
        let (lo, hi) = spec.range_in(&basin);
        let values: Vec<f64> = if spec.is_choice() {
            (lo as usize..=hi as usize).map(|k| k as f64).collect()
        } else {
            vec![lo, hi]
        };
        for v in values {
            let what = format!("{} = {v}", spec.key);
            let r = run(&basin, &base.clone().with(spec.id, v))
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            check(&r, &what);
        }
    }
}

#[test]
fn every_preset_runs_on_pastos_grandes_with_lenses() {
    let basin = pastos_grandes_with_lenses();
    for p in PRESETS.iter() {
        let r = run(&basin, &p.scenario()).unwrap_or_else(|e| panic!("{}: {e}", p.id));
        check(&r, p.id);
    }
}

/// The steady state before development is found with lenses at every lever's extremes: the
/// storage, conductivity and evaporation multipliers at their ends once left it unsolved
/// (a singular Newton matrix after a stalled pseudo-transient start from thin lenses).
#[test]
fn the_steady_state_with_lenses_is_found_at_every_lever_extreme() {
    let basin = pastos_grandes_with_lenses();
    for spec in LEVERS.iter().filter(|l| !l.is_choice()) {
        let (lo, hi) = spec.range_in(&basin);
        for v in [lo, hi] {
            let s = Scenario::default()
                .with(spec.id, v)
                .with(LeverId::Years, 1.0);
            let what = format!("{} = {v}", spec.key);
            let r = run(&basin, &s).unwrap_or_else(|e| panic!("{what}: {e}"));
            check(&r, &what);
        }
    }
}

/// Results carry each lens cell's interface, its rise against the baseline and the lens's
/// thickness (and nothing for one-fluid cells); the water table stands a lens thickness above
/// the interface; and brine pumping in the nucleus (jv2025) lowers the interface under every
/// margin and vega by the end (fresh water replaces brine; the vegas lose water table, not
/// water quality).
#[test]
fn results_report_the_interface_and_brine_pumping_lowers_it() {
    let basin = pastos_grandes_with_lenses();
    let preset = PRESETS.iter().find(|p| p.id == "jv2025").unwrap();
    let r = run(&basin, &preset.scenario()).unwrap();
    for (c, cell) in r.cells.iter().zip(&basin.cells) {
        if !cell.lens {
            assert!(
                c.interface_m.is_empty() && c.interface_rise_m.is_empty(),
                "{}",
                c.id
            );
            continue;
        }
        assert_eq!(c.interface_m.len(), r.months.len(), "{}", c.id);
        for ((&w, &b), &z) in c.head_m.iter().zip(&c.lens_thickness_m).zip(&c.interface_m) {
            assert!(b > 0.5, "{}: lens {b} m", c.id);
            assert!(
                (w - b - z).abs() < 1e-9 * w.abs(),
                "{}: {w} − {b} ≠ {z}",
                c.id
            );
        }
        if c.id.starts_with("mar_") || c.id.starts_with("vega_") {
            let end = *c.interface_rise_m.last().unwrap();
            assert!(end < -1.0, "{}: interface rise {end} m at the end", c.id);
        }
    }
    // The same basin as one fluid reports none.
    let mut one_fluid = Basin::default_basin();
    one_fluid.cells.iter_mut().for_each(|c| c.lens = false);
    let one = run(&one_fluid, &preset.scenario()).unwrap();
    assert!(one.cells.iter().all(|c| c.interface_m.is_empty()));
}

/// The clearance between the top of the mixing zone and the vegas' roots or the fresh wells'
/// screens is geometry on the interface the run computes: (ground − 3 m) − (ζ + w_m/2) under a
/// vega, screen bottom − (ζ + w_m/2 + cone) under the wellfield. Brine pumping (jv2025) lowers
/// the interface under the vegas, so their clearance grows; fresh water for DLE with nearly all
/// spent brine reinjected raises it under the wellfield, so that clearance shrinks.
#[test]
fn clearance_follows_the_interface_and_the_pumping() {
    let basin = pastos_grandes_with_lenses();
    let mixing_zone_m = basin.param_table().number("aq.mixing_zone").unwrap();
    let screen_depth_m = basin
        .param_table()
        .number("proj.fresh_screen_depth")
        .unwrap();
    let jv = PRESETS
        .iter()
        .find(|p| p.id == "jv2025")
        .unwrap()
        .scenario();
    let r = run(&basin, &jv).unwrap();
    let vegas: Vec<_> = basin.sites.iter().filter(|s| s.kind == "vega").collect();
    assert_eq!(vegas.len(), 4);
    for site in &vegas {
        let cl = r.clearances.iter().find(|c| c.site == site.id).unwrap();
        let cell = &basin.cells[site.cell];
        let zeta = &r.cells[site.cell].interface_m;
        for (c, z) in cl.clearance_m.iter().zip(zeta) {
            let want = (cell.ground_m - 3.0) - (z + mixing_zone_m / 2.0);
            assert!((c - want).abs() < 1e-9, "{}: {c} vs {want}", site.id);
        }
        assert!(
            cl.clearance_m.last().unwrap() > &(cl.initial_m + 10.0),
            "{}: {} m at the end, {} m at the start",
            site.id,
            cl.clearance_m.last().unwrap(),
            cl.initial_m
        );
    }
    let fresh_heavy = Scenario::default()
        .with(LeverId::Production, 50_000.0)
        .with(LeverId::DleShare, 100.0)
        .with(LeverId::Reinjection, 98.0)
        .with(LeverId::FreshPerTonneDle, 300.0);
    let r = run(&basin, &fresh_heavy).unwrap();
    let field = basin
        .sites
        .iter()
        .find(|s| s.kind == "fresh_wellfield")
        .unwrap();
    let cl = r.clearances.iter().find(|c| c.site == field.id).unwrap();
    let cone = cl.well.as_ref().unwrap();
    let screen = basin.cells[field.cell].ground_m - screen_depth_m;
    assert_eq!(cone.screen_bottom_m, screen);
    for ((c, z), rise) in cl
        .clearance_m
        .iter()
        .zip(&r.cells[field.cell].interface_m)
        .zip(&cone.cone_rise_m)
    {
        let want = screen - (z + mixing_zone_m / 2.0 + rise);
        assert!((c - want).abs() < 1e-9, "{c} vs {want}");
    }
    let min = cl.clearance_m.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(
        min < 0.0,
        "fresh pumping brings brackish water to the screens ({min} m)"
    );
    let ind = r
        .indicators
        .sites
        .iter()
        .find(|s| s.site == field.id)
        .unwrap();
    let c = ind.clearance.as_ref().unwrap();
    assert!(!c.contact_at_start && c.first_contact_year.is_some());
    // The wells were sized for a stable cone; the interface rising makes them unstable.
    let w = c.well.as_ref().unwrap();
    assert!(w.rate_per_well_l_per_s <= w.initial_critical_rate_l_per_s + 1e-9);
    assert!(w.first_unstable_year.is_some());
}

/// The mixing zone moves no water: a thicker one leaves every series bit-identical and lowers
/// every clearance by exactly half the added thickness.
#[test]
fn the_mixing_zone_moves_no_water() {
    let basin = pastos_grandes_with_lenses();
    let mixing_zone_m = basin.param_table().number("aq.mixing_zone").unwrap();
    let s = PRESETS
        .iter()
        .find(|p| p.id == "fs2019")
        .unwrap()
        .scenario();
    let thin = run(&basin, &s).unwrap();
    let thick = run(&basin, &s.clone().with(LeverId::MixingZoneMult, 2.0)).unwrap();
    assert_eq!(thin.digest(), thick.digest());
    assert_eq!(thin.clearances.len(), 5);
    for (a, b) in thin.clearances.iter().zip(&thick.clearances) {
        for (x, y) in a.clearance_m.iter().zip(&b.clearance_m) {
            assert!(
                (x - y - mixing_zone_m / 2.0).abs() < 1e-9,
                "{}: {x} vs {y}",
                a.site
            );
        }
    }
}
