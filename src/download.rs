//! Saving a file from the page (a Blob or a data URL behind a temporary link), and reading the
//! one a person chose in a file field.

use leptos::prelude::{document, window};
use wasm_bindgen::JsCast;

/// Today's date as `YYYY-MM-DD`, for file names.
pub fn today() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.chars().take(10).collect()
}

/// The line every exported chart carries: the model, the date, the page's address (which is
/// the scenario's link, or the board's) and the licence.
pub fn credit(lang: crate::i18n::Lang) -> String {
    format!(
        "Cuenca, {} {} · {} · {} · CC BY 4.0",
        crate::i18n::pick(lang, "modelo", "model"),
        cuenca_model::MODEL_VERSION,
        today(),
        window().location().href().unwrap_or_default()
    )
}

/// Offers `content` as a file named `name`.
pub fn download_text(name: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    download_url(name, &url);
    // Revoked at once, Firefox and some Safari versions cancel the download the click started;
    // a minute later it has long been saved.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
}

/// Offers what `url` points at (an object or data URL) as a file named `name`.
pub fn download_url(name: &str, url: &str) {
    let Ok(anchor) = document().create_element("a") else {
        return;
    };
    let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return;
    };
    anchor.set_href(url);
    anchor.set_download(name);
    anchor.click();
    // Keep `window` referenced so the click is handled by this document's browsing context.
    let _ = window();
}

/// A standalone SVG document drawn as a PNG `scale` times its viewBox, on white, as a data URL
/// (`None` if the browser cannot draw it). For charts written as SVG text, where a PNG is what
/// slides and messaging apps take.
pub async fn png_from_svg(svg: &str, scale: f64) -> Option<String> {
    let image = web_sys::HtmlImageElement::new().ok()?;
    let encoded = String::from(js_sys::encode_uri_component(svg));
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
    wasm_bindgen_futures::JsFuture::from(image.decode())
        .await
        .ok()?;
    // Its own viewBox, not the image's natural size (300 × 150 for an SVG without width).
    let (vw, vh) = crate::chart_svg::view_box_size(svg)?;
    let (w, h) = ((vw * scale).round(), (vh * scale).round());
    let canvas: web_sys::HtmlCanvasElement =
        document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, w, h)
        .ok()?;
    canvas.to_data_url_with_type("image/png").ok()
}

/// Reads the file chosen in the `<input type="file">` that fired `ev`, as text, and hands it to
/// `then` (an unreadable file gives the empty string). Nothing happens when no file was chosen.
pub fn read_chosen_file(ev: &leptos::ev::Event, then: impl FnOnce(String) + 'static) {
    let Some(file) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
    else {
        return;
    };
    let promise = file.text();
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default();
        then(text);
    });
}
