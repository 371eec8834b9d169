//! An early-warning plan (*plan de alerta temprana*): staged triggers, each a water-table reading
//! at a named site that, once it has stayed too far below its pre-project level for long enough,
//! cuts the project's pumping after a delay, until the level has recovered for long enough.
//!
//! # What a trigger reads
//! What a monitoring well could measure: the member's own water table at the site's cell, not
//! the drawdown the project causes (which needs the no-project run no one can observe). The
//! reading is the rise of the depth to water over the site's **baseline**: for each calendar
//! month, the mean of that month's water table over the run's months before production starts
//! (the last [`BASELINE_MAX_MONTHS`] of them) when there are at least [`BASELINE_MIN_MONTHS`];
//! otherwise the run's initial (steady) water table. A same-month mean, not a plain one, because
//! the vegas' water tables swing by up to ~0.7 m over a year in this basin: against a plain mean
//! every dry season would read as a rise. The baseline is fixed once production starts (a
//! rolling one would normalise decline, the "shifting baseline").
//!
//! # When it fires and when it releases
//! Cuts are decided at the start of a month from last month's reading, as the protection rule
//! does. A trigger **fires** in month `k + 1` once the readings of `persistence_months`
//! consecutive months up to month `k` were each more than `rise_m` over the baseline. Its cut
//! applies from `delay_months` after firing (reading, reporting, decision and works). It is
//! **released** — its cut lifts at once — after [`RELEASE_MONTHS`] consecutive readings under
//! [`RELEASE_SHARE`] × `rise_m`: hysteresis, so a level hovering at the threshold does not switch
//! the wells on and off each month. A released trigger is armed again and may fire anew.
//!
//! # How cuts combine
//! Higher phases add to lower ones: the cuts of every trigger in force on a target add up, capped
//! at 100 %. Brine pumping and the project's process fresh water are cut separately; the camp's
//! water is not cut. The protection lever's cut, if any, adds to the plan's on both.

use serde::{Deserialize, Serialize};

use crate::lang::{fmt_num, Lang};

/// Consecutive monthly readings over the threshold before a trigger fires, unless it says.
pub const DEFAULT_PERSISTENCE_MONTHS: u32 = 3;
/// A fired trigger releases once the reading is under this share of its rise…
pub const RELEASE_SHARE: f64 = 0.5;
/// …for this many consecutive monthly readings.
pub const RELEASE_MONTHS: u32 = 6;
/// Fewest months before production for a same-month baseline (one of each calendar month).
pub const BASELINE_MIN_MONTHS: usize = 12;
/// Most months before production the baseline averages (ten years, as agreed limits use).
pub const BASELINE_MAX_MONTHS: usize = 120;

/// What a trigger's action cuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CutTarget {
    /// Brine pumping (every wellfield cell, in proportion).
    Brine,
    /// The project's process fresh water, from its fresh-water wells.
    Fresh,
    /// Both.
    All,
}

impl CutTarget {
    pub fn key(self) -> &'static str {
        match self {
            CutTarget::Brine => "brine",
            CutTarget::Fresh => "fresh",
            CutTarget::All => "all",
        }
    }

    pub fn from_key(key: &str) -> Option<CutTarget> {
        match key {
            "brine" => Some(CutTarget::Brine),
            "fresh" => Some(CutTarget::Fresh),
            "all" => Some(CutTarget::All),
            _ => None,
        }
    }

    fn cuts_brine(self) -> bool {
        self != CutTarget::Fresh
    }

    fn cuts_fresh(self) -> bool {
        self != CutTarget::Brine
    }
}

/// "If the water table at the east vega is more than 0.3 m below its baseline for 3 months,
/// cut brine pumping by 25 %, 6 months later."
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trigger {
    /// A named site of the basin (as limits use).
    pub site: String,
    /// Rise of the depth to water over the baseline that counts as over the threshold, m.
    pub rise_m: f64,
    /// Consecutive monthly readings over the threshold before it fires (≥ 1).
    pub persistence_months: u32,
    pub target: CutTarget,
    /// Share of the target's pumping cut while in force (0–1; 1 stops it).
    pub cut: f64,
    /// Months from firing to the cut taking effect.
    pub delay_months: u32,
}

