//! A plan over the ensemble: the same members run without the plan, with it, and with its
//! "stop everything at the first fire" bound; per trigger, how often and when it fires, and how
//! often it would have fired without the project (natural variability alone); each agreed
//! limit's members keeping it with and without the plan; the lithium the plan costs; and the
//! lead time from the first fire to a limit's first breach.

use serde::Serialize;

use crate::basin::Basin;
use crate::lang::{fmt_num, round_two_figures, Lang};
use crate::negotiation::envelope::EnvelopeError;
use crate::negotiation::limits::{Limit, LimitKind, LimitOutcome};
use crate::negotiation::plan::{CutTarget, Plan, PlanEvent, PlanEventKind, Trigger};
use crate::run::RunOptions;
use crate::scenario::Scenario;
use crate::uncertainty::design::{quantile_sorted, EnsembleSpec};
use crate::uncertainty::ensemble::{run_ensemble_with_options, Ensemble, Quantity};

/// P10, P50 and P90 of a set of values (each `None` when there are none).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub p10: Option<f64>,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
}

impl Spread {
    fn of(mut values: Vec<f64>) -> Spread {
        crate::sorting::sort_by(&mut values, f64::total_cmp);
        let q = |p| (!values.is_empty()).then(|| quantile_sorted(&values, p));
        Spread {
            p10: q(0.1),
            p50: q(0.5),
            p90: q(0.9),
        }
    }
}

/// One trigger over the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriggerOutcome {
    pub trigger: Trigger,
    /// Members whose run with the plan fires it at least once.
    pub members_firing: usize,
    /// Spread of the year of its first firing over the members that fire it (a decimal year:
    /// 2034.5 is the middle of 2034).
    pub first_fire_year: Spread,
    /// Members whose no-project run (same climate, same baseline) would fire it: false alarms.
    pub members_firing_without_project: usize,
    pub first_fire_year_without_project: Spread,
    /// Members whose project (without the plan) lowers the water table at the trigger's site by
    /// its rise in some month: where none does, the trigger can fire only on the climate.
    pub members_reached: usize,
    /// Natural variation of the water table at the site: the standard deviation of the members'
    /// no-project water table around its same-calendar-month mean, m (`None` if the site is not
    /// in the ensemble). A rise within two of them invites false alarms.
    pub natural_sd_m: Option<f64>,
}

/// The pooled standard deviation of the members' no-project water table at `site` around each
/// member's same-calendar-month mean, m.
fn natural_sd_m(e: &Ensemble, site: &str) -> Option<f64> {
    let (mut sum_sq, mut n, mut groups) = (0.0, 0usize, 0usize);
    for k in 0..e.members.len() {
        let depth = e.member_series(k, Quantity::DepthToWaterM, Some(site))?;
        let drawdown = e.member_series(k, Quantity::DrawdownM, Some(site))?;
        // Without the project the water table is higher by the drawdown it causes.
        let natural: Vec<f64> = depth
            .iter()
            .zip(drawdown)
            .map(|(&d, &s)| f64::from(d) - f64::from(s))
            .collect();
        for month in 1..=12u8 {
            let values: Vec<f64> = natural
                .iter()
                .zip(&e.months)
                .filter(|(_, ym)| ym.month == month)
                .map(|(&v, _)| v)
                .collect();
            if values.is_empty() {
                continue;
            }
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            sum_sq += values.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
            n += values.len();
            groups += 1;
        }
    }
    (n > groups).then(|| (sum_sq / (n - groups) as f64).sqrt())
}

/// One agreed limit without the plan, with it, and with the stop-at-first-fire bound.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimitWithPlan {
    pub limit: Limit,
    pub without_plan: LimitOutcome,
    pub with_plan: LimitOutcome,
    pub stop_at_first_fire: LimitOutcome,
    /// Whether each keeps the limit at its confidence.
    pub kept_without_plan: bool,
    pub kept_with_plan: bool,
    pub kept_stopping_at_first_fire: bool,
    /// Members (with the plan) whose limit breaks after a trigger fired in or before the
    /// breach's year: warned, but the cut was too small or too late.
    pub members_breaking_after_a_fire: usize,
    /// Members (with the plan) whose limit breaks with no trigger fired by then: no warning.
    pub members_breaking_without_warning: usize,
    /// Lead time from the first fire to the first breach, years, over the warned members.
    pub lead_time_years: Spread,
}

