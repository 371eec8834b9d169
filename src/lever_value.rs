//! What a lever control does with what a person types or drags: read it in either language's
//! decimal style, keep it inside the lever's range and on its step. Never panics.

use cuenca_model::{LeverKind, LeverSpec};

/// Reads `raw` ("24000", "0,8", " 1.5 ") as a value for `spec`, clamped to its range and
/// snapped to its step. `None` when nothing numeric was typed (the control keeps its value).
pub fn lever_value(spec: &LeverSpec, raw: &str) -> Option<f64> {
    let cleaned = raw.trim().replace(',', ".");
    let value: f64 = cleaned.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(snap(spec, value))
}

/// Clamps `value` into the lever's range and onto its step grid (counted from `min`).
pub fn snap(spec: &LeverSpec, value: f64) -> f64 {
    let (min, max) = match spec.kind {
        LeverKind::Choice(options) => (0.0, options.len().saturating_sub(1) as f64),
        LeverKind::Number => (spec.min, spec.max),
    };
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
        for spec in LEVERS.iter() {
            if let LeverKind::Number = spec.kind {
                assert_eq!(snap(spec, spec.max + 1e9), spec.max, "{}", spec.key);
                assert_eq!(snap(spec, spec.min - 1e9), spec.min, "{}", spec.key);
                let mid = snap(spec, (spec.min + spec.max) / 2.0);
                assert!(mid >= spec.min && mid <= spec.max, "{}", spec.key);
            }
        }
        let prod = LeverId::Production.spec();
        assert_eq!(lever_value(prod, "24499"), Some(snap(prod, 24499.0)));
        assert!(lever_value(prod, "24499").unwrap() % prod.step == 0.0);
    }

    #[test]
    fn reads_both_decimal_styles_and_ignores_garbage() {
        let dp = LeverId::PrecipChange.spec();
        assert_eq!(lever_value(dp, "-10,0"), lever_value(dp, "-10.0"));
        assert_eq!(lever_value(dp, "abc"), None);
        assert_eq!(lever_value(dp, ""), None);
        assert_eq!(lever_value(dp, "NaN"), None);
        assert_eq!(lever_value(dp, "inf"), None);
        assert_eq!(lever_value(dp, "<script>"), None);
    }

    #[test]
    fn choice_levers_stay_on_an_option() {
        let src = LeverId::FreshSource.spec();
        let LeverKind::Choice(options) = src.kind else {
            panic!("fresh source is a choice")
        };
        assert_eq!(snap(src, 99.0), (options.len() - 1) as f64);
        assert_eq!(snap(src, -3.0), 0.0);
    }
}
