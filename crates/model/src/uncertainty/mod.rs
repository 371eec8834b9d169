//! The scenario over the uncertain physics: [`ensemble`] (the sampling design, the members and
//! their P10–P50–P90 summary), [`sensitivity`] (which unknown most widens each range) and
//! [`dates`] (when a threshold is crossed, with its range).

pub mod dates;
pub mod ensemble;
pub mod sensitivity;
