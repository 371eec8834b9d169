//! The template a person fills in: the header, a comment on each column, and example rows at
//! the basin's own sites.

use std::fmt::Write as _;

use crate::basin::Basin;
use crate::observations::quantity::{ObservedQuantity, BASIN_SITE};

/// The template CSV for a basin: comment lines (`#`, skipped by the reader) explaining the
/// columns in Spanish and English, the header, and one example row for each quantity at the
/// first site that has it. The example values are placeholders, marked as such in `who`, not
/// measurements.
pub fn template_csv(basin: &Basin) -> String {
    let mut o = String::new();
    o.push_str(
        "# Observaciones para Cuenca / Observations for Cuenca\n\
         # site: id del sitio / site id · date: AAAA-MM o AAAA-MM-DD / YYYY-MM or YYYY-MM-DD\n\
         # quantity: depth_to_water_m (m bajo el suelo / below ground), water_level_m (m s.n.m. / a.s.l.),\n\
         #   spring_flow_l_per_s (L/s, solo vertientes / springs only),\n\
         #   vega_area_ha, lagoon_area_ha (ha, vega verde y lagunas de toda la cuenca, p. ej. de un mapa satelital, en el sitio cuenca /\n\
         #   green vega and lagoons of the whole basin, e.g. from a satellite map, at the site cuenca)\n\
         #   pumped_li_mg_per_l (mg/L, litio de lo que bombea un campo de pozos de salmuera /\n\
         #   lithium in what a brine wellfield pumps)\n\
         # unit: m, L/s, ha o/or mg/L · who: quién midió / who measured · error: desvío estándar opcional / optional standard deviation\n\
         # Las filas de ejemplo no son mediciones: bórrelas / The example rows are not measurements: delete them\n",
    );
    o.push_str("site,date,quantity,value,unit,who,error\n");
    let find = |kind: &str| basin.sites.iter().find(|s| s.kind == kind);
    let spring = basin
        .sites
        .iter()
        .find(|s| s.kind == "spring" && basin.cells[s.cell].spring.is_some());
    let brine_wells = basin
        .sites
        .iter()
        .find(|s| basin.cells[s.cell].brine_weight > 0.0);
    let examples = [
        (
            find("vega"),
            ObservedQuantity::DepthToWaterM,
            "2025-03",
            "0.4",
            "0.05",
        ),
        (
            find("community_well").or_else(|| find("village")),
            ObservedQuantity::DepthToWaterM,
            "2025-03-15",
            "6.2",
            "",
        ),
        (
            spring,
            ObservedQuantity::SpringFlowLPerS,
            "2025-04",
            "12",
            "2",
        ),
        (
            brine_wells,
            ObservedQuantity::PumpedLiMgPerL,
            "2025-05",
            "450",
            "",
        ),
    ];
    for (site, q, date, value, error) in examples {
        if let Some(s) = site {
            let _ = writeln!(
                o,
                "{},{},{},{},{},ejemplo / example,{}",
                s.id,
                date,
                q.key(),
                value,
                q.unit(),
                error
            );
        }
    }
    let q = ObservedQuantity::VegaAreaHa;
    let _ = writeln!(
        o,
        "{BASIN_SITE},2025-03,{},480,{},ejemplo / example,",
        q.key(),
        q.unit()
    );
    o
}
