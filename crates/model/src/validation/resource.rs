//! Targets 5 and 6: the brine body holds the lithium the published resources report, and the
//! wellfield delivers the 2019 plan's brine.
//!
//! Drainable lithium of a brine cell = area × saturated thickness × specific yield × Li, in LCE
//! (× 5.323), the way brine resources are reported. The basin holds at least the two separate
//! claims' sum (4.12 Mt LCE M+I [S6] + 0.56 Mt SDLP [S10]) and at most the combined PPG
//! project's 15.1 Mt [S13] less the 1.30 Mt that lie in the Pozuelos salar [S15].

use super::{measured, Check};
use crate::{presets, run, Basin, ParamValue, RunError};

/// LCE per unit of lithium (the brief's conversion).
const LCE_PER_LI: f64 = 5.323;
/// Pozuelos' share of the PPG resource, Mt LCE [S15].
const POZUELOS_MT_LCE: f64 = 1.30;

fn number(basin: &Basin, id: &str, pick: fn(&crate::ParamInfo) -> &ParamValue) -> f64 {
    basin
        .param_table()
        .get(id)
        .map_or(f64::NAN, |p| pick(p).scalar())
}

pub(super) fn checks(basin: &Basin) -> Result<Vec<Check>, RunError> {
    let brine_cells = || basin.cells.iter().filter(|c| c.kind.is_brine());
    let drainable_m3: f64 = brine_cells()
        .map(|c| c.area_m2 * (c.ground_m - c.bottom_m) * c.sy)
        .sum();
    let held_mt_lce: f64 = brine_cells()
        .map(|c| c.area_m2 * (c.ground_m - c.bottom_m) * c.sy * c.li_mg_per_l / 1000.0)
        .sum::<f64>()
        * LCE_PER_LI
        / 1e9;
    let value = |id| number(basin, id, |p| &p.value);
    let published = (
        value("aq.resource_MI_2019") + value("aq.resource_SDLP"),
        value("aq.resource_PPG") - POZUELOS_MT_LCE,
    );
    let storage = (
        number(basin, "aq.brine_storage", |p| &p.min),
        number(basin, "aq.brine_storage", |p| &p.max),
    );

    // Target 6: the 2019 plan (~24 kt/yr, up to ~30 wells at 15–30 L/s, 450–800 L/s). The
    // wellfield the model drills must deliver it: brine pumped in the first ten years.
    let fs2019 = presets::by_id("fs2019")
        .map(|p| p.scenario())
        .unwrap_or_default();
    let r = run(basin, &fs2019)?;
    let first = &r.accounts[..(10 * 12).min(r.accounts.len())];
    let pumped_m3: f64 = first.iter().map(|a| a.brine.pumped_m3).sum();
    let producing_months = first
        .iter()
        .filter(|a| a.brine.pumped_m3 > 0.0)
        .count()
        .max(1);
    let seconds = producing_months as f64 * crate::DAYS_PER_MONTH * crate::SECONDS_PER_DAY;

    Ok(vec![
        measured(
            5,
            "drainable_lithium_mt_lce",
            (
                "Litio drenable de la salmuera del modelo, frente a los recursos publicados",
                "Drainable lithium of the model's brine, against the published resources",
            ),
            held_mt_lce,
            published,
            "Mt LCE",
            "[S6][S10][S13][S15]",
        ),
        measured(
            5,
            "drainable_brine_m3",
            ("Volumen de salmuera drenable", "Drainable brine volume"),
            drainable_m3,
            storage,
            "m³",
            "[S5][S6][S10]",
        ),
        measured(
            6,
            "fs2019_brine_l_per_s",
            (
                "Bombeo de salmuera del plan 2019 (24 000 t/año), primeros diez años",
                "Brine pumping of the 2019 plan (24,000 t/yr), first ten years",
            ),
            1000.0 * pumped_m3 / seconds,
            (450.0, 800.0),
            "L/s",
            "[S7][S45][S8][S9]",
        ),
    ])
}
