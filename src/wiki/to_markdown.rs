//! Wiki → Markdown without ADF for the blocks whose ADF would be in the Markdown writer's proven subset: the
//! mirror image of the direct Markdown → wiki writer (`crate::convert`'s `direct`).
//!
//! The wiki block parser hands over its top-level blocks in order (`block::top_level_pieces`). A heading,
//! paragraph, list, one-line quote (`bq.`) or table whose text [`md_inline`] reads and proves is written straight
//! to Markdown, with no `serde_json::Value` built; so is a task list (the `{anchor:adf-tasklist}` anchor, then
//! `* [ ]`/`* [x]` items), a `{code}` block of the proven subset (handed over unbuilt, proven from its text), and a panel
//! (`{info:title=…}`, handed over unbuilt) of paragraphs, written as a callout. Every other
//! block is built as `parse_blocks` builds it and collected, and each run of such blocks is folded (task lists),
//! canonicalised, given task ids and written by the ADF → Markdown writer, exactly as the whole document would be.
//! Three things cross the seams and are kept as the whole document has them: a list right after a list of its
//! family (the writer gives it the other marker) goes with the blocks before it, so does a list right after an
//! anchor that did not make a direct task list (it may fold), and the task ids a direct task list would have been
//! given are counted. The output is therefore byte for byte that of `wiki_to_adf` then `adf_to_markdown`;
//! `tests/direct_markdown_proptest.rs` proves it per construct and debug builds compare every conversion.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::adf::AdfError;
use crate::adf::json::Field;

use super::block::{ListItem as Item, Piece, top_level_pieces};
use super::md_inline;
use crate::adf::{ListFamily as Family, list_family as family};

use md_inline::Inline;

/// The task-list anchor before a direct task list.
enum Anchor {
    /// Read as [`Piece::TaskAnchor`] (built again should the list be rebuilt).
    Read,
    /// A built node collected before the list.
    Built(Value),
}

/// Deepest list nesting written directly (the proven subset allows more; deeper lists take the ADF path).
const MAX_LEVEL: usize = 3;

