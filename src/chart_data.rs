//! What each chart shows, built from a model run: plain data, testable without a browser.

use cuenca_model::Results;

use crate::i18n::{Lang, Text};

/// Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
pub const PALETTE: [(u8, u8, u8); 6] = [
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
];
/// The no-project comparison line.
pub const BASELINE_GREY: (u8, u8, u8) = (110, 110, 110);

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: String,
    pub rgb: (u8, u8, u8),
    /// The comparison (no-project) run is drawn dashed.
    pub dashed: bool,
    /// One value per month.
    pub values: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub title: String,
    pub unit: String,
    /// Decimal year of each month (2025.0, 2025.083…).
    pub x_years: Vec<f64>,
    pub lines: Vec<Line>,
    /// Decimals for axis labels and the table.
    pub decimals: usize,
}

impl ChartData {
    /// Annual means per line, for the data table behind the chart.
    pub fn annual_rows(&self) -> Vec<(i32, Vec<f64>)> {
        let years = self.x_years.len() / 12;
        (0..years)
            .map(|y| {
                let year = self.x_years[y * 12].floor() as i32;
                let means = self
                    .lines
                    .iter()
                    .map(|l| l.values[y * 12..(y + 1) * 12].iter().sum::<f64>() / 12.0)
                    .collect();
                (year, means)
            })
            .collect()
    }

    pub fn y_range(&self) -> (f64, f64) {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for v in self
            .lines
            .iter()
            .flat_map(|l| l.values.iter())
            .filter(|v| v.is_finite())
        {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
        if !lo.is_finite() {
            return (0.0, 1.0);
        }
        lo = lo.min(0.0);
        if hi - lo < 1e-9 {
            hi = lo + 1.0;
        }
        (lo, hi + (hi - lo) * 0.08)
    }
}

fn x_years(r: &Results) -> Vec<f64> {
    r.months
        .iter()
        .map(|m| f64::from(m.year) + (f64::from(m.month) - 1.0) / 12.0)
        .collect()
}

fn versus_baseline(
    r: &Results,
    lang: Lang,
    title: Text,
    unit: &str,
    scenario: &[f64],
    baseline: &[f64],
) -> ChartData {
    ChartData {
        title: title.get(lang).to_string(),
        unit: unit.to_string(),
        x_years: x_years(r),
        lines: vec![
            Line {
                label: Text::NoProject.get(lang).into(),
                rgb: BASELINE_GREY,
                dashed: true,
                values: baseline.to_vec(),
            },
            Line {
                label: Text::Scenario.get(lang).into(),
                rgb: PALETTE[0],
                dashed: false,
                values: scenario.to_vec(),
            },
        ],
        decimals: 0,
    }
}

/// Drawdown at the named sites people know: vegas, lagoons, springs and the village.
pub fn drawdown(r: &Results, lang: Lang) -> ChartData {
    let wanted = |kind: &str| matches!(kind, "vega" | "lagoon" | "spring" | "village");
    let lines = r
        .sites
        .iter()
        .filter(|s| wanted(&s.kind))
        .take(PALETTE.len())
        .enumerate()
        .map(|(i, s)| Line {
            label: match lang {
                Lang::Es => s.name_es.clone(),
                Lang::En => s.name_en.clone(),
            },
            rgb: PALETTE[i],
            dashed: false,
            values: s.drawdown_m.clone(),
        })
        .collect();
    ChartData {
        title: Text::ChartDrawdown.get(lang).into(),
        unit: Text::ChartDrawdownUnit.get(lang).into(),
        x_years: x_years(r),
        lines,
        decimals: 2,
    }
}

pub fn springs(r: &Results, lang: Lang) -> ChartData {
    let s = &r.series;
    versus_baseline(
        r,
        lang,
        Text::ChartSprings,
        "L/s",
        &s.spring_flow_l_per_s,
        &s.baseline_spring_flow_l_per_s,
    )
}

pub fn vega(r: &Results, lang: Lang) -> ChartData {
    let s = &r.series;
    versus_baseline(
        r,
        lang,
        Text::ChartVega,
        "ha",
        &s.vega_area_ha,
        &s.baseline_vega_area_ha,
    )
}

pub fn lagoon(r: &Results, lang: Lang) -> ChartData {
    let s = &r.series;
    versus_baseline(
        r,
        lang,
        Text::ChartLagoon,
        "ha",
        &s.lagoon_area_ha,
        &s.baseline_lagoon_area_ha,
    )
}

/// Lithium produced against the target, in tonnes of carbonate equivalent per year
/// (monthly values × 12, so the line reads as an annual rate).
pub fn lithium(r: &Results, lang: Lang) -> ChartData {
    let per_year = |v: &[f64]| v.iter().map(|t| t * 12.0).collect::<Vec<_>>();
    ChartData {
        title: Text::ChartLithium.get(lang).into(),
        unit: crate::i18n::pick(lang, "t LCE/año", "t LCE/yr").into(),
        x_years: x_years(r),
        lines: vec![
            Line {
                label: Text::ChartLithiumTarget.get(lang).into(),
                rgb: BASELINE_GREY,
                dashed: true,
                values: per_year(&r.series.production_target_t_lce),
            },
            Line {
                label: Text::ChartLithium.get(lang).into(),
                rgb: PALETTE[2],
                dashed: false,
                values: per_year(&r.series.lithium_t_lce),
            },
        ],
        decimals: 0,
    }
}
