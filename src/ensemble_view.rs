//! What the page shows of an ensemble: annual P10–P50–P90 bands for the charted series, the
//! range of every indicator, what most needs measuring, and dates with ranges. Built in the
//! worker from the model's ensemble and sent to the page in postcard's binary form; plain data,
//! tested natively.

use cuenca_link::limit_text;
use cuenca_model::negotiation::Limit;
use cuenca_model::{
    crossing_key, drawdown_thresholds_m, fmt_tonnes_approx, Ensemble, EnsembleSummary, Lang,
    Sentence, SiteDateRange, Threshold,
};
use serde::{Deserialize, Serialize};

use crate::i18n::{fmt_num, pick};

/// Series drawn with a band, by the model's series id.
pub const BANDED_SERIES: [&str; 4] = [
    "spring_flow_l_per_s",
    "vega_area_ha",
    "lagoon_area_ha",
    "lithium_t_lce",
];
/// Site kinds whose drawdown is charted and dated.
pub const DATED_KINDS: [&str; 4] = ["vega", "lagoon", "spring", "village"];

/// Annual P10, P50 and P90 of one series (means of the monthly quantiles of each year: a
/// smooth band for the chart; the monthly quantiles are in the ensemble CSV).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct YearBand {
    pub id: String,
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRange {
    pub id: String,
    pub site: Option<String>,
    pub unit: String,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

impl IndicatorRange {
    /// Every indicator's range in an ensemble's summary (weighted or not).
    pub fn all_of(summary: &EnsembleSummary) -> Vec<IndicatorRange> {
        summary
            .indicators
            .iter()
            .map(|i| IndicatorRange {
                id: i.id.clone(),
                site: i.site.clone(),
                unit: i.unit.to_string(),
                p10: i.p10,
                p50: i.p50,
                p90: i.p90,
            })
            .collect()
    }
}

/// One uncertain input and its share of the spread of the result people care most about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub factor: String,
    pub share: f64,
    pub text_es: String,
    pub text_en: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DateSentence {
    pub site: String,
    pub es: String,
    pub en: String,
}

/// How many members keep one agreed limit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LimitCount {
    /// The limit as the link writes it ([`cuenca_link::limit_text`]): the page shows a count
    /// only beside the limit it was made for.
    pub text: String,
    pub keeping: usize,
    pub members: usize,
    /// Whether `keeping` of `members` meets the limit's confidence.
    pub kept: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EnsembleView {
    /// The scenario it belongs to, as the link query the page asked for: the page shows a view
    /// only while its own scenario has the same query.
    pub query: String,
    /// Members run so far, and in all.
    pub done: usize,
    pub total: usize,
    pub first_year: i32,
    pub bands: Vec<YearBand>,
    pub indicators: Vec<IndicatorRange>,
    pub measure: Vec<Measure>,
    pub dates: Vec<DateSentence>,
    /// Each spring site: the years it stops, when it stops in most members, otherwise its flow
    /// at the end with its range (the page says this rather than a basin-wide "−100 %").
    pub springs: Vec<DateSentence>,
    /// Each vega: the years its water table leaves the roots (complete views only).
    pub vegas: Vec<DateSentence>,
    /// Each dated site's first year past each drawdown its card may name
    /// ([`cuenca_model::drawdown_thresholds_m`]), keyed by [`cuenca_model::crossing_key`]
    /// (complete views only).
    pub crossings: Vec<DateSentence>,
    /// The drawdown threshold (m) the dates refer to.
    pub threshold_m: f64,
    /// Each agreed limit the page asked about (complete views only: a count over part of the
    /// members would read as a verdict).
    pub limits: Vec<LimitCount>,
    /// Fingerprint of the full summary (every monthly band, every indicator), to compare with
    /// `cuenca ensemble --format digest`.
    pub digest: String,
}

impl EnsembleView {
    /// The spread under a card: see [`spread`].
    pub fn spread(&self, s: &Sentence, lang: Lang) -> Option<String> {
        spread(s, self, lang)
    }

    /// The view as the worker posts it: postcard's binary form, every float bit for bit.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// A view the worker posted; `None` for bytes that are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<EnsembleView> {
        postcard::from_bytes(bytes).ok()
    }

    pub fn band(&self, id: &str) -> Option<&YearBand> {
        self.bands.iter().find(|b| b.id == id)
    }

    pub fn indicator(&self, id: &str, site: Option<&str>) -> Option<&IndicatorRange> {
        self.indicators
            .iter()
            .find(|i| i.id == id && i.site.as_deref() == site)
    }

    pub fn measure_text(m: &Measure, lang: Lang) -> &str {
        match lang {
            Lang::Es => &m.text_es,
            Lang::En => &m.text_en,
        }
    }

    /// Summarises an ensemble (complete or not) for the page.
    pub fn from_ensemble(
        e: &Ensemble,
        done: usize,
        total: usize,
        threshold_m: f64,
    ) -> EnsembleView {
        let summary = e.summary();
        let first_year = e.months.first().map(|m| m.year).unwrap_or(0);
        let dated: Vec<&_> = e
            .sites
            .iter()
            .filter(|s| DATED_KINDS.contains(&s.kind.as_str()))
            .collect();
        let mut wanted: Vec<String> = BANDED_SERIES.iter().map(|s| s.to_string()).collect();
        wanted.extend(dated.iter().map(|s| format!("drawdown_m:{}", s.id)));
        let bands = wanted
            .iter()
            .filter_map(|id| summary.series(id))
            .map(|b| YearBand {
                id: b.id.clone(),
                p10: annual(&b.p10),
                p50: annual(&b.p50),
                p90: annual(&b.p90),
            })
            .collect();
        let indicators = IndicatorRange::all_of(&summary);
        let measure = e
            .what_to_measure()
            .into_iter()
            .filter(|f| f.above_noise)
            .map(|f| Measure {
                factor: f.factor.key().to_string(),
                share: f.share,
                text_es: f.factor.what_to_measure(Lang::Es).to_string(),
                text_en: f.factor.what_to_measure(Lang::En).to_string(),
            })
            .collect();
        // A date range as the page shows it, under `site` (its site, or a card's key).
        let sentence = |d: &SiteDateRange, site: String| DateSentence {
            site,
            es: d.sentence(Lang::Es),
            en: d.sentence(Lang::En),
        };
        let dates = dated
            .iter()
            .filter_map(|s| e.date_range(&s.id, Threshold::DrawdownAboveM(threshold_m)))
            // Brackish water at the vegas' roots and the fresh wells' screens, where at least
            // one member has it arrive (a sentence per site that no member reaches would say
            // "never" five times; the run's sentences give the smallest margin instead).
            .chain(
                e.sites
                    .iter()
                    .filter(|s| s.has_clearance())
                    .filter_map(|s| e.date_range(&s.id, Threshold::BrackishWaterReaches))
                    .filter(|d| d.range.members_crossing > 0),
            )
            .map(|d| sentence(&d, d.site.clone()))
            .collect();
        let springs = e
            .spring_outlooks()
            .iter()
            .map(|o| DateSentence {
                site: o.site.clone(),
                es: o.sentence(Lang::Es),
                en: o.sentence(Lang::En),
            })
            .collect();
        // The cards' ranges are shown for complete ensembles only; partial views skip them.
        let (vegas, crossings) = if done == total {
            let vegas = e
                .sites
                .iter()
                .filter_map(|s| e.date_range(&s.id, Threshold::LeavesRootZone))
                .map(|d| sentence(&d, d.site.clone()))
                .collect();
            let thresholds = drawdown_thresholds_m(&e.scenario);
            let crossings = dated
                .iter()
                .flat_map(|s| thresholds.iter().map(move |&t| (s, t)))
                .filter_map(|(s, t)| {
                    e.date_range(&s.id, Threshold::DrawdownAboveM(t))
                        .map(|d| sentence(&d, crossing_key(&s.id, t)))
                })
                .collect();
            (vegas, crossings)
        } else {
            (Vec::new(), Vec::new())
        };
        let digest = format!("{:016x}", summary.digest());
        EnsembleView {
            query: String::new(),
            done,
            total,
            first_year,
            bands,
            indicators,
            measure,
            dates,
            springs,
            vegas,
            crossings,
            threshold_m,
            limits: Vec::new(),
            digest,
        }
    }

    /// The view with the count of members keeping each limit (none while the ensemble is
    /// partial, and none for a limit it cannot read).
    pub fn with_limits(mut self, e: &Ensemble, limits: &[Limit]) -> EnsembleView {
        if self.done == self.total {
            self.limits = limits
                .iter()
                .filter_map(|l| {
                    let o = l.outcome(e)?;
                    Some(LimitCount {
                        text: limit_text(l),
                        keeping: o.members_keeping,
                        members: o.members,
                        kept: l.is_kept(&o),
                    })
                })
                .collect();
        }
        self
    }

    pub fn limit(&self, text: &str) -> Option<&LimitCount> {
        self.limits.iter().find(|l| l.text == text)
    }
}

