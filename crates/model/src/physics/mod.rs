//! The physics of one month, from rain to lithium, in the order a month runs them:
//! [`climate`] (forcing, from a seeded [`rng`]), [`recharge`] (rain → recharge, lagged),
//! [`surface`] (evaporation, springs, vegas and lagoons as functions of the head, with the fast
//! [`fastmath`] they need), [`groundwater`] (the implicit balance, solved by Newton on the banded
//! [`solver`]; fresh water floating on brine: the [`interface`] relations, the two-fluid [`lens`]
//! column and the sub-grid [`upconing`] under fresh-water wells), [`operations`] (wells and the project plan), [`lithium`] (transport) and [`vega`] (green cover
//! with die-back and lagged regrowth, read at the end of the month).

pub mod climate;
pub(crate) mod fastmath;
pub mod groundwater;
pub mod interface;
pub mod lens;
pub mod lithium;
pub mod operations;
pub mod recharge;
pub mod rng;
pub mod solver;
pub mod surface;
pub mod upconing;
pub mod vega;
