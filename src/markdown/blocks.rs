//! The block structure: pulldown-cmark events → ADF block nodes.
//!
//! A stack of frames mirrors the open Markdown containers. Inline events go to the innermost paragraph-like
//! frame (tight list items get an implicit paragraph). Lists whose items all carry task markers become
//! `taskList`s; blockquotes starting with `[!type]` become panels (or expands when foldable); fenced code with
//! info `adf` is the reversible form of any node; `text jvs-lang=…` restores a disarmed language.

use super::inline::Inline;
use super::node::Node;
use super::sanitise::{paragraph_of, plain, sanitise};
use crate::adf::json::pct_decode;
use crate::adf::safety::is_dangerous_href;
use note_body::Events;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Tag, TagEnd};

enum Para {
    Paragraph,
    Heading(u8),
    Cell(bool),
}

/// The most nested blockquotes, lists and list items kept; deeper ones are flattened into their parent, so the
/// ADF stays within [`crate::adf::MAX_DEPTH`] and nothing recurses without bound.
const MAX_CONTAINERS: usize = 28;

enum Frame {
    /// A container past [`MAX_CONTAINERS`]: its blocks go to the nearest real container.
    Flat,
    Doc(Vec<Node>),
    Quote(Vec<Node>),
    List {
        start: Option<u64>,
        items: Vec<(Option<bool>, Vec<Node>)>,
    },
    Item {
        task: Option<bool>,
        children: Vec<Node>,
    },
    Footnote {
        label: String,
        children: Vec<Node>,
    },
    Table(Vec<Node>),
    Row(Vec<Node>),
    Para {
        kind: Para,
        inline: Inline,
        implicit: bool,
        start: usize,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
    Html(String),
}

/// What an open link stands for.
enum LinkKind {
    Mark,
    Dropped,
    Atom { scheme: String, value: String, text: String },
    Image { url: String, alt: String },
}

struct Builder<'a> {
    src: &'a str,
    stack: Vec<Frame>,
    links: Vec<LinkKind>,
    skip: usize,
    task_ids: usize,
    /// Open blockquote, list, item and flattened frames.
    containers: usize,
    /// Never used: stands in if no paragraph frame could be found (cannot happen).
    spare: Inline,
}

/// Parses Markdown into ADF block nodes.
pub(super) fn parse(md: &str) -> Vec<Node> {
    let mut b = BlockBuilder::new(md);
    for (event, range) in Events::new(md, super::parser_options()) {
        b.event(event, range);
    }
    b.take()
}

/// The block builder fed one top-level block at a time, so a caller can convert only some of a document's
/// blocks (`crate::convert`'s direct Markdown → wiki path hands it the blocks it does not write itself).
///
/// Invariant: between two top-level blocks the builder holds nothing but the document's finished children
/// (pulldown-cmark emits no inline event outside a block), so feeding every block's events and calling
/// [`BlockBuilder::take`] after each yields, block by block, exactly what [`parse`] yields for the whole text.
/// The one state carried across blocks is the task list id counter, as in [`parse`].
pub(crate) struct BlockBuilder<'a>(Builder<'a>);

impl<'a> BlockBuilder<'a> {
    /// A builder for blocks of `md` (event ranges index into it).
    pub(crate) fn new(md: &'a str) -> Self {
        BlockBuilder(Builder {
            src: md,
            stack: vec![Frame::Doc(Vec::new())],
            links: Vec::new(),
            skip: 0,
            task_ids: 0,
            containers: 0,
            spare: Inline::default(),
        })
    }

    /// Feeds one pulldown-cmark event (parsed with [`super::parser_options`]) and its source range.
    pub(crate) fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        self.0.event(event, range);
    }

    /// Counts a top-level task list of `items` items that the caller converted itself, so later task lists are
    /// numbered as [`parse`] numbers them.
    pub(crate) fn skip_task_list(&mut self, items: usize) {
        self.0.task_ids += items + 1;
    }

    /// Closes whatever is open and returns the blocks finished since the last call, sanitised for the document
    /// level (internal `__` keys are still on them: see `markdown::finish_blocks`).
    pub(crate) fn take(&mut self) -> Vec<Node> {
        let b = &mut self.0;
        while b.stack.len() > 1 {
            b.pop();
        }
        b.links.clear();
        b.skip = 0;
        match b.stack.first_mut() {
            Some(Frame::Doc(children)) => sanitise("doc", std::mem::take(children)),
            _ => Vec::new(),
        }
    }
}

