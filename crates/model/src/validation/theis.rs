//! The Theis well function, written independently of the solver: the reference of the
//! analytical checks here and of the pumping-test tests.

/// Exponential integral E1(u) = W(u), the Theis well function, implemented independently of the
/// model: power series for u ≤ 1, continued fraction (modified Lentz) for u > 1.
pub fn well_function(u: f64) -> f64 {
    if u <= 1.0 {
        let euler = 0.577_215_664_901_532_9;
        let mut sum = 0.0;
        let mut term = 1.0;
        for k in 1..200 {
            term *= -u / k as f64;
            let add = -term / k as f64;
            sum += add;
            if add.abs() < 1e-17 * sum.abs() {
                break;
            }
        }
        -euler - u.ln() + sum
    } else {
        // E1(u) = e^{-u} / (u + 1/(1 + 1/(u + 2/(1 + 2/(u + ...))))) via the even form:
        // E1(u) = e^{-u} · 1/(u+1− 1²/(u+3− 2²/(u+5− ...)))
        let mut b = u + 1.0;
        let mut c = 1.0 / 1e-300;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..500 {
            let a = -((i * i) as f64);
            b += 2.0;
            d = 1.0 / (a * d + b);
            c = b + a / c;
            let del = c * d;
            h *= del;
            if (del - 1.0).abs() < 1e-16 {
                break;
            }
        }
        h * (-u).exp()
    }
}
