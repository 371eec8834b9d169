//! The trust table (`cuenca_model::validation`, the page's "how far to trust the model"): every
//! target of the brief's §(c) is in it, each status is what the run gives, and the defaults
//! meet what they are known to meet and miss what they are known to miss.

use cuenca_model::basin::DEFAULT_BASIN_TOML;
use cuenca_model::validation::{references, validate, Check, Status};
use cuenca_model::{Basin, Lang};

fn row<'a>(rows: &'a [Check], id: &str) -> &'a Check {
    rows.iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn every_target_is_in_the_table_with_a_status_that_is_its_value_against_its_range() {
    let rows = validate(&Basin::default_basin()).expect("validate");
    for target in 1..=11 {
        assert!(rows.iter().any(|c| c.target == target), "target {target}");
    }
    // Every source key a check cites has its citation (the pages link each key to it), and
    // the list holds nothing no check cites.
    let cited: std::collections::BTreeSet<&str> = rows
        .iter()
        .flat_map(|c| references::keys_in(c.source))
        .collect();
    for key in &cited {
        let r = references::reference(key).unwrap_or_else(|| panic!("{key} has no citation"));
        assert!(r.url.starts_with("http") && !r.citation.is_empty(), "{key}");
    }
    let listed: std::collections::BTreeSet<&str> =
        references::REFERENCES.iter().map(|r| r.key).collect();
    assert_eq!(cited, listed);
    for c in &rows {
        assert!(!c.what(Lang::Es).is_empty() && !c.what(Lang::En).is_empty());
        assert_eq!(
            c.note(Lang::Es).is_empty(),
            c.note(Lang::En).is_empty(),
            "{}",
            c.id
        );
        match (c.value, c.range) {
            (Some(v), Some((lo, hi))) => {
                let inside = v >= lo && v <= hi;
                assert_eq!(
                    c.status == Status::Met,
                    inside,
                    "{}: {v} in {lo}..{hi}",
                    c.id
                );
                assert!(matches!(c.status, Status::Met | Status::NotMet), "{}", c.id);
            }
            // Nothing measured: the row must say why (no data, or not assessed).
            (None, _) => {
                assert!(matches!(
                    c.status,
                    Status::NoPublicData | Status::NotAssessed | Status::NotMet
                ));
                assert!(!c.note(Lang::En).is_empty(), "{}", c.id);
            }
            (Some(_), None) => panic!("{}: a value without a range", c.id),
        }
    }
}

/// What the default basin meets and misses today (model 0.3). A change of the model that moves
/// a row fails here, to be looked at and written in the changelog, never tuned away.
#[test]
fn the_defaults_meet_the_targets_they_are_known_to_meet() {
    let rows = validate(&Basin::default_basin()).expect("validate");
    let not_met: Vec<&str> = rows
        .iter()
        .filter(|c| c.status == Status::NotMet)
        .map(|c| c.id)
        .collect();
    // The vegas evaporate 1,062 mm/yr over their area, above the 950 of [S27] (see
    // tests/predevelopment.rs): reported, not forced.
    assert_eq!(not_met, ["vega_et_mm_per_yr"]);
    let vega = row(&rows, "vega_et_mm_per_yr");
    assert!(vega.value.unwrap() > 950.0 && !vega.note(Lang::Es).is_empty());
    assert_eq!(row(&rows, "company_drawdowns").status, Status::NoPublicData);
    // Conservation to round-off in every preset.
    assert!(row(&rows, "water_closure").value.unwrap() <= 1e-9);
}

/// A status comes from the run: a basin whose published resource is smaller than the lithium its
/// brine holds misses target 5, and nothing else changes.
#[test]
fn a_status_follows_the_basin_not_the_text() {
    let published = "symbol = \"M_PPG\"\nvalue = 15.1\nmin = 15.1\nmax = 15.1";
    assert!(DEFAULT_BASIN_TOML.contains(published));
    let text = DEFAULT_BASIN_TOML.replacen(
        published,
        "symbol = \"M_PPG\"\nvalue = 5.0\nmin = 5.0\nmax = 5.0",
        1,
    );
    let changed = Basin::from_toml_str(&text).expect("the changed basin loads");
    let (before, after) = (
        validate(&Basin::default_basin()).expect("validate"),
        validate(&changed).expect("validate"),
    );
    let lithium = row(&after, "drainable_lithium_mt_lce");
    assert_eq!(lithium.status, Status::NotMet);
    assert_eq!(lithium.range.unwrap().1, 5.0 - 1.30);
    for (b, a) in before.iter().zip(&after) {
        if a.id != "drainable_lithium_mt_lce" {
            assert_eq!(b.status, a.status, "{}", a.id);
        }
    }
}
