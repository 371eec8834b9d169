//! Whose numbers: for each contested input, the source of the number used — the company's
//! reports, an independent study, the province, or a value the community enters — with its
//! citation, kept in the link; and one tap to see the same decision under every source.

use std::sync::Arc;

use cuenca_link::MAX_PINS;
use cuenca_model::scenario::sources::{SourceStatus, CONTESTED};
use cuenca_model::{apply_sources, Basin, ContestedId, Scenario, SourceChoice};
use leptos::prelude::*;

use crate::i18n::{pick, tr, Lang};
use crate::scenario_state::ScenarioState;

/// The `<select>` value for "the parameter table's own number" (no source chosen).
const TABLE: &str = "table";

fn status_text(status: SourceStatus, lang: Lang) -> &'static str {
    match status {
        SourceStatus::Sourced => pick(lang, "dato de esta cuenca", "number for this basin"),
        SourceStatus::Analog => pick(
            lang,
            "análogo de otro salar",
            "analog from another salt flat",
        ),
        SourceStatus::NoPublicNumber => pick(
            lang,
            "sin dato público: se usa el valor de la tabla",
            "no public number: the table's value is used",
        ),
        SourceStatus::Entered => pick(lang, "valor ingresado", "entered value"),
    }
}

#[component]
pub fn SourcesPanel(
    basin: Arc<Basin>,
    scenario: ScenarioState,
    pins: RwSignal<Vec<Scenario>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let (error, set_error) = signal(None::<String>);
    let choose = {
        let basin = basin.clone();
        move |id: ContestedId, choice: Option<SourceChoice>| {
            set_error.set(
                scenario
                    .choose(&basin, id, choice)
                    .err()
                    .map(|e| e.to_string()),
            );
        }
    };
    let rows = CONTESTED
        .iter()
        .map(|c| {
            let id = c.id;
            let current = move || scenario.sources.with(|s| s.iter().find(|(i, _)| *i == id).map(|(_, ch)| ch.clone()));
            let selected = move || match current() {
                Some(SourceChoice::Named(k)) => k,
                Some(SourceChoice::Community(_)) => "community".to_string(),
                None => TABLE.to_string(),
            };
            let citation = move || {
                let lang = lang.get();
                match current() {
                    Some(SourceChoice::Named(k)) => c
                        .option(&k)
                        .map(|o| format!("{} — {}", status_text(o.status, lang), o.citation))
                        .unwrap_or_default(),
                    Some(SourceChoice::Community(v)) => format!("{}: {v} {}", status_text(SourceStatus::Entered, lang), c.unit),
                    None => pick(lang, "Valor de la tabla de parámetros (ver Supuestos y fuentes).", "The parameter table's value (see Assumptions and sources).").to_string(),
                }
            };
            let on_select = {
                let choose = choose.clone();
                move |ev: leptos::ev::Event| {
                    let key = event_target_value(&ev);
                    match key.as_str() {
                        TABLE => choose(id, None),
                        "community" => {}
                        _ => choose(id, Some(SourceChoice::Named(key))),
                    }
                }
            };
            let on_value = {
                let choose = choose.clone();
                move |ev: leptos::ev::Event| {
                    if let Ok(v) = event_target_value(&ev).replace(',', ".").parse::<f64>() {
                        if v.is_finite() {
                            choose(id, Some(SourceChoice::Community(v)));
                        }
                    }
                }
            };
            // Same pumping, different beliefs: pin the decision under every source with a number.
            let compare = {
                let basin = basin.clone();
                move |_| {
                    let base = scenario.levers.get_untracked();
                    let alternatives: Vec<Scenario> = c
                        .options
                        .iter()
                        .filter(|o| o.value.is_some())
                        .filter_map(|o| apply_sources(&basin, &base, &[(id, SourceChoice::Named(o.key.to_string()))]).ok())
                        .filter(|s| *s != base)
                        .collect();
                    pins.update(|p| {
                        for s in alternatives {
                            if p.len() < MAX_PINS && !p.contains(&s) {
                                p.push(s);
                            }
                        }
                    });
                }
            };
            let select_id = format!("source-{}", c.key);
            view! {
                <div class="source" data-testid=select_id.clone()>
                    <label for=select_id.clone()>{move || format!("{} ({})", pick(lang.get(), c.label_es, c.label_en), c.unit)}</label>
                    <select id=select_id.clone() on:change=on_select prop:value=selected>
                        <option value=TABLE>{tr(lang, "Tabla de parámetros", "Parameter table")}</option>
                        {c.options
                            .iter()
                            .map(|o| view! { <option value=o.key>{move || pick(lang.get(), o.label_es, o.label_en)}</option> })
                            .collect_view()}
                        <option value="community">{tr(lang, "Valor de la comunidad", "Community value")}</option>
                    </select>
                    <Show when=move || selected() == "community">
                        <input
                            type="number"
                            step="any"
                            aria-label=tr(lang, "Valor que propone la comunidad", "Value the community proposes")
                            on:change=on_value.clone()
                        />
                    </Show>
                    <p class="hint">{citation}</p>
                    <button type="button" class="compare-sources" on:click=compare>
                        {tr(lang, "Comparar la misma decisión con cada fuente", "Compare the same decision under each source")}
                    </button>
                </div>
            }
        })
        .collect_view();
    view! {
        <details class="sources" data-testid="sources">
            <summary>{tr(lang, "¿De quién son los números?", "Whose numbers?")}</summary>
            <p class="hint">
                {tr(lang, "Algunos datos se discuten. Elegí de quién es el número que usa el modelo; la elección queda en el enlace. Para ver la misma decisión con otra fuente, usá «Comparar».", "Some numbers are contested. Choose whose number the model uses; the choice is kept in the link. To see the same decision under another source, use “Compare”.")}
            </p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {rows}
        </details>
    }
}
