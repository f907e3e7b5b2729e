//! The inline builder held to the one it replaced: the flush loop that pushed every character into a `String`
//! and asked [`construct_at`] about each, the autolink check that lowercased a `String` of the next eight
//! characters, and text nodes built with `json!`. Generated text is dense in construct characters, escapes and
//! multi-byte characters; both must give the same nodes (the same `Value`, keys in the same order).

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::adf::json::Field;

/// The autolink check as it was.
fn reference_url_at(buf: &[(char, bool)], i: usize) -> Option<usize> {
    let head: String = buf[i..].iter().take(8).map(|(c, _)| c.to_ascii_lowercase()).collect();
    let prefix = ["https://", "http://", "www."].into_iter().find(|p| head.starts_with(p))?.len();
    let mut j = i;
    while j < buf.len() && !buf[j].1 && !buf[j].0.is_whitespace() && buf[j].0 != '<' {
        j += 1;
    }
    if j < i + prefix {
        return None;
    }
    loop {
        let last = buf[j - 1].0;
        let unbalanced = last == ')' && {
            let opens = buf[i..j].iter().filter(|(c, _)| *c == '(').count();
            let closes = buf[i..j].iter().filter(|(c, _)| *c == ')').count();
            closes > opens
        };
        if matches!(last, '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '\'' | '"' | ';') || unbalanced {
            j -= 1;
        } else {
            break;
        }
        if j <= i + prefix {
            return None;
        }
    }
    (j > i + prefix).then_some(j)
}

/// `push_text` as it was (`json!`, then the marks key added).
fn reference_push_text(nodes: &mut Vec<Value>, s: &str, mut marks: Vec<Value>) {
    if s.is_empty() {
        return;
    }
    let mut seen = 0;
    while seen < marks.len() {
        let is_link = |m: &Value| m.field("type").and_then(Value::as_str) == Some("link");
        if marks[..seen].contains(&marks[seen]) || (is_link(&marks[seen]) && marks[..seen].iter().any(is_link)) {
            marks.remove(seen);
        } else {
            seen += 1;
        }
    }
    let mut node = json!({"type": "text", "text": s});
    if !marks.is_empty() {
        node["marks"] = Value::Array(marks);
    }
    nodes.push(node);
}

/// The builder as it was: every character buffered with its flag, and `flush` pushing each into a `String` and
/// asking [`construct_at`] about each.
#[derive(Default)]
struct Reference {
    nodes: Vec<Value>,
    marks: Vec<(String, Value)>,
    buf: Vec<(char, bool)>,
}

impl Reference {
    fn text(&mut self, s: &str, literal: bool, first_literal: bool) {
        self.buf.extend(s.chars().enumerate().map(|(i, c)| (c, literal || (i == 0 && first_literal))));
    }

    fn current_marks(&self) -> Vec<Value> {
        let mut out: Vec<Value> = Vec::new();
        for (_, m) in &self.marks {
            if !out.contains(m) {
                out.push(m.clone());
            }
        }
        out
    }
}

fn reference_flush(inline: &mut Reference) {
    if inline.buf.is_empty() {
        return;
    }
    let buf = std::mem::take(&mut inline.buf);
    let marks = inline.current_marks();
    let nodes = &mut inline.nodes;
    let mut plain = String::new();
    let mut i = 0;
    while i < buf.len() {
        let (c, literal) = buf[i];
        let prev = if i == 0 { None } else { Some(buf[i - 1].0) };
        if !literal {
            if let Some((end, kind)) = construct_at(&buf, i, prev) {
                let s: String = buf[i..end].iter().map(|(c, _)| *c).collect();
                reference_push_text(nodes, &std::mem::take(&mut plain), marks.clone());
                match kind {
                    Kind::Url => {
                        let href =
                            if s.to_ascii_lowercase().starts_with("www.") { format!("http://{s}") } else { s.clone() };
                        let mut m = marks.clone();
                        m.push(json!({"type": "link", "attrs": {"href": href}}));
                        reference_push_text(nodes, &s, m);
                    }
                    Kind::Raw => {
                        let mut m = marks.clone();
                        m.push(json!({"type": "link", "attrs": {"href": OBSIDIAN_HREF}}));
                        reference_push_text(nodes, &s, m);
                    }
                    Kind::Highlight => {
                        let mut m = marks.clone();
                        m.push(json!({"type": "backgroundColor", "attrs": {"color": HIGHLIGHT}}));
                        reference_push_text(nodes, &s[2..s.len() - 2], m);
                    }
                    Kind::Emoji => {
                        let mut n = json!({"type": "emoji", "attrs": {"shortName": s}});
                        if !marks.is_empty() {
                            n["marks"] = Value::Array(marks.clone());
                        }
                        nodes.push(n);
                    }
                }
                i = end;
                continue;
            }
        }
        plain.push(c);
        i += 1;
    }
    reference_push_text(nodes, &plain, marks);
}

