//! The page's Web Workers (`public/ensemble-worker.js`): each instantiates this page's own
//! compiled module, posted to it, so no worker downloads or compiles the wasm again.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The address of this module's JS glue, an ES module: the worker imports the same file.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// Most workers an ensemble is split across: beyond this a phone's memory (each worker holds
/// its own instance of the module) costs more than the cores give.
const MAX_ENSEMBLE_WORKERS: usize = 7;

/// How many workers split the ensemble: one per core but one (the page's own thread answers the
/// levers), at least one, at most [`MAX_ENSEMBLE_WORKERS`].
pub fn ensemble_workers() -> usize {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .filter(|c| c.is_finite() && *c >= 1.0)
        .map_or(1, |c| c as usize);
    cores.saturating_sub(1).clamp(1, MAX_ENSEMBLE_WORKERS)
}

/// A worker running this page's module, or `None` where module workers are not available (the
/// page then shows no bands).
pub fn spawn_worker() -> Option<web_sys::Worker> {
    let glue = GLUE_URL.with(String::clone);
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    // The worker script's name carries no hash: see `sibling_url`.
    let script = sibling_url("ensemble-worker.js")?;
    let worker = web_sys::Worker::new_with_options(&script, &options).ok()?;
    post(
        &worker,
        &[
            ("type", "init".into()),
            ("glue", glue.into()),
            ("module", wasm_bindgen::module()),
        ],
    );
    Some(worker)
}

/// Posts a plain object of `fields` to `worker`, transferring `transfer` (message ports).
pub fn post_transfer(worker: &web_sys::Worker, fields: &[(&str, JsValue)], transfer: &[JsValue]) {
    let message = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&message, &(*key).into(), value);
    }
    let list: js_sys::Array = transfer.iter().collect();
    let _ = worker.post_message_with_transfer(&message, &list);
}

/// Posts a plain object of `fields` to `worker`.
pub fn post(worker: &web_sys::Worker, fields: &[(&str, JsValue)]) {
    post_transfer(worker, fields, &[]);
}

pub fn field(data: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The address of a file shipped beside this module's glue and named without a content hash,
/// asked for with this build's glue name (`?build=cuenca-app-<hash>.js`), so that no cache (the
/// service worker's or the browser's) can pair an older copy of it with this module.
pub fn sibling_url(name: &str) -> Option<String> {
    let glue = GLUE_URL.with(String::clone);
    let url = web_sys::Url::new_with_base(name, &glue).ok()?;
    url.set_search(&format!(
        "build={}",
        glue.rsplit('/').next().unwrap_or_default()
    ));
    Some(url.href())
}
