//! Spring lines: each fan-toe spring's flow and how far the water table stands above its outlet.
//!
//! A spring flows `C · max(h − z, 0)` (smoothed over a few centimetres,
//! [`crate::physics::surface::spring_flow`]), so its flow says little about how close it is to
//! stopping: an outlet 1 m below the natural water table stops after 1 m of drawdown whatever
//! the flow was. The head above the outlet, `h − z`, says it directly (negative: the spring has
//! stopped). A basin-wide "−100 %" hides both.

use serde::Serialize;

use crate::basin::{Basin, EvapZone};
use crate::outputs::results::Results;
use crate::physics::surface::spring_flow;

/// Years averaged at the start and the end of a run: single years swing with the weather.
pub const DECADE_YEARS: usize = 10;

/// One spring line (a cell whose spring counts in the basin's spring flow: not a vega's or a
/// lagoon's outflow) over a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpringLine {
    /// The cell's id.
    pub cell: String,
    /// The spring site in the cell, if the basin names one.
    pub site: Option<String>,
    pub name_es: String,
    pub name_en: String,
    /// Outlet elevation, m, and conductance, m²/day.
    pub outlet_m: f64,
    pub conductance_m2_per_day: f64,
    /// Before development (the steady state under today's mean climate): flow, L/s, and the
    /// water table above the outlet, m.
    pub initial_flow_l_per_s: f64,
    pub initial_head_above_outlet_m: f64,
    /// Means over the first and the last [`DECADE_YEARS`] years of the run (all of it when
    /// shorter), and the years they span.
    pub first_decade_flow_l_per_s: f64,
    pub first_decade_head_above_outlet_m: f64,
    pub last_decade_flow_l_per_s: f64,
    pub last_decade_head_above_outlet_m: f64,
    pub last_decade_years: (i32, i32),
    /// The last year's means.
    pub last_year_flow_l_per_s: f64,
    pub last_year_head_above_outlet_m: f64,
    /// Lowest month-end water table above the outlet, m, and its year.
    pub min_head_above_outlet_m: f64,
    pub year_of_min: i32,
    /// First year the water table falls below the outlet in some month (the spring stops).
    pub stops_year: Option<i32>,
    /// Whether the last year's mean water table is above the outlet (it flows at the end).
    pub flows_at_end: bool,
}

/// Flow of a spring at head `h`, L/s: the model's own law, the one its water balance counts.
pub fn flow_l_per_s(h: f64, outlet_m: f64, conductance_m2_per_day: f64) -> f64 {
    spring_flow(h, outlet_m, conductance_m2_per_day).0 / crate::SECONDS_PER_DAY * 1000.0
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// The spring lines of a run, in cell order.
pub(crate) fn spring_lines(basin: &Basin, r: &Results) -> Vec<SpringLine> {
    let months = r.months.len();
    let years = months / 12;
    let span = DECADE_YEARS.min(years).max(1) * 12;
    let year = |m: usize| r.months.get(m).map_or(0, |ym| ym.year);
    basin
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !matches!(c.evap, EvapZone::Vega | EvapZone::Lagoon))
        .filter_map(|(i, c)| {
            let s = c.spring.as_ref()?;
            let series = r.cells.get(i)?;
            let (z, k) = (s.elevation_m, s.conductance_m2_per_day);
            let above: Vec<f64> = series.head_m.iter().map(|h| h - z).collect();
            let flow: Vec<f64> = series
                .head_m
                .iter()
                .map(|&h| flow_l_per_s(h, z, k))
                .collect();
            let (first, last) = (0..span.min(months), months.saturating_sub(span)..months);
            let last_year = months.saturating_sub(12)..months;
            let (mut min_m, mut at) = (f64::INFINITY, 0);
            for (m, &x) in above.iter().enumerate() {
                if x < min_m {
                    min_m = x;
                    at = m;
                }
            }
            let h0 = r.initial_head_m.get(i).copied().unwrap_or(f64::NAN);
            let site = basin
                .sites
                .iter()
                .find(|st| st.cell == i && st.kind == "spring");
            let (name_es, name_en) = match site {
                Some(st) => (st.name_es.clone(), st.name_en.clone()),
                None => (
                    format!("Vertientes del {}", lower_first(&c.name_es)),
                    format!("{} springs", c.name_en),
                ),
            };
            let last_year_above = mean(&above[last_year.clone()]);
            Some(SpringLine {
                cell: c.id.clone(),
                site: site.map(|st| st.id.clone()),
                name_es,
                name_en,
                outlet_m: z,
                conductance_m2_per_day: k,
                initial_flow_l_per_s: flow_l_per_s(h0, z, k),
                initial_head_above_outlet_m: h0 - z,
                first_decade_flow_l_per_s: mean(&flow[first.clone()]),
                first_decade_head_above_outlet_m: mean(&above[first]),
                last_decade_flow_l_per_s: mean(&flow[last.clone()]),
                last_decade_head_above_outlet_m: mean(&above[last.clone()]),
                last_decade_years: (year(last.start), year(months.saturating_sub(1))),
                last_year_flow_l_per_s: mean(&flow[last_year]),
                last_year_head_above_outlet_m: last_year_above,
                min_head_above_outlet_m: if min_m.is_finite() { min_m } else { h0 - z },
                year_of_min: year(at),
                stops_year: above.iter().position(|&x| x < 0.0).map(year),
                flows_at_end: last_year_above > 0.0,
            })
        })
        .collect()
}

