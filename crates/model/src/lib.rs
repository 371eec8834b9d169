//! The basin model of Cuenca. It is being written (issue 3); this crate holds its place in the
//! workspace so that the build, the CLI and the tests are wired from the start.

/// Version of the model, carried in every result and link.
pub const MODEL_VERSION: &str = env!("CARGO_PKG_VERSION");
