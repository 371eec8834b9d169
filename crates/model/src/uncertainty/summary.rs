//! The ensemble's summary: P10–P50–P90 of every stored series month by month and of every
//! indicator (quantiles as in [`crate::uncertainty::design`]), flat rows for export, and a digest
//! that fingerprints the bands bit for bit.

use serde::Serialize;

use crate::outputs::results::YearMonth;
use crate::scenario::Scenario;
use crate::uncertainty::design::{
    quantile_sorted, weighted_positions, weighted_quantile_at, Factor,
};
use crate::uncertainty::ensemble::{Ensemble, Quantity, BASIN_SERIES};

/// P10, P50 and P90 of a set of values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

impl Band {
    /// P10/P50/P90 of unsorted values (sorted here with `total_cmp`).
    pub fn of(values: &mut [f64]) -> Band {
        // The standard sort, not `crate::sorting`: a summary sorts once per series and month
        // (tens of thousands of times), where the heap sort measured five times slower.
        values.sort_by(|a, b| a.total_cmp(b));
        Band {
            p10: quantile_sorted(values, 0.1),
            p50: quantile_sorted(values, 0.5),
            p90: quantile_sorted(values, 0.9),
        }
    }

    /// Weighted P10/P50/P90 (weighted type 7, [`crate::uncertainty::design`]) of values with
    /// one weight each; members of zero (or not finite) weight are left out. Equal weights give
    /// [`Band::of`] exactly.
    pub fn weighted(values: &[f64], weights: &[f64]) -> Band {
        Band::weighted_with(values, weights, &mut Vec::new(), &mut Vec::new())
    }

    /// [`Band::weighted`] with buffers reused from one call to the next.
    fn weighted_with(
        values: &[f64],
        weights: &[f64],
        pairs: &mut Vec<(f64, f64)>,
        c: &mut Vec<f64>,
    ) -> Band {
        pairs.clear();
        pairs.extend(
            values
                .iter()
                .zip(weights)
                .filter(|(_, &w)| w > 0.0 && w.is_finite())
                .map(|(&v, &w)| (v, w)),
        );
        // The standard sort, as in `Band::of`.
        pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        weighted_positions(pairs, c);
        Band {
            p10: weighted_quantile_at(pairs, c, 0.1),
            p50: weighted_quantile_at(pairs, c, 0.5),
            p90: weighted_quantile_at(pairs, c, 0.9),
        }
    }
}

impl Ensemble {
    /// P10/P50/P90 of every stored series, month by month, and of every indicator.
    pub fn summary(&self) -> EnsembleSummary {
        self.summary_with(None, &|_, _| true)
    }

    /// The summary with each member weighted (weights in member order, e.g.
    /// [`crate::uncertainty::weights::Weights::weights`]): the bands an ensemble that has
    /// learnt from observations shows.
    pub fn weighted_summary(&self, weights: &[f64]) -> EnsembleSummary {
        self.summary_with(Some(weights), &|_, _| true)
    }

    /// [`Ensemble::weighted_summary`] with only the monthly series `keep` names (by quantity
    /// and site; every indicator still): a view that draws a few sites' bands need not band
    /// every series month by month, which is most of the summary's time.
    pub fn weighted_summary_of(
        &self,
        weights: &[f64],
        keep: &dyn Fn(Quantity, Option<&str>) -> bool,
    ) -> EnsembleSummary {
        self.summary_with(Some(weights), keep)
    }

