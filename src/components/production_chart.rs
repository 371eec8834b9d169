//! A line chart of the planned lithium production over time, drawn with plotters on a canvas
//! at the screen's pixel density.

use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::i18n::Lang;

const FIRST_YEAR: i32 = 2025;
const LAST_YEAR: i32 = 2075;
const START_YEAR: i32 = 2028;
const RAMP_YEARS: f64 = 3.0;
const LIFE_YEARS: i32 = 40;

#[component]
pub fn ProductionChart(
    production_t_per_yr: ReadSignal<f64>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        let (production, lang) = (production_t_per_yr.get(), lang.get());
        if let Some(canvas) = canvas.get() {
            draw(&canvas, production, lang);
        }
    });
    let label = move || match lang.get() {
        Lang::Es => "Producción planificada de carbonato de litio equivalente por año",
        Lang::En => "Planned lithium carbonate equivalent production per year",
    };
    view! {
        <figure class="chart">
            <canvas node_ref=canvas data-testid="chart-production" role="img" aria-label=label></canvas>
        </figure>
    }
}

/// Planned production in a year: a linear ramp from the start year, then flat until the end of life.
fn planned(year: i32, capacity: f64) -> f64 {
    if !(START_YEAR..START_YEAR + LIFE_YEARS).contains(&year) {
        return 0.0;
    }
    capacity * (f64::from(year - START_YEAR + 1) / RAMP_YEARS).min(1.0)
}

/// Sizes the backing store to CSS size × device pixel ratio (plotters does not), then draws.
fn draw(canvas: &HtmlCanvasElement, capacity: f64, lang: Lang) {
    let ratio = window().device_pixel_ratio().max(1.0);
    let css_width = f64::from(canvas.client_width().max(280));
    let css_height = (css_width * 0.6).clamp(200.0, 360.0);
    canvas.set_width((css_width * ratio) as u32);
    canvas.set_height((css_height * ratio) as u32);
    // Through the CSSOM, which a Content-Security-Policy without unsafe-inline still allows.
    let _ = web_sys::HtmlElement::style(canvas).set_property("height", &format!("{css_height}px"));
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    let root = backend.into_drawing_area();
    let _ = root.fill(&WHITE);
    let font = (14.0 * ratio) as u32;
    let y_max = (capacity.max(1000.0) * 1.1) / 1000.0;
    let Ok(mut chart) = ChartBuilder::on(&root)
        .margin((8.0 * ratio) as u32)
        .x_label_area_size((28.0 * ratio) as u32)
        .y_label_area_size((44.0 * ratio) as u32)
        .build_cartesian_2d(FIRST_YEAR..LAST_YEAR, 0.0..y_max)
    else {
        return;
    };
    let y_desc = match lang {
        Lang::Es => "kt LCE/año",
        Lang::En => "kt LCE/yr",
    };
    let _ = chart
        .configure_mesh()
        .x_labels(5)
        .y_labels(5)
        .y_desc(y_desc)
        .y_label_formatter(&|v| crate::i18n::format_number(*v, 0, lang))
        .label_style(("sans-serif", font))
        .axis_desc_style(("sans-serif", font))
        .light_line_style(RGBColor(235, 235, 235))
        .draw();
    let colour = RGBColor(0, 90, 160);
    let _ = chart.draw_series(LineSeries::new(
        (FIRST_YEAR..LAST_YEAR).map(|y| (y, planned(y, capacity) / 1000.0)),
        ShapeStyle {
            color: colour.to_rgba(),
            filled: false,
            stroke_width: (3.0 * ratio) as u32,
        },
    ));
    let _ = root.present();
}
