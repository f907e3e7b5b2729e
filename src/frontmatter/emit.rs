//! Writing JSON values as YAML that reads back as exactly the same values.
//!
//! Strings are plain only when no YAML reader could take them for something else (a number, a boolean in
//! YAML 1.1's `yes`/`on` sense, null, an indicator, a comment); otherwise they are double-quoted with escapes.
//! Multi-line strings become literal block scalars (`|` or `|-` after their final newline, with an indentation
//! indicator when they start with a space or an empty line) unless they hold characters a block scalar cannot
//! carry. Keep chomping (`|+`) is never written: blank lines that happen to follow the entry in the note would
//! become part of the value, so strings ending in several newlines are double-quoted instead. Lists and
//! mappings are written in block style, or in flow style (`[a, b]`) when asked to match an existing flow list.
//! Every line written ends with the note's line ending.

use serde_json::Value;

use super::schema;

/// How values are written: the note's line ending, and whether multi-line strings may be block scalars
/// (the editor falls back to double quotes when the lines after an entry would change a block scalar).
#[derive(Clone, Copy)]
pub(crate) struct Style<'a> {
    /// `\n` or `\r\n`.
    pub eol: &'a str,
    /// Whether to write multi-line strings as `|` block scalars.
    pub block_scalars: bool,
}

/// Where a value is written: after `key:` or `-` in block style, or inside `[...]`/`{...}`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Flow,
}

/// Writes the part of a `key: value` entry after the colon, for a key at column `indent`: ` value` and a line
/// ending, or a line ending and the indented lines of a block value. Lists are written `[a, b]` when `flow`.
pub(crate) fn after_key(out: &mut String, value: &Value, indent: usize, flow: bool, style: Style<'_>) {
    match value {
        Value::Array(items) if flow || items.is_empty() => {
            out.push(' ');
            flow_value(out, value);
            out.push_str(style.eol);
        }
        Value::Array(items) => {
            out.push_str(style.eol);
            for item in items {
                push_indent(out, indent + 2);
                out.push('-');
                after_dash(out, item, indent + 2, style);
            }
        }
        Value::Object(map) if !map.is_empty() => {
            out.push_str(style.eol);
            for (k, v) in map {
                push_indent(out, indent + 2);
                out.push_str(&key(k));
                out.push(':');
                after_key(out, v, indent + 2, false, style);
            }
        }
        _ => scalar_line(out, value, indent, style),
    }
}

/// Writes a sequence item after its `-` at column `indent`. Nested collections use the compact form
/// (`- - a`, `- k: v`), whose content sits at `indent + 2`.
fn after_dash(out: &mut String, value: &Value, indent: usize, style: Style<'_>) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                if i == 0 {
                    out.push(' ');
                } else {
                    push_indent(out, indent + 2);
                }
                out.push('-');
                after_dash(out, item, indent + 2, style);
            }
        }
        Value::Object(map) if !map.is_empty() => {
            for (i, (k, v)) in map.iter().enumerate() {
                if i == 0 {
                    out.push(' ');
                } else {
                    push_indent(out, indent + 2);
                }
                out.push_str(&key(k));
                out.push(':');
                after_key(out, v, indent + 2, false, style);
            }
        }
        Value::Array(_) | Value::Object(_) => {
            out.push(' ');
            flow_value(out, value);
            out.push_str(style.eol);
        }
        _ => scalar_line(out, value, indent, style),
    }
}

/// ` scalar` and a line ending, or a block scalar whose lines sit at `indent + 2`.
fn scalar_line(out: &mut String, value: &Value, indent: usize, style: Style<'_>) {
    if let Value::String(s) = value {
        if style.block_scalars && block_scalar_ok(s) {
            block_scalar(out, s, indent, style.eol);
        } else {
            out.push(' ');
            out.push_str(&scalar(s, Context::Block));
            out.push_str(style.eol);
        }
        return;
    }
    out.push(' ');
    flow_value(out, value);
    out.push_str(style.eol);
}

