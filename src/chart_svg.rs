//! A chart as a standalone SVG document: the download of every chart, with a credit line that
//! says where it comes from (model, date, link, licence), and the board's charts in the tools.
//! Written as plain text, so neither module carries a second plotting backend (issue #19).

use std::fmt::Write;

use crate::chart_data::ChartData;
use crate::i18n::{fmt_num, Lang};

const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 500.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 16.0;
/// Room under the plot: the years, then the credit line.
const BELOW: f64 = 56.0;
const LEGEND_ROW: f64 = 20.0;

/// Text as SVG text or an attribute value, never as markup (scenario names come from links).
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The width and height of an SVG document's `viewBox` (the size to draw it at), if it has one.
pub fn view_box_size(svg: &str) -> Option<(f64, f64)> {
    let start = svg.find("viewBox=\"")? + "viewBox=\"".len();
    let end = start + svg[start..].find('"')?;
    let numbers: Vec<f64> = svg[start..end]
        .split([' ', ','])
        .filter(|p| !p.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// Axis ticks at a round step (1, 2, 2.5 or 5 × 10ⁿ) giving about five marks over `lo..hi`.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![lo];
    }
    let raw = span / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Where the plot sits and how values map onto it.
struct Frame {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    top: f64,
}

impl Frame {
    fn x(&self, year: f64) -> f64 {
        LEFT + (WIDTH - LEFT - RIGHT) * (year - self.x0) / (self.x1 - self.x0)
    }
    fn y(&self, v: f64) -> f64 {
        let bottom = HEIGHT - BELOW;
        bottom - (bottom - self.top) * (v - self.y0) / (self.y1 - self.y0)
    }
}

/// Legend labels laid out in rows: (row, x offset) for each.
fn legend(labels: &[&str]) -> Vec<(usize, f64)> {
    let (mut row, mut x) = (0, LEFT);
    labels
        .iter()
        .map(|l| {
            // About 7 px a character at 12 px, after a 28 px swatch.
            let width = 28.0 + 7.0 * l.chars().count() as f64 + 16.0;
            if x + width > WIDTH - RIGHT && x > LEFT {
                row += 1;
                x = LEFT;
            }
            let at = (row, x);
            x += width;
            at
        })
        .collect()
}

/// The chart as an SVG document of 800 × 500 units; `credit` is written along the bottom.
pub fn svg(data: &ChartData, lang: Lang, credit: &str) -> String {
    let readings = match lang {
        Lang::Es => format!("mediciones ({}), con su error", data.readings.len()),
        Lang::En => format!("readings ({}), with their error", data.readings.len()),
    };
    let mut labels: Vec<&str> = data.lines.iter().map(|l| l.label.as_str()).collect();
    if !data.readings.is_empty() {
        labels.push(&readings);
    }
    let places = legend(&labels);
    let rows = places.last().map_or(0, |(r, _)| r + 1);
    let (y0, y1) = data.y_range();
    let (x0, x1) = data.x_range();
    let f = Frame {
        x0,
        x1,
        y0,
        y1,
        top: 40.0 + LEGEND_ROW * rows as f64,
    };
    let title = escape(&format!("{} ({})", data.title, data.unit));
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="sans-serif"><title>{title}</title><rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/><text x="{LEFT}" y="24" font-size="17" font-weight="bold">{title}</text>"##
    );
    for (line, (row, x)) in data.lines.iter().zip(&places) {
        let (r, g, b) = line.rgb;
        let y = 44.0 + LEGEND_ROW * *row as f64;
        let dash = if line.dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<line x1="{x}" x2="{}" y1="{}" y2="{}" stroke="rgb({r},{g},{b})" stroke-width="3"{dash}/><text class="legend" x="{}" y="{y}" font-size="12">{}</text>"#,
            x + 22.0,
            y - 4.0,
            y - 4.0,
            x + 28.0,
            escape(&line.label)
        );
    }
    if let (false, Some((row, x))) = (data.readings.is_empty(), places.last()) {
        let y = 44.0 + LEGEND_ROW * *row as f64;
        let _ = write!(
            out,
            r##"<circle cx="{}" cy="{}" r="4" fill="#b00020"/><text class="legend" x="{}" y="{y}" font-size="12">{}</text>"##,
            x + 11.0,
            y - 4.0,
            x + 28.0,
            escape(&readings)
        );
    }
    let bottom = HEIGHT - BELOW;
    let decimals = if y1 - y0 < 5.0 { 1 } else { 0 };
    for v in ticks(y0, y1) {
        let y = f.y(v);
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            fmt_num(v, decimals, lang)
        );
    }
    for year in ticks(f.x0, f.x1) {
        let x = f.x(year);
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="{}" y2="{bottom}" stroke="#eee"/><text x="{x:.1}" y="{}" font-size="12" text-anchor="middle">{}</text>"##,
            f.top,
            bottom + 18.0,
            year.round() as i64
        );
    }
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" x2="{LEFT}" y1="{}" y2="{bottom}" stroke="#555"/><line x1="{LEFT}" x2="{}" y1="{bottom}" y2="{bottom}" stroke="#555"/>"##,
        f.top,
        WIDTH - RIGHT
    );
    if let Some(band) = &data.band {
        let (r, g, b) = band.rgb;
        let upper = band.x_years.iter().zip(&band.p90);
        let lower = band.x_years.iter().zip(&band.p10).rev();
        let points: Vec<String> = upper
            .chain(lower)
            .filter(|(_, v)| v.is_finite())
            .map(|(x, v)| format!("{:.1},{:.1}", f.x(*x), f.y(*v)))
            .collect();
        let _ = write!(
            out,
            r#"<polygon points="{}" fill="rgb({r},{g},{b})" fill-opacity="0.2"/>"#,
            points.join(" ")
        );
    }
    for line in &data.lines {
        let (r, g, b) = line.rgb;
        let dash = if line.dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        // A value that is not a number breaks the line rather than drawing to nowhere.
        let mut segments: Vec<Vec<String>> = vec![Vec::new()];
        for (x, v) in data.x_years.iter().zip(&line.values) {
            if v.is_finite() {
                if let Some(s) = segments.last_mut() {
                    s.push(format!("{:.1},{:.1}", f.x(*x), f.y(*v)));
                }
            } else if segments.last().is_some_and(|s| !s.is_empty()) {
                segments.push(Vec::new());
            }
        }
        for s in segments.iter().filter(|s| !s.is_empty()) {
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="rgb({r},{g},{b})" stroke-width="{}"{dash}/>"#,
                s.join(" "),
                if line.dashed { 2.0 } else { 2.5 }
            );
        }
    }
    for &(x, v, sd) in data.readings.iter().filter(|(x, ..)| (x0..x1).contains(x)) {
        let (x, y, lo, hi) = (f.x(x), f.y(v), f.y(v - sd), f.y(v + sd));
        let _ = write!(
            out,
            r##"<line class="reading" x1="{x:.1}" x2="{x:.1}" y1="{lo:.1}" y2="{hi:.1}" stroke="#b00020"/><circle class="reading" cx="{x:.1}" cy="{y:.1}" r="4" fill="#b00020"/>"##
        );
    }
    let _ = write!(
        out,
        r##"<text x="{LEFT}" y="{}" font-size="11" fill="#444">{}</text></svg>"##,
        HEIGHT - 10.0,
        escape(credit)
    );
    out
}