struct Writer<'a> {
    /// The Markdown so far: the direct blocks and the written runs of other blocks, each a *part*, separated by a
    /// blank line.
    out: String,
    /// How many parts `out` holds, and where the last one starts (before its separator).
    parts: usize,
    last_start: usize,
    /// The Markdown of the block being written, before it is known to be in the subset (its allocation reused).
    scratch: String,
    /// The inline reader, its buffers reused from one text to the next.
    inline: Inline<'a>,
    /// The lines of the last part when it is a direct list, its last list's family, and its task-list anchor when
    /// it is a task list (to rebuild it should the blocks collected after it start with a list of that family).
    last_list: Option<(Vec<Item<'a>>, Family, Option<Anchor>)>,
    /// True when the last block collected is a task-list anchor ([`Piece::TaskAnchor`]) not yet built: it is
    /// built into `pending` only when it does not start a direct task list.
    anchor: bool,
    /// The family of the last block written or collected.
    prev: Family,
    /// The family of the block before the last one collected (the block a task list's anchor follows).
    before_last: Family,
    /// Blocks collected for the ADF → Markdown writer.
    pending: Vec<Value>,
    /// Code block languages seen so far and whether a direct code block may have them.
    languages: Vec<(&'a str, bool)>,
    /// Task ids handed out so far.
    ids: usize,
    /// Top-level pieces written directly.
    direct: usize,
    /// True once a run of blocks failed the ADF → Markdown writer's shape check.
    failed: bool,
}

/// Converts wiki markup to Markdown as `adf_to_markdown(wiki_to_adf(wiki))` does, and says how many top-level
/// pieces were written without ADF.
pub(crate) fn wiki_to_markdown(wiki: &str) -> (Result<String, AdfError>, usize) {
    // Line breaks as `wiki_to_adf` normalises them, copying the text only when it has a carriage return.
    let text: std::borrow::Cow<'_, str> =
        if wiki.contains('\r') { wiki.replace("\r\n", "\n").replace('\r', "\n").into() } else { wiki.into() };
    let mut w = Writer {
        out: String::with_capacity(text.len()),
        parts: 0,
        last_start: 0,
        scratch: String::new(),
        inline: Inline::default(),
        last_list: None,
        anchor: false,
        prev: Family::None,
        before_last: Family::None,
        pending: Vec::new(),
        languages: Vec::new(),
        ids: 0,
        direct: 0,
        failed: false,
    };
    top_level_pieces(&text, &mut |piece| w.piece(piece));
    w.flush();
    if w.failed {
        // A block the ADF → Markdown writer refuses (nesting too deep): the error must name its place in the
        // whole document, so the whole document takes the path through ADF.
        return (crate::adf::adf_to_markdown(&super::wiki_to_adf(wiki)), w.direct);
    }
    let mut md = w.out;
    if !md.is_empty() {
        md.push('\n');
    }
    (Ok(md), w.direct)
}

impl<'a> Writer<'a> {
    fn piece(&mut self, piece: Piece<'a>) {
        if let Piece::TaskAnchor = piece {
            // Collected as `collect` would collect its one node (an extension, of no list family), unbuilt.
            self.release_anchor();
            self.anchor = true;
            self.before_last = self.prev;
            self.prev = Family::None;
            return;
        }
        if let Piece::List(items) = &piece {
            if self.task_list(items) {
                return;
            }
        }
        let mut md = std::mem::take(&mut self.scratch);
        md.clear();
        let r = &mut self.inline;
        let written = match &piece {
            Piece::Heading(level, text) => {
                (0..*level).for_each(|_| md.push('#'));
                md.push(' ');
                inline(r, text, &mut md).map(|()| (Family::None, Family::None))
            }
            Piece::Paragraph(text) => inline(r, text, &mut md).map(|()| (Family::None, Family::None)),
            Piece::Quote(text) => {
                md.push_str("> ");
                inline(r, text, &mut md).map(|()| (Family::None, Family::None))
            }
            Piece::Table(rows) => table(r, rows, &mut md).map(|()| (Family::None, Family::None)),
            Piece::List(items) => lists(r, items, 0, 0, &mut md),
            Piece::Panel { name, params, body, depth, .. } => {
                panel(r, name, *params, body, *depth, &mut md).map(|()| (Family::None, Family::None))
            }
            Piece::Code { name, params, body } => {
                code_block(name, *params, body, &mut self.languages, &mut md).map(|()| (Family::None, Family::None))
            }
            Piece::Nodes(_) | Piece::TaskAnchor => None,
        };
        let is_list = matches!(piece, Piece::List(_));
        // A list may not follow a list of its family (it would take the other marker) nor a task-list anchor.
        let after_anchor = self.anchor
            || self.pending.last().is_some_and(|n| n.field("type").and_then(Value::as_str) == Some("extension"));
        match written {
            Some((first, last)) if (first == Family::None || first != self.prev) && !(is_list && after_anchor) => {
                self.flush();
                self.push_part(&md);
                self.prev = last;
                self.last_list = match piece {
                    Piece::List(items) => Some((items, last, None)),
                    _ => None,
                };
                self.direct += 1;
            }
            _ => self.collect(piece.build()),
        }
        self.scratch = md;
    }

    /// Appends a part.
    fn push_part(&mut self, md: &str) {
        self.last_start = self.out.len();
        if self.parts > 0 {
            self.out.push_str("\n\n");
        }
        self.out.push_str(md);
        self.parts += 1;
    }

    /// Writes a list right after a task-list anchor directly as the task list they fold into, if it is one of
    /// the proven subset: flat `* [ ] text` / `* [x] text` items whose texts [`inline`] writes, not after a list
    /// of the bullet family (the writer would give it the other marker). Its ids are counted as
    /// `assign_local_ids` would hand them out, for the blocks after it.
    fn task_list(&mut self, items: &[Item<'a>]) -> bool {
        let anchor = self.anchor
            || self.pending.last().is_some_and(|n| {
                super::vocab::macro_parts(n) == Some(("anchor", Some(super::tasks::TASK_ANCHOR), None))
                    && n.field("type").and_then(Value::as_str) == Some("extension")
            });
        if !anchor || self.before_last == Family::Bullet {
            return false;
        }
        let mut md = std::mem::take(&mut self.scratch);
        md.clear();
        let written = items.iter().all(|(marker, text)| {
            let check = if text.starts_with("[ ] ") {
                "[ ] "
            } else if text.starts_with("[x] ") {
                "[x] "
            } else {
                return false;
            };
            if !md.is_empty() {
                md.push('\n');
            }
            md.push_str("- ");
            md.push_str(check);
            *marker == "*" && inline(&mut self.inline, &text[4..], &mut md).is_some()
        });
        if written {
            let anchor = if std::mem::take(&mut self.anchor) {
                Anchor::Read
            } else {
                Anchor::Built(self.pending.pop().unwrap_or(Value::Null))
            };
            self.flush();
            self.push_part(&md);
            self.prev = Family::Bullet;
            self.last_list = Some((items.to_vec(), Family::Bullet, Some(anchor)));
            self.ids += 1 + items.len();
            self.direct += 1;
        }
        self.scratch = md;
        written
    }

    /// Builds a held task-list anchor into `pending`.
    fn release_anchor(&mut self) {
        if std::mem::take(&mut self.anchor) {
            self.pending.push(super::block::task_anchor());
        }
    }

    /// Collects built blocks for the ADF → Markdown writer.
    fn collect(&mut self, nodes: Vec<Value>) {
        self.release_anchor();
        let Some(last) = nodes.last() else { return };
        self.before_last = nodes.len().checked_sub(2).map_or(self.prev, |i| family(&nodes[i]));
        self.prev = family(last);
        self.pending.extend(nodes);
    }

    /// Writes the collected blocks as one document's blocks (without its final line break). When they start
    /// (task lists folded) with a list of the family of a direct list right before them, that list is rebuilt
    /// into them, so the writer sees the two together.
    fn flush(&mut self) {
        self.release_anchor();
        if self.pending.is_empty() {
            return;
        }
        let mut nodes = super::tasks::fold_task_lists(std::mem::take(&mut self.pending));
        if let Some((items, last, anchor)) = self.last_list.take() {
            if nodes.first().is_some_and(|n| family(n) == last) {
                self.out.truncate(self.last_start);
                self.parts -= 1;
                self.direct -= 1;
                let tasks = items.len();
                let mut rebuilt = Piece::List(items).build();
                if let Some(anchor) = anchor {
                    // A direct task list: its ids are handed out again below.
                    self.ids -= 1 + tasks;
                    let anchor = match anchor {
                        Anchor::Read => super::block::task_anchor(),
                        Anchor::Built(node) => node,
                    };
                    rebuilt.insert(0, anchor);
                    rebuilt = super::tasks::fold_task_lists(rebuilt);
                }
                rebuilt.extend(nodes);
                nodes = rebuilt;
            }
        }
        for node in &mut nodes {
            super::normalise::canonicalise_block(node);
            super::tasks::assign_local_ids(node, &mut self.ids);
        }
        let doc = crate::adf::json::with_content(json!({"version": 1, "type": "doc"}), nodes);
        match crate::adf::adf_to_markdown(&doc) {
            Ok(md) => self.push_part(md.strip_suffix('\n').unwrap_or(&md)),
            Err(_) => self.failed = true,
        }
    }
}

/// Writes a `{code}` block of the proven subset as the writer writes it, from its text: `crate::adf::proven`'s
/// test on the node [`Piece::build`] would make (no parameter or a short lower-case native language; a body of
/// the writer's code alphabet, not empty and not ending with a line break) without building it (debug builds
/// compare); or `None`. Its text holds no backtick, so the fence is three. `languages` remembers the answer for
/// each language (a document's code blocks share a few).
fn code_block<'a>(
    name: &str,
    params: Option<&'a str>,
    body: &str,
    languages: &mut Vec<(&'a str, bool)>,
    md: &mut String,
) -> Option<()> {
    let language_ok = |l: &'a str| {
        if let Some(&(_, ok)) = languages.iter().find(|(seen, _)| *seen == l) {
            return ok;
        }
        let ok = !l.is_empty()
            && l.len() <= 16
            && l.bytes().all(|c| c.is_ascii_lowercase())
            && l != "noformat"
            && l != "adf"
            && crate::adf::safety::is_native_language(l);
        if languages.len() < 32 {
            languages.push((l, ok));
        }
        ok
    };
    let code = crate::adf::proven::MARKDOWN.code;
    let ok = name == "code"
        && params.is_none_or(language_ok)
        && !body.is_empty()
        && !body.ends_with('\n')
        && body.bytes().all(|b| md_inline::in_set(b, code));
    debug_assert_eq!(ok, {
        let node = Piece::Code { name, params, body }.build();
        crate::adf::proven::block(&crate::adf::node::Node::from_value(&node[0]), &crate::adf::proven::MARKDOWN)
    });
    if !ok {
        return None;
    }
    md.push_str("```");
    md.push_str(params.unwrap_or(""));
    md.push('\n');
    md.push_str(body);
    md.push_str("\n```");
    Some(())
}

/// Writes a panel of the proven subset as the writer writes it (`callout`): `> [!type] Title`, then its
/// paragraphs, every line quoted (a blank line as `>`); or `None`. Proven here: a type the writer names, no
/// parameter but one `title=` that is a proven strong text, and a body of paragraphs whose texts [`inline`]
/// writes (a titled panel may have none). Without a title the first paragraph may not be one strong run, which
/// the writer would take for the title.
fn panel<'a>(
    r: &mut Inline<'a>,
    name: &str,
    params: Option<&'a str>,
    body: &'a str,
    depth: usize,
    md: &mut String,
) -> Option<()> {
    if !matches!(name, "info" | "note" | "warning" | "tip") {
        return None;
    }
    md.push_str("> [!");
    md.push_str(name);
    md.push(']');
    let titled = params.is_some();
    if let Some(p) = params {
        let title = p.strip_prefix("title=").filter(|t| md_inline::proven_strong(t))?;
        md.push(' ');
        crate::adf::safety::escape_text_into(md, title, false, true);
    }
    let mut paragraphs = 0;
    let mut ok = true;
    super::block::panel_body_pieces(body, depth, &mut |piece| {
        let Piece::Paragraph(text) = piece else {
            ok = false;
            return;
        };
        if ok {
            md.push_str(if paragraphs == 0 { "\n> " } else { "\n>\n> " });
            let start = md.len();
            ok = inline(r, text, md).is_some() && (titled || paragraphs > 0 || !r.one_strong());
            debug_assert!(!ok || !md[start..].contains('\n'));
            paragraphs += 1;
        }
    });
    (ok && (titled || paragraphs > 0)).then_some(())
}