/// What an inline builder is fed: text (literal, first character escaped) or a mark opened or closed.
#[derive(Debug, Clone)]
enum Step {
    Text(String, bool, bool),
    Open(&'static str),
    Close(&'static str),
}

fn text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "h",
        "H",
        "w",
        "W",
        "ttp://",
        "tTp",
        "ww.",
        "^",
        "www.",
        "WWW.x",
        "http://",
        "HTTPS://a.b",
        "https://x.y/(a)",
        "#",
        "#tag",
        "#12",
        "[",
        "[^",
        "]",
        "%%",
        "%",
        "==",
        "=",
        ":",
        ":smile:",
        ":1:",
        "a",
        "Z",
        "9",
        " ",
        "\n",
        "(",
        ")",
        ".",
        ",",
        "*",
        "_",
        "~",
        "<",
        "é",
        "ü:",
        "日本",
        "😀",
        "\u{2028}",
        "?",
        "!",
        "'",
        "\"",
        ";",
    ]);
    prop::collection::vec(piece, 0..24).prop_map(|ps| ps.concat())
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let mark = prop::sample::select(vec!["strong", "em", "strike", "code"]);
    let step = prop_oneof![
        4 => (text(), any::<bool>(), any::<bool>()).prop_map(|(t, l, f)| Step::Text(t, l, f)),
        1 => mark.clone().prop_map(Step::Open),
        1 => mark.prop_map(Step::Close),
    ];
    prop::collection::vec(step, 0..12)
}

/// Feeds `steps` to the builder, or to the old one, flushing wherever the builder flushes itself.
fn run(steps: &[Step], reference: bool) -> Vec<Value> {
    if reference {
        let mut r = Reference::default();
        for step in steps {
            match step {
                Step::Text(t, literal, first) => r.text(t, *literal, *first),
                Step::Open(key) => {
                    reference_flush(&mut r);
                    r.marks.push(((*key).to_owned(), json!({"type": key})));
                }
                Step::Close(key) => {
                    if let Some(pos) = r.marks.iter().rposition(|(k, _)| k == key) {
                        reference_flush(&mut r);
                        r.marks.remove(pos);
                    }
                }
            }
        }
        reference_flush(&mut r);
        return r.nodes;
    }
    let mut inline = Inline::default();
    for step in steps {
        match step {
            Step::Text(t, literal, first) => inline.text(t, *literal, *first),
            Step::Open(key) => inline.open(key, super::Node::of(key)),
            Step::Close(key) => {
                inline.close(key);
            }
        }
    }
    inline.finish().into_iter().map(super::Node::into_value).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn flush_gives_the_nodes_the_old_flush_gave(steps in steps()) {
        let (new, old) = (run(&steps, false), run(&steps, true));
        prop_assert_eq!(serde_json::to_string(&new).ok(), serde_json::to_string(&old).ok());
        prop_assert_eq!(new, old);
    }

    #[test]
    fn autolinks_end_where_they_ended(t in text(), literal in prop::collection::vec(any::<bool>(), 0..64)) {
        let buf: Vec<(char, bool)> =
            t.chars().enumerate().map(|(i, c)| (c, literal.get(i).copied().unwrap_or(false))).collect();
        for i in 0..buf.len() {
            prop_assert_eq!(url_at(&buf, i).map(|(end, _)| end), reference_url_at(&buf, i));
        }
    }
}

#[test]
fn flush_reads_constructs_across_text_events() {
    let steps = [
        Step::Text("see www.".into(), false, false),
        Step::Text("example.com and ==hi".into(), false, false),
        Step::Open("strong"),
        Step::Text("gh== :smile: #tag é".into(), false, false),
    ];
    let nodes = run(&steps, false);
    assert_eq!(nodes, run(&steps, true));
    let text = serde_json::to_string(&nodes).unwrap_or_default();
    assert!(text.contains(r#""href":"http://www.example.com""#), "{text}");
    assert!(text.contains(r#"{"type":"emoji","attrs":{"shortName":":smile:"},"marks":[{"type":"strong"}]}"#), "{text}");
    assert!(text.contains(r#""text":" é","marks":[{"type":"strong"}]"#), "{text}");
}

#[test]
fn marks_with_one_attribute_are_json_of_the_same_pairs() {
    let same = |a: Value, b: Value| serde_json::to_string(&a).ok() == serde_json::to_string(&b).ok();
    assert!(same(
        tag_mark("sub").map(|(_, m)| m.into_value()).unwrap_or_default(),
        json!({"type": "subsup", "attrs": {"type": "sub"}})
    ));
    assert!(same(
        tag_mark("sup").map(|(_, m)| m.into_value()).unwrap_or_default(),
        json!({"type": "subsup", "attrs": {"type": "sup"}})
    ));
    assert!(same(
        tag_mark("mark").map(|(_, m)| m.into_value()).unwrap_or_default(),
        json!({"type": "backgroundColor", "attrs": {"color": HIGHLIGHT}})
    ));
}
