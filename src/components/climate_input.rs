//! The observed monthly rain of the years before the run, for readings older than its start: a
//! CSV (`date,precip_mm`) pasted or opened, checked, and kept on this device. With it, the
//! weighing starts every run in the past (the hindcast), so those readings meet the model on
//! their dates. Part of the tools' module, inside the readings' panel, which keeps the text.

use std::sync::Arc;

use cuenca_model::observations::climate::read_climate_csv;
use cuenca_model::Basin;
use leptos::prelude::*;

use crate::download::read_chosen_file;
use crate::i18n::{pick, Lang};

/// Where the rain file stays on this device ([`crate::device_text`]): never in the link.
pub const CLIMATE_KEY: &str = "cuenca-climate";

#[component]
pub fn ClimateInput(basin: Arc<Basin>, text: RwSignal<String>, lang: Lang) -> impl IntoView {
    let start_year = basin.start_year;
    let checked = move || {
        let t = text.get();
        if t.trim().is_empty() {
            return None;
        }
        let reading = read_climate_csv(&t, &basin);
        let start = reading.history.as_ref().map(|h| match lang {
            Lang::Es => format!(
                "Con esta lluvia, el modelo empieza en enero de {} y llega a hoy sin el proyecto.",
                h.first_year
            ),
            Lang::En => format!(
                "With this rain, the model starts in January {} and reaches today without the project.",
                h.first_year
            ),
        });
        let problems = reading
            .problems
            .iter()
            .map(|p| view! { <li>{p.message(lang)}</li> })
            .collect_view();
        Some(view! {
            <p data-testid="climate-start">{start}</p>
            <ul class="problems" data-testid="climate-problems">{problems}</ul>
        })
    };
    let open_file = move |ev: leptos::ev::Event| read_chosen_file(&ev, move |t| text.set(t));
    let hint = match lang {
        Lang::Es => format!("Para mediciones anteriores a {start_year}: la lluvia de cada mes de esos años en el fondo de la cuenca, en mm, con las columnas date,precip_mm (por ejemplo 2019-01,62.5). Los meses que falten usan la lluvia media de ese mes. Queda en este dispositivo."),
        Lang::En => format!("For readings before {start_year}: each month's rain of those years on the basin floor, in mm, with the columns date,precip_mm (e.g. 2019-01,62.5). Months it lacks take that month's mean rain. It stays on this device."),
    };
    view! {
        <details class="climate" data-testid="climate">
            <summary>{pick(lang, "Lluvia observada antes de hoy (opcional)", "Rain observed before today (optional)")}</summary>
            <p class="hint">{hint}</p>
            <label>
                <span>{pick(lang, "Abrir un archivo de lluvia", "Open a rain file")}</span>
                <input type="file" accept=".csv,text/csv,text/plain" data-testid="climate-file" on:change=open_file />
            </label>
            <label>
                <span>{pick(lang, "O pegar la lluvia mensual", "Or paste the monthly rain")}</span>
                <textarea
                    rows="4"
                    data-testid="climate-text"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            {checked}
        </details>
    }
}
