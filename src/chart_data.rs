//! What each chart shows, built from a model run: plain data, testable without a browser.

use cuenca_model::Results;

use crate::ensemble_view::EnsembleView;
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

/// The P10–P90 band of the current scenario's line, one point per year.
#[derive(Clone, Debug, PartialEq)]
pub struct BandArea {
    pub x_years: Vec<f64>,
    pub p10: Vec<f64>,
    pub p90: Vec<f64>,
    pub rgb: (u8, u8, u8),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub band: Option<BandArea>,
    pub title: String,
    pub unit: String,
    /// Decimal year of each month (2025.0, 2025.083…).
    pub x_years: Vec<f64>,
    pub lines: Vec<Line>,
    /// Decimals for axis labels and the table.
    pub decimals: usize,
    /// Someone's readings of the charted quantity (decimal year, value, standard deviation):
    /// points with error bars, the axis stretched back to the first.
    pub readings: Vec<crate::page_readings::ChartPoint>,
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

    /// First and last decimal year on the axis: the run's months, from an earlier reading's
    /// year when there is one (a reading after the run stretches nothing: the run is the future).
    pub fn x_range(&self) -> (f64, f64) {
        let first = self.x_years.first().copied().unwrap_or(2025.0);
        let earliest = self
            .readings
            .iter()
            .map(|&(x, _, _)| x.floor())
            .filter(|x| x.is_finite())
            .fold(first, f64::min);
        (
            earliest,
            self.x_years.last().copied().unwrap_or(2075.0) + 1.0 / 12.0,
        )
    }

