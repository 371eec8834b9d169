//! Someone's own readings (water-table depth or level, spring flow at named sites, the basin's
//! vega and lagoon areas): pasted or
//! opened as a CSV, checked row by row, kept on this device only, and used on request to weigh
//! the ensemble, so the ranges narrow where the readings say which versions of the basin fit.
//! Part of the tools' module (most visitors never open it).

use std::sync::Arc;

use cuenca_link::{encode, Link};
use cuenca_model::observations::climate::MAX_CLIMATE_BYTES;
use cuenca_model::observations::{read_csv, template_csv, MAX_BYTES};
use cuenca_model::Basin;
use leptos::prelude::*;

use crate::components::climate_input::{ClimateInput, CLIMATE_KEY};
use crate::components::tool_status::{members_running, tool_error};
use crate::device_text::device_text;
use crate::download::{download_text, read_chosen_file, today};
use crate::hooks::use_tool_job::use_tool_job;
use crate::i18n::{fmt_num, pick, Lang};
use crate::scenario_state::ScenarioState;
use crate::weigh_view::WeighView;

/// Where the readings stay on this device (the browser's local storage): never in the link.
const STORAGE_KEY: &str = "cuenca-readings";

#[component]
pub fn ObservationsPanel(
    basin: Arc<Basin>,
    scenario: ScenarioState,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let basin = StoredValue::new(basin);
    let text = device_text(STORAGE_KEY, MAX_BYTES);
    let too_big = move || text.with(|t| t.len() > MAX_BYTES);
    let set = Memo::new(move |_| {
        if too_big() {
            return None;
        }
        Some(text.with(|t| basin.with_value(|b| read_csv(t, b))))
    });
    let usable = move || set.with(|s| s.as_ref().map_or(0, |s| s.observations.len()));

    let open_file = move |ev: leptos::ev::Event| read_chosen_file(&ev, move |t| text.set(t));
    let template = move |_| {
        basin.with_value(|b| {
            download_text(
                &format!("cuenca-mediciones-plantilla-{}.csv", today()),
                "text/csv",
                &template_csv(b),
            )
        })
    };

    let job = use_tool_job::<WeighView>();
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
    // The observed rain before the run, for older readings (kept on the device too).
    let climate = device_text(CLIMATE_KEY, MAX_CLIMATE_BYTES);
    let asked = RwSignal::new((String::new(), String::new()));
    let start = move |_| {
        asked.set((text.get_untracked(), climate.get_untracked()));
        job.start.run((
            request.get_untracked(),
            text.get_untracked(),
            climate.get_untracked(),
        ));
    };
    // An answer belongs to the scenario, readings and rain on screen, or is not shown.
    let answer = move || {
        job.view.get().filter(|v| {
            v.query == request.get()
                && asked.with(|(r, c)| text.with(|t| r == t) && climate.with(|x| c == x))
        })
    };

    let checked = move || {
        let lang = lang.get();
        if too_big() {
            return view! {
                <p class="error" role="alert">
                    {match lang {
                        Lang::Es => format!("El archivo pasa de {} kB: no se lee.", MAX_BYTES / 1000),
                        Lang::En => format!("The file is over {} kB: it is not read.", MAX_BYTES / 1000),
                    }}
                </p>
            }
            .into_any();
        }
        set.with(|s| {
            let Some(s) = s.as_ref().filter(|_| !text.with(String::is_empty)) else {
                return ().into_any();
            };
            let n = s.observations.len();
            let count = match lang {
                Lang::Es => format!("{n} lecturas se pueden usar."),
                Lang::En => format!("{n} readings can be used."),
            };
            let problems = s
                .problems
                .iter()
                .map(|p| view! { <li>{p.message(lang)}</li> })
                .collect_view();
            view! {
                <p data-testid="readings-count">{count}</p>
                <ul class="problems" data-testid="readings-problems">{problems}</ul>
            }
            .into_any()
        })
    };

    let result = move || {
        let lang = lang.get();
        let v = answer()?;
        if let Some(e) = &v.error {
            return Some(tool_error(e, lang));
        }
        if !v.complete {
            return Some(members_running(v.done, v.total, "weigh-progress", lang));
        }
        let ess = match lang {
            Lang::Es => format!(
                "Con {} lecturas, el peso queda en el equivalente de {} de las {} versiones de la cuenca.",
                v.used,
                fmt_num(v.ess, 1, lang),
                v.members
            ),
            Lang::En => format!(
                "With {} readings, the weight rests on the equivalent of {} of the {} versions of the basin.",
                v.used,
                fmt_num(v.ess, 1, lang),
                v.members
            ),
        };
        let drawn = (v.members_drawn.len() > 1).then(|| {
            let sizes = v
                .members_drawn
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(" → ");
            let text = match lang {
                Lang::Es => format!("Las mediciones dejaban el peso en muy pocas versiones de la cuenca: se sortearon más ({sizes})."),
                Lang::En => format!("The readings left the weight on very few versions of the basin: more were drawn ({sizes})."),
            };
            view! { <li data-testid="weigh-drawn">{text}</li> }
        });
        let messages = v
            .messages(lang)
            .iter()
            .map(|m| view! { <li>{m.clone()}</li> })
            .collect_view();
        let ranges = v
            .ranges(lang)
            .iter()
            .map(|r| {
                view! {
                    <li data-testid="weighed-range">
                        <p>{r.sentence.clone()}</p>
                        <p class="hint">{pick(lang, "Sin las mediciones: ", "Without the readings: ")}{r.before.clone()}</p>
                        <p><strong>{pick(lang, "Con las mediciones: ", "With the readings: ")}</strong>{r.after.clone()}</p>
                    </li>
                }
            })
            .collect_view();
        let charts = v
            .charts
            .iter()
            .map(|c| {
                let site = pick(lang, &c.site_es, &c.site_en).to_string();
                let legend = match lang {
                    Lang::Es => format!("{site}. Gris: sin las mediciones; azul: con ellas; puntos rojos: las mediciones."),
                    Lang::En => format!("{site}. Grey: without the readings; blue: with them; red points: the readings."),
                };
                view! {
                    <figure class="weigh-chart">
                        <div inner_html=crate::weigh_chart::svg(c, lang)></div>
                        <figcaption class="hint">{legend}</figcaption>
                    </figure>
                }
            })
            .collect_view();
        let fits = v
            .fits(lang)
            .iter()
            .map(|f| view! { <li data-testid="readings-fit">{f.clone()}</li> })
            .collect_view();
        Some(
            view! {
                <div data-testid="weigh-answer">
                    <p data-testid="weigh-ess">{ess}</p>
                    <ul class="problems">{drawn}{messages}</ul>
                    <h3>{pick(lang, "El escenario sin y con las mediciones", "The scenario without and with the readings")}</h3>
                    <p class="hint">{pick(lang, "Rangos en 8 de cada 10 versiones posibles de la cuenca.", "Ranges in 8 of 10 possible versions of the basin.")}</p>
                    <ul class="weighed">{ranges}</ul>
                    <h3>{pick(lang, "El escenario central frente a lo medido", "The central run against what was measured")}</h3>
                    {charts}
                    <ul>{fits}</ul>
                </div>
            }
            .into_any(),
        )
    };

    // One closure over the language renders the panel (rebuilt when it changes).
    move || {
        let lang = lang.get();
        view! {
            <section class="limits readings" aria-labelledby="readings-title" data-testid="readings">
                <h2 id="readings-title">{pick(lang, "Mediciones", "Readings")}</h2>
                <p class="hint">
                    {pick(lang,
                        "Pegá o abrí un CSV con mediciones de la napa o del caudal de las vertientes en los lugares del mapa, o del área de vega verde y de lagunas de toda la cuenca (por ejemplo, de un mapa satelital), o el litio de la salmuera que bombea un campo de pozos, con lugar, fecha, qué se midió, valor, unidad, quién midió y, si se sabe, el error. Quedan en este dispositivo: no van en el enlace ni se envían a ningún lado.",
                        "Paste or open a CSV of water-table or spring-flow readings at the places on the map, or of the whole basin's green vega and lagoon areas (from a satellite map, say), or the lithium in the brine a wellfield pumps, with site, date, quantity, value, unit, who measured and, if known, the error. They stay on this device: they are not put in the link or sent anywhere.",
                    )}
                </p>
                <button type="button" class="linkish" data-testid="readings-template" on:click=template>
                    {pick(lang, "Descargar la plantilla (CSV)", "Download the template (CSV)")}
                </button>
                <label>
                    <span>{pick(lang, "Abrir un archivo", "Open a file")}</span>
                    <input type="file" accept=".csv,text/csv,text/plain" data-testid="readings-file" on:change=open_file />
                </label>
                <label>
                    <span>{pick(lang, "O pegar las mediciones", "Or paste the readings")}</span>
                    <textarea
                        rows="6"
                        data-testid="readings-text"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                </label>
                {checked}
                <ClimateInput basin=basin.get_value() text=climate lang=lang />
                <button
                    type="button"
                    data-testid="weigh-start"
                    disabled=move || usable() == 0 || job.running.get()
                    on:click=start
                >
                    {pick(lang, "Pesar las versiones de la cuenca con estas mediciones", "Weigh the versions of the basin by these readings")}
                </button>
                <div aria-live="polite">{result}</div>
            </section>
        }
        .into_any()
    }
}
