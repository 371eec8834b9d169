//! Entry point: mounts the app in the browser and registers the offline service worker.
//! Natively there is nothing to show; the same model runs from the `cuenca` command-line tool.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    console_error_panic_hook::set_once();
    // The ensemble worker loads this same module: there is no page to mount there.
    if js_sys::global().dyn_into::<web_sys::Window>().is_err() {
        return;
    }
    register_service_worker();
    // The pre-rendered first view (e2e/prerender.mjs) gives way to the app.
    if let Some(first_view) = leptos::prelude::document().get_element_by_id("prerender") {
        first_view.remove();
    }
    leptos::mount::mount_to_body(cuenca::App);
}

/// After one visit the page works with no network. Browsers without service workers (or pages
/// not served over https or localhost) simply skip this.
#[cfg(target_arch = "wasm32")]
fn register_service_worker() {
    let navigator = leptos::prelude::window().navigator();
    if js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        // A refused registration (private mode, a third-party iframe) only means no offline
        // copy; awaiting the promise keeps its rejection from surfacing as a page error.
        let registration =
            wasm_bindgen_futures::JsFuture::from(navigator.service_worker().register("sw.js"));
        wasm_bindgen_futures::spawn_local(async move {
            let _ = registration.await;
        });
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The Cuenca explorer runs in the browser: `cargo xtask serve`.\n\
         For the command line, run `cargo run -p cuenca-cli -- --help`."
    );
}
