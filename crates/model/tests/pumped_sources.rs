//! Where the pumped brine comes from (`outputs::pumped_sources`): the split closes on the brine
//! pumped, for every preset, and follows the capture principle of groundwater hydrology
//! (Theis 1940; Bredehoeft 2002): a well first takes water from storage, and over time more and
//! more of it from captured discharge (evaporation) and induced inflow.

use cuenca_model::outputs::pumped_sources::pumped_sources;
use cuenca_model::{presets, run, Basin};

#[test]
fn the_sources_add_up_to_the_brine_pumped_in_every_preset() {
    let basin = Basin::default_basin();
    for p in presets::PRESETS.iter() {
        let r = run(&basin, &p.scenario()).expect("run");
        let decades = pumped_sources(&r, 10);
        let pumped: f64 = decades.iter().map(|d| d.pumped_m3).sum();
        // Independent of the split: the totals of the two runs.
        let expected =
            r.totals.accounts.brine.pumped_m3 - r.baseline_totals.accounts.brine.pumped_m3;
        assert!(
            (pumped - expected).abs() <= 1e-9 * expected.abs().max(1.0),
            "{}",
            p.id
        );
        for d in &decades {
            // Round-off is relative to the terms that cancel, not to their (possibly zero) sum.
            let scale = [
                d.pumped_m3,
                d.storage_m3,
                d.captured_evaporation_m3,
                d.fresh_inflow_m3,
                d.reinjected_m3,
            ]
            .iter()
            .map(|x| x.abs())
            .sum::<f64>()
            .max(1.0);
            assert!(
                d.other_m3.abs() <= 1e-6 * scale,
                "{} from {}: other {} of {}",
                p.id,
                d.from_year,
                d.other_m3,
                d.pumped_m3
            );
            assert!((d.named_m3() + d.other_m3 - d.pumped_m3).abs() <= 1e-6 * scale);
        }
        if expected == 0.0 {
            assert!(
                decades.iter().all(|d| d.named_m3().abs() <= 1e-6),
                "{}: a run without brine pumping has nothing to split",
                p.id
            );
        }
        for d in &decades {
            println!(
                "{:<16} {} pumped {:>7.1} hm³: storage {:>6.1}, captured evaporation {:>6.1}, fresh inflow {:>6.1}, reinjected {:>6.1}",
                p.id,
                d.from_year,
                d.pumped_m3 / 1e6,
                d.storage_m3 / 1e6,
                d.captured_evaporation_m3 / 1e6,
                d.fresh_inflow_m3 / 1e6,
                d.reinjected_m3 / 1e6
            );
        }
    }
}

/// The 2019 plan pumps at a steady rate for decades: the share taken from storage falls and the
/// share captured from evaporation and drawn in from the fans grows.
#[test]
fn over_time_the_wells_take_less_from_storage_and_more_from_capture() {
    let basin = Basin::default_basin();
    let r = run(&basin, &presets::by_id("fs2019").unwrap().scenario()).expect("run");
    let decades: Vec<_> = pumped_sources(&r, 10)
        .into_iter()
        .filter(|d| d.pumped_m3 > 0.0)
        .collect();
    let (first, last) = (decades[0], decades[decades.len() - 1]);
    let share = |x: f64, d: &cuenca_model::outputs::pumped_sources::PumpedSources| x / d.pumped_m3;
    assert!(share(first.storage_m3, &first) > share(last.storage_m3, &last));
    assert!(
        share(
            first.captured_evaporation_m3 + first.fresh_inflow_m3,
            &first
        ) < share(last.captured_evaporation_m3 + last.fresh_inflow_m3, &last)
    );
}
