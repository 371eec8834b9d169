//! Targets 1 to 3: the basin before development, under the mean climate. Recharge leaves as
//! evaporation with no storage trend, and each zone evaporates at the rates measured in the
//! Puna's salars. None of these values is an input: each follows from the depth to water the
//! model settles at. (The recharge itself, ≈ 460 L/s, is `wb.recharge_frac` · P · A by
//! construction, and the lagoons' open-water rate is the input `clim.lagoon_evap`: neither is a
//! target.) Rows sourced `E: <parameter>` hold the model to the plausible range of an estimate
//! in the basin file, not to a measurement.

use super::{measured, Check};
use crate::basin::EvapZone;
use crate::{run_with_options, Basin, RunError, RunOptions, Scenario};

const L_PER_S_PER_M3_PER_YR: f64 = 1000.0 / (365.25 * 86_400.0);

pub(super) fn checks(basin: &Basin) -> Result<Vec<Check>, RunError> {
    let opts = RunOptions {
        climatology: true,
        ..Default::default()
    };
    let r = run_with_options(basin, &Scenario::default(), &opts)?;
    let years = r.years() as f64;
    let t = &r.totals.accounts;
    let (b, f) = (&t.brine, &t.fresh);
    let recharge = t.recharge_generated_m3 / years;
    let rain =
        (b.rain_on_lagoons_m3 + f.rain_on_lagoons_m3 + b.rain_on_crust_m3 + f.rain_on_crust_m3)
            / years;
    let discharge = (t.evaporation_m3() + b.pumped_m3 + f.pumped_m3) / years - rain;
    let storage = (b.storage_change_m3 + f.storage_change_m3) / years;

    let zone_area = |zone: EvapZone| -> f64 {
        basin
            .cells
            .iter()
            .filter(|c| c.evap == zone)
            .map(|c| c.area_m2)
            .sum()
    };
    let mm_per_yr = |m3: f64, zone: EvapZone| 1000.0 * m3 / years / zone_area(zone);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let vega_et = mm_per_yr(b.evap_vega_m3 + f.evap_vega_m3, EvapZone::Vega);

    let mut rows = vec![
        measured(
            1,
            "closure_pct",
            (
                "Antes del proyecto, la evaporación (menos la lluvia sobre lagunas y costra) y el \
                 uso de la comunidad se llevan la recarga: diferencia",
                "Before the project, evaporation (less the rain on lagoons and crust) and the \
                 community's use take away the recharge: difference",
            ),
            100.0 * (discharge / recharge - 1.0),
            (-15.0, 15.0),
            "%",
            "[S27][S31]",
        ),
        measured(
            1,
            "storage_trend_pct",
            (
                "Antes del proyecto, sin tendencia del almacenamiento (cambio anual sobre la recarga)",
                "Before the project, no storage trend (yearly change over recharge)",
            ),
            100.0 * storage / recharge,
            (-15.0, 15.0),
            "%",
            "[S27]",
        ),
        measured(
            2,
            "mudflat_evap_mm_per_yr",
            (
                "Evaporación del barreal (bordes del salar)",
                "Evaporation of the mud-flat (the salar's margins)",
            ),
            mm_per_yr(b.evap_mudflat_m3 + f.evap_mudflat_m3, EvapZone::Mudflat),
            (50.0, 400.0),
            "mm/yr",
            "[S24][S25]",
        ),
        measured(
            2,
            "crust_evap_mm_per_yr",
            (
                "Evaporación de la costra de sal (núcleo)",
                "Evaporation of the salt crust (nucleus)",
            ),
            mm_per_yr(b.evap_crust_m3 + f.evap_crust_m3, EvapZone::Crust),
            (10.0, 200.0),
            "mm/yr",
            "[S24][S26]",
        ),
        measured(
            2,
            "vega_et_mm_per_yr",
            (
                "Evapotranspiración de las vegas (sobre su área)",
                "Evapotranspiration of the vegas (over their area)",
            ),
            vega_et,
            (500.0, 950.0),
            "mm/yr",
            "[S27]",
        ),
        measured(
            2,
            "spring_flow_l_per_s",
            (
                "Caudal de las vertientes al pie de los abanicos",
                "Flow of the springs at the fan toes",
            ),
            (b.springs_m3 + f.springs_m3) / years * L_PER_S_PER_M3_PER_YR,
            (30.0, 300.0),
            "L/s",
            "E: wb.spring_flow",
        ),
        measured(
            2,
            "lagoon_open_water_km2",
            ("Espejo de agua de las lagunas", "Open water of the lagoons"),
            mean(&r.series.lagoon_area_ha) / 100.0,
            (0.5, 6.0),
            "km²",
            "E: geo.lagoon_area",
        ),
        measured(
            2,
            "vega_green_km2",
            ("Área verde de las vegas", "Green area of the vegas"),
            mean(&r.series.vega_area_ha) / 100.0,
            (2.0, 12.0),
            "km²",
            "E: geo.vega_area",
        ),
    ];
    if vega_et > 950.0 {
        let i = rows
            .iter()
            .position(|c| c.id == "vega_et_mm_per_yr")
            .unwrap_or(0);
        rows[i] = rows[i].clone().with_note((
            "Desde las lentes de agua dulce (modelo 0.3) el agua dulce ya no cruza la zona de \
             mezcla hacia el núcleo: aflora más en las vegas, que quedan encharcadas unos \
             decímetros. No se ajustó ningún parámetro para bajarla."
                .into(),
            "Since the fresh-water lenses (model 0.3) fresh water no longer crosses the mixing \
             zone into the nucleus: more of it rises at the vegas, which stand ponded a few \
             decimetres. No parameter was tuned to bring it down."
                .into(),
        ));
    }
    // Depth to brine in the nucleus: the brief's `wb.depth_to_water_nucleus`, 0.05–1 m. The
    // deepest cell is the one shown: every cell must lie in the range.
    let nucleus_depth = r
        .cells
        .iter()
        .zip(&basin.cells)
        .filter(|(_, c)| c.evap == EvapZone::Crust)
        .map(|(s, _)| mean(&s.depth_to_water_m))
        .fold(f64::NAN, f64::max);
    rows.push(measured(
        2,
        "nucleus_depth_m",
        (
            "Profundidad de la salmuera bajo la costra (la celda más profunda)",
            "Depth to brine under the crust (the deepest cell)",
        ),
        nucleus_depth,
        (0.05, 1.0),
        "m",
        "E: wb.depth_to_water_nucleus",
    ));
    rows.push(recharge_timing(basin, &r));
    Ok(rows)
}

/// Target 3: recharge reaches the water table about a month after the summer rains [S27]. The
/// calendar month of the largest mean recharge delivered, against the month of the most rain
/// (`clim.precip_monthly_frac`), in whole months.
fn recharge_timing(basin: &Basin, r: &crate::Results) -> Check {
    let mut delivered = [0.0_f64; 12];
    for (m, a) in r.months.iter().zip(r.accounts.iter()) {
        delivered[usize::from(m.month.clamp(1, 12)) - 1] +=
            a.fresh.recharge_m3 + a.brine.recharge_m3;
    }
    let wettest = argmax(&basin.physical.climate.precip_monthly_frac);
    let lag_months = (argmax(&delivered) + 12 - wettest) % 12;
    measured(
        3,
        "recharge_peak_lag_months",
        (
            "La recarga llega a la napa un mes después del mes más lluvioso (demora del máximo)",
            "Recharge reaches the water table a month after the wettest month (delay of the peak)",
        ),
        lag_months as f64,
        (1.0, 1.0),
        "months",
        "[S27]",
    )
}

fn argmax(v: &[f64]) -> usize {
    (0..v.len()).fold(0, |best, k| if v[k] > v[best] { k } else { best })
}
