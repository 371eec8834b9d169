//! Readings made from a run, for twin experiments: a run stands in for the basin, and its values
//! plus seeded noise are what a person would have measured. Tests and the calibration example
//! (`examples/twin_coverage.rs`) weigh ensembles by them.

use std::fmt::Write as _;

use crate::outputs::results::Results;
use crate::physics::rng::NormalStream;

/// The monthly depth to water of `run` at each of `sites` over its first `months` months, each
/// with Gaussian noise of standard deviation `sd_m` (seeded by `seed`, floored at 0 m below
/// ground), as the observations CSV with `sd_m` stated as every row's error. Sites the run does
/// not report are skipped.
pub fn twin_depth_csv(
    run: &Results,
    sites: &[&str],
    months: usize,
    sd_m: f64,
    seed: u64,
) -> String {
    let mut rng = NormalStream::new(seed);
    let mut o = String::from("site,date,quantity,value,unit,who,error\n");
    for site in sites {
        let Some(series) = run.site(site) else {
            continue;
        };
        for (ym, d) in run.months.iter().zip(&series.depth_to_water_m).take(months) {
            let noisy = (d + sd_m * rng.normal()).max(0.0);
            let _ = writeln!(
                o,
                "{site},{}-{:02},depth_to_water_m,{noisy:.3},m,twin,{sd_m}",
                ym.year, ym.month
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basin::Basin;
    use crate::observations::read_csv;
    use crate::scenario::Scenario;

    /// The rows read back as the run's values to within the noise, one per site and month.
    #[test]
    fn twin_rows_read_back_near_the_run() {
        let basin = Basin::default_basin();
        let s = Scenario::default().with(crate::scenario::levers::LeverId::Years, 2.0);
        let run = crate::run(&basin, &s).unwrap();
        let text = twin_depth_csv(&run, &["vega_este", "nowhere"], 12, 0.05, 3);
        let set = read_csv(&text, &basin);
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        assert_eq!(set.observations.len(), 12);
        let depths = &run.site("vega_este").unwrap().depth_to_water_m;
        for (o, d) in set.observations.iter().zip(depths) {
            // Five standard deviations, or the floor at the ground.
            assert!(
                (o.value - d).abs() < 0.25 || o.value == 0.0,
                "{} vs {d}",
                o.value
            );
        }
    }
}
