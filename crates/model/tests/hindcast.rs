//! A run that starts in the past under observed climate (a hindcast): the months before the
//! basin's start run without the project from the steady state, and the run proper goes on from
//! the state they leave, every store carried; readings of those months meet the model there.

use crate::common;

use std::sync::Arc;

use cuenca_model::observations::{self, ClimateHistory};
use cuenca_model::{presets, run, run_with_options, Basin, LeverId, RunError, RunOptions, Runner};

/// `years` of the basin's mean month on the salar floor, ending in December before its start:
/// the same rain as the generator's without variability or change.
fn mean_months(basin: &Basin, years: i32) -> ClimateHistory {
    let c = &basin.physical.climate;
    let fsum: f64 = c.precip_monthly_frac.iter().sum();
    ClimateHistory {
        first_year: basin.start_year - years,
        precip_salar_mm: (0..years as usize * 12)
            .map(|k| c.precip_salar_mm_per_yr * (c.precip_monthly_frac[k % 12] / fsum))
            .collect(),
    }
}

fn with_history(h: ClimateHistory) -> RunOptions {
    RunOptions {
        history: Some(Arc::new(h)),
        ..RunOptions::default()
    }
}

/// Sixteen years without the project under mean months: one run from the steady state, and a
/// hindcast of six years followed by a run of ten.
fn sixteen_years_two_ways(basin: &Basin) -> (cuenca_model::Results, cuenca_model::Results) {
    let s = cuenca_model::Scenario::default()
        .with(LeverId::Production, 0.0)
        .with(LeverId::Variability, 0.0);
    let long = run(basin, &s.clone().with(LeverId::Years, 16.0)).unwrap();
    let short = run_with_options(
        basin,
        &s.with(LeverId::Years, 10.0),
        &with_history(mean_months(basin, 6)),
    )
    .unwrap();
    (long, short)
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol * (1.0 + b.abs()),
        "{what}: {a} against {b}"
    );
}

/// Six years of mean months before the start, then ten years, are the first sixteen years of a
/// run from the steady state under the same mean months: the hindcast's months are its first
/// 72, and the run proper is the rest, heads, vegas, lagoons, springs and lithium. A run
/// that restarted the lag stores, the vegas' memory or the lithium at the start would not match.
#[test]
fn a_hindcast_goes_on_as_one_run() {
    let basin = Basin::default_basin();
    let (long, short) = sixteen_years_two_ways(&basin);
    let hc = short.hindcast.as_ref().expect("hindcast");
    assert_eq!(hc.months.len(), 72);
    assert_eq!((hc.months[0].year, hc.months[0].month), (2019, 1));
    assert_eq!((hc.months[71].year, hc.months[71].month), (2024, 12));
    assert_eq!((short.months[0].year, short.months.len()), (2025, 120));
    const TOL: f64 = 1e-9;
    for (k, site) in short.sites.iter().enumerate() {
        let long_head = &long.cells[site.cell_index].head_m;
        for (h, l) in hc.site_head_m[k].iter().zip(long_head) {
            close(*h, *l, TOL, &site.id);
        }
        for (j, &h) in short.cells[site.cell_index].head_m.iter().enumerate() {
            close(h, long_head[72 + j], TOL, &site.id);
        }
        // Today's head is where the hindcast left it.
        close(
            short.initial_head_m[site.cell_index],
            long_head[71],
            TOL,
            "today",
        );
    }
    for m in 0..72 {
        close(hc.vega_area_ha[m], long.series.vega_area_ha[m], TOL, "vega");
        close(
            hc.lagoon_area_ha[m],
            long.series.lagoon_area_ha[m],
            TOL,
            "lagoon",
        );
        close(
            hc.spring_flow_l_per_s[m],
            long.series.spring_flow_l_per_s[m],
            TOL,
            "springs",
        );
    }
    for j in 0..120 {
        let s = &short.series;
        let l = &long.series;
        close(s.vega_area_ha[j], l.vega_area_ha[72 + j], TOL, "vega");
        close(s.lagoon_area_ha[j], l.lagoon_area_ha[72 + j], TOL, "lagoon");
        close(s.li_mass_kg[j], l.li_mass_kg[72 + j], TOL, "lithium");
        let (a, b) = (&short.accounts[j], &long.accounts[72 + j]);
        close(
            a.recharge_generated_m3,
            b.recharge_generated_m3,
            TOL,
            "recharge",
        );
    }
}