/// Writes a table directly as the ADF → Markdown writer writes a proven table (a header row of `||` cells, then
/// rows of `|` cells of the same width, each cell's text proven), or `None`.
fn table<'a>(r: &mut Inline<'a>, rows: &[Vec<(bool, &'a str)>], md: &mut String) -> Option<()> {
    let width = rows.first()?.len();
    for (i, row) in rows.iter().enumerate() {
        if width == 0 || row.len() != width || row.iter().any(|(header, _)| *header != (i == 0)) {
            return None;
        }
        if i > 0 {
            md.push('\n');
        }
        md.push('|');
        for (_, text) in row {
            md.push(' ');
            inline(r, super::block::trim(text), md)?;
            md.push_str(" |");
        }
        if i == 0 {
            md.push_str("\n|");
            (0..width).for_each(|_| md.push_str(" --- |"));
        }
    }
    Some(())
}

/// Writes a paragraph's or heading's text directly, if [`md_inline`] reads and proves it (`md` unchanged
/// otherwise).
fn inline<'a>(r: &mut Inline<'a>, text: &'a str, md: &mut String) -> Option<()> {
    let start = md.len();
    r.write(text, md)?;
    // A first line that could open an HTML block would need a guard (none of the subset's does).
    if md.as_bytes().get(start) == Some(&b'<') {
        md.truncate(start);
        return None;
    }
    Some(())
}

