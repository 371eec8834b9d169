//! The scenario and the language in the page's own link, so that a copied address reopens the
//! same view. (The versioned codec with migrations comes with the sharing issue; this keeps the
//! model's plain `key=value` form plus `lang`.)

use cuenca_model::{QueryIssue, Scenario};

use crate::i18n::{self, Lang};

pub struct Start {
    pub scenario: Scenario,
    pub lang: Option<Lang>,
    pub issues: Vec<QueryIssue>,
}

/// Splits `lang=` off a query string and reads the rest as a scenario. Pure, so it is tested
/// natively.
pub fn parse(query: &str) -> Start {
    let mut lang = None;
    let mut rest = Vec::new();
    for part in query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        match part.split_once('=') {
            Some(("lang", v)) => lang = i18n::from_tag(v),
            _ => rest.push(part),
        }
    }
    let (scenario, issues) = Scenario::from_query(&rest.join("&"));
    Start {
        scenario,
        lang,
        issues,
    }
}

/// The query string for a scenario in a language.
pub fn query(scenario: &Scenario, lang: Lang) -> String {
    let levers = scenario.to_query();
    if levers.is_empty() {
        format!("?lang={}", i18n::tag(lang))
    } else {
        format!("?lang={}&{levers}", i18n::tag(lang))
    }
}

#[cfg(target_arch = "wasm32")]
pub fn read_location() -> Start {
    let search = leptos::prelude::window()
        .location()
        .search()
        .unwrap_or_default();
    // Percent-escapes are decoded before parsing; a malformed escape leaves the text as it is.
    let decoded = js_sys::decode_uri_component(&search)
        .map(String::from)
        .unwrap_or(search);
    parse(&decoded)
}

/// Replaces the address without adding a history entry per slider move.
#[cfg(target_arch = "wasm32")]
pub fn write_location(scenario: &Scenario, lang: Lang) {
    let url = query(scenario, lang);
    if let Ok(history) = leptos::prelude::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuenca_model::presets::PRESETS;

    #[test]
    fn every_preset_survives_its_own_link_in_both_languages() {
        for preset in PRESETS.iter() {
            for lang in [Lang::Es, Lang::En] {
                let start = parse(&query(&preset.scenario(), lang));
                assert_eq!(start.scenario, preset.scenario(), "{}", preset.id);
                assert_eq!(start.lang, Some(lang));
                assert!(start.issues.is_empty(), "{}: {:?}", preset.id, start.issues);
            }
        }
    }

    #[test]
    fn a_bad_part_is_reported_and_the_rest_kept() {
        let start = parse("?lang=en&prod=24000&bogus=1&dp=<script>");
        assert_eq!(start.lang, Some(Lang::En));
        assert_eq!(
            start.scenario.get(cuenca_model::LeverId::Production),
            24000.0
        );
        assert_eq!(start.issues.len(), 2, "{:?}", start.issues);
    }

    #[test]
    fn an_unknown_language_falls_back_to_the_browser_choice() {
        assert_eq!(parse("?lang=xx").lang, None);
        assert_eq!(parse("").lang, None);
    }
}
