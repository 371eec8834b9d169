//! Wells and operations: the production schedule, brine demand per tonne, the pond and DLE
//! routes, fresh water for the process and the camp, community use, and the protection rule.

use crate::LCE_PER_LI;

/// A wellfield is drilled for this multiple of its nominal brine rate (spare wells, and room for
/// the extra brine per tonne as the brine dilutes), as whole wells of the basin's sustained
/// yield and no more than its cells hold (estimate: design margin of production wellfields,
/// status E). What the wells cannot deliver is the brine shortfall.
pub const WELLFIELD_CAPACITY_FACTOR: f64 = 1.5;
/// Below this concentration (mg/L) brine is not worth processing and production stops.
pub const MIN_PROCESS_LI_MG_PER_L: f64 = 50.0;

/// The project's plan as resolved from the scenario levers and parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectPlan {
    pub production_t_per_yr: f64,
    pub start_year: f64,
    pub ramp_years: f64,
    pub life_years: f64,
    pub stages: u32,
    pub stage_gap_years: f64,
    /// Share of production drawn from this basin (0..1).
    pub share: f64,
    /// Share of production by DLE (0..1); the rest by evaporation ponds.
    pub dle_share: f64,
    pub reinjection_frac: f64,
    pub recovery_ponds: f64,
    pub recovery_dle: f64,
    pub pond_evap_frac: f64,
    pub fresh_m3_per_t_dle: f64,
    pub fresh_m3_per_t_ponds: f64,
    /// Camp water while producing, m³/day (`proj.workforce_ops` × `proj.camp_use`).
    pub camp_m3_per_day: f64,
}

/// Brine pumped per tonne LCE, m³/t: `v = 1000 / (5.323 · C_Li[kg/m³] · R)` (brief, formulas).
pub fn brine_per_tonne_m3(li_mg_per_l: f64, recovery: f64) -> f64 {
    1000.0 / (LCE_PER_LI * (li_mg_per_l / 1000.0) * recovery)
}

impl ProjectPlan {
    /// The same plan with no production: the no-project runs' and the months before today's.
    pub fn without_production(&self) -> ProjectPlan {
        ProjectPlan {
            production_t_per_yr: 0.0,
            ..self.clone()
        }
    }

    /// Production from this basin at time `t` (calendar years, e.g. 2031.5), t LCE/yr. Stages of
    /// equal size start `stage_gap_years` apart, each ramping linearly over `ramp_years`; all stop
    /// at `start + life`.
    pub fn production_at(&self, t: f64) -> f64 {
        if self.production_t_per_yr <= 0.0
            || t < self.start_year
            || t >= self.start_year + self.life_years
        {
            return 0.0;
        }
        let stages = self.stages.max(1);
        let size = self.production_t_per_yr / stages as f64;
        let mut p = 0.0;
        for k in 0..stages {
            let t0 = self.start_year + k as f64 * self.stage_gap_years;
            if t < t0 {
                continue;
            }
            let ramp = if self.ramp_years > 0.0 {
                ((t - t0) / self.ramp_years).min(1.0)
            } else {
                1.0
            };
            p += size * ramp;
        }
        p * self.share
    }

    /// Brine demand, m³/day, at production `p` t/yr and pumped concentration `c` mg/L,
    /// split into (ponds, DLE). The wells limit what is delivered ([`wells_for`]).
    pub fn brine_demand(&self, p: f64, c: f64) -> (f64, f64) {
        if p <= 0.0 || c < MIN_PROCESS_LI_MG_PER_L {
            return (0.0, 0.0);
        }
        let per_day = p / crate::DAYS_PER_YEAR;
        let ponds = per_day * (1.0 - self.dle_share) * brine_per_tonne_m3(c, self.recovery_ponds);
        let dle = per_day * self.dle_share * brine_per_tonne_m3(c, self.recovery_dle);
        (ponds, dle)
    }

