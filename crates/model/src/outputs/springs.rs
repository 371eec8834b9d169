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
