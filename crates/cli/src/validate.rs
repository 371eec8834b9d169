//! `cuenca validate`: how far to trust the model, as Markdown, JSON, or the web page's trust
//! pages (static HTML, one per language, written at build time from this same table).

use std::fmt::Write as _;
use std::path::Path;

use cuenca_model::validation::references::{self, Reference};
use cuenca_model::validation::{top_unknowns, validate, Check, Status, Unknown};
use cuenca_model::{fmt_num, Basin, Lang, MODEL_VERSION};

const USAGE: &str = "Usage: cuenca validate [--format markdown|json] [--lang es|en]
       cuenca validate --pages DIR     (writes DIR/confianza.html and DIR/trust.html)";

/// The trust pages' file names, Spanish and English (the app links to them).
pub const PAGES: [(Lang, &str); 2] = [(Lang::Es, "confianza.html"), (Lang::En, "trust.html")];

pub fn cmd_validate(args: &[String]) -> Result<String, String> {
    let (mut format, mut lang, mut pages) = ("markdown", Lang::En, None);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().map(String::as_str).ok_or(USAGE);
        match flag.as_str() {
            "--format" => format = value()?,
            "--lang" => lang = Lang::from_tag(value()?).ok_or(USAGE)?,
            "--pages" => pages = Some(value()?),
            _ => return Err(USAGE.into()),
        }
    }
    let basin = Basin::default_basin();
    let rows = validate(&basin).map_err(|e| e.to_string())?;
    let unknowns = top_unknowns(&basin).map_err(|e| e.to_string())?;
    if let Some(dir) = pages {
        for (lang, name) in PAGES {
            let path = Path::new(dir).join(name);
            std::fs::write(&path, html(&rows, &unknowns, lang))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        return Ok(String::new());
    }
    match format {
        "markdown" => Ok(markdown(&rows, &unknowns, lang)),
        "json" => serde_json::to_string_pretty(&serde_json::json!({
            "model_version": MODEL_VERSION,
            "checks": rows,
            "unknowns": unknowns,
        }))
        .map(|s| s + "\n")
        .map_err(|e| e.to_string()),
        _ => Err(USAGE.into()),
    }
}

/// A value with the digits a reader needs: small errors in scientific notation, the rest with
/// up to three significant figures.
fn value_text(x: f64, lang: Lang) -> String {
    if x != 0.0 && x.abs() < 1e-3 {
        return format!("{x:.1e}");
    }
    if x.abs() >= 1e6 {
        let exp = x.abs().log10().floor() as i32;
        return format!("{}e{exp}", fmt_num(x / 10f64.powi(exp), 2, lang));
    }
    let decimals = match x.abs() {
        a if a >= 100.0 => 0,
        a if a >= 10.0 => 1,
        _ => 2,
    };
    // Three significant figures at most, and no trailing zeros ("50", "0.05", "1.47").
    let text = fmt_num(x, decimals, lang);
    let sep = match lang {
        Lang::Es => ',',
        Lang::En => '.',
    };
    let text = if text.contains(sep) {
        text.trim_end_matches('0').trim_end_matches(sep).to_string()
    } else {
        text
    };
    text.replace('-', "−")
}

fn range_text(c: &Check, lang: Lang) -> String {
    match c.range {
        Some((lo, hi)) => format!("{} – {}", value_text(lo, lang), value_text(hi, lang)),
        None => "—".into(),
    }
}

fn model_text(c: &Check, lang: Lang) -> String {
    c.value.map_or("—".into(), |v| value_text(v, lang))
}

/// A unit as each language writes it.
fn unit_text(unit: &str, lang: Lang) -> &str {
    match (unit, lang) {
        ("mm/yr", Lang::Es) => "mm/año",
        ("months", Lang::Es) => "meses",
        _ => unit,
    }
}

fn target_text(c: &Check) -> String {
    if c.target == 0 {
        "—".into()
    } else {
        c.target.to_string()
    }
}

/// The heading and lead of the unknowns' list.
fn unknowns_intro(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Es => (
            "Lo que más falta medir",
            "Lo que más mueve los resultados del plan 2019 entre 100 versiones posibles del \
             modelo (la parte de la dispersión que explica cada dato):",
        ),
        Lang::En => (
            "What most needs measuring",
            "What moves the 2019 plan's results most across 100 possible versions of the model \
             (the share of the spread each input explains):",
        ),
    }
}

