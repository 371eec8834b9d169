//! The levers, grouped and labelled in plain words, every one read from the model's lever
//! table: label, unit, range, step and default are never typed into markup, and the places a
//! lever chooses among come from the basin.

use std::sync::Arc;

use cuenca_model::{Basin, LeverGroup, LeverId, LeverSpec, LEVERS};
use leptos::prelude::*;

use crate::i18n::{fmt_num, pick, Lang, Text};
use crate::lever_value::{decimals, lever_value};
use crate::scenario_state::ScenarioState;

pub const GROUPS: [LeverGroup; 7] = [
    LeverGroup::Production,
    LeverGroup::Technology,
    LeverGroup::FreshWater,
    LeverGroup::Community,
    LeverGroup::Climate,
    LeverGroup::Protection,
    LeverGroup::Advanced,
];

pub fn group_title(group: LeverGroup, lang: Lang) -> &'static str {
    match group {
        LeverGroup::Production => pick(lang, "Producción de litio", "Lithium production"),
        LeverGroup::Technology => pick(lang, "Tecnología", "Technology"),
        LeverGroup::FreshWater => pick(
            lang,
            "Agua dulce para el proceso",
            "Fresh water for processing",
        ),
        LeverGroup::Community => pick(lang, "Comunidad y ganado", "Community and livestock"),
        LeverGroup::Climate => pick(lang, "Clima", "Climate"),
        LeverGroup::Protection => pick(
            lang,
            "Regla de protección de la vega",
            "Vega protection rule",
        ),
        LeverGroup::Advanced => pick(
            lang,
            "Avanzado: física incierta",
            "Advanced: uncertain physics",
        ),
    }
}

/// Formats a lever value with its unit, or the option's name (in `basin`) for a choice.
pub fn lever_text(spec: &LeverSpec, basin: &Basin, value: f64, lang: Lang) -> String {
    if spec.is_choice() {
        return spec
            .options(basin)
            .get(value.max(0.0) as usize)
            .map(|o| o.label(lang).to_string())
            .unwrap_or_default();
    }
    // A year reads as a year: no thousands separator, no unit.
    if spec.id == LeverId::StartYear {
        return format!("{}", value.round() as i64);
    }
    let number = fmt_num(value, decimals(spec), lang);
    let unit = spec.unit_in(lang);
    if unit.is_empty() || unit == "-" {
        number
    } else {
        format!("{number} {unit}")
    }
}

#[component]
pub fn LeverPanel(
    scenario: ScenarioState,
    basin: Arc<Basin>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    GROUPS
        .iter()
        .map(|&group| {
            let levers = LEVERS.iter().filter(move |l| l.group == group);
            let changed = move || LEVERS.iter().filter(|l| l.group == group).any(|l| scenario.levers.with(|s| s.get(l.id) != l.default));
            // The groups people ask about first are open; the rest fold to keep the phone page short.
            let open = matches!(group, LeverGroup::Production | LeverGroup::Technology);
            view! {
                <details class="lever-group" open=open>
                    <summary>
                        {move || group_title(group, lang.get())}
                        <Show when=changed>
                            <span class="badge">{Text::Changed.tr(lang)}</span>
                        </Show>
                    </summary>
                    {levers.map(|spec| view! { <LeverControl spec=spec scenario=scenario basin=basin.clone() lang=lang /> }).collect_view()}
                </details>
            }
        })
        .collect_view()
}

#[component]
pub fn LeverControl(
    spec: &'static LeverSpec,
    scenario: ScenarioState,
    basin: Arc<Basin>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let id = format!("lever-{}", spec.key);
    let value = Memo::new(move |_| scenario.levers.with(|s| s.get(spec.id)));
    let changed = move || value.get() != spec.default;
    // Stored, so the closures below stay `Copy` like the signals they read.
    let basin = StoredValue::new(basin);
    let set = move |raw: String| {
        if let Some(v) = basin.with_value(|b| lever_value(spec, b, &raw)) {
            scenario.set_lever(spec.id, v);
        }
    };
    let text = move |value: f64| basin.with_value(|b| lever_text(spec, b, value, lang.get()));
    let label = move || pick(lang.get(), spec.label_es, spec.label_en);
    let default_text = move || {
        format!(
            "{}: {}",
            Text::DefaultValue.get(lang.get()),
            text(spec.default)
        )
    };
    let control = if spec.is_choice() {
        // Owned labels: the options of a place lever borrow the basin.
        let options: Vec<(String, String)> = basin.with_value(|b| {
            spec.options(b)
                .iter()
                .map(|o| (o.label_es.to_string(), o.label_en.to_string()))
                .collect()
        });
        view! {
            <select
                id=id.clone()
                data-testid=id.clone()
                aria-describedby=format!("{id}-help")
                on:change=move |ev| set(event_target_value(&ev))
                prop:value=move || value.get().to_string()
            >
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(k, (es, en))| view! { <option value=k.to_string()>{move || pick(lang.get(), &es, &en).to_string()}</option> })
                    .collect_view()}
            </select>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                data-testid=id.clone()
                aria-describedby=format!("{id}-help")
                type="range"
                min=spec.min
                max=spec.max
                step=spec.step
                prop:value=move || value.get().to_string()
                aria-valuetext=move || text(value.get())
                on:input=move |ev| set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="lever" class:changed=changed>
            <label for=id.clone()>{label}</label>
            <p class="lever-help" id=format!("{id}-help")>{move || pick(lang.get(), spec.help_es, spec.help_en)}</p>
            {control}
            <div class="lever-value">
                <output for=id.clone() data-testid=format!("value-{}", spec.key)>
                    {move || text(value.get())}
                </output>
                <Show when=changed>
                    <span class="default">{default_text}</span>
                </Show>
            </div>
        </div>
    }
}
