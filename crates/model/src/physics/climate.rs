//! Monthly climate forcing: precipitation and potential evaporation from the climatology in the
//! parameter table, a seeded inter-annual multiplier, and climate-change levers phased in.
//!
//! * catchment precipitation `P(y,m) = P_c · f_P[m] · M_y · (1 + ΔP(t))`
//! * salar-floor precipitation `P_s(y,m) = P_s · f_P[m] · M_y · (1 + ΔP(t))`
//! * evaporation season factor `s(y,m) = 12 · f_E[m] · (1 + dE/dT · ΔT(t))` (mean 1 before warming);
//!   every zone's annual rate is multiplied by it.
//! * `M_y` lognormal, mean 1, CV `clim.precip_cv`, one draw per calendar year (the wet season
//!   straddles December–March, so this splits a season; accepted for simplicity).
//! * ΔP and ΔT grow linearly from 0 at the start of the run to the lever values in
//!   [`CHANGE_FULL_YEAR`], and hold after: the levers are "the change reached by 2050".

use serde::Serialize;

use crate::physics::rng::NormalStream;

/// Year by which the climate-change levers reach their full value (brief B2 gives changes "by 2050").
pub const CHANGE_FULL_YEAR: f64 = 2050.0;

/// Climate forcing for one month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthClimate {
    pub year: i32,
    /// 1..=12
    pub month: u8,
    /// Catchment-mean precipitation this month, mm.
    pub precip_catchment_mm: f64,
    /// Salar-floor precipitation this month, mm.
    pub precip_salar_mm: f64,
    /// Multiplier on annual evaporation rates for this month (mean 1 without warming).
    pub evap_season: f64,
}

/// Inputs of the climate generator.
#[derive(Debug, Clone, PartialEq)]
pub struct ClimateSpec {
    pub precip_catchment_mm_per_yr: f64,
    pub precip_salar_mm_per_yr: f64,
    pub precip_frac: [f64; 12],
    pub evap_frac: [f64; 12],
    pub precip_cv: f64,
    pub de_dt_pct_per_degc: f64,
    /// Precipitation change reached in 2050, %.
    pub dp_pct: f64,
    /// Warming reached in 2050, °C.
    pub dt_degc: f64,
    /// `None` = climatology (no inter-annual variability).
    pub seed: Option<u64>,
}

/// Linear phase-in factor (0 at the run start, 1 from [`CHANGE_FULL_YEAR`]).
pub fn phase_in(start_year: i32, t_years: f64) -> f64 {
    let span = CHANGE_FULL_YEAR - start_year as f64;
    if span <= 0.0 {
        return 1.0;
    }
    (((start_year as f64 + t_years) - start_year as f64) / span).clamp(0.0, 1.0)
}

/// Generate `years` of monthly climate from January of `start_year`.
pub fn generate(spec: &ClimateSpec, start_year: i32, years: u32) -> Vec<MonthClimate> {
    let mut out = Vec::with_capacity(years as usize * 12);
    let mut stream = spec.seed.map(NormalStream::new);
    let fp_sum: f64 = spec.precip_frac.iter().sum();
    let fe_sum: f64 = spec.evap_frac.iter().sum();
    for y in 0..years {
        let mult = match stream.as_mut() {
            Some(s) => s.lognormal_unit_mean(spec.precip_cv),
            None => 1.0,
        };
        for m in 0..12 {
            // Mid-month time since the start, years.
            let t = y as f64 + (m as f64 + 0.5) / 12.0;
            let ph = phase_in(start_year, t);
            let pfac = (1.0 + spec.dp_pct / 100.0 * ph).max(0.0);
            let efac = 1.0 + spec.de_dt_pct_per_degc / 100.0 * spec.dt_degc * ph;
            let fp = spec.precip_frac[m] / fp_sum;
            out.push(MonthClimate {
                year: start_year + y as i32,
                month: m as u8 + 1,
                precip_catchment_mm: spec.precip_catchment_mm_per_yr * fp * mult * pfac,
                precip_salar_mm: spec.precip_salar_mm_per_yr * fp * mult * pfac,
                evap_season: 12.0 * spec.evap_frac[m] / fe_sum * efac,
            });
        }
    }
    out
}
