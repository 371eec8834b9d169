//! Someone's own readings (water-table depth or level, spring flow at named sites, the basin's
//! vega and lagoon areas): pasted or
//! opened as a CSV, checked row by row, kept on this device only, and used on request to weigh
//! the ensemble, so the ranges narrow where the readings say which versions of the basin fit.
//! Part of the tools' module (most visitors never open it).

use std::sync::Arc;

use cuenca_link::{encode, Link};
use cuenca_model::observations::climate::MAX_CLIMATE_BYTES;
use cuenca_model::observations::{read_climate_csv, read_csv, template_csv, MAX_BYTES};
use cuenca_model::Basin;
use leptos::prelude::*;

use crate::central_fit::{central_fit, CentralFit};
use crate::components::climate_input::{ClimateInput, CLIMATE_KEY};
use crate::components::tool_status::{members_running, tool_error};
use crate::device_text::device_text;
use crate::download::{download_text, read_chosen_file, today};
use crate::hooks::use_tool_job::use_tool_job;
use crate::i18n::{fmt_num, pick, Lang};
use crate::page_readings::{PageReadings, READINGS_KEY};
use crate::scenario_state::ScenarioState;
use crate::tools::set_if_changed;
use crate::weigh_view::{WeighChart, WeighView};

#[component]
pub fn ObservationsPanel(
    basin: Arc<Basin>,
    scenario: ScenarioState,
    lang: ReadSignal<Lang>,
    /// What the page's charts and map show of the readings.
    on_page: RwSignal<PageReadings>,
    /// Whether the page has told the tools its scenario (before that, the levers are defaults).
    synced: ReadSignal<bool>,
) -> impl IntoView {
    let basin = StoredValue::new(basin);
    let text = device_text(READINGS_KEY, MAX_BYTES);
    let too_big = move || text.with(|t| t.len() > MAX_BYTES);
    let set = Memo::new(move |_| {
        if too_big() {
            return None;
        }
        Some(text.with(|t| basin.with_value(|b| read_csv(t, b))))
    });
    let usable = move || set.with(|s| s.as_ref().map_or(0, |s| s.observations.len()));
    // The observed rain before the run, for older readings (kept on the device too).
    let climate = device_text(CLIMATE_KEY, MAX_CLIMATE_BYTES);

    // The scenario the central run follows, once its levers have been still for a moment: a
    // lever dragged on the page would otherwise cost a run on the page's thread at every step.
    // The page's own scenario is taken at once.
    let settled = RwSignal::new(None::<cuenca_model::Scenario>);
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let levers = scenario.levers.get();
        if !synced.get() {
            return;
        }
        if settled.with_untracked(Option::is_none) {
            settled.set(Some(levers));
            return;
        }
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || set_if_changed(settled, Some(levers)),
            std::time::Duration::from_millis(300),
        );
        pending.set_value(handle.ok());
    });
    // The scenario's central run beside the readings, at once: one run per change of the
    // scenario, the readings or the rain (a few milliseconds, against a minute to weigh).
    let central = Memo::new(move |_| {
        let levers = settled.get()?;
        set.with(|s| {
            let readings = &s.as_ref()?.observations;
            if readings.is_empty() {
                return None;
            }
            let history = climate.with(|c| {
                (!c.trim().is_empty() && c.len() <= MAX_CLIMATE_BYTES)
                    .then(|| basin.with_value(|b| read_climate_csv(c, b).history))
                    .flatten()
                    .map(Arc::new)
            });
            Some(
                basin
                    .with_value(|b| central_fit(b, &levers, readings, history))
                    .map_err(|e| e.to_string()),
            )
        })
    });
    Effect::new(move |_| {
        let page = central.with(|c| match c {
            Some(Ok(fit)) => fit.page.clone(),
            _ => PageReadings::default(),
        });
        set_if_changed(on_page, page);
    });

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
        let charts = v.charts.iter().map(|c| site_chart(c, lang)).collect_view();
        Some(
            view! {
                <div data-testid="weigh-answer" data-members-adopted=v.members_adopted data-weighing-ms=v.weighing_ms>
                    <p data-testid="weigh-ess">{ess}</p>
                    <ul class="problems">{drawn}{messages}</ul>
                    <h3>{pick(lang, "El escenario sin y con las mediciones", "The scenario without and with the readings")}</h3>
                    <p class="hint">{pick(lang, "Rangos en 8 de cada 10 versiones posibles de la cuenca.", "Ranges in 8 of 10 possible versions of the basin.")}</p>
                    <ul class="weighed">{ranges}</ul>
                    <h3>{pick(lang, "Cada lugar medido, sin y con las mediciones", "Each place read, without and with the readings")}</h3>
                    {charts}
                </div>
            }
            .into_any(),
        )
    };

    let against_run = move || {
        let lang = lang.get();
        central.with(|c| match c.as_ref()? {
            Err(e) => Some(tool_error(e, lang)),
            Ok(fit) => Some(central_view(fit, lang).into_any()),
        })
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
                <div aria-live="polite">{against_run}</div>
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

/// The central run beside the readings: a chart per site and quantity read, and the fit in one
/// sentence each.
fn central_view(fit: &CentralFit, lang: Lang) -> impl IntoView {
    let charts = fit
        .charts
        .iter()
        .map(|c| site_chart(c, lang))
        .collect_view();
    let fits = fit
        .fits(lang)
        .iter()
        .map(|f| view! { <li data-testid="readings-fit">{f.clone()}</li> })
        .collect_view();
    let n = fit.outside_run;
    let outside = (n > 0).then(|| {
        let text = match lang {
            Lang::Es => format!("{n} de las lecturas caen fuera de los meses que corre el modelo: antes de 2025, el modelo necesita la lluvia observada (más abajo, «Lluvia observada antes de hoy»)."),
            Lang::En => format!("{n} of the readings fall outside the months the model runs: before 2025 it needs the observed rain (further down, “Rain observed before today”)."),
        };
        view! { <p class="hint" data-testid="readings-outside">{text}</p> }
    });
    view! {
        <div data-testid="readings-central">
            <h3>{pick(lang, "El escenario frente a tus mediciones", "The scenario against your readings")}</h3>
            <ul>{fits}</ul>
            {outside}
            {charts}
        </div>
    }
}

/// A read site's chart with its caption: the bands before and after the readings once weighed,
/// the central run alone before.
fn site_chart(c: &WeighChart, lang: Lang) -> impl IntoView {
    let site = pick(lang, &c.site_es, &c.site_en);
    let weighed = c.weighed();
    let legend = match (lang, weighed) {
        (Lang::Es, true) => format!(
            "{site}. Gris: sin las mediciones; azul: con ellas; puntos rojos: las mediciones."
        ),
        (Lang::En, true) => format!(
            "{site}. Grey: without the readings; blue: with them; red points: the readings."
        ),
        (Lang::Es, false) => {
            format!("{site}. Línea: el escenario central; puntos rojos: las mediciones.")
        }
        (Lang::En, false) => format!("{site}. Line: the central run; red points: the readings."),
    };
    view! {
        <figure class=if weighed { "weigh-chart" } else { "fit-chart" }>
            <div inner_html=crate::weigh_chart::svg(c, lang)></div>
            <figcaption class="hint">{legend}</figcaption>
        </figure>
    }
}
