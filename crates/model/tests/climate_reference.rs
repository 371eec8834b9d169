//! A scenario that changes the climate is measured against today's climate without the project,
//! and the project's part against no project under the scenario's own climate. Each number is
//! checked here against separate runs and this file's own arithmetic, not the model's.

use crate::common;

use cuenca_model::{presets, run, Basin, LeverId, Results, Runner, Scenario};

fn preset(id: &str) -> Scenario {
    presets::by_id(id).expect("preset").scenario()
}

/// Mean of the last ten years of a monthly series (every run here is longer).
fn last_decade(v: &[f64]) -> f64 {
    v[v.len() - 120..].iter().sum::<f64>() / 120.0
}

/// Loss of `s` against `b`, % (a gain is negative).
fn loss(s: f64, b: f64) -> f64 {
    if b > 0.0 {
        100.0 * (1.0 - s / b)
    } else {
        0.0
    }
}

/// Largest yearly loss of `s` against `b`, %.
fn largest_yearly_loss(s: &[f64], b: &[f64]) -> f64 {
    s.chunks(12)
        .zip(b.chunks(12))
        .map(|(s, b)| loss(s.iter().sum::<f64>() / 12.0, b.iter().sum::<f64>() / 12.0))
        .fold(0.0, f64::max)
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-9 * (1.0 + b.abs()),
        "{what}: {a} against {b}"
    );
}

/// Largest of `reference head − scenario head` over the run at a cell (≥ 0), m.
fn largest_drop(reference: &Results, scenario: &Results, cell: usize) -> f64 {
    reference.cells[cell]
        .head_m
        .iter()
        .zip(&scenario.cells[cell].head_m)
        .map(|(b, h)| b - h)
        .fold(0.0, f64::max)
}

/// Under today's climate nothing changes: no reference run, the headlines are the
/// baseline-based numbers (computed here, and as 0.3.1 printed them for fs2019), and the
/// project's part is the whole headline.
#[test]
fn todays_climate_keeps_the_baseline_as_the_reference() {
    let basin = Basin::default_basin();
    let fs = run(&basin, &preset("fs2019")).unwrap();
    // Another sequence of dry and wet years is not another climate.
    let seeded = run(&basin, &preset("fs2019").with(LeverId::Seed, 7.0)).unwrap();
    for (r, what) in [(&fs, "fs2019"), (&seeded, "fs2019 seed 7")] {
        let (i, s) = (&r.indicators, &r.series);
        assert!(r.reference.is_none() && !i.against_today_climate, "{what}");
        assert!(s.reference_vega_area_ha.is_empty(), "{what}");
        assert!(r.cells.iter().all(|c| c.drawdown_vs_today_m.is_empty()));
        assert!(i.sites.iter().all(|x| x.max_drawdown_vs_today.is_none()));
        let vega = loss(
            last_decade(&s.vega_area_ha),
            last_decade(&s.baseline_vega_area_ha),
        );
        let lagoon = loss(
            last_decade(&s.lagoon_area_ha),
            last_decade(&s.baseline_lagoon_area_ha),
        );
        let spring = -loss(
            last_decade(&s.spring_flow_l_per_s),
            last_decade(&s.baseline_spring_flow_l_per_s),
        );
        assert_eq!(i.vega_area_lost_pct, vega, "{what}");
        assert_eq!(i.lagoon_area_lost_pct, lagoon, "{what}");
        assert_eq!(i.spring_flow_change_pct, spring, "{what}");
        assert_eq!(
            i.vega_area_lost_max_pct,
            largest_yearly_loss(&s.vega_area_ha, &s.baseline_vega_area_ha)
        );
        assert_eq!(
            i.lagoon_area_lost_max_pct,
            largest_yearly_loss(&s.lagoon_area_ha, &s.baseline_lagoon_area_ha)
        );
        assert_eq!(i.by_project.vega_area_lost_pct, vega, "{what}");
        assert_eq!(i.by_project.lagoon_area_lost_pct, lagoon, "{what}");
        assert_eq!(i.by_project.spring_flow_change_pct, spring, "{what}");
    }
    // The yearly extremes are unchanged since `cuenca run --preset fs2019 --format json` printed
    // them before the reference existed (model 0.3.1; JSON floats round-trip exactly). The
    // headlines were last-year values then and are decade means since 0.3.4.
    let i = &fs.indicators;
    assert_eq!(i.headline_years, (2065, 2074));
    assert_eq!(i.vega_area_lost_max_pct, 95.33459451152362);
    assert_eq!(i.lagoon_area_lost_max_pct, 99.98691519130392);
}

