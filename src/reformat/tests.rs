use serde_json::{Value, json};

use super::{adf_to_markdown_preserving, restyle_markdown};
use crate::markdown::markdown_to_adf;

fn preserved(new_md: &str, previous: &str) -> String {
    adf_to_markdown_preserving(&markdown_to_adf(new_md), previous).unwrap_or_default()
}

#[test]
fn an_unchanged_document_is_the_previous_text() {
    let note = "Wow!\r\n* one\r\n*\ttwo\r\n\r\n| a  |  b |\r\n|:---|---:|\r\n| 1  |  2 |";
    assert_eq!(preserved(note, note), note);
}

#[test]
fn only_the_edited_block_changes() {
    let note = "# Plan #\n\nWow!\n* one\n* two\n\nOld paragraph.\n\n| a  |  b |\n|:---|---:|\n| 1  |  2 |\n";
    let edited = note.replace("Old paragraph.", "New paragraph!");
    let out = preserved(&edited, note);
    assert_eq!(out, edited);
}

#[test]
fn jira_rendering_of_an_edit_is_restyled_to_the_note() {
    let note = "Intro text\n* tab\n*\tindented\n\n1) first\n2) second\n\nLast words!";
    let jira_md =
        crate::adf::adf_to_markdown(&markdown_to_adf(&note.replace("Intro text", "Intro, edited"))).unwrap_or_default();
    assert_ne!(jira_md.trim_end(), note.replace("Intro text", "Intro, edited"));
    assert_eq!(restyle_markdown(&jira_md, note), note.replace("Intro text", "Intro, edited"));
}

#[test]
fn inserted_lists_take_the_note_marker_but_never_merge_with_a_neighbour() {
    let note = "Para\n\n* a\n* b\n";
    let adf = markdown_to_adf("Para\n\n* a\n* b\n\n- c\n- d\n\nEnd\n");
    let out = adf_to_markdown_preserving(&adf, note).unwrap_or_default();
    assert!(out.starts_with("Para\n\n* a\n* b\n\n"), "{out}");
    assert_eq!(crate::adf::normalise(&markdown_to_adf(&out)), crate::adf::normalise(&adf));
    let adf = markdown_to_adf("Para\n\n* a\n* b\n\nMore\n\n- x\n");
    let out = adf_to_markdown_preserving(&adf, note).unwrap_or_default();
    assert_eq!(out, "Para\n\n* a\n* b\n\nMore\n\n* x\n");
}

#[test]
fn deleted_blocks_go_with_their_separator_and_reference_definitions_stay() {
    let note = "Keep [this][r].\n\nDrop me.\n\n[r]: https://example.com\n\nTail.\n";
    let out = preserved("Keep [this](https://example.com).\n\nTail.\n", note);
    assert_eq!(out, "Keep [this][r].\n\n[r]: https://example.com\n\nTail.\n");
}

#[test]
fn fresh_text_is_inert_and_crlf_notes_stay_crlf() {
    let note = "Top\r\n\r\nBottom\r\n";
    let hostile = json!({"version": 1, "type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "Top"}]},
        {"type": "paragraph", "content": [{"type": "text", "text": "[[secret]] #tag <script>"}]},
        {"type": "paragraph", "content": [{"type": "text", "text": "Bottom"}]},
    ]});
    let out = adf_to_markdown_preserving(&hostile, note).unwrap_or_default();
    assert_eq!(out, "Top\r\n\r\n\\[\\[secret\\]\\] \\#tag &lt;script\\>\r\n\r\nBottom\r\n");
}

#[test]
fn footnotes_and_callouts_are_blocks_like_any_other() {
    let note = "Text[^1] here.\n\n> [!tip] Title\n> body\n\nOther.\n\n[^1]: The note.\n";
    assert_eq!(preserved(note, note), note);
    let edited = note.replace("Other.", "Changed.");
    assert_eq!(preserved(&edited, note), edited);
}

#[test]
fn invalid_adf_is_an_error_and_empty_documents_are_empty() {
    assert!(adf_to_markdown_preserving(&json!({"type": "doc"}), "x").is_err());
    let empty = json!({"version": 1, "type": "doc", "content": []});
    assert_eq!(adf_to_markdown_preserving(&empty, "x\n").ok().as_deref(), Some(""));
    let v: Value = markdown_to_adf("a\n");
    assert_eq!(adf_to_markdown_preserving(&v, "").ok().as_deref(), Some("a\n"));
}
