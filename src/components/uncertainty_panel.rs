//! Uncertainty you can see: the range of each result over ~100 equally plausible versions of the
//! basin's unknown physics, the years thresholds are crossed, and which unknown matters most.

use std::sync::Arc;

use cuenca_model::{fmt_tonnes_approx, Basin, IndicatorId};
use leptos::prelude::*;

use crate::ensemble_view::{EnsembleView, IndicatorRange};
use crate::i18n::{fmt_num, pick, Lang};

/// Ranges narrower than these round to zero on the page and are not worth a sentence.
const NEGLIGIBLE_M: f64 = 0.005;
const NEGLIGIBLE_PCT: f64 = 0.5;

/// "entre 0,4 y 2,1 m (lo más probable, 0,9 m)".
fn range_text(r: &IndicatorRange, decimals: usize, unit: &str, lang: Lang) -> String {
    let n = |v: f64| fmt_num(v, decimals, lang);
    match lang {
        Lang::Es => format!(
            "entre {} y {} {unit} (lo más probable, {} {unit})",
            n(r.p10),
            n(r.p90),
            n(r.p50)
        ),
        Lang::En => format!(
            "between {} and {} {unit} (most likely {} {unit})",
            n(r.p10),
            n(r.p90),
            n(r.p50)
        ),
    }
}

/// Basin-wide indicators whose range gets a sentence (every range is in the CSV).
const RANGED: [IndicatorId; 3] = [
    IndicatorId::VegaAreaLostPct,
    IndicatorId::LagoonAreaLostPct,
    IndicatorId::SpringFlowChangePct,
];

/// One sentence per indicator with its P10–P90 range.
fn range_sentences(view: &EnsembleView, basin: &Basin, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let drawdown = IndicatorId::MaxDrawdownM;
    for r in view
        .indicators
        .iter()
        .filter(|r| r.id.split(':').next() == Some(drawdown.key()))
    {
        let Some(site) = r.site.as_deref().and_then(|s| basin.site(s)) else {
            continue;
        };
        if !crate::ensemble_view::DATED_KINDS.contains(&site.kind.as_str()) {
            continue;
        }
        // With no project there is no drawdown to range over.
        if r.p10.abs() < NEGLIGIBLE_M && r.p90.abs() < NEGLIGIBLE_M {
            continue;
        }
        let name = pick(lang, &site.name_es, &site.name_en);
        // Under a vega it is the regional aquifer's drawdown, not what the roots feel (they
        // reach 3 m); the run's sentences give the root zone.
        let label = if site.kind == "vega" {
            pick(
                lang,
                "Descenso regional máximo de la napa",
                "Largest regional drawdown of the water table",
            )
        } else {
            drawdown.label(lang)
        };
        out.push(format!(
            "{} {} {name}: {}.",
            label,
            pick(lang, "en", "at"),
            range_text(r, 1, drawdown.unit(), lang)
        ));
    }
    for id in RANGED {
        // Each spring site's own sentence replaces the basin-wide change, whose "−100 %" says
        // nothing of how many versions of the basin stop the springs, nor when.
        if id == IndicatorId::SpringFlowChangePct && !view.springs.is_empty() {
            out.extend(
                view.springs
                    .iter()
                    .map(|d| pick(lang, &d.es, &d.en).to_string()),
            );
            continue;
        }
        if let Some(r) = view
            .indicator(id.key(), None)
            .filter(|r| r.p10.abs() >= NEGLIGIBLE_PCT || r.p90.abs() >= NEGLIGIBLE_PCT)
        {
            out.push(format!(
                "{}: {}.",
                id.label(lang),
                range_text(r, 0, id.unit(), lang)
            ));
        }
    }
    // Lithium with the two figures its range supports ("unos 2,7 millones de t").
    let lithium = IndicatorId::LithiumTotalTLce;
    if let Some(r) = view.indicator(lithium.key(), None).filter(|r| r.p90 > 0.0) {
        let t = |v: f64| fmt_tonnes_approx(v, lang);
        out.push(format!(
            "{}: {} {} {} {} ({} {}).",
            lithium.label(lang),
            pick(lang, "entre", "between"),
            t(r.p10),
            pick(lang, "y", "and"),
            t(r.p90),
            pick(lang, "lo más probable,", "most likely"),
            t(r.p50)
        ));
    }
    out
}

#[component]
pub fn UncertaintyPanel(
    #[prop(into)] view: Signal<Option<EnsembleView>>,
    #[prop(into)] running: Signal<bool>,
    /// The link query of the scenario on screen (the page gives only views that belong to it;
    /// both are in the DOM for tests to compare).
    #[prop(into)]
    query: Signal<String>,
    basin: Arc<Basin>,
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
                Lang::Es => format!("Rango sobre {} versiones igualmente posibles de la física de la cuenca (P10–P90).", v.done),
                Lang::En => format!("Range over {} equally plausible versions of the basin's physics (P10–P90).", v.done),
            },
        }
    };
    let ranges = move || {
        let lang = lang.get();
        view.get().map(|v| {
            range_sentences(&v, &basin, lang)
                .into_iter()
                .map(|s| view! { <li class="card range">{s}</li> })
                .collect_view()
        })
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
            <h2 id="uncertainty-title">{move || pick(lang.get(), "¿Qué tan seguros son estos números?", "How sure are these numbers?")}</h2>
            <p class="hint" data-testid="ensemble-progress" aria-live="polite">{progress}</p>
            <ul class="cards-list" data-testid="ranges" data-scenario=move || view.get().map(|v| v.query).unwrap_or_default()>{ranges}</ul>
            <h3>{move || pick(lang.get(), "Lo que más necesitamos medir", "What we most need to measure")}</h3>
            <p class="hint">
                {move || pick(
                    lang.get(),
                    "Qué parte de la incertidumbre de los resultados explica cada dato desconocido (promedio sobre todos los resultados). Medir primero lo de arriba es lo que más achica el rango.",
                    "How much of the results' uncertainty each unknown explains (averaged over all results). Measuring the top one first narrows the range the most.",
                )}
            </p>
            <ul class="accounts" data-testid="measure">{measure}</ul>
            <h3>{move || pick(lang.get(), "¿Cuándo?", "When?")}</h3>
            <label class="threshold">
                <span>{move || pick(lang.get(), "Descenso de la napa que preocupa (m)", "Drawdown that matters (m)")}</span>
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
                {move || pick(lang.get(), "Huella del rango: ", "Fingerprint of the range: ")}
                <code data-testid="ensemble-digest">{move || view.get().filter(|_| !running.get()).map(|v| v.digest).unwrap_or_default()}</code>
            </p>
        </section>
    }
}
