//! Agreed limits and the envelope: outcomes counted here from the members' own series, and
//! envelopes on cases with a known answer (a limit nothing can meet, one everything meets, and
//! orderings that must hold whatever the physics: a looser limit or a lower confidence never
//! lowers the envelope).

use cuenca_model::negotiation::{envelope, Limit, LimitKind};
use cuenca_model::uncertainty::ensemble::Quantity;
use cuenca_model::{run_ensemble, Basin, LeverId};

use crate::common::{drawdown_limit as drawdown, fs2019 as scenario, members as spec};

/// A limit's outcome is the count of members whose every yearly mean up to the horizon is within
/// it, read here from the members' monthly series.
#[test]
fn outcomes_count_the_members_whose_yearly_means_keep_the_limit() {
    let basin = Basin::default_basin();
    let e = run_ensemble(&basin, &scenario(30.0), &spec(10)).unwrap();
    let yearly = |v: &[f32], until: i32| -> Vec<f64> {
        let years = (until - 2025 + 1) as usize;
        v.chunks(12)
            .take(years)
            .map(|c| c.iter().map(|&x| x as f64).sum::<f64>() / 12.0)
            .collect()
    };
    for (m, until) in [(0.2, 2040), (1.0, 2054), (3.0, 2054)] {
        let limit = drawdown("vega_santa_rosa", m, until, 0.9);
        let o = limit.outcome(&e).unwrap();
        let keeping = (0..10)
            .filter(|&k| {
                let v = e
                    .member_series(k, Quantity::DrawdownM, Some("vega_santa_rosa"))
                    .unwrap();
                yearly(v, until).iter().all(|&d| d <= m)
            })
            .count();
        assert_eq!(
            (o.members_keeping, o.members),
            (keeping, 10),
            "{m} m to {until}"
        );
    }
    // A spring limit: the flow with the project against the flow without it, the water table
    // raised by the project's drawdown. The flow with the project, rebuilt from the depth through
    // the spring law, is the flow the run stored.
    let limit = Limit {
        site: "vertientes_este".into(),
        kind: LimitKind::SpringFlowAtLeastShare,
        value: 0.8,
        until_year: 2054,
        confidence: 0.9,
    };
    let o = limit.outcome(&e).unwrap();
    let site = e.site("vertientes_este").unwrap();
    let mut keeping = 0;
    for k in 0..10 {
        let depth = e
            .member_series(k, Quantity::DepthToWaterM, Some("vertientes_este"))
            .unwrap();
        let dd = e
            .member_series(k, Quantity::DrawdownM, Some("vertientes_este"))
            .unwrap();
        let stored = e
            .member_series(k, Quantity::SiteSpringFlowLPerS, Some("vertientes_este"))
            .unwrap();
        let (mut with, mut without) = (Vec::new(), Vec::new());
        for m in 0..depth.len() {
            let above = site.head_above_outlet_m(depth[m] as f64).unwrap();
            let q = site.spring_flow_l_per_s(above).unwrap();
            assert!(
                (q - stored[m] as f64).abs() <= 1e-3 * (1.0 + q),
                "member {k} month {m}: {q} against {}",
                stored[m]
            );
            with.push(q);
            without.push(site.spring_flow_l_per_s(above + dd[m] as f64).unwrap());
        }
        let yearly = |v: &[f64]| -> Vec<f64> {
            v.chunks(12).map(|c| c.iter().sum::<f64>() / 12.0).collect()
        };
        let (w, n) = (yearly(&with), yearly(&without));
        if (0..30).all(|y| w[y] >= 0.8 * n[y]) {
            keeping += 1;
        }
    }
    assert_eq!((o.members_keeping, o.members), (keeping, 10));
    // With no project the spring loses nothing to it: every member keeps any share up to 1.
    let none = run_ensemble(
        &basin,
        &scenario(30.0).with(LeverId::Production, 0.0),
        &spec(10),
    )
    .unwrap();
    let all = Limit {
        value: 1.0,
        ..limit.clone()
    }
    .outcome(&none)
    .unwrap();
    assert_eq!(all.members_keeping, 10);
    // A site the basin lacks, or a spring limit where there is no spring, cannot be read.
    assert!(drawdown("nowhere", 1.0, 2054, 0.9).outcome(&e).is_none());
    let no_spring = Limit {
        site: "santa_rosa".into(),
        ..limit
    };
    assert!(no_spring.outcome(&e).is_none());
}

