//! The report document model and its Markdown: a title, blocks (headings, paragraphs, tables, Mermaid charts,
//! SVG charts) and the front matter of its [`ReportParams`](super::params::ReportParams). SVG charts become files beside the note
//! (`<folder>/assets/<note name>-<chart>.svg`) embedded with `![[…]]`.
//!
//! Invariants: every chart is followed by a plain Markdown table of its numbers (the builder of a report
//! puts the table in the same [`Block::Chart`], so it cannot be forgotten); untrusted text is escaped where
//! it is written ([`md_text`], [`md_cell`](super::escape::md_cell)); [`render`] is a pure function (same document, note path and
//! links ⇒ same bytes, same assets in the same order).
//!
//! Issue keys become links to their notes ([`NoteLinks`]): a table cell that is exactly a key with a note,
//! and a list item that starts with one, is written `[[path\|KEY]]` (`[[path|KEY]]` in a list). Only paths
//! that a wiki link can name and Markdown reads as one are linked (no `[`, `]`, `|`, `#`, `^`, `` ` ``, `$`,
//! `%%` or line break); others stay plain text.

use std::collections::HashMap;

use super::escape::{md_text, push_md_cell};

/// Issue key → the vault path of its note (from the sync state), for linking keys in a report. A hash map: it
/// is only looked up (once per table cell and list item), never iterated, so no output depends on its order.
pub type NoteLinks = HashMap<String, String>;

/// The wiki-link target of a key's note (its path without `.md`), when the path can be linked.
fn link_target<'a>(links: &'a NoteLinks, key: &str) -> Option<&'a str> {
    // A Jira issue key starts with a letter and holds a `-` (`PROJ-123`): most cells (numbers, dates, names)
    // are not looked up (hashing every cell was a tenth of rendering a large report).
    if !key.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) || !key.contains('-') {
        return None;
    }
    let path = links.get(key)?;
    let target = path.strip_suffix(".md").unwrap_or(path);
    // Besides what a link target cannot hold, characters Markdown reads before links (a code span's backtick,
    // math's `$`, an Obsidian comment's `%%`) would break the link and show as text.
    let linkable = !target.is_empty()
        && !target.contains(['[', ']', '|', '#', '^', '`', '$', '\n', '\r'])
        && !target.contains("%%");
    linkable.then_some(target)
}

/// A table cell at the end of `out`: a key with a linkable note as a link (the alias pipe escaped for the
/// table), else escaped text.
fn cell(out: &mut String, text: &str, links: &NoteLinks) {
    match link_target(links, text) {
        Some(target) => {
            out.push_str("[[");
            out.push_str(target);
            out.push_str("\\|");
            out.push_str(text);
            out.push_str("]]");
        }
        None => push_md_cell(out, text),
    }
}

/// One table row, `| a | b |`, each cell written by `write`.
fn row<T>(out: &mut String, cells: impl IntoIterator<Item = T>, mut write: impl FnMut(&mut String, T)) {
    out.push_str("| ");
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push_str(" | ");
        }
        write(out, c);
    }
    out.push_str(" |\n");
}

/// A list item: a leading key with a linkable note as a link, the rest escaped.
fn list_item(text: &str, links: &NoteLinks) -> String {
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    match link_target(links, first) {
        Some(target) if rest.is_empty() => format!("[[{target}|{first}]]"),
        Some(target) => format!("[[{target}|{first}]] {}", md_text(rest)),
        None => md_text(text),
    }
}

/// A Markdown table; cells are plain text (escaped when written).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Column headers.
    pub header: Vec<String>,
    /// Which columns are right-aligned (numbers).
    pub numeric: Vec<bool>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// The line written instead of rows when there are none.
    pub empty: String,
}

