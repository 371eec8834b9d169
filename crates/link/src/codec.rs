//! Reading and writing the link.

use std::collections::HashSet;

use cuenca_model::Lang;
use cuenca_model::{
    Basin, ContestedId, LeverId, LeverKind, Scenario, SourceChoice, LEVERS, MODEL_VERSION,
};

use cuenca_model::negotiation::plan::Trigger;
use cuenca_model::negotiation::Limit;

use crate::issue::{IssueKind, LinkIssue};
use crate::limits::{limit_text, parse_limit, LimitTextError, MAX_LIMITS};
use crate::plan::{parse_trigger, trigger_text};
use crate::view::View;

/// Version of the link format written today.
pub const LINK_VERSION: u32 = 1;
/// Longest query read. Cuenca's own links are under 300 bytes; anything much longer is not ours.
pub const MAX_QUERY_BYTES: usize = 2048;
/// Most `key=value` parts read from one link (there are about 35 keys in all).
const MAX_PARTS: usize = 80;
/// Prefix of a source value the community enters: `src_fw_dle=community:120`.
const COMMUNITY: &str = "community:";
/// Years a link may point the map at.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2200;

/// Everything a link carries.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Link {
    pub scenario: Scenario,
    /// `None`: let the browser choose.
    pub lang: Option<Lang>,
    pub view: View,
    /// The year the map (or an embed) shows; `None` for the page's default.
    pub year: Option<i32>,
    /// Minimal chrome for an iframe.
    pub embed: bool,
    /// The levers an embed keeps live (at most [`MAX_EMBED_LEVERS`]); the rest stay locked.
    pub embed_levers: Vec<LeverId>,
    /// The model version the link was made with, when it says.
    pub model: Option<String>,
    /// Scenarios pinned for comparison (at most [`MAX_PINS`]).
    pub pins: Vec<Scenario>,
    /// Whose numbers: the source chosen for each contested input (`src_recharge=independent`).
    pub sources: Vec<(ContestedId, SourceChoice)>,
    /// Limits the parties agree on (at most [`MAX_LIMITS`]), in the order written.
    pub limits: Vec<Limit>,
    /// An early-warning plan's triggers (at most [`MAX_TRIGGERS`]), in phase order.
    pub triggers: Vec<Trigger>,
    /// A name the person gave the scenario ("Grupo 3"), so a facilitator's board can tell
    /// many links apart; at most [`MAX_TITLE_CHARS`] characters, control characters removed.
    pub title: Option<String>,
}

/// Most levers an embed keeps live: one question for a reader, not the whole explorer.
pub const MAX_EMBED_LEVERS: usize = 2;

/// Longest scenario name kept from a link.
pub const MAX_TITLE_CHARS: usize = 40;

/// A scenario name as a link keeps it: no control characters, spaces collapsed, at most
/// [`MAX_TITLE_CHARS`] characters; `None` when nothing is left.
pub fn clean_title(text: &str) -> Option<String> {
    let title: String = collapse(text).chars().take(MAX_TITLE_CHARS).collect();
    let title = title.trim_end().to_string();
    (!title.is_empty()).then_some(title)
}

