//! The recharge law under a variable climate: the closed-form expectation of the threshold
//! excess against Monte Carlo and its deterministic limit.

use cuenca_model::physics::recharge::expected_excess_mm;
use cuenca_model::physics::rng::NormalStream;

/// Monte-Carlo standard errors allowed between an estimate and its exact value.
const MC_SIGMAS: f64 = 4.0;

/// Mean and standard error of the mean.
fn mean_se(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (var / n).sqrt())
}

#[test]
fn expected_excess_matches_monte_carlo() {
    // Months of the default climatology against the 20 mm threshold: January (39.2 mm), March
    // (18.2, just below), December (22.4, just above), November (8.4), a dry month (1.4, which
    // only the lognormal's far tail lifts over it); and January with no threshold.
    let cases = [
        (39.2, 20.0),
        (18.2, 20.0),
        (22.4, 20.0),
        (8.4, 20.0),
        (1.4, 20.0),
        (39.2, 0.0),
    ];
    const DRAWS: usize = 400_000;
    for cv in [0.3_f64, 0.45, 0.7] {
        // The lognormal built here from standard normals, independently of the generator's.
        let s2 = (1.0 + cv * cv).ln();
        let mut z = NormalStream::new(42);
        let m: Vec<f64> = (0..DRAWS)
            .map(|_| (-0.5 * s2 + s2.sqrt() * z.normal()).exp())
            .collect();
        for (a, k) in cases {
            let excess: Vec<f64> = m.iter().map(|m| (a * m - k).max(0.0)).collect();
            let (mc, se) = mean_se(&excess);
            let exact = expected_excess_mm(a, k, cv);
            println!("cv {cv} a {a} k {k}: closed form {exact:.5}, Monte Carlo {mc:.5} ± {se:.5}");
            // Floor: one draw's worth at the month's scale, for a tail too rare for the sample
            // to see (a = 1.4 mm needs M > 14, probability ~1e-10).
            assert!(
                (exact - mc).abs() <= MC_SIGMAS * se + a / DRAWS as f64,
                "cv {cv} a {a} k {k}: {exact} vs {mc} ± {se}"
            );
        }
    }
}

#[test]
fn expected_excess_tends_to_the_deterministic_excess() {
    for (a, k) in [(39.2, 20.0), (20.0, 20.0), (18.2, 20.0), (1.4, 20.0)] {
        let det = f64::max(a - k, 0.0);
        assert_eq!(expected_excess_mm(a, k, 0.0), det);
        for cv in [0.7, 0.1, 1e-2, 1e-4, 1e-6] {
            let gap = expected_excess_mm(a, k, cv) - det;
            // Jensen (the excess is convex) bounds the gap below by 0; the excess is 1-Lipschitz
            // in a·M, so above by E|a·M − a| ≤ a·sd(M) = a·cv. Both go to 0 with the CV.
            assert!(
                gap >= -1e-12 * a && gap <= a * cv,
                "a {a} k {k} cv {cv}: gap {gap}"
            );
        }
    }
}
