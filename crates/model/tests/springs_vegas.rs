//! Spring lines and vegas as people feel them: a spring whose water table falls below its outlet
//! stops (flow `C·max(h − z, 0)` = 0, head above the outlet negative) and the sentences say so
//! and when; a vega whose water table leaves the root zone feels no more of the regional
//! drawdown, which keeps growing. References: closed forms of a drained linear store and of a
//! closed cell pumped at a fixed rate.

use crate::common;

use cuenca_model::physics::surface::{SPRING_SMOOTHING_M, VEGA_EXTINCTION_M};
use cuenca_model::{run, sentences, Basin, Lang, LeverId, Scenario, DAYS_PER_MONTH};

/// Spring cell: A = 10 km², Sy = 0.1, outlet z = 100 m, conductance C = 1000 m²/day, water
/// table 1.5 m above the outlet at the start, a fixed well of Q = 1000 m³/day, no recharge.
/// The spring drains the cell as a linear store towards `z − Q/C`: `h − z = (h₀ − z + Q/C)
/// e^{−t/τ} − Q/C` with `τ = A·Sy/C` = 1000 days, so the water table reaches the outlet at
/// `t* = τ·ln(1 + C(h₀ − z)/Q)` = 916 days (mid-2027 from January 2025), and then falls by
/// `Q/(A·Sy)` a day.
const SPRING_BASIN: &str = r#"
    [basin]
    id = "spring-stops"
    name_es = "Vertiente de prueba"
    name_en = "Test spring"
    start_year = 2025

    [[cells]]
    id = "fan"
    name_es = "Abanico de prueba"
    name_en = "Test fan"
    kind = "aquifer"
    area_km2 = 10.0
    ground_m = 110.0
    bottom_m = -500.0
    sy = 0.1
    ss = 0.0
    initial_head_m = 101.5
    spring = { to = "sink", elevation_m = 100.0, conductance_m2_per_day = 1000.0 }

    [[cells]]
    id = "sink"
    kind = "aquifer"
    area_km2 = 1.0
    ground_m = 110.0
    bottom_m = -500.0
    sy = 0.1
    ss = 0.0
    initial_head_m = 50.0
    boundary = { head_m = 50.0, conductance_m2_per_day = 1000.0 }

    [[wells]]
    cell = "fan"
    rate_m3_per_day = 1000.0

    [[sites]]
    id = "vertiente"
    name_es = "Vertiente de prueba"
    name_en = "Test spring"
    kind = "spring"
    cell = "fan"
    x_km = 0.5
    y_km = 0.5
"#;

#[test]
fn a_spring_whose_water_table_falls_below_its_outlet_stops_and_the_sentences_say_when() {
    let basin = Basin::from_toml_str(SPRING_BASIN).expect("spring basin");
    let s = Scenario::default()
        .with(LeverId::Years, 10.0)
        .with(LeverId::Variability, 0.0);
    let r = run(&basin, &s).expect("run");
    common::check(&r, "spring");
    let (z, c, q, area_sy) = (100.0, 1000.0, 1000.0, 10.0e6 * 0.1);
    let l_per_s = |m3_per_day: f64| m3_per_day / 86.4;
    let lines = &r.indicators.spring_lines;
    assert_eq!(lines.len(), 1, "one spring line (the sink has no spring)");
    let line = &lines[0];
    assert_eq!(line.site.as_deref(), Some("vertiente"));
    let h = &r.cells[0].head_m;
    // The flow of every month is the closed form C·max(h − z, 0) at the month's head, within
    // the law's smoothing (C·w·ln 2 at the outlet).
    let smoothing = l_per_s(c * SPRING_SMOOTHING_M * std::f64::consts::LN_2);
    let closed: Vec<f64> = h.iter().map(|&h| l_per_s(c * (h - z).max(0.0))).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!((line.initial_flow_l_per_s - l_per_s(c * 1.5)).abs() < 1e-9);
    assert!((line.initial_head_above_outlet_m - 1.5).abs() < 1e-12);
    assert!((line.first_decade_flow_l_per_s - mean(&closed)).abs() <= smoothing);
    assert!(line.last_year_flow_l_per_s < 1e-9, "stopped: no flow");
    assert_eq!(mean(&closed[108..]), 0.0);
    // The stop: the first month below the outlet, within a month of the closed form's t*.
    let t_star = 1000.0 * (1.0 + c * 1.5 / q).ln();
    let first_below = h.iter().position(|&x| x < z).expect("it stops") as f64;
    let month_end_star = t_star / DAYS_PER_MONTH - 1.0; // month index whose end passes t*
    assert!(
        (first_below - month_end_star).abs() <= 1.0,
        "below the outlet in month {first_below}, closed form {month_end_star:.2}"
    );
    assert_eq!(line.stops_year, Some(2027));
    assert!(!line.flows_at_end);
    // After it stops the cell is a closed box pumped at Q: the head falls Q·Δt/(A·Sy) a month.
    for m in 109..120 {
        let fall = h[m - 1] - h[m];
        assert!(
            (fall - q * DAYS_PER_MONTH / area_sy).abs() < 1e-9,
            "month {m}: fell {fall} m"
        );
    }
    let below = line.last_year_head_above_outlet_m;
    assert!((below - (mean(&h[108..]) - z)).abs() < 1e-12);
    assert!(below < -2.0, "{below}");
    let (es, en) = (
        sentences(&r, Lang::Es).join(" "),
        sentences(&r, Lang::En).join(" "),
    );
    let metres = |lang| cuenca_model::fmt_num(-below, 1, lang);
    assert!(
        es.contains(&format!("En Vertiente de prueba, el caudal es de 17 L/s hoy; en 2027 la napa baja por debajo de la salida de las vertientes y el agua deja de brotar (en 2034, queda {} m por debajo).", metres(Lang::Es))),
        "{es}"
    );
    assert!(
        en.contains(&format!("At Test spring, the flow is 17 L/s today; in 2027 the water table falls below the springs' outlet and they stop flowing ({} m below it in 2034).", metres(Lang::En))),
        "{en}"
    );
    assert!(!es.contains("100 %") && !en.contains("100 %"), "{en}");
}

