//! Which measurement to start now (in the readings' panel): for a result someone cares about, the
//! measurements that would most narrow its range, from the ensemble itself, as `cuenca
//! measure-next` ranks them. Asked for on a button, since it runs the ensemble's members; it
//! needs no readings.

use std::sync::Arc;

use cuenca_link::{encode, Link};
use cuenca_model::uncertainty::measurement_value::year_result;
use cuenca_model::{Basin, IndicatorId, LeverId};
use leptos::prelude::*;

use crate::components::site_options::site_options;
use crate::components::tool_status::{members_running, tool_error};
use crate::hooks::use_tool_job::use_tool_job;
use crate::i18n::{pick, Lang};
use crate::measure_next_view::MeasureNextView;
use crate::scenario_state::ScenarioState;

/// Places whose water table a result can be about.
const RESULT_SITE_KINDS: [&str; 5] = ["vega", "spring", "lagoon", "community_well", "village"];
/// Results someone may ask about: the largest drawdown at a chosen place (what `cuenca
/// measure-next` asks about by default), or the basin's vegas, springs and lagoons.
const RESULTS: [IndicatorId; 4] = [
    IndicatorId::MaxDrawdownM,
    IndicatorId::VegaAreaLostPct,
    IndicatorId::SpringFlowChangePct,
    IndicatorId::LagoonAreaLostPct,
];
/// Years ahead a result can also be asked for (the year's mean, as the charts' bands show it).
const YEARS_AHEAD: [i32; 2] = [10, 25];

#[component]
pub fn MeasureNext(
    basin: Arc<Basin>,
    scenario: ScenarioState,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let basin = StoredValue::new(basin);
    let what = RwSignal::new(IndicatorId::MaxDrawdownM);
    let site = RwSignal::new("vega_este".to_string());
    // 0: over the run, as the cards say; else a year that many years after the start.
    let ahead = RwSignal::new(0_i32);
    let start_year = basin.with_value(|b| b.start_year);
    // An ensemble indicator id: per site for the drawdown, the basin's for the rest; or a
    // series in one year.
    let result = move || {
        let id = what.get();
        let years = ahead.get();
        if years > 0 {
            year_result(id, &site.get(), start_year + years)
        } else if id.per_site() {
            format!("{}:{}", id.key(), site.get())
        } else {
            id.key().to_string()
        }
    };
    let job = use_tool_job::<MeasureNextView>();
    let request = Signal::derive(move || {
        basin.with_value(|b| {
            encode(
                &Link {
                    scenario: scenario.levers.get(),
                    ..Link::default()
                },
                b,
            )
        })
    });
    let shown = move || {
        job.view
            .get()
            .filter(|v| v.query == request.get() && v.result == result())
    };
    let running = move || job.running.get();
    let answer = move || {
        let lang = lang.get();
        let v = shown()?;
        if let Some(e) = &v.error {
            return Some(tool_error(e, lang));
        }
        if !v.complete {
            return Some(members_running(
                v.done,
                v.total,
                "measure-next-progress",
                lang,
            ));
        }
        let lines = match lang {
            Lang::Es => &v.lines_es,
            Lang::En => &v.lines_en,
        };
        let items = lines
            .iter()
            .map(|l| view! { <li>{l.clone()}</li> })
            .collect_view();
        // How many of the page's bands' members it took rather than ran (for the tests).
        let adopted = v.members_adopted;
        Some(
            view! { <ol class="measure-next" data-testid="measure-next" data-members-adopted=adopted>{items}</ol> }
                .into_any(),
        )
    };

    move || {
        let lang = lang.get();
        let sites = move || {
            basin.with_value(|b| site_options(b, &RESULT_SITE_KINDS, &site.get_untracked(), lang))
        };
        // Only years the run covers in full. One HTML string of constant texts and numbers:
        // as reactive `<option>` nodes it cost the tools' module 583 B more (brotli).
        let whens = move || {
            let run_years = scenario.levers.with(|s| s.get(LeverId::Years)) as i32;
            let chosen = ahead.get_untracked();
            std::iter::once(0)
                .chain(YEARS_AHEAD.into_iter().filter(|&y| y < run_years))
                .map(|y| {
                    let year = start_year + y;
                    let label = match (y, lang) {
                        (0, Lang::Es) => "Todo el período (como en las tarjetas)".to_string(),
                        (0, Lang::En) => "The whole period (as on the cards)".to_string(),
                        // Short enough for a phone's chooser; the year says how far ahead.
                        (_, Lang::Es) => format!("En {year} (media del año)"),
                        (_, Lang::En) => format!("In {year} (the year's mean)"),
                    };
                    let selected = if y == chosen { " selected" } else { "" };
                    format!("<option value=\"{y}\"{selected}>{label}</option>")
                })
                .collect::<String>()
        };
        let results = RESULTS
            .iter()
            .map(|&id| view! { <option value=id.key() selected=what.get_untracked() == id>{id.label(lang)}</option> })
            .collect_view();
        view! {
            <section class="limits readings measure-next-panel" aria-labelledby="measure-next-title" data-testid="measure-next-panel">
                <h2 id="measure-next-title">{pick(lang, "¿Qué conviene medir ahora?", "What to measure now?")}</h2>
                <p class="hint">
                    {pick(lang,
                        "Qué medición, empezada hoy, achicaría más el rango de un resultado: cada versión de la cuenca se toma por turno como la verdadera. No hacen falta mediciones propias.",
                        "Which measurement, started today, would most narrow the range of a result: each version of the basin is taken in turn as the true one. No readings of your own are needed.",
                    )}
                </p>
                <label>
                    <span>{pick(lang, "Resultado", "Result")}</span>
                    <select data-testid="measure-next-result" on:change=move |ev| {
                        let key = event_target_value(&ev);
                        if let Some(&id) = RESULTS.iter().find(|i| i.key() == key) {
                            what.set(id);
                        }
                    }>
                        {results}
                    </select>
                </label>
                <label>
                    <span>{pick(lang, "Cuándo", "When")}</span>
                    <select data-testid="measure-next-when" inner_html=whens on:change=move |ev| {
                        ahead.set(event_target_value(&ev).parse().unwrap_or(0));
                    }></select>
                </label>
                <Show when=move || what.get().per_site()>
                    <label>
                        <span>{pick(lang, "En", "At")}</span>
                        <select data-testid="measure-next-site" on:change=move |ev| site.set(event_target_value(&ev))>
                            {sites}
                        </select>
                    </label>
                </Show>
                <button
                    type="button"
                    data-testid="measure-next-start"
                    disabled=running
                    on:click=move |_| job.start.run((request.get_untracked(), result(), String::new()))
                >
                    {move || if running() {
                        pick(lang, "Calculando…", "Computing…")
                    } else {
                        pick(lang, "Ordenar las mediciones posibles", "Rank the possible measurements")
                    }}
                </button>
                <div aria-live="polite">{answer}</div>
            </section>
        }
        .into_any()
    }
}
