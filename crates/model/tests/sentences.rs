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
    // Vegas: the root zone and the regional drawdown, named as such; springs: flow and outlet,
    // not drawdown.
    let all = es.join(" ");
    assert!(
        all.contains("El descenso regional de la napa en Vega del borde este llega a"),
        "{all}"
    );
    assert!(
        !all.contains("la napa en Vega del borde este baja"),
        "{all}"
    );
    assert!(all.contains("En Vega de Santa Rosa, la napa se mantiene al alcance de las raíces (hasta 3 m bajo el suelo): en 2065–2074 queda en promedio a 0,"), "{all}");
    assert!(
        all.contains("ha de superficie verde (195 ha en 2025)."),
        "{all}"
    );
    assert!(
        all.contains("En Vertientes del abanico norte, el caudal es de 17 L/s hoy;"),
        "{all}"
    );
    assert!(
        !all.contains("la napa en Vertientes del abanico norte baja"),
        "{all}"
    );
    let natural = run(&basin, &Scenario::default()).unwrap();
    assert!(
        cuenca_model::sentences(&natural, cuenca_model::Lang::Es)[0].starts_with("Sin proyecto")
    );
}

/// Under a changed climate the areas and springs are compared with today's climate without the
/// project, followed by how much of it the project causes; under today's climate the sentences
/// compare with no project, as before.
#[test]
fn a_changed_climate_is_compared_with_todays() {
    use cuenca_model::Lang::{En, Es};
    let basin = Basin::default_basin();
    let say = |id: &str| {
        let r = run(&basin, &presets::by_id(id).unwrap().scenario()).unwrap();
        let (es, en) = (
            cuenca_model::sentences(&r, Es),
            cuenca_model::sentences(&r, En),
        );
        assert_eq!(es.len(), en.len(), "{id}");
        (es.join(" "), en.join(" "))
    };
    let (es, en) = say("dry_natural");
    assert!(
        es.contains("En 2065–2074 (promedio), las vegas tienen 16 % menos superficie verde y las lagunas 47 % menos superficie de agua que con el clima de hoy y sin proyecto."),
        "{es}"
    );
    assert!(
        es.contains("En 2065–2074, el caudal de las vertientes baja 39 % respecto de la cuenca con el clima de hoy y sin proyecto."),
        "{es}"
    );
    assert!(es.contains("No hay proyecto, así que el proyecto no causa nada de estos cambios: todos se deben al clima de este escenario."), "{es}");
    assert!(es.contains("la napa bajo las vegas, lagunas y vertientes baja hasta 1,7 m respecto del clima de hoy (en Línea de vertientes del este, hacia 2074)"), "{es}");
    assert!(
        en.contains("In 2065–2074 (on average), vegas have 16 % less green area and lagoons 47 % less open water, compared with today's climate and no project."),
        "{en}"
    );
    assert!(
        en.contains("In 2065–2074, spring flow falls by 39 % compared with the basin under today's climate without the project."),
        "{en}"
    );
    assert!(
        en.contains("There is no project, so the project causes none of these changes"),
        "{en}"
    );
    assert!(
        en.contains(
            "falls by up to 1.7 m compared with today's climate (at East spring line, by 2074)"
        ),
        "{en}"
    );

    let (es, en) = say("dry_fs2019");
    assert!(
        es.contains("De estos cambios, el proyecto causa 79 de los 95 puntos en las vegas, 32 de los 80 puntos en las lagunas y 61 de los 100 puntos en las vertientes; el resto se debe al clima de este escenario."),
        "{es}"
    );
    assert!(
        en.contains("Of these changes, the project causes 79 of the 95 points for the vegas, 32 of the 80 points for the lagoons and 61 of the 100 points for the springs; the rest is due to this scenario's climate."),
        "{en}"
    );
    assert!(
        es.contains("el descenso regional de la napa en Vega del borde este llega a 9,3 m hacia 2067 respecto del clima de hoy sin proyecto; frente al mismo clima sin proyecto, el proyecto la baja 9,1 m hacia 2067."),
        "{es}"
    );
    assert!(
        en.contains("the regional drawdown of the water table at East-margin vega reaches 9.3 m by 2067 compared with today's climate without the project; against the same climate without the project, the project lowers it 9.1 m by 2067."),
        "{en}"
    );
    assert!(es.contains("El descenso regional de la napa que causa el proyecto en Vega del borde este supera 2,0 m por primera vez en 2041."), "{es}");
    // A lagoon keeps the plain wording; the vega's root zone comes first.
    assert!(
        es.contains("El descenso que causa el proyecto en Laguna del borde este supera"),
        "{es}"
    );
    assert!(es.contains("En Vega del borde este, la napa sale de la zona de raíces (baja a más de 3 m bajo el suelo) en 2044 y no vuelve antes de 2074"), "{es}");

    // Today's climate: compared with no project, and nothing about today's climate.
    let (es, en) = say("fs2019");
    assert!(
        es.contains("que sin proyecto.") && !es.contains("clima de hoy y sin proyecto"),
        "{es}"
    );
    assert!(
        !es.contains("De estos cambios") && !es.contains("frente al mismo clima"),
        "{es}"
    );
    assert!(
        en.contains("compared with no project.") && !en.contains("Of these changes"),
        "{en}"
    );
}

