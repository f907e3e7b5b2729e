//! Escaping of untrusted text (Jira summaries, names, statuses) for the places a report writes it: Mermaid
//! labels, SVG/XML text and attributes, and Markdown text and table cells.
//!
//! Invariants:
//! - [`mermaid_label`] keeps only letters, digits, spaces and a short list of punctuation that no Mermaid
//!   grammar gives a meaning inside a label; everything else (quotes, `%`, `#`, `;`, `<`, `>`, `&`, `{`, `}`,
//!   `` ` ``, line breaks, control characters) becomes a space, so no label can close its quotes, start a
//!   comment or `%%{init}` directive, decode an entity or carry HTML. Runs of spaces collapse; the result is
//!   at most [`MAX_LABEL_CHARS`] characters (an ellipsis marks a cut) and never empty (`-`).
//! - [`xml_text`] escapes `&`, `<`, `>`, `"` and `'` and drops characters XML 1.0 forbids, so the text
//!   is safe in element content and in quoted attribute values.
//! - [`md_text`] and [`md_cell`] keep Markdown prose inert: HTML-significant characters become entities,
//!   wiki-link and embed brackets, code ticks, Obsidian's `%%` comments and `$` math are backslash-escaped, pipes are escaped in cells and line breaks become spaces.

/// The longest label a chart shows, in characters.
pub const MAX_LABEL_CHARS: usize = 48;

/// Where a Mermaid label goes (a gantt task name cannot hold `:`, which ends it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelContext {
    /// Inside double quotes (xychart axis labels and titles, pie slices).
    Quoted,
    /// Bare text up to the end of the line or a `:` (gantt titles, sections and task names).
    Bare,
}

fn allowed(c: char, context: LabelContext) -> bool {
    c.is_alphanumeric()
        || c == ' '
        || matches!(c, '-' | '_' | '.' | ',' | '/' | '(' | ')' | '+' | '\'' | '!' | '?' | '@' | '*' | '=' | '[' | ']')
        || (c == ':' && context == LabelContext::Quoted)
}

/// A Mermaid-safe label (see the module invariants).
pub fn mermaid_label(s: &str, context: LabelContext) -> String {
    let replaced: String = s.chars().map(|c| if allowed(c, context) { c } else { ' ' }).collect();
    let words: Vec<&str> = replaced.split(' ').filter(|w| !w.is_empty()).collect();
    let joined = words.join(" ");
    let out = if joined.chars().count() > MAX_LABEL_CHARS {
        let cut: String = joined.chars().take(MAX_LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        joined
    };
    if out.is_empty() { "-".to_owned() } else { out }
}

/// Text escaped for XML element content and quoted attribute values.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// Markdown prose on one line: HTML characters as entities, `[[`/`![[` broken, line breaks as spaces.
pub fn md_text(s: &str) -> String {
    // Most labels are printable ASCII without any character handled below and without surrounding spaces:
    // they come back as they are, without the passes (same result, no intermediate strings).
    let special =
        |b: u8| !(0x20..0x7f).contains(&b) || matches!(b, b'&' | b'<' | b'>' | b'[' | b']' | b'`' | b'%' | b'$');
    if !s.bytes().any(special) && !s.starts_with(' ') && !s.ends_with(' ') {
        return s.to_owned();
    }
    let one_line = s.split(['\n', '\r']).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len());
    for c in one_line.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '`' => out.push_str("\\`"),
            '%' => out.push_str("\\%"),
            '$' => out.push_str("\\$"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table cell: [`md_text`] with pipes escaped.
pub fn md_cell(s: &str) -> String {
    let text = md_text(s);
    if text.contains('|') { text.replace('|', "\\|") } else { text }
}

/// A finite number with at most `decimals` decimals (`NaN` and infinities are written as 0).
pub fn number(v: f64, decimals: usize) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.decimals$}");
    // `-0.0` would print as "-0.0".
    if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') { format!("{:.decimals$}", 0.0) } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_everything_mermaid_could_read() {
        let evil = "%%{init: {'theme':'dark'}}%%\n\"; <img src=x onerror=alert(1)> #60; `x` {y}";
        let l = mermaid_label(evil, LabelContext::Quoted);
        for bad in ["%", "\"", "<", ">", "#", ";", "{", "`", "\n"] {
            assert!(!l.contains(bad), "{l:?} contains {bad:?}");
        }
        assert_eq!(mermaid_label("a: b", LabelContext::Bare), "a b");
        assert_eq!(mermaid_label("a: b", LabelContext::Quoted), "a: b");
        assert_eq!(mermaid_label("  ", LabelContext::Quoted), "-");
        assert_eq!(mermaid_label("Über  café", LabelContext::Quoted), "Über café");
        let long = mermaid_label(&"x".repeat(100), LabelContext::Quoted);
        assert_eq!(long.chars().count(), MAX_LABEL_CHARS);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn xml_and_markdown_escapes() {
        assert_eq!(xml_text("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(md_cell("a|b\n<script>[[x]]"), "a\\|b &lt;script&gt;\\[\\[x\\]\\]");
        assert_eq!(number(f64::NAN, 1), "0.0");
        assert_eq!(number(-0.01, 1), "0.0");
        assert_eq!(number(2.26, 1), "2.3");
    }
}
