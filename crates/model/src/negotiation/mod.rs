//! Instruments for negotiating: limits the parties agree on (a site, what is measured there, a
//! threshold, a horizon and a confidence), whether an ensemble keeps them, and the largest
//! production that keeps them all. Built on the ensemble; the model itself is unchanged.

pub mod envelope;
pub mod examples;
pub mod limits;

pub use envelope::{envelope, Envelope, EnvelopeError, EnvelopeSearch, EnvelopeStep};
pub use examples::{ExampleLimits, EXAMPLE_LIMITS};
pub use limits::{Limit, LimitKind, LimitOutcome};
