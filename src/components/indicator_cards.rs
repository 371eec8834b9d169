//! Results in plain language: the model's own sentences, one card each. The same sentences are
//! the charts' captions for screen readers. Once the ensemble of the scenario on screen is
//! complete, each card that speaks of a ranged result carries its P10–P90 spread, so no number
//! stands alone as if it were certain.

use std::sync::Arc;

use cuenca_model::{fmt_tonnes_approx, sentences_about, Results, Sentence};
use leptos::prelude::*;

use crate::ensemble_view::{EnsembleView, IndicatorRange};
use crate::i18n::{fmt_num, pick, Lang, Text};
use crate::prerender::HEADLINE_CARDS;

/// "entre 1,2 y 39,7 m" for a range of `id` (decimals and unit by the kind of result).
fn between(r: &IndicatorRange, lang: Lang) -> String {
    let (p10, p90) = match r.id.split(':').next() {
        Some("lithium_total_t_lce") => (
            fmt_tonnes_approx(r.p10, lang),
            fmt_tonnes_approx(r.p90, lang),
        ),
        Some("max_drawdown_m") => (
            format!("{} m", fmt_num(r.p10, 1, lang)),
            format!("{} m", fmt_num(r.p90, 1, lang)),
        ),
        // A change is said as a loss or a fall in the sentence, so its range drops the sign
        // (spring flow −100 to −43 % reads "between 43 and 100 %") unless it crosses zero.
        _ if r.p10 < 0.0 && r.p90 > 0.0 => (
            format!("{} {}", fmt_num(r.p10, 0, lang), r.unit),
            format!("{} {}", fmt_num(r.p90, 0, lang), r.unit),
        ),
        _ => (
            format!("{} {}", fmt_num(r.p10.abs(), 0, lang), r.unit),
            format!("{} {}", fmt_num(r.p90.abs(), 0, lang), r.unit),
        ),
    };
    let (lo, hi) = if r.p90 <= 0.0 { (p90, p10) } else { (p10, p90) };
    format!(
        "{} {lo} {} {hi}",
        pick(lang, "entre", "between"),
        pick(lang, "y", "and")
    )
}

/// The spread under a card: "En 8 de cada 10 versiones posibles de la cuenca: entre … y …",
/// or a spring site's outlook over the ensemble; `None` when the sentence ranges nothing.
fn spread(s: &Sentence, v: &EnsembleView, lang: Lang) -> Option<String> {
    // Dates and outlooks come as the ensemble's own sentences.
    for a in &s.about {
        let (list, key) = if let Some(site) = a.strip_prefix("spring:") {
            (&v.springs, site)
        } else if let Some(site) = a.strip_prefix("roots:") {
            (&v.vegas, site)
        } else if a.starts_with("crossing:") {
            (&v.crossings, a.as_str())
        } else {
            continue;
        };
        return list
            .iter()
            .find(|d| d.site == key)
            .map(|d| pick(lang, &d.es, &d.en).to_string());
    }
    let ranges: Vec<&IndicatorRange> = s
        .about
        .iter()
        .filter_map(|id| v.indicators.iter().find(|r| &r.id == id))
        .collect();
    let parts: Vec<String> = match ranges.as_slice() {
        [] => return None,
        [one] => vec![between(one, lang)],
        // The areas sentence: vegas, then lagoons.
        many => many
            .iter()
            .map(|r| {
                let what = if r.id.starts_with("vega") {
                    pick(lang, "vegas", "vegas")
                } else {
                    pick(lang, "lagunas", "lagoons")
                };
                format!("{what}, {}", between(r, lang))
            })
            .collect(),
    };
    Some(format!(
        "{}: {}.",
        pick(
            lang,
            "En 8 de cada 10 versiones posibles de la cuenca",
            "In 8 of 10 possible versions of the basin"
        ),
        parts.join("; ")
    ))
}

#[component]
pub fn IndicatorCards(
    #[prop(into)] results: Signal<Option<Arc<Results>>>,
    /// The ensemble of the scenario on screen (or nothing: an embed, or still running).
    #[prop(into)]
    ensemble: Signal<Option<EnsembleView>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let card = move |s: Sentence, v: Option<&EnsembleView>, lang: Lang| {
        let spread = v
            .and_then(|v| spread(&s, v, lang))
            .map(|t| view! { <span class="spread" data-testid="card-spread">{t}</span> });
        view! { <li class="card">{s.text}{spread}</li> }
    };
    view! {
        <section class="cards" aria-labelledby="results-title" aria-live="polite">
            <h2 id="results-title">{move || Text::ResultsTitle.get(lang.get())}</h2>
            {move || {
                let lang = lang.get();
                // Ranges over a part of the members would move as the rest arrive.
                let view = ensemble.get().filter(|v| v.done == v.total);
                results.get().map(|r| {
                    let mut sentences = sentences_about(&r, lang);
                    let rest = sentences.split_off(sentences.len().min(HEADLINE_CARDS));
                    let more = (!rest.is_empty()).then(|| {
                        let summary = format!("{} ({})", pick(lang, "Más resultados", "More results"), rest.len());
                        let items = rest.into_iter().map(|s| card(s, view.as_ref(), lang)).collect_view();
                        view! {
                            <details class="more-cards">
                                <summary>{summary}</summary>
                                <ul>{items}</ul>
                            </details>
                        }
                    });
                    let scenario = view.as_ref().map(|v| v.query.clone()).unwrap_or_default();
                    view! {
                        <ul data-testid="indicator-cards" data-scenario=scenario>
                            {sentences.into_iter().map(|s| card(s, view.as_ref(), lang)).collect_view()}
                        </ul>
                        {more}
                    }
                })
            }}
        </section>
    }
}
