//! Which measurement next (issue #17): for candidate measurements (a site, a quantity, how often,
//! for how long), how much each would narrow the P10–P90 range of a result, computed from the
//! ensemble itself.
//!
//! # Method
//! A preposterior analysis by the ensemble. Each member is taken in turn as the truth: its own
//! values at the candidate's reading months are the readings (the expected reading, without
//! noise), and every member is weighed by them as [`Ensemble::weights`] weighs real readings
//! (the quantity's reading error, one structure offset shared by the site's readings, with
//! [`Ensemble::measurement_values_given`] the weather mismatch, tempering when the weights
//! collapse). The weighted P10–P90 width of the result is noted. A candidate's
//! value is the median of those widths over the possible truths, set against the width before any
//! reading: what the measurement would most likely leave of today's range.
//!
//! It assumes what the weights assume (the module [`crate::uncertainty::weights`]), and that the
//! truth is one of the members: a basin unlike every member would be learnt less well than this
//! says.

use serde::Serialize;

use crate::basin::Basin;
use crate::lang::{fmt_num, Lang};
use crate::observations::{ObservedQuantity, BASIN_SITE};
use crate::outputs::indicators::IndicatorId;
use crate::outputs::results::YearMonth;
use crate::uncertainty::ensemble::{Ensemble, Quantity};
use crate::uncertainty::residual_error::ResidualError;
use crate::uncertainty::summary::Band;
use crate::uncertainty::weather_spread::WeatherSpread;
use crate::uncertainty::weights::{temper, tempered_weights, ReadingMonth, ESS_WARNING_SHARE};

/// A measurement someone could start today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub site: String,
    pub quantity: ObservedQuantity,
    /// One reading every this many months, from `from`.
    pub every_months: usize,
    pub years: usize,
    /// The first reading's month; `None`: the run's first month. The lithium of pumped brine
    /// can only be read once the wellfield pumps.
    pub from: Option<YearMonth>,
}

/// What a candidate would likely leave of a result's range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasurementValue {
    pub candidate: Candidate,
    /// The result's P10–P90 before any reading.
    pub before: Band,
    /// The median, over the members taken as the truth, of the P10–P90 width after the
    /// candidate's readings.
    pub width_after: f64,
}

impl MeasurementValue {
    /// Share of today's P10–P90 width the measurement would most likely remove (0–1).
    pub fn narrowing(&self) -> f64 {
        let before = self.before.p90 - self.before.p10;
        if before > 0.0 {
            (1.0 - self.width_after / before).max(0.0)
        } else {
            0.0
        }
    }

    /// "Leer la napa en Vega del borde este cada mes durante 2 años estrecharía el rango de …
    /// de 0,2–9,2 m a unos 2,1 m de ancho."
    pub fn sentence(&self, place: &str, result: &str, unit: &str, lang: Lang) -> String {
        let c = &self.candidate;
        let decimals = if self.before.p90 - self.before.p10 < 10.0 {
            1
        } else {
            0
        };
        let n = |v: f64| fmt_num(v, decimals, lang);
        let (from, to) = (n(self.before.p10), n(self.before.p90));
        // "1–21 m", but "-100 a -47 %": a dash between negative numbers reads as a minus.
        let (range_es, range_en) = if self.before.p10 < 0.0 {
            (format!("{from} a {to}"), format!("{from} to {to}"))
        } else {
            (format!("{from}–{to}"), format!("{from}–{to}"))
        };
        let width = n(self.width_after);
        let years = c.years;
        let (what_es, what_en) = match c.quantity {
            ObservedQuantity::SpringFlowLPerS => ("el caudal", "the flow"),
            ObservedQuantity::VegaAreaHa => (
                "el área de vega verde (en imágenes satelitales)",
                "the green vega area (on satellite images)",
            ),
            ObservedQuantity::LagoonAreaHa => (
                "el área de las lagunas (en imágenes satelitales)",
                "the lagoon area (on satellite images)",
            ),
            ObservedQuantity::PumpedLiMgPerL => (
                "el litio de la salmuera bombeada",
                "the lithium in the pumped brine",
            ),
            ObservedQuantity::DepthToWaterM | ObservedQuantity::WaterLevelM => {
                ("la napa", "the water table")
            }
        };
        let at_en = if c.quantity.basin_wide() {
            "over"
        } else {
            "at"
        };
        // "cada mes desde 2028": a wellfield's brine is sampled once it pumps.
        let (since_es, since_en) = match c.from {
            Some(ym) if ym.month == 1 => {
                (format!(" desde {}", ym.year), format!(" from {}", ym.year))
            }
            Some(ym) => (
                format!(" desde {:02}/{}", ym.month, ym.year),
                format!(" from {:02}/{}", ym.month, ym.year),
            ),
            None => (String::new(), String::new()),
        };
        let (often_es, often_en) = match c.every_months {
            1 => ("cada mes".to_string(), "every month".to_string()),
            12 => ("una vez por año".to_string(), "once a year".to_string()),
            m => (format!("cada {m} meses"), format!("every {m} months")),
        };
        match lang {
            Lang::Es => format!(
                "Medir {what_es} en {place} {often_es}{since_es} durante {years} año{} estrecharía el rango de «{result}» de {range_es} {unit} a unos {width} {unit} de ancho.",
                if years == 1 { "" } else { "s" }
            ),
            Lang::En => format!(
                "Measuring {what_en} {at_en} {place} {often_en}{since_en} for {years} year{} would narrow the range of \"{result}\" from {range_en} {unit} to about {width} {unit} wide.",
                if years == 1 { "" } else { "s" }
            ),
        }
    }
}