fn markdown(rows: &[Check], unknowns: &[Unknown], lang: Lang) -> String {
    let (title, head) = match lang {
        Lang::Es => (
            "Cuánto confiar en el modelo",
            "| # | qué | modelo | se cumple con | unidad | fuente | estado |",
        ),
        Lang::En => (
            "How far to trust the model",
            "| # | what | model | met within | unit | source | status |",
        ),
    };
    let model = match lang {
        Lang::Es => "modelo",
        Lang::En => "model",
    };
    let mut o =
        format!("# {title} ({model} {MODEL_VERSION})\n\n{head}\n|---|---|---:|---:|---|---|---|\n");
    for c in rows {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} |",
            target_text(c),
            c.what(lang),
            model_text(c, lang),
            range_text(c, lang),
            unit_text(c.unit, lang),
            c.source,
            c.status.label(lang)
        );
    }
    for c in rows.iter().filter(|c| !c.note(lang).is_empty()) {
        let _ = write!(
            o,
            "\n- **{}** ({}): {}\n",
            c.id,
            c.status.label(lang),
            c.note(lang)
        );
    }
    let (title, lead) = unknowns_intro(lang);
    let _ = write!(o, "\n## {title}\n\n{lead}\n\n");
    for u in unknowns {
        let _ = writeln!(
            o,
            "- {} ({} %)",
            u.what(lang),
            fmt_num(100.0 * u.share, 0, lang)
        );
    }
    let _ = write!(
        o,
        "\n## {}\n\n",
        match lang {
            Lang::Es => "Fuentes",
            Lang::En => "Sources",
        }
    );
    for r in cited(rows) {
        let _ = writeln!(o, "- [{}] {}. <{}>", r.key, r.citation, r.url);
    }
    o
}

/// The sources the checks cite, in the order of their keys' first citation.
fn cited(rows: &[Check]) -> Vec<&'static Reference> {
    let mut out: Vec<&'static Reference> = Vec::new();
    for key in rows.iter().flat_map(|c| references::keys_in(c.source)) {
        if let Some(r) = references::reference(key).filter(|r| !out.contains(r)) {
            out.push(r);
        }
    }
    out
}

