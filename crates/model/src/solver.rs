//! Banded LU without pivoting on a reverse Cuthill–McKee ordering, computed once per basin.
//!
//! **Why no pivoting is needed.** The Newton Jacobian of the cell balances is column diagonally
//! dominant: in column i the diagonal holds `A·S/Δt + Σ_j C_ij g + (evaporation, spring, pumping
//! derivatives, all ≥ 0)`, while the off-diagonal entries are `−C_ij g` (one per neighbour) and
//! `−dQ_spring/dh` in the row of the spring's receiving cell. Their absolute sum never exceeds the
//! diagonal (the spring derivative appears on both sides, the upstream-weighting derivative
//! `C g' (h_i − h_j)` too), and the storage term makes it strict for transient steps. Gaussian
//! elimination preserves column diagonal dominance, so the pivots stay positive and no row swaps
//! are needed (Golub & Van Loan, Matrix Computations, Thm 3.4.3). The steady solve uses a pseudo-
//! transient continuation so it, too, always carries a storage term until the last, converged step.

/// Reverse Cuthill–McKee ordering. `perm[old] = new`.
pub fn rcm_order(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a != b {
            adj[a].push(b);
            adj[b].push(a);
        }
    }
    for l in adj.iter_mut() {
        l.sort_unstable();
        l.dedup();
    }
    let deg: Vec<usize> = adj.iter().map(|l| l.len()).collect();
    let mut visited = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        // Start each component at an unvisited node of minimum degree.
        let start = (0..n)
            .filter(|&i| !visited[i])
            .min_by_key(|&i| (deg[i], i))
            .unwrap_or(0);
        visited[start] = true;
        let mut head = order.len();
        order.push(start);
        while head < order.len() {
            let v = order[head];
            head += 1;
            let mut nb: Vec<usize> = adj[v].iter().copied().filter(|&u| !visited[u]).collect();
            nb.sort_unstable_by_key(|&u| (deg[u], u));
            for u in nb {
                visited[u] = true;
                order.push(u);
            }
        }
    }
    order.reverse();
    let mut perm = vec![0; n];
    for (new, &old) in order.iter().enumerate() {
        perm[old] = new;
    }
    perm
}

/// A square banded matrix with equal lower and upper bandwidth, stored row by row.
#[derive(Debug, Clone)]
pub struct Banded {
    pub n: usize,
    pub bw: usize,
    width: usize,
    pub data: Vec<f64>,
}

impl Banded {
    pub fn new(n: usize, bw: usize) -> Banded {
        let width = 2 * bw + 1;
        Banded {
            n,
            bw,
            width,
            data: vec![0.0; n * width],
        }
    }

    pub fn clear(&mut self) {
        self.data.iter_mut().for_each(|x| *x = 0.0);
    }

    #[inline]
    pub fn idx(&self, i: usize, j: usize) -> usize {
        debug_assert!(i.abs_diff(j) <= self.bw);
        i * self.width + (j + self.bw - i)
    }

    #[inline]
    pub fn add(&mut self, i: usize, j: usize, v: f64) {
        let k = self.idx(i, j);
        self.data[k] += v;
    }

    /// In-place LU factorisation without pivoting (Doolittle). Returns false on a zero pivot.
    pub fn factor(&mut self) -> bool {
        let (n, bw, w) = (self.n, self.bw, self.width);
        for k in 0..n {
            let pivot = self.data[k * w + bw];
            if pivot == 0.0 || !pivot.is_finite() {
                return false;
            }
            let inv = 1.0 / pivot;
            let iend = (k + bw + 1).min(n);
            let jend = (k + bw + 1).min(n);
            for i in k + 1..iend {
                let ik = i * w + (k + bw - i);
                let l = self.data[ik];
                if l == 0.0 {
                    continue;
                }
                let l = l * inv;
                self.data[ik] = l;
                // Row i's entries k+1..jend and row k's are contiguous; row i's start after row
                // k's storage, so the two slices are disjoint (and the update vectorises).
                let row_i = i * w + bw - i;
                let row_k = k * w + bw - k;
                let len = jend - k - 1;
                let (lo, hi) = self.data.split_at_mut(i * w);
                let src = &lo[row_k + k + 1..row_k + k + 1 + len];
                let dst = &mut hi[row_i + k + 1 - i * w..row_i + k + 1 - i * w + len];
                for (d, &s) in dst.iter_mut().zip(src) {
                    *d -= l * s;
                }
            }
        }
        true
    }

    /// Solve with the factors from [`Banded::factor`]; `b` is overwritten by the solution.
    pub fn solve(&self, b: &mut [f64]) {
        let (n, bw, w) = (self.n, self.bw, self.width);
        for i in 0..n {
            let j0 = i.saturating_sub(bw);
            let row = i * w + bw - i;
            let mut s = b[i];
            for j in j0..i {
                s -= self.data[row + j] * b[j];
            }
            b[i] = s;
        }
        for i in (0..n).rev() {
            let jend = (i + bw + 1).min(n);
            let row = i * w + bw - i;
            let mut s = b[i];
            for j in i + 1..jend {
                s -= self.data[row + j] * b[j];
            }
            b[i] = s / self.data[row + i];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banded_lu_solves_a_tridiagonal_system() {
        let n = 6;
        let mut m = Banded::new(n, 1);
        for i in 0..n {
            m.add(i, i, 4.0);
            if i > 0 {
                m.add(i, i - 1, -1.0);
                m.add(i - 1, i, -2.0);
            }
        }
        let x: Vec<f64> = (0..n).map(|i| i as f64 + 1.0).collect();
        let mut b = vec![0.0; n];
        for i in 0..n {
            b[i] = 4.0 * x[i]
                - if i > 0 { x[i - 1] } else { 0.0 }
                - if i + 1 < n { 2.0 * x[i + 1] } else { 0.0 };
        }
        assert!(m.factor());
        m.solve(&mut b);
        for i in 0..n {
            assert!((b[i] - x[i]).abs() < 1e-12);
        }
    }

    #[test]
    fn rcm_gives_small_bandwidth_on_a_grid() {
        let (nx, ny) = (10, 10);
        let mut e = Vec::new();
        for j in 0..ny {
            for i in 0..nx {
                let k = j * nx + i;
                if i + 1 < nx {
                    e.push((k, k + 1));
                }
                if j + 1 < ny {
                    e.push((k, k + nx));
                }
            }
        }
        let p = rcm_order(nx * ny, &e);
        let bw = e.iter().map(|&(a, b)| p[a].abs_diff(p[b])).max().unwrap();
        assert!(bw <= 11, "bandwidth {bw}");
    }
}
