//! Dates with ranges: for a named site and a threshold, the earliest (P10), likely (P50) and
//! latest (P90) year the threshold is first crossed across the ensemble members, or "not within
//! the horizon", and the same as a sentence.
//!
//! A member that never crosses is later than any year. Quantiles are the inverse empirical
//! distribution (Hyndman & Fan type 1, no interpolation): with the members' first years sorted
//! (never = +∞), `Q(p)` is the `⌈p·n⌉`-th smallest. Hence the likely year exists only when at
//! least half the members cross (with 100 members: the 50th earliest), and the latest year only
//! when at least 90 % cross; otherwise they read "not within the horizon". Interpolating between a
//! year and "never" would have no meaning, and years are whole anyway.

use serde::Serialize;

use crate::lang::{fmt_num, Lang};
use crate::physics::surface::VEGA_EXTINCTION_M;
use crate::uncertainty::ensemble::{Ensemble, EnsembleSite, Quantity};

/// A level people care about at a site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Threshold {
    /// Drawdown against the no-project run exceeds this many metres.
    DrawdownAboveM(f64),
    /// The water table is deeper than this many metres below ground.
    DepthToWaterAboveM(f64),
    /// The spring of the site flows less than this many L/s (spring sites only).
    SpringFlowBelowLPerS(f64),
    /// Brackish water reaches a vega's roots or a fresh-water wellfield's screens (clearance
    /// ≤ 0; sites over a lens only). Members where it is already there before development are
    /// left out: their mixing zone is too thick for what is fresh today.
    BrackishWaterReaches,
    /// The water table falls below the spring's outlet: the spring stops (spring sites only).
    SpringStops,
    /// The water table falls below a vega's root zone ([`VEGA_EXTINCTION_M`] below the ground;
    /// vega sites only). Members where it is already below before development are left out:
    /// the vegas are green today.
    LeavesRootZone,
}

impl Threshold {
    fn quantity(self) -> Quantity {
        match self {
            Threshold::DrawdownAboveM(_) => Quantity::DrawdownM,
            Threshold::DepthToWaterAboveM(_) => Quantity::DepthToWaterM,
            Threshold::SpringFlowBelowLPerS(_) => Quantity::SiteSpringFlowLPerS,
            Threshold::BrackishWaterReaches => Quantity::ClearanceM,
            // Read as the water table above the outlet ([`EnsembleSite::head_above_outlet_m`]).
            Threshold::SpringStops | Threshold::LeavesRootZone => Quantity::DepthToWaterM,
        }
    }

    /// Whether a month's value is past the threshold (drawdown uses `>` like the indicators;
    /// for [`Threshold::SpringStops`] the value is the water table above the outlet, and the
    /// spring stops below it, like the run's `stops_year`).
    pub fn crossed(self, x: f64) -> bool {
        match self {
            Threshold::DrawdownAboveM(t) | Threshold::DepthToWaterAboveM(t) => x > t,
            Threshold::SpringFlowBelowLPerS(t) => x < t,
            Threshold::BrackishWaterReaches => x <= 0.0,
            Threshold::SpringStops => x < 0.0,
            Threshold::LeavesRootZone => x > VEGA_EXTINCTION_M,
        }
    }

    fn value(self) -> f64 {
        match self {
            Threshold::DrawdownAboveM(t)
            | Threshold::DepthToWaterAboveM(t)
            | Threshold::SpringFlowBelowLPerS(t) => t,
            Threshold::BrackishWaterReaches | Threshold::SpringStops => 0.0,
            Threshold::LeavesRootZone => VEGA_EXTINCTION_M,
        }
    }
}

/// Earliest, likely and latest year of first crossing; `None` = not within the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// P10 of the first-crossing year.
    pub earliest: Option<i32>,
    /// P50.
    pub likely: Option<i32>,
    /// P90.
    pub latest: Option<i32>,
    pub members_crossing: usize,
    pub members: usize,
    /// Last simulated year (the horizon).
    pub last_year: i32,
}

impl DateRange {
    /// From each member's first year of crossing (`None` = never within the horizon).
    pub fn from_first_years(years: &[Option<i32>], last_year: i32) -> DateRange {
        let mut crossing: Vec<i32> = years.iter().flatten().copied().collect();
        crate::sorting::sort(&mut crossing);
        let n = years.len();
        // ⌈p·n⌉-th smallest (1-based), never = after every year. Exact integer arithmetic.
        let q = |pct: usize| -> Option<i32> {
            if n == 0 {
                return None;
            }
            let k = (pct * n).div_ceil(100).max(1);
            crossing.get(k - 1).copied()
        };
        DateRange {
            earliest: q(10),
            likely: q(50),
            latest: q(90),
            members_crossing: crossing.len(),
            members: n,
            last_year,
        }
    }
}

