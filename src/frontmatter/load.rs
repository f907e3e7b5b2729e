//! Reading the YAML of a front matter block into JSON values, with the source positions the editor needs.
//!
//! The loader pulls events from saphyr-parser (a state machine, so deep nesting cannot overflow the stack) and
//! builds values with an explicit stack of open collections. It is bounded: at most [`MAX_NODES`] values are
//! produced, aliases counting the full size of what they copy (which defuses "billion laughs" bombs), and
//! collections nest at most [`MAX_DEPTH`] deep (which also keeps recursive drops and serialisers safe).
//! Any problem stops loading: a front matter the sync cannot read exactly must not be half-read.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, Span as YamlSpan};
use serde_json::Value;

use super::Mapping;
use super::fence::Block;
use super::offsets::Offsets;
use super::schema;
use crate::diagnostic::Diagnostic;

/// The most values one front matter may produce, aliases expanded.
pub const MAX_NODES: usize = 100_000;
/// The deepest collections may nest.
pub const MAX_DEPTH: usize = 256;

/// The shape of a top-level value as written, which decides how a replacement list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A scalar or an alias.
    Scalar,
    /// `[a, b]`.
    FlowSequence,
    /// `- a` lines.
    BlockSequence,
    /// `{a: 1}` or `k: v` lines.
    Mapping,
}

/// One top-level `key: value` entry, with byte offsets into the whole note.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The key, stringified as the mapping holds it.
    pub key: String,
    /// The first byte of the key node (anchor or tag included).
    pub key_start: usize,
    /// One past the key node.
    pub key_end: usize,
    /// One past the last byte of the value as written (last scalar, alias or flow bracket); `key_end` when the
    /// value is empty. For block scalars this is the start of the line after them.
    pub value_end: usize,
    /// How the value is written.
    pub shape: Shape,
    /// Anchor ids defined in the entry.
    pub anchors: Vec<usize>,
    /// Anchor ids the entry's aliases refer to.
    pub aliases: Vec<usize>,
}

/// What [`load`] read.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// The root mapping; `None` on any error.
    pub mapping: Option<Mapping>,
    /// The top-level entries in source order (complete only when `mapping` is `Some`).
    pub entries: Vec<Entry>,
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
    /// For scalars, the text as written: what the key is when this node is a mapping key.
    key_text: Option<String>,
}

/// An open collection.
struct Frame {
    kind: FrameKind,
    anchor: usize,
    /// `nodes` counter when the collection started, to know its size when it ends.
    nodes_at_start: usize,
    depth: usize,
}

enum FrameKind {
    Sequence(Vec<Value>),
    /// The mapping, the pending key (once read) and where the pending key node started (char index).
    Mapping(Mapping, Option<String>, Option<usize>),
}

/// An entry of the root mapping being read.
struct EntryDraft {
    key: Option<String>,
    key_start: usize,
    key_end: usize,
    value_end: Option<usize>,
    shape: Shape,
    anchors: Vec<usize>,
    aliases: Vec<usize>,
}

