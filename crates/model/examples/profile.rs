//! Newton statistics and wall time of the reference scenarios (a development aid):
//! `cargo run -p cuenca-model --release --example profile`.

use std::time::Instant;

use cuenca_model::{presets, run, Basin, Scenario};

fn main() {
    let basin = Basin::default_basin();
    let laws = cuenca_model::physics::groundwater::EvapLaws::none();
    let gw = cuenca_model::physics::groundwater::Groundwater::new(&basin, laws, 1.0, 1.0, 1.0);
    println!("cells {}, bandwidth {}", gw.n, gw.bandwidth());
    let mut scen = vec![("natural".to_string(), Scenario::default())];
    for p in presets::PRESETS {
        scen.push((p.id.to_string(), p.scenario()));
    }
    for (id, s) in &scen {
        let t0 = Instant::now();
        let reps = 20;
        let mut r = None;
        for _ in 0..reps {
            r = Some(run(&basin, s).expect("run"));
        }
        let dt = t0.elapsed().as_secs_f64() / reps as f64 * 1e3;
        let r = r.expect("ran");
        println!(
            "{id:<12} {dt:7.2} ms  stats {:?}  closure {:.1e}  digest {}",
            r.stats,
            r.totals.closure_relative,
            r.digest()
        );
    }
}
