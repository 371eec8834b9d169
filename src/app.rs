//! The root component: owns the scenario, the language and the view, runs the model when the
//! scenario changes, keeps everything in the link, and lays out the page (or the embed).

use std::sync::Arc;

use cuenca_link::{ChartId, IssueKind, Link, LinkIssue, View};
use cuenca_model::negotiation::plan::Trigger;
use cuenca_model::negotiation::Limit;
use cuenca_model::{Basin, LeverId, Scenario};
use leptos::prelude::*;

use crate::components::{
    accounts::Accounts,
    assumptions::Assumptions,
    basin_map::BasinMap,
    charts::Charts,
    compare_panel::ComparePanel,
    embed::Embed,
    export_panel::ExportPanel,
    fold::fold,
    headline_bar::HeadlineBar,
    indicator_cards::IndicatorCards,
    lang_switch::LangSwitch,
    lever_panel::LeverPanel,
    preset_bar::PresetBar,
    pumped_sources::PumpedSourcesView,
    share_panel::SharePanel,
    sources_panel::SourcesPanel,
    tools_slot::{tools_slot, Bands},
    uncertainty_panel::UncertaintyPanel,
};
use crate::ensemble_view::EnsembleView;
use crate::hooks::use_ensemble::use_ensemble;
use crate::hooks::use_model_run::{use_model_run, UseModelRunReturn};
use crate::i18n::{self, pick, tr, Lang, Text};
use crate::link;
use crate::scenario_state::ScenarioState;
use crate::tools::set_if_changed;

/// Drawdown (m) whose crossing years are dated until the person sets another.
const DEFAULT_THRESHOLD_M: f64 = 0.5;

/// Everything the page shows comes from these signals; the link mirrors them.
#[derive(Clone, Copy)]
struct PageState {
    scenario: ScenarioState,
    lang: ReadSignal<Lang>,
    view: RwSignal<View>,
    year: RwSignal<Option<i32>>,
    pins: RwSignal<Vec<Scenario>>,
    limits: RwSignal<Vec<Limit>>,
    /// An early-warning plan's triggers, kept in the link.
    triggers: RwSignal<Vec<Trigger>>,
    /// The scenario's name, for a facilitator's board ("Grupo 3").
    title: RwSignal<Option<String>>,
    embed: bool,
    /// The levers an embed keeps live.
    embed_levers: StoredValue<Vec<LeverId>>,
}

impl PageState {
    fn link(&self) -> Link {
        Link {
            scenario: self.scenario.levers.get(),
            lang: Some(self.lang.get()),
            view: self.view.get(),
            year: self.year.get(),
            embed: self.embed,
            embed_levers: self.embed_levers.get_value(),
            model: None,
            pins: self.pins.get(),
            sources: self.scenario.sources.get(),
            limits: self.limits.get(),
            triggers: self.triggers.get(),
            title: self.title.get(),
        }
    }

    /// The link the negotiation tools send back: their levers, limits and triggers are taken.
    fn apply_tools(&self, query: &str, basin: &Basin) {
        let (link, _) = cuenca_link::parse(query, basin);
        if self.scenario.levers.with_untracked(|s| *s != link.scenario) {
            self.scenario.set(link.scenario);
        }
        set_if_changed(self.limits, link.limits);
        set_if_changed(self.triggers, link.triggers);
    }
}

