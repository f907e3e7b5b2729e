//! Line-based three-way merge of the note body with the Jira description (both as Markdown), with `diffy`.
//!
//! Non-overlapping edits merge cleanly; overlapping ones (including edits on adjacent lines, and one side
//! deleting a paragraph the other edits) are a [`TextMerge::Conflict`] carrying both whole versions: conflict
//! markers are never produced, the caller shows the remote version in a callout (see `conflict.rs`).
//!
//! Decisions:
//! - All three texts are normalised to LF (`\r\n` → `\n`; a lone `\r` is content) before merging, and the
//!   merged text is LF. The note's line ending (that of the first line break of `local`, else of `remote`, else
//!   of `base`, else LF) is returned so the caller writes the note back in its own style
//!   ([`TextMerge::note_text`]); Jira gets the LF text.
//! - Whether the text ends with a line break is merged separately, as its own three-way value, so that a
//!   trailing-newline difference alone is never a conflict and merge(base, base, x) == x exactly.
//! - Missing base (first sync of a linked note): equal texts are clean; if one side is empty (or only
//!   whitespace) the other wins; otherwise it is a conflict.

use serde::Serialize;

/// A text's line ending style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LineEnding {
    /// `\n`.
    Lf,
    /// `\r\n`.
    Crlf,
}

impl LineEnding {
    /// The style of the first line break in `text`, if it has one.
    pub fn of(text: &str) -> Option<Self> {
        let nl = text.find('\n')?;
        Some(if text[..nl].ends_with('\r') { Self::Crlf } else { Self::Lf })
    }

    /// `text` (LF) written with this line ending.
    pub fn apply(self, text: &str) -> String {
        match self {
            Self::Lf => text.to_owned(),
            Self::Crlf => text.replace('\n', "\r\n"),
        }
    }
}

/// `text` with every `\r\n` turned into `\n`.
pub fn to_lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// The result of [`merge_text`]. Texts are LF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum TextMerge {
    /// The merge succeeded.
    Clean {
        /// The merged text (LF).
        text: String,
        /// The note's line ending.
        line_ending: LineEnding,
    },
    /// Overlapping edits: both versions, whole.
    Conflict {
        /// The last agreed text, if any (LF).
        base: Option<String>,
        /// The note's text (LF).
        local: String,
        /// Jira's text (LF).
        remote: String,
        /// The note's line ending.
        line_ending: LineEnding,
    },
}

impl TextMerge {
    /// The merged text in the note's line ending; `None` for a conflict.
    pub fn note_text(&self) -> Option<String> {
        match self {
            Self::Clean { text, line_ending } => Some(line_ending.apply(text)),
            Self::Conflict { .. } => None,
        }
    }
}

