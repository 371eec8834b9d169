//! Vega green area through a run: it follows the water table down within the month and, after a
//! die-back, grows back as a first-order lag with the basin's `wb.vega_recovery` (τ). Reference:
//! the exponential `1 − G(t) = (1 − G(t₀))·e^{−(t − t₀)/τ}` once the water is back for good.

use crate::common;

use cuenca_model::{run, Basin, LeverId, Results, Scenario};

/// A vega (1 km², ground at 100 m) beside a brine wellfield cell that a general-head boundary at
/// 100.5 m refills (`A·Sy / C` = 10 days; months with the vega's open water): the vega stands in
/// water until the wells start, drains beyond its roots while they pump (the drawdown `Q/C` is
/// ≈ 5 m) and is flooded again four months after they stop. So the water table steps, and the green area shows the vegetation's
/// own response. (Each place lever lists the wells twice because the levers' defaults are their
/// second places.)
const BASIN: &str = r#"
[basin]
id = "vega-step"
name_es = "Vega de prueba"
name_en = "Test vega"
start_year = 2025

[[cells]]
id = "wells"
kind = "aquifer"
area_km2 = 1.0
ground_m = 100.0
bottom_m = -1900.0
sy = 0.1
li_mg_per_l = 450.0
brine_weight = 1.0
initial_head_m = 100.5
boundary = { head_m = 100.5, conductance_m2_per_day = 1.0e4 }
polygon = [[0, 0], [1, 0], [1, 1], [0, 1]]

[[cells]]
id = "vega"
kind = "vega"
area_km2 = 1.0
ground_m = 100.0
bottom_m = -100.0
initial_head_m = 100.5
polygon = [[1, 0], [2, 0], [2, 1], [1, 1]]

[[connections]]
a = "wells"
b = "vega"
conductance_m2_per_day = 1.0e5

[[lever_options.fw_src]]
key = "pozos"
cell = "wells"
label_es = "Pozos"
label_en = "Wells"

[[lever_options.fw_src]]
key = "pozos_2"
cell = "wells"
label_es = "Pozos 2"
label_en = "Wells 2"

[[lever_options.reinj_cell]]
key = "pozos"
cell = "wells"
label_es = "Pozos"
label_en = "Wells"

[[lever_options.reinj_cell]]
key = "pozos_2"
cell = "wells"
label_es = "Pozos 2"
label_en = "Wells 2"
"#;

const START: f64 = 2027.0;
const LIFE_YEARS: f64 = 8.0;

/// The 2019 plan's production for eight years from 2027, by ponds, under the mean climate.
fn project() -> Scenario {
    Scenario::default()
        .with(LeverId::Production, 24_000.0)
        .with(LeverId::StartYear, START)
        .with(LeverId::RampYears, 0.0)
        .with(LeverId::LifeYears, LIFE_YEARS)
        .with(LeverId::Years, 30.0)
        .with(LeverId::DleShare, 0.0)
        .with(LeverId::Variability, 0.0)
}

fn check_step(r: &Results, tau_years: f64) {
    let v = r.cells.iter().position(|c| c.id == "vega").unwrap();
    let depth = &r.cells[v].depth_to_water_m;
    let green: Vec<f64> = r.series.vega_area_ha.iter().map(|ha| ha / 100.0).collect();
    let month_of = |year: f64| ((year - 2025.0) * 12.0).round() as usize;
    let (on, off) = (month_of(START), month_of(START + LIFE_YEARS));
    // No project: the vega is green all along.
    assert!(r
        .series
        .baseline_vega_area_ha
        .iter()
        .all(|&ha| (ha - 100.0).abs() <= 1e-12));
    // Down: every month the green share is at most what the table supports, and while the
    // wells pump it is exactly that (no lag).
    for m in 0..green.len() {
        let s = common::vega_green_share(depth[m]);
        // (Round-off of the hectare conversion: a few ulps.)
        assert!(green[m] <= s + 1e-15, "month {m}: green {} > {s}", green[m]);
        if (on..off).contains(&m) {
            assert!(
                (green[m] - s).abs() <= 1e-15,
                "month {m}: {} vs {s}",
                green[m]
            );
        }
    }
    assert!((green[on - 1] - 1.0).abs() <= 1e-15);
    assert!(
        green[off - 1] <= 1e-15,
        "dead after eight years without water"
    );
    // Up: the first month the table supports the whole vega again, and ever after.
    let back = (off..green.len())
        .find(|&m| (m..green.len()).all(|k| common::vega_green_share(depth[k]) == 1.0))
        .expect("the water comes back");
    assert!(back <= off + 6, "the table is back within months");
    let gap0 = 1.0 - green[back];
    // The water is back, the vegetation is not (the root-zone law alone would give 1 here).
    assert!(
        gap0 > 0.8,
        "green {} the month the water is back",
        green[back]
    );
    for k in 1..green.len() - back {
        let t_years = k as f64 / 12.0;
        let want = gap0 * (-t_years / tau_years).exp();
        let gap = 1.0 - green[back + k];
        assert!(
            (gap - want).abs() <= 1e-12,
            "{k} months after: gap {gap}, exponential {want}"
        );
    }
    // 63 % of the gap closed after τ.
    let k_tau = (tau_years * 12.0).round() as usize;
    let closed = (green[back + k_tau] - green[back]) / gap0;
    assert!(
        (closed - (1.0 - (-1.0_f64).exp())).abs() < 1e-12,
        "{closed}"
    );
    println!(
        "τ = {tau_years} yr: green {:.3} the month the water is back, {:.3} after τ, {:.3} after \
         3τ",
        green[back],
        green[back + k_tau],
        green.get(back + 3 * k_tau).copied().unwrap_or(f64::NAN)
    );
}

#[test]
fn a_vega_dies_back_at_once_and_regrows_with_the_basin_time_constant() {
    let basin = Basin::from_toml_str(BASIN).unwrap();
    let tau = basin.param_table().number("wb.vega_recovery").unwrap();
    assert_eq!(tau, 5.0, "the default basin's value, inherited");
    check_step(&run(&basin, &project()).unwrap(), tau);
}

#[test]
fn the_time_constant_is_the_basin_files() {
    let text = format!(
        "{BASIN}\n[params.wb.vega_recovery]\nsymbol = \"tau_V\"\nvalue = 2.0\nmin = 2.0\nmax = \
         20.0\nunit = \"yr\"\nstatus = \"E\"\nsource = \"test\"\nnote = \"test\"\n"
    );
    let basin = Basin::from_toml_str(&text).unwrap();
    check_step(&run(&basin, &project()).unwrap(), 2.0);
}
