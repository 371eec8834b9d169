//! The negotiation tools' entry points for their Web Worker (`public/ensemble-worker.js`, which
//! instantiates this module as the page's workers instantiate the page's): the envelope search,
//! the trade-off map, an early-warning plan's test, the board's limits per scenario, the ensemble
//! weighed by someone's readings and which measurement to start now, one member run per call.

use cuenca::board_limits_view::BoardLimitsView;
use cuenca::ensemble_view::{ranges_of, EnsembleView, IndicatorRange};
use cuenca::envelope_view::EnvelopeView;
use cuenca::measure_next_view::MeasureNextView;
use cuenca::plan_view::PlanView;
use cuenca::tradeoff_view::TradeoffView;
use cuenca::weigh_view::{WeighChart, WeighView, WeighedRange};
use cuenca::worker_api::{read_request, BASIN};
use cuenca_model::negotiation::{
    map_axes, stop_at_first_fire, EnvelopeSearch, Limit, Plan, PlanOutcome, ScenariosSearch,
    TradeoffSearch,
};
use cuenca_model::observations::{self, Observation, ObservedQuantity};
use cuenca_model::uncertainty::ensemble::Quantity;
use cuenca_model::uncertainty::summary::Band;
use cuenca_model::uncertainty::weights::ReadingMonth;
use cuenca_model::{
    run_with_options, sentences_about, Basin, Ensemble, EnsembleRunner, EnsembleSpec,
    EnsembleSummary, Lang, LeverId, MemberRun, RunOptions, Scenario, WeatherSpread,
};
use wasm_bindgen::prelude::*;

/// The largest production that keeps a link's agreed limits, searched one member run per call.
#[wasm_bindgen]
pub struct EnvelopeJob {
    search: EnvelopeSearch,
    query: String,
    members: usize,
    error: Option<String>,
}

