//! Cuenca's web app: a thin Leptos layer that edits a scenario, asks the basin model for
//! results and draws them. Pure helpers (language, lever values, sources, chart data) build
//! natively too, so `cargo test` checks them without a browser.

pub mod address_pace;
pub mod board_limits_view;
pub mod board_view;
pub mod central_fit;
pub mod chart_data;
pub mod chart_svg;
#[cfg(target_arch = "wasm32")]
mod device_text;
#[cfg(target_arch = "wasm32")]
mod download;
pub mod ensemble_view;
pub mod envelope_view;
#[cfg(target_arch = "wasm32")]
mod hooks;
pub mod i18n;
pub mod lever_value;
#[cfg(target_arch = "wasm32")]
mod link;
pub mod measure_next_view;
pub mod page_readings;
pub mod plan_view;
pub mod prerender;
pub mod qr_read;
#[cfg(target_arch = "wasm32")]
mod scenario_state;
pub mod sources;
#[cfg(target_arch = "wasm32")]
pub mod tools;
pub mod tradeoff_svg;
pub mod tradeoff_view;
pub mod weigh_chart;
pub mod weigh_view;
#[cfg(target_arch = "wasm32")]
pub mod worker_api;
#[cfg(target_arch = "wasm32")]
mod workers;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;

#[cfg(target_arch = "wasm32")]
pub use app::App;
