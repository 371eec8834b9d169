//! One run set beside the readings: the run's month-end value at each reading's site and month,
//! and for each site and quantity the mean difference in one sentence.

use serde::Serialize;

use crate::basin::Basin;
use crate::lang::{fmt_num, Lang};
use crate::observations::quantity::{ObservedQuantity, BASIN_SITE};
use crate::observations::read::Observation;
use crate::outputs::results::{ReadingMonth, Results, YearMonth};
use crate::outputs::springs::flow_l_per_s;

/// A reading and the run's value at the same site and month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedVsRun {
    pub row: u64,
    pub site: String,
    pub date: YearMonth,
    pub quantity: ObservedQuantity,
    pub observed: f64,
    /// The run's month-end value; `None` when the month is outside the run, or for pumped
    /// lithium when the wellfield pumped nothing that month.
    pub simulated: Option<f64>,
    /// Run minus reading, in the quantity's unit.
    pub difference: Option<f64>,
}

/// How the run compares with the readings of one quantity at one site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitSummary {
    pub site: String,
    pub quantity: ObservedQuantity,
    pub unit: &'static str,
    /// Readings inside the run's months.
    pub readings: usize,
    pub first_year: i32,
    pub last_year: i32,
    /// Mean of run minus reading.
    pub mean_difference: f64,
    /// Root mean square of run minus reading.
    pub rms_difference: f64,
    pub sentence_es: String,
    pub sentence_en: String,
}

/// A run against a set of readings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunFit {
    pub readings: Vec<ObservedVsRun>,
    /// One per site and quantity read inside the run, in the order first read.
    pub summaries: Vec<FitSummary>,
    /// Readings outside the run's months and its hindcast's.
    pub outside_run: usize,
    /// Pumped-lithium readings in months the run's wellfield pumped nothing.
    pub not_pumping: usize,
}

/// The run's month-end value of a quantity at a site and month.
fn simulated(
    r: &Results,
    basin: &Basin,
    q: ObservedQuantity,
    site: &str,
    at: ReadingMonth,
) -> Option<f64> {
    if q.basin_wide() {
        let [vega, lagoon] = match (at, &r.hindcast) {
            (ReadingMonth::Run(_), _) => [&r.series.vega_area_ha, &r.series.lagoon_area_ha],
            (ReadingMonth::Hindcast(_), Some(hc)) => [&hc.vega_area_ha, &hc.lagoon_area_ha],
            (ReadingMonth::Hindcast(_), None) => return None,
        };
        let series = if q == ObservedQuantity::VegaAreaHa {
            vega
        } else {
            lagoon
        };
        return (site == BASIN_SITE)
            .then(|| series.get(at.index()).copied())
            .flatten();
    }
    let (k, cell) = r.sites.iter().enumerate().find(|(_, s)| s.id == site)?;
    let c = basin.cells.get(cell.cell_index)?;
    let head = match at {
        ReadingMonth::Run(m) => *r.cells.get(cell.cell_index)?.head_m.get(m)?,
        ReadingMonth::Hindcast(m) => *r.hindcast.as_ref()?.site_head_m.get(k)?.get(m)?,
    };
    match q {
        ObservedQuantity::DepthToWaterM => Some(c.ground_m - head),
        ObservedQuantity::WaterLevelM => Some(head),
        ObservedQuantity::SpringFlowLPerS => {
            // As the ensemble records it: the spring law at the month-end head.
            let sp = c.spring.as_ref()?;
            Some(flow_l_per_s(
                head,
                sp.elevation_m,
                sp.conductance_m2_per_day,
            ))
        }
        // The project does not pump before today, so a hindcast has no pumped lithium.
        ObservedQuantity::PumpedLiMgPerL => match at {
            ReadingMonth::Run(m) => r
                .cells
                .get(cell.cell_index)?
                .pumped_li_mg_per_l
                .get(m)
                .copied()
                .filter(|&c| !q.pumped_nothing(c)),
            ReadingMonth::Hindcast(_) => None,
        },
        ObservedQuantity::VegaAreaHa | ObservedQuantity::LagoonAreaHa => None,
    }
}

/// The run's month-end series of a quantity at a site, over the hindcast's months (when there is
/// one) and then the run's: what a chart draws beside the readings. A month the quantity has no
/// value in (a wellfield pumping nothing, lithium before today) is NaN. Empty for a site or
/// quantity the run does not report.
pub fn run_series(r: &Results, basin: &Basin, q: ObservedQuantity, site: &str) -> Vec<f64> {
    let past = r.hindcast_months().len();
    let months = (0..past)
        .map(ReadingMonth::Hindcast)
        .chain((0..r.months.len()).map(ReadingMonth::Run));
    let values: Vec<Option<f64>> = months.map(|m| simulated(r, basin, q, site, m)).collect();
    if values.iter().all(Option::is_none) {
        return Vec::new();
    }
    values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect()
}