impl MeasurementValue {
    /// [`MeasurementValue::sentence`] with the place named as `basin` names it (the whole basin
    /// for its areas, the site's id if the basin does not have it), for the result labelled
    /// `result` (see [`result_label`]).
    pub fn sentence_in(&self, basin: &Basin, result: &str, unit: &str, lang: Lang) -> String {
        let site = &self.candidate.site;
        let place = match (basin.site(site), lang) {
            (Some(s), Lang::Es) => s.name_es.as_str(),
            (Some(s), Lang::En) => s.name_en.as_str(),
            (None, Lang::Es) if site == BASIN_SITE => "toda la cuenca",
            (None, Lang::En) if site == BASIN_SITE => "the whole basin",
            (None, _) => site.as_str(),
        };
        self.sentence(place, result, unit, lang)
    }
}

/// An ensemble indicator id (`max_drawdown_m:vega_este`) as people read it: "Descenso máximo de
/// la napa (Vega del borde este)"; the id itself if no indicator has that key.
pub fn result_label(basin: &Basin, result: &str, lang: Lang) -> String {
    if let Some((series, year)) = result.rsplit_once('@') {
        return year_result_label(basin, series, year, lang);
    }
    let (key, site) = result.split_once(':').unwrap_or((result, ""));
    let Some(id) = IndicatorId::ALL.iter().find(|i| i.key() == key) else {
        return result.to_string();
    };
    match basin.site(site) {
        Some(s) => format!(
            "{} ({})",
            id.label(lang),
            match lang {
                Lang::Es => &s.name_es,
                Lang::En => &s.name_en,
            }
        ),
        None => id.label(lang).to_string(),
    }
}

/// Results at a calendar year rather than over the run, as the charts' bands show them: the
/// drawdown at a site, the basin's vega area, springs' flow and lagoon area, each member's mean
/// over the year. Written `drawdown_m:vega_este@2035`, `vega_area_ha@2035`.
pub const YEAR_RESULTS: [Quantity; 4] = [
    Quantity::DrawdownM,
    Quantity::VegaAreaHa,
    Quantity::SpringFlowLPerS,
    Quantity::LagoonAreaHa,
];

/// The result in `year` that follows an indicator through the years: the basin's vega area,
/// springs' flow or lagoon area for their losses, the drawdown at `site` otherwise
/// (`vega_area_ha@2035`, `drawdown_m:vega_este@2035`).
pub fn year_result(id: IndicatorId, site: &str, year: i32) -> String {
    let q = match id {
        IndicatorId::VegaAreaLostPct => Quantity::VegaAreaHa,
        IndicatorId::SpringFlowChangePct => Quantity::SpringFlowLPerS,
        IndicatorId::LagoonAreaLostPct => Quantity::LagoonAreaHa,
        _ => return format!("{}:{site}@{year}", Quantity::DrawdownM.key()),
    };
    format!("{}@{year}", q.key())
}

