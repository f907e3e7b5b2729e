//! A streamed paragraph's inline content: its text nodes and mentions as read (borrowed from the JSON text), the
//! proven subset's test of them (`proven::inline` for the Markdown alphabet) and the Markdown the inline writer
//! (`adf::inline::render_into`) writes for them.

use crate::adf::inline::{bare_url_ok, push_link_dest};
use crate::adf::json::pct_encode;
use crate::adf::proven::{MARKDOWN, all_in, all_in_plain};
use crate::adf::safety::{escape_text_into, escape_text_plain, is_inert_code_span};

/// The one mark a streamed text node may carry (no `attrs` but a link's `href`).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Mark<'a> {
    None,
    Strong,
    Em,
    Strike,
    Code,
    Link(&'a str),
}

/// An inline node of a streamed paragraph.
#[derive(Clone, Copy)]
pub(super) enum Item<'a> {
    /// A text node: its text (without escapes), its mark, and whether the escaper finds its characters plain
    /// (set by [`proven`]).
    Text { text: &'a str, mark: Mark<'a>, plain: bool },
    /// A mention with only an `id` and a `text`.
    Mention { id: &'a str, text: &'a str },
}

impl<'a> Item<'a> {
    /// The text the inline test looks at (a mention's display text).
    fn text(&self) -> &'a str {
        match self {
            Item::Text { text, .. } | Item::Mention { text, .. } => text,
        }
    }

    /// True for an unmarked text node.
    fn unmarked(&self) -> bool {
        matches!(self, Item::Text { mark: Mark::None, .. })
    }
}

/// True if `items` are inline content of the proven subset (`proven::inline` with the Markdown alphabet) that the
/// inline writer writes as [`write()`] does: no two unmarked text nodes in a row (which it would merge), no link
/// whose text it may write as a bare URL and no code span it would wrap. Notes each plain text on its item.
pub(super) fn proven(items: &mut [Item<'_>]) -> bool {
    for item in items.iter_mut() {
        let ok = match item {
            Item::Text { text, mark, plain } => text_ok(text, *mark, plain),
            Item::Mention { id, text } => mention_ok(id, text),
        };
        if !ok {
            return false;
        }
    }
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return false };
    if first.text().starts_with(' ') || last.text().ends_with(' ') {
        return false;
    }
    let edge = |t: &str, ok: fn(u8) -> bool| t.bytes().next().is_some_and(ok) && t.bytes().last().is_some_and(ok);
    items.iter().enumerate().all(|(i, item)| {
        let own = match item {
            Item::Text { mark: Mark::None, .. } | Item::Mention { .. } => true,
            Item::Text { text, mark: Mark::Strong | Mark::Em | Mark::Strike, .. } => {
                edge(text, |b| b.is_ascii_alphanumeric())
            }
            Item::Text { text, .. } => edge(text, |b| b != b' '),
        };
        let prev = i.checked_sub(1).and_then(|p| items.get(p));
        let next = items.get(i + 1);
        if item.unmarked() {
            // Two unmarked texts in a row would be merged by the inline writer.
            return own && !next.is_some_and(Item::unmarked);
        }
        // A marked node's neighbours are unmarked and meet it at a space (before) or a space or `.,;:` (after).
        let before_ok = prev.is_none_or(|p| p.unmarked() && p.text().ends_with(' '));
        let after_ok = next.is_none_or(|n| n.unmarked() && n.text().starts_with([' ', '.', ',', ';', ':']));
        own && before_ok && after_ok
    })
}

/// `proven::inline_text` of a text node (and the inline writer's choices for it); notes `plain`.
fn text_ok(text: &str, mark: Mark<'_>, plain: &mut bool) -> bool {
    if text.is_empty() {
        return false;
    }
    match mark {
        // Code spans hold code characters on one line, never a pipe, and nothing the writer would wrap.
        Mark::Code => all_in(text, MARKDOWN.code & !(1 << b'\n' | 1 << b'|')) && is_inert_code_span(text),
        Mark::Link(href) => {
            let rest = href.strip_prefix("https://").or_else(|| href.strip_prefix("http://"));
            let href_ok = rest.is_some_and(|rest| {
                rest.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && rest.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'-'))
            });
            let (ok, p) = all_in_plain(text, MARKDOWN.text);
            *plain = p;
            href_ok && ok && !bare_url_ok(text, href)
        }
        _ => {
            let (ok, p) = all_in_plain(text, MARKDOWN.text);
            *plain = p;
            ok
        }
    }
}

/// `proven::mention`: an `id` of ASCII letters, digits, `-` and `:`, a `text` of `@` and a name of letters, digits,
/// `.`, `'`, `-` and single inner spaces.
fn mention_ok(id: &str, text: &str) -> bool {
    let Some(name) = text.strip_prefix('@') else { return false };
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'));
    id_ok
        && !name.is_empty()
        && !name.starts_with(' ')
        && !name.ends_with(' ')
        && !name.contains("  ")
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'\'' | b'-'))
}

/// The Markdown of `items` (which [`proven`] accepted), appended to `out`, as `inline::render_into` writes it.
pub(super) fn write(out: &mut String, items: &[Item<'_>]) {
    let mut line_start = true;
    for (i, item) in items.iter().enumerate() {
        let at_end = i + 1 == items.len();
        match *item {
            Item::Text { text, mark, plain } => {
                let delimiter = match mark {
                    Mark::None => {
                        escape_text_plain(out, text, line_start, at_end, plain);
                        line_start = false;
                        continue;
                    }
                    Mark::Code => {
                        out.push('`');
                        out.push_str(text);
                        out.push('`');
                        line_start = false;
                        continue;
                    }
                    Mark::Link(href) => {
                        out.push('[');
                        escape_text_plain(out, text, false, at_end, plain);
                        out.push_str("](");
                        push_link_dest(out, href);
                        out.push(')');
                        line_start = false;
                        continue;
                    }
                    Mark::Strong => "**",
                    Mark::Em => "*",
                    Mark::Strike => "~~",
                };
                out.push_str(delimiter);
                escape_text_plain(out, text, false, at_end, plain);
                out.push_str(delimiter);
            }
            Item::Mention { id, text } => {
                out.push('[');
                escape_text_into(out, text, false, true);
                out.push_str("](jira-mention:");
                out.push_str(&pct_encode(id));
                out.push(')');
            }
        }
        line_start = false;
    }
}

/// True if the first item is one text node marked strong: a panel's title (`callout` in `adf::write`).
pub(super) fn strong_only<'a>(items: &[Item<'a>]) -> Option<&'a str> {
    match items {
        [Item::Text { text, mark: Mark::Strong, .. }] => Some(text),
        _ => None,
    }
}