#[component]
pub fn App() -> impl IntoView {
    let basin = Arc::new(Basin::default_basin());
    let (start, start_issues) = link::read_location(&basin);
    let (lang, set_lang) = signal(start.lang.unwrap_or_else(browser_lang));
    let state = PageState {
        scenario: ScenarioState::new(start.scenario.clone(), start.sources.clone()),
        lang,
        view: RwSignal::new(start.view),
        year: RwSignal::new(start.year),
        pins: RwSignal::new(start.pins.clone()),
        title: RwSignal::new(start.title.clone()),
        limits: RwSignal::new(start.limits.clone()),
        triggers: RwSignal::new(start.triggers.clone()),
        embed: start.embed,
        embed_levers: StoredValue::new(start.embed_levers.clone()),
    };
    let scenario = state.scenario;
    let pins = state.pins;
    let UseModelRunReturn {
        results,
        error: run_error,
        pin_results,
    } = use_model_run(basin.clone(), scenario.levers.into(), pins.into());

    let link_basin = basin.clone();
    Effect::new(move |_| {
        // Set only when it changes: setting it, even to the same value, restyles the whole
        // page, which every lever move paid for (#19: about 20 ms a move on a desktop).
        let tag = lang.get().tag();
        if let Some(html) = document().document_element() {
            if html.get_attribute("lang").as_deref() != Some(tag) {
                let _ = html.set_attribute("lang", tag);
            }
        }
        link::write_location(&state.link(), &link_basin);
    });

    let (resize, set_resize) = signal(0u32);
    follow_page_width(set_resize);
    crate::components::time_chart::draw_when_printing(set_resize);

    // The ensemble (uncertainty bands) runs in a worker; embeds skip it to spare readers' phones.
    let threshold_m = RwSignal::new(DEFAULT_THRESHOLD_M);
    let mut bands_lead = None;
    let ensemble = if state.embed {
        None
    } else {
        let e = use_ensemble(
            basin.clone(),
            scenario.levers.into(),
            threshold_m.into(),
            state.limits.into(),
        );
        bands_lead = e.lead;
        Some((e.view, e.running, e.query))
    };
    // Bands, ranges and dates belong to the scenario on screen or are not shown.
    let ensemble_view: Signal<Option<EnsembleView>> = Signal::derive(move || {
        ensemble.and_then(|(v, _, q)| v.get().filter(|v| v.query == q.get()))
    });
    let ensemble_running: Signal<bool> =
        Signal::derive(move || ensemble.is_some_and(|(_, r, _)| r.get()));
    let ensemble_query: Signal<String> =
        Signal::derive(move || ensemble.map(|(_, _, q)| q.get()).unwrap_or_default());
    // Someone's readings, as the tools read them from this device (none until they are open).
    let readings = RwSignal::new(crate::page_readings::PageReadings::default());
    let charts = Charts {
        readings: readings.read_only(),
        ensemble: ensemble_view,
        results,
        pins,
        pin_results,
        lang,
        resize,
    };
    if state.embed {
        return view! {
            <Embed
                view=state.view.get_untracked()
                link=Signal::derive(move || state.link())
                basin=basin
                results=results
                charts=charts
                lang=lang
                year=state.year
                scenario=state.scenario
                live=state.embed_levers.get_value()
            />
        }
        .into_any();
    }

    let tools_basin = basin.clone();
    // A link to the map opens the page there.
    if state.view.get_untracked() == View::Map {
        request_animation_frame(|| {
            if let Some(map) = document().get_element_by_id("map-title") {
                map.scroll_into_view();
            }
        });
    }

    view! {
        <header class="top">
            <h1>"Cuenca"<span class="subtitle">" · Salar de Pastos Grandes"</span></h1>
            <LangSwitch lang=lang set_lang=set_lang />
        </header>
        <main>
            <p class="lead">{Text::Lead.tr(lang)}</p>
            {link_issues(start_issues, lang)}
            {run_error_notice(run_error, lang)}
            <PresetBar scenario=scenario lang=lang />
            <div class="layout">
                <aside class="levers" aria-labelledby="levers-title">
                    <h2 id="levers-title">{Text::LeversTitle.tr(lang)}</h2>
                    <LeverPanel scenario=scenario basin=basin.clone() lang=lang />
                    <SourcesPanel
                        basin=basin.clone()
                        scenario=scenario
                        pins=pins
                        lang=lang
                    />
                    <button type="button" class="reset" on:click=move |_| scenario.reset()>
                        {Text::ResetAll.tr(lang)}
                    </button>
                </aside>
                <div class="results">
                    <IndicatorCards results=results ensemble=ensemble_view lang=lang />
                    <UncertaintyPanel
                        view=ensemble_view
                        running=ensemble_running
                        query=ensemble_query
                        lang=lang
                        threshold_m=threshold_m
                    />
                    {tools_slot(
                        basin.clone(),
                        Signal::derive(move || state.link()),
                        Callback::new(move |query: String| state.apply_tools(&query, &tools_basin)),
                        readings,
                        Bands {
                            view: ensemble_view,
                            running: ensemble_running,
                            lead: bands_lead.clone(),
                        },
                        lang,
                    )}
                    <SharePanel link=Signal::derive(move || state.link()) title=state.title basin=basin.clone() lang=lang />
                    <section aria-labelledby="charts-title">
                        {fold(
                            "charts-title",
                            Text::ChartsTitle.tr(lang),
                            view! {
                                <div class="charts">
                                    {charts.time(ChartId::Drawdown)}
                                    {charts.time(ChartId::Springs)}
                                    {charts.time(ChartId::Vega)}
                                    {charts.time(ChartId::Lagoon)}
                                    {charts.time(ChartId::Lithium)}
                                    <Accounts results=results lang=lang />
                                    <PumpedSourcesView results=results lang=lang />
                                </div>
                            },
                            Some(set_resize),
                        )}
                    </section>
                    <section aria-labelledby="map-title">
                        {fold(
                            "map-title",
                            Text::MapTitle.tr(lang),
                            view! { <BasinMap basin=basin.clone() results=results lang=lang year=state.year readings=readings.read_only() /> },
                            None,
                        )}
                    </section>
                    <ComparePanel
                        scenario=scenario
                        pins=pins
                        pin_results=pin_results
                        basin=basin.clone()
                        lang=lang
                        year=state.year
                    />
                    <ExportPanel link=Signal::derive(move || state.link()) results=results pin_results=pin_results ensemble=ensemble_view basin=basin.clone() lang=lang />
                    <Assumptions basin=basin.clone() lang=lang />
                </div>
            </div>
            <HeadlineBar results=results lang=lang />
        </main>
        <footer>
            <p>
                {tr(lang, "Cuenca es un modelo simplificado y abierto: sirve para comparar escenarios, no reemplaza los estudios hidrogeológicos de la cuenca.", "Cuenca is a simplified, open model: it compares scenarios and does not replace the basin's hydrogeological studies.")}
                " "
                {move || format!("{} {}.", pick(lang.get(), "Modelo", "Model"), cuenca_model::MODEL_VERSION)}
                " "
                // The trust pages are static, written at build time by `cuenca validate --pages`.
                <a data-testid="trust-link" href=tr(lang, "confianza.html", "trust.html")>
                    {tr(lang, "Cuánto confiar en el modelo", "How far to trust the model")}
                </a>
                ". "
                <span title=tr(lang, "Dos personas que ven la misma huella obtuvieron exactamente los mismos números.", "Two people who see the same fingerprint got exactly the same numbers.")>
                    {tr(lang, "Huella del cálculo: ", "Fingerprint of this run: ")}
                    <code data-testid="digest">{move || results.get().map(|r| format!("{:016x}", r.digest())).unwrap_or_default()}</code>
                </span>
            </p>
        </footer>
    }
    .into_any()
}

