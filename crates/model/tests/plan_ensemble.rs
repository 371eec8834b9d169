//! Early-warning plans over the ensemble: triggers the pumping cannot reach fire exactly as
//! they would without the project; a full stop at a trigger keeps a limit placed beyond it
//! wherever the climate alone does not drive the site; more cut never keeps fewer members (for a
//! cut that holds once in force); a plan with no triggers leaves the ensemble as it was; the
//! balances close in every member with a plan.

use cuenca_model::negotiation::plan::{CutTarget, Plan, Trigger};
use cuenca_model::negotiation::{plan_outcome, Limit, LimitKind, PlanOutcome};
use cuenca_model::uncertainty::ensemble::{run_ensemble_with_options, Quantity};
use cuenca_model::{
    presets, run_ensemble, Basin, Ensemble, EnsembleRunner, EnsembleSpec, LeverId, RunOptions,
    Scenario,
};

fn spec(members: usize) -> EnsembleSpec {
    EnsembleSpec {
        members,
        ..EnsembleSpec::default()
    }
}

fn trigger(site: &str, rise_m: f64, target: CutTarget, cut: f64, delay_months: u32) -> Trigger {
    Trigger {
        site: site.into(),
        rise_m,
        persistence_months: 3,
        target,
        cut,
        delay_months,
    }
}

fn opts(triggers: Vec<Trigger>, permanent: bool) -> RunOptions {
    RunOptions {
        plan: Plan {
            triggers,
            permanent,
        },
        ..RunOptions::default()
    }
}

fn drawdown(site: &str, m: f64) -> Limit {
    Limit {
        site: site.into(),
        kind: LimitKind::DrawdownAtMostM,
        value: m,
        until_year: 2075,
        confidence: 0.9,
    }
}

/// The three-zone test salar with one more fan, `fan_x`, fed by its own catchment and draining
/// by a spring onto the west mud-flat: no aquifer connection, so no well can lower it.
fn salar_with_an_unreachable_fan() -> Basin {
    let extra = r#"
[[cells]]
id = "fan_x"
name_es = "Abanico aislado"
name_en = "Detached fan"
kind = "fan"
area_km2 = 40.0
ground_m = 3700.0
bottom_m = 3450.0
polygon = [[-12, 8], [-5, 8], [-5, 14], [-12, 14]]
spring = { to = "mar_w", elevation_m = 3610.0, conductance_m2_per_day = 1000.0 }

[[catchments]]
id = "cat_x"
name_es = "Subcuenca aislada"
name_en = "Detached sub-catchment"
area_km2 = 150.0
recharge_to = { fan_x = 1.0 }
polygon = [[-25, 14], [-12, 8], [-12, 14], [-25, 20]]

[[sites]]
id = "pozo_aislado"
name_es = "Pozo del abanico aislado"
name_en = "Detached-fan well"
kind = "monitoring_well"
cell = "fan_x"
"#;
    // TOML arrays of tables may be split: the extra cells, catchment and site append to theirs.
    let text = format!("{}\n{extra}", include_str!("data/three-zone-salar.toml"));
    Basin::from_toml_str(&text).expect("the salar with a detached fan loads")
}

fn ensemble_on(basin: &Basin, s: &Scenario, members: usize, o: RunOptions) -> Ensemble {
    EnsembleRunner::with_options(basin.clone(), s, spec(members), o)
        .finish()
        .unwrap()
}

