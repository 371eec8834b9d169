//! One hook per file, named after its function; each returns a `Use…Return` of read-only
//! signals.

pub mod use_ensemble;
pub mod use_model_run;
pub mod use_tool_job;
