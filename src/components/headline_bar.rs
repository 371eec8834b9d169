//! The headline figures in a bar fixed to the bottom of a phone's screen, so that a person who
//! moves a lever sees its effect without scrolling back up: lithium, the water table at the
//! village, the vegas and the springs, each with what it was before the last change. On a wide
//! screen the levers and the results sit side by side and the bar is not shown.

use std::fmt::Write as _;
use std::sync::Arc;

use cuenca_model::{fmt_num, round_two_figures, Results};
use leptos::prelude::*;

use crate::board_view::Headline;
use crate::i18n::{pick, tr, Lang};

/// One figure of the bar: its value and the text shown for it.
#[derive(Clone, PartialEq)]
struct Figure {
    id: &'static str,
    label: &'static str,
    text: String,
}

/// The four figures of a run, as the cards say them (the village's largest drawdown against
/// today's climate when the climate changes, the decade means of the areas and springs).
fn figures(r: &Results, lang: Lang) -> [Figure; 4] {
    let h = Headline::of(r);
    let tonnes = h.lithium_t_lce;
    // Two significant figures, as the cards say it ("unas 680.000 t").
    let lithium = if tonnes >= 1e6 {
        format!("{} Mt", fmt_num(tonnes / 1e6, 1, lang))
    } else if tonnes >= 1e4 {
        format!("{} kt", fmt_num(round_two_figures(tonnes) / 1e3, 0, lang))
    } else if tonnes > 0.0 {
        format!("{} kt", fmt_num(tonnes / 1e3, 1, lang))
    } else {
        "0 t".to_string()
    };
    let drop_m = h.village_drop_m;
    let pct = |lost: f64| {
        format!(
            "{}{} %",
            if lost > 0.5 {
                "−"
            } else if lost < -0.5 {
                "+"
            } else {
                ""
            },
            fmt_num(lost.abs(), 0, lang)
        )
    };
    [
        Figure {
            id: "lithium",
            label: pick(lang, "Litio", "Lithium"),
            text: lithium,
        },
        Figure {
            id: "village",
            label: pick(lang, "Napa en el pueblo", "Village water table"),
            text: format!(
                "{}{} m",
                if drop_m >= 0.05 { "−" } else { "" },
                fmt_num(drop_m.max(0.0), 1, lang)
            ),
        },
        Figure {
            id: "vegas",
            label: pick(lang, "Vegas", "Vegas"),
            text: pct(h.vega_lost_pct),
        },
        Figure {
            id: "springs",
            label: pick(lang, "Vertientes", "Springs"),
            text: pct(-h.spring_change_pct),
        },
    ]
}

#[component]
pub fn HeadlineBar(
    #[prop(into)] results: Signal<Option<Arc<Results>>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    // The run before the current one, to say what each figure was before the last change.
    let previous: RwSignal<Option<Arc<Results>>> = RwSignal::new(None);
    let current: RwSignal<Option<Arc<Results>>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(r) = results.get() {
            let last = current.get_untracked();
            if last.as_ref().is_some_and(|l| !Arc::ptr_eq(l, &r)) {
                previous.set(last);
            }
            current.set(Some(r));
        }
    });
    // One markup string: the bar is plain text, and a string costs the bundle half what a view
    // per figure does.
    let items = move || {
        let lang = lang.get();
        let Some(now) = current.get() else {
            return String::new();
        };
        let before = previous.get().map(|p| figures(&p, lang));
        let mut html = String::new();
        for (k, f) in figures(&now, lang).into_iter().enumerate() {
            let was = before
                .as_ref()
                .map(|b| &b[k].text)
                .filter(|t| **t != f.text);
            let _ = write!(
                html,
                r#"<li data-figure="{}"{}><span class="label">{}</span><span class="value">{}</span>"#,
                f.id,
                if was.is_some() {
                    r#" class="changed""#
                } else {
                    ""
                },
                f.label,
                f.text
            );
            if let Some(t) = was {
                let _ = write!(
                    html,
                    r#"<span class="was">{} {t}</span>"#,
                    pick(lang, "antes", "was")
                );
            }
            html.push_str("</li>");
        }
        html
    };
    view! {
        <section class="headline-bar" data-testid="headline-bar" aria-label=tr(lang, "Resumen de resultados", "Results at a glance")>
            <ul inner_html=items></ul>
        </section>
    }
}
