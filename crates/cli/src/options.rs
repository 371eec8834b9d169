//! What the ensemble commands (`envelope`, `plan`, `measure-next`, `ensemble`) read alike: the
//! member count, the output format, a switch, and the scenario on the default basin at monthly
//! steps.

use std::ops::RangeInclusive;

use cuenca_model::{Basin, Scenario};

use crate::{parse_run, scenario_from};

/// `--members N`: a whole number in `range`.
pub(crate) fn members(v: &str, range: RangeInclusive<usize>) -> Result<usize, String> {
    count(v, range, "--members")
}

/// A whole number in `range` for the option `flag`.
pub(crate) fn count(v: &str, range: RangeInclusive<usize>, flag: &str) -> Result<usize, String> {
    v.parse().ok().filter(|m| range.contains(m)).ok_or(format!(
        "{flag} takes a whole number from {} to {}, not \"{v}\".",
        range.start(),
        range.end()
    ))
}

/// `--format json|text`: whether the output is text.
pub(crate) fn text_format(v: &str) -> Result<bool, String> {
    match v {
        "text" => Ok(true),
        "json" => Ok(false),
        other => Err(format!(
            "The format \"{other}\" is not known; use json or text."
        )),
    }
}

/// `on|off` for the option `flag`.
pub(crate) fn on_off(v: &str, flag: &str) -> Result<bool, String> {
    match v {
        "on" => Ok(true),
        "off" => Ok(false),
        other => Err(format!("{flag} takes on or off, not \"{other}\".")),
    }
}

/// The scenario of the remaining arguments (`--preset`, `--scenario`) on the default basin, its
/// warnings on stderr; `command` refuses `--basin` and `--substeps`, which ensembles do not take.
pub(crate) fn ensemble_scenario(
    rest: &[String],
    command: &str,
    usage: &str,
) -> Result<(Basin, Scenario), String> {
    let run = parse_run(rest)?;
    if run.basin.is_some() || run.substeps_per_month != 1 || run.hindcast.is_some() {
        return Err(format!(
            "cuenca {command} uses the default basin, monthly steps and no hindcast; --basin, --substeps and --hindcast are not supported here.\n{usage}"
        ));
    }
    let basin = Basin::default_basin();
    let (scenario, warnings) = scenario_from(&run, &basin)?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    Ok((basin, scenario))
}
