//! The trade-off map drawn as plain SVG: one cell per combination of the two levers, darker the
//! more limits it keeps, with the count written in it (so the colour is never the only cue), and
//! a ring where the scenario on screen sits.

use std::fmt::Write;

use cuenca_model::LeverId;

use crate::chart_svg::escape;
use crate::i18n::{fmt_num, pick, Lang};
use crate::tradeoff_view::TradeoffView;

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 50.0;
const RIGHT: f64 = 8.0;
/// Room above the cells for the vertical lever's name, written level: a phone's narrow map has
/// no height for it turned on its side.
const TOP: f64 = 26.0;
const BELOW: f64 = 46.0;
/// ColorBrewer "Greens" (sequential, readable in grey and by colour-blind readers): no limit
/// kept to all kept.
const GREENS: [&str; 5] = ["#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c"];
const UNDECIDED: &str = "#e0e0e0";

/// A lever's value as its axis shows it (one decimal where the lever moves by less than one).
pub fn axis_value(lever: LeverId, v: f64, lang: Lang) -> String {
    fmt_num(v, usize::from(lever.spec().step < 1.0), lang)
}

/// A lever's name and unit, for an axis title.
pub fn axis_title(lever: LeverId, lang: Lang) -> String {
    let spec = lever.spec();
    format!(
        "{} ({})",
        pick(lang, spec.label_es, spec.label_en),
        spec.unit_in(lang)
    )
}

/// Where `v` falls between the centres of the cells at `values` (clamped to the first and last).
fn position(values: &[f64], v: f64) -> f64 {
    let last = values.len().saturating_sub(1);
    if values.is_empty() || v <= values[0] {
        return 0.0;
    }
    if v >= values[last] {
        return last as f64;
    }
    let k = values.windows(2).position(|w| v < w[1]).unwrap_or(last);
    k as f64 + (v - values[k]) / (values[k + 1] - values[k])
}