/// A trigger at a site the pumping cannot reach fires when, and only when, the same trigger
/// fires in the member's no-project run: every alarm it raises is the climate's. The same
/// trigger at a site the wells do reach fires differently (so the comparison can fail).
#[test]
fn a_trigger_the_pumping_cannot_reach_fires_only_as_without_the_project() {
    let basin = salar_with_an_unreachable_fan();
    let s = Scenario::default()
        .with(LeverId::Production, 10_000.0)
        .with(LeverId::Years, 40.0);
    let members = 12;
    // A small rise, so the climate alone crosses it in some members.
    let far = ensemble_on(
        &basin,
        &s,
        members,
        opts(
            vec![trigger("pozo_aislado", 0.02, CutTarget::All, 1.0, 0)],
            false,
        ),
    );
    let mut fired = 0;
    for (k, m) in far.members.iter().enumerate() {
        assert_eq!(m.plan_events, m.plan_no_project_events, "member {k}");
        fired += usize::from(!m.plan_events.is_empty());
    }
    assert!(
        fired > 0,
        "the climate never crossed the threshold: the test shows nothing"
    );
    let near = ensemble_on(
        &basin,
        &s,
        members,
        opts(
            vec![trigger("barreal_este", 0.02, CutTarget::All, 1.0, 0)],
            false,
        ),
    );
    assert!(near
        .members
        .iter()
        .any(|m| m.plan_events != m.plan_no_project_events));
    // The outcome says which trigger the pumping cannot reach: in no member does the project
    // lower the isolated well's water table by the rise, and the sentence says so.
    let plan = |site: &str| Plan {
        triggers: vec![trigger(site, 0.02, CutTarget::All, 1.0, 0)],
        permanent: false,
    };
    let spec = EnsembleSpec {
        members,
        ..EnsembleSpec::default()
    };
    let far = plan_outcome(&basin, &s, &plan("pozo_aislado"), &[], &spec).unwrap();
    assert_eq!(far.triggers[0].members_reached, 0);
    let line = far.trigger_sentence(0, cuenca_model::Lang::Es).unwrap();
    assert!(
        line.contains("esta alerta solo puede activarse por el clima"),
        "{line}"
    );
    let near = plan_outcome(&basin, &s, &plan("barreal_este"), &[], &spec).unwrap();
    assert!(near.triggers[0].members_reached > 0);
    let line = near.trigger_sentence(0, cuenca_model::Lang::Es).unwrap();
    assert!(
        !line.contains("solo puede activarse por el clima"),
        "{line}"
    );
}

/// A full stop at the first trigger (0.3 m over the baseline at the east vega, no delay, cuts
/// that hold) keeps a 1 m limit on the project's drawdown there to 2075 in every member where
/// nothing else drives the site: where the same trigger would not fire without the project.
#[test]
fn a_full_stop_at_the_trigger_keeps_a_limit_placed_beyond_it() {
    let basin = Basin::default_basin();
    for id in ["fs2019", "jv2025"] {
        let s = presets::by_id(id).unwrap().scenario();
        let e = run_ensemble_with_options(
            &basin,
            &s,
            &spec(12),
            &opts(
                vec![trigger("vega_este", 0.3, CutTarget::All, 1.0, 0)],
                true,
            ),
        )
        .unwrap();
        let breaches = drawdown("vega_este", 1.0).first_breaches(&e).unwrap();
        let mut checked = 0;
        for (k, (m, b)) in e.members.iter().zip(&breaches).enumerate() {
            assert!(!m.plan_events.is_empty(), "{id} member {k}: never fired");
            if m.plan_no_project_events.is_empty() {
                assert_eq!(*b, None, "{id} member {k}");
                checked += 1;
            }
        }
        assert!(
            checked >= 6,
            "{id}: only {checked} members undriven by the climate"
        );
        // Without the plan the same limit breaks in most members.
        let free = run_ensemble(&basin, &s, &spec(12)).unwrap();
        let o = drawdown("vega_este", 1.0).outcome(&free).unwrap();
        assert!(o.members_keeping < 6, "{id}: {o:?}");
    }
}