#[cfg(test)]
mod tests {
    /// The size a chart is drawn at comes from its own viewBox; text without one gives none.
    #[test]
    fn a_view_box_gives_the_size_to_draw_at() {
        assert_eq!(
            view_box_size(r#"<svg xmlns="x" viewBox="0 0 800 500" role="img">"#),
            Some((800.0, 500.0))
        );
        assert_eq!(
            view_box_size(r#"<svg viewBox="0,0,360.5,300">"#),
            Some((360.5, 300.0))
        );
        assert_eq!(view_box_size("<svg>"), None);
        assert_eq!(view_box_size(r#"<svg viewBox="0 0 0 10">"#), None);
        assert_eq!(view_box_size(r#"<svg viewBox="0 0 a b">"#), None);
    }

    use super::*;
    use crate::chart_data::Line;

    fn chart(label: &str, values: Vec<f64>) -> ChartData {
        ChartData {
            band: None,
            readings: Vec::new(),
            title: "Caudal".into(),
            unit: "L/s".into(),
            x_years: (0..values.len())
                .map(|m| 2030.0 + m as f64 / 12.0)
                .collect(),
            lines: vec![Line {
                label: label.into(),
                rgb: (0, 114, 178),
                dashed: false,
                values,
            }],
            decimals: 0,
        }
    }

    #[test]
    fn ticks_are_round_and_inside_the_range() {
        assert_eq!(ticks(0.0, 10.8), vec![0.0, 2.5, 5.0, 7.5, 10.0]);
        assert_eq!(
            ticks(2030.0, 2080.0),
            vec![2030.0, 2040.0, 2050.0, 2060.0, 2070.0, 2080.0]
        );
        assert_eq!(ticks(0.0, 0.0), vec![0.0]);
    }

    #[test]
    fn points_land_where_the_axes_say_and_names_stay_text() {
        // Values 0 and 100: the range is 0..108 (8 % headroom), the plot from the top of the
        // plot area (40 + one legend row) to 56 above the bottom.
        let mut values = vec![0.0; 24];
        values[12] = 100.0;
        values[13] = f64::NAN;
        let s = svg(
            &chart("<b>Grupo & 3</b>", values),
            Lang::Es,
            "Cuenca · CC BY 4.0 · https://x/?a=1&b=2",
        );
        assert!(s.contains("&lt;b&gt;Grupo &amp; 3&lt;/b&gt;"));
        assert!(!s.contains("<b>"));
        assert!(s.contains("https://x/?a=1&amp;b=2</text></svg>"));
        // A NaN breaks the line in two.
        assert_eq!(s.matches("<polyline").count(), 2);
        let (top, bottom) = (60.0, 444.0);
        let y100 = bottom - (bottom - top) * 100.0 / 108.0;
        let x12 = 60.0 + (800.0 - 60.0 - 16.0) * 1.0 / (2.0 - 1.0 / 12.0 + 1.0 / 12.0);
        assert!(s.contains(&format!("{x12:.1},{y100:.1}")), "{s}");
        assert!(s.contains(&format!("60.0,{bottom:.1}")));
    }

    /// A reading before the run stretches the axis back to its year, its error bar is drawn
    /// from value − sd to value + sd, and the legend names the readings.
    #[test]
    fn readings_before_the_run_stretch_the_axis() {
        let mut c = chart("Escenario", vec![10.0; 24]);
        c.readings = vec![(2027.5, 20.0, 2.0), (2030.5, 10.0, 1.0)];
        assert_eq!(c.x_range().0, 2027.0);
        let (_, hi) = c.y_range();
        assert!(hi >= 22.0);
        let s = svg(&c, Lang::Es, "");
        assert_eq!(s.matches("<circle class=\"reading\"").count(), 2);
        assert!(s.contains(">mediciones (2), con su error<"));
        // The first reading sits at 0.5 of a year into an axis from 2027 to 2032.
        let x = 60.0 + (800.0 - 60.0 - 16.0) * 0.5 / 5.0;
        assert!(s.contains(&format!("cx=\"{x:.1}\"")), "{s}");
        assert!(svg(&c, Lang::En, "").contains(">readings (2), with their error<"));
        assert!(!svg(&chart("x", vec![1.0; 24]), Lang::Es, "").contains("class=\"reading\""));
    }
}