/// A drier climate without a project loses vegas, lagoons and springs against today's climate
/// (the natural basin, run separately), and the project causes none of it.
#[test]
fn dry_natural_is_measured_against_the_natural_basin_run_separately() {
    let basin = Basin::default_basin();
    let dry = run(&basin, &preset("dry_natural")).unwrap();
    let today = run(&basin, &preset("natural")).unwrap();
    let (i, s, t) = (&dry.indicators, &dry.series, &today.series);
    assert!(i.against_today_climate);
    // The reference is the natural basin's own run, bit for bit.
    assert_eq!(s.reference_vega_area_ha, t.vega_area_ha);
    assert_eq!(s.reference_lagoon_area_ha, t.lagoon_area_ha);
    assert_eq!(s.reference_spring_flow_l_per_s, t.spring_flow_l_per_s);
    let vega = loss(last_decade(&s.vega_area_ha), last_decade(&t.vega_area_ha));
    let lagoon = loss(
        last_decade(&s.lagoon_area_ha),
        last_decade(&t.lagoon_area_ha),
    );
    let spring = -loss(
        last_decade(&s.spring_flow_l_per_s),
        last_decade(&t.spring_flow_l_per_s),
    );
    close(i.vega_area_lost_pct, vega, "vega");
    close(i.lagoon_area_lost_pct, lagoon, "lagoon");
    close(i.spring_flow_change_pct, spring, "spring");
    close(
        i.vega_area_lost_max_pct,
        largest_yearly_loss(&s.vega_area_ha, &t.vega_area_ha),
        "largest vega loss",
    );
    // Less rain and more evaporation: less of every wet thing, not the same.
    assert!(
        vega > 1.0 && lagoon > 1.0 && spring < -1.0,
        "{vega} {lagoon} {spring}"
    );
    assert_eq!(i.by_project.vega_area_lost_pct, 0.0);
    assert_eq!(i.by_project.lagoon_area_lost_pct, 0.0);
    assert_eq!(i.by_project.spring_flow_change_pct, 0.0);
    // Water tables: against today's climate they fall; against the same climate, not at all.
    for (site, x) in dry.sites.iter().zip(&i.sites) {
        let drop = largest_drop(&today, &dry, site.cell_index);
        let (v, _) = x.max_drawdown_vs_today.expect("a changed climate");
        close(v, drop, &site.id);
        assert_eq!(x.max_drawdown_m, 0.0, "{}", site.id);
    }
    assert!(i
        .sites
        .iter()
        .any(|x| x.max_drawdown_vs_today.unwrap().0 > 0.1));
}

