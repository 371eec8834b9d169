//! Ensembles: bands around the deterministic run, members that reproduce their own runs, seeds
//! that reproduce bands bit for bit, monotone widening, closing balances, the sensitivity
//! estimator against functions with known Sobol indices, dates with ranges on synthetic member
//! sets.

use cuenca_model::uncertainty::dates::{DateRange, Threshold};
use cuenca_model::uncertainty::design::{latin_hypercube, Factor, FactorId};
use cuenca_model::uncertainty::ensemble::Quantity;
use cuenca_model::uncertainty::sensitivity::{bins_for, correlation_ratio, rank_factors};
use cuenca_model::uncertainty::summary::Band;
use cuenca_model::{
    presets, run, run_ensemble, Basin, EnsembleRunner, EnsembleSpec, IndicatorId, Lang, LeverId,
    Results, Scenario,
};

/// Monthly closure tolerance, as in `tests/balance.rs` (Newton stops at 1e-12 of throughput).
const CLOSURE_REL_TOL: f64 = 1e-9;
/// Members store series as f32: a deterministic value equal to a band edge may differ from it by
/// the f32 rounding (relative 6e-8); 1e-6 relative leaves margin and is far below any shown digit.
const F32_TOL: f64 = 1e-6;
/// Drawdowns and depths are shown to the cm: a deterministic head within half of that of a band
/// edge is inside the band as the page shows it. Needed by fs2019's Santa Rosa vega: its
/// drawdown is near zero and weather-driven, and one month of 600 sits 2 mm below P10
/// (0.0242 vs 0.0264 m) since recharge was fitted to the variable climate.
const HEAD_TOL_M: f64 = 0.005;

fn preset(id: &str) -> Scenario {
    presets::by_id(id).map(|p| p.scenario()).unwrap_or_default()
}

/// How far, relative to its value, the central run's lithium may lie outside the members' band.
const LITHIUM_BAND_REL_TOL: f64 = 1e-5;

fn short(id: &str, years: f64) -> Scenario {
    preset(id).with(LeverId::Years, years)
}

fn det_series(r: &Results, q: Quantity, site: Option<&str>) -> Option<Vec<f64>> {
    let s = site.and_then(|id| r.site(id));
    match q {
        Quantity::DrawdownM => s.map(|s| s.drawdown_m.clone()),
        Quantity::DepthToWaterM => s.map(|s| s.depth_to_water_m.clone()),
        Quantity::VegaAreaHa => Some(r.series.vega_area_ha.clone()),
        Quantity::LagoonAreaHa => Some(r.series.lagoon_area_ha.clone()),
        Quantity::SpringFlowLPerS => Some(r.series.spring_flow_l_per_s.clone()),
        Quantity::LithiumTLce => Some(r.series.lithium_t_lce.clone()),
        _ => None,
    }
}

/// Default parameters (all multipliers 1) lie at the centre of every log-uniform range and of
/// the uniform evaporation range, so the deterministic run should sit inside the P10–P90 band.
/// It does for every month of every stored series and for every indicator of both 2019 and 2025
/// plans: we assert "always" (within the f32 storage rounding, and for heads half the shown cm),
/// not a fraction. The same 100 members must each close their water balance to the tolerance of
/// `tests/balance.rs`.
#[test]
fn bands_contain_the_deterministic_run_and_every_member_closes_its_balance() {
    let basin = Basin::default_basin();
    for id in ["jv2025", "fs2019"] {
        let s = preset(id);
        let det = run(&basin, &s).unwrap();
        let e = run_ensemble(&basin, &s, &EnsembleSpec::default()).unwrap();
        assert_eq!(e.members.len(), 100);
        for (k, m) in e.members.iter().enumerate() {
            assert!(
                m.max_month_closure_relative <= CLOSURE_REL_TOL,
                "{id} member {k}: closure {:e}",
                m.max_month_closure_relative
            );
            assert_eq!(m.steps_not_converged, 0, "{id} member {k}");
        }
        let sum = e.summary();
        let mut checked = 0;
        for b in &sum.series {
            let Some(v) = det_series(&det, b.quantity, b.site.as_deref()) else {
                continue;
            };
            let head_tol = match b.quantity {
                Quantity::DrawdownM | Quantity::DepthToWaterM => HEAD_TOL_M,
                _ => 0.0,
            };
            // Lithium follows the production target while the wells can give it, so the members
            // agree to a few parts in 10⁵ and the central run may sit that far outside their
            // band (with lenses: 3,123.767 t against a P10 of 3,123.775 t, jv2025 month 85).
            let rel_tol = match b.quantity {
                Quantity::LithiumTLce => LITHIUM_BAND_REL_TOL,
                _ => F32_TOL,
            };
            for (m, &x) in v.iter().enumerate() {
                let tol = rel_tol * x.abs().max(1.0) + head_tol;
                assert!(
                    b.p10[m] - tol <= x && x <= b.p90[m] + tol,
                    "{id} {} month {m}: {x} outside [{}, {}]",
                    b.id,
                    b.p10[m],
                    b.p90[m]
                );
                checked += 1;
            }
        }
        assert!(checked > 10_000);
        let ind = &det.indicators;
        let mut pairs: Vec<(String, f64)> = Vec::new();
        for ix in IndicatorId::ALL {
            let keys: Vec<String> = if ix.per_site() {
                ind.sites
                    .iter()
                    .map(|s| format!("{}:{}", ix.key(), s.site))
                    .collect()
            } else {
                vec![ix.key().to_string()]
            };
            pairs.extend(keys.into_iter().zip(ix.values(ind)));
        }
        for (k, x) in pairs {
            let b = sum.indicator(&k).unwrap();
            let tol = 1e-9 * x.abs().max(1.0);
            assert!(
                b.p10 - tol <= x && x <= b.p90 + tol,
                "{id} {k}: {x} outside [{}, {}]",
                b.p10,
                b.p90
            );
        }
    }
}

