//! The page's side of a tool that runs many members on request (the envelope search, the
//! trade-off map, a plan's test, the weighing): its own copy of the ensemble worker, started on
//! the first request (most visitors never ask), answering with progress and then the answer as
//! a view of type `V`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::board_limits_view::BoardLimitsView;
use crate::envelope_view::EnvelopeView;
use crate::measure_next_view::MeasureNextView;
use crate::plan_view::PlanView;
use crate::tradeoff_view::TradeoffView;
use crate::weigh_view::WeighView;
use crate::workers::{field, post_transfer, spawn_worker};

/// Members each tool judges on: verdicts to one in 40, found in a few seconds on a desktop (the
/// bands use 100; `cuenca envelope --members 40` and `cuenca plan --members 40` give the same
/// answers).
pub const TOOL_MEMBERS: usize = 40;
/// Width at which the envelope's bisection stops, t LCE/yr (the answer is said to two figures).
pub const ENVELOPE_TOLERANCE_T_PER_YR: f64 = 1_000.0;
/// The design's seed, as the bands'.
const SEED: u32 = 1;

/// A view a tool's worker posts.
pub trait ToolView: Clone + Send + Sync + 'static {
    /// The worker's job type.
    const KIND: &'static str;
    /// Members the job runs.
    const MEMBERS: usize = TOOL_MEMBERS;
    /// Whether the job can take the page's bands' members (the same ensemble) instead of
    /// running them: it is then given a port to the bands' workers.
    const ADOPTS_BANDS: bool = false;
    fn from_bytes(bytes: &[u8]) -> Option<Self>;
}

impl ToolView for EnvelopeView {
    const KIND: &'static str = "envelope";
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        EnvelopeView::from_bytes(bytes)
    }
}

impl ToolView for TradeoffView {
    const KIND: &'static str = "tradeoff";
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        TradeoffView::from_bytes(bytes)
    }
}

impl ToolView for BoardLimitsView {
    const KIND: &'static str = "board";
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        BoardLimitsView::from_bytes(bytes)
    }
}

impl ToolView for PlanView {
    const KIND: &'static str = "plan";
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        PlanView::from_bytes(bytes)
    }
}

impl ToolView for MeasureNextView {
    const KIND: &'static str = "measure_next";
    /// As many as the bands and `cuenca measure-next`, so they are the bands' members.
    const MEMBERS: usize = 100;
    const ADOPTS_BANDS: bool = true;
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        MeasureNextView::from_bytes(bytes)
    }
}

impl ToolView for WeighView {
    const KIND: &'static str = "weigh";
    /// As many as the bands, so the ranges before the readings are the cards' ranges (and,
    /// without a rain file, the very members of the bands).
    const MEMBERS: usize = 100;
    const ADOPTS_BANDS: bool = true;
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        WeighView::from_bytes(bytes)
    }
}

pub struct UseToolJobReturn<V: Send + Sync + 'static> {
    /// The latest request's progress or answer.
    pub view: ReadSignal<Option<V>>,
    pub running: ReadSignal<bool>,
    /// The query of the latest request.
    pub asked: ReadSignal<String>,
    /// Starts a request for a link query and what else the job reads (the readings' CSV for the
    /// weighing, the two levers for the trade-off map, the board's scenarios) and, for the
    /// weighing, the observed climate's CSV (empty: none); a newer request replaces it.
    pub start: UnsyncCallback<(String, String, String)>,
}

// By hand: a derive would ask `V: Copy`, which signals of `V` do not need.
impl<V: Send + Sync + 'static> Clone for UseToolJobReturn<V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<V: Send + Sync + 'static> Copy for UseToolJobReturn<V> {}

pub fn use_tool_job<V: ToolView>() -> UseToolJobReturn<V> {
    let (view, set_view) = signal(None::<V>);
    let (running, set_running) = signal(false);
    let (asked, set_asked) = signal(String::new());
    let worker: Rc<RefCell<Option<web_sys::Worker>>> = Rc::new(RefCell::new(None));
    let latest = Rc::new(Cell::new(0u32));
    let bands = V::ADOPTS_BANDS
        .then(use_context::<crate::tools::BandsPort>)
        .flatten();
    let start = move |(query, extra, climate): (String, String, String)| {
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
                        .and_then(|bytes| V::from_bytes(&bytes.to_vec()))
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
            // A fresh port each request: a port moves to the worker with the message.
            let port = bands.and_then(|b| b.connect());
            let transfer: Vec<JsValue> = port.iter().map(JsValue::from).collect();
            post_transfer(
                w,
                &[
                    ("peer", port.map_or(JsValue::NULL, JsValue::from)),
                    ("type", V::KIND.into()),
                    ("id", id.into()),
                    ("query", query.as_str().into()),
                    ("members", (V::MEMBERS as u32).into()),
                    ("seed", SEED.into()),
                    ("tolerance", ENVELOPE_TOLERANCE_T_PER_YR.into()),
                    ("extra", extra.as_str().into()),
                    ("climate", climate.as_str().into()),
                ],
                &transfer,
            );
        }
    };
    UseToolJobReturn {
        view,
        running,
        asked,
        start: UnsyncCallback::new(start),
    }
}
