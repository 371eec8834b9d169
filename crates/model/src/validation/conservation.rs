//! Conservation: every preset closes its water and lithium balances to round-off. The accounts
//! are summed from the solver's own fluxes, so closure proves convergence and bookkeeping, not
//! the flux laws (those are the targets above and the analytical tests).

use super::{measured, Check};
use crate::{presets, run, Basin, RunError};

pub(super) fn checks(basin: &Basin) -> Result<Vec<Check>, RunError> {
    let (mut water, mut lithium) = (0.0_f64, 0.0_f64);
    for p in presets::PRESETS.iter() {
        let r = run(basin, &p.scenario())?;
        water = water.max(r.totals.max_month_closure_relative.abs());
        for (&c, &mass) in r.series.li_closure_kg.iter().zip(&r.series.li_mass_kg) {
            lithium = lithium.max(c.abs() / mass.max(1.0));
        }
    }
    Ok(vec![
        measured(
            0,
            "water_closure",
            (
                "Balance de agua de cada escenario predefinido: el mayor error de un mes, sobre el \
                 agua que movió ese mes",
                "Water balance of every preset: the largest error of a month, over the water \
                 that month moved",
            ),
            water,
            (0.0, 1e-9),
            "",
            "conservation of mass",
        ),
        measured(
            0,
            "lithium_closure",
            (
                "Balance de litio de cada escenario predefinido: el mayor error de un mes, sobre \
                 el litio de la cuenca",
                "Lithium balance of every preset: the largest error of a month, over the \
                 basin's lithium",
            ),
            lithium,
            (0.0, 1e-12),
            "",
            "conservation of mass",
        ),
    ])
}
