//! The page's side of the envelope search: a second copy of the ensemble worker, started on the
//! first request (most visitors never ask), answering with progress and then the answer.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::envelope_view::EnvelopeView;
use crate::hooks::use_ensemble::{field, post, spawn_worker};

/// Members each production is judged on: a verdict to one in 40, found in a few seconds on a
/// desktop (the ensemble's bands use 100; `cuenca envelope --members 40` gives the same answer).
pub const ENVELOPE_MEMBERS: usize = 40;
/// Width at which the bisection stops, t LCE/yr (the answer is said to two figures).
pub const ENVELOPE_TOLERANCE_T_PER_YR: f64 = 1_000.0;
/// The design's seed, as the bands'.
const SEED: u32 = 1;

pub struct UseEnvelopeReturn {
    /// The latest search's progress or answer.
    pub view: ReadSignal<Option<EnvelopeView>>,
    pub running: ReadSignal<bool>,
    /// The query of the latest search asked for.
    pub asked: ReadSignal<String>,
    /// Starts a search for a link query (scenario and limits); a newer one replaces it.
    pub start: UnsyncCallback<String>,
}

pub fn use_envelope() -> UseEnvelopeReturn {
    let (view, set_view) = signal(None::<EnvelopeView>);
    let (running, set_running) = signal(false);
    let (asked, set_asked) = signal(String::new());
    let worker: Rc<RefCell<Option<web_sys::Worker>>> = Rc::new(RefCell::new(None));
    let latest = Rc::new(Cell::new(0u32));
    let start = move |query: String| {
        if worker.borrow().is_none() {
            let Some(w) = spawn_worker() else {
                return;
            };
            let seen = latest.clone();
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    let data = event.data();
                    if field(&data, "id").as_f64() != Some(f64::from(seen.get())) {
                        return;
                    }
                    if let Some(v) = field(&data, "view")
                        .dyn_into::<js_sys::Uint8Array>()
                        .ok()
                        .and_then(|bytes| EnvelopeView::from_bytes(&bytes.to_vec()))
                    {
                        set_view.set(Some(v));
                    }
                    if field(&data, "type").as_string().as_deref() == Some("done") {
                        set_running.set(false);
                    }
                },
            );
            w.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            *worker.borrow_mut() = Some(w);
        }
        let id = latest.get().wrapping_add(1);
        latest.set(id);
        set_view.set(None);
        set_running.set(true);
        set_asked.set(query.clone());
        if let Some(w) = worker.borrow().as_ref() {
            post(
                w,
                &[
                    ("type", "envelope".into()),
                    ("id", id.into()),
                    ("query", query.as_str().into()),
                    ("members", (ENVELOPE_MEMBERS as u32).into()),
                    ("seed", SEED.into()),
                    ("tolerance", ENVELOPE_TOLERANCE_T_PER_YR.into()),
                ],
            );
        }
    };
    UseEnvelopeReturn {
        view,
        running,
        asked,
        start: UnsyncCallback::new(start),
    }
}
