//! Rendering Jira's document *against the note's previous Markdown*, so that formatting the user wrote is
//! kept: every top-level block whose content did not change comes back byte for byte as the user wrote it
//! (table padding, tab indents, `*` bullets, escapes as typed, blank lines, line endings, final newline);
//! only blocks that changed are rendered afresh.
//!
//! How (see `docs/adf-mapping.md`, "Formatting is kept"):
//! 1. The previous Markdown is cut into its top-level blocks with their source ranges, and each block is read
//!    as ADF (`segment`). The cut is trusted only if the blocks read one by one give the whole document.
//! 2. The blocks' nodes are aligned with the new document's top-level nodes by a longest common subsequence of
//!    their normal forms (`key`, `align`). A block all of whose nodes reappear, consecutively, is *kept*.
//! 3. The text is assembled in the new document's order: kept blocks as their source text, the text between
//!    two blocks that were already neighbours as it was, everything else rendered by
//!    [`adf_to_markdown`] in the note's style (`style`: line ending, bullet
//!    character, ordered-list delimiter) and separated by a blank line. A fresh block that takes the place of
//!    a changed one keeps that block's surroundings.
//! 4. The result is read back: it must give exactly the new document (after normalisation). If not, it is
//!    assembled again with blank lines around every fresh block, and failing that the plain rendering is used.
//!
//! Invariants: the output always reads back as the new document (so Jira → vault stays lossless); a fresh
//! block is written by the plain writer, so Jira's text stays inert exactly as there; kept text is the
//! user's own text, never Jira's. When nothing changed, the output *is* the previous text.

mod align;
mod key;
mod segment;
mod style;

use serde_json::{Value, json};

use crate::adf::{AdfError, adf_to_markdown};
use crate::markdown::markdown_to_adf;
use key::node_key;
use segment::Segments;
use style::{Marker, Style};

/// Converts an ADF document to Markdown like [`adf_to_markdown`], keeping the text of `previous` for every
/// top-level block whose content is unchanged (see the module docs).
///
/// # Errors
/// As [`adf_to_markdown`]: only when `adf` is not ADF-shaped.
pub fn adf_to_markdown_preserving(adf: &Value, previous: &str) -> Result<String, AdfError> {
    Previous::new(previous).render(adf)
}

/// Rewrites `markdown` so that every top-level block it shares with `previous` is spelled as in `previous`.
/// The result reads as the same ADF as `markdown`; when no such text can be assembled, `markdown` itself is
/// returned.
pub fn restyle_markdown(markdown: &str, previous: &str) -> String {
    Previous::new(previous).restyle(markdown)
}

/// A previous Markdown text, cut into its blocks once, to render one or more documents against it.
#[derive(Debug, Clone)]
pub struct Previous<'a> {
    text: &'a str,
    segs: Segments,
}

impl<'a> Previous<'a> {
    /// Prepares `text` (reads each of its top-level blocks as ADF).
    pub fn new(text: &'a str) -> Self {
        Self { text, segs: Segments::split(text) }
    }

    /// [`adf_to_markdown_preserving`] against this text.
    ///
    /// # Errors
    /// As [`adf_to_markdown`]: only when `adf` is not ADF-shaped.
    pub fn render(&self, adf: &Value) -> Result<String, AdfError> {
        crate::adf::check_document(adf)?;
        match preserve(adf, self.text, &self.segs) {
            Some(text) => Ok(text),
            None => {
                let plain = adf_to_markdown(adf)?;
                Ok(Style::of(self.text, std::iter::empty()).lines(&plain))
            }
        }
    }

    /// [`restyle_markdown`] against this text.
    pub fn restyle(&self, markdown: &str) -> String {
        if markdown == self.text || self.segs.blocks.is_empty() {
            return markdown.to_owned();
        }
        preserve(&markdown_to_adf(markdown), self.text, &self.segs).unwrap_or_else(|| markdown.to_owned())
    }
}

/// A piece of the output, in the new document's order.
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// An old block, by index, kept as written.
    Kept(usize),
    /// A new node, by index, rendered afresh; with the old block it takes the place of, if any.
    Fresh(usize, Option<usize>),
}

impl Piece {
    fn origin(self) -> Option<usize> {
        match self {
            Piece::Kept(s) => Some(s),
            Piece::Fresh(_, s) => s,
        }
    }
}

