//! What a tool that runs the ensemble's members says before its answer: that it could not
//! compute, or how many members have run.

use leptos::prelude::*;

use crate::i18n::{pick, Lang};

/// "No se pudo calcular: …", announced.
pub fn tool_error(error: &str, lang: Lang) -> AnyView {
    view! { <p class="error" role="alert">{format!("{}: {error}", pick(lang, "No se pudo calcular", "Could not compute"))}</p> }
        .into_any()
}

/// "Corriendo 12 de 100 versiones de la cuenca…", under the test id `testid`.
pub fn members_running(done: usize, total: usize, testid: &'static str, lang: Lang) -> AnyView {
    let text = match lang {
        Lang::Es => format!("Corriendo {done} de {total} versiones de la cuenca…"),
        Lang::En => format!("Running {done} of {total} versions of the basin…"),
    };
    view! { <p data-testid=testid>{text}</p> }.into_any()
}