/// An area limit on the whole basin's vegas or lagoons: each member's own run, made afresh here
/// (not read from the ensemble's stored series), against its own run without the project, year
/// by year; with no production nothing is lost, so every member keeps even 100 %.
#[test]
fn area_limits_compare_each_members_run_with_its_own_run_without_the_project() {
    use cuenca_model::negotiation::BASIN_SITE;
    let basin = Basin::default_basin();
    let s = scenario(30.0).with(LeverId::Production, 40_000.0);
    let spec = spec(8);
    let e = run_ensemble(&basin, &s, &spec).unwrap();
    let yearly =
        |v: &[f64]| -> Vec<f64> { v.chunks(12).map(|c| c.iter().sum::<f64>() / 12.0).collect() };
    let mut kept_somewhere = false;
    let mut broken_somewhere = false;
    for (kind, value) in [
        (LimitKind::VegaAreaAtLeastShare, 0.9),
        (LimitKind::VegaAreaAtLeastShare, 0.6),
        (LimitKind::LagoonAreaAtLeastShare, 0.8),
    ] {
        let limit = Limit {
            site: BASIN_SITE.into(),
            kind,
            value,
            until_year: 2044,
            confidence: 0.5,
        };
        let o = limit.outcome(&e).unwrap();
        let keeping = (0..8)
            .filter(|&k| {
                let r = cuenca_model::run(&basin, &e.member_scenario(k).unwrap()).unwrap();
                let (with, without) = match kind {
                    LimitKind::VegaAreaAtLeastShare => {
                        (&r.series.vega_area_ha, &r.series.baseline_vega_area_ha)
                    }
                    _ => (&r.series.lagoon_area_ha, &r.series.baseline_lagoon_area_ha),
                };
                let (w, n) = (yearly(with), yearly(without));
                (0..20).all(|y| w[y] >= value * n[y])
            })
            .count();
        assert_eq!(
            (o.members_keeping, o.members),
            (keeping, 8),
            "{kind:?} {value}"
        );
        kept_somewhere |= keeping > 0;
        broken_somewhere |= keeping < 8;
    }
    // The cases are not all one-sided: some member keeps a limit and some member breaks one.
    assert!(kept_somewhere && broken_somewhere);
    let none = run_ensemble(&basin, &s.clone().with(LeverId::Production, 0.0), &spec).unwrap();
    for kind in [
        LimitKind::VegaAreaAtLeastShare,
        LimitKind::LagoonAreaAtLeastShare,
    ] {
        let all = Limit {
            site: BASIN_SITE.into(),
            kind,
            value: 1.0,
            until_year: 2054,
            confidence: 1.0,
        };
        assert_eq!(all.outcome(&none).unwrap().members_keeping, 8, "{kind:?}");
        // An area limit on one site cannot be read: the areas are the basin's.
        let on_a_site = Limit {
            site: "vega_santa_rosa".into(),
            ..all
        };
        assert!(on_a_site.outcome(&none).is_none());
    }
}

/// A spring's floor, month by month: read here from the flows the ensemble stored with the
/// project and from runs made afresh without production (not rebuilt from the drawdown): a month
/// breaks the floor when the spring runs below it with the project but not without. With no
/// production nothing breaks it.
#[test]
fn a_spring_floor_is_broken_only_by_months_the_project_takes_below_it() {
    let basin = Basin::default_basin();
    let s = scenario(30.0).with(LeverId::Production, 30_000.0);
    let spec = spec(8);
    let e = run_ensemble(&basin, &s, &spec).unwrap();
    let natural = run_ensemble(&basin, &s.clone().with(LeverId::Production, 0.0), &spec).unwrap();
    let mut some_kept = false;
    let mut some_broken = false;
    for (site, floor) in [
        ("vertientes_este", 0.0),
        ("vertientes_este", 2.0),
        ("vertientes_norte", 1.0),
    ] {
        let limit = Limit {
            site: site.into(),
            kind: LimitKind::SpringFlowFloorLPerS,
            value: floor,
            until_year: 2054,
            confidence: 0.5,
        };
        let o = limit.outcome(&e).unwrap();
        let f = f64::max(floor, 1e-3);
        let keeping = (0..8)
            .filter(|&k| {
                let with = e
                    .member_series(k, Quantity::SiteSpringFlowLPerS, Some(site))
                    .unwrap();
                let without = natural
                    .member_series(k, Quantity::SiteSpringFlowLPerS, Some(site))
                    .unwrap();
                !(0..30 * 12).any(|m| f64::from(with[m]) < f && f64::from(without[m]) >= f)
            })
            .count();
        assert_eq!(
            (o.members_keeping, o.members),
            (keeping, 8),
            "{site} {floor} L/s"
        );
        some_kept |= keeping > 0;
        some_broken |= keeping < 8;
        let none = limit.outcome(&natural).unwrap();
        assert_eq!(
            none.members_keeping, 8,
            "{site}: without production nothing breaks it"
        );
    }
    assert!(some_kept && some_broken, "the cases are one-sided");
    // A floor where there is no spring cannot be read.
    let no_spring = Limit {
        site: "santa_rosa".into(),
        kind: LimitKind::SpringFlowFloorLPerS,
        value: 1.0,
        until_year: 2054,
        confidence: 0.9,
    };
    assert!(no_spring.outcome(&e).is_none());
}

