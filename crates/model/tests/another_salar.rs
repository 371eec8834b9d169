//! Another basin file runs with its own lever places and no code change: a small three-zone
//! salar (`tests/data/three-zone-salar.toml`) loads, lists its own options, and every lever —
//! each number at its minimum, middle and maximum, each choice at every option — runs with the
//! balances closed.

use crate::common::check;
use cuenca_model::{run, Basin, LeverId, RunError, Scenario, LEVERS};

const SALAR: &str = include_str!("data/three-zone-salar.toml");

fn salar() -> Basin {
    Basin::from_toml_str(SALAR).expect("the three-zone salar loads")
}

/// A project that uses every lever: the place levers and the protection rule act only while
/// there is production, and reinjection only with DLE.
fn project() -> Scenario {
    Scenario::default()
        .with(LeverId::Production, 10_000.0)
        .with(LeverId::DleShare, 50.0)
        .with(LeverId::ProtectSite, 1.0)
        .with(LeverId::Years, 30.0)
}

#[test]
fn the_salar_lists_its_own_places() {
    let basin = salar();
    let keys = |id: LeverId| -> Vec<String> {
        id.spec()
            .options(&basin)
            .iter()
            .map(|o| o.key.to_string())
            .collect()
    };
    assert_eq!(keys(LeverId::ReinjectionCell), ["poniente", "naciente"]);
    assert_eq!(
        keys(LeverId::FreshSource),
        ["quebrada_oeste", "quebrada_este"]
    );
    assert_eq!(
        keys(LeverId::ProtectSite),
        ["ninguno", "vertiente", "barreal"]
    );
    let cell = |lever: &str, k: usize| basin.cells[basin.places(lever)[k].cell].id.as_str();
    assert_eq!(cell("reinj_cell", 1), "nuc_e");
    assert_eq!(cell("fw_src", 0), "fan_w");
    assert_eq!(cell("prot", 1), "mar_e");
}

#[test]
fn every_lever_runs_on_the_salar_at_its_ends_middle_and_every_option() {
    let basin = salar();
    let base = project();
    let mut runs = 0;
    for spec in LEVERS.iter() {
        let (lo, hi) = spec.range_in(&basin);
        let values: Vec<f64> = if spec.is_choice() {
            (lo as usize..=hi as usize).map(|k| k as f64).collect()
        } else {
            // The middle on the lever's step grid, as a control would set it.
            let mid = lo + ((hi - lo) / 2.0 / spec.step).round() * spec.step;
            vec![lo, mid, hi]
        };
        for v in values {
            let what = format!("{} = {v}", spec.key);
            let s = base.clone().with(spec.id, v);
            let r = run(&basin, &s).unwrap_or_else(|e| panic!("{what}: {e}"));
            check(&r, &what);
            runs += 1;
        }
    }
    // 28 numbers at three values; `var` 2, `reinj_cell` 2, `fw_src` 2 and `prot` 3 options.
    assert_eq!(runs, 28 * 3 + 2 + 2 + 2 + 3);
}

#[test]
fn each_place_moves_the_project_to_its_cell() {
    let basin = salar();
    // Without the protection rule, which would cut each plan's pumping by its own drawdown at
    // the protected spring and so blur where the wells are.
    let pumped_fresh = |k: f64| {
        let s = project()
            .with(LeverId::ProtectSite, 0.0)
            .with(LeverId::FreshSource, k);
        let r = run(&basin, &s).unwrap();
        let fan = |id: &str| {
            let c = r.cells.iter().find(|c| c.id == id).unwrap();
            c.drawdown_m.iter().fold(0.0_f64, |m, &d| m.max(d))
        };
        (fan("fan_w"), fan("fan_e"))
    };
    let (west_from_w, east_from_w) = pumped_fresh(0.0);
    let (west_from_e, east_from_e) = pumped_fresh(1.0);
    assert!(west_from_w > west_from_e, "{west_from_w} vs {west_from_e}");
    assert!(east_from_e > east_from_w, "{east_from_e} vs {east_from_w}");
}

#[test]
fn a_choice_beyond_the_salar_list_is_a_sentence() {
    let basin = salar();
    // Pastos Grandes has four fresh-water fans; this salar two.
    let s = project().with(LeverId::FreshSource, 3.0);
    let e = run(&basin, &s).unwrap_err();
    assert_eq!(
        e,
        RunError::UnknownOption {
            lever: "fw_src",
            index: 3,
            count: 2
        }
    );
    let msg = e.to_string();
    assert!(msg.contains("`fw_src`") && msg.contains("0 to 1"), "{msg}");
    // Without a project the place levers do nothing, so the natural basin still runs.
    assert!(run(&basin, &s.baseline()).is_ok());
}

#[test]
fn a_basin_without_places_runs_without_a_project_and_says_why_not_with_one() {
    let text = SALAR
        .split("[[lever_options.")
        .next()
        .expect("the file before its lever options");
    let basin = Basin::from_toml_str(text).unwrap();
    assert!(basin.places("fw_src").is_empty());
    assert_eq!(
        LeverId::ProtectSite.spec().options(&basin).len(),
        1,
        "only \"none\""
    );
    check(&run(&basin, &Scenario::default()).unwrap(), "natural");
    let e = run(&basin, &project()).unwrap_err().to_string();
    assert!(e.contains("`fw_src`") && e.contains("no options"), "{e}");
}