/// Each sentence names the ensemble results it speaks of, and each name is one the ensemble of
/// the same scenario computes: the page puts that range beside the sentence.
#[test]
fn sentences_name_the_ensemble_results_they_speak_of() {
    use cuenca_model::{
        crossing_key, drawdown_thresholds_m, run_ensemble, sentences_about, EnsembleSpec, Lang,
        Threshold,
    };
    let basin = Basin::default_basin();
    let spec = EnsembleSpec {
        members: 4,
        ..EnsembleSpec::default()
    };
    for id in ["natural", "fs2019", "dry_natural", "dry_fs2019"] {
        let scenario = presets::by_id(id).unwrap().scenario();
        let r = run(&basin, &scenario).unwrap();
        let e = run_ensemble(&basin, &scenario, &spec).unwrap();
        let outlooks = e.spring_outlooks();
        for lang in [Lang::Es, Lang::En] {
            let about = sentences_about(&r, lang);
            let plain = cuenca_model::sentences(&r, lang);
            assert_eq!(
                about.iter().map(|s| s.text.clone()).collect::<Vec<_>>(),
                plain,
                "{id}"
            );
            for s in &about {
                for a in &s.about {
                    let known = if let Some(site) = a.strip_prefix("spring:") {
                        outlooks.iter().any(|o| o.site == site)
                    } else if let Some(site) = a.strip_prefix("roots:") {
                        e.date_range(site, Threshold::LeavesRootZone).is_some()
                    } else if let Some(rest) = a.strip_prefix("crossing:") {
                        let (site, t) = rest.split_once(':').unwrap();
                        let t: f64 = t.parse().unwrap();
                        assert!(drawdown_thresholds_m(&scenario).contains(&t), "{a}");
                        assert_eq!(a, &crossing_key(site, t));
                        e.date_range(site, Threshold::DrawdownAboveM(t)).is_some()
                    } else {
                        e.indicators.iter().any(|i| &i.id == a)
                    };
                    assert!(known, "{id}: `{a}` of “{}”", s.text);
                }
            }
            let speaks = |key: &str| {
                about
                    .iter()
                    .find(|s| s.about.iter().any(|a| a == key))
                    .map(|s| s.text.clone())
                    .unwrap_or_default()
            };
            let project = id.contains("fs2019");
            let (lithium, areas, springs) = match lang {
                Lang::Es => (
                    "carbonato de litio",
                    "superficie verde",
                    "caudal de las vertientes",
                ),
                Lang::En => ("lithium carbonate", "green area", "spring flow"),
            };
            assert_eq!(
                speaks("lithium_total_t_lce").contains(lithium),
                project,
                "{id}"
            );
            // The headline areas and springs: always with a project, and without one only
            // when the climate changes (there is nothing to compare with otherwise).
            let headline = project || id == "dry_natural";
            assert_eq!(
                speaks("vega_area_lost_pct").contains(areas),
                headline,
                "{id}"
            );
            assert_eq!(
                speaks("lagoon_area_lost_pct").contains(areas),
                headline,
                "{id}"
            );
            assert_eq!(
                speaks("spring_flow_change_pct").contains(springs),
                headline,
                "{id}"
            );
            // Santa Rosa's drawdown is ranged against no project under the same climate, so a
            // sentence against today's climate does not claim it.
            let santa_rosa = speaks("max_drawdown_m:santa_rosa");
            assert_eq!(!santa_rosa.is_empty(), id == "fs2019", "{id}: {santa_rosa}");
            assert!(santa_rosa.is_empty() || santa_rosa.contains("Santa Rosa"));
            // Each vega's root-zone sentence speaks of its dates, and Santa Rosa's crossing
            // sentence of the range of its year.
            let roots = speaks("roots:vega_este");
            assert_eq!(!roots.is_empty(), project, "{id}");
            assert!(
                roots.is_empty()
                    || roots.contains("East-margin vega")
                    || roots.contains("Vega del borde este")
            );
            let crossing = speaks(&crossing_key("santa_rosa", 2.0));
            assert_eq!(!crossing.is_empty(), project, "{id}");
            // Every spring site with a line speaks of its outlook.
            for o in &outlooks {
                assert!(
                    !speaks(&format!("spring:{}", o.site)).is_empty(),
                    "{id}: {}",
                    o.site
                );
            }
        }
    }
}
