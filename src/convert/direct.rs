//! Markdown → wiki without ADF in between, for the top-level blocks of the wiki writer's proven subset.
//!
//! [`markdown_to_wiki`](super::markdown_to_wiki) composed through ADF builds a `serde_json::Value` tree for the
//! whole note and walks it again to write wiki; for plain blocks almost all of that time is allocation. This
//! module reads the pulldown-cmark events of one top-level block at a time (parsed with the converter's own
//! [`parser_options`]) and writes the block's wiki straight from them when the
//! ADF the converter would build for it is in `crate::adf::proven`'s wiki subset: paragraphs and headings of
//! wiki-alphabet text with at most one strong/em/strike/code/link mark per run on whole words, code blocks,
//! rules, nested bullet and ordered lists of such paragraphs, flat task lists, block quotes of one such
//! paragraph, and tables of such cells; mentions (`[@Name](jira-mention:id)`, wiki `[~id]`) among the text. Every
//! other block's events go to the Markdown → ADF block builder and the ADF → wiki block writer, exactly as before.
//!
//! Invariant: for every block it accepts, the direct writer's output is byte for byte what ADF → wiki writes for
//! the converter's ADF of that block, so the composition's laws hold unchanged. The acceptance conditions are
//! those of `crate::adf::proven` restated on events, plus whatever makes the Markdown converter build anything
//! but plain text (escapes, entities, Obsidian constructs but GFM autolinks, HTML, images, soft breaks) refused.
//! The proof: `tests/direct_wiki_proptest.rs` generates documents of each construct and asserts equality with
//! the path through ADF, and builds with debug assertions convert every document both ways and compare.

use note_body::Events;
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::direct_group::{Group, Item, Open};
use super::direct_inline::{Run, implicit_until, inline_until};
use crate::markdown::{BlockBuilder, finish_block_values, parser_options};
use crate::wiki::WikiError;
use crate::wiki::emit_block::{check_node, emit_block, separator};

/// Nested lists deeper than this are not written directly (`crate::adf::proven`'s bound: a list at depth 5
/// holds paragraphs at depth 6).
const MAX_DIRECT_LIST_DEPTH: usize = 5;

/// The ADF type of a directly written block, as far as block separation cares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    BulletList,
    OrderedList,
    /// A task list of this many items (the Markdown converter numbers task lists and items).
    TaskList(usize),
    Other,
}

impl Kind {
    fn adf_type(self) -> &'static str {
        match self {
            Kind::BulletList => "bulletList",
            Kind::OrderedList => "orderedList",
            Kind::TaskList(_) => "taskList",
            Kind::Other => "paragraph",
        }
    }
}

/// Markdown → wiki, writing proven blocks directly and converting the others through ADF; also returns how many
/// top-level blocks were written directly.
///
/// # Errors
/// As `wiki::adf_to_wiki` on the converter's ADF: never for ADF the Markdown converter built.
pub(crate) fn markdown_to_wiki(md: &str) -> Result<(String, usize), WikiError> {
    let mut doc = Doc { out: String::with_capacity(md.len() + md.len() / 8), prev: String::new(), blocks: 0 };
    let mut builder = BlockBuilder::new(md);
    let mut run = Run::default();
    let mut group = Group::default();
    let mut direct = 0usize;
    for (event, range) in Events::new(md, parser_options()) {
        if !group.push(event, range) {
            continue;
        }
        // Written straight after a blank line, which becomes a line break if `separator` says so.
        let before = doc.out.len();
        if doc.blocks > 0 {
            doc.out.push_str("\n\n");
        }
        let start = doc.out.len();
        if let Some(kind) = write_block(md, &group, &mut run, &mut doc.out) {
            if let Kind::TaskList(items) = kind {
                builder.skip_task_list(items);
            }
            if doc.blocks > 0 && separator(&doc.prev, kind.adf_type()) == "\n" {
                doc.out.remove(start - 1);
            }
            doc.prev.clear();
            doc.prev.push_str(kind.adf_type());
            doc.blocks += 1;
            direct += 1;
            group.clear();
        } else {
            doc.out.truncate(before);
            doc.through_adf(&mut builder, &mut group)?;
        }
    }
    // Unbalanced events cannot come from pulldown-cmark; they would be converted the general way all the same.
    doc.through_adf(&mut builder, &mut group)?;
    Ok((doc.out, direct))
}

/// The wiki written so far.
struct Doc {
    out: String,
    /// The ADF type of the last block written, for [`separator`].
    prev: String,
    /// Top-level ADF blocks written so far (their index names a bad node's path).
    blocks: usize,
}