/// "Superficie de vegas en 2035", "Descenso de la napa en 2035 (Vega del borde este)".
fn year_result_label(basin: &Basin, series: &str, year: &str, lang: Lang) -> String {
    let (key, site) = series.split_once(':').unwrap_or((series, ""));
    let (es, en) = match YEAR_RESULTS.into_iter().find(|q| q.key() == key) {
        Some(Quantity::DrawdownM) => ("Descenso de la napa", "Water-table drawdown"),
        Some(Quantity::VegaAreaHa) => ("Superficie de vegas", "Vega area"),
        Some(Quantity::SpringFlowLPerS) => ("Caudal de las vertientes", "Spring flow"),
        Some(Quantity::LagoonAreaHa) => ("Superficie de lagunas", "Lagoon area"),
        _ => (series, series),
    };
    let place = basin.site(site).map(|s| match lang {
        Lang::Es => format!(" ({})", s.name_es),
        Lang::En => format!(" ({})", s.name_en),
    });
    match lang {
        Lang::Es => format!("{es} en {year}{}", place.unwrap_or_default()),
        Lang::En => format!("{en} in {year}{}", place.unwrap_or_default()),
    }
}

/// The median P10–P90 width of `result` (one value per member) after readings whose values
/// under member `k` are `readings[k]`, weighed with the error model `error`, over every member
/// taken as the truth.
pub fn median_width_after(result: &[f64], readings: &[Vec<f64>], error: &ResidualError) -> f64 {
    let n = result.len();
    let mut widths: Vec<f64> = Vec::with_capacity(n);
    let mut r = vec![0.0; readings.first().map_or(0, Vec::len)];
    let mut ll = vec![0.0; n];
    // With the weather mismatch, one triangular solve per member instead of one per pair.
    let white: Option<Vec<Vec<f64>>> = readings.iter().map(|s| error.whiten(s)).collect();
    for (k, truth) in readings[..n].iter().enumerate() {
        match &white {
            Some(z) => {
                for (l, member) in ll.iter_mut().zip(z) {
                    *l = -0.5
                        * member
                            .iter()
                            .zip(&z[k])
                            .map(|(a, b)| (a - b) * (a - b))
                            .sum::<f64>();
                }
            }
            None => {
                for (l, member) in ll.iter_mut().zip(readings) {
                    for ((ri, s), t) in r.iter_mut().zip(member).zip(truth) {
                        *ri = s - t;
                    }
                    *l = error.log_likelihood(&r);
                }
            }
        }
        let weights = temper(&ll, ESS_WARNING_SHARE * n as f64)
            .map_or_else(|| tempered_weights(&ll, 1.0).0, |(_, w, _)| w);
        let b = Band::weighted(result, &weights);
        widths.push(b.p90 - b.p10);
    }
    crate::sorting::sort_by(&mut widths, f64::total_cmp);
    match widths.len() {
        0 => f64::NAN,
        k if k % 2 == 1 => widths[k / 2],
        k => 0.5 * (widths[k / 2 - 1] + widths[k / 2]),
    }
}

/// Widths within this share of each other are one answer: the median over a hundred possible
/// truths moves by about that much from one ensemble to the next, and tempering keeps at least a
/// tenth of the members carrying the bands however many readings there are.
pub const SAME_WIDTH_SHARE: f64 = 0.1;

/// One line per site, quantity and frequency: the fewest readings whose width is within
/// [`SAME_WIDTH_SHARE`] of the best of that series (a longer series that is no narrower is not
/// worth its cost, and a longer one that seems wider is noise), most narrowing first.
fn keep_cheapest_of_each_series(values: Vec<MeasurementValue>) -> Vec<MeasurementValue> {
    let readings = |v: &MeasurementValue| v.candidate.years * 12 / v.candidate.every_months.max(1);
    let same_series = |a: &Candidate, b: &Candidate| {
        a.site == b.site && a.quantity == b.quantity && a.every_months == b.every_months
    };
    let mut out: Vec<MeasurementValue> = Vec::new();
    for v in &values {
        if out.iter().any(|o| same_series(&o.candidate, &v.candidate)) {
            continue;
        }
        let series: Vec<&MeasurementValue> = values
            .iter()
            .filter(|o| same_series(&o.candidate, &v.candidate))
            .collect();
        let best = series
            .iter()
            .map(|o| o.width_after)
            .fold(f64::INFINITY, f64::min);
        if let Some(cheapest) = series
            .into_iter()
            .filter(|o| o.width_after <= best * (1.0 + SAME_WIDTH_SHARE) + 1e-12)
            .min_by_key(|o| readings(o))
        {
            out.push(cheapest.clone());
        }
    }
    crate::sorting::sort_by(&mut out, |a, b| {
        a.width_after
            .total_cmp(&b.width_after)
            .then(readings(a).cmp(&readings(b)))
    });
    out
}