#[wasm_bindgen]
impl EnvelopeJob {
    /// The search for the scenario and limits of a link query, judged on `members` members.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32, tolerance_t_per_yr: f64) -> EnvelopeJob {
        let (link, spec) = read_request(query, members, seed);
        let members = spec.members;
        let tolerance = if tolerance_t_per_yr.is_finite() {
            tolerance_t_per_yr.max(100.0)
        } else {
            1_000.0
        };
        EnvelopeJob {
            search: EnvelopeSearch::new(
                BASIN.with(Basin::clone),
                &link.scenario,
                &link.limits,
                &spec,
                tolerance,
            ),
            query: query.to_string(),
            members,
            error: None,
        }
    }

    /// Runs the next member; `false` once the search is done or has failed.
    pub fn step(&mut self) -> bool {
        match self.search.step() {
            Ok(more) => more,
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    pub fn view_bytes(&self) -> Vec<u8> {
        EnvelopeView {
            error: self.error.clone(),
            ..EnvelopeView::from_search(&self.search, &self.query, self.members)
        }
        .to_bytes()
    }
}

/// How many of a link's agreed limits each combination of two levers keeps, one member run per
/// call (the map of `cuenca envelope --map`).
#[wasm_bindgen]
pub struct TradeoffJob {
    /// `None` when the axes were refused (the view says why).
    search: Option<TradeoffSearch>,
    query: String,
    axes: String,
    error: Option<String>,
}

#[wasm_bindgen]
impl TradeoffJob {
    /// The map over `axes` (two lever keys, `prod,dle`) for the scenario and limits of a link
    /// query, judged on `members` members.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32, axes: &str) -> TradeoffJob {
        let (link, spec) = read_request(query, members, seed);
        let levers = axes
            .split_once(',')
            .and_then(|(x, y)| Some((LeverId::from_key(x)?, LeverId::from_key(y)?)))
            .ok_or_else(|| format!("not two levers: {axes}"))
            .and_then(|(x, y)| map_axes(x, y).map_err(|e| e.to_string()));
        let (search, error) = match levers {
            Ok((x, y)) => (
                Some(TradeoffSearch::new(
                    BASIN.with(Basin::clone),
                    &link.scenario,
                    &link.limits,
                    &spec,
                    x,
                    y,
                )),
                None,
            ),
            Err(e) => (None, Some(e)),
        };
        TradeoffJob {
            search,
            query: query.to_string(),
            axes: axes.to_string(),
            error,
        }
    }

    /// Runs the next member; `false` once the map is done or has failed.
    pub fn step(&mut self) -> bool {
        let Some(search) = self.search.as_mut().filter(|_| self.error.is_none()) else {
            return false;
        };
        match search.step() {
            Ok(more) => more,
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    pub fn view_bytes(&self) -> Vec<u8> {
        let view = match &self.search {
            Some(search) => TradeoffView::from_search(search, &self.query, &self.axes),
            None => TradeoffView {
                query: self.query.clone(),
                axes: self.axes.clone(),
                ..TradeoffView::default()
            },
        };
        TradeoffView {
            error: self.error.clone(),
            ..view
        }
        .to_bytes()
    }
}

/// Which of the agreed limits each scenario on a workshop's board keeps, one member run per
/// call.
#[wasm_bindgen]
pub struct BoardLimitsJob {
    search: ScenariosSearch,
    query: String,
    scenarios: String,
    error: Option<String>,
}

#[wasm_bindgen]
impl BoardLimitsJob {
    /// The limits (`lim=`) of a link query, over the scenarios of `scenarios` (one link query
    /// per line), each judged on `members` members.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32, scenarios: &str) -> BoardLimitsJob {
        let (link, _) = read_request(query, members, seed);
        let spec = EnsembleSpec {
            members: members.clamp(2, 400),
            seed: u64::from(seed),
            ..EnsembleSpec::default()
        };
        let each: Vec<Scenario> = BASIN.with(|basin| {
            scenarios
                .lines()
                .map(|q| cuenca_link::parse(q, basin).0.scenario)
                .collect()
        });
        BoardLimitsJob {
            search: ScenariosSearch::new(BASIN.with(Basin::clone), &each, &link.limits, &spec),
            query: query.to_string(),
            scenarios: scenarios.to_string(),
            error: None,
        }
    }

    /// Runs the next member; `false` once every scenario is judged or a run has failed.
    pub fn step(&mut self) -> bool {
        if self.error.is_some() {
            return false;
        }
        match self.search.step() {
            Ok(more) => more,
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    pub fn view_bytes(&self) -> Vec<u8> {
        BoardLimitsView {
            error: self.error.clone(),
            ..BoardLimitsView::from_search(&self.search, &self.query, &self.scenarios)
        }
        .to_bytes()
    }
}

/// An early-warning plan tested over the ensemble: the members without the plan, with it and
/// with its bound, one member run per call.
#[wasm_bindgen]
pub struct PlanJob {
    /// Without the plan, with it, and with "stop everything at the first fire".
    runners: [EnsembleRunner; 3],
    plan: Plan,
    limits: Vec<Limit>,
    query: String,
    members: usize,
    error: Option<String>,
}

#[wasm_bindgen]
impl PlanJob {
    /// The plan (`trig=`) and limits (`lim=`) of a link query, for its scenario, on `members`
    /// members.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32) -> PlanJob {
        let (link, spec) = read_request(query, members, seed);
        let members = spec.members;
        let plan = Plan {
            triggers: link.triggers,
            permanent: false,
        };
        let runner = |plan: Plan| {
            EnsembleRunner::with_options(
                BASIN.with(Basin::clone),
                &link.scenario,
                spec.clone(),
                RunOptions {
                    plan,
                    ..RunOptions::default()
                },
            )
        };
        PlanJob {
            runners: [
                runner(Plan::default()),
                runner(plan.clone()),
                runner(stop_at_first_fire(&plan)),
            ],
            plan,
            limits: link.limits,
            query: query.to_string(),
            members,
            error: None,
        }
    }

    /// Runs the next member of the first ensemble not yet complete; `false` once all are (or
    /// one has failed).
    pub fn step(&mut self) -> bool {
        let Some(runner) = self.runners.iter_mut().find(|r| !r.is_done()) else {
            return false;
        };
        match runner.step() {
            Ok(_) => self.runners.iter().any(|r| !r.is_done()),
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    pub fn view_bytes(&self) -> Vec<u8> {
        let done = self.runners.iter().map(|r| r.progress().0).sum();
        let total = self.runners.iter().map(|r| r.progress().1).sum();
        let complete = self.error.is_none() && self.runners.iter().all(EnsembleRunner::is_done);
        let mut view = PlanView {
            query: self.query.clone(),
            done,
            total,
            members: self.members,
            complete,
            error: self.error.clone(),
            ..PlanView::default()
        };
        if complete {
            let [without, with, bound] = &self.runners;
            match PlanOutcome::from_ensembles(
                &self.plan,
                &self.limits,
                without.ensemble(),
                with.ensemble(),
                bound.ensemble(),
            ) {
                Ok(outcome) => BASIN.with(|basin| view.show(&outcome, basin)),
                Err(e) => {
                    view.complete = false;
                    view.error = Some(e.to_string());
                }
            }
        }
        view.to_bytes()
    }
}

/// Which measurement to start now: a link's scenario run over the ensemble's members one per
/// call, then the weather spread, then the ranking for one result, as `cuenca measure-next`
/// ranks them.
#[wasm_bindgen]
pub struct MeasureNextJob {
    runner: EnsembleRunner,
    scenario: Scenario,
    query: String,
    view: MeasureNextView,
}

#[wasm_bindgen]
impl MeasureNextJob {
    /// `result` is an ensemble indicator id (`max_drawdown_m:vega_este`).
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32, result: &str) -> MeasureNextJob {
        let (link, spec) = read_request(query, members, seed);
        MeasureNextJob {
            runner: EnsembleRunner::new(BASIN.with(Basin::clone), &link.scenario, spec),
            scenario: link.scenario,
            query: query.to_string(),
            view: MeasureNextView {
                result: result.to_string(),
                ..MeasureNextView::default()
            },
        }
    }

    /// Runs the next member, or ranks the measurements over the complete ensemble; `false` once
    /// done or failed.
    pub fn step(&mut self) -> bool {
        if self.view.complete || self.view.error.is_some() {
            return false;
        }
        if let Some(more) = next_member(&mut self.runner, &mut self.view.error) {
            return more;
        }
        let basin = BASIN.with(Basin::clone);
        self.view = match WeatherSpread::run(&basin, &self.scenario, &RunOptions::default()) {
            Ok(weather) => MeasureNextView {
                members_adopted: self.view.members_adopted,
                ..MeasureNextView::of(
                    self.runner.ensemble(),
                    &basin,
                    &self.view.result,
                    Some(&weather),
                )
            },
            Err(e) => MeasureNextView {
                error: Some(e.to_string()),
                ..self.view.clone()
            },
        };
        false
    }

    /// Takes the page's complete ensemble of the same scenario (an array of
    /// `EnsembleJob::member_bytes`), checked against member 0 run here; returns the members
    /// adopted (0 when they are another ensemble's: this job then runs its own).
    pub fn adopt(&mut self, members: js_sys::Array) -> usize {
        adopt_into(
            &mut self.runner,
            &members,
            &mut self.view.members_adopted,
            &mut self.view.error,
        )
    }

    pub fn view_bytes(&self) -> Vec<u8> {
        let (done, total) = self.runner.progress();
        MeasureNextView {
            query: self.query.clone(),
            done,
            total,
            ..self.view.clone()
        }
        .to_bytes()
    }
}

/// Most members drawn when the readings leave the weight on too few (as the CLI's
/// `--max-members` default).
const MAX_WEIGHED_MEMBERS: usize = 400;

/// The ensemble weighed by someone's readings (the CSV of `cuenca run --observations`): its
/// members one per call, then the weather's spread and the weights, as `cuenca ensemble
/// --observations` weighs them; when the weights collapse, twice as many members are drawn
/// afresh and weighed again, up to [`MAX_WEIGHED_MEMBERS`].
#[wasm_bindgen]
pub struct WeighJob {
    runner: EnsembleRunner,
    scenario: Scenario,
    /// With a climate file, every run starts in the past (the hindcast).
    opts: RunOptions,
    observations: Vec<Observation>,
    query: String,
    seed: u32,
    members_drawn: Vec<usize>,
    /// Measured once, on the first complete ensemble.
    weather: Option<WeatherSpread>,
    view: WeighView,
}

#[wasm_bindgen]
impl WeighJob {
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, members: usize, seed: u32, readings: &str, climate: &str) -> WeighJob {
        let (link, spec) = read_request(query, members, seed);
        let (observations, history) = BASIN.with(|basin| {
            (
                observations::read_csv(readings, basin).observations,
                (!climate.trim().is_empty())
                    .then(|| observations::read_climate_csv(climate, basin).history)
                    .flatten(),
            )
        });
        let opts = RunOptions {
            history: history.map(std::sync::Arc::new),
            ..RunOptions::default()
        };
        WeighJob {
            members_drawn: vec![spec.members],
            runner: EnsembleRunner::with_options(
                BASIN.with(Basin::clone),
                &link.scenario,
                spec,
                opts.clone(),
            ),
            opts,
            scenario: link.scenario,
            observations,
            query: query.to_string(),
            seed,
            weather: None,
            view: WeighView::default(),
        }
    }

    /// Runs the next member, or weighs the complete ensemble; `false` once done or failed.
    pub fn step(&mut self) -> bool {
        if self.view.complete || self.view.error.is_some() {
            return false;
        }
        if let Some(more) = next_member(&mut self.runner, &mut self.view.error) {
            return more;
        }
        let basin = BASIN.with(Basin::clone);
        match self.weigh(&basin) {
            Ok(Some(view)) => {
                self.view = view;
                false
            }
            // More members were drawn: they run next.
            Ok(None) => true,
            Err(e) => {
                self.view.error = Some(e.to_string());
                false
            }
        }
    }

    /// Takes the page's complete ensemble of the same scenario, as
    /// [`MeasureNextJob::adopt`] does; refused (0) with a rain file, whose hindcast makes
    /// other members.
    pub fn adopt(&mut self, members: js_sys::Array) -> usize {
        adopt_into(
            &mut self.runner,
            &members,
            &mut self.view.members_adopted,
            &mut self.view.error,
        )
    }

    pub fn view_bytes(&self) -> Vec<u8> {
        let (done, total) = self.runner.progress();
        WeighView {
            query: self.query.clone(),
            done,
            total,
            members_drawn: self.members_drawn.clone(),
            ..self.view.clone()
        }
        .to_bytes()
    }
}

impl WeighJob {
    /// The weighed view, or `None` when the weights collapsed and more members were drawn.
    fn weigh(&mut self, basin: &Basin) -> Result<Option<WeighView>, cuenca_model::RunError> {
        let opts = self.opts.clone();
        if self.weather.is_none() {
            self.weather = Some(WeatherSpread::run(basin, &self.scenario, &opts)?);
        }
        let ensemble = self.runner.ensemble();
        // Issue #17's "weighting and re-summarising 100 members ≤ 50 ms", timed here.
        let started_ms = js_sys::Date::now();
        let w = ensemble.weights_given(&self.observations, self.weather.as_ref());
        let n = self.members_drawn.last().copied().unwrap_or_default();
        if w.collapsed() && 2 * n <= MAX_WEIGHED_MEMBERS {
            let (_, spec) = read_request(&self.query, 2 * n, self.seed);
            self.members_drawn.push(spec.members);
            self.runner = EnsembleRunner::with_options(basin.clone(), &self.scenario, spec, opts);
            return Ok(None);
        }
        let ranges = |summary: &EnsembleSummary| EnsembleView {
            indicators: IndicatorRange::all_of(summary),
            ..EnsembleView::default()
        };
        // Only the read sites' series are drawn weighted (`charts`): banding the others month by
        // month would be most of the 50 ms.
        let readings = &self.observations;
        let drawn = |q: Quantity, site: Option<&str>| {
            readings
                .iter()
                .any(|r| r.ensemble_series() == Some((q, site)))
        };
        let weighted = ensemble.weighted_summary_of(&w.weights, &drawn);
        let after = ranges(&weighted);
        let weighing_ms = js_sys::Date::now() - started_ms;
        let unweighted = ensemble.summary();
        let before = ranges(&unweighted);
        let charts = charts(
            basin,
            &self.observations,
            (&unweighted, &weighted),
            ensemble,
            &w.weights,
        );
        let central = run_with_options(basin, &self.scenario, &opts)?;
        let rows = |lang: Lang| {
            sentences_about(&central, lang)
                .into_iter()
                .filter_map(|s| {
                    Some(WeighedRange {
                        before: ranges_of(&s, &before, lang)?,
                        after: ranges_of(&s, &after, lang)?,
                        sentence: s.text,
                    })
                })
                .collect()
        };
        Ok(Some(WeighView {
            complete: true,
            weighing_ms,
            members_adopted: self.view.members_adopted,
            used: w.used,
            unused: w.unused.len(),
            members: w.members,
            ess: w.ess,
            ess_untempered: w.ess_untempered,
            ranges_es: rows(Lang::Es),
            ranges_en: rows(Lang::En),
            messages_es: w.messages(Lang::Es),
            messages_en: w.messages(Lang::En),
            charts,
            ..WeighView::default()
        }))
    }
}

/// One chart per site and quantity read (in the order first read), with the members' monthly
/// series before and after the readings; after a hindcast, from its first month (its bands
/// drawn here from the members' hindcast series, as the summary draws the run's).
fn charts(
    basin: &Basin,
    readings: &[Observation],
    (before, after): (&EnsembleSummary, &EnsembleSummary),
    ensemble: &Ensemble,
    weights: &[f64],
) -> Vec<WeighChart> {
    let Some(&run_first) = before.months.first() else {
        return Vec::new();
    };
    let past = ensemble.hindcast_months.len();
    let first = ensemble
        .hindcast_months
        .first()
        .copied()
        .unwrap_or(run_first);
    let month_of = |r: &Observation| match ensemble.reading_month(r.date)? {
        ReadingMonth::Run(m) if m >= before.months.len() => None,
        m => Some(m.in_series(past)),
    };
    let mut out: Vec<WeighChart> = Vec::new();
    let mut seen: Vec<(String, ObservedQuantity)> = Vec::new();
    for r in readings {
        // The summary's series of the quantity: at the site, or the basin's for an area.
        let Some((quantity, at)) = r.ensemble_series() else {
            continue;
        };
        let key = (r.site.clone(), r.quantity);
        if !seen.contains(&key) {
            let series = |s: &EnsembleSummary| {
                s.series
                    .iter()
                    .find(|b| b.quantity == quantity && b.site.as_deref() == at)
                    .cloned()
            };
            let names = WeighChart::site_names(basin, &r.site);
            let (Some(b), Some(a), Some((site_es, site_en))) =
                (series(before), series(after), names)
            else {
                continue;
            };
            // The hindcast's bands, unweighted and weighted, month by month.
            let mut pasts: [Vec<f64>; 5] = Default::default();
            for m in 0..past {
                let values: Vec<f64> = (0..ensemble.members.len())
                    .map(|k| {
                        ensemble
                            .simulated_at(k, r.quantity, &r.site, ReadingMonth::Hindcast(m))
                            .unwrap_or(f64::NAN)
                    })
                    .collect();
                let (all, weighed) = (
                    Band::of(&mut values.clone()),
                    Band::weighted(&values, weights),
                );
                for (v, x) in
                    pasts
                        .iter_mut()
                        .zip([all.p10, all.p90, weighed.p10, weighed.p50, weighed.p90])
                {
                    v.push(x);
                }
            }
            let joined = |k: usize, run: &[f64]| [pasts[k].as_slice(), run].concat();
            seen.push(key.clone());
            out.push(WeighChart {
                site_es,
                site_en,
                quantity: r.quantity,
                first_year: first.year,
                first_month: first.month,
                before_p10: joined(0, &b.p10),
                before_p90: joined(1, &b.p90),
                after_p10: joined(2, &a.p10),
                after_p50: joined(3, &a.p50),
                after_p90: joined(4, &a.p90),
                readings: Vec::new(),
                today_month: past,
            });
        }
        let k = seen.iter().position(|x| *x == key);
        if let (Some(k), Some(m)) = (k, month_of(r)) {
            out[k].readings.push((m, r.value, r.measurement_sd()));
        }
    }
    out
}

/// Adopts the members another worker sent (`EnsembleJob::member_bytes`, those that read) into
/// `runner`, saying how many in `adopted` or why none in `error`.
fn adopt_into(
    runner: &mut EnsembleRunner,
    members: &js_sys::Array,
    adopted: &mut usize,
    error: &mut Option<String>,
) -> usize {
    let runs = members
        .iter()
        .filter_map(|b| MemberRun::from_bytes(&js_sys::Uint8Array::new(&b).to_vec()))
        .collect();
    match runner.adopt(runs) {
        Ok(n) => {
            *adopted = n;
            n
        }
        Err(e) => {
            *error = Some(e.to_string());
            0
        }
    }
}

/// Runs the ensemble's next member while any is left: `Some(true)` after a member, `Some(false)`
/// after a failure (said in `error`), `None` once every member has run.
fn next_member(runner: &mut EnsembleRunner, error: &mut Option<String>) -> Option<bool> {
    if runner.is_done() {
        return None;
    }
    Some(match runner.step() {
        Ok(_) => true,
        Err(e) => {
            *error = Some(e.to_string());
            false
        }
    })
}
