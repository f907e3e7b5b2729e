//! Key references in note properties: a plain key (`OPS-1`) or a wiki-link whose target's file name starts
//! with the key (`[[OPS-1]]`, `[[OPS-1 Incident automation]]`, `[[Jira/OPS/OPS-1 Incident automation|alias]]`).
//! The key is the leading `[A-Z][A-Z0-9_]*-[0-9]+` of the target's base name, ending at a non-alphanumeric
//! character (so `OPS-12x` names no key).

/// The issue key a property value refers to, if any.
pub fn key_in_reference(value: &str) -> Option<&str> {
    let v = value.trim();
    let name = match v.strip_prefix("[[").and_then(|rest| rest.strip_suffix("]]")) {
        Some(inner) => {
            let target = inner.split(['|', '#']).next().unwrap_or("");
            target.rsplit('/').next().unwrap_or("")
        }
        None => v,
    };
    let len = leading_key_len(name)?;
    let rest = &name[len..];
    let linked = v.starts_with("[[");
    // A plain value must be exactly a key; a link's base name may go on after a non-key character.
    let ok =
        if linked { rest.chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '_') } else { rest.is_empty() };
    ok.then(|| &name[..len])
}

/// Bytes of the leading `[A-Z][A-Z0-9_]*-[0-9]+` of `s`, if it starts with one.
fn leading_key_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_uppercase() {
        return None;
    }
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_uppercase() || b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    if b.get(i) != Some(&b'-') {
        return None;
    }
    let digits = i + 1;
    let mut j = digits;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    (j > digits).then_some(j)
}

#[cfg(test)]
mod tests {
    use super::key_in_reference;

    #[test]
    fn reads_plain_keys_and_wiki_links() {
        assert_eq!(key_in_reference("OPS-1"), Some("OPS-1"));
        assert_eq!(key_in_reference(" OPS-12 "), Some("OPS-12"));
        assert_eq!(key_in_reference("[[OPS-1]]"), Some("OPS-1"));
        assert_eq!(key_in_reference("[[OPS-1 Incident automation]]"), Some("OPS-1"));
        assert_eq!(key_in_reference("[[Jira/OPS/OPS-1 Incident automation|alias]]"), Some("OPS-1"));
        assert_eq!(key_in_reference("[[MY_PROJ2-77#Heading]]"), Some("MY_PROJ2-77"));
    }

    #[test]
    fn refuses_what_is_not_a_key() {
        for v in ["", "ops-1", "OPS-", "OPS-1 text", "OPS-12x", "[[OPS-12x]]", "[[Notes/Meeting]]", "[[", "-1", "1-OPS"]
        {
            assert_eq!(key_in_reference(v), None, "{v}");
        }
    }
}
