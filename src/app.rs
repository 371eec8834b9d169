//! The root component: holds the scenario signals and lays out the page.

use leptos::prelude::*;

use crate::components::{lang_switch::LangSwitch, production_chart::ProductionChart};
use crate::i18n::{format_number, Lang};

/// Default production shown on first load (t LCE/yr): the 2019 feasibility plan.
const DEFAULT_PRODUCTION_T_PER_YR: f64 = 24_000.0;

#[component]
pub fn App() -> impl IntoView {
    let (lang, set_lang) = signal(browser_lang());
    let (production, set_production) = signal(DEFAULT_PRODUCTION_T_PER_YR);

    // Keep <html lang> in step with the interface language (screen readers, hyphenation).
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.get().tag());
        }
    });

    let text = move |es: &'static str, en: &'static str| {
        move || match lang.get() {
            Lang::Es => es,
            Lang::En => en,
        }
    };

    view! {
        <header class="top">
            <h1>"Cuenca"<span class="subtitle">" · Salar de Pastos Grandes"</span></h1>
            <LangSwitch lang=lang set_lang=set_lang />
        </header>
        <main>
            <p class="lead">
                {text(
                    "¿Cuánta agua puede dar la cuenca? Mové la palanca y mirá qué cambia.",
                    "How much water can the basin give? Move the lever and see what changes.",
                )}
            </p>
            <section class="lever" aria-labelledby="lever-prod-label">
                <label id="lever-prod-label" for="lever-prod">
                    {text("Producción de litio", "Lithium production")}
                </label>
                <input
                    id="lever-prod"
                    data-testid="lever-prod"
                    type="range"
                    min="0"
                    max="150000"
                    step="1000"
                    prop:value=move || production.get().to_string()
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                            set_production.set(v.clamp(0.0, 150_000.0));
                        }
                    }
                />
                <output for="lever-prod" data-testid="prod-value">
                    {move || format!("{} t LCE/{}", format_number(production.get(), 0, lang.get()), text("año", "yr")())}
                </output>
            </section>
            <ProductionChart production_t_per_yr=production lang=lang />
        </main>
    }
}

/// Spanish unless the browser prefers English.
fn browser_lang() -> Lang {
    let languages = window().navigator().languages();
    let tags: Vec<String> = languages.iter().filter_map(|v| v.as_string()).collect();
    Lang::from_preferences(tags.iter().map(String::as_str))
}
