//! The basin as a map (SVG): every cell drawn as its zone, coloured by drawdown in a year the
//! person picks, with the places people know marked and named.

use std::sync::Arc;

use cuenca_model::{Basin, Results};
use leptos::prelude::*;

use crate::i18n::{fmt_num, pick, Lang, Text};
use crate::page_readings::PageReadings;

/// Drawdown classes (m) and their colours: a single-hue sequential scale (ColorBrewer
/// "YlOrBr"), readable with colour-vision deficiencies and in greyscale.
const CLASSES_M: [f64; 5] = [0.1, 0.5, 1.0, 2.0, 5.0];
const COLOURS: [&str; 6] = [
    "#fbfbf3", "#fee391", "#fec44f", "#fe9929", "#d95f0e", "#993404",
];

/// Years after the start shown when the link names no year.
const DEFAULT_YEAR_INDEX: usize = 20;

fn class_of(drawdown_m: f64) -> usize {
    CLASSES_M.iter().take_while(|&&c| drawdown_m >= c).count()
}

/// Mean drawdown of each cell in the year `year_index` (0 = first year).
fn year_drawdown(results: &Results, year_index: usize) -> Vec<f64> {
    results
        .cells
        .iter()
        .map(|c| {
            let from = (year_index * 12).min(c.drawdown_m.len().saturating_sub(12));
            let slice = &c.drawdown_m[from..(from + 12).min(c.drawdown_m.len())];
            slice.iter().sum::<f64>() / slice.len().max(1) as f64
        })
        .collect()
}

