//! The page's first HTML (issue #19): the default scenario's headline cards and its springs
//! chart in both languages, written at build time by the native model (`cuenca-prerender`, run
//! by `e2e/prerender.mjs`). A visitor on a slow connection reads them before the wasm arrives;
//! the app removes them when it mounts and shows the same numbers (an end-to-end test compares
//! them). A link to another scenario shows them dimmed under "calculando tu escenario…".

use cuenca_model::{sentences_about, Basin, Results, RunError, Scenario};

use crate::chart_data::{self, ChartData};
use crate::i18n::{Lang, Text};

/// Sentences shown as cards, on the page and here; the rest fold behind "more results" to keep
/// a phone screen short. The model writes the most important ones first.
pub const HEADLINE_CARDS: usize = 4;

const CHART_WIDTH: f64 = 640.0;
const CHART_HEIGHT: f64 = 220.0;
/// Room for the axis labels, px.
const CHART_MARGIN: f64 = 36.0;

/// The pre-rendered block for the default scenario of `basin`, both languages (the Spanish one
/// shown; the page's first script picks).
pub fn prerender(basin: &Basin) -> Result<String, RunError> {
    let results = cuenca_model::run(basin, &Scenario::default())?;
    let blocks: String = [Lang::Es, Lang::En]
        .iter()
        .map(|&lang| block(&results, lang))
        .collect();
    Ok(format!(
        "<div id=\"prerender\" aria-busy=\"true\">\n{blocks}</div>\n"
    ))
}

fn block(r: &Results, lang: Lang) -> String {
    let code = match lang {
        Lang::Es => "es",
        Lang::En => "en",
    };
    let hidden = if lang == Lang::Es { "" } else { " hidden" };
    let cards: String = sentences_about(r, lang)
        .into_iter()
        .take(HEADLINE_CARDS)
        .map(|s| format!("<li class=\"card\">{}</li>", escape(&s.text)))
        .collect();
    format!(
        "<div class=\"prerender\" lang=\"{code}\"{hidden}>\n\
         <header class=\"top\"><h1>Cuenca<span class=\"subtitle\"> · Salar de Pastos Grandes</span></h1></header>\n\
         <main>\n<p class=\"lead\">{lead}</p>\n\
         <p class=\"prerender-note\" role=\"status\">{note}</p>\n\
         <section class=\"cards\"><h2>{title}</h2><ul data-testid=\"prerender-cards\">{cards}</ul></section>\n\
         {chart}\
         </main>\n</div>\n",
        lead = escape(Text::Lead.get(lang)),
        note = escape(Text::CalculatingScenario.get(lang)),
        title = escape(Text::ResultsTitle.get(lang)),
        chart = svg_chart(&chart_data::springs(r, &[], lang)),
    )
}

/// A static line chart: each line's annual means, the first and last years and the value range.
fn svg_chart(c: &ChartData) -> String {
    let rows = c.annual_rows();
    let (lo, hi) = c.y_range();
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return String::new();
    };
    let span = f64::from((last.0 - first.0).max(1));
    let x = |year: i32| {
        CHART_MARGIN + f64::from(year - first.0) / span * (CHART_WIDTH - 2.0 * CHART_MARGIN)
    };
    let y = |v: f64| {
        CHART_HEIGHT - CHART_MARGIN - (v - lo) / (hi - lo) * (CHART_HEIGHT - 2.0 * CHART_MARGIN)
    };
    let lines: String = c
        .lines
        .iter()
        .enumerate()
        .map(|(k, line)| {
            let points: Vec<String> = rows
                .iter()
                .map(|(year, means)| format!("{:.1},{:.1}", x(*year), y(means[k])))
                .collect();
            let (r, g, b) = line.rgb;
            let dash = if line.dashed { " stroke-dasharray=\"6 4\"" } else { "" };
            format!(
                "<polyline fill=\"none\" stroke=\"rgb({r},{g},{b})\" stroke-width=\"2\"{dash} points=\"{}\"><title>{}</title></polyline>",
                points.join(" "),
                escape(&line.label)
            )
        })
        .collect();
    let label = |px: f64, py: f64, anchor: &str, text: String| {
        format!("<text x=\"{px:.0}\" y=\"{py:.0}\" text-anchor=\"{anchor}\">{text}</text>")
    };
    let axis = [
        label(
            CHART_MARGIN,
            CHART_HEIGHT - 12.0,
            "start",
            first.0.to_string(),
        ),
        label(
            CHART_WIDTH - CHART_MARGIN,
            CHART_HEIGHT - 12.0,
            "end",
            last.0.to_string(),
        ),
        label(CHART_MARGIN - 4.0, y(hi) + 4.0, "end", format!("{hi:.0}")),
        label(CHART_MARGIN - 4.0, y(lo) + 4.0, "end", format!("{lo:.0}")),
    ]
    .concat();
    format!(
        "<figure class=\"prerender-chart\"><figcaption>{title} ({unit})</figcaption>\
         <svg viewBox=\"0 0 {CHART_WIDTH} {CHART_HEIGHT}\" role=\"img\" aria-label=\"{title}\">{lines}{axis}</svg></figure>\n",
        title = escape(&c.title),
        unit = escape(&c.unit),
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_carry_the_default_runs_headline_sentences() {
        let basin = Basin::default_basin();
        let html = prerender(&basin).expect("the default scenario runs");
        let r = cuenca_model::run(&basin, &Scenario::default()).expect("runs");
        for lang in [Lang::Es, Lang::En] {
            let sentences = sentences_about(&r, lang);
            assert!(sentences.len() >= HEADLINE_CARDS);
            for s in sentences.iter().take(HEADLINE_CARDS) {
                assert!(html.contains(&format!("<li class=\"card\">{}</li>", escape(&s.text))));
            }
            assert!(html.contains(&escape(Text::CalculatingScenario.get(lang))));
        }
        assert_eq!(html.matches("<polyline").count(), 4, "two lines a language");
        assert_eq!(
            html.matches(" hidden>").count(),
            1,
            "English hidden until chosen"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