/// Water balances close every month of the hindcast and of the run that follows, with a
/// project, a changed climate (its reference run starts from the same state) and an observed
/// climate far from the mean.
#[test]
fn hindcast_balances_close() {
    let basin = Basin::default_basin();
    let mut h = mean_months(&basin, 8);
    // A wet year, a dry one, then months of odd rain.
    for (k, p) in h.precip_salar_mm.iter_mut().enumerate() {
        *p *= match k / 12 {
            1 => 2.5,
            2 => 0.1,
            _ => 0.5 + (k % 7) as f64 / 4.0,
        };
    }
    let opts = with_history(h);
    for preset in ["jv2025", "fs2019"] {
        let s = presets::by_id(preset)
            .unwrap()
            .scenario()
            .with(LeverId::Years, 20.0)
            .with(LeverId::PrecipChange, -20.0);
        let r = run_with_options(&basin, &s, &opts).unwrap();
        common::check(&r, preset);
        let hc = r.hindcast.as_ref().unwrap();
        assert!(
            hc.totals.max_month_closure_relative <= 1e-9,
            "{preset}: hindcast month closure {:e}",
            hc.totals.max_month_closure_relative
        );
        assert!(hc.totals.closure_relative.abs() <= 1e-9);
        assert_eq!(hc.stats.steps, 96);
        assert_eq!(hc.stats.steps_not_converged, 0);
        // The run proper counts its own steps.
        assert_eq!(r.stats.steps, 240);
        assert!(r.reference.is_some());
    }
}

/// A wetter past leaves a higher water table today than a drier one, at every site; and the
/// run that follows starts from it.
#[test]
fn a_wet_past_leaves_more_water_today() {
    let basin = Basin::default_basin();
    let s = cuenca_model::Scenario::default().with(LeverId::Years, 5.0);
    let scaled = |f: f64| {
        let mut h = mean_months(&basin, 10);
        h.precip_salar_mm.iter_mut().for_each(|p| *p *= f);
        run_with_options(&basin, &s, &with_history(h)).unwrap()
    };
    let (wet, dry) = (scaled(1.5), scaled(0.5));
    let mut higher = 0;
    for site in &wet.sites {
        let (w, d) = (
            wet.initial_head_m[site.cell_index],
            dry.initial_head_m[site.cell_index],
        );
        assert!(w >= d - 1e-9, "{}: {w} < {d}", site.id);
        higher += usize::from(w > d + 0.01);
    }
    assert!(higher > 0, "no site is wetter after a wet decade");
    assert!(wet.series.vega_area_ha[0] > dry.series.vega_area_ha[0]);
}

/// Without a history the run is the one from the steady state, bit for bit; a history that does
/// not end in December before the start is refused.
#[test]
fn history_calendar() {
    let basin = Basin::default_basin();
    let s = presets::by_id("jv2025").unwrap().scenario();
    let plain = run(&basin, &s).unwrap();
    let none = run_with_options(&basin, &s, &RunOptions::default()).unwrap();
    assert_eq!(plain.digest(), none.digest());
    assert!(plain.hindcast.is_none());
    let mut h = mean_months(&basin, 3);
    h.first_year -= 1;
    let err = run_with_options(&basin, &s, &with_history(h)).unwrap_err();
    assert!(matches!(err, RunError::HistoryCalendar { .. }), "{err}");
    assert!(err.to_string().contains("December 2024"), "{err}");
    let mut h = mean_months(&basin, 3);
    h.precip_salar_mm.pop();
    assert!(run_with_options(&basin, &s, &with_history(h)).is_err());
    let empty = ClimateHistory {
        first_year: 2025,
        precip_salar_mm: Vec::new(),
    };
    assert!(run_with_options(&basin, &s, &with_history(empty)).is_err());
}

/// The cached runner gives what a run gives with the same history, reusing its hindcast.
#[test]
fn runner_reuses_the_hindcast() {
    let basin = Basin::default_basin();
    let opts = with_history(mean_months(&basin, 4));
    let mut runner = Runner::with_options(basin.clone(), opts.clone());
    let fs = presets::by_id("fs2019").unwrap().scenario();
    let more = fs.clone().with(LeverId::Production, 40_000.0);
    let drier = more.clone().with(LeverId::PrecipChange, -20.0);
    for (s, reuses) in [(&fs, 0), (&more, 1), (&drier, 1), (&fs, 1)] {
        let a = runner.run(s).unwrap();
        let b = run_with_options(&basin, s, &opts).unwrap();
        assert_eq!(a.digest(), b.digest());
        assert_eq!(a.hindcast, b.hindcast);
        assert_eq!(runner.baseline_reuses(), reuses);
    }
}