impl EnsembleView {
    /// Columns of [`EnsembleView::csv_rows`].
    pub const CSV_HEADER: [&'static str; 7] = ["what", "site", "unit", "year", "p10", "p50", "p90"];

    /// The summary as table rows: every band year by year, then every indicator's range.
    pub fn csv_rows(&self) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        for b in &self.bands {
            let (what, site) =
                b.id.split_once(':')
                    .map_or((b.id.as_str(), ""), |(w, s)| (w, s));
            for y in 0..b.p50.len() {
                rows.push(vec![
                    what.to_string(),
                    site.to_string(),
                    String::new(),
                    (self.first_year + y as i32).to_string(),
                    b.p10[y].to_string(),
                    b.p50[y].to_string(),
                    b.p90[y].to_string(),
                ]);
            }
        }
        for i in &self.indicators {
            rows.push(vec![
                i.id.split(':').next().unwrap_or_default().to_string(),
                i.site.clone().unwrap_or_default(),
                i.unit.clone(),
                String::new(),
                i.p10.to_string(),
                i.p50.to_string(),
                i.p90.to_string(),
            ]);
        }
        rows
    }
}

/// Means of consecutive 12-month blocks.
fn annual(monthly: &[f64]) -> Vec<f64> {
    monthly
        .chunks_exact(12)
        .map(|y| y.iter().sum::<f64>() / 12.0)
        .collect()
}

