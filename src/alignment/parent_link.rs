//! Writing a key reference into a note: a wiki-link to the note of the issue (`[[OPS-1 Incident automation]]`)
//! or the plain key, by the configured [`KeyStyle`].
//!
//! The link names the file name (stem) the note has now, or the one it would get under the sync's
//! file-name rule when the issue is in scope but has no note yet. An issue outside the scope (no stem known)
//! is written as the plain key in either style, so the property never links to a note that will not exist.
//! Nor does a link whose file name does not start with the key (a file name template such as
//! `{summary} {key}`): it would not read back as that key, so the plain key is written instead.

use super::key_ref::key_in_reference;
use crate::sync::KeyStyle;

/// The text a note property holds for a reference to `key`, whose note has the file name `stem` (without
/// `.md`) when the issue is in scope.
pub fn reference_text(key: &str, stem: Option<&str>, style: KeyStyle) -> String {
    match (style, stem) {
        (KeyStyle::Link, Some(stem)) => {
            let link = format!("[[{stem}]]");
            // Invariant: what is written reads back as `key`.
            if key_in_reference(&link) == Some(key) { link } else { key.to_owned() }
        }
        _ => key.to_owned(),
    }
}

/// Whether a note's text `spelled` already says what `wanted` says: the same plain key, or a link to the same
/// file name whatever its folder, heading or alias (`[[Jira/OPS/OPS-1 X|the epic]]` says `[[OPS-1 X]]`), so
/// the user's own spelling of a current link is kept.
pub fn same_reference(spelled: &str, wanted: &str) -> bool {
    match (link_base(spelled), link_base(wanted)) {
        (Some(a), Some(b)) => a == b,
        (None, None) => spelled.trim() == wanted.trim(),
        _ => false,
    }
}

/// The base file name a wiki-link targets (no folder, heading, block, alias or `.md`); `None` for other text.
fn link_base(s: &str) -> Option<&str> {
    let inner = s.trim().strip_prefix("[[")?.strip_suffix("]]")?;
    let target = inner[..inner.find(['|', '#', '^']).unwrap_or(inner.len())].trim();
    let base = target.rsplit('/').next().unwrap_or(target);
    Some(base.strip_suffix(".md").unwrap_or(base).trim())
}

/// The file name stem of a vault path: the part after the last `/`, without a final `.md`.
pub fn path_stem(path: &str) -> &str {
    // The last `/` found by `memchr` (an ASCII byte, so the cut is on a character boundary): called for every
    // note of a run, where `rsplit`'s searcher cost some 450 instructions a path.
    let name = memchr::memrchr(b'/', path.as_bytes()).map_or(path, |slash| &path[slash + 1..]);
    name.strip_suffix(".md").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::{path_stem, reference_text, same_reference};
    use crate::alignment::key_ref::key_in_reference;
    use crate::sync::KeyStyle;

    #[test]
    fn links_in_scope_and_keys_otherwise() {
        let stem = Some("OPS-1 Incident automation");
        assert_eq!(reference_text("OPS-1", stem, KeyStyle::Link), "[[OPS-1 Incident automation]]");
        assert_eq!(reference_text("OPS-1", None, KeyStyle::Link), "OPS-1");
        assert_eq!(reference_text("OPS-1", stem, KeyStyle::Key), "OPS-1");
    }

    #[test]
    fn a_file_name_that_does_not_start_with_the_key_gives_the_key() {
        for stem in ["Incident automation OPS-1", "", "OPS-12 Other issue", "OPS-1a"] {
            assert_eq!(reference_text("OPS-1", Some(stem), KeyStyle::Link), "OPS-1", "{stem}");
        }
    }

    #[test]
    fn a_link_to_the_same_file_keeps_its_folder_heading_and_alias() {
        let wanted = "[[OPS-1 Incident automation]]";
        for spelled in [
            "[[OPS-1 Incident automation]]",
            "[[Jira/OPS/OPS-1 Incident automation.md|the epic]]",
            " [[OPS-1 Incident automation#Plan]]",
        ] {
            assert!(same_reference(spelled, wanted), "{spelled}");
        }
        for spelled in ["[[OPS-1 Old name]]", "OPS-1", "[[OPS-1]]"] {
            assert!(!same_reference(spelled, wanted), "{spelled}");
        }
        assert!(same_reference(" OPS-1", "OPS-1"));
        assert!(!same_reference("[[OPS-1]]", "OPS-1"));
    }

    #[test]
    fn a_written_link_reads_back_as_its_key() {
        let text = reference_text("OPS-1", Some(path_stem("Jira/OPS/OPS-1 Incident automation.md")), KeyStyle::Link);
        assert_eq!(key_in_reference(&text), Some("OPS-1"));
        assert_eq!(path_stem("OPS-2.md"), "OPS-2");
    }
}
