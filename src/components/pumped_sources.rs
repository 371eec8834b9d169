//! "Where the pumped brine comes from": for each decade the project pumps, one stacked bar of
//! the brine's sources (storage given up, evaporation captured, fresh water drawn in from the
//! fans, spent brine reinjected) and the same shares written out, so a screen reader and a
//! phone read the same thing. The split is the model's (`outputs::pumped_sources`).

use std::sync::Arc;

use cuenca_model::outputs::pumped_sources::{pumped_sources, PumpedSources};
use cuenca_model::Results;
use leptos::prelude::*;

use crate::i18n::{fmt_num, pick, tr, Lang};

/// The sources in stacking order: CSS class and label.
const SOURCES: [(&str, &str, &str); 4] = [
    ("storage", "salmuera almacenada", "stored brine"),
    (
        "captured",
        "evaporación que deja de ocurrir",
        "evaporation no longer lost",
    ),
    (
        "inflow",
        "agua dulce que entra de los abanicos",
        "fresh water drawn in from the fans",
    ),
    ("reinjected", "salmuera reinyectada", "reinjected brine"),
];

fn shares(d: &PumpedSources) -> [f64; 4] {
    let p = d.pumped_m3;
    [
        d.storage_m3 / p,
        d.captured_evaporation_m3 / p,
        d.fresh_inflow_m3 / p,
        d.reinjected_m3 / p,
    ]
}

/// The decades' rows as markup: numbers and fixed texts only, so nothing needs escaping. (One
/// string rather than a view per segment keeps this panel's code small in the wasm: #19.)
fn rows_html(r: &Results, lang: Lang) -> Option<String> {
    // Decades with meaningful pumping (a few months of a last decade would show shares of almost
    // nothing, dominated by the recovery after pumping stops).
    let decades = pumped_sources(r, 10);
    let most = decades.iter().map(|d| d.pumped_m3).fold(0.0, f64::max);
    let mut html = String::new();
    for d in decades
        .iter()
        .filter(|d| most > 0.0 && d.pumped_m3 >= 0.1 * most)
    {
        let s = shares(d);
        let mut x = 0.0;
        let mut rects = String::new();
        for ((class, _, _), share) in SOURCES.iter().zip(s) {
            let w = 100.0 * share.max(0.0);
            rects += &format!(r#"<rect class="{class}" x="{x:.2}" width="{w:.2}" height="1"/>"#);
            x += w;
        }
        let text = SOURCES
            .iter()
            .zip(s)
            .filter(|(_, share)| share.abs() >= 0.005)
            .map(|((_, es, en), share)| {
                format!(
                    "{} % {}",
                    fmt_num(100.0 * share, 0, lang),
                    pick(lang, es, en)
                )
            })
            .collect::<Vec<_>>()
            .join(" · ");
        html += &format!(
            r#"<li data-from="{from}"><span class="account-label">{from}–{to}</span><span class="account-value">{hm3} hm³</span><svg class="stack" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">{rects}</svg><span class="sources-text">{text}</span></li>"#,
            from = d.from_year,
            to = d.from_year + 9,
            hm3 = fmt_num(d.pumped_m3 / 1e6, 0, lang),
        );
    }
    (!html.is_empty()).then_some(html)
}

#[component]
pub fn PumpedSourcesView(
    #[prop(into)] results: Signal<Option<Arc<Results>>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let rows = move || results.get().and_then(|r| rows_html(&r, lang.get()));
    view! {
        <section class="accounts-section" data-testid="pumped-sources" aria-labelledby="pumped-sources-title">
            <h3 id="pumped-sources-title">{tr(lang, "De dónde sale la salmuera bombeada", "Where the pumped brine comes from")}</h3>
            <p class="hint">
                {tr(lang, "Los pozos no crean agua: cada metro cúbico que sacan es salmuera guardada que se pierde, evaporación que deja de ocurrir porque la napa bajó, agua dulce que entra desde los abanicos o salmuera que se devuelve. Con los años, los pozos sacan cada vez más agua de los bordes.", "Wells do not create water: every cubic metre they take is stored brine given up, evaporation that stops because the water table fell, fresh water drawn in from the fans, or brine put back. Over the years the wells take more and more water from the margins.")}
            </p>
            <p class="legend-line" inner_html=move || {
                let lang = lang.get();
                SOURCES
                    .iter()
                    .map(|(class, es, en)| format!(r#"<span class="legend-item"><span class="bar-key {class}"></span>{}</span> "#, pick(lang, es, en)))
                    .collect::<String>()
            }></p>
            <ul class="accounts pumped-sources" inner_html=move || rows().unwrap_or_default()></ul>
            <p class="hint" data-testid="pumped-sources-empty" hidden=move || rows().is_some()>
                {tr(lang, "Sin proyecto no se bombea salmuera.", "Without a project no brine is pumped.")}
            </p>
        </section>
    }
}