/// The same spring without the well: it keeps flowing, its water table above the outlet, and
/// the sentence gives the flow and the height of the water table above the outlet.
#[test]
fn a_spring_that_keeps_flowing_reads_as_its_flow_and_the_water_above_its_outlet() {
    // 5 m above the outlet and C = 100 m²/day (τ = 10,000 days): after ten years still 3.5 m
    // above it, where the smoothed law is exactly linear (≥ 40 w).
    let toml = SPRING_BASIN
        .replace("rate_m3_per_day = 1000.0", "rate_m3_per_day = 0.0")
        .replace("initial_head_m = 101.5", "initial_head_m = 105.0")
        .replace(
            "conductance_m2_per_day = 1000.0 }\n\n    [[cells]]",
            "conductance_m2_per_day = 100.0 }\n\n    [[cells]]",
        );
    let basin = Basin::from_toml_str(&toml).expect("spring basin");
    let s = Scenario::default()
        .with(LeverId::Years, 10.0)
        .with(LeverId::Variability, 0.0);
    let r = run(&basin, &s).expect("run");
    let line = &r.indicators.spring_lines[0];
    // Linear store without inflow: h − z = 5·e^{−t/τ}; implicit monthly steps give
    // 5·(1 + Δt/τ)^−n exactly.
    let tau = 10.0e6 * 0.1 / 100.0;
    assert!(line.stops_year.is_none() && line.flows_at_end);
    assert!((line.initial_flow_l_per_s - 100.0 * 5.0 / 86.4).abs() < 1e-9);
    for (m, h) in r.cells[0].head_m.iter().enumerate() {
        let want = 5.0 * (1.0 + DAYS_PER_MONTH / tau).powi(m as i32 + 1);
        let want = 5.0 * 5.0 / want;
        assert!((h - 100.0 - want).abs() < 1e-9, "month {m}: {h} vs {want}");
    }
    assert!(line.last_decade_head_above_outlet_m > 0.0);
    let es = sentences(&r, Lang::Es).join(" ");
    let q = cuenca_model::fmt_num(line.last_decade_flow_l_per_s, 0, Lang::Es);
    let m = cuenca_model::fmt_num(line.last_decade_head_above_outlet_m, 1, Lang::Es);
    assert!(
        es.contains(&format!("en 2025–2034, de {q} L/s en promedio: la napa queda {m} m sobre la salida de las vertientes.")),
        "{es}"
    );
}

/// A vega (1 km², ground 100 m) beside a brine wellfield with no boundary to refill it: while
/// the project pumps, the regional head under the vega keeps falling, but once the water table
/// is below the roots (3 m) the root-zone depth stays at 3 m and the green area at zero. (With
/// no recharge the vega's own evapotranspiration lowers its ponded water from the start.)
const VEGA_BASIN: &str = r#"
[basin]
id = "vega-drained"
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