/// A spring that must flow half again what it would without the project: no production keeps
/// it, and the envelope says so rather than returning the lever's minimum as if it worked.
#[test]
fn a_limit_no_production_can_meet_gives_zero_and_says_so() {
    let basin = Basin::default_basin();
    let impossible = Limit {
        site: "vertientes_este".into(),
        kind: LimitKind::SpringFlowAtLeastShare,
        value: 1.5,
        until_year: 2040,
        confidence: 0.5,
    };
    let env = envelope(&basin, &scenario(20.0), &[impossible], &spec(4), 5_000.0).unwrap();
    assert!(env.unreachable && !env.unbounded);
    assert_eq!(env.max_production_t_per_yr, 0.0);
    assert!(env.steps.iter().all(|s| !s.all_kept));
    assert_eq!(env.steps[0].production_t_per_yr, 0.0);
    // Only a member whose spring would be dry every year anyway could keep it.
    assert!(env.steps[0].outcomes[0].members_keeping < 4);
}

/// A limit no plan can break (a kilometre of drawdown) holds over the whole lever range.
#[test]
fn a_limit_everything_meets_leaves_the_whole_range() {
    let basin = Basin::default_basin();
    let env = envelope(
        &basin,
        &scenario(20.0),
        &[drawdown("vega_santa_rosa", 1000.0, 2044, 0.9)],
        &spec(4),
        5_000.0,
    )
    .unwrap();
    assert!(env.unbounded && !env.unreachable && env.monotone_on_grid);
    assert_eq!(env.max_production_t_per_yr, LeverId::Production.spec().max);
}

/// Loosening a limit (more drawdown allowed, or fewer runs required) never lowers the envelope;
/// the edge found keeps the limits and the next production tried above it does not.
#[test]
fn loosening_a_limit_never_lowers_the_envelope() {
    let basin = Basin::default_basin();
    let s = scenario(25.0);
    let at = |m: f64, confidence: f64| {
        envelope(
            &basin,
            &s,
            &[drawdown("vega_santa_rosa", m, 2049, confidence)],
            &spec(5),
            4_000.0,
        )
        .unwrap()
    };
    let strict = at(0.5, 0.9);
    let loose = at(2.0, 0.9);
    let lenient = at(0.5, 0.6);
    for env in [&strict, &loose, &lenient] {
        assert!(env.monotone_on_grid);
        assert!(!env.unreachable && !env.unbounded, "{env:?}");
        assert!(env.tolerance_t_per_yr <= 4_000.0);
        // The edge: kept at the answer, broken within the tolerance above it.
        let kept_at = env
            .steps
            .iter()
            .find(|st| st.production_t_per_yr == env.max_production_t_per_yr)
            .expect("the answer was tried");
        assert!(kept_at.all_kept);
        let above = env.max_production_t_per_yr + env.tolerance_t_per_yr;
        let broken = env
            .steps
            .iter()
            .find(|st| st.production_t_per_yr == above)
            .expect("the bracket's top was tried");
        assert!(!broken.all_kept);
    }
    assert!(loose.max_production_t_per_yr >= strict.max_production_t_per_yr);
    assert!(lenient.max_production_t_per_yr >= strict.max_production_t_per_yr);
    println!(
        "envelope fs2019 (5 members, to 2049): 0.5 m in 9/10 → {:.0} t/yr; 2.0 m → {:.0}; 0.5 m in 6/10 → {:.0}",
        strict.max_production_t_per_yr, loose.max_production_t_per_yr, lenient.max_production_t_per_yr
    );
}

