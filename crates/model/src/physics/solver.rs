//! Banded LU without pivoting on an elimination order computed once per basin
//! ([`elimination_order`]).
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
//!
//! Lens cells (two heads each) break the proof: the brine column of their 2 × 2 block is only
//! weakly dominant in its storage terms and their thickness-weighted flows have derivatives of
//! either sign. `tests/solver_bound.rs` measures the growth factor instead: every monthly step
//! stays within Wilkinson's bound of 2 for a dominant matrix, while the steady state's long
//! pseudo-time steps reach about 3.6·10⁴, which costs Newton nothing in accuracy (it tests the
//! true residual) and is asserted to stay within an LU backward error of 10⁻⁹.

/// Largest system ordered for a short critical path rather than a narrow band (the ordering
/// keeps adjacency as 64-bit sets).
const SHORT_PATH_MAX_CELLS: usize = u64::BITS as usize;

/// Elimination order of the Newton Jacobian, `perm[old] = new`.
///
/// A basin of tens of cells gives a system so small that factorisation and substitution are
/// bound by latency, not work: pivot k + 1 waits for pivot k's reciprocal whenever k is its
/// descendant in the elimination tree, so the tree's height is the length of the dependency
/// chain. Such systems use [`short_path_order`]. Larger ones (test grids) are bound by storage
/// and work instead and use reverse Cuthill–McKee, which keeps the band narrow.
pub fn elimination_order(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    if n <= SHORT_PATH_MAX_CELLS {
        short_path_order(n, edges)
    } else {
        rcm_order(n, edges)
    }
}

/// Multiple minimum degree with a degree slack: each round eliminates an independent set of the
/// vertices within `slack` of the minimum degree (lowest degree, then index, first). Vertices of
/// one round are never ancestors of one another, so the rounds bound the elimination tree's
/// height; a larger slack gives fewer rounds and may add fill. Slacks 0–4 are tried and the order
/// with the lowest tree, then the fewest factor entries, then the smallest slack, kept (the
/// default basin: height 7 against 13 for RCM, one more entry; 3–4 % faster runs).
/// `n ≤ SHORT_PATH_MAX_CELLS`.
fn short_path_order(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    debug_assert!(n <= SHORT_PATH_MAX_CELLS);
    let adj0 = bit_adjacency(n, edges);
    let mut best: Option<((usize, u32), Vec<usize>)> = None;
    for slack in 0..=4 {
        let (key, order) = order_with_slack(n, &adj0, slack);
        if best.as_ref().is_none_or(|(k, _)| key < *k) {
            best = Some((key, order));
        }
    }
    perm_of(&best.map(|b| b.1).unwrap_or_default())
}

/// Each vertex's neighbours as a bit set (self-edges dropped); `n ≤ SHORT_PATH_MAX_CELLS`.
fn bit_adjacency(n: usize, edges: &[(usize, usize)]) -> Vec<u64> {
    let mut adj = vec![0_u64; n];
    for &(a, b) in edges.iter().filter(|(a, b)| a != b) {
        adj[a] |= 1 << b;
        adj[b] |= 1 << a;
    }
    adj
}

/// `perm[old] = new` from an elimination order (`order[new] = old`).
fn perm_of(order: &[usize]) -> Vec<usize> {
    let mut perm = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        perm[old] = new;
    }
    perm
}