impl Ensemble {
    /// What each candidate would likely leave of the range of indicator `indicator` (an index
    /// of [`Ensemble::indicators`]), most narrowing first, one per site, quantity and frequency
    /// (the cheapest of its durations that narrows about as much as the best). Candidates the
    /// ensemble cannot read (an unknown site, a spring quantity at a site without one, a
    /// reading past the run) are left out.
    pub fn measurement_values(
        &self,
        indicator: usize,
        candidates: &[Candidate],
    ) -> Vec<MeasurementValue> {
        self.measurement_values_given(indicator, candidates, None)
    }

    /// [`Ensemble::measurement_values`] with the weather mismatch in the readings' error when
    /// `weather` is given. The members share one sequence of years, so a member taken as the
    /// truth matches the others' weather exactly; real readings will not, and without this
    /// term monthly readings would be credited with what is only the shared weather.
    pub fn measurement_values_given(
        &self,
        indicator: usize,
        candidates: &[Candidate],
        weather: Option<&WeatherSpread>,
    ) -> Vec<MeasurementValue> {
        self.measurement_values_of(self.indicator_values(indicator), candidates, weather)
    }

    /// The members' values of `result` (an indicator id, or a series at a year: see
    /// [`YEAR_RESULTS`]) and its unit; `None` if the ensemble has no such result (an unknown id,
    /// a site it does not have, a year the run does not cover in full).
    pub fn result_values(&self, result: &str) -> Option<(Vec<f64>, &'static str)> {
        if let Some(k) = self.indicator_index(result) {
            return Some((self.indicator_values(k), self.indicators[k].unit));
        }
        let (series, year) = result.rsplit_once('@')?;
        let year: i32 = year.parse().ok()?;
        let (key, site) = match series.split_once(':') {
            Some((key, site)) => (key, Some(site)),
            None => (series, None),
        };
        let q = YEAR_RESULTS.into_iter().find(|q| q.key() == key)?;
        if (q == Quantity::DrawdownM) != site.is_some() {
            return None;
        }
        let months: Vec<usize> = (0..self.months.len())
            .filter(|&m| self.months[m].year == year)
            .collect();
        if months.len() != 12 {
            return None;
        }
        let values = (0..self.members.len())
            .map(|k| {
                let s = self.member_series(k, q, site)?;
                Some(months.iter().map(|&m| f64::from(s[m])).sum::<f64>() / 12.0)
            })
            .collect::<Option<Vec<f64>>>()?;
        Some((values, q.unit()))
    }

    /// [`Ensemble::measurement_values_given`] for a result given as each member's value
    /// (`result`, one per member; see [`Ensemble::result_values`]).
    pub fn measurement_values_of(
        &self,
        result: Vec<f64>,
        candidates: &[Candidate],
        weather: Option<&WeatherSpread>,
    ) -> Vec<MeasurementValue> {
        let before = Band::of(&mut result.clone());
        let out: Vec<MeasurementValue> = candidates
            .iter()
            .filter_map(|c| {
                let first = c.from.map_or(Some(0), |ym| self.month_index(ym))?;
                let months: Vec<usize> = (first..first + c.years * 12)
                    .step_by(c.every_months.max(1))
                    .collect();
                if months.last().is_none_or(|&m| m >= self.months.len()) {
                    return None;
                }
                let readings: Vec<Vec<f64>> = (0..self.members.len())
                    .map(|k| {
                        months
                            .iter()
                            .map(|&m| self.simulated(k, c.quantity, &c.site, m))
                            .collect::<Option<Vec<f64>>>()
                    })
                    .collect::<Option<_>>()?;
                if readings.iter().flatten().any(|v| !v.is_finite()) {
                    return None;
                }
                // A month some member's wellfield pumps nothing has no grade to read: the
                // weights would not use it (`UnusedReason::NotPumping`).
                if readings
                    .iter()
                    .flatten()
                    .any(|&v| c.quantity.pumped_nothing(v))
                {
                    return None;
                }
                // As for real readings: the quantity's error and structure offset at the mean
                // value the members read there.
                let count = (readings.len() * months.len()).max(1) as f64;
                let mean = readings.iter().flatten().map(|v| v.abs()).sum::<f64>() / count;
                let sd: Vec<f64> = readings[0]
                    .iter()
                    .map(|_| c.quantity.default_error(mean))
                    .collect();
                let tau = c.quantity.structure_error(mean);
                let at: Vec<ReadingMonth> = months.iter().map(|&m| ReadingMonth::Run(m)).collect();
                let mismatch =
                    weather.and_then(|w| w.mismatch_covariance(c.quantity, &c.site, &at));
                let error = ResidualError::new(&sd, tau, mismatch.as_deref());
                Some(MeasurementValue {
                    candidate: c.clone(),
                    before,
                    width_after: median_width_after(&result, &readings, &error),
                })
            })
            .collect();
        keep_cheapest_of_each_series(out)
    }