impl Builder<'_> {
    fn source(&self, range: &std::ops::Range<usize>) -> &str {
        self.src.get(range.clone()).unwrap_or("")
    }

    /// Source text of an Obsidian construct; inside a table cell `\|` stands for `|`.
    fn cell_source(&self, range: &std::ops::Range<usize>) -> String {
        let src = self.source(range);
        if matches!(self.stack.last(), Some(Frame::Para { kind: Para::Cell(_), .. })) {
            src.replace("\\|", "|")
        } else {
            src.to_owned()
        }
    }

    /// The innermost inline builder, opening an implicit paragraph if needed.
    fn inline(&mut self) -> &mut Inline {
        if !matches!(self.stack.last(), Some(Frame::Para { .. })) {
            self.stack.push(Frame::Para { kind: Para::Paragraph, inline: Inline::default(), implicit: true, start: 0 });
        }
        match self.stack.last_mut() {
            Some(Frame::Para { inline, .. }) => inline,
            _ => &mut self.spare,
        }
    }

    fn close_implicit(&mut self) {
        if matches!(self.stack.last(), Some(Frame::Para { implicit: true, .. })) {
            self.pop();
        }
    }

    /// Pushes a container frame, or a [`Frame::Flat`] when too deep.
    fn push_container(&mut self, frame: Frame) {
        let flat = self.containers >= MAX_CONTAINERS;
        self.stack.push(if flat { Frame::Flat } else { frame });
        self.containers += 1;
    }

    fn add_block(&mut self, node: Node) {
        self.close_implicit();
        let target = self.stack.iter_mut().rev().find(|f| !matches!(f, Frame::Flat));
        match target {
            Some(
                Frame::Doc(c)
                | Frame::Quote(c)
                | Frame::Item { children: c, .. }
                | Frame::Footnote { children: c, .. }
                | Frame::Table(c)
                | Frame::Row(c),
            ) => c.push(node),
            Some(Frame::List { items, .. }) => items.push((None, vec![node])),
            _ => {}
        }
    }

    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        if self.skip > 0 {
            match event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.skip += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => self.skip -= 1,
                _ => {}
            }
            return;
        }
        if let Some(LinkKind::Atom { text: t, .. } | LinkKind::Image { alt: t, .. }) = self.links.last_mut() {
            match &event {
                Event::Text(s) | Event::Code(s) | Event::InlineMath(s) => {
                    t.push_str(s);
                    return;
                }
                Event::SoftBreak | Event::HardBreak => {
                    t.push(' ');
                    return;
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {}
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    self.skip += 1;
                    return;
                }
                _ => return,
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(Frame::Code { text: code, .. } | Frame::Html(code)) = self.stack.last_mut() {
                    code.push_str(&t);
                } else {
                    let literal = self.source(&range) != &*t;
                    let escaped = self.src.get(..range.start).is_some_and(|before| before.ends_with('\\'));
                    self.inline().text(&t, literal, escaped);
                }
            }
            Event::Code(t) => self.inline().code(&t),
            Event::InlineMath(_) | Event::DisplayMath(_) | Event::FootnoteReference(_) => {
                let src = self.cell_source(&range);
                self.inline().obsidian(&src);
            }
            Event::Html(t) => {
                if let Some(Frame::Html(h)) = self.stack.last_mut() {
                    h.push_str(&t);
                }
            }
            Event::InlineHtml(t) => super::html::inline_html(self.inline(), &t),
            Event::SoftBreak => self.inline().text("\n", false, false),
            Event::HardBreak => self.inline().node(Node::of("hardBreak")),
            Event::Rule => self.add_block(Node::of("rule")),
            Event::TaskListMarker(done) => {
                if let Some(Frame::Item { task, .. }) =
                    self.stack.iter_mut().rev().find(|f| matches!(f, Frame::Item { .. }))
                {
                    *task = Some(done);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Paragraph => {
                self.close_implicit();
                self.stack.push(Frame::Para {
                    kind: Para::Paragraph,
                    inline: Inline::default(),
                    implicit: false,
                    start: range.start,
                });
            }
            Tag::Heading { level, .. } => {
                self.close_implicit();
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                self.stack.push(Frame::Para {
                    kind: Para::Heading(level),
                    inline: Inline::default(),
                    implicit: false,
                    start: range.start,
                });
            }
            Tag::BlockQuote(_) => {
                self.close_implicit();
                self.push_container(Frame::Quote(Vec::new()));
            }
            Tag::CodeBlock(kind) => {
                self.close_implicit();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.trim().to_owned()).filter(|s| !s.is_empty()),
                    CodeBlockKind::Indented => None,
                };
                self.stack.push(Frame::Code { lang, text: String::new() });
            }
            Tag::HtmlBlock => {
                self.close_implicit();
                self.stack.push(Frame::Html(String::new()));
            }
            Tag::List(start) => {
                self.close_implicit();
                self.push_container(Frame::List { start, items: Vec::new() });
            }
            Tag::Item => self.push_container(Frame::Item { task: None, children: Vec::new() }),
            Tag::FootnoteDefinition(label) => {
                self.close_implicit();
                self.stack.push(Frame::Footnote { label: label.to_string(), children: Vec::new() });
            }
            Tag::Table(_) => {
                self.close_implicit();
                self.stack.push(Frame::Table(Vec::new()));
            }
            Tag::TableHead | Tag::TableRow => self.stack.push(Frame::Row(Vec::new())),
            Tag::TableCell => {
                let head =
                    self.stack.iter().rev().nth(1).is_some_and(|f| matches!(f, Frame::Table(rows) if rows.is_empty()));
                self.stack.push(Frame::Para {
                    kind: Para::Cell(head),
                    inline: Inline::default(),
                    implicit: false,
                    start: range.start,
                });
            }
            Tag::Emphasis => self.inline().open("em", Node::of("em")),
            Tag::Strong => self.inline().open("strong", Node::of("strong")),
            Tag::Strikethrough => self.inline().open("strike", Node::of("strike")),
            Tag::Link { link_type, dest_url, title, .. } => {
                if matches!(link_type, LinkType::WikiLink { .. }) {
                    let src = self.cell_source(&range);
                    self.inline().obsidian(&src);
                    self.skip = 1;
                    return;
                }
                let lower = dest_url.to_ascii_lowercase();
                if link_type == LinkType::Autolink && !is_dangerous_href(&dest_url) {
                    self.inline();
                    self.links.push(LinkKind::Atom {
                        scheme: "card".into(),
                        value: dest_url.to_string(),
                        text: String::new(),
                    });
                    return;
                }
                for scheme in ["jira-mention:", "jira-status:", "jira-date:"] {
                    if lower.starts_with(scheme) {
                        let value = pct_decode(&dest_url[scheme.len()..]).unwrap_or_default();
                        self.inline();
                        self.links.push(LinkKind::Atom { scheme: scheme.into(), value, text: String::new() });
                        return;
                    }
                }
                if is_dangerous_href(&dest_url) {
                    self.inline();
                    self.links.push(LinkKind::Dropped);
                    return;
                }
                let mut attrs = Node::object([("href", dest_url.to_string().into())]);
                if !title.is_empty() {
                    attrs.insert("title", title.to_string().into());
                }
                self.inline().open("link", Node::object([("type", "link".into()), ("attrs", attrs)]));
                self.links.push(LinkKind::Mark);
            }
            Tag::Image { link_type, dest_url, .. } => {
                if matches!(link_type, LinkType::WikiLink { .. }) {
                    let src = self.cell_source(&range);
                    self.inline().obsidian(&src);
                    self.skip = 1;
                    return;
                }
                self.inline();
                self.links.push(LinkKind::Image { url: dest_url.to_string(), alt: String::new() });
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis => {
                self.inline().close("em");
            }
            TagEnd::Strong => {
                self.inline().close("strong");
            }
            TagEnd::Strikethrough => {
                self.inline().close("strike");
            }
            TagEnd::Link | TagEnd::Image => match self.links.pop() {
                Some(LinkKind::Mark) => {
                    self.inline().close("link");
                }
                Some(LinkKind::Atom { scheme, value, text: t }) => {
                    let (ty, attrs) = match scheme.as_str() {
                        "jira-mention:" if t.is_empty() => ("mention", Node::object([("id", value.into())])),
                        "jira-mention:" => ("mention", Node::object([("id", value.into()), ("text", t.into())])),
                        "jira-status:" => ("status", Node::object([("text", t.into()), ("color", value.into())])),
                        "card" => ("inlineCard", Node::object([("url", value.into())])),
                        _ => ("date", Node::object([("timestamp", value.into())])),
                    };
                    self.inline().node(Node::object([("type", ty.into()), ("attrs", attrs)]));
                }
                Some(LinkKind::Image { url, alt }) => {
                    let image = Node::object([("type", "__image".into()), ("url", url.into()), ("alt", alt.into())]);
                    self.inline().node(image);
                }
                Some(LinkKind::Dropped) | None => {}
            },
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow => {
                self.close_implicit();
                self.pop();
            }
            _ => {}
        }
    }

    /// Closes the innermost frame and hands its node to the parent.
    fn pop(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        if matches!(frame, Frame::Quote(_) | Frame::List { .. } | Frame::Item { .. } | Frame::Flat) {
            self.containers = self.containers.saturating_sub(1);
        }
        match frame {
            Frame::Doc(c) => self.stack.push(Frame::Doc(c)),
            Frame::Flat => {}
            Frame::Para { kind, inline, start, .. } => {
                let nodes = inline.finish();
                match kind {
                    Para::Paragraph => {
                        if let Some(node) = super::sanitise::paragraph(nodes) {
                            self.add_block_raw(node, start);
                        }
                    }
                    Para::Heading(level) => {
                        let (markers, nodes) = super::sanitise::split_markers(nodes);
                        let nodes = super::sanitise::inline_only(nodes);
                        let attrs = Node::object([("level", Node::number(u64::from(level)))]);
                        let mut h = Node::object([("type", "heading".into()), ("attrs", attrs)]);
                        if !nodes.is_empty() {
                            h.insert("content", Node::Array(nodes));
                        }
                        super::sanitise::apply_marker(&mut h, markers.field("__block"));
                        self.add_block(h);
                    }
                    Para::Cell(head) => {
                        let (markers, nodes) = super::sanitise::split_markers(nodes);
                        let nodes = super::sanitise::inline_only(nodes);
                        let mut p = Node::of("paragraph");
                        if !nodes.is_empty() {
                            p.insert("content", Node::Array(nodes));
                        }
                        super::sanitise::apply_marker(&mut p, markers.field("__block"));
                        let ty = if head { "tableHeader" } else { "tableCell" };
                        let mut cell = Node::object([("type", ty.into()), ("attrs", Node::Object(Vec::new()))])
                            .with_content(vec![p]);
                        if let Some(data) = markers.field("__cell") {
                            match data.field("type").and_then(Node::as_str) {
                                Some("tableCell") => cell.insert("type", "tableCell".into()),
                                Some("tableHeader") => cell.insert("type", "tableHeader".into()),
                                _ => {}
                            }
                            super::sanitise::apply_marker(&mut cell, Some(data));
                        }
                        if let Some(data) = markers.field("__table") {
                            cell.insert("__table", data.clone());
                        }
                        self.add_block(cell);
                    }
                }
            }
            Frame::Quote(children) => {
                let node = super::containers::quote(children, self.src);
                self.add_block(node);
            }
            Frame::Code { lang, text: mut code } => {
                if code.ends_with('\n') {
                    code.pop();
                }
                self.add_block(super::html::code_block(lang, code));
            }
            Frame::Html(h) => {
                let t = h.trim_end_matches('\n');
                if !t.is_empty() {
                    self.add_block(paragraph_of(vec![plain(t.to_owned().into())]));
                }
            }
            Frame::List { start, items } => {
                let node = super::containers::list(start, items, &mut self.task_ids);
                self.add_block(node);
            }
            Frame::Item { task, children } => {
                if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                    items.push((task, children));
                }
            }
            Frame::Footnote { label, mut children } => {
                let href = Node::object([("href", crate::adf::inline::OBSIDIAN_HREF.into())]);
                let link = Node::object([("type", "link".into()), ("attrs", href)]);
                let marker = Node::object([
                    ("type", "text".into()),
                    ("text", format!("[^{label}]").into()),
                    ("marks", Node::Array(vec![link])),
                ]);
                match children.first_mut() {
                    Some(p) if p.ty() == "paragraph" => {
                        let mut content = vec![marker, plain(": ".into())];
                        if let Some(Node::Array(c)) = p.field("content") {
                            content.extend(c.iter().cloned());
                        }
                        p.insert("content", Node::Array(content));
                    }
                    _ => children.insert(0, paragraph_of(vec![marker, plain(":".into())])),
                }
                for c in children {
                    self.add_block(c);
                }
            }
            Frame::Table(rows) => {
                let node = super::containers::table(rows);
                self.add_block(node);
            }
            Frame::Row(cells) => {
                self.add_block(Node::of("tableRow").with_content(cells));
            }
        }
    }

    /// Adds a finished paragraph, remembering where its source starts (for callout detection).
    fn add_block_raw(&mut self, mut node: Node, start: usize) {
        node.insert("__start", Node::number(u64::try_from(start).unwrap_or(u64::MAX)));
        self.add_block(node);
    }
}
