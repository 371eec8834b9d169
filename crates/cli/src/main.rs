//! `cuenca`: the Cuenca basin model from a terminal. Scenario in (the same query string a link
//! carries), CSV or JSON out. See README.md.

mod envelope;
mod measure_next;
mod options;
mod plan;
mod validate;

use std::fmt::Write as _;
use std::process::ExitCode;

use cuenca_model::basin::DEFAULT_BASIN_TOML;
use cuenca_model::observations::climate::ClimateProblemKind;
use cuenca_model::observations::{
    self, ClimateHistory, ClimateProblem, ClimateReading, ObservationSet, ProblemKind, RowProblem,
};
use cuenca_model::scenario::levers::{LeverId, LEVERS};
use cuenca_model::{
    presets, run_with_options, sentences, Basin, Lang, Results, RunOptions, Scenario, WeatherSpread,
};
use serde_json::{json, Value};

const HELP: &str = "cuenca — water scenario explorer for the Salar de Pastos Grandes basin

USAGE:
    cuenca run [--basin FILE] [--preset ID] [--scenario QUERY] [--substeps N]
               [--format csv|json|digest] [--trigger TRIGGER …] [--observations FILE]
               [--hindcast CLIMATE_FILE]
                        one run; with --trigger (as `cuenca plan`), under that early-warning
                        plan, whose month-by-month record is the JSON's `plan`; with
                        --observations (JSON only), each reading beside the run's value and
                        the fit per site and quantity in one sentence; with --hindcast, the
                        run starts in the past under that observed climate (CSV
                        `date,precip_mm`, monthly rain on the basin floor, up to December
                        before the basin's start; months it lacks take the mean month, said
                        on stderr), so readings before today meet the model on their dates;
                        the JSON's `hindcast` has those months
    cuenca ensemble [--preset ID] [--scenario QUERY] [--members N] [--substeps N] [--limit LIMIT …]
                    [--format csv|json|digest] [--observations FILE] [--weather-mismatch on|off]
                    [--max-members N] [--hindcast CLIMATE_FILE]
                        the uncertainty ensemble (P10-P50-P90 bands) the web page shows; with
                        --observations (JSON only), the members weighted by the readings, the
                        effective sample size and the weighted indicator ranges beside the others;
                        the readings' error includes the run's weather against the real years
                        (20 more runs) unless --weather-mismatch off; when the readings leave the
                        weight on too few members, twice as many are drawn, up to --max-members
                        (default 400; `members_drawn` lists the sizes run); with --hindcast (as
                        `cuenca run`), every member starts in the past and readings before the
                        start weigh the members too
    cuenca observations print the observations template (CSV) to fill in
    cuenca basin        print the default basin file (TOML) to edit
    cuenca presets      list the reference scenarios
    cuenca levers [--basin FILE]
                        list the scenario levers (keys, units, ranges, and the basin's places)
    cuenca validate [--format markdown|json] [--lang es|en] [--pages DIR]
                        how far to trust the model: every validation target with the model's
                        value, the target, the source and whether it is met
    cuenca envelope [--preset ID] [--scenario QUERY] [--members N] [--tolerance T]
                    [--map X,Y] [--format json|text]
                    --limit SITE:drawdown|spring|spring_floor|interface_rise:VALUE:UNTIL:CONFIDENCE …
                    (or basin:vega_area|lagoon_area:SHARE:UNTIL:CONFIDENCE)
                        the largest production that keeps every agreed limit at its
                        confidence across the ensemble; with --map, how many limits each
                        combination of two levers keeps (`cuenca envelope --help`)
    cuenca plan [--preset ID] [--scenario QUERY] [--members N] [--format json|text]
                [--vary-weather] --trigger SITE:RISE_M:TARGET:CUT_PERCENT:DELAY_MONTHS[:PERSISTENCE] …
                [--limit LIMIT …]
                        an early-warning plan over the ensemble: when its triggers fire,
                        false alarms, limits kept with and without it, the lithium it costs
                        (`cuenca plan --help`)
    cuenca measure-next [--preset ID] [--scenario QUERY] [--members N] [--result ID] [--top K]
                        [--lang es|en] [--format json|text]
                        which measurement started today would most narrow a result's range,
                        from the ensemble itself (`cuenca measure-next --help`)
    cuenca --help

A scenario is a query string like a shareable link: 'prod=24000&dle=50&reinj=90'
(a whole link, with its address, works too).
--preset starts from a reference scenario; --scenario then overrides its levers.
Out-of-range values are clamped and unknown keys ignored, with a warning on stderr.
A choice takes its option key (var=no); var also takes its index (var=0, var=1).
--substeps N: implicit time steps per month, 1 to 31 (default 1); output stays monthly.
The horizon is the lever `years` (1 to 100): --scenario 'years=1' runs 12 months.
The JSON gives every cell's initial head and its drawdown from it (drawdown_from_initial_m),
and the basin file's fixed wells with theirs; drawdown_m is against the no-project run.";

/// Most implicit steps in a month: about one a day.
const MAX_SUBSTEPS: u32 = 31;

#[derive(Debug, PartialEq)]
enum Format {
    Csv,
    Json,
    /// The run's digest (FNV-1a over every series), to compare with the web page's footer.
    Digest,
}

struct RunArgs {
    basin: Option<String>,
    preset: Option<String>,
    scenario: Option<String>,
    format: Format,
    substeps_per_month: u32,
    observations: Option<String>,
    /// The observed climate file of a hindcast (`--hindcast`).
    hindcast: Option<String>,
}

impl RunArgs {
    /// The run's options on `basin`, the hindcast's climate file read (its problems on stderr).
    fn run_options(&self, basin: &Basin) -> Result<RunOptions, String> {
        Ok(RunOptions {
            substeps_per_month: self.substeps_per_month,
            history: match &self.hindcast {
                Some(path) => Some(read_climate(path, basin)?),
                None => None,
            },
            ..RunOptions::default()
        })
    }
}

fn parse_run(args: &[String]) -> Result<RunArgs, String> {
    let mut r = RunArgs {
        basin: None,
        preset: None,
        scenario: None,
        format: Format::Json,
        substeps_per_month: 1,
        observations: None,
        hindcast: None,
    };
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a, None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("The option {flag} needs a value."))
        };
        match flag {
            "--basin" => r.basin = Some(value()?),
            "--preset" => r.preset = Some(value()?),
            "--scenario" => r.scenario = Some(value()?),
            "--observations" => r.observations = Some(value()?),
            "--hindcast" => r.hindcast = Some(value()?),
            "--substeps" => {
                let v = value()?;
                r.substeps_per_month = v
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_SUBSTEPS).contains(n))
                    .ok_or_else(|| {
                        format!(
                            "--substeps takes a whole number of steps per month from 1 to \
                             {MAX_SUBSTEPS}, not \"{v}\"."
                        )
                    })?;
            }
            "--format" => {
                r.format = match value()?.as_str() {
                    "csv" => Format::Csv,
                    "json" => Format::Json,
                    "digest" => Format::Digest,
                    other => {
                        return Err(format!(
                            "The format \"{other}\" is not known; use csv, json or digest."
                        ))
                    }
                }
            }
            "-h" | "--help" => return Err(HELP.to_string()),
            other => {
                return Err(format!(
                    "The argument \"{other}\" is not known. Run `cuenca --help`."
                ))
            }
        }
        i += 1;
    }
    Ok(r)
}

