//! The embed: one chart, the accounts or the map with minimal chrome, for an iframe.

use std::sync::Arc;

use cuenca_link::{ChartId, Link, View};
use cuenca_model::{sentences, Basin, LeverId, Results};
use leptos::prelude::*;

use crate::components::{
    accounts::Accounts, basin_map::BasinMap, charts::Charts, lever_panel::LeverControl,
};
use crate::i18n::{pick, tr, Lang};
use crate::link::share_url;
use crate::scenario_state::ScenarioState;

/// One chart or the map with minimal chrome, a caption and a link back, for an iframe. The
/// frame tells its host page its height so the host can size it.
#[component]
pub fn Embed(
    /// What the frame shows (read once: an embed does not change view).
    view: View,
    /// The page's link, for the link back to the full page.
    #[prop(into)]
    link: Signal<Link>,
    basin: Arc<Basin>,
    results: Signal<Option<Arc<Results>>>,
    charts: Charts,
    lang: ReadSignal<Lang>,
    year: RwSignal<Option<i32>>,
    /// The scenario, which the live levers edit.
    scenario: ScenarioState,
    /// The levers the embed's author kept live (`embed_levers=`); the rest stay locked.
    live: Vec<LeverId>,
) -> impl IntoView {
    let levers = live
        .iter()
        .map(|id| view! { <LeverControl spec=id.spec() scenario=scenario basin=basin.clone() lang=lang /> })
        .collect_view();
    let body = match view {
        View::Map | View::Explore => {
            view! { <BasinMap basin=basin.clone() results=results lang=lang year=year /> }
                .into_any()
        }
        View::Chart(ChartId::Accounts) => {
            view! { <Accounts results=results lang=lang /> }.into_any()
        }
        View::Chart(chart) => charts.time(chart).into_any(),
    };
    // The caption is the model's sentence about what the embed shows (the first sentence
    // when none speaks of it).
    let topic = caption_words(view);
    let caption = move || {
        let sentences = results
            .get()
            .map(|r| sentences(&r, lang.get()))
            .unwrap_or_default();
        let about = |s: &&String| {
            // The words are lower case and any capital they meet is ASCII ("Spring flow…"):
            // ASCII lowering spares the page Unicode's case tables.
            let lower = s.to_ascii_lowercase();
            topic.iter().any(|w| lower.contains(w))
        };
        sentences
            .iter()
            .find(about)
            .or(sentences.first())
            .cloned()
            .unwrap_or_default()
    };
    let full_link = move || {
        share_url(
            &Link {
                embed: false,
                view: View::Explore,
                ..link.get()
            },
            &basin,
        )
    };
    Effect::new(move |_| {
        caption();
        request_animation_frame(report_height);
    });
    let _resize = window_event_listener(leptos::ev::resize, move |_| report_height());
    view! {
        <main class="embed">
            <div class="embed-levers">{levers}</div>
            {body}
            <p class="embed-caption" data-testid="embed-caption">{caption}</p>
            <p class="embed-credit">
                <a href=full_link target="_blank" rel="noopener">
                    {tr(lang, "Abrir este escenario en Cuenca", "Open this scenario in Cuenca")}
                </a>
                {move || format!(" · {} {}", pick(lang.get(), "modelo", "model"), cuenca_model::MODEL_VERSION)}
            </p>
        </main>
    }
}

/// Words (both languages) that mark the model's sentence about a view.
fn caption_words(view: View) -> &'static [&'static str] {
    match view {
        View::Chart(ChartId::Springs) => &["caudal de las vertientes", "spring flow"],
        View::Chart(ChartId::Vega) | View::Chart(ChartId::Lagoon) => {
            &["superficie verde", "green area"]
        }
        View::Chart(ChartId::Lithium) => &["carbonato de litio", "lithium carbonate"],
        View::Chart(ChartId::Accounts) => &["extracción neta", "net extraction"],
        View::Chart(ChartId::Drawdown) | View::Map | View::Explore => &["napa", "water table"],
    }
}

/// Posts the frame's height to the host page (any origin: the number is public), in two shapes:
/// Cuenca's own `{type: "cuenca:height", height}` and `{"datawrapper-height": {id: height}}`,
/// which newsroom pages that embed Datawrapper charts already listen for.
fn report_height() {
    let Some(body) = document().body() else {
        return;
    };
    let height = body.scroll_height();
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"cuenca:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    let sizes = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&sizes, &"cuenca".into(), &height.into());
    let newsroom = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&newsroom, &"datawrapper-height".into(), &sizes);
    if let Ok(Some(parent)) = window().parent() {
        let _ = parent.post_message(&message, "*");
        let _ = parent.post_message(&newsroom, "*");
    }
}
