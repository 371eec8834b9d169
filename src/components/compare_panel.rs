//! Compare: pin up to four scenarios and see them side by side with the current one: their
//! lines over the charts, and a small map and the headline sentences of each.

use std::sync::Arc;

use cuenca_link::MAX_PINS;
use cuenca_model::presets::PRESETS;
use cuenca_model::{sentences, Basin, Results, Scenario};
use leptos::prelude::*;

use crate::chart_data::pin_colour;
use crate::components::basin_map::BasinMap;
use crate::i18n::{pick, tr, Lang};
use crate::scenario_state::ScenarioState;

/// "A · Plan de factibilidad 2019": a letter for the legend and the preset's name when it is one.
pub fn pin_label(index: usize, scenario: &Scenario, lang: Lang) -> String {
    let letter = char::from(b'A' + (index % 26) as u8);
    let name = PRESETS
        .iter()
        .find(|p| p.scenario() == *scenario)
        .map(|p| pick(lang, p.name_es, p.name_en))
        .unwrap_or_else(|| pick(lang, "escenario propio", "own scenario"));
    format!("{letter} · {name}")
}

/// Sentences shown per pinned scenario.
const PIN_SENTENCES: usize = 2;

#[component]
pub fn ComparePanel(
    scenario: ScenarioState,
    pins: RwSignal<Vec<Scenario>>,
    #[prop(into)] pin_results: Signal<Vec<Option<Arc<Results>>>>,
    basin: Arc<Basin>,
    lang: ReadSignal<Lang>,
    year: RwSignal<Option<i32>>,
) -> impl IntoView {
    let can_pin = move || pins.with(|p| p.len() < MAX_PINS && !p.contains(&scenario.levers.get()));
    let pin = move |_| {
        if can_pin() {
            pins.update(|p| p.push(scenario.levers.get_untracked()));
        }
    };
    let lang_signal = lang;
    let cards = move || {
        let lang = lang_signal.get();
        pins.get()
            .into_iter()
            .enumerate()
            .map(|(k, pinned)| {
                let (r, g, b) = pin_colour(k);
                let results = Signal::derive(move || pin_results.with(|all| all.get(k).cloned().flatten()));
                let sentences = move || {
                    results.get().map(|res| {
                        sentences(&res, lang).into_iter().take(PIN_SENTENCES).map(|s| view! { <li>{s}</li> }).collect_view()
                    })
                };
                let load = pinned.clone();
                view! {
                    <li class="pin" data-testid=format!("pin-{k}") style:border-color=format!("rgb({r},{g},{b})")>
                        <h3>{pin_label(k, &pinned, lang)}</h3>
                        <BasinMap basin=basin.clone() results=results lang=lang_signal year=year compact=true />
                        <ul class="pin-sentences">{sentences}</ul>
                        <div class="pin-buttons">
                            <button type="button" on:click=move |_| scenario.set(load.clone())>
                                {pick(lang, "Ver en las palancas", "Show in the levers")}
                            </button>
                            <button type="button" on:click=move |_| pins.update(|p| { if k < p.len() { p.remove(k); } })>
                                {pick(lang, "Quitar", "Remove")}
                            </button>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="compare" aria-labelledby="compare-title" data-testid="compare">
            <h2 id="compare-title">{tr(lang, "Comparar escenarios", "Compare scenarios")}</h2>
            <p class="hint">
                {tr(lang, "Fijá hasta cuatro escenarios: sus líneas aparecen en los gráficos y cada uno muestra su mapa. La comparación también queda en el enlace.", "Pin up to four scenarios: their lines appear on the charts and each shows its map. The comparison is kept in the link too.")}
            </p>
            <button type="button" class="pin-current" data-testid="pin-current" disabled=move || !can_pin() on:click=pin>
                {tr(lang, "Fijar este escenario para comparar", "Pin this scenario to compare")}
            </button>
            <ul class="pins">{cards}</ul>
        </section>
    }
}
