//! Any bytes as a link: `parse` must never panic, and what `encode` writes from the result must
//! read back to the same link (scenario, pins, sources, language, view, year, embed, title) with no
//! issue. The same bytes as a facilitator's board (pasted text and fragment) must read back too.
#![no_main]

use std::sync::LazyLock;

use cuenca_link::{encode, gather, parse, read_board_fragment, MAX_BOARD_ENTRIES};
use cuenca_model::Basin;
use libfuzzer_sys::fuzz_target;

/// The default basin, whose places the links name; loaded once.
static BASIN: LazyLock<Basin> = LazyLock::new(Basin::default_basin);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (link, _issues) = parse(&text, &BASIN);
    let written = encode(&link, &BASIN);
    let (back, issues) = parse(&written, &BASIN);
    assert_eq!(
        back.scenario, link.scenario,
        "scenario changed through {written:?}"
    );
    assert_eq!(back.pins, link.pins, "pins changed through {written:?}");
    assert_eq!(
        back.sources, link.sources,
        "sources changed through {written:?}"
    );
    assert_eq!(back.lang, link.lang, "language changed through {written:?}");
    assert_eq!(back.view, link.view, "view changed through {written:?}");
    assert_eq!(back.year, link.year, "year changed through {written:?}");
    assert_eq!(back.embed, link.embed, "embed changed through {written:?}");
    assert_eq!(back.title, link.title, "title changed through {written:?}");
    assert_eq!(back.embed_levers, link.embed_levers, "embed levers changed through {written:?}");
    assert!(
        issues.is_empty(),
        "our own link {written:?} reads with issues {issues:?}"
    );

    for board in [
        gather(&text, &BASIN),
        read_board_fragment(&format!("board&{text}"), &BASIN).unwrap_or_default(),
    ] {
        assert!(board.entries.len() <= MAX_BOARD_ENTRIES);
        let fragment = board.to_fragment(&BASIN);
        let back = read_board_fragment(&fragment, &BASIN).expect("our own fragment is a board");
        assert_eq!(
            back.entries, board.entries,
            "board changed through {fragment:?}"
        );
        assert!(
            back.problems.is_empty(),
            "our own board {fragment:?} reads with {:?}",
            back.problems
        );
    }
});