/// "Abanico norte bajo" → "abanico norte bajo" (a cell name inside a phrase).
fn lower_first(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_lowercase();
    }
    out
}

/// Litres per second with the precision a spring's flow carries: whole L/s from 1 up, one
/// decimal below ("0,4 L/s"), "menos de 0,1" / "under 0.1" below that.
pub(crate) fn flow_text(q: f64, lang: crate::lang::Lang) -> String {
    use crate::lang::{fmt_num, Lang};
    if q >= 0.95 {
        format!("{} L/s", fmt_num(q, 0, lang))
    } else if q >= 0.05 {
        format!("{} L/s", fmt_num(q, 1, lang))
    } else {
        match lang {
            Lang::Es => "menos de 0,1 L/s".to_string(),
            Lang::En => "under 0.1 L/s".to_string(),
        }
    }
}

impl SpringLine {
    /// The line in one sentence: its flow before the project, its flow at the end (the last
    /// ten years' mean) and the water table against the outlet; when the water table falls
    /// below the outlet, that the springs stop and from which year.
    pub fn sentence(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::{fmt_num, Lang};
        let place = match lang {
            Lang::Es => &self.name_es,
            Lang::En => &self.name_en,
        };
        // Decimetres below 10 m, whole metres above: the precision a 50-year projection can carry.
        let m = |x: f64| fmt_num(x.abs(), if x.abs() < 10.0 { 1 } else { 0 }, lang);
        let q0 = flow_text(self.initial_flow_l_per_s, lang);
        let (a, b) = self.last_decade_years;
        let h = self.last_decade_head_above_outlet_m;
        // "En {place}" / "At {place}": the names are singular and plural ("Línea de
        // vertientes…", "Vertientes…"), so no verb takes the place as its subject.
        let today = match lang {
            Lang::Es => format!("En {place}, el caudal es de {q0} hoy"),
            Lang::En => format!("At {place}, the flow is {q0} today"),
        };
        let end = self.last_decade_years.1;
        if self.initial_head_above_outlet_m <= 0.0 {
            // Physics that leave a spring dry before development contradict what is seen.
            let below = m(self.initial_head_above_outlet_m);
            return match lang {
                Lang::Es => format!("En {place}, la napa queda {below} m por debajo de la salida de las vertientes ya antes del proyecto: con estos valores del modelo no brotan, aunque hoy brotan."),
                Lang::En => format!("At {place}, the water table stands {below} m below the springs' outlet even before the project: with these model values they do not flow, although they flow today."),
            };
        }
        let Some(y) = self.stops_year else {
            let q = flow_text(self.last_decade_flow_l_per_s, lang);
            return match lang {
                Lang::Es => format!("{today}; en {a}–{b}, de {q} en promedio: la napa queda {} m sobre la salida de las vertientes.", m(h)),
                Lang::En => format!("{today}; in {a}–{b}, {q} on average: the water table stands {} m above the springs' outlet.", m(h)),
            };
        };
        if !self.flows_at_end {
            let below = m(self.last_year_head_above_outlet_m);
            return match lang {
                Lang::Es => format!("{today}; en {y} la napa baja por debajo de la salida de las vertientes y el agua deja de brotar (en {end}, queda {below} m por debajo)."),
                Lang::En => format!("{today}; in {y} the water table falls below the springs' outlet and they stop flowing ({below} m below it in {end})."),
            };
        }
        let q = flow_text(self.last_year_flow_l_per_s, lang);
        let above = m(self.last_year_head_above_outlet_m);
        match lang {
            Lang::Es => format!("{today}; en {y} la napa baja por debajo de la salida de las vertientes y el agua deja de brotar; más tarde vuelve a brotar, y en {end} el caudal es de {q}, con la napa {above} m sobre la salida."),
            Lang::En => format!("{today}; in {y} the water table falls below the springs' outlet and they stop flowing; later they flow again, and in {end} they give {q}, with the water table {above} m above the outlet."),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Spring lines from constructed water tables: each field is worked out by hand from the
    //! heads written into a run's results (the run itself only supplies the months and the
    //! cells), with the spring law's closed form `C · max(h − z, 0)` where the water table is
    //! 2 m or more from the outlet (the smoothing over 5 cm adds less than 1e-15 there).
    use super::*;
    use crate::lang::Lang;
    use crate::{LeverId, Scenario, Site};

    /// Two spring cells, both C = 864 m²/day (1 m above the outlet gives 10 L/s): `fan`
    /// (outlet 100 m, no site: named after the cell) and `toe` (outlet 200 m, the spring site
    /// `ojo`); `sink` has no spring and holds the boundary.
    const BASIN: &str = r#"
        [basin]
        id = "spring-lines"
        name_es = "Vertientes"
        name_en = "Springs"
        start_year = 2025

        [[cells]]
        id = "fan"
        name_es = "Abanico Norte"
        name_en = "North fan"
        kind = "aquifer"
        area_km2 = 10.0
        ground_m = 110.0
        bottom_m = -500.0
        sy = 0.1
        initial_head_m = 103.0
        spring = { to = "sink", elevation_m = 100.0, conductance_m2_per_day = 864.0 }

        [[cells]]
        id = "toe"
        kind = "aquifer"
        area_km2 = 10.0
        ground_m = 210.0
        bottom_m = -500.0
        sy = 0.1
        initial_head_m = 203.0
        spring = { to = "sink", elevation_m = 200.0, conductance_m2_per_day = 864.0 }

        [[cells]]
        id = "sink"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 110.0
        bottom_m = -500.0
        sy = 0.1
        initial_head_m = 50.0
        boundary = { head_m = 50.0, conductance_m2_per_day = 1000.0 }
    "#;

    fn site(id: &str, kind: &str, cell: usize) -> Site {
        Site {
            id: id.into(),
            name_es: format!("Sitio {id}"),
            name_en: format!("Site {id}"),
            cell,
            kind: kind.into(),
            x_km: 0.0,
            y_km: 0.0,
        }
    }

    /// The spring lines of 12 years (2025–2036), or of its first `fan.len()` months, with the
    /// heads above the outlets `fan` and `toe` month by month and the initial heads `h0`.
    fn lines(fan: &[f64], toe: &[f64], h0: (f64, f64)) -> Vec<SpringLine> {
        let mut basin = Basin::from_toml_str(BASIN).expect("basin");
        // A vega site in the fan's cell comes first and the toe's spring site after it: only
        // the toe's own spring site names a line.
        basin.sites = vec![site("vega", "vega", 0), site("ojo", "spring", 1)];
        let s = Scenario::default()
            .with(LeverId::Years, 12.0)
            .with(LeverId::Variability, 0.0);
        let mut r = crate::run(&basin, &s).expect("run");
        assert_eq!(r.months.len(), 144);
        assert_eq!((r.months[0].year, r.months[143].year), (2025, 2036));
        r.months.truncate(fan.len());
        r.cells[0].head_m = fan.iter().map(|a| 100.0 + a).collect();
        r.cells[1].head_m = toe.iter().map(|a| 200.0 + a).collect();
        r.initial_head_m[0] = 100.0 + h0.0;
        r.initial_head_m[1] = 200.0 + h0.1;
        spring_lines(&basin, &r)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn spring_lines_are_the_hand_worked_means_extremes_and_years_of_the_heads() {
        // fan, m above the outlet: 5 in 2025, 3 in 2026, 2 from 2027 to 2035 but for −3 in
        // month 30 (2027) and again in month 130 (2035), 4 in 2036.
        let mut fan = vec![2.0; 144];
        fan[..12].fill(5.0);
        fan[12..24].fill(3.0);
        fan[132..].fill(4.0);
        fan[30] = -3.0;
        fan[130] = -3.0;
        // toe: 3 m, exactly at the outlet (0) in month 15 (2026), 2.5 m below it in month 40
        // (2028), and in 2036 alternately 2 m above and below (mean exactly 0).
        let mut toe = vec![3.0; 144];
        toe[15] = 0.0;
        toe[40] = -2.5;
        for (k, a) in toe[132..].iter_mut().enumerate() {
            *a = if k % 2 == 0 { 2.0 } else { -2.0 };
        }
        let l = lines(&fan, &toe, (6.0, 4.0));
        assert_eq!(l.len(), 2, "fan and toe; the sink has no spring");
        let (f, t) = (&l[0], &l[1]);

        assert_eq!((f.cell.as_str(), f.site.as_deref()), ("fan", None));
        assert_eq!(f.name_es, "Vertientes del abanico Norte");
        assert_eq!(f.name_en, "North fan springs");
        assert_eq!((f.outlet_m, f.conductance_m2_per_day), (100.0, 864.0));
        assert!(
            close(f.initial_flow_l_per_s, 60.0),
            "{}",
            f.initial_flow_l_per_s
        );
        assert!(close(f.initial_head_above_outlet_m, 6.0));
        // First ten years (months 0–119): 12·5 + 12·3 + 95·2 − 3 = 283 m; flows (10 L/s per
        // metre above, none below) 12·50 + 12·30 + 95·20 = 2860 L/s.
        assert!(close(f.first_decade_head_above_outlet_m, 283.0 / 120.0));
        assert!(close(f.first_decade_flow_l_per_s, 2860.0 / 120.0));
        // Last ten years (months 24–143): 106·2 − 3 − 3 + 12·4 = 254 m; 106·20 + 12·40 = 2600 L/s.
        assert!(close(f.last_decade_head_above_outlet_m, 254.0 / 120.0));
        assert!(close(f.last_decade_flow_l_per_s, 2600.0 / 120.0));
        assert_eq!(f.last_decade_years, (2027, 2036));
        assert!(close(f.last_year_head_above_outlet_m, 4.0));
        assert!(close(f.last_year_flow_l_per_s, 40.0));
        // The lowest month comes twice: its first year is the one given.
        assert_eq!((f.min_head_above_outlet_m, f.year_of_min), (-3.0, 2027));
        assert_eq!(f.stops_year, Some(2027));
        assert!(f.flows_at_end);

        assert_eq!((t.cell.as_str(), t.site.as_deref()), ("toe", Some("ojo")));
        assert_eq!(
            (t.name_es.as_str(), t.name_en.as_str()),
            ("Sitio ojo", "Site ojo")
        );
        assert!(close(t.initial_head_above_outlet_m, 4.0));
        assert!(close(t.initial_flow_l_per_s, 40.0));
        // Exactly at the outlet is not below it: the spring stops in 2028, not 2026.
        assert_eq!(t.stops_year, Some(2028));
        assert_eq!((t.min_head_above_outlet_m, t.year_of_min), (-2.5, 2028));
        // A last year whose mean water table is exactly at the outlet does not flow at the end.
        assert_eq!(t.last_year_head_above_outlet_m, 0.0);
        assert!(close(t.last_year_flow_l_per_s, 6.0 * 20.0 / 12.0));
        assert!(!t.flows_at_end);
    }

    /// With no month to take the lowest from, the lowest water table is the initial one.
    #[test]
    fn a_line_without_months_falls_back_on_the_initial_water_table() {
        let l = lines(&[], &[], (6.0, -1.0));
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].min_head_above_outlet_m, l[0].year_of_min), (6.0, 0));
        assert_eq!(l[1].min_head_above_outlet_m, -1.0);
        assert!(l[0].stops_year.is_none() && !l[0].flows_at_end);
    }

