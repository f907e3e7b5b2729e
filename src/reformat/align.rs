//! Which old nodes reappear in the new document: a longest common subsequence of node keys.
//!
//! The common prefix and suffix are matched first (one edited block leaves everything else there), and only
//! the middle is solved by dynamic programming. When the middle is too large for that ([`MAX_CELLS`]), it
//! counts as unmatched: its blocks are rendered afresh, which is correct, only less faithful.

/// The largest middle (old × new nodes) solved exactly.
pub(super) const MAX_CELLS: usize = 1 << 20;

/// Pairs `(old index, new index)` of matched nodes, increasing in both.
pub(super) fn matches<T: PartialEq>(old: &[T], new: &[T]) -> Vec<(usize, usize)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (o, n) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
    let mut pairs: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    if !o.is_empty() && !n.is_empty() && o.len().saturating_mul(n.len()) <= MAX_CELLS {
        pairs.extend(lcs(o, n).into_iter().map(|(i, j)| (i + prefix, j + prefix)));
    }
    pairs.extend((0..suffix).map(|k| (old.len() - suffix + k, new.len() - suffix + k)));
    pairs
}

/// The classic O(n·m) table, read back from the start.
fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let w = b.len() + 1;
    // table[i * w + j]: length of the LCS of a[i..] and b[j..].
    let mut table = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i * w + j] = if a[i] == b[j] {
                table[(i + 1) * w + j + 1] + 1
            } else {
                table[(i + 1) * w + j].max(table[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if table[(i + 1) * w + j] >= table[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn keeps_the_longest_common_subsequence() {
        assert_eq!(matches(&["a", "b", "c"], &["a", "x", "c"]), vec![(0, 0), (2, 2)]);
        assert_eq!(matches(&["a", "b", "c", "d"], &["b", "a", "d"]).len(), 2);
        assert_eq!(matches::<&str>(&[], &["a"]), vec![]);
        assert_eq!(matches(&["a", "b"], &["x", "a", "y", "b", "z"]), vec![(0, 1), (1, 3)]);
    }
}
