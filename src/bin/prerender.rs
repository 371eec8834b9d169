//! `cuenca-prerender`: prints the page's pre-rendered first view (the default scenario's headline
//! cards and springs chart, both languages) for `e2e/prerender.mjs` to put in `index.html`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match cuenca::prerender::prerender(&cuenca_model::Basin::default_basin()) {
        Ok(html) => {
            print!("{html}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cuenca-prerender: the default scenario did not run: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
