//! What a run gives back, as plain data: [`results`] (the monthly series), [`accounts`] (where
//! every cubic metre went), [`salinisation`] (how close brackish water comes to the vegas' roots
//! and the fresh wells' screens), [`springs`] (each spring line's flow and head above its outlet),
//! [`vegas`] (the water table in the vegas' root zone), [`indicators`] (what a person wants to
//! know) and [`sentences`] (the indicators in plain Spanish or English).

pub mod accounts;
pub mod indicators;
pub mod pumped_sources;
pub mod results;
pub mod salinisation;
pub mod sentences;
pub mod springs;
pub mod vegas;