/// One round-by-round elimination of [`short_path_order`] with a degree slack: the order, and
/// its key (the elimination tree's height, the factor's entries below the diagonal).
fn order_with_slack(n: usize, adj0: &[u64], slack: u32) -> ((usize, u32), Vec<usize>) {
    let bit = |v: usize| 1_u64 << v;
    let mut adj = adj0.to_vec();
    let mut alive: u64 = if n == SHORT_PATH_MAX_CELLS {
        u64::MAX
    } else {
        bit(n) - 1
    };
    let mut order = Vec::with_capacity(n);
    // Elimination-tree depth of each vertex so far, and factor entries below the diagonal.
    let mut depth = vec![1_usize; n];
    let mut entries = 0_u32;
    while alive != 0 {
        let degree = |v: usize| (adj[v] & alive).count_ones();
        let is_alive = |v: usize| alive & bit(v) != 0;
        let min_degree = (0..n)
            .filter(|&v| is_alive(v))
            .map(degree)
            .min()
            .unwrap_or(0);
        // Candidates by increasing degree, then index (no sort: a pass per degree).
        let mut blocked = 0_u64;
        let mut chosen = Vec::new();
        for d in min_degree..=min_degree + slack {
            for v in (0..n).filter(|&v| is_alive(v) && degree(v) == d) {
                if blocked & bit(v) == 0 {
                    chosen.push(v);
                    blocked |= adj[v] | bit(v);
                }
            }
        }
        for v in chosen {
            let nb = adj[v] & alive & !bit(v);
            entries += nb.count_ones();
            // The parent is the neighbour eliminated first: all of them come later, and
            // the neighbours form a clique after this elimination; deepen every one.
            let mut rest = nb;
            while rest != 0 {
                let x = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                adj[x] |= nb & !bit(x);
                depth[x] = depth[x].max(depth[v] + 1);
            }
            alive &= !bit(v);
            order.push(v);
        }
    }
    let height = depth.iter().copied().max().unwrap_or(0);
    ((height, entries), order)
}

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
        crate::sorting::sort(l);
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
            crate::sorting::sort_by(&mut nb, |&a, &b| (deg[a], a).cmp(&(deg[b], b)));
            for u in nb {
                visited[u] = true;
                order.push(u);
            }
        }
    }
    order.reverse();
    perm_of(&order)
}

/// A square banded matrix with equal lower and upper bandwidth, with the structural nonzero
/// pattern of its LU factors (fill-in included) so factorisation and substitution visit only
/// entries that can be nonzero. Entries outside the pattern stay exactly zero, so skipping them
/// leaves every result bit for bit as a full band sweep in the same order.
///
/// Only the pattern is stored: `data` holds its entries row by row (increasing column), then one
/// slot that every position outside the pattern maps to and that stays zero. On the default
/// basin's short-path order the band is nearly as wide as the system (36 unknowns, bandwidth 28),
/// so a full band would be 2,052 entries mostly never touched; clearing and factorising the packed
/// entries runs over a few kilobytes instead of 16.
///
/// The pattern is fixed, so factorisation and substitution are compiled once into lists of
/// data indices (the "programs" below) and run without index arithmetic.
#[derive(Debug, Clone)]
pub struct Banded {
    pub n: usize,
    pub bw: usize,
    width: usize,
    pub data: Vec<f64>,
    /// Factorisation, pivot by pivot: `[diagonal, first row, end row, split]` (rows into
    /// `elim_rows`). Row k's entries beyond the diagonal are the slots `diagonal + 1 .. split`
    /// (packed, increasing column), and every row below k lies at or after `split`.
    pivots: Vec<[u32; 4]>,
    /// Rows below a pivot k with an entry (i, k), increasing i: `[index of (i, k) − split,
    /// first update, end update, i]` into `elim_updates`.
    elim_rows: Vec<[u32; 4]>,
    /// Updates of row i by pivot row k, one per entry of row k beyond the diagonal (increasing
    /// column j): the index of (i, j) − split.
    elim_updates: Vec<u32>,
    /// Back substitution: per row i, `[data index, column]` of its strictly upper entries in
    /// `upper[upper_start[i]..upper_start[i + 1]]` (increasing column).
    upper_start: Vec<usize>,
    upper: Vec<[u32; 2]>,
    /// Data index of each band position (row by row, `width` a row): its pattern entry, or the
    /// zero slot `data.len() − 1` outside the pattern.
    slot: Vec<u32>,
    /// Reciprocals of the pivots of the last factorisation (back substitution multiplies).
    inv_pivot: Vec<f64>,
}