/// A check's source with each key linked to its entry in the page's list of sources.
fn linked_source(source: &str) -> String {
    let mut o = escape(source);
    for key in references::keys_in(source) {
        if references::reference(key).is_some() {
            o = o.replacen(
                &format!("[{key}]"),
                &format!("<a href=\"#{key}\">[{key}]</a>"),
                1,
            );
        }
    }
    o
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A static page, readable on a phone without the app: no script, one small style sheet inline.
fn html(rows: &[Check], unknowns: &[Unknown], lang: Lang) -> String {
    let t = |es: &'static str, en: &'static str| match lang {
        Lang::Es => es,
        Lang::En => en,
    };
    let (other_lang, other_page) = match lang {
        Lang::Es => ("English", PAGES[1].1),
        Lang::En => ("Español", PAGES[0].1),
    };
    let count = |s: Status| rows.iter().filter(|c| c.status == s).count();
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<!doctype html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'">
<link rel="icon" href="icons/icon-192.png">
<title>{title} — Cuenca</title>
<style>
body {{ font: 16px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }}
a {{ color: #004a80; }}
.check {{ border-top: 1px solid #ccc; padding: .6rem 0; }}
.check h2 {{ font-size: 1rem; margin: 0 0 .3rem; }}
.check dl {{ display: grid; grid-template-columns: auto 1fr; gap: .1rem .8rem; margin: 0; }}
.check dt {{ color: #4a4a4a; }}
.check dd {{ margin: 0; }}
.status {{ font-weight: 600; padding: 0 .3rem; border-radius: .2rem; }}
.met {{ background: #d7f0dc; }} .not_met {{ background: #fbd9d3; }}
.no_public_data, .not_assessed {{ background: #ececec; }}
.note {{ margin: .3rem 0 0; }}
.check dd a {{ margin-right: .4rem; }}
.sources li {{ margin: .3rem 0; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<p><a href="./">{back}</a> · <a href="{other_page}" lang="{other_code}">{other_lang}</a></p>
<h1>{title}</h1>
<p>{intro}</p>
<p>{summary}</p>
"#,
        code = lang.tag(),
        other_code = match lang {
            Lang::Es => Lang::En.tag(),
            Lang::En => Lang::Es.tag(),
        },
        title = t("Cuánto confiar en el modelo", "How far to trust the model"),
        back = t("← Volver al explorador", "← Back to the explorer"),
        intro = t(
            "Cada cifra que el modelo debería reproducir según lo publicado sobre el Salar de \
             Pastos Grandes y salares parecidos, con el valor del modelo, el rango aceptado, la \
             fuente y si se cumple. El estado se calcula con el modelo mismo cada vez que se \
             publica la página: no se ajustó ningún parámetro para cumplir.",
            "Every figure the model should reproduce, from what is published on the Salar de \
             Pastos Grandes and similar salars, with the model's value, the accepted range, the \
             source and whether it is met. The status is computed by the model itself each time \
             the page is published: no parameter was tuned to meet a target."
        ),
        summary = escape(&match lang {
            Lang::Es => format!(
                "Modelo {MODEL_VERSION} · se cumplen: {} · no se cumplen: {} · sin datos \
                 públicos: {} · no evaluadas: {}",
                count(Status::Met),
                count(Status::NotMet),
                count(Status::NoPublicData),
                count(Status::NotAssessed)
            ),
            Lang::En => format!(
                "Model {MODEL_VERSION} · met: {} · not met: {} · no public data: {} · not \
                 assessed: {}",
                count(Status::Met),
                count(Status::NotMet),
                count(Status::NoPublicData),
                count(Status::NotAssessed)
            ),
        }),
    );
    for c in rows {
        let status = serde_json::to_value(c.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let target = if c.target == 0 {
            t("Comprobación", "Check").to_string()
        } else {
            format!("{} {}", t("Meta", "Target"), c.target)
        };
        let unit = if c.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", unit_text(c.unit, lang))
        };
        let _ = write!(
            o,
            r#"<section class="check" data-id="{id}" data-status="{status}">
<h2>{target}: {what}</h2>
<dl>
<dt>{l_model}</dt><dd>{model}{unit}</dd>
<dt>{l_range}</dt><dd>{range}{range_unit}</dd>
<dt>{l_source}</dt><dd>{source}</dd>
<dt>{l_status}</dt><dd><span class="status {status}">{status_label}</span></dd>
</dl>
"#,
            id = c.id,
            what = escape(c.what(lang)),
            l_model = t("Modelo", "Model"),
            model = model_text(c, lang),
            l_range = t("Se cumple con", "Met within"),
            range = range_text(c, lang),
            range_unit = if c.range.is_some() { unit.as_str() } else { "" },
            l_source = t("Fuente", "Source"),
            source = linked_source(c.source),
            l_status = t("Estado", "Status"),
            status_label = c.status.label(lang),
        );
        if !c.note(lang).is_empty() {
            let _ = writeln!(o, r#"<p class="note">{}</p>"#, escape(c.note(lang)));
        }
        o.push_str("</section>\n");
    }
    let (title, lead) = unknowns_intro(lang);
    let _ = write!(
        o,
        "<h2 id=\"unknowns\">{title}</h2>\n<p>{}</p>\n<ol>\n",
        escape(lead)
    );
    for u in unknowns {
        let _ = writeln!(
            o,
            "<li data-factor=\"{}\">{} ({} %)</li>",
            serde_json::to_value(u.factor)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            escape(u.what(lang)),
            fmt_num(100.0 * u.share, 0, lang)
        );
    }
    o.push_str("</ol>\n");
    let _ = write!(
        o,
        "<h2 id=\"sources\">{}</h2>\n<ul class=\"sources\">\n",
        t("Fuentes", "Sources")
    );
    for r in cited(rows) {
        let _ = writeln!(
            o,
            "<li id=\"{key}\">[{key}] {citation}. <a href=\"{url}\" rel=\"noopener\">{url}</a></li>",
            key = r.key,
            citation = escape(r.citation),
            url = escape(r.url),
        );
    }
    o.push_str("</ul>\n");
    let _ = write!(
        o,
        "<p>{}</p>\n</body>\n</html>\n",
        t(
            "Lo que el modelo deja afuera: el flujo en tres dimensiones (cada celda es un bloque), \
             el transporte de solutos que no sean el litio, y los ensayos de cada pozo.",
            "What the model leaves out: flow in three dimensions (each cell is one block), the \
             transport of solutes other than lithium, and each well's own test."
        )
    );
    o
}
