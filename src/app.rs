//! The root component: owns the scenario and the language, runs the model when either changes,
//! keeps both in the link, and lays out the page.

use std::sync::Arc;

use cuenca_model::{run, Basin, QueryIssue, Results, Scenario};
use leptos::prelude::*;

use crate::chart_data;
use crate::components::{
    accounts::Accounts, assumptions::Assumptions, basin_map::BasinMap,
    indicator_cards::IndicatorCards, lang_switch::LangSwitch, lever_panel::LeverPanel,
    preset_bar::PresetBar, time_chart::TimeChart,
};
use crate::i18n::{self, pick, Lang, Text};
use crate::link;

type RunOutput = Result<Arc<Results>, String>;

#[component]
pub fn App() -> impl IntoView {
    let basin = Arc::new(Basin::default_basin());
    let start = link::read_location();
    let (lang, set_lang) = signal(start.lang.unwrap_or_else(browser_lang));
    let scenario = RwSignal::new(start.scenario);
    let link_issues: Vec<QueryIssue> = start.issues;

    // One run per change of the scenario. Marked with the User Timing API so its cost can be
    // read in any browser's performance panel (and by the end-to-end tests).
    let run_basin = basin.clone();
    let output: Memo<RunOutput> = Memo::new(move |_| {
        let scenario = scenario.get();
        let performance = window().performance();
        if let Some(p) = &performance {
            let _ = p.mark("cuenca:run:start");
        }
        let result = run(&run_basin, &scenario)
            .map(Arc::new)
            .map_err(|e| e.to_string());
        if let Some(p) = &performance {
            let _ = p.mark("cuenca:run:end");
            let _ = p.measure_with_start_mark_and_end_mark(
                "cuenca:run",
                "cuenca:run:start",
                "cuenca:run:end",
            );
        }
        result
    });
    let results = Signal::derive(move || output.with(|o| o.as_ref().ok().cloned()));

    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", i18n::tag(lang));
        }
        scenario.with(|s| link::write_location(s, lang));
    });

    let (resize, set_resize) = signal(0u32);
    let _resize_listener = window_event_listener(leptos::ev::resize, move |_| {
        set_resize.update(|n| *n = n.wrapping_add(1))
    });

    let chart = move |build: fn(&Results, Lang) -> chart_data::ChartData| {
        Signal::derive(move || results.get().map(|r| build(&r, lang.get())))
    };

    view! {
        <header class="top">
            <h1>"Cuenca"<span class="subtitle">" · Salar de Pastos Grandes"</span></h1>
            <LangSwitch lang=lang set_lang=set_lang />
        </header>
        <main>
            <p class="lead">{move || Text::Lead.get(lang.get())}</p>
            <LinkIssues issues=link_issues lang=lang />
            {move || {
                output.with(|o| o.as_ref().err().cloned()).map(|e| {
                    view! {
                        <p class="error" role="alert">
                            {move || Text::RunFailed.get(lang.get())}
                            " "
                            {e.clone()}
                        </p>
                    }
                })
            }}
            <PresetBar scenario=scenario lang=lang />
            <div class="layout">
                <aside class="levers" aria-labelledby="levers-title">
                    <h2 id="levers-title">{move || Text::LeversTitle.get(lang.get())}</h2>
                    <LeverPanel scenario=scenario lang=lang />
                    <button type="button" class="reset" on:click=move |_| scenario.set(Scenario::default())>
                        {move || Text::ResetAll.get(lang.get())}
                    </button>
                </aside>
                <div class="results">
                    <IndicatorCards results=results lang=lang />
                    <section aria-labelledby="charts-title">
                        <h2 id="charts-title">{move || Text::ChartsTitle.get(lang.get())}</h2>
                        <div class="charts">
                            <TimeChart id="drawdown" data=chart(chart_data::drawdown) lang=lang resize=resize />
                            <TimeChart id="springs" data=chart(chart_data::springs) lang=lang resize=resize />
                            <TimeChart id="vega" data=chart(chart_data::vega) lang=lang resize=resize />
                            <TimeChart id="lagoon" data=chart(chart_data::lagoon) lang=lang resize=resize />
                            <TimeChart id="lithium" data=chart(chart_data::lithium) lang=lang resize=resize />
                            <Accounts results=results lang=lang />
                        </div>
                    </section>
                    <section aria-labelledby="map-title">
                        <h2 id="map-title">{move || Text::MapTitle.get(lang.get())}</h2>
                        <BasinMap basin=basin.clone() results=results lang=lang />
                    </section>
                    <Assumptions basin=basin.clone() lang=lang />
                </div>
            </div>
        </main>
        <footer>
            <p>
                {move || pick(
                    lang.get(),
                    "Cuenca es un modelo simplificado y abierto: sirve para comparar escenarios, no reemplaza los estudios hidrogeológicos de la cuenca.",
                    "Cuenca is a simplified, open model: it compares scenarios and does not replace the basin's hydrogeological studies.",
                )}
                " "
                {format!("{} {}", pick(lang.get_untracked(), "Modelo", "Model"), cuenca_model::MODEL_VERSION)}
            </p>
        </footer>
    }
}

/// What in the link could not be used, in the reader's language; the rest was kept.
#[component]
fn LinkIssues(issues: Vec<QueryIssue>, lang: ReadSignal<Lang>) -> impl IntoView {
    (!issues.is_empty()).then(|| {
        let items = issues
            .into_iter()
            .map(|i| view! { <li><code>{i.part}</code>" — "{i.message}</li> })
            .collect_view();
        view! {
            <div class="notice" role="status" data-testid="link-issues">
                <p>{move || Text::LinkIssues.get(lang.get())}</p>
                <ul>{items}</ul>
            </div>
        }
    })
}

/// Spanish unless the browser prefers English.
fn browser_lang() -> Lang {
    let languages = window().navigator().languages();
    let tags: Vec<String> = languages.iter().filter_map(|v| v.as_string()).collect();
    i18n::from_preferences(tags.iter().map(String::as_str))
}
