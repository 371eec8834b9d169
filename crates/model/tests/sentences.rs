//! Plain-language sentences about a run, in both languages.

use cuenca_model::{presets, run, Basin, Scenario};

#[test]
fn sentences_in_both_languages() {
    let basin = Basin::default_basin();
    let r = run(&basin, &presets::by_id("fs2019").unwrap().scenario()).unwrap();
    let es = cuenca_model::sentences(&r, cuenca_model::Lang::Es);
    let en = cuenca_model::sentences(&r, cuenca_model::Lang::En);
    assert_eq!(es.len(), en.len());
    assert!(
        es.iter()
            .any(|s| s.contains("Vega de Santa Rosa") && s.contains("napa")),
        "{es:#?}"
    );
    for s in &es {
        println!("{s}");
    }
    for s in &en {
        println!("{s}");
    }
    let natural = run(&basin, &Scenario::default()).unwrap();
    assert!(
        cuenca_model::sentences(&natural, cuenca_model::Lang::Es)[0].starts_with("Sin proyecto")
    );
}