/// A date range at a named site, with what it needs to be written as a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteDateRange {
    pub site: String,
    pub name_es: String,
    pub name_en: String,
    pub kind: String,
    pub threshold: Threshold,
    pub range: DateRange,
    /// Members left out (a clearance or spring threshold already crossed before development).
    pub left_out: usize,
}

impl Ensemble {
    /// First-crossing years at a site across the members, or `None` if the site is unknown, the
    /// ensemble is empty, or a spring-flow (clearance) threshold is asked of a site without a
    /// spring (a lens under it).
    pub fn date_range(&self, site: &str, threshold: Threshold) -> Option<SiteDateRange> {
        let s = self.site(site)?;
        if self.members.is_empty() {
            return None;
        }
        // The value the threshold reads: a spring's water table above its outlet, or the
        // stored series as it is.
        let value = |s: &EnsembleSite, x: f64| match threshold {
            Threshold::SpringStops => s.head_above_outlet_m(x),
            _ => Some(x),
        };
        value(s, 0.0)?;
        if threshold == Threshold::LeavesRootZone && s.kind != "vega" {
            return None;
        }
        let mut years = Vec::with_capacity(self.members.len());
        let mut left_out = 0;
        for k in 0..self.members.len() {
            let v = self.member_series(k, threshold.quantity(), Some(site))?;
            // Members that contradict what is seen today (fresh roots and screens, flowing
            // springs) are left out and counted, not dated.
            let contradicts_today = match threshold {
                Threshold::BrackishWaterReaches => self.member_initial_clearance_m(k, site)? <= 0.0,
                Threshold::SpringStops => self.member_initial_spring_head_m(k, site)? <= 0.0,
                // The first month stands for the state before development (the project starts
                // later; the water table at rest moves little in a month).
                Threshold::LeavesRootZone => {
                    v.first().is_some_and(|&d| threshold.crossed(d as f64))
                }
                _ => false,
            };
            if contradicts_today {
                left_out += 1;
                continue;
            }
            years.push(
                v.iter()
                    .position(|&x| value(s, x as f64).is_some_and(|x| threshold.crossed(x)))
                    .and_then(|m| self.months.get(m))
                    .map(|ym| ym.year),
            );
        }
        let last_year = self.months.last().map(|m| m.year).unwrap_or(0);
        Some(SiteDateRange {
            site: s.id.clone(),
            name_es: s.name_es.clone(),
            name_en: s.name_en.clone(),
            kind: s.kind.clone(),
            threshold,
            range: DateRange::from_first_years(&years, last_year),
            left_out,
        })
    }
}

/// Decimals that show a threshold as the user set it (0,5 m; 0,25 m; 12 L/s).
fn threshold_text(t: f64, lang: Lang) -> String {
    let d = if t == libm::round(t) && t >= 10.0 {
        0
    } else if libm::fabs(t * 10.0 - libm::round(t * 10.0)) < 1e-9 {
        1
    } else {
        2
    };
    fmt_num(t, d, lang)
}

