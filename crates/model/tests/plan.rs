//! Early-warning plans inside a run: a plan with no triggers is no plan, bit for bit; a trigger
//! the pumping reaches fires, cuts pumping and lithium, and the balances still close; the
//! readings are the run's own water table against its pre-production same-month mean.

use crate::common;

use cuenca_model::negotiation::plan::{
    CutTarget, Plan, PlanEventKind, Trigger, DEFAULT_PERSISTENCE_MONTHS,
};
use cuenca_model::{presets, run_with_options, Basin, LeverId, RunError, RunOptions, Scenario};

fn jv2025() -> Scenario {
    presets::by_id("jv2025").unwrap().scenario()
}

fn trigger(site: &str, rise_m: f64, target: CutTarget, cut: f64, delay_months: u32) -> Trigger {
    Trigger {
        site: site.into(),
        rise_m,
        persistence_months: DEFAULT_PERSISTENCE_MONTHS,
        target,
        cut,
        delay_months,
    }
}

fn with_plan(triggers: Vec<Trigger>) -> RunOptions {
    RunOptions {
        plan: Plan {
            triggers,
            permanent: false,
        },
        ..RunOptions::default()
    }
}

#[test]
fn a_plan_with_no_triggers_is_bit_identical_to_no_plan() {
    let basin = Basin::default_basin();
    for p in presets::PRESETS.iter() {
        let s = p.scenario();
        let a = run_with_options(&basin, &s, &RunOptions::default()).unwrap();
        let b = run_with_options(&basin, &s, &with_plan(Vec::new())).unwrap();
        assert_eq!(a.digest(), b.digest(), "{}", p.id);
        assert!(a == b, "{}", p.id);
        assert!(b.plan.is_none());
    }
}

/// A trigger that never fires (a rise no run reaches) changes nothing either, but its record
/// is there.
#[test]
fn a_trigger_that_never_fires_changes_nothing() {
    let basin = Basin::default_basin();
    let s = jv2025();
    let a = run_with_options(&basin, &s, &RunOptions::default()).unwrap();
    let opts = with_plan(vec![trigger("vega_este", 1.0e6, CutTarget::All, 1.0, 0)]);
    let b = run_with_options(&basin, &s, &opts).unwrap();
    assert_eq!(a.digest(), b.digest());
    let p = b.plan.expect("a plan record");
    assert!(p.events.is_empty() && p.no_project_events.is_empty());
    assert!(p.brine_cut.iter().all(|&c| c == 0.0));
}

#[test]
fn a_reached_trigger_fires_cuts_pumping_and_the_balances_close() {
    let basin = Basin::default_basin();
    let s = jv2025();
    let free = run_with_options(&basin, &s, &RunOptions::default()).unwrap();
    let opts = with_plan(vec![
        trigger("vega_este", 0.3, CutTarget::Brine, 0.25, 6),
        trigger("vega_este", 1.0, CutTarget::All, 0.5, 6),
    ]);
    let r = run_with_options(&basin, &s, &opts).unwrap();
    common::check(&r, "jv2025 with a plan");
    let p = r.plan.as_ref().unwrap();
    let start = p.production_start_month.unwrap();
    // The preset starts producing in 2028, three years into the run: a same-month baseline.
    assert!(p.baseline_from_pre_project_months && start >= 12);
    let fire = p.first_fire(0, false).expect("the first phase fires");
    assert!(fire > start + DEFAULT_PERSISTENCE_MONTHS as usize - 1);
    // The cut applies from the delay on, not before.
    assert!(!p.in_force[0][fire + 5] && p.in_force[0][fire + 6]);
    assert_eq!(p.brine_cut[fire + 5], 0.0);
    assert!(p.brine_cut[fire + 6] >= 0.25);
    // Each event is dated by the month it decides, the month after its reading.
    for e in &p.events {
        let m = r.months[e.month_index];
        assert_eq!((e.year, e.month), (m.year, m.month), "{e:?}");
    }
    // Each firing follows persistence readings over the threshold.
    for e in p.events.iter().filter(|e| e.kind == PlanEventKind::Fired) {
        let t = &p.triggers[e.trigger];
        for k in e.month_index - t.persistence_months as usize..e.month_index {
            assert!(p.rise_m[e.trigger][k] > t.rise_m, "{e:?} month {k}");
        }
    }
    // The reading is the run's own water table against the same-month mean before production.
    let site = r.site("vega_este").unwrap();
    for k in [start, start + 40, start + 200] {
        let cal = r.months[k].month as usize - 1;
        let base: Vec<f64> = (0..start)
            .filter(|&j| r.months[j].month as usize - 1 == cal)
            .map(|j| site.depth_to_water_m[j])
            .collect();
        let base = base.iter().sum::<f64>() / base.len() as f64;
        let rise = site.depth_to_water_m[k] - base;
        assert!((p.rise_m[0][k] - rise).abs() < 1e-9, "month {k}");
        // The record shows that baseline as a depth below the ground, month by month.
        let shown = p.baseline_depth_m[0][cal];
        assert!((shown - base).abs() < 1e-9, "month {k}: {shown} vs {base}");
    }
    // Pumping is cut: less brine and less lithium, less drawdown at the vega.
    let pumped = |r: &cuenca_model::Results| r.totals.accounts.brine.pumped_m3;
    assert!(pumped(&r) < pumped(&free));
    assert!(r.totals.lithium_t_lce < free.totals.lithium_t_lce);
    let max = |v: &[f64]| v.iter().cloned().fold(f64::MIN, f64::max);
    assert!(max(&site.drawdown_m) < max(&free.site("vega_este").unwrap().drawdown_m));
    // The months the plan's cut is 0 before the first firing are the run without a plan.
    let first_cut = p.brine_cut.iter().position(|&c| c > 0.0).unwrap();
    assert_eq!(
        r.series.lithium_t_lce[..first_cut],
        free.series.lithium_t_lce[..first_cut]
    );
}