/// The preserving rendering, or `None` when it cannot be assembled (then the caller renders plainly).
fn preserve(adf: &Value, previous: &str, segs: &Segments) -> Option<String> {
    let nodes: &[Value] = adf.get("content").and_then(Value::as_array).map_or(&[], Vec::as_slice);
    if nodes.is_empty() {
        return Some(String::new());
    }
    if segs.blocks.is_empty() {
        return None;
    }
    let new_keys: Vec<String> = nodes.iter().map(node_key).collect();
    let old: Vec<(usize, &String)> =
        segs.blocks.iter().enumerate().flat_map(|(s, b)| b.keys.iter().map(move |k| (s, k))).collect();
    let old_keys: Vec<&String> = old.iter().map(|(_, k)| *k).collect();
    let new_refs: Vec<&String> = new_keys.iter().collect();
    let pairs = align::matches(&old_keys, &new_refs);
    let pieces = pieces(segs, &old, &pairs, nodes.len());
    let unchanged = pieces.len() == segs.blocks.len()
        && pieces.iter().enumerate().all(|(i, p)| matches!(p, Piece::Kept(s) if *s == i));
    if unchanged {
        return Some(previous.to_owned());
    }
    let blocks: Vec<&str> = segs.blocks.iter().map(|b| &previous[b.range.clone()]).collect();
    let style = Style::of(previous, blocks.iter().copied());
    // Every fresh node rendered by the plain writer (kept blocks need no rendering).
    let fresh: Vec<String> = pieces
        .iter()
        .map(|p| match p {
            Piece::Fresh(j, _) => render(&nodes[*j]),
            Piece::Kept(_) => Some(String::new()),
        })
        .collect::<Option<Vec<_>>>()?;
    let doc = Doc { previous, segs, nodes, style, pieces: &pieces, fresh: &fresh };
    for surroundings in [true, false] {
        let text = doc.assemble(surroundings);
        let back = markdown_to_adf(&text);
        let back: &[Value] = back.get("content").and_then(Value::as_array).map_or(&[], Vec::as_slice);
        if back.len() == new_keys.len() && back.iter().zip(&new_keys).all(|(n, k)| node_key(n) == *k) {
            return Some(text);
        }
    }
    None
}

/// One node rendered by the plain writer, without the document's final line break.
fn render(node: &Value) -> Option<String> {
    let md = adf_to_markdown(&json!({"version": 1, "type": "doc", "content": [node]})).ok()?;
    Some(md.strip_suffix('\n').unwrap_or(&md).to_owned())
}

/// The output order: kept blocks where their nodes are, fresh nodes elsewhere, each fresh node paired with
/// the changed old block whose place it takes (in order, between the same kept neighbours).
fn pieces(segs: &Segments, old: &[(usize, &String)], pairs: &[(usize, usize)], n_new: usize) -> Vec<Piece> {
    let mut new_to_old = vec![None; n_new];
    let mut old_to_new = vec![None; old.len()];
    for &(o, n) in pairs {
        new_to_old[n] = Some(o);
        old_to_new[o] = Some(n);
    }
    // A block is kept when all its nodes are matched to consecutive new nodes.
    let mut kept = vec![false; segs.blocks.len()];
    let mut at = 0;
    for (s, block) in segs.blocks.iter().enumerate() {
        let news = &old_to_new[at..at + block.keys.len()];
        at += block.keys.len();
        if let Some(Some(start)) = news.first() {
            kept[s] = news.iter().enumerate().all(|(i, n)| *n == Some(start + i));
        }
    }
    let mut out = Vec::new();
    let mut next_old = 0; // the first old block not yet passed
    let mut j = 0;
    while j < n_new {
        let owner = new_to_old[j].map(|o| old[o].0).filter(|s| kept[*s]);
        match owner {
            Some(s) => {
                out.push(Piece::Kept(s));
                j += segs.blocks[s].keys.len();
                next_old = s + 1;
            }
            None => {
                // Fresh nodes up to the next kept block, paired with the changed blocks before it.
                let end = (j..n_new).find(|k| new_to_old[*k].is_some_and(|o| kept[old[o].0])).unwrap_or(n_new);
                let next_kept = (next_old..segs.blocks.len()).find(|s| kept[*s]).unwrap_or(segs.blocks.len());
                let mut changed = (next_old..next_kept).filter(|s| segs.blocks[*s].keys.len() == 1);
                for k in j..end {
                    out.push(Piece::Fresh(k, changed.next()));
                }
                j = end;
                next_old = next_kept;
            }
        }
    }
    out
}