/// "entre 1,2 y 39,7 m" for a range of `id` (decimals and unit by the kind of result).
pub fn between(r: &IndicatorRange, lang: Lang) -> String {
    let (p10, p90) = match r.id.split(':').next() {
        Some("lithium_total_t_lce") => (
            fmt_tonnes_approx(r.p10, lang),
            fmt_tonnes_approx(r.p90, lang),
        ),
        Some("max_drawdown_m") => (
            format!("{} m", fmt_num(r.p10, 1, lang)),
            format!("{} m", fmt_num(r.p90, 1, lang)),
        ),
        // A change is said as a loss or a fall in the sentence, so its range drops the sign
        // (spring flow −100 to −43 % reads "between 43 and 100 %") unless it crosses zero.
        _ if r.p10 < 0.0 && r.p90 > 0.0 => (
            format!("{} {}", fmt_num(r.p10, 0, lang), r.unit),
            format!("{} {}", fmt_num(r.p90, 0, lang), r.unit),
        ),
        _ => (
            format!("{} {}", fmt_num(r.p10.abs(), 0, lang), r.unit),
            format!("{} {}", fmt_num(r.p90.abs(), 0, lang), r.unit),
        ),
    };
    let (lo, hi) = if r.p90 <= 0.0 { (p90, p10) } else { (p10, p90) };
    format!(
        "{} {lo} {} {hi}",
        pick(lang, "entre", "between"),
        pick(lang, "y", "and")
    )
}

/// The spread under a card: "En 8 de cada 10 versiones posibles de la cuenca: entre … y …",
/// or a spring site's outlook over the ensemble; `None` when the sentence ranges nothing.
pub fn spread(s: &Sentence, v: &EnsembleView, lang: Lang) -> Option<String> {
    // Dates and outlooks come as the ensemble's own sentences.
    for a in &s.about {
        let (list, key) = if let Some(site) = a.strip_prefix("spring:") {
            (&v.springs, site)
        } else if let Some(site) = a.strip_prefix("roots:") {
            (&v.vegas, site)
        } else if a.starts_with("crossing:") {
            (&v.crossings, a.as_str())
        } else {
            continue;
        };
        return list
            .iter()
            .find(|d| d.site == key)
            .map(|d| pick(lang, &d.es, &d.en).to_string());
    }
    let ranges = ranges_of(s, v, lang)?;
    Some(format!(
        "{}: {ranges}.",
        pick(
            lang,
            "En 8 de cada 10 versiones posibles de la cuenca",
            "In 8 of 10 possible versions of the basin"
        ),
    ))
}

