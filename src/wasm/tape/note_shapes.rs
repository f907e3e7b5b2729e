//! The object shapes of a parsed note ([`crate::note::Note`] and the structs it holds), known to both halves of
//! the tape before any call: shapes `1..=NOTE_SHAPES.len()`, in this order, are these structs' field lists, and
//! `decodeTape`'s `LITERALS` lists the same key sequences in the same order. So even the first task, heading or
//! tag of a note crosses bare (no key text, no keyed first object), which matters for notes read one by one: a
//! vault scan makes one call per note.
//!
//! A struct is matched by its type name and then field by field by name (see `Tape::open_struct`): a struct of
//! one of these names with other fields still encodes correctly (as a prefix object), only slower. A renamed
//! field must be renamed here and in `LITERALS` (the test below checks that the two lists agree;
//! `tests/wasm_boundary.rs` checks the decoded notes against serde_json).

/// `(type name, field names in serialisation order)`, shape `i + 1` for entry `i`.
pub(super) const NOTE_SHAPES: [(&str, &[&str]); 8] = [
    (
        "Note",
        &[
            "frontmatter",
            "frontmatterRange",
            "diagnostics",
            "title",
            "headings",
            "wikiLinks",
            "tags",
            "tasks",
            "jiraKeys",
        ],
    ),
    ("Span", &["start", "end", "startLine", "endLine"]),
    ("Diagnostic", &["severity", "code", "message", "line", "column", "offset"]),
    ("Heading", &["level", "text", "line", "column", "offset"]),
    ("WikiLink", &["target", "heading", "blockRef", "alias", "embed", "line", "column", "offset", "raw"]),
    ("Tag", &["name", "source", "line", "column", "offset"]),
    (
        "Task",
        &[
            "status",
            "checked",
            "text",
            "description",
            "line",
            "column",
            "offset",
            "indent",
            "depth",
            "parent",
            "due",
            "scheduled",
            "start",
            "done",
            "created",
            "cancelled",
            "priority",
            "recurrence",
            "id",
            "dependsOn",
            "tags",
            "blockId",
            "jiraKey",
        ],
    ),
    ("JiraKeyRef", &["key", "project", "number", "line", "column", "offset"]),
];

#[cfg(test)]
mod tests {
    use super::NOTE_SHAPES;

    /// `decodeTape`'s `LITERALS` lists the same key sequences, in the same order.
    #[test]
    fn the_decoder_lists_the_same_shapes() {
        let js = include_str!("decode.rs");
        let literals = &js[js.find("const LITERALS = [").expect("LITERALS")..];
        let literals = &literals[..literals.find("\n];").expect("end of LITERALS")];
        // Each entry starts with its key list: `[["a", "b", …],` (possibly over several lines).
        let lists: Vec<Vec<String>> = literals
            .split("[[")
            .skip(1)
            .map(|entry| {
                let list = &entry[..entry.find(']').expect("end of a key list")];
                list.split(',').map(|k| k.trim().trim_matches('"').to_owned()).collect()
            })
            .collect();
        let expected: Vec<Vec<String>> =
            NOTE_SHAPES.iter().map(|(_, keys)| keys.iter().map(|&k| k.to_owned()).collect()).collect();
        assert_eq!(lists, expected);
    }

    /// The note's structs serialise with exactly these type names and fields.
    #[test]
    fn the_note_structs_have_these_fields() {
        let text = "---\ntitle: [x\n---\n# H [[a#b|c]] #t OPS-1\n- [ ] a\n";
        let note = crate::note::parse_note(text, None);
        let tape = super::super::encode(&note, 0).expect("encodes");
        // Every object of the note is bare: no key text crossed.
        assert_eq!(tape.out.strs.find("line"), None, "{:?}", tape.out.strs);
        assert!(!note.diagnostics.is_empty() && !note.tasks.is_empty() && !note.jira_keys.is_empty());
    }
}
