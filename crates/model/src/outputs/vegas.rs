//! Vegas as the plants feel them: the water table's depth within the root zone, and the green
//! area, apart from the regional drawdown.
//!
//! A vega cell's head is that of a column hundreds of metres deep, so its drawdown (tens of
//! metres under heavy pumping) is the regional aquifer's. The vega's roots take water only down
//! to [`VEGA_EXTINCTION_M`]: below it the vega has lost the water table whether it fell 3 m or
//! 40 m. The root-zone depth is therefore the depth to water capped to `0..VEGA_EXTINCTION_M`
//! (ponded water counts as 0), and "the water table leaves the roots" past it.

use serde::Serialize;

use crate::outputs::results::Results;
use crate::outputs::springs::DECADE_YEARS;
use crate::physics::surface::VEGA_EXTINCTION_M;

/// One vega site over a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VegaRootZone {
    pub site: String,
    pub name_es: String,
    pub name_en: String,
    /// Bottom of the root zone below the ground ([`VEGA_EXTINCTION_M`]), m.
    pub root_zone_bottom_m: f64,
    /// Depth to water within the root zone, `clamp(depth, 0, root_zone_bottom_m)`: before
    /// development, the means of the first and the last [`DECADE_YEARS`] years, and the most
    /// of any month, m.
    pub initial_root_zone_depth_m: f64,
    pub first_decade_root_zone_depth_m: f64,
    pub last_decade_root_zone_depth_m: f64,
    pub max_root_zone_depth_m: f64,
    pub last_decade_years: (i32, i32),
    /// First year the water table falls below the root zone in some month.
    pub leaves_roots_year: Option<i32>,
    /// Whether the last year's mean water table is below the root zone.
    pub below_roots_at_end: bool,
    /// Green area of the vega's cell: the first year's mean and the last decade's, ha.
    pub first_year_green_area_ha: f64,
    pub first_year: i32,
    pub last_decade_green_area_ha: f64,
    /// The regional drawdown (the cell's head against no project under the same climate): the
    /// largest, m, and its year. The same as the site's `max_drawdown_m`, named for what it is.
    pub max_regional_drawdown_m: f64,
    pub year_of_max_regional_drawdown: i32,
}

