//! pulldown-cmark's events with their source ranges, compiled once, here, for the whole core.
//!
//! `Parser<'a, F>` is generic over its broken-link callback, so its event code (`OffsetIter::next`, the inline
//! pass, `item_to_event`, emphasis) is compiled anew in every crate that iterates a parser, at that crate's
//! `opt-level`: the core's converters compiled a second copy at `"z"` beside this crate's. [`Events`] is one
//! concrete iterator whose `next` is not generic, so it is compiled in this crate only (built for speed, see the
//! root `Cargo.toml`); the core's Markdown readers (Markdown → ADF, Markdown → wiki, reformatting) and this
//! crate's own pass all iterate it. The events are pulldown-cmark's own, unchanged.

use std::ops::Range;

use pulldown_cmark::{DefaultBrokenLinkCallback, Event, OffsetIter, Options, Parser, RefDefs};

/// pulldown-cmark's events of a text with their byte ranges, as `Parser::new_ext(text, options).into_offset_iter()`
/// gives them.
pub struct Events<'a>(OffsetIter<'a, DefaultBrokenLinkCallback>);

impl<'a> Events<'a> {
    /// The events of `text` parsed with `options`.
    pub fn new(text: &'a str, options: Options) -> Self {
        Events(Parser::new_ext(text, options).into_offset_iter())
    }

    /// The text's link reference definitions (all of them are known before the first event).
    pub fn reference_definitions(&self) -> &RefDefs<'_> {
        self.0.reference_definitions()
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    /// Never inlined, so that every caller shares this one copy of pulldown-cmark's event code.
    #[inline(never)]
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}