    pub fn y_range(&self) -> (f64, f64) {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        let band = self
            .band
            .iter()
            .flat_map(|b| b.p10.iter().chain(b.p90.iter()));
        let lines = self.lines.iter().flat_map(|l| l.values.iter().copied());
        let read = self
            .readings
            .iter()
            .flat_map(|&(_, v, sd)| [v - sd, v + sd]);
        for v in lines
            .chain(band.copied())
            .chain(read)
            .filter(|v| v.is_finite())
        {
            lo = lo.min(v);
            hi = hi.max(v);
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

    /// Adds the ensemble's P10–P90 band of series `id` (times `scale`) under the current
    /// scenario's line, when the ensemble has it.
    pub fn with_band(mut self, view: Option<&EnsembleView>, id: &str, scale: f64) -> ChartData {
        self.band = view.and_then(|v| {
            let b = v.band(id)?;
            let x_years = (0..b.p50.len())
                .map(|y| f64::from(v.first_year) + y as f64 + 0.5)
                .collect();
            let scaled = |xs: &[f64]| xs.iter().map(|x| x * scale).collect();
            Some(BandArea {
                x_years,
                p10: scaled(&b.p10),
                p90: scaled(&b.p90),
                rgb: PALETTE[0],
            })
        });
        self
    }
}

/// The ensemble series banded on a chart, and the factor from its unit to the chart's: the
/// first charted site for drawdown, the lithium per month times 12 for a yearly rate.
pub fn band_series(chart: cuenca_link::ChartId, r: &Results) -> Option<(String, f64)> {
    use cuenca_link::ChartId;
    match chart {
        ChartId::Drawdown => r
            .sites
            .iter()
            .find(|s| crate::ensemble_view::DATED_KINDS.contains(&s.kind.as_str()))
            .map(|s| (format!("drawdown_m:{}", s.id), 1.0)),
        ChartId::Springs => Some(("spring_flow_l_per_s".into(), 1.0)),
        ChartId::Vega => Some(("vega_area_ha".into(), 1.0)),
        ChartId::Lagoon => Some(("lagoon_area_ha".into(), 1.0)),
        ChartId::Lithium => Some(("lithium_t_lce".into(), 12.0)),
        ChartId::Accounts => None,
    }
}

/// A scenario pinned for comparison, drawn over the current one.
pub struct Pinned<'a> {
    pub label: String,
    pub results: &'a Results,
}

/// Colours of pinned scenarios (the current scenario uses `PALETTE[0]`).
pub fn pin_colour(index: usize) -> (u8, u8, u8) {
    PALETTE[1 + index % (PALETTE.len() - 1)]
}

/// Decimal year of each month of a run (2025.0, 2025.083…).
pub fn x_years(r: &Results) -> Vec<f64> {
    r.months.iter().map(|m| m.decimal_year()).collect()
}

/// A series against the no-project run, with each pinned scenario's series over it.
fn versus_baseline(
    r: &Results,
    pins: &[Pinned],
    lang: Lang,
    title: Text,
    unit: &str,
    scenario: fn(&Results) -> &[f64],
    baseline: fn(&Results) -> &[f64],
) -> ChartData {
    let mut lines = vec![
        Line {
            label: Text::NoProject.get(lang).into(),
            rgb: BASELINE_GREY,
            dashed: true,
            values: baseline(r).to_vec(),
        },
        Line {
            label: Text::Scenario.get(lang).into(),
            rgb: PALETTE[0],
            dashed: false,
            values: scenario(r).to_vec(),
        },
    ];
    lines.extend(pins.iter().enumerate().map(|(k, p)| Line {
        label: p.label.clone(),
        rgb: pin_colour(k),
        dashed: false,
        values: scenario(p.results).to_vec(),
    }));
    ChartData {
        band: None,
        title: title.get(lang).to_string(),
        unit: unit.to_string(),
        x_years: x_years(r),
        lines,
        decimals: 0,
        readings: Vec::new(),
    }
}

/// Drawdown at the named sites people know: vegas, lagoons, springs and the village. Pinned
/// scenarios are not drawn here (one line per site and scenario would be unreadable); they
/// have their own maps and cards.
pub fn drawdown(r: &Results, _pins: &[Pinned], lang: Lang) -> ChartData {
    let wanted = |kind: &str| matches!(kind, "vega" | "lagoon" | "spring" | "village");
    let lines = r
        .site_series()
        .filter(|(s, _)| wanted(&s.kind))
        .take(PALETTE.len())
        .enumerate()
        .map(|(i, (s, cell))| Line {
            label: crate::i18n::pick(lang, &s.name_es, &s.name_en).to_string(),
            rgb: PALETTE[i],
            dashed: false,
            values: cell.drawdown_m.clone(),
        })
        .collect();
    ChartData {
        band: None,
        title: Text::ChartDrawdown.get(lang).into(),
        unit: Text::ChartDrawdownUnit.get(lang).into(),
        x_years: x_years(r),
        lines,
        decimals: 2,
        readings: Vec::new(),
    }
}

pub fn springs(r: &Results, pins: &[Pinned], lang: Lang) -> ChartData {
    versus_baseline(
        r,
        pins,
        lang,
        Text::ChartSprings,
        "L/s",
        |r| &r.series.spring_flow_l_per_s,
        |r| &r.series.baseline_spring_flow_l_per_s,
    )
}

pub fn vega(r: &Results, pins: &[Pinned], lang: Lang) -> ChartData {
    versus_baseline(
        r,
        pins,
        lang,
        Text::ChartVega,
        "ha",
        |r| &r.series.vega_area_ha,
        |r| &r.series.baseline_vega_area_ha,
    )
}

pub fn lagoon(r: &Results, pins: &[Pinned], lang: Lang) -> ChartData {
    versus_baseline(
        r,
        pins,
        lang,
        Text::ChartLagoon,
        "ha",
        |r| &r.series.lagoon_area_ha,
        |r| &r.series.baseline_lagoon_area_ha,
    )
}

/// Lithium produced against the target, in tonnes of carbonate equivalent per year
/// (monthly values × 12, so the line reads as an annual rate).
pub fn lithium(r: &Results, pins: &[Pinned], lang: Lang) -> ChartData {
    let per_year = |v: &[f64]| v.iter().map(|t| t * 12.0).collect::<Vec<_>>();
    let mut data = ChartData {
        band: None,
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
                rgb: PALETTE[0],
                dashed: false,
                values: per_year(&r.series.lithium_t_lce),
            },
        ],
        decimals: 0,
        readings: Vec::new(),
    };
    data.lines
        .extend(pins.iter().enumerate().map(|(k, p)| Line {
            label: p.label.clone(),
            rgb: pin_colour(k),
            dashed: false,
            values: per_year(&p.results.series.lithium_t_lce),
        }));
    data
}
