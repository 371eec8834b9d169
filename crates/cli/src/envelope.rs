//! `cuenca envelope`: the largest production that keeps every agreed limit at its confidence
//! across the ensemble, with each production tried, so an analyst can reproduce a number shown
//! at the negotiating table.

use std::fmt::Write as _;

use cuenca_model::negotiation::{envelope, map_axes, tradeoff_map, Limit, TradeoffMap};
use cuenca_model::{fmt_num, Basin, EnsembleSpec, Lang, LeverId};

use crate::options;

pub(crate) const USAGE: &str =
    "Usage: cuenca envelope [--preset ID] [--scenario QUERY] [--members N]
                       [--tolerance T] [--map X,Y] [--format json|text]
                       --limit LIMIT [--limit LIMIT …]
  LIMIT is SITE:drawdown:METRES:UNTIL:CONFIDENCE (the project's own drawdown, yearly mean, at
  most METRES) or SITE:spring:SHARE:UNTIL:CONFIDENCE (spring flow, yearly mean, at least SHARE of
  what it would be without the project), SITE:spring_floor:L_PER_S:UNTIL:CONFIDENCE (the
  spring never below L_PER_S in a month it would reach that without the project; 0: the project
  never dries it), SITE:interface_rise:METRES:UNTIL:CONFIDENCE (where fresh water floats on
  brine, the project raises the interface, yearly mean, by at most METRES), e.g.
  vega_santa_rosa:drawdown:0.5:2075:0.9; or, for
  the whole basin, basin:vega_area:SHARE:UNTIL:CONFIDENCE or basin:lagoon_area:… (green vega or
  open lagoon area, yearly mean, at least SHARE of the member's own run without the project).
  SITE is a site id of the basin (`cuenca basin`); CONFIDENCE is the share of the ensemble's
  members that must keep the limit.
  --tolerance: the width in t LCE/yr at which the search stops (default 1000).
  --map X,Y: instead of the envelope, how many limits each combination of two levers keeps (the
  page's trade-off map: 6 values of X by 5 of Y; production up to twice the scenario's, other
  levers over their whole range). X and Y are lever keys among prod, dle, reinj, share, life,
  fw_dle, fw_pond, dp, dt.";

/// `vega_santa_rosa:drawdown:0.5:2075:0.9`, read as a link reads it.
pub(crate) fn parse_limit(text: &str, basin: &Basin) -> Result<Limit, String> {
    cuenca_link::parse_limit(text, basin)
        .map_err(|e| format!("The limit \"{text}\" {}.\n{USAGE}", e.reason()))
}

pub(crate) fn cmd_envelope(args: &[String]) -> Result<String, String> {
    let mut limit_texts = Vec::new();
    let mut members = 100;
    let mut tolerance = 1_000.0;
    let mut text = false;
    let mut map = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or(format!("The option {a} needs a value.\n{USAGE}"))
        };
        match a.as_str() {
            "--limit" => limit_texts.push(value()?),
            "--members" => members = options::members(&value()?, 2..=2000)?,
            "--tolerance" => {
                let v = value()?;
                tolerance = v.parse().ok().filter(|t: &f64| *t >= 1.0).ok_or(format!(
                    "--tolerance takes a number of t LCE/yr ≥ 1, not \"{v}\"."
                ))?;
            }
            "--format" => text = options::text_format(&value()?)?,
            "--map" => map = Some(parse_axes(&value()?)?),
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ => rest.push(a.clone()),
        }
    }
    if limit_texts.is_empty() {
        return Err(format!(
            "cuenca envelope needs at least one --limit.\n{USAGE}"
        ));
    }
    let (basin, scenario) = options::ensemble_scenario(&rest, "envelope", USAGE)?;
    let limits = limit_texts
        .iter()
        .map(|t| parse_limit(t, &basin))
        .collect::<Result<Vec<_>, _>>()?;
    let spec = EnsembleSpec {
        members,
        ..EnsembleSpec::default()
    }
    .for_scenario(&scenario);
    if let Some((x, y)) = map {
        let map =
            tradeoff_map(&basin, &scenario, &limits, &spec, x, y).map_err(|e| e.to_string())?;
        return map_output(&map, &limits, members, text);
    }
    let env = envelope(&basin, &scenario, &limits, &spec, tolerance).map_err(|e| e.to_string())?;
    if !text {
        let v = serde_json::json!({
            "model_version": cuenca_model::MODEL_VERSION,
            "members": members,
            "limits": limits,
            "envelope": env,
            // The sentence the page shows, so a number said at the table can be checked.
            "sentence_es": env.sentence(Lang::Es),
            "sentence_en": env.sentence(Lang::En),
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
    let _ = writeln!(
        o,
        "\n{} member runs in all. Each production stops once the members left cannot change its verdict:\nthe counts are of the members run at it.",
        env.member_runs
    );
    let _ = writeln!(
        o,
        "\nproduction_t_per_yr  kept  members keeping each limit / members run"
    );
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

/// `prod,dle`: two different levers a map can be drawn over.
fn parse_axes(text: &str) -> Result<(LeverId, LeverId), String> {
    let lever = |key: &str| {
        LeverId::from_key(key.trim()).ok_or(format!("--map: \"{key}\" is not a lever.\n{USAGE}"))
    };
    let (x, y) = text.split_once(',').ok_or(format!(
        "--map takes two lever keys, X,Y, not \"{text}\".\n{USAGE}"
    ))?;
    map_axes(lever(x)?, lever(y)?).map_err(|e| format!("--map: {e}.\n{USAGE}"))
}

/// The map as JSON (with the page's sentence), or as a grid of limits kept: one row per value
/// of Y, the largest first, as the page draws it.
fn map_output(
    map: &TradeoffMap,
    limits: &[Limit],
    members: usize,
    text: bool,
) -> Result<String, String> {
    if !text {
        let v = serde_json::json!({
            "model_version": cuenca_model::MODEL_VERSION,
            "members": members,
            "limits": limits,
            "map": map,
            "sentence_es": map.sentence(Lang::Es),
            "sentence_en": map.sentence(Lang::En),
        });
        return serde_json::to_string_pretty(&v)
            .map_err(|e| e.to_string())
            .map(|s| s + "\n");
    }
    let (x, y) = (map.x.lever.spec(), map.y.lever.spec());
    let mut o = String::new();
    let _ = writeln!(o, "{}", map.sentence(Lang::En));
    let _ = writeln!(
        o,
        "\nLimits kept (of {}) by {} ({}, across) and {} ({}, down):\n",
        map.limits,
        x.label_en,
        x.unit_in(Lang::En),
        y.label_en,
        y.unit_in(Lang::En)
    );
    let cell = |v: f64| {
        format!(
            "{:>8}",
            fmt_num(v, if v.fract() == 0.0 { 0 } else { 1 }, Lang::En)
        )
    };
    let header: String = map.x.values.iter().map(|&v| cell(v)).collect();
    let _ = writeln!(o, "{:>8} {header}", "");
    for j in (0..map.y.values.len()).rev() {
        let row: String = (0..map.x.values.len())
            .map(|i| format!("{:>8}", map.cell(i, j).map_or(0, |c| c.limits_kept)))
            .collect();
        let _ = writeln!(o, "{} {row}", cell(map.y.values[j]));
    }
    let _ = writeln!(
        o,
        "\n{} member runs in all; each cell stops once the members left cannot change a verdict.",
        map.member_runs
    );
    Ok(o)
}
