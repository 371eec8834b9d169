//! Entry point: mounts the app in the browser. Natively there is nothing to show; the same
//! model runs from the `cuenca` command-line tool instead.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(cuenca::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The Cuenca explorer runs in the browser: `cargo xtask serve`.\n\
         For the command line, run `cargo run -p cuenca-cli -- --help`."
    );
}
