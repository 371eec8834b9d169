//! A spring site across the ensemble: whether it stops, and otherwise how much it gives.
//!
//! "The springs dry up" is said only when the spring does not flow at the end in most members
//! (more than half), and then as a range of years ([`Threshold::SpringStops`], the date-range
//! machinery of [`crate::uncertainty::dates`]). Otherwise the sentence gives the last ten
//! years' mean flow, median and P10–P90 over the members, and how many members stop.

use serde::Serialize;

use crate::lang::Lang;
use crate::outputs::springs::{flow_text, DECADE_YEARS};
use crate::uncertainty::dates::{SiteDateRange, Threshold};
use crate::uncertainty::ensemble::{Ensemble, Quantity};
use crate::uncertainty::summary::Band;

/// A spring site over the members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpringOutlook {
    pub site: String,
    pub name_es: String,
    pub name_en: String,
    /// Members counted: those whose spring flows before development (the others, left out,
    /// are `stops.left_out`).
    pub members: usize,
    /// Members whose spring does not flow in the last year (its mean water table is below the
    /// outlet, as the run's `flows_at_end`).
    pub members_stopped_at_end: usize,
    /// Each member's mean flow over the last ten years, P10–P50–P90, L/s, and the years.
    pub last_decade_flow_l_per_s: Band,
    pub last_decade_years: (i32, i32),
    /// When the water table first falls below the outlet.
    pub stops: SiteDateRange,
}

impl SpringOutlook {
    /// Whether the spring stops in most members (more than half): only then may it be said
    /// to dry up.
    pub fn stops_in_most(&self) -> bool {
        2 * self.members_stopped_at_end > self.members
    }

    /// One sentence: the range of years it stops in, when it stops in most members; otherwise
    /// its flow at the end with its range, and in how many members it stops.
    pub fn sentence(&self, lang: Lang) -> String {
        let place = match lang {
            Lang::Es => &self.name_es,
            Lang::En => &self.name_en,
        };
        let (k, n) = (self.members_stopped_at_end, self.members);
        let end = self.last_decade_years.1;
        if n == 0 {
            let out = self.stops.left_out;
            return match lang {
                Lang::Es => format!("En ninguno de los {out} casos brotan {place} antes del proyecto, aunque hoy brotan: estos casos no dicen nada de ellas."),
                Lang::En => format!("In none of the {out} cases does {place} flow before the project, although it flows today: these cases say nothing about it."),
            };
        }
        if self.stops_in_most() {
            let dates = self.stops.sentence(lang);
            return match lang {
                Lang::Es => format!("{dates} En {k} de los {n} casos no brota agua en {end}."),
                Lang::En => format!("{dates} In {k} of the {n} cases no water flows in {end}."),
            };
        }
        let b = &self.last_decade_flow_l_per_s;
        let (a, z) = self.last_decade_years;
        let (p10, p50, p90) = (
            flow_text(b.p10, lang),
            flow_text(b.p50, lang),
            flow_text(b.p90, lang),
        );
        let text = match lang {
            Lang::Es => format!("Con este escenario, el caudal de {place} en {a}–{z} es de entre {p10} y {p90} (lo más probable, {p50})."),
            Lang::En => format!("With this scenario, the flow of {place} in {a}–{z} is between {p10} and {p90} (most likely {p50})."),
        };
        let text = match (lang, self.stops.left_out) {
            (_, 0) => text,
            (Lang::Es, out) => format!("{text} Se dejan fuera {out} de {} casos: en ellos estas vertientes no brotan ni antes del proyecto, y hoy brotan.", out + n),
            (Lang::En, out) => format!("{text} {out} of {} cases are left out: in them these springs do not flow even before the project, and they flow today.", out + n),
        };
        match (lang, k) {
            (_, 0) => text,
            (Lang::Es, 1) => format!("{text} En 1 de los {n} casos no brota agua en {end}."),
            (Lang::En, 1) => format!("{text} In 1 of the {n} cases no water flows in {end}."),
            (Lang::Es, _) => format!("{text} En {k} de los {n} casos no brota agua en {end}."),
            (Lang::En, _) => format!("{text} In {k} of the {n} cases no water flows in {end}."),
        }
    }
}

impl Ensemble {
    /// A spring site's outlook over the members; `None` for a site without a spring or an
    /// empty ensemble.
    pub fn spring_outlook(&self, site: &str) -> Option<SpringOutlook> {
        let s = self.site(site)?;
        let stops = self.date_range(site, Threshold::SpringStops)?;
        let months = self.months.len();
        let span = (DECADE_YEARS * 12).min(months).max(1);
        let last_year = months.saturating_sub(12)..months;
        let mut flows = Vec::with_capacity(self.members.len());
        let mut stopped = 0;
        for k in 0..self.members.len() {
            // Left out, as in the dates: with this member's physics the spring is dry already.
            if self.member_initial_spring_head_m(k, site)? <= 0.0 {
                continue;
            }
            let q = self.member_series(k, Quantity::SiteSpringFlowLPerS, Some(site))?;
            let d = self.member_series(k, Quantity::DepthToWaterM, Some(site))?;
            let tail = &q[months.saturating_sub(span)..];
            flows.push(tail.iter().map(|&x| x as f64).sum::<f64>() / tail.len().max(1) as f64);
            let year = &d[last_year.clone()];
            let above = year
                .iter()
                .filter_map(|&x| s.head_above_outlet_m(x as f64))
                .sum::<f64>()
                / year.len().max(1) as f64;
            if above <= 0.0 {
                stopped += 1;
            }
        }
        let year = |m: usize| self.months.get(m).map_or(0, |ym| ym.year);
        Some(SpringOutlook {
            site: s.id.clone(),
            name_es: s.name_es.clone(),
            name_en: s.name_en.clone(),
            members: flows.len(),
            members_stopped_at_end: stopped,
            last_decade_flow_l_per_s: if flows.is_empty() {
                Band {
                    p10: 0.0,
                    p50: 0.0,
                    p90: 0.0,
                }
            } else {
                Band::of(&mut flows)
            },
            last_decade_years: (year(months.saturating_sub(span)), year(months - 1)),
            stops,
        })
    }

    /// The outlook of every spring site, in site order.
    pub fn spring_outlooks(&self) -> Vec<SpringOutlook> {
        self.sites
            .iter()
            .filter(|s| s.has_spring())
            .filter_map(|s| self.spring_outlook(&s.id))
            .collect()
    }
}
