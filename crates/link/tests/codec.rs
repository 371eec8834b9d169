//! The link codec: presets round-trip and stay short, a bare lever query reads back to its
//! scenario, sources keep their written form, old links keep opening, and nothing a link can
//! hold makes it panic or lose the valid parts.

use cuenca_link::{
    encode, levers_to_query, parse, scenario_to_query, ChartId, IssueKind, Link, View,
    LINK_VERSION, MAX_QUERY_BYTES,
};
use std::sync::LazyLock;

use cuenca_model::presets::PRESETS;
use cuenca_model::Lang;
use cuenca_model::{Basin, LeverId, Scenario, LEVERS};
use proptest::prelude::*;

/// The default basin, loaded once for every case.
fn basin() -> &'static Basin {
    static BASIN: LazyLock<Basin> = LazyLock::new(Basin::default_basin);
    &BASIN
}

/// A second, different basin: a three-zone salar with places of its own.
fn salar() -> &'static Basin {
    static SALAR: LazyLock<Basin> = LazyLock::new(|| {
        Basin::from_toml_str(include_str!("../../model/tests/data/three-zone-salar.toml"))
            .expect("the three-zone salar loads")
    });
    &SALAR
}

#[test]
fn every_preset_round_trips_and_its_link_is_under_200_characters() {
    for preset in PRESETS.iter() {
        for lang in [Some(Lang::Es), Some(Lang::En), None] {
            let link = Link {
                scenario: preset.scenario(),
                lang,
                view: View::Map,
                year: Some(2045),
                ..Link::default()
            };
            let query = encode(&link, basin());
            let url = format!("https://example.org/cuenca/?{query}");
            assert!(
                url.len() < 200,
                "{}: {} characters: {url}",
                preset.id,
                url.len()
            );
            let (back, issues) = parse(&query, basin());
            assert_eq!(back.scenario, link.scenario, "{}", preset.id);
            assert_eq!(
                (back.lang, back.view, back.year),
                (lang, View::Map, Some(2045))
            );
            assert!(issues.is_empty(), "{}: {issues:?}", preset.id);
        }
    }
}

/// A preset's levers as the CLI prints them, and its scenario's lever part, read back cleanly to
/// the preset's scenario; the natural basin writes nothing.
#[test]
fn every_preset_reads_back_from_its_lever_query() {
    for preset in PRESETS.iter() {
        let scenario = preset.scenario();
        let listed = levers_to_query(preset.levers.iter().copied(), basin());
        for query in [listed, scenario_to_query(&scenario, basin())] {
            let (link, issues) = parse(&query, basin());
            assert!(issues.is_empty(), "{}: {query}: {issues:?}", preset.id);
            assert_eq!(link.scenario, scenario, "{}: {query}", preset.id);
        }
    }
    assert_eq!(
        levers_to_query(PRESETS[1].levers.iter().copied(), basin()),
        "prod=24000&start=2027&ramp=2&life=40&fw_src=este"
    );
    assert_eq!(scenario_to_query(&Scenario::default(), basin()), "");
}

#[test]
fn a_lever_query_keeps_valid_parts_and_reports_the_rest() {
    let (link, issues) = parse("?prod=24000&foo=1&dle=abc&reinj=150&fw_src=oeste", basin());
    let s = link.scenario;
    assert_eq!(s.get(LeverId::Production), 24_000.0);
    assert_eq!(s.get(LeverId::DleShare), LeverId::DleShare.spec().default);
    assert_eq!(s.get(LeverId::Reinjection), 98.0);
    assert_eq!(s.choice(LeverId::FreshSource), 2);
    let kinds: Vec<(&str, &IssueKind)> = issues.iter().map(|i| (i.key.as_str(), &i.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("foo", &IssueKind::UnknownKey),
            ("dle", &IssueKind::BadValue),
            ("reinj", &IssueKind::Clamped { to: 98.0 })
        ]
    );
    let (back, none) = parse(&scenario_to_query(&s, basin()), basin());
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(back.scenario, s);
}

/// Links written before the link had a version (what the explorer wrote first: `lang` plus the
/// model's lever keys) must keep opening to the same scenario.
#[test]
fn old_links_without_a_version_keep_opening() {
    let fixture = [
        ("?lang=es", Scenario::default()),
        ("?lang=en&prod=24000&start=2027&ramp=2&life=40&fw_src=este", PRESETS[1].scenario()),
        ("lang=es&prod=150000&start=2028&ramp=2&life=30&stages=3&gap=5&share=75&dle=50&reinj=90&fw_src=este", PRESETS[2].scenario()),
        ("?dp=-20&dt=3", PRESETS[4].scenario()),
    ];
    for (query, expected) in fixture {
        let (link, issues) = parse(query, basin());
        assert_eq!(link.scenario, expected, "{query}");
        assert!(issues.is_empty(), "{query}: {issues:?}");
    }
}

