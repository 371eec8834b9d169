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
