//! A read site's chart in the readings panel: the members' P10–P90 before the readings (grey)
//! and after (blue, with its median), and the readings as points with their error bars. Plain
//! SVG text, so it costs the tools' module no drawing library.

use std::fmt::Write;

use cuenca_model::observations::ObservedQuantity;
use cuenca_model::Lang;

use crate::chart_svg::escape;
use crate::i18n::{fmt_num, pick};
use crate::weigh_view::WeighChart;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// Maps a month index and a value to the plot area (depth grows downwards).
pub struct Frame {
    months: usize,
    lo: f64,
    hi: f64,
    depth: bool,
}

impl Frame {
    pub fn of(c: &WeighChart) -> Frame {
        let values = c
            .before_p10
            .iter()
            .chain(&c.before_p90)
            .chain(&c.after_p10)
            .chain(&c.after_p50)
            .chain(&c.after_p90)
            .copied()
            .chain(c.readings.iter().flat_map(|&(_, v, sd)| [v - sd, v + sd]))
            .filter(|v| v.is_finite());
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let (lo, hi) = if lo.is_finite() && hi > lo {
            (lo.min(0.0), hi)
        } else {
            (0.0, 1.0)
        };
        Frame {
            months: c.before_p10.len().max(c.after_p50.len()).max(2),
            lo,
            hi: hi + 0.05 * (hi - lo),
            depth: c.quantity == ObservedQuantity::DepthToWaterM,
        }
    }

    pub fn x(&self, month: usize) -> f64 {
        LEFT + (WIDTH - LEFT - RIGHT) * month as f64 / (self.months - 1) as f64
    }

    pub fn y(&self, value: f64) -> f64 {
        let share = (value - self.lo) / (self.hi - self.lo);
        let share = if self.depth { share } else { 1.0 - share };
        TOP + (HEIGHT - TOP - BOTTOM) * share
    }
}

fn band(f: &Frame, lo: &[f64], hi: &[f64], fill: &str) -> String {
    if lo.is_empty() {
        return String::new();
    }
    let mut points = String::new();
    for (m, v) in lo.iter().enumerate() {
        let _ = write!(points, "{:.1},{:.1} ", f.x(m), f.y(*v));
    }
    for (m, v) in hi.iter().enumerate().rev() {
        let _ = write!(points, "{:.1},{:.1} ", f.x(m), f.y(*v));
    }
    format!(
        "<polygon points=\"{}\" fill=\"{fill}\"/>",
        points.trim_end()
    )
}