impl Banded {
    /// A band whose nonzeros lie in `entries` (row, column) and on the diagonal; the pattern is
    /// closed under elimination fill-in here.
    pub fn with_pattern(n: usize, bw: usize, entries: &[(usize, usize)]) -> Banded {
        let width = 2 * bw + 1;
        assert!(
            n * width <= u32::MAX as usize,
            "band too large for 32-bit indices"
        );
        let mut nz = vec![false; n * width];
        let at = |i: usize, j: usize| i * width + (j + bw - i);
        for i in 0..n {
            nz[at(i, i)] = true;
        }
        for &(i, j) in entries {
            assert!(i.abs_diff(j) <= bw, "entry ({i}, {j}) outside the band");
            nz[at(i, j)] = true;
        }
        // Symbolic elimination: (i, j) fills when (i, k) and (k, j) are nonzero, k < i, j.
        for k in 0..n {
            let end = (k + bw + 1).min(n);
            for i in k + 1..end {
                if !nz[at(i, k)] {
                    continue;
                }
                for j in k + 1..end {
                    if nz[at(k, j)] {
                        nz[at(i, j)] = true;
                    }
                }
            }
        }
        // Pattern entries get consecutive slots in band order; every other position the slot
        // after them, which is never written.
        let entries_in_pattern = nz.iter().filter(|&&x| x).count();
        assert!(
            entries_in_pattern < u32::MAX as usize,
            "pattern too large for 32-bit indices"
        );
        let zero_slot = entries_in_pattern as u32;
        let mut slot = vec![zero_slot; n * width];
        let mut next = 0_u32;
        for (k, &x) in nz.iter().enumerate() {
            if x {
                slot[k] = next;
                next += 1;
            }
        }
        let ix = |i: usize, j: usize| slot[at(i, j)];
        let mut m = Banded {
            n,
            bw,
            width,
            data: vec![0.0; entries_in_pattern + 1],
            pivots: Vec::with_capacity(n),
            elim_rows: Vec::new(),
            elim_updates: Vec::new(),
            upper_start: vec![0],
            upper: Vec::new(),
            slot: Vec::new(),
            inv_pivot: vec![0.0; n],
        };
        for i in 0..n {
            for j in i.saturating_sub(bw)..(i + bw + 1).min(n) {
                if j > i && nz[at(i, j)] {
                    m.upper.push([ix(i, j), j as u32]);
                }
            }
            m.upper_start.push(m.upper.len());
        }
        for k in 0..n {
            let end = (k + bw + 1).min(n);
            let first_row = m.elim_rows.len() as u32;
            // Row k's entries beyond the diagonal follow it in its packed row.
            let upper_k: Vec<usize> = (k + 1..end).filter(|&j| nz[at(k, j)]).collect();
            let split = ix(k, k) + 1 + upper_k.len() as u32;
            for (t, &j) in upper_k.iter().enumerate() {
                assert_eq!(ix(k, j), ix(k, k) + 1 + t as u32, "row {k} is not packed");
            }
            for i in k + 1..end {
                if !nz[at(i, k)] {
                    continue;
                }
                let first = m.elim_updates.len() as u32;
                // Row k's pattern beyond the diagonal is contained in row i's (fill-in).
                for &j in &upper_k {
                    m.elim_updates.push(ix(i, j) - split);
                }
                m.elim_rows.push([
                    ix(i, k) - split,
                    first,
                    m.elim_updates.len() as u32,
                    i as u32,
                ]);
            }
            m.pivots
                .push([ix(k, k), first_row, m.elim_rows.len() as u32, split]);
        }
        m.slot = slot;
        m
    }

    /// Largest |entry| of the matrix; after [`Banded::solve`], of its factors.
    pub fn max_abs(&self) -> f64 {
        self.data.iter().fold(0.0_f64, |m, &x| m.max(x.abs()))
    }

    /// Largest |entry| of the upper factor U (diagonal included) after [`Banded::solve`]: over
    /// [`Banded::max_abs`] of the matrix before, the growth factor of the elimination.
    pub fn max_abs_upper(&self) -> f64 {
        let mut m = self
            .inv_pivot
            .iter()
            .fold(0.0_f64, |m, &p| m.max(1.0 / p.abs()));
        for &[k, _] in &self.upper {
            m = m.max(self.data[k as usize].abs());
        }
        m
    }