/// The basin file at `path`, or the default basin.
fn load_basin(path: Option<&str>) -> Result<Basin, String> {
    match path {
        None => Ok(Basin::default_basin()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("The basin file {path} cannot be read: {e}."))?;
            Basin::from_toml_str(&text).map_err(|e| format!("{path}: {e}"))
        }
    }
}

/// The scenario: a preset (if any), then the levers the query names. The query is read by the
/// same codec as the web app's links, so a whole link (`https://…/?v=1&prod=24000`) works too;
/// place levers take the keys of `basin`'s places.
fn scenario_from(args: &RunArgs, basin: &Basin) -> Result<(Scenario, Vec<String>), String> {
    let mut scenario = match &args.preset {
        Some(id) => presets::by_id(id)
            .ok_or_else(|| {
                let ids: Vec<&str> = presets::PRESETS.iter().map(|p| p.id).collect();
                format!(
                    "The preset \"{id}\" does not exist; choose one of: {}.",
                    ids.join(", ")
                )
            })?
            .scenario(),
        None => Scenario::default(),
    };
    let mut warnings = Vec::new();
    if let Some(text) = &args.scenario {
        let query = text.split_once('?').map_or(text.as_str(), |(_, q)| q);
        let (link, issues) = cuenca_link::parse(query, basin);
        warnings.extend(issues.iter().map(|i| i.message(Lang::En)));
        // Only the levers the query names override the preset.
        for key in query
            .split(['&', ';'])
            .filter_map(|part| part.split('=').next())
        {
            if let Some(id) = LeverId::from_key(key.trim()) {
                // The codec keeps every value inside its lever's range, so this cannot fail.
                let _ = scenario.set(id, link.scenario.get(id));
            }
        }
    }
    Ok((scenario, warnings))
}

