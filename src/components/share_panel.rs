//! Sharing the current scenario: the link to copy, the phone's share sheet where there is one,
//! a QR code big enough to scan from a projected screen, and an iframe snippet for journalists.

use std::sync::Arc;

use cuenca_link::{ChartId, Link, View, MAX_EMBED_LEVERS};
use cuenca_model::{Basin, LeverGroup, LeverId, LEVERS};
use leptos::prelude::*;
use qrcode::{Color, EcLevel, QrCode};

use crate::components::lever_panel::{group_title, GROUPS};
use crate::i18n::{pick, tr, Lang};
use crate::link::share_url;

/// Modules of white border around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// The QR code of `text` as one SVG path (dark modules as unit squares) and its side length.
/// Medium error correction: projected screens are rarely crisp.
pub fn qr_path(text: &str) -> Option<(String, usize)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let mut d = String::with_capacity(width * width * 6);
    for (k, colour) in code.to_colors().into_iter().enumerate() {
        if colour == Color::Dark {
            let (x, y) = (k % width + QUIET_ZONE, k / width + QUIET_ZONE);
            d.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some((d, width + 2 * QUIET_ZONE))
}

#[component]
pub fn SharePanel(
    #[prop(into)] link: Signal<Link>,
    /// The name the link carries, set here (a facilitator's board lists links by it).
    title: RwSignal<Option<String>>,
    /// The basin whose places the link names.
    basin: Arc<Basin>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let url = {
        let basin = basin.clone();
        Memo::new(move |_| share_url(&link.get(), &basin))
    };
    // `Some(true)` copied, `Some(false)` the browser would not: the link is selected for the
    // person to copy. Either says so for a few seconds, then the button reads as before.
    let (copied, set_copied) = signal(None::<bool>);
    let navigator = window().navigator();
    // Plain http on a local network (a workshop laptop) is not a secure context: there the
    // browser has neither the clipboard nor the share sheet, and calling them would throw.
    let has = |name: &str| js_sys::Reflect::has(&navigator, &name.into()).unwrap_or(false);
    let (can_copy, can_share) = (has("clipboard"), has("share"));
    let input = NodeRef::<leptos::html::Input>::new();
    let copy = move |_| {
        let done = move |ok: bool| {
            if !ok {
                if let Some(i) = input.get_untracked() {
                    let _ = i.focus();
                    i.select();
                }
            }
            set_copied.set(Some(ok));
            set_timeout(
                move || set_copied.set(None),
                std::time::Duration::from_secs(4),
            );
        };
        if !can_copy {
            done(false);
            return;
        }
        let promise = window()
            .navigator()
            .clipboard()
            .write_text(&url.get_untracked());
        leptos::task::spawn_local(async move {
            done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    };
    let share = move |_| {
        let data = web_sys::ShareData::new();
        data.set_url(&url.get_untracked());
        data.set_title("Cuenca — Salar de Pastos Grandes");
        // The share sheet reports cancellation as a rejected promise: nothing to do then.
        let _ = window().navigator().share_with_data(&data);
    };
    let (embed_chart, set_embed_chart) = signal(View::Chart(ChartId::Drawdown));
    // The levers a reader of the article may move; the rest stay locked at this scenario's values.
    let embed_live = RwSignal::new([None::<LeverId>; MAX_EMBED_LEVERS]);
    let embed_snippet = move || {
        let mut live: Vec<LeverId> = Vec::new();
        for id in embed_live.get().into_iter().flatten() {
            if !live.contains(&id) {
                live.push(id);
            }
        }
        let embed = Link {
            view: embed_chart.get(),
            embed: true,
            embed_levers: live,
            ..link.get()
        };
        format!(
            // The script sizes the frame to the height it posts (pages that strip scripts and
            // embed Datawrapper charts size it from the `datawrapper-height` message anyway).
            "<iframe src=\"{}\" title=\"Cuenca\" width=\"100%\" height=\"520\" style=\"border:0\" loading=\"lazy\"></iframe>\n<script>addEventListener(\"message\",function(e){{var d=e.data;if(d&&d.type===\"cuenca:height\")document.querySelectorAll(\"iframe\").forEach(function(f){{if(f.contentWindow===e.source)f.style.height=d.height+\"px\"}})}})</script>",
            share_url(&embed, &basin).replace('&', "&amp;")
        )
    };
    let qr = move || {
        qr_path(&url.get()).map(|(d, side)| {
            view! {
                <svg
                    class="qr"
                    data-testid="qr"
                    viewBox=format!("0 0 {side} {side}")
                    role="img"
                    aria-label=tr(lang, "Código QR del enlace a este escenario", "QR code of the link to this scenario")
                    shape-rendering="crispEdges"
                >
                    <rect width=side height=side fill="#ffffff"></rect>
                    <path d=d fill="#000000"></path>
                </svg>
            }
        })
    };
    view! {
        <details class="share" data-testid="share">
            <summary>{tr(lang, "Compartir este escenario", "Share this scenario")}</summary>
            <label class="share-url">
                <span>{tr(lang, "Nombre del escenario (opcional, p. ej. «Grupo 3»)", "Scenario name (optional, e.g. “Group 3”)")}</span>
                <input type="text" data-testid="share-title" maxlength=cuenca_link::MAX_TITLE_CHARS prop:value=move || title.get().unwrap_or_default() on:change=move |ev| title.set(cuenca_link::clean_title(&event_target_value(&ev))) />
            </label>
            <label class="share-url">
                <span>{tr(lang, "Enlace", "Link")}</span>
                <input type="text" readonly data-testid="share-url" node_ref=input prop:value=move || url.get() />
            </label>
            <div class="share-buttons">
                <button type="button" data-testid="copy-link" on:click=copy>
                    {move || match copied.get() {
                        Some(true) => pick(lang.get(), "¡Copiado!", "Copied!"),
                        _ => pick(lang.get(), "Copiar enlace", "Copy link"),
                    }}
                </button>
                {can_share.then(|| view! {
                    <button type="button" on:click=share>{tr(lang, "Compartir…", "Share…")}</button>
                })}
            </div>
            {move || (copied.get() == Some(false)).then(|| view! {
                <p class="hint" role="status" data-testid="copy-by-hand">
                    {tr(lang, "Este navegador no deja copiar desde la página: el enlace quedó seleccionado, copialo a mano (mantené apretado o Ctrl+C).", "This browser does not let the page copy: the link is selected, copy it by hand (long-press or Ctrl+C).")}
                </p>
            })}
            <p class="hint">{tr(lang, "Para un taller: proyectá este código y cada quien lo escanea con el teléfono.", "For a workshop: project this code and everyone scans it with their phone.")}</p>
            {qr}
            <label class="embed-choice">
                <span>{tr(lang, "Insertar en una nota (iframe): qué mostrar", "Embed in an article (iframe): what to show")}</span>
                <select on:change=move |ev| {
                    if let Some(view) = View::from_key(&event_target_value(&ev)) {
                        set_embed_chart.set(view);
                    }
                }>
                    {[View::Chart(ChartId::Drawdown), View::Chart(ChartId::Springs), View::Chart(ChartId::Vega), View::Chart(ChartId::Lagoon), View::Chart(ChartId::Lithium), View::Map]
                        .into_iter()
                        .map(|v| view! { <option value=v.key()>{move || view_name(v, lang.get())}</option> })
                        .collect_view()}
                </select>
            </label>
            {(0..MAX_EMBED_LEVERS).map(|k| view! {
                <label class="embed-choice">
                    <span>{move || format!("{} {}", pick(lang.get(), "Palanca que el lector puede mover", "Lever the reader may move"), k + 1)}</span>
                    // The options as one string: forty reactive option nodes would weigh kilobytes
                    // of the first visit's module for a control few people open.
                    <select
                        data-testid=format!("embed-lever-{}", k + 1)
                        inner_html=move || lever_options(lang.get(), embed_live.get()[k])
                        on:change=move |ev| {
                            let id = LeverId::from_key(&event_target_value(&ev));
                            embed_live.update(|live| live[k] = id);
                        }
                    ></select>
                </label>
            }).collect_view()}
            <textarea readonly rows="4" data-testid="embed-snippet" aria-label="iframe" prop:value=embed_snippet></textarea>
        </details>
    }
}

/// The `<option>`s of a live-lever chooser: none, then every lever a reader would understand
/// (the advanced multipliers are for analysts), grouped as in the lever panel.
fn lever_options(lang: Lang, chosen: Option<LeverId>) -> String {
    let option = |key: &str, label: &str, selected: bool| {
        let selected = if selected { " selected" } else { "" };
        format!("<option value=\"{key}\"{selected}>{label}</option>")
    };
    let mut html = option(
        "",
        pick(lang, "Ninguna (todo fijo)", "None (all locked)"),
        chosen.is_none(),
    );
    for group in GROUPS.into_iter().filter(|g| *g != LeverGroup::Advanced) {
        html.push_str(&format!(
            "<optgroup label=\"{}\">",
            group_title(group, lang)
        ));
        for spec in LEVERS.iter().filter(|s| s.group == group) {
            html.push_str(&option(
                spec.key,
                pick(lang, spec.label_es, spec.label_en),
                chosen == Some(spec.id),
            ));
        }
        html.push_str("</optgroup>");
    }
    html
}

pub fn view_name(view: View, lang: Lang) -> &'static str {
    match view {
        View::Explore => pick(lang, "Todo el explorador", "The whole explorer"),
        View::Map => pick(lang, "Mapa", "Map"),
        View::Chart(ChartId::Drawdown) => pick(lang, "Descenso de la napa", "Water-table drawdown"),
        View::Chart(ChartId::Springs) => pick(lang, "Vertientes", "Springs"),
        View::Chart(ChartId::Vega) => pick(lang, "Vegas", "Vegas"),
        View::Chart(ChartId::Lagoon) => pick(lang, "Lagunas", "Lagoons"),
        View::Chart(ChartId::Lithium) => pick(lang, "Litio", "Lithium"),
        View::Chart(ChartId::Accounts) => pick(lang, "Adónde va el agua", "Where the water goes"),
    }
}
