//! Wiki → ADF for blocks: headings, `bq.`, rules, lists, tables, `{code}`/`{noformat}`, `{quote}`, panels,
//! `{adf}` blocks, other macros, and paragraphs.
//!
//! The text is walked line by line. Every parameterless macro tag is indexed by name in one pass, so
//! finding a macro's closing tag is a binary search and a document full of unclosed `{code}` or of
//! distinct unknown macros stays near-linear. Bodied macros nest at most [`MAX_DEPTH`] deep; deeper bodies are kept
//! verbatim in an extension node.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::adf::json::Field;

use super::inline::{parse_inline, typed};
use super::vocab::{PANEL_MACROS, contains_dangerous_url, macro_extension, split_params, valid_macro_name};
use crate::adf::json::with_content;

/// Bodied macros nested deeper than this keep their body verbatim.
const MAX_DEPTH: usize = 6;
/// List markers longer than this are text.
pub(crate) const MAX_LIST_DEPTH: usize = 12;
/// Macros whose body is never wiki: kept verbatim in an extension.
const RAW_MACROS: &[&str] = &["html", "csv", "sql", "latex", "math", "xml"];

/// ADF node types allowed inside a blockquote, a panel and a bodied extension.
const QUOTE_OK: &[&str] =
    &["paragraph", "orderedList", "bulletList", "codeBlock", "mediaSingle", "mediaGroup", "extension"];
const PANEL_OK: &[&str] = &[
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "blockCard",
    "mediaGroup",
    "mediaSingle",
    "codeBlock",
    "taskList",
    "rule",
    "decisionList",
    "extension",
];
const BODIED_OK: &[&str] = &[
    "paragraph",
    "panel",
    "blockquote",
    "orderedList",
    "bulletList",
    "rule",
    "heading",
    "codeBlock",
    "mediaGroup",
    "mediaSingle",
    "decisionList",
    "taskList",
    "table",
    "blockCard",
    "embedCard",
    "extension",
];
/// ADF inline node types (what an inline `{adf}` may hold).
pub(crate) const INLINE_TYPES: &[&str] = &[
    "text",
    "hardBreak",
    "mention",
    "emoji",
    "date",
    "status",
    "inlineCard",
    "mediaInline",
    "inlineExtension",
    "placeholder",
];

/// Parses wiki text into ADF block nodes; `depth` counts enclosing bodied macros.
pub(crate) fn parse_blocks(text: &str, depth: usize) -> Vec<Value> {
    let mut p = BlockParser { text, depth, closers: closer_index(text) };
    p.run()
}