/// Sets a run beside the readings (which should come from [`crate::observations::read_csv`]
/// with the same basin).
pub fn fit_run(r: &Results, basin: &Basin, observations: &[Observation]) -> RunFit {
    let month_of = |ym: YearMonth| r.reading_month(ym);
    let readings: Vec<ObservedVsRun> = observations
        .iter()
        .map(|o| {
            let sim = month_of(o.date).and_then(|m| simulated(r, basin, o.quantity, &o.site, m));
            ObservedVsRun {
                row: o.row,
                site: o.site.clone(),
                date: o.date,
                quantity: o.quantity,
                observed: o.value,
                simulated: sim,
                difference: sim.map(|s| s - o.value),
            }
        })
        .collect();
    let mut keys: Vec<(String, ObservedQuantity)> = Vec::new();
    for x in readings.iter().filter(|x| x.difference.is_some()) {
        if !keys.iter().any(|(s, q)| *s == x.site && *q == x.quantity) {
            keys.push((x.site.clone(), x.quantity));
        }
    }
    let summaries = keys
        .into_iter()
        .map(|(site, q)| {
            let of: Vec<&ObservedVsRun> = readings
                .iter()
                .filter(|x| x.site == site && x.quantity == q && x.difference.is_some())
                .collect();
            let n = of.len() as f64;
            let d: Vec<f64> = of.iter().filter_map(|x| x.difference).collect();
            let mean = d.iter().sum::<f64>() / n;
            let rms = libm::sqrt(d.iter().map(|x| x * x).sum::<f64>() / n);
            let first_year = of.iter().map(|x| x.date.year).min().unwrap_or(0);
            let last_year = of.iter().map(|x| x.date.year).max().unwrap_or(0);
            let names = if site == BASIN_SITE {
                ("toda la cuenca".to_string(), "the whole basin".to_string())
            } else {
                basin.site(&site).map_or((site.clone(), site.clone()), |s| {
                    (s.name_es.clone(), s.name_en.clone())
                })
            };
            let mut f = FitSummary {
                site,
                quantity: q,
                unit: q.unit(),
                readings: of.len(),
                first_year,
                last_year,
                mean_difference: mean,
                rms_difference: rms,
                sentence_es: String::new(),
                sentence_en: String::new(),
            };
            f.sentence_es = f.sentence(&names.0, Lang::Es);
            f.sentence_en = f.sentence(&names.1, Lang::En);
            f
        })
        .collect();
    let outside = |x: &&ObservedVsRun| month_of(x.date).is_none();
    RunFit {
        outside_run: readings.iter().filter(outside).count(),
        not_pumping: readings
            .iter()
            .filter(|x| x.simulated.is_none() && x.quantity.needs_brine_wells())
            .filter(|x| !outside(x))
            .count(),
        readings,
        summaries,
    }
}