/// A cell's series as JSON, with its initial head and the drawdown from it: the start of a well
/// test on a basin file, which the no-project run (the reference of `drawdown_m`) shares.
fn cell_json(r: &Results, mut v: Value, cell: usize) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.insert("initial_head_m".into(), json!(r.initial_head_m.get(cell)));
        o.insert(
            "drawdown_from_initial_m".into(),
            json!(r.drawdown_from_initial_m(cell)),
        );
    }
    v
}

fn json_output(
    r: &Results,
    basin: &Basin,
    s: &Scenario,
    opts: &RunOptions,
    warnings: &[String],
) -> Value {
    let acc = |t: &cuenca_model::outputs::results::Totals| {
        json!({
            "totals_m3": t.accounts,
            "closure_m3": t.closure_m3,
            "closure_relative": t.closure_relative,
            "max_month_closure_relative": t.max_month_closure_relative,
        })
    };
    json!({
        "model_version": r.model_version,
        "scenario": {
            "query": cuenca_link::scenario_to_query(s, basin),
            "levers": s,
            "warnings": warnings,
            "substeps_per_month": opts.substeps_per_month,
        },
        "accounts": { "scenario": acc(&r.totals), "baseline": acc(&r.baseline_totals) },
        "indicators": {
            "values": r.indicators,
            "sentences_es": sentences(r, Lang::Es),
            "sentences_en": sentences(r, Lang::En),
        },
        "series": {
            "months": r.months,
            // Each site with its cell's series (the results share them; the output spells
            // them out per site).
            "sites": r.site_series().map(|(s, c)| {
                let mut v = json!(s);
                if let Some(o) = v.as_object_mut() {
                    o.insert("head_m".into(), json!(c.head_m));
                    o.insert("depth_to_water_m".into(), json!(c.depth_to_water_m));
                    o.insert("drawdown_m".into(), json!(c.drawdown_m));
                    // A brine wellfield's own pumped lithium (`monthly` has the mix of all).
                    if !c.pumped_li_mg_per_l.is_empty() {
                        o.insert("pumped_li_mg_per_l".into(), json!(c.pumped_li_mg_per_l));
                    }
                }
                cell_json(r, v, s.cell_index)
            }).collect::<Vec<_>>(),
            "cells": r.cells.iter().enumerate()
                .map(|(i, c)| cell_json(r, json!(c), i))
                .collect::<Vec<_>>(),
            // The basin file's fixed wells, each with its cell's drawdown from the initial heads.
            "wells": basin.wells.iter().map(|w| cell_json(r, json!({
                "cell": basin.cells[w.cell].id,
                "rate_m3_per_day": w.rate_m3_per_day,
            }), w.cell)).collect::<Vec<_>>(),
            "monthly": r.series,
            "accounts": r.accounts,
        },
    })
}

/// The observations file at `path` read against `basin` (its problems are in the set), or why
/// it cannot be opened. `format` must be JSON: the readings and weights have no CSV form.
fn read_observations(path: &str, basin: &Basin, format: &Format) -> Result<ObservationSet, String> {
    if *format != Format::Json {
        return Err("--observations needs --format json.".into());
    }
    let size = std::fs::metadata(path)
        .map_err(|e| format!("The observations file {path} cannot be read: {e}."))?
        .len();
    // Not read into memory at all beyond the reader's limit.
    if size > observations::MAX_BYTES as u64 {
        return Ok(ObservationSet {
            observations: Vec::new(),
            problems: vec![RowProblem {
                row: None,
                kind: ProblemKind::TooLarge {
                    bytes: size as usize,
                    most: observations::MAX_BYTES,
                },
            }],
        });
    }
    let bytes = std::fs::read(path)
        .map_err(|e| format!("The observations file {path} cannot be read: {e}."))?;
    let text = String::from_utf8(bytes).unwrap_or_else(|e| {
        eprintln!(
            "warning: {path} is not UTF-8 text (save it as \"CSV UTF-8\"); characters that \
             cannot be read are shown as �."
        );
        String::from_utf8_lossy(e.as_bytes()).into_owned()
    });
    let set = observations::read_csv(&text, basin);
    for p in &set.problems {
        eprintln!("warning: {path}: {}", p.message(Lang::En));
    }
    Ok(set)
}

