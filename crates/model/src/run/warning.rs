//! An early-warning plan inside a run ([`crate::negotiation::plan`] for its rules): each
//! trigger's site resolved to a cell, its baseline taken from the run's own months before
//! production, and its reading fed to its clock month by month. The same watch replays over the
//! no-project run's water tables to count the alarms the climate alone raises.

use crate::basin::Basin;
use crate::negotiation::plan::{
    Plan, PlanEvent, PlanRun, TriggerClock, BASELINE_MAX_MONTHS, BASELINE_MIN_MONTHS,
};
use crate::physics::climate::MonthClimate;
use crate::physics::operations::ProjectPlan;

use super::setup::Setup;
use super::RunError;

/// A plan resolved for a basin: each trigger's cell.
pub(crate) struct WarningSetup {
    pub plan: Plan,
    pub cells: Vec<usize>,
}

impl WarningSetup {
    /// `None` for a plan with no triggers (the run is then the run without a plan); an error for
    /// a trigger at a site the basin does not name.
    pub(crate) fn new(basin: &Basin, plan: &Plan) -> Result<Option<WarningSetup>, RunError> {
        if plan.is_empty() {
            return Ok(None);
        }
        let cells = plan
            .triggers
            .iter()
            .map(|t| {
                basin
                    .site(&t.site)
                    .map(|s| s.cell)
                    .ok_or_else(|| RunError::UnknownSite {
                        site: t.site.clone(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(WarningSetup {
            plan: plan.clone(),
            cells,
        }))
    }
}

/// Mid-month time of a month, in years (what production is evaluated at).
pub(crate) fn mid_month_year(cm: &MonthClimate) -> f64 {
    cm.year as f64 + (cm.month as f64 - 0.5) / 12.0
}

/// A plan's state through one run.
pub(crate) struct Watch<'a> {
    w: &'a WarningSetup,
    /// Each trigger's baseline water table by calendar month, m (set at the first reading).
    baseline_wt: Vec<[f64; 12]>,
    clocks: Vec<TriggerClock>,
    pub record: PlanRun,
}

impl<'a> Watch<'a> {
    /// A watch over a run of `setup`'s months whose project follows `project`; `h0` the
    /// initial heads.
    pub(crate) fn new(
        setup: &Setup,
        w: &'a WarningSetup,
        project: &ProjectPlan,
        h0: &[f64],
    ) -> Watch<'a> {
        let months = setup.climate.len();
        let start = setup
            .climate
            .iter()
            .position(|cm| project.production_at(mid_month_year(cm)) > 0.0);
        let n = w.plan.triggers.len();
        let initial: Vec<[f64; 12]> = w
            .cells
            .iter()
            .map(|&c| [setup.gw.water_table_m(c, h0); 12])
            .collect();
        Watch {
            w,
            baseline_wt: initial,
            clocks: vec![TriggerClock::default(); n],
            record: PlanRun {
                triggers: w.plan.triggers.clone(),
                production_start_month: start,
                baseline_depth_m: Vec::new(),
                baseline_from_pre_project_months: start.is_some_and(|s| s >= BASELINE_MIN_MONTHS),
                rise_m: vec![vec![f64::NAN; months]; n],
                in_force: vec![Vec::with_capacity(months); n],
                brine_cut: Vec::with_capacity(months),
                fresh_cut: Vec::with_capacity(months),
                events: Vec::new(),
                no_project_events: Vec::new(),
            },
        }
    }

    /// Fix the baseline from the months before production (`heads[cell][month]`, water tables).
    fn set_baseline(&mut self, setup: &Setup, heads: &[Vec<f64>], start: usize) {
        if start >= BASELINE_MIN_MONTHS {
            let from = start.saturating_sub(BASELINE_MAX_MONTHS);
            for (k, &c) in self.w.cells.iter().enumerate() {
                let (mut sum, mut count) = ([0.0; 12], [0.0; 12]);
                for j in from..start {
                    let cal = setup.climate[j].month as usize - 1;
                    sum[cal] += heads[c][j];
                    count[cal] += 1.0;
                }
                for cal in 0..12 {
                    self.baseline_wt[k][cal] = sum[cal] / count[cal];
                }
            }
        }
        self.record.baseline_depth_m = self
            .w
            .cells
            .iter()
            .zip(&self.baseline_wt)
            .map(|(&c, b)| b.map(|wt| setup.gw.ground[c] - wt))
            .collect();
    }

    /// Read month `k`'s water tables (`heads[cell][k]`); the readings decide month `k + 1`,
    /// which must be in the run. Nothing is read before production starts.
    pub(crate) fn read(&mut self, setup: &Setup, heads: &[Vec<f64>], k: usize) {
        let Some(start) = self.record.production_start_month else {
            return;
        };
        if k < start {
            return;
        }
        if k == start {
            self.set_baseline(setup, heads, start);
        }
        let cal = setup.climate[k].month as usize - 1;
        for (i, t) in self.w.plan.triggers.iter().enumerate() {
            let rise = self.baseline_wt[i][cal] - heads[self.w.cells[i]][k];
            self.record.rise_m[i][k] = rise;
            if let Some(kind) = self.clocks[i].read(t, k, rise, !self.w.plan.permanent) {
                // The last month's reading is never read (it would decide a month after the
                // run), so the month it decides is in the run.
                let next = &setup.climate[k + 1];
                self.record.events.push(PlanEvent {
                    trigger: i,
                    kind,
                    month_index: k + 1,
                    year: next.year,
                    month: next.month,
                });
            }
        }
    }

    /// The plan's cuts (brine, fresh) in `month`, recorded.
    pub(crate) fn cuts(&mut self, month: usize) -> (f64, f64) {
        let (brine, fresh) = self.w.plan.cuts(&self.clocks, month);
        for ((t, c), f) in self
            .w
            .plan
            .triggers
            .iter()
            .zip(&self.clocks)
            .zip(&mut self.record.in_force)
        {
            f.push(c.in_force(t, month));
        }
        self.record.brine_cut.push(brine);
        self.record.fresh_cut.push(fresh);
        (brine, fresh)
    }

    /// The events the same triggers have over another run's water tables (the no-project run),
    /// read from the same production start; cuts change nothing there.
    pub(crate) fn replay(
        setup: &Setup,
        w: &'a WarningSetup,
        project: &ProjectPlan,
        h0: &[f64],
        heads: &[Vec<f64>],
    ) -> Vec<PlanEvent> {
        let mut watch = Watch::new(setup, w, project, h0);
        // As in the run, the last month's reading decides nothing within it.
        for k in 0..setup.climate.len().saturating_sub(1) {
            watch.read(setup, heads, k);
        }
        watch.record.events
    }
}