/// Merges the note's body (`local`) and Jira's description (`remote`) against the last agreed text.
pub fn merge_text(base: Option<&str>, local: &str, remote: &str) -> TextMerge {
    let line_ending = LineEnding::of(local)
        .or_else(|| LineEnding::of(remote))
        .or_else(|| base.and_then(LineEnding::of))
        .unwrap_or(LineEnding::Lf);
    let (local, remote) = (to_lf(local), to_lf(remote));
    let base = base.map(to_lf);
    let clean = |text: String| TextMerge::Clean { text, line_ending };

    if local == remote {
        return clean(local);
    }
    let Some(base) = base else {
        return if remote.trim().is_empty() {
            clean(local)
        } else if local.trim().is_empty() {
            clean(remote)
        } else {
            TextMerge::Conflict { base: None, local, remote, line_ending }
        };
    };
    if local == base {
        return clean(remote);
    }
    if remote == base {
        return clean(local);
    }

    // Merge the lines with a trailing newline on every side, then merge the final newline on its own.
    let with_nl = |t: &str| if t.is_empty() || t.ends_with('\n') { t.to_owned() } else { format!("{t}\n") };
    match diffy::merge(&with_nl(&base), &with_nl(&local), &with_nl(&remote)) {
        Ok(mut text) => {
            let ends = |t: &str| t.ends_with('\n');
            let wants_nl = if ends(&local) != ends(&base) { ends(&local) } else { ends(&remote) };
            if !wants_nl && text.ends_with('\n') {
                text.pop();
            } else if wants_nl && !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            clean(text)
        }
        Err(_) => TextMerge::Conflict { base: Some(base), local, remote, line_ending },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(base: &str, local: &str, remote: &str) -> String {
        match merge_text(Some(base), local, remote) {
            TextMerge::Clean { text, .. } => text,
            other => panic!("expected a clean merge, got {other:?}"),
        }
    }

    fn conflicts(base: Option<&str>, local: &str, remote: &str) -> bool {
        matches!(merge_text(base, local, remote), TextMerge::Conflict { .. })
    }

    const BASE: &str = "# Intro\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n";

    #[test]
    fn edits_in_different_paragraphs_merge() {
        let local = BASE.replace("First", "1st");
        let remote = BASE.replace("Third", "3rd");
        assert_eq!(clean(BASE, &local, &remote), "# Intro\n1st paragraph.\n\nSecond paragraph.\n\n3rd paragraph.\n");
    }

    #[test]
    fn additions_at_both_ends_merge() {
        let local = format!("Top.\n\n{BASE}");
        let remote = format!("{BASE}\nBottom.\n");
        assert_eq!(clean(BASE, &local, &remote), format!("Top.\n\n{BASE}\nBottom.\n"));
    }

    #[test]
    fn same_line_edits_conflict_with_both_versions() {
        let local = BASE.replace("Second", "Local");
        let remote = BASE.replace("Second", "Remote");
        assert_eq!(
            merge_text(Some(BASE), &local, &remote),
            TextMerge::Conflict {
                base: Some(BASE.to_owned()),
                local: local.clone(),
                remote: remote.clone(),
                line_ending: LineEnding::Lf
            }
        );
    }

    #[test]
    fn edits_on_adjacent_lines_conflict() {
        // diff3 semantics: changes need an unchanged line between them to merge.
        assert!(conflicts(Some("a\nb\nc\n"), "A\nb\nc\n", "a\nB\nc\n"));
        assert_eq!(clean("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n"), "A\nb\nC\n");
        // Different insertions at the same place conflict too.
        assert!(conflicts(Some("a\n"), "a\nL\n", "a\nR\n"));
    }

    #[test]
    fn conflicts_keep_the_note_line_ending() {
        let out = merge_text(Some("x\r\n"), "L\r\n", "R\n");
        assert_eq!(
            out,
            TextMerge::Conflict {
                base: Some("x\n".into()),
                local: "L\n".into(),
                remote: "R\n".into(),
                line_ending: LineEnding::Crlf
            }
        );
        assert_eq!(out.note_text(), None);
    }

    #[test]
    fn delete_versus_edit_conflicts() {
        let local = BASE.replace("Second paragraph.\n\n", "");
        let remote = BASE.replace("Second paragraph.", "Second paragraph, edited.");
        assert!(conflicts(Some(BASE), &local, &remote));
        assert!(conflicts(Some(BASE), &remote, &local));
    }

    #[test]
    fn identical_edits_are_clean() {
        let both = BASE.replace("Second", "Same");
        assert_eq!(clean(BASE, &both, &both), both);
        // Identical edits next to different ones.
        let local = BASE.replace("Second", "Same").replace("First", "L");
        let remote = BASE.replace("Second", "Same");
        assert_eq!(clean(BASE, &local, &remote), local);
    }

    #[test]
    fn empty_base() {
        assert_eq!(clean("", "", "new\n"), "new\n");
        assert_eq!(clean("", "mine", ""), "mine");
        assert_eq!(clean("", "same\n", "same\n"), "same\n");
        assert!(conflicts(Some(""), "a\n", "b\n"));
    }

    #[test]
    fn missing_base() {
        assert_eq!(merge_text(None, "x\n", "x\n").note_text().as_deref(), Some("x\n"));
        assert_eq!(merge_text(None, "", "remote\n").note_text().as_deref(), Some("remote\n"));
        assert_eq!(merge_text(None, "local\n", " \n").note_text().as_deref(), Some("local\n"));
        assert!(conflicts(None, "a\n", "b\n"));
    }

    #[test]
    fn trailing_newline_differences_never_conflict() {
        assert_eq!(clean("a\nb\n", "a\nb", "a\nb\n"), "a\nb");
        assert_eq!(clean("a\nb", "a\nb", "a\nb\n"), "a\nb\n");
        // Edits elsewhere plus a newline change on the other side.
        assert_eq!(clean("a\n\nb\n", "A\n\nb\n", "a\n\nb"), "A\n\nb");
        assert_eq!(clean("a\n\nb", "A\n\nb", "a\n\nB\n"), "A\n\nB\n");
        // Both edit the last line, one also drops the newline: a conflict on content, not on the newline.
        assert!(conflicts(Some("a\n\nb\n"), "a\n\nB", "a\n\nC\n"));
    }

    #[test]
    fn crlf_is_merged_as_lf_and_written_back_as_crlf() {
        let base = "one\r\n\r\ntwo\r\n\r\nthree\r\n";
        let local = "ONE\r\n\r\ntwo\r\n\r\nthree\r\n";
        let remote = "one\n\ntwo\n\nTHREE\n"; // Jira text is LF
        let out = merge_text(Some(base), local, remote);
        assert_eq!(out, TextMerge::Clean { text: "ONE\n\ntwo\n\nTHREE\n".into(), line_ending: LineEnding::Crlf });
        assert_eq!(out.note_text().as_deref(), Some("ONE\r\n\r\ntwo\r\n\r\nTHREE\r\n"));
        // Only line endings differ: nothing to merge.
        assert_eq!(clean("a\nb\n", "a\r\nb\r\n", "a\nb\n"), "a\nb\n");
        assert_eq!(LineEnding::of("x"), None);
        assert_eq!(merge_text(Some("x"), "x", "x\r\nz").note_text().as_deref(), Some("x\r\nz"));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Short LF texts over a small alphabet, so that lines often repeat and overlap.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop_oneof!["[ab]{0,2}", Just(String::new())], 0..6)
            .prop_flat_map(|lines| (Just(lines.join("\n")), any::<bool>()))
            .prop_map(|(t, nl)| if nl && !t.is_empty() { format!("{t}\n") } else { t })
    }

    proptest! {
        #[test]
        fn unchanged_local_gives_remote(base in text(), x in text()) {
            prop_assert_eq!(merge_text(Some(&base), &base, &x).note_text(), Some(x));
        }

        #[test]
        fn unchanged_remote_gives_local(base in text(), x in text()) {
            prop_assert_eq!(merge_text(Some(&base), &x, &base).note_text(), Some(x));
        }

        #[test]
        fn merge_is_symmetric(base in text(), l in text(), r in text()) {
            let there = merge_text(Some(&base), &l, &r);
            let back = merge_text(Some(&base), &r, &l);
            match (there, back) {
                (TextMerge::Clean { text: a, .. }, TextMerge::Clean { text: b, .. }) => prop_assert_eq!(a, b),
                (TextMerge::Conflict { .. }, TextMerge::Conflict { .. }) => {}
                (a, b) => prop_assert!(false, "asymmetric: {:?} vs {:?}", a, b),
            }
        }
    }
}