/// The observed climate at `path` for a hindcast: its problems on stderr (months it lacks take
/// the mean month, and the reader says which), or why no month could be used.
fn read_climate(path: &str, basin: &Basin) -> Result<std::sync::Arc<ClimateHistory>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("The climate file {path} cannot be read: {e}."))?
        .len();
    let most = observations::climate::MAX_CLIMATE_BYTES;
    let reading = if size > most as u64 {
        // Not read into memory at all beyond the reader's limit.
        ClimateReading {
            history: None,
            problems: vec![ClimateProblem {
                row: None,
                kind: ClimateProblemKind::TooLarge {
                    bytes: size as usize,
                    most,
                },
            }],
        }
    } else {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("The climate file {path} cannot be read: {e}."))?;
        observations::read_climate_csv(&String::from_utf8_lossy(&bytes), basin)
    };
    for p in &reading.problems {
        eprintln!("warning: {path}: {}", p.message(Lang::En));
    }
    reading.history.map(std::sync::Arc::new).ok_or_else(|| {
        format!(
            "The climate file {path} has no month before {} that can be used.",
            basin.start_year
        )
    })
}

/// The problems of an observations file as JSON, each with its messages.
fn problems_json(set: &ObservationSet) -> Value {
    json!(set
        .problems
        .iter()
        .map(|p| {
            let mut v = json!(p);
            if let Some(o) = v.as_object_mut() {
                o.insert("message_es".into(), json!(p.message(Lang::Es)));
                o.insert("message_en".into(), json!(p.message(Lang::En)));
            }
            v
        })
        .collect::<Vec<_>>())
}

fn csv_output(r: &Results) -> String {
    cuenca_export::monthly_csv(&[("", r)])
}

fn cmd_run(args: &[String]) -> Result<String, String> {
    // `--trigger` is the run's alone; the other options are shared with the ensemble commands.
    let mut triggers = Vec::new();
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--trigger" {
            let text = it.next().ok_or("The option --trigger needs a value.")?;
            triggers.push(cuenca_link::parse_trigger(text)?);
        } else {
            rest.push(a.clone());
        }
    }
    let a = parse_run(&rest)?;
    let basin = load_basin(a.basin.as_deref())?;
    let (scenario, warnings) = scenario_from(&a, &basin)?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let opts = RunOptions {
        plan: cuenca_model::negotiation::Plan {
            triggers,
            permanent: false,
        },
        ..a.run_options(&basin)?
    };
    let observed = match &a.observations {
        Some(path) => Some(read_observations(path, &basin, &a.format)?),
        None => None,
    };
    let results = run_with_options(&basin, &scenario, &opts).map_err(|e| e.to_string())?;
    Ok(match a.format {
        Format::Json => {
            let mut v = json_output(&results, &basin, &scenario, &opts, &warnings);
            if let (Some(p), Some(o)) = (&results.plan, v.as_object_mut()) {
                o.insert("plan".into(), json!(p));
            }
            if let (Some(h), Some(o)) = (&results.hindcast, v.as_object_mut()) {
                o.insert("hindcast".into(), json!(h));
            }
            if let (Some(set), Some(o)) = (&observed, v.as_object_mut()) {
                let fit = observations::fit_run(&results, &basin, &set.observations);
                o.insert(
                    "observations".into(),
                    json!({
                        "problems": problems_json(set),
                        "readings": fit.readings,
                        "outside_run": fit.outside_run,
                        "not_pumping": fit.not_pumping,
                        "fit": fit.summaries,
                    }),
                );
            }
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())? + "\n"
        }
        Format::Csv => csv_output(&results),
        Format::Digest => format!("{:016x}\n", results.digest()),
    })
}