/// A value on one line: a scalar, or a flow collection `[a, {k: v}]`.
fn flow_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // serde_json writes integers as digits and floats with a `.` or an exponent: core schema numbers.
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&scalar(s, Context::Flow)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&key(k));
                out.push_str(": ");
                flow_value(out, v);
            }
            out.push('}');
        }
    }
}

/// A mapping key: plain when safe in any context, else double-quoted.
pub(crate) fn key(k: &str) -> String {
    if plain_ok(k, Context::Flow) && !k.contains(':') { k.to_owned() } else { double_quoted(k) }
}

/// A string scalar on one line.
fn scalar(s: &str, context: Context) -> String {
    if plain_ok(s, context) { s.to_owned() } else { double_quoted(s) }
}

/// Characters a YAML reader may treat as a line break, a byte order mark or a non-character.
fn is_special(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether `s` can be written as a plain scalar and read back as the same string by YAML 1.1 and 1.2 readers.
fn plain_ok(s: &str, context: Context) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if s.starts_with(' ') || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`=".contains(first) || s.starts_with("<<") {
        return false;
    }
    if s.chars().any(|c| c.is_control() || is_special(c)) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") {
        return false;
    }
    // In flow context also no flow indicators, and no ` -`/` ?` (saphyr-parser rejects `[a -]`).
    if context == Context::Flow && (s.contains([',', '[', ']', '{', '}', ':']) || s.contains(" -") || s.contains(" ?"))
    {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if ["yes", "no", "on", "off", "y", "n", "true", "false", "null", "~", ".inf", "-.inf", "+.inf", ".nan"]
        .contains(&lower.as_str())
    {
        return false;
    }
    !number_like(s) && schema::resolve_plain(s).is_string()
}

/// Strings some YAML reader may read as a number: a sign, a digit or a dot followed by a digit, and then only
/// digits, letters of hex/octal/binary/exponent notation, `_`, `.`, `:` (YAML 1.1 sexagesimal) and signs.
/// ISO dates (`2024-03-20`) are left plain: every reader the sync meets keeps or round-trips them as written.
fn number_like(s: &str) -> bool {
    let b = s.as_bytes();
    let start = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let body = &b[start..];
    let numeric_start = match body {
        [d, ..] if d.is_ascii_digit() => true,
        [b'.', d, ..] if d.is_ascii_digit() => true,
        _ => false,
    };
    let is_date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    numeric_start && !is_date && body.iter().all(|c| c.is_ascii_hexdigit() || b"xXoObB_.:+-".contains(c))
}

/// `"..."` with YAML escapes for `\`, `"`, control characters and line-break-like characters.
pub(crate) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x100 && c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if is_special(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a multi-line string can be a literal block scalar and read back unchanged: it has a line break and
/// a non-blank character, at most one final newline, only printable characters and tabs, and no line ending in
/// a space or tab (trailing blanks and blank-only lines are where readers disagree).
fn block_scalar_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with("\n\n")
        && s.chars().any(|c| !c.is_whitespace())
        && !s.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || is_special(c))
        && !s.split('\n').any(|line| line.ends_with([' ', '\t']))
}

/// ` |` (with indicator and chomping), a line ending, then the lines of `s` at `indent + 2`. `s` ends with at
/// most one newline (see [`block_scalar_ok`]).
fn block_scalar(out: &mut String, s: &str, indent: usize, eol: &str) {
    let chomping = if s.ends_with('\n') { "" } else { "-" };
    out.push_str(" |");
    // An explicit indentation when the first line could be mistaken for indentation (or is empty).
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    out.push_str(chomping);
    out.push_str(eol);
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        if !line.is_empty() {
            push_indent(out, indent + 2);
            out.push_str(line);
        }
        out.push_str(eol);
    }
}

