//! Text a person keeps on this device (the browser's local storage): their readings and the
//! rain of past years. Never in the link, never sent anywhere.

use leptos::prelude::*;

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A text signal that starts from what this device keeps under `key` and keeps every edit;
/// an empty text, or one longer than `max_bytes` (which its reader refuses), is not kept.
pub fn device_text(key: &'static str, max_bytes: usize) -> RwSignal<String> {
    let text = RwSignal::new(
        storage()
            .and_then(|s| s.get_item(key).ok().flatten())
            .unwrap_or_default(),
    );
    Effect::new(move |_| {
        let t = text.get();
        if let Some(s) = storage() {
            let _ = if t.is_empty() || t.len() > max_bytes {
                s.remove_item(key)
            } else {
                s.set_item(key, &t)
            };
        }
    });
    text
}