/// `cuenca ensemble`: the uncertainty ensemble of a scenario, as the web page computes it.
fn cmd_ensemble(args: &[String]) -> Result<String, String> {
    let mut members = cuenca_model::EnsembleSpec::default().members;
    let mut rest = Vec::new();
    let mut limit_texts = Vec::new();
    let mut weather_mismatch = true;
    let mut max_members = 400;
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--limit" {
            limit_texts.push(
                args.get(i + 1)
                    .ok_or("The option --limit needs a value.")?
                    .clone(),
            );
            i += 2;
        } else if args[i] == "--max-members" {
            let value = args
                .get(i + 1)
                .ok_or("The option --max-members needs a value.")?;
            max_members = options::count(value, 2..=2000, "--max-members")?;
            i += 2;
        } else if args[i] == "--weather-mismatch" {
            weather_mismatch = options::on_off(
                args.get(i + 1)
                    .ok_or("The option --weather-mismatch needs a value.")?,
                "--weather-mismatch",
            )?;
            i += 2;
        } else if args[i] == "--members" {
            let value = args
                .get(i + 1)
                .ok_or("The option --members needs a value.")?;
            members = options::members(value, 2..=2000)?;
            i += 2;
        } else {
            rest.push(args[i].clone());
            i += 1;
        }
    }
    let a = parse_run(&rest)?;
    if a.basin.is_some() {
        return Err(
            "cuenca ensemble uses the default basin; --basin is not supported here.".into(),
        );
    }
    let basin = Basin::default_basin();
    let limits = limit_texts
        .iter()
        .map(|t| envelope::parse_limit(t, &basin))
        .collect::<Result<Vec<_>, _>>()?;
    let (scenario, warnings) = scenario_from(&a, &basin)?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let observed = match &a.observations {
        Some(path) => Some(read_observations(path, &basin, &a.format)?),
        None => None,
    };
    let opts = a.run_options(&basin)?;
    let run_members = |members: usize| {
        let spec = cuenca_model::EnsembleSpec {
            members,
            ..Default::default()
        }
        .for_scenario(&scenario);
        cuenca_model::run_ensemble_with_options(&basin, &scenario, &spec, &opts)
            .map_err(|e| e.to_string())
    };
    let mut ensemble = run_members(members)?;
    // The weather mismatch is measured only when there are readings to weigh.
    let weather = match (&observed, weather_mismatch) {
        (Some(_), true) => {
            Some(WeatherSpread::run(&basin, &scenario, &opts).map_err(|e| e.to_string())?)
        }
        _ => None,
    };
    // When the readings leave the weight on too few members, more are drawn (twice as many at a
    // time, up to --max-members) and weighed again: the tempered bands then rest on more runs.
    let weigh = |e: &cuenca_model::Ensemble| {
        observed
            .as_ref()
            .map(|set| e.weights_given(&set.observations, weather.as_ref()))
    };
    let mut weights = weigh(&ensemble);
    let mut members_drawn = vec![members];
    while weights.as_ref().is_some_and(|w| w.collapsed())
        && members_drawn.last().is_some_and(|&n| n * 2 <= max_members)
    {
        let n = 2 * members_drawn[members_drawn.len() - 1];
        ensemble = run_members(n)?;
        weights = weigh(&ensemble);
        members_drawn.push(n);
    }
    let summary = ensemble.summary();
    Ok(match a.format {
        Format::Csv => cuenca_export::ensemble_csv(&summary),
        Format::Digest => format!("{:016x}\n", summary.digest()),
        Format::Json => {
            // The summary as it is, plus each spring site's outlook (whether it stops in most
            // members, and its sentences).
            let mut v = serde_json::to_value(&summary).map_err(|e| e.to_string())?;
            if let Some(o) = v.as_object_mut() {
                let springs: Vec<Value> = ensemble
                    .spring_outlooks()
                    .iter()
                    .map(|s| {
                        let mut j = json!(s);
                        if let Some(m) = j.as_object_mut() {
                            m.insert("stops_in_most".into(), json!(s.stops_in_most()));
                            m.insert("sentence_es".into(), json!(s.sentence(Lang::Es)));
                            m.insert("sentence_en".into(), json!(s.sentence(Lang::En)));
                        }
                        j
                    })
                    .collect();
                o.insert("spring_outlooks".into(), json!(springs));
                // Each agreed limit given: how many members keep it, as the page counts.
                let mut counted = Vec::new();
                for l in &limits {
                    let outcome = l.outcome(&ensemble).ok_or_else(|| {
                        format!(
                            "No such limit can be read at `{}` (a spring limit needs a spring).",
                            l.site
                        )
                    })?;
                    counted.push(json!({
                        "limit": cuenca_link::limit_text(l),
                        "members_keeping": outcome.members_keeping,
                        "members": outcome.members,
                        "kept": l.is_kept(&outcome),
                    }));
                }
                if !limits.is_empty() {
                    o.insert("limits".into(), json!(counted));
                }
                if let (Some(set), Some(w)) = (&observed, &weights) {
                    let mut obs = ensemble_observations_json(&ensemble, &summary, set, w);
                    if let Some(m) = obs.as_object_mut() {
                        m.insert("members_drawn".into(), json!(members_drawn));
                    }
                    o.insert("observations".into(), obs);
                }
            }
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())? + "\n"
        }
    })
}