/// Each member is an ordinary run of its own scenario: its drawdown (against a baseline with the
/// member's physics) and its crossing years equal those of `run` on the member's scenario.
#[test]
fn members_reproduce_their_own_runs_and_baselines() {
    let basin = Basin::default_basin();
    let s = short("jv2025", 12.0);
    let spec = EnsembleSpec {
        members: 6,
        ..EnsembleSpec::default()
    };
    let e = run_ensemble(&basin, &s, &spec).unwrap();
    for k in 0..e.members.len() {
        let ms = e.member_scenario(k).unwrap();
        assert_ne!(ms.get(LeverId::RechargeMult), 1.0);
        let r = run(&basin, &ms).unwrap();
        for (site, cell) in r.site_series() {
            let stored = e
                .member_series(k, Quantity::DrawdownM, Some(&site.id))
                .unwrap();
            for (m, (&a, &b)) in stored.iter().zip(&cell.drawdown_m).enumerate() {
                assert_eq!(a, b as f32, "member {k} {} month {m}", site.id);
            }
        }
        // Crossing years, against the indicator computed by the model for the same threshold.
        for si in &r.indicators.sites {
            let c = si.crossings.iter().find(|c| c.threshold_m == 0.5).unwrap();
            let one: Vec<Option<i32>> = vec![e
                .member_series(k, Quantity::DrawdownM, Some(&si.site))
                .unwrap()
                .iter()
                .position(|&d| d as f64 > 0.5)
                .map(|m| e.months[m].year)];
            assert_eq!(one[0], c.first_year, "member {k} {}", si.site);
        }
    }
}

#[test]
fn same_seed_same_bands_bit_for_bit_and_step_by_step_equals_one_shot() {
    let basin = Basin::default_basin();
    let s = short("jv2025", 10.0);
    let spec = EnsembleSpec {
        members: 8,
        seed: 42,
        ..EnsembleSpec::default()
    };
    let a = run_ensemble(&basin, &s, &spec).unwrap().summary();
    let mut runner = EnsembleRunner::new(basin.clone(), &s, spec.clone());
    let mut steps = 0;
    while runner.step().unwrap() {
        steps += 1;
        assert_eq!(runner.progress(), (steps, 8));
    }
    assert!(runner.is_done());
    assert!(!runner.step().unwrap());
    let b = runner.ensemble().summary();
    assert_eq!(a, b);
    assert_eq!(a.digest(), b.digest());
    let other = run_ensemble(
        &basin,
        &s,
        &EnsembleSpec {
            seed: 43,
            ..spec.clone()
        },
    )
    .unwrap()
    .summary();
    assert_ne!(a.digest(), other.digest());
    assert_ne!(a.series, other.series);
}

