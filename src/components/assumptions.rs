//! Every parameter of the basin with value, range, unit, status and source, so anyone can see
//! which numbers are contested.

use std::sync::Arc;

use cuenca_model::{Basin, ParamValue};
use leptos::prelude::*;

use crate::i18n::{fmt_num, pick, Lang, Text};

/// A number with as many decimals as it needs (up to 4), in the language's style; scientific
/// notation for the very small (specific storage, 1e-5 1/m).
fn number_text(v: f64, lang: Lang) -> String {
    if v != 0.0 && v.abs() < 1e-3 {
        return format!("{v:.0e}");
    }
    let decimals = (0..=4)
        .find(|&d| ((v * 10f64.powi(d)).round() - v * 10f64.powi(d)).abs() < 1e-6)
        .unwrap_or(4);
    fmt_num(v, decimals as usize, lang)
}

fn value_text(v: &ParamValue, lang: Lang) -> String {
    match v {
        ParamValue::Number(x) => number_text(*x, lang),
        ParamValue::Monthly(m) => m
            .iter()
            .map(|x| number_text(*x, lang))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

fn status_word(status: &str, lang: Lang) -> &'static str {
    match status.chars().next() {
        Some('S') => pick(lang, "medido", "sourced"),
        Some('A') => pick(lang, "análogo", "analog"),
        Some('D') => pick(lang, "derivado", "derived"),
        _ => pick(lang, "estimación", "estimate"),
    }
}

#[component]
pub fn Assumptions(basin: Arc<Basin>, lang: ReadSignal<Lang>) -> impl IntoView {
    let rows = move || {
        let lang = lang.get();
        basin
            .params()
            .map(|p| {
                let value = value_text(&p.value, lang);
                let range = format!(
                    "{} – {}",
                    value_text(&p.min, lang),
                    value_text(&p.max, lang)
                );
                let status = format!("{} ({})", p.status, status_word(&p.status, lang));
                view! {
                    <tr>
                        <th scope="row" title=p.note.clone()><code>{p.id.clone()}</code></th>
                        <td>{value}</td>
                        <td>{range}</td>
                        <td>{p.unit.clone()}</td>
                        <td>{status}</td>
                        <td class="source">{p.source.clone()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <details class="assumptions" data-testid="assumptions">
            <summary>{Text::AssumptionsTitle.tr(lang)}</summary>
            <p class="hint">{Text::AssumptionsIntro.tr(lang)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=Text::AssumptionsTitle.tr(lang)>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{Text::Parameter.tr(lang)}</th>
                            <th scope="col">{Text::Value.tr(lang)}</th>
                            <th scope="col">{Text::Range.tr(lang)}</th>
                            <th scope="col">{Text::Unit.tr(lang)}</th>
                            <th scope="col">{Text::Status.tr(lang)}</th>
                            <th scope="col">{Text::Source.tr(lang)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
