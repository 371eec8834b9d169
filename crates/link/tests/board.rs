//! A facilitator's board: links gathered from pasted text with their names, every problem named
//! and the rest kept, and the board's own text and fragment reading back to the same scenarios.

use std::sync::LazyLock;

use cuenca_link::{
    gather, read_board_fragment, Board, BoardEntry, BoardProblem, IssueKind, MAX_BOARD_ENTRIES,
};
use cuenca_model::presets::PRESETS;
use cuenca_model::{Basin, Lang, LeverId, Scenario, LEVERS};
use proptest::prelude::*;

fn basin() -> &'static Basin {
    static BASIN: LazyLock<Basin> = LazyLock::new(Basin::default_basin);
    &BASIN
}

fn with_production(t: f64) -> Scenario {
    let mut s = Scenario::default();
    s.set(LeverId::Production, t).expect("in range");
    s
}

#[test]
fn names_come_from_the_line_or_the_link_and_problems_are_named_by_line() {
    let text = "Grupo 1: https://cuenca.example/app/?v=1&prod=24000\n\
                \n\
                https://cuenca.example/app/?prod=12000&title=Mesa+2\n\
                gracias a todos\n\
                ?prod=6000&zzz=1\n\
                prod=3000 https://cuenca.example/?prod=1000&title=A\n\
                https://cuenca.example/\n";
    let board = gather(text, basin());
    let got: Vec<(Option<&str>, f64)> = board
        .entries
        .iter()
        .map(|e| (e.title.as_deref(), e.scenario.get(LeverId::Production)))
        .collect();
    assert_eq!(
        got,
        [
            (Some("Grupo 1"), 24000.0),
            (Some("Mesa 2"), 12000.0),
            (None, 6000.0),
            (None, 3000.0),
            (Some("A"), 1000.0),
            (None, 0.0),
        ]
    );
    assert_eq!(board.entries[2].name(2, Lang::Es), "Escenario 3");
    assert_eq!(board.entries[5].name(5, Lang::En), "Scenario 6");
    assert_eq!(board.problems.len(), 2, "{:?}", board.problems);
    assert_eq!(board.problems[0], BoardProblem::NotALink { line: 4 });
    match &board.problems[1] {
        BoardProblem::LinkIssue { line: 5, issue } => assert_eq!(issue.kind, IssueKind::UnknownKey),
        other => panic!("{other:?}"),
    }
    assert!(board.problems[0].message(Lang::Es).starts_with("Línea 4"));
    assert!(board.problems[1]
        .message(Lang::En)
        .starts_with("Line 5: “zzz”"));
}

#[test]
fn a_board_holds_forty_and_says_when_more_were_left_out() {
    let text: String = (0..45)
        .map(|k| format!("G{k}: ?prod={}\n", 1000 * k))
        .collect();
    let board = gather(&text, basin());
    assert_eq!(board.entries.len(), MAX_BOARD_ENTRIES);
    assert_eq!(board.entries[39].title.as_deref(), Some("G39"));
    assert_eq!(
        board.problems,
        [BoardProblem::TooMany {
            most: MAX_BOARD_ENTRIES
        }]
    );
}

#[test]
fn the_fragment_is_a_board_only_when_it_says_so() {
    assert_eq!(read_board_fragment("#map", basin()), None);
    assert_eq!(read_board_fragment("#boardroom", basin()), None);
    assert_eq!(
        read_board_fragment("#board", basin()),
        Some(Board::default())
    );
    let board = read_board_fragment("board&s=prod%3D24000%26title%3DGrupo%2B3&x=1&s=", basin())
        .expect("a board");
    assert_eq!(board.entries.len(), 2);
    assert_eq!(board.entries[0].title.as_deref(), Some("Grupo 3"));
    assert_eq!(board.entries[0].scenario, with_production(24000.0));
    assert_eq!(board.entries[1].scenario, Scenario::default());
}