impl Trigger {
    /// The trigger in words: "Si la napa en Vega del borde este queda más de 0,3 m por debajo de
    /// su nivel antes del proyecto durante 3 meses seguidos, se recorta un 25 % el bombeo de
    /// salmuera, 6 meses después."
    pub fn sentence(&self, place: &str, lang: Lang) -> String {
        let rise = fmt_num(self.rise_m, if self.rise_m < 1.0 { 2 } else { 1 }, lang);
        let cut = fmt_num(100.0 * self.cut, 0, lang);
        let (n, d) = (self.persistence_months, self.delay_months);
        match lang {
            Lang::Es => {
                let what = match self.target {
                    CutTarget::Brine => "el bombeo de salmuera",
                    CutTarget::Fresh => "el bombeo de agua dulce para el proceso",
                    CutTarget::All => "todo el bombeo del proyecto",
                };
                let action = if self.cut >= 1.0 {
                    format!("se detiene {what}")
                } else {
                    format!("se recorta un {cut} % {what}")
                };
                format!(
                    "Si la napa en {place} queda más de {rise} m por debajo de su nivel antes del proyecto durante {n} {} seguidos, {action}, {d} {} después.",
                    if n == 1 { "mes" } else { "meses" },
                    if d == 1 { "mes" } else { "meses" }
                )
            }
            Lang::En => {
                let what = match self.target {
                    CutTarget::Brine => "brine pumping",
                    CutTarget::Fresh => "process fresh-water pumping",
                    CutTarget::All => "all the project's pumping",
                };
                let action = if self.cut >= 1.0 {
                    format!("{what} stops")
                } else {
                    format!("{what} is cut by {cut} %")
                };
                format!(
                    "If the water table at {place} stays more than {rise} m below its level before the project for {n} {} in a row, {action}, {d} {} later.",
                    if n == 1 { "month" } else { "months" },
                    if d == 1 { "month" } else { "months" }
                )
            }
        }
    }

    /// Reading under which a fired trigger counts towards its release, m.
    pub fn release_rise_m(&self) -> f64 {
        RELEASE_SHARE * self.rise_m
    }
}

/// Triggers in phase order (the order only names them: cuts add up whatever it is).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub triggers: Vec<Trigger>,
    /// Cuts never lift once in force (no release): the "stop everything at the first fire"
    /// bound a plan is compared with.
    pub permanent: bool,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.triggers.is_empty()
    }

    /// This month's cuts (brine, fresh), each the capped sum of the cuts of the triggers in
    /// force on it; `clocks` in trigger order.
    pub fn cuts(&self, clocks: &[TriggerClock], month: usize) -> (f64, f64) {
        let (mut brine, mut fresh) = (0.0, 0.0);
        for (t, c) in self.triggers.iter().zip(clocks) {
            if c.in_force(t, month) {
                if t.target.cuts_brine() {
                    brine += t.cut;
                }
                if t.target.cuts_fresh() {
                    fresh += t.cut;
                }
            }
        }
        (f64::min(brine, 1.0), f64::min(fresh, 1.0))
    }
}

/// What happened to a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanEventKind {
    Fired,
    Released,
}

/// A trigger firing or being released, in the month the decision is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEvent {
    /// Index of the trigger in its plan.
    pub trigger: usize,
    pub kind: PlanEventKind,
    /// Month index in the run.
    pub month_index: usize,
    pub year: i32,
    pub month: u8,
}

/// What a plan did in one run, month by month (month indices are the run's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRun {
    pub triggers: Vec<Trigger>,
    /// First month with production, when the readings start (`None`: the project never
    /// produces, and nothing is read).
    pub production_start_month: Option<usize>,
    /// Each trigger's baseline depth to water by calendar month (January first), m.
    pub baseline_depth_m: Vec<[f64; 12]>,
    /// Whether the baseline is the mean of months before production (`true`) or, with fewer
    /// than [`BASELINE_MIN_MONTHS`] of them, the initial water table.
    pub baseline_from_pre_project_months: bool,
    /// Each trigger's reading (rise of the depth to water over its baseline) of every month
    /// from production on (NaN before), m.
    pub rise_m: Vec<Vec<f64>>,
    /// Whether each trigger's cut applies in each month: `in_force[trigger][month]`.
    pub in_force: Vec<Vec<bool>>,
    /// The plan's combined cut on brine and on process fresh water in each month (0–1; the
    /// protection lever's cut is not included).
    pub brine_cut: Vec<f64>,
    pub fresh_cut: Vec<f64>,
    /// Firings and releases, in order.
    pub events: Vec<PlanEvent>,
    /// Firings and releases the same triggers would have had in the no-project run under the
    /// same climate, from the same month and baseline: alarms that natural variability alone
    /// raises.
    pub no_project_events: Vec<PlanEvent>,
}

