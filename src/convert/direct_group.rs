//! The events of one top-level block as the direct Markdown → wiki writer (`super::direct`) keeps them: each as a
//! small `Copy` [`Item`] with its source range, the few that do not fit one kept whole beside them.
//!
//! pulldown-cmark's `(Event, Range)` is 96 bytes; moving each into the block's group and dropping it again was
//! about a tenth of the direct writer's instructions. Most events are borrowed text, ends and tags without data,
//! which an [`Item`] holds in a fraction of that (text as the `&str` the event borrowed). A block that goes
//! through ADF gets its events back exactly as they came ([`Group::drain`]).

use std::mem::ManuallyDrop;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

/// An event of a block as the direct writer reads it.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Item<'a> {
    /// `Event::Text` of borrowed text.
    Text(&'a str),
    /// `Event::Code` of borrowed text.
    Code(&'a str),
    /// `Event::Start` of a tag without borrowed data.
    Start(Open),
    End(TagEnd),
    SoftBreak,
    Rule,
    TaskListMarker(bool),
    /// Any other event, kept whole at this index of its [`Group`]'s `whole` (see [`Group::whole`]).
    Whole(usize),
}

/// A tag an [`Item`] holds: pulldown-cmark's [`Tag`]s that borrow and own nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Open {
    Paragraph,
    /// A heading without id, classes or attributes (nor room for them).
    Heading(HeadingLevel),
    BlockQuote(Option<BlockQuoteKind>),
    List(Option<u64>),
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    TableHead,
    TableRow,
    TableCell,
}

impl Open {
    /// The tag of `tag` if it is one, else `None`.
    fn of(tag: &Tag<'_>) -> Option<Open> {
        Some(match tag {
            Tag::Paragraph => Open::Paragraph,
            Tag::Heading { level, id: None, classes, attrs } if classes.capacity() == 0 && attrs.capacity() == 0 => {
                Open::Heading(*level)
            }
            Tag::BlockQuote(kind) => Open::BlockQuote(*kind),
            Tag::List(start) => Open::List(*start),
            Tag::Item => Open::Item,
            Tag::Emphasis => Open::Emphasis,
            Tag::Strong => Open::Strong,
            Tag::Strikethrough => Open::Strikethrough,
            Tag::TableHead => Open::TableHead,
            Tag::TableRow => Open::TableRow,
            Tag::TableCell => Open::TableCell,
            _ => return None,
        })
    }

    /// pulldown-cmark's tag, as it came.
    fn tag<'a>(self) -> Tag<'a> {
        match self {
            Open::Paragraph => Tag::Paragraph,
            Open::Heading(level) => Tag::Heading { level, id: None, classes: Vec::new(), attrs: Vec::new() },
            Open::BlockQuote(kind) => Tag::BlockQuote(kind),
            Open::List(start) => Tag::List(start),
            Open::Item => Tag::Item,
            Open::Emphasis => Tag::Emphasis,
            Open::Strong => Tag::Strong,
            Open::Strikethrough => Tag::Strikethrough,
            Open::TableHead => Tag::TableHead,
            Open::TableRow => Tag::TableRow,
            Open::TableCell => Tag::TableCell,
        }
    }
}

/// The events of the block being read: items with their source ranges, in order, and the events no item holds.
#[derive(Default)]
pub(super) struct Group<'a> {
    /// The items, `len` of them, then spare ones of earlier blocks (stored into by index: `Vec::push` was a call
    /// per event).
    items: Vec<(Item<'a>, Range<usize>)>,
    len: usize,
    whole: Vec<Event<'a>>,
    /// Tags open after the last event.
    depth: usize,
}

impl<'a> Group<'a> {
    /// Adds the next event; true when it completes a top-level block (no tag is open).
    pub(super) fn push(&mut self, event: Event<'a>, range: Range<usize>) -> bool {
        // An event an item holds owns nothing, so it need not be dropped: only the others are taken out again
        // (`drop_in_place::<Event>` was a call per event).
        let event = ManuallyDrop::new(event);
        let item = match &*event {
            Event::Text(CowStr::Borrowed(t)) => Some(Item::Text(t)),
            Event::Code(CowStr::Borrowed(t)) => Some(Item::Code(t)),
            Event::End(end) => {
                self.depth = self.depth.saturating_sub(1);
                Some(Item::End(*end))
            }
            Event::SoftBreak => Some(Item::SoftBreak),
            Event::Rule => Some(Item::Rule),
            Event::TaskListMarker(done) => Some(Item::TaskListMarker(*done)),
            Event::Start(tag) => {
                self.depth += 1;
                Open::of(tag).map(Item::Start)
            }
            _ => None,
        };
        let item = match item {
            Some(item) => item,
            None => {
                self.whole.push(ManuallyDrop::into_inner(event));
                Item::Whole(self.whole.len() - 1)
            }
        };
        match self.items.get_mut(self.len) {
            Some(slot) => *slot = (item, range),
            None => self.items.push((item, range)),
        }
        self.len += 1;
        self.depth == 0
    }

    /// How many events the group holds.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The item at `pos`, if any.
    pub(super) fn item(&self, pos: usize) -> Option<Item<'a>> {
        self.get(pos).map(|(item, _)| *item)
    }

    /// The item at `pos` with its source range, if any.
    pub(super) fn get(&self, pos: usize) -> Option<&(Item<'a>, Range<usize>)> {
        if pos < self.len { self.items.get(pos) } else { None }
    }

    /// The whole event of an [`Item::Whole`] of this group.
    pub(super) fn whole(&self, index: usize) -> Option<&Event<'a>> {
        self.whole.get(index)
    }

    /// The text of a text item, borrowed or whole.
    pub(super) fn text(&self, item: Item<'a>) -> Option<&str> {
        match item {
            Item::Text(t) => Some(t),
            Item::Whole(i) => match self.whole.get(i)? {
                Event::Text(t) => Some(t),
                _ => None,
            },
            _ => None,
        }
    }

    /// Empties the group, for the next block.
    pub(super) fn clear(&mut self) {
        self.len = 0;
        self.whole.clear();
    }

    /// Hands every event to `f` as pulldown-cmark gave it, with its range, and empties the group.
    pub(super) fn drain(&mut self, mut f: impl FnMut(Event<'a>, Range<usize>)) {
        let mut whole = self.whole.drain(..);
        for (item, range) in self.items.drain(..).take(std::mem::take(&mut self.len)) {
            let event = match item {
                Item::Text(t) => Event::Text(CowStr::Borrowed(t)),
                Item::Code(t) => Event::Code(CowStr::Borrowed(t)),
                Item::Start(open) => Event::Start(open.tag()),
                Item::End(end) => Event::End(end),
                Item::SoftBreak => Event::SoftBreak,
                Item::Rule => Event::Rule,
                Item::TaskListMarker(done) => Event::TaskListMarker(done),
                Item::Whole(_) => match whole.next() {
                    Some(event) => event,
                    None => continue,
                },
            };
            f(event, range);
        }
    }
}
