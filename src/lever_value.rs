//! What a lever control does with what a person types or drags: read it in either language's
//! decimal style, keep it inside the lever's range and on its step. Never panics.

use cuenca_model::{Basin, LeverSpec};

/// Reads `raw` ("24000", "0,8", " 1.5 ") as a value for `spec`, clamped to its range in `basin`
/// and snapped to its step. `None` when nothing numeric was typed (the control keeps its value).
pub fn lever_value(spec: &LeverSpec, basin: &Basin, raw: &str) -> Option<f64> {
    let cleaned = raw.trim().replace(',', ".");
    let value: f64 = cleaned.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(snap(spec, basin, value))
}

/// Clamps `value` into the lever's range in `basin` (a choice's options there) and onto its
/// step grid (counted from `min`).
pub fn snap(spec: &LeverSpec, basin: &Basin, value: f64) -> f64 {
    let (min, max) = spec.range_in(basin);
    let clamped = value.clamp(min, max);
    // The range ends are always reachable, even when they are not on the step grid (advanced
    // multipliers take their ends from the parameter table: 0.15 / 0.07 = 2.142…).
    if clamped == min || clamped == max {
        return clamped;
    }
    if spec.step > 0.0 {
        let steps = ((clamped - min) / spec.step).round();
        // Round-off in the step arithmetic must not push the value outside the range.
        (min + steps * spec.step).clamp(min, max)
    } else {
        clamped
    }
}

/// Decimals worth showing for a lever's step (1 → 0, 0.5 → 1, 0.05 → 2).
pub fn decimals(spec: &LeverSpec) -> usize {
    let mut step = spec.step.abs();
    let mut d = 0;
    while step > 0.0 && step < 1.0 && d < 4 {
        step *= 10.0;
        if (step - step.round()).abs() < 1e-9 {
            return d + 1;
        }
        d += 1;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuenca_model::{LeverId, LEVERS};

    #[test]
    fn clamps_to_the_range_and_snaps_to_the_step() {
        let basin = Basin::default_basin();
        for spec in LEVERS.iter().filter(|l| !l.is_choice()) {
            assert_eq!(snap(spec, &basin, spec.max + 1e9), spec.max, "{}", spec.key);
            assert_eq!(snap(spec, &basin, spec.min - 1e9), spec.min, "{}", spec.key);
            let mid = snap(spec, &basin, (spec.min + spec.max) / 2.0);
            assert!(mid >= spec.min && mid <= spec.max, "{}", spec.key);
        }
        let prod = LeverId::Production.spec();
        assert_eq!(
            lever_value(prod, &basin, "24499"),
            Some(snap(prod, &basin, 24499.0))
        );
        assert!(lever_value(prod, &basin, "24499").unwrap() % prod.step == 0.0);
    }

    #[test]
    fn reads_both_decimal_styles_and_ignores_garbage() {
        let basin = Basin::default_basin();
        let dp = LeverId::PrecipChange.spec();
        assert_eq!(
            lever_value(dp, &basin, "-10,0"),
            lever_value(dp, &basin, "-10.0")
        );
        for garbage in ["abc", "", "NaN", "inf", "<script>"] {
            assert_eq!(lever_value(dp, &basin, garbage), None, "{garbage}");
        }
    }

    /// A choice stays on one of the options its basin lists: four fans in Pastos Grandes, two
    /// in the test salar.
    #[test]
    fn choice_levers_stay_on_an_option_of_their_basin() {
        let salar = Basin::from_toml_str(include_str!(
            "../crates/model/tests/data/three-zone-salar.toml"
        ))
        .unwrap();
        let src = LeverId::FreshSource.spec();
        for (basin, last) in [(Basin::default_basin(), 3.0), (salar, 1.0)] {
            assert_eq!(src.options(&basin).len() as f64 - 1.0, last);
            assert_eq!(snap(src, &basin, 99.0), last);
            assert_eq!(snap(src, &basin, -3.0), 0.0);
            assert_eq!(lever_value(src, &basin, "1"), Some(1.0));
        }
    }
}
