//! "Where the water goes": the run's water accounts as labelled bars, brine and fresh water
//! kept apart. Plain HTML, so it reads the same to a screen reader as on screen.

use std::sync::Arc;

use cuenca_model::Results;
use leptos::prelude::*;

use crate::i18n::{fmt_num, pick, tr, Lang, Text};

const M3_PER_HM3: f64 = 1.0e6;

struct Row {
    es: &'static str,
    en: &'static str,
    m3: f64,
    brine: bool,
}

fn rows(r: &Results) -> Vec<Row> {
    let t = &r.totals.accounts;
    let (b, f) = (&t.brine, &t.fresh);
    let row = |es, en, m3, brine| Row { es, en, m3, brine };
    let mut rows = vec![
        row(
            "Recarga de lluvia y nieve",
            "Recharge from rain and snow",
            b.recharge_m3 + f.recharge_m3,
            false,
        ),
        row(
            "Río que pasa por Santa Rosa",
            "Stream past Santa Rosa",
            b.stream_m3 + f.stream_m3,
            false,
        ),
    ];
    // Rows that only some scenarios have: old water (the `relic` lever) and what the wells could
    // not give, so a shortfall is seen where the water is counted.
    let old_water = b.old_water_m3 + f.old_water_m3;
    if old_water > 0.0 {
        rows.push(row(
            "Agua antigua o de otras cuencas",
            "Old water or inflow from other basins",
            old_water,
            false,
        ));
    }
    rows.extend([
        row(
            "Evaporación de vegas",
            "Evaporation from vegas",
            b.evap_vega_m3 + f.evap_vega_m3,
            false,
        ),
        row(
            "Evaporación de lagunas",
            "Evaporation from lagoons",
            b.evap_lagoon_m3 + f.evap_lagoon_m3,
            false,
        ),
        row(
            "Evaporación del barreal",
            "Evaporation from mud-flats",
            b.evap_mudflat_m3 + f.evap_mudflat_m3,
            false,
        ),
        row(
            "Evaporación de la costra salina",
            "Evaporation from the salt crust",
            b.evap_crust_m3 + f.evap_crust_m3,
            true,
        ),
        row("Vertientes", "Springs", b.springs_m3 + f.springs_m3, false),
        row("Salmuera bombeada", "Brine pumped", b.pumped_m3, true),
        row(
            "Evaporada en piletas",
            "Evaporated in ponds",
            t.pond_evaporation_m3,
            true,
        ),
        row("Reinyectada", "Reinjected", b.reinjected_m3, true),
        row(
            "Agua dulce para el proceso",
            "Fresh water for processing",
            t.fresh_process_m3 + t.camp_m3,
            false,
        ),
        row(
            "Consumo de la comunidad y el ganado",
            "Community and livestock use",
            t.community_m3,
            false,
        ),
    ]);
    for (es, en, m3, brine) in [
        (
            "Salmuera que los pozos no pudieron dar",
            "Brine the wells could not deliver",
            t.brine_shortfall_m3,
            true,
        ),
        (
            "Salmuera agotada que no se pudo reinyectar",
            "Spent brine that could not be reinjected",
            t.reinjection_refused_m3,
            true,
        ),
        (
            "Agua dulce que los pozos no pudieron dar",
            "Fresh water the wells could not deliver",
            t.fresh_shortfall_m3 + t.community_shortfall_m3,
            false,
        ),
    ] {
        if m3 > 0.0 {
            rows.push(row(es, en, m3, brine));
        }
    }
    rows.extend([
        row(
            "Cambio de almacenamiento (salmuera)",
            "Change in storage (brine)",
            b.storage_change_m3,
            true,
        ),
        row(
            "Cambio de almacenamiento (agua dulce)",
            "Change in storage (fresh water)",
            f.storage_change_m3,
            false,
        ),
    ]);
    rows
}

#[component]
pub fn Accounts(
    #[prop(into)] results: Signal<Option<Arc<Results>>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let body = move || {
        let lang = lang.get();
        results.get().map(|r| {
            let rows = rows(&r);
            let largest = rows.iter().map(|x| x.m3.abs()).fold(1.0, f64::max);
            let closure = r.totals.closure_relative;
            let items = rows
                .into_iter()
                .map(|row| {
                    let width = format!("{:.1}%", 100.0 * row.m3.abs() / largest);
                    let class = if row.brine { "bar brine" } else { "bar fresh" };
                    let kind = if row.brine { pick(lang, "salmuera", "brine") } else { pick(lang, "agua dulce", "fresh water") };
                    view! {
                        <li>
                            <span class="account-label">{pick(lang, row.es, row.en)}</span>
                            <span class="account-value">{format!("{} hm³", fmt_num(row.m3 / M3_PER_HM3, 1, lang))}</span>
                            <span class=class style:width=width title=kind></span>
                        </li>
                    }
                })
                .collect_view();
            let closure_text = match lang {
                Lang::Es => format!("El balance cierra: error relativo {:.0e}.", closure.abs()),
                Lang::En => format!("The balance closes: relative error {:.0e}.", closure.abs()),
            };
            view! {
                <ul class="accounts">{items}</ul>
                <p class="closure" data-testid="closure">{closure_text}</p>
            }
        })
    };
    view! {
        <section class="accounts-section" data-testid="accounts" aria-labelledby="accounts-title">
            <h3 id="accounts-title">{Text::AccountsTitle.tr(lang)}</h3>
            <p class="hint">{Text::AccountsIntro.tr(lang)}</p>
            <p class="legend-line">
                <span class="bar-key brine"></span>{tr(lang, "salmuera", "brine")}
                " "
                <span class="bar-key fresh"></span>{tr(lang, "agua dulce", "fresh water")}
            </p>
            {body}
        </section>
    }
}
