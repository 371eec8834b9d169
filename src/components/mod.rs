//! One component per file, named for what it shows.

pub mod lang_switch;
pub mod production_chart;