/// Lithium produced over the run, mean over the members, t LCE.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LithiumCost {
    pub mean_total_without_plan_t: f64,
    pub mean_total_with_plan_t: f64,
    pub mean_total_stopping_at_first_fire_t: f64,
    /// Mean over the members of production per producing year (months the run without the plan
    /// produced, over 12), t LCE/yr.
    pub mean_per_year_without_plan_t: f64,
    pub mean_per_year_with_plan_t: f64,
    /// Share of the lithium the plan gives up (0–1).
    pub cost_share: f64,
}

/// Everything a plan does over an ensemble, enough to reproduce any number said about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanOutcome {
    pub members: usize,
    pub plan: Plan,
    pub triggers: Vec<TriggerOutcome>,
    /// Members in which some trigger would fire without the project.
    pub members_with_a_false_alarm: usize,
    /// Members in which some trigger fires with the project.
    pub members_with_a_fire: usize,
    /// Members in which a cut takes effect within the run.
    pub members_with_a_cut: usize,
    /// Spread of the year of the first cut taking effect (any trigger), over the members that
    /// have one.
    pub first_cut_year: Spread,
    pub limits: Vec<LimitWithPlan>,
    pub lithium: LithiumCost,
    /// Each member's firings and releases with the plan, and without the project.
    pub member_events: Vec<Vec<PlanEvent>>,
    pub member_no_project_events: Vec<Vec<PlanEvent>>,
}

/// The plan's bound: every trigger stops all pumping for good once its delay is over.
pub fn stop_at_first_fire(plan: &Plan) -> Plan {
    Plan {
        triggers: plan
            .triggers
            .iter()
            .map(|t| Trigger {
                target: CutTarget::All,
                cut: 1.0,
                ..t.clone()
            })
            .collect(),
        permanent: true,
    }
}

/// Decimal year of a month index: 2034.5 for the middle of 2034's July… (months are 1-based).
fn decimal_year(e: &Ensemble, month_index: usize) -> Option<f64> {
    Some(e.months.get(month_index)?.decimal_year())
}

fn first_fire(events: &[PlanEvent], trigger: Option<usize>) -> Option<usize> {
    events
        .iter()
        .filter(|e| e.kind == PlanEventKind::Fired && trigger.is_none_or(|t| e.trigger == t))
        .map(|e| e.month_index)
        .min()
}

fn total_lithium(e: &Ensemble, k: usize) -> (f64, usize) {
    let v = e
        .member_series(k, Quantity::LithiumTLce, None)
        .unwrap_or(&[]);
    (
        v.iter().map(|&x| x as f64).sum(),
        v.iter().filter(|&&x| x > 0.0).count(),
    )
}

fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = v.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 {
        0.0
    } else {
        s / n as f64
    }
}

