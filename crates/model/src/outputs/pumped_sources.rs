//! Where the pumped brine comes from. Brine wells do not create water: every cubic metre they
//! take is brine storage given up, evaporation the lowered water table no longer loses (captured),
//! more fresh water drawn in from the fans and margins, or spent brine put back (reinjection).
//!
//! The split is the brine domain's balance, scenario minus the no-project run under the same
//! climate, month by month:
//! `pumped = −Δ(storage change) + Δ(−evaporation) + Δ(inflow from the fresh domain) + reinjected`
//! (rain, recharge and boundary terms are the same in both runs; what remains, `other`, is their
//! difference and the two closures, round-off in every preset). The physics behind "the brine
//! wells end up pumping fan water".

use serde::Serialize;

use super::accounts::WaterAccount;
use super::results::Results;

/// The sources of the brine pumped over some period, m³ (each may be negative: a reinjected
/// nucleus can gain storage; lowered brine can draw less fresh water in).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PumpedSources {
    /// First calendar year of the period.
    pub from_year: i32,
    pub pumped_m3: f64,
    /// Brine storage given up (the aquifer's stored brine, mined).
    pub storage_m3: f64,
    /// Evaporation from the crust and mud-flats that the lowered water table no longer loses.
    pub captured_evaporation_m3: f64,
    /// More fresh water drawn in from the fans and margins (net lateral flow into the brine).
    pub fresh_inflow_m3: f64,
    /// Spent brine put back into the aquifer.
    pub reinjected_m3: f64,
    /// Everything else (other inputs' differences and the balances' closures): round-off.
    pub other_m3: f64,
}

impl PumpedSources {
    fn add_month(&mut self, scenario: &WaterAccount, no_project: &WaterAccount) {
        let (s, b) = (scenario, no_project);
        let storage = -(s.storage_change_m3 - b.storage_change_m3);
        let captured = b.evaporation_m3() - s.evaporation_m3();
        let inflow = s.exchange_in_m3 - b.exchange_in_m3;
        let reinjected = s.reinjected_m3 - b.reinjected_m3;
        self.pumped_m3 += s.pumped_m3 - b.pumped_m3;
        self.storage_m3 += storage;
        self.captured_evaporation_m3 += captured;
        self.fresh_inflow_m3 += inflow;
        self.reinjected_m3 += reinjected;
        self.other_m3 += (s.pumped_m3 - b.pumped_m3) - (storage + captured + inflow + reinjected);
    }

    /// The four named sources summed (what the chart stacks).
    pub fn named_m3(&self) -> f64 {
        self.storage_m3 + self.captured_evaporation_m3 + self.fresh_inflow_m3 + self.reinjected_m3
    }
}

/// The sources over consecutive periods of `years` calendar years (the last may be shorter),
/// for the brine the project pumps beyond the no-project run.
pub fn pumped_sources(r: &Results, years: usize) -> Vec<PumpedSources> {
    let months_per_period = 12 * years.max(1);
    r.accounts
        .chunks(months_per_period)
        .zip(r.baseline_accounts.chunks(months_per_period))
        .zip(r.months.chunks(months_per_period))
        .map(|((scenario, baseline), months)| {
            let mut p = PumpedSources {
                from_year: months.first().map_or(0, |m| m.year),
                ..PumpedSources::default()
            };
            for (s, b) in scenario.iter().zip(baseline) {
                p.add_month(&s.brine, &b.brine);
            }
            p
        })
        .collect()
}