/// What a chart is drawn with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartBody {
    /// A fenced Mermaid block, as written by [`super::mermaid`].
    Mermaid(String),
    /// An SVG file (from [`super::svg`]) saved beside the note under `name` (a short file-name part).
    Svg {
        /// The file-name part, e.g. `control-chart`.
        name: String,
        /// The file's text.
        svg: String,
    },
}

/// One part of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A `##` heading.
    Heading(String),
    /// A paragraph of plain text.
    Paragraph(String),
    /// A bulleted list of plain text.
    List(Vec<String>),
    /// A table alone.
    Table(Table),
    /// A chart and the table of its numbers.
    Chart {
        /// The chart.
        body: ChartBody,
        /// Its numbers.
        table: Table,
    },
    /// Markdown the core wrote itself (already safe), e.g. an embedded legacy section.
    Raw(String),
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDoc {
    /// The front matter block, marker and parameters ([`super::params::ReportParams::front_matter`]).
    pub front_matter: String,
    /// The `#` title.
    pub title: String,
    /// The blocks in order.
    pub blocks: Vec<Block>,
}

/// A file written beside the note.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportAsset {
    /// Vault path.
    pub path: String,
    /// Content.
    pub content: String,
}

/// A rendered report: the note's text and its chart files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RenderedReport {
    /// The note's Markdown.
    pub markdown: String,
    /// SVG files to write before the note.
    pub assets: Vec<ReportAsset>,
}

fn table(t: &Table, links: &NoteLinks, out: &mut String) {
    row(out, &t.header, |out, h| push_md_cell(out, h));
    row(out, 0..t.header.len(), |out, i| {
        out.push_str(if t.numeric.get(i).copied().unwrap_or(false) { "---:" } else { "---" })
    });
    if t.rows.is_empty() {
        row(out, 0..t.header.len().max(1), |out, i| {
            if i == 0 {
                push_md_cell(out, &t.empty)
            }
        });
    }
    for r in &t.rows {
        row(out, 0..t.header.len(), |out, i| cell(out, r.get(i).map_or("", String::as_str), links));
    }
}

/// The asset folder and name stem for a note path: `Reports/Flow.md` → (`Reports/assets`, `Flow`).
fn asset_place(note_path: &str) -> (String, String) {
    let (folder, file) = note_path.rsplit_once('/').unwrap_or(("", note_path));
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let folder = if folder.is_empty() { "assets".to_owned() } else { format!("{folder}/assets") };
    (folder, stem.to_owned())
}

