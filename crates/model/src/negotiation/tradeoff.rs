//! The trade-off map: over a grid of two levers the person picks (production × DLE share,
//! production × reinjection, …), how many of the agreed limits each combination keeps at its
//! confidence across the ensemble, everything else as in the scenario.
//!
//! A coarse grid, not a search for the edge: with more than one limit the count of limits kept
//! has several edges, and each cell must decide every limit, not only the first one broken.
//! Cells are judged one member run at a time ([`super::judge`]), each stopping once every
//! limit's verdict is certain; members that broke limits in more cells run first.

use serde::Serialize;

use crate::basin::Basin;
use crate::lang::{fmt_num, Lang};
use crate::negotiation::envelope::EnvelopeError;
use crate::negotiation::judge::{Members, Trial};
use crate::negotiation::limits::{Limit, LimitOutcome};
use crate::scenario::levers::LeverId;
use crate::scenario::Scenario;
use crate::uncertainty::design::EnsembleSpec;

/// Levers a map can be drawn over: the project's decisions and the climate, each with a range of
/// numbers (not a choice among places or sources).
pub const MAP_LEVERS: [LeverId; 9] = [
    LeverId::Production,
    LeverId::DleShare,
    LeverId::Reinjection,
    LeverId::SharePg,
    LeverId::LifeYears,
    LeverId::FreshPerTonneDle,
    LeverId::FreshPerTonnePonds,
    LeverId::PrecipChange,
    LeverId::Warming,
];

/// Values along the map's horizontal and vertical axes.
pub const MAP_COLUMNS: usize = 6;
pub const MAP_ROWS: usize = 5;

/// Production axes reach at least this far (t LCE/yr), so a scenario without production still
/// gets a map worth reading.
const MIN_PRODUCTION_SPAN_T_PER_YR: f64 = 10_000.0;

/// One axis: a lever and the values tried along it, in increasing order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapAxis {
    pub lever: LeverId,
    pub values: Vec<f64>,
}

impl MapAxis {
    /// `points` values from the lever's minimum, snapped to its step. Production goes up to
    /// twice the scenario's (at least [`MIN_PRODUCTION_SPAN_T_PER_YR`]): its full range reaches
    /// 150,000 t/yr, and a map that wide would put every limit's edge in its first column.
    /// Other levers span their whole range.
    pub fn for_scenario(lever: LeverId, scenario: &Scenario, points: usize) -> MapAxis {
        let spec = lever.spec();
        let top = if lever == LeverId::Production {
            (2.0 * scenario.get(lever)).clamp(MIN_PRODUCTION_SPAN_T_PER_YR, spec.max)
        } else {
            spec.max
        };
        let points = points.max(2);
        let mut values: Vec<f64> = (0..points)
            .map(|k| {
                let v = spec.min + (top - spec.min) * k as f64 / (points - 1) as f64;
                ((v - spec.min) / spec.step).round() * spec.step + spec.min
            })
            .map(|v| v.clamp(spec.min, spec.max))
            .collect();
        values.dedup();
        MapAxis { lever, values }
    }
}

/// One combination of the two levers and what it keeps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapCell {
    pub x: f64,
    pub y: f64,
    /// Limits kept at their confidence.
    pub limits_kept: usize,
    /// Members run before every verdict was certain (the counts below are over them).
    pub members_run: usize,
    pub outcomes: Vec<LimitOutcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TradeoffMap {
    pub x: MapAxis,
    pub y: MapAxis,
    pub limits: usize,
    /// Members each cell is judged on.
    pub members: usize,
    /// Member runs made in all.
    pub member_runs: usize,
    /// Row by row: `cells[j * x.values.len() + i]` is at `(x.values[i], y.values[j])`.
    pub cells: Vec<MapCell>,
}

impl TradeoffMap {
    /// The cell at `(x.values[i], y.values[j])`.
    pub fn cell(&self, i: usize, j: usize) -> Option<&MapCell> {
        if i >= self.x.values.len() {
            return None;
        }
        self.cells.get(j * self.x.values.len() + i)
    }

    /// Cells that keep every limit.
    pub fn all_kept(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| c.limits_kept == self.limits)
            .count()
    }

    /// The map in one sentence: "De las 30 combinaciones de Producción de litio y Parte por
    /// extracción directa (EDL) probadas, 4 respetan los 3 límites y 11 ninguno (con 40 versiones
    /// de la cuenca)."
    pub fn sentence(&self, lang: Lang) -> String {
        let (cells, n, members) = (self.cells.len(), self.limits, self.members);
        let all = self.all_kept();
        let none = self.cells.iter().filter(|c| c.limits_kept == 0).count();
        let (x, y) = (self.x.lever.spec(), self.y.lever.spec());
        match lang {
            Lang::Es => {
                let (x, y) = (lower_first(x.label_es), lower_first(y.label_es));
                let kept = if n == 1 {
                    "respetan el límite".to_string()
                } else {
                    format!("respetan los {n} límites")
                };
                let none = if n == 1 {
                    format!("{} no", cells - all)
                } else {
                    format!("{none} ninguno")
                };
                format!("De las {cells} combinaciones probadas de {x} y {y}, {all} {kept} y {none} (con {members} versiones de la cuenca).")
            }
            Lang::En => {
                let (x, y) = (lower_first(x.label_en), lower_first(y.label_en));
                let kept = if n == 1 {
                    "keep the limit".to_string()
                } else if n == 2 {
                    "keep both limits".to_string()
                } else {
                    format!("keep all {n} limits")
                };
                let none = if n == 1 {
                    format!("{} do not", cells - all)
                } else {
                    format!("{none} keep none")
                };
                format!("Of the {cells} combinations of {x} and {y} tried, {all} {kept} and {none} (with {members} versions of the basin).")
            }
        }
    }

    /// A cell in words, for its tooltip and for a screen reader: "24.000 t LCE/año, 50 %: 2
    /// de 3 límites".
    pub fn cell_label(&self, cell: &MapCell, lang: Lang) -> String {
        let value = |lever: LeverId, v: f64| {
            let spec = lever.spec();
            let digits = if spec.step < 1.0 { 1 } else { 0 };
            format!("{} {}", fmt_num(v, digits, lang), spec.unit_in(lang))
        };
        let (x, y) = (value(self.x.lever, cell.x), value(self.y.lever, cell.y));
        match lang {
            Lang::Es => format!("{x}, {y}: {} de {} límites", cell.limits_kept, self.limits),
            Lang::En => format!("{x}, {y}: {} of {} limits", cell.limits_kept, self.limits),
        }
    }
}

