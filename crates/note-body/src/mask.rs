//! Byte ranges of the note where prose scanners must not look (code, math, HTML, URLs, link targets, comments).
//!
//! Scanners for tags, Jira keys and wiki links run over the *gaps* of a [`Mask`]: each gap is a maximal byte
//! range of the body that no excluded range touches. Boundary checks (is the character before a `#` a space?)
//! still look at the whole text, so a gap edge never fabricates a word boundary that is not in the source.

use std::ops::Range;

/// A set of byte ranges. After [`Mask::normalize`], ranges are sorted, non-empty, disjoint and non-adjacent.
#[derive(Debug, Clone, Default)]
pub struct Mask {
    ranges: Vec<Range<usize>>,
    normalized: bool,
}

impl Mask {
    /// Adds a range (empty ranges are ignored).
    pub fn add(&mut self, range: Range<usize>) {
        if range.start < range.end {
            self.ranges.push(range);
            self.normalized = false;
        }
    }

    /// The ranges, in the order added (sorted, disjoint and non-adjacent after [`Mask::normalize`]).
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// Sorts and merges overlapping or adjacent ranges. O(n log n).
    pub fn normalize(&mut self) {
        if self.normalized {
            return;
        }
        self.ranges.sort_unstable_by_key(|r| r.start);
        // Merged in place: the first `kept` ranges are done, the last of them still open to growth.
        let mut kept: usize = 0;
        for i in 0..self.ranges.len() {
            let r = self.ranges[i].clone();
            if kept > 0 && r.start <= self.ranges[kept - 1].end {
                let last = &mut self.ranges[kept - 1];
                last.end = last.end.max(r.end);
            } else {
                self.ranges[kept] = r;
                kept += 1;
            }
        }
        self.ranges.truncate(kept);
        self.normalized = true;
    }

    /// Whether byte `offset` lies in an excluded range. Requires [`Mask::normalize`] first.
    pub fn contains(&self, offset: usize) -> bool {
        debug_assert!(self.normalized || self.ranges.is_empty());
        let i = self.ranges.partition_point(|r| r.end <= offset);
        self.ranges.get(i).is_some_and(|r| r.start <= offset)
    }

    /// The maximal sub-ranges of `within` not covered by the mask. Requires [`Mask::normalize`] first.
    pub fn gaps(&self, within: Range<usize>) -> Vec<Range<usize>> {
        debug_assert!(self.normalized || self.ranges.is_empty());
        let mut pos = within.start;
        let first = self.ranges.partition_point(|r| r.end <= within.start);
        // At most one gap before each range from `first` on, and one after the last: no growing on the way.
        let mut out = Vec::with_capacity(self.ranges.len() - first + 1);
        for r in &self.ranges[first..] {
            if r.start >= within.end {
                break;
            }
            if r.start > pos {
                out.push(pos..r.start);
            }
            pos = pos.max(r.end);
        }
        if pos < within.end {
            out.push(pos..within.end);
        }
        out
    }
}

/// The sub-ranges of `gaps` (sorted, disjoint and non-empty, as [`Mask::gaps`] gives them) outside `holes`, which
/// must be sorted by start and disjoint (empty ones are ignored): the gaps of the mask with the holes added, without
/// building, sorting and complementing it again. Linear. Each list the scanners find lies in the gaps the one before
/// left, in text order and never overlapping (URLs, comments, the links' ranges), so it cuts them so. `dyn`: one
/// copy of the code for every caller (the holes are few).
pub fn gaps_without(gaps: &[Range<usize>], holes: &mut dyn Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(gaps.len() + holes.size_hint().0);
    let mut holes = holes.filter(|h| h.start < h.end).peekable();
    let mut last_end = 0;
    for g in gaps {
        let mut pos = g.start;
        while let Some(h) = holes.peek() {
            if h.start >= g.end {
                // A later gap's.
                break;
            }
            if h.start > pos {
                out.push(pos..h.start);
            }
            pos = pos.max(h.end);
            if h.end > g.end {
                // It reaches into the next gap: kept for it.
                break;
            }
            debug_assert!(last_end <= h.start, "holes sorted and disjoint");
            last_end = h.end;
            holes.next();
        }
        if pos < g.end {
            out.push(pos..g.end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_complements() {
        let mut m = Mask::default();
        m.add(5..8);
        m.add(2..3);
        m.add(7..10);
        m.add(4..4);
        m.normalize();
        assert_eq!(m.gaps(0..12), vec![0..2, 3..5, 10..12]);
        assert_eq!(m.gaps(6..9), Vec::<Range<usize>>::new());
        assert!(m.contains(2) && !m.contains(3) && m.contains(9) && !m.contains(10));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Normalising in place gives the ranges of the covered bytes: maximal runs, in order.
        #[test]
        fn normalize_gives_the_covered_runs(ranges in proptest::collection::vec((0usize..40, 0usize..12), 0..12)) {
            let mut m = Mask::default();
            let mut covered = [false; 52];
            for &(start, len) in &ranges {
                m.add(start..start + len);
                covered[start..start + len].iter_mut().for_each(|c| *c = true);
            }
            m.normalize();
            let mut runs = Vec::new();
            for (i, &c) in covered.iter().enumerate() {
                match runs.last_mut() {
                    Some(r @ Range { .. }) if c && r.end == i => r.end = i + 1,
                    _ if c => runs.push(i..i + 1),
                    _ => {}
                }
            }
            // Adjacent ranges merge too: a run ends only where a byte is not covered.
            proptest::prop_assert_eq!(&m.ranges, &runs);
        }

        /// Cutting a mask's gaps by sorted, disjoint holes gives the gaps of the mask with the holes added.
        #[test]
        fn gaps_without_is_the_gaps_of_the_union(
            ranges in proptest::collection::vec((0usize..40, 0usize..12), 0..10),
            steps in proptest::collection::vec((0usize..8, 0usize..8), 0..10),
            within in (0usize..10, 30usize..60),
        ) {
            let mut m = Mask::default();
            ranges.iter().for_each(|&(s, l)| m.add(s..s + l));
            m.normalize();
            // Holes in order, each after the last (touching it when the step is 0), some empty.
            let mut at = 0;
            let holes: Vec<Range<usize>> = steps.iter().map(|&(skip, len)| { at += skip; let h = at..at + len; at += len; h }).collect();
            let within = within.0..within.1;
            let mut union = m.clone();
            holes.iter().for_each(|h| union.add(h.clone()));
            union.normalize();
            proptest::prop_assert_eq!(gaps_without(&m.gaps(within.clone()), &mut holes.iter().cloned()), union.gaps(within));
        }
    }
}
