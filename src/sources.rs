//! Whose numbers, as plain data. The scenario is the one truth for every lever value; a chosen
//! source only says where one lever's value came from, so it holds while that lever keeps the
//! value the source gave it and is dropped as soon as the lever is set any other way.

use cuenca_model::{apply_sources, Basin, ContestedId, Scenario, SourceChoice, SourceError};

/// The source chosen for each contested input that has one, in the order chosen (the link
/// lists them in this order).
pub type Chosen = Vec<(ContestedId, SourceChoice)>;

/// Chooses `choice` for `id`, or the parameter table's value (the lever's default) for `None`.
/// Returns the scenario and the sources after the choice; one that cannot be applied is an
/// error and changes nothing.
pub fn choose(
    basin: &Basin,
    scenario: &Scenario,
    chosen: &[(ContestedId, SourceChoice)],
    id: ContestedId,
    choice: Option<SourceChoice>,
) -> Result<(Scenario, Chosen), SourceError> {
    let mut next: Chosen = chosen.iter().filter(|(i, _)| *i != id).cloned().collect();
    let scenario = match choice {
        None => {
            let lever = id.spec().lever;
            let mut s = scenario.clone();
            // A lever's default is always in its range.
            let _ = s.set(lever, lever.spec().default);
            s
        }
        Some(choice) => {
            let applied = apply_sources(basin, scenario, &[(id, choice.clone())])?;
            next.push((id, choice));
            applied
        }
    };
    Ok((scenario, next))
}

/// The sources still in force after the scenario went from `before` to `after` other than by
/// choosing a source (a lever moved by hand, a preset, a pinned scenario loaded): those whose
/// lever changed no longer say where its value came from.
pub fn still_in_force(
    chosen: &[(ContestedId, SourceChoice)],
    before: &Scenario,
    after: &Scenario,
) -> Chosen {
    chosen
        .iter()
        .filter(|(id, _)| {
            let lever = id.spec().lever;
            before.get(lever) == after.get(lever)
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuenca_model::LeverId;

    fn named(key: &str) -> Option<SourceChoice> {
        Some(SourceChoice::Named(key.to_string()))
    }

    #[test]
    fn a_source_sets_its_lever_exactly_as_the_model_applies_it() {
        let basin = Basin::default_basin();
        let start = Scenario::default();
        let (scenario, chosen) = choose(
            &basin,
            &start,
            &[],
            ContestedId::Recharge,
            named("independent"),
        )
        .unwrap();
        let choice = (ContestedId::Recharge, named("independent").unwrap());
        assert_eq!(
            scenario,
            apply_sources(&basin, &start, std::slice::from_ref(&choice)).unwrap()
        );
        assert_ne!(scenario.get(LeverId::RechargeMult), 1.0, "the lever moved");
        assert_eq!(chosen, vec![choice]);
    }

    #[test]
    fn a_new_choice_replaces_the_old_one_and_goes_last() {
        let basin = Basin::default_basin();
        let s = Scenario::default();
        let (s, c) = choose(&basin, &s, &[], ContestedId::Recharge, named("independent")).unwrap();
        let fw = SourceChoice::Community(120.0);
        let (s, c) = choose(&basin, &s, &c, ContestedId::DleFreshWater, Some(fw.clone())).unwrap();
        let (s, c) = choose(&basin, &s, &c, ContestedId::Recharge, named("company")).unwrap();
        assert_eq!(
            c,
            vec![
                (ContestedId::DleFreshWater, fw),
                (ContestedId::Recharge, named("company").unwrap()),
            ]
        );
        assert_eq!(s.get(LeverId::FreshPerTonneDle), 120.0);
    }

    #[test]
    fn the_table_value_returns_the_lever_to_its_default_and_forgets_the_source() {
        let basin = Basin::default_basin();
        let (s, c) = choose(
            &basin,
            &Scenario::default(),
            &[],
            ContestedId::Recharge,
            named("independent"),
        )
        .unwrap();
        let (s, c) = choose(&basin, &s, &c, ContestedId::Recharge, None).unwrap();
        assert_eq!(s, Scenario::default());
        assert_eq!(c, vec![]);
    }

    #[test]
    fn a_value_outside_the_range_is_an_error() {
        let basin = Basin::default_basin();
        let far = Some(SourceChoice::Community(1e12));
        let result = choose(
            &basin,
            &Scenario::default(),
            &[],
            ContestedId::Recharge,
            far,
        );
        assert!(matches!(result, Err(SourceError::OutOfRange { .. })));
    }

    #[test]
    fn moving_a_sourced_lever_drops_its_source_and_only_its_own() {
        let basin = Basin::default_basin();
        let s = Scenario::default();
        let (s, c) = choose(&basin, &s, &[], ContestedId::Recharge, named("independent")).unwrap();
        let (before, c) = choose(
            &basin,
            &s,
            &c,
            ContestedId::BrineTransmissivity,
            named("company"),
        )
        .unwrap();
        let production = before.clone().with(LeverId::Production, 24_000.0);
        assert_eq!(still_in_force(&c, &before, &production), c);
        let recharge = before.clone().with(LeverId::RechargeMult, 2.0);
        assert_eq!(
            still_in_force(&c, &before, &recharge),
            vec![(ContestedId::BrineTransmissivity, named("company").unwrap())]
        );
        assert_eq!(still_in_force(&c, &before, &Scenario::default()), vec![]);
    }
}
