//! A facilitator's board: many participants' links gathered from pasted text (or a saved board
//! file, which is the same text), and the board itself as a link. The participants travel in the
//! address's fragment (`#board&s=<link>&s=<link>`), which browsers never send to a server and
//! which is not bound by the scenario link's length limit.
//!
//! Reading never fails: a line without a link, a link with parts that cannot be used, or more
//! participants than a board holds are each named in a [`BoardProblem`]; the rest is kept.

use cuenca_model::{Basin, Lang, Scenario};

use crate::codec::{clean_title, encode, parse, Link};
use crate::issue::LinkIssue;

/// Most scenarios one board holds (a workshop of twenty, with room for a second round).
pub const MAX_BOARD_ENTRIES: usize = 40;

/// What starts a board's fragment.
pub const BOARD_FRAGMENT: &str = "board";

/// Most text read as a board (forty links of a few hundred bytes, with names).
const MAX_BOARD_BYTES: usize = 64_000;

/// One participant's scenario on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardEntry {
    /// The name written before the link on its line, else the link's `title=`.
    pub title: Option<String>,
    pub scenario: Scenario,
}

impl BoardEntry {
    /// The name shown: the entry's own, or "Escenario k" (1-based) when it has none.
    pub fn name(&self, index: usize, lang: Lang) -> String {
        self.title.clone().unwrap_or_else(|| match lang {
            Lang::Es => format!("Escenario {}", index + 1),
            Lang::En => format!("Scenario {}", index + 1),
        })
    }

    /// The participant's link query (levers and name), as the page writes it.
    pub fn query(&self, basin: &Basin) -> String {
        encode(
            &Link {
                scenario: self.scenario.clone(),
                title: self.title.clone(),
                ..Link::default()
            },
            basin,
        )
    }
}

/// Something in the gathered text that was not used as it was.
#[derive(Clone, Debug, PartialEq)]
pub enum BoardProblem {
    /// A line with text but no link; left out.
    NotALink { line: usize },
    /// A link read with parts it could not use (the rest of it kept).
    LinkIssue { line: usize, issue: LinkIssue },
    /// More links than a board holds; those after the first `most` left out.
    TooMany { most: usize },
    /// More text than a board reads; the rest left out.
    TooLong,
}

impl BoardProblem {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (BoardProblem::NotALink { line }, Lang::Es) => {
                format!("Línea {line}: no hay un enlace de Cuenca; se dejó de lado.")
            }
            (BoardProblem::NotALink { line }, Lang::En) => {
                format!("Line {line}: there is no Cuenca link; it was left out.")
            }
            (BoardProblem::LinkIssue { line, issue }, _) => {
                let what = match lang {
                    Lang::Es => "Línea",
                    Lang::En => "Line",
                };
                format!("{what} {line}: {}", issue.message(lang))
            }
            (BoardProblem::TooMany { most }, Lang::Es) => {
                format!(
                    "Un tablero reúne hasta {most} escenarios; los siguientes se dejaron de lado."
                )
            }
            (BoardProblem::TooMany { most }, Lang::En) => {
                format!("A board holds up to {most} scenarios; the ones after were left out.")
            }
            (BoardProblem::TooLong, Lang::Es) => {
                format!(
                    "El texto pasa de {} kB; se leyó solo el comienzo.",
                    MAX_BOARD_BYTES / 1000
                )
            }
            (BoardProblem::TooLong, Lang::En) => {
                format!(
                    "The text is over {} kB; only its beginning was read.",
                    MAX_BOARD_BYTES / 1000
                )
            }
        }
    }
}

/// The scenarios a board shows, and what could not be used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Board {
    pub entries: Vec<BoardEntry>,
    pub problems: Vec<BoardProblem>,
}

impl Board {
    fn push(&mut self, entry: BoardEntry) -> bool {
        if self.entries.len() >= MAX_BOARD_ENTRIES {
            if !self.problems.contains(&BoardProblem::TooMany {
                most: MAX_BOARD_ENTRIES,
            }) {
                self.problems.push(BoardProblem::TooMany {
                    most: MAX_BOARD_ENTRIES,
                });
            }
            return false;
        }
        self.entries.push(entry);
        true
    }