/// A plan that is not permanent releases a cut once the readings fall back below its threshold,
/// and pumping resumes; the same plan made permanent never releases it.
#[test]
fn a_cut_is_released_when_the_water_table_recovers_unless_the_plan_is_permanent() {
    use cuenca_model::negotiation::plan::PlanEventKind::{Fired, Released};
    let basin = Basin::default_basin();
    let s = jv2025();
    let mut opts = with_plan(vec![trigger("vega_este", 0.3, CutTarget::All, 1.0, 0)]);
    let released = run_with_options(&basin, &s, &opts).unwrap();
    opts.plan.permanent = true;
    let permanent = run_with_options(&basin, &s, &opts).unwrap();
    let kinds = |r: &cuenca_model::Results| -> Vec<_> {
        r.plan
            .as_ref()
            .unwrap()
            .events
            .iter()
            .map(|e| (e.kind, e.month_index))
            .collect()
    };
    let (a, b) = (kinds(&released), kinds(&permanent));
    println!("not permanent: {a:?}\npermanent: {b:?}");
    // Both fire at the same month, from the same readings.
    assert_eq!(a.first(), b.first());
    assert_eq!(a.first().map(|e| e.0), Some(Fired));
    let release = a.iter().find(|e| e.0 == Released).expect("a release").1;
    assert!(b.iter().all(|e| e.0 == Fired), "{b:?}");
    // From the release on, the plan that lets go pumps brine again; the permanent one never does.
    let pumped = |r: &cuenca_model::Results, k: usize| r.accounts[k].brine.pumped_m3;
    assert!(pumped(&released, release) > 0.0);
    assert!((release..permanent.months.len()).all(|k| pumped(&permanent, k) == 0.0));
}

/// A cut on fresh water alone leaves brine pumping as it is.
#[test]
fn a_fresh_water_cut_leaves_the_brine() {
    let basin = Basin::default_basin();
    let s = jv2025();
    let free = run_with_options(&basin, &s, &RunOptions::default()).unwrap();
    let opts = with_plan(vec![trigger(
        "vertientes_este",
        0.2,
        CutTarget::Fresh,
        1.0,
        0,
    )]);
    let r = run_with_options(&basin, &s, &opts).unwrap();
    common::check(&r, "fresh-water cut");
    let p = r.plan.as_ref().unwrap();
    assert!(p.first_fire(0, false).is_some());
    assert!(p.brine_cut.iter().all(|&c| c == 0.0));
    assert!(r.totals.accounts.fresh.pumped_m3 < free.totals.accounts.fresh.pumped_m3);
}

#[test]
fn a_trigger_at_an_unknown_site_is_an_error_that_names_it() {
    let basin = Basin::default_basin();
    let opts = with_plan(vec![trigger("vega_luna", 0.3, CutTarget::All, 1.0, 0)]);
    let e = run_with_options(&basin, &jv2025(), &opts).unwrap_err();
    assert_eq!(
        e,
        RunError::UnknownSite {
            site: "vega_luna".into()
        }
    );
    assert!(e.to_string().contains("`vega_luna`"));
    // Without a project the plan is not read, so the run goes on.
    let natural = jv2025().with(LeverId::Production, 0.0);
    assert!(run_with_options(&basin, &natural, &opts)
        .unwrap()
        .plan
        .is_none());
}
