//! Reading an issue key out of a note property that refers to an issue.
//!
//! A *key reference* is either a plain key (`OPS-1`) or a wiki-link whose target's file name starts with the key
//! (`[[OPS-1]]`, `[[OPS-1 Incident automation]]`, `[[Jira/OPS/OPS-1 Incident automation|alias]]`,
//! `[[OPS-1#Heading]]`). The key is the leading `[A-Z][A-Z0-9_]*-[0-9]+` of the target's base name (the part
//! after the last `/`). Anything else (free text, an empty link, a lower-case key) refers to no key: the
//! reader never guesses.

/// The issue key `value` refers to, if any (see the module documentation). Surrounding whitespace is ignored.
pub fn key_in_reference(value: &str) -> Option<&str> {
    let value = value.trim();
    match value.strip_prefix("[[").and_then(|v| v.strip_suffix("]]")) {
        Some(inner) => {
            let target = inner.split(['|', '#']).next().unwrap_or_default().trim();
            let base = target.rsplit('/').next().unwrap_or_default();
            leading_key(base)
        }
        None => leading_key(value).filter(|key| key.len() == value.len()),
    }
}

/// The leading `[A-Z][A-Z0-9_]*-[0-9]+` of `text`.
fn leading_key(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let dash = bytes.iter().position(|b| !(b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_'))?;
    if bytes[dash] != b'-' {
        return None;
    }
    let digits = bytes[dash + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
    // Invariant: everything up to `dash + 1 + digits` is ASCII, so the slice ends on a character boundary.
    (digits > 0).then(|| &text[..dash + 1 + digits])
}

#[cfg(test)]
mod tests {
    use super::key_in_reference;

    #[test]
    fn plain_keys_and_wiki_links_name_their_key() {
        assert_eq!(key_in_reference("OPS-1"), Some("OPS-1"));
        assert_eq!(key_in_reference("  OPS_2-15 "), Some("OPS_2-15"));
        assert_eq!(key_in_reference("[[OPS-1]]"), Some("OPS-1"));
        assert_eq!(key_in_reference("[[OPS-1 Incident automation]]"), Some("OPS-1"));
        assert_eq!(key_in_reference("[[Jira/OPS/OPS-1 Incident automation|alias]]"), Some("OPS-1"));
        assert_eq!(key_in_reference("[[OPS-12#Child issues]]"), Some("OPS-12"));
    }

    #[test]
    fn anything_else_names_no_key() {
        for value in ["", "ops-1", "OPS-", "OPS 1", "OPS-1 and more", "[[]]", "[[Notes/Incident OPS-1]]", "-1", "Ω-1"]
        {
            assert_eq!(key_in_reference(value), None, "{value}");
        }
    }
}
