//! The model's integration tests, in one test binary: each file below is one theme (see its own
//! header). One binary links once per build instead of forty times, which is most of a rebuild's
//! cost (`cargo xtask mutants` rebuilds for every mutant); `cargo test -p cuenca-model --test
//! model <file>::` runs one theme.

mod common;

mod analytical;
mod another_salar;
mod baked_basin;
mod balance;
mod basin_file;
mod climate;
mod climate_reference;
mod digests;
mod ensemble;
mod hindcast;
mod horizon;
mod impacts;
mod lens;
mod lens_cells;
mod lens_run;
mod lithium;
mod negotiation;
mod observations;
mod observations_text;
mod old_water;
mod operations;
mod overflow;
mod plan;
mod plan_ensemble;
mod predevelopment;
mod protection;
mod pumped_sources;
mod pumping_tests;
mod recharge;
mod reinjection;
mod resource;
mod runner;
mod sentences;
mod solver_bound;
mod sources;
mod springs_vegas;
mod tradeoff;
mod validation;
mod vega;
mod vega_analog;
