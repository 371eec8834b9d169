//! A facilitator's board: the participants' links pasted (or a saved board opened), each
//! scenario run here, and all of them set side by side: a row per scenario, each headline's
//! minimum, median and maximum across the group and whose they are, one chart line per
//! scenario, and which of the agreed limits each keeps. The board is a link of its own (the
//! participants in the address's fragment, which no server sees) or, when that is too long to
//! pass around, a text file to save and reopen. Part of the tools' module.

use std::collections::HashMap;
use std::sync::Arc;

use cuenca_link::{gather, read_board_fragment, Board};
use cuenca_model::negotiation::Limit;
use cuenca_model::{Basin, Results};
use leptos::prelude::*;

use crate::board_view::{spread, BoardChart, Column, Headline};
use crate::components::board_limits::BoardLimits;
use crate::components::qr_scanner::{QrScanner, ScanOutcome};
use crate::download::{credit, download_text, download_url, png_from_svg, read_chosen_file, today};
use crate::i18n::{fmt_num, pick, tr, Lang};

/// A board link longer than this is better saved as a file (some chat apps cut long links).
const LONGEST_LINK: usize = 8_000;

/// The page's address without query or fragment, which every participant's link starts with.
fn base() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_else(|_| "/".into())
    )
}

/// Writes the board into the address's fragment (none for an empty board), keeping the query.
fn write_fragment(fragment: Option<&str>) {
    let location = window().location();
    let url = match fragment {
        Some(f) => format!("#{f}"),
        None => format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        ),
    };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Names shown for the ends of a spread: up to three, then how many more.
fn whose(who: &[usize], names: &[String], lang: Lang) -> String {
    let mut listed: Vec<&str> = who.iter().take(3).map(|&k| names[k].as_str()).collect();
    let more = who.len().saturating_sub(3);
    let extra;
    if more > 0 {
        extra = match lang {
            Lang::Es => format!("y {more} más"),
            Lang::En => format!("and {more} more"),
        };
        listed.push(&extra);
    }
    listed.join(", ")
}