impl Doc {
    fn push(&mut self, ty: &str, wiki: &str) {
        if self.blocks > 0 {
            self.out.push_str(separator(&self.prev, ty));
        }
        self.out.push_str(wiki);
        self.prev.clear();
        self.prev.push_str(ty);
        self.blocks += 1;
    }

    /// Converts the events of `group` (whole top-level blocks) through ADF, as `wiki::adf_to_wiki` writes the
    /// converter's document: each block checked, then written by the same block writer.
    fn through_adf<'a>(&mut self, builder: &mut BlockBuilder<'a>, group: &mut Group<'a>) -> Result<(), WikiError> {
        if group.len() == 0 {
            return Ok(());
        }
        group.drain(|event, range| builder.event(event, range));
        for block in finish_block_values(builder.take()) {
            check_node(&block, &format!("content[{}]", self.blocks), 1)?;
            let ty = block.get("type").and_then(serde_json::Value::as_str).unwrap_or("");
            self.push(ty, &emit_block(&block));
        }
        Ok(())
    }
}

/// Appends the wiki of one whole top-level block to `out`, if it is in the direct subset (else `out` holds a
/// part of it, for the caller to cut).
fn write_block<'a>(src: &str, events: &Group<'a>, run: &mut Run<'a>, out: &mut String) -> Option<Kind> {
    let mut pos = 0;
    let kind = match events.item(0)? {
        Item::Rule => {
            pos = 1;
            out.push_str("----");
            Kind::Other
        }
        Item::Start(Open::Paragraph) => {
            pos = 1;
            inline_until(src, events, &mut pos, &TagEnd::Paragraph, run)?;
            run.write(true, false, out);
            Kind::Other
        }
        Item::Start(Open::Heading(level)) => {
            pos = 1;
            let end = TagEnd::Heading(level);
            inline_until(src, events, &mut pos, &end, run)?;
            out.push('h');
            out.push(char::from(b'0' + level as u8));
            out.push_str(". ");
            run.write(false, false, out);
            Kind::Other
        }
        Item::Whole(i) => match events.whole(i)? {
            Event::Start(Tag::CodeBlock(kind)) => {
                code_block(kind, events, &mut pos, run, out)?;
                Kind::Other
            }
            Event::Start(Tag::Table(_)) => {
                table(src, events, &mut pos, run, out)?;
                Kind::Other
            }
            _ => return None,
        },
        Item::Start(Open::BlockQuote(None)) => {
            let (Item::Start(Open::Paragraph), first) = events.get(1)? else { return None };
            if src.get(first.start..)?.starts_with("[!") {
                panel(src, events, run, out)?;
                return Some(Kind::Other);
            }
            // One paragraph: `bq.` and the paragraph's inline content on one line.
            pos = 2;
            inline_until(src, events, &mut pos, &TagEnd::Paragraph, run)?;
            if !matches!(events.item(pos)?, Item::End(TagEnd::BlockQuote(_))) {
                return None;
            }
            pos += 1;
            out.push_str("bq. ");
            run.write(false, false, out);
            Kind::Other
        }
        Item::Start(Open::List(None))
            if matches!(events.item(2), Some(Item::TaskListMarker(_)))
                || matches!(events.item(3), Some(Item::TaskListMarker(_))) =>
        {
            task_list(src, events, &mut pos, run, out)?
        }
        Item::Start(Open::List(start)) => {
            let first = out.len();
            // (One prefix buffer for the document's lists: a `String` per list grew twice.)
            let mut prefix = std::mem::take(&mut run.prefix);
            prefix.clear();
            let kind = list(src, start, events, &mut pos, &mut prefix, 0, run, (first, out));
            run.prefix = prefix;
            kind?
        }
        _ => return None,
    };
    (pos == events.len()).then_some(kind)
}

/// A fenced or indented code block of wiki code characters, in a plain native language or none; appended to
/// `out` (in part when it is not).
fn code_block(
    kind: &CodeBlockKind<'_>,
    events: &Group<'_>,
    pos: &mut usize,
    run: &mut Run<'_>,
    out: &mut String,
) -> Option<()> {
    let lang = match kind {
        CodeBlockKind::Fenced(info) => Some(info.trim()).filter(|l| !l.is_empty()),
        CodeBlockKind::Indented => None,
    };
    if let Some(l) = lang {
        let plain = l.len() <= 16
            && l.chars().all(|c| c.is_ascii_lowercase())
            && run.native_language(l)
            && l != "noformat"
            && l != "adf";
        if !plain {
            return None;
        }
        out.push_str("{code:");
        out.push_str(l);
        out.push_str("}\n");
    } else {
        out.push_str("{code}\n");
    }
    let body = out.len();
    *pos = 1;
    loop {
        let item = events.item(*pos)?;
        match item {
            Item::End(TagEnd::CodeBlock) => break,
            _ => out.push_str(events.text(item)?),
        }
        *pos += 1;
    }
    *pos += 1;
    if out.len() > body && out.ends_with('\n') {
        out.pop();
    }
    // (All ASCII: byte-wise.)
    let code_char = |c: u8| (c.is_ascii_graphic() && !matches!(c, b'{' | b'}')) || c == b' ' || c == b'\n';
    let text = &out[body..];
    if text.is_empty() || text.ends_with('\n') || !text.bytes().all(code_char) {
        return None;
    }
    out.push_str("\n{code}");
    Some(())
}

