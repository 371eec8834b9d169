//! The visible Spanish / English switch.

use leptos::prelude::*;

use crate::i18n::Lang;

/// Two buttons, the active one marked with `aria-pressed`. Each accessible name starts with
/// its visible code, so voice-control users can say what they see.
#[component]
pub fn LangSwitch(lang: ReadSignal<Lang>, set_lang: WriteSignal<Lang>) -> impl IntoView {
    let button = move |target: Lang, label: &'static str, name: &'static str| {
        view! {
            <button
                type="button"
                class="lang"
                lang=target.tag()
                aria-label=name
                aria-pressed=move || (lang.get() == target).to_string()
                on:click=move |_| set_lang.set(target)
            >
                {label}
            </button>
        }
    };
    view! {
        <nav class="langs" aria-label="Idioma / Language">
            {button(Lang::Es, "ES", "ES, español")}
            {button(Lang::En, "EN", "EN, English")}
        </nav>
    }
}
