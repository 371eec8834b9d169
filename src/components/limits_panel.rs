//! Agreed limits: the list the parties write (kept in the link), whether the scenario keeps
//! each one across the ensemble, example sets to start from, the largest production that keeps
//! them all, and the map of how many two levers keep.

use std::sync::Arc;

use cuenca_link::{encode, limit_text, Link, MAX_LIMITS};
use cuenca_model::negotiation::{Limit, LimitKind, BASIN_SITE, EXAMPLE_LIMITS};
use cuenca_model::{Basin, LeverId};
use leptos::prelude::*;

use crate::components::site_options::site_options;
use crate::components::tradeoff_panel::TradeoffPanel;
use crate::ensemble_view::EnsembleView;
use crate::envelope_view::EnvelopeView;
use crate::hooks::use_tool_job::{use_tool_job, TOOL_MEMBERS};
use crate::i18n::{fmt_num, pick, Lang};
use crate::scenario_state::ScenarioState;

/// Site kinds a limit can be put on (the places people protect).
const LIMIT_SITE_KINDS: [&str; 5] = ["vega", "spring", "lagoon", "community_well", "village"];

#[component]
pub fn LimitsPanel(
    basin: Arc<Basin>,
    scenario: ScenarioState,
    limits: RwSignal<Vec<Limit>>,
    #[prop(into)] ensemble: Signal<Option<EnsembleView>>,
    #[prop(into)] ensemble_running: Signal<bool>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let basin = StoredValue::new(basin);
    let examples = move || {
        EXAMPLE_LIMITS
            .iter()
            .map(|set| {
                let name = move || pick(lang.get(), set.name_es, set.name_en).to_string();
                view! {
                    <button
                        type="button"
                        class="preset"
                        data-testid=format!("limits-example-{}", set.key)
                        on:click=move |_| limits.set(set.limits())
                    >
                        {name}
                    </button>
                }
            })
            .collect_view()
    };

    let rows = move || {
        let lang = lang.get();
        let view = ensemble.get();
        let running = ensemble_running.get();
        limits
            .get()
            .into_iter()
            .enumerate()
            .map(|(k, l)| {
                let sentence = l.sentence(&basin.with_value(|b| l.place(b, lang)), lang);
                let count = view.as_ref().and_then(|v| v.limit(&limit_text(&l)).cloned());
                let needed = l.members_needed(count.as_ref().map_or(100, |c| c.members));
                let row_class = match &count {
                    Some(c) if c.kept => "kept",
                    Some(_) => "broken",
                    None => "",
                };
                let verdict = match (&count, running) {
                    (Some(c), _) => {
                        let (kept, status) = if c.kept {
                            ("kept", pick(lang, "Se cumple", "Kept"))
                        } else {
                            ("broken", pick(lang, "No se cumple", "Not kept"))
                        };
                        let detail = match lang {
                            Lang::Es => format!(
                                ": lo respetan {} de {} versiones de la cuenca (hacen falta {}).",
                                c.keeping, c.members, needed
                            ),
                            Lang::En => format!(
                                ": {} of {} versions of the basin keep it ({} needed).",
                                c.keeping, c.members, needed
                            ),
                        };
                        view! {
                            <p class=format!("limit-verdict {kept}") data-testid="limit-verdict" data-kept=kept>
                                <strong>{status}</strong>
                                {detail}
                            </p>
                        }
                        .into_any()
                    }
                    (None, _) => view! {
                        <p class="limit-verdict hint" data-testid="limit-verdict">
                            {pick(lang, "Calculando con las versiones posibles de la cuenca…", "Computing over the possible versions of the basin…")}
                        </p>
                    }
                    .into_any(),
                };
                view! {
                    <li data-testid="limit" class=row_class>
                        <p>{sentence}</p>
                        {verdict}
                        <button
                            type="button"
                            class="linkish"
                            on:click=move |_| limits.update(|v| {
                                if k < v.len() {
                                    v.remove(k);
                                }
                            })
                        >
                            {pick(lang, "Quitar este límite", "Remove this limit")}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    // The form for a new limit.
    let site = RwSignal::new("vega_santa_rosa".to_string());
    let kind = RwSignal::new(LimitKind::DrawdownAtMostM);
    let value = RwSignal::new(0.5_f64);
    let until = RwSignal::new(2075);
    let confidence = RwSignal::new(0.9_f64);
    let site_options = move || {
        let lang = lang.get();
        basin.with_value(|b| site_options(b, &LIMIT_SITE_KINDS, &site.get_untracked(), lang))
    };
    // What a limit can bound at the chosen place: the whole basin's areas, a spring's flow or
    // its water table, or elsewhere the water table; and where fresh water floats on brine, how
    // far the brine rises.
    let kinds = move || {
        let id = site.get();
        if id == BASIN_SITE {
            return vec![
                LimitKind::VegaAreaAtLeastShare,
                LimitKind::LagoonAreaAtLeastShare,
            ];
        }
        let (spring, lens) = basin.with_value(|b| {
            b.site(&id).map_or((false, false), |s| {
                (
                    s.kind == "spring",
                    b.cells.get(s.cell).is_some_and(|c| c.lens),
                )
            })
        });
        let mut kinds = vec![LimitKind::DrawdownAtMostM];
        if spring {
            kinds.extend([
                LimitKind::SpringFlowAtLeastShare,
                LimitKind::SpringFlowFloorLPerS,
            ]);
        }
        if lens {
            kinds.push(LimitKind::InterfaceRiseAtMostM);
        }
        kinds
    };
    let several_kinds = move || kinds().len() > 1;
    let add = move |_| {
        let allowed = kinds();
        let kind = Some(kind.get_untracked())
            .filter(|k| allowed.contains(k))
            .unwrap_or(allowed[0]);
        let value = if kind.is_share() {
            (value.get_untracked() / 100.0).clamp(0.0, 1.0)
        } else {
            value.get_untracked().max(0.0)
        };
        let limit = Limit {
            site: site.get_untracked(),
            kind,
            value,
            until_year: until.get_untracked().clamp(2026, 2200),
            confidence: confidence.get_untracked(),
        };
        limits.update(|v| {
            if v.len() < MAX_LIMITS && !v.contains(&limit) {
                v.push(limit);
            }
        });
    };
    let number = |ev: &leptos::ev::Event| {
        event_target_value(ev)
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    };

    // The envelope: asked for on a button, since it runs hundreds of members.
    let envelope = use_tool_job::<EnvelopeView>();
    let request = Signal::derive(move || {
        basin.with_value(|b| {
            encode(
                &Link {
                    scenario: scenario.levers.get(),
                    limits: limits.get(),
                    ..Link::default()
                },
                b,
            )
        })
    });
    let answer = move || {
        let lang = lang.get();
        let v = envelope.view.get().filter(|v| v.query == request.get())?;
        let text = if let Some(e) = &v.error {
            format!(
                "{}: {e}",
                pick(lang, "No se pudo calcular", "Could not compute")
            )
        } else if v.max_production_t_per_yr.is_some() {
            v.sentence(lang).to_string()
        } else {
            let trying = v.trying_t_per_yr.unwrap_or(0.0);
            match lang {
                Lang::Es => format!(
                    "Buscando… probando {} t/año ({} corridas del modelo).",
                    fmt_num(trying, 0, lang),
                    v.member_runs
                ),
                Lang::En => format!(
                    "Searching… trying {} t/yr ({} model runs).",
                    fmt_num(trying, 0, lang),
                    v.member_runs
                ),
            }
        };
        let apply = v.max_production_t_per_yr.filter(|&p| p > 0.0).map(|p| {
            let p = (p / 100.0).floor() * 100.0;
            view! {
                <button
                    type="button"
                    data-testid="envelope-apply"
                    on:click=move |_| scenario.set_lever(LeverId::Production, p)
                >
                    {move || match lang {
                        Lang::Es => format!("Usar {} t/año en este escenario", fmt_num(p, 0, Lang::Es)),
                        Lang::En => format!("Use {} t/yr in this scenario", fmt_num(p, 0, Lang::En)),
                    }}
                </button>
            }
        });
        Some(view! {
            <p data-testid="envelope-answer" data-done=v.max_production_t_per_yr.is_some().to_string()>{text}</p>
            {apply}
        })
    };
    let can_search = move || !limits.get().is_empty();
    // A search for the scenario and limits on screen is under way.
    let searching = move || envelope.running.get() && envelope.asked.get() == request.get();
    let this_production = move || scenario.levers.get().get(LeverId::Production);

    // One closure over the language renders the panel (rebuilt when it changes), so its texts
    // are plain strings rather than a reactive closure each: much less code in the page's module.
    // The map stays outside it, so a lever moved does not restart its worker.
    let body = move || {
        let lang = lang.get();
        view! {
            <h2 id="limits-title">{pick(lang, "Límites acordados", "Agreed limits")}</h2>
            <p class="hint">
                {pick(lang,
                    "Un límite dice cuánto puede bajar la napa por el proyecto en un lugar (o cuánto caudal debe conservar una vertiente), hasta qué año y en cuántas de cada 10 versiones posibles de la cuenca. Se guardan en el enlace.",
                    "A limit says how far the project may lower the water table at a place (or how much flow a spring must keep), until which year, and in how many of 10 possible versions of the basin. They are kept in the link.",
                )}
            </p>
            <div class="preset-bar" role="group" aria-label=pick(lang, "Ejemplos de límites", "Example limits")>
                {examples}
            </div>
            <p class="hint">
                {pick(lang,
                    "Los ejemplos son puntos de partida para conversar, no la posición de ninguna de las partes.",
                    "The examples are starting points for discussion, not any party's position.",
                )}
            </p>
            <ul class="limit-list" data-testid="limit-list">{rows}</ul>
            <details class="limit-form">
                <summary>{pick(lang, "Agregar un límite", "Add a limit")}</summary>
                <label>
                    <span>{pick(lang, "Lugar", "Place")}</span>
                    <select data-testid="limit-site" on:change=move |ev| {
                        // A new place starts from its first kind of limit, whatever the last was.
                        site.set(event_target_value(&ev));
                        let first = kinds()[0];
                        kind.set(first);
                        value.set(if first.is_share() { 80.0 } else { 0.5 });
                    }>
                        <option value=BASIN_SITE>{pick(lang, "Toda la cuenca: vegas y lagunas", "The whole basin: vegas and lagoons")}</option>
                        {site_options}
                    </select>
                </label>
                <Show when=several_kinds>
                    <label>
                        <span>{pick(lang, "Qué se limita", "What is limited")}</span>
                        <select data-testid="limit-kind" on:change=move |ev| {
                            let chosen = match event_target_value(&ev).as_str() {
                                "spring" => LimitKind::SpringFlowAtLeastShare,
                                "spring_floor" => LimitKind::SpringFlowFloorLPerS,
                                "vega_area" => LimitKind::VegaAreaAtLeastShare,
                                "lagoon_area" => LimitKind::LagoonAreaAtLeastShare,
                                "interface_rise" => LimitKind::InterfaceRiseAtMostM,
                                _ => LimitKind::DrawdownAtMostM,
                            };
                            kind.set(chosen);
                            value.set(match chosen {
                                LimitKind::DrawdownAtMostM => 0.5,
                                LimitKind::InterfaceRiseAtMostM => 1.0,
                                LimitKind::SpringFlowFloorLPerS => 0.0,
                                _ => 80.0,
                            });
                        }>
                            {move || kinds().into_iter().map(|k| {
                                let (key, text) = match k {
                                    LimitKind::DrawdownAtMostM => ("drawdown", pick(lang, "Descenso de la napa (m)", "Water-table drawdown (m)")),
                                    LimitKind::SpringFlowAtLeastShare => ("spring", pick(lang, "Caudal que debe conservar (%)", "Flow it must keep (%)")),
                                    LimitKind::SpringFlowFloorLPerS => ("spring_floor", pick(lang, "Caudal mínimo en todo mes (L/s; 0: que no se corte)", "Least flow in any month (L/s; 0: never stopped)")),
                                    LimitKind::VegaAreaAtLeastShare => ("vega_area", pick(lang, "Área verde de las vegas que debe conservar (%)", "Green vega area to keep (%)")),
                                    LimitKind::LagoonAreaAtLeastShare => ("lagoon_area", pick(lang, "Espejo de agua de las lagunas que debe conservar (%)", "Open lagoon water to keep (%)")),
                                    LimitKind::InterfaceRiseAtMostM => ("interface_rise", pick(lang, "Subida de la salmuera bajo el agua dulce (m)", "Rise of the brine under the fresh water (m)")),
                                };
                                view! { <option value=key selected=kind.get_untracked() == k>{text}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
                <label>
                    <span>{move || {
                        let chosen = Some(kind.get()).filter(|k| kinds().contains(k)).unwrap_or(LimitKind::DrawdownAtMostM);
                        match chosen {
                            LimitKind::SpringFlowAtLeastShare => pick(lang, "Caudal mínimo, % del que tendría sin el proyecto", "Least flow, % of what it would have without the project"),
                            LimitKind::SpringFlowFloorLPerS => pick(lang, "Caudal mínimo en todo mes, L/s (0: que el proyecto no lo corte)", "Least flow in any month, L/s (0: the project never stops it)"),
                            LimitKind::VegaAreaAtLeastShare => pick(lang, "Área verde mínima, % de la que tendría sin el proyecto", "Least green area, % of what it would have without the project"),
                            LimitKind::LagoonAreaAtLeastShare => pick(lang, "Espejo de agua mínimo, % del que tendría sin el proyecto", "Least open water, % of what it would have without the project"),
                            LimitKind::DrawdownAtMostM => pick(lang, "Descenso máximo por el proyecto (m)", "Most drawdown the project may cause (m)"),
                            LimitKind::InterfaceRiseAtMostM => pick(lang, "Subida máxima de la salmuera por el proyecto (m)", "Most the project may raise the brine (m)"),
                        }
                    }}</span>
                    <input
                        type="number"
                        inputmode="decimal"
                        min="0"
                        step="0.1"
                        data-testid="limit-value"
                        prop:value=move || value.get().to_string()
                        on:change=move |ev| if let Some(v) = number(&ev) { value.set(v.max(0.0)) }
                    />
                </label>
                <label>
                    <span>{pick(lang, "Hasta el año", "Until the year")}</span>
                    <input
                        type="number"
                        inputmode="numeric"
                        min="2026"
                        max="2200"
                        step="1"
                        prop:value=move || until.get().to_string()
                        on:change=move |ev| if let Some(v) = number(&ev) { until.set((v.round() as i32).clamp(2026, 2200)) }
                    />
                </label>
                <label>
                    <span>{pick(lang, "En cuántas versiones de la cuenca", "In how many versions of the basin")}</span>
                    <select on:change=move |ev| if let Some(v) = number(&ev) { confidence.set(v.clamp(0.0, 1.0)) }>
                        {move || {
                            [(0.5, "5 / 10"), (0.6, "6 / 10"), (0.7, "7 / 10"), (0.8, "8 / 10"), (0.9, "9 / 10"), (0.95, "19 / 20")]
                                .into_iter()
                                .map(|(c, label)| {
                                    let text = match lang {
                                        Lang::Es => format!("{label} versiones"),
                                        Lang::En => format!("{label} versions"),
                                    };
                                    view! { <option value=c.to_string() selected=confidence.get_untracked() == c>{text}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <button type="button" data-testid="limit-add" on:click=add>
                    {pick(lang, "Agregar", "Add")}
                </button>
            </details>
            <h3>{pick(lang, "¿Cuánto se puede producir respetando todos los límites?", "How much can be produced within every limit?")}</h3>
            <p class="hint">
                {match lang {
                    Lang::Es => format!(
                        "Se prueba la producción de este escenario y otras, con la misma tecnología, en {TOOL_MEMBERS} versiones de la cuenca. Hoy: {} t/año.",
                        fmt_num(this_production(), 0, Lang::Es)
                    ),
                    Lang::En => format!(
                        "Productions are tried with this scenario's technology, over {TOOL_MEMBERS} versions of the basin. Now: {} t/yr.",
                        fmt_num(this_production(), 0, Lang::En)
                    ),
                }}
            </p>
            <button
                type="button"
                data-testid="envelope-start"
                disabled=move || !can_search() || searching()
                on:click=move |_| envelope.start.run((request.get_untracked(), String::new(), String::new()))
            >
                {move || if searching() {
                    pick(lang, "Calculando…", "Computing…")
                } else {
                    pick(lang, "Calcular", "Compute")
                }}
            </button>
            <div aria-live="polite">{answer}</div>
        }
        .into_any()
    };
    view! {
        <section class="limits" aria-labelledby="limits-title" data-testid="limits">
            {body}
            <TradeoffPanel scenario=scenario request=request has_limits=Signal::derive(can_search) lang=lang/>
        </section>
    }
}
