//! `cuenca-tools`: the negotiation tools (agreed limits, the envelope, the early-warning plan)
//! as a second module, which the page fetches only when someone opens them (issue #19: most
//! visitors never do, and the page's own module is a third lighter without them). Trunk builds
//! it beside the page (`index.html`, `data-type="worker"`: no hash in its name, no tag in the
//! page). Its worker jobs run in `public/ensemble-worker.js`, which instantiates this module.

#[cfg(target_arch = "wasm32")]
mod jobs;

#[cfg(target_arch = "wasm32")]
mod entry {
    use wasm_bindgen::prelude::*;

    /// The page's hold on the mounted tools.
    #[wasm_bindgen]
    pub struct ToolsHandle(cuenca::tools::ToolsBridge);

    #[wasm_bindgen]
    impl ToolsHandle {
        /// The page's link and the ensemble's verdicts on its limits (postcard bytes).
        pub fn update(&self, query: &str, counts: &[u8], running: bool) {
            self.0.update(query, counts, running);
        }
    }

    /// Mounts the tools in `target`; `on_edit(query)` receives the link they want,
    /// `on_readings(bytes)` what the page shows of the readings, `connect_to_bands()` a port to
    /// the page's bands workers.
    #[wasm_bindgen]
    pub fn mount_tools(
        target: web_sys::HtmlElement,
        on_edit: js_sys::Function,
        on_readings: js_sys::Function,
        connect_to_bands: js_sys::Function,
    ) -> ToolsHandle {
        ToolsHandle(cuenca::tools::mount(
            target,
            on_edit,
            on_readings,
            connect_to_bands,
        ))
    }
}

/// Nothing runs at start: the page calls `mount_tools`, the tools' worker calls the jobs.
#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`cuenca-tools` is a browser module: `cargo xtask serve` builds and serves it.");
}
