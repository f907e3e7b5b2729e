//! Note fingerprints: how a driver hands the engine a linked note it did not read.
//!
//! A fingerprint is the SHA-256 digest of a note's text (its UTF-8 bytes, exactly as stored), the first 16
//! bytes in lower-case hex. The shell computes the same digest (Web Crypto in Obsidian and Node) when it reads
//! or writes a note and keeps it beside the file's size and modification time; the engine computes it only for
//! texts handed in without one. A cryptographic digest rather than size and time alone: an equal fingerprint
//! must mean an equal text (the engine then skips the note), including for text shaped by Jira content, and
//! size and time are only the shell's cheap test of whether its stored fingerprint still holds.
//!
//! The engine trusts a fingerprint only against its own record: an [`IssueBase`](super::IssueBase) keeps the
//! fingerprint of its note's text when that text held exactly the base (see `record_fingerprints`), and
//! [`SiteState::fingerprint_basis`](super::SiteState::fingerprint_basis) says for which field mappings and
//! custom field ids that record was made (another basis could read the same text differently).

use sha2::{Digest, Sha256};

use crate::sync::{CustomFields, FieldMapping};

/// The fingerprint of a note's text: SHA-256, first 16 bytes, lower-case hex (32 characters).
pub fn note_fingerprint(text: &str) -> String {
    hex16(&Sha256::digest(text.as_bytes()))
}

/// The fingerprint of what a note's text is read with: the field mappings, the resolved custom field ids and
/// the worklog section heading (left out of the body value when time tracking is on).
pub(super) fn fingerprint_basis(fields: &[FieldMapping], customs: &CustomFields, section: Option<&str>) -> String {
    let mut hash = Sha256::new();
    hash.update(section.unwrap_or_default().as_bytes());
    hash.update(b"\0");
    hash.update(crate::json_text::to_string(fields).unwrap_or_default().as_bytes());
    hash.update(b"\0");
    hash.update(crate::json_text::to_string(customs).unwrap_or_default().as_bytes());
    hex16(&hash.finalize())
}

fn hex16(digest: &[u8]) -> String {
    use std::fmt::Write;
    digest.iter().take(16).fold(String::with_capacity(32), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::note_fingerprint;

    #[test]
    fn the_fingerprint_is_the_first_half_of_the_sha256_digest() {
        // `printf 'abc' | sha256sum`: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assert_eq!(note_fingerprint("abc"), "ba7816bf8f01cfea414140de5dae2223");
        assert_eq!(note_fingerprint(""), "e3b0c44298fc1c149afbf4c8996fb924");
        assert_ne!(note_fingerprint("a\n"), note_fingerprint("a\r\n"));
    }
}