/// The readings, the members' weights and the weighted indicator ranges beside the unweighted.
fn ensemble_observations_json(
    ensemble: &cuenca_model::Ensemble,
    summary: &cuenca_model::EnsembleSummary,
    set: &ObservationSet,
    w: &cuenca_model::uncertainty::weights::Weights,
) -> Value {
    let weighted = ensemble.weighted_summary(&w.weights);
    let band = |p10: f64, p50: f64, p90: f64| json!({ "p10": p10, "p50": p50, "p90": p90 });
    let indicators: Vec<Value> = summary
        .indicators
        .iter()
        .zip(&weighted.indicators)
        .map(|(u, x)| {
            json!({
                "id": u.id,
                "unit": u.unit,
                "unweighted": band(u.p10, u.p50, u.p90),
                "weighted": band(x.p10, x.p50, x.p90),
            })
        })
        .collect();
    json!({
        "read": set.observations,
        "problems": problems_json(set),
        "used": w.used,
        "unused": w.unused,
        "weights": w.weights,
        "ess": w.ess,
        "ess_untempered": w.ess_untempered,
        "tempering": w.tempering,
        "weather_sequences": w.weather_sequences,
        "members": w.members,
        "collapsed": w.collapsed(),
        "no_member_fits": w.no_member_fits(),
        "messages_es": w.messages(Lang::Es),
        "messages_en": w.messages(Lang::En),
        "indicators": indicators,
    })
}

fn cmd_presets() -> String {
    let basin = Basin::default_basin();
    let mut o = String::new();
    for p in presets::PRESETS.iter() {
        // The plan's levers as it lists them, defaults included, so the line reads as the plan.
        let query = cuenca_link::levers_to_query(p.levers.iter().copied(), &basin);
        let _ = writeln!(
            o,
            "{:<16} {}\n{:<16} {}\n{:<16} source: {}\n{:<16} query: {}\n",
            p.id, p.name_en, "", p.description_en, "", p.source, "", query
        );
    }
    o
}

/// `cuenca levers [--basin FILE]`: the lever table, with the options of each choice in the basin.
fn cmd_levers(args: &[String]) -> Result<String, String> {
    const USAGE: &str = "Usage: cuenca levers [--basin FILE]";
    let path = match args {
        [] => None,
        [flag, path] if flag == "--basin" => Some(path.as_str()),
        [flag] => Some(flag.strip_prefix("--basin=").ok_or(USAGE)?),
        _ => return Err(USAGE.into()),
    };
    let basin = load_basin(path)?;
    let mut o = format!(
        "{:<11} {:<12} {:>10} {:>10} {:>10}  {}\n",
        "key", "unit", "default", "min", "max", "label / options"
    );
    for l in LEVERS.iter() {
        let extra = if l.is_choice() {
            let keys: Vec<&str> = l.options(&basin).iter().map(|x| x.key).collect();
            format!("{} [{}]", l.label_en, keys.join(", "))
        } else {
            l.label_en.to_string()
        };
        let (min, max) = l.range_in(&basin);
        let _ = writeln!(
            o,
            "{:<11} {:<12} {:>10} {:>10} {:>10}  {}",
            l.key, l.unit, l.default, min, max, extra
        );
        let _ = writeln!(o, "{:<11} {}", "", l.help_en);
    }
    Ok(o)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(|s| s.as_str()) {
        Some("run") => cmd_run(&args[1..]),
        Some("ensemble") => cmd_ensemble(&args[1..]),
        Some("basin") if args.len() == 1 => Ok(DEFAULT_BASIN_TOML.to_string()),
        Some("presets") if args.len() == 1 => Ok(cmd_presets()),
        Some("observations") if args.len() == 1 => {
            Ok(observations::template_csv(&Basin::default_basin()))
        }
        Some("levers") => cmd_levers(&args[1..]),
        Some("validate") => validate::cmd_validate(&args[1..]),
        Some("envelope") => envelope::cmd_envelope(&args[1..]),
        Some("plan") => plan::cmd_plan(&args[1..]),
        Some("measure-next") => measure_next::cmd_measure_next(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        None => Err(HELP.to_string()),
        Some(other) => Err(format!(
            "The command \"{other}\" is not known (or takes no arguments). Run `cuenca --help`."
        )),
    };
    match result {
        Ok(text) => {
            use std::io::Write;
            // A closed pipe (e.g. `| head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::from(2)
        }
    }
}