/// Readings before the start meet the hindcast on their dates: readings made from a hindcast
/// fit it exactly, a run without one leaves them outside, and a run under another past climate
/// misses them.
#[test]
fn readings_meet_the_hindcast() {
    let basin = Basin::default_basin();
    let s = cuenca_model::Scenario::default().with(LeverId::Years, 3.0);
    let h = mean_months(&basin, 6);
    let mut wet = h.clone();
    wet.precip_salar_mm.iter_mut().for_each(|p| *p *= 1.8);
    let r = run_with_options(&basin, &s, &with_history(wet)).unwrap();
    let hc = r.hindcast.as_ref().unwrap();
    let k = r.sites.iter().position(|x| x.id == "vega_este").unwrap();
    let ground = basin.cells[r.sites[k].cell_index].ground_m;
    let mut csv = String::from("site,date,quantity,value,unit,who\n");
    for m in (0..72).step_by(6) {
        let ym = hc.months[m];
        let depth = ground - hc.site_head_m[k][m];
        csv.push_str(&format!(
            "vega_este,{}-{:02},depth_to_water_m,{depth},m,twin\n",
            ym.year, ym.month
        ));
    }
    // And one reading in the run proper.
    let d0 = r.site("vega_este").unwrap().depth_to_water_m[0];
    csv.push_str(&format!("vega_este,2025-01,depth_to_water_m,{d0},m,twin\n"));
    let set = observations::read_csv(&csv, &basin);
    assert!(set.problems.is_empty(), "{:?}", set.problems);
    let fit = observations::fit_run(&r, &basin, &set.observations);
    assert_eq!(fit.outside_run, 0);
    assert_eq!(fit.summaries.len(), 1);
    let f = &fit.summaries[0];
    assert_eq!((f.readings, f.first_year, f.last_year), (13, 2019, 2025));
    assert!(f.rms_difference < 1e-9, "{}", f.rms_difference);
    // Without a hindcast, only the 2025 reading is inside the run.
    let plain = run(&basin, &s).unwrap();
    let fit = observations::fit_run(&plain, &basin, &set.observations);
    assert_eq!((fit.outside_run, fit.summaries[0].readings), (12, 1));
    // Under the mean past the water table is lower than under the wet one: the model runs
    // deeper than those readings.
    let mean = run_with_options(&basin, &s, &with_history(h)).unwrap();
    let fit = observations::fit_run(&mean, &basin, &set.observations);
    assert!(
        fit.summaries[0].mean_difference > 0.01,
        "{}",
        fit.summaries[0].sentence_en
    );
}

/// A twin experiment over the hindcast: one member's depths before the start, monthly at two
/// vegas, are the readings. They weigh the members (without a hindcast none of them could), the
/// member they came from weighs most, and the weight leaves most members.
#[test]
fn readings_before_the_start_weigh_the_ensemble() {
    use cuenca_model::observations::ObservedQuantity;
    use cuenca_model::uncertainty::weights::ReadingMonth;
    let basin = Basin::default_basin();
    let s = presets::by_id("fs2019")
        .unwrap()
        .scenario()
        .with(LeverId::Years, 5.0);
    let mut h = mean_months(&basin, 5);
    for (k, p) in h.precip_salar_mm.iter_mut().enumerate() {
        *p *= [1.6, 0.4, 1.0, 2.0, 0.7][k / 12];
    }
    let opts = with_history(h);
    let spec = common::members(24);
    let e = cuenca_model::run_ensemble_with_options(&basin, &s, &spec, &opts).unwrap();
    assert_eq!(e.hindcast_months.len(), 60);
    let truth = 7;
    let mut csv = String::from("site,date,quantity,value,unit,who,error\n");
    for site in ["vega_este", "vega_santa_rosa"] {
        for (m, ym) in e.hindcast_months.iter().enumerate() {
            let d = e
                .simulated_at(
                    truth,
                    ObservedQuantity::DepthToWaterM,
                    site,
                    ReadingMonth::Hindcast(m),
                )
                .unwrap();
            csv.push_str(&format!(
                "{site},{}-{:02},depth_to_water_m,{d},m,twin,0.05\n",
                ym.year, ym.month
            ));
        }
    }
    let set = observations::read_csv(&csv, &basin);
    assert!(set.problems.is_empty(), "{:?}", set.problems);
    let w = e.weights(&set.observations);
    assert_eq!((w.used, w.unused.len()), (120, 0));
    let best = w.weights.iter().copied().fold(0.0, f64::max);
    assert_eq!(w.weights[truth], best, "{:?}", w.weights);
    assert!(w.ess_untempered < 12.0, "ESS {}", w.ess_untempered);
    // Without a hindcast the same readings are all before the run.
    let plain =
        cuenca_model::run_ensemble_with_options(&basin, &s, &spec, &RunOptions::default()).unwrap();
    let w = plain.weights(&set.observations);
    assert_eq!((w.used, w.unused.len()), (0, 120));
    assert!(w.messages(cuenca_model::Lang::En)[0].contains("120 measurements fall outside"));
}

