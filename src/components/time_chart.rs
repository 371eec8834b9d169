//! A time-series chart on a canvas (plotters), sharp on high-density screens and redrawn when
//! its data, the language or the window size change; a data table behind it serves screen
//! readers and anyone who would rather read numbers.

use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::chart_data::ChartData;
use crate::download::{credit, download_text, download_url, today};
use crate::i18n::{fmt_num, Lang, Text};
use cuenca_export::file_name;

#[component]
pub fn TimeChart(
    /// Stable id for tests and anchors, e.g. `springs`.
    id: &'static str,
    /// The chart's data; `None` while nothing has been computed.
    #[prop(into)]
    data: Signal<Option<ChartData>>,
    lang: ReadSignal<Lang>,
    /// Bumped on window resize so the backing store follows the CSS size.
    resize: ReadSignal<u32>,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    // The canvas's CSS width, read once per `resize` bump: reading it after a lever move has
    // changed the page forces a layout before the frame's own, one per chart (#19: 28 ms a move
    // of the 109 ms from key press to charts on a desktop).
    let measured = StoredValue::new_local(None::<(u32, i32)>);
    Effect::new(move |_| {
        let generation = resize.get();
        let (Some(canvas), Some(data)) = (canvas.get(), data.get()) else {
            return;
        };
        if folded(&canvas) {
            return;
        }
        let css_width = match measured.get_value() {
            Some((at, width)) if at == generation => width,
            _ => {
                let width = canvas.client_width();
                // A canvas not laid out yet reads 0: measure it again next time.
                if width > 0 {
                    measured.set_value(Some((generation, width)));
                }
                width
            }
        };
        draw(&canvas, css_width, &data, lang.get());
    });
    let title = move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| format!("{} ({})", d.title, d.unit))
                .unwrap_or_default()
        })
    };
    // The legend reads the lines' names and colours, not their monthly values.
    let legend = move || {
        let lines: Vec<(String, (u8, u8, u8), bool)> = data.with(|d| {
            d.iter()
                .flat_map(|d| &d.lines)
                .map(|l| (l.label.clone(), l.rgb, l.dashed))
                .collect()
        });
        lines
            .into_iter()
            .map(|(label, (r, g, b), dashed)| {
                let class = if dashed { "swatch dashed" } else { "swatch" };
                view! {
                    <li>
                        <span class=class style:border-color=format!("rgb({r},{g},{b})")></span>
                        {label}
                    </li>
                }
            })
            .collect_view()
    };
    // The table behind the chart is built only while it is open: a lever move would otherwise
    // rebuild five hidden tables of fifty rows.
    let table_open = RwSignal::new(false);
    let band_legend = move || {
        data.with(|d| d.as_ref().and_then(|d| d.band.as_ref()).map(|b| b.rgb)).map(|(r, g, b)| {
            view! {
                <li data-testid="band-legend">
                    <span class="swatch band" style:background-color=format!("rgba({r},{g},{b},0.25)")></span>
                    {move || crate::i18n::pick(lang.get(), "rango de incertidumbre (P10–P90)", "uncertainty range (P10–P90)")}
                </li>
            }
        })
    };
    let readings_legend = move || {
        let n = data.with(|d| d.as_ref().map_or(0, |d| d.readings.len()));
        let text = match lang.get() {
            Lang::Es => format!("tus mediciones ({n}), con su error"),
            Lang::En => format!("your readings ({n}), with their error"),
        };
        (n > 0).then(|| {
            view! { <li data-testid="readings-legend"><span class="swatch dot"></span>{text}</li> }
        })
    };
    view! {
        <figure class="chart" data-testid=format!("chart-{id}")>
            <figcaption>{title}</figcaption>
            <ul class="legend">{legend}{band_legend}{readings_legend}</ul>
            <canvas node_ref=canvas role="img" aria-label=title></canvas>
            <div class="chart-export">
                <button type="button" data-testid=format!("png-{id}") on:click=move |_| {
                    if let (Some(canvas), Some(d)) = (canvas.get_untracked(), data.get_untracked()) {
                        if let Some(url) = png_with_credit(&canvas, &credit(lang.get_untracked())) {
                            download_url(&file_name(&d.title, &today(), "png"), &url);
                        }
                    }
                }>"PNG"</button>
                <button type="button" data-testid=format!("svg-{id}") on:click=move |_| {
                    if let Some(d) = data.get_untracked() {
                        let lang = lang.get_untracked();
                        download_text(&file_name(&d.title, &today(), "svg"), "image/svg+xml", &crate::chart_svg::svg(&d, lang, &credit(lang)));
                    }
                }>"SVG"</button>
            </div>
            <details
                class="data"
                on:toggle=move |ev| {
                    table_open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
                }
            >
                <summary>{Text::SeeData.tr(lang)}</summary>
                {move || {
                    table_open
                        .get()
                        .then(|| data.with(|d| d.as_ref().map(|d| data_table(d, lang.get()))))
                }}
            </details>
        </figure>
    }
}

