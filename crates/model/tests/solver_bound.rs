//! The banded LU solves the Newton systems without pivoting. For one fluid the reason is proved
//! in `physics/solver.rs`: the Jacobian is column diagonally dominant, so Gaussian elimination
//! keeps it so and its growth factor ρ = max|U| / max|J| is at most 2 (Wilkinson 1961; Golub &
//! Van Loan, Matrix Computations, §3.4.4). A lens cell adds a 2 × 2 block whose brine column is
//! only weakly dominant in its storage terms (the fresh and brine rows both hold (1 + α)·S_y·A/Δt)
//! and whose thickness-weighted flows have derivatives of either sign, so the proof does not
//! carry over. These tests measure the bound instead, on every factorisation:
//!
//! - the monthly steps, with lenses and as one fluid, for every preset and for random scenarios
//!   with the physics levers at their ends, stay within Wilkinson's bound of 2;
//! - the steady state with lenses does not: its pseudo-time steps grow until storage no longer
//!   dominates the brine column, and ρ reaches about 3.6·10⁴ on the default basin. That is
//!   harmless to the answer (Newton tests the true residual, so an inexact step costs iterations,
//!   never accuracy; LU's backward error n·ρ·ε stays below 10⁻⁹ of the Jacobian for ρ < 10⁵) and
//!   a zero pivot would stop the run with an error, not a wrong number
//!   (`lens_run::the_steady_state_with_lenses_is_found_at_every_lever_extreme`). The bound
//!   asserted for it is that backward-error budget.

use cuenca_model::scenario::presets::PRESETS;
use cuenca_model::{run_with_options, Basin, LeverId, RunOptions, Scenario};
use proptest::prelude::*;

/// Wilkinson's bound for a column diagonally dominant matrix.
const GROWTH_BOUND: f64 = 2.0;
/// The steady state's: LU's backward error n·ρ·ε below 10⁻⁹ of the Jacobian for the default
/// basin's 36 unknowns (36 · 10⁵ · 2.2·10⁻¹⁶ ≈ 8·10⁻¹⁰).
const STEADY_GROWTH_BOUND: f64 = 1e5;

fn watched() -> RunOptions {
    RunOptions {
        watch_pivot_growth: true,
        ..RunOptions::default()
    }
}

/// Largest growth over the monthly steps (scenario and baseline), and over the steady state.
fn growth(basin: &Basin, s: &Scenario) -> (f64, f64) {
    let r = run_with_options(basin, s, &watched()).expect("runs");
    (
        r.stats
            .max_pivot_growth
            .max(r.baseline_stats.max_pivot_growth),
        r.steady_pivot_growth,
    )
}

#[test]
fn every_preset_factorises_within_the_growth_bound() {
    let lenses = Basin::default_basin();
    let mut one_fluid = lenses.clone();
    one_fluid.cells.iter_mut().for_each(|c| c.lens = false);
    for p in PRESETS {
        for (what, basin) in [("lenses", &lenses), ("one fluid", &one_fluid)] {
            let (monthly, steady) = growth(basin, &p.scenario());
            eprintln!(
                "{} ({what}): growth {monthly:.3} monthly, {steady:.3e} steady",
                p.id
            );
            assert!(
                monthly > 0.0 && steady > 0.0,
                "{}: growth not measured",
                p.id
            );
            assert!(
                monthly <= GROWTH_BOUND,
                "{} ({what}): monthly growth {monthly}",
                p.id
            );
            assert!(
                steady <= STEADY_GROWTH_BOUND,
                "{} ({what}): steady growth {steady}",
                p.id
            );
            if what == "one fluid" {
                assert!(
                    steady <= GROWTH_BOUND,
                    "{}: one-fluid steady growth {steady}",
                    p.id
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Physics levers at either end of their range, with a project.
    #[test]
    fn extreme_levers_factorise_within_the_growth_bound(
        ends in proptest::collection::vec(0usize..2, 6),
        prod in 0u32..=150,
    ) {
        let basin = Basin::default_basin();
        let mut s = Scenario::default()
            .with(LeverId::Production, 1000.0 * prod as f64)
            .with(LeverId::DleShare, 50.0)
            .with(LeverId::Years, 30.0);
        for (id, &end) in [
            LeverId::RechargeMult,
            LeverId::EvapMult,
            LeverId::StorageMult,
            LeverId::ConductivityMult,
            LeverId::MixingMult,
            LeverId::InterfaceMult,
        ]
        .iter()
        .zip(&ends)
        {
            let spec = id.spec();
            s = s.with(*id, if end == 0 { spec.min } else { spec.max });
        }
        let (monthly, steady) = growth(&basin, &s);
        prop_assert!(monthly <= GROWTH_BOUND, "monthly growth {monthly}");
        prop_assert!(steady <= STEADY_GROWTH_BOUND, "steady growth {steady}");
    }
}