/// Agreed limits and an early-warning plan as links first wrote them (link format 1, model
/// 0.3.4), frozen as text: they must keep opening into the same limits and triggers. Literal on
/// purpose, like the lever keys below: a change of the `lim=` or `trig=` form must fail here until
/// a migration reads the old one.
#[test]
fn limits_and_triggers_as_first_written_keep_opening() {
    use cuenca_model::negotiation::limits::LimitKind;
    use cuenca_model::negotiation::plan::CutTarget;
    let query = "v=1&m=0.3.4&prod=24000&start=2027\
        &lim=vega_santa_rosa:drawdown:0.5:2075:0.9&lim=vertientes_este:spring:0.8:2060:0.75\
        &trig=vega_este:0.3:brine:25:6&trig=vega_este:1:all:50:6:2&trig=vega_sur:0.5:fresh:100:0";
    let (link, issues) = parse(query, basin());
    assert!(
        issues
            .iter()
            .all(|i| matches!(i.kind, cuenca_link::IssueKind::ModelChanged { .. })),
        "{issues:?}"
    );
    let limits: Vec<(&str, LimitKind, f64, i32, f64)> = link
        .limits
        .iter()
        .map(|l| (l.site.as_str(), l.kind, l.value, l.until_year, l.confidence))
        .collect();
    assert_eq!(
        limits,
        [
            (
                "vega_santa_rosa",
                LimitKind::DrawdownAtMostM,
                0.5,
                2075,
                0.9
            ),
            (
                "vertientes_este",
                LimitKind::SpringFlowAtLeastShare,
                0.8,
                2060,
                0.75
            ),
        ]
    );
    // Without a persistence the trigger waits for three readings in a row (the default).
    let triggers: Vec<(&str, f64, CutTarget, f64, u32, u32)> = link
        .triggers
        .iter()
        .map(|t| {
            (
                t.site.as_str(),
                t.rise_m,
                t.target,
                t.cut,
                t.delay_months,
                t.persistence_months,
            )
        })
        .collect();
    assert_eq!(
        triggers,
        [
            ("vega_este", 0.3, CutTarget::Brine, 0.25, 6, 3),
            ("vega_este", 1.0, CutTarget::All, 0.5, 6, 2),
            ("vega_sur", 0.5, CutTarget::Fresh, 1.0, 0, 3),
        ]
    );
}

/// A link written by model 0.1.0 opens with one message only: the model has changed since.
fn says_only_the_model_changed(issues: &[cuenca_link::LinkIssue]) -> bool {
    matches!(issues, [i] if i.kind == cuenca_link::IssueKind::ModelChanged { made_with: "0.1.0".into() })
}

/// Every key a Cuenca link has ever written, frozen as text (link format 1, model 0.1.0): each
/// must still be read, into the lever it was written for. The list is literal on purpose: a key
/// renamed in the lever table must fail here until a migration in `RENAMED` reads the old name.
#[test]
fn every_key_ever_written_still_opens_into_its_lever() {
    use cuenca_model::{ContestedId, SourceChoice};
    let levers: [(&str, &str, LeverId, f64); 32] = [
        ("prod", "24000", LeverId::Production, 24000.0),
        ("start", "2030", LeverId::StartYear, 2030.0),
        ("ramp", "4", LeverId::RampYears, 4.0),
        ("life", "25", LeverId::LifeYears, 25.0),
        ("stages", "2", LeverId::Stages, 2.0),
        ("gap", "7", LeverId::StageGapYears, 7.0),
        ("share", "60", LeverId::SharePg, 60.0),
        ("dle", "40", LeverId::DleShare, 40.0),
        ("reinj", "50", LeverId::Reinjection, 50.0),
        ("reinj_cell", "sureste", LeverId::ReinjectionCell, 2.0),
        ("fw_dle", "120", LeverId::FreshPerTonneDle, 120.0),
        ("fw_pond", "30", LeverId::FreshPerTonnePonds, 30.0),
        ("fw_src", "oeste", LeverId::FreshSource, 2.0),
        ("pop", "350", LeverId::Population, 350.0),
        ("lpcd", "100", LeverId::PerCapita, 100.0),
        ("ganado", "5000", LeverId::Livestock, 5000.0),
        ("dp", "-15", LeverId::PrecipChange, -15.0),
        ("dt", "2.5", LeverId::Warming, 2.5),
        ("var", "no", LeverId::Variability, 0.0),
        ("seed", "42", LeverId::Seed, 42.0),
        ("prot", "laguna_norte", LeverId::ProtectSite, 4.0),
        ("prot_m", "1.5", LeverId::ProtectThreshold, 1.5),
        ("prot_cut", "80", LeverId::ProtectCut, 80.0),
        ("k_rech", "1.5", LeverId::RechargeMult, 1.5),
        ("k_evap", "0.8", LeverId::EvapMult, 0.8),
        ("k_sy", "2", LeverId::StorageMult, 2.0),
        ("k_k", "3", LeverId::ConductivityMult, 3.0),
        ("k_mix", "0.5", LeverId::MixingMult, 0.5),
        ("k_alpha", "1.2", LeverId::InterfaceMult, 1.2),
        ("k_wm", "2", LeverId::MixingZoneMult, 2.0),
        ("relic", "40", LeverId::OldWater, 40.0),
        ("years", "30", LeverId::Years, 30.0),
    ];
    assert_eq!(
        levers.len(),
        LEVERS.len(),
        "a lever was added: freeze its key here"
    );
    for (key, value, id, expected) in levers {
        let query = format!("v=1&m=0.1.0&{key}={value}");
        let (link, issues) = parse(&query, basin());
        assert!(says_only_the_model_changed(&issues), "{query}: {issues:?}");
        assert_eq!(link.scenario.get(id), expected, "{query}");
    }
    let query =
        "v=1&m=0.1.0&lang=en&view=lagoon&year=2045&embed=1&embed_levers=prod,dle&title=Grupo+3&pin=prod:50000,dle:100\
                 &src_recharge=independent&src_evap_e0=independent&src_brine_t=company\
                 &src_fw_dle=community:120";
    let (link, issues) = parse(query, basin());
    assert!(says_only_the_model_changed(&issues), "{issues:?}");
    assert_eq!(link.lang, Some(Lang::En));
    assert_eq!(link.view, View::Chart(ChartId::Lagoon));
    assert_eq!((link.year, link.embed), (Some(2045), true));
    assert_eq!(link.title.as_deref(), Some("Grupo 3"));
    assert_eq!(link.embed_levers, [LeverId::Production, LeverId::DleShare]);
    assert_eq!(link.pins.len(), 1);
    assert_eq!(link.pins[0].get(LeverId::Production), 50000.0);
    assert_eq!(link.pins[0].get(LeverId::DleShare), 100.0);
    assert_eq!(
        link.sources,
        [
            (
                ContestedId::Recharge,
                SourceChoice::Named("independent".into())
            ),
            (
                ContestedId::EvaporationE0,
                SourceChoice::Named("independent".into())
            ),
            (
                ContestedId::BrineTransmissivity,
                SourceChoice::Named("company".into())
            ),
            (ContestedId::DleFreshWater, SourceChoice::Community(120.0)),
        ]
    );
}

