//! Reading the YAML of a front matter block into JSON values, with the source positions the editor needs.
//!
//! The loader pulls events from saphyr-parser (a state machine, so deep nesting cannot overflow the stack) and
//! builds values with an explicit stack of open collections. It is bounded: at most [`MAX_NODES`] values are
//! produced, aliases counting the full size of what they copy (which defuses "billion laughs" bombs), and
//! collections nest at most [`MAX_DEPTH`] deep (which also keeps recursive drops and serialisers safe).
//! Any problem stops loading: a front matter the sync cannot read exactly must not be half-read.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};
use serde_json::Value;

use super::Mapping;
use super::entries::{Entry, Slot, Tracker};
use super::fence::Block;
use super::offsets::Offsets;
use super::schema;
use crate::diagnostic::Diagnostic;

/// The most values one front matter may produce, aliases expanded.
pub const MAX_NODES: usize = 100_000;
/// The deepest collections may nest.
pub const MAX_DEPTH: usize = 256;
/// The most text (bytes of scalars) anchors and aliases may copy in total: a 1 MB string aliased 100 times is a
/// bomb too, and so are many nested anchors around one long string (each anchor keeps a copy).
pub const MAX_ALIAS_BYTES: usize = 16 * 1024 * 1024;

/// What [`load`] read.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// The root mapping; `None` on any error.
    pub mapping: Option<Mapping>,
    /// The top-level entries in source order (complete only when `mapping` is `Some`).
    pub entries: Vec<Entry>,
    /// The start of an explicit document end marker (`...`), before which new keys must go.
    pub document_end: Option<usize>,
    /// Whether the root mapping is written in flow style (`{a: 1}`), which the editor cannot edit in place.
    pub flow_root: bool,
    /// Problems, at most one error since loading stops at the first.
    pub diagnostics: Vec<Diagnostic>,
}

/// A value under construction, with its size and depth for the limits.
struct Node {
    value: Value,
    /// Values in this subtree, itself included.
    nodes: usize,
    /// 0 for a scalar, 1 + the deepest child for a collection.
    depth: usize,
    /// Bytes of scalar text in this subtree, mapping keys included.
    bytes: usize,
    /// For scalars, the text as written: what the key is when this node is a mapping key.
    key_text: Option<String>,
}

/// An open collection.
struct Frame {
    kind: FrameKind,
    anchor: usize,
    /// `nodes` and `bytes` counters when the collection started, to know its size when it ends.
    nodes_at_start: usize,
    bytes_at_start: usize,
    depth: usize,
}

enum FrameKind {
    Sequence(Vec<Value>),
    /// The mapping, the pending key (once read) and where the pending key node started (char index).
    Mapping(Mapping, Option<String>, Option<usize>),
}

/// A problem that stops loading: char index into the YAML, code, message.
type Stop = (usize, &'static str, String);

struct Loader<'a> {
    text: &'a str,
    yaml: &'a str,
    offsets: Offsets<'a>,
    stack: Vec<Frame>,
    /// Anchored values by anchor id (a `BTreeMap`: `HashMap` would draw a random seed, and the crate draws none).
    anchors: BTreeMap<usize, Node>,
    nodes: usize,
    /// Bytes of scalar text produced so far, and the part of it copied by aliases.
    bytes: usize,
    alias_bytes: usize,
    root: Option<Value>,
    documents: usize,
    tracker: Tracker,
    out: Loaded,
}

/// Reads the YAML between the fences of `block` in `text`.
pub(crate) fn load(text: &str, block: &Block) -> Loaded {
    let yaml = &text[block.content_start..block.content_end];
    let mut loader = Loader {
        text,
        yaml,
        offsets: Offsets::new(yaml, block.content_start),
        stack: Vec::new(),
        anchors: BTreeMap::new(),
        nodes: 0,
        bytes: 0,
        alias_bytes: 0,
        root: None,
        documents: 0,
        tracker: Tracker::default(),
        out: Loaded::default(),
    };
    match loader.run() {
        Ok(()) => loader.finish(),
        Err((index, code, message)) => {
            let offset = loader.offsets.byte(index);
            loader.out.diagnostics.push(Diagnostic::error(text, offset, code, message));
            loader.out
        }
    }
}

