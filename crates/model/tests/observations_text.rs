//! The observations reader over arbitrary text: it never panics, keeps its bounds, and every
//! problem has a message in each language with no control characters.

use cuenca_model::observations::{read_csv, MAX_ROWS};
use cuenca_model::{Basin, Lang};
use proptest::prelude::*;

fn check(text: &str, basin: &Basin) {
    let set = read_csv(text, basin);
    assert!(set.observations.len() <= MAX_ROWS);
    assert!(set.problems.len() <= 102);
    for p in &set.problems {
        for lang in [Lang::Es, Lang::En] {
            let m = p.message(lang);
            assert!(!m.is_empty() && !m.chars().any(char::is_control), "{m:?}");
        }
    }
    for o in &set.observations {
        assert!(o.value.is_finite() && o.total_sd() > 0.0);
        assert!(!o.who.chars().any(char::is_control));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(&text, &Basin::default_basin());
    }

    /// Rows made of plausible and implausible pieces, behind a valid header, so the row checks
    /// (not only the header check) are exercised.
    #[test]
    fn rows_of_mixed_pieces_never_panic(
        rows in proptest::collection::vec(
            (
                piece(&["vega_este", "vertientes_norte", "VEGA_ESTE"], "\\PC{0,12}"),
                piece(&["2025-03", "2025-02-29", "2024-02-29"], "[0-9-]{0,12}"),
                piece(&["depth_to_water_m", "water_level_m", "spring_flow_l_per_s"], "\\PC{0,12}"),
                piece(&["0.4", "-1e308", "inf"], "[-+.0-9eE]{0,10}"),
                piece(&["m", "L/s"], "\\PC{0,4}"),
                piece(&["Comunidad"], "[^\\n\\r]{0,20}"),
                piece(&["", "0.1", "0"], "\\PC{0,6}"),
            ),
            0..30,
        )
    ) {
        let mut text = String::from("site,date,quantity,value,unit,who,error\n");
        for (a, b, c, d, e, f, g) in rows {
            let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            text.push_str(&[q(&a), q(&b), q(&c), q(&d), q(&e), q(&f), q(&g)].join(","));
            text.push('\n');
        }
        check(&text, &Basin::default_basin());
    }
}

/// One of some fixed pieces, or arbitrary text matching `re`.
fn piece(fixed: &[&'static str], re: &'static str) -> BoxedStrategy<String> {
    prop_oneof![
        proptest::sample::select(fixed.to_vec()).prop_map(String::from),
        proptest::string::string_regex(re).unwrap(),
    ]
    .boxed()
}
