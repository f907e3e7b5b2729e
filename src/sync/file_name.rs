//! Note file names and folders for issues: template rendering, sanitising for every OS and for Obsidian links,
//! and deterministic collision resolution.
//!
//! Sanitising ([`sanitize_file_stem`]) guarantees a name that is valid on Windows, macOS, Linux, Android and
//! iOS and linkable in Obsidian:
//! - `/ \ : * ? " < > |`, Obsidian's link breakers `[ ] # ^`, and control characters become spaces; runs of
//!   whitespace become one space; runs of dots become one dot (so no `..`);
//! - leading and trailing dots and spaces are removed;
//! - the name is capped at [`MAX_STEM_BYTES`] bytes of UTF-8, cut on a character boundary and never before a
//!   combining mark, variation selector, skin tone modifier or after a zero-width joiner (cheap grapheme care);
//! - Windows reserved device names (CON, PRN, AUX, NUL, COM0–9, LPT0–9, with superscript ¹²³ too,
//!   case-insensitive, also before an extension or trailing spaces) get a `_` appended to the base: `CON_.txt`;
//! - an empty result becomes `Untitled`.
//!
//! Collisions ([`unique_note_path`]) are resolved against the set of existing vault paths, compared
//! case-insensitively (macOS and Windows file systems are): `name.md`, then `name (2).md`, `name (3).md`, … with
//! the name shortened so the suffix fits the cap. The issue key is not used as a suffix: the default template
//! already starts with it. Case-insensitivity is Unicode lowercase; Unicode normalisation (NFC vs NFD, as on
//! macOS) is not applied, so callers should pass existing paths as the vault reports them.

use std::collections::BTreeSet;

use thiserror::Error;

/// The longest file name stem, in bytes of UTF-8, before `.md`.
pub const MAX_STEM_BYTES: usize = 120;

/// Placeholders of the file name template.
pub const FILE_NAME_PLACEHOLDERS: &[&str] = &["key", "summary", "project", "type"];
/// Placeholders of the folder template.
pub const FOLDER_PLACEHOLDERS: &[&str] = &["PROJECT"];

/// Rendering a template failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    /// `{name}` is not a known placeholder.
    #[error("unknown placeholder {{{0}}}; known: {1}")]
    UnknownPlaceholder(String, String),
    /// A `{` without a closing `}`.
    #[error("unclosed \"{{\" in template")]
    Unclosed,
    /// A folder template has a `.` or `..` segment.
    #[error("folder template has a \".\" or \"..\" segment")]
    DotSegment,
}

/// What a file name template can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueNameParts<'a> {
    /// `{key}`: the issue key.
    pub key: &'a str,
    /// `{summary}`: the summary.
    pub summary: &'a str,
    /// `{project}`: the project key.
    pub project: &'a str,
    /// `{type}`: the issue type name.
    pub issue_type: &'a str,
}

/// The placeholders of `template`, in order, checked against `allowed`.
pub fn template_placeholders<'t>(template: &'t str, allowed: &[&str]) -> Result<Vec<&'t str>, TemplateError> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(TemplateError::Unclosed)?;
        let name = &after[..close];
        if !allowed.contains(&name) {
            let known = allowed.iter().map(|a| format!("{{{a}}}")).collect::<Vec<_>>().join(", ");
            return Err(TemplateError::UnknownPlaceholder(name.to_owned(), known));
        }
        found.push(name);
        rest = &after[close + 1..];
    }
    Ok(found)
}