/// The weather of a hindcast's months is the observed one: every sequence of the weather
/// spread shares it, so its mismatch there is zero, while the run's own months keep theirs.
#[test]
fn the_observed_past_has_no_weather_mismatch() {
    use cuenca_model::observations::ObservedQuantity;
    use cuenca_model::uncertainty::weights::ReadingMonth;
    let basin = Basin::default_basin();
    let s = cuenca_model::Scenario::default().with(LeverId::Years, 4.0);
    let opts = with_history(mean_months(&basin, 3));
    let w = cuenca_model::WeatherSpread::run(&basin, &s, &opts).unwrap();
    let q = ObservedQuantity::DepthToWaterM;
    let past = [0, 11, 30].map(ReadingMonth::Hindcast);
    let c = w.mismatch_covariance(q, "vega_este", &past).unwrap();
    assert!(c.iter().all(|&x| x == 0.0), "{c:?}");
    let run = [12, 24, 36].map(ReadingMonth::Run);
    let c = w.mismatch_covariance(q, "vega_este", &run).unwrap();
    assert!(c[0] > 0.0 && c[4] > 0.0 && c[8] > 0.0, "{c:?}");
}

/// Members run by another worker carry their hindcast through the bytes it posts: a lead that
/// gathers them has the ensemble one runner has.
#[test]
fn shared_members_carry_their_hindcast() {
    use cuenca_model::{EnsembleRunner, MemberRun};
    let basin = Basin::default_basin();
    let s = cuenca_model::Scenario::default().with(LeverId::Years, 3.0);
    let opts = with_history(mean_months(&basin, 2));
    let runner =
        || EnsembleRunner::with_options(basin.clone(), &s, common::members(4), opts.clone());
    let whole = runner().finish().unwrap();
    let mut lead = runner().share(0, 2);
    let mut helper = runner().share(1, 2);
    assert!(lead.step().unwrap());
    while let Some(run) = helper.next_member().unwrap() {
        assert!(lead.accept(MemberRun::from_bytes(&run.to_bytes()).unwrap()));
        let _ = lead.step().unwrap();
    }
    while lead.step().unwrap() {}
    assert_eq!(lead.ensemble(), &whole);
    assert_eq!(whole.hindcast_months.len(), 24);
    assert!(whole
        .member_hindcast_series(
            3,
            cuenca_model::uncertainty::ensemble::Quantity::VegaAreaHa,
            None
        )
        .is_some_and(|v| v.len() == 24));
}

/// What a chart draws beside the readings: the hindcast's months and then the run's, one
/// series. Six years of mean months and ten years are the first sixteen years of one run from
/// the steady state, so the series is that run's own depth to water and vega area (the run's
/// outputs, not the reader's arithmetic), and a wellfield's lithium is missing before today.
#[test]
fn a_reading_s_series_spans_the_hindcast_and_the_run() {
    let basin = Basin::default_basin();
    let (long, short) = sixteen_years_two_ways(&basin);
    use observations::{run_series, ObservedQuantity as Q, BASIN_SITE};
    let depth = run_series(&short, &basin, Q::DepthToWaterM, "vega_este");
    let expected = &long.site("vega_este").unwrap().depth_to_water_m;
    assert_eq!(depth.len(), 192);
    for (m, (a, b)) in depth.iter().zip(expected).enumerate() {
        close(*a, *b, 1e-9, &format!("depth at month {m}"));
    }
    let vega = run_series(&short, &basin, Q::VegaAreaHa, BASIN_SITE);
    for (m, (a, b)) in vega.iter().zip(&long.series.vega_area_ha).enumerate() {
        close(*a, *b, 1e-9, &format!("vega area at month {m}"));
    }
    assert!(run_series(&short, &basin, Q::VegaAreaHa, "vega_este").is_empty());
    assert!(run_series(&short, &basin, Q::DepthToWaterM, "nowhere").is_empty());
    // With no production the wellfield pumps nothing, before today or after.
    let wellfield = basin
        .sites
        .iter()
        .find(|x| x.kind == "brine_wellfield")
        .unwrap();
    assert!(run_series(&short, &basin, Q::PumpedLiMgPerL, &wellfield.id).is_empty());
}