#[component]
pub fn BasinMap(
    basin: Arc<Basin>,
    #[prop(into)] results: Signal<Option<Arc<Results>>>,
    lang: ReadSignal<Lang>,
    /// The year shown; `None` is the default (20 years after the start, when most plans are in
    /// full production). Kept in the link.
    year: RwSignal<Option<i32>>,
    /// A small map for comparisons: no year slider, legend or list of places.
    #[prop(optional)]
    compact: bool,
    /// Someone's readings: the sites read are ringed, and the list says how the run compares.
    #[prop(optional)]
    readings: Option<ReadSignal<PageReadings>>,
) -> impl IntoView {
    let read_at = move |site: &str| {
        readings.is_some_and(|r| r.with(|r| r.sites.iter().any(|f| f.site == site)))
    };
    // Under the list of places: how the central run compares with each place read.
    let fits = move || {
        let lang = lang.get();
        readings.map(|r| {
            r.with(|r| {
                r.sites
                    .iter()
                    .map(|f| {
                        let text = pick(lang, &f.sentence_es, &f.sentence_en).to_string();
                        view! { <li data-testid="site-fit">{text}</li> }
                    })
                    .collect_view()
            })
        })
    };
    let (min_x, max_x, min_y, max_y) = bounds(&basin);
    let pad = 1.0;
    let view_box = format!(
        "{} {} {} {}",
        min_x - pad,
        -max_y - pad,
        max_x - min_x + 2.0 * pad,
        max_y - min_y + 2.0 * pad
    );
    let years = move || results.with(|r| r.as_ref().map(|r| r.years()).unwrap_or(1));
    let first_year = move || {
        results.with(|r| {
            r.as_ref()
                .and_then(|r| r.months.first().map(|m| m.year))
                .unwrap_or(2025)
        })
    };
    let year_index = Memo::new(move |_| {
        let wanted = year
            .get()
            .map(|y| (y - first_year()).max(0) as usize)
            .unwrap_or(DEFAULT_YEAR_INDEX);
        wanted.min(years().saturating_sub(1))
    });
    let drawdowns = Memo::new(move |_| {
        results.with(|r| r.as_ref().map(|r| year_drawdown(r, year_index.get())))
    });

    let cells = basin
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.polygon.len() >= 3)
        .map(|(i, c)| {
            let points = c
                .polygon
                .iter()
                .map(|[x, y]| format!("{x:.2},{:.2}", -y))
                .collect::<Vec<_>>()
                .join(" ");
            let (name_es, name_en) = (c.name_es.clone(), c.name_en.clone());
            let fill = move || {
                drawdowns.with(|d| {
                    d.as_ref()
                        .map(|d| COLOURS[class_of(d[i])])
                        .unwrap_or(COLOURS[0])
                })
            };
            let tip = move || {
                let lang = lang.get();
                let name = pick(lang, &name_es, &name_en);
                let dd = drawdowns.with(|d| d.as_ref().map(|d| d[i]).unwrap_or(0.0));
                format!("{name}: {} m", fmt_num(dd, 2, lang))
            };
            view! {
                <polygon points=points fill=fill class="cell" data-cell=c.id.clone()>
                    <title>{tip}</title>
                </polygon>
            }
        })
        .collect_view();
    let catchments = basin
        .catchments
        .iter()
        .filter(|c| c.polygon.len() >= 3)
        .map(|c| {
            let points = c
                .polygon
                .iter()
                .map(|[x, y]| format!("{x:.2},{:.2}", -y))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polygon points=points class="catchment"></polygon> }
        })
        .collect_view();
    // Sites are numbered on the map and named in the list below it: names on a phone-sized
    // map would overlap.
    let site_marks = basin
        .sites
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let (x, y) = (s.x_km, -s.y_km);
            let id = s.id.clone();
            let kind = s.kind.clone();
            let class = move || {
                let read = if read_at(&id) { " read" } else { "" };
                format!("site site-{kind}{read}")
            };
            view! {
                <g class=class>
                    <circle cx=x cy=y r="1.1"></circle>
                    <text x=x y=y + 0.45 text-anchor="middle">{k + 1}</text>
                </g>
            }
        })
        .collect_view();
    let site_names = basin
        .sites
        .iter()
        .map(|s| {
            let (es, en) = (s.name_es.clone(), s.name_en.clone());
            view! { <li>{move || pick(lang.get(), &es, &en).to_string()}</li> }
        })
        .collect_view();

    let description = move || {
        let lang = lang.get();
        let year = first_year() + year_index.get() as i32;
        let worst = drawdowns.with(|d| {
            d.as_ref()
                .map(|d| d.iter().copied().fold(0.0, f64::max))
                .unwrap_or(0.0)
        });
        match lang {
            Lang::Es => format!(
                "Mapa de la cuenca en {year}: el mayor descenso de la napa es de {} m.",
                fmt_num(worst, 2, lang)
            ),
            Lang::En => format!(
                "Map of the basin in {year}: the largest water-table drawdown is {} m.",
                fmt_num(worst, 2, lang)
            ),
        }
    };

    view! {
        <figure class="map" data-testid="basin-map">
            <svg viewBox=view_box role="img" aria-label=description preserveAspectRatio="xMidYMid meet">
                {catchments}
                {cells}
                {site_marks}
            </svg>
            {(!compact).then(|| view! { <ol class="site-list">{site_names}</ol> <ul class="site-fits hint">{fits}</ul> })}
            <figcaption>{description}</figcaption>
            {(!compact).then(|| view! {
            <label class="map-year">
                <span>{move || format!("{}: {}", Text::MapYear.get(lang.get()), first_year() + year_index.get() as i32)}</span>
                <input
                    type="range"
                    data-testid="map-year"
                    min="0"
                    max=move || years().saturating_sub(1)
                    step="1"
                    prop:value=move || year_index.get()
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<i32>() {
                            year.set(Some(first_year() + v));
                        }
                    }
                />
            </label>
            <div class="map-legend" aria-label=Text::MapLegend.tr(lang)>
                <p>{Text::MapLegend.tr(lang)}</p>
                <ul>
                    {COLOURS
                        .iter()
                        .enumerate()
                        .map(|(k, colour)| {
                            let label = move || legend_label(k, lang.get());
                            view! {
                                <li>
                                    <span class="swatch-box" style:background-color=*colour></span>
                                    {label}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
            })}
        </figure>
    }
}

fn legend_label(class: usize, lang: Lang) -> String {
    let n = |v: f64| fmt_num(v, 1, lang);
    match class {
        0 => format!("< {} m", n(CLASSES_M[0])),
        k if k == CLASSES_M.len() => format!("≥ {} m", n(CLASSES_M[k - 1])),
        k => format!("{}–{} m", n(CLASSES_M[k - 1]), n(CLASSES_M[k])),
    }
}

fn bounds(basin: &Basin) -> (f64, f64, f64, f64) {
    let points = basin
        .cells
        .iter()
        .flat_map(|c| c.polygon.iter())
        .chain(basin.catchments.iter().flat_map(|c| c.polygon.iter()));
    let mut b = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for [x, y] in points {
        b = (b.0.min(*x), b.1.max(*x), b.2.min(*y), b.3.max(*y));
    }
    if !b.0.is_finite() {
        return (0.0, 1.0, 0.0, 1.0);
    }
    b
}
