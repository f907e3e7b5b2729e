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

/// The file name stem of a vault path: the part after the last `/`, without a final `.md`.
pub fn path_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::{path_stem, reference_text};
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
    fn a_written_link_reads_back_as_its_key() {
        let text = reference_text("OPS-1", Some(path_stem("Jira/OPS/OPS-1 Incident automation.md")), KeyStyle::Link);
        assert_eq!(key_in_reference(&text), Some("OPS-1"));
        assert_eq!(path_stem("OPS-2.md"), "OPS-2");
    }
}