/// Bumps `resize` whenever the page's width changes: a window resize, a rotated phone, or a
/// scroll bar that appears when a `<details>` opens (a ResizeObserver on the body sees them all;
/// the window's resize event only the first two). Charts then follow their container's width.
fn follow_page_width(resize: WriteSignal<u32>) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let width = std::cell::Cell::new(-1.0);
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let Some(entry) = entries
            .get(0)
            .dyn_into::<web_sys::ResizeObserverEntry>()
            .ok()
        else {
            return;
        };
        let now = entry.content_rect().width();
        // The first report is the width the charts were first drawn at.
        let before = width.replace(now);
        if before >= 0.0 && before != now {
            resize.update(|n| *n = n.wrapping_add(1));
        }
    });
    if let (Ok(observer), Some(body)) = (
        web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()),
        document().body(),
    ) {
        observer.observe(&body);
        // Both live as long as the page.
        on_resize.forget();
        std::mem::forget(observer);
    }
}

/// What in the link could not be used, in the reader's language; the rest was kept. (Plain
/// functions here, not components: a component's props builder costs shipped bytes.)
fn link_issues(issues: Vec<LinkIssue>, lang: ReadSignal<Lang>) -> impl IntoView {
    (!issues.is_empty()).then(|| {
        // A link from another model version points to what changed (changes.html, written from
        // CHANGELOG.md at build time by e2e/trust-pages.mjs; only one model is shipped, so the
        // old numbers cannot be re-run beside the new).
        let changed = issues
            .iter()
            .any(|i| matches!(i.kind, IssueKind::ModelChanged { .. }))
            .then(|| {
                view! {
                    <p>
                        <a href="changes.html" data-testid="model-changes">
                            {tr(lang, "Qué cambió en el modelo desde entonces (en inglés)", "What has changed in the model since then")}
                        </a>
                    </p>
                }
            });
        let messages = move || {
            issues
                .iter()
                .map(|i| view! { <li>{i.message(lang.get())}</li> })
                .collect_view()
        };
        view! {
            <div class="notice" role="status" data-testid="link-issues">
                <p>{Text::LinkIssues.tr(lang)}</p>
                <ul>{messages}</ul>
                {changed}
            </div>
        }
    })
}

fn run_error_notice(error: Signal<Option<String>>, lang: ReadSignal<Lang>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <p class="error" role="alert">
                    {Text::RunFailed.tr(lang)}
                    " "
                    {e}
                </p>
            }
        })
    }
}

/// Spanish unless the browser prefers English.
fn browser_lang() -> Lang {
    let languages = window().navigator().languages();
    let tags: Vec<String> = languages.iter().filter_map(|v| v.as_string()).collect();
    i18n::from_preferences(tags.iter().map(String::as_str))
}
