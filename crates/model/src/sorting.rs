//! Stable sorting in little code. The standard library's sorts are fast on large slices but each
//! call site instantiates several kilobytes of them (driftsort and ipnsort with their small-sort
//! networks): 45 copies, 48 kB of the page's wasm before `wasm-opt` (twiggy, 2026-12-04). What the
//! model and the page sort is small (members, factors, cells, a group's scenarios: tens to a few
//! thousand items), so one heap sort of positions, shared by every call site, serves them all.
//!
//! Ties are broken by position, so the order is the stable one whatever the sort underneath:
//! `sort_by` gives exactly what `slice::sort_by` gives.

use core::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping equal elements in the order they had (a stable sort; O(n log n)
/// comparisons).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let v: &[T] = v;
        sorted_positions(v.len(), &mut |a, b| {
            cmp(&v[a], &v[b]).then(a.cmp(&b)) == Ordering::Less
        })
    };
    // Put `v[order[i]]` at `i`: the element for `i` was moved to `order[j]` when an earlier `j`
    // took the element that stood at `order[i]`, so follow the chain to where it is now.
    for i in 0..order.len() {
        let mut j = order[i];
        while j < i {
            j = order[j];
        }
        v.swap(i, j);
    }
}

/// Sorts `v` in ascending order (stable, see [`sort_by`]).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The positions `0..n` in the order of `less` (a strict total order on positions), by heap sort.
/// Not generic, so it is compiled once however many call sites sort.
fn sorted_positions(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    fn sift_down(
        p: &mut [usize],
        mut root: usize,
        end: usize,
        less: &mut dyn FnMut(usize, usize) -> bool,
    ) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && less(p[child], p[child + 1]) {
                child += 1;
            }
            if !less(p[root], p[child]) {
                return;
            }
            p.swap(root, child);
            root = child;
        }
    }
    let mut p: Vec<usize> = (0..n).collect();
    for start in (0..n / 2).rev() {
        sift_down(&mut p, start, n, less);
    }
    for end in (1..n).rev() {
        p.swap(0, end);
        sift_down(&mut p, 0, end, less);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The standard library's stable sort is the reference: the same order, ties included
        /// (pairs with few distinct keys, so ties are common; the second field tells them apart).
        #[test]
        fn sorts_as_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, any::<u32>()), 0..300)) {
            let mut ours = v.clone();
            let mut std = v;
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sorts_floats_by_total_order(v in proptest::collection::vec(any::<f64>(), 0..200)) {
            let mut ours = v.clone();
            let mut std = v;
            sort_by(&mut ours, f64::total_cmp);
            std.sort_by(f64::total_cmp);
            prop_assert_eq!(
                ours.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                std.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn reversed_and_sorted_inputs_and_ints() {
        let mut v: Vec<i32> = (0..1000).rev().collect();
        sort(&mut v);
        assert_eq!(v, (0..1000).collect::<Vec<_>>());
        sort(&mut v);
        assert_eq!(v, (0..1000).collect::<Vec<_>>());
        let mut one = vec![7];
        sort(&mut one);
        assert_eq!(one, vec![7]);
    }
}
