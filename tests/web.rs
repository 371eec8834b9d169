//! Browser tests: mount the app in headless Chromium and drive it like a user would.
#![cfg(target_arch = "wasm32")]

use cuenca::i18n::{fmt_num, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

fn query<T: JsCast>(host: &web_sys::Element, selector: &str) -> T {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is not in the page"))
        .dyn_into::<T>()
        .unwrap()
}

/// Non-white pixels on the canvas: a drawn chart has many.
fn inked_pixels(canvas: &HtmlCanvasElement) -> usize {
    let ctx = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::CanvasRenderingContext2d>()
        .unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data();
    data.chunks(4)
        .filter(|p| p[0] < 250 || p[1] < 250 || p[2] < 250)
        .count()
}

fn host() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_attribute("style", "width: 390px").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn set_range(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true); // Leptos delegates events to the document.
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn moving_the_production_lever_changes_cards_and_charts() {
    let host = host();
    let _mounted = leptos::mount::mount_to(host.clone().unchecked_into(), cuenca::App);
    sleep_ms(50).await;

    let cards: web_sys::Element = query(&host, "[data-testid=indicator-cards]");
    // At this width the charts start folded and are drawn only when their section opens.
    let charts: web_sys::HtmlDetailsElement = query(&host, "details.fold:has(#charts-title)");
    charts.set_open(true);
    sleep_ms(80).await;
    let canvas: HtmlCanvasElement = query(&host, "[data-testid=chart-springs] canvas");
    let natural_text = cards.text_content().unwrap();
    assert!(
        !natural_text.is_empty(),
        "the natural basin has result sentences"
    );
    let before = inked_pixels(&canvas);
    assert!(before > 200, "the chart is drawn ({before} inked pixels)");

    let slider: HtmlInputElement = query(&host, "[data-testid=lever-prod]");
    set_range(&slider, "120000");
    sleep_ms(80).await;

    let output: web_sys::Element = query(&host, "[data-testid=value-prod]");
    let shown = output.text_content().unwrap();
    assert!(shown.contains("120"), "the lever shows its value: {shown}");
    assert_ne!(
        cards.text_content().unwrap(),
        natural_text,
        "the sentences follow the scenario"
    );
    assert_ne!(inked_pixels(&canvas), before, "the chart was redrawn");
}

#[wasm_bindgen_test]
fn lever_values_are_clamped_and_snapped_in_the_browser() {
    use cuenca::lever_value::lever_value;
    use cuenca_model::{Basin, LeverId};
    let basin = Basin::default_basin();
    let prod = LeverId::Production.spec();
    assert_eq!(lever_value(prod, &basin, "1e12"), Some(prod.max));
    assert_eq!(lever_value(prod, &basin, "-5"), Some(prod.min));
    assert_eq!(lever_value(prod, &basin, "not a number"), None);
    // A place lever stays on one of the basin's places.
    let src = LeverId::FreshSource.spec();
    let last = src.options(&basin).len() as f64 - 1.0;
    assert_eq!(lever_value(src, &basin, "99"), Some(last));
}

#[wasm_bindgen_test]
fn number_formatting_matches_in_the_browser() {
    assert_eq!(fmt_num(1234.56, 1, Lang::Es), "1.234,6");
    assert_eq!(fmt_num(1234.56, 1, Lang::En), "1,234.6");
    assert_eq!(fmt_num(0.8, 1, Lang::Es), "0,8");
}