/// A drier climate with a project: the total change against today's climate without the
/// project (the natural basin), and the project's part against no project under the same drier
/// climate (dry_natural), each from separate runs; the two parts add up to the total.
#[test]
fn dry_fs2019_splits_its_change_into_the_climates_and_the_projects() {
    let basin = Basin::default_basin();
    let r = run(&basin, &preset("dry_fs2019")).unwrap();
    let today = run(&basin, &preset("natural")).unwrap();
    let same = run(&basin, &preset("dry_natural")).unwrap();
    let (i, s) = (&r.indicators, &r.series);
    // The baseline is the same-climate no-project run, the reference today's.
    assert_eq!(s.baseline_vega_area_ha, same.series.vega_area_ha);
    assert_eq!(s.reference_vega_area_ha, today.series.vega_area_ha);
    let series = |r: &Results| {
        [
            r.series.vega_area_ha.clone(),
            r.series.lagoon_area_ha.clone(),
            r.series.spring_flow_l_per_s.clone(),
        ]
        .map(|v| last_decade(&v))
    };
    let (scen, t, b) = (series(&r), series(&today), series(&same));
    let got = [
        (i.vega_area_lost_pct, i.by_project.vega_area_lost_pct),
        (i.lagoon_area_lost_pct, i.by_project.lagoon_area_lost_pct),
        // Spring flow as a loss, like the areas.
        (
            -i.spring_flow_change_pct,
            -i.by_project.spring_flow_change_pct,
        ),
    ];
    for (k, what) in ["vega", "lagoon", "spring"].iter().enumerate() {
        let (total, project) = got[k];
        close(total, loss(scen[k], t[k]), what);
        // The project's loss against the same climate, in points of today's reference.
        let same_climate = loss(scen[k], b[k]);
        close(project, same_climate * b[k] / t[k], what);
        // What the climate alone takes, plus the project's part, is the total.
        close(loss(b[k], t[k]) + project, total, what);
        assert!(
            project > 0.0 && project <= total + 1e-9,
            "{what}: {project} of {total}"
        );
    }
    for (site, x) in r.sites.iter().zip(&i.sites) {
        let (v, _) = x.max_drawdown_vs_today.expect("a changed climate");
        close(v, largest_drop(&today, &r, site.cell_index), &site.id);
        close(
            x.max_drawdown_m,
            largest_drop(&same, &r, site.cell_index),
            &site.id,
        );
    }
}

/// The water balances close for the scenario, the baseline and the reference, and the
/// reference's accounts are the natural basin's.
#[test]
fn balances_close_with_the_reference() {
    let basin = Basin::default_basin();
    let today = run(&basin, &preset("natural")).unwrap();
    for id in ["dry_natural", "dry_fs2019"] {
        let r = run(&basin, &preset(id)).unwrap();
        common::check(&r, id);
        let reference = r.reference.as_ref().expect("a changed climate");
        for t in [&r.totals, &r.baseline_totals, &reference.totals] {
            assert!(t.closure_relative.abs() <= 1e-9, "{id}: {t:?}");
            assert!(t.max_month_closure_relative <= 1e-9, "{id}: {t:?}");
        }
        assert_eq!(reference.totals, today.baseline_totals, "{id}");
        assert_eq!(reference.stats, today.baseline_stats, "{id}");
    }
}

/// The runner keeps the reference like the baseline: a project move reuses both, a climate move
/// re-runs the baseline but not the reference, and today's climate leaves it for later without
/// simulating one (a reference it would drop costs a second run of the no-project basin).
#[test]
fn runner_reuses_the_reference() {
    let basin = Basin::default_basin();
    let mut runner = Runner::new(basin.clone());
    let dry = preset("dry_fs2019");
    let more = dry.clone().with(LeverId::Production, 40_000.0);
    let drier = more.clone().with(LeverId::PrecipChange, -25.0);
    let today = drier.today_climate();
    let other_seed = drier.clone().with(LeverId::Seed, 3.0);
    let sequence = [&dry, &more, &drier, &today, &drier, &other_seed];
    let expected = [(0, 0), (1, 1), (1, 2), (1, 2), (1, 3), (1, 3)];
    for (k, (s, reuses)) in sequence.iter().zip(expected).enumerate() {
        let a = runner.run(s).expect("runner");
        let b = run(&basin, s).expect("run");
        assert!(a == b, "step {k}: the runner's results differ from run's");
        assert_eq!(
            (runner.baseline_reuses(), runner.reference_reuses()),
            reuses,
            "step {k}"
        );
        // A reference is simulated for the first scenario and for another weather draw only:
        // every other one is kept or, under today's climate, not needed.
        assert_eq!(runner.reference_runs(), 1 + usize::from(k == 5), "step {k}");
    }
}
