//! The trade-off map against independent references: every cell's count as the full ensemble,
//! run afresh at that cell, gives it; the column without production keeps every drawdown limit
//! (the project causes no drawdown there); and along production, each row's edge agrees with the
//! envelope's bisection for that row's technology.

use cuenca_model::negotiation::{
    envelope, map_axes, tradeoff_map, Limit, LimitKind, MapAxesError, MapAxis,
};
use cuenca_model::{run_ensemble, Basin, Lang, LeverId};

use crate::common::{drawdown_limit as drawdown, fs2019 as scenario, members as spec};

/// Production runs from none to twice the scenario's, other levers over their whole range, each
/// on its lever's step.
#[test]
fn axes_cover_what_the_scenario_asks_about() {
    let s = scenario(20.0).with(LeverId::Production, 24_000.0);
    let prod = MapAxis::for_scenario(LeverId::Production, &s, 6);
    assert_eq!(prod.values.first(), Some(&0.0));
    assert_eq!(prod.values.last(), Some(&48_000.0));
    assert_eq!(prod.values.len(), 6);
    assert!(prod.values.iter().all(|v| v % 1000.0 == 0.0));
    let none = MapAxis::for_scenario(
        LeverId::Production,
        &s.clone().with(LeverId::Production, 0.0),
        6,
    );
    assert_eq!(none.values.last(), Some(&10_000.0));
    let dle = MapAxis::for_scenario(LeverId::DleShare, &s, 5);
    assert_eq!(dle.values, vec![0.0, 25.0, 50.0, 75.0, 100.0]);
    let warming = MapAxis::for_scenario(LeverId::Warming, &s, 5);
    assert!(warming.values.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(warming.values.last(), Some(&5.5));
    assert_eq!(
        map_axes(LeverId::Production, LeverId::Production),
        Err(MapAxesError::Same)
    );
    assert_eq!(
        map_axes(LeverId::Production, LeverId::Seed),
        Err(MapAxesError::NotOnMap(LeverId::Seed))
    );
    assert!(map_axes(LeverId::Production, LeverId::Reinjection).is_ok());
}

/// Each cell, judged member by member and stopped early, keeps exactly the limits the full
/// ensemble run afresh at that cell keeps; its partial counts bound the full ones.
#[test]
fn each_cell_keeps_what_the_full_ensemble_keeps() {
    let basin = Basin::default_basin();
    let s = scenario(25.0).with(LeverId::Production, 12_000.0);
    let limits = [
        drawdown("vega_santa_rosa", 0.5, 2049, 0.8),
        drawdown("vega_este", 1.0, 2049, 0.8),
        Limit {
            site: "vertientes_este".into(),
            kind: LimitKind::SpringFlowAtLeastShare,
            value: 0.9,
            until_year: 2049,
            confidence: 0.8,
        },
    ];
    let spec = spec(6);
    let map = tradeoff_map(
        &basin,
        &s,
        &limits,
        &spec,
        LeverId::Production,
        LeverId::DleShare,
    )
    .unwrap();
    assert_eq!(map.cells.len(), map.x.values.len() * map.y.values.len());
    assert_eq!(
        map.member_runs,
        map.cells.iter().map(|c| c.members_run).sum::<usize>()
    );
    assert!(map.member_runs < 6 * map.cells.len(), "nothing saved");
    for (j, &y) in map.y.values.iter().enumerate() {
        for (i, &x) in map.x.values.iter().enumerate() {
            let cell = map.cell(i, j).unwrap();
            assert_eq!((cell.x, cell.y), (x, y));
            let full = run_ensemble(
                &basin,
                &s.clone()
                    .with(LeverId::Production, x)
                    .with(LeverId::DleShare, y),
                &spec,
            )
            .unwrap();
            let outcomes: Vec<_> = limits.iter().map(|l| l.outcome(&full).unwrap()).collect();
            let kept = limits
                .iter()
                .zip(&outcomes)
                .filter(|(l, o)| l.is_kept(o))
                .count();
            assert_eq!(cell.limits_kept, kept, "{x} t/yr, {y} % DLE");
            for (partial, whole) in cell.outcomes.iter().zip(&outcomes) {
                assert!(partial.members_keeping <= whole.members_keeping);
                assert!(
                    cell.members_run - partial.members_keeping
                        <= whole.members - whole.members_keeping
                );
            }
        }
    }
    // Without production the project lowers no water table: both drawdown limits hold in every
    // row of the first column, whatever the technology.
    for j in 0..map.y.values.len() {
        assert!(map.cell(0, j).unwrap().limits_kept >= 2);
    }
    println!("{}", map.sentence(Lang::En));
}

/// Along production, a row's last column that keeps the limit and its next one bracket the
/// envelope found by bisection for that row's technology, a different search over the same
/// members.
#[test]
fn each_rows_edge_brackets_the_envelope() {
    let basin = Basin::default_basin();
    let s = scenario(25.0).with(LeverId::Production, 20_000.0);
    let limit = [drawdown("vega_santa_rosa", 1.0, 2049, 0.8)];
    let spec = spec(5);
    let map = tradeoff_map(
        &basin,
        &s,
        &limit,
        &spec,
        LeverId::Production,
        LeverId::DleShare,
    )
    .unwrap();
    for j in [0, map.y.values.len() - 1] {
        let row: Vec<bool> = (0..map.x.values.len())
            .map(|i| map.cell(i, j).unwrap().limits_kept == 1)
            .collect();
        // Monotone: once production breaks the limit, more production does too.
        assert!(row.windows(2).all(|w| w[0] || !w[1]), "row {j}: {row:?}");
        let env = envelope(
            &basin,
            &s.clone().with(LeverId::DleShare, map.y.values[j]),
            &limit,
            &spec,
            500.0,
        )
        .unwrap();
        let last = row
            .iter()
            .rposition(|&k| k)
            .expect("no production keeps it");
        assert!(env.max_production_t_per_yr + env.tolerance_t_per_yr >= map.x.values[last]);
        if let Some(&next) = map.x.values.get(last + 1) {
            assert!(env.max_production_t_per_yr < next, "row {j}: {env:?}");
        }
        println!(
            "DLE {} %: the map keeps up to {} t/yr, the envelope {:.0} t/yr",
            map.y.values[j], map.x.values[last], env.max_production_t_per_yr
        );
    }
}

/// A workshop's scenarios, each judged member by member and stopped early, keep exactly the
/// limits their full ensembles, run afresh with each scenario's own design, keep; a scenario
/// drawn differently (the old-water view adds a factor) gets members of its own.
#[test]
fn each_scenario_on_a_board_keeps_what_its_full_ensemble_keeps() {
    use cuenca_model::negotiation::judge_scenarios;
    let basin = Basin::default_basin();
    let s = scenario(20.0);
    let scenarios = [
        s.clone().with(LeverId::Production, 0.0),
        s.clone().with(LeverId::Production, 6_000.0),
        s.clone().with(LeverId::Production, 30_000.0),
        s.clone()
            .with(LeverId::Production, 6_000.0)
            .with(LeverId::OldWater, 0.5),
    ];
    let limits = [
        drawdown("vega_santa_rosa", 0.5, 2044, 0.8),
        Limit {
            site: cuenca_model::negotiation::BASIN_SITE.into(),
            kind: LimitKind::VegaAreaAtLeastShare,
            value: 0.9,
            until_year: 2044,
            confidence: 0.6,
        },
    ];
    let spec = spec(5);
    let verdicts = judge_scenarios(&basin, &scenarios, &limits, &spec).unwrap();
    assert_eq!(verdicts.len(), 4);
    for (s, v) in scenarios.iter().zip(&verdicts) {
        let full = run_ensemble(&basin, s, &spec.clone().for_scenario(s)).unwrap();
        let kept: Vec<bool> = limits
            .iter()
            .map(|l| l.is_kept(&l.outcome(&full).unwrap()))
            .collect();
        assert_eq!(v.kept, kept, "{}", s.get(LeverId::Production));
        assert!(v.members_run <= 5);
    }
    // Without production nothing is lost: both limits hold.
    assert_eq!(verdicts[0].limits_kept(), 2);
}