fn push_indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(v: Value, flow: bool) -> String {
        let mut out = String::from("k:");
        after_key(&mut out, &v, 0, flow, Style { eol: "\n", block_scalars: true });
        out
    }

    #[test]
    fn plain_when_unambiguous_quoted_otherwise() {
        assert_eq!(entry(json!("hello world"), false), "k: hello world\n");
        assert_eq!(entry(json!("2024-03-20"), false), "k: 2024-03-20\n");
        assert_eq!(entry(json!("Ünïcødé ✓"), false), "k: Ünïcødé ✓\n");
        for s in [
            "",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "-x",
            "?x",
            "*x",
            "&x",
            "!x",
            "|x",
            ">x",
            "'x",
            "\"x",
            "%x",
            "@x",
            "`x",
            "[x",
            "{x",
            "yes",
            "No",
            "ON",
            "off",
            "TRUE",
            "null",
            "~",
            "0x1F",
            "1e3",
            ".5",
            "1_000",
            "12",
            "1.0",
            "+1",
            "0o17",
            "1:20",
            ".inf",
            "ends:",
            "tab\there",
            "bell\u{7}",
        ] {
            let out = entry(json!(s), false);
            assert!(out.starts_with("k: \""), "{s:?} → {out:?}");
        }
        assert_eq!(entry(json!("say \"hi\"\\"), false), "k: say \"hi\"\\\n");
        assert_eq!(entry(json!("\"hi\"\\"), false), "k: \"\\\"hi\\\"\\\\\"\n");
        assert_eq!(entry(json!("a\u{2028}b\u{feff}"), false), "k: \"a\\Lb\\uFEFF\"\n");
    }

    #[test]
    fn scalars_numbers_and_null() {
        assert_eq!(entry(json!(null), false), "k: null\n");
        assert_eq!(entry(json!(true), false), "k: true\n");
        assert_eq!(entry(json!(-3), false), "k: -3\n");
        assert_eq!(entry(json!(1.5), false), "k: 1.5\n");
    }

    #[test]
    fn block_scalars_choose_chomping_and_indicator() {
        assert_eq!(entry(json!("a\nb"), false), "k: |-\n  a\n  b\n");
        assert_eq!(entry(json!("a\n\nb\n"), false), "k: |\n  a\n\n  b\n");
        assert_eq!(entry(json!("a\n\n"), false), "k: \"a\\n\\n\"\n");
        assert_eq!(entry(json!("  a\nb"), false), "k: |2-\n    a\n  b\n");
        assert_eq!(entry(json!("\na"), false), "k: |2-\n\n  a\n");
        // Trailing blanks or control characters: double quotes instead.
        assert_eq!(entry(json!("a \nb"), false), "k: \"a \\nb\"\n");
        assert_eq!(entry(json!("a\r\nb"), false), "k: \"a\\r\\nb\"\n");
    }

    #[test]
    fn collections() {
        assert_eq!(entry(json!([]), false), "k: []\n");
        assert_eq!(entry(json!({}), false), "k: {}\n");
        assert_eq!(entry(json!(["a", 1]), false), "k:\n  - a\n  - 1\n");
        assert_eq!(entry(json!(["a, b", [1], {"x": "v"}]), true), "k: [\"a, b\", [1], {x: v}]\n");
        assert_eq!(entry(json!({"x": {"z": [1, 2]}}), false), "k:\n  x:\n    z:\n      - 1\n      - 2\n");
        assert_eq!(
            entry(json!([[1, 2], {"a": 1, "b": "l1\nl2"}]), false),
            "k:\n  - - 1\n    - 2\n  - a: 1\n    b: |-\n      l1\n      l2\n"
        );
        assert_eq!(entry(json!([[], {}]), false), "k:\n  - []\n  - {}\n");
        assert_eq!(entry(json!(["a -", "b ?", "c-d"]), true), "k: [\"a -\", \"b ?\", c-d]\n");
        assert_eq!(entry(json!(["a -"]), false), "k:\n  - a -\n");
    }

    #[test]
    fn keys() {
        assert_eq!(key("title"), "title");
        assert_eq!(key("a b"), "a b");
        assert_eq!(key("a:b"), "\"a:b\"");
        assert_eq!(key("1"), "\"1\"");
        assert_eq!(key(""), "\"\"");
    }
}