/// The P10–P90 ranges of the results a sentence speaks of ("entre 1,2 y 39,7 m"; the areas
/// sentence "vegas, entre …; lagunas, entre …"); `None` when it speaks of none.
pub fn ranges_of(s: &Sentence, v: &EnsembleView, lang: Lang) -> Option<String> {
    let ranges: Vec<&IndicatorRange> = s
        .about
        .iter()
        .filter_map(|id| v.indicators.iter().find(|r| &r.id == id))
        .collect();
    let parts: Vec<String> = match ranges.as_slice() {
        [] => return None,
        [one] => vec![between(one, lang)],
        // The areas sentence: vegas, then lagoons.
        many => many
            .iter()
            .map(|r| {
                let what = if r.id.starts_with("vega") {
                    pick(lang, "vegas", "vegas")
                } else {
                    pick(lang, "lagunas", "lagoons")
                };
                format!("{what}, {}", between(r, lang))
            })
            .collect(),
    };
    Some(parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuenca_model::presets::by_id;
    use cuenca_model::{run_ensemble, Basin, EnsembleSpec};

    #[test]
    fn a_small_ensemble_gives_ordered_bands_dates_and_a_ranking_and_survives_json() {
        let basin = Basin::default_basin();
        let scenario = by_id("fs2019").expect("preset").scenario();
        let spec = EnsembleSpec {
            members: 12,
            ..EnsembleSpec::default()
        };
        let e = run_ensemble(&basin, &scenario, &spec).expect("runs");
        let view = EnsembleView::from_ensemble(&e, 12, 12, 0.5);
        let springs = view.band("spring_flow_l_per_s").expect("springs band");
        assert_eq!(springs.p50.len(), e.months.len() / 12);
        for y in 0..springs.p50.len() {
            assert!(
                springs.p10[y] <= springs.p50[y] && springs.p50[y] <= springs.p90[y],
                "year {y}"
            );
        }
        assert!(view.bands.iter().any(|b| b.id.starts_with("drawdown_m:")));
        assert!(
            !view.dates.is_empty()
                && view
                    .dates
                    .iter()
                    .all(|d| !d.es.is_empty() && !d.en.is_empty())
        );
        // One sentence per spring site, none a bare "−100 %".
        assert_eq!(view.springs.len(), 2);
        assert!(view
            .springs
            .iter()
            .all(|d| !d.es.contains("100 %") && !d.en.contains("100 %")));
        let shares: f64 = view.measure.iter().map(|m| m.share).sum();
        assert!(shares <= 1.0 + 1e-9);
        let back = EnsembleView::from_bytes(&view.to_bytes()).expect("the view reads back");
        // Every float bit for bit (NaN too, which PartialEq would call unequal).
        assert_eq!(back.to_bytes(), view.to_bytes());
        assert_eq!(
            (back.dates, back.query),
            (view.dates.clone(), view.query.clone())
        );
        assert_eq!(EnsembleView::from_bytes(&view.to_bytes()[..40]), None);
        // Limits are counted as the model counts them, and only on a complete ensemble.
        let limit = cuenca_link::parse_limit("vega_santa_rosa:drawdown:0.5:2075:0.9", &basin)
            .expect("a limit");
        let with = view.clone().with_limits(&e, std::slice::from_ref(&limit));
        let o = limit.outcome(&e).expect("readable");
        let count = with.limit(&limit_text(&limit)).expect("counted");
        assert_eq!(
            (count.keeping, count.members),
            (o.members_keeping, o.members)
        );
        assert_eq!(count.kept, limit.is_kept(&o));
        let partial = EnsembleView::from_ensemble(&e, 11, 12, 0.5).with_limits(&e, &[limit]);
        assert!(partial.limits.is_empty());
        let rows = view.csv_rows();
        let years = springs.p50.len();
        assert_eq!(rows.len(), view.bands.len() * years + view.indicators.len());
        assert!(rows
            .iter()
            .all(|r| r.len() == EnsembleView::CSV_HEADER.len()));
    }

    #[test]
    fn annual_means_of_monthly_values() {
        let monthly: Vec<f64> = (0..24).map(f64::from).collect();
        assert_eq!(annual(&monthly), vec![5.5, 17.5]);
    }
}