/// For one trigger whose cut holds once in force, a larger cut never keeps fewer members within
/// any limit: until the cut starts the runs are the same, and after it each month pumps less.
/// (With release, this need not hold: a deeper cut recovers the sentinel sooner and pumping
/// resumes sooner, which `cuenca plan` shows as more firings and releases.)
#[test]
fn more_cut_never_keeps_fewer_members() {
    let basin = Basin::default_basin();
    let s = presets::by_id("fs2019").unwrap().scenario();
    let limits = [
        drawdown("vega_este", 0.5),
        drawdown("vega_este", 1.0),
        drawdown("vega_santa_rosa", 0.5),
        drawdown("vertientes_este", 1.0),
    ];
    let mut last: Option<Vec<usize>> = None;
    let mut lithium = f64::INFINITY;
    for cut in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let e = run_ensemble_with_options(
            &basin,
            &s,
            &spec(10),
            &opts(
                vec![trigger("vega_este", 0.3, CutTarget::All, cut, 6)],
                true,
            ),
        )
        .unwrap();
        let keeping: Vec<usize> = limits
            .iter()
            .map(|l| l.outcome(&e).unwrap().members_keeping)
            .collect();
        if let Some(prev) = &last {
            for (k, (a, b)) in prev.iter().zip(&keeping).enumerate() {
                assert!(
                    b >= a,
                    "cut {cut}: limit {k} kept by {b} members, {a} before"
                );
            }
        }
        let total: f64 = (0..e.members.len())
            .map(|k| {
                e.member_series(
                    k,
                    cuenca_model::uncertainty::ensemble::Quantity::LithiumTLce,
                    None,
                )
                .unwrap()
                .iter()
                .map(|&x| x as f64)
                .sum::<f64>()
            })
            .sum();
        assert!(
            total <= lithium,
            "cut {cut}: more lithium with a deeper cut"
        );
        lithium = total;
        last = Some(keeping);
    }
}

#[test]
fn an_empty_plan_leaves_the_ensemble_as_it_was() {
    let basin = Basin::default_basin();
    let s = presets::by_id("jv2025").unwrap().scenario();
    let a = run_ensemble(&basin, &s, &spec(6)).unwrap();
    let b = run_ensemble_with_options(&basin, &s, &spec(6), &opts(Vec::new(), false)).unwrap();
    assert!(a == b);
    assert_eq!(a.summary().digest(), b.summary().digest());
}