#[test]
fn an_embed_keeps_two_known_levers_live_and_names_the_rest() {
    let (link, issues) = parse("embed=1&embed_levers=dle,zzz,dle,prod,reinj", basin());
    assert_eq!(link.embed_levers, [LeverId::DleShare, LeverId::Production]);
    let named: Vec<&str> = issues.iter().map(|i| i.value.as_str()).collect();
    assert_eq!(named, ["zzz", "dle", "reinj"]);
    let (back, issues) = parse(&encode(&link, basin()), basin());
    assert_eq!(back.embed_levers, link.embed_levers);
    assert!(issues.is_empty());
}

#[test]
fn a_long_or_hostile_title_is_cleaned_and_a_long_one_said() {
    let long = "Grupo de la vega de Santa Rosa, mesa tres, segunda ronda";
    let (link, issues) = parse(&format!("title={}", long.replace(' ', "+")), basin());
    let kept = link.title.expect("a title");
    assert_eq!(kept.chars().count(), cuenca_link::MAX_TITLE_CHARS);
    assert!(long.starts_with(&kept));
    assert_eq!(issues.len(), 1);
    assert!(issues[0].message(Lang::Es).contains("40"), "{:?}", issues);
    // Control characters and a right-to-left override become spaces; an empty name is none.
    let (link, issues) = parse("title=%E2%80%AEGrupo%0A%0A3%07", basin());
    assert_eq!(link.title.as_deref(), Some("Grupo 3"));
    assert!(issues.is_empty());
    assert_eq!(parse("title=+%09+", basin()).0.title, None);
}

#[test]
fn a_link_from_another_model_version_says_so_and_still_opens() {
    let (link, issues) = parse("v=1&m=0.0.9&prod=24000", basin());
    assert_eq!(link.scenario.get(LeverId::Production), 24000.0);
    assert!(
        matches!(&issues[..], [i] if matches!(&i.kind, IssueKind::ModelChanged { made_with } if made_with == "0.0.9"))
    );
    let (_, issues) = parse("v=7&prod=24000", basin());
    assert!(issues
        .iter()
        .any(|i| matches!(i.kind, IssueKind::NewerVersion { .. })));
}

#[test]
fn bad_parts_are_named_and_the_rest_is_kept() {
    let (link, issues) = parse(
        "?v=1&lang=en&prod=1e9&bogus=1&dp=abc&dp=-10&fw_src=atlantis&view=nope&year=3000&dle=100",
        basin(),
    );
    assert_eq!(link.lang, Some(Lang::En));
    assert_eq!(
        link.scenario.get(LeverId::Production),
        LeverId::Production.spec().max
    );
    assert_eq!(link.scenario.get(LeverId::DleShare), 100.0);
    assert_eq!(
        link.scenario.get(LeverId::PrecipChange),
        LeverId::PrecipChange.spec().default
    );
    assert_eq!(link.year, Some(2200));
    let kinds: Vec<String> = issues
        .iter()
        .map(|i| format!("{}:{:?}", i.key, i.kind))
        .collect();
    assert_eq!(issues.len(), 7, "{kinds:?}");
    for lang in [Lang::Es, Lang::En] {
        for issue in &issues {
            assert!(!issue.message(lang).is_empty());
        }
    }
    assert!(
        issues[0].message(Lang::Es).contains("fuera del rango"),
        "{}",
        issues[0].message(Lang::Es)
    );
}