/// A bullet list, or an ordered list starting at 1, whose items are one paragraph each, optionally followed by
/// one nested list of the same kind; appends its lines (`prefix` + its marker) to `out`, whose top-level list
/// starts at `first`. `prefix` is as it came when the list is written directly.
#[allow(clippy::too_many_arguments)]
fn list<'a>(
    src: &str,
    start: Option<u64>,
    events: &Group<'a>,
    pos: &mut usize,
    prefix: &mut String,
    depth: usize,
    run: &mut Run<'a>,
    (first, out): (usize, &mut String),
) -> Option<Kind> {
    let (kind, marker) = match start {
        None => (Kind::BulletList, '*'),
        Some(1) => (Kind::OrderedList, '#'),
        Some(_) => return None,
    };
    if depth > MAX_DIRECT_LIST_DEPTH {
        return None;
    }
    prefix.push(marker);
    if prefix.len() > crate::wiki::MAX_LIST_DEPTH {
        return None;
    }
    *pos += 1;
    let mut items = 0;
    loop {
        if next_item(events, pos)? {
            break;
        }
        // The item's first paragraph: explicit (loose list) or implicit (tight list).
        match events.item(*pos)? {
            Item::Start(Open::Paragraph) => {
                *pos += 1;
                inline_until(src, events, pos, &TagEnd::Paragraph, run)?;
            }
            _ => implicit_until(src, events, pos, run)?,
        }
        if out.len() > first {
            out.push('\n');
        }
        out.push_str(prefix);
        out.push(' ');
        run.write(false, false, out);
        // At most one nested list (`crate::adf::proven`: two of a kind in a row would read back as one).
        if let Item::Start(Open::List(sub)) = events.item(*pos)? {
            list(src, sub, events, pos, prefix, depth + 1, run, (first, &mut *out))?;
        }
        if !matches!(events.item(*pos)?, Item::End(TagEnd::Item)) {
            return None;
        }
        *pos += 1;
        items += 1;
    }
    *pos += 1;
    prefix.pop();
    (items > 0).then_some(kind)
}

/// A callout of paragraphs (`> [!info] Title`, then the body) in one of the four panel types wiki has, written as
/// the wiki writer writes the converter's panel (`crate::wiki::emit_block`'s `emit_panel`): a first paragraph of
/// one strong run (the title, or a body that opens with one) becomes `title=`, and another paragraph must follow.
fn panel<'a>(src: &str, events: &Group<'a>, run: &mut Run<'a>, out: &mut String) -> Option<()> {
    // The converter reads the callout's kind and title from the source line the first paragraph starts on.
    let line = src.get(events.get(1)?.1.start..)?.lines().next()?;
    let rest = line.strip_prefix("[!")?;
    let (kind, after) = rest.split_at(rest.find(']')?);
    if !matches!(kind, "info" | "note" | "warning" | "tip") {
        return None;
    }
    // A title of letters, digits and single inner spaces (it becomes one strong run).
    let title = after.strip_prefix(']')?.trim_start_matches(' ');
    let b = title.as_bytes();
    let title_ok = |t: &[u8]| {
        t.first().is_some_and(u8::is_ascii_alphanumeric)
            && t.last().is_some_and(u8::is_ascii_alphanumeric)
            && t.iter().all(|c| c.is_ascii_alphanumeric() || *c == b' ')
    };
    if !(b.is_empty() || title_ok(b)) {
        return None;
    }
    // The line's events: plain text spelling it exactly, then a soft break or the paragraph's end.
    let mut pos = 2;
    let mut unspelt = line;
    while let Some(t) = events.text(events.item(pos)?) {
        unspelt = unspelt.strip_prefix(t)?;
        pos += 1;
    }
    if !unspelt.is_empty() {
        return None;
    }
    // The first paragraph is the title when it is one strong run (the line's title always is); the others, the
    // body, written one after the other into the document's body buffer (a `String` per panel grew a few times).
    out.push('{');
    out.push_str(kind);
    let mut body = std::mem::take(&mut run.body);
    body.clear();
    let mut first = true;
    if !title.is_empty() {
        out.push_str(":title=");
        out.push_str(title);
        first = false;
    }
    let mut paragraph = |run: &mut Run, body: &mut String| {
        match run.strong_text() {
            Some(t) if first => {
                out.push_str(":title=");
                out.push_str(t);
            }
            _ => {
                if !body.is_empty() {
                    body.push_str("\n\n");
                }
                run.write(true, false, body);
            }
        }
        first = false;
    };
    match events.item(pos)? {
        Item::SoftBreak => {
            pos += 1;
            inline_until(src, events, &mut pos, &TagEnd::Paragraph, run)?;
            paragraph(run, &mut body);
        }
        Item::End(TagEnd::Paragraph) => pos += 1,
        _ => return None,
    }
    loop {
        match events.item(pos)? {
            Item::End(TagEnd::BlockQuote(_)) => break,
            Item::Start(Open::Paragraph) => {
                pos += 1;
                inline_until(src, events, &mut pos, &TagEnd::Paragraph, run)?;
                paragraph(run, &mut body);
            }
            _ => return None,
        }
    }
    if pos + 1 != events.len() || body.is_empty() {
        return None;
    }
    out.push_str("}\n");
    out.push_str(&body);
    out.push_str("\n{");
    out.push_str(kind);
    out.push('}');
    run.body = body;
    Some(())
}

