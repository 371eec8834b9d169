//! A facilitator's board as plain data: each participant's headline figures, their spread across
//! the group (minimum, median, maximum, and whose they are), and the lines of the board's charts.

use cuenca_model::Results;

use crate::chart_data::{x_years, ChartData, Line, PALETTE};
use crate::i18n::{pick, Lang};

/// The four figures every card and the phone's bar lead with, as numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Headline {
    /// Lithium produced over the run (t LCE).
    pub lithium_t_lce: f64,
    /// The village's largest drawdown (against today's climate when the climate changes), m.
    pub village_drop_m: f64,
    /// Vega green area lost against no project, the last decade's mean (%).
    pub vega_lost_pct: f64,
    /// Change of spring flow against no project, the last decade's mean (%).
    pub spring_change_pct: f64,
}

impl Headline {
    pub fn of(r: &Results) -> Headline {
        let ind = &r.indicators;
        let village = ind.sites.iter().find(|s| s.kind == "village");
        Headline {
            lithium_t_lce: ind.lithium_total_t_lce,
            village_drop_m: village.map_or(0.0, |s| {
                s.max_drawdown_vs_today.map_or(s.max_drawdown_m, |(v, _)| v)
            }),
            vega_lost_pct: ind.vega_area_lost_pct,
            spring_change_pct: ind.spring_flow_change_pct,
        }
    }
}

/// A column of the board's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Lithium,
    Village,
    Vegas,
    Springs,
}

impl Column {
    pub const ALL: [Column; 4] = [
        Column::Lithium,
        Column::Village,
        Column::Vegas,
        Column::Springs,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Column::Lithium => "lithium",
            Column::Village => "village",
            Column::Vegas => "vegas",
            Column::Springs => "springs",
        }
    }

    /// The value shown, in the column's unit.
    pub fn value(self, h: &Headline) -> f64 {
        match self {
            Column::Lithium => h.lithium_t_lce / 1e3,
            Column::Village => h.village_drop_m,
            Column::Vegas => h.vega_lost_pct,
            Column::Springs => h.spring_change_pct,
        }
    }

    pub fn decimals(self) -> usize {
        match self {
            Column::Village => 1,
            _ => 0,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Column::Lithium => pick(
                lang,
                "Litio producido (kt LCE)",
                "Lithium produced (kt LCE)",
            ),
            Column::Village => pick(
                lang,
                "Napa en el pueblo: cuánto baja (m)",
                "Village water table: how far it falls (m)",
            ),
            Column::Vegas => pick(
                lang,
                "Vegas: área verde perdida (%)",
                "Vegas: green area lost (%)",
            ),
            Column::Springs => pick(
                lang,
                "Vertientes: cambio del caudal (%)",
                "Springs: change in flow (%)",
            ),
        }
    }
}

/// How one figure spreads across the group.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    pub min: f64,
    /// Which scenarios (their indices) have the minimum.
    pub min_who: Vec<usize>,
    /// The middle value; the mean of the two middle ones for an even count.
    pub median: f64,
    pub max: f64,
    pub max_who: Vec<usize>,
}

/// The spread of `values` (one per scenario, `None` for a run that failed, which is left out);
/// `None` when no value is a number.
pub fn spread(values: &[Option<f64>]) -> Option<Spread> {
    let mut known: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(k, v)| v.filter(|v| v.is_finite()).map(|v| (k, v)))
        .collect();
    if known.is_empty() {
        return None;
    }
    cuenca_model::sorting::sort_by(&mut known, |a, b| a.1.total_cmp(&b.1));
    let n = known.len();
    let median = if n % 2 == 1 {
        known[n / 2].1
    } else {
        (known[n / 2 - 1].1 + known[n / 2].1) / 2.0
    };
    let (min, max) = (known[0].1, known[n - 1].1);
    let who = |x: f64| {
        let mut w: Vec<usize> = known
            .iter()
            .filter(|(_, v)| *v == x)
            .map(|(k, _)| *k)
            .collect();
        cuenca_model::sorting::sort(&mut w);
        w
    };
    Some(Spread {
        min,
        min_who: who(min),
        median,
        max,
        max_who: who(max),
    })
}

/// A board chart: which series it draws for every scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoardChart {
    Vegas,
    Springs,
    Lithium,
}

impl BoardChart {
    pub const ALL: [BoardChart; 3] = [BoardChart::Vegas, BoardChart::Springs, BoardChart::Lithium];

    pub fn id(self) -> &'static str {
        match self {
            BoardChart::Vegas => "board-vegas",
            BoardChart::Springs => "board-springs",
            BoardChart::Lithium => "board-lithium",
        }
    }

    /// One line per scenario (named as on the board), in the Okabe–Ito colours; from the
    /// seventh on the colours repeat dashed, so twelve stay apart.
    pub fn data(self, runs: &[(String, &Results)], lang: Lang) -> Option<ChartData> {
        let (_, first) = runs.first()?;
        let (title, unit) = match self {
            BoardChart::Vegas => (
                pick(lang, "Área verde de las vegas", "Vega green area"),
                "ha",
            ),
            BoardChart::Springs => (pick(lang, "Caudal de las vertientes", "Spring flow"), "L/s"),
            BoardChart::Lithium => (
                pick(lang, "Litio producido", "Lithium produced"),
                pick(lang, "t LCE/año", "t LCE/yr"),
            ),
        };
        let lines = runs
            .iter()
            .enumerate()
            .map(|(k, (label, r))| Line {
                label: label.clone(),
                rgb: PALETTE[k % PALETTE.len()],
                dashed: (k / PALETTE.len()) % 2 == 1,
                values: match self {
                    BoardChart::Vegas => r.series.vega_area_ha.clone(),
                    BoardChart::Springs => r.series.spring_flow_l_per_s.clone(),
                    // Monthly tonnes × 12, so the line reads as an annual rate.
                    BoardChart::Lithium => {
                        r.series.lithium_t_lce.iter().map(|t| t * 12.0).collect()
                    }
                },
            })
            .collect();
        Some(ChartData {
            band: None,
            title: title.to_string(),
            unit: unit.to_string(),
            x_years: x_years(first),
            lines,
            decimals: 0,
            readings: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_odd_and_an_even_count_and_whose_the_ends_are() {
        let s = spread(&[Some(3.0), Some(1.0), Some(2.0)]).unwrap();
        assert_eq!((s.min, s.median, s.max), (1.0, 2.0, 3.0));
        assert_eq!((s.min_who, s.max_who), (vec![1], vec![0]));
        // A failed run is left out; ties name every scenario at the end.
        let s = spread(&[Some(4.0), None, Some(1.0), Some(4.0), Some(2.0)]).unwrap();
        assert_eq!((s.min, s.median, s.max), (1.0, 3.0, 4.0));
        assert_eq!(s.max_who, vec![0, 3]);
        assert_eq!(spread(&[None, Some(f64::NAN)]), None);
    }
}
