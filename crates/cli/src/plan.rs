//! `cuenca plan`: an early-warning plan over the ensemble — each trigger's firings with and
//! without the project, each agreed limit kept with and without the plan and with its "stop
//! everything at the first fire" bound, the lithium it costs, and the lead time — with every
//! member's firings in the JSON, so an analyst can reproduce a number shown at the table.

use std::fmt::Write as _;

use cuenca_link::{parse_trigger, trigger_text};
use cuenca_model::negotiation::{plan_outcome, Plan, Spread};
use cuenca_model::{fmt_num, EnsembleSpec, Lang};

use crate::envelope::parse_limit;
use crate::options;

pub(crate) const USAGE: &str = "Usage: cuenca plan [--preset ID] [--scenario QUERY] [--members N]
                   [--format json|text] [--vary-weather]
                   --trigger TRIGGER [--trigger TRIGGER …] [--limit LIMIT …]
  TRIGGER is SITE:RISE_M:TARGET:CUT_PERCENT:DELAY_MONTHS[:PERSISTENCE], e.g.
  vega_este:0.3:brine:25:6: when the depth to water at SITE has been more than RISE_M metres
  over its baseline (the same calendar month's mean before production) for PERSISTENCE
  consecutive months (default 3), cut TARGET (brine, fresh or all) by CUT_PERCENT, DELAY_MONTHS
  after; the cut lifts after 6 months under half the rise. Cuts of triggers in force add up.
  LIMIT is as for `cuenca envelope`, e.g. vega_santa_rosa:drawdown:0.5:2075:0.9.
  --vary-weather: each member also draws its own sequence of dry and wet years; without it every
  member has the scenario's (as `cuenca envelope` and the page), so false alarms measure one
  weather sequence over uncertain physics.";

fn years(s: &Spread) -> String {
    match (s.p10, s.p90) {
        (Some(a), Some(b)) => {
            let (a, b) = (a.floor(), b.floor());
            if a == b {
                format!("{a}")
            } else {
                format!("{a}–{b}")
            }
        }
        _ => "—".to_string(),
    }
}

pub(crate) fn cmd_plan(args: &[String]) -> Result<String, String> {
    let mut triggers = Vec::new();
    let mut limit_texts = Vec::new();
    let mut members = 100;
    let mut text = false;
    let mut vary_weather = false;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or(format!("The option {a} needs a value.\n{USAGE}"))
        };
        match a.as_str() {
            "--trigger" => {
                triggers.push(parse_trigger(&value()?).map_err(|e| format!("{e}\n{USAGE}"))?)
            }
            "--limit" => limit_texts.push(value()?),
            "--members" => members = options::members(&value()?, 2..=2000)?,
            "--format" => text = options::text_format(&value()?)?,
            "--vary-weather" => vary_weather = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ => rest.push(a.clone()),
        }
    }
    if triggers.is_empty() {
        return Err(format!(
            "cuenca plan needs at least one --trigger.\n{USAGE}"
        ));
    }
    let (basin, scenario) = options::ensemble_scenario(&rest, "plan", USAGE)?;
    let limits = limit_texts
        .iter()
        // A limit's own usage is the envelope's; here the plan's is the one to show.
        .map(|t| parse_limit(t, &basin).map_err(|e| e.replace(crate::envelope::USAGE, USAGE)))
        .collect::<Result<Vec<_>, _>>()?;
    for t in &triggers {
        if basin.site(&t.site).is_none() {
            let ids: Vec<&str> = basin.sites.iter().map(|s| s.id.as_str()).collect();
            return Err(format!(
                "The trigger \"{}\" is at \"{}\", which is not a site of the basin; choose one of: {}.",
                trigger_text(t),
                t.site,
                ids.join(", ")
            ));
        }
    }
    if !scenario.has_project() {
        return Err("cuenca plan needs a scenario with a project (production above 0): without pumping there is nothing to cut.".into());
    }
    let spec = EnsembleSpec {
        members,
        ..EnsembleSpec::default()
    }
    .for_scenario(&scenario);
    let spec = if vary_weather {
        spec.with_climate_seed()
    } else {
        spec
    };
    let plan = Plan {
        triggers,
        permanent: false,
    };
    let out = plan_outcome(&basin, &scenario, &plan, &limits, &spec).map_err(|e| e.to_string())?;
    let place = |id: &str, lang: Lang| {
        basin.site(id).map_or(id.to_string(), |s| match lang {
            Lang::Es => s.name_es.clone(),
            Lang::En => s.name_en.clone(),
        })
    };
    let sentences = |lang: Lang| out.sentences(&basin, lang);
    let trigger_lines = |lang: Lang| -> Vec<String> {
        (0..out.triggers.len())
            .filter_map(|k| out.trigger_sentence(k, lang))
            .collect()
    };
    let warning_lines = |lang: Lang| -> Vec<String> {
        (0..out.limits.len())
            .filter_map(|k| out.warning_sentence(k, &out.limits[k].limit.place(&basin, lang), lang))
            .collect()
    };
    if !text {
        let v = serde_json::json!({
            "model_version": cuenca_model::MODEL_VERSION,
            "scenario": cuenca_link::scenario_to_query(&scenario, &basin),
            "members": members,
            "vary_weather": vary_weather,
            "factors": spec.factors,
            "triggers_text": plan.triggers.iter().map(trigger_text).collect::<Vec<_>>(),
            "limits": limits,
            "outcome": out,
            "sentences_es": sentences(Lang::Es),
            "sentences_en": sentences(Lang::En),
            // The page's lines on each trigger and on warnings that came too late.
            "trigger_sentences_es": trigger_lines(Lang::Es),
            "trigger_sentences_en": trigger_lines(Lang::En),
            "warning_sentences_es": warning_lines(Lang::Es),
            "warning_sentences_en": warning_lines(Lang::En),
        });
        return serde_json::to_string_pretty(&v)
            .map_err(|e| e.to_string())
            .map(|s| s + "\n");
    }
    let n = out.members;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Plan over {n} members ({}; {}):",
        cuenca_link::scenario_to_query(&scenario, &basin),
        if vary_weather {
            "each member its own sequence of dry and wet years"
        } else {
            "every member the same sequence of dry and wet years; --vary-weather varies it"
        }
    );
    for (k, t) in out.triggers.iter().enumerate() {
        let _ = writeln!(
            o,
            "  T{}  {}: fires in {}/{n} members, first fire {} (P10–P90); without the project (climate alone) {}/{n}, first {}",
            k + 1,
            trigger_text(&t.trigger),
            t.members_firing,
            years(&t.first_fire_year),
            t.members_firing_without_project,
            years(&t.first_fire_year_without_project),
        );
    }
    let _ = writeln!(
        o,
        "  Some trigger fires in {}/{n} members; a cut takes effect in {}/{n}, the first in {} (P10–P90); false alarms (no project) in {}/{n}.",
        out.members_with_a_fire,
        out.members_with_a_cut,
        years(&out.first_cut_year),
        out.members_with_a_false_alarm
    );
    let li = &out.lithium;
    let t = |x: f64| fmt_num(x, 0, Lang::En);
    let _ = writeln!(
        o,
        "Lithium, mean over members: {} t LCE without the plan, {} t with it ({}% less); per producing year {} → {} t/yr; stopping everything at the first fire: {} t.",
        t(li.mean_total_without_plan_t),
        t(li.mean_total_with_plan_t),
        fmt_num(li.cost_share * 100.0, 1, Lang::En),
        t(li.mean_per_year_without_plan_t),
        t(li.mean_per_year_with_plan_t),
        t(li.mean_total_stopping_at_first_fire_t),
    );
    for row in &out.limits {
        let l = &row.limit;
        let kept = |b: bool| if b { "kept" } else { "not kept" };
        let _ = writeln!(
            o,
            "Limit: {}.",
            l.sentence(&place(&l.site, Lang::En), Lang::En)
        );
        let _ = writeln!(
            o,
            "  members keeping it: without the plan {}/{n} ({}), with it {}/{n} ({}), stopping everything at the first fire {}/{n} ({}).",
            row.without_plan.members_keeping,
            kept(row.kept_without_plan),
            row.with_plan.members_keeping,
            kept(row.kept_with_plan),
            row.stop_at_first_fire.members_keeping,
            kept(row.kept_stopping_at_first_fire),
        );
        let lead = match (row.lead_time_years.p10, row.lead_time_years.p90) {
            (Some(a), Some(b)) => format!(
                "lead time from the first fire {}–{} years (P10–P90)",
                fmt_num(a, 0, Lang::En),
                fmt_num(b, 0, Lang::En)
            ),
            _ => "no lead time to measure".to_string(),
        };
        let _ = writeln!(
            o,
            "  with the plan it breaks in {}/{n}: {} after a fire ({lead}), {} with no warning.",
            row.members_breaking_after_a_fire + row.members_breaking_without_warning,
            row.members_breaking_after_a_fire,
            row.members_breaking_without_warning,
        );
    }
    for s in sentences(Lang::En).iter().chain(&sentences(Lang::Es)) {
        let _ = writeln!(o, "{s}");
    }
    Ok(o)
}