impl FitSummary {
    /// "El modelo queda 0,4 m más profundo que lo medido en Vega del borde este, 2026–2030
    /// (12 lecturas)."
    pub fn sentence(&self, site_name: &str, lang: Lang) -> String {
        let dec = self.quantity.decimals();
        let x = fmt_num(self.mean_difference.abs(), dec, lang);
        let years = if self.first_year == self.last_year {
            self.first_year.to_string()
        } else {
            format!("{}–{}", self.first_year, self.last_year)
        };
        let n = self.readings;
        let count = match (lang, n) {
            (Lang::Es, 1) => "1 lectura".to_string(),
            (Lang::Es, _) => format!("{n} lecturas"),
            (Lang::En, 1) => "1 reading".to_string(),
            (Lang::En, _) => format!("{n} readings"),
        };
        let unit = self.unit;
        // Rounded to what is shown: no "0.00 m deeper".
        let zero = fmt_num(0.0, dec, lang);
        let up = self.mean_difference > 0.0;
        if x == zero {
            return match lang {
                Lang::Es => format!("El modelo coincide en promedio con lo medido en {site_name}, {years} ({count})."),
                Lang::En => format!("On average the model matches what was measured at {site_name}, {years} ({count})."),
            };
        }
        let how = match (self.quantity, lang, up) {
            (ObservedQuantity::DepthToWaterM, Lang::Es, true) => "queda {x} m más profundo que",
            (ObservedQuantity::DepthToWaterM, Lang::Es, false) => "queda {x} m menos profundo que",
            (ObservedQuantity::DepthToWaterM, Lang::En, true) => "runs {x} m deeper than",
            (ObservedQuantity::DepthToWaterM, Lang::En, false) => "runs {x} m shallower than",
            (ObservedQuantity::WaterLevelM, Lang::Es, true) => "pone la napa {x} m más alta que",
            (ObservedQuantity::WaterLevelM, Lang::Es, false) => "pone la napa {x} m más baja que",
            (ObservedQuantity::WaterLevelM, Lang::En, true) => {
                "puts the water table {x} m higher than"
            }
            (ObservedQuantity::WaterLevelM, Lang::En, false) => {
                "puts the water table {x} m lower than"
            }
            (ObservedQuantity::SpringFlowLPerS, Lang::Es, true) => "da {x} L/s más que",
            (ObservedQuantity::SpringFlowLPerS, Lang::Es, false) => "da {x} L/s menos que",
            (ObservedQuantity::SpringFlowLPerS, Lang::En, true) => "gives {x} L/s more than",
            (ObservedQuantity::SpringFlowLPerS, Lang::En, false) => "gives {x} L/s less than",
            (ObservedQuantity::VegaAreaHa, Lang::Es, true) => "da {x} ha más de vega verde que",
            (ObservedQuantity::VegaAreaHa, Lang::Es, false) => "da {x} ha menos de vega verde que",
            (ObservedQuantity::VegaAreaHa, Lang::En, true) => "gives {x} ha more green vega than",
            (ObservedQuantity::VegaAreaHa, Lang::En, false) => "gives {x} ha less green vega than",
            (ObservedQuantity::LagoonAreaHa, Lang::Es, true) => "da {x} ha más de laguna que",
            (ObservedQuantity::LagoonAreaHa, Lang::Es, false) => "da {x} ha menos de laguna que",
            (ObservedQuantity::LagoonAreaHa, Lang::En, true) => "gives {x} ha more lagoon than",
            (ObservedQuantity::LagoonAreaHa, Lang::En, false) => "gives {x} ha less lagoon than",
            (ObservedQuantity::PumpedLiMgPerL, Lang::Es, true) => {
                "bombea salmuera con {x} mg/L más de litio que"
            }
            (ObservedQuantity::PumpedLiMgPerL, Lang::Es, false) => {
                "bombea salmuera con {x} mg/L menos de litio que"
            }
            (ObservedQuantity::PumpedLiMgPerL, Lang::En, true) => {
                "pumps brine with {x} mg/L more lithium than"
            }
            (ObservedQuantity::PumpedLiMgPerL, Lang::En, false) => {
                "pumps brine with {x} mg/L less lithium than"
            }
        }
        .replace("{x}", &x);
        let _ = unit;
        let at = if self.quantity.basin_wide() {
            "for"
        } else {
            "at"
        };
        match lang {
            Lang::Es => format!("El modelo {how} lo medido en {site_name}, {years} ({count})."),
            Lang::En => {
                format!("The model {how} what was measured {at} {site_name}, {years} ({count}).")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_beside_readings_says_how_far_off_it_is() {
        let basin = Basin::default_basin();
        let s = crate::Scenario::default().with(crate::LeverId::Years, 5.0);
        let r = crate::run(&basin, &s).unwrap();
        let m = r.months[14];
        let depth = r.site("vega_este").unwrap().depth_to_water_m[14];
        let text = format!(
            "site,date,quantity,value,unit,who\n\
             vega_este,{}-{:02},depth_to_water_m,{},m,x\n\
             vega_este,{}-{:02}-03,depth_to_water_m,{},m,x\n\
             vega_este,1990-01,depth_to_water_m,1,m,x\n",
            m.year,
            m.month,
            depth - 0.5,
            m.year,
            m.month,
            depth - 0.3
        );
        let set = crate::observations::read_csv(&text, &basin);
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        let fit = fit_run(&r, &basin, &set.observations);
        assert_eq!(fit.outside_run, 1);
        assert_eq!(fit.summaries.len(), 1);
        let f = &fit.summaries[0];
        assert!((f.mean_difference - 0.4).abs() < 1e-9, "{f:?}");
        assert_eq!(f.readings, 2);
        let name = &basin.site("vega_este").unwrap().name_es;
        assert_eq!(
            f.sentence_es,
            format!(
                "El modelo queda 0,40 m más profundo que lo medido en {name}, {} (2 lecturas).",
                m.year
            )
        );
        assert!(
            f.sentence_en.contains("runs 0.40 m deeper than"),
            "{}",
            f.sentence_en
        );
        // The spring is read through the spring law, as the ensemble reads it.
        let set = crate::observations::read_csv(
            &format!("site,date,quantity,value,unit,who\nvertientes_norte,{}-{:02},spring_flow_l_per_s,0,L/s,x\n", m.year, m.month),
            &basin,
        );
        let fit = fit_run(&r, &basin, &set.observations);
        assert!(fit.readings[0].simulated.unwrap() > 0.0);
        assert!(fit.summaries[0].sentence_en.contains("L/s more than"));
        // The basin's vega area is the run's basin series, not a site's.
        let vega = r.series.vega_area_ha[14];
        let set = crate::observations::read_csv(
            &format!(
                "site,date,quantity,value,unit,who\ncuenca,{}-{:02},vega_area_ha,{},ha,x\n",
                m.year,
                m.month,
                vega + 40.0
            ),
            &basin,
        );
        let fit = fit_run(&r, &basin, &set.observations);
        assert_eq!(fit.readings[0].simulated, Some(vega));
        assert_eq!(
            fit.summaries[0].sentence_es,
            format!(
                "El modelo da 40 ha menos de vega verde que lo medido en toda la cuenca, {} (1 lectura).",
                m.year
            )
        );
        assert!(fit.summaries[0]
            .sentence_en
            .contains("gives 40 ha less green vega than what was measured for the whole basin"));
    }
}