/// Substitutes placeholders (assumed checked by `template_placeholders`).
fn substitute(template: &str, allowed: &[&str], value: impl Fn(&str) -> String) -> Result<String, TemplateError> {
    template_placeholders(template, allowed)?;
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(TemplateError::Unclosed)?;
        out.push_str(&value(&after[..close]));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Renders the file name template for an issue and sanitises it. Falls back to the key when the rendered name
/// sanitises to nothing.
pub fn render_file_stem(template: &str, parts: &IssueNameParts<'_>) -> Result<String, TemplateError> {
    let raw = substitute(template, FILE_NAME_PLACEHOLDERS, |name| {
        match name {
            "key" => parts.key,
            "summary" => parts.summary,
            "project" => parts.project,
            _ => parts.issue_type,
        }
        .to_owned()
    })?;
    let stem = clean(&raw);
    Ok(if stem.is_empty() { sanitize_file_stem(parts.key) } else { finish(stem) })
}

/// Renders a folder template for a project: segments split on `/` or `\`, each sanitised, empty ones dropped,
/// joined with `/` and without a trailing slash (`""` is the vault root).
pub fn render_folder(template: &str, project: &str) -> Result<String, TemplateError> {
    let raw = substitute(template, FOLDER_PLACEHOLDERS, |_| project.to_owned())?;
    let mut segments = Vec::new();
    for segment in raw.split(['/', '\\']) {
        match segment.trim() {
            "" => {}
            "." | ".." => return Err(TemplateError::DotSegment),
            s => segments.push(sanitize_file_stem(s)),
        }
    }
    Ok(segments.join("/"))
}

fn is_forbidden(c: char) -> bool {
    matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '[' | ']' | '#' | '^') || c.is_control()
}

/// Characters that belong to the preceding character's grapheme.
fn is_extending(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x200C | 0x200D | 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// `s` cut to at most `max` bytes, on a char boundary, not inside a (simple) grapheme cluster.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    loop {
        let next_extends = s[cut..].chars().next().is_some_and(is_extending);
        let after_joiner = s[..cut].ends_with('\u{200D}');
        if cut == 0 || !(next_extends || after_joiner) {
            return &s[..cut];
        }
        cut = s[..cut].char_indices().next_back().map_or(0, |(i, _)| i);
    }
}

fn trim_edges(s: &str) -> &str {
    s.trim_matches(|c: char| c == '.' || c.is_whitespace())
}

/// Character replacement, collapsing, edge trimming and the length cap; may return an empty string.
fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let c = if is_forbidden(c) || c.is_whitespace() { ' ' } else { c };
        let collapse = matches!(c, ' ' | '.') && out.ends_with(c);
        if !collapse {
            out.push(c);
        }
    }
    trim_edges(truncate(trim_edges(&out), MAX_STEM_BYTES)).to_owned()
}

const RESERVED: &[&str] = &["con", "prn", "aux", "nul"];

/// Whether `stem` is a Windows reserved device name (its part before the first dot, trailing spaces ignored).
pub fn is_reserved_name(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or_default().trim_end().to_lowercase();
    if RESERVED.contains(&base.as_str()) {
        return true;
    }
    let mut chars = base.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let digit: Vec<char> = chars.collect();
    (prefix == "com" || prefix == "lpt") && matches!(digit.as_slice(), [c] if c.is_ascii_digit() || "¹²³".contains(*c))
}

/// Reserved-name fix-up and empty fallback of a cleaned name.
fn finish(stem: String) -> String {
    if stem.is_empty() {
        return "Untitled".to_owned();
    }
    if !is_reserved_name(&stem) {
        return stem;
    }
    let base_len = stem.split('.').next().unwrap_or_default().trim_end().len();
    let mut fixed = format!("{}_{}", &stem[..base_len], &stem[base_len..]);
    if fixed.len() > MAX_STEM_BYTES {
        // The tail is long (the base is at most 4 characters), so cutting it keeps `CON_`.
        fixed = trim_edges(truncate(&fixed, MAX_STEM_BYTES)).to_owned();
    }
    fixed
}

/// A file name stem (without `.md`) safe on every OS and in Obsidian links. See the module documentation.
pub fn sanitize_file_stem(raw: &str) -> String {
    finish(clean(raw))
}