impl PlanOutcome {
    /// The outcome from the three ensembles of the same members (same spec and scenario).
    pub fn from_ensembles(
        plan: &Plan,
        limits: &[Limit],
        without: &Ensemble,
        with: &Ensemble,
        bound: &Ensemble,
    ) -> Result<PlanOutcome, EnvelopeError> {
        let members = with.members.len();
        let year = |k: Option<usize>| k.and_then(|m| decimal_year(with, m));
        let triggers = plan
            .triggers
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let fires: Vec<f64> = with
                    .members
                    .iter()
                    .filter_map(|m| year(first_fire(&m.plan_events, Some(i))))
                    .collect();
                let alarms: Vec<f64> = with
                    .members
                    .iter()
                    .filter_map(|m| year(first_fire(&m.plan_no_project_events, Some(i))))
                    .collect();
                let members_reached = (0..without.members.len())
                    .filter(|&k| {
                        without
                            .member_series(k, Quantity::DrawdownM, Some(&t.site))
                            .is_some_and(|d| d.iter().any(|&x| f64::from(x) >= t.rise_m))
                    })
                    .count();
                TriggerOutcome {
                    trigger: t.clone(),
                    members_firing: fires.len(),
                    first_fire_year: Spread::of(fires),
                    members_firing_without_project: alarms.len(),
                    first_fire_year_without_project: Spread::of(alarms),
                    members_reached,
                    natural_sd_m: natural_sd_m(without, &t.site),
                }
            })
            .collect();
        let first_cut: Vec<f64> = with
            .members
            .iter()
            .filter_map(|m| {
                m.plan_events
                    .iter()
                    .filter(|e| e.kind == PlanEventKind::Fired)
                    .map(|e| e.month_index + plan.triggers[e.trigger].delay_months as usize)
                    .min()
                    .and_then(|k| decimal_year(with, k))
            })
            .collect();
        let outcome = |l: &Limit, e: &Ensemble| {
            l.outcome(e).ok_or_else(|| EnvelopeError::Unreadable {
                site: l.site.clone(),
            })
        };
        let mut limit_rows = Vec::new();
        for l in limits {
            let (o0, o1, o2) = (outcome(l, without)?, outcome(l, with)?, outcome(l, bound)?);
            let breaches = l.first_breaches(with).unwrap_or_default();
            let (mut after_fire, mut no_warning, mut leads) = (0, 0, Vec::new());
            for (m, b) in with.members.iter().zip(&breaches) {
                let Some(breach_year) = b else { continue };
                let fire = first_fire(&m.plan_events, None).and_then(|k| with.months.get(k));
                match fire {
                    Some(f) if f.year <= *breach_year => {
                        after_fire += 1;
                        leads.push((breach_year - f.year) as f64);
                    }
                    _ => no_warning += 1,
                }
            }
            limit_rows.push(LimitWithPlan {
                limit: l.clone(),
                kept_without_plan: l.is_kept(&o0),
                kept_with_plan: l.is_kept(&o1),
                kept_stopping_at_first_fire: l.is_kept(&o2),
                without_plan: o0,
                with_plan: o1,
                stop_at_first_fire: o2,
                members_breaking_after_a_fire: after_fire,
                members_breaking_without_warning: no_warning,
                lead_time_years: Spread::of(leads),
            });
        }
        let totals = |e: &Ensemble| -> Vec<(f64, usize)> {
            (0..e.members.len()).map(|k| total_lithium(e, k)).collect()
        };
        let (t0, t1, t2) = (totals(without), totals(with), totals(bound));
        let per_year = |t: &[(f64, usize)]| {
            mean(t.iter().zip(&t0).map(|(&(x, _), &(_, months))| {
                if months == 0 {
                    0.0
                } else {
                    x / (months as f64 / 12.0)
                }
            }))
        };
        let (m0, m1) = (mean(t0.iter().map(|x| x.0)), mean(t1.iter().map(|x| x.0)));
        let lithium = LithiumCost {
            mean_total_without_plan_t: m0,
            mean_total_with_plan_t: m1,
            mean_total_stopping_at_first_fire_t: mean(t2.iter().map(|x| x.0)),
            mean_per_year_without_plan_t: per_year(&t0),
            mean_per_year_with_plan_t: per_year(&t1),
            cost_share: if m0 > 0.0 { 1.0 - m1 / m0 } else { 0.0 },
        };
        Ok(PlanOutcome {
            members,
            plan: plan.clone(),
            triggers,
            members_with_a_false_alarm: with
                .members
                .iter()
                .filter(|m| first_fire(&m.plan_no_project_events, None).is_some())
                .count(),
            members_with_a_fire: with
                .members
                .iter()
                .filter(|m| first_fire(&m.plan_events, None).is_some())
                .count(),
            members_with_a_cut: first_cut.len(),
            first_cut_year: Spread::of(first_cut),
            limits: limit_rows,
            lithium,
            member_events: with.members.iter().map(|m| m.plan_events.clone()).collect(),
            member_no_project_events: with
                .members
                .iter()
                .map(|m| m.plan_no_project_events.clone())
                .collect(),
        })
    }
}

