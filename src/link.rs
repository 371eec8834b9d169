//! The page's own address carries the scenario (see the `cuenca-link` crate for the format).
//! This module only reads and writes `window.location`, and builds links to share from the
//! page's own address, so a copy served under any sub-path shares links to itself.

use cuenca_link::{encode, parse, Link, LinkIssue};
use cuenca_model::Basin;
use leptos::prelude::window;

/// The link this page was opened with (its places named as `basin` names them), and what in it
/// could not be used.
pub fn read_location(basin: &Basin) -> (Link, Vec<LinkIssue>) {
    // `location.search` is still percent-encoded; the codec decodes it (lossily for bad escapes).
    parse(&window().location().search().unwrap_or_default(), basin)
}

/// Replaces the address without adding a history entry per slider move. The fragment (a
/// facilitator's board, `#board&…`) is kept.
pub fn write_location(link: &Link, basin: &Basin) {
    let hash = window().location().hash().unwrap_or_default();
    let url = format!("?{}{hash}", encode(link, basin));
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The full address to share: this page's origin and path, plus the link.
pub fn share_url(link: &Link, basin: &Basin) -> String {
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    format!("{origin}{path}?{}", encode(link, basin))
}