/// Everything the assembly needs.
struct Doc<'a> {
    previous: &'a str,
    segs: &'a Segments,
    nodes: &'a [Value],
    style: Style,
    pieces: &'a [Piece],
    fresh: &'a [String],
}

impl Doc<'_> {
    /// The text between old blocks `s` and `s + 1`.
    fn gap(&self, s: usize) -> &str {
        let end = self.segs.blocks[s].range.end;
        let next = self.segs.blocks.get(s + 1).map_or(self.previous.len(), |b| b.range.start);
        &self.previous[end..next]
    }

    /// A piece's list marker, if it is a list.
    fn marker_of(&self, i: usize, chosen: &[Option<Marker>]) -> Option<Marker> {
        match self.pieces.get(i)? {
            Piece::Kept(s) => style::marker(&self.previous[self.segs.blocks[*s].range.clone()]),
            Piece::Fresh(..) => chosen.get(i).copied().flatten(),
        }
    }

    /// The output text. With `surroundings`, a fresh block taking an old block's place keeps the text that
    /// surrounded it; without, it is set off by blank lines.
    fn assemble(&self, surroundings: bool) -> String {
        let blocks = &self.segs.blocks;
        let blank = format!("{0}{0}", self.style.eol());
        let mut out = self.previous[..blocks[0].range.start].to_owned();
        let mut used_gaps = vec![false; blocks.len()];
        let mut chosen: Vec<Option<Marker>> = vec![None; self.pieces.len()];
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                let prev = self.pieces[i - 1];
                let both_kept = matches!((prev, piece), (Piece::Kept(_), Piece::Kept(_)));
                match (prev.origin(), piece.origin()) {
                    (Some(a), Some(b)) if b == a + 1 && (surroundings || both_kept) => {
                        out.push_str(self.gap(a));
                        used_gaps[a] = true;
                    }
                    (Some(a), Some(b)) if b > a => {
                        // Blocks between were dropped: what the text between them held (link reference
                        // definitions) stays where it was.
                        out.push_str(&blank);
                        for (s, used) in used_gaps.iter_mut().enumerate().take(b).skip(a) {
                            let gap = self.previous[blocks[s].range.end..blocks[s + 1].range.start].to_owned();
                            if !gap.trim().is_empty() {
                                out.push_str(gap.trim_matches(['\r', '\n']));
                                out.push_str(&blank);
                            }
                            *used = true;
                        }
                    }
                    _ => out.push_str(&blank),
                }
            }
            match *piece {
                Piece::Kept(s) => out.push_str(&self.previous[blocks[s].range.clone()]),
                Piece::Fresh(j, _) => {
                    let text = &self.fresh[i];
                    let family = match self.nodes[j].get("type").and_then(Value::as_str) {
                        Some("bulletList" | "taskList") => Some(Marker::Bullet('-')),
                        Some("orderedList") => Some(Marker::Ordered('.')),
                        _ => None,
                    };
                    let text = match family {
                        Some(f) => {
                            let neighbours = [
                                i.checked_sub(1).and_then(|p| self.marker_of(p, &chosen)),
                                self.marker_of(i + 1, &chosen),
                            ];
                            let m = style::choose(f, &self.style, &neighbours);
                            chosen[i] = Some(m);
                            style::remark(text, m)
                        }
                        None => text.clone(),
                    };
                    out.push_str(&self.style.lines(&text));
                }
            }
        }
        // Text between blocks that is no longer emitted but holds something (link reference definitions) is
        // kept, at the end: it reads as no node, and kept blocks may refer to it.
        let last = blocks.len() - 1;
        for (s, used) in used_gaps.iter().enumerate().take(last) {
            let gap = self.gap(s);
            if !used && !gap.trim().is_empty() {
                out.push_str(&blank);
                out.push_str(gap.trim_matches(['\r', '\n']));
            }
        }
        out.push_str(&self.previous[blocks[last].range.end..]);
        out
    }
}

#[cfg(test)]
mod tests;
