//! Observations: what people measure at the model's named sites, read from a CSV file so that it
//! can be set beside the model and weigh the ensemble's members
//! ([`crate::uncertainty::weights`]).
//!
//! # The file
//! `site,date,quantity,value,unit,who,error`, one reading a row: a site id of the basin, a date
//! `YYYY-MM` or `YYYY-MM-DD` (read to its month: the model is monthly and gives month-end values),
//! a quantity ([`ObservedQuantity`]: depth to water and water level in m, a spring site's flow
//! in L/s; the whole basin's green vega and open-water lagoon areas in ha, at the site `cuenca`),
//! the value, its unit (which must be the quantity's: nothing is converted), who measured, and
//! optionally the reading's standard deviation in the same unit. Pumped lithium concentration is
//! read at a brine wellfield's site: what that wellfield's wells gave in the month.
//!
//! Reading order: [`quantity`] (what can be measured and its errors), [`problem`] (what can be
//! wrong, in es/en), [`read`] (the reader), [`template`] (the file to fill in), [`fit`] (a run
//! against the readings), [`climate`] (observed climate, for a run that starts in the past and
//! meets older readings on their dates), [`twin`] (readings made from a run, for twin experiments).

pub mod climate;
pub mod fit;
pub mod problem;
pub mod quantity;
pub mod read;
pub mod template;
pub mod twin;

pub use climate::{read_climate_csv, ClimateHistory, ClimateProblem, ClimateReading};
pub use fit::{fit_run, run_series, FitSummary, ObservedVsRun, RunFit};
pub use problem::{ProblemKind, RowProblem};
pub use quantity::{ObservedQuantity, BASIN_SITE};
pub use read::{read_csv, Observation, ObservationSet, MAX_BYTES, MAX_ROWS};
pub use template::template_csv;
pub use twin::twin_depth_csv;
