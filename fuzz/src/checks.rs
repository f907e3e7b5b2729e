//! The properties the fuzz targets check, one function per target.
//!
//! This file is shared: the fuzz targets call it through the fuzz crate, and the main crate's
//! `tests/fuzz_regressions.rs` includes it with `#[path]`, so every minimised crash kept under
//! `tests/fixtures/fuzz/` replays the very same check in `cargo test`. It may therefore only use what the main
//! crate's tests can: `jira_vault_sync`, `serde_json` and `pulldown_cmark`. Each check panics (with the input
//! in the message) when a property fails; returning means the input is fine.

use jira_vault_sync::frontmatter::{self, Changes, Mapping};
use jira_vault_sync::text::Position;
use jira_vault_sync::{adf, convert, markdown, wiki};
use serde_json::Value;

/// `parse_note` never panics, every position it reports is a real place in the text (a character boundary,
/// with the line and column of that offset), spans are in order, and the note serialises to JSON.
pub fn parse_note(text: &str) {
    let note = jira_vault_sync::parse_note(text, Some("folder/Fuzzed note.md"));
    let at = |what: &str, line: usize, column: usize, offset: usize| {
        assert!(offset <= text.len() && text.is_char_boundary(offset), "{what} at byte {offset} in {text:?}");
        let p = Position::of(text, offset);
        assert_eq!((p.line, p.column), (line, column), "{what} at byte {offset} in {text:?}");
    };
    for d in &note.diagnostics {
        at(d.code, d.line, d.column, d.offset);
    }
    for h in &note.headings {
        at("heading", h.line, h.column, h.offset);
    }
    for t in &note.tags {
        at("tag", t.line, t.column, t.offset);
    }
    for k in &note.jira_keys {
        at("jira key", k.line, k.column, k.offset);
        assert!(text[k.offset..].starts_with(&k.key), "jira key {:?} not at {} in {text:?}", k.key, k.offset);
    }
    for l in &note.wiki_links {
        at("wiki link", l.line, l.column, l.offset);
        assert!(text[l.offset..].starts_with(&l.raw), "wiki link {:?} not at {} in {text:?}", l.raw, l.offset);
    }
    for t in &note.tasks {
        at("task", t.line, t.column, t.offset);
        assert!(t.parent.is_none_or(|p| p < note.tasks.len()), "task parent out of range in {text:?}");
    }
    if let Some(r) = note.frontmatter_range {
        assert!(r.start <= r.end && r.end <= text.len(), "front matter range {r:?} in {text:?}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "front matter range {r:?} in {text:?}");
    }
    assert!(serde_json::to_string(&note).is_ok(), "note of {text:?} does not serialise");
}

/// The mapping `changes` should leave: set keys take their value (new keys at the end), removed keys go.
fn apply(mut mapping: Mapping, changes: &Changes) -> Mapping {
    for (k, v) in changes.iter() {
        match v {
            Some(v) => {
                mapping.insert(k.to_owned(), v.clone());
            }
            None => {
                mapping.shift_remove(k);
            }
        }
    }
    mapping
}

/// `update_frontmatter` never panics; when it succeeds, `parse_note` reads back exactly the intended mapping
/// (the old one with the changes applied) and the body after the block is unchanged.
pub fn update_frontmatter(text: &str, changes: &Changes) {
    let Ok(out) = frontmatter::update_frontmatter(text, changes) else { return };
    let before = frontmatter::parse(text);
    if changes.is_empty() {
        assert_eq!(out, text, "no changes must mean no edit");
        return;
    }
    // A note whose block is malformed is only returned unchanged (changes that change nothing).
    let Some(mapping) = before.mapping.clone().or_else(|| before.range.is_none().then(Mapping::new)) else {
        assert_eq!(out, text, "malformed front matter was edited: {changes:?}");
        return;
    };
    let expected = apply(mapping, changes);
    let after = jira_vault_sync::parse_note(&out, None);
    if before.range.is_none() && expected.is_empty() {
        assert_eq!(out, text, "a block was created for nothing: {changes:?}");
        return;
    }
    assert_eq!(
        after.frontmatter.as_ref(),
        Some(&expected),
        "values do not read back\n--- note ---\n{text:?}\n--- changes ---\n{changes:?}\n--- written ---\n{out:?}\n--- diagnostics ---\n{:?}",
        after.diagnostics
    );
    let body = |t: &str, start: usize| t[start..].trim_start_matches('\u{feff}').to_owned();
    let new_start = after.frontmatter_range.map_or(0, |r| r.end);
    assert_eq!(
        body(text, before.range.map_or(0, |r| r.end)),
        body(&out, new_start),
        "body changed: {text:?} → {out:?}"
    );
}

/// Markdown → ADF → Markdown: the converter's own ADF is valid, its Markdown means the same ADF, and a second
/// trip changes nothing (the Markdown a pull writes is a fixed point of the round trip).
pub fn markdown_roundtrip(md: &str) {
    let adf1 = markdown::markdown_to_adf(md);
    let md1 = adf::adf_to_markdown(&adf1).unwrap_or_else(|e| panic!("own ADF of {md:?} rejected: {e}\n{adf1}"));
    let adf2 = markdown::markdown_to_adf(&md1);
    assert_eq!(
        adf::normalise(&adf2),
        adf::normalise(&adf1),
        "meaning changed\n--- input ---\n{md:?}\n--- markdown ---\n{md1:?}"
    );
    let md2 = adf::adf_to_markdown(&adf2).unwrap_or_else(|e| panic!("own ADF of {md1:?} rejected: {e}"));
    assert_eq!(md2, md1, "second trip changed the Markdown\n--- input ---\n{md:?}");
}

/// Wiki → ADF → wiki and wiki → ADF → Markdown: both writers accept the reader's ADF, each output reads back
/// to the same ADF, and a second trip changes nothing.
pub fn wiki_roundtrip(w: &str) {
    let adf1 = wiki::wiki_to_adf(w);
    let w1 = wiki::adf_to_wiki(&adf1).unwrap_or_else(|e| panic!("own ADF of {w:?} rejected by adf_to_wiki: {e}"));
    let adf2 = wiki::wiki_to_adf(&w1);
    assert_eq!(
        wiki::normalise(&adf2),
        wiki::normalise(&adf1),
        "meaning changed via wiki\n--- input ---\n{w:?}\n--- wiki ---\n{w1:?}"
    );
    let w2 = wiki::adf_to_wiki(&adf2).unwrap_or_else(|e| panic!("own ADF of {w1:?} rejected: {e}"));
    assert_eq!(w2, w1, "second wiki trip changed the text\n--- input ---\n{w:?}");

    let md1 = convert::wiki_to_markdown(w).unwrap_or_else(|e| panic!("own ADF of {w:?} rejected: {e}"));
    assert_inert_markdown(&md1);
    let md2 = adf::adf_to_markdown(&markdown::markdown_to_adf(&md1))
        .unwrap_or_else(|e| panic!("own ADF of {md1:?} rejected: {e}"));
    assert_eq!(md2, md1, "second Markdown trip changed the text\n--- input ---\n{w:?}");
}

/// Any JSON into `adf_to_markdown` and `adf_to_wiki`: never a panic; on success the Markdown is inert, and the
/// wiki markup, read back and written as Markdown, is inert too.
pub fn adf_json(doc: &Value) {
    if let Ok(md) = adf::adf_to_markdown(doc) {
        assert_inert_markdown(&md);
    }
    if let Ok(w) = wiki::adf_to_wiki(doc) {
        let md = convert::wiki_to_markdown(&w).unwrap_or_else(|e| panic!("wiki reader's ADF rejected: {e}\n{w:?}"));
        assert_inert_markdown(&md);
    }
}

/// Code-block languages an Obsidian plugin runs (lower-case; a trailing `*` is a prefix). The converter keeps
/// its own list; this one is the test's, written from the plugins' documentation.
const EXECUTED_LANGUAGES: &[&str] =
    &["dataview", "dataviewjs", "js-engine", "button", "meta-bind*", "run-*", "exec*", "templater*", "tasks", "query"];

/// The HTML tags the Markdown writer may emit: its reversible `<span data-adf…>` forms and a few inert
/// formatting tags. Anything else (script, img, iframe, a, style, on* attributes…) is live HTML.
fn allowed_tag(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let plain = ["br", "strong", "em", "del", "mark", "u", "sub", "sup", "span"].contains(&name.as_str());
    if !plain {
        return false;
    }
    // Attributes: only `data-adf…='…'` on span.
    let attrs = tag.trim_start_matches('<').trim_start_matches('/')[name.len()..].trim_end_matches('>').trim();
    attrs.is_empty() || (name == "span" && is_data_adf_attribute(attrs))
}

/// Exactly one attribute `data-adf` or `data-adf-<word>` with a quoted value (the value may be cut off where
/// an HTML block line ends).
fn is_data_adf_attribute(attrs: &str) -> bool {
    let Some(rest) = attrs.strip_prefix("data-adf") else { return false };
    let rest = rest.strip_prefix('-').map_or(rest, |r| r.trim_start_matches(|c: char| c.is_ascii_lowercase()));
    let Some(value) = rest.strip_prefix('=') else { return false };
    let Some(q) = value.chars().next().filter(|c| *c == '\'' || *c == '"') else { return false };
    match value[1..].find(q) {
        Some(end) => value[1 + end + 1..].trim().trim_end_matches('/').is_empty(),
        None => true,
    }
}

/// Every tag in a chunk of raw HTML (`<…>` up to the next `>`).
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start..];
        // A `<` not followed by a name or `/` is text to an HTML parser.
        if !after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?') {
            rest = &after[1..];
            continue;
        }
        // Quoted attribute values may hold `>`.
        let mut end = after.len();
        let mut quote = None;
        for (i, c) in after.char_indices().skip(1) {
            match (quote, c) {
                (None, '\'' | '"') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

fn dangerous_href(href: &str) -> bool {
    let cleaned: String =
        href.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:", "file:"].iter().any(|s| cleaned.starts_with(s))
}

/// Markdown written from Jira content is inert: read with every pulldown-cmark extension on, it has no front
/// matter, no link or image to a `javascript:`/`data:`/`vbscript:`/`file:` target, no HTML beyond the writer's
/// own inert tags, no code block in a language a plugin executes, no code span Dataview or Meta Bind would
/// evaluate, and no Templater `<% %>` anywhere.
pub fn assert_inert_markdown(md: &str) {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
    assert!(!md.contains("<%"), "Templater command in {md:?}");
    for event in Parser::new_ext(md, Options::all()) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => panic!("front matter in {md:?}"),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                assert!(!dangerous_href(&dest_url), "live link to {dest_url:?} in {md:?}");
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                for tag in tags(&h) {
                    assert!(allowed_tag(tag), "live HTML {tag:?} in {md:?}");
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = info.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
                let executed = EXECUTED_LANGUAGES.iter().any(|pat| match pat.strip_suffix('*') {
                    Some(prefix) => lang.starts_with(prefix),
                    None => lang == *pat,
                });
                assert!(!executed, "executable code block {info:?} in {md:?}");
            }
            Event::Code(code) => {
                let t = code.trim_start();
                let evaluated = t.starts_with('=')
                    || t.starts_with("$=")
                    || ["INPUT[", "VIEW[", "BUTTON[", "BIND["].iter().any(|p| t.starts_with(p));
                assert!(!evaluated, "evaluated code span {code:?} in {md:?}");
            }
            _ => {}
        }
    }
}