/// At a list's next event: `Some(true)` at the list's end, `Some(false)` after stepping over an item's start,
/// `None` (not written directly) for anything else.
fn next_item(events: &Group<'_>, pos: &mut usize) -> Option<bool> {
    match events.item(*pos)? {
        Item::End(TagEnd::List(_)) => Some(true),
        Item::Start(Open::Item) => {
            *pos += 1;
            Some(false)
        }
        _ => None,
    }
}

/// A flat task list: every item a task marker and proven inline content, nothing nested. Written as the wiki
/// writer writes task lists (`crate::wiki::tasks`): the `{anchor:adf-tasklist}` line, then `* [ ]` / `* [x]`
/// items.
fn task_list<'a>(src: &str, events: &Group<'a>, pos: &mut usize, run: &mut Run<'a>, out: &mut String) -> Option<Kind> {
    out.push_str("{anchor:adf-tasklist}");
    let mut items = 0;
    *pos = 1;
    loop {
        if next_item(events, pos)? {
            break;
        }
        // A loose list's marker is inside the item's paragraph, a tight list's right after the item's start.
        let loose = matches!(events.item(*pos)?, Item::Start(Open::Paragraph));
        *pos += usize::from(loose);
        let Item::TaskListMarker(done) = events.item(*pos)? else { return None };
        *pos += 1;
        if loose {
            inline_until(src, events, pos, &TagEnd::Paragraph, run)?;
        } else {
            implicit_until(src, events, pos, run)?;
        }
        if !matches!(events.item(*pos)?, Item::End(TagEnd::Item)) {
            return None;
        }
        *pos += 1;
        out.push_str(if done { "\n* [x] " } else { "\n* [ ] " });
        run.write(false, false, out);
        items += 1;
    }
    *pos += 1;
    (items > 0).then_some(Kind::TaskList(items))
}

/// A table whose cells each hold proven inline content, every row as wide as the header.
fn table<'a>(src: &str, events: &Group<'a>, pos: &mut usize, run: &mut Run<'a>, out: &mut String) -> Option<()> {
    *pos = 1;
    let mut width = None;
    loop {
        let header = match events.item(*pos)? {
            Item::End(TagEnd::Table) => break,
            Item::Start(Open::TableHead) => width.is_none(),
            Item::Start(Open::TableRow) if width.is_some() => false,
            _ => return None,
        };
        *pos += 1;
        if width.is_some() {
            out.push('\n');
        }
        let delimiter = if header { "||" } else { "|" };
        let mut cells = 0usize;
        loop {
            match events.item(*pos)? {
                Item::End(TagEnd::TableHead | TagEnd::TableRow) => break,
                Item::Start(Open::TableCell) => {}
                _ => return None,
            }
            *pos += 1;
            inline_until(src, events, pos, &TagEnd::TableCell, run)?;
            out.push_str(delimiter);
            run.write(false, true, out);
            cells += 1;
        }
        *pos += 1;
        out.push_str(delimiter);
        if cells == 0 || width.is_some_and(|w| w != cells) {
            return None;
        }
        width = Some(cells);
    }
    *pos += 1;
    width.map(|_| ())
}