/// Renders the document for the note at `note_path` (vault-relative, ending in `.md`), keys with a note in
/// `links` linked to it.
pub fn render(doc: &ReportDoc, note_path: &str, links: &NoteLinks) -> RenderedReport {
    let (folder, stem) = asset_place(note_path);
    // One buffer for the whole note, sized for a large report up front (it grows past that if need be).
    let mut out = String::with_capacity(1 << 16);
    let mut assets = Vec::new();
    out.push_str(&doc.front_matter);
    out.push_str("# ");
    out.push_str(&md_text(&doc.title));
    out.push('\n');
    for block in &doc.blocks {
        out.push('\n');
        match block {
            Block::Heading(h) => {
                out.push_str("## ");
                out.push_str(&md_text(h));
                out.push('\n');
            }
            Block::Paragraph(p) => {
                out.push_str(&md_text(p));
                out.push('\n');
            }
            Block::List(items) => {
                for i in items {
                    out.push_str("- ");
                    out.push_str(&list_item(i, links));
                    out.push('\n');
                }
            }
            Block::Table(t) => table(t, links, &mut out),
            Block::Chart { body, table: t } => {
                match body {
                    ChartBody::Mermaid(m) => out.push_str(m),
                    ChartBody::Svg { name, svg } => {
                        let path = format!("{folder}/{stem}-{name}.svg");
                        out.push_str(&format!("![[{path}]]\n"));
                        assets.push(ReportAsset { path, content: svg.clone() });
                    }
                }
                out.push('\n');
                table(t, links, &mut out);
            }
            Block::Raw(r) => out.push_str(r),
        }
    }
    RenderedReport { markdown: out, assets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_carry_tables_and_svgs_become_assets() {
        let doc = ReportDoc {
            front_matter: "---\ngenerated_by: jira-vault-sync\n---\n".into(),
            title: "Flow <b>".into(),
            blocks: vec![
                Block::Paragraph("Summary | [[x]]".into()),
                Block::Chart {
                    body: ChartBody::Svg { name: "cfd".into(), svg: "<svg/>".into() },
                    table: Table {
                        header: vec!["Day".into(), "Done".into()],
                        numeric: vec![false, true],
                        rows: vec![vec!["03-01".into(), "2".into()]],
                        empty: String::new(),
                    },
                },
                Block::Table(Table { header: vec!["A".into()], empty: "Nothing.".into(), ..Table::default() }),
            ],
        };
        let r = render(&doc, "Reports/Flow OPS.md", &NoteLinks::new());
        assert_eq!(
            r.markdown,
            "---\ngenerated_by: jira-vault-sync\n---\n# Flow &lt;b&gt;\n\nSummary | \\[\\[x\\]\\]\n\n\
             ![[Reports/assets/Flow OPS-cfd.svg]]\n\n| Day | Done |\n| --- | ---: |\n| 03-01 | 2 |\n\n\
             | A |\n| --- |\n| Nothing. |\n"
        );
        assert_eq!(
            r.assets,
            vec![ReportAsset { path: "Reports/assets/Flow OPS-cfd.svg".into(), content: "<svg/>".into() }]
        );
    }

    #[test]
    fn keys_with_a_note_link_to_it_in_cells_and_list_items_and_other_paths_stay_text() {
        let links: NoteLinks = [
            ("OPS-1", "Jira/OPS/OPS-1 Fix login.md"),
            ("OPS-2", "Jira/OPS/OPS-2 a|b.md"),
            ("OPS-3", "Jira/OPS/OPS-3 [draft].md"),
            ("OPS-4", "Jira/OPS/OPS-4 Fix `null` handling.md"),
            ("OPS-5", "Jira/OPS/OPS-5 Cut 50%% of $cost.md"),
        ]
        .into_iter()
        .map(|(k, p)| (k.to_owned(), p.to_owned()))
        .collect();
        let doc = ReportDoc {
            front_matter: String::new(),
            title: "T".into(),
            blocks: vec![
                Block::Table(Table {
                    header: vec!["Key".into(), "Summary".into()],
                    numeric: vec![false, false],
                    rows: vec![
                        vec!["OPS-1".into(), "OPS-1".into()],
                        vec!["OPS-2".into(), "x".into()],
                        vec!["OPS-3".into(), "y".into()],
                        vec!["OPS-4".into(), "v".into()],
                        vec!["OPS-5".into(), "w".into()],
                        vec!["OPS-9".into(), "z".into()],
                    ],
                    empty: String::new(),
                }),
                Block::List(vec!["OPS-1 (Bug) done <b>".into(), "OPS-9 done".into(), "OPS-1".into()]),
            ],
        };
        let r = render(&doc, "Reports/R.md", &links);
        assert_eq!(
            r.markdown,
            "# T\n\n| Key | Summary |\n| --- | --- |\n\
             | [[Jira/OPS/OPS-1 Fix login\\|OPS-1]] | [[Jira/OPS/OPS-1 Fix login\\|OPS-1]] |\n\
             | OPS-2 | x |\n| OPS-3 | y |\n| OPS-4 | v |\n| OPS-5 | w |\n| OPS-9 | z |\n\n\
             - [[Jira/OPS/OPS-1 Fix login|OPS-1]] (Bug) done &lt;b&gt;\n- OPS-9 done\n- [[Jira/OPS/OPS-1 Fix login|OPS-1]]\n"
        );
    }
}
