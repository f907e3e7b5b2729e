//! The privacy filter: what of a note may be sent to a model, and what never is.
//!
//! A note is sent only when it is inside one of the allowed folders (an allow-list, empty by default, so nothing
//! is sent until the user names a folder; `/` allows the whole vault). A note tagged `#private` (or
//! `#private/…`, in the body or the front matter) or flagged `private: true` is refused whole, and so is a note
//! whose front matter cannot be read (it could hold such a flag). Of a note that may be sent:
//! - the front matter is never sent as written: its keys become a property list, without the keys marked
//!   private (case-insensitive; the setting's list, `private` by default);
//! - `%%comments%%` are replaced by a marker (an unclosed `%%` hides the rest of the note, as in Obsidian);
//! - secret-looking text is replaced by a marker ([`secrets`](super::secrets)), in the body and in property
//!   values.
//!
//! Line breaks are kept through every replacement, so a sent line keeps the line number it has in the note.

use serde::Serialize;

use super::secrets::redact_secrets;
use crate::note::parse_note;

/// The text a `%%comment%%` is replaced with.
pub const COMMENT_MARKER: &str = "[comment removed]";

/// The user's privacy settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyPolicy {
    /// Vault folders whose notes may be sent (`/` = the whole vault). Empty: no note is sent.
    #[serde(default)]
    pub allowed_folders: Vec<String>,
    /// Front matter keys never sent (compared case-insensitively).
    #[serde(default = "default_private_keys")]
    pub private_keys: Vec<String>,
}

crate::json_objects::json_object!(PrivacyPolicy {
    allowed_folders: "allowedFolders" = default,
    private_keys: "privateKeys" = default(default_private_keys),
});

fn default_private_keys() -> Vec<String> {
    vec!["private".to_owned()]
}

impl Default for PrivacyPolicy {
    fn default() -> Self {
        Self { allowed_folders: Vec::new(), private_keys: default_private_keys() }
    }
}

/// Why a note is not sent at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "camelCase")]
pub enum Refusal {
    /// The allow-list is empty.
    #[error("No folder is allowed to be sent to the model yet. Add one under Assistance → Allowed folders.")]
    NoFolderAllowed,
    /// The note is outside every allowed folder.
    #[error("{path} is not in an allowed folder, so it is not sent to the model.")]
    FolderNotAllowed {
        /// The note's vault path.
        path: String,
    },
    /// The note carries the `#private` tag.
    #[error("{path} is tagged #private, so it is not sent to the model.")]
    TaggedPrivate {
        /// The note's vault path.
        path: String,
    },
    /// The note's front matter says `private: true`.
    #[error("{path} is marked private: true, so it is not sent to the model.")]
    FlaggedPrivate {
        /// The note's vault path.
        path: String,
    },
    /// The front matter could not be read, so a private flag could not be ruled out.
    #[error("The properties of {path} cannot be read, so it is not sent to the model. Fix the front matter first.")]
    UnreadableProperties {
        /// The note's vault path.
        path: String,
    },
}

/// How much the filter took out of a note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Removed {
    /// Front matter keys left out as private.
    pub private_keys: usize,
    /// `%%comments%%` replaced.
    pub comments: usize,
    /// Secret-looking spans replaced.
    pub secrets: usize,
}

/// A note as it may be sent: its properties and its body lines with their line numbers in the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendableNote {
    /// The note's vault path.
    pub path: String,
    /// The note's title.
    pub title: String,
    /// Front matter keys and values (private keys left out, secrets replaced), as `key: value` texts.
    pub properties: Vec<String>,
    /// Body lines: (1-based line number in the note, filtered text).
    pub lines: Vec<(usize, String)>,
    /// What was taken out.
    pub removed: Removed,
}

/// Whether `path` is inside one of the allowed folders (`/` allows every path; an empty entry allows none).
pub fn folder_allowed(path: &str, allowed: &[String]) -> bool {
    let path = path.trim_start_matches('/');
    allowed.iter().any(|entry| {
        if whole_vault(entry) {
            return true;
        }
        let folder = entry.trim().trim_matches('/');
        !folder.is_empty()
            && path.len() > folder.len()
            && path.starts_with(folder)
            && path.as_bytes()[folder.len()] == b'/'
    })
}

