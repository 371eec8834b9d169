//! Results in plain language: the model's own sentences, one card each. The same sentences are
//! the charts' captions for screen readers.

use std::sync::Arc;

use cuenca_model::{sentences, Results};
use leptos::prelude::*;

use crate::i18n::{pick, Lang, Text};

/// Sentences shown as cards; the rest fold behind "more results" to keep a phone screen short.
/// The model writes the most important ones first.
const HEADLINE_CARDS: usize = 4;

#[component]
pub fn IndicatorCards(
    #[prop(into)] results: Signal<Option<Arc<Results>>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    view! {
        <section class="cards" aria-labelledby="results-title" aria-live="polite">
            <h2 id="results-title">{move || Text::ResultsTitle.get(lang.get())}</h2>
            {move || {
                results.get().map(|r| {
                    let mut sentences = sentences(&r, lang.get());
                    let rest = sentences.split_off(sentences.len().min(HEADLINE_CARDS));
                    let more = (!rest.is_empty()).then(|| {
                        let summary = format!("{} ({})", pick(lang.get(), "Más resultados", "More results"), rest.len());
                        view! {
                            <details class="more-cards">
                                <summary>{summary}</summary>
                                <ul>{rest.into_iter().map(|s| view! { <li class="card">{s}</li> }).collect_view()}</ul>
                            </details>
                        }
                    });
                    view! {
                        <ul data-testid="indicator-cards">
                            {sentences.into_iter().map(|s| view! { <li class="card">{s}</li> }).collect_view()}
                        </ul>
                        {more}
                    }
                })
            }}
        </section>
    }
}
