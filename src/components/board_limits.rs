//! The agreed limits on a workshop's board: which of them each participant's scenario keeps
//! across its ensemble (the limits are the tools' own, those of the page's link). Asked for on a
//! button, since every scenario runs its members; rows fill in as scenarios are judged.

use std::sync::Arc;

use cuenca_link::{encode, Link};
use cuenca_model::negotiation::Limit;
use cuenca_model::Basin;
use leptos::prelude::*;

use crate::board_limits_view::BoardLimitsView;
use crate::components::tool_status::tool_error;
use crate::hooks::use_tool_job::{use_tool_job, TOOL_MEMBERS};
use crate::i18n::{pick, tr, Lang};

#[component]
pub fn BoardLimits(
    basin: Arc<Basin>,
    limits: RwSignal<Vec<Limit>>,
    /// The board's scenarios: their names and link queries, in order.
    #[prop(into)]
    names: Signal<Vec<String>>,
    #[prop(into)] queries: Signal<Vec<String>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let basin = StoredValue::new(basin);
    let job = use_tool_job::<BoardLimitsView>();
    let request = Memo::new(move |_| {
        basin.with_value(|b| {
            encode(
                &Link {
                    limits: limits.get(),
                    ..Link::default()
                },
                b,
            )
        })
    });
    let scenarios = Memo::new(move |_| queries.with(|q| q.join("\n")));
    let shown = move || {
        job.view
            .get()
            .filter(|v| v.query == request.get() && v.scenarios == scenarios.get())
    };
    let running = move || job.running.get() && job.asked.get() == request.get();
    let start = move |_| {
        job.start.run((
            request.get_untracked(),
            scenarios.get_untracked(),
            String::new(),
        ))
    };

    let list = move || {
        let lang = lang.get();
        limits
            .get()
            .iter()
            .map(|l| {
                let text = basin.with_value(|b| l.sentence(&l.place(b, lang), lang));
                view! { <li>{text}</li> }
            })
            .collect_view()
    };
    let result = move || {
        let lang = lang.get();
        let v = shown()?;
        if let Some(e) = &v.error {
            return Some(tool_error(e, lang));
        }
        let n = limits.with(Vec::len);
        let names = names.get();
        let status = match lang {
            Lang::Es if v.complete => format!("Cada escenario, con {TOOL_MEMBERS} versiones de la cuenca ({} corridas del modelo).", v.member_runs),
            Lang::En if v.complete => format!("Each scenario over {TOOL_MEMBERS} versions of the basin ({} model runs).", v.member_runs),
            Lang::Es => format!("Calculando… {} de {} escenarios ({} corridas del modelo).", v.done, v.total, v.member_runs),
            Lang::En => format!("Computing… {} of {} scenarios ({} model runs).", v.done, v.total, v.member_runs),
        };
        let heads = (1..=n)
            .map(|k| view! { <th scope="col">{format!("{k}")}</th> })
            .collect_view();
        let rows = v
            .kept
            .iter()
            .zip(&names)
            .map(|(kept, name)| {
                let count = kept.iter().filter(|&&k| k).count();
                let total = match lang {
                    Lang::Es => format!("{count} de {n}"),
                    Lang::En => format!("{count} of {n}"),
                };
                let cells = kept
                    .iter()
                    .map(|&k| {
                        let (class, text) = if k {
                            ("kept", pick(lang, "✓ sí", "✓ yes"))
                        } else {
                            ("broken", pick(lang, "✗ no", "✗ no"))
                        };
                        view! { <td class=class>{text}</td> }
                    })
                    .collect_view();
                view! {
                    <tr data-testid="board-limits-row">
                        <th scope="row">{name.clone()}</th>
                        <td data-testid="board-limits-count">{total}</td>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        Some(
            view! {
                <p data-testid="board-limits-status" data-done=v.complete.to_string()>{status}</p>
                <div class="table-scroll">
                    <table class="plan-table" data-testid="board-limits">
                        <caption>{pick(lang, "Límites que respeta cada escenario (numerados como arriba)", "Limits each scenario keeps (numbered as above)")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{pick(lang, "Escenario", "Scenario")}</th>
                                <th scope="col">{pick(lang, "Respeta", "Keeps")}</th>
                                {heads}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any(),
        )
    };

    view! {
        <h3>{tr(lang, "Los límites acordados en el tablero", "The agreed limits on the board")}</h3>
        <Show
            when=move || !limits.with(Vec::is_empty)
            fallback=move || view! {
                <p class="hint" data-testid="board-limits-none">
                    {tr(lang, "Agregá límites en «Límites acordados» para ver cuáles respeta cada escenario.", "Add limits under “Agreed limits” to see which each scenario keeps.")}
                </p>
            }
        >
            <ol class="board-limit-list">{list}</ol>
            <button
                type="button"
                class="board-limits-start"
                data-testid="board-limits-start"
                disabled=move || running() || names.with(Vec::is_empty)
                on:click=start
            >
                {move || if running() {
                    pick(lang.get(), "Calculando…", "Computing…")
                } else {
                    pick(lang.get(), "¿Qué límites respeta cada escenario?", "Which limits does each scenario keep?")
                }}
            </button>
            <div aria-live="polite">{result}</div>
        </Show>
    }
}