/// The vault path for a new note named `stem` in `folder` (`""` = vault root) that is not in `existing`
/// (compared case-insensitively): `folder/stem.md`, else `folder/stem (2).md`, `(3)`, … `stem` is sanitised.
pub fn unique_note_path(folder: &str, stem: &str, existing: &BTreeSet<String>) -> String {
    let taken: BTreeSet<String> = crate::sort::collect_set(existing.iter().map(|p| p.to_lowercase()));
    unique_note_path_by(folder, stem, |lower| taken.contains(lower))
}

/// [`unique_note_path`] with the taken paths given as a test: `taken(p)` gets a candidate path lowercased
/// (`str::to_lowercase`) and says whether a path that lowercases to it exists. `taken` must hold for finitely
/// many paths.
pub fn unique_note_path_by(folder: &str, stem: &str, taken: impl Fn(&str) -> bool) -> String {
    let folder = folder.trim_end_matches('/');
    let path = |name: &str| if folder.is_empty() { format!("{name}.md") } else { format!("{folder}/{name}.md") };
    let stem = sanitize_file_stem(stem);
    // Terminates: the candidates are pairwise different (distinct ` (n)` suffixes) and only finitely many paths
    // are taken.
    let mut n = 1usize;
    loop {
        let candidate = if n == 1 {
            stem.clone()
        } else {
            let suffix = format!(" ({n})");
            sanitize_file_stem(&format!("{}{suffix}", truncate(&stem, MAX_STEM_BYTES - suffix.len())))
        };
        let p = path(&candidate);
        if !taken(&p.to_lowercase()) {
            return p;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTS: IssueNameParts<'static> =
        IssueNameParts { key: "OPS-12", summary: "Fix: login <now>?", project: "OPS", issue_type: "Bug" };

    #[test]
    fn renders_templates() {
        assert_eq!(render_file_stem("{key} {summary}", &PARTS), Ok("OPS-12 Fix login now".into()));
        assert_eq!(render_file_stem("{project}/{type}-{key}", &PARTS), Ok("OPS Bug-OPS-12".into()));
        assert_eq!(render_file_stem("{summary}", &IssueNameParts { summary: " ..?? ", ..PARTS }), Ok("OPS-12".into()));
        assert!(
            matches!(render_file_stem("{nope}", &PARTS), Err(TemplateError::UnknownPlaceholder(n, _)) if n == "nope")
        );
        assert_eq!(render_file_stem("{key", &PARTS), Err(TemplateError::Unclosed));
        assert_eq!(render_folder("Jira/{PROJECT}/", "OPS"), Ok("Jira/OPS".into()));
        assert_eq!(render_folder("/Work\\Jira: {PROJECT}//", "OPS"), Ok("Work/Jira OPS".into()));
        assert_eq!(render_folder("", "OPS"), Ok(String::new()));
        assert_eq!(render_folder("a/../b", "OPS"), Err(TemplateError::DotSegment));
        assert!(render_folder("{project}", "OPS").is_err());
    }

    #[test]
    fn sanitises_forbidden_characters() {
        assert_eq!(sanitize_file_stem("a/b\\c:d*e?f\"g<h>i|j"), "a b c d e f g h i j");
        assert_eq!(sanitize_file_stem("[[link]] #tag ^block"), "link tag block");
        assert_eq!(sanitize_file_stem("tab\there\nnew\u{7}bell"), "tab here new bell");
        assert_eq!(sanitize_file_stem("  ..hidden.. "), "hidden");
        assert_eq!(sanitize_file_stem("v1..2...final."), "v1.2.final");
        assert_eq!(sanitize_file_stem("/?*"), "Untitled");
        assert_eq!(sanitize_file_stem("Ünïcödé 日本語 ok"), "Ünïcödé 日本語 ok");
    }

    #[test]
    fn reserved_windows_names_are_changed() {
        for name in ["CON", "con", "Prn", "aux", "NUL", "com1", "COM9", "lpt1", "LPT9", "com¹"] {
            assert!(is_reserved_name(name), "{name}");
            assert_eq!(sanitize_file_stem(name), format!("{name}_"));
        }
        assert_eq!(sanitize_file_stem("con.txt"), "con_.txt");
        assert_eq!(sanitize_file_stem("NUL .tar.gz"), "NUL_ .tar.gz");
        for name in ["CONSOLE", "COM10", "LPT", "icon", "aux-1"] {
            assert!(!is_reserved_name(name), "{name}");
            assert_eq!(sanitize_file_stem(name), name);
        }
        let long = format!("con.{}", "x".repeat(200));
        let fixed = sanitize_file_stem(&long);
        assert!(fixed.starts_with("con_.") && fixed.len() <= MAX_STEM_BYTES);
    }

    #[test]
    fn length_cap_respects_chars_and_graphemes() {
        let s = "é".repeat(100); // 200 bytes
        let out = sanitize_file_stem(&s);
        assert_eq!(out.len(), 120);
        let s = format!("{}e\u{301}", "a".repeat(119)); // e + combining acute straddles the cap
        assert_eq!(sanitize_file_stem(&s), "a".repeat(119));
        let family = "\u{1F468}\u{200D}\u{1F469}"; // man ZWJ woman: 4 + 3 + 4 bytes
        let s = format!("{}{family}", "a".repeat(113));
        assert_eq!(sanitize_file_stem(&s), "a".repeat(113));
        let s = format!("{} .. b", "a".repeat(119));
        assert_eq!(sanitize_file_stem(&s), "a".repeat(119));
    }

    #[test]
    fn collisions_get_numbered_suffixes() {
        let mut existing: BTreeSet<String> = BTreeSet::new();
        let first = unique_note_path("Jira/OPS", "OPS-1 Fix", &existing);
        assert_eq!(first, "Jira/OPS/OPS-1 Fix.md");
        existing.insert("jira/ops/ops-1 fix.md".into());
        assert_eq!(unique_note_path("Jira/OPS/", "OPS-1 Fix", &existing), "Jira/OPS/OPS-1 Fix (2).md");
        existing.insert("Jira/OPS/OPS-1 Fix (2).md".into());
        assert_eq!(unique_note_path("Jira/OPS", "OPS-1 Fix", &existing), "Jira/OPS/OPS-1 Fix (3).md");
        assert_eq!(unique_note_path("", "a:b", &existing), "a b.md");
        let long = "x".repeat(150);
        existing.insert(format!("{}.md", "x".repeat(120)));
        assert_eq!(unique_note_path("", &long, &existing), format!("{} (2).md", "x".repeat(116)));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn nasty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("CON".to_owned()),
            Just("lpt1".to_owned()),
            Just(".".to_owned()),
            Just(" ".to_owned()),
            Just("\u{301}".to_owned()),
            Just("\u{200D}".to_owned()),
            Just("é".to_owned()),
            Just("日".to_owned()),
            "[a-c]{1,40}",
            "[/\\\\:*?\"<>|\\[\\]#^\\x00-\\x1f]",
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn sanitised_names_are_always_valid(raw in nasty()) {
            let s = sanitize_file_stem(&raw);
            prop_assert!(!s.is_empty() && s.len() <= MAX_STEM_BYTES);
            prop_assert!(!s.chars().any(is_forbidden));
            prop_assert!(!is_reserved_name(&s));
            prop_assert!(!s.contains(".."));
            prop_assert!(!s.starts_with(['.', ' ']) && !s.ends_with(['.', ' ']));
            prop_assert_eq!(sanitize_file_stem(&s), s.clone());
        }

        #[test]
        fn collisions_never_produce_duplicates(stems in prop::collection::vec(nasty(), 1..12)) {
            let mut existing = BTreeSet::new();
            for stem in &stems {
                let p = unique_note_path("Jira/OPS", stem, &existing);
                let stem_part = p.trim_start_matches("Jira/OPS/").trim_end_matches(".md");
                prop_assert!(stem_part.len() <= MAX_STEM_BYTES);
                prop_assert!(!existing.iter().any(|e: &String| e.to_lowercase() == p.to_lowercase()));
                existing.insert(p);
            }
            prop_assert_eq!(existing.len(), stems.len());
        }
    }
}