/// A label inside a sentence: "Lithium production" → "lithium production" (acronyms kept).
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Why a map cannot be drawn over two levers.
#[derive(Debug, Clone, PartialEq)]
pub enum MapAxesError {
    NotOnMap(LeverId),
    Same,
}

impl std::fmt::Display for MapAxesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MapAxesError::NotOnMap(l) => write!(
                f,
                "`{}` cannot be an axis of the map (it takes one of: {})",
                l.spec().key,
                MAP_LEVERS.map(|l| l.spec().key).join(", ")
            ),
            MapAxesError::Same => write!(f, "the map needs two different levers"),
        }
    }
}

/// The two levers checked: both on [`MAP_LEVERS`], and different.
pub fn map_axes(x: LeverId, y: LeverId) -> Result<(LeverId, LeverId), MapAxesError> {
    for l in [x, y] {
        if !MAP_LEVERS.contains(&l) {
            return Err(MapAxesError::NotOnMap(l));
        }
    }
    if x == y {
        return Err(MapAxesError::Same);
    }
    Ok((x, y))
}

/// The map, one member run at a time (for a browser worker); [`tradeoff_map`] runs it to the
/// end.
pub struct TradeoffSearch {
    scenario: Scenario,
    members: Members,
    x: MapAxis,
    y: MapAxis,
    /// Cells in which each member broke a limit: members that broke more run first.
    breaks: Vec<usize>,
    cells: Vec<MapCell>,
    trial: Option<Trial>,
}

impl TradeoffSearch {
    /// The map over `x` and `y` (checked with [`map_axes`]), each on the axis
    /// [`MapAxis::for_scenario`] gives it.
    pub fn new(
        basin: Basin,
        scenario: &Scenario,
        limits: &[Limit],
        spec: &EnsembleSpec,
        x: LeverId,
        y: LeverId,
    ) -> TradeoffSearch {
        let members = Members::new(basin, limits, spec);
        TradeoffSearch {
            breaks: vec![0; members.len()],
            members,
            x: MapAxis::for_scenario(x, scenario, MAP_COLUMNS),
            y: MapAxis::for_scenario(y, scenario, MAP_ROWS),
            scenario: scenario.clone(),
            cells: Vec::new(),
            trial: None,
        }
    }

    fn total(&self) -> usize {
        self.x.values.len() * self.y.values.len()
    }

    /// Runs one member in the cell being judged. `Ok(true)` while cells are left.
    pub fn step(&mut self) -> Result<bool, EnvelopeError> {
        let k = self.cells.len();
        if k >= self.total() {
            return Ok(false);
        }
        let columns = self.x.values.len();
        let (x, y) = (self.x.values[k % columns], self.y.values[k / columns]);
        let (members, breaks) = (&self.members, &self.breaks);
        let trial = self.trial.get_or_insert_with(|| {
            let mut order: Vec<usize> = (0..breaks.len()).collect();
            // A stable sort: among equals, the design's order.
            crate::sorting::sort_by(&mut order, |&a, &b| breaks[b].cmp(&breaks[a]));
            let scenario = self
                .scenario
                .clone()
                .with(self.x.lever, x)
                .with(self.y.lever, y);
            members.trial(scenario, order)
        });
        let (m, broke) = self.members.run_next(trial)?;
        if broke {
            self.breaks[m] += 1;
        }
        let verdicts = self.members.verdicts(trial);
        if verdicts.iter().all(Option::is_some) || trial.members_run() == self.members.len() {
            self.cells.push(MapCell {
                x,
                y,
                limits_kept: verdicts.iter().filter(|v| **v == Some(true)).count(),
                members_run: trial.members_run(),
                outcomes: trial.outcomes(),
            });
            self.trial = None;
        }
        Ok(self.cells.len() < self.total())
    }

    /// (cells decided, cells in all, member runs made).
    pub fn progress(&self) -> (usize, usize, usize) {
        (self.cells.len(), self.total(), self.members.runs)
    }

    /// The map so far: the cells decided, in row order.
    pub fn map(&self) -> TradeoffMap {
        TradeoffMap {
            x: self.x.clone(),
            y: self.y.clone(),
            limits: self.members.limits().len(),
            members: self.members.len(),
            member_runs: self.members.runs,
            cells: self.cells.clone(),
        }
    }

    pub fn is_done(&self) -> bool {
        self.cells.len() == self.total()
    }
}

/// The whole map.
pub fn tradeoff_map(
    basin: &Basin,
    scenario: &Scenario,
    limits: &[Limit],
    spec: &EnsembleSpec,
    x: LeverId,
    y: LeverId,
) -> Result<TradeoffMap, EnvelopeError> {
    let mut search = TradeoffSearch::new(basin.clone(), scenario, limits, spec, x, y);
    while search.step()? {}
    Ok(search.map())
}