/// The design depends only on integer PCG arithmetic and `libm`, so these bit patterns are the
/// same on every platform; the physics is already bit-reproducible (`Results::digest`), hence so
/// are the bands. Pinned here so a wasm build of the same test must agree.
#[test]
fn the_design_is_pinned_bit_for_bit() {
    let spec = EnsembleSpec::default().with_climate_seed();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for row in spec.values() {
        for x in row {
            for b in x.to_bits().to_le_bytes() {
                h ^= b as u64;
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }
    assert_eq!(h, DESIGN_DIGEST, "design digest {h:#x}");
}

const DESIGN_DIGEST: u64 = 0xbb16_8437_6ab0_d7de;

/// Widening one factor's range about its centre, with the same seed and design, moves every
/// member outward along the same quantile; for an output monotone in that factor the P90 member
/// (u ≈ 0.9 > ½) goes up and the P10 member goes down, so the band can only widen. Checked on
/// the model (natural basin, recharge only: mean recharge and spring flow rise with recharge,
/// verified first) and on monotone functions for several ensemble sizes.
#[test]
fn widening_a_range_never_narrows_a_monotone_band() {
    let basin = Basin::default_basin();
    let s = short("natural", 10.0);
    let wide = EnsembleSpec {
        members: 20,
        seed: 3,
        factors: vec![Factor::default_for(FactorId::Recharge)],
    };
    let narrow = EnsembleSpec {
        factors: vec![wide.factors[0].narrowed(0.5)],
        ..wide.clone()
    };
    assert_eq!(wide.design(), narrow.design());
    let ew = run_ensemble(&basin, &s, &wide).unwrap();
    let en = run_ensemble(&basin, &s, &narrow).unwrap();
    // Precondition: the outputs are monotone in the factor across the members.
    let mut order: Vec<usize> = (0..20).collect();
    order.sort_by(|&a, &b| ew.members[a].factors[0].total_cmp(&ew.members[b].factors[0]));
    let flow = |e: &cuenca_model::Ensemble, k: usize| {
        e.member_series(k, Quantity::SpringFlowLPerS, None)
            .unwrap()
            .to_vec()
    };
    for w in order.windows(2) {
        let (a, b) = (flow(&ew, w[0]), flow(&ew, w[1]));
        assert!(
            a.iter().zip(&b).all(|(x, y)| x <= y),
            "spring flow monotone"
        );
    }
    let (sw, sn) = (ew.summary(), en.summary());
    let (bw, bn) = (
        sw.series("spring_flow_l_per_s").unwrap(),
        sn.series("spring_flow_l_per_s").unwrap(),
    );
    for m in 0..bw.p10.len() {
        assert!(
            bw.p90[m] >= bn.p90[m] && bw.p10[m] <= bn.p10[m],
            "month {m}"
        );
    }
    let id = "mean_recharge_l_per_s";
    let (iw, inn) = (sw.indicator(id).unwrap(), sn.indicator(id).unwrap());
    assert!(iw.p90 > inn.p90 && iw.p10 < inn.p10, "{id}");
    // Pure functions: any increasing g, sizes 5..200, several narrowing fractions.
    for n in [5usize, 7, 10, 33, 100, 200] {
        for frac in [0.1, 0.5, 0.9] {
            let w = Factor::default_for(FactorId::Conductivity);
            let nr = w.narrowed(frac);
            let d = latin_hypercube(n, 1, n as u64);
            for g in [
                (|x: f64| x) as fn(f64) -> f64,
                |x: f64| x * x * x,
                |x: f64| libm::log(x),
                |x: f64| 1.0 - libm::exp(-x),
            ] {
                let mut yw: Vec<f64> = d.iter().map(|r| g(w.value_at(r[0]))).collect();
                let mut yn: Vec<f64> = d.iter().map(|r| g(nr.value_at(r[0]))).collect();
                let (a, b) = (Band::of(&mut yw), Band::of(&mut yn));
                assert!(a.p90 >= b.p90 && a.p10 <= b.p10, "n {n} frac {frac}");
            }
        }
    }
}

/// Sobol first-order indices of y = 10·x₁ (+ four dummies): S₁ = 1, the rest 0. Binning keeps
/// 1 − 1/B² = 96 % of a linear effect's variance, so ε²₁ ≈ 0.96. A dummy's ε² is pure noise
/// (sd ≈ 0.03 at 100 members, heavier-tailed than the Beta approximation of the noise floor):
/// over 50 seeds × 4 dummies a few pass the floor, with at most ~0.15, so every single share of
/// x₁ stays above 0.8 and the mean share above 0.95.
#[test]
fn sensitivity_recovers_a_single_driver() {
    // The estimator on five factors (the advanced ones before the interface factor).
    let ids = &FactorId::ADVANCED[..5];
    let mut mean_share = 0.0;
    for seed in 0..50 {
        let x = latin_hypercube(100, 5, seed);
        let y: Vec<f64> = x.iter().map(|r| 10.0 * r[0] + 0.0 * r[1]).collect();
        let (_, ranking, _) = rank_factors(ids, &x, &y);
        assert_eq!(ranking[0].factor, ids[0], "seed {seed}");
        assert!(ranking[0].first_order > 0.94, "seed {seed}: {ranking:?}");
        assert!(ranking[0].share > 0.8, "seed {seed}: {ranking:?}");
        assert!(
            ranking[1..].iter().all(|r| r.first_order < 0.15),
            "seed {seed}"
        );
        mean_share += ranking[0].share / 50.0;
    }
    assert!(mean_share > 0.95, "mean share {mean_share}");
}

/// y = x₁ + 2x₂ with x uniform on [0, 1] (three dummies): Var = 1/12 + 4/12, so S₁ = 0.2 and
/// S₂ = 0.8; with B = 5 bins the estimator targets S·(1 − 1/B²) = 0.192 and 0.768. Over 400
/// seeds the single-ensemble spread (sd) was 0.064 for S₁ and 0.023 for S₂ at 100 members, so
/// the mean over 50 seeds has sd 0.009 and 0.003: tolerances 0.03 and 0.015 are > 3 sd. Each
/// single estimate must be within 4 sd.
#[test]
fn sensitivity_recovers_known_variance_shares() {
    // The estimator on five factors (the advanced ones before the interface factor).
    let ids = &FactorId::ADVANCED[..5];
    assert_eq!(bins_for(100), 5);
    let (mut s1, mut s2, mut sh2) = (0.0, 0.0, 0.0);
    let seeds = 50;
    for seed in 0..seeds {
        let x = latin_hypercube(100, 5, 1000 + seed);
        let y: Vec<f64> = x.iter().map(|r| r[0] + 2.0 * r[1]).collect();
        let col = |j: usize| x.iter().map(|r| r[j]).collect::<Vec<f64>>();
        let a = correlation_ratio(&col(0), &y, 5);
        let b = correlation_ratio(&col(1), &y, 5);
        assert!((a - 0.192).abs() < 4.0 * 0.064, "seed {seed}: S1 {a}");
        assert!((b - 0.768).abs() < 4.0 * 0.023, "seed {seed}: S2 {b}");
        let (_, ranking, _) = rank_factors(ids, &x, &y);
        assert_eq!(ranking[0].factor, ids[1]);
        s1 += a;
        s2 += b;
        sh2 += ranking[0].share;
    }
    let n = seeds as f64;
    assert!((s1 / n - 0.192).abs() < 0.03, "mean S1 {}", s1 / n);
    assert!((s2 / n - 0.768).abs() < 0.015, "mean S2 {}", s2 / n);
    assert!((sh2 / n - 0.8).abs() < 0.05, "mean share of x2 {}", sh2 / n);
}

/// On the model: mean recharge depends on the recharge multiplier alone (recharge generated =
/// recharge law × multiplier), so "what to measure" for it must be recharge, at ~100 %.
#[test]
fn sensitivity_on_the_model_finds_recharge_as_the_driver_of_recharge() {
    let basin = Basin::default_basin();
    let spec = EnsembleSpec {
        members: 40,
        ..EnsembleSpec::default()
    };
    let e = run_ensemble(&basin, &short("natural", 5.0), &spec).unwrap();
    let sens = e.sensitivity();
    let r = sens
        .iter()
        .find(|s| s.indicator == "mean_recharge_l_per_s")
        .unwrap();
    assert_eq!(r.ranking[0].factor, FactorId::Recharge);
    assert!(r.ranking[0].share > 0.9, "{r:?}");
    // Natural basin: no drawdown anywhere, nothing to rank.
    let d = sens
        .iter()
        .find(|s| s.indicator == "max_drawdown_m:vega_santa_rosa")
        .unwrap();
    assert_eq!(d.variance, 0.0);
    assert!(d.ranking.iter().all(|f| f.share == 0.0));
}

#[test]
fn dates_with_ranges_on_synthetic_members() {
    // 100 members crossing 2030…2039, ten each: P10 = 10th = 2030, P50 = 50th = 2034,
    // P90 = 90th = 2038.
    let years: Vec<Option<i32>> = (0..100).map(|k| Some(2030 + k / 10)).collect();
    let r = DateRange::from_first_years(&years, 2074);
    assert_eq!(
        (r.earliest, r.likely, r.latest),
        (Some(2030), Some(2034), Some(2038))
    );
    // 50 cross (likely is the 50th: a year), 49 cross (likely: not within the horizon).
    let fifty: Vec<Option<i32>> = (0..100).map(|k| (k < 50).then_some(2040 + k / 5)).collect();
    let r50 = DateRange::from_first_years(&fifty, 2074);
    assert_eq!(r50.likely, Some(2049));
    assert_eq!(r50.earliest, Some(2041));
    assert_eq!(r50.latest, None);
    let forty_nine: Vec<Option<i32>> = (0..100).map(|k| (k < 49).then_some(2040)).collect();
    let r49 = DateRange::from_first_years(&forty_nine, 2074);
    assert_eq!(
        (r49.earliest, r49.likely, r49.latest),
        (Some(2040), None, None)
    );
    // 90 cross: latest exists; 89: it does not. Order of members does not matter.
    let mut ninety: Vec<Option<i32>> = (0..100).map(|k| (k < 90).then_some(2030 + k)).collect();
    ninety.reverse();
    assert_eq!(
        DateRange::from_first_years(&ninety, 2130).latest,
        Some(2119)
    );
    let eighty_nine: Vec<Option<i32>> = (0..100).map(|k| (k < 89).then_some(2030)).collect();
    assert_eq!(DateRange::from_first_years(&eighty_nine, 2074).latest, None);
    let none = DateRange::from_first_years(&[None; 100], 2074);
    assert_eq!((none.earliest, none.members_crossing), (None, 0));
    // Sentences.
    let site = |range: DateRange, t: Threshold| cuenca_model::SiteDateRange {
        site: "vega_santa_rosa".into(),
        name_es: "Vega de Santa Rosa".into(),
        name_en: "Vega de Santa Rosa".into(),
        kind: "vega".into(),
        threshold: t,
        range,
        left_out: 0,
    };
    let t = Threshold::DrawdownAboveM(0.5);
    assert_eq!(
        site(r, t).sentence(Lang::Es),
        "Con este escenario, la napa en Vega de Santa Rosa baja más de 0,5 m entre 2030 y 2038 (lo más probable, 2034)."
    );
    assert_eq!(
        site(r, t).sentence(Lang::En),
        "With this scenario, the water table at Vega de Santa Rosa drops more than 0.5 m between 2030 and 2038 (most likely 2034)."
    );
    let es49 = site(r49, t).sentence(Lang::Es);
    assert!(
        es49.contains("en la mayoría de los casos la napa en Vega de Santa Rosa no baja más de 0,5 m antes de fin de 2074"),
        "{es49}"
    );
    assert!(site(none, t)
        .sentence(Lang::En)
        .contains("before the end of 2074 in any of the 100 cases"));
    let flow = site(r50, Threshold::SpringFlowBelowLPerS(12.0)).sentence(Lang::Es);
    assert!(
        flow.contains("baja de 12 L/s desde 2041 (lo más probable, 2049); en algunos casos"),
        "{flow}"
    );
    // Clearance: the roots of a vega, the screens of a wellfield, and the members left out.
    let roots = site(r, Threshold::BrackishWaterReaches);
    assert_eq!(
        roots.sentence(Lang::En),
        "With this scenario, brackish water reaches the roots of Vega de Santa Rosa between 2030 and 2038 (most likely 2034)."
    );
    let screens = cuenca_model::SiteDateRange {
        kind: "fresh_wellfield".into(),
        left_out: 7,
        ..site(none, Threshold::BrackishWaterReaches)
    };
    assert_eq!(
        screens.sentence(Lang::Es),
        "Con este escenario, el agua salobre no llega a los filtros de Vega de Santa Rosa antes de fin de 2074 en ninguno de los 100 casos. Se dejan fuera 7 de 107 casos: su zona de mezcla es demasiado ancha para lo que hoy es agua dulce."
    );
}

/// The ensemble's dates of brackish water at a wellfield's screens are its members' own: each
/// member run again alone gives the first contact year the range was built from, and a member
/// whose clearance is already gone before development is left out, not dated.
#[test]
fn clearance_dates_are_the_members_first_contacts() {
    let basin = Basin::default_basin();
    let s = Scenario::default()
        .with(LeverId::Production, 50_000.0)
        .with(LeverId::DleShare, 100.0)
        .with(LeverId::Reinjection, 98.0)
        .with(LeverId::FreshPerTonneDle, 300.0)
        .with(LeverId::Years, 25.0);
    let spec = EnsembleSpec {
        members: 8,
        ..EnsembleSpec::default()
    };
    let e = run_ensemble(&basin, &s, &spec).unwrap();
    let field = "pozos_agua_dulce";
    assert!(e.site(field).unwrap().has_clearance());
    let d = e
        .date_range(field, Threshold::BrackishWaterReaches)
        .unwrap();
    let mut years = Vec::new();
    let mut left_out = 0;
    for k in 0..e.members.len() {
        let r = run(&basin, &e.member_scenario(k).unwrap()).unwrap();
        let c = r.indicators.sites.iter().find(|x| x.site == field).unwrap();
        let c = c.clearance.as_ref().unwrap();
        assert_eq!(e.member_initial_clearance_m(k, field), Some(c.initial_m));
        if c.contact_at_start {
            left_out += 1;
        } else {
            years.push(c.first_contact_year);
        }
    }
    assert_eq!(d.left_out, left_out);
    let last = e.months.last().unwrap().year;
    assert_eq!(d.range, DateRange::from_first_years(&years, last));
    assert!(d.range.members_crossing > 0, "{d:?}");
    // A site without a lens has no clearance to date.
    assert!(e
        .date_range("santa_rosa", Threshold::BrackishWaterReaches)
        .is_none());
}

/// Member counts that are not multiples of ten, where `p·n/100` is not a whole number: the
/// quantile is the `⌈p·n/100⌉`-th smallest first year (never = after every year). Hand order
/// statistics: n = 7 gives the 1st, 4th and 7th (⌈0.7⌉, ⌈3.5⌉, ⌈6.3⌉); n = 13 the 2nd, 7th and
/// 12th (⌈1.3⌉, ⌈6.5⌉, ⌈11.7⌉). Rounding down would give the 1st/3rd/6th and 1st/6th/11th.
#[test]
fn dates_with_ranges_for_member_counts_that_are_not_multiples_of_ten() {
    // Seven members crossing in 2031…2037, given out of order.
    let seven: Vec<Option<i32>> = [2035, 2031, 2037, 2033, 2032, 2036, 2034]
        .iter()
        .map(|&y| Some(y))
        .collect();
    let r = DateRange::from_first_years(&seven, 2074);
    assert_eq!(
        (r.earliest, r.likely, r.latest),
        (Some(2031), Some(2034), Some(2037))
    );
    assert_eq!((r.members_crossing, r.members), (7, 7));
    // One of the seven never crosses: the 7th smallest is "never", the 4th is still a year.
    let mut six = seven.clone();
    six[2] = None; // 2037
    let r = DateRange::from_first_years(&six, 2074);
    assert_eq!(
        (r.earliest, r.likely, r.latest),
        (Some(2031), Some(2034), None)
    );
    // Only three of seven cross: the 4th smallest is "never".
    let three: Vec<Option<i32>> = (0..7).map(|k| (k < 3).then_some(2040 + k)).collect();
    let r = DateRange::from_first_years(&three, 2074);
    assert_eq!((r.earliest, r.likely, r.latest), (Some(2040), None, None));
    // Thirteen members crossing in 2040…2052, reversed.
    let thirteen: Vec<Option<i32>> = (0..13).rev().map(|k| Some(2040 + k)).collect();
    let r = DateRange::from_first_years(&thirteen, 2074);
    assert_eq!(
        (r.earliest, r.likely, r.latest),
        (Some(2041), Some(2046), Some(2051))
    );
    // Twelve of thirteen cross: the 12th smallest is the last year that crossed; eleven: never.
    let twelve: Vec<Option<i32>> = (0..13).map(|k| (k < 12).then_some(2040 + k)).collect();
    let r = DateRange::from_first_years(&twelve, 2074);
    assert_eq!(
        (r.earliest, r.likely, r.latest),
        (Some(2041), Some(2046), Some(2051))
    );
    let eleven: Vec<Option<i32>> = (0..13).map(|k| (k < 11).then_some(2040 + k)).collect();
    let r = DateRange::from_first_years(&eleven, 2074);
    assert_eq!(
        (r.earliest, r.likely, r.latest),
        (Some(2041), Some(2046), None)
    );
    // Six of thirteen cross: the 7th smallest is "never".
    let six_of_13: Vec<Option<i32>> = (0..13).map(|k| (k < 6).then_some(2040 + k)).collect();
    assert_eq!(DateRange::from_first_years(&six_of_13, 2074).likely, None);
    // One member: every quantile is its year.
    let one = DateRange::from_first_years(&[Some(2050)], 2074);
    assert_eq!(
        (one.earliest, one.likely, one.latest),
        (Some(2050), Some(2050), Some(2050))
    );
}

#[test]
fn dates_on_an_ensemble_match_member_series_and_refuse_what_does_not_apply() {
    let basin = Basin::default_basin();
    let spec = EnsembleSpec {
        members: 10,
        ..EnsembleSpec::default()
    };
    let e = run_ensemble(&basin, &short("fs2019", 30.0), &spec).unwrap();
    let d = e
        .date_range("vega_santa_rosa", Threshold::DrawdownAboveM(0.1))
        .unwrap();
    let years: Vec<Option<i32>> = (0..10)
        .map(|k| {
            e.member_series(k, Quantity::DrawdownM, Some("vega_santa_rosa"))
                .unwrap()
                .iter()
                .position(|&x| x as f64 > 0.1)
                .map(|m| e.months[m].year)
        })
        .collect();
    assert_eq!(d.range, DateRange::from_first_years(&years, 2054));
    assert!(e
        .date_range("vega_santa_rosa", Threshold::SpringFlowBelowLPerS(1.0))
        .is_none());
    assert!(e
        .date_range("vertientes_norte", Threshold::SpringFlowBelowLPerS(1.0))
        .is_some());
    assert!(e
        .date_range("nowhere", Threshold::DrawdownAboveM(0.1))
        .is_none());
}

/// A vega's roots lose the water table in the first month its depth exceeds the root zone
/// (3 m), member by member; members where it is already below the roots in the first month are
/// left out and counted; sites that are not vegas have no root zone.
#[test]
fn leaving_the_root_zone_is_dated_member_by_member() {
    let basin = Basin::default_basin();
    let spec = EnsembleSpec {
        members: 12,
        ..EnsembleSpec::default()
    };
    let e = run_ensemble(&basin, &short("jv2025", 30.0), &spec).unwrap();
    let site = "vega_este";
    let d = e.date_range(site, Threshold::LeavesRootZone).unwrap();
    let mut years = Vec::new();
    let mut left_out = 0;
    for k in 0..12 {
        let depth = e
            .member_series(k, Quantity::DepthToWaterM, Some(site))
            .unwrap();
        if depth[0] as f64 > 3.0 {
            left_out += 1;
            continue;
        }
        years.push(
            depth
                .iter()
                .position(|&x| x as f64 > 3.0)
                .map(|m| e.months[m].year),
        );
    }
    assert_eq!(d.left_out, left_out);
    assert_eq!(d.range, DateRange::from_first_years(&years, 2054));
    // jv2025 takes the east vega's roots' water in most members within 30 years.
    assert!(
        d.range.members_crossing * 2 > d.range.members,
        "{:?}",
        d.range
    );
    let es = d.sentence(Lang::Es);
    assert!(
        es.contains(
            "la napa en Vega del borde este sale de la zona de raíces (más de 3,0 m bajo el suelo)"
        ),
        "{es}"
    );
    for other in ["santa_rosa", "laguna_norte", "vertientes_norte"] {
        assert!(
            e.date_range(other, Threshold::LeavesRootZone).is_none(),
            "{other}"
        );
    }
}

/// A spring is said to dry up only when it does not flow at the end in most members (more than
/// half), and then as a range of years; otherwise the sentence gives its flow's range. Synthetic
/// member sets on both sides of the half.
#[test]
fn springs_dry_up_only_in_most_members_and_then_as_a_range_of_years() {
    use cuenca_model::SpringOutlook;
    let stops = |years: &[Option<i32>]| cuenca_model::SiteDateRange {
        site: "vertientes_norte".into(),
        name_es: "Vertientes del abanico norte".into(),
        name_en: "North fan springs".into(),
        kind: "spring".into(),
        threshold: Threshold::SpringStops,
        range: DateRange::from_first_years(years, 2074),
        left_out: 0,
    };
    let outlook = |stopped: usize, years: &[Option<i32>]| SpringOutlook {
        site: "vertientes_norte".into(),
        name_es: "Vertientes del abanico norte".into(),
        name_en: "North fan springs".into(),
        members: 10,
        members_stopped_at_end: stopped,
        last_decade_flow_l_per_s: Band {
            p10: 0.0,
            p50: 3.2,
            p90: 11.6,
        },
        last_decade_years: (2065, 2074),
        stops: stops(years),
    };
    // Four of ten stop (five is not "most" either): the flow's range, no drying up.
    let four: Vec<Option<i32>> = (0..10).map(|k| (k < 4).then_some(2040 + k)).collect();
    for stopped in [4, 5] {
        let o = outlook(stopped, &four);
        assert!(!o.stops_in_most());
        let (es, en) = (o.sentence(Lang::Es), o.sentence(Lang::En));
        assert_eq!(es, format!("Con este escenario, el caudal de Vertientes del abanico norte en 2065–2074 es de entre menos de 0,1 L/s y 12 L/s (lo más probable, 3 L/s). En {stopped} de los 10 casos no brota agua en 2074."));
        assert_eq!(en, format!("With this scenario, the flow of North fan springs in 2065–2074 is between under 0.1 L/s and 12 L/s (most likely 3 L/s). In {stopped} of the 10 cases no water flows in 2074."));
        for s in [&es, &en] {
            assert!(
                !s.contains("100 %")
                    && !s.contains("deja de brotar")
                    && !s.contains("stop flowing"),
                "{s}"
            );
        }
    }
    // Six of ten do not flow at the end, all ten stopped at some time: a range of years.
    let all: Vec<Option<i32>> = (0..10).map(|k| Some(2041 + k + k / 9 * 2)).collect();
    let o = outlook(6, &all);
    assert!(o.stops_in_most());
    assert_eq!(o.sentence(Lang::Es), "Con este escenario, la napa baja por debajo de la salida de Vertientes del abanico norte y el agua deja de brotar entre 2041 y 2049 (lo más probable, 2045). En 6 de los 10 casos no brota agua en 2074.");
    assert_eq!(o.sentence(Lang::En), "With this scenario, the water table falls below the outlet of North fan springs and the springs stop flowing between 2041 and 2049 (most likely 2045). In 6 of the 10 cases no water flows in 2074.");
}

/// The ensemble's spring outlook is its members' own: each member run again alone gives the
/// stop year the range is built from and whether its spring flows at the end; "dries up" is
/// said exactly when more than half do not.
#[test]
fn spring_outlooks_are_the_members_own_spring_lines() {
    let basin = Basin::default_basin();
    let s = short("fs2019", 30.0);
    let spec = EnsembleSpec {
        members: 8,
        ..EnsembleSpec::default()
    };
    let e = run_ensemble(&basin, &s, &spec).unwrap();
    let outlooks = e.spring_outlooks();
    assert_eq!(outlooks.len(), 2);
    let runs: Vec<Results> = (0..e.members.len())
        .map(|k| run(&basin, &e.member_scenario(k).unwrap()).unwrap())
        .collect();
    let last = e.months.last().unwrap().year;
    for o in &outlooks {
        let line = |r: &Results| {
            r.indicators
                .spring_lines
                .iter()
                .find(|l| l.site.as_deref() == Some(o.site.as_str()))
                .cloned()
                .unwrap()
        };
        // Members whose spring is dry before development are left out, not dated.
        let (lines, dry): (Vec<_>, Vec<_>) = runs
            .iter()
            .map(line)
            .partition(|l| l.initial_head_above_outlet_m > 0.0);
        assert_eq!(o.stops.left_out, dry.len(), "{}", o.site);
        assert_eq!(o.members, lines.len());
        let years: Vec<Option<i32>> = lines.iter().map(|l| l.stops_year).collect();
        assert_eq!(
            o.stops.range,
            DateRange::from_first_years(&years, last),
            "{}",
            o.site
        );
        let stopped = lines.iter().filter(|l| !l.flows_at_end).count();
        assert_eq!(o.members_stopped_at_end, stopped, "{}", o.site);
        let mut flows: Vec<f64> = lines.iter().map(|l| l.last_decade_flow_l_per_s).collect();
        let band = Band::of(&mut flows);
        for (a, b) in [
            (o.last_decade_flow_l_per_s.p10, band.p10),
            (o.last_decade_flow_l_per_s.p50, band.p50),
            (o.last_decade_flow_l_per_s.p90, band.p90),
        ] {
            assert!(
                (a - b).abs() <= 1e-5 * b.abs().max(1.0),
                "{}: {a} vs {b}",
                o.site
            );
        }
        let es = o.sentence(Lang::Es);
        assert_eq!(
            es.contains("deja de brotar"),
            2 * stopped > o.members,
            "{es}"
        );
        println!(
            "{}: {stopped} of {} stopped, {} left out; {es}",
            o.site,
            o.members,
            dry.len()
        );
    }
}

/// What to measure next lists every quantity a reading can carry: the basin's vega and lagoon
/// areas, and each brine wellfield's grade from the first month its wells pump, which is the
/// plan's start year (the `start` lever, January) and not the run's first month (no grade can be
/// sampled before). Those candidates are ranked like the others, and said so in plain words.
#[test]
fn measure_next_offers_basin_areas_and_the_pumped_grade_from_the_first_pumping_month() {
    use cuenca_model::observations::{ObservedQuantity, BASIN_SITE};
    let basin = Basin::default_basin();
    let s = preset("jv2025").with(LeverId::Years, 15.0);
    let start = s.get(LeverId::StartYear) as i32;
    assert!(start > basin.start_year, "the plan starts after the run");
    let spec = EnsembleSpec {
        members: 12,
        ..EnsembleSpec::default()
    }
    .for_scenario(&s);
    let e = run_ensemble(&basin, &s, &spec).unwrap();
    let candidates = e.measurement_candidates();
    let of = |q: ObservedQuantity| candidates.iter().filter(move |c| c.quantity == q);
    for q in [ObservedQuantity::VegaAreaHa, ObservedQuantity::LagoonAreaHa] {
        assert_eq!(
            of(q).count(),
            6,
            "{q:?}: monthly and yearly, 1, 2 and 5 years"
        );
        assert!(of(q).all(|c| c.site == BASIN_SITE && c.from.is_none()));
    }
    let wellfields: Vec<&str> = basin
        .sites
        .iter()
        .filter(|site| basin.cells[site.cell].brine_weight > 0.0)
        .map(|site| site.id.as_str())
        .collect();
    assert!(!wellfields.is_empty());
    let li: Vec<_> = of(ObservedQuantity::PumpedLiMgPerL).collect();
    assert_eq!(li.len(), 6 * wellfields.len());
    for c in &li {
        assert!(wellfields.contains(&c.site.as_str()), "{}", c.site);
        let from = c.from.expect("a first pumping month");
        assert_eq!((from.year, from.month), (start, 1), "{}", c.site);
    }

    let k = e.indicator_index("vega_area_lost_pct").unwrap();
    let values = e.measurement_values(k, &candidates);
    let kept = |q: ObservedQuantity| values.iter().filter(|v| v.candidate.quantity == q).count();
    assert!(kept(ObservedQuantity::VegaAreaHa) > 0);
    assert!(kept(ObservedQuantity::PumpedLiMgPerL) > 0);
    let label = cuenca_model::uncertainty::measurement_value::result_label(
        &basin,
        "vega_area_lost_pct",
        Lang::Es,
    );
    for v in &values {
        let es = v.sentence_in(&basin, &label, "%", Lang::Es);
        let en = v.sentence_in(&basin, &label, "%", Lang::En);
        match v.candidate.quantity {
            ObservedQuantity::VegaAreaHa => {
                assert!(
                    es.starts_with(
                        "Medir el área de vega verde (en imágenes satelitales) en toda la cuenca "
                    ),
                    "{es}"
                );
                assert!(
                    en.starts_with(
                        "Measuring the green vega area (on satellite images) over the whole basin "
                    ),
                    "{en}"
                );
            }
            ObservedQuantity::PumpedLiMgPerL => {
                assert!(es.contains(&format!(" desde {start} durante ")), "{es}");
                assert!(en.contains(&format!(" from {start} for ")), "{en}");
            }
            _ => assert!(!es.contains(" desde "), "{es}"),
        }
    }
}

/// A result in one year is each member's mean over that calendar year, as the member's own
/// run gives it (`run` of its scenario, stored as f32): the basin's vega area and the drawdown
/// at a place. Years the run does not cover in full, unknown places, and a drawdown without a
/// place are not results.
#[test]
fn a_result_in_one_year_is_each_members_mean_over_that_year() {
    let basin = Basin::default_basin();
    let s = preset("fs2019").with(LeverId::Years, 12.0);
    let spec = EnsembleSpec {
        members: 4,
        ..EnsembleSpec::default()
    }
    .for_scenario(&s);
    let e = run_ensemble(&basin, &s, &spec).unwrap();
    let year = basin.start_year + 10;
    let (vega, unit) = e.result_values(&format!("vega_area_ha@{year}")).unwrap();
    assert_eq!(unit, "ha");
    let (drawdown, unit) = e
        .result_values(&format!("drawdown_m:vega_este@{year}"))
        .unwrap();
    assert_eq!(unit, "m");
    let cell = basin.site("vega_este").unwrap().cell;
    for k in 0..e.members.len() {
        let r = run(&basin, &e.member_scenario(k).unwrap()).unwrap();
        let in_year: Vec<usize> = (0..r.months.len())
            .filter(|&m| r.months[m].year == year)
            .collect();
        assert_eq!(in_year.len(), 12);
        let mean = |xs: &[f64]| in_year.iter().map(|&m| xs[m]).sum::<f64>() / 12.0;
        let want = mean(&r.series.vega_area_ha);
        assert!(
            (vega[k] - want).abs() <= F32_TOL * want.abs().max(1.0),
            "member {k}: {} vs {want}",
            vega[k]
        );
        let want = mean(&r.cells[cell].drawdown_m);
        assert!(
            (drawdown[k] - want).abs() <= 1e-5,
            "member {k}: {} vs {want}",
            drawdown[k]
        );
    }
    for missing in [
        format!("vega_area_ha@{}", basin.start_year + 12),
        format!("vega_area_ha@{}", basin.start_year - 1),
        format!("drawdown_m:nowhere@{year}"),
        format!("drawdown_m@{year}"),
        format!("vega_area_ha:vega_este@{year}"),
        format!("lithium_t_lce@{year}"),
        "vega_area_ha@soon".to_string(),
    ] {
        assert!(e.result_values(&missing).is_none(), "{missing}");
    }
    // An indicator is a result as before.
    let k = e.indicator_index("vega_area_lost_pct").unwrap();
    assert_eq!(
        e.result_values("vega_area_lost_pct").unwrap().0,
        e.indicator_values(k)
    );
}
