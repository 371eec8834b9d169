//! Any bytes as a climate file for a hindcast (read as UTF-8, invalid bytes replaced, as a
//! browser's `FileReader.readAsText` does): `observations::read_climate_csv` against the default
//! basin must never panic, and whatever it answers must hold:
//! - every problem's text from the file is quoted short and without control characters, and its
//!   messages (es, en) have no control characters;
//! - every row number is a line of the file after the header;
//! - a series, when there is one, is whole years that end in December before the basin's start,
//!   at most `MAX_HINDCAST_YEARS` of them, each month a finite rain between 0 and the largest
//!   accepted, and the run accepts its calendar.
#![no_main]

use std::sync::LazyLock;

use cuenca_model::observations::climate::{
    ClimateProblemKind, MAX_HINDCAST_YEARS, MAX_PRECIP_MM_PER_MONTH,
};
use cuenca_model::observations::read_climate_csv;
use cuenca_model::{Basin, Lang};
use libfuzzer_sys::fuzz_target;

static BASIN: LazyLock<Basin> = LazyLock::new(Basin::default_basin);

/// Longest quoted text: `cuenca_model::quote_untrusted` keeps 40 characters and adds `…`.
const QUOTE_MAX_CHARS: usize = 41;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let reading = read_climate_csv(&text, &BASIN);
    let bytes = text.as_bytes();
    let lines = 1 + bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count() as u64;
    for p in &reading.problems {
        if let ClimateProblemKind::BadDate { text } | ClimateProblemKind::BadNumber { text } =
            &p.kind
        {
            assert!(text.chars().count() <= QUOTE_MAX_CHARS, "{p:?}");
            assert!(!text.chars().any(char::is_control), "{p:?}");
        }
        for lang in [Lang::Es, Lang::En] {
            let m = p.message(lang);
            assert!(!m.chars().any(char::is_control), "{m:?}");
        }
        if let Some(r) = p.row {
            assert!((2..=lines).contains(&r), "row {r} of {lines} lines");
        }
    }
    if let Some(h) = &reading.history {
        let months = h.precip_salar_mm.len();
        assert!(months > 0 && months % 12 == 0, "{months} months");
        assert!(months <= MAX_HINDCAST_YEARS as usize * 12);
        assert_eq!(h.first_year + (months / 12) as i32, BASIN.start_year);
        assert!(h
            .precip_salar_mm
            .iter()
            .all(|p| p.is_finite() && (0.0..=MAX_PRECIP_MM_PER_MONTH).contains(p)));
    }
});
