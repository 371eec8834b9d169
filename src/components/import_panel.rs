//! Opening a file downloaded before: a scenario JSON, or a CSV by its `# link:` line. The page is
//! reloaded with the file's link, so everything the link holds comes back and the numbers match.
//! Part of the tools' module: few people need it, and the page's own module stays lighter.

use cuenca_export::link_in;
use leptos::prelude::*;

use crate::download::read_chosen_file;
use crate::i18n::{tr, Lang};

#[component]
pub fn ImportPanel(lang: ReadSignal<Lang>) -> impl IntoView {
    let unreadable = RwSignal::new(false);
    let import = move |ev: leptos::ev::Event| {
        read_chosen_file(&ev, move |text| match link_in(&text) {
            // Untrusted text: the page reads it with the link codec like any address.
            Some(query) => {
                unreadable.set(false);
                let _ = window().location().set_search(&query);
            }
            None => unreadable.set(true),
        });
    };
    view! {
        <section class="limits" aria-labelledby="import-title" data-testid="import">
            <h2 id="import-title">{tr(lang, "Abrir un escenario descargado", "Opening a downloaded scenario")}</h2>
            <label>
                <span>{tr(lang, "Un escenario (JSON) o resultados (CSV) descargados de Cuenca", "A scenario (JSON) or results (CSV) downloaded from Cuenca")}</span>
                <input type="file" accept=".json,.csv,application/json,text/csv" data-testid="import-file" on:change=import />
            </label>
            <p class="error" role="alert" hidden=move || !unreadable.get()>
                {tr(lang, "Ese archivo no trae el enlace de un escenario de Cuenca.", "That file does not carry the link of a Cuenca scenario.")}
            </p>
        </section>
    }
}