/// "9 de cada 10 versiones de la cuenca": `k` of `n` members in tenths, rounded down, so the
/// sentence never claims more than the members show.
fn in_tenths(k: usize, n: usize, lang: Lang) -> String {
    let tenths = (10 * k).checked_div(n).unwrap_or(10);
    match (lang, k) {
        (Lang::Es, k) if k == n => "en todas las versiones de la cuenca".into(),
        (Lang::En, k) if k == n => "in every version of the basin".into(),
        (Lang::Es, 0) => "en ninguna versión de la cuenca".into(),
        (Lang::En, 0) => "in no version of the basin".into(),
        (Lang::Es, _) if tenths == 0 => "en menos de 1 de cada 10 versiones de la cuenca".into(),
        (Lang::En, _) if tenths == 0 => "in fewer than 1 of 10 versions of the basin".into(),
        (Lang::Es, _) => format!("en {tenths} de cada 10 versiones de la cuenca"),
        (Lang::En, _) => format!("in {tenths} of 10 versions of the basin"),
    }
}

/// A yearly production with two significant figures: "unas 18 mil t/año", "about 18,000 t/yr".
fn per_year(t: f64, lang: Lang) -> String {
    let r = round_two_figures(t.max(0.0));
    match lang {
        Lang::Es if r >= 1000.0 => {
            let k = r / 1000.0;
            format!("unas {} mil t/año", fmt_num(k, usize::from(k < 10.0), lang))
        }
        Lang::Es => format!("unas {} t/año", fmt_num(r, 0, lang)),
        Lang::En => format!("about {} t/yr", fmt_num(r, 0, lang)),
    }
}

impl PlanOutcome {
    /// The plan's outcome for one of its limits, in words: "Con este plan, la napa no baja más
    /// de 0,5 m por el proyecto en Vega de Santa Rosa hasta 2075 en 9 de cada 10 versiones de la
    /// cuenca; la producción media es de unas 18 mil t/año, un 10 % menos que sin el plan; el
    /// primer recorte llega entre 2034 y 2041." Shares are said in tenths rounded down, tonnes
    /// with two figures, years as the P10–P90 of the members that have a cut. `None` for an
    /// index past the limits.
    pub fn sentence(&self, limit: usize, place: &str, lang: Lang) -> Option<String> {
        let row = self.limits.get(limit)?;
        let l = &row.limit;
        let share = in_tenths(row.with_plan.members_keeping, row.with_plan.members, lang);
        let what = match (l.kind, lang) {
            (LimitKind::DrawdownAtMostM, Lang::Es) => format!(
                "la napa no baja más de {} m por el proyecto en {place} hasta {}",
                fmt_num(l.value, 1, lang),
                l.until_year
            ),
            (LimitKind::DrawdownAtMostM, Lang::En) => format!(
                "the project lowers the water table at {place} by no more than {} m until {}",
                fmt_num(l.value, 1, lang),
                l.until_year
            ),
            (LimitKind::SpringFlowAtLeastShare, Lang::Es) => format!(
                "el caudal de {place} no baja del {} % del que tendría sin el proyecto hasta {}",
                fmt_num(l.value * 100.0, 0, lang),
                l.until_year
            ),
            (LimitKind::SpringFlowAtLeastShare, Lang::En) => format!(
                "the flow at {place} stays at or above {} % of what it would be without the project until {}",
                fmt_num(l.value * 100.0, 0, lang),
                l.until_year
            ),
            (LimitKind::SpringFlowFloorLPerS, Lang::Es) => {
                format!("en {place}, {}", l.floor_what(lang))
            }
            (LimitKind::InterfaceRiseAtMostM, Lang::Es) => {
                format!("en {place}, {}", l.interface_what(lang))
            }
            (LimitKind::InterfaceRiseAtMostM, Lang::En) => {
                format!("at {place}, {}", l.interface_what(lang))
            }
            (LimitKind::SpringFlowFloorLPerS, Lang::En) => {
                format!("at {place}, {}", l.floor_what(lang))
            }
            (LimitKind::VegaAreaAtLeastShare | LimitKind::LagoonAreaAtLeastShare, _) => {
                l.what(lang, true)
            }
        };
        let li = &self.lithium;
        let cost = libm::round(li.cost_share * 100.0);
        let production = match lang {
            Lang::Es => format!(
                "la producción media es de {}{}",
                per_year(li.mean_per_year_with_plan_t, lang),
                if li.cost_share <= 0.0 {
                    ", la misma que sin el plan".to_string()
                } else if cost < 1.0 {
                    ", menos de un 1 % menos que sin el plan".to_string()
                } else {
                    format!(", un {} % menos que sin el plan", fmt_num(cost, 0, lang))
                }
            ),
            Lang::En => format!(
                "mean production is {}{}",
                per_year(li.mean_per_year_with_plan_t, lang),
                if li.cost_share <= 0.0 {
                    ", the same as without the plan".to_string()
                } else if cost < 1.0 {
                    ", less than 1 % below production without the plan".to_string()
                } else {
                    format!(", {} % less than without the plan", fmt_num(cost, 0, lang))
                }
            ),
        };
        let years = (
            self.first_cut_year.p10.map(libm::floor),
            self.first_cut_year.p90.map(libm::floor),
        );
        let partial = self.members_with_a_cut < self.members;
        let first_cut = match (years, lang) {
            ((Some(a), Some(b)), _) => {
                let when = match lang {
                    Lang::Es if a == b => format!("el primer recorte llega en {a}"),
                    Lang::En if a == b => format!("the first cut comes in {a}"),
                    Lang::Es => format!("el primer recorte llega entre {a} y {b}"),
                    Lang::En => format!("the first cut comes between {a} and {b}"),
                };
                match (partial, lang) {
                    (false, _) => when,
                    (true, Lang::Es) => format!(
                        "{when} (solo {} hay recorte)",
                        in_tenths(self.members_with_a_cut, self.members, lang)
                    ),
                    (true, Lang::En) => format!(
                        "{when} (a cut comes only {})",
                        in_tenths(self.members_with_a_cut, self.members, lang)
                    ),
                }
            }
            (_, Lang::Es) => "ninguna alerta llega a recortar el bombeo".to_string(),
            (_, Lang::En) => "no trigger ever cuts pumping".to_string(),
        };
        let bound = match (row.kept_stopping_at_first_fire, lang) {
            (true, _) => String::new(),
            (false, Lang::Es) => {
                "; ni parando todo el bombeo al primer aviso se cumpliría el límite".to_string()
            }
            (false, Lang::En) => {
                "; not even stopping all pumping at the first warning would keep the limit"
                    .to_string()
            }
        };
        Some(match lang {
            Lang::Es => format!("Con este plan, {what} {share}; {production}; {first_cut}{bound}."),
            Lang::En => {
                format!("With this plan, {what} {share}; {production}; {first_cut}{bound}.")
            }
        })
    }