/// A top-level block as [`parse_blocks`] splits a text: the kinds the direct wiki → Markdown writer
/// (`super::to_markdown`) may write without building their nodes, or the nodes of any other block.
pub(crate) enum Piece<'a> {
    /// `hN. text`: the level and the (trimmed) text.
    Heading(u8, &'a str),
    /// A list's lines: each one's marker characters (`-` read as `*`) and its text.
    List(Vec<ListItem<'a>>),
    /// A paragraph's lines.
    Paragraph(&'a str),
    /// `bq. text`: the (trimmed) text.
    Quote(&'a str),
    /// A table's rows: each cell's header flag and raw text (rows without cells left out).
    Table(Vec<Vec<(bool, &'a str)>>),
    /// A panel macro's name and parameters, its body, the raw text between its tags (kept verbatim should
    /// ADF not allow the body in a panel) and the number of bodied macros around it.
    Panel { name: &'a str, params: Option<&'a str>, body: &'a str, raw: &'a str, depth: usize },
    /// A `{code}` or `{noformat}` block's macro name, parameters and body (built by [`Piece::build`]).
    Code { name: &'a str, params: Option<&'a str>, body: &'a str },
    /// `{anchor:adf-tasklist}` with no closing tag: the task-list anchor (built by [`Piece::build`]).
    TaskAnchor,
    /// Any other block, built.
    Nodes(Vec<Value>),
}

impl Piece<'_> {
    /// The ADF blocks of this piece, as [`parse_blocks`] builds them (task lists not yet folded).
    pub(crate) fn build(self) -> Vec<Value> {
        match self {
            Piece::Heading(level, text) => vec![heading(level, text)],
            Piece::List(items) => build_lists(&items, 0),
            Piece::Paragraph(text) => paragraph_or_image(text).into_iter().collect(),
            Piece::Quote(text) => {
                vec![with_content(json!({"type": "blockquote"}), vec![paragraph(parse_inline(text))])]
            }
            Piece::Table(rows) => table_node(rows).into_iter().collect(),
            Piece::Panel { name, params, body, raw, depth } => {
                let content = parse_blocks(body, depth + 1);
                vec![
                    bodied(name, params, content)
                        .unwrap_or_else(|| macro_extension("extension", name, params, Some(raw))),
                ]
            }
            Piece::Code { name, params, body } => vec![code_node(name, params, body)],
            Piece::TaskAnchor => vec![task_anchor()],
            Piece::Nodes(nodes) => nodes,
        }
    }
}

/// The extension node of the task-list anchor `{anchor:adf-tasklist}`.
pub(crate) fn task_anchor() -> Value {
    macro_extension("extension", "anchor", Some(super::tasks::TASK_ANCHOR), None)
}

/// The ADF code block of a `{code}` or `{noformat}` macro with these parameters and body.
fn code_node(name: &str, params: Option<&str>, body: &str) -> Value {
    let language = match (name, params) {
        ("code", None) => None,
        ("code", Some(p)) => Some(p.to_owned()),
        (_, None) => Some("noformat".to_owned()),
        (_, Some(p)) => Some(format!("noformat|{p}")),
    };
    let mut node = json!({"type": "codeBlock"});
    if let Some(l) = language {
        node["attrs"] = json!({"language": l});
    }
    if !body.is_empty() {
        node["content"] = json!([{"type": "text", "text": body}]);
    }
    node
}

/// Hands each top-level block of `text` to `f` in order, as [`parse_blocks`] reads them at the top level.
pub(crate) fn top_level_pieces<'a>(text: &'a str, f: &mut dyn FnMut(Piece<'a>)) {
    BlockParser { text, depth: 0, closers: closer_index(text) }.pieces(f);
}

/// Hands each top-level block of a panel's `body` to `f` in order, as [`Piece::build`] parses it.
pub(crate) fn panel_body_pieces<'a>(body: &'a str, depth: usize, f: &mut dyn FnMut(Piece<'a>)) {
    BlockParser { text: body, depth: depth + 1, closers: closer_index(body) }.pieces(f);
}

/// A heading of `level` (1–6) holding `text`.
fn heading(level: u8, text: &str) -> Value {
    let content = parse_inline(text);
    let mut h = json!({"type": "heading", "attrs": {"level": u64::from(level)}});
    if !content.is_empty() {
        h["content"] = Value::Array(content);
    }
    h
}

/// The table of `rows` (cells' header flags and raw texts), if there are any.
fn table_node(rows: Vec<Vec<(bool, &str)>>) -> Option<Value> {
    let rows: Vec<Value> = rows
        .into_iter()
        .map(|cells| {
            let cells = cells
                .into_iter()
                .map(|(header, text)| {
                    let ty = if header { "tableHeader" } else { "tableCell" };
                    with_content(typed(ty, 1), vec![paragraph(parse_inline(trim(text)))])
                })
                .collect();
            with_content(typed("tableRow", 1), cells)
        })
        .collect();
    (!rows.is_empty()).then(|| with_content(json!({"type": "table"}), rows))
}

/// Positions of every parameterless macro tag `{name}` (a possible closer), by name, in one pass.
fn closer_index(text: &str) -> HashMap<&str, Vec<usize>> {
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    let bytes = text.as_bytes();
    for p in memchr::memchr_iter(b'{', bytes) {
        let name_len = bytes[p + 1..]
            .iter()
            .take(65)
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
            .count();
        if name_len > 0 && name_len <= 64 && bytes.get(p + 1 + name_len) == Some(&b'}') {
            index.entry(&text[p + 1..p + 1 + name_len]).or_default().push(p);
        }
    }
    index
}

/// Reads the JSON of an `{adf}` block (`block`) or inline: a single node of the right kind, structurally
/// valid, of node and mark types the ADF schema knows, without dangerous URLs; anything else is refused.
pub(crate) fn read_adf_json(json: &str, block: bool) -> Option<Value> {
    let node: Value = serde_json::from_str(json.trim()).ok()?;
    let ty = node.field("type")?.as_str()?;
    if ty == "doc"
        || INLINE_TYPES.contains(&ty) == block
        || contains_dangerous_url(&node)
        || !super::vocab::known_types_only(&node, 0)
    {
        return None;
    }
    super::emit_block::check_node(&node, "adf", 0).ok()?;
    Some(node)
}

struct BlockParser<'a> {
    text: &'a str,
    depth: usize,
    /// Macro name → sorted positions of its parameterless tags.
    closers: HashMap<&'a str, Vec<usize>>,
}

/// A list line: its marker characters (`*`, `#`, `*#`…, ASCII, with `-` read as `*`) and its text.
pub(crate) type ListItem<'a> = (&'a str, &'a str);

/// A list line's marker and text, if `t` starts with one.
fn list_marker(t: &str) -> Option<ListItem<'_>> {
    if let Some(rest) = t.strip_prefix("- ") {
        return Some(("*", trim(rest)));
    }
    let run = t.bytes().take(MAX_LIST_DEPTH + 1).take_while(|b| matches!(b, b'*' | b'#')).count();
    if run == 0 || run > MAX_LIST_DEPTH {
        return None;
    }
    let rest = &t[run..];
    rest.starts_with([' ', '\t']).then(|| (&t[..run], trim(rest)))
}

/// True if `b` is an ASCII byte that is not white space (nor a control character).
fn solid(b: u8) -> bool {
    b > b' ' && b < 0x7f
}

/// `s` without its leading ASCII spaces and tabs (white space that `str::trim` removes too), found byte by byte.
fn skip_blanks(s: &str) -> &str {
    &s[s.bytes().take_while(|&b| b == b' ' || b == b'\t').count()..]
}

/// `str::trim`, without its character-wise search when both ends are [`solid`] after leading spaces (most
/// lines and texts).
pub(crate) fn trim(s: &str) -> &str {
    let s = skip_blanks(s);
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if solid(f) && solid(l) => s,
        _ => s.trim(),
    }
}

/// `str::trim_start`, without its search when the first byte after leading spaces is [`solid`].
fn trim_start(s: &str) -> &str {
    let s = skip_blanks(s);
    if s.as_bytes().first().is_some_and(|&b| solid(b)) { s } else { s.trim_start() }
}

/// `s.trim().is_empty()`, answered at once when `s` is spaces and tabs or the first byte after them is
/// [`solid`].
fn blank(s: &str) -> bool {
    let s = skip_blanks(s);
    s.as_bytes().first().is_none_or(|&b| !solid(b) && s.trim().is_empty())
}

fn paragraph(inline: Vec<Value>) -> Value {
    if inline.is_empty() { typed("paragraph", 0) } else { with_content(typed("paragraph", 1), inline) }
}

impl<'a> BlockParser<'a> {
    /// The line at `pos`: its end (before `\n`) and the start of the next line.
    fn line_at(&self, pos: usize) -> (usize, usize) {
        // `memchr` (built at opt-level 3) rather than `str::find`: the walk's search for every line end.
        match memchr::memchr(b'\n', &self.text.as_bytes()[pos..]) {
            Some(k) => (pos + k, pos + k + 1),
            None => (self.text.len(), self.text.len()),
        }
    }

    /// The first `{name}` at or after `from`.
    fn find_closer(&self, name: &str, from: usize) -> Option<usize> {
        let list = self.closers.get(name)?;
        list.get(list.partition_point(|&p| p < from)).copied()
    }

    fn run(&mut self) -> Vec<Value> {
        let mut out = Vec::new();
        self.pieces(&mut |piece| out.extend(piece.build()));
        super::tasks::fold_task_lists(out)
    }

    /// Hands each top-level block to `f`, in order (before task lists are folded). One compiled copy for both
    /// callers (`dyn`).
    fn pieces(&mut self, f: &mut dyn FnMut(Piece<'a>)) {
        let mut pos = 0;
        let len = self.text.len();
        while pos < len {
            let (end, next) = self.line_at(pos);
            if blank(&self.text[pos..end]) {
                pos = next;
                continue;
            }
            if let Some((piece, np)) = self.try_block(pos) {
                f(piece);
                pos = np;
                continue;
            }
            let start = pos;
            let mut para_end = end;
            pos = next;
            let mut pending = None;
            while pos < len {
                let (end, next) = self.line_at(pos);
                if blank(&self.text[pos..end]) {
                    break;
                }
                if let Some(block) = self.try_block(pos) {
                    pending = Some(block);
                    break;
                }
                para_end = end;
                pos = next;
            }
            f(Piece::Paragraph(&self.text[start..para_end]));
            if let Some((piece, np)) = pending {
                f(piece);
                pos = np;
            }
        }
    }

    /// The block starting at `pos`, if a block construct starts there, and where parsing resumes.
    fn try_block(&mut self, pos: usize) -> Option<(Piece<'a>, usize)> {
        let (end, next) = self.line_at(pos);
        let text = self.text;
        let line = &text[pos..end];
        let t = trim_start(line);
        let bytes = t.as_bytes();
        if bytes.len() >= 3
            && bytes[0] == b'h'
            && (b'1'..=b'6').contains(&bytes[1])
            && bytes[2] == b'.'
            && (bytes.len() == 3 || bytes[3] == b' ')
        {
            return Some((Piece::Heading(bytes[1] - b'0', trim(&t[3..])), next));
        }
        if let Some(rest) = t.strip_prefix("bq.").filter(|r| r.is_empty() || r.starts_with(' ')) {
            return Some((Piece::Quote(trim(rest)), next));
        }
        if t.starts_with("----") && t.trim_end() == "----" {
            return Some((Piece::Nodes(vec![json!({"type": "rule"})]), next));
        }
        if list_marker(t).is_some() {
            return Some(self.list(pos));
        }
        if t.starts_with('|') {
            return Some(self.table(pos));
        }
        if t.starts_with('{') {
            return self.macro_block(pos + (line.len() - t.len()));
        }
        None
    }

    fn list(&mut self, mut pos: usize) -> (Piece<'a>, usize) {
        let text = self.text;
        let mut items = Vec::with_capacity(8);
        while pos < text.len() {
            let (end, next) = self.line_at(pos);
            let Some(item) = list_marker(trim_start(&text[pos..end])) else { break };
            items.push(item);
            pos = next;
        }
        (Piece::List(items), pos)
    }

    fn table(&mut self, mut pos: usize) -> (Piece<'a>, usize) {
        let text = self.text;
        let mut rows = Vec::new();
        while pos < text.len() {
            let (end, next) = self.line_at(pos);
            let t = trim(&text[pos..end]);
            if !t.starts_with('|') {
                break;
            }
            let cells = super::table_row::split_row(t);
            if !cells.is_empty() {
                rows.push(cells);
            }
            pos = next;
        }
        (Piece::Table(rows), pos)
    }

    /// A macro at `at` (its `{`): code, noformat, quote, panels, `{adf}`, raw and other macros.
    fn macro_block(&mut self, at: usize) -> Option<(Piece<'a>, usize)> {
        let (line_end, next_line) = self.line_at(at);
        let close = at + self.text[at..line_end].find('}')?;
        let tag = &self.text[at + 1..close];
        let (name, params) = match tag.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (tag, None),
        };
        if !valid_macro_name(name) || name == "color" || tag.contains('{') {
            return None;
        }
        let tag_end = close + 1;
        let rest_blank = blank(&self.text[tag_end..line_end]);
        let body_start = if rest_blank { next_line.max(tag_end) } else { tag_end };
        let Some(closer_at) = self.find_closer(name, tag_end) else {
            if !rest_blank || matches!(name, "code" | "noformat" | "adf" | "quote") {
                return None;
            }
            if name == "anchor" && params == Some(super::tasks::TASK_ANCHOR) {
                return Some((Piece::TaskAnchor, next_line));
            }
            return Some((Piece::Nodes(vec![macro_extension("extension", name, params, None)]), next_line));
        };
        // After the closing tag, `{name}`.
        let after = closer_at + name.len() + 2;
        let (after_end, after_next) = self.line_at(after);
        let resume = if blank(&self.text[after..after_end]) { after_next } else { after };
        let body_start = body_start.min(closer_at);
        let mut body = &self.text[body_start..closer_at];
        if body.ends_with('\n') && closer_at > body_start {
            body = &body[..body.len() - 1];
        }
        let raw = || macro_extension("extension", name, params, Some(&self.text[tag_end..closer_at]));
        let node = match name {
            "code" | "noformat" => return Some((Piece::Code { name, params, body }, resume)),
            "adf" => match read_adf_json(body, true) {
                Some(node) if params.is_none() => node,
                _ => raw(),
            },
            _ if RAW_MACROS.contains(&name) || self.depth >= MAX_DEPTH => raw(),
            _ if PANEL_MACROS.iter().any(|(n, _)| *n == name) => {
                let raw = &self.text[tag_end..closer_at];
                return Some((Piece::Panel { name, params, body, raw, depth: self.depth }, resume));
            }
            _ => {
                let content = parse_blocks(body, self.depth + 1);
                bodied(name, params, content).unwrap_or_else(raw)
            }
        };
        Some((Piece::Nodes(vec![node]), resume))
    }
}

/// A quote, panel or other bodied macro around parsed `content`, if ADF allows that content there.
fn bodied(name: &str, params: Option<&str>, mut content: Vec<Value>) -> Option<Value> {
    let all_in = |content: &[Value], ok: &[&str]| {
        content.iter().all(|n| n.field("type").and_then(Value::as_str).is_some_and(|t| ok.contains(&t)))
    };
    if content.is_empty() {
        content.push(json!({"type": "paragraph"}));
    }
    if name == "quote" && params.is_none() && all_in(&content, QUOTE_OK) {
        return Some(with_content(json!({"type": "blockquote"}), content));
    }
    if let Some((_, panel_type)) = PANEL_MACROS.iter().find(|(n, _)| *n == name) {
        if let Some(panel) = panel(panel_type, params, &content) {
            if all_in(&content, PANEL_OK) {
                return Some(panel);
            }
        }
    }
    all_in(&content, BODIED_OK).then(|| {
        let mut node = macro_extension("bodiedExtension", name, params, None);
        node["content"] = Value::Array(content);
        node
    })
}

/// An ADF panel for a panel macro, if its parameters are ones a panel keeps (`title`, and `bgColor` for
/// `{panel}`); the title becomes a first paragraph in bold.
fn panel(panel_type: &str, params: Option<&str>, content: &[Value]) -> Option<Value> {
    let mut attrs = serde_json::Map::new();
    attrs.insert("panelType".into(), json!(panel_type));
    let mut title = None;
    for (k, v) in params.map(split_params).unwrap_or_default() {
        match (k, v) {
            ("title", Some(t)) if title.is_none() && !t.trim().is_empty() && t.trim() == t => title = Some(t),
            ("bgColor", Some(c)) if panel_type == "custom" && !attrs.contains_key("panelColor") && !c.is_empty() => {
                attrs.insert("panelColor".into(), json!(c));
            }
            _ => return None,
        }
    }
    let mut body = Vec::new();
    if let Some(t) = title {
        body.push(
            json!({"type": "paragraph", "content": [{"type": "text", "text": t, "marks": [{"type": "strong"}]}]}),
        );
        if content.len() == 1 && content[0].field("content").is_none() {
            return Some(panel_node(attrs, body));
        }
    }
    body.extend(content.iter().cloned());
    Some(panel_node(attrs, body))
}

/// `{"type": "panel", "attrs": attrs, "content": body}`, moving (not copying) `attrs` and `body`.
fn panel_node(attrs: serde_json::Map<String, Value>, body: Vec<Value>) -> Value {
    let mut node = serde_json::Map::new();
    node.insert("type".into(), Value::from("panel"));
    node.insert("attrs".into(), Value::Object(attrs));
    node.insert("content".into(), Value::Array(body));
    Value::Object(node)
}

/// A paragraph, or a `mediaSingle` when the paragraph is one image whose parameters media keeps.
fn paragraph_or_image(text: &str) -> Option<Value> {
    let inline = parse_inline(text);
    if inline.is_empty() {
        return None;
    }
    if let [only] = inline.as_slice() {
        if let Some(("image", params, Some(file))) = super::vocab::macro_parts(only) {
            if let Some(media) = media_single(file, params) {
                return Some(media);
            }
        }
    }
    Some(paragraph(inline))
}

fn media_single(file: &str, params: Option<&str>) -> Option<Value> {
    let mut layout = "center";
    let mut media = serde_json::Map::new();
    media.insert("type".into(), json!("external"));
    media.insert("url".into(), json!(file));
    fn number(v: Option<&str>) -> Option<u64> {
        v.filter(|v| !v.is_empty() && v.len() < 7 && v.bytes().all(|b| b.is_ascii_digit()))?.parse().ok()
    }
    for (k, v) in params.map(split_params).unwrap_or_default() {
        match (k, v) {
            ("thumbnail", None) if layout == "center" => layout = "align-start",
            ("width" | "height", v) if number(v).is_some() && !media.contains_key(k) => {
                media.insert(k.into(), json!(number(v)?));
            }
            ("alt", Some(a)) if !media.contains_key("alt") => {
                media.insert("alt".into(), json!(a));
            }
            _ => return None,
        }
    }
    Some(json!({"type": "mediaSingle", "attrs": {"layout": layout}, "content": [{"type": "media", "attrs": media}]}))
}

/// Builds the lists of `items` at nesting `level` (an item's marker has at least `level + 1` characters).
fn build_lists(items: &[ListItem<'_>], level: usize) -> Vec<Value> {
    let kind = |m: &str| if m.as_bytes().get(level) == Some(&b'#') { "orderedList" } else { "bulletList" };
    let mut lists = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let this_kind = kind(items[i].0);
        let mut list_items = Vec::new();
        while i < items.len() && kind(items[i].0) == this_kind {
            let mut content = Vec::new();
            if items[i].0.len() == level + 1 {
                content.push(paragraph(parse_inline(items[i].1)));
                i += 1;
            } else {
                content.push(paragraph(Vec::new()));
            }
            let j = i + items[i..].iter().take_while(|it| it.0.len() > level + 1).count();
            content.extend(build_lists(&items[i..j], level + 1));
            i = j;
            list_items.push(with_content(typed("listItem", 1), content));
        }
        lists.push(with_content(typed(this_kind, 1), list_items));
    }
    lists
}