impl Loader<'_> {
    fn run(&mut self) -> Result<(), Stop> {
        let mut parser = Parser::new_from_str(self.yaml);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| {
                (e.marker().index(), "yaml-syntax", format!("Front matter is not valid YAML: {}", e.info()))
            })?;
            self.track_entry(&event, span);
            self.event(event, span)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Loaded {
        self.out.entries = std::mem::take(&mut self.tracker.entries);
        match self.root.take() {
            // No document at all (empty, or only comments): an empty mapping, as Obsidian reads `---\n---`.
            None => self.out.mapping = Some(Mapping::new()),
            Some(Value::Object(map)) => self.out.mapping = Some(map),
            Some(_) => {
                let offset = self.offsets.byte(0);
                self.out.diagnostics.push(Diagnostic::error(
                    self.text,
                    offset,
                    "frontmatter-not-mapping",
                    "Front matter must be a mapping of `key: value` lines.",
                ));
                self.out.entries.clear();
            }
        }
        self.out
    }

    fn event(&mut self, event: Event<'_>, span: YamlSpan) -> Result<(), Stop> {
        let at = span.start.index();
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err((at, "yaml-syntax", "Front matter must hold a single YAML document.".into()));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                self.note_key_start(at);
                self.count(at, 1, false)?;
                self.bytes += value.len();
                let node = Node {
                    value: schema::resolve(&value, style, tag.as_deref()),
                    nodes: 1,
                    depth: 0,
                    bytes: value.len(),
                    key_text: Some(value.into_owned()),
                };
                self.complete(node, anchor, at)?;
            }
            Event::Alias(id) => {
                self.note_key_start(at);
                let Some((nodes, depth, bytes)) = self.anchors.get(&id).map(|t| (t.nodes, t.depth, t.bytes)) else {
                    return Err((at, "yaml-syntax", "Front matter uses an alias to an unknown anchor.".into()));
                };
                // Count before copying: a bomb is refused before it costs anything.
                self.count(at, nodes, true)?;
                self.bytes += bytes;
                self.copy_budget(at, bytes)?;
                if self.stack.len() + depth > MAX_DEPTH {
                    return Err((
                        at,
                        "yaml-depth-limit",
                        format!("Front matter nests deeper than {MAX_DEPTH} levels."),
                    ));
                }
                let Some(target) = self.anchors.get(&id) else { return Ok(()) };
                let node = Node { value: target.value.clone(), nodes, depth, bytes, key_text: target.key_text.clone() };
                self.complete(node, 0, at)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.note_key_start(at);
                if self.stack.len() >= MAX_DEPTH {
                    return Err((
                        at,
                        "yaml-depth-limit",
                        format!("Front matter nests deeper than {MAX_DEPTH} levels."),
                    ));
                }
                self.count(at, 1, false)?;
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    FrameKind::Sequence(Vec::new())
                } else {
                    if self.stack.is_empty() && self.is_bracket(span) {
                        self.out.flow_root = true;
                    }
                    FrameKind::Mapping(Mapping::new(), None, None)
                };
                self.stack.push(Frame {
                    kind,
                    anchor,
                    nodes_at_start: self.nodes - 1,
                    bytes_at_start: self.bytes,
                    depth: 0,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else { return Ok(()) };
                let value = match frame.kind {
                    FrameKind::Sequence(items) => Value::Array(items),
                    FrameKind::Mapping(map, _, _) => Value::Object(map),
                };
                let node = Node {
                    value,
                    nodes: self.nodes - frame.nodes_at_start,
                    depth: frame.depth,
                    bytes: self.bytes - frame.bytes_at_start,
                    key_text: None,
                };
                self.complete(node, frame.anchor, at)?;
            }
            Event::DocumentEnd if span.end.index() > span.start.index() => {
                self.out.document_end = Some(self.offsets.byte(at));
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Counts `n` more values against [`MAX_NODES`]; `alias` when they are copies made by an alias.
    fn count(&mut self, at: usize, n: usize, alias: bool) -> Result<(), Stop> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes <= MAX_NODES {
            Ok(())
        } else if alias {
            Err((at, "yaml-alias-limit", format!("Front matter aliases expand to more than {MAX_NODES} values.")))
        } else {
            Err((at, "yaml-size-limit", format!("Front matter holds more than {MAX_NODES} values.")))
        }
    }

    /// Counts `bytes` of text copied for an anchor or an alias against [`MAX_ALIAS_BYTES`].
    fn copy_budget(&mut self, at: usize, bytes: usize) -> Result<(), Stop> {
        self.alias_bytes = self.alias_bytes.saturating_add(bytes);
        if self.alias_bytes > MAX_ALIAS_BYTES {
            let message = format!("Front matter anchors and aliases copy more than {MAX_ALIAS_BYTES} bytes of text.");
            return Err((at, "yaml-alias-limit", message));
        }
        Ok(())
    }

    /// Remembers where a mapping key starts, for the duplicate-key diagnostic.
    fn note_key_start(&mut self, at: usize) {
        if let Some(Frame { kind: FrameKind::Mapping(_, None, start @ None), .. }) = self.stack.last_mut() {
            *start = Some(at);
        }
    }

    /// A node is complete: register its anchor and hand it to its parent.
    fn complete(&mut self, node: Node, anchor: usize, at: usize) -> Result<(), Stop> {
        if anchor > 0 {
            self.copy_budget(at, node.bytes)?;
            let copy = Node {
                value: node.value.clone(),
                nodes: node.nodes,
                depth: node.depth,
                bytes: node.bytes,
                key_text: node.key_text.clone(),
            };
            self.anchors.insert(anchor, copy);
        }
        let at_root_mapping = self.stack.len() == 1;
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node.value);
            return Ok(());
        };
        parent.depth = parent.depth.max(node.depth + 1);
        match &mut parent.kind {
            FrameKind::Sequence(items) => items.push(node.value),
            FrameKind::Mapping(map, pending @ None, start) => {
                let key = match node.key_text {
                    Some(text) if !node.value.is_array() && !node.value.is_object() => text,
                    _ => node.value.to_string(),
                };
                if map.contains_key(&key) {
                    let at = start.unwrap_or(at);
                    return Err((at, "duplicate-key", format!("Front matter key `{key}` appears more than once.")));
                }
                if at_root_mapping {
                    self.tracker.key(&key);
                }
                *pending = Some(key);
            }
            FrameKind::Mapping(map, pending @ Some(_), start) => {
                if let Some(key) = pending.take() {
                    map.insert(key, node.value);
                }
                *start = None;
                if at_root_mapping {
                    self.tracker.value_done();
                }
            }
        }
        Ok(())
    }

    /// Whether the event at `span` is written as a flow bracket (`[`, `]`, `{`, `}`); block collections start and
    /// end with empty spans instead.
    fn is_bracket(&mut self, span: YamlSpan) -> bool {
        span.end.index() > span.start.index()
            && self.text[self.offsets.byte(span.start.index())..].starts_with(['[', ']', '{', '}'])
    }

    /// Tells the entry tracker about an event, before [`Self::event`] handles it: whether it starts the key or
    /// the value of a root entry, and the bytes it covers as written.
    fn track_entry(&mut self, event: &Event<'_>, span: YamlSpan) {
        let starts_node =
            matches!(event, Event::Scalar(..) | Event::Alias(_) | Event::SequenceStart(..) | Event::MappingStart(..));
        let slot = match self.stack.as_slice() {
            [Frame { kind: FrameKind::Mapping(_, pending, _), .. }] if starts_node => {
                if pending.is_none() {
                    Slot::Key
                } else {
                    Slot::Value
                }
            }
            _ => Slot::Inside,
        };
        let bracket = self.is_bracket(span);
        let end = match event {
            Event::Scalar(..) | Event::Alias(_) if span.end.index() > span.start.index() => Some(span.end.index()),
            Event::SequenceStart(..) | Event::MappingStart(..) | Event::SequenceEnd | Event::MappingEnd if bracket => {
                Some(span.start.index() + 1)
            }
            _ => None,
        };
        let start = self.offsets.byte(span.start.index());
        let mut end = end.map(|e| self.offsets.byte(e));
        // A block scalar's span runs over the blank lines after it; they separate entries, they are not the value.
        if let (Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, ..), Some(e)) = (event, end) {
            end = Some(start + self.text[start..e].trim_end().len());
        }
        self.tracker.event(event, slot, start, end, bracket);
    }
}
