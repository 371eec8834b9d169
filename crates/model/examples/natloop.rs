use cuenca_model::{presets, run, Basin};
fn main() {
    let basin = Basin::default_basin();
    let which = std::env::args().nth(1).unwrap_or_default();
    let s = presets::by_id(&which)
        .map(|p| p.scenario())
        .unwrap_or_default();
    let n = 1500;
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let t0 = std::time::Instant::now();
        for _ in 0..n / 5 {
            std::hint::black_box(run(&basin, &s).unwrap());
        }
        best = best.min(t0.elapsed().as_secs_f64() / (n / 5) as f64 * 1e3);
    }
    println!("{which:>8} best-of-5 {best:.3} ms");
}
