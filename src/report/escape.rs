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

use crate::text::fixed_decimals;

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
    if plain(s) {
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

/// Writes a Markdown table cell's text ([`md_cell`]) at the end of `out`; text that needs no escaping (the
/// common case: numbers, dates, names) is copied as it is, without an intermediate string.
pub fn push_md_cell(out: &mut String, s: &str) {
    if plain(s) && !s.contains('|') { out.push_str(s) } else { out.push_str(&md_cell(s)) }
}

/// Whether [`md_text`] gives `s` back unchanged: printable ASCII without a character it escapes, and no
/// surrounding spaces.
fn plain(s: &str) -> bool {
    let special =
        |b: u8| !(0x20..0x7f).contains(&b) || matches!(b, b'&' | b'<' | b'>' | b'[' | b']' | b'`' | b'%' | b'$');
    !s.bytes().any(special) && !s.starts_with(' ') && !s.ends_with(' ')
}

/// A finite number with at most `decimals` decimals (`NaN` and infinities are written as 0).
pub fn number(v: f64, decimals: usize) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    if let Some(s) = fixed_decimals(v, decimals) {
        return s;
    }
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

    /// The integer path ([`fixed_decimals`]) writes what the float formatter writes, near ties and signs included.
    #[test]
    fn numbers_by_integers_are_the_formatters_numbers() {
        let formatted = |v: f64, d: usize| {
            let s = format!("{v:.d$}");
            if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') { format!("{:.d$}", 0.0) } else { s }
        };
        let mut values = vec![0.0, -0.0, 0.05, 0.15, 0.25, 0.35, 2.25, 2.26, -2.25, -0.04, 0.5, 1.5, 2.5, 1e11 + 0.5];
        values.extend([1e12, 3e12 + 0.25, -7.45, 123_456.789, 0.0005, 0.0015, 99.95, 99.949_999]);
        // A deterministic sweep over magnitudes and fractions (a small LCG; no randomness in the core's tests).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..50_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let mantissa = (x >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = ((x >> 3) % 16) as i32 - 4;
            let sign = if x & 1 == 0 { 1.0 } else { -1.0 };
            values.push(sign * mantissa * 10f64.powi(exponent));
            // Decimal-looking values (hours with one or two decimals, shares) sit on or near ties.
            values.push(sign * ((x >> 20) % 1_000_000) as f64 / [10.0, 100.0, 1000.0, 3600.0][(x >> 40) as usize % 4]);
        }
        for v in values {
            for d in 0..=3 {
                assert_eq!(number(v, d), formatted(v, d), "{v:e} with {d} decimals");
            }
        }
    }
}
