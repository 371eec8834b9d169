//! Uncertainty you can see: how the ~100 equally plausible versions of the basin's unknown
//! physics were run (each result card carries its own range), the years thresholds are crossed,
//! and which unknown matters most.

use leptos::prelude::*;

use crate::components::fold::fold;
use crate::ensemble_view::EnsembleView;
use crate::i18n::{fmt_num, pick, tr, Lang};

#[component]
pub fn UncertaintyPanel(
    #[prop(into)] view: Signal<Option<EnsembleView>>,
    #[prop(into)] running: Signal<bool>,
    /// The link query of the scenario on screen (the page gives only views that belong to it;
    /// both are in the DOM for tests to compare).
    #[prop(into)]
    query: Signal<String>,
    lang: ReadSignal<Lang>,
    threshold_m: RwSignal<f64>,
) -> impl IntoView {
    let progress = move || {
        let lang = lang.get();
        match (view.get(), running.get()) {
            (Some(v), true) => format!(
                "{} {} / {}…",
                pick(lang, "Calculando versiones posibles de la cuenca:", "Computing possible versions of the basin:"),
                v.done,
                v.total
            ),
            (None, _) => pick(lang, "Calculando el rango de incertidumbre…", "Computing the uncertainty range…").to_string(),
            (Some(v), false) => match lang {
                Lang::Es => format!("Los rangos bajo cada resultado vienen de {} versiones igualmente posibles de la física de la cuenca: 8 de cada 10 quedan dentro (P10–P90).", v.done),
                Lang::En => format!("The ranges under each result come from {} equally plausible versions of the basin's physics: 8 in 10 fall within them (P10–P90).", v.done),
            },
        }
    };
    let measure = move || {
        let lang = lang.get();
        view.get().map(|v| {
            v.measure
                .iter()
                .map(|m| {
                    let width = format!("{:.0}%", 100.0 * m.share);
                    view! {
                        <li>
                            <span class="account-label">{EnsembleView::measure_text(m, lang).to_string()}</span>
                            <span class="account-value">{format!("{} %", fmt_num(100.0 * m.share, 0, lang))}</span>
                            <span class="bar fresh" style:width=width></span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let dates = move || {
        let lang = lang.get();
        view.get().map(|v| {
            v.dates.iter().map(|d| view! { <li>{if lang == Lang::Es { d.es.clone() } else { d.en.clone() }}</li> }).collect_view()
        })
    };
    view! {
        <section class="uncertainty" aria-labelledby="uncertainty-title" data-testid="uncertainty" data-scenario=move || query.get()>
            {fold("uncertainty-title", tr(lang, "¿Qué tan seguros son estos números?", "How sure are these numbers?"), view! {
            <p class="hint" data-testid="ensemble-progress" aria-live="polite">{progress}</p>
            <h3>{tr(lang, "Lo que más necesitamos medir", "What we most need to measure")}</h3>
            <p class="hint">
                {tr(lang, "Qué parte de la incertidumbre de los resultados explica cada dato desconocido (promedio sobre todos los resultados). Medir primero lo de arriba es lo que más achica el rango.", "How much of the results' uncertainty each unknown explains (averaged over all results). Measuring the top one first narrows the range the most.")}
            </p>
            <ul class="accounts" data-testid="measure">{measure}</ul>
            <h3>{tr(lang, "¿Cuándo?", "When?")}</h3>
            <label class="threshold">
                <span>{tr(lang, "Descenso de la napa que preocupa (m)", "Drawdown that matters (m)")}</span>
                <input
                    type="number"
                    min="0.05"
                    max="20"
                    step="0.05"
                    data-testid="threshold"
                    prop:value=move || threshold_m.get().to_string()
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).replace(',', ".").parse::<f64>() {
                            if v.is_finite() {
                                threshold_m.set(v.clamp(0.05, 20.0));
                            }
                        }
                    }
                />
            </label>
            <ul class="dates" data-testid="dates" data-scenario=move || view.get().map(|v| v.query).unwrap_or_default()>{dates}</ul>
            <p class="hint">
                {tr(lang, "Huella del rango: ", "Fingerprint of the range: ")}
                <code data-testid="ensemble-digest">{move || view.get().filter(|_| !running.get()).map(|v| v.digest).unwrap_or_default()}</code>
            </p>
            }, None)}
        </section>
    }
}
