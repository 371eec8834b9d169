//! The protection rule: pumping is cut while a watched site's drawdown is over the threshold.

use cuenca_model::{presets, run, Basin, LeverId};

#[test]
fn protection_rule_cuts_pumping_and_reduces_drawdown() {
    let basin = Basin::default_basin();
    let s = presets::by_id("fs2019").unwrap().scenario();
    let free = run(&basin, &s).unwrap();
    let prot = run(
        &basin,
        &s.clone()
            .with(LeverId::ProtectSite, 1.0)
            .with(LeverId::ProtectThreshold, 0.05)
            .with(LeverId::ProtectCut, 50.0),
    )
    .unwrap();
    let site = |r: &cuenca_model::Results| r.site("vega_santa_rosa").unwrap().drawdown_m.clone();
    let (a, b) = (site(&free), site(&prot));
    assert!(
        a.iter().cloned().fold(0.0, f64::max) > 0.05,
        "no drawdown to protect against"
    );
    assert!(prot.indicators.protection_months > 0);
    assert!(b.iter().cloned().fold(0.0, f64::max) < a.iter().cloned().fold(0.0, f64::max));
    assert!(prot.totals.lithium_t_lce < free.totals.lithium_t_lce);
}
