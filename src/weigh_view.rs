//! What the page shows of the ensemble weighed by someone's own readings: progress, then the
//! headline results' ranges before and after the readings, how many members still carry the
//! weight, and each read site's ranges before and after. (The central run beside the readings
//! is [`crate::central_fit`]'s, shown before any weighing.) Built in the tools'
//! worker (`WeighJob`), in both languages, and sent in postcard's binary form.

use cuenca_model::observations::{ObservedQuantity, BASIN_SITE};
use cuenca_model::Basin;
use cuenca_model::Lang;
use serde::{Deserialize, Serialize};

/// A headline result with its range over the members before and after the readings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeighedRange {
    pub sentence: String,
    pub before: String,
    pub after: String,
}

/// A read site's monthly series over the members, before and after the readings, with the
/// readings themselves: drawn as a small chart ([`crate::weigh_chart`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeighChart {
    pub site_es: String,
    pub site_en: String,
    /// What was read: depth to water (m below ground, drawn downwards), a spring's flow (L/s),
    /// or the basin's vega or lagoon area (ha).
    pub quantity: ObservedQuantity,
    /// Year and month of the series' first value.
    pub first_year: i32,
    pub first_month: u8,
    pub before_p10: Vec<f64>,
    pub before_p90: Vec<f64>,
    pub after_p10: Vec<f64>,
    pub after_p50: Vec<f64>,
    pub after_p90: Vec<f64>,
    /// Each reading: months after the first, value, standard deviation.
    pub readings: Vec<(usize, f64, f64)>,
    /// Months before the run's start (a hindcast under observed rain); 0 without one.
    pub today_month: usize,
}

impl WeighChart {
    /// The names a read site's chart carries: the place's, or the whole basin's for the basin's
    /// areas ([`BASIN_SITE`]); `None` for a site the basin lacks.
    pub fn site_names(basin: &Basin, site: &str) -> Option<(String, String)> {
        if site == BASIN_SITE {
            return Some(("Toda la cuenca".into(), "The whole basin".into()));
        }
        basin
            .site(site)
            .map(|s| (s.name_es.clone(), s.name_en.clone()))
    }

    /// Whether the chart has the members' bands (after weighing), or the central run alone.
    pub fn weighed(&self) -> bool {
        !self.before_p10.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeighView {
    /// The link query the page asked about.
    pub query: String,
    /// Member runs done and in all.
    pub done: usize,
    pub total: usize,
    pub complete: bool,
    pub error: Option<String>,
    /// Readings the weights used and left out (outside the run, or a quantity it cannot read).
    pub used: usize,
    pub unused: usize,
    pub members: usize,
    /// The ensemble sizes run: more than one when the readings left the weight on too few
    /// members and twice as many were drawn.
    pub members_drawn: Vec<usize>,
    /// Effective sample size: the weights as used (tempered when they collapse) and raw.
    pub ess: f64,
    pub ess_untempered: f64,
    pub ranges_es: Vec<WeighedRange>,
    pub ranges_en: Vec<WeighedRange>,
    /// The weights' own warnings (collapse, tempering, no member fits).
    pub messages_es: Vec<String>,
    pub messages_en: Vec<String>,
    /// One chart per site and quantity read (water-table levels are not charted yet).
    pub charts: Vec<WeighChart>,
    /// Members taken from the page's complete bands of the same scenario rather than run again.
    pub members_adopted: usize,
    /// Time to weigh the members by the readings and summarise them again, ms (the worker's
    /// clock, to the millisecond).
    pub weighing_ms: f64,
}

impl WeighView {
    pub fn ranges(&self, lang: Lang) -> &[WeighedRange] {
        match lang {
            Lang::Es => &self.ranges_es,
            Lang::En => &self.ranges_en,
        }
    }

    pub fn messages(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Es => &self.messages_es,
            Lang::En => &self.messages_en,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<WeighView> {
        postcard::from_bytes(bytes).ok()
    }
}