impl SiteDateRange {
    /// The range as one sentence, e.g. "Con este escenario, la napa en Vega de Santa Rosa baja
    /// más de 0,5 m entre 2041 y 2052 (lo más probable, 2046)."
    pub fn sentence(&self, lang: Lang) -> String {
        let place = match lang {
            Lang::Es => &self.name_es,
            Lang::En => &self.name_en,
        };
        let t = threshold_text(self.threshold.value(), lang);
        // (it happens, it does not happen)
        let (yes, no) = match (self.threshold, lang) {
            (Threshold::DrawdownAboveM(_), Lang::Es) => (
                format!("la napa en {place} baja más de {t} m"),
                format!("la napa en {place} no baja más de {t} m"),
            ),
            (Threshold::DrawdownAboveM(_), Lang::En) => (
                format!("the water table at {place} drops more than {t} m"),
                format!("the water table at {place} does not drop more than {t} m"),
            ),
            (Threshold::DepthToWaterAboveM(_), Lang::Es) => (
                format!("la napa en {place} queda a más de {t} m de profundidad"),
                format!("la napa en {place} se mantiene a menos de {t} m de profundidad"),
            ),
            (Threshold::DepthToWaterAboveM(_), Lang::En) => (
                format!("the water table at {place} falls deeper than {t} m below ground"),
                format!("the water table at {place} stays within {t} m of the ground"),
            ),
            (Threshold::SpringFlowBelowLPerS(_), Lang::Es) => (
                format!("el caudal de {place} baja de {t} L/s"),
                format!("el caudal de {place} se mantiene por encima de {t} L/s"),
            ),
            (Threshold::SpringFlowBelowLPerS(_), Lang::En) => (
                format!("the flow of {place} falls below {t} L/s"),
                format!("the flow of {place} stays above {t} L/s"),
            ),
            (Threshold::BrackishWaterReaches, _) => self.clearance_phrases(place, lang),
            (Threshold::SpringStops, Lang::Es) => (
                format!("la napa baja por debajo de la salida de {place} y el agua deja de brotar"),
                format!("la napa se mantiene sobre la salida de {place}"),
            ),
            (Threshold::SpringStops, Lang::En) => (
                format!("the water table falls below the outlet of {place} and the springs stop flowing"),
                format!("the water table stays above the outlet of {place}"),
            ),
            (Threshold::LeavesRootZone, Lang::Es) => (
                format!("la napa en {place} sale de la zona de raíces (más de {t} m bajo el suelo)"),
                format!("la napa en {place} se mantiene en la zona de raíces"),
            ),
            (Threshold::LeavesRootZone, Lang::En) => (
                format!("the water table at {place} leaves the root zone (more than {t} m below ground)"),
                format!("the water table at {place} stays within the root zone"),
            ),
        };
        let r = &self.range;
        let end = r.last_year;
        let text = match (lang, r.earliest, r.likely, r.latest) {
            (Lang::Es, Some(a), Some(_), Some(b)) if a == b => {
                format!("Con este escenario, {yes} en {a}.")
            }
            (Lang::En, Some(a), Some(_), Some(b)) if a == b => {
                format!("With this scenario, {yes} in {a}.")
            }
            (Lang::Es, Some(a), Some(c), Some(b)) => {
                format!("Con este escenario, {yes} entre {a} y {b} (lo más probable, {c}).")
            }
            (Lang::En, Some(a), Some(c), Some(b)) => {
                format!("With this scenario, {yes} between {a} and {b} (most likely {c}).")
            }
            (Lang::Es, Some(a), Some(c), None) => format!(
                "Con este escenario, {yes} desde {a} (lo más probable, {c}); en algunos casos, no antes de fin de {end}."
            ),
            (Lang::En, Some(a), Some(c), None) => format!(
                "With this scenario, {yes} from {a} on (most likely {c}); in some cases not before the end of {end}."
            ),
            (Lang::Es, Some(a), None, _) => format!(
                "Con este escenario, en la mayoría de los casos {no} antes de fin de {end}; en algunos casos ocurre desde {a}."
            ),
            (Lang::En, Some(a), None, _) => format!(
                "With this scenario, in most cases {no} before the end of {end}; in some cases it happens from {a} on."
            ),
            (Lang::Es, None, ..) if r.members_crossing > 0 => format!(
                "Con este escenario, en casi todos los casos {no} antes de fin de {end}."
            ),
            (Lang::En, None, ..) if r.members_crossing > 0 => format!(
                "With this scenario, in almost all cases {no} before the end of {end}."
            ),
            (Lang::Es, None, ..) => format!(
                "Con este escenario, {no} antes de fin de {end} en ninguno de los {} casos.",
                r.members
            ),
            (Lang::En, None, ..) => format!(
                "With this scenario, {no} before the end of {end} in any of the {} cases.",
                r.members
            ),
        };
        if self.left_out == 0 {
            return text;
        }
        let (k, all) = (self.left_out, self.left_out + r.members);
        match (lang, self.threshold) {
            (Lang::Es, Threshold::SpringStops) => format!("{text} Se dejan fuera {k} de {all} casos: en ellos estas vertientes no brotan ni antes del proyecto, y hoy brotan."),
            (Lang::En, Threshold::SpringStops) => format!("{text} {k} of {all} cases are left out: in them these springs do not flow even before the project, and they flow today."),
            (Lang::Es, Threshold::LeavesRootZone) => format!("{text} Se dejan fuera {k} de {all} casos: en ellos la napa ya está bajo las raíces antes del proyecto, y hoy la vega está verde."),
            (Lang::En, Threshold::LeavesRootZone) => format!("{text} {k} of {all} cases are left out: in them the water table is below the roots even before the project, and the vega is green today."),
            (Lang::Es, _) => format!("{text} Se dejan fuera {k} de {all} casos: su zona de mezcla es demasiado ancha para lo que hoy es agua dulce."),
            (Lang::En, _) => format!("{text} {k} of {all} cases are left out: their mixing zone is too thick for what is fresh today."),
        }
    }

    /// (It happens, it does not happen) for brackish water at a vega's roots or a wellfield's
    /// screens.
    fn clearance_phrases(&self, place: &str, lang: Lang) -> (String, String) {
        let what = match (lang, self.kind == "fresh_wellfield") {
            (Lang::Es, false) => "las raíces de",
            (Lang::Es, true) => "los filtros de",
            (Lang::En, false) => "the roots of",
            (Lang::En, true) => "the screens of",
        };
        match lang {
            Lang::Es => (
                format!("el agua salobre llega a {what} {place}"),
                format!("el agua salobre no llega a {what} {place}"),
            ),
            Lang::En => (
                format!("brackish water reaches {what} {place}"),
                format!("brackish water does not reach {what} {place}"),
            ),
        }
    }
}
