//! Results in plain language: the model's own sentences, one card each. The same sentences are
//! the charts' captions for screen readers. Once the ensemble of the scenario on screen is
//! complete, each card that speaks of a ranged result carries its P10–P90 spread, so no number
//! stands alone as if it were certain.

use std::sync::Arc;

use cuenca_model::{sentences_about, Results, Sentence};
use leptos::prelude::*;

use crate::ensemble_view::EnsembleView;
use crate::i18n::{pick, Lang, Text};
use crate::prerender::HEADLINE_CARDS;

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
            .and_then(|v| v.spread(&s, lang))
            .map(|t| view! { <span class="spread" data-testid="card-spread">{t}</span> });
        view! { <li class="card">{s.text}{spread}</li> }
    };
    view! {
        <section class="cards" aria-labelledby="results-title" aria-live="polite">
            <h2 id="results-title">{Text::ResultsTitle.tr(lang)}</h2>
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
