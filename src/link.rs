//! The page's own address carries the scenario (see the `cuenca-link` crate for the format).
//! This module only reads and writes `window.location`, and builds links to share from the
//! page's own address, so a copy served under any sub-path shares links to itself.

use cuenca_link::{encode, parse, Link, LinkIssue};
use std::cell::RefCell;
use std::time::Duration;

use cuenca_model::Basin;
use leptos::prelude::{set_timeout, window};

use crate::address_pace::{AddressPace, Pace};

/// The link this page was opened with (its places named as `basin` names them), and what in it
/// could not be used.
pub fn read_location(basin: &Basin) -> (Link, Vec<LinkIssue>) {
    // `location.search` is still percent-encoded; the codec decodes it (lossily for bad escapes).
    parse(&window().location().search().unwrap_or_default(), basin)
}

/// Replaces the address without adding a history entry per slider move, paced so the browser
/// never ignores a write ([`AddressPace`]): the last scenario is always the one written. The
/// fragment (a facilitator's board, `#board&…`) is kept.
pub fn write_location(link: &Link, basin: &Basin) {
    let query = encode(link, basin);
    let now = now_ms();
    let pace = ADDRESS.with_borrow_mut(|(pace, latest)| {
        *latest = query;
        pace.offer(now)
    });
    match pace {
        Pace::Now => replace_address(),
        Pace::After(ms) => {
            set_timeout(
                || {
                    ADDRESS.with_borrow_mut(|(pace, _)| pace.due(now_ms()));
                    replace_address();
                },
                Duration::from_millis(ms.ceil() as u64),
            );
        }
        Pace::Waiting => {}
    }
}

thread_local! {
    /// The pace of the address's writes, and the latest link query to write.
    static ADDRESS: RefCell<(AddressPace, String)> = RefCell::new(Default::default());
}

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

fn replace_address() {
    let hash = window().location().hash().unwrap_or_default();
    let url = ADDRESS.with_borrow(|(_, query)| format!("?{query}{hash}"));
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
