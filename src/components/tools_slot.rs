//! Where the negotiation tools go: a short description and a button until someone opens them,
//! then the `cuenca-tools` module (fetched once, on demand) mounted in place. A link that carries
//! limits or triggers opens them at once, since that is what its reader came to see; so do
//! readings kept on this device, which the tools read and put on the page's charts.

use cuenca_link::Link;
use cuenca_model::Basin;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::ensemble_view::EnsembleView;
use crate::hooks::use_ensemble::connect_to_bands;
use crate::i18n::{pick, tr, Lang};
use crate::page_readings::{PageReadings, READINGS_KEY};
use crate::tools::counts_to_bytes;
use crate::workers::sibling_url;

#[wasm_bindgen(inline_js = "export async function load_tools(glue, wasm) {
  const tools = await import(glue);
  await tools.default({ module_or_path: wasm });
  return tools;
}")]
extern "C" {
    /// Imports the tools' JS glue and instantiates their module.
    #[wasm_bindgen(catch)]
    async fn load_tools(glue: &str, wasm: &str) -> Result<JsValue, JsValue>;
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Closed,
    Loading,
    Failed,
    Open,
}

/// The page's bands as the tools see them: their verdicts on the limits, whether they are
/// running, and the lead worker that hands their members to a tool needing the same ensemble.
pub struct Bands {
    pub view: Signal<Option<EnsembleView>>,
    pub running: Signal<bool>,
    pub lead: Option<web_sys::Worker>,
}

/// The page's side of the tools: `link` is the page's link, `edit` applies the link the tools
/// send back (their limits, triggers and levers), `readings` receives what the page's charts and
/// map show of the readings kept on this device.
pub fn tools_slot(
    basin: Arc<Basin>,
    link: Signal<Link>,
    edit: Callback<String>,
    readings: RwSignal<PageReadings>,
    bands: Bands,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let Bands {
        view: ensemble,
        running: ensemble_running,
        lead,
    } = bands;
    let bands_lead = StoredValue::new_local(lead);
    let status = RwSignal::new(Status::Closed);
    let target = NodeRef::<leptos::html::Div>::new();
    let handle = StoredValue::new_local(None::<JsValue>);

    let open = move || {
        if matches!(status.get_untracked(), Status::Loading | Status::Open) {
            return;
        }
        status.set(Status::Loading);
        leptos::task::spawn_local(async move {
            // The glue and module carry no content hash in their names: ask for them with this
            // build's own glue name, so no cache pairs an older tools module with this page.
            let (Some(glue), Some(wasm)) = (
                sibling_url("cuenca-tools.js"),
                sibling_url("cuenca-tools_bg.wasm"),
            ) else {
                status.set(Status::Failed);
                return;
            };
            let mounted = load_tools(&glue, &wasm).await.ok().and_then(|tools| {
                let mount = js_sys::Reflect::get(&tools, &"mount_tools".into())
                    .ok()?
                    .dyn_into::<js_sys::Function>()
                    .ok()?;
                let on_edit = Closure::<dyn Fn(String)>::new(move |query: String| edit.run(query));
                let on_readings =
                    Closure::<dyn Fn(js_sys::Uint8Array)>::new(move |bytes: js_sys::Uint8Array| {
                        let read = PageReadings::from_bytes(&bytes.to_vec()).unwrap_or_default();
                        crate::tools::set_if_changed(readings, read);
                    });
                // A port to the bands' workers for each tool that needs the same members.
                let connect = Closure::<dyn Fn() -> JsValue>::new(move || {
                    bands_lead
                        .with_value(|lead| lead.as_ref().and_then(connect_to_bands))
                        .map_or(JsValue::NULL, JsValue::from)
                });
                let element: web_sys::HtmlElement = target.get_untracked()?.into();
                let args = js_sys::Array::of4(
                    &element,
                    &on_edit.into_js_value(),
                    &on_readings.into_js_value(),
                    &connect.into_js_value(),
                );
                mount.apply(&JsValue::NULL, &args).ok()
            });
            match mounted {
                Some(h) => {
                    handle.set_value(Some(h));
                    status.set(Status::Open);
                }
                None => status.set(Status::Failed),
            }
        });
    };
    // A facilitator's board link (`#board&…`) opens them too, at the board.
    let board = window()
        .location()
        .hash()
        .is_ok_and(|h| h.starts_with("#board"));
    // Readings kept on this device open them too: they put the readings on the page's charts.
    let stored_readings = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(READINGS_KEY).ok().flatten())
        .is_some_and(|t| !t.is_empty());
    let starts_open = board
        || stored_readings
        || link.with_untracked(|l| !l.limits.is_empty() || !l.triggers.is_empty());
    if starts_open {
        request_animation_frame(open);
    }
    if board {
        Effect::new(move |_| {
            if status.get() == Status::Open {
                if let Some(el) = document().get_element_by_id("tablero") {
                    el.scroll_into_view();
                }
            }
        });
    }

    // The page's link and verdicts, told to the tools whenever either changes.
    Effect::new(move |_| {
        if status.get() != Status::Open {
            return;
        }
        let query = cuenca_link::encode(&link.get(), &basin);
        let counts = ensemble.with(|v| v.as_ref().map(|v| v.limits.clone()));
        let running = ensemble_running.get();
        handle.with_value(|h| {
            let Some(h) = h else { return };
            if let Ok(update) = js_sys::Reflect::get(h, &"update".into())
                .and_then(|f| f.dyn_into::<js_sys::Function>())
            {
                let bytes = js_sys::Uint8Array::from(counts_to_bytes(&counts).as_slice());
                let _ = update.call3(h, &query.into(), &bytes, &running.into());
            }
        });
    });

    view! {
        <div class="tools" data-testid="tools">
            <Show when=move || status.get() != Status::Open>
                <section class="limits" aria-labelledby="tools-title">
                    <h2 id="tools-title">
                        {tr(lang, "Negociar y medir: límites, plan de alerta, mediciones y tablero del taller", "Negotiating and measuring: limits, an early-warning plan, readings and a workshop board")}
                    </h2>
                    <p class="hint">
                        {tr(lang, "Límites que las partes acuerdan para la napa y las vertientes, cuánto se puede producir respetándolos, un plan de alerta temprana probado contra la incertidumbre, tus propias mediciones para acotarla, y un tablero que reúne los escenarios de un taller. Se descargan aparte, la primera vez que se abren.", "Limits the parties agree for the water table and the springs, how much can be produced within them, an early-warning plan tested against the uncertainty, your own readings to narrow it, and a board that gathers a workshop's scenarios. They download separately, the first time they are opened.")}
                    </p>
                    <button
                        type="button"
                        data-testid="tools-open"
                        disabled=move || status.get() == Status::Loading
                        on:click=move |_| open()
                    >
                        {move || match status.get() {
                            Status::Loading => pick(lang.get(), "Cargando…", "Loading…"),
                            _ => pick(lang.get(), "Abrir las herramientas para negociar", "Open the negotiating tools"),
                        }}
                    </button>
                    <p class="error" role="alert" hidden=move || status.get() != Status::Failed>
                        {tr(lang, "No se pudieron cargar las herramientas (¿sin conexión?). Probá de nuevo.", "The tools could not be loaded (no connection?). Try again.")}
                    </p>
                </section>
            </Show>
            <div node_ref=target></div>
        </div>
    }
}
