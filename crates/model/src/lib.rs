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
//! ## Module map, in reading order
//!
//! | module | what it holds |
//! |---|---|
//! | [`lang`] | the two languages and number formatting (a leaf: everything may use it) |
//! | [`basin`] | the basin as data: cells, connections, catchments, sites, the places levers choose among, the parameter table, the file loader |
//! | [`scenario`] | what a person chooses: the lever table, a scenario, presets, contested sources |
//! | [`physics`] | one month's physics: climate, recharge, surface laws, groundwater and its solver, operations, lithium |
//! | [`run`] | a run: set-up from basin and scenario, the steady state, the monthly step, the runner and its cache, assembling results, comparing sources |
//! | [`outputs`] | results as plain data, water accounts, indicators, sentences |
//! | [`observations`] | measurements at named sites read from a CSV, and a run set beside them |
//! | [`uncertainty`] | the ensemble over the uncertain physics, its summary, sensitivity and dated thresholds |
//! | [`negotiation`] | agreed limits over the ensemble, the largest production that keeps them, and early-warning plans |
//!
//! Each module uses only the ones above it in this table, with two exceptions: `run` fills the
//! plain data types of `outputs`, and `run` (with `outputs` and `uncertainty`, which record it)
//! reads an early-warning plan's plain types from `negotiation::plan`, since a plan acts inside a
//! run. There are no import cycles, and nothing here knows about links,
//! files on disk or the web.
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

pub mod lang;

pub mod basin;
pub mod scenario;

pub mod physics;
pub mod run;

pub mod negotiation;
pub mod observations;
pub mod outputs;
pub mod sorting;
pub mod uncertainty;
pub mod validation;

pub use basin::params::{ParamInfo, ParamValue};
pub use basin::{Basin, BasinError, Cell, CellKind, Place, Site};
pub use lang::{fmt_num, fmt_tonnes_approx, quote_untrusted, round_two_figures, Lang};
pub use outputs::indicators::{drawdown_thresholds_m, IndicatorId};
pub use outputs::results::{Results, RunStats};
pub use outputs::sentences::{crossing_key, sentences, sentences_about, Sentence};
pub use run::{
    compare_sources, run, run_with_options, CompareError, RunError, RunOptions, Runner,
    SourceComparison,
};
pub use scenario::levers::{LeverGroup, LeverId, LeverKind, LeverOption, LeverSpec, LEVERS};
pub use scenario::sources::{apply_sources, ContestedId, SourceChoice, SourceError};
pub use scenario::{presets, LeverError, Scenario};
pub use uncertainty::dates::{DateRange, SiteDateRange, Threshold};
pub use uncertainty::design::{EnsembleSpec, Factor, FactorId};
pub use uncertainty::ensemble::{
    run_ensemble, run_ensemble_with_options, Ensemble, EnsembleRunner,
};
pub use uncertainty::parts::MemberRun;
pub use uncertainty::sensitivity::{FactorShare, IndicatorSensitivity};
pub use uncertainty::springs::SpringOutlook;
pub use uncertainty::summary::EnsembleSummary;
pub use uncertainty::weather_spread::WeatherSpread;

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