/// Writes the lists `build_lists(items, level)` builds as the ADF → Markdown writer writes them (markers `-` and
/// `1.`, a nested list straight under its item's text, indented by the marker's width; lists of two families one
/// after the other apart by a blank line), every line but the first indented by `pad` spaces, and says the first
/// and last list's family; or `None` if any is outside the subset: an item without text of its own, an item
/// holding two nested lists, nesting deeper than [`MAX_LEVEL`], or text [`inline`] declines.
fn lists<'a>(
    r: &mut Inline<'a>,
    items: &[Item<'a>],
    level: usize,
    pad: usize,
    md: &mut String,
) -> Option<(Family, Family)> {
    if level > MAX_LEVEL {
        return None;
    }
    let kind = |m: &str| if m.as_bytes().get(level) == Some(&b'#') { Family::Ordered } else { Family::Bullet };
    let mut first = None;
    let mut this = Family::None;
    let mut i = 0;
    while i < items.len() {
        this = kind(items[i].0);
        if first.is_some() {
            // A nested list of two families is two lists in one item.
            if level > 0 {
                return None;
            }
            md.push_str("\n\n");
        }
        first.get_or_insert(this);
        let mut number = 0;
        while i < items.len() && kind(items[i].0) == this {
            if items[i].0.len() != level + 1 {
                return None;
            }
            if number > 0 {
                md.push('\n');
                (0..pad).for_each(|_| md.push(' '));
            }
            number += 1;
            let marker_start = md.len();
            if this == Family::Ordered {
                match u8::try_from(number) {
                    Ok(n @ 0..10) => {
                        md.push(char::from(b'0' + n));
                        md.push_str(". ");
                    }
                    _ => write!(md, "{number}. ").ok()?,
                }
            } else {
                md.push_str("- ");
            }
            let width = md.len() - marker_start;
            inline(r, items[i].1, md)?;
            i += 1;
            let j = i + items[i..].iter().take_while(|it| it.0.len() > level + 1).count();
            if j > i {
                md.push('\n');
                (0..pad + width).for_each(|_| md.push(' '));
                lists(r, &items[i..j], level + 1, pad + width, md)?;
            }
            i = j;
        }
    }
    Some((first?, this))
}
