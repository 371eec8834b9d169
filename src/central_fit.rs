//! Someone's readings beside the scenario's central run, at once, before any ensemble: one run
//! (from the observed rain's past when a rain file is given), each site's series with the
//! readings on it, and how far off the run is in one sentence. Built in the tools' module as
//! the readings or the scenario change; weighing the ensemble then says which versions of the
//! basin fit.

use std::sync::Arc;

use cuenca_model::observations::{
    fit_run, run_series, ClimateHistory, Observation, ObservedQuantity, BASIN_SITE,
};
use cuenca_model::{run_with_options, Basin, RunError, RunOptions, Scenario};

use crate::page_readings::{PageReadings, SiteFit};
use crate::weigh_view::WeighChart;

#[derive(Clone, Debug, PartialEq)]
pub struct CentralFit {
    /// One per site and quantity read inside the run, in the order first read: the run's series
    /// (in `after_p50`; no bands) and the readings.
    pub charts: Vec<WeighChart>,
    pub fits_es: Vec<String>,
    pub fits_en: Vec<String>,
    /// Readings in months neither the run nor its hindcast covers.
    pub outside_run: usize,
    pub page: PageReadings,
}

impl CentralFit {
    pub fn fits(&self, lang: cuenca_model::Lang) -> &[String] {
        match lang {
            cuenca_model::Lang::Es => &self.fits_es,
            cuenca_model::Lang::En => &self.fits_en,
        }
    }
}

/// Runs `scenario` (after `history`, when given) and sets the run beside `readings`.
pub fn central_fit(
    basin: &Basin,
    scenario: &Scenario,
    readings: &[Observation],
    history: Option<Arc<ClimateHistory>>,
) -> Result<CentralFit, RunError> {
    let opts = RunOptions {
        history,
        ..RunOptions::default()
    };
    let r = run_with_options(basin, scenario, &opts)?;
    let fit = fit_run(&r, basin, readings);
    let past = r.hindcast_months();
    let first = past.first().or(r.months.first()).copied();
    let chart_month = |o: &Observation| Some(r.reading_month(o.date)?.in_series(past.len()));
    let mut charts = Vec::new();
    for s in &fit.summaries {
        let series = run_series(&r, basin, s.quantity, &s.site);
        let (Some(first), Some((site_es, site_en)), false) = (
            first,
            WeighChart::site_names(basin, &s.site),
            series.is_empty(),
        ) else {
            continue;
        };
        let points = readings
            .iter()
            .filter(|o| o.site == s.site && o.quantity == s.quantity)
            .filter_map(|o| Some((chart_month(o)?, o.value, o.measurement_sd())))
            .collect();
        charts.push(WeighChart {
            site_es,
            site_en,
            quantity: s.quantity,
            first_year: first.year,
            first_month: first.month,
            after_p50: series,
            readings: points,
            today_month: past.len(),
            ..WeighChart::default()
        });
    }
    let on_chart = |q: ObservedQuantity| {
        readings
            .iter()
            .filter(|o| o.quantity == q)
            .map(|o| (o.date.decimal_year(), o.value, o.measurement_sd()))
            .collect()
    };
    let page = PageReadings {
        vega_area_ha: on_chart(ObservedQuantity::VegaAreaHa),
        lagoon_area_ha: on_chart(ObservedQuantity::LagoonAreaHa),
        sites: fit
            .summaries
            .iter()
            .filter(|s| s.site != BASIN_SITE)
            .map(|s| SiteFit {
                site: s.site.clone(),
                sentence_es: s.sentence_es.clone(),
                sentence_en: s.sentence_en.clone(),
            })
            .collect(),
    };
    Ok(CentralFit {
        charts,
        fits_es: fit
            .summaries
            .iter()
            .map(|s| s.sentence_es.clone())
            .collect(),
        fits_en: fit
            .summaries
            .iter()
            .map(|s| s.sentence_en.clone())
            .collect(),
        outside_run: fit.outside_run,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuenca_model::observations::read_csv;
    use cuenca_model::LeverId;

    /// Readings made from the run itself sit on its series: the chart's points are the series'
    /// values at their months, the fit says the model matches, and the page gets the vega
    /// reading for its chart and the site's sentence for its map.
    #[test]
    fn readings_sit_on_the_series_they_were_read_from() {
        let basin = Basin::default_basin();
        let s = Scenario::default().with(LeverId::Years, 10.0);
        let r = cuenca_model::run(&basin, &s).unwrap();
        let depth = &r.site("vega_este").unwrap().depth_to_water_m;
        let m = r.months[30];
        let text = format!(
            "site,date,quantity,value,unit,who\n\
             vega_este,{y}-{mo:02},depth_to_water_m,{d},m,x\n\
             cuenca,{y}-{mo:02},vega_area_ha,{v},ha,x\n\
             vega_este,1990-01,depth_to_water_m,1,m,x\n",
            y = m.year,
            mo = m.month,
            d = depth[30],
            v = r.series.vega_area_ha[30],
        );
        let set = read_csv(&text, &basin);
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        let fit = central_fit(&basin, &s, &set.observations, None).unwrap();
        assert_eq!(fit.outside_run, 1);
        assert_eq!(fit.charts.len(), 2);
        let c = &fit.charts[0];
        assert_eq!(c.quantity, ObservedQuantity::DepthToWaterM);
        assert_eq!(c.after_p50.len(), r.months.len());
        assert!(c.before_p10.is_empty() && c.after_p10.is_empty());
        assert_eq!(
            c.readings.len(),
            1,
            "the reading of 1990 is outside the run"
        );
        let (month, value, _) = c.readings[0];
        assert_eq!(month, 30);
        assert!((c.after_p50[month] - value).abs() < 1e-9);
        assert!(
            fit.fits_es[0].starts_with("El modelo coincide en promedio"),
            "{:?}",
            fit.fits_es
        );
        assert_eq!(fit.page.vega_area_ha.len(), 1);
        let (year, ha, sd) = fit.page.vega_area_ha[0];
        assert!((year - (f64::from(m.year) + f64::from(m.month - 1) / 12.0)).abs() < 1e-12);
        assert!((ha - r.series.vega_area_ha[30]).abs() < 1e-9 && sd > 0.0);
        assert_eq!(
            fit.page.sites.len(),
            1,
            "the basin's area is not a place on the map"
        );
        assert_eq!(fit.page.sites[0].site, "vega_este");
        let back = PageReadings::from_bytes(&fit.page.to_bytes()).unwrap();
        assert_eq!(back, fit.page);
        assert_eq!(PageReadings::from_bytes(b"\xff\xff"), None);
    }
}
