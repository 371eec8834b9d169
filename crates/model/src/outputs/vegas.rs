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
        // Up to 0.5 ha the area prints as 0 ha (0.5 rounds half to even): none is left.
        let green = match (lang, self.last_decade_green_area_ha <= 0.5) {
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

#[cfg(test)]
mod tests {
    //! Vega root zones from constructed series: each field is worked out by hand from the depths
    //! to water, drawdowns and green areas written into a run's results (the run only supplies
    //! the months), with the root zone `clamp(depth, 0, 3 m)`.
    use super::*;
    use crate::lang::Lang;
    use crate::outputs::results::SiteCell;
    use crate::{Basin, LeverId, Scenario};

    const BASIN: &str = r#"
        [basin]
        id = "vega-zones"
        name_es = "Vegas"
        name_en = "Vegas"
        start_year = 2025

        [[cells]]
        id = "a"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 100.0
        bottom_m = -100.0
        sy = 0.1
        initial_head_m = 99.0
        boundary = { head_m = 99.0, conductance_m2_per_day = 1000.0 }

        [[cells]]
        id = "b"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 100.0
        bottom_m = -100.0
        sy = 0.1
        initial_head_m = 99.0
        boundary = { head_m = 99.0, conductance_m2_per_day = 1000.0 }
    "#;

    fn site(id: &str, kind: &str, cell_index: usize) -> SiteCell {
        SiteCell {
            id: id.into(),
            name_es: format!("Sitio {id}"),
            name_en: format!("Site {id}"),
            kind: kind.into(),
            cell: String::new(),
            x_km: 0.0,
            y_km: 0.0,
            cell_index,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn root_zones_are_the_hand_worked_means_extremes_and_years_of_the_series() {
        let basin = Basin::from_toml_str(BASIN).expect("basin");
        let s = Scenario::default()
            .with(LeverId::Years, 12.0)
            .with(LeverId::Variability, 0.0);
        let mut r = crate::run(&basin, &s).expect("run");
        assert_eq!(r.months.len(), 144);
        assert_eq!((r.months[0].year, r.months[143].year), (2025, 2036));
        // A spring site first (not a vega), then vega `va` on cell a and vega `vb` on cell b.
        r.sites = vec![
            site("ojo", "spring", 0),
            site("va", "vega", 0),
            site("vb", "vega", 1),
        ];
        // va, depth to water (ground 100 m): 1.5 m in 2025, 2 m in 2026, then 0.5 m but for
        // exactly 3 m in month 40 (2028), 4 m in month 50 (2029) and ponded 0.5 m in month 60;
        // in 2036 alternately 2 and 4 m (mean exactly 3 m: at the roots' bottom, not below).
        let mut d = vec![0.5; 144];
        d[..12].fill(1.5);
        d[12..24].fill(2.0);
        d[40] = 3.0;
        d[50] = 4.0;
        d[60] = -0.5;
        for (k, x) in d[132..].iter_mut().enumerate() {
            *x = if k % 2 == 0 { 2.0 } else { 4.0 };
        }
        // Drawdown: 1 m, its largest (2 m) in month 30 (2027) and again in month 100 (2033),
        // and −1 m (higher than without the project) in month 70.
        let mut dd = vec![1.0; 144];
        dd[30] = 2.0;
        dd[100] = 2.0;
        dd[70] = -1.0;
        // Green area: 60 ha for half of 2025 and 40 for the rest of it, 10 ha to 2035, 4 in 2036.
        let mut g = vec![10.0; 144];
        g[..6].fill(60.0);
        g[6..12].fill(40.0);
        g[132..].fill(4.0);
        let a = &mut r.cells[0];
        a.head_m = d.iter().map(|x| 100.0 - x).collect();
        a.depth_to_water_m = d;
        a.drawdown_m = dd;
        a.green_area_ha = g;
        // The steady state before development stands 1 m below the ground.
        r.initial_head_m[0] = 99.0;
        // vb: 1 m deep to 2029, 3.5 m from 2030 on (below the roots at the end).
        let b = &mut r.cells[1];
        b.depth_to_water_m = (0..144).map(|m| if m < 60 { 1.0 } else { 3.5 }).collect();
        b.head_m = b.depth_to_water_m.iter().map(|x| 100.0 - x).collect();
        b.drawdown_m = vec![0.0; 144];
        b.green_area_ha = vec![0.0; 144];
        r.initial_head_m[1] = 99.0;

        let v = vega_root_zones(&r);
        assert_eq!(v.len(), 2, "the two vegas, not the spring");
        let (va, vb) = (&v[0], &v[1]);
        assert_eq!((va.site.as_str(), va.name_es.as_str()), ("va", "Sitio va"));
        assert_eq!(va.name_en, "Site va");
        assert_eq!(va.root_zone_bottom_m, 3.0);
        assert!(close(va.initial_root_zone_depth_m, 1.0));
        // Root zone, months 0–119: 12·1.5 + 12·2 + 93·0.5 + 3 + 3 (4 m caps at 3) + 0 (ponded)
        // = 94.5 m; months 24–143: 105·0.5 + 3 + 3 + 0 + 6·2 + 6·3 = 88.5 m.
        assert!(close(va.first_decade_root_zone_depth_m, 94.5 / 120.0));
        assert!(close(va.last_decade_root_zone_depth_m, 88.5 / 120.0));
        assert_eq!(va.max_root_zone_depth_m, 3.0);
        assert_eq!(va.last_decade_years, (2027, 2036));
        // Exactly at the roots' bottom is not below it: the table leaves them in 2029.
        assert_eq!(va.leaves_roots_year, Some(2029));
        assert!(!va.below_roots_at_end);
        assert!(close(va.first_year_green_area_ha, 50.0));
        assert_eq!(va.first_year, 2025);
        // 108·10 + 12·4 = 1128 ha·months over the last ten years.
        assert!(close(va.last_decade_green_area_ha, 1128.0 / 120.0));
        // The largest drawdown comes twice: its first year is the one given.
        assert_eq!(
            (va.max_regional_drawdown_m, va.year_of_max_regional_drawdown),
            (2.0, 2027)
        );

        assert_eq!(vb.site, "vb");
        assert_eq!(vb.leaves_roots_year, Some(2030));
        assert!(vb.below_roots_at_end);
        assert_eq!(vb.max_root_zone_depth_m, 3.0);
        // 60 months at 1 m and 60 at the cap over the first ten years; 36 and 84 over the last.
        assert!(close(vb.first_decade_root_zone_depth_m, 2.0));
        assert!(close(vb.last_decade_root_zone_depth_m, 288.0 / 120.0));
        // No drawdown at all: 0 m, in the first year.
        assert_eq!(
            (vb.max_regional_drawdown_m, vb.year_of_max_regional_drawdown),
            (0.0, 2025)
        );
    }

    #[test]
    fn the_root_zone_is_the_depth_capped_to_the_roots() {
        assert_eq!(root_zone_depth_m(1.25), 1.25);
        assert_eq!(root_zone_depth_m(-0.4), 0.0);
        assert_eq!(root_zone_depth_m(40.0), 3.0);
    }

    /// A vega whose water table stays `d` m down in the root zone, with `g` ha green at the end.
    fn zone(d: f64, g: f64, leaves: Option<i32>) -> VegaRootZone {
        VegaRootZone {
            site: "v".into(),
            name_es: "Vega de prueba".into(),
            name_en: "Test vega".into(),
            root_zone_bottom_m: 3.0,
            initial_root_zone_depth_m: 0.2,
            first_decade_root_zone_depth_m: d,
            last_decade_root_zone_depth_m: d,
            max_root_zone_depth_m: d,
            last_decade_years: (2035, 2044),
            leaves_roots_year: leaves,
            below_roots_at_end: false,
            first_year_green_area_ha: 80.0,
            first_year: 2025,
            last_decade_green_area_ha: g,
            max_regional_drawdown_m: 1.0,
            year_of_max_regional_drawdown: 2044,
        }
    }

    #[test]
    fn depths_read_at_the_surface_below_five_centimetres() {
        let es = |d: f64| zone(d, 60.0, None).sentence(Lang::Es);
        let stays = "En Vega de prueba, la napa se mantiene al alcance de las raíces (hasta 3 m bajo el suelo): en 2035–2044 queda en promedio";
        let green = "y la vega tiene 60 ha de superficie verde (80 ha en 2025).";
        assert_eq!(es(0.02), format!("{stays} a nivel del suelo {green}"));
        // 5 cm prints as 0.1 m (the nearest double to 0.05 is above it), so it is not "at the
        // surface".
        assert_eq!(es(0.05), format!("{stays} a 0,1 m bajo el suelo {green}"));
        assert_eq!(es(1.3), format!("{stays} a 1,3 m bajo el suelo {green}"));
        assert_eq!(
            zone(1.3, 60.0, None).sentence(Lang::En),
            "At Test vega, the water table stays within reach of the roots (down to 3 m below ground): in 2035–2044 it is 1.3 m below ground on average and the vega has 60 ha of green area (80 ha in 2025)."
        );
    }

    #[test]
    fn a_green_area_that_rounds_to_nothing_reads_as_none_left() {
        let en = |g: f64| zone(1.0, g, Some(2030)).sentence(Lang::En);
        let left = "At Test vega, the water table leaves the roots (falls more than 3 m below ground) in 2030 and returns to them before 2044;";
        assert_eq!(
            en(0.3),
            format!("{left} in 2035–2044 no green area is left (80 ha in 2025).")
        );
        // Half a hectare prints as 0 ha (round half to even): none is left either.
        assert_eq!(crate::lang::fmt_num(0.5, 0, Lang::En), "0");
        assert_eq!(
            en(0.5),
            format!("{left} in 2035–2044 no green area is left (80 ha in 2025).")
        );
        assert_eq!(
            en(0.7),
            format!("{left} its green area is 1 ha in 2035–2044 (80 ha in 2025).")
        );
        assert_eq!(
            en(12.0),
            format!("{left} its green area is 12 ha in 2035–2044 (80 ha in 2025).")
        );
    }
}