#[test]
fn hostile_links_are_quoted_as_short_text() {
    let script = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    let (_, issues) = parse(&format!("{script}=1&prod={script}"), basin());
    for issue in &issues {
        assert!(issue.key.chars().count() <= 41 && issue.value.chars().count() <= 41);
    }
    // Invalid UTF-8 escapes, control characters and bidi tricks decode to text and are reported.
    let (link, issues) = parse("prod=%FF%FE&dp=%E2%80%AE-10&%00=1&dt=2", basin());
    assert_eq!(link.scenario.get(LeverId::Warming), 2.0);
    assert_eq!(issues.len(), 3, "{issues:?}");
    // Very long and deeply repeated links are cut, not choked on.
    let long = format!("prod=24000&{}", "x=1&".repeat(50_000));
    let (link, issues) = parse(&long, basin());
    assert_eq!(link.scenario.get(LeverId::Production), 24000.0);
    assert!(issues.iter().any(|i| i.kind == IssueKind::TooLong));
    assert!(issues.len() < 100);
    let repeated = "prod=1000&".repeat(500);
    let (link, issues) = parse(&repeated, basin());
    assert_eq!(link.scenario.get(LeverId::Production), 1000.0);
    assert!(issues.len() <= 81, "{}", issues.len());
    assert!(parse(&"a".repeat(MAX_QUERY_BYTES * 4), basin())
        .1
        .iter()
        .any(|i| i.kind == IssueKind::TooLong));
}

#[test]
fn comparisons_travel_in_the_link() {
    let pins: Vec<Scenario> = PRESETS
        .iter()
        .skip(1)
        .take(4)
        .map(|p| p.scenario())
        .collect();
    let link = Link {
        pins: pins.clone(),
        ..Link::default()
    };
    let query = encode(&link, basin());
    assert!(query.contains("&pin=prod:24000,"), "{query}");
    let (back, issues) = parse(&query, basin());
    assert_eq!(back.pins, pins);
    assert!(issues.is_empty(), "{issues:?}");
    // A natural-basin pin, a fifth pin and a bad pin part.
    let (back, issues) = parse(
        "pin=0&pin=prod:1000&pin=dp:-10&pin=dt:1&pin=dt:2&pin=zz:1",
        basin(),
    );
    assert_eq!(back.pins.len(), 4);
    assert_eq!(back.pins[0], Scenario::default());
    assert_eq!(issues.len(), 2, "{issues:?}");
}

/// Agreed limits travel in the link as written; an unreadable one and a seventh are each named,
/// and the others kept.
#[test]
fn agreed_limits_travel_in_the_link() {
    use cuenca_link::{parse_limit, IssueKind, MAX_LIMITS};
    let limits: Vec<_> = [
        "vega_santa_rosa:drawdown:0.5:2075:0.9",
        "vertientes_este:spring:0.8:2075:0.9",
    ]
    .iter()
    .map(|t| parse_limit(t, basin()).unwrap())
    .collect();
    let link = Link {
        scenario: PRESETS[1].scenario(),
        limits: limits.clone(),
        ..Link::default()
    };
    let query = encode(&link, basin());
    assert!(
        query.ends_with(
            "&lim=vega_santa_rosa:drawdown:0.5:2075:0.9&lim=vertientes_este:spring:0.8:2075:0.9"
        ),
        "{query}"
    );
    let (back, issues) = parse(&query, basin());
    assert_eq!(back.limits, limits);
    assert_eq!(back.scenario, link.scenario);
    assert!(issues.is_empty(), "{issues:?}");

    let many = std::iter::repeat_n("lim=vega_este:drawdown:1:2060:0.8", MAX_LIMITS + 1)
        .collect::<Vec<_>>()
        .join("&");
    let (back, issues) = parse(
        &format!("prod=9000&lim=nowhere:drawdown:1:2060:0.8&{many}"),
        basin(),
    );
    assert_eq!(back.limits.len(), MAX_LIMITS);
    assert_eq!(back.scenario.get(LeverId::Production), 9000.0);
    let kinds: Vec<_> = issues.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            IssueKind::LimitDropped,
            IssueKind::TooManyLimits { most: MAX_LIMITS }
        ]
    );
    assert!(issues[0].message(Lang::Es).contains("nowhere"));
}

/// An early-warning plan's triggers travel in the link as `cuenca plan --trigger` reads them; one
/// at a site the basin lacks, a malformed one and a seventh are each named, the rest kept.
#[test]
fn plan_triggers_travel_in_the_link() {
    use cuenca_link::{parse_trigger, MAX_TRIGGERS};
    let triggers: Vec<_> = ["vega_este:0.3:brine:25:6", "vega_este:1:all:50:6:2"]
        .iter()
        .map(|t| parse_trigger(t).unwrap())
        .collect();
    let link = Link {
        triggers: triggers.clone(),
        ..Link::default()
    };
    let query = encode(&link, basin());
    assert!(
        query.ends_with("&trig=vega_este:0.3:brine:25:6&trig=vega_este:1:all:50:6:2"),
        "{query}"
    );
    let (back, issues) = parse(&query, basin());
    assert_eq!(back.triggers, triggers);
    assert!(issues.is_empty(), "{issues:?}");

    let many = std::iter::repeat_n("trig=vega_sur:0.5:fresh:100:0", MAX_TRIGGERS + 1)
        .collect::<Vec<_>>()
        .join("&");
    let (back, issues) = parse(
        &format!("trig=nowhere:0.3:brine:25:6&trig=vega_este:-1:brine:25:6&{many}"),
        basin(),
    );
    assert_eq!(back.triggers.len(), MAX_TRIGGERS);
    let kinds: Vec<_> = issues.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            IssueKind::TriggerDropped,
            IssueKind::TriggerDropped,
            IssueKind::TooManyTriggers { most: MAX_TRIGGERS }
        ]
    );
    assert!(issues[0].message(Lang::Es).contains("nowhere"));
}