    #[test]
    fn the_flow_is_the_spring_law_in_litres_per_second() {
        // 2 m above an outlet with C = 864 m²/day: 1728 m³/day = 20 L/s; 3 m below: none.
        assert!(close(flow_l_per_s(102.0, 100.0, 864.0), 20.0));
        assert!(flow_l_per_s(97.0, 100.0, 864.0).abs() < 1e-12);
        // At the outlet the smoothing leaves C·w·ln 2.
        let at = 864.0 * crate::physics::surface::SPRING_SMOOTHING_M * std::f64::consts::LN_2;
        assert!(close(flow_l_per_s(100.0, 100.0, 864.0), at / 86.4));
    }

    #[test]
    fn flows_read_in_whole_litres_tenths_or_under_a_tenth() {
        assert_eq!(flow_text(17.4, Lang::Es), "17 L/s");
        assert_eq!(flow_text(1.0, Lang::En), "1 L/s");
        assert_eq!(flow_text(0.4, Lang::Es), "0,4 L/s");
        assert_eq!(flow_text(0.4, Lang::En), "0.4 L/s");
        assert_eq!(flow_text(0.04, Lang::Es), "menos de 0,1 L/s");
        assert_eq!(flow_text(0.0, Lang::En), "under 0.1 L/s");
    }