/// The outcome's counts are the members' own: firings, false alarms, limits with and without
/// the plan, the bound, and the lithium; and every member with the plan closes its balances.
#[test]
fn the_outcome_counts_what_the_members_did_and_balances_close() {
    let basin = Basin::default_basin();
    let s = presets::by_id("jv2025").unwrap().scenario();
    let plan = Plan {
        triggers: vec![
            trigger("vega_este", 0.3, CutTarget::Brine, 0.25, 6),
            trigger("vega_este", 1.0, CutTarget::All, 0.5, 6),
        ],
        permanent: false,
    };
    let limits = [drawdown("vega_santa_rosa", 0.5), drawdown("vega_este", 1.0)];
    let o: PlanOutcome = plan_outcome(&basin, &s, &plan, &limits, &spec(8)).unwrap();
    let with = run_ensemble_with_options(
        &basin,
        &s,
        &spec(8),
        &RunOptions {
            plan: plan.clone(),
            ..RunOptions::default()
        },
    )
    .unwrap();
    let free = run_ensemble(&basin, &s, &spec(8)).unwrap();
    for m in &with.members {
        assert!(m.max_month_closure_relative < 1e-9, "{m:?}");
        assert_eq!(m.steps_not_converged, 0);
    }
    for (k, l) in limits.iter().enumerate() {
        assert_eq!(o.limits[k].with_plan, l.outcome(&with).unwrap());
        assert_eq!(o.limits[k].without_plan, l.outcome(&free).unwrap());
        // The bound never keeps fewer members than the plan's first phase alone could: it
        // stops everything from the same first fire.
        assert!(
            o.limits[k].stop_at_first_fire.members_keeping
                >= o.limits[k].without_plan.members_keeping
        );
    }
    let fired = |t: usize| {
        with.members
            .iter()
            .filter(|m| m.plan_events.iter().any(|e| e.trigger == t))
            .count()
    };
    assert_eq!(o.triggers[0].members_firing, fired(0));
    assert_eq!(o.triggers[1].members_firing, fired(1));
    assert_eq!(o.member_events.len(), 8);
    assert!(o.lithium.mean_total_with_plan_t < o.lithium.mean_total_without_plan_t);
    assert!(o.lithium.mean_total_stopping_at_first_fire_t <= o.lithium.mean_total_with_plan_t);
    assert!(o.lithium.cost_share > 0.0 && o.lithium.cost_share < 1.0);
    // The sentences say what the outcome holds, in each language.
    let es = o
        .sentence(0, "Vega de Santa Rosa", cuenca_model::Lang::Es)
        .unwrap();
    assert!(
        es.starts_with("Con este plan, la napa no baja más de 0,5 m"),
        "{es}"
    );
    assert!(es.contains("mil t/año"), "{es}");
    let en = o
        .sentence(1, "East-margin vega", cuenca_model::Lang::En)
        .unwrap();
    assert!(en.starts_with("With this plan, the project lowers the water table at East-margin vega by no more than 1.0 m"), "{en}");
    assert!(o.sentence(2, "x", cuenca_model::Lang::En).is_none());
    // Each trigger's line gives the members firing it, with the plan and without the project,
    // as counted here from the members' own events.
    for t in 0..2 {
        let alarms = o
            .member_no_project_events
            .iter()
            .filter(|ev| ev.iter().any(|e| e.trigger == t))
            .count();
        let line = o.trigger_sentence(t, cuenca_model::Lang::En).unwrap();
        let fires = if fired(t) == 0 {
            "fires in none of the 8".to_string()
        } else {
            format!("fires in {} of 8", fired(t))
        };
        assert!(
            line.starts_with(&format!("Trigger {} {fires}", t + 1)),
            "{line}"
        );
        assert!(
            line.ends_with(&format!("from the climate alone, in {alarms} of 8.")),
            "{line}"
        );
    }
    assert!(o.trigger_sentence(2, cuenca_model::Lang::Es).is_none());
    // The natural variation at the east vega, against runs made here without production (the
    // water table the project's drawdown is measured from, read directly rather than rebuilt
    // as depth minus drawdown): the same pooled spread around each calendar month's mean.
    let natural =
        run_ensemble(&basin, &s.clone().with(LeverId::Production, 0.0), &spec(8)).unwrap();
    let (mut sum_sq, mut n, mut groups) = (0.0, 0usize, 0usize);
    for k in 0..8 {
        let depth = natural
            .member_series(k, Quantity::DepthToWaterM, Some("vega_este"))
            .unwrap();
        for month in 0..12 {
            let v: Vec<f64> = depth
                .iter()
                .skip(month)
                .step_by(12)
                .map(|&x| f64::from(x))
                .collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            sum_sq += v.iter().map(|x| (x - mean).powi(2)).sum::<f64>();
            n += v.len();
            groups += 1;
        }
    }
    let expected = (sum_sq / (n - groups) as f64).sqrt();
    let sd = o.triggers[0].natural_sd_m.unwrap();
    assert!(
        (sd - expected).abs() <= 1e-3 * expected.max(0.01),
        "{sd} against {expected}"
    );
    assert_eq!(
        o.triggers[1].natural_sd_m,
        Some(sd),
        "same site, same spread"
    );
    // The flag is said exactly where the rise is within two of them.
    for t in 0..2 {
        let line = o.trigger_sentence(t, cuenca_model::Lang::En).unwrap();
        assert_eq!(
            line.contains("within the water table's natural variation"),
            o.triggers[t].trigger.rise_m < 2.0 * sd,
            "{line}"
        );
    }
    println!("natural variation at the east vega (jv2025, 8 members): sd {sd:.3} m");
    // A limit broken with the plan says how often a warning came first, and a kept one says
    // nothing: the warned and unwarned members are those whose limit breaks with the plan.
    for (k, row) in o.limits.iter().enumerate() {
        let broken = row.with_plan.members - row.with_plan.members_keeping;
        assert_eq!(
            row.members_breaking_after_a_fire + row.members_breaking_without_warning,
            broken
        );
        let line = o.warning_sentence(k, "here", cuenca_model::Lang::Es);
        assert_eq!(line.is_some(), broken > 0, "{line:?}");
        if let Some(line) = line {
            let n = if row.members_breaking_after_a_fire == 0 {
                row.members_breaking_without_warning
            } else {
                row.members_breaking_after_a_fire
            };
            assert!(
                line.starts_with(&format!(
                    "En here, con el plan el límite se rompe en {n} de 8 versiones"
                )),
                "{line}"
            );
        }
    }
}