#[test]
fn whose_numbers_travel_in_the_link() {
    use cuenca_model::{ContestedId, SourceChoice};
    let sources = vec![
        (
            ContestedId::Recharge,
            SourceChoice::Named("independent".into()),
        ),
        (ContestedId::DleFreshWater, SourceChoice::Community(120.0)),
    ];
    let link = Link {
        sources: sources.clone(),
        ..Link::default()
    };
    let query = encode(&link, basin());
    assert!(query.contains("src_recharge=independent"), "{query}");
    let (back, issues) = parse(&query, basin());
    assert_eq!(back.sources, sources);
    assert!(issues.is_empty(), "{issues:?}");
    let (back, issues) = parse("src_recharge=oracle&src_nope=company&prod=1000", basin());
    assert!(back.sources.is_empty());
    assert_eq!(back.scenario.get(LeverId::Production), 1000.0);
    assert_eq!(issues.len(), 2, "{issues:?}");
}

/// Sources are written in the order chosen, after the levers, and read apart from them.
#[test]
fn whose_numbers_are_written_in_order_and_set_no_lever() {
    use cuenca_model::{ContestedId, SourceChoice, MODEL_VERSION};
    let choices = vec![
        (
            ContestedId::Recharge,
            SourceChoice::Named("independent".into()),
        ),
        (
            ContestedId::BrineTransmissivity,
            SourceChoice::Named("company".into()),
        ),
        (ContestedId::DleFreshWater, SourceChoice::Community(120.0)),
    ];
    let sources = "src_recharge=independent&src_brine_t=company&src_fw_dle=community:120";
    let link = Link {
        sources: choices.clone(),
        ..Link::default()
    };
    assert_eq!(
        encode(&link, basin()),
        format!("v={LINK_VERSION}&m={MODEL_VERSION}&{sources}")
    );
    let (back, issues) = parse(
        &format!("?prod=24000&{sources}&src_evap_e0=nobody"),
        basin(),
    );
    assert_eq!(back.sources, choices);
    assert!(
        matches!(&issues[..], [i] if i.kind == IssueKind::BadValue && i.key == "src_evap_e0"),
        "{issues:?}"
    );
    assert_eq!(scenario_to_query(&back.scenario, basin()), "prod=24000");
    // An escaped `;` or `&` belongs to the value: it does not start another part.
    let (back, issues) = parse("src_recharge=independent%3Bsrc_brine_t%3Dcompany", basin());
    assert!(back.sources.is_empty());
    assert_eq!(issues.len(), 1, "{issues:?}");
}

#[test]
fn views_and_embeds() {
    for chart in ChartId::ALL {
        let link = Link {
            view: View::Chart(chart),
            embed: true,
            ..Link::default()
        };
        let (back, issues) = parse(&encode(&link, basin()), basin());
        assert_eq!((back.view, back.embed), (View::Chart(chart), true));
        assert!(issues.is_empty());
    }
}

/// Every place of every place lever travels in a link (and a pin) by its key, in the default
/// basin and in another basin with places of its own.
#[test]
fn every_place_round_trips_by_its_key_in_either_basin() {
    for (name, b) in [("default", basin()), ("salar", salar())] {
        let mut seen = 0;
        for spec in LEVERS.iter().filter(|l| l.is_choice()) {
            for (k, option) in spec.options(b).iter().enumerate() {
                let scenario = Scenario::default()
                    .with(LeverId::Production, 1000.0)
                    .with(spec.id, k as f64);
                let link = Link {
                    scenario: scenario.clone(),
                    pins: vec![scenario.clone()],
                    ..Link::default()
                };
                let query = encode(&link, b);
                if k as f64 != spec.default {
                    let part = format!("{}={}", spec.key, option.key);
                    let pin = format!("{}:{}", spec.key, option.key);
                    assert!(
                        query.contains(&part) && query.contains(&pin),
                        "{name}: {query}"
                    );
                }
                let (back, issues) = parse(&query, b);
                assert!(issues.is_empty(), "{name}: {query}: {issues:?}");
                assert_eq!(back.scenario, scenario, "{name}: {query}");
                assert_eq!(back.pins, [scenario], "{name}: {query}");
                seen += 1;
            }
        }
        // `var` 2, then `reinj_cell`, `fw_src` and `prot` (with "none") in each basin.
        assert_eq!(
            seen,
            if name == "default" {
                2 + 4 + 4 + 5
            } else {
                2 + 2 + 2 + 3
            }
        );
    }
    let (link, issues) = parse("fw_src=quebrada_oeste&prot=barreal", salar());
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(link.scenario.choice(LeverId::FreshSource), 0);
    assert_eq!(link.scenario.choice(LeverId::ProtectSite), 2);
}

