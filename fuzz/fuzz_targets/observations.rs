//! Any bytes as an observations file (read as UTF-8, invalid bytes replaced, as a browser's
//! `FileReader.readAsText` does): `observations::read_csv` against the default basin must never
//! panic, and whatever it answers must hold:
//! - every problem's text from the file is quoted short (at most 40 characters and an ellipsis)
//!   and without control characters, and its message (es, en) has no control characters either;
//! - rows kept plus rows refused are at most the rows (lines) of the input, each row is counted
//!   once (kept or refused, never both, never twice), and every row number is a line of the file
//!   after the header;
//! - a kept row names a site of the basin, a finite plausible value in the quantity's unit, a date
//!   in the reader's years, a positive finite error if any, and a short `who` without control
//!   characters; its standard deviations are finite and positive.
#![no_main]

use std::collections::HashSet;
use std::sync::LazyLock;

use cuenca_model::observations::read::MAX_LISTED_PROBLEMS;
use cuenca_model::observations::{read_csv, ProblemKind, MAX_ROWS};
use cuenca_model::{Basin, Lang};
use libfuzzer_sys::fuzz_target;

/// The default basin, whose sites the rows name; loaded once.
static BASIN: LazyLock<Basin> = LazyLock::new(Basin::default_basin);

/// Longest quoted text: `cuenca_model::quote_untrusted` keeps 40 characters and adds `…`.
const QUOTE_MAX_CHARS: usize = 41;
/// Longest `who` kept (`read::WHO_CHARS`).
const WHO_MAX_CHARS: usize = 80;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let set = read_csv(&text, &BASIN);

    // Rows in the input: every line ending (`\n`, `\r\n` or a lone `\r`) starts a new one.
    let bytes = text.as_bytes();
    let lines = 1 + bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();

    // Problems: quoted text short and printable, messages printable.
    for p in &set.problems {
        for t in texts(&p.kind) {
            assert!(
                t.chars().count() <= QUOTE_MAX_CHARS,
                "quoted text too long in {p:?}"
            );
            assert!(
                !t.chars().any(char::is_control),
                "control character quoted in {p:?}"
            );
        }
        for lang in [Lang::Es, Lang::En] {
            let m = p.message(lang);
            assert!(
                !m.chars().any(char::is_control),
                "control character in message {m:?}"
            );
        }
    }

    // Rows: each kept or refused once, all after the header and within the file.
    let mut seen = HashSet::new();
    let refused: Vec<u64> = set
        .problems
        .iter()
        .filter(|p| p.drops_row())
        .filter_map(|p| p.row)
        .collect();
    let kept: Vec<u64> = set.observations.iter().map(|o| o.row).collect();
    for &r in kept.iter().chain(&refused) {
        assert!(
            (2..=lines as u64).contains(&r),
            "row {r} outside the file's {lines} lines (the header is line 1 at the earliest)"
        );
        assert!(seen.insert(r), "row {r} counted twice: {set:?}");
    }
    assert!(
        kept.len() + refused.len() < lines,
        "{} kept + {} refused rows from {lines} lines",
        kept.len(),
        refused.len()
    );
    assert!(kept.len() <= MAX_ROWS);
    // Rows refused beyond the listed ones are counted; with fewer unknown header columns than
    // the list holds, every counted problem is a data row.
    let unknown_columns = set
        .problems
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::UnknownColumn { .. }))
        .count();
    if unknown_columns < MAX_LISTED_PROBLEMS {
        let more = set
            .problems
            .iter()
            .find_map(|p| match p.kind {
                ProblemKind::MoreProblems { count } => Some(count),
                _ => None,
            })
            .unwrap_or(0);
        assert!(
            kept.len() + refused.len() + more < lines,
            "{} kept + {} refused + {more} more rows from {lines} lines",
            kept.len(),
            refused.len()
        );
    }

    // Kept rows: known sites, finite plausible values, sane dates and errors, short `who`.
    for o in &set.observations {
        // The whole basin's readings (areas) at its own id, every other at a site of the basin.
        assert_eq!(
            o.site == cuenca_model::observations::BASIN_SITE,
            o.quantity.basin_wide(),
            "{o:?}"
        );
        if let Some(site) = BASIN.sites.iter().find(|s| s.id == o.site) {
            assert!(
                !o.quantity.needs_spring()
                    || (site.kind == "spring" && BASIN.cells[site.cell].spring.is_some()),
                "spring flow kept at {}, which has no spring",
                o.site
            );
            assert!(
                !o.quantity.needs_brine_wells() || BASIN.cells[site.cell].brine_weight > 0.0,
                "pumped lithium kept at {}, which has no brine wells",
                o.site
            );
        } else {
            assert!(o.quantity.basin_wide(), "kept row names unknown site {:?}", o.site);
        }
        assert!(o.value.is_finite(), "value not finite: {o:?}");
        assert!(
            o.quantity.plausible(o.value),
            "implausible value kept: {o:?}"
        );
        if let Some(e) = o.error {
            assert!(e.is_finite() && e > 0.0, "bad error kept: {o:?}");
        }
        let (sd, total) = (o.measurement_sd(), o.total_sd());
        assert!(
            sd.is_finite() && sd > 0.0 && total.is_finite() && total >= sd,
            "standard deviations {sd}, {total} for {o:?}"
        );
        assert!(
            (1900..=2200).contains(&o.date.year) && (1..=12).contains(&o.date.month),
            "date out of range: {o:?}"
        );
        if let Some(d) = o.day {
            assert!((1..=31).contains(&d), "day out of range: {o:?}");
        }
        assert!(
            o.who.chars().count() <= WHO_MAX_CHARS && !o.who.chars().any(char::is_control),
            "who not cleaned: {o:?}"
        );
    }
});

/// The pieces of a problem that may come from the file (and the fixed ones beside them).
fn texts(kind: &ProblemKind) -> Vec<&str> {
    use ProblemKind as P;
    match kind {
        P::MissingColumn { column }
        | P::UnknownColumn { column }
        | P::RepeatedColumn { column }
        | P::EmptyField { column } => vec![column],
        P::UnknownSite { text }
        | P::UnknownQuantity { text }
        | P::BadDate { text }
        | P::BadError { text } => vec![text],
        P::NoSpringAtSite { site } | P::NoBrineWellsAtSite { site } => vec![site],
        P::AreaIsBasinWide { quantity } | P::PointQuantityAtBasin { quantity } => vec![quantity],
        P::BadNumber { column, text } => vec![column, text],
        P::WrongUnit { text, expected } => vec![text, expected],
        P::Implausible { unit, .. } => vec![unit],
        P::Empty
        | P::TooLarge { .. }
        | P::TooManyRows { .. }
        | P::FieldCount { .. }
        | P::Unreadable
        | P::MoreProblems { .. } => vec![],
    }
}
