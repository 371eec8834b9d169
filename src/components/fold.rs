//! A long section that folds on a phone. On a phone the levers come after the results, so a
//! page of open charts, ranges and map put them ten screens down (issue #20). There the long
//! sections start folded, each a tap on its title away; on a wide screen, where the levers
//! stand beside the results, they start open. A printed page shows them all, folded or not
//! (`style/main.css`).

use leptos::prelude::*;

/// Whether the page has the wide, two-column layout (`style/main.css`'s breakpoint, 60rem at the
/// default 16 px font).
fn wide_layout() -> bool {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= 960.0)
}

/// A section's title and body, folded on a phone. `on_open` is bumped when it opens (charts
/// drawn while folded have no width to follow, so they redraw then).
pub fn fold(
    title_id: &'static str,
    title: impl IntoView + 'static,
    body: impl IntoView + 'static,
    on_open: Option<WriteSignal<u32>>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Details>::new();
    view! {
        <details
            class="fold"
            node_ref=node
            open=wide_layout()
            on:toggle=move |_| {
                let opened = node.get_untracked().is_some_and(|d| d.open());
                if let (true, Some(bump)) = (opened, on_open) {
                    bump.update(|n| *n = n.wrapping_add(1));
                }
            }
        >
            <summary>
                <h2 id=title_id>{title}</h2>
            </summary>
            {body}
        </details>
    }
}