/// Depth to water as the roots feel it, m.
pub fn root_zone_depth_m(depth_to_water_m: f64) -> f64 {
    depth_to_water_m.clamp(0.0, VEGA_EXTINCTION_M)
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// The vega sites of a run, in site order.
pub(crate) fn vega_root_zones(r: &Results) -> Vec<VegaRootZone> {
    let months = r.months.len();
    let span = (DECADE_YEARS.min(months / 12).max(1) * 12).min(months);
    let year = |m: usize| r.months.get(m).map_or(0, |ym| ym.year);
    r.site_series()
        .filter(|(s, _)| s.kind == "vega")
        .map(|(s, c)| {
            let roots: Vec<f64> = c
                .depth_to_water_m
                .iter()
                .map(|&d| root_zone_depth_m(d))
                .collect();
            let last = months.saturating_sub(span)..months;
            let last_year = months.saturating_sub(12)..months;
            let (mut mx, mut at) = (0.0_f64, 0);
            for (m, &d) in c.drawdown_m.iter().enumerate() {
                if d > mx {
                    mx = d;
                    at = m;
                }
            }
            let ground = c
                .depth_to_water_m
                .first()
                .zip(c.head_m.first())
                .map_or(0.0, |(d, h)| d + h);
            let h0 = r
                .initial_head_m
                .get(s.cell_index)
                .copied()
                .unwrap_or(ground);
            let green = &c.green_area_ha;
            VegaRootZone {
                site: s.id.clone(),
                name_es: s.name_es.clone(),
                name_en: s.name_en.clone(),
                root_zone_bottom_m: VEGA_EXTINCTION_M,
                initial_root_zone_depth_m: root_zone_depth_m(ground - h0),
                first_decade_root_zone_depth_m: mean(&roots[..span]),
                last_decade_root_zone_depth_m: mean(&roots[last.clone()]),
                max_root_zone_depth_m: roots.iter().copied().fold(0.0, f64::max),
                last_decade_years: (year(last.start), year(months.saturating_sub(1))),
                leaves_roots_year: c
                    .depth_to_water_m
                    .iter()
                    .position(|&d| d > VEGA_EXTINCTION_M)
                    .map(year),
                below_roots_at_end: mean(&c.depth_to_water_m[last_year]) > VEGA_EXTINCTION_M,
                first_year_green_area_ha: mean(&green[..12.min(green.len())]),
                first_year: year(0),
                last_decade_green_area_ha: mean(&green[green.len().saturating_sub(span)..]),
                max_regional_drawdown_m: mx,
                year_of_max_regional_drawdown: year(at),
            }
        })
        .collect()
}

impl VegaRootZone {
    /// The vega as the plants feel it, in one sentence: the water table in the root zone (or
    /// that it leaves it, and when) and the green area at the start and the end.
    pub fn sentence(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::{fmt_num, Lang};
        let place = match lang {
            Lang::Es => &self.name_es,
            Lang::En => &self.name_en,
        };
        let n = |x: f64, d: usize| fmt_num(x, d, lang);
        let roots = n(self.root_zone_bottom_m, 0);
        let (a, b) = self.last_decade_years;
        let ha = |x: f64| n(x, 0);
        let (g0, g1) = (
            ha(self.first_year_green_area_ha),
            ha(self.last_decade_green_area_ha),
        );
        let y0 = self.first_year;
        let green = match (lang, self.last_decade_green_area_ha < 0.5) {
            (Lang::Es, false) => {
                format!("su superficie verde es de {g1} ha en {a}–{b} ({g0} ha en {y0})")
            }
            (Lang::En, false) => format!("its green area is {g1} ha in {a}–{b} ({g0} ha in {y0})"),
            (Lang::Es, true) => {
                format!("en {a}–{b} no le queda superficie verde ({g0} ha en {y0})")
            }
            (Lang::En, true) => format!("in {a}–{b} no green area is left ({g0} ha in {y0})"),
        };
        let depth = |d: f64| -> String {
            match (lang, d < 0.05) {
                (Lang::Es, true) => "a nivel del suelo".to_string(),
                (Lang::En, true) => "at the ground surface".to_string(),
                (Lang::Es, false) => format!("a {} m bajo el suelo", n(d, 1)),
                (Lang::En, false) => format!("{} m below ground", n(d, 1)),
            }
        };
        match (self.leaves_roots_year, self.below_roots_at_end) {
            (None, _) => {
                let d = depth(self.last_decade_root_zone_depth_m);
                // The decade is named once: the green area follows in the same clause.
                let green = match lang {
                    Lang::Es => format!("la vega tiene {g1} ha de superficie verde ({g0} ha en {y0})"),
                    Lang::En => format!("the vega has {g1} ha of green area ({g0} ha in {y0})"),
                };
                match lang {
                    Lang::Es => format!("En {place}, la napa se mantiene al alcance de las raíces (hasta {roots} m bajo el suelo): en {a}–{b} queda en promedio {d} y {green}."),
                    Lang::En => format!("At {place}, the water table stays within reach of the roots (down to {roots} m below ground): in {a}–{b} it is {d} on average and {green}."),
                }
            }
            (Some(y), true) => match lang {
                Lang::Es => format!("En {place}, la napa sale de la zona de raíces (baja a más de {roots} m bajo el suelo) en {y} y no vuelve antes de {b}; {green}."),
                Lang::En => format!("At {place}, the water table leaves the roots (falls more than {roots} m below ground) in {y} and does not return before {b}; {green}."),
            },
            (Some(y), false) => match lang {
                Lang::Es => format!("En {place}, la napa sale de la zona de raíces (baja a más de {roots} m bajo el suelo) en {y} y vuelve a ella antes de {b}; {green}."),
                Lang::En => format!("At {place}, the water table leaves the roots (falls more than {roots} m below ground) in {y} and returns to them before {b}; {green}."),
            },
        }
    }
}