    /// `keep`: the monthly series to band.
    fn summary_with(
        &self,
        weights: Option<&[f64]>,
        keep: &dyn Fn(Quantity, Option<&str>) -> bool,
    ) -> EnsembleSummary {
        let mut pairs = Vec::new();
        let mut c = Vec::new();
        let mut band_of_values = |values: &mut [f64]| match weights {
            None => Band::of(values),
            Some(w) => Band::weighted_with(values, w, &mut pairs, &mut c),
        };
        let nm = self.months.len();
        let mut buf = vec![0.0; self.members.len()];
        let mut band_of = |slot: usize, buf: &mut Vec<f64>| {
            let mut p10 = Vec::with_capacity(nm);
            let mut p50 = Vec::with_capacity(nm);
            let mut p90 = Vec::with_capacity(nm);
            for m in 0..nm {
                for (b, mem) in buf.iter_mut().zip(&self.members) {
                    *b = mem.series[slot][m] as f64;
                }
                let band = band_of_values(buf);
                p10.push(band.p10);
                p50.push(band.p50);
                p90.push(band.p90);
            }
            (p10, p50, p90)
        };
        let mut series = Vec::new();
        let mut cache: Vec<Option<BandSeries>> = vec![None; self.stored_series()];
        let mut push = |q: Quantity, site: Option<&str>, slot: usize, buf: &mut Vec<f64>| {
            if !keep(q, site) {
                return;
            }
            let (p10, p50, p90) = cache[slot]
                .get_or_insert_with(|| band_of(slot, buf))
                .clone();
            series.push(SeriesBand {
                id: match site {
                    Some(s) => format!("{}:{}", q.key(), s),
                    None => q.key().to_string(),
                },
                quantity: q,
                site: site.map(|s| s.to_string()),
                unit: q.unit(),
                p10,
                p50,
                p90,
            });
        };
        for q in [Quantity::DrawdownM, Quantity::DepthToWaterM] {
            for s in &self.sites {
                if let Some(slot) = self.slot(q, Some(&s.id)) {
                    push(q, Some(&s.id), slot, &mut buf);
                }
            }
        }
        for s in &self.sites {
            if let Some(slot) = self.slot(Quantity::SiteSpringFlowLPerS, Some(&s.id)) {
                push(Quantity::SiteSpringFlowLPerS, Some(&s.id), slot, &mut buf);
            }
        }
        for s in &self.sites {
            if let Some(slot) = self.slot(Quantity::ClearanceM, Some(&s.id)) {
                push(Quantity::ClearanceM, Some(&s.id), slot, &mut buf);
            }
        }
        for q in BASIN_SERIES {
            if let Some(slot) = self.slot(q, None) {
                push(q, None, slot, &mut buf);
            }
        }
        let indicators = self
            .indicators
            .iter()
            .enumerate()
            .map(|(k, info)| {
                let band = band_of_values(&mut self.indicator_values(k));
                IndicatorBand {
                    id: info.id.clone(),
                    site: info.site.clone(),
                    unit: info.unit,
                    p10: band.p10,
                    p50: band.p50,
                    p90: band.p90,
                }
            })
            .collect();
        EnsembleSummary {
            model_version: crate::MODEL_VERSION,
            scenario: self.scenario.clone(),
            seed: self.spec.seed,
            members: self.members.len(),
            members_requested: self.spec.member_count(),
            factors: self.spec.factors.clone(),
            months: self.months.clone(),
            series,
            indicators,
        }
    }
}

/// (P10, P50, P90) month by month.
type BandSeries = (Vec<f64>, Vec<f64>, Vec<f64>);

/// P10/P50/P90 of one monthly series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesBand {
    /// `<quantity>` or `<quantity>:<site>`.
    pub id: String,
    pub quantity: Quantity,
    pub site: Option<String>,
    pub unit: &'static str,
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
}

/// P10/P50/P90 of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorBand {
    pub id: String,
    pub site: Option<String>,
    pub unit: &'static str,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// Everything the charts, cards and CSV export need from an ensemble.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsembleSummary {
    pub model_version: &'static str,
    pub scenario: Scenario,
    pub seed: u64,
    /// Members summarised (fewer than requested while an
    /// [`EnsembleRunner`](crate::EnsembleRunner) is under way).
    pub members: usize,
    pub members_requested: usize,
    pub factors: Vec<Factor>,
    pub months: Vec<YearMonth>,
    pub series: Vec<SeriesBand>,
    pub indicators: Vec<IndicatorBand>,
}

/// One row of the flat export: a series month, or an indicator (year and month empty).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryRow<'a> {
    pub series: &'a str,
    pub unit: &'a str,
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

impl EnsembleSummary {
    /// A series band by id (`drawdown_m:vega_santa_rosa`, `vega_area_ha`, …).
    pub fn series(&self, id: &str) -> Option<&SeriesBand> {
        self.series.iter().find(|s| s.id == id)
    }

    /// An indicator band by id (`max_drawdown_m:vega_santa_rosa`, `vega_area_lost_pct`, …).
    pub fn indicator(&self, id: &str) -> Option<&IndicatorBand> {
        self.indicators.iter().find(|s| s.id == id)
    }

    /// Flat rows for export: every series month (series, year, month), then every indicator
    /// (series = indicator id, no year or month): the lines of `cuenca_export::ensemble_csv`.
    pub fn rows(&self) -> Vec<SummaryRow<'_>> {
        let mut out = Vec::new();
        for s in &self.series {
            for (m, ym) in self.months.iter().enumerate() {
                out.push(SummaryRow {
                    series: &s.id,
                    unit: s.unit,
                    year: Some(ym.year),
                    month: Some(ym.month),
                    p10: s.p10[m],
                    p50: s.p50[m],
                    p90: s.p90[m],
                });
            }
        }
        for i in &self.indicators {
            out.push(SummaryRow {
                series: &i.id,
                unit: i.unit,
                year: None,
                month: None,
                p10: i.p10,
                p50: i.p50,
                p90: i.p90,
            });
        }
        out
    }

    /// FNV-1a hash of every band value's bit pattern: equal digests on two platforms mean
    /// bit-identical bands.
    pub fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |x: f64| {
            for b in x.to_bits().to_le_bytes() {
                h ^= b as u64;
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for s in &self.series {
            for v in [&s.p10, &s.p50, &s.p90] {
                v.iter().for_each(|&x| eat(x));
            }
        }
        for i in &self.indicators {
            eat(i.p10);
            eat(i.p50);
            eat(i.p90);
        }
        h
    }
}