/// The chart as an SVG element, described for screen readers.
pub fn svg(c: &WeighChart, lang: Lang) -> String {
    let f = Frame::of(c);
    // A basin-wide area is named by its phrase, not as a place ("en toda la cuenca").
    let site = if c.quantity.basin_wide() {
        pick(lang, "toda la cuenca", "the whole basin").to_string()
    } else {
        escape(pick(lang, &c.site_es, &c.site_en))
    };
    let what = match (c.quantity, lang) {
        (ObservedQuantity::SpringFlowLPerS, Lang::Es) => "Caudal de la vertiente (L/s)",
        (ObservedQuantity::SpringFlowLPerS, Lang::En) => "Spring flow (L/s)",
        (ObservedQuantity::VegaAreaHa, Lang::Es) => "Área de vega verde (ha)",
        (ObservedQuantity::VegaAreaHa, Lang::En) => "Green vega area (ha)",
        (ObservedQuantity::LagoonAreaHa, Lang::Es) => "Área de lagunas (ha)",
        (ObservedQuantity::LagoonAreaHa, Lang::En) => "Lagoon area (ha)",
        (ObservedQuantity::PumpedLiMgPerL, Lang::Es) => "Litio de la salmuera bombeada (mg/L)",
        (ObservedQuantity::PumpedLiMgPerL, Lang::En) => "Lithium in the pumped brine (mg/L)",
        (_, Lang::Es) => "Profundidad de la napa (m bajo el suelo)",
        (_, Lang::En) => "Depth to water (m below ground)",
    };
    // Without bands, the central run alone beside the readings (before any weighing).
    let weighed = c.weighed();
    let label = match (lang, weighed) {
        (Lang::Es, true) => format!("{what} en {site}: rango de las versiones de la cuenca sin las mediciones (gris) y con ellas (azul), y las mediciones con su error (puntos)."),
        (Lang::Es, false) => format!("{what} en {site}: el escenario central (línea) y las mediciones con su error (puntos)."),
        (Lang::En, _) => {
            let at = if c.quantity.basin_wide() { "in" } else { "at" };
            if weighed {
                format!("{what} {at} {site}: range of the versions of the basin without the readings (grey) and with them (blue), and the readings with their error (points).")
            } else {
                format!("{what} {at} {site}: the central run (line) and the readings with their error (points).")
            }
        }
    };
    let testid = if weighed { "weigh-chart" } else { "fit-chart" };
    let mut out = format!(
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{label}\" data-testid=\"{testid}\"><title>{label}</title>"
    );
    out += &band(&f, &c.before_p10, &c.before_p90, "#d9d9d9");
    out += &band(&f, &c.after_p10, &c.after_p90, "rgba(0,90,156,0.35)");
    // One polyline per stretch of values: a wellfield pumping nothing has no lithium (NaN).
    let mut stretch: Vec<String> = Vec::new();
    for (m, v) in c.after_p50.iter().enumerate().chain([(0, &f64::NAN)]) {
        if v.is_finite() {
            stretch.push(format!("{:.1},{:.1}", f.x(m), f.y(*v)));
        } else if !stretch.is_empty() {
            let _ = write!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#005a9c\" stroke-width=\"1.5\"/>",
                stretch.join(" ")
            );
            stretch.clear();
        }
    }
    for &(m, v, sd) in &c.readings {
        let (x, y0, y1, y) = (f.x(m), f.y(v - sd), f.y(v + sd), f.y(v));
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{y0:.1}\" y2=\"{y1:.1}\" stroke=\"#b00020\"/><circle class=\"reading\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"#b00020\"/>"
        );
    }
    // Where the run proper starts after a hindcast: before it, the observed rain.
    if c.today_month > 0 {
        let x = f.x(c.today_month);
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"#555\" stroke-dasharray=\"3 3\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"11\">{}</text>",
            HEIGHT - BOTTOM,
            x + 3.0,
            TOP + 10.0,
            pick(lang, "hoy", "today")
        );
    }
    // Axes: four values, and a year every decade.
    for k in 0..=3 {
        let v = f.lo + (f.hi - f.lo) * f64::from(k) / 3.0;
        let y = f.y(v);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#eee\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 4.0,
            fmt_num(v, 1, lang)
        );
    }
    let first = c.first_year * 12 + i32::from(c.first_month) - 1;
    for m in 0..f.months {
        let ym = first + m as i32;
        if ym % 12 == 0 && (ym / 12) % 10 == 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                f.x(m),
                HEIGHT - 8.0,
                ym / 12
            );
        }
    }
    out + "</svg>"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> WeighChart {
        WeighChart {
            site_es: "Vega <este>".into(),
            site_en: "East vega".into(),
            quantity: ObservedQuantity::DepthToWaterM,
            first_year: 2026,
            first_month: 1,
            before_p10: vec![1.0; 60],
            before_p90: vec![4.0; 60],
            after_p10: vec![2.0; 60],
            after_p50: vec![2.5; 60],
            after_p90: vec![3.0; 60],
            readings: vec![(12, 2.4, 0.1), (59, 2.9, 0.2)],
            today_month: 0,
        }
    }

    /// After a hindcast, a dashed line marks where the run proper starts; without one, none.
    #[test]
    fn today_is_marked_after_a_hindcast() {
        let mut c = chart();
        assert!(!svg(&c, Lang::Es).contains("stroke-dasharray"));
        c.today_month = 24;
        let f = Frame::of(&c);
        let text = svg(&c, Lang::Es);
        assert!(text.contains(&format!("x1=\"{:.1}\"", f.x(24))) && text.contains(">hoy<"));
        assert!(svg(&c, Lang::En).contains(">today<"));
    }

    #[test]
    fn depth_grows_downwards_and_flow_upwards() {
        let mut c = chart();
        let f = Frame::of(&c);
        assert!(f.y(3.0) > f.y(1.0), "a deeper water table is drawn lower");
        c.quantity = ObservedQuantity::SpringFlowLPerS;
        let f = Frame::of(&c);
        assert!(f.y(3.0) < f.y(1.0), "more flow is drawn higher");
    }

    #[test]
    fn every_reading_and_band_is_inside_the_plot() {
        let c = chart();
        let f = Frame::of(&c);
        for &(m, v, sd) in &c.readings {
            for y in [f.y(v - sd), f.y(v + sd)] {
                assert!((TOP..=HEIGHT - BOTTOM).contains(&y), "{y}");
            }
            assert!((LEFT..=WIDTH - RIGHT).contains(&f.x(m)));
        }
        assert!(
            (f.x(59) - (WIDTH - RIGHT)).abs() < 1e-9,
            "the last month ends the axis"
        );
        let text = svg(&c, Lang::Es);
        assert_eq!(text.matches("class=\"reading\"").count(), 2);
        assert_eq!(text.matches("<polygon").count(), 2);
        assert!(text.contains("Vega &lt;este&gt;") && !text.contains("<este>"));
        assert!(text.contains(">2030<"), "a decade is labelled");
    }

    /// The central run alone (no bands yet): its line spans the axis and the chart says so.
    #[test]
    fn the_central_run_alone_is_a_line() {
        let mut c = chart();
        c.before_p10.clear();
        c.before_p90.clear();
        c.after_p10.clear();
        c.after_p90.clear();
        let f = Frame::of(&c);
        assert!((f.x(59) - (WIDTH - RIGHT)).abs() < 1e-9);
        c.after_p50[5] = 9.0;
        let f = Frame::of(&c);
        assert!(
            (TOP..=HEIGHT - BOTTOM).contains(&f.y(9.0)),
            "the line stays in the plot"
        );
        let text = svg(&c, Lang::Es);
        assert!(!text.contains("<polygon"));
        assert!(text.contains("data-testid=\"fit-chart\""));
        assert!(text.contains("el escenario central (línea)"));
        assert!(svg(&c, Lang::En).contains("at East vega: the central run (line)"));
        c.after_p50[20] = f64::NAN;
        let text = svg(&c, Lang::Es);
        assert_eq!(
            text.matches("<polyline").count(),
            2,
            "a gap splits the line"
        );
        assert!(!text.contains("NaN"));
    }

    #[test]
    fn a_basin_area_is_said_of_the_whole_basin_and_grows_upwards() {
        let mut c = chart();
        c.quantity = ObservedQuantity::LagoonAreaHa;
        let f = Frame::of(&c);
        assert!(f.y(3.0) < f.y(1.0), "more lagoon is drawn higher");
        assert!(svg(&c, Lang::Es).contains("aria-label=\"Área de lagunas (ha) en toda la cuenca:"));
        assert!(svg(&c, Lang::En).contains("aria-label=\"Lagoon area (ha) in the whole basin:"));
    }
}
