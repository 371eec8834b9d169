//! The scenario over the uncertain physics, in reading order: [`design`] (the uncertain factors,
//! the Latin hypercube and quantiles), [`ensemble`] (the members, run and recorded), [`summary`]
//! (their P10–P50–P90 bands), [`sensitivity`] (which unknown most widens each range) and
//! [`dates`] (when a threshold is crossed, with its range).

pub mod dates;
pub mod design;
pub mod ensemble;
pub mod sensitivity;
pub mod summary;
