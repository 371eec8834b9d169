//! The early-warning plan: staged triggers at places a monitoring well can read (kept in the
//! link), tested on request over the ensemble against the agreed limits: whether the limits hold
//! with the plan, what it costs in lithium, when the first cut comes, and its false alarms.

use std::sync::Arc;

use cuenca_link::{encode, Link, MAX_TRIGGERS};
use cuenca_model::negotiation::plan::{CutTarget, Trigger, DEFAULT_PERSISTENCE_MONTHS};
use cuenca_model::negotiation::{example_plan, Limit};
use cuenca_model::Basin;
use leptos::prelude::*;

use crate::components::site_options::site_options;
use crate::hooks::use_tool_job::{use_tool_job, TOOL_MEMBERS};
use crate::i18n::{pick, Lang};
use crate::plan_view::PlanView;
use crate::scenario_state::ScenarioState;

/// Site kinds a trigger can read: where a monitoring well or a gauge stands.
const TRIGGER_SITE_KINDS: [&str; 4] = ["vega", "spring", "lagoon", "community_well"];

#[component]
pub fn PlanPanel(
    basin: Arc<Basin>,
    scenario: ScenarioState,
    limits: RwSignal<Vec<Limit>>,
    triggers: RwSignal<Vec<Trigger>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let basin = StoredValue::new(basin);
    let place = move |site: &str, lang: Lang| {
        basin.with_value(|b| {
            b.site(site)
                .map(|s| pick(lang, &s.name_es, &s.name_en).to_string())
                .unwrap_or_else(|| site.to_string())
        })
    };
    let rows = move || {
        let lang = lang.get();
        triggers
            .get()
            .into_iter()
            .enumerate()
            .map(|(k, t)| {
                let text = match lang {
                    Lang::Es => format!(
                        "Alerta {}. {}",
                        k + 1,
                        t.sentence(&place(&t.site, lang), lang)
                    ),
                    Lang::En => format!(
                        "Trigger {}. {}",
                        k + 1,
                        t.sentence(&place(&t.site, lang), lang)
                    ),
                };
                view! {
                    <li data-testid="trigger">
                        <p>{text}</p>
                        <button
                            type="button"
                            class="linkish"
                            on:click=move |_| triggers.update(|v| {
                                if k < v.len() {
                                    v.remove(k);
                                }
                            })
                        >
                            {pick(lang, "Quitar esta alerta", "Remove this trigger")}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    // The form for a new trigger.
    let site = RwSignal::new("vega_este".to_string());
    let rise = RwSignal::new(0.3_f64);
    let target = RwSignal::new(CutTarget::Brine);
    let cut = RwSignal::new(25.0_f64);
    let delay = RwSignal::new(6_u32);
    let number = |ev: &leptos::ev::Event| {
        event_target_value(ev)
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    };
    let site_options = move || {
        let lang = lang.get();
        basin.with_value(|b| site_options(b, &TRIGGER_SITE_KINDS, &site.get_untracked(), lang))
    };
    let add = move |_| {
        let trigger = Trigger {
            site: site.get_untracked(),
            rise_m: rise.get_untracked().clamp(0.01, 100.0),
            persistence_months: DEFAULT_PERSISTENCE_MONTHS,
            target: target.get_untracked(),
            cut: (cut.get_untracked() / 100.0).clamp(0.0, 1.0),
            delay_months: delay.get_untracked().min(120),
        };
        triggers.update(|v| {
            if v.len() < MAX_TRIGGERS && !v.contains(&trigger) {
                v.push(trigger);
            }
        });
    };

    let job = use_tool_job::<PlanView>();
    let request = Signal::derive(move || {
        basin.with_value(|b| {
            encode(
                &Link {
                    scenario: scenario.levers.get(),
                    limits: limits.get(),
                    triggers: triggers.get(),
                    ..Link::default()
                },
                b,
            )
        })
    });
    let searching = move || job.running.get() && job.asked.get() == request.get();
    let ready = move || !triggers.get().is_empty() && !limits.get().is_empty();
    let outcome = move || {
        let lang = lang.get();
        let v = job.view.get().filter(|v| v.query == request.get())?;
        Some(if let Some(e) = &v.error {
            view! { <p class="error">{format!("{}: {e}", pick(lang, "No se pudo probar el plan", "Could not test the plan"))}</p> }.into_any()
        } else if v.complete {
            let list = |lines: &[String], id: &'static str| {
                view! {
                    <ul class="plan-outcome" data-testid=id>
                        {lines.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}
                    </ul>
                }
            };
            let n = v.members;
            let cell = move |keeping: usize, needed: usize| {
                let kept = keeping >= needed;
                view! {
                    <td class=if kept { "kept" } else { "broken" } data-kept=kept.to_string()>
                        {format!("{keeping} / {n}")}
                    </td>
                }
            };
            let rows = v
                .limits
                .iter()
                .map(|r| {
                    let place = pick(lang, &r.place_es, &r.place_en).to_string();
                    let needed = match lang {
                        Lang::Es => format!(" (hacen falta {})", r.needed),
                        Lang::En => format!(" ({} needed)", r.needed),
                    };
                    view! {
                        <tr data-testid="plan-limit-row">
                            <th scope="row">{place}<span class="hint">{needed}</span></th>
                            {cell(r.without_plan, r.needed)}
                            {cell(r.with_plan, r.needed)}
                            {cell(r.stop_at_first_fire, r.needed)}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                {list(v.sentences(lang), "plan-outcome")}
                <div class="table-scroll">
                    <table class="plan-table" data-testid="plan-table">
                        <caption>{pick(lang, "Versiones de la cuenca que respetan cada límite", "Versions of the basin that keep each limit")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{pick(lang, "Límite en", "Limit at")}</th>
                                <th scope="col">{pick(lang, "Sin el plan", "Without the plan")}</th>
                                <th scope="col">{pick(lang, "Con el plan", "With the plan")}</th>
                                <th scope="col">{pick(lang, "Parando todo al primer aviso", "Stopping everything at the first warning")}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <h4>{pick(lang, "Cuándo se activa cada alerta", "When each trigger fires")}</h4>
                {list(v.triggers(lang), "plan-triggers")}
                {(!v.warnings(lang).is_empty()).then(|| view! {
                    <h4>{pick(lang, "¿Avisa a tiempo?", "Does it warn in time?")}</h4>
                    {list(v.warnings(lang), "plan-warnings")}
                })}
            }
            .into_any()
        } else {
            let text = match lang {
                Lang::Es => format!(
                    "Probando el plan… {} de {} corridas del modelo.",
                    v.done, v.total
                ),
                Lang::En => format!("Testing the plan… {} of {} model runs.", v.done, v.total),
            };
            view! { <p class="hint">{text}</p> }.into_any()
        })
    };

    // One closure over the language renders the panel (rebuilt when it changes), so its texts
    // are plain strings rather than a reactive closure each: much less code in the page's module.
    move || {
        let lang = lang.get();
        view! {
            <section class="limits plan" aria-labelledby="plan-title" data-testid="plan">
                <h2 id="plan-title">{pick(lang, "Plan de alerta temprana", "Early-warning plan")}</h2>
                <p class="hint">
                    {pick(lang,
                        "Alertas en lugares que se pueden medir: si la napa baja respecto de su nivel antes del proyecto, se recorta el bombeo. El plan se prueba contra los límites acordados: si los protege, cuánto litio cuesta, cuándo llega el primer recorte y cuántas veces daría la alarma solo por el clima.",
                        "Triggers at places that can be measured: if the water table falls below its level before the project, pumping is cut. The plan is tested against the agreed limits: whether it protects them, what lithium it costs, when the first cut comes, and how often the climate alone would raise the alarm.",
                    )}
                </p>
                <button type="button" class="preset" data-testid="plan-example" on:click=move |_| triggers.set(example_plan())>
                    {pick(lang, "Ejemplo: dos fases en la Vega del borde este", "Example: two phases at the east vega")}
                </button>
                <p class="hint">
                    {pick(lang,
                        "Los números del ejemplo son ilustrativos: no son los de ningún plan real (los umbrales de los planes de Atacama no son públicos).",
                        "The example's numbers are illustrative, not any real plan's (the thresholds of the Atacama plans are not public).",
                    )}
                </p>
                <ul class="limit-list" data-testid="trigger-list">{rows}</ul>
                <details class="limit-form">
                    <summary>{pick(lang, "Agregar una alerta", "Add a trigger")}</summary>
                    <label>
                        <span>{pick(lang, "Dónde se mide", "Where it is measured")}</span>
                        <select data-testid="trigger-site" on:change=move |ev| site.set(event_target_value(&ev))>{site_options}</select>
                    </label>
                    <label>
                        <span>{pick(lang, "Cuánto baja la napa para dar la alerta (m)", "How far the water table falls to trigger (m)")}</span>
                        <input type="number" inputmode="decimal" min="0.01" step="0.1" data-testid="trigger-rise"
                            prop:value=move || rise.get().to_string()
                            on:change=move |ev| if let Some(v) = number(&ev) { rise.set(v.clamp(0.01, 100.0)) } />
                    </label>
                    <label>
                        <span>{pick(lang, "Qué se recorta", "What is cut")}</span>
                        <select on:change=move |ev| if let Some(t) = CutTarget::from_key(&event_target_value(&ev)) { target.set(t) }>
                            <option value="brine">{pick(lang, "Bombeo de salmuera", "Brine pumping")}</option>
                            <option value="fresh">{pick(lang, "Agua dulce para el proceso", "Process fresh water")}</option>
                            <option value="all">{pick(lang, "Todo el bombeo del proyecto", "All the project's pumping")}</option>
                        </select>
                    </label>
                    <label>
                        <span>{pick(lang, "Recorte (%)", "Cut (%)")}</span>
                        <input type="number" inputmode="numeric" min="0" max="100" step="5"
                            prop:value=move || cut.get().to_string()
                            on:change=move |ev| if let Some(v) = number(&ev) { cut.set(v.clamp(0.0, 100.0)) } />
                    </label>
                    <label>
                        <span>{pick(lang, "Meses hasta que el recorte se aplica", "Months until the cut applies")}</span>
                        <input type="number" inputmode="numeric" min="0" max="120" step="1"
                            prop:value=move || delay.get().to_string()
                            on:change=move |ev| if let Some(v) = number(&ev) { delay.set(v.round().clamp(0.0, 120.0) as u32) } />
                    </label>
                    <button type="button" data-testid="trigger-add" on:click=add>{pick(lang, "Agregar", "Add")}</button>
                </details>
                <p class="hint">
                    {match lang {
                        Lang::Es => format!("Se prueba con {TOOL_MEMBERS} versiones de la cuenca, con y sin el plan. Hace falta al menos un límite acordado y una alerta."),
                        Lang::En => format!("Tested over {TOOL_MEMBERS} versions of the basin, with and without the plan. It needs at least one agreed limit and one trigger."),
                    }}
                </p>
                <button
                    type="button"
                    data-testid="plan-start"
                    disabled=move || !ready() || searching()
                    on:click=move |_| job.start.run((request.get_untracked(), String::new(), String::new()))
                >
                    {move || if searching() { pick(lang, "Probando…", "Testing…") } else { pick(lang, "Probar el plan", "Test the plan") }}
                </button>
                <div aria-live="polite">{outcome}</div>
            </section>
        }.into_any()
    }
}