    /// Zero the matrix: every stored entry (nothing outside the pattern is ever written by
    /// factorisation, and entries must only be added within the pattern).
    pub fn clear(&mut self) {
        self.data.fill(0.0);
    }

    /// Index into `data` of entry (i, j) within the band: its slot, or for a position outside
    /// the pattern the zero slot (read as 0; entries must only be added within the pattern).
    #[inline]
    pub fn idx(&self, i: usize, j: usize) -> usize {
        debug_assert!(i.abs_diff(j) <= self.bw);
        self.slot[i * self.width + (j + self.bw - i)] as usize
    }

    /// Solve `A x = b` in place: LU factorisation without pivoting (Doolittle), with the
    /// forward substitution carried out during the elimination (each `b_i` receives the same
    /// updates, in the same order, as a separate forward pass would give it), then back
    /// substitution. `b` is overwritten by the solution and the matrix by its factors. Returns
    /// false on a zero or non-finite pivot.
    pub fn solve(&mut self, b: &mut [f64]) -> bool {
        let n = self.n;
        let d = &mut self.data;
        let b = &mut b[..n];
        for (k, &[diag, r0, r1, split]) in self.pivots.iter().enumerate() {
            // Pivot row k (read) and the rows below it (updated) are disjoint.
            let (head, tail) = d.split_at_mut(split as usize);
            let pivot = head[diag as usize];
            if pivot == 0.0 || !pivot.is_finite() {
                return false;
            }
            let inv = 1.0 / pivot;
            self.inv_pivot[k] = inv;
            let bk = b[k];
            let row_k = &head[diag as usize + 1..];
            for &[ik, u0, u1, i] in &self.elim_rows[r0 as usize..r1 as usize] {
                let l = tail[ik as usize];
                if l == 0.0 {
                    continue;
                }
                let l = l * inv;
                tail[ik as usize] = l;
                b[i as usize] -= l * bk;
                let updates = &self.elim_updates[u0 as usize..u1 as usize];
                for (&ij, &dkj) in updates.iter().zip(row_k) {
                    tail[ij as usize] -= l * dkj;
                }
            }
        }
        for i in (0..n).rev() {
            let mut s = b[i];
            for &[k, j] in &self.upper[self.upper_start[i]..self.upper_start[i + 1]] {
                s -= d[k as usize] * b[j as usize];
            }
            b[i] = s * self.inv_pivot[i];
        }
        true
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn banded_lu_solves_a_tridiagonal_system() {
        let n = 6;
        let entries: Vec<(usize, usize)> = (1..n).flat_map(|i| [(i, i - 1), (i - 1, i)]).collect();
        let mut m = Banded::with_pattern(n, 1, &entries);
        let mut add = |i: usize, j: usize, v: f64| {
            let k = m.idx(i, j);
            m.data[k] += v;
        };
        for i in 0..n {
            add(i, i, 4.0);
            if i > 0 {
                add(i, i - 1, -1.0);
                add(i - 1, i, -2.0);
            }
        }
        let x: Vec<f64> = (0..n).map(|i| i as f64 + 1.0).collect();
        let mut b = vec![0.0; n];
        for i in 0..n {
            b[i] = 4.0 * x[i]
                - if i > 0 { x[i - 1] } else { 0.0 }
                - if i + 1 < n { 2.0 * x[i + 1] } else { 0.0 };
        }
        assert!(m.solve(&mut b));
        for i in 0..n {
            assert!((b[i] - x[i]).abs() < 1e-12);
        }
    }

    /// Height of the elimination tree and entries below the diagonal of the factor of `edges`
    /// under `perm` (symbolic elimination on ordered sets, kept independent of the ordering's
    /// bit sets).
    fn elimination_key(n: usize, edges: &[(usize, usize)], perm: &[usize]) -> (usize, u32) {
        use std::collections::BTreeSet;
        let mut adj = vec![BTreeSet::new(); n];
        for &(a, b) in edges {
            adj[perm[a]].insert(perm[b]);
            adj[perm[b]].insert(perm[a]);
        }
        let (mut depth, mut entries) = (vec![1; n], 0);
        for k in 0..n {
            let later: Vec<usize> = adj[k].iter().copied().filter(|&j| j > k).collect();
            entries += later.len() as u32;
            if let Some(&parent) = later.first() {
                depth[parent] = depth[parent].max(depth[k] + 1);
            }
            for &x in &later {
                adj[x].extend(later.iter().copied().filter(|&y| y != x));
            }
        }
        (depth.into_iter().max().unwrap_or(0), entries)
    }

    fn tree_height(n: usize, edges: &[(usize, usize)], perm: &[usize]) -> usize {
        elimination_key(n, edges, perm).0
    }

    fn is_permutation(perm: &[usize]) -> bool {
        let mut seen = vec![false; perm.len()];
        perm.iter()
            .all(|&p| p < perm.len() && !std::mem::replace(&mut seen[p], true))
    }

    #[test]
    fn short_path_order_halves_a_chain_each_round() {
        // A chain of 31 cells: RCM eliminates it end to end (height 31); removing every other
        // vertex each round gives a tree of height ⌈log2 32⌉ = 5 (+1 for rounding of the ends).
        let n = 31;
        let edges: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let short = short_path_order(n, &edges);
        assert!(is_permutation(&short));
        let h = tree_height(n, &edges, &short);
        assert!(h <= 6, "height {h}");
        assert_eq!(tree_height(n, &edges, &rcm_order(n, &edges)), n);
    }

    /// Each slack's key is its order's true tree height and fill, and the order kept is the
    /// first with the smallest key, on random graphs of up to 64 vertices.
    #[test]
    fn short_path_order_keeps_the_lowest_tree_then_the_least_fill() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m) as usize
        };
        let (mut fill_differs, mut tie_differs) = (0, 0);
        for _ in 0..60 {
            let n = 2 + next(63);
            let m = n + next(2 * n as u64);
            let edges: Vec<(usize, usize)> =
                (0..m).map(|_| (next(n as u64), next(n as u64))).collect();
            let adj0 = bit_adjacency(n, &edges);
            let (mut keys, mut perms) = (Vec::new(), Vec::new());
            for slack in 0..=4 {
                let (key, order) = order_with_slack(n, &adj0, slack);
                let perm = perm_of(&order);
                assert!(is_permutation(&perm));
                let truth = elimination_key(n, &edges, &perm);
                assert_eq!(key, truth, "n {n}, slack {slack}");
                keys.push(truth);
                perms.push(perm);
            }
            fill_differs += usize::from(keys.iter().any(|k| k.1 != keys[0].1));
            let best = keys.iter().copied().min().unwrap();
            let chosen = short_path_order(n, &edges);
            assert_eq!(elimination_key(n, &edges, &chosen), best, "n {n}");
            // Among equal keys the smallest slack's order is kept: the order sets the
            // factorisation's rounding, so a shared link's numbers depend on this tie-break.
            let first = keys.iter().position(|k| *k == best).unwrap();
            assert_eq!(chosen, perms[first], "n {n}");
            tie_differs += usize::from(
                (first + 1..perms.len()).any(|s| keys[s] == best && perms[s] != perms[first]),
            );
        }
        // The draw must exercise both tie-breaks: slacks that differ in fill, and equal keys
        // reached by different orders.
        assert!(fill_differs > 10, "{fill_differs}");
        assert!(tie_differs > 10, "{tie_differs}");
    }

    #[test]
    fn default_basin_orders_with_a_shorter_tree_than_rcm() {
        let basin = crate::Basin::default_basin();
        let mut edges: Vec<(usize, usize)> = basin.connections.iter().map(|c| (c.a, c.b)).collect();
        for (i, c) in basin.cells.iter().enumerate() {
            if let Some(s) = &c.spring {
                edges.push((i, s.to));
            }
        }
        let n = basin.cells.len();
        let short = elimination_order(n, &edges);
        assert!(is_permutation(&short));
        let (hs, hr) = (
            tree_height(n, &edges, &short),
            tree_height(n, &edges, &rcm_order(n, &edges)),
        );
        assert!(hs <= 7 && hs < hr, "short-path height {hs}, RCM {hr}");
    }

    #[test]
    fn rcm_gives_small_bandwidth_on_a_grid() {
        let (nx, ny) = (10, 10);
        // The grid's cells numbered out of their order (37 is prime to 100), so that the order
        // they are given in has a wide band and only the graph can give a narrow one.
        let label = |k: usize| (k * 37) % (nx * ny);
        let mut e = Vec::new();
        for j in 0..ny {
            for i in 0..nx {
                let k = j * nx + i;
                if i + 1 < nx {
                    e.push((label(k), label(k + 1)));
                }
                if j + 1 < ny {
                    e.push((label(k), label(k + nx)));
                }
            }
        }
        let band = |p: &[usize]| e.iter().map(|&(a, b)| p[a].abs_diff(p[b])).max().unwrap();
        let given: Vec<usize> = (0..nx * ny).collect();
        assert!(band(&given) > 50, "the given order's band {}", band(&given));
        let p = rcm_order(nx * ny, &e);
        assert!(is_permutation(&p));
        assert!(band(&p) <= 11, "bandwidth {}", band(&p));
    }

    /// Dense Gaussian elimination with partial pivoting: the reference solution.
    pub(crate) fn dense_solve(a: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
        let n = b.len();
        let (mut a, mut b) = (a.to_vec(), b.to_vec());
        for k in 0..n {
            let p = (k..n)
                .max_by(|&i, &j| a[i][k].abs().total_cmp(&a[j][k].abs()))
                .unwrap();
            a.swap(k, p);
            b.swap(k, p);
            for i in k + 1..n {
                let l = a[i][k] / a[k][k];
                for j in k..n {
                    a[i][j] -= l * a[k][j];
                }
                b[i] -= l * b[k];
            }
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            let s: f64 = (i + 1..n).map(|j| a[i][j] * x[j]).sum();
            x[i] = (b[i] - s) / a[i][i];
        }
        x
    }

    /// The largest |entry| of U in the dense Doolittle LU (no pivoting) of `a`.
    fn dense_max_abs_upper(a: &[Vec<f64>]) -> f64 {
        let n = a.len();
        let mut a = a.to_vec();
        for k in 0..n {
            for i in k + 1..n {
                let l = a[i][k] / a[k][k];
                for j in k..n {
                    a[i][j] -= l * a[k][j];
                }
            }
        }
        (0..n)
            .flat_map(|i| (i..n).map(move |j| (i, j)))
            .fold(0.0, |m: f64, (i, j)| m.max(a[i][j].abs()))
    }

    /// A random band of `n` rows and bandwidth `bw`: a random sparse pattern within the band
    /// (not symmetric, so elimination fills in), values of either sign and a diagonal that
    /// dominates its column (no pivoting needed), as a dense copy and the [`Banded`] form.
    fn random_band(
        rng: &mut crate::physics::rng::NormalStream,
        n: usize,
        bw: usize,
    ) -> (Vec<Vec<f64>>, Banded) {
        let mut entries = Vec::new();
        for i in 0..n {
            for j in i.saturating_sub(bw)..(i + bw + 1).min(n) {
                if i != j && rng.uniform() < 0.4 {
                    entries.push((i, j));
                }
            }
        }
        let mut a = vec![vec![0.0; n]; n];
        for &(i, j) in &entries {
            a[i][j] = rng.normal();
        }
        for j in 0..n {
            let off: f64 = (0..n).map(|i| a[i][j].abs()).sum();
            a[j][j] = (off + 0.5 + rng.uniform()) * if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
        }
        let mut m = Banded::with_pattern(n, bw, &entries);
        for i in 0..n {
            for j in 0..n {
                if a[i][j] != 0.0 {
                    let k = m.idx(i, j);
                    m.data[k] += a[i][j];
                }
            }
        }
        (a, m)
    }

    /// The banded LU solves random banded systems (sizes 1–40, every bandwidth, random sparse
    /// patterns whose fill-in the pattern must foresee) as dense elimination with partial
    /// pivoting does; its largest entries before and after are the matrix's and the dense
    /// Doolittle factor's; and a matrix cleared and filled again solves again.
    #[test]
    fn banded_lu_solves_as_dense_elimination_does() {
        let mut rng = crate::physics::rng::NormalStream::new(11);
        for case in 0..300 {
            let n = 1 + case % 40;
            let bw = (rng.uniform() * n as f64) as usize;
            let (a, mut m) = random_band(&mut rng, n, bw);
            let max_a = a.iter().flatten().fold(0.0, |x: f64, v| x.max(v.abs()));
            assert_eq!(m.max_abs(), max_a, "case {case}");
            let before = m.data.clone();
            let b: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
            let want = dense_solve(&a, &b);
            let mut x = b.clone();
            assert!(m.solve(&mut x), "case {case}");
            for i in 0..n {
                assert!(
                    (x[i] - want[i]).abs() <= 1e-10 * (1.0 + want[i].abs()),
                    "case {case} (n {n}, bw {bw}), x[{i}] = {} against {}",
                    x[i],
                    want[i]
                );
            }
            let upper = dense_max_abs_upper(&a);
            assert!(
                (m.max_abs_upper() - upper).abs() <= 1e-12 * upper,
                "case {case}: max |U| {} against {upper}",
                m.max_abs_upper()
            );
            m.clear();
            assert!(m.data.iter().all(|&v| v == 0.0));
            m.data.copy_from_slice(&before);
            let mut y = b.clone();
            assert!(m.solve(&mut y));
            assert_eq!(x, y, "case {case}: the same system, the same answer");
        }
    }

    /// A zero or non-finite pivot is refused, also one that elimination produces.
    #[test]
    fn a_zero_or_non_finite_pivot_is_refused() {
        let full = [(0, 1), (1, 0)];
        for (a, ok) in [
            ([[1.0, 1.0], [1.0, 1.0]], false),
            ([[0.0, 1.0], [1.0, 1.0]], false),
            ([[f64::NAN, 1.0], [1.0, 1.0]], false),
            ([[1.0, 1.0], [1.0, f64::INFINITY]], false),
            ([[2.0, 1.0], [1.0, 1.0]], true),
        ] {
            let mut m = Banded::with_pattern(2, 1, &full);
            for i in 0..2 {
                for j in 0..2 {
                    let k = m.idx(i, j);
                    m.data[k] = a[i][j];
                }
            }
            let mut b = [3.0, 2.0];
            assert_eq!(m.solve(&mut b), ok, "{a:?}");
            if ok {
                assert_eq!(b, [1.0, 1.0]);
            }
        }
    }

    /// Every ordering is a permutation of the cells, for graphs with self-loops, repeated and
    /// isolated vertices, up to and past the short-path limit of 64 cells.
    #[test]
    fn every_order_is_a_permutation() {
        let mut rng = crate::physics::rng::NormalStream::new(5);
        for n in [1, 2, 3, 17, 63, 64, 65, 120] {
            let edges: Vec<(usize, usize)> = (0..2 * n)
                .map(|_| {
                    let a = (rng.uniform() * n as f64) as usize;
                    let b = (rng.uniform() * n as f64) as usize;
                    (a, b)
                })
                .collect();
            let p = elimination_order(n, &edges);
            assert_eq!(p.len(), n);
            assert!(is_permutation(&p), "n {n}: {p:?}");
            assert!(is_permutation(&rcm_order(n, &edges)), "n {n}");
        }
        // The limit itself: every bit of the 64-bit sets in use.
        let chain: Vec<(usize, usize)> = (0..63).map(|i| (i, i + 1)).collect();
        let p = elimination_order(64, &chain);
        assert!(is_permutation(&p));
        assert!(
            tree_height(64, &chain, &p) <= 8,
            "{}",
            tree_height(64, &chain, &p)
        );
    }
}
