//! The scenario over the uncertain physics, in reading order: [`design`] (the uncertain factors,
//! the Latin hypercube and quantiles), [`ensemble`] (the members, run and recorded), [`summary`]
//! (their P10–P50–P90 bands), [`sensitivity`] (which unknown most widens each range),
//! [`dates`] (when a threshold is crossed, with its range) and [`springs`] (whether a spring
//! stops in most members, and otherwise its flow's range); [`weights`] weighs the members by
//! observations (with the error model of [`residual_error`], which [`weather_spread`] measures
//! the weather's part of), and the summary then gives the weighted bands; [`measurement_value`] ranks the
//! measurements that would most narrow a range; [`parts`] splits one ensemble across browser
//! workers.

pub mod dates;
pub mod design;
pub mod ensemble;
pub mod measurement_value;
pub mod parts;
pub mod residual_error;
pub mod sensitivity;
pub mod springs;
pub mod summary;
pub mod weather_spread;
pub mod weights;