/// A place key one basin has and the other lacks is reported like any unknown value, and the
/// lever keeps its default.
#[test]
fn a_place_of_another_basin_is_reported_and_the_default_kept() {
    let (link, issues) = parse("fw_src=oeste&reinj_cell=poniente", salar());
    let found: Vec<(&str, &IssueKind)> = issues.iter().map(|i| (i.key.as_str(), &i.kind)).collect();
    assert_eq!(found, [("fw_src", &IssueKind::BadValue)]);
    assert_eq!(link.scenario.choice(LeverId::FreshSource), 1);
    assert_eq!(link.scenario.choice(LeverId::ReinjectionCell), 0);
    let (link, issues) = parse("reinj_cell=poniente", basin());
    assert_eq!(issues.len(), 1);
    assert_eq!(link.scenario, Scenario::default());
    // A choice this basin does not list is left out of its links rather than written wrongly.
    let beyond = Scenario::default().with(LeverId::FreshSource, 3.0);
    assert_eq!(scenario_to_query(&beyond, basin()), "fw_src=sur");
    assert_eq!(scenario_to_query(&beyond, salar()), "");
}

/// A fixed choice reads its option index as well as its key (`var=0` is `var=no`, the number
/// the CLI's JSON prints), and is still written by key; an index beyond its options is reported.
/// Place levers read keys only: `fw_src=1` is not the second place.
#[test]
fn a_fixed_choice_reads_its_option_index_too() {
    for (value, expected) in [
        ("0", 0.0),
        ("1", 1.0),
        ("1.0", 1.0),
        ("no", 0.0),
        ("si", 1.0),
    ] {
        let (link, issues) = parse(&format!("var={value}"), basin());
        assert!(issues.is_empty(), "var={value}: {issues:?}");
        assert_eq!(
            link.scenario.get(LeverId::Variability),
            expected,
            "var={value}"
        );
    }
    let (link, _) = parse("var=0", basin());
    assert_eq!(scenario_to_query(&link.scenario, basin()), "var=no");
    for value in ["2", "-1", "0.5", "NaN", "inf", "yes"] {
        let (link, issues) = parse(&format!("var={value}"), basin());
        let kinds: Vec<&IssueKind> = issues.iter().map(|i| &i.kind).collect();
        assert_eq!(kinds, [&IssueKind::BadValue], "var={value}");
        assert_eq!(link.scenario, Scenario::default(), "var={value}");
    }
    for b in [basin(), salar()] {
        for key in ["fw_src", "reinj_cell", "prot"] {
            let (link, issues) = parse(&format!("{key}=1"), b);
            assert_eq!(issues.len(), 1, "{key}=1: {issues:?}");
            assert_eq!(link.scenario, Scenario::default(), "{key}=1");
        }
    }
}

/// Any value of every lever, in range in `basin` (every option of a choice), survives the link
/// exactly.
fn scenario_strategy(basin: &Basin) -> impl Strategy<Value = Scenario> {
    let per_lever: Vec<BoxedStrategy<f64>> = LEVERS
        .iter()
        .map(|spec| {
            let (lo, hi) = spec.range_in(basin);
            if spec.is_choice() {
                (lo as usize..=hi as usize).prop_map(|k| k as f64).boxed()
            } else {
                prop_oneof![Just(lo), Just(hi), Just(spec.default), lo..=hi].boxed()
            }
        })
        .collect();
    per_lever.prop_map(|values| {
        let mut s = Scenario::default();
        for (spec, v) in LEVERS.iter().zip(values) {
            s.set(spec.id, v).expect("in range");
        }
        s
    })
}