    /// A line that flows from start to end, `h` m above its outlet over the last decade.
    fn flowing(h: f64) -> SpringLine {
        SpringLine {
            cell: "fan".into(),
            site: None,
            name_es: "Vertientes del abanico".into(),
            name_en: "Fan springs".into(),
            outlet_m: 100.0,
            conductance_m2_per_day: 864.0,
            initial_flow_l_per_s: 30.0,
            initial_head_above_outlet_m: 3.0,
            first_decade_flow_l_per_s: 30.0,
            first_decade_head_above_outlet_m: 3.0,
            last_decade_flow_l_per_s: 10.0 * h,
            last_decade_head_above_outlet_m: h,
            last_decade_years: (2035, 2044),
            last_year_flow_l_per_s: 10.0 * h,
            last_year_head_above_outlet_m: h,
            min_head_above_outlet_m: h,
            year_of_min: 2044,
            stops_year: None,
            flows_at_end: true,
        }
    }

    #[test]
    fn heights_read_in_decimetres_below_ten_metres_and_whole_metres_from_ten() {
        let es = |h: f64| flowing(h).sentence(Lang::Es);
        assert!(
            es(2.0).ends_with(
                "de 20 L/s en promedio: la napa queda 2,0 m sobre la salida de las vertientes."
            ),
            "{}",
            es(2.0)
        );
        assert!(
            es(10.0).ends_with(
                "de 100 L/s en promedio: la napa queda 10 m sobre la salida de las vertientes."
            ),
            "{}",
            es(10.0)
        );
        assert!(
            es(12.0).ends_with("la napa queda 12 m sobre la salida de las vertientes."),
            "{}",
            es(12.0)
        );
        assert_eq!(
            flowing(9.4).sentence(Lang::En),
            "At Fan springs, the flow is 30 L/s today; in 2035–2044, 94 L/s on average: the water table stands 9.4 m above the springs' outlet."
        );
    }
}