/// The words of `text`, one space between them (control characters and bidirectional
/// overrides, which could make a name read backwards on the board, count as spaces).
fn collapse(text: &str) -> String {
    text.split(|c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
    .filter(|w| !w.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// Most triggers a link carries (real plans stage two or three phases per site).
pub const MAX_TRIGGERS: usize = 6;

/// Scenarios that can be compared side by side with the current one.
pub const MAX_PINS: usize = 4;

/// Renamed keys per link version: a link of version `from` with `old` is read as `new`.
/// Version 0 (links without `v`, written before the link had a version) used today's keys.
const RENAMED: &[(u32, &str, &str)] = &[];

/// Brings the parts of a link written in format `version` up to today's format.
pub fn migrate(version: u32, parts: Vec<(String, String)>) -> Vec<(String, String)> {
    parts
        .into_iter()
        .map(|(k, v)| {
            let renamed = RENAMED
                .iter()
                .find(|(from, old, _)| version <= *from && *old == k)
                .map(|(_, _, new)| new.to_string());
            (renamed.unwrap_or(k), v)
        })
        .collect()
}

/// Writes a link: only what differs from the defaults, in a fixed order. Place levers are
/// written with the keys `basin` gives its places.
pub fn encode(link: &Link, basin: &Basin) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("v", &LINK_VERSION.to_string());
    out.append_pair("m", MODEL_VERSION);
    if let Some(lang) = link.lang {
        out.append_pair("lang", lang.tag());
    }
    append_levers(&mut out, changed_levers(&link.scenario), basin);
    if link.view != View::Explore {
        out.append_pair("view", link.view.key());
    }
    if let Some(year) = link.year {
        out.append_pair("year", &year.to_string());
    }
    if link.embed {
        out.append_pair("embed", "1");
    }
    if !link.embed_levers.is_empty() {
        let keys: Vec<&str> = link
            .embed_levers
            .iter()
            .take(MAX_EMBED_LEVERS)
            .map(|id| id.spec().key)
            .collect();
        out.append_pair("embed_levers", &keys.join(","));
    }
    if let Some(title) = link.title.as_deref().and_then(clean_title) {
        out.append_pair("title", &title);
    }
    let mut query = out.finish();
    for (id, choice) in &link.sources {
        // By hand, like pins, so `community:120` keeps its colon.
        let value = match choice {
            SourceChoice::Named(key) => key.clone(),
            SourceChoice::Community(x) => format!("{COMMUNITY}{x}"),
        };
        query.push_str(&format!("&src_{}={value}", id.spec().key));
    }
    for pin in link.pins.iter().take(MAX_PINS) {
        // Written by hand with characters a query keeps as they are, so a comparison link
        // stays readable: `pin=prod:24000,dle:40`. An unchanged scenario is `pin=0`.
        let levers = changed_levers(pin)
            .filter_map(|lever| lever_text(lever, basin))
            .map(|(k, v)| format!("{k}:{v}"))
            .collect::<Vec<_>>()
            .join(",");
        query.push_str("&pin=");
        query.push_str(if levers.is_empty() { "0" } else { &levers });
    }
    for limit in link.limits.iter().take(MAX_LIMITS) {
        // By hand too: `lim=vega_santa_rosa:drawdown:0.5:2075:0.9` reads as written.
        query.push_str("&lim=");
        query.push_str(&limit_text(limit));
    }
    for trigger in link.triggers.iter().take(MAX_TRIGGERS) {
        // `trig=vega_este:0.3:brine:25:6`, as `cuenca plan --trigger` reads it.
        query.push_str("&trig=");
        query.push_str(&trigger_text(trigger));
    }
    query
}

/// The lever part of a link, `prod=24000&dle=100`: the levers that differ from their defaults,
/// in table order.
pub fn scenario_to_query(scenario: &Scenario, basin: &Basin) -> String {
    levers_to_query(changed_levers(scenario), basin)
}

/// Lever values written as the lever part of a link, in the order given, defaults included.
pub fn levers_to_query(levers: impl IntoIterator<Item = (LeverId, f64)>, basin: &Basin) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    append_levers(&mut out, levers, basin);
    out.finish()
}

fn append_levers(
    out: &mut form_urlencoded::Serializer<'_, String>,
    levers: impl IntoIterator<Item = (LeverId, f64)>,
    basin: &Basin,
) {
    for (key, value) in levers
        .into_iter()
        .filter_map(|lever| lever_text(lever, basin))
    {
        out.append_pair(key, &value);
    }
}

/// The levers of a scenario that differ from their defaults, in table order.
fn changed_levers(scenario: &Scenario) -> impl Iterator<Item = (LeverId, f64)> + '_ {
    LEVERS
        .iter()
        .filter(|spec| scenario.get(spec.id) != spec.default)
        .map(|spec| (spec.id, scenario.get(spec.id)))
}

/// A lever's key and its value as link text: the number, or the option's key for a choice
/// (`None` for an option that does not exist in `basin`).
fn lever_text((id, value): (LeverId, f64), basin: &Basin) -> Option<(&'static str, String)> {
    let spec = id.spec();
    if !spec.is_choice() {
        return Some((spec.key, format!("{value}")));
    }
    spec.options(basin)
        .get(value.max(0.0) as usize)
        .map(|o| (spec.key, o.key.to_string()))
}