/// Any limit at any site of the default basin, or on the whole basin's vegas or lagoons, with
/// thresholds, years and confidences over their whole ranges.
/// Limits a link can carry: each kind at a site where the ensemble can check it (a spring
/// limit at a spring, an interface limit over a lens, an area limit on the whole basin).
fn limit_strategy() -> impl Strategy<Value = cuenca_model::negotiation::Limit> {
    use cuenca_model::negotiation::{Limit, LimitKind, BASIN_SITE};
    let kinds = [
        LimitKind::DrawdownAtMostM,
        LimitKind::SpringFlowAtLeastShare,
        LimitKind::SpringFlowFloorLPerS,
        LimitKind::VegaAreaAtLeastShare,
        LimitKind::LagoonAreaAtLeastShare,
        LimitKind::InterfaceRiseAtMostM,
    ];
    let sites_for = |kind: LimitKind| -> Vec<String> {
        let b = basin();
        b.sites
            .iter()
            .filter(|s| match kind {
                k if k.is_spring() => b.site_has_spring(s),
                LimitKind::InterfaceRiseAtMostM => b.site_over_lens(s),
                _ => true,
            })
            .map(|s| s.id.clone())
            .collect()
    };
    (
        any::<proptest::sample::Index>(),
        proptest::sample::select(kinds.to_vec()),
        0.0..=1.0f64,
        2025..=2200i32,
        0.0..=1.0f64,
    )
        .prop_map(move |(site, kind, x, until_year, confidence)| Limit {
            site: if kind.is_basin_wide() {
                BASIN_SITE.to_string()
            } else {
                let sites = sites_for(kind);
                sites[site.index(sites.len())].clone()
            },
            kind,
            value: if kind.is_share() { x } else { 500.0 * x },
            until_year,
            confidence,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_scenarios_round_trip(scenario in scenario_strategy(basin()), es in any::<bool>()) {
        let link = Link { scenario, lang: Some(if es { Lang::Es } else { Lang::En }), ..Link::default() };
        let (back, issues) = parse(&encode(&link, basin()), basin());
        prop_assert_eq!(back, Link { model: Some(cuenca_model::MODEL_VERSION.to_string()), ..link });
        prop_assert!(issues.is_empty());
    }

    #[test]
    fn random_scenarios_round_trip_on_another_basin(scenario in scenario_strategy(salar())) {
        let link = Link { scenario, ..Link::default() };
        let (back, issues) = parse(&encode(&link, salar()), salar());
        prop_assert_eq!(back.scenario, link.scenario);
        prop_assert!(issues.is_empty());
    }

    #[test]
    fn random_comparisons_round_trip(pins in proptest::collection::vec(scenario_strategy(basin()), 0..=4)) {
        let link = Link { pins, ..Link::default() };
        let (back, issues) = parse(&encode(&link, basin()), basin());
        prop_assert_eq!(back.pins, link.pins);
        prop_assert!(issues.is_empty());
    }

    #[test]
    fn random_limits_round_trip(limits in proptest::collection::vec(limit_strategy(), 0..=cuenca_link::MAX_LIMITS)) {
        let link = Link { limits, ..Link::default() };
        let (back, issues) = parse(&encode(&link, basin()), basin());
        prop_assert_eq!(back.limits, link.limits);
        prop_assert!(issues.is_empty(), "{:?}", issues);
    }

    #[test]
    fn random_titles_round_trip_as_cleaned(title in "\\PC{0,60}") {
        let link = Link { title: Some(title.clone()), ..Link::default() };
        let (back, issues) = parse(&encode(&link, basin()), basin());
        let cleaned = cuenca_link::clean_title(&title);
        prop_assert_eq!(&back.title, &cleaned);
        prop_assert!(issues.is_empty(), "{:?}", issues);
        if let Some(t) = cleaned {
            prop_assert!(t.chars().count() <= cuenca_link::MAX_TITLE_CHARS);
            prop_assert!(!t.chars().any(char::is_control) && !t.starts_with(' ') && !t.ends_with(' '));
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let (_, issues) = parse(&text, basin());
        prop_assert!(issues.len() <= 82);
    }

    #[test]
    fn arbitrary_key_values_never_panic(parts in proptest::collection::vec(("[a-z_%=&?]{0,8}", "[-0-9.,eE%a-z<>]{0,12}"), 0..40)) {
        let query: String = parts.iter().map(|(k, v)| format!("{k}={v}&")).collect();
        let (link, _) = parse(&query, basin());
        for spec in LEVERS.iter() {
            let v = link.scenario.get(spec.id);
            prop_assert!(v.is_finite() && v >= spec.min && v <= spec.max, "{} = {} outside [{}, {}]", spec.key, v, spec.min, spec.max);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever a query holds, the scenario read from it writes a lever query that reads back
    /// to the same scenario, with no issue.
    #[test]
    fn any_query_reads_to_a_scenario_whose_lever_query_round_trips(q in ".{0,200}") {
        let scenario = parse(&q, basin()).0.scenario;
        let (back, issues) = parse(&scenario_to_query(&scenario, basin()), basin());
        prop_assert!(issues.is_empty());
        prop_assert_eq!(back.scenario, scenario);
    }

    #[test]
    fn lever_soup_keeps_production_in_its_range(parts in proptest::collection::vec(("(prod|dle|reinj|seed|fw_src|prot|x|)", "[-+0-9.eE a-z]{0,12}"), 0..12)) {
        let q: Vec<String> = parts.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let scenario = parse(&q.join("&"), basin()).0.scenario;
        let prod = scenario.get(LeverId::Production);
        prop_assert!((0.0..=150_000.0).contains(&prod));
    }
}

/// The kinds of a parse's issues, in order.
fn kinds(issues: &[cuenca_link::LinkIssue]) -> Vec<IssueKind> {
    issues.iter().map(|i| i.kind.clone()).collect()
}

#[test]
fn a_query_of_exactly_the_longest_size_is_read_whole_and_one_byte_more_is_cut() {
    let tail = "&prod=5000";
    let filler = |total: usize| format!("zz={}{tail}", "a".repeat(total - 3 - tail.len()));
    let whole = filler(MAX_QUERY_BYTES);
    assert_eq!(whole.len(), MAX_QUERY_BYTES);
    let (link, issues) = parse(&whole, basin());
    assert_eq!(link.scenario.get(LeverId::Production), 5000.0);
    assert_eq!(kinds(&issues), [IssueKind::UnknownKey]);
    // One byte more: cut at the last whole part, so the production is not read.
    let (link, issues) = parse(&filler(MAX_QUERY_BYTES + 1), basin());
    assert_eq!(
        link.scenario.get(LeverId::Production),
        Scenario::default().get(LeverId::Production)
    );
    assert_eq!(kinds(&issues), [IssueKind::TooLong, IssueKind::UnknownKey]);
}

#[test]
fn a_cut_inside_a_character_steps_back_to_the_character_before() {
    // One part, no `&` to stop at: the cut at byte 2048 falls inside the two-byte `ñ`, and
    // the part is read up to the character before it (all zeros: production 0).
    let query = format!("prod={}ñ5", "0".repeat(MAX_QUERY_BYTES - 6));
    assert!(!query.is_char_boundary(MAX_QUERY_BYTES));
    let (link, issues) = parse(&query, basin());
    assert_eq!(kinds(&issues), [IssueKind::TooLong]);
    assert_eq!(link.scenario.get(LeverId::Production), 0.0);
}

#[test]
fn eighty_parts_are_read_and_the_eighty_first_is_not() {
    let unknown = |n: usize| {
        (0..n)
            .map(|k| format!("x{k}=1"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let (link, issues) = parse(&format!("{}&prod=5000", unknown(79)), basin());
    assert_eq!(link.scenario.get(LeverId::Production), 5000.0);
    assert!(!kinds(&issues).contains(&IssueKind::TooLong));
    assert_eq!(issues.len(), 79, "one unknown key each");
    let (link, issues) = parse(&format!("{}&prod=5000", unknown(80)), basin());
    assert_eq!(
        link.scenario.get(LeverId::Production),
        Scenario::default().get(LeverId::Production)
    );
    assert_eq!(kinds(&issues)[0], IssueKind::TooLong);
    // Too long in bytes and in parts at once: said once.
    let (_, issues) = parse(&"a=1&".repeat(600), basin());
    assert_eq!(
        kinds(&issues)
            .iter()
            .filter(|k| **k == IssueKind::TooLong)
            .count(),
        1
    );
}

#[test]
fn an_empty_value_or_key_is_reported_and_embed_0_turns_the_embed_off() {
    let (link, issues) = parse("prod=&=5&embed=0", basin());
    assert_eq!(kinds(&issues), [IssueKind::BadValue, IssueKind::UnknownKey]);
    assert!(!link.embed);
    let (link, issues) = parse("embed=false", basin());
    assert!(!link.embed && issues.is_empty());
    let (link, issues) = parse("embed=1", basin());
    assert!(link.embed && issues.is_empty());
}

/// Each reason a written limit is refused names what to write instead (the CLI prints it).
#[test]
fn every_reason_a_limit_is_refused_says_what_to_write() {
    use cuenca_link::LimitTextError as E;
    let reasons = [
        (E::Parts, "five parts"),
        (E::UnknownSite, "site"),
        (E::AreaSite, "basin:vega_area"),
        (E::Kind, "interface_rise"),
        (E::Value, "threshold"),
        (E::Until, "year"),
        (E::Confidence, "confidence from 0 to 1"),
    ];
    for (e, says) in &reasons {
        assert!(e.reason().contains(says), "{e:?}: {}", e.reason());
    }
    for (a, _) in &reasons {
        let same = reasons
            .iter()
            .filter(|(b, _)| b.reason() == a.reason())
            .count();
        assert_eq!(same, 1, "{a:?} has a reason of its own");
    }
}

/// A link keeps exactly the limits the ensemble can check: at every site of the basin, each
/// site kind of limit is read from a link if and only if the model's own negotiation code reads
/// it over an ensemble; the others are left out with a message saying why, in both languages,
/// and the rest of the link is kept.
#[test]
fn a_link_keeps_only_the_limits_the_ensemble_can_check() {
    use cuenca_model::negotiation::Limit;
    use cuenca_model::{run_ensemble, EnsembleSpec};
    let b = basin();
    let s = Scenario::default().with(LeverId::Years, 3.0);
    let spec = EnsembleSpec {
        members: 4,
        ..EnsembleSpec::default()
    }
    .for_scenario(&s);
    let e = run_ensemble(b, &s, &spec).expect("ensemble");
    let (mut kept, mut left) = (0, 0);
    for site in &b.sites {
        for (kind, value) in [
            ("spring", "0.8"),
            ("spring_floor", "0.5"),
            ("interface_rise", "1"),
        ] {
            let text = format!("{}:{kind}:{value}:2075:0.9", site.id);
            let (link, issues) = parse(&format!("v=1&prod=24000&lim={text}"), b);
            assert_eq!(link.scenario.get(LeverId::Production), 24000.0, "{text}");
            let checkable = cuenca_link::parse_limit(&text, b)
                .ok()
                .and_then(|l: Limit| l.outcome(&e))
                .is_some();
            if link.limits.len() == 1 {
                assert!(
                    checkable,
                    "{text} was kept but the ensemble cannot check it"
                );
                assert!(issues.is_empty(), "{text}: {issues:?}");
                kept += 1;
            } else {
                let limit = Limit {
                    site: site.id.clone(),
                    kind: match kind {
                        "spring" => cuenca_model::negotiation::LimitKind::SpringFlowAtLeastShare,
                        "spring_floor" => {
                            cuenca_model::negotiation::LimitKind::SpringFlowFloorLPerS
                        }
                        _ => cuenca_model::negotiation::LimitKind::InterfaceRiseAtMostM,
                    },
                    value: value.parse().unwrap(),
                    until_year: 2075,
                    confidence: 0.9,
                };
                assert!(
                    limit.outcome(&e).is_none(),
                    "{text} was left out but the ensemble checks it"
                );
                assert_eq!(issues.len(), 1, "{text}");
                assert_eq!(issues[0].kind, IssueKind::LimitNotHere);
                assert!(issues[0]
                    .message(Lang::Es)
                    .contains("no se puede medir en ese lugar"));
                assert!(issues[0]
                    .message(Lang::En)
                    .contains("cannot be measured at that place"));
                left += 1;
            }
        }
    }
    assert!(kept > 0 && left > 0, "kept {kept}, left {left}");
}