    /// Candidates, each monthly and yearly for one, two and five years: the water table at
    /// every named site, the flow where a spring is, the basin's vega and lagoon areas, and the
    /// lithium of each brine wellfield's brine from the first month every member pumps there.
    pub fn measurement_candidates(&self) -> Vec<Candidate> {
        let mut series: Vec<(String, ObservedQuantity, Option<YearMonth>)> = Vec::new();
        for site in &self.sites {
            series.push((site.id.clone(), ObservedQuantity::DepthToWaterM, None));
            if site.has_spring() {
                series.push((site.id.clone(), ObservedQuantity::SpringFlowLPerS, None));
            }
        }
        for quantity in [ObservedQuantity::VegaAreaHa, ObservedQuantity::LagoonAreaHa] {
            series.push((BASIN_SITE.to_string(), quantity, None));
        }
        for site in self.sites.iter().filter(|s| s.has_wellfield()) {
            let li = ObservedQuantity::PumpedLiMgPerL;
            let pumping = |m: usize| {
                (0..self.members.len()).all(|k| {
                    self.simulated(k, li, &site.id, m)
                        .is_some_and(|v| !li.pumped_nothing(v))
                })
            };
            if let Some(m) = (0..self.months.len()).find(|&m| pumping(m)) {
                series.push((site.id.clone(), li, Some(self.months[m])));
            }
        }
        let mut out = Vec::new();
        for (site, quantity, from) in series {
            for every_months in [1, 12] {
                for years in [1, 2, 5] {
                    out.push(Candidate {
                        site: site.clone(),
                        quantity,
                        every_months,
                        years,
                        from,
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each indicator the ranking offers follows, in a year, the series of its own quantity,
    /// named as people read it.
    #[test]
    fn year_results_follow_their_indicator() {
        let basin = Basin::default_basin();
        let cases = [
            (
                IndicatorId::MaxDrawdownM,
                "drawdown_m:vega_este@2035",
                "Descenso de la napa en 2035 (Vega del borde este)",
            ),
            (
                IndicatorId::VegaAreaLostPct,
                "vega_area_ha@2035",
                "Superficie de vegas en 2035",
            ),
            (
                IndicatorId::SpringFlowChangePct,
                "spring_flow_l_per_s@2035",
                "Caudal de las vertientes en 2035",
            ),
            (
                IndicatorId::LagoonAreaLostPct,
                "lagoon_area_ha@2035",
                "Superficie de lagunas en 2035",
            ),
        ];
        for (id, key, label) in cases {
            let r = year_result(id, "vega_este", 2035);
            assert_eq!(r, key);
            assert_eq!(result_label(&basin, &r, Lang::Es), label);
        }
    }

    /// A range of positive numbers takes a dash ("1–21 m"); one starting below zero takes words,
    /// since a dash before a minus reads as a second minus ("-100 a -47 %").
    #[test]
    fn a_negative_range_is_written_with_words() {
        let value = |p10: f64, p90: f64| MeasurementValue {
            candidate: Candidate {
                site: "vega_este".into(),
                quantity: ObservedQuantity::DepthToWaterM,
                every_months: 1,
                years: 2,
                from: None,
            },
            before: Band {
                p10,
                p50: 0.5 * (p10 + p90),
                p90,
            },
            width_after: 15.0,
        };
        let es = value(1.0, 21.0).sentence("Vega del borde este", "X", "m", Lang::Es);
        assert!(es.contains("de 1–21 m a unos 15 m de ancho"), "{es}");
        let es = value(-100.0, -47.0).sentence("Vega del borde este", "X", "%", Lang::Es);
        assert!(es.contains("de -100 a -47 % a unos 15 % de ancho"), "{es}");
        let en = value(-100.0, -47.0).sentence("East vega", "X", "%", Lang::En);
        assert!(en.contains("from -100 to -47 % to about 15 % wide"), "{en}");
    }

    /// A series that starts later than the run says from when: the year alone for January,
    /// month and year otherwise.
    #[test]
    fn a_later_start_is_said() {
        let value = |month: u8| MeasurementValue {
            candidate: Candidate {
                site: "pozos".into(),
                quantity: ObservedQuantity::PumpedLiMgPerL,
                every_months: 12,
                years: 5,
                from: Some(YearMonth { year: 2028, month }),
            },
            before: Band {
                p10: 1.0,
                p50: 2.0,
                p90: 3.0,
            },
            width_after: 1.0,
        };
        let es = value(1).sentence("Pozos", "X", "t", Lang::Es);
        assert!(es.starts_with("Medir el litio de la salmuera bombeada en Pozos una vez por año desde 2028 durante 5 años "), "{es}");
        let en = value(3).sentence("Wells", "X", "t", Lang::En);
        assert!(en.starts_with("Measuring the lithium in the pumped brine at Wells once a year from 03/2028 for 5 years "), "{en}");
    }

    /// A constructed ensemble of 60 members with two independent unknowns `a` and `b`; the
    /// result is `a`. Reading `a` (twelve readings of it) must narrow the result's range far
    /// more than reading `b`, which says nothing about it.
    #[test]
    fn reading_what_drives_the_result_beats_reading_what_does_not() {
        let n = 60;
        // Two interleaved uniform grids, so that a and b are uncorrelated.
        let a: Vec<f64> = (0..n).map(|k| (k as f64 + 0.5) / n as f64).collect();
        let b: Vec<f64> = (0..n).map(|k| ((k * 37) % n) as f64 / n as f64).collect();
        let twelve = |x: &[f64]| x.iter().map(|&v| vec![v; 12]).collect::<Vec<_>>();
        let sd = vec![0.02; 12];
        let before = Band::of(&mut a.clone());
        let width_before = before.p90 - before.p10;
        let reading_a = median_width_after(&a, &twelve(&a), &ResidualError::new(&sd, 0.01, None));
        let reading_b = median_width_after(&a, &twelve(&b), &ResidualError::new(&sd, 0.01, None));
        assert!(
            reading_a < 0.3 * width_before,
            "{reading_a} of {width_before}"
        );
        assert!(
            reading_b > 0.7 * width_before,
            "{reading_b} of {width_before}"
        );
        // No reading at all leaves the width as it was.
        let none: Vec<Vec<f64>> = vec![Vec::new(); n];
        let same = median_width_after(&a, &none, &ResidualError::new(&[], 0.0, None));
        assert!((same - width_before).abs() < 1e-12);
    }

    #[test]
    fn each_series_keeps_its_cheapest_duration_that_narrows_about_as_much() {
        let v = |years: usize, every_months: usize, width: f64| MeasurementValue {
            candidate: Candidate {
                site: "s".into(),
                quantity: ObservedQuantity::DepthToWaterM,
                every_months,
                years,
                from: None,
            },
            before: Band {
                p10: 0.0,
                p50: 5.0,
                p90: 10.0,
            },
            width_after: width,
        };
        // Monthly: 5 years is best (4.0), 2 years is within 10 % (4.3), 1 year is not (6).
        // Yearly: all alike, so one year.
        let kept = keep_cheapest_of_each_series(vec![
            v(1, 1, 6.0),
            v(2, 1, 4.3),
            v(5, 1, 4.0),
            v(1, 12, 8.0),
            v(2, 12, 7.9),
            v(5, 12, 8.1),
        ]);
        let got: Vec<(usize, usize)> = kept
            .iter()
            .map(|k| (k.candidate.every_months, k.candidate.years))
            .collect();
        assert_eq!(got, [(1, 2), (12, 1)]);
        assert!((kept[0].narrowing() - 0.57).abs() < 1e-12);
    }
}