    /// How often the plan's triggers would fire without the project (climate alone): "Sin el
    /// proyecto, el plan daría la alarma en 1 de cada 10 versiones de la cuenca, solo por el
    /// clima."
    pub fn false_alarm_sentence(&self, lang: Lang) -> String {
        let share = in_tenths(self.members_with_a_false_alarm, self.members, lang);
        match (self.members_with_a_false_alarm, lang) {
            (0, Lang::Es) => "Sin el proyecto, el plan no daría ninguna falsa alarma: el clima solo no dispara ningún umbral.".into(),
            (0, Lang::En) => "Without the project the plan raises no false alarm: the climate alone crosses no threshold.".into(),
            (_, Lang::Es) => format!("Sin el proyecto, el plan daría la alarma {share}, solo por el clima."),
            (_, Lang::En) => format!("Without the project the plan would raise the alarm {share}, from the climate alone."),
        }
    }
}

/// A spread of decimal years as whole years: "2034" or "entre 2031 y 2040".
fn year_span(s: &Spread, lang: Lang) -> Option<String> {
    let (a, b) = (libm::floor(s.p10?), libm::floor(s.p90?));
    Some(match lang {
        _ if a == b => format!("{a}"),
        Lang::Es => format!("entre {a} y {b}"),
        Lang::En => format!("between {a} and {b}"),
    })
}

