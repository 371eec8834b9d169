//! Target 9: an end-of-century climate (−10 to −30 % rain, +4 °C) cuts recharge more than in
//! proportion to the rain, because recharge only starts above a monthly threshold [S19][S23].
//! Measured at −20 % rain and +4 °C over the last 20 years of a 50-year run (the levers are in
//! full from 2050), as the mean over ten weather sequences.

use super::{measured, Check};
use crate::{presets, run, Basin, LeverId, RunError, Scenario};

const RAIN_CHANGE_PCT: f64 = -20.0;
const SEEDS: u64 = 10;

fn natural(seed: u64) -> Scenario {
    presets::by_id("natural")
        .map(|p| p.scenario())
        .unwrap_or_default()
        .with(LeverId::Variability, 1.0)
        .with(LeverId::Seed, seed as f64)
}

pub(super) fn check(basin: &Basin) -> Result<Check, RunError> {
    let late_recharge_m3 = |s: &Scenario| -> Result<f64, RunError> {
        let r = run(basin, s)?;
        Ok(r.accounts
            .iter()
            .skip(30 * 12)
            .map(|a| a.recharge_generated_m3)
            .sum())
    };
    let mut ratio_sum = 0.0;
    for seed in 1..=SEEDS {
        let today = late_recharge_m3(&natural(seed))?;
        let drier = natural(seed)
            .with(LeverId::PrecipChange, RAIN_CHANGE_PCT)
            .with(LeverId::Warming, 4.0);
        ratio_sum += late_recharge_m3(&drier)? / today;
    }
    Ok(measured(
        9,
        "drier_recharge_pct",
        (
            "Con 20 % menos lluvia y 4 °C más, la recarga cae más que la lluvia (recarga que \
             queda, 2055–2074)",
            "With 20 % less rain and 4 °C more, recharge falls more than the rain (recharge \
             left, 2055–2074)",
        ),
        100.0 * ratio_sum / SEEDS as f64,
        (0.0, 100.0 + RAIN_CHANGE_PCT),
        "%",
        "[S19][S23]",
    ))
}
