//! Recharge from catchment rain: monthly excess over a threshold, times an efficiency, passed
//! through a linear-reservoir lag.
//!
//! **Efficiency derivation.** Under today's climate (no change levers) the *expected* annual
//! recharge must equal `r_c · P_c · A_c` (`wb.recharge_frac`, brief B3: 1300 km² · 140 mm · 0.08 =
//! 14.6 Mm³/yr ≈ 460 L/s). With mean monthly catchment rain `a_k,m = P_c · F_k · f_m` on
//! sub-catchment k of area `A_k` (orographic factor `F_k`), threshold `P_thr` and the year's rain
//! multiplier `M` (lognormal, mean 1, CV `clim.precip_cv`; `M ≡ 1` without variability), the
//! expected generated volume is `η · Σ_k A_k Σ_m E[max(a_k,m · M − P_thr, 0)]`, so
//! `η = r_c · P_c · Σ_k A_k F_k / Σ_k A_k Σ_m E[max(a_k,m · M − P_thr, 0)]`.
//!
//! *Mean climatology* (`var` off): `E[max(a − k, 0)] = max(a − k, 0)`. With the defaults the
//! excess is 19.2 + 17.8 + 2.4 = 39.4 mm/yr and η = 11.2 / 39.4 = 0.284.
//!
//! *Variable climate* (`var` on): the excess is convex in `M`, so by Jensen the mean-climate η
//! would over-recharge (+14 % at CV 0.45). For `ln M ~ N(−σ²/2, σ²)`, `σ² = ln(1 + CV²)`, and
//! `k > 0` the Black–Scholes call integral gives
//! `E[max(a·M − k, 0)] = a·Φ(d₁) − k·Φ(d₂)`, `d₁ = (ln(a/k) + σ²/2)/σ`, `d₂ = d₁ − σ`
//! (`a − k` when `k ≤ 0`; the deterministic `max(a − k, 0)` when `σ = 0`). With the defaults
//! (CV 0.45) the expected excess is 45.0 mm/yr and η = 11.2 / 45.0 = 0.249 (×0.875). The
//! steady state, the lag stores' initial content and the stream's share all use this expected
//! recharge, so a run starts in balance with the mean forcing of the climate it runs.
//!
//! **Climate change.** η is fitted to today's climate only; the rain-change lever ΔP acts
//! through the fixed threshold, so a drier climate loses recharge more than proportionally
//! (validation target 9): −20 % rain → −45 % recharge under the mean climatology, −41 % in
//! expectation at CV 0.45 (wet years still clear the threshold by a wide margin).
//!
//! **Lag.** A linear reservoir `dS/dt = I − S/τ` with constant inflow over a step has the exact
//! solution `S(t+Δt) = S e^{−Δt/τ} + I τ (1 − e^{−Δt/τ})`; the outflow is `S + IΔt − S(t+Δt)`.
//! Being exact, sub-steps give the same monthly answer. The in-transit store is part of the
//! water balance.

/// If the threshold swallows even the wettest month, the efficiency is undefined; the threshold
/// is then capped at this fraction of the wettest mean month so recharge still matches `r_c`.
pub const MAX_THRESHOLD_FRACTION_OF_WETTEST_MONTH: f64 = 0.9;

/// Efficiency and effective threshold of the threshold recharge law, and the inter-annual
/// variability the efficiency was fitted to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RechargeLaw {
    pub efficiency: f64,
    pub threshold_mm: f64,
    /// CV of the year multiplier the efficiency was fitted to (0 = mean climatology).
    pub precip_cv: f64,
}

/// Standard normal cumulative distribution, through `erfc` so the tails keep their precision.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / core::f64::consts::SQRT_2)
}

/// `E[max(a·M − k, 0)]` for a month of mean rain `a` (mm), threshold `k` (mm) and a lognormal
/// year multiplier `M` with mean 1 and coefficient of variation `cv` (see module docs).
pub fn expected_excess_mm(mean_mm: f64, threshold_mm: f64, cv: f64) -> f64 {
    let (a, k) = (mean_mm, threshold_mm);
    if k <= 0.0 {
        // Never below the threshold: the expectation is linear.
        return a - k;
    }
    if a <= 0.0 {
        return 0.0;
    }
    let s2 = libm::log1p(cv * cv);
    if s2 <= 0.0 {
        return (a - k).max(0.0);
    }
    let s = libm::sqrt(s2);
    let d1 = (libm::log(a / k) + 0.5 * s2) / s;
    a * normal_cdf(d1) - k * normal_cdf(d1 - s)
}