impl PlanOutcome {
    /// How often and when trigger `k` fires, with the plan and from the climate alone (numbered
    /// as the page lists them, "Alerta 1"): "La alerta 1 se activa en 34 de 40 versiones de la
    /// cuenca, la primera vez entre 2031 y 2040 (P10–P90); sin el proyecto, solo por el clima, en
    /// 3 de 40."
    pub fn trigger_sentence(&self, k: usize, lang: Lang) -> Option<String> {
        let t = self.triggers.get(k)?;
        let (n, fired, alarms) = (
            self.members,
            t.members_firing,
            t.members_firing_without_project,
        );
        let number = k + 1;
        let when = year_span(&t.first_fire_year, lang);
        let rise = fmt_num(t.trigger.rise_m, 2, lang);
        // The pitfalls a table should see (early-warning-plans.md §4): a well the pumping cannot
        // move, and a threshold inside the water table's natural variation.
        let unreached = match lang {
            _ if t.members_reached > 0 => String::new(),
            Lang::Es => format!(" El bombeo no baja la napa allí {rise} m en ninguna versión: esta alerta solo puede activarse por el clima."),
            Lang::En => format!(" The pumping lowers the water table there by {rise} m in no version: this trigger can only fire on the climate."),
        };
        let natural = match (t.natural_sd_m, lang) {
            (Some(sd), Lang::Es) if t.trigger.rise_m < 2.0 * sd => format!(" El umbral de {rise} m está dentro de la variación natural de la napa allí (dos desvíos: {} m): puede dar falsas alarmas.", fmt_num(2.0 * sd, 2, lang)),
            (Some(sd), Lang::En) if t.trigger.rise_m < 2.0 * sd => format!(" The {rise} m threshold is within the water table's natural variation there (two standard deviations: {} m): it may raise false alarms.", fmt_num(2.0 * sd, 2, lang)),
            _ => String::new(),
        };
        let line = match (lang, when) {
            (Lang::Es, _) if fired == 0 => format!("La alerta {number} no se activa en ninguna de las {n} versiones de la cuenca; sin el proyecto, solo por el clima, en {alarms} de {n}."),
            (Lang::En, _) if fired == 0 => format!("Trigger {number} fires in none of the {n} versions of the basin; without the project, from the climate alone, in {alarms} of {n}."),
            (Lang::Es, Some(w)) => format!("La alerta {number} se activa en {fired} de {n} versiones de la cuenca, la primera vez {}{w} (P10–P90); sin el proyecto, solo por el clima, en {alarms} de {n}.", if w.starts_with("entre") { "" } else { "en " }),
            (Lang::En, Some(w)) => format!("Trigger {number} fires in {fired} of {n} versions of the basin, first {}{w} (P10–P90); without the project, from the climate alone, in {alarms} of {n}.", if w.starts_with("between") { "" } else { "in " }),
            (Lang::Es, None) => format!("La alerta {number} se activa en {fired} de {n} versiones de la cuenca; sin el proyecto, solo por el clima, en {alarms} de {n}."),
            (Lang::En, None) => format!("Trigger {number} fires in {fired} of {n} versions of the basin; without the project, from the climate alone, in {alarms} of {n}."),
        };
        Some(format!("{line}{unreached}{natural}"))
    }

    /// Whether limit `k` breaks despite a warning (the plan fired, but its cut came too small or
    /// too late) or with none: "En Vega de Santa Rosa, con el plan el límite se rompe en 20 de 40
    /// versiones después de un aviso, que llega 2 a 9 años antes (P10–P90): el recorte es chico o
    /// tardío; en 3, sin ningún aviso antes." `None` when it breaks in no member.
    pub fn warning_sentence(&self, k: usize, place: &str, lang: Lang) -> Option<String> {
        let row = self.limits.get(k)?;
        let (n, warned, unwarned) = (
            self.members,
            row.members_breaking_after_a_fire,
            row.members_breaking_without_warning,
        );
        if warned + unwarned == 0 {
            return None;
        }
        let lead = match (row.lead_time_years.p10, row.lead_time_years.p90) {
            (Some(a), Some(b)) => {
                let (a, b) = (fmt_num(a, 0, lang), fmt_num(b, 0, lang));
                match lang {
                    Lang::Es if a == b => format!(", que llega unos {a} años antes"),
                    Lang::En if a == b => format!(", which comes about {a} years before"),
                    Lang::Es => format!(", que llega {a} a {b} años antes (P10–P90)"),
                    Lang::En => format!(", which comes {a} to {b} years before (P10–P90)"),
                }
            }
            _ => String::new(),
        };
        Some(match lang {
            Lang::Es if warned == 0 => format!("En {place}, con el plan el límite se rompe en {unwarned} de {n} versiones sin ningún aviso antes: ninguna alerta se activa a tiempo."),
            Lang::En if warned == 0 => format!("At {place}, with the plan the limit breaks in {unwarned} of {n} versions with no warning before: no trigger fires in time."),
            Lang::Es if unwarned == 0 => format!("En {place}, con el plan el límite se rompe en {warned} de {n} versiones después de un aviso{lead}: el recorte es chico o tardío; en ninguna se rompe sin aviso."),
            Lang::En if unwarned == 0 => format!("At {place}, with the plan the limit breaks in {warned} of {n} versions after a warning{lead}: the cut is too small or too late; in none does it break unwarned."),
            Lang::Es => format!("En {place}, con el plan el límite se rompe en {warned} de {n} versiones después de un aviso{lead}: el recorte es chico o tardío; en {unwarned}, sin ningún aviso antes."),
            Lang::En => format!("At {place}, with the plan the limit breaks in {warned} of {n} versions after a warning{lead}: the cut is too small or too late; in {unwarned}, with no warning before."),
        })
    }
}

