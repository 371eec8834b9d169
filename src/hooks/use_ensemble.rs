//! The page's side of the ensemble: Web Workers running this same module, one per spare core,
//! asked for a new ensemble a moment after the levers stop moving; the lead worker answers with
//! partial and final views. The single deterministic run still answers every lever move
//! instantly on the page's thread.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use std::sync::Arc;

use cuenca_link::{encode, Link};
use cuenca_model::negotiation::Limit;
use cuenca_model::{Basin, Scenario};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::ensemble_view::EnsembleView;
use crate::workers::{ensemble_workers, field, post, post_transfer, spawn_worker};

/// Members per ensemble: enough for stable P10–P90 bands and a resolved ranking of five factors.
pub const MEMBERS: usize = 100;
/// The design's seed (kept fixed so a link reproduces the bands).
const SEED: u32 = 1;
/// Quiet time after the last lever move before a new ensemble starts.
const DEBOUNCE: Duration = Duration::from_millis(250);

pub struct UseEnsembleReturn {
    /// The latest ensemble's bands, partial while it runs; `None` until its first members are in.
    pub view: ReadSignal<Option<EnsembleView>>,
    /// The link query of the scenario on screen (a view belongs to it when its `query` is
    /// equal).
    pub query: ReadSignal<String>,
    /// True while the latest request is running.
    pub running: ReadSignal<bool>,
    /// The lead worker, which hands its complete bands' members to a tool that needs the same
    /// ensemble ([`connect_to_bands`]); `None` without workers.
    pub lead: Option<web_sys::Worker>,
}

/// A port to the bands' lead worker: asked `{ query, members, seed }`, it answers `{ members }`,
/// the member bytes of its complete ensemble of that scenario, or none.
pub fn connect_to_bands(lead: &web_sys::Worker) -> Option<web_sys::MessagePort> {
    let channel = web_sys::MessageChannel::new().ok()?;
    let (to_lead, to_tool) = (channel.port1(), channel.port2());
    post_transfer(
        lead,
        &[("type", "peer".into()), ("port", to_lead.clone().into())],
        &[to_lead.into()],
    );
    Some(to_tool)
}

/// The ensemble's workers: a lead that runs its part of the members and gathers the others'
/// through a message port each, and `count − 1` helpers; `None` without module workers.
fn spawn_ensemble_workers(count: usize) -> Option<web_sys::Worker> {
    let lead = spawn_worker()?;
    for _ in 1..count {
        let (Some(helper), Ok(channel)) = (spawn_worker(), web_sys::MessageChannel::new()) else {
            break;
        };
        let (to_helper, to_lead) = (channel.port1(), channel.port2());
        post_transfer(
            &lead,
            &[
                ("type", "helper".into()),
                ("port", to_helper.clone().into()),
            ],
            &[to_helper.into()],
        );
        post_transfer(
            &helper,
            &[("type", "lead".into()), ("port", to_lead.clone().into())],
            &[to_lead.into()],
        );
    }
    Some(lead)
}

/// The bands of `scenario` at the drawdown `threshold_m`, from the workers; with no worker the
/// view stays `None` and the page shows no bands. The
/// scenario travels as a link written with `basin`'s places (the worker's basin is the same).
pub fn use_ensemble(
    basin: Arc<Basin>,
    scenario: Signal<Scenario>,
    threshold_m: Signal<f64>,
    limits: Signal<Vec<Limit>>,
) -> UseEnsembleReturn {
    let (view, set_view) = signal(None::<EnsembleView>);
    let (running, set_running) = signal(false);
    let (query_now, set_query_now) = signal(String::new());
    let mut state = UseEnsembleReturn {
        view,
        query: query_now,
        running,
        lead: None,
    };
    let Some(worker) = spawn_ensemble_workers(ensemble_workers()) else {
        return state;
    };
    state.lead = Some(worker.clone());

    let latest = Rc::new(Cell::new(0u32));
    let seen = latest.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            if field(&data, "id").as_f64() != Some(f64::from(seen.get())) {
                return; // an answer to a request that a newer one replaced
            }
            // The id alone retires replaced requests; the query also keeps out a view of any
            // other scenario than the one on screen, whatever the order messages arrive in.
            if let Some(view) = field(&data, "view")
                .dyn_into::<js_sys::Uint8Array>()
                .ok()
                .and_then(|bytes| EnsembleView::from_bytes(&bytes.to_vec()))
                .filter(|v| v.query == query_now.get_untracked())
            {
                set_view.set(Some(view));
            }
            if field(&data, "type").as_string().as_deref() == Some("done") {
                set_running.set(false);
                if let Some(p) = window().performance() {
                    let _ = p.mark("cuenca:ensemble:end");
                    let _ = p.measure_with_start_mark_and_end_mark(
                        "cuenca:ensemble",
                        "cuenca:ensemble:start",
                        "cuenca:ensemble:end",
                    );
                }
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page.
    on_message.forget();

    let pending: Rc<Cell<Option<TimeoutHandle>>> = Rc::new(Cell::new(None));
    let limits_worker = worker.clone();
    let basin_for_limits = basin.clone();
    Effect::new(move |_| {
        let query = encode(
            &Link {
                scenario: scenario.get(),
                ..Link::default()
            },
            &basin,
        );
        let threshold = threshold_m.get();
        // Bands of the previous scenario would be wrong for this one: clear them until the new
        // ensemble's first partial view arrives, and retire the previous request now, not after
        // the debounce, so none of its partial views (still arriving) is shown for this scenario.
        set_view.set(None);
        set_query_now.set(query.clone());
        if let Some(handle) = pending.take() {
            handle.clear();
        }
        let id = latest.get().wrapping_add(1);
        latest.set(id);
        let worker = worker.clone();
        // The limits ride along untracked: changing one re-counts, it does not re-run.
        let limits_text = limits_query(&limits.get_untracked(), &basin);
        let send = move || {
            if let Some(p) = window().performance() {
                let _ = p.mark("cuenca:ensemble:start");
            }
            set_running.set(true);
            post(
                &worker,
                &[
                    ("type", "run".into()),
                    ("id", id.into()),
                    ("query", query.as_str().into()),
                    ("members", (MEMBERS as u32).into()),
                    ("seed", SEED.into()),
                    ("threshold", threshold.into()),
                    ("limits", limits_text.as_str().into()),
                ],
            );
        };
        pending.set(set_timeout_with_handle(send, DEBOUNCE).ok());
    });
    // Changed limits are counted on the ensemble already run (or about to complete).
    Effect::new(move |first: Option<()>| {
        let text = limits_query(&limits.get(), &basin_for_limits);
        if first.is_some() {
            post(
                &limits_worker,
                &[("type", "limits".into()), ("limits", text.into())],
            );
        }
    });
    state
}

/// The `lim=` parts of a link for `limits`.
pub fn limits_query(limits: &[Limit], basin: &Basin) -> String {
    let link = Link {
        limits: limits.to_vec(),
        ..Link::default()
    };
    // Only the `lim=` parts: the worker reads them with the link parser.
    encode(&link, basin)
        .split('&')
        .filter(|p| p.starts_with("lim="))
        .collect::<Vec<_>>()
        .join("&")
}