/// Derive the efficiency so the expected recharge under today's climate, with year multipliers
/// of CV `precip_cv` (0 = mean climatology), is `r_c · P_c · A` (see module docs).
/// `catchments` holds `(area_m2, precip_factor)`.
pub fn derive_law(
    recharge_frac: f64,
    precip_catchment_mm: f64,
    precip_frac: &[f64; 12],
    threshold_mm: f64,
    precip_cv: f64,
    catchments: &[(f64, f64)],
) -> RechargeLaw {
    let fsum: f64 = precip_frac.iter().sum();
    let wettest = catchments
        .iter()
        .flat_map(|&(_, f)| {
            precip_frac
                .iter()
                .map(move |p| precip_catchment_mm * f * p / fsum)
        })
        .fold(0.0_f64, f64::max);
    // The cap depends on the mean climatology only, so the threshold is the same with and
    // without variability.
    let thr = threshold_mm.min(MAX_THRESHOLD_FRACTION_OF_WETTEST_MONTH * wettest);
    let mut excess_vol = 0.0; // expected m³ per year (before efficiency)
    let mut rain_vol = 0.0;
    for &(area, f) in catchments {
        rain_vol += area * precip_catchment_mm * f / 1000.0;
        for p in precip_frac {
            let mean_mm = precip_catchment_mm * f * p / fsum;
            excess_vol += area * expected_excess_mm(mean_mm, thr, precip_cv) / 1000.0;
        }
    }
    let efficiency = if excess_vol > 0.0 {
        recharge_frac * rain_vol / excess_vol
    } else {
        0.0
    };
    RechargeLaw {
        efficiency,
        threshold_mm: thr,
        precip_cv,
    }
}

impl RechargeLaw {
    /// Recharge generated this month over a catchment, m³.
    pub fn generated_m3(&self, precip_mm: f64, area_m2: f64) -> f64 {
        self.efficiency * (precip_mm - self.threshold_mm).max(0.0) / 1000.0 * area_m2
    }

    /// Expected recharge of a month whose mean rain is `mean_precip_mm`, over the year
    /// multipliers the efficiency was fitted to, m³.
    pub fn expected_generated_m3(&self, mean_precip_mm: f64, area_m2: f64) -> f64 {
        self.efficiency * expected_excess_mm(mean_precip_mm, self.threshold_mm, self.precip_cv)
            / 1000.0
            * area_m2
    }
}

/// A linear reservoir stepped by `dt` with a constant inflow rate (volume per day), exact for
/// any `dt`; its decay factor `e^{−Δt/τ}` is computed once (a run steps four catchment stores
/// every month with the same τ and Δt).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LagStep {
    tau_days: f64,
    dt_days: f64,
    /// `e^{−Δt/τ}`; unused when τ ≤ 0 (no lag: the store passes everything on).
    decay: f64,
}

impl LagStep {
    pub fn new(tau_days: f64, dt_days: f64) -> LagStep {
        LagStep {
            tau_days,
            dt_days,
            decay: decay_per_step(tau_days, dt_days),
        }
    }

    /// `(new_store, outflow_volume)` after one step with inflow rate `inflow`.
    pub fn step(&self, store: f64, inflow: f64) -> (f64, f64) {
        let (tau, dt, k) = (self.tau_days, self.dt_days, self.decay);
        if tau <= 0.0 {
            return (0.0, store + inflow * dt);
        }
        let new = store * k + inflow * tau * (1.0 - k);
        (new, store + inflow * dt - new)
    }
}

/// Share of a linear store left after one step of `dt_days` with time constant `tau_days`:
/// `e^(−dt/τ)` (0 for no lag). Apart from [`LagStep::new`] because cargo-mutants does not look
/// inside functions called `new`.
fn decay_per_step(tau_days: f64, dt_days: f64) -> f64 {
    if tau_days > 0.0 {
        libm::exp(-dt_days / tau_days)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_efficiency_matches_hand_derivation() {
        let f = [
            0.28, 0.27, 0.13, 0.03, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.06, 0.16,
        ];
        let law = derive_law(0.08, 140.0, &f, 20.0, 0.0, &[(1300e6, 1.0)]);
        assert!(
            (law.efficiency - 11.2 / 39.4).abs() < 1e-9,
            "{}",
            law.efficiency
        );
        let annual: f64 = f.iter().map(|p| law.generated_m3(140.0 * p, 1300e6)).sum();
        assert!((annual - 0.08 * 0.140 * 1300e6).abs() < 1e-3);
    }

    #[test]
    fn lag_substeps_equal_one_step() {
        let (s1, q1) = LagStep::new(30.0, 30.0).step(100.0, 5.0);
        let (mut s, mut q) = (100.0, 0.0);
        for _ in 0..30 {
            let (ns, dq) = LagStep::new(30.0, 1.0).step(s, 5.0);
            s = ns;
            q += dq;
        }
        assert!((s - s1).abs() < 1e-10 && (q - q1).abs() < 1e-10);
    }
}
