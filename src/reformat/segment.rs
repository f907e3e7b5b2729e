//! The previous Markdown cut into its top-level blocks, each with its source range and the ADF nodes it reads
//! as.
//!
//! Blocks are found with the same pulldown-cmark options as [`crate::markdown`]: every event that opens at
//! nesting depth 0 starts a block, whose source range (without its trailing line breaks) is kept. Each block
//! is read on its own, with the document's link reference definitions (and stand-ins for its footnote
//! definitions) appended so that `[text][ref]` and `[^1]` read as they do in the whole document.
//!
//! Invariant: [`Segments::split`] returns blocks only when the blocks read one by one give exactly the nodes
//! of the whole document (after normalisation), in order. Otherwise the whole text is one block, so a
//! reader may always trust that a kept block's text stands for its nodes.

use std::ops::Range;

use note_body::Events;
use pulldown_cmark::{Event, Tag};
use serde_json::Value;

use super::key::node_key;
use crate::markdown::markdown_to_adf;

/// One top-level block of the previous Markdown.
#[derive(Debug, Clone)]
pub(super) struct Segment {
    /// Its source range, without trailing line breaks.
    pub range: Range<usize>,
    /// The keys of the ADF nodes it reads as (usually one; a footnote definition may give several).
    pub keys: Vec<String>,
}

/// The previous Markdown's blocks.
#[derive(Debug, Clone)]
pub(super) struct Segments {
    /// Blocks that read as at least one node, in source order.
    pub blocks: Vec<Segment>,
}

fn doc_nodes(md: &str) -> Vec<Value> {
    match markdown_to_adf(md) {
        Value::Object(mut doc) => match doc.shift_remove("content") {
            Some(Value::Array(nodes)) => nodes,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

impl Segments {
    /// Cuts `md` into blocks (see the module docs for the invariant).
    pub(super) fn split(md: &str) -> Self {
        let whole: Vec<String> = doc_nodes(md).iter().map(node_key).collect();
        if whole.is_empty() {
            return Self { blocks: Vec::new() };
        }
        let parser = Events::new(md, crate::markdown::parser_options());
        let mut defs: Vec<Range<usize>> = parser.reference_definitions().iter().map(|(_, d)| d.span.clone()).collect();
        crate::sort::sort_by_key(&mut defs, |r| r.start);
        let ref_defs: String =
            defs.iter().filter_map(|r| md.get(r.clone())).map(|d| format!("{}\n", d.trim_end())).collect();
        let mut ranges: Vec<Range<usize>> = Vec::new();
        let mut footnotes: Vec<String> = Vec::new();
        let mut depth = 0usize;
        for (event, range) in parser {
            match event {
                Event::Start(tag) => {
                    if depth == 0 {
                        if let Tag::FootnoteDefinition(label) = &tag {
                            footnotes.push(label.to_string());
                        }
                        ranges.push(range);
                    }
                    depth += 1;
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                _ if depth == 0 => ranges.push(range),
                _ => {}
            }
        }
        let one = || Self { blocks: vec![Segment { range: 0..trim_breaks(md, 0..md.len()).end, keys: whole.clone() }] };
        let mut blocks = Vec::with_capacity(ranges.len());
        let mut at = 0;
        for range in ranges {
            // Ranges are in source order and never overlap; anything else is not a cut this module can trust.
            if range.start < at || range.end > md.len() || !md.is_char_boundary(range.start) {
                return one();
            }
            // An indented code block's range starts after its indentation: the block owns its whole lines.
            let line_start = md[..range.start].rfind('\n').map_or(0, |i| i + 1).max(at);
            let start = if md[line_start..range.start].trim().is_empty() { line_start } else { range.start };
            let range = trim_breaks(md, start..range.end);
            at = range.end;
            let keys = read_alone(&md[range.clone()], &ref_defs, &footnotes);
            if !keys.is_empty() {
                blocks.push(Segment { range, keys });
            }
        }
        let read: Vec<&String> = blocks.iter().flat_map(|b| b.keys.iter()).collect();
        if read.len() == whole.len() && read.iter().zip(&whole).all(|(a, b)| *a == b) { Self { blocks } } else { one() }
    }
}

/// `range` without the line breaks at its end.
fn trim_breaks(md: &str, range: Range<usize>) -> Range<usize> {
    let text = md.get(range.clone()).unwrap_or("");
    let kept = text.trim_end_matches(['\n', '\r']).len();
    range.start..range.start + kept
}

/// The keys of the nodes one block reads as on its own, with the document's definitions in reach.
fn read_alone(block: &str, ref_defs: &str, footnotes: &[String]) -> Vec<String> {
    let mut text = block.to_owned();
    if block.contains('[') && !ref_defs.is_empty() {
        text.push_str("\n\n");
        text.push_str(ref_defs);
    }
    // A footnote reference only reads as one when its definition exists: stand-ins are appended and the
    // paragraphs they read as are dropped again.
    let stubs: Vec<&String> = footnotes
        .iter()
        .filter(|l| block.contains(&format!("[^{l}]")) && !block.contains(&format!("[^{l}]:")))
        .collect();
    for label in &stubs {
        text.push_str(&format!("\n\n[^{label}]: x\n"));
    }
    let mut nodes = doc_nodes(&text);
    nodes.truncate(nodes.len().saturating_sub(stubs.len()));
    nodes.iter().map(node_key).collect()
}
