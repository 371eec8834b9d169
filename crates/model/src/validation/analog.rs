//! Target 7: at the Salar del Hombre Muerto, fresh water pumped for lithium from the Trapiche
//! fan for ~26 years dried the Vega Trapiche within a few years to a couple of decades [S37].
//! A fan well next to a vega should be able to dry it progressively over roughly 5–25 years for
//! a plausible rate. The analogue gives no rate, so wells of 20, 35, 50, 70 and 100 L/s (the
//! brief's process water spans 15–240 L/s) are tried in the lower east fan, next to the east
//! vega, from the natural state under the mean climate.

use super::{Check, Status};
use crate::basin::FixedWell;
use crate::physics::surface::{depth_factor, VEGA_EXTINCTION_M, VEGA_ROOT_DECAY_M};
use crate::{presets, run, Basin, LeverId, RunError};

/// The well rates tried, L/s.
pub const RATES_L_PER_S: [f64; 5] = [20.0, 35.0, 50.0, 70.0, 100.0];

/// Green share of a vega whose water table is `depth_m` below ground (the root-zone law).
fn green(depth_m: f64) -> f64 {
    depth_factor(depth_m, VEGA_ROOT_DECAY_M, VEGA_EXTINCTION_M)
        .0
        .min(1.0)
}

/// One tried rate: the east vega's yearly mean green share with the well, its loss in the first
/// year against the natural state, and the year (1-based) it first keeps less than half of its
/// first year's share.
#[derive(Debug, Clone)]
pub struct AnalogRun {
    pub well_l_per_s: f64,
    pub green_by_year: Vec<f64>,
    pub first_year_loss: f64,
    pub half_year: Option<usize>,
}

impl AnalogRun {
    /// Dried progressively: year on year (no recovery in a constant climate), half of it between
    /// the 5th and the 25th year, and less than a quarter in the first.
    pub fn progressive(&self) -> bool {
        self.is_monotone()
            && self.first_year_loss < 0.25
            && self.half_year.is_some_and(|y| (5..=25).contains(&y))
    }

    pub fn is_monotone(&self) -> bool {
        self.green_by_year.windows(2).all(|w| w[1] <= w[0] + 1e-9)
    }
}

/// Every rate of [`RATES_L_PER_S`], each from the natural state without the well, under the
/// mean climate.
pub fn runs(basin: &Basin) -> Result<Vec<AnalogRun>, RunError> {
    let natural = presets::by_id("natural")
        .map(|p| p.scenario())
        .unwrap_or_default()
        .with(LeverId::Variability, 0.0);
    let start = run(basin, &natural)?;
    let mut at_rest = basin.clone();
    for ((c, &h), &z) in at_rest
        .cells
        .iter_mut()
        .zip(&start.initial_head_m)
        .zip(&start.initial_interface_m)
    {
        c.initial_head_m = Some(h);
        c.initial_interface_m = z;
    }
    let (Some(fan), Some(vega)) = (basin.cell_index("fan_e_low"), basin.cell_index("vega_e"))
    else {
        return Ok(Vec::new());
    };
    let yearly_green = |depths: &[f64]| -> Vec<f64> {
        depths
            .chunks(12)
            .map(|y| y.iter().map(|&d| green(d)).sum::<f64>() / 12.0)
            .collect()
    };
    let before = yearly_green(&start.cells[vega].depth_to_water_m[..12])[0];
    let mut out = Vec::new();
    for q in RATES_L_PER_S {
        let mut b = at_rest.clone();
        b.wells.push(FixedWell {
            cell: fan,
            rate_m3_per_day: q * 86.4,
        });
        let g = yearly_green(&run(&b, &natural)?.cells[vega].depth_to_water_m);
        let first = g[0].max(1e-12);
        out.push(AnalogRun {
            well_l_per_s: q,
            first_year_loss: 1.0 - g[0] / before.max(1e-12),
            half_year: g.iter().position(|&x| x < 0.5 * first).map(|k| k + 1),
            green_by_year: g,
        });
    }
    Ok(out)
}

pub(super) fn check(basin: &Basin) -> Result<Check, RunError> {
    let found = runs(basin)?
        .into_iter()
        .find(AnalogRun::progressive)
        .map(|r| (r.well_l_per_s, r.half_year.unwrap_or(0)));
    let (status, value, note_es, note_en) = match found {
        Some((q, year)) => (
            Status::Met,
            Some(q),
            format!(
                "Con un pozo de {q:.0} L/s junto a la vega del borde este, la vega pierde la \
                 mitad de su verde en el año {year}, de a poco."
            ),
            format!(
                "With a {q:.0} L/s well beside the east-margin vega, the vega loses half its \
                 green in year {year}, gradually."
            ),
        ),
        None => (
            Status::NotMet,
            None,
            "Ningún caudal de 20 a 100 L/s seca la vega de a poco entre los años 5 y 25.".into(),
            "No rate from 20 to 100 L/s dries the vega gradually between years 5 and 25.".into(),
        ),
    };
    Ok(Check {
        target: 7,
        id: "vega_analog_l_per_s",
        what_es: "Análogo de la Vega Trapiche: un pozo de agua dulce en el abanico seca una vega \
                  de a poco en 5 a 25 años (el menor caudal que lo hace)",
        what_en: "The Vega Trapiche analogue: a fresh-water well in the fan dries a vega \
                  gradually over 5 to 25 years (the smallest rate that does)",
        value,
        range: Some((RATES_L_PER_S[0], RATES_L_PER_S[RATES_L_PER_S.len() - 1])),
        unit: "L/s",
        source: "[S37]",
        status,
        note_es,
        note_en,
    })
}