#[component]
pub fn BoardPanel(
    basin: Arc<Basin>,
    /// The agreed limits (the tools' own), which the board counts for each scenario.
    limits: RwSignal<Vec<Limit>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let limits_basin = basin.clone();
    let basin = StoredValue::new(basin);
    // A board link opens with its scenarios written out, one editable line each.
    let from_link = window()
        .location()
        .hash()
        .ok()
        .and_then(|h| basin.with_value(|b| read_board_fragment(&h, b)));
    let text = RwSignal::new(
        from_link
            .as_ref()
            .map(|board| basin.with_value(|b| board.to_text(&base(), b)))
            .unwrap_or_default(),
    );
    let board = Memo::new(move |_| text.with(|t| basin.with_value(|b| gather(t, b))));
    // Each entry's link and the board's fragment, written once per edit and read by the
    // address, the runs, the rows' links and the board's link.
    let queries = Memo::new(move |_| {
        board.with(|board| {
            basin.with_value(|b| board.entries.iter().map(|e| e.query(b)).collect::<Vec<_>>())
        })
    });
    let fragment =
        Memo::new(move |_| board.with(|board| basin.with_value(|b| board.to_fragment(b))));

    // The address follows the board, so the page's link is the board's.
    Effect::new(move |_| {
        if board.with(|board: &Board| board.entries.is_empty()) {
            let on_board = window()
                .location()
                .hash()
                .is_ok_and(|h| h.starts_with("#board"));
            if on_board {
                write_fragment(None);
            }
        } else {
            fragment.with(|f| write_fragment(Some(f)));
        }
    });

    // Each scenario run once: an edit to one line reruns that line only.
    let cache: StoredValue<HashMap<String, Option<Arc<Results>>>> =
        StoredValue::new(HashMap::new());
    let runs = Memo::new(move |_| {
        queries.with(|wanted| {
            board.with(|board| {
                cache.update_value(|c| {
                    c.retain(|q, _| wanted.contains(q));
                    for (q, e) in wanted.iter().zip(&board.entries) {
                        c.entry(q.clone()).or_insert_with(|| {
                            basin.with_value(|b| {
                                cuenca_model::run(b, &e.scenario).ok().map(Arc::new)
                            })
                        });
                    }
                });
            });
            cache.with_value(|c| {
                wanted
                    .iter()
                    .map(|q| c.get(q).cloned().flatten())
                    .collect::<Vec<_>>()
            })
        })
    });
    let names = Memo::new(move |_| {
        let lang = lang.get();
        board.with(|b| {
            b.entries
                .iter()
                .enumerate()
                .map(|(k, e)| e.name(k, lang))
                .collect::<Vec<_>>()
        })
    });

    let open_file = move |ev: leptos::ev::Event| read_chosen_file(&ev, move |t| text.set(t));
    // A code read by the camera: a Cuenca link goes on a line of its own, once.
    let scanned = Callback::new(move |code: String| {
        let lang = lang.get_untracked();
        let read = basin.with_value(|b| gather(&code, b));
        let Some(entry) = read.entries.first() else {
            return ScanOutcome::NotALink;
        };
        let query = basin.with_value(|b| entry.query(b));
        let on_board = queries.with_untracked(|q| q.iter().position(|x| *x == query));
        if let Some(k) = on_board {
            return ScanOutcome::AlreadyThere(
                names
                    .with_untracked(|n| n.get(k).cloned())
                    .unwrap_or_default(),
            );
        }
        let k = queries.with_untracked(Vec::len);
        text.update(|t| {
            if !t.is_empty() && !t.ends_with('\n') {
                t.push('\n');
            }
            t.push_str(code.trim());
            t.push('\n');
        });
        ScanOutcome::Added(entry.name(k, lang))
    });
    let save = move |_| {
        let content = board.with_untracked(|board| basin.with_value(|b| board.to_text(&base(), b)));
        download_text(
            &format!("cuenca-tablero-{}.txt", today()),
            "text/plain",
            &content,
        );
    };
    // Written from the board, not read back from the address, which its effect may not have
    // updated yet.
    let board_url = move || {
        let search = window().location().search().unwrap_or_default();
        fragment.with(|f| format!("{}{search}#{f}", base()))
    };
    let link_input = NodeRef::<leptos::html::Input>::new();
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let done = move |ok: bool| {
            if !ok {
                if let Some(i) = link_input.get_untracked() {
                    let _ = i.focus();
                    i.select();
                }
            }
            copied.set(Some(ok));
            set_timeout(move || copied.set(None), std::time::Duration::from_secs(4));
        };
        let navigator = window().navigator();
        if !js_sys::Reflect::has(&navigator, &"clipboard".into()).unwrap_or(false) {
            done(false);
            return;
        }
        let promise = navigator.clipboard().write_text(&board_url());
        leptos::task::spawn_local(async move {
            done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    };

    let problems = move || {
        let lang = lang.get();
        board.with(|b| {
            b.problems
                .iter()
                .map(|p| view! { <li>{p.message(lang)}</li> })
                .collect_view()
        })
    };

    let table = move || {
        let lang = lang.get();
        let names = names.get();
        let runs = runs.get();
        if names.is_empty() {
            return ().into_any();
        }
        let heads: Vec<Option<Headline>> = runs
            .iter()
            .map(|r| r.as_deref().map(Headline::of))
            .collect();
        let cell = |c: Column, v: Option<f64>| match v {
            Some(v) => fmt_num(v, c.decimals(), lang),
            None => pick(lang, "no se pudo calcular", "could not be computed").to_string(),
        };
        let header = Column::ALL
            .iter()
            .map(|c| view! { <th scope="col">{c.label(lang)}</th> })
            .collect_view();
        let rows = names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let cells = Column::ALL
                    .iter()
                    .map(|&c| view! { <td data-column=c.id()>{cell(c, heads[k].as_ref().map(|h| c.value(h)))}</td> })
                    .collect_view();
                let href = queries.with(|q| format!("{}?{}", base(), q[k]));
                view! {
                    <tr data-testid="board-row">
                        <th scope="row"><a href=href target="_blank" rel="noopener">{name.clone()}</a></th>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        let spreads: Vec<_> = Column::ALL
            .iter()
            .map(|&c| {
                spread(
                    &heads
                        .iter()
                        .map(|h| h.as_ref().map(|h| c.value(h)))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let summary = |what: &'static str, label: &'static str| {
            let cells = Column::ALL
                .iter()
                .zip(&spreads)
                .map(|(&c, s)| {
                    let Some(s) = s else {
                        return view! { <td data-column=c.id()>"—"</td> }.into_any();
                    };
                    let (value, who) = match what {
                        "min" => (s.min, Some(&s.min_who)),
                        "max" => (s.max, Some(&s.max_who)),
                        _ => (s.median, None),
                    };
                    let who = who.map(|w| view! { <span class="who">{whose(w, &names, lang)}</span> });
                    view! { <td data-column=c.id()><span class="value">{fmt_num(value, c.decimals(), lang)}</span>" "{who}</td> }.into_any()
                })
                .collect_view();
            view! { <tr data-testid=format!("board-{what}")><th scope="row">{label}</th>{cells}</tr> }
        };
        view! {
            <div class="table-scroll">
                <table data-testid="board-table">
                    <caption>{match lang {
                        Lang::Es if names.len() == 1 => format!("1 escenario, corrido con el modelo {} y el clima de referencia.", cuenca_model::MODEL_VERSION),
                        Lang::En if names.len() == 1 => format!("1 scenario, run with model {} and the reference climate.", cuenca_model::MODEL_VERSION),
                        Lang::Es => format!("{} escenarios, corridos con el modelo {} y el clima de referencia.", names.len(), cuenca_model::MODEL_VERSION),
                        Lang::En => format!("{} scenarios, run with model {} and the reference climate.", names.len(), cuenca_model::MODEL_VERSION),
                    }}</caption>
                    <thead><tr><th scope="col">{pick(lang, "Escenario", "Scenario")}</th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        {summary("min", pick(lang, "Mínimo (de quién)", "Minimum (whose)"))}
                        {summary("median", pick(lang, "Mediana", "Median"))}
                        {summary("max", pick(lang, "Máximo (de quién)", "Maximum (whose)"))}
                    </tfoot>
                </table>
            </div>
        }
        .into_any()
    };

    // Plain SVG with its own legend (the tools' module carries no plotting library), and a
    // download of each with the board's credit line.
    let charts = BoardChart::ALL
        .iter()
        .map(|&chart| {
            let data = Memo::new(move |_| {
                let names = names.get();
                let runs = runs.get();
                let pairs: Vec<(String, &Results)> = names
                    .iter()
                    .zip(&runs)
                    .filter_map(|(n, r)| r.as_deref().map(|r| (n.clone(), r)))
                    .collect();
                chart.data(&pairs, lang.get())
            });
            let picture =
                move || data.with(|d| d.as_ref().map(|d| crate::chart_svg::svg(d, lang.get(), "")));
            let save = move |_| {
                let lang = lang.get_untracked();
                data.with_untracked(|d| {
                    if let Some(d) = d {
                        download_text(
                            &cuenca_export::file_name(&d.title, &today(), "svg"),
                            "image/svg+xml",
                            &crate::chart_svg::svg(d, lang, &credit(lang)),
                        );
                    }
                });
            };
            // Twice the SVG's size: sharp on a projector and in a phone's gallery.
            let save_png = move |_| {
                let lang = lang.get_untracked();
                let Some((svg, name)) = data.with_untracked(|d| {
                    d.as_ref().map(|d| {
                        (
                            crate::chart_svg::svg(d, lang, &credit(lang)),
                            cuenca_export::file_name(&d.title, &today(), "png"),
                        )
                    })
                }) else {
                    return;
                };
                leptos::task::spawn_local(async move {
                    if let Some(url) = png_from_svg(&svg, 2.0).await {
                        download_url(&name, &url);
                    }
                });
            };
            view! {
                <Show when=move || data.with(Option::is_some)>
                    <figure class="chart" data-testid=chart.id()>
                        <div inner_html=picture></div>
                        <button type="button" data-testid=format!("{}-png", chart.id()) on:click=save_png>"PNG"</button>
                        <button type="button" on:click=save>"SVG"</button>
                    </figure>
                </Show>
            }
        })
        .collect_view();

    view! {
        <section class="limits board" aria-labelledby="board-title" data-testid="board" id="tablero">
            <h2 id="board-title">{tr(lang, "Tablero del taller", "Workshop board")}</h2>
            <p class="hint">
                {tr(lang, "Pegá los enlaces de los participantes, uno por línea. Antes de cada enlace podés escribir un nombre («Grupo 3: https://…»); si no, se usa el nombre que trae el enlace. Cada escenario se calcula en este dispositivo y el tablero queda en la dirección de esta página.", "Paste the participants' links, one per line. Before each link you can write a name (“Group 3: https://…”); otherwise the name the link carries is used. Each scenario is computed on this device and the board stays in this page's address.")}
            </p>
            <label>
                <span>{tr(lang, "Enlaces de los participantes", "Participants' links")}</span>
                <textarea
                    rows="6"
                    data-testid="board-text"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <QrScanner on_text=scanned lang=lang />
            <label>
                <span>{tr(lang, "O abrir un tablero guardado", "Or open a saved board")}</span>
                <input type="file" accept=".txt,text/plain" data-testid="board-file" on:change=open_file />
            </label>
            <ul class="problems" data-testid="board-problems">{problems}</ul>
            <div aria-live="polite">{table}</div>
            <div class="charts board-charts">{charts}</div>
            <Show when=move || !names.with(Vec::is_empty)>
                <BoardLimits basin=limits_basin.clone() limits=limits names=names queries=queries lang=lang />
            </Show>
            <Show when=move || !names.with(Vec::is_empty)>
                <h3>{tr(lang, "Compartir el tablero", "Sharing the board")}</h3>
                <label>
                    <span>{tr(lang, "Enlace del tablero", "The board's link")}</span>
                    <input type="text" readonly node_ref=link_input data-testid="board-link" prop:value=board_url />
                </label>
                <div class="share-buttons">
                    <button type="button" data-testid="board-copy" on:click=copy>
                        {move || match (copied.get(), lang.get()) {
                            (Some(true), l) => pick(l, "¡Copiado!", "Copied!"),
                            (Some(false), l) => pick(l, "Copialo a mano: está seleccionado", "Copy it by hand: it is selected"),
                            (None, l) => pick(l, "Copiar el enlace del tablero", "Copy the board's link"),
                        }}
                    </button>
                    <button type="button" data-testid="board-save" on:click=save>
                        {tr(lang, "Guardar el tablero (archivo de texto)", "Save the board (text file)")}
                    </button>
                </div>
                <p class="hint" data-testid="board-long" hidden=move || board_url().len() <= LONGEST_LINK>
                    {tr(lang, "Este enlace es muy largo para algunos programas de mensajes: mejor guardá el tablero como archivo y volvé a abrirlo aquí.", "This link is too long for some messaging apps: better save the board as a file and open it here again.")}
                </p>
            </Show>
        </section>
    }
}
