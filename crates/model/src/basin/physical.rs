//! The parameters the physics reads, resolved from the parameter table once, when the basin
//! loads: a missing key is a basin-file error then, and a run can never fail on a parameter.
//! Ranges were already checked when the table was read ([`super::params`]). Units follow the
//! table (`shared/domain/parameters.toml`); the run converts them where it uses them.

use super::error::BasinError;
use super::params::ParamTable;

/// Climate of the basin (`clim.*`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClimateParams {
    pub precip_catchment_mm_per_yr: f64,
    pub precip_salar_mm_per_yr: f64,
    /// Share of the annual precipitation falling in each month, January … December.
    pub precip_monthly_frac: [f64; 12],
    /// Share of the annual pan evaporation in each month.
    pub pan_monthly_frac: [f64; 12],
    /// Inter-annual coefficient of variation of precipitation.
    pub precip_cv: f64,
    /// Change of evaporation per degree of warming, %/°C.
    pub de_dt_pct_per_degc: f64,
    pub lagoon_evap_mm_per_yr: f64,
}

/// Evaporation from groundwater and its depth law (`wb.*`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvaporationParams {
    /// Bare-soil evaporation at the surface (mud-flat), E₀.
    pub mudflat_surface_mm_per_yr: f64,
    /// Salt-crust evaporation at the natural depth to brine.
    pub nucleus_mm_per_yr: f64,
    pub nucleus_depth_to_water_m: f64,
    pub vega_et_mm_per_yr: f64,
    /// e-folding depth of the evaporation–depth law.
    pub decay_m: f64,
    /// Depth below which evaporation stops.
    pub extinction_m: f64,
}

/// Vega vegetation (`wb.*`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VegaParams {
    /// Time constant of regrowth after die-back ([`crate::physics::vega`]).
    pub recovery_years: f64,
}

/// Recharge from catchment rain (`wb.*`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RechargeParams {
    /// Share of the catchment's precipitation that becomes recharge, in expectation under today's
    /// climate (with or without year-to-year variability: `physics::recharge`).
    pub fraction: f64,
    pub threshold_mm_per_month: f64,
    pub lag_months: f64,
    /// Perennial stream past Santa Rosa, in expectation under today's climate.
    pub river_baseflow_l_per_s: f64,
}

/// Aquifer properties that the loader applies to cells that do not state their own (`aq.*`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AquiferParams {
    pub sy_brine: f64,
    pub sy_fan: f64,
    pub ss_brine_per_m: f64,
    pub porosity_brine: f64,
    pub li_mg_per_l: f64,
    /// Interface factor α = ρ_f/(ρ_b − ρ_f): interface rise per metre of fresh head lost.
    pub interface_factor: f64,
    /// Thickness of the fresh water–brine mixing zone centred on the sharp interface, m.
    pub mixing_zone_m: f64,
    /// Conductivity of the alluvial fans' fresh-water aquifer, m/day.
    pub k_fan_m_per_day: f64,
}

/// The lithium project's process (`proj.*`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectParams {
    pub recovery_ponds: f64,
    pub recovery_dle: f64,
    /// Share of the brine sent to the ponds that evaporates there.
    pub pond_evap_frac: f64,
    pub workforce_persons: f64,
    pub camp_use_l_per_person_day: f64,
    /// Sustained yield of one production well, L/s.
    pub well_yield_l_per_s: f64,
    /// Depth below the ground of a fresh-water well's screen bottom, m.
    pub fresh_screen_depth_m: f64,
    /// Design rate of one fresh-water well, L/s.
    pub fresh_well_yield_l_per_s: f64,
}

/// Water use of Santa Rosa besides its people (`com.*`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommunityParams {
    pub livestock_l_per_head_day: f64,
    pub irrigation_l_per_s: f64,
    pub tourism_l_per_s: f64,
}

/// Every parameter value the physics reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhysicalParams {
    pub climate: ClimateParams,
    pub evaporation: EvaporationParams,
    pub vega: VegaParams,
    pub recharge: RechargeParams,
    pub aquifer: AquiferParams,
    pub project: ProjectParams,
    pub community: CommunityParams,
}

