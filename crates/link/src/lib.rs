//! # cuenca-link
//!
//! A scenario travels as a plain link: `?v=1&m=0.2.1&lang=es&prod=24000&dle=100&view=map&year=2045`.
//! Only levers that differ from their defaults are written, so every preset's link is short and
//! readable. Reading never fails and never panics: whatever in a link cannot be used is named in
//! a [`LinkIssue`] (in the reader's language) and the rest of the scenario is kept.
//!
//! This is the one scenario codec: the model keeps no query code. The bare lever part of a link
//! (`prod=24000&dle=100`, what the CLI prints) is [`scenario_to_query`]. Levers over the basin's
//! places (`fw_src=este`) are written and read with the keys of the basin the link is for, so
//! every function here takes that basin.
//!
//! An early-warning plan's triggers have a compact text of their own ([`parse_trigger`],
//! [`trigger_text`]), which the CLI's `--trigger` reads too.
//!
//! A facilitator's board of many participants' links has its own text and fragment ([`gather`],
//! [`read_board_fragment`]).
//!
//! Versions: `v` is this codec's version. Links without `v` (written before it existed) and
//! links of older versions are migrated ([`migrate`]), with a fixture of old links in the tests.
//! `m` is the model version that made the link, so the page can say when the model has changed.

mod board;
mod codec;
mod issue;
mod limits;
mod plan;
mod view;

pub use board::{
    gather, read_board_fragment, Board, BoardEntry, BoardProblem, BOARD_FRAGMENT, MAX_BOARD_ENTRIES,
};
pub use codec::{
    clean_title, encode, levers_to_query, migrate, parse, scenario_to_query, Link, LINK_VERSION,
    MAX_EMBED_LEVERS, MAX_PINS, MAX_QUERY_BYTES, MAX_TITLE_CHARS, MAX_TRIGGERS,
};
pub use issue::{IssueKind, LinkIssue};
pub use limits::{limit_text, parse_limit, LimitTextError, MAX_LIMITS};
pub use plan::{parse_trigger, trigger_text};
pub use view::{ChartId, View};
