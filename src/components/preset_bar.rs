//! One tap loads a named, sourced scenario.

use cuenca_model::presets::PRESETS;
use leptos::prelude::*;

use crate::i18n::{pick, Lang, Text};
use crate::scenario_state::ScenarioState;

#[component]
pub fn PresetBar(scenario: ScenarioState, lang: ReadSignal<Lang>) -> impl IntoView {
    view! {
        <section class="presets" aria-labelledby="presets-title">
            <h2 id="presets-title">{Text::PresetsTitle.tr(lang)}</h2>
            <ul>
                {PRESETS
                    .iter()
                    .map(|p| {
                        let active = move || scenario.levers.with(|s| *s == p.scenario());
                        let describe = move || format!("{} ({})", pick(lang.get(), p.description_es, p.description_en), p.source);
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="preset"
                                    data-testid=format!("preset-{}", p.id)
                                    aria-pressed=move || active().to_string()
                                    title=describe
                                    on:click=move |_| scenario.set(p.scenario())
                                >
                                    {move || pick(lang.get(), p.name_es, p.name_en)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="preset-note">
                {move || {
                    PRESETS
                        .iter()
                        .find(|p| scenario.levers.with(|s| *s == p.scenario()))
                        .map(|p| format!("{} — {}", pick(lang.get(), p.description_es, p.description_en), p.source))
                        .unwrap_or_default()
                }}
            </p>
        </section>
    }
}