impl PhysicalParams {
    /// Reads every required parameter from the table; the first missing one is the error.
    pub(super) fn resolve(p: &ParamTable) -> Result<PhysicalParams, BasinError> {
        Ok(PhysicalParams {
            climate: ClimateParams {
                precip_catchment_mm_per_yr: p.number("clim.precip_catchment")?,
                precip_salar_mm_per_yr: p.number("clim.precip_salar")?,
                precip_monthly_frac: p.monthly("clim.precip_monthly_frac")?,
                pan_monthly_frac: p.monthly("clim.pan_monthly_frac")?,
                precip_cv: p.number("clim.precip_cv")?,
                de_dt_pct_per_degc: p.number("clim.dE_dT")?,
                lagoon_evap_mm_per_yr: p.number("clim.lagoon_evap")?,
            },
            evaporation: EvaporationParams {
                mudflat_surface_mm_per_yr: p.number("wb.evap_e0")?,
                nucleus_mm_per_yr: p.number("wb.nucleus_evap")?,
                nucleus_depth_to_water_m: p.number("wb.depth_to_water_nucleus")?,
                vega_et_mm_per_yr: p.number("wb.vega_et")?,
                decay_m: p.number("wb.evap_decay")?,
                extinction_m: p.number("wb.evap_extinction")?,
            },
            vega: VegaParams {
                recovery_years: p.number("wb.vega_recovery")?,
            },
            recharge: RechargeParams {
                fraction: p.number("wb.recharge_frac")?,
                threshold_mm_per_month: p.number("wb.recharge_threshold")?,
                lag_months: p.number("wb.recharge_lag")?,
                river_baseflow_l_per_s: p.number("wb.river_baseflow")?,
            },
            aquifer: AquiferParams {
                sy_brine: p.number("aq.Sy_brine")?,
                sy_fan: p.number("aq.Sy_fan")?,
                ss_brine_per_m: p.number("aq.Ss_brine")?,
                porosity_brine: p.number("aq.n_brine")?,
                li_mg_per_l: p.number("aq.li_conc")?,
                interface_factor: p.number("aq.interface_factor")?,
                mixing_zone_m: p.number("aq.mixing_zone")?,
                k_fan_m_per_day: p.number("aq.K_fan")?,
            },
            project: ProjectParams {
                recovery_ponds: p.number("proj.recovery_evap")?,
                recovery_dle: p.number("proj.recovery_dle")?,
                pond_evap_frac: p.number("proj.pond_evap_frac")?,
                workforce_persons: p.number("proj.workforce_ops")?,
                camp_use_l_per_person_day: p.number("proj.camp_use")?,
                well_yield_l_per_s: p.number("proj.well_yield")?,
                fresh_screen_depth_m: p.number("proj.fresh_screen_depth")?,
                fresh_well_yield_l_per_s: p.number("proj.fresh_well_yield")?,
            },
            community: CommunityParams {
                livestock_l_per_head_day: p.number("com.livestock_per_head")?,
                irrigation_l_per_s: p.number("com.irrigation")?,
                tourism_l_per_s: p.number("com.tourism")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basin::Basin;

    #[test]
    fn a_missing_parameter_is_a_load_error_that_names_it() {
        let full = Basin::default_basin().params;
        assert!(PhysicalParams::resolve(&full).is_ok());
        for id in [
            "com.tourism",
            "com.livestock_per_head",
            "clim.precip_monthly_frac",
        ] {
            let mut table = full.clone();
            table.rows.retain(|p| p.id != id);
            assert_eq!(
                PhysicalParams::resolve(&table),
                Err(BasinError::Missing {
                    key: format!("params.{id}")
                })
            );
        }
    }

    #[test]
    fn values_are_the_table_values() {
        let b = Basin::default_basin();
        let p = &b.physical;
        let t = b.param_table();
        assert_eq!(
            Ok(p.community.livestock_l_per_head_day),
            t.number("com.livestock_per_head")
        );
        assert_eq!(Ok(p.recharge.lag_months), t.number("wb.recharge_lag"));
        assert_eq!(
            Ok(p.climate.pan_monthly_frac),
            t.monthly("clim.pan_monthly_frac")
        );
    }
}
