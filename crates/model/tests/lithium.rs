//! Lithium in the basin against its own conservation law: the only ways lithium leaves the
//! groundwater are the wells, and the only way it comes back is reinjection of spent DLE brine,
//! which carries what the plant did not recover, `c_pumped · (1 − R_dle)`.

use cuenca_model::{presets, run, Basin, Results};

/// Brine delivered to the plant in month `m`, m³.
fn delivered(r: &Results, m: usize) -> f64 {
    r.accounts[m].brine_requested_m3 - r.accounts[m].brine_shortfall_m3
}

/// With DLE only, every month's change of the lithium held in the basin is what reinjection
/// returned minus what the brine wells took out. The wells took out the month's pumped
/// concentration times the brine delivered; reinjection returned last month's spent brine
/// (`reinj` of last month's DLE volume) at last month's pumped concentration less the DLE
/// recovery. So the returned lithium, measured as `Δmass + pumped`, must equal
/// `reinjected volume · c_pumped(last month) · (1 − R_dle)`.
///
/// Tolerance: the basin holds ~2·10⁹ kg of lithium, so a month's `Δmass` carries round-off of
/// ~10⁻⁷ kg and the transport closes to 10⁻¹² of the mass (the balance tests' bound), ≈ 2·10⁻³ kg,
/// against 10³–10⁵ kg returned a month. Brine reinjected undepleted would return
/// 1/(1 − 0.85) ≈ 6.7 times as much.
#[test]
fn reinjected_brine_returns_the_lithium_the_plant_did_not_recover() {
    let basin = Basin::default_basin();
    let s = presets::by_id("dle_reinjection").unwrap().scenario();
    let r = run(&basin, &s).unwrap();
    let r_dle = basin.physical.project.recovery_dle;
    let reinj = s.get(cuenca_model::LeverId::Reinjection) / 100.0;
    let (mut months, mut returned_total) = (0, 0.0);
    for m in 1..r.months.len() {
        let a = &r.accounts[m];
        let volume = a.brine.reinjected_m3 + a.fresh.reinjected_m3;
        // The reinjected volume is last month's spent DLE brine times the reinjection share.
        let want_volume = reinj * delivered(&r, m - 1);
        assert!(
            (volume - want_volume).abs() <= 1e-9 * want_volume.max(1.0),
            "month {m}: reinjected {volume} m³, expected {want_volume} m³"
        );
        if volume == 0.0 {
            continue;
        }
        let mass = r.series.li_mass_kg[m];
        let pumped_kg = r.series.li_pumped_mg_per_l[m] * delivered(&r, m) / 1000.0;
        let returned = r.series.li_mass_kg[m] - r.series.li_mass_kg[m - 1] + pumped_kg;
        let c_last = r.series.li_pumped_mg_per_l[m - 1];
        let expected = volume * c_last * (1.0 - r_dle) / 1000.0;
        assert!(
            (returned - expected).abs() <= 1e-12 * mass + 1e-9 * expected,
            "{:?}: lithium returned {returned} kg, expected {expected} kg \
             ({volume} m³ at {c_last} mg/L less {r_dle} recovered)",
            r.months[m]
        );
        months += 1;
        returned_total += returned;
    }
    // 30 years of production; reinjection from its second month to the month after its last.
    assert_eq!(months, 30 * 12, "months with reinjection");
    println!("{months} months of reinjection returned {returned_total:.0} kg of lithium");
}