    /// The text a person can read, edit and save: one `name: address` line per scenario, each
    /// address `base` (the page's origin and path) followed by the scenario's query.
    pub fn to_text(&self, base: &str, basin: &Basin) -> String {
        self.entries
            .iter()
            .map(|e| {
                let url = format!("{base}?{}", e.query(basin));
                match &e.title {
                    Some(t) => format!("{t}: {url}\n"),
                    None => format!("{url}\n"),
                }
            })
            .collect()
    }

    /// The board as an address fragment (without `#`): `board&s=<query>&s=<query>`.
    pub fn to_fragment(&self, basin: &Basin) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for e in &self.entries {
            out.append_pair("s", &e.query(basin));
        }
        format!("{BOARD_FRAGMENT}&{}", out.finish())
    }
}

/// Whether a word of pasted text is a link to read: an address, a query, or `key=value` parts.
fn is_link(word: &str) -> bool {
    word.contains("://") || word.starts_with('?') || word.contains('=')
}

/// The query of a link as pasted: what follows its `?` (the whole word if it has none, or
/// nothing for an address without one), up to a `#`.
fn query_of(word: &str) -> &str {
    let word = word.split('#').next().unwrap_or_default();
    match word.split_once('?') {
        Some((_, query)) => query,
        None if word.contains("://") => "",
        None => word,
    }
}

fn read_entry(board: &mut Board, line: usize, title: Option<String>, query: &str, basin: &Basin) {
    let (link, issues) = parse(query, basin);
    let entry = BoardEntry {
        title: title.or(link.title),
        scenario: link.scenario,
    };
    if board.push(entry) {
        board.problems.extend(
            issues
                .into_iter()
                .map(|issue| BoardProblem::LinkIssue { line, issue }),
        );
    }
}

/// Reads pasted text (or a saved board): a link per line, optionally after a name
/// (`Grupo 3: https://…/?prod=24000`); several links on one line are read one by one, each
/// with its own `title=`. Empty lines are skipped.
pub fn gather(text: &str, basin: &Basin) -> Board {
    let mut board = Board::default();
    let mut text = text;
    if text.len() > MAX_BOARD_BYTES {
        let mut cut = MAX_BOARD_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text = &text[..cut];
        board.problems.push(BoardProblem::TooLong);
    }
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        let links: Vec<usize> = (0..words.len()).filter(|&k| is_link(words[k])).collect();
        match links.as_slice() {
            [] => board
                .problems
                .push(BoardProblem::NotALink { line: line_no }),
            [only] => {
                let before = words[..*only].join(" ");
                let name = before.trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '·')
                });
                read_entry(
                    &mut board,
                    line_no,
                    clean_title(name),
                    query_of(words[*only]),
                    basin,
                );
            }
            many => {
                for &k in many {
                    read_entry(&mut board, line_no, None, query_of(words[k]), basin);
                }
            }
        }
    }
    board
}

/// Reads a board from an address fragment (with or without its `#`); `None` when the fragment
/// is not a board's.
pub fn read_board_fragment(fragment: &str, basin: &Basin) -> Option<Board> {
    let fragment = fragment.trim_start_matches('#');
    let rest = fragment.strip_prefix(BOARD_FRAGMENT)?;
    if !(rest.is_empty() || rest.starts_with('&')) {
        return None;
    }
    let mut board = Board::default();
    if rest.len() > MAX_BOARD_BYTES * 2 {
        board.problems.push(BoardProblem::TooLong);
    }
    // Bytes: a cut inside a character or an escape reads lossily, never panics.
    let bytes = &rest.as_bytes()[..rest.len().min(MAX_BOARD_BYTES * 2)];
    let entries = form_urlencoded::parse(bytes).filter(|(k, _)| k == "s");
    for (n, (_, query)) in entries.enumerate() {
        read_entry(&mut board, n + 1, None, &query, basin);
    }
    Some(board)
}