impl PlanOutcome {
    /// Every sentence of the outcome, as the page lists them: each limit's with the plan (its
    /// place named as `basin` names it), then the false alarms.
    pub fn sentences(&self, basin: &Basin, lang: Lang) -> Vec<String> {
        let mut out: Vec<String> = (0..self.limits.len())
            .filter_map(|k| {
                let site = &self.limits[k].limit.site;
                let place = basin.site(site).map_or(site.as_str(), |s| match lang {
                    Lang::Es => s.name_es.as_str(),
                    Lang::En => s.name_en.as_str(),
                });
                self.sentence(k, place, lang)
            })
            .collect();
        out.push(self.false_alarm_sentence(lang));
        out
    }
}

/// Run the scenario's ensemble without the plan, with it and with its bound, and compare them.
pub fn plan_outcome(
    basin: &Basin,
    scenario: &Scenario,
    plan: &Plan,
    limits: &[Limit],
    spec: &EnsembleSpec,
) -> Result<PlanOutcome, EnvelopeError> {
    let opts = |plan: Plan| RunOptions {
        plan,
        ..RunOptions::default()
    };
    let without = run_ensemble_with_options(basin, scenario, spec, &RunOptions::default())?;
    let with = run_ensemble_with_options(basin, scenario, spec, &opts(plan.clone()))?;
    let bound = run_ensemble_with_options(basin, scenario, spec, &opts(stop_at_first_fire(plan)))?;
    PlanOutcome::from_ensembles(plan, limits, &without, &with, &bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shares are said in tenths rounded down: 19 of 20 is "9 of 10", never "10 of 10".
    #[test]
    fn shares_are_said_in_tenths_rounded_down() {
        assert_eq!(
            in_tenths(19, 20, Lang::Es),
            "en 9 de cada 10 versiones de la cuenca"
        );
        assert_eq!(
            in_tenths(17, 20, Lang::En),
            "in 8 of 10 versions of the basin"
        );
        assert_eq!(
            in_tenths(20, 20, Lang::Es),
            "en todas las versiones de la cuenca"
        );
        assert_eq!(in_tenths(0, 20, Lang::En), "in no version of the basin");
        assert_eq!(
            in_tenths(1, 20, Lang::Es),
            "en menos de 1 de cada 10 versiones de la cuenca"
        );
    }

    /// Production per year with two significant figures.
    #[test]
    fn production_is_said_with_two_figures() {
        assert_eq!(per_year(18_432.0, Lang::Es), "unas 18 mil t/año");
        assert_eq!(per_year(4_460.0, Lang::Es), "unas 4,5 mil t/año");
        assert_eq!(per_year(847.0, Lang::Es), "unas 850 t/año");
        assert_eq!(per_year(18_432.0, Lang::En), "about 18,000 t/yr");
    }

    #[test]
    fn the_bound_stops_everything_for_good() {
        let plan = Plan {
            triggers: vec![Trigger {
                site: "vega_este".into(),
                rise_m: 0.3,
                persistence_months: 4,
                target: CutTarget::Brine,
                cut: 0.25,
                delay_months: 6,
            }],
            permanent: false,
        };
        let b = stop_at_first_fire(&plan);
        assert!(b.permanent);
        let t = &b.triggers[0];
        assert_eq!((t.target, t.cut), (CutTarget::All, 1.0));
        assert_eq!(
            (t.rise_m, t.persistence_months, t.delay_months),
            (0.3, 4, 6)
        );
    }
}
