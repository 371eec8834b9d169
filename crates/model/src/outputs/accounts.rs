//! Water accounts, kept separately for the brine domain (nucleus and marginal mixing-zone cells)
//! and the fresh-water domain (fans, vegas, lagoons). All volumes are m³ over the period.
//! Internal transfers cancel within a domain; what crosses between domains is `exchange_in_m3`.

use serde::Serialize;

/// Balance of one domain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct WaterAccount {
    /// Groundwater recharge delivered from the catchments.
    pub recharge_m3: f64,
    /// Stream past Santa Rosa (surface inflow, part of recharge).
    pub stream_m3: f64,
    /// Rain on the open water of lagoons (and ponded vegas).
    pub rain_on_lagoons_m3: f64,
    /// Rain on the salt crust, which soaks into the brine below it (Boutt et al. 2016).
    pub rain_on_crust_m3: f64,
    /// Old water or inflow from other basins (the `relic` lever): the share of today's
    /// discharge that today's rain does not renew, entering where recharge does at a constant
    /// rate.
    pub old_water_m3: f64,
    /// Model-boundary inflow (general-head boundaries; test grids), summed over the cells and
    /// steps where the boundary feeds the aquifer.
    pub boundary_in_m3: f64,
    /// Model-boundary outflow, where the boundary drains the aquifer (≥ 0).
    pub boundary_out_m3: f64,
    pub evap_mudflat_m3: f64,
    pub evap_crust_m3: f64,
    pub evap_vega_m3: f64,
    pub evap_lagoon_m3: f64,
    /// Spring discharge from this domain's cells (delivered to vegas and lagoons).
    pub springs_m3: f64,
    /// Surface outflow from vegas to lagoons (the stream continuing; internal, reported only).
    pub vega_outflow_m3: f64,
    /// Open water overflowing vegas and lagoons above their spill stage onto the cell downslope
    /// (internal, reported only).
    pub overflow_m3: f64,
    pub pumped_m3: f64,
    /// Injection the aquifer accepted (see [`MonthAccounts::reinjection_refused_m3`]).
    pub reinjected_m3: f64,
    /// Net inflow from the other domain (lateral flow and springs; negative when this domain
    /// gives more than it receives).
    pub exchange_in_m3: f64,
    pub storage_change_m3: f64,
    /// inputs − outputs − storage change.
    pub closure_m3: f64,
}

impl WaterAccount {
    pub fn evaporation_m3(&self) -> f64 {
        self.evap_mudflat_m3 + self.evap_crust_m3 + self.evap_vega_m3 + self.evap_lagoon_m3
    }
    pub fn inputs_m3(&self) -> f64 {
        self.recharge_m3
            + self.stream_m3
            + self.rain_on_lagoons_m3
            + self.rain_on_crust_m3
            + self.old_water_m3
            + self.boundary_in_m3
            + self.reinjected_m3
            + self.exchange_in_m3
    }
    pub fn outputs_m3(&self) -> f64 {
        self.evaporation_m3() + self.pumped_m3 + self.boundary_out_m3
    }
    /// Sum of the absolute values of this domain's terms except the exchange with the other
    /// domain (one flow that both domains see, with opposite signs), m³.
    fn gross_m3(&self) -> f64 {
        [
            self.recharge_m3,
            self.stream_m3,
            self.rain_on_lagoons_m3,
            self.rain_on_crust_m3,
            self.old_water_m3,
            self.boundary_in_m3,
            self.boundary_out_m3,
            self.reinjected_m3,
            self.evap_mudflat_m3,
            self.evap_crust_m3,
            self.evap_vega_m3,
            self.evap_lagoon_m3,
            self.pumped_m3,
            self.storage_change_m3,
        ]
        .iter()
        .map(|x| x.abs())
        .sum()
    }
    pub(crate) fn close(&mut self) {
        self.closure_m3 = self.inputs_m3() - self.outputs_m3() - self.storage_change_m3;
    }
    pub(crate) fn add(&mut self, o: &WaterAccount) {
        self.recharge_m3 += o.recharge_m3;
        self.stream_m3 += o.stream_m3;
        self.rain_on_lagoons_m3 += o.rain_on_lagoons_m3;
        self.rain_on_crust_m3 += o.rain_on_crust_m3;
        self.old_water_m3 += o.old_water_m3;
        self.boundary_in_m3 += o.boundary_in_m3;
        self.boundary_out_m3 += o.boundary_out_m3;
        self.evap_mudflat_m3 += o.evap_mudflat_m3;
        self.evap_crust_m3 += o.evap_crust_m3;
        self.evap_vega_m3 += o.evap_vega_m3;
        self.evap_lagoon_m3 += o.evap_lagoon_m3;
        self.springs_m3 += o.springs_m3;
        self.vega_outflow_m3 += o.vega_outflow_m3;
        self.overflow_m3 += o.overflow_m3;
        self.pumped_m3 += o.pumped_m3;
        self.reinjected_m3 += o.reinjected_m3;
        self.exchange_in_m3 += o.exchange_in_m3;
        self.storage_change_m3 += o.storage_change_m3;
        self.closure_m3 += o.closure_m3;
    }
}

