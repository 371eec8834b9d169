//! Checks shared by the test files that run the model.

use cuenca_model::physics::groundwater::EvapLaws;
use cuenca_model::physics::surface::{depth_factor, VEGA_EXTINCTION_M, VEGA_ROOT_DECAY_M};
use cuenca_model::Results;

/// Green share of a vega the water table supports at this depth: the documented root-zone law
/// (`VEGA_ROOT_DECAY_M`, `VEGA_EXTINCTION_M`), 1 at the surface, 0 beyond 3 m, capped at 1.
pub fn vega_green_share(depth_m: f64) -> f64 {
    depth_factor(depth_m, VEGA_ROOT_DECAY_M, VEGA_EXTINCTION_M)
        .0
        .min(1.0)
}

/// Evaporation laws with every surface rate zero (tests of the groundwater flow alone).
pub fn no_evaporation() -> EvapLaws {
    EvapLaws::none()
}

/// One closed 1 km² aquifer cell, ground at 20 m, bottom at −100 m, with the given specific
/// yield, specific storage (1/m) and initial head: the box of the single-cell storage tests.
pub fn box_basin(sy: f64, ss: f64, initial_head_m: f64) -> cuenca_model::Basin {
    cuenca_model::Basin::from_toml_str(&box_toml(sy, ss, initial_head_m)).expect("box basin")
}

/// The box basin's file (cell `box`), for tests that add cells beside it.
pub fn box_toml(sy: f64, ss: f64, initial_head_m: f64) -> String {
    format!(
        r#"
        [[cells]]
        id = "box"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 20.0
        bottom_m = -100.0
        sy = {sy}
        ss = {ss}
        initial_head_m = {initial_head_m}
    "#
    )
}

/// Monthly closure tolerance relative to the month's throughput. Newton stops at 1e-12 of the
/// flux throughput or at the round-off of the terms, so 1e-9 leaves three orders of margin.
const CLOSURE_REL_TOL: f64 = 1e-9;
/// Lithium closure relative to the lithium mass in the basin (kg per month / kg).
const LI_CLOSURE_REL_TOL: f64 = 1e-12;

/// Water and lithium balances close to round-off every month, no NaN, no negative saturated
/// thickness, Newton converged every step.
pub fn check(r: &Results, what: &str) {
    for (m, a) in r
        .accounts
        .iter()
        .chain(r.baseline_accounts.iter())
        .enumerate()
    {
        let rel = a.closure_relative();
        assert!(
            rel.is_finite() && rel.abs() <= CLOSURE_REL_TOL,
            "{what}: month {m} closure {rel:e}"
        );
    }
    assert!(
        r.totals.closure_relative.abs() <= CLOSURE_REL_TOL,
        "{what}: total closure"
    );
    for (m, (&c, &mass)) in r
        .series
        .li_closure_kg
        .iter()
        .zip(&r.series.li_mass_kg)
        .enumerate()
    {
        assert!(
            c.abs() <= LI_CLOSURE_REL_TOL * mass.max(1.0),
            "{what}: Li closure {c} kg in month {m}"
        );
        assert!(mass >= 0.0);
    }
    for c in &r.cells {
        assert!(
            c.head_m.iter().chain(&c.drawdown_m).all(|x| x.is_finite()),
            "{what}: NaN in {}",
            c.id
        );
    }
    assert!(
        r.min_saturated_thickness_m >= -1e-9,
        "{what}: negative saturated thickness {}",
        r.min_saturated_thickness_m
    );
    assert_eq!(
        r.stats.steps_not_converged, 0,
        "{what}: Newton did not converge"
    );
    assert!(r
        .series
        .lithium_t_lce
        .iter()
        .all(|x| x.is_finite() && *x >= 0.0));
}

/// fs2019 over `years` years: the negotiation tests' scenario.
pub fn fs2019(years: f64) -> cuenca_model::Scenario {
    cuenca_model::presets::by_id("fs2019")
        .expect("preset")
        .scenario()
        .with(cuenca_model::LeverId::Years, years)
}

/// An ensemble of `members` members, otherwise the default design.
pub fn members(members: usize) -> cuenca_model::EnsembleSpec {
    cuenca_model::EnsembleSpec {
        members,
        ..cuenca_model::EnsembleSpec::default()
    }
}

/// "The project lowers the water table at `site` by at most `m` metres until `until_year`, in
/// `confidence` of the members."
pub fn drawdown_limit(
    site: &str,
    m: f64,
    until_year: i32,
    confidence: f64,
) -> cuenca_model::negotiation::Limit {
    cuenca_model::negotiation::Limit {
        site: site.into(),
        kind: cuenca_model::negotiation::LimitKind::DrawdownAtMostM,
        value: m,
        until_year,
        confidence,
    }
}