/// Annual means, one column per line.
fn data_table(data: &ChartData, lang: Lang) -> impl IntoView {
    let rows = data.annual_rows();
    let decimals = data.decimals.max(1);
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=data.title.clone()>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{Text::Year.get(lang)}</th>
                        {data.lines.iter().map(|l| view! { <th scope="col">{format!("{} ({})", l.label, data.unit)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(year, values)| {
                            view! {
                                <tr>
                                    <th scope="row">{year}</th>
                                    {values.into_iter().map(|v| view! { <td>{fmt_num(v, decimals, lang)}</td> }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

thread_local! {
    /// Between the window's `beforeprint` and `afterprint`: a printed page shows folded
    /// sections too (`style/main.css`), so their charts are drawn.
    static PRINTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the chart sits in a folded section. A folded chart is not redrawn on every lever move
/// nobody sees (on a phone that was five canvases per move, #19): it is drawn when its section
/// opens (the fold bumps `resize`) or before printing.
fn folded(canvas: &HtmlCanvasElement) -> bool {
    !PRINTING.get()
        && canvas
            .closest("details:not([open])")
            .ok()
            .flatten()
            .is_some()
}

/// Draws the folded charts before the page is printed: `resize` is bumped between setting the
/// flag and the print, and the effects it wakes run before the browser lays the page out.
pub fn draw_when_printing(resize: WriteSignal<u32>) {
    for (event, printing) in [("beforeprint", true), ("afterprint", false)] {
        // Never removed: the handle only removes the listener when asked.
        let _ = window_event_listener_untyped(event, move |_| {
            PRINTING.set(printing);
            if printing {
                resize.update(|n| *n = n.wrapping_add(1));
            }
        });
    }
}

/// Sizes the backing store to the canvas's CSS width (`css_width`, px) × device pixel ratio
/// (plotters does not), then draws. A backing store already at that size is kept: resizing it
/// allocates and clears it, and the drawing starts by painting it white anyway.
fn draw(canvas: &HtmlCanvasElement, css_width: i32, data: &ChartData, lang: Lang) {
    let ratio = window().device_pixel_ratio().max(1.0);
    let css_width = f64::from(css_width.max(240));
    let css_height = (css_width * 0.62).clamp(190.0, 340.0);
    let (width, height) = ((css_width * ratio) as u32, (css_height * ratio) as u32);
    if (canvas.width(), canvas.height()) != (width, height) {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    // Every time, not only with the backing store: a browser zoom changes the CSS size and the
    // pixel ratio together and can leave the backing store's size as it was. (An unchanged value
    // restyles nothing.) Through the CSSOM, which a Content-Security-Policy without unsafe-inline
    // still allows.
    let _ = web_sys::HtmlElement::style(canvas).set_property("height", &format!("{css_height}px"));
    if let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        draw_on(backend.into_drawing_area(), data, lang, ratio);
    }
}

/// The chart's pixels with the credit line drawn under them, as a PNG data URL. The line is
/// shrunk to fit the chart's width (a long link would otherwise run off the image).
fn png_with_credit(canvas: &HtmlCanvasElement, credit: &str) -> Option<String> {
    let ratio = window().device_pixel_ratio().max(1.0);
    let (width, height) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let line = (18.0 * ratio).round();
    let out: HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
    out.set_width(canvas.width());
    out.set_height((height + line) as u32);
    let ctx: web_sys::CanvasRenderingContext2d = out.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, width, height + line);
    ctx.draw_image_with_html_canvas_element(canvas, 0.0, 0.0)
        .ok()?;
    let margin = 6.0 * ratio;
    let mut size = 11.0 * ratio;
    ctx.set_font(&format!("{size}px sans-serif"));
    let wide = ctx.measure_text(credit).ok()?.width();
    if wide > width - 2.0 * margin {
        size *= (width - 2.0 * margin) / wide;
        ctx.set_font(&format!("{size}px sans-serif"));
    }
    ctx.set_fill_style_str("#444");
    ctx.fill_text(credit, margin, height + line - 5.0 * ratio)
        .ok()?;
    out.to_data_url().ok()
}

/// Draws on any plotters backend; `scale` multiplies line widths and fonts.
fn draw_on<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    data: &ChartData,
    lang: Lang,
    scale: f64,
) {
    let _ = root.fill(&WHITE);
    let px = |v: f64| (v * scale) as u32;
    let (x0, x1) = data.x_range();
    let (y0, y1) = data.y_range();
    let Ok(mut chart) = ChartBuilder::on(&root)
        .margin(px(8.0))
        .x_label_area_size(px(26.0))
        .y_label_area_size(px(46.0))
        .build_cartesian_2d(x0..x1, y0..y1)
    else {
        return;
    };
    let font = ("sans-serif", px(13.0));
    let y_decimals = if y1 - y0 < 5.0 { 1 } else { 0 };
    let _ = chart
        .configure_mesh()
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|x| format!("{}", x.round() as i32))
        .y_label_formatter(&|y| fmt_num(*y, y_decimals, lang))
        .label_style(font)
        .light_line_style(RGBColor(238, 238, 238))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw();
    if let Some(band) = &data.band {
        let (r, g, b) = band.rgb;
        let upper = band.x_years.iter().copied().zip(band.p90.iter().copied());
        let lower = band
            .x_years
            .iter()
            .copied()
            .zip(band.p10.iter().copied())
            .rev();
        let outline: Vec<(f64, f64)> = upper.chain(lower).filter(|(_, v)| v.is_finite()).collect();
        let _ = chart.draw_series(std::iter::once(Polygon::new(
            outline,
            RGBColor(r, g, b).mix(0.2).filled(),
        )));
    }
    for line in &data.lines {
        let (r, g, b) = line.rgb;
        let style = ShapeStyle {
            color: RGBColor(r, g, b).to_rgba(),
            filled: false,
            stroke_width: px(if line.dashed { 2.0 } else { 2.5 }),
        };
        let points = data
            .x_years
            .iter()
            .copied()
            .zip(line.values.iter().copied())
            .filter(|(_, v)| v.is_finite());
        if line.dashed {
            let _ = chart.draw_series(DashedLineSeries::new(points, px(6.0), px(4.0), style));
        } else {
            let _ = chart.draw_series(LineSeries::new(points, style));
        }
    }
    // The readings over the lines, each with its error bar.
    let red = RGBColor(176, 0, 32);
    for &(x, v, sd) in data.readings.iter().filter(|(x, ..)| (x0..x1).contains(x)) {
        let bar = PathElement::new(vec![(x, v - sd), (x, v + sd)], red.stroke_width(px(1.0)));
        let _ = chart.draw_series([bar]);
        let _ = chart.draw_series([Circle::new((x, v), px(3.0), red.filled())]);
    }
    let _ = root.present();
}