/// The map, with the scenario on screen at `current` (its two levers' values).
pub fn svg(view: &TradeoffView, current: (f64, f64), lang: Lang) -> String {
    let (Some(x), Some(y)) = (LeverId::from_key(&view.x), LeverId::from_key(&view.y)) else {
        return String::new();
    };
    let (nx, ny) = (view.x_values.len(), view.y_values.len());
    if nx == 0 || ny == 0 {
        return String::new();
    }
    let cw = (WIDTH - LEFT - RIGHT) / nx as f64;
    let ch = (HEIGHT - TOP - BELOW) / ny as f64;
    // Row 0 (the smallest value of y) at the bottom.
    let cx = |i: f64| LEFT + (i + 0.5) * cw;
    let cy = |j: f64| HEIGHT - BELOW - (j + 0.5) * ch;
    let label = if view.complete {
        view.sentence(lang).to_string()
    } else {
        pick(
            lang,
            "Mapa de compromisos, calculándose",
            "Trade-off map, being computed",
        )
        .to_string()
    };
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}" font-family="system-ui, sans-serif" font-size="12">"#,
        escape(&label)
    );
    let labels = view.labels(lang);
    for j in 0..ny {
        for i in 0..nx {
            let k = j * nx + i;
            let (left, top) = (LEFT + i as f64 * cw, cy(j as f64) - ch / 2.0);
            let (fill, text, ink, title) = match view.kept.get(k) {
                Some(&kept) => {
                    let share = f64::from(kept) / view.limits.max(1) as f64;
                    let shade = (share * (GREENS.len() - 1) as f64).round() as usize;
                    let ink = if shade >= 3 { "#fff" } else { "#222" };
                    let title = labels.get(k).cloned().unwrap_or_default();
                    (
                        GREENS[shade.min(GREENS.len() - 1)],
                        format!("{kept}/{}", view.limits),
                        ink,
                        title,
                    )
                }
                None => (UNDECIDED, "…".to_string(), "#555", String::new()),
            };
            let _ = write!(
                o,
                r##"<g data-cell="{k}"><title>{}</title><rect x="{left:.1}" y="{top:.1}" width="{cw:.1}" height="{ch:.1}" fill="{fill}" stroke="#fff"/><text x="{:.1}" y="{:.1}" text-anchor="middle" dominant-baseline="central" fill="{ink}">{text}</text></g>"##,
                escape(&title),
                cx(i as f64),
                cy(j as f64)
            );
        }
    }
    for (i, &v) in view.x_values.iter().enumerate() {
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11">{}</text>"#,
            cx(i as f64),
            HEIGHT - BELOW + 15.0,
            axis_value(x, v, lang)
        );
    }
    for (j, &v) in view.y_values.iter().enumerate() {
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" dominant-baseline="central" font-size="11">{}</text>"#,
            LEFT - 5.0,
            cy(j as f64),
            axis_value(y, v, lang)
        );
    }
    let _ = write!(
        o,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{} →</text>"#,
        LEFT + (WIDTH - LEFT - RIGHT) / 2.0,
        HEIGHT - 8.0,
        escape(&axis_title(x, lang))
    );
    let _ = write!(
        o,
        r#"<text x="4" y="15">↑ {}</text>"#,
        escape(&axis_title(y, lang))
    );
    // The scenario on screen: a dark ring over a white one, visible on every shade.
    let (px, py) = (
        cx(position(&view.x_values, current.0)),
        cy(position(&view.y_values, current.1)),
    );
    let _ = write!(
        o,
        r##"<g data-testid="tradeoff-here"><title>{}</title><circle cx="{px:.1}" cy="{py:.1}" r="9" fill="none" stroke="#fff" stroke-width="5"/><circle cx="{px:.1}" cy="{py:.1}" r="9" fill="none" stroke="#000" stroke-width="2.5"/></g>"##,
        pick(lang, "Este escenario", "This scenario")
    );
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> TradeoffView {
        TradeoffView {
            x: "prod".into(),
            y: "dle".into(),
            x_values: vec![0.0, 10_000.0, 20_000.0],
            y_values: vec![0.0, 50.0],
            limits: 2,
            kept: vec![2, 1, 0, 2],
            labels_es: vec!["<a>".into(); 4],
            labels_en: vec!["<a>".into(); 4],
            ..TradeoffView::default()
        }
    }

    /// Every cell is drawn, decided ones with their count and a shade that darkens with it,
    /// undecided ones as such; text from the worker is escaped.
    #[test]
    fn cells_show_their_count_and_the_undecided_show_none() {
        let s = svg(&view(), (15_000.0, 25.0), Lang::Es);
        assert_eq!(s.matches("<rect").count(), 6);
        assert_eq!(s.matches(">2/2<").count(), 2);
        assert_eq!(s.matches(">1/2<").count(), 1);
        assert_eq!(s.matches(">0/2<").count(), 1);
        assert_eq!(s.matches(">…<").count(), 2);
        assert_eq!(s.matches(GREENS[4]).count(), 2);
        assert_eq!(s.matches(GREENS[0]).count(), 1);
        assert!(!s.contains("<a>") && s.contains("&lt;a&gt;"));
        assert!(s.contains("Producción de litio (t LCE/año)"));
        assert!(s.contains(">10.000<"));
    }

    /// The ring sits between the cells whose values bracket the scenario's, and at the edge for
    /// a value beyond the map.
    #[test]
    fn the_ring_is_where_the_scenario_is() {
        assert_eq!(position(&[0.0, 10.0, 20.0], 15.0), 1.5);
        assert_eq!(position(&[0.0, 10.0, 20.0], 0.0), 0.0);
        assert_eq!(position(&[0.0, 10.0, 20.0], 99.0), 2.0);
        assert_eq!(position(&[0.0, 10.0, 20.0], -5.0), 0.0);
        let s = svg(&view(), (15_000.0, 25.0), Lang::En);
        // Between the second and third columns' centres, half-way up the two rows.
        let cw = (WIDTH - LEFT - RIGHT) / 3.0;
        let ch = (HEIGHT - TOP - BELOW) / 2.0;
        let cx = LEFT + 2.0 * cw;
        let cy = HEIGHT - BELOW - ch;
        assert!(s.contains(&format!(r#"cx="{cx:.1}" cy="{cy:.1}""#)), "{s}");
    }
}
