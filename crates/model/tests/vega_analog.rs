//! Validation target 7 (brief §c): at the Salar del Hombre Muerto, fresh water for lithium
//! processing pumped from the Trapiche fan for ~26 years dried the Vega Trapiche within a few
//! years to a couple of decades [S37]. A fan-aquifer well near a vega should be able to dry it
//! progressively over roughly 5–25 years for plausible parameters. The analogue gives no pumped
//! rate, so the test tries fresh-water wells of 20, 35, 50, 70 and 100 L/s (the brief's process water is
//! 15–240 L/s across its scenarios) in the lower east fan, next to the east-margin vega.
//!
//! The vega's green share follows its depth to water through the documented root-zone law
//! (`VEGA_ROOT_DECAY_M`, `VEGA_EXTINCTION_M`): 1 at the surface, 0 beyond 3 m.
//!
//! The runs are `cuenca_model::validation::analog`'s (the trust table's target 7). Measured
//! (model 0.3.1, `cargo test -p cuenca-model --test model vega_analog:: -- --nocapture`): only
//! 100 L/s takes half of it within 25 years (in year 18, gradually).

use cuenca_model::validation::analog::{runs, RATES_L_PER_S};
use cuenca_model::Basin;

#[test]
fn a_fan_well_can_dry_a_vega_progressively_over_5_to_25_years() {
    let runs = runs(&Basin::default_basin()).expect("runs");
    assert_eq!(runs.len(), RATES_L_PER_S.len());
    let mut progressive = Vec::new();
    for r in &runs {
        let g = &r.green_by_year;
        println!(
            "{} L/s: green share year 1 {:.2}, 5 {:.2}, 10 {:.2}, 25 {:.2}, 50 {:.2}; half lost in year {:?}; first-year loss {:.0} %",
            r.well_l_per_s, g[0], g[4], g[9], g[24], g[49], r.half_year, 100.0 * r.first_year_loss
        );
        // Progressive: the share falls year on year (no recovery in a constant climate).
        assert!(r.is_monotone(), "{} L/s: not monotone", r.well_l_per_s);
        if r.progressive() {
            progressive.push(r.well_l_per_s);
        }
    }
    println!("rates that dry the east vega progressively over 5-25 years: {progressive:?} L/s");
    assert!(
        !progressive.is_empty(),
        "no plausible rate reproduces the analogue"
    );
}