/// All accounts of one month (or of the whole run, for totals).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct MonthAccounts {
    pub brine: WaterAccount,
    pub fresh: WaterAccount,
    /// Recharge generated on the catchments this period.
    pub recharge_generated_m3: f64,
    /// Change of the recharge in transit (lag store).
    pub transit_change_m3: f64,
    // Uses and fates of pumped water.
    pub brine_requested_m3: f64,
    pub brine_shortfall_m3: f64,
    pub pond_evaporation_m3: f64,
    pub entrained_m3: f64,
    /// Spent DLE brine not reinjected (disposed of at surface).
    pub dle_disposed_m3: f64,
    /// Spent DLE brine the aquifer could not take at the reinjection cell because its water table
    /// reached the crust (and any basin-file injection well's refused water); disposed of at
    /// surface. Requested reinjection = reinjected (both domains) + refused.
    pub reinjection_refused_m3: f64,
    pub fresh_process_m3: f64,
    pub camp_m3: f64,
    pub community_m3: f64,
    pub fresh_shortfall_m3: f64,
    pub community_shortfall_m3: f64,
    /// Whole-basin closure including the recharge in transit, m³.
    pub closure_m3: f64,
    /// Gross volume through the whole-basin balance, the scale of the relative closure, m³: the
    /// sum of the absolute values of its terms, each flow counted once (inflows and outflows,
    /// storage changes as absolute values).
    pub throughput_m3: f64,
}

impl MonthAccounts {
    pub(crate) fn add(&mut self, o: &MonthAccounts) {
        self.brine.add(&o.brine);
        self.fresh.add(&o.fresh);
        self.recharge_generated_m3 += o.recharge_generated_m3;
        self.transit_change_m3 += o.transit_change_m3;
        self.brine_requested_m3 += o.brine_requested_m3;
        self.brine_shortfall_m3 += o.brine_shortfall_m3;
        self.pond_evaporation_m3 += o.pond_evaporation_m3;
        self.entrained_m3 += o.entrained_m3;
        self.dle_disposed_m3 += o.dle_disposed_m3;
        self.reinjection_refused_m3 += o.reinjection_refused_m3;
        self.fresh_process_m3 += o.fresh_process_m3;
        self.camp_m3 += o.camp_m3;
        self.community_m3 += o.community_m3;
        self.fresh_shortfall_m3 += o.fresh_shortfall_m3;
        self.community_shortfall_m3 += o.community_shortfall_m3;
        self.closure_m3 += o.closure_m3;
        self.throughput_m3 += o.throughput_m3;
    }

    /// Sum of the absolute values of every term of the whole-basin balance, each flow counted
    /// once, m³: recharge generated and the change in transit; each domain's inflows (recharge
    /// delivered, stream, rain, old water, boundary inflow, reinjection), outflows (evaporation, pumping,
    /// boundary outflow) and storage change; and the exchange between the domains once. Signed
    /// sums would let an outflow cancel an inflow (a draining boundary counted as a negative
    /// input) and leave a scale near zero while the balance closes.
    pub(crate) fn gross_m3(&self) -> f64 {
        // The domains see the exchange with opposite signs; their mean magnitude counts it once.
        let exchange = 0.5 * (self.brine.exchange_in_m3.abs() + self.fresh.exchange_in_m3.abs());
        self.recharge_generated_m3.abs()
            + self.transit_change_m3.abs()
            + self.brine.gross_m3()
            + self.fresh.gross_m3()
            + exchange
    }

    /// Closure relative to throughput.
    pub fn closure_relative(&self) -> f64 {
        if self.throughput_m3 > 0.0 {
            self.closure_m3 / self.throughput_m3
        } else {
            0.0
        }
    }

    /// Total evaporation (both domains), m³.
    pub fn evaporation_m3(&self) -> f64 {
        self.brine.evaporation_m3() + self.fresh.evaporation_m3()
    }
}

#[cfg(test)]
mod tests {
    //! The account sums worked by hand from the documented formulas: inputs are recharge, stream,
    //! rain (lagoons, crust), old water, boundary inflow, reinjection and the exchange; outputs are
    //! the four evaporations, pumping and boundary outflow; closure = inputs − outputs − storage
    //! change; the gross volume is the sum of absolute values (the exchange once, as the mean of
    //! the two domains' magnitudes). Every term below is a distinct number so that a sign or a
    //! term dropped or doubled shows.
    use super::*;

