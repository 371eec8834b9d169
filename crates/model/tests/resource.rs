//! Validation target 5 (brief §c): the brine body of the basin file holds as much lithium as the
//! published resources say the Pastos Grandes basin floor holds.
//!
//! Drainable lithium of a brine cell = area × saturated thickness × specific yield × Li, in LCE
//! (× 5.323). Brine resources are reported the same way (drainable porosity × volume × grade).
//! The published figures, from the brief's parameter table:
//! * 4.12 Mt LCE M+I, Millennial claims, 2019 [S6] (`aq.resource_MI_2019`), plus
//!   0.56 Mt LCE Sal de la Puna, inferred [S10] (`aq.resource_SDLP`): separate claims of the same
//!   basin floor, so the basin holds at least their sum;
//! * 15.1 Mt LCE M&I for the combined PPG project [S13] (`aq.resource_PPG`), of which 1.30 Mt lie in
//!   the Pozuelos salar [S15]: the basin floor holds at most about 13.8 Mt.

use cuenca_model::{Basin, CellKind, ParamValue};

/// LCE per unit of lithium (the brief's conversion).
const LCE_PER_LI: f64 = 5.323;
/// Pozuelos' share of the PPG resource, Mt LCE [S15] (not in the parameter table as a key).
const POZUELOS_MT_LCE: f64 = 1.30;

fn param(basin: &Basin, id: &str) -> f64 {
    match basin.param_table().get(id).map(|p| &p.value) {
        Some(ParamValue::Number(x)) => *x,
        other => panic!("{id}: {other:?}"),
    }
}

/// Drainable lithium of the brine cells (nucleus and margins), Mt LCE.
fn drainable_mt_lce(basin: &Basin) -> f64 {
    basin
        .cells
        .iter()
        .filter(|c| matches!(c.kind, CellKind::Nucleus | CellKind::Margin))
        .map(|c| {
            let brine_m3 = c.area_m2 * (c.ground_m - c.bottom_m) * c.sy;
            brine_m3 * c.li_mg_per_l / 1000.0 * LCE_PER_LI / 1e9
        })
        .sum()
}

#[test]
fn brine_body_holds_the_published_resources() {
    let basin = Basin::default_basin();
    let held = drainable_mt_lce(&basin);
    let lo = param(&basin, "aq.resource_MI_2019") + param(&basin, "aq.resource_SDLP");
    let hi = param(&basin, "aq.resource_PPG") - POZUELOS_MT_LCE;
    println!("drainable lithium {held:.2} Mt LCE; published range {lo:.2}-{hi:.2}");
    assert!(
        held >= lo && held <= hi,
        "{held:.2} Mt LCE outside {lo:.2}-{hi:.2}"
    );
}

/// The drainable volume also lies in the brief's `aq.brine_storage` range (A_bf · b_b · Sy_b).
#[test]
fn brine_body_volume_is_in_the_brief_range() {
    let basin = Basin::default_basin();
    let p = basin.param_table().get("aq.brine_storage").expect("param");
    let (ParamValue::Number(lo), ParamValue::Number(hi)) = (&p.min, &p.max) else {
        panic!("range")
    };
    let v: f64 = basin
        .cells
        .iter()
        .filter(|c| matches!(c.kind, CellKind::Nucleus | CellKind::Margin))
        .map(|c| c.area_m2 * (c.ground_m - c.bottom_m) * c.sy)
        .sum();
    println!("drainable brine {v:.3e} m3 (range {lo:.1e}-{hi:.1e})");
    assert!(v >= *lo && v <= *hi);
}