impl PlanRun {
    /// Month index of a trigger's first firing, in the run or in the no-project run.
    pub fn first_fire(&self, trigger: usize, no_project: bool) -> Option<usize> {
        let events = if no_project {
            &self.no_project_events
        } else {
            &self.events
        };
        events
            .iter()
            .find(|e| e.trigger == trigger && e.kind == PlanEventKind::Fired)
            .map(|e| e.month_index)
    }
}

/// One trigger's state as its monthly readings arrive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TriggerClock {
    /// Consecutive readings over the threshold (while armed) or under the release level (while
    /// fired).
    run: u32,
    /// Month it fired, while it has not been released.
    fired: Option<usize>,
}

impl TriggerClock {
    /// Take month `k`'s reading (`rise_m` of the depth to water over the baseline); returns what
    /// the reading decides for month `k + 1`. A reading that is not a number counts neither
    /// over nor under, and breaks a run of either. A trigger that `releases` not stays fired.
    pub fn read(
        &mut self,
        t: &Trigger,
        k: usize,
        rise_m: f64,
        releases: bool,
    ) -> Option<PlanEventKind> {
        match self.fired {
            None => {
                self.run = if rise_m > t.rise_m { self.run + 1 } else { 0 };
                if self.run >= t.persistence_months.max(1) {
                    *self = TriggerClock {
                        run: 0,
                        fired: Some(k + 1),
                    };
                    return Some(PlanEventKind::Fired);
                }
            }
            Some(_) if releases => {
                self.run = if rise_m < t.release_rise_m() {
                    self.run + 1
                } else {
                    0
                };
                if self.run >= RELEASE_MONTHS {
                    *self = TriggerClock::default();
                    return Some(PlanEventKind::Released);
                }
            }
            Some(_) => {}
        }
        None
    }

    /// Whether the trigger's cut applies in `month`: fired, not released, and its delay over.
    pub fn in_force(&self, t: &Trigger, month: usize) -> bool {
        self.fired
            .is_some_and(|f| month >= f + t.delay_months as usize)
    }

    /// Whether the trigger has fired and not been released.
    pub fn is_fired(&self) -> bool {
        self.fired.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigger(rise_m: f64, persistence_months: u32, delay_months: u32) -> Trigger {
        Trigger {
            site: "vega_este".into(),
            rise_m,
            persistence_months,
            target: CutTarget::Brine,
            cut: 0.25,
            delay_months,
        }
    }

    /// Fires the month after the `persistence`-th consecutive reading over the threshold, not
    /// before; a reading at the threshold is not over it.
    #[test]
    fn fires_after_persistence_and_releases_after_six_months_under_half() {
        let t = trigger(0.3, 3, 2);
        let mut c = TriggerClock::default();
        let readings = [
            0.4, 0.4, 0.3, 0.4, 0.4, 0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1,
        ];
        let mut events = Vec::new();
        for (k, &r) in readings.iter().enumerate() {
            if let Some(e) = c.read(&t, k, r, true) {
                events.push((k + 1, e));
            }
        }
        // Over at 3, 4, 5 → fires in 6; under 0.15 from 7 to 12 → released in 13.
        assert_eq!(
            events,
            vec![(6, PlanEventKind::Fired), (13, PlanEventKind::Released)]
        );
        let mut c = TriggerClock::default();
        for (k, &r) in readings[..6].iter().enumerate() {
            c.read(&t, k, r, true);
        }
        assert!(!c.in_force(&t, 7), "the delay of 2 months is not over");
        assert!(c.in_force(&t, 8));
        // A permanent plan never releases.
        let mut c = TriggerClock::default();
        for (k, &r) in readings.iter().enumerate() {
            c.read(&t, k, r, false);
        }
        assert!(c.is_fired() && c.in_force(&t, 100));
    }

    /// Higher phases add to lower ones, capped at a full stop, each on its own target.
    #[test]
    fn cuts_add_up_per_target_and_cap_at_one() {
        let mut a = trigger(0.1, 1, 0);
        a.cut = 0.6;
        let mut b = trigger(0.2, 1, 0);
        b.cut = 0.7;
        b.target = CutTarget::All;
        let plan = Plan {
            triggers: vec![a.clone(), b.clone()],
            permanent: false,
        };
        let mut clocks = vec![TriggerClock::default(); 2];
        clocks[0].read(&a, 0, 0.15, true);
        clocks[1].read(&b, 0, 0.15, true);
        assert_eq!(plan.cuts(&clocks, 1), (0.6, 0.0));
        clocks[1].read(&b, 1, 0.25, true);
        assert_eq!(plan.cuts(&clocks, 2), (1.0, 0.7));
        assert_eq!(plan.cuts(&clocks, 0), (0.0, 0.0), "nothing before firing");
    }
}
