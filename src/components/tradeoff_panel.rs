//! The trade-off map in the agreed limits: two levers the person picks, and over a grid of their
//! values (everything else as in the scenario) how many limits each combination keeps across the
//! ensemble, with the scenario on screen marked. Asked for on a button, since it runs hundreds of
//! members; cells appear as they are decided.

use cuenca_model::negotiation::MAP_LEVERS;
use cuenca_model::LeverId;
use leptos::prelude::*;

use crate::hooks::use_tool_job::{use_tool_job, TOOL_MEMBERS};
use crate::i18n::{pick, Lang};
use crate::scenario_state::ScenarioState;
use crate::tradeoff_svg::svg;
use crate::tradeoff_view::TradeoffView;

/// `request` is the link query of the scenario and limits on screen.
#[component]
pub fn TradeoffPanel(
    scenario: ScenarioState,
    #[prop(into)] request: Signal<String>,
    #[prop(into)] has_limits: Signal<bool>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let x = RwSignal::new(LeverId::Production);
    let y = RwSignal::new(LeverId::DleShare);
    let axes = move || format!("{},{}", x.get().spec().key, y.get().spec().key);
    let job = use_tool_job::<TradeoffView>();
    // The map on screen belongs to the scenario, limits and levers asked about.
    let shown = move || {
        job.view
            .get()
            .filter(|v| v.query == request.get() && v.axes == axes())
    };
    let running = move || job.running.get() && job.asked.get() == request.get();
    let lever_select = move |axis: RwSignal<LeverId>,
                             other: RwSignal<LeverId>,
                             id: &'static str| {
        let lang = lang.get();
        let options = MAP_LEVERS
            .iter()
            .map(|&l| {
                let spec = l.spec();
                view! {
                    <option value=spec.key selected=axis.get_untracked() == l disabled=move || other.get() == l>
                        {pick(lang, spec.label_es, spec.label_en)}
                    </option>
                }
            })
            .collect_view();
        view! {
            <select data-testid=id on:change=move |ev| {
                if let Some(l) = LeverId::from_key(&event_target_value(&ev)) {
                    axis.set(l);
                }
            }>
                {options}
            </select>
        }
    };
    let picture = move || {
        let v = shown()?;
        let levers = scenario.levers.get();
        let current = (levers.get(x.get()), levers.get(y.get()));
        Some(svg(&v, current, lang.get()))
    };
    let status = move || {
        let lang = lang.get();
        let v = shown()?;
        let text = if let Some(e) = &v.error {
            format!(
                "{}: {e}",
                pick(lang, "No se pudo calcular", "Could not compute")
            )
        } else if v.complete {
            v.sentence(lang).to_string()
        } else {
            match lang {
                Lang::Es => format!(
                    "Calculando… {} de {} combinaciones ({} corridas del modelo).",
                    v.kept.len(),
                    v.total(),
                    v.member_runs
                ),
                Lang::En => format!(
                    "Computing… {} of {} combinations ({} model runs).",
                    v.kept.len(),
                    v.total(),
                    v.member_runs
                ),
            }
        };
        Some(view! { <p data-testid="tradeoff-answer" data-done=v.complete.to_string()>{text}</p> })
    };

    move || {
        let lang = lang.get();
        view! {
            <h3>{pick(lang, "¿Qué combinaciones respetan los límites?", "Which combinations keep the limits?")}</h3>
            <p class="hint">
                {match lang {
                    Lang::Es => format!("Un mapa de cuántos límites respeta cada combinación de dos palancas, con el resto del escenario igual, en {TOOL_MEMBERS} versiones de la cuenca. Más oscuro, más límites; el círculo marca este escenario."),
                    Lang::En => format!("A map of how many limits each combination of two levers keeps, the rest of the scenario unchanged, over {TOOL_MEMBERS} versions of the basin. Darker, more limits; the ring marks this scenario."),
                }}
            </p>
            <div class="tradeoff-levers">
                <label>
                    <span>{pick(lang, "Horizontal", "Across")}</span>
                    {lever_select(x, y, "tradeoff-x")}
                </label>
                <label>
                    <span>{pick(lang, "Vertical", "Up")}</span>
                    {lever_select(y, x, "tradeoff-y")}
                </label>
            </div>
            <button
                type="button"
                data-testid="tradeoff-start"
                disabled=move || !has_limits.get() || running() || x.get() == y.get()
                on:click=move |_| job.start.run((request.get_untracked(), axes(), String::new()))
            >
                {move || if running() {
                    pick(lang, "Calculando…", "Computing…")
                } else {
                    pick(lang, "Dibujar el mapa", "Draw the map")
                }}
            </button>
            <div aria-live="polite">{status}</div>
            <figure class="tradeoff" data-testid="tradeoff-map" inner_html=picture></figure>
        }
        .into_any()
    }
}