    /// Fields in declaration order: 1, 2, …, 19 times `k` (closure included).
    fn account(k: f64) -> WaterAccount {
        WaterAccount {
            recharge_m3: k,
            stream_m3: 2.0 * k,
            rain_on_lagoons_m3: 3.0 * k,
            rain_on_crust_m3: 4.0 * k,
            old_water_m3: 5.0 * k,
            boundary_in_m3: 6.0 * k,
            boundary_out_m3: 7.0 * k,
            evap_mudflat_m3: 8.0 * k,
            evap_crust_m3: 9.0 * k,
            evap_vega_m3: 10.0 * k,
            evap_lagoon_m3: 11.0 * k,
            springs_m3: 12.0 * k,
            vega_outflow_m3: 13.0 * k,
            overflow_m3: 14.0 * k,
            pumped_m3: 15.0 * k,
            reinjected_m3: 16.0 * k,
            exchange_in_m3: 17.0 * k,
            storage_change_m3: 18.0 * k,
            closure_m3: 19.0 * k,
        }
    }

    #[test]
    fn domain_sums_and_closure_are_the_documented_ones() {
        let mut a = account(1.0);
        // 8 + 9 + 10 + 11
        assert_eq!(a.evaporation_m3(), 38.0);
        // recharge 1 + stream 2 + rain 3 + 4 + old 5 + boundary in 6 + reinjected 16 + exchange 17
        assert_eq!(a.inputs_m3(), 54.0);
        // evaporation 38 + pumped 15 + boundary out 7
        assert_eq!(a.outputs_m3(), 60.0);
        a.close();
        // 54 − 60 − 18
        assert_eq!(a.closure_m3, -24.0);
        // Balanced: recharge 100 in, evaporation 30 and pumping 50 out, storage +20.
        let mut b = WaterAccount {
            recharge_m3: 100.0,
            evap_crust_m3: 30.0,
            pumped_m3: 50.0,
            storage_change_m3: 20.0,
            closure_m3: 7.0,
            ..WaterAccount::default()
        };
        b.close();
        assert_eq!(b.closure_m3, 0.0);
    }

    #[test]
    fn gross_volume_is_the_sum_of_magnitudes_without_the_exchange() {
        // Every term but springs, vega outflow, overflow, exchange and closure: 1 … 11, 15, 16,
        // 18; negative here, so a signed sum would be negative.
        let a = account(-1.0);
        let terms = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 18];
        let by_hand: i32 = terms.iter().sum();
        assert_eq!(by_hand, 115);
        assert_eq!(a.gross_m3(), 115.0);
        // Whole basin: |generated| + |transit| + each domain's gross + the exchange once.
        let m = MonthAccounts {
            brine: account(-1.0),
            fresh: WaterAccount {
                exchange_in_m3: 21.0,
                pumped_m3: 4.0,
                storage_change_m3: -2.0,
                ..WaterAccount::default()
            },
            recharge_generated_m3: 40.0,
            transit_change_m3: -3.0,
            ..MonthAccounts::default()
        };
        // Exchange: brine −17, fresh +21, mean magnitude 19.
        assert_eq!(m.gross_m3(), 40.0 + 3.0 + 115.0 + (4.0 + 2.0) + 19.0);
    }

    #[test]
    fn sums_add_every_field_and_basin_evaporation_is_both_domains() {
        let mut a = account(3.0);
        a.add(&account(5.0));
        // Field i: 3i + 5i = 8i (a product 15i² or a difference −2i would differ).
        assert_eq!(a, account(8.0));

        let month = |k: f64| MonthAccounts {
            brine: account(k),
            fresh: account(2.0 * k),
            recharge_generated_m3: 20.0 * k,
            transit_change_m3: 21.0 * k,
            brine_requested_m3: 22.0 * k,
            brine_shortfall_m3: 23.0 * k,
            pond_evaporation_m3: 24.0 * k,
            entrained_m3: 25.0 * k,
            dle_disposed_m3: 26.0 * k,
            reinjection_refused_m3: 27.0 * k,
            fresh_process_m3: 28.0 * k,
            camp_m3: 29.0 * k,
            community_m3: 30.0 * k,
            fresh_shortfall_m3: 31.0 * k,
            community_shortfall_m3: 32.0 * k,
            closure_m3: 33.0 * k,
            throughput_m3: 34.0 * k,
        };
        let mut m = month(3.0);
        m.add(&month(5.0));
        assert_eq!(m, month(8.0));
        // Brine 38 + fresh 76 (evaporations 8 … 11, times 1 and 2).
        assert_eq!(month(1.0).evaporation_m3(), 114.0);
    }

    #[test]
    fn relative_closure_is_closure_over_throughput_and_zero_without_throughput() {
        let m = MonthAccounts {
            closure_m3: 3.0,
            throughput_m3: 4.0,
            ..MonthAccounts::default()
        };
        assert_eq!(m.closure_relative(), 0.75);
        let none = MonthAccounts {
            closure_m3: 3.0,
            throughput_m3: 0.0,
            ..MonthAccounts::default()
        };
        assert_eq!(none.closure_relative(), 0.0);
    }
}