/// Reads a link's query string (with or without `?`), place levers by the keys of `basin`'s
/// places. Never fails: every part that cannot be used is reported and the rest is kept.
pub fn parse(query: &str, basin: &Basin) -> (Link, Vec<LinkIssue>) {
    let mut issues = Vec::new();
    let mut text = query.trim().trim_start_matches('?');
    if text.len() > MAX_QUERY_BYTES {
        let mut cut = MAX_QUERY_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // Stop at the last whole part, so a number is never read half-written.
        text = &text[..text[..cut].rfind('&').unwrap_or(cut)];
        issues.push(LinkIssue::new(IssueKind::TooLong, "", ""));
    }
    let mut parts: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
        .take(MAX_PARTS + 1)
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    if parts.len() > MAX_PARTS {
        parts.truncate(MAX_PARTS);
        if !issues.iter().any(|i| i.kind == IssueKind::TooLong) {
            issues.push(LinkIssue::new(IssueKind::TooLong, "", ""));
        }
    }
    let version = parts
        .iter()
        .find(|(k, _)| k == "v")
        .map(|(_, v)| v.parse::<u32>().unwrap_or(u32::MAX))
        .unwrap_or(0);
    let parts = migrate(version, parts);

    let mut link = Link::default();
    let mut seen = HashSet::new();
    for (key, value) in &parts {
        if key.is_empty() && value.is_empty() {
            continue;
        }
        if let Some(input) = key.strip_prefix("src_") {
            // A later choice for the same input replaces an earlier one.
            match read_source(input, value) {
                Some((id, choice)) => {
                    link.sources.retain(|(i, _)| *i != id);
                    link.sources.push((id, choice));
                }
                None => issues.push(LinkIssue::new(IssueKind::BadValue, key, value)),
            }
            continue;
        }
        if key == "pin" {
            if link.pins.len() < MAX_PINS {
                link.pins.push(read_pin(key, value, basin, &mut issues));
            } else {
                issues.push(LinkIssue::new(IssueKind::Repeated, key, value));
            }
            continue;
        }
        if key == "lim" {
            match parse_limit(value, basin) {
                Ok(_) if link.limits.len() >= MAX_LIMITS => issues.push(LinkIssue::new(
                    IssueKind::TooManyLimits { most: MAX_LIMITS },
                    key,
                    value,
                )),
                Ok(limit) => link.limits.push(limit),
                Err(LimitTextError::NotHere) => {
                    issues.push(LinkIssue::new(IssueKind::LimitNotHere, key, value))
                }
                Err(_) => issues.push(LinkIssue::new(IssueKind::LimitDropped, key, value)),
            }
            continue;
        }
        if key == "trig" {
            match parse_trigger(value) {
                Ok(_) if link.triggers.len() >= MAX_TRIGGERS => issues.push(LinkIssue::new(
                    IssueKind::TooManyTriggers { most: MAX_TRIGGERS },
                    key,
                    value,
                )),
                Ok(t) if basin.site(&t.site).is_some() => link.triggers.push(t),
                _ => issues.push(LinkIssue::new(IssueKind::TriggerDropped, key, value)),
            }
            continue;
        }
        if !seen.insert(key.clone()) {
            issues.push(LinkIssue::new(IssueKind::Repeated, key, value));
            continue;
        }
        let bad = || LinkIssue::new(IssueKind::BadValue, key, value);
        match key.as_str() {
            "v" => {
                if version > LINK_VERSION {
                    issues.push(LinkIssue::new(
                        IssueKind::NewerVersion {
                            version: value.clone(),
                        },
                        key,
                        value,
                    ));
                }
            }
            "m" => {
                let made_with = crate::issue::quote(value);
                if made_with != MODEL_VERSION {
                    issues.push(LinkIssue::new(
                        IssueKind::ModelChanged {
                            made_with: made_with.clone(),
                        },
                        key,
                        value,
                    ));
                }
                link.model = Some(made_with);
            }
            "lang" => match Lang::from_tag(value) {
                Some(lang) => link.lang = Some(lang),
                None => issues.push(bad()),
            },
            "view" => match View::from_key(value) {
                Some(view) => link.view = view,
                None => issues.push(bad()),
            },
            "year" => match value.parse::<i32>() {
                Ok(year) if YEARS.contains(&year) => link.year = Some(year),
                Ok(year) => {
                    let to = year.clamp(*YEARS.start(), *YEARS.end());
                    link.year = Some(to);
                    issues.push(LinkIssue::new(
                        IssueKind::Clamped { to: f64::from(to) },
                        key,
                        value,
                    ));
                }
                Err(_) => issues.push(bad()),
            },
            "title" => {
                link.title = clean_title(value);
                // A longer name is shortened, and the reader told.
                if collapse(value).chars().count() > MAX_TITLE_CHARS {
                    let kept = link.title.clone().unwrap_or_default();
                    issues.push(LinkIssue::new(
                        IssueKind::TitleShortened {
                            most: MAX_TITLE_CHARS,
                        },
                        key,
                        &kept,
                    ));
                }
            }
            "embed_levers" => {
                // Each lever read on its own: an unknown one, a repeat or a third is named.
                for part in value.split(',').filter(|p| !p.trim().is_empty()) {
                    match LeverId::from_key(part.trim()) {
                        Some(id)
                            if link.embed_levers.len() < MAX_EMBED_LEVERS
                                && !link.embed_levers.contains(&id) =>
                        {
                            link.embed_levers.push(id)
                        }
                        _ => issues.push(LinkIssue::new(IssueKind::BadValue, key, part)),
                    }
                }
            }
            "embed" => match value.as_str() {
                "1" | "true" | "" => link.embed = true,
                "0" | "false" => link.embed = false,
                _ => issues.push(bad()),
            },
            _ => match LeverId::from_key(key) {
                Some(id) => read_lever(&mut link.scenario, id, key, value, basin, &mut issues),
                None => issues.push(LinkIssue::new(IssueKind::UnknownKey, key, value)),
            },
        }
    }
    (link, issues)
}

