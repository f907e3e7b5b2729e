//! Key references: how a note property names a Jira issue.
//!
//! A key reference is either a plain key (`OPS-1`) or a wiki-link whose target's file name starts with the
//! key (`[[OPS-1]]`, `[[OPS-1 Incident automation]]`, `[[Jira/OPS/OPS-1 Incident automation|alias]]`). The
//! key is the leading `[A-Z][A-Z0-9_]*-[0-9]+` of the target's base name (the part after the last `/`, before
//! any `#heading`, `^block` or `|alias`), followed by the end of the name or a character that cannot continue
//! a key (so `OPS-12a` names no key). Surrounding whitespace is ignored; nothing else is accepted.

/// The issue key a property value refers to, or `None` when it names no key. Never panics.
pub fn key_in_reference(value: &str) -> Option<&str> {
    let value = value.trim();
    let target = match value.strip_prefix("[[") {
        Some(inner) => {
            let inner = inner.strip_suffix("]]")?;
            // The link target ends at the first alias, heading or block marker.
            let end = inner.find(['|', '#', '^']).unwrap_or(inner.len());
            let target = inner[..end].trim();
            target.rsplit('/').next().unwrap_or(target).trim()
        }
        None => value,
    };
    let key = leading_key(target)?;
    // A plain reference is the key alone; a link's base name may go on after a non-key character.
    let rest = &target[key.len()..];
    let continues = rest.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if continues || (!value.starts_with("[[") && !rest.is_empty()) {
        return None;
    }
    Some(key)
}

/// The longest prefix of `s` shaped `[A-Z][A-Z0-9_]*-[0-9]+`.
fn leading_key(s: &str) -> Option<&str> {
    let bytes = s.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let project = bytes.iter().take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_').count();
    if bytes.get(project) != Some(&b'-') {
        return None;
    }
    let digits = bytes[project + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
    // Invariant: the prefix is ASCII, so `project + 1 + digits` is a character boundary.
    (digits > 0).then(|| &s[..project + 1 + digits])
}

#[cfg(test)]
mod tests {
    use super::key_in_reference;

    #[test]
    fn plain_keys_and_wiki_links_name_their_key() {
        for (value, key) in [
            ("OPS-1", Some("OPS-1")),
            ("  OPS-12 ", Some("OPS-12")),
            ("A_B2-7", Some("A_B2-7")),
            ("[[OPS-1]]", Some("OPS-1")),
            ("[[OPS-1 Incident automation]]", Some("OPS-1")),
            ("[[Jira/OPS/OPS-1 Incident automation|alias]]", Some("OPS-1")),
            ("[[OPS-1 Incident automation#Plan]]", Some("OPS-1")),
            ("[[OPS-1|the epic]]", Some("OPS-1")),
            ("[[OPS-1.md]]", Some("OPS-1")),
        ] {
            assert_eq!(key_in_reference(value), key, "{value}");
        }
    }

    #[test]
    fn anything_else_names_no_key() {
        for value in [
            "",
            "ops-1",
            "OPS 1",
            "OPS-",
            "OPS-1 Incident automation",
            "OPS-12a",
            "[[OPS-12a]]",
            "[[Incident automation OPS-1]]",
            "[[OPS-1",
            "[[]]",
            "1OPS-1",
            "[[Jira/OPS-1/Incident]]",
            "ÄOPS-1",
            "[[ÖPS-1 x]]",
        ] {
            assert_eq!(key_in_reference(value), None, "{value}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = key_in_reference(&s);
        }
    }
}