/// The search's two savings (each member's baseline kept across productions, and a production
/// judged as soon as the members left cannot change the verdict) change nothing: at every
/// production it tried, the full ensemble, run afresh, gives the same verdict, and each count
/// it reports is the full ensemble's bound (no more members keeping than the full run has).
#[test]
fn the_search_judges_each_production_as_the_full_ensemble_does() {
    let basin = Basin::default_basin();
    let s = scenario(25.0);
    let limits = [
        drawdown("vega_santa_rosa", 0.5, 2049, 0.8),
        Limit {
            site: "vertientes_este".into(),
            kind: LimitKind::SpringFlowAtLeastShare,
            value: 0.9,
            until_year: 2049,
            confidence: 0.8,
        },
    ];
    let spec = spec(10);
    let env = envelope(&basin, &s, &limits, &spec, 8_000.0).unwrap();
    assert_eq!(env.members, 10);
    assert_eq!(
        env.member_runs,
        env.steps.iter().map(|st| st.members_run).sum::<usize>()
    );
    assert!(
        env.member_runs < 10 * env.steps.len(),
        "nothing saved: {env:?}"
    );
    for st in &env.steps {
        let full = run_ensemble(
            &basin,
            &s.clone().with(LeverId::Production, st.production_t_per_yr),
            &spec,
        )
        .unwrap();
        let outcomes: Vec<_> = limits.iter().map(|l| l.outcome(&full).unwrap()).collect();
        let all_kept = limits.iter().zip(&outcomes).all(|(l, o)| l.is_kept(o));
        assert_eq!(st.all_kept, all_kept, "{} t/yr", st.production_t_per_yr);
        for (partial, whole) in st.outcomes.iter().zip(&outcomes) {
            assert_eq!(partial.members, st.members_run);
            assert!(partial.members_keeping <= whole.members_keeping);
            assert!(
                st.members_run - partial.members_keeping <= whole.members - whole.members_keeping
            );
        }
    }
}

/// An interface limit: how far the project raises the brine under a site's fresh lens, read here
/// from each member's run made afresh with the project and again without production (the
/// interfaces' difference, not the run's own rise series), year by year. With no production the
/// brine does not move, so every member keeps even 0 m; a site without a lens cannot be read.
#[test]
fn an_interface_limit_compares_each_members_interface_with_its_run_without_production() {
    let basin = Basin::default_basin();
    // Direct extraction with reinjection and fresh water from the east fan: the wells there
    // draw its lens down, and the brine under it rises.
    let s = scenario(30.0)
        .with(LeverId::Production, 40_000.0)
        .with(LeverId::DleShare, 100.0)
        .with(LeverId::Reinjection, 95.0)
        .with(LeverId::FreshSource, 1.0);
    let spec = spec(8);
    let e = run_ensemble(&basin, &s, &spec).unwrap();
    let yearly =
        |v: &[f64]| -> Vec<f64> { v.chunks(12).map(|c| c.iter().sum::<f64>() / 12.0).collect() };
    let rises: Vec<Vec<(&str, Vec<f64>)>> = (0..8)
        .map(|k| {
            let member = e.member_scenario(k).unwrap();
            let with = cuenca_model::run(&basin, &member).unwrap();
            let without =
                cuenca_model::run(&basin, &member.with(LeverId::Production, 0.0)).unwrap();
            ["vertientes_este", "vega_este", "laguna_este"]
                .into_iter()
                .map(|site| {
                    let (w, n) = (
                        yearly(&with.site(site).unwrap().interface_m),
                        yearly(&without.site(site).unwrap().interface_m),
                    );
                    (site, w.iter().zip(&n).map(|(w, n)| w - n).collect())
                })
                .collect()
        })
        .collect();
    let mut kept_somewhere = false;
    let mut broken_somewhere = false;
    for (j, (site, metres)) in [
        ("vertientes_este", 0.05),
        ("vega_este", 0.0),
        ("laguna_este", 0.0),
    ]
    .into_iter()
    .enumerate()
    {
        let limit = Limit {
            site: site.into(),
            kind: LimitKind::InterfaceRiseAtMostM,
            value: metres,
            until_year: 2044,
            confidence: 0.5,
        };
        let o = limit.outcome(&e).unwrap();
        let keeping = rises
            .iter()
            .filter(|member| (0..20).all(|y| member[j].1[y] <= metres))
            .count();
        assert_eq!(
            (o.members_keeping, o.members),
            (keeping, 8),
            "{site} {metres} m"
        );
        kept_somewhere |= keeping > 0;
        broken_somewhere |= keeping < 8;
    }
    assert!(
        kept_somewhere && broken_somewhere,
        "the cases are one-sided"
    );
    let none = run_ensemble(&basin, &s.clone().with(LeverId::Production, 0.0), &spec).unwrap();
    let at_zero = Limit {
        site: "vega_este".into(),
        kind: LimitKind::InterfaceRiseAtMostM,
        value: 0.0,
        until_year: 2054,
        confidence: 1.0,
    };
    assert_eq!(at_zero.outcome(&none).unwrap().members_keeping, 8);
    // The village's cell has no fresh lens on brine: nothing to follow there.
    let no_lens = Limit {
        site: "santa_rosa".into(),
        ..at_zero
    };
    assert!(no_lens.outcome(&none).is_none());
}