/// Whose numbers for one contested input: a named option (`src_recharge=independent`) or a
/// value the community enters (`src_fw_dle=community:120`).
fn read_source(input: &str, value: &str) -> Option<(ContestedId, SourceChoice)> {
    let id = ContestedId::from_key(input)?;
    let choice = match value.strip_prefix(COMMUNITY) {
        Some(x) => SourceChoice::Community(x.parse::<f64>().ok().filter(|x| x.is_finite())?),
        None => {
            id.spec().option(value)?;
            SourceChoice::Named(value.to_string())
        }
    };
    Some((id, choice))
}

/// A pinned scenario: `prod:24000,dle:40` (or `0` for the defaults).
fn read_pin(key: &str, value: &str, basin: &Basin, issues: &mut Vec<LinkIssue>) -> Scenario {
    let mut scenario = Scenario::default();
    for pair in value.split(',').filter(|p| !p.is_empty() && *p != "0") {
        match pair
            .split_once(':')
            .and_then(|(k, v)| LeverId::from_key(k).map(|id| (id, k, v)))
        {
            Some((id, k, v)) => read_lever(&mut scenario, id, k, v, basin, issues),
            None => issues.push(LinkIssue::new(IssueKind::UnknownKey, key, pair)),
        }
    }
    scenario
}

fn read_lever(
    scenario: &mut Scenario,
    id: LeverId,
    key: &str,
    value: &str,
    basin: &Basin,
    issues: &mut Vec<LinkIssue>,
) {
    let spec = id.spec();
    let parsed = if spec.is_choice() {
        let options = spec.options(basin);
        options
            .iter()
            .position(|o| o.key == value)
            .or_else(|| {
                // A fixed choice also takes its option index (`var=0`): the number the lever
                // table, the CLI's JSON and `cuenca levers` print. Not a place lever: its
                // indices follow the order of a basin file's places, which an edit reshuffles.
                let index = value.parse::<f64>().ok()?;
                let whole = index.fract() == 0.0 && index >= 0.0;
                (matches!(spec.kind, LeverKind::Choice(_)) && whole)
                    .then_some(index as usize)
                    .filter(|&k| k < options.len())
            })
            .map(|k| k as f64)
    } else {
        // A decimal comma is accepted too: people retype links.
        value
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    };
    let Some(v) = parsed else {
        issues.push(LinkIssue::new(IssueKind::BadValue, key, value));
        return;
    };
    let clamped = v.clamp(spec.min, spec.max);
    if clamped != v {
        issues.push(LinkIssue::new(
            IssueKind::Clamped { to: clamped },
            key,
            value,
        ));
    }
    if scenario.set(id, clamped).is_err() {
        // `clamped` is inside the lever's range, so the model accepts it; if a future lever
        // added another rule, the default is kept and the reader told.
        issues.push(LinkIssue::new(IssueKind::BadValue, key, value));
    }
}
