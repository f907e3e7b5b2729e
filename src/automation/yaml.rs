//! A small YAML reader for rule blocks that keeps where every value starts, so that each problem in a rule can
//! be reported at its own line and column.
//!
//! It pulls events from saphyr-parser (as the front matter loader does) and builds a tree of [`Node`]s. Rules
//! are small, hand-written data: anchors, aliases and tags are refused with a message instead of being resolved,
//! the tree nests at most [`MAX_DEPTH`] deep and holds at most [`MAX_NODES`] values. Any problem stops reading
//! the block (a rule that cannot be read exactly is not half-read).

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::diagnostic::Diagnostic;
use crate::frontmatter::offsets::Offsets;

/// The deepest a rule's collections may nest.
pub const MAX_DEPTH: usize = 32;
/// The most values one rule block may hold.
pub const MAX_NODES: usize = 10_000;

/// A value of a rule block and the byte offset (in the whole note) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte offset in the note of the value's first character.
    pub at: usize,
    /// The value.
    pub value: NodeValue,
}

/// What a [`Node`] holds.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// A scalar as written; `quoted` when it was written in quotes or as a block scalar (so `"true"` is text).
    Scalar { text: String, quoted: bool },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys (scalars) in source order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar's text, when this is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether this is an unquoted `~`, `null` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, NodeValue::Scalar { text, quoted: false } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
}

/// Reads the YAML `yaml`, found at byte `base` of `note`; `Err` holds the one diagnostic that stopped reading.
/// An empty document reads as `None`.
pub fn read(note: &str, yaml: &str, base: usize) -> Result<Option<Node>, Diagnostic> {
    let mut offsets = Offsets::new(yaml, base);
    let mut parser = Parser::new_from_str(yaml);
    let mut stack: Vec<(usize, Frame)> = Vec::new();
    let mut root = None;
    let mut nodes = 0usize;
    let mut documents = 0usize;
    let stop = |offsets: &mut Offsets, index: usize, code: &'static str, message: String| {
        Diagnostic::error(note, offsets.byte(index), code, message)
    };
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            stop(
                &mut offsets,
                e.marker().index(),
                "rule-yaml-syntax",
                format!("The rule is not valid YAML: {}.", e.info()),
            )
        })?;
        let index = span.start.index();
        let at = offsets.byte(index);
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(stop(
                        &mut offsets,
                        index,
                        "rule-yaml-syntax",
                        "A rule block holds one rule (one YAML document).".into(),
                    ));
                }
                continue;
            }
            Event::Alias(_) => {
                return Err(stop(
                    &mut offsets,
                    index,
                    "rule-yaml-anchor",
                    "Rules do not use YAML aliases (`*name`): write the value out.".into(),
                ));
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return Err(stop(
                        &mut offsets,
                        index,
                        "rule-yaml-anchor",
                        "Rules do not use YAML anchors or tags (`&name`, `!tag`).".into(),
                    ));
                }
                Node { at, value: NodeValue::Scalar { text: text.into_owned(), quoted: style != ScalarStyle::Plain } }
            }
            Event::SequenceStart(ref anchor, ref tag) | Event::MappingStart(ref anchor, ref tag) => {
                let (anchor, tag) = (*anchor, tag.is_some());
                if anchor != 0 || tag {
                    return Err(stop(
                        &mut offsets,
                        index,
                        "rule-yaml-anchor",
                        "Rules do not use YAML anchors or tags (`&name`, `!tag`).".into(),
                    ));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(stop(
                        &mut offsets,
                        index,
                        "rule-yaml-limit",
                        format!("The rule nests deeper than {MAX_DEPTH} levels."),
                    ));
                }
                let frame = if matches!(event, Event::MappingStart(..)) {
                    Frame::Map(Vec::new(), None)
                } else {
                    Frame::Seq(Vec::new())
                };
                stack.push((at, frame));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((start, frame)) = stack.pop() else { continue };
                let value = match frame {
                    Frame::Seq(items) => NodeValue::Seq(items),
                    Frame::Map(entries, _) => NodeValue::Map(entries),
                };
                Node { at: start, value }
            }
            _ => continue,
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(stop(
                &mut offsets,
                index,
                "rule-yaml-limit",
                format!("The rule holds more than {MAX_NODES} values."),
            ));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some((_, Frame::Seq(items))) => items.push(node),
            Some((_, Frame::Map(entries, pending))) => match pending.take() {
                None => {
                    if node.scalar().is_none() {
                        return Err(Diagnostic::error(
                            note,
                            node.at,
                            "rule-yaml-key",
                            "Keys in a rule are plain words, not lists or mappings.",
                        ));
                    }
                    if entries.iter().any(|(k, _): &(Node, Node)| k.scalar() == node.scalar()) {
                        let key = node.scalar().unwrap_or_default().to_owned();
                        return Err(Diagnostic::error(
                            note,
                            node.at,
                            "rule-duplicate-key",
                            format!("`{key}` is given twice."),
                        ));
                    }
                    *pending = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
        }
    }
    Ok(root)
}

/// A collection being read.
enum Frame {
    Seq(Vec<Node>),
    /// The entries so far and the key waiting for its value.
    Map(Vec<(Node, Node)>, Option<Node>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Result<Option<Node>, Diagnostic> {
        read(text, text, 0)
    }

    #[test]
    fn keeps_where_each_value_starts() {
        let text = "name: Done\nthen:\n  - move-to: \"Done\"\n";
        let Some(Node { value: NodeValue::Map(entries), at: 0 }) = read_all(text).expect("a value") else { panic!() };
        assert_eq!(entries[0].1.scalar(), Some("Done"));
        assert_eq!(entries[0].1.at, 6);
        let NodeValue::Seq(items) = &entries[1].1.value else { panic!() };
        let NodeValue::Map(action) = &items[0].value else { panic!() };
        assert_eq!(action[0].0.at, text.find("move-to").expect("a value"));
        assert_eq!(action[0].1.value, NodeValue::Scalar { text: "Done".into(), quoted: true });
    }

    #[test]
    fn refuses_aliases_duplicates_and_bad_syntax_with_positions() {
        let e = read_all("a: &x 1\nb: *x\n").expect_err("an error");
        assert_eq!((e.code, e.line), ("rule-yaml-anchor", 1));
        let e = read_all("a: 1\na: 2\n").expect_err("an error");
        assert_eq!((e.code, e.line, e.column), ("rule-duplicate-key", 2, 1));
        let e = read_all("a: [1\n").expect_err("an error");
        assert_eq!(e.code, "rule-yaml-syntax");
        assert_eq!(read_all("").expect("a value"), None);
        let deep = "[".repeat(40) + &"]".repeat(40);
        assert_eq!(read_all(&deep).expect_err("an error").code, "rule-yaml-limit");
    }

    #[test]
    fn positions_count_bytes_of_the_note_after_multibyte_text() {
        let note = "é\n";
        let yaml = "name: Café ☕\nwhen: x\n";
        let whole = format!("{note}{yaml}");
        let Some(Node { value: NodeValue::Map(entries), .. }) = read(&whole, yaml, note.len()).expect("a value") else {
            panic!()
        };
        assert_eq!(&whole[entries[1].0.at..entries[1].0.at + 4], "when");
    }
}