[[sites]]
id = "vega_prueba"
name_es = "Vega de prueba"
name_en = "Test vega"
kind = "vega"
cell = "vega"
x_km = 1.5
y_km = 0.5

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

#[test]
fn a_vega_below_its_roots_feels_no_more_of_the_regional_drawdown() {
    let basin = Basin::from_toml_str(VEGA_BASIN).expect("vega basin");
    let s = Scenario::default()
        .with(LeverId::Production, 500.0)
        .with(LeverId::StartYear, 2027.0)
        .with(LeverId::RampYears, 0.0)
        .with(LeverId::LifeYears, 40.0)
        .with(LeverId::Years, 20.0)
        .with(LeverId::DleShare, 0.0)
        .with(LeverId::Variability, 0.0);
    let r = run(&basin, &s).expect("run");
    common::check(&r, "vega");
    let v = &r.indicators.vegas;
    assert_eq!(v.len(), 1);
    let v = &v[0];
    let cell = r.site("vega_prueba").unwrap();
    let depth = &cell.depth_to_water_m;
    let dd = &cell.drawdown_m;
    let n = depth.len();
    // The regional drawdown keeps growing to the end, well past the root zone...
    assert!(
        dd[n - 1] > dd[n - 61] + 1.0,
        "{} then {}",
        dd[n - 61],
        dd[n - 1]
    );
    assert!(dd[n - 61] > VEGA_EXTINCTION_M + 1.0);
    assert!((v.max_regional_drawdown_m - dd[n - 1]).abs() < 1e-9);
    // ...while the depth the roots feel saturates at the root zone's bottom.
    assert_eq!(v.root_zone_bottom_m, VEGA_EXTINCTION_M);
    assert_eq!(v.last_decade_root_zone_depth_m, VEGA_EXTINCTION_M);
    assert_eq!(v.max_root_zone_depth_m, VEGA_EXTINCTION_M);
    assert!(v.below_roots_at_end);
    // Ponded at the start: the roots have water at the surface (depth 0, not −0.5).
    assert_eq!(v.initial_root_zone_depth_m, 0.0);
    let first_out = depth
        .iter()
        .position(|&d| d > VEGA_EXTINCTION_M)
        .expect("it leaves the roots");
    assert_eq!(v.leaves_roots_year, Some(r.months[first_out].year));
    // Green area: the whole cell (100 ha) before the project, nothing at the end (the root-zone
    // law gives 0 below 3 m).
    // The table only falls here, so the green area is the root-zone law's at each month's
    // depth (no regrowth lag on the way down).
    let law: Vec<f64> = depth[..12]
        .iter()
        .map(|&d| 100.0 * common::vega_green_share(d))
        .collect();
    let first_year = law.iter().sum::<f64>() / 12.0;
    assert!((v.first_year_green_area_ha - first_year).abs() < 1e-9);
    assert_eq!(v.last_decade_green_area_ha, 0.0);
    let es = sentences(&r, Lang::Es).join(" ");
    let en = sentences(&r, Lang::En).join(" ");
    let y = v.leaves_roots_year.unwrap();
    let g0 = cuenca_model::fmt_num(first_year, 0, Lang::En);
    assert!(es.contains(&format!("En Vega de prueba, la napa sale de la zona de raíces (baja a más de 3 m bajo el suelo) en {y} y no vuelve antes de 2044; en 2035–2044 no le queda superficie verde ({g0} ha en 2025).")), "{es}");
    assert!(en.contains(&format!("At Test vega, the water table leaves the roots (falls more than 3 m below ground) in {y} and does not return before 2044; in 2035–2044 no green area is left ({g0} ha in 2025).")), "{en}");
    let d = |lang| cuenca_model::fmt_num(dd[n - 1], 1, lang);
    assert!(
        es.contains(&format!(
            "El descenso regional de la napa en Vega de prueba llega a {} m hacia 2044",
            d(Lang::Es)
        )),
        "{es}"
    );
    assert!(
        en.contains(&format!(
            "The regional drawdown of the water table at Test vega reaches {} m by 2044",
            d(Lang::En)
        )),
        "{en}"
    );
    assert!(
        !es.contains("Con este escenario, la napa en Vega de prueba baja"),
        "{es}"
    );
}
