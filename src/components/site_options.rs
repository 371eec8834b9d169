//! The `<option>`s of a place picker: the basin's sites of some kinds, in the reader's language.

use cuenca_model::Basin;
use leptos::prelude::*;

use crate::i18n::{pick, Lang};

/// An `<option>` per site of `basin` whose kind is in `kinds`, `selected` marked.
pub fn site_options(basin: &Basin, kinds: &[&str], selected: &str, lang: Lang) -> impl IntoView {
    basin
        .sites
        .iter()
        .filter(|s| kinds.contains(&s.kind.as_str()))
        .map(|s| {
            let chosen = s.id == selected;
            view! { <option value=s.id.clone() selected=chosen>{pick(lang, &s.name_es, &s.name_en).to_string()}</option> }
        })
        .collect_view()
}
