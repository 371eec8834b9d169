//! `cuenca envelope`: the largest production that keeps every agreed limit at its confidence
//! across the ensemble, with each production tried, so an analyst can reproduce a number shown
//! at the negotiating table.

use std::fmt::Write as _;

use cuenca_model::negotiation::{envelope, Limit, LimitKind};
use cuenca_model::{fmt_num, Basin, EnsembleSpec, Lang};

use crate::{parse_run, scenario_from};

pub(crate) const USAGE: &str =
    "Usage: cuenca envelope [--preset ID] [--scenario QUERY] [--members N]
                       [--tolerance T] [--format json|text] --limit LIMIT [--limit LIMIT …]
  LIMIT is SITE:drawdown:METRES:UNTIL:CONFIDENCE (the project's own drawdown, yearly mean, at
  most METRES) or SITE:spring:SHARE:UNTIL:CONFIDENCE (spring flow, yearly mean, at least SHARE of
  the first year's), e.g. vega_santa_rosa:drawdown:0.5:2075:0.9. SITE is a site id of the basin
  (`cuenca basin`); CONFIDENCE is the share of the ensemble's members that must keep the limit.
  --tolerance: the width in t LCE/yr at which the search stops (default 1000).";

/// `vega_santa_rosa:drawdown:0.5:2075:0.9`.
pub(crate) fn parse_limit(text: &str) -> Result<Limit, String> {
    let bad = |why: &str| format!("The limit \"{text}\" {why}.\n{USAGE}");
    let parts: Vec<&str> = text.split(':').collect();
    let [site, kind, value, until, confidence] = parts[..] else {
        return Err(bad("needs five parts separated by `:`"));
    };
    let kind = match kind {
        "drawdown" => LimitKind::DrawdownAtMostM,
        "spring" => LimitKind::SpringFlowAtLeastShare,
        _ => return Err(bad("has a kind that is not `drawdown` or `spring`")),
    };
    let value: f64 = value
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| bad("needs a threshold that is a number ≥ 0"))?;
    let until_year: i32 = until
        .parse()
        .ok()
        .filter(|y| (2025..=2200).contains(y))
        .ok_or_else(|| bad("needs a year from 2025 to 2200"))?;
    let confidence: f64 = confidence
        .parse()
        .ok()
        .filter(|c: &f64| (0.0..=1.0).contains(c))
        .ok_or_else(|| bad("needs a confidence from 0 to 1"))?;
    Ok(Limit {
        site: site.to_string(),
        kind,
        value,
        until_year,
        confidence,
    })
}

pub(crate) fn cmd_envelope(args: &[String]) -> Result<String, String> {
    let mut limits = Vec::new();
    let mut members = 100;
    let mut tolerance = 1_000.0;
    let mut text = false;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or(format!("The option {a} needs a value.\n{USAGE}"))
        };
        match a.as_str() {
            "--limit" => limits.push(parse_limit(&value()?)?),
            "--members" => {
                let v = value()?;
                members = v
                    .parse()
                    .ok()
                    .filter(|m| (2..=2000).contains(m))
                    .ok_or(format!(
                        "--members takes a whole number from 2 to 2000, not \"{v}\"."
                    ))?;
            }
            "--tolerance" => {
                let v = value()?;
                tolerance = v.parse().ok().filter(|t: &f64| *t >= 1.0).ok_or(format!(
                    "--tolerance takes a number of t LCE/yr ≥ 1, not \"{v}\"."
                ))?;
            }
            "--format" => match value()?.as_str() {
                "text" => text = true,
                "json" => text = false,
                other => {
                    return Err(format!(
                        "The format \"{other}\" is not known; use json or text."
                    ))
                }
            },
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ => rest.push(a.clone()),
        }
    }
    if limits.is_empty() {
        return Err(format!(
            "cuenca envelope needs at least one --limit.\n{USAGE}"
        ));
    }
    let run = parse_run(&rest)?;
    // `--format` is read above; the ensemble runs the default basin at monthly steps.
    if run.basin.is_some() || run.substeps_per_month != 1 {
        return Err(format!(
            "cuenca envelope uses the default basin and monthly steps; --basin and --substeps are not supported here.\n{USAGE}"
        ));
    }
    let basin = Basin::default_basin();
    let (scenario, warnings) = scenario_from(&run, &basin)?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let spec = EnsembleSpec {
        members,
        ..EnsembleSpec::default()
    }
    .for_scenario(&scenario);
    let env = envelope(&basin, &scenario, &limits, &spec, tolerance).map_err(|e| e.to_string())?;
    if !text {
        let v = serde_json::json!({
            "model_version": cuenca_model::MODEL_VERSION,
            "members": members,
            "limits": limits,
            "envelope": env,
        });
        return serde_json::to_string_pretty(&v)
            .map_err(|e| e.to_string())
            .map(|s| s + "\n");
    }
    let mut o = String::new();
    for l in &limits {
        let place = basin
            .site(&l.site)
            .map_or(l.site.as_str(), |s| s.name_en.as_str());
        let _ = writeln!(o, "Limit: {}.", l.sentence(place, Lang::En));
    }
    let t = |p: f64| fmt_num(p, 0, Lang::En);
    let _ = writeln!(
        o,
        "{}",
        if env.unreachable {
            "No production keeps every limit: one fails even with the project stopped.".to_string()
        } else if env.max_production_t_per_yr <= 0.0 {
            format!(
                "Only no production keeps every limit: {} t LCE/yr already breaks one ({members} members).",
                t(env.tolerance_t_per_yr)
            )
        } else if env.unbounded {
            format!(
                "Every production up to {} t LCE/yr keeps every limit.",
                t(env.max_production_t_per_yr)
            )
        } else {
            format!(
                "The largest production that keeps every limit: {} t LCE/yr (the edge is within {} t/yr above it; {members} members).",
                t(env.max_production_t_per_yr),
                t(env.tolerance_t_per_yr)
            )
        }
    );
    if !env.monotone_on_grid {
        let _ = writeln!(o, "Warning: on the coarse grid, a larger production kept the limits where a smaller one did not; the answer is the edge above the last production that kept them.");
    }
    let _ = writeln!(o, "\nproduction_t_per_yr  kept  members keeping each limit");
    for s in &env.steps {
        let shares: Vec<String> = s
            .outcomes
            .iter()
            .map(|x| format!("{}/{}", x.members_keeping, x.members))
            .collect();
        let _ = writeln!(
            o,
            "{:>19}  {:<4}  {}",
            t(s.production_t_per_yr),
            if s.all_kept { "yes" } else { "no" },
            shares.join(" ")
        );
    }
    Ok(o)
}
