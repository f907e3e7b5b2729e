//! The streamed container blocks: bullet, ordered and task lists, code blocks, block quotes, panels and tables,
//! each written as `adf::write` (and `adf::table`) writes the proven subset's.

use super::{BLANKS, INDENT, Key, Stream, Val, inline};
use crate::adf::proven::{MARKDOWN, in_set};
use crate::adf::safety::{escape_text_into, is_native_language};
use crate::adf::write::{PANEL_TYPES, SPACES, push_number};

impl Stream<'_> {
    /// The rest of a bullet or ordered list `depth` lists deep, its items' lines indented by `indent` spaces.
    pub(super) fn list(&mut self, ordered: bool, alt: bool, depth: usize, indent: usize) -> Option<()> {
        (depth <= 4 && indent <= INDENT).then_some(())?;
        let mark = match (ordered, alt) {
            (false, false) => '-',
            (false, true) => '*',
            (true, false) => '.',
            (true, true) => ')',
        };
        let (mut seen, mut start, mut content) = (0, 1, false);
        while let Some(key) = self.next_key(&mut seen)? {
            match key {
                // An ordered list's number is written before its items.
                Key::Attrs if !content => {
                    let attrs = self.attrs()?;
                    attrs.within(if ordered { &["order", "localId"][..] } else { &["localId"][..] }).then_some(())?;
                    if let Some(order) = attrs.get("order") {
                        // Only a list starting at 1 may be nested (CommonMark: it interrupts the item's paragraph).
                        let Val::Num(n) = order else { return None };
                        (n <= 999_999 && (depth == 0 || n == 1)).then_some(())?;
                        start = n;
                    }
                }
                Key::Content => {
                    content = true;
                    self.list_items(ordered.then_some(start), mark, depth, indent)?;
                }
                _ => return None,
            }
        }
        content.then_some(())
    }

    /// A list's items (`start`: an ordered list's first number), each a paragraph and at most one nested list.
    fn list_items(&mut self, mut number: Option<u64>, mark: char, depth: usize, indent: usize) -> Option<()> {
        let (mut more, mut any) = (self.open()?, false);
        while more {
            (self.node_type()? == "listItem").then_some(())?;
            if any || depth > 0 {
                self.out.push('\n');
                self.out.push_str(BLANKS.get(..indent)?);
            }
            any = true;
            let marker = self.out.len();
            if let Some(n) = number {
                push_number(&mut self.out, n);
                number = Some(n + 1);
            }
            self.out.push(mark);
            self.out.push(' ');
            let width = self.out.len() - marker;
            (width <= SPACES.len()).then_some(())?;
            let (mut seen, mut content) = (0, false);
            while let Some(key) = self.next_key(&mut seen)? {
                match key {
                    Key::Attrs => self.attrs()?.within(&["localId"]).then_some(())?,
                    Key::Content => {
                        content = true;
                        self.eat(b'[')?;
                        (self.node_type()? == "paragraph").then_some(())?;
                        self.paragraph()?;
                        if self.more()? {
                            let ordered = match self.node_type()? {
                                "bulletList" => false,
                                "orderedList" => true,
                                _ => return None,
                            };
                            self.list(ordered, false, depth + 1, indent + width)?;
                            self.eat(b']')?;
                        }
                    }
                    _ => return None,
                }
            }
            content.then_some(())?;
            more = self.more()?;
        }
        any.then_some(())
    }

    /// The rest of a task list, written: `- [ ] text` lines (`* ` when `alt`).
    pub(super) fn task_list(&mut self, alt: bool) -> Option<()> {
        let (mut seen, mut any) = (0, false);
        while let Some(key) = self.next_key(&mut seen)? {
            match key {
                Key::Attrs => self.attrs()?.within(&["localId"]).then_some(())?,
                Key::Content => {
                    let mut more = self.open()?;
                    while more {
                        (self.node_type()? == "taskItem").then_some(())?;
                        let (mut seen, mut check, mut content) = (0, None, false);
                        while let Some(key) = self.next_key(&mut seen)? {
                            match key {
                                Key::Attrs => {
                                    let attrs = self.attrs()?;
                                    attrs.within(&["localId", "state"]).then_some(())?;
                                    check = Some(match attrs.str("state")? {
                                        "TODO" => "[ ] ",
                                        "DONE" => "[x] ",
                                        _ => return None,
                                    });
                                }
                                Key::Content => {
                                    content = true;
                                    self.inline()?;
                                }
                                _ => return None,
                            }
                        }
                        (content && inline::proven(&mut self.items)).then_some(())?;
                        if any {
                            self.out.push('\n');
                        }
                        any = true;
                        self.out.push_str(if alt { "* " } else { "- " });
                        self.out.push_str(check?);
                        inline::write(&mut self.out, &self.items);
                        more = self.more()?;
                    }
                }
                _ => return None,
            }
        }
        any.then_some(())
    }

    /// The rest of a code block, written: a fence, the language, the text of its text nodes.
    pub(super) fn code_block(&mut self) -> Option<()> {
        let (mut seen, mut language, mut content) = (0, "", false);
        while let Some(key) = self.next_key(&mut seen)? {
            match key {
                // The language is written before the text.
                Key::Attrs if !content => {
                    let attrs = self.attrs()?;
                    attrs.within(&["language", "localId"]).then_some(())?;
                    if let Some(lang) = attrs.get("language") {
                        let Val::Str(lang) = lang else { return None };
                        let ok = !lang.is_empty()
                            && lang.len() <= 16
                            && lang.bytes().all(|b| b.is_ascii_lowercase())
                            && is_native_language(lang)
                            && lang != "noformat"
                            && lang != "adf";
                        ok.then_some(())?;
                        language = lang;
                    }
                }
                Key::Content => {
                    content = true;
                    self.out.push_str("```");
                    self.out.push_str(language);
                    self.out.push('\n');
                    let mut more = self.open()?;
                    more.then_some(())?;
                    while more {
                        (self.node_type()? == "text").then_some(())?;
                        let (mut seen, mut text) = (0, false);
                        while let Some(key) = self.next_key(&mut seen)? {
                            (key == Key::Text).then_some(())?;
                            text = true;
                            self.code_text()?;
                        }
                        text.then_some(())?;
                        more = self.more()?;
                    }
                    self.out.push_str("\n```");
                }
                _ => return None,
            }
        }
        content.then_some(())
    }

    /// A code block's text node's `text` (after whitespace), unescaped into the output: at least one character, all
    /// of the Markdown alphabet's code characters, not ending with a newline.
    fn code_text(&mut self) -> Option<()> {
        self.eat(b'"')?;
        let bytes = self.text.as_bytes();
        let mut run = self.pos;
        let mut i = run;
        let mut last = None;
        loop {
            let b = *bytes.get(i)?;
            match b {
                b'"' => break,
                b'\\' => {
                    self.out.push_str(self.text.get(run..i)?);
                    let c = match *bytes.get(i + 1)? {
                        b'n' => b'\n',
                        c @ (b'"' | b'\\' | b'/') => c,
                        _ => return None,
                    };
                    self.out.push(char::from(c));
                    last = Some(c);
                    i += 2;
                    run = i;
                }
                // A raw line break is not JSON; every other character of the alphabet stands for itself.
                _ if b != b'\n' && in_set(b, MARKDOWN.code) => {
                    last = Some(b);
                    i += 1;
                }
                _ => return None,
            }
        }
        self.out.push_str(self.text.get(run..i)?);
        self.pos = i + 1;
        last.filter(|&b| b != b'\n').map(|_| ())
    }

    /// The rest of a block quote (`panel` false) or a panel of paragraphs, written: `> ` lines, blank `>` lines
    /// between paragraphs; a panel opens with `> [!info]`, a first paragraph of one strong text node its title.
    pub(super) fn quoted(&mut self, panel: bool) -> Option<()> {
        let (mut seen, mut kind, mut any) = (0, None, false);
        while let Some(key) = self.next_key(&mut seen)? {
            match key {
                // A panel's type is written before its paragraphs.
                Key::Attrs if !any => {
                    let attrs = self.attrs()?;
                    if panel {
                        attrs.within(&["panelType", "localId"]).then_some(())?;
                        kind = Some(attrs.str("panelType").filter(|k| PANEL_TYPES.contains(k))?);
                    } else {
                        attrs.within(&["localId"]).then_some(())?;
                    }
                }
                Key::Content => {
                    if panel {
                        self.out.push_str("> [!");
                        self.out.push_str(kind?);
                        self.out.push(']');
                    }
                    let (mut more, mut body) = (self.open()?, false);
                    while more {
                        (self.node_type()? == "paragraph").then_some(())?;
                        self.paragraph_items()?;
                        match inline::strong_only(&self.items).filter(|_| panel && !any) {
                            Some(title) => {
                                self.out.push(' ');
                                escape_text_into(&mut self.out, title, false, true);
                            }
                            None => {
                                self.out.push_str(match (body, panel) {
                                    (true, _) => "\n>\n> ",
                                    (false, true) => "\n> ",
                                    (false, false) => "> ",
                                });
                                body = true;
                                inline::write(&mut self.out, &self.items);
                            }
                        }
                        any = true;
                        more = self.more()?;
                    }
                    any.then_some(())?;
                }
                _ => return None,
            }
        }
        any.then_some(())
    }

    /// The rest of a table, written as GFM: a header row of `tableHeader` cells, then rows of `tableCell`s, each
    /// cell one paragraph, every row as wide as the first.
    pub(super) fn table(&mut self) -> Option<()> {
        let (mut seen, mut width) = (0, None);
        while let Some(key) = self.next_key(&mut seen)? {
            match key {
                Key::Attrs => {
                    let attrs = self.attrs()?;
                    let default = |(k, v): &(&str, Val<'_>)| {
                        *k == "localId"
                            || (*k == "isNumberColumnEnabled" && *v == Val::False)
                            || (*k == "layout" && *v == Val::Str("default"))
                    };
                    attrs.pairs().iter().all(default).then_some(())?;
                }
                Key::Content => {
                    let mut more = self.open()?;
                    while more {
                        (self.node_type()? == "tableRow").then_some(())?;
                        let header = width.is_none();
                        let cells = self.row(header)?;
                        (*width.get_or_insert(cells) == cells).then_some(())?;
                        more = self.more()?;
                    }
                }
                _ => return None,
            }
        }
        width.map(|_| ())
    }

    /// The rest of a table row, written (the header row with its delimiter row): its number of cells.
    fn row(&mut self, header: bool) -> Option<usize> {
        if !header {
            self.out.push('\n');
        }
        let (mut seen, mut cells) = (0, 0);
        while let Some(key) = self.next_key(&mut seen)? {
            match key {
                Key::Attrs => self.attrs()?.within(&["localId"]).then_some(())?,
                Key::Content => {
                    let mut more = self.open()?;
                    while more {
                        (self.node_type()? == if header { "tableHeader" } else { "tableCell" }).then_some(())?;
                        self.out.push_str(if cells == 0 { "| " } else { " | " });
                        cells += 1;
                        self.cell()?;
                        more = self.more()?;
                    }
                }
                _ => return None,
            }
        }
        (cells > 0).then_some(())?;
        self.out.push_str(" |");
        if header {
            self.out.push_str("\n|");
            for _ in 0..cells {
                self.out.push_str(" --- |");
            }
        }
        Some(cells)
    }

    /// The rest of a table cell holding one paragraph, written.
    fn cell(&mut self) -> Option<()> {
        let (mut seen, mut content) = (0, false);
        while let Some(key) = self.next_key(&mut seen)? {
            match key {
                Key::Attrs => self.attrs()?.within(&["localId"]).then_some(())?,
                Key::Content => {
                    content = true;
                    self.eat(b'[')?;
                    (self.node_type()? == "paragraph").then_some(())?;
                    self.paragraph()?;
                    self.eat(b']')?;
                }
                _ => return None,
            }
        }
        content.then_some(())
    }
}
