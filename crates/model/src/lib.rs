//! # cuenca-model
//!
//! A conservative, physically based monthly model of the closed basin of the Salar de Pastos
//! Grandes (Salta, Argentina): climate → recharge → implicit finite-volume groundwater with
//! head-dependent evaporation and springs → wells and lithium operations → lithium transport →
//! water accounts, indicators and plain-language sentences.
//!
//! The crate is pure Rust with no web dependency. Every transcendental function goes through
//! `libm` or, in the hot surface laws, the crate's own table-driven `exp`/`log1p` (basic IEEE
//! operations only), and the climate series comes from a seeded PCG stream, so native and wasm32
//! builds give bit-identical results ([`Results::digest`]).
//!
//! ```
//! use cuenca_model::{Basin, Scenario, run, presets};
//! let basin = Basin::default_basin();
//! let scenario = presets::by_id("fs2019").unwrap().scenario();
//! let results = run(&basin, &scenario).unwrap();
//! assert!(results.totals.closure_relative.abs() < 1e-9);
//! ```

// Cell loops index several parallel arrays (heads, storage, fluxes) by cell number; an index
// loop reads closer to the equations than zipped iterators.
#![allow(clippy::needless_range_loop)]

pub mod accounts;
pub mod basin;
pub mod climate;
pub mod dates;
pub mod ensemble;
pub(crate) mod fastmath;
pub mod groundwater;
pub mod indicators;
pub mod levers;
pub mod lithium;
pub mod operations;
pub mod params;
pub mod presets;
pub mod recharge;
pub mod results;
pub mod rng;
pub mod scenario;
pub mod sensitivity;
pub mod sentences;
pub mod simulate;
pub mod solver;
pub mod sources;
pub mod surface;

pub use basin::{Basin, BasinError, Cell, CellKind, Site};
pub use dates::{DateRange, SiteDateRange, Threshold};
pub use ensemble::{
    ensemble_csv, run_ensemble, run_ensemble_with_options, Ensemble, EnsembleRunner, EnsembleSpec,
    EnsembleSummary, Factor, FactorId,
};
pub use levers::{LeverGroup, LeverId, LeverKind, LeverSpec, LEVERS};
pub use params::{ParamInfo, ParamValue};
pub use results::{Results, RunStats};
pub use scenario::{LeverError, QueryIssue, Scenario};
pub use sensitivity::{FactorShare, IndicatorSensitivity};
pub use sentences::Lang;
pub use simulate::{run, run_with_options, RunError, RunOptions, Runner};
pub use sources::{apply_sources, compare_sources, ContestedId, SourceChoice, SourceError};

/// Version of the model written into every result, so an exported number can be traced back.
pub const MODEL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Days in one model month: months are of equal length, a twelfth of the Julian year.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;
/// Days in a (Julian) year.
pub const DAYS_PER_YEAR: f64 = 365.25;
/// Seconds per day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;
/// Lithium carbonate equivalent per unit mass of lithium (Li2CO3 / 2 Li molar masses), brief §(b).
pub const LCE_PER_LI: f64 = 5.323;
