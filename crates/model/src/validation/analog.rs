//! Target 7: at the Salar del Hombre Muerto, fresh water pumped for lithium from the Trapiche
//! fan for ~26 years dried the Vega Trapiche within a few years to a couple of decades [S37].
//! A fan well next to a vega should be able to dry it progressively over roughly 5–25 years for
//! a plausible rate. The analogue gives no rate, so wells of 20, 35, 50, 70 and 100 L/s (the
//! brief's process water spans 15–240 L/s) are tried in the lower east fan, next to the east
//! vega, from the natural state under the mean climate.

use super::{Check, Status};
use crate::basin::FixedWell;
use crate::physics::surface::{depth_factor, VEGA_EXTINCTION_M, VEGA_ROOT_DECAY_M};
use crate::{presets, run, Basin, LeverId, RunError, Scenario};

const RATES_L_PER_S: [f64; 5] = [20.0, 35.0, 50.0, 70.0, 100.0];

/// Green share of a vega whose water table is `depth_m` below ground (the root-zone law).
fn green(depth_m: f64) -> f64 {
    depth_factor(depth_m, VEGA_ROOT_DECAY_M, VEGA_EXTINCTION_M)
        .0
        .min(1.0)
}

/// The year (1-based) the east vega first keeps less than half of its green share, with a well
/// of `l_per_s`, if it dries progressively: year on year, half between the 5th and the 25th
/// year, and less than a quarter in the first.
fn progressive_half_year(
    basin: &Basin,
    natural: &Scenario,
    green_before: f64,
    l_per_s: f64,
) -> Result<Option<usize>, RunError> {
    let mut b = basin.clone();
    b.wells.push(FixedWell {
        cell: b.cell_index("fan_e_low").unwrap_or(0),
        rate_m3_per_day: l_per_s * 86.4,
    });
    let r = run(&b, natural)?;
    let Some(vega) = b.cell_index("vega_e") else {
        return Ok(None);
    };
    let yearly: Vec<f64> = r.cells[vega]
        .depth_to_water_m
        .chunks(12)
        .map(|y| y.iter().map(|&d| green(d)).sum::<f64>() / 12.0)
        .collect();
    let monotone = yearly.windows(2).all(|w| w[1] <= w[0] + 1e-9);
    let first_year_loss = 1.0 - yearly[0] / green_before.max(1e-12);
    let half = yearly.iter().position(|&g| g < 0.5 * yearly[0].max(1e-12));
    Ok(half
        .filter(|k| monotone && (4..25).contains(k) && first_year_loss < 0.25)
        .map(|k| k + 1))
}

pub(super) fn check(basin: &Basin) -> Result<Check, RunError> {
    let natural = presets::by_id("natural")
        .map(|p| p.scenario())
        .unwrap_or_default()
        .with(LeverId::Variability, 0.0);
    // Start every well run from the natural state without the well.
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
    let vega = basin.cell_index("vega_e").unwrap_or(0);
    let green_before = start.cells[vega].depth_to_water_m[..12]
        .iter()
        .map(|&d| green(d))
        .sum::<f64>()
        / 12.0;
    let mut found = None;
    for q in RATES_L_PER_S {
        if let Some(year) = progressive_half_year(&at_rest, &natural, green_before, q)? {
            found = Some((q, year));
            break;
        }
    }
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
