//! Delimiting the top-level entries of the front matter in the source, for the editor.
//!
//! The loader reports every parser event to a [`Tracker`] together with the bytes it covers as written. The
//! tracker follows one root entry at a time: its key from the first byte of the key node to the end of the key
//! node, then its value up to the end of the last thing written for it (a scalar, an alias or a flow bracket).
//! Block collections start and end with empty spans placed at the *next* token, so they never extend a value:
//! comments and blank lines after a value belong to whatever follows.

use saphyr_parser::Event;

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
    /// The first byte of the value node as the parser places it (for a block list, its first `-`, or for an
    /// indentless one its first item); `key_end` when the value is empty.
    pub value_start: usize,
    /// One past the last byte of the value as written (last scalar, alias or flow bracket); `key_end` when the
    /// value is empty. For block scalars, the end of their last non-blank line.
    pub value_end: usize,
    /// How the value is written.
    pub shape: Shape,
    /// Anchor ids defined in the entry.
    pub anchors: Vec<usize>,
    /// Anchor ids the entry's aliases refer to.
    pub aliases: Vec<usize>,
}

/// Where an event stands relative to the root mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// It starts the key node of a new root entry.
    Key,
    /// It starts the value node of the current root entry.
    Value,
    /// It is inside a key or value node (or not a node start).
    Inside,
}

/// The root entry being read. Invariant: `value_end` is `None` until the value node starts.
#[derive(Debug)]
struct Draft {
    key: Option<String>,
    key_start: usize,
    key_end: usize,
    value_start: usize,
    value_end: Option<usize>,
    shape: Shape,
    anchors: Vec<usize>,
    aliases: Vec<usize>,
}

/// Collects the root entries from the event stream.
#[derive(Debug, Default)]
pub(crate) struct Tracker {
    draft: Option<Draft>,
    /// The completed entries, in source order.
    pub entries: Vec<Entry>,
}

impl Tracker {
    /// An event at byte `start`, whose written text ends at byte `end` (`None` for block collection events and
    /// empty scalars, which have no text of their own); `bracket` when it is a flow `[`, `]`, `{` or `}`.
    pub(crate) fn event(&mut self, event: &Event<'_>, slot: Slot, start: usize, end: Option<usize>, bracket: bool) {
        match slot {
            Slot::Key => {
                self.draft = Some(Draft {
                    key: None,
                    key_start: start,
                    key_end: start,
                    value_start: start,
                    value_end: None,
                    shape: Shape::Scalar,
                    anchors: Vec::new(),
                    aliases: Vec::new(),
                });
            }
            Slot::Value => {
                if let Some(draft) = &mut self.draft {
                    draft.value_end = Some(draft.key_end);
                    draft.value_start = if end.is_some() || bracket || !matches!(event, Event::Scalar(..)) {
                        start
                    } else {
                        draft.key_end
                    };
                    draft.shape = match event {
                        Event::SequenceStart(..) if bracket => Shape::FlowSequence,
                        Event::SequenceStart(..) => Shape::BlockSequence,
                        Event::MappingStart(..) => Shape::Mapping,
                        _ => Shape::Scalar,
                    };
                }
            }
            Slot::Inside => {}
        }
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

    /// The root mapping received the key of the current entry.
    pub(crate) fn key(&mut self, key: &str) {
        if let Some(draft) = &mut self.draft {
            draft.key = Some(key.to_owned());
        }
    }

    /// The root mapping received the value of the current entry: the entry is complete.
    pub(crate) fn value_done(&mut self) {
        let Some(draft) = self.draft.take() else { return };
        let Some(key) = draft.key else { return };
        self.entries.push(Entry {
            key,
            key_start: draft.key_start,
            key_end: draft.key_end,
            value_start: draft.value_start,
            value_end: draft.value_end.unwrap_or(draft.key_end),
            shape: draft.shape,
            anchors: draft.anchors,
            aliases: draft.aliases,
        });
    }
}