    /// Nominal brine rate of the full plan (every stage at full production) at the design
    /// concentration, m³/day: what the wellfield is drilled for.
    pub fn design_brine_m3_per_day(&self, c_design: f64) -> f64 {
        let (ponds, dle) = self.brine_demand(self.production_t_per_yr * self.share, c_design);
        ponds + dle
    }
}

/// Production wells drilled in a cell whose nominal share of the brine is `design_m3_per_day`:
/// [`WELLFIELD_CAPACITY_FACTOR`] times that, in whole wells of `yield_m3_per_day`, at most
/// `max_wells`.
pub fn wells_for(design_m3_per_day: f64, yield_m3_per_day: f64, max_wells: Option<u32>) -> u32 {
    if design_m3_per_day <= 0.0 || yield_m3_per_day <= 0.0 {
        return 0;
    }
    let wanted = (WELLFIELD_CAPACITY_FACTOR * design_m3_per_day / yield_m3_per_day).ceil() as u32;
    max_wells.map_or(wanted, |m| wanted.min(m))
}

impl ProjectPlan {
    /// Process fresh water, m³/day, at production `p` t/yr (camp use excluded).
    pub fn fresh_demand(&self, p: f64) -> f64 {
        p / crate::DAYS_PER_YEAR
            * ((1.0 - self.dle_share) * self.fresh_m3_per_t_ponds
                + self.dle_share * self.fresh_m3_per_t_dle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brine_per_tonne_matches_the_brief() {
        assert!((brine_per_tonne_m3(450.0, 0.55) - 759.0).abs() < 2.0);
        assert!((brine_per_tonne_m3(450.0, 0.85) - 491.0).abs() < 2.0);
    }

    /// The 2025 joint venture's plan as the presets set it.
    fn joint_venture() -> ProjectPlan {
        ProjectPlan {
            production_t_per_yr: 150_000.0,
            start_year: 2028.0,
            ramp_years: 2.0,
            life_years: 30.0,
            stages: 3,
            stage_gap_years: 5.0,
            share: 0.75,
            dle_share: 0.5,
            reinjection_frac: 0.9,
            recovery_ponds: 0.55,
            recovery_dle: 0.85,
            pond_evap_frac: 0.9,
            fresh_m3_per_t_dle: 50.0,
            fresh_m3_per_t_ponds: 20.0,
            camp_m3_per_day: 60.0,
        }
    }

    #[test]
    fn staged_schedule() {
        let p = joint_venture();
        assert_eq!(p.production_at(2027.9), 0.0);
        assert!((p.production_at(2029.0) - 0.5 * 50_000.0 * 0.75).abs() < 1e-6);
        assert!((p.production_at(2040.0) - 150_000.0 * 0.75).abs() < 1e-6);
        assert_eq!(p.production_at(2058.0), 0.0);
    }

    /// Without a ramp a stage produces in full from the instant it starts (the start is inside
    /// the project, the end outside); found by mutation testing, where `<` and `<=` at the start
    /// otherwise survive.
    #[test]
    fn a_stage_without_ramp_produces_in_full_from_its_start() {
        let p = ProjectPlan {
            production_t_per_yr: 20_000.0,
            start_year: 2030.0,
            ramp_years: 0.0,
            life_years: 10.0,
            stages: 2,
            stage_gap_years: 4.0,
            share: 1.0,
            ..joint_venture()
        };
        assert_eq!(p.production_at(2030.0), 10_000.0);
        assert_eq!(p.production_at(2033.99), 10_000.0);
        assert_eq!(p.production_at(2034.0), 20_000.0);
        assert_eq!(p.production_at(2040.0), 0.0);
    }

    #[test]
    fn wells_need_a_demand_and_a_yield() {
        assert_eq!(wells_for(0.0, 1728.0, None), 0);
        assert_eq!(wells_for(1000.0, 0.0, None), 0);
        // 1.5 × 1,000 m³/day in wells of 400 m³/day: 3.75, so 4; capped at 3.
        assert_eq!(wells_for(1000.0, 400.0, None), 4);
        assert_eq!(wells_for(1000.0, 400.0, Some(3)), 3);
    }
}
