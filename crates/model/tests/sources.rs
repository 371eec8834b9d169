//! Whose numbers: every source option is cited and lands in its lever's range, a choice applies
//! through the levers, a value outside the range is refused with a sentence, and two company
//! tests give different answers for the same pumping.

use cuenca_model::scenario::sources::{
    apply_sources, ContestedId, SourceChoice, SourceError, SourceStatus, CONTESTED,
};
use cuenca_model::{compare_sources, presets, Basin, LeverId, Results, Scenario};

fn preset(id: &str) -> Scenario {
    presets::by_id(id).map(|p| p.scenario()).unwrap_or_default()
}

#[test]
fn sources_table_is_honest_and_applies_through_the_levers() {
    let basin = Basin::default_basin();
    for c in CONTESTED.iter() {
        let table = c.table_value(&basin).unwrap();
        assert!(table > 0.0, "{}", c.key);
        for o in c.options {
            assert!(
                o.citation.contains("[S"),
                "{} {}: cite a domain source",
                c.key,
                o.key
            );
            assert_eq!(o.value.is_none(), o.status == SourceStatus::NoPublicNumber);
            // Every option lands inside the parameter table's range.
            let x = c
                .lever_value(&basin, &SourceChoice::Named(o.key.into()))
                .unwrap();
            if o.value.is_none() {
                assert_eq!(x, if c.multiplier { 1.0 } else { table });
            }
        }
    }
    let s = preset("fs2019");
    let choices = vec![
        (
            ContestedId::Recharge,
            SourceChoice::Named("independent".into()),
        ),
        (
            ContestedId::BrineTransmissivity,
            SourceChoice::Named("company".into()),
        ),
        (ContestedId::DleFreshWater, SourceChoice::Community(120.0)),
    ];
    let applied = apply_sources(&basin, &s, &choices).unwrap();
    assert!((applied.get(LeverId::RechargeMult) - 690.0 / 460.0).abs() < 1e-12);
    assert!((applied.get(LeverId::MixingMult) - 40.0 / 150.0).abs() < 1e-12);
    assert_eq!(applied.get(LeverId::FreshPerTonneDle), 120.0);
    assert_eq!(applied.get(LeverId::Production), s.get(LeverId::Production));
    // A community value outside the table's range is refused with a sentence.
    let e = apply_sources(
        &basin,
        &s,
        &[(ContestedId::Recharge, SourceChoice::Community(5000.0))],
    )
    .unwrap_err();
    assert!(matches!(e, SourceError::OutOfRange { .. }));
    assert!(e.to_string().contains("recharge"));
    // Same pumping, different beliefs: the two company pumping tests disagree on the vega.
    let short_fs = preset("fs2019").with(LeverId::Years, 20.0);
    let cmp = compare_sources(
        &basin,
        &short_fs,
        &[(
            ContestedId::BrineTransmissivity,
            SourceChoice::Named("company".into()),
        )],
        &[(
            ContestedId::BrineTransmissivity,
            SourceChoice::Named("company_pw16".into()),
        )],
    )
    .unwrap();
    let vega = |r: &Results| {
        r.indicators
            .sites
            .iter()
            .find(|s| s.site == "vega_este")
            .map(|s| s.max_drawdown_m)
            .unwrap()
    };
    assert_eq!(
        cmp.scenario_a.get(LeverId::Production),
        cmp.scenario_b.get(LeverId::Production)
    );
    assert_ne!(vega(&cmp.a), vega(&cmp.b));
}