/// A problem that stops loading: char index into the YAML, code, message.
type Stop = (usize, &'static str, String);

struct Loader<'a> {
    text: &'a str,
    yaml: &'a str,
    offsets: Offsets<'a>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    root: Option<Value>,
    documents: usize,
    draft: Option<EntryDraft>,
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
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        documents: 0,
        draft: None,
        out: Loaded::default(),
    };
    match loader.run() {
        Ok(()) => loader.finish(),
        Err((index, code, message)) => {
            let offset = loader.offsets.byte(index);
            loader.out.diagnostics.push(Diagnostic::error(text, offset, code, message));
            loader.out.entries.clear();
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
                let node = Node {
                    value: schema::resolve(&value, style, tag.as_deref()),
                    nodes: 1,
                    depth: 0,
                    key_text: Some(value.into_owned()),
                };
                self.complete(node, anchor, at)?;
            }
            Event::Alias(id) => {
                self.note_key_start(at);
                let Some((nodes, depth)) = self.anchors.get(&id).map(|t| (t.nodes, t.depth)) else {
                    return Err((at, "yaml-syntax", "Front matter uses an alias to an unknown anchor.".into()));
                };
                // Count before copying: a bomb is refused before it costs anything.
                self.count(at, nodes, true)?;
                if self.stack.len() + depth > MAX_DEPTH {
                    return Err((
                        at,
                        "yaml-depth-limit",
                        format!("Front matter nests deeper than {MAX_DEPTH} levels."),
                    ));
                }
                let Some(target) = self.anchors.get(&id) else { return Ok(()) };
                let node = Node { value: target.value.clone(), nodes, depth, key_text: target.key_text.clone() };
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
                self.stack.push(Frame { kind, anchor, nodes_at_start: self.nodes - 1, depth: 0 });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else { return Ok(()) };
                let value = match frame.kind {
                    FrameKind::Sequence(items) => Value::Array(items),
                    FrameKind::Mapping(map, _, _) => Value::Object(map),
                };
                let node = Node { value, nodes: self.nodes - frame.nodes_at_start, depth: frame.depth, key_text: None };
                self.complete(node, frame.anchor, at)?;
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

    /// Remembers where a mapping key starts, for the duplicate-key diagnostic.
    fn note_key_start(&mut self, at: usize) {
        if let Some(Frame { kind: FrameKind::Mapping(_, None, start @ None), .. }) = self.stack.last_mut() {
            *start = Some(at);
        }
    }

    /// A node is complete: register its anchor and hand it to its parent.
    fn complete(&mut self, node: Node, anchor: usize, at: usize) -> Result<(), Stop> {
        if anchor > 0 {
            let copy = Node {
                value: node.value.clone(),
                nodes: node.nodes,
                depth: node.depth,
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
                    if let Some(draft) = &mut self.draft {
                        draft.key = Some(key.clone());
                    }
                }
                *pending = Some(key);
            }
            FrameKind::Mapping(map, pending @ Some(_), start) => {
                if let Some(key) = pending.take() {
                    map.insert(key, node.value);
                }
                *start = None;
                if at_root_mapping {
                    self.finish_entry();
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

    /// Follows the extent of the root mapping's current entry: where its key starts and ends, where its value
    /// ends, and the anchors and aliases in it. Runs before [`Self::event`] handles the event.
    fn track_entry(&mut self, event: &Event<'_>, span: YamlSpan) {
        let starts_node =
            matches!(event, Event::Scalar(..) | Event::Alias(_) | Event::SequenceStart(..) | Event::MappingStart(..));
        let bracket = self.is_bracket(span);
        if starts_node && self.stack.len() == 1 {
            if let FrameKind::Mapping(_, pending, _) = &self.stack[0].kind {
                if pending.is_none() {
                    let key_start = self.offsets.byte(span.start.index());
                    self.draft = Some(EntryDraft {
                        key: None,
                        key_start,
                        key_end: key_start,
                        value_end: None,
                        shape: Shape::Scalar,
                        anchors: Vec::new(),
                        aliases: Vec::new(),
                    });
                } else if let Some(draft) = &mut self.draft {
                    draft.value_end = Some(draft.key_end);
                    draft.shape = match event {
                        Event::SequenceStart(..) if bracket => Shape::FlowSequence,
                        Event::SequenceStart(..) => Shape::BlockSequence,
                        Event::MappingStart(..) => Shape::Mapping,
                        _ => Shape::Scalar,
                    };
                }
            }
        }
        let end = match event {
            Event::Scalar(..) | Event::Alias(_) if span.end.index() > span.start.index() => Some(span.end.index()),
            Event::SequenceStart(..) | Event::MappingStart(..) | Event::SequenceEnd | Event::MappingEnd if bracket => {
                Some(span.start.index() + 1)
            }
            _ => None,
        };
        let end = end.map(|e| self.offsets.byte(e));
        let Some(draft) = &mut self.draft else { return };
        match event {
            Event::Scalar(_, _, anchor, _) | Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _)
                if *anchor > 0 =>
            {
                draft.anchors.push(*anchor);
            }
            Event::Alias(id) => draft.aliases.push(*id),
            _ => {}
        }
        if let Some(end) = end {
            match &mut draft.value_end {
                Some(value_end) => *value_end = (*value_end).max(end),
                None => draft.key_end = draft.key_end.max(end),
            }
        }
    }

    /// The root mapping received the value of the current entry.
    fn finish_entry(&mut self) {
        let Some(draft) = self.draft.take() else { return };
        let Some(key) = draft.key else { return };
        self.out.entries.push(Entry {
            key,
            key_start: draft.key_start,
            key_end: draft.key_end,
            value_end: draft.value_end.unwrap_or(draft.key_end),
            shape: draft.shape,
            anchors: draft.anchors,
            aliases: draft.aliases,
        });
    }
}