fn entry_strategy() -> impl Strategy<Value = BoardEntry> {
    let presets = PRESETS.len();
    (
        0..presets,
        0.0..=150_000.0f64,
        proptest::option::of("[A-Za-zÁÉÍÓÚáéíóúñÑ0-9 ]{1,50}"),
    )
        .prop_map(|(k, prod, title)| {
            let mut scenario = PRESETS[k].scenario();
            // Rounded as a lever's step would, so the written value reads back exactly.
            scenario
                .set(LeverId::Production, prod.round())
                .expect("in range");
            BoardEntry {
                title: title.and_then(|t| cuenca_link::clean_title(&t)),
                scenario,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_board_reads_back_from_its_fragment_and_its_text(entries in proptest::collection::vec(entry_strategy(), 0..=12)) {
        let board = Board { entries, problems: Vec::new() };
        let back = read_board_fragment(&format!("#{}", board.to_fragment(basin())), basin()).expect("a board");
        prop_assert_eq!(&back, &board);
        let text = board.to_text("https://cuenca.example/app/", basin());
        let again = gather(&text, basin());
        prop_assert_eq!(&again, &board);
    }

    #[test]
    fn any_text_gives_a_board_within_its_limits(text in "\\PC{0,600}") {
        let board = gather(&text, basin());
        prop_assert!(board.entries.len() <= MAX_BOARD_ENTRIES);
        for e in &board.entries {
            for spec in LEVERS.iter() {
                let v = e.scenario.get(spec.id);
                prop_assert!(v.is_finite() && v >= spec.min && v <= spec.max);
            }
        }
        let _ = read_board_fragment(&format!("board&{text}"), basin());
    }
}

/// A board reads at most 64 kB of pasted text and twice that of an address fragment (its
/// escapes): exactly that much is read without complaint, a byte more is cut and said.
#[test]
fn a_board_says_when_it_was_cut_and_not_before() {
    const MOST: usize = 64_000;
    let too_long = |b: &Board| b.problems.contains(&BoardProblem::TooLong);
    assert!(!too_long(&gather(&"x".repeat(MOST), basin())));
    assert!(too_long(&gather(&"x".repeat(MOST + 1), basin())));

    // The cut falls inside a two-byte `ñ` after a link: the link is read up to the character
    // before it (production 0, no complaint), not with the `ñ` (a value that is no number).
    let link = "https://cuenca.example/?prod=0000";
    let filler = "x".repeat(MOST - 1 - link.len() - 1);
    let text = format!("{filler}\n{link}ñ tail");
    assert!(!text.is_char_boundary(MOST));
    let b = gather(&text, basin());
    assert_eq!(b.entries.len(), 1);
    assert_eq!(b.entries[0].scenario.get(LeverId::Production), 0.0);
    assert_eq!(
        b.problems,
        [BoardProblem::TooLong, BoardProblem::NotALink { line: 1 }]
    );

    // A fragment: a text that is no link (entry 1), then a scenario that ends the fragment at
    // exactly its most, read whole.
    let last = "&s=prod%3D5000";
    let fragment = |n: usize| {
        format!(
            "#{}&s={}{last}",
            cuenca_link::BOARD_FRAGMENT,
            "x".repeat(n - 3 - last.len())
        )
    };
    let read = |n: usize| read_board_fragment(&fragment(n), basin()).expect("a board's fragment");
    let b = read(2 * MOST);
    assert!(!too_long(&b));
    assert_eq!(b.entries.len(), 2);
    assert_eq!(b.entries[1].scenario.get(LeverId::Production), 5000.0);
    // Entries are numbered from 1: the first one's issue (an unknown key) says line 1.
    assert!(
        b.problems
            .iter()
            .any(|p| matches!(p, BoardProblem::LinkIssue { line: 1, .. })),
        "{:?}",
        b.problems
    );
    assert!(too_long(&read(2 * MOST + 1)));
}