/// Reads a note through the filter, or says why it is not sent.
pub fn sendable_note(path: &str, text: &str, policy: &PrivacyPolicy) -> Result<SendableNote, Refusal> {
    if policy.allowed_folders.iter().all(|f| f.trim().is_empty()) {
        return Err(Refusal::NoFolderAllowed);
    }
    if !folder_allowed(path, &policy.allowed_folders) {
        return Err(Refusal::FolderNotAllowed { path: path.to_owned() });
    }
    let note = parse_note(text, Some(path));
    let path_owned = path.to_owned();
    if note.tags.iter().any(|t| is_private_tag(&t.name)) {
        return Err(Refusal::TaggedPrivate { path: path_owned });
    }
    if note.frontmatter_range.is_some() && note.frontmatter.is_none() {
        return Err(Refusal::UnreadableProperties { path: path_owned });
    }
    let mut removed = Removed::default();
    let mut properties = Vec::new();
    if let Some(mapping) = &note.frontmatter {
        for (key, value) in mapping {
            if key.eq_ignore_ascii_case("private") && is_true(value) {
                return Err(Refusal::FlaggedPrivate { path: path_owned });
            }
            if policy.private_keys.iter().any(|k| k.trim().eq_ignore_ascii_case(key)) {
                removed.private_keys += 1;
                continue;
            }
            let shown = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let (line, secrets) = redact_secrets(&format!("{key}: {shown}"));
            removed.secrets += secrets;
            properties.push(line.replace('\n', " "));
        }
    }
    let (body_start, first_body_line) = note.frontmatter_range.map_or((0, 1), |r| (r.end, r.end_line + 1));
    let body = &text[body_start.min(text.len())..];
    let (uncommented, comments) = without_comments(body);
    removed.comments = comments;
    let (clean, secrets) = redact_secrets(&uncommented);
    removed.secrets += secrets;
    // A front matter range ends after its closing line's break, so the body starts on the next line.
    let first = if body_start == 0 { 1 } else { first_body_line.max(1) };
    let lines = clean.split('\n').enumerate().map(|(i, l)| (first + i, l.trim_end_matches('\r').to_owned())).collect();
    Ok(SendableNote { path: path_owned, title: note.title, properties, lines, removed })
}

fn whole_vault(folder: &str) -> bool {
    let f = folder.trim();
    !f.is_empty() && f.chars().all(|c| c == '/')
}

fn is_private_tag(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower == "private" || lower.starts_with("private/")
}

fn is_true(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "yes" | "on"),
        _ => false,
    }
}

/// `text` with every `%%…%%` replaced by [`COMMENT_MARKER`] (line breaks kept), and how many there were.
pub(super) fn without_comments(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(open) = rest.find("%%") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let (inside, next) = match after.find("%%") {
            Some(close) => (&after[..close], &after[close + 2..]),
            None => (after, ""),
        };
        out.push_str(COMMENT_MARKER);
        out.extend(std::iter::repeat_n('\n', inside.matches('\n').count()));
        count += 1;
        rest = next;
    }
    out.push_str(rest);
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::SECRET_MARKER;

    fn policy(folders: &[&str]) -> PrivacyPolicy {
        PrivacyPolicy { allowed_folders: folders.iter().map(|s| (*s).to_owned()).collect(), ..Default::default() }
    }

    #[test]
    fn nothing_is_sent_until_a_folder_is_allowed() {
        assert_eq!(sendable_note("Meetings/a.md", "x", &PrivacyPolicy::default()), Err(Refusal::NoFolderAllowed));
        assert!(matches!(
            sendable_note("Private/a.md", "x", &policy(&["Meetings"])),
            Err(Refusal::FolderNotAllowed { .. })
        ));
        assert!(matches!(
            sendable_note("MeetingsOld/a.md", "x", &policy(&["Meetings"])),
            Err(Refusal::FolderNotAllowed { .. })
        ));
        assert!(sendable_note("Meetings/2026/a.md", "x", &policy(&["Meetings/"])).is_ok());
        assert!(sendable_note("anything.md", "x", &policy(&["/"])).is_ok());
    }

    #[test]
    fn private_notes_are_refused() {
        let p = policy(&["/"]);
        assert!(matches!(sendable_note("a.md", "Notes #private here", &p), Err(Refusal::TaggedPrivate { .. })));
        assert!(matches!(
            sendable_note("a.md", "---\ntags: [private/hr]\n---\nx", &p),
            Err(Refusal::TaggedPrivate { .. })
        ));
        assert!(matches!(sendable_note("a.md", "---\nprivate: true\n---\nx", &p), Err(Refusal::FlaggedPrivate { .. })));
        assert!(matches!(
            sendable_note("a.md", "---\nkey: [unclosed\n---\nx", &p),
            Err(Refusal::UnreadableProperties { .. })
        ));
        // A #private inside a comment is the comment's business: the note is sent, the comment is not.
        assert!(sendable_note("a.md", "x %%#private%% y", &p).is_ok());
    }

    #[test]
    fn private_keys_comments_and_secrets_are_left_out_with_line_numbers_kept() {
        let mut p = policy(&["/"]);
        p.private_keys.push("salary".into());
        let text = "---\ntitle: Sync\nsalary: 100k\nprivate: false\ntoken: ghp_16C7e42F292c6912E7710c838347Ae178B4a\n---\nline six %%hidden\nstill hidden%% shown\nkey AKIAIOSFODNN7EXAMPLE\n";
        let note = sendable_note("a.md", text, &p).expect("sent");
        assert_eq!(note.properties, vec!["title: Sync".to_owned(), format!("token: {SECRET_MARKER}")]);
        assert_eq!(note.removed, Removed { private_keys: 2, comments: 1, secrets: 2 });
        assert_eq!(note.lines[0], (7, format!("line six {COMMENT_MARKER}")));
        assert_eq!(note.lines[1], (8, " shown".to_owned()));
        assert_eq!(note.lines[2], (9, format!("key {SECRET_MARKER}")));
        let all = format!("{:?}", note);
        assert!(!all.contains("hidden") && !all.contains("100k") && !all.contains("AKIA"));
    }
}
