//! The text of a ```` ```jira-search ```` or ```` ```jira-count ```` block, read into a [`QueryPlan`].
//!
//! The block holds `key: value` lines: `query` (or `jql`; further lines indented under it continue it),
//! `columns` (comma-separated, or a `- name` list on the lines below), `sort`, `limit` (default 50, at most
//! 1,000), `as` (`table` or `list`) and `title`. A block with no option line at all is the query itself, so
//! ```` ```jira-count ```` with a bare JQL line works. Lines starting with `#` are comments.
//!
//! `{{property}}` in the query is replaced by that front matter property of the note, JQL-quoted (`"` and `\`
//! escaped); a key reference (`[[OPS-1 Incident automation]]`) gives its key, a list gives `("a", "b")` for
//! `in`. A missing or empty property is a diagnostic, never an empty string, so a query never silently widens.
//!
//! Invariants: parsing never panics; every problem is a [`Diagnostic`] positioned in the block text (1-based
//! line and column); a plan with an error diagnostic sends no request.

use serde::Serialize;
use serde_json::Value;

use super::key_ref::key_in_reference;
use crate::diagnostic::{Diagnostic, Severity};
use crate::frontmatter::Mapping;

/// Rows fetched when the block names no `limit`.
pub const DEFAULT_LIMIT: u32 = 50;
/// The largest `limit` a block may ask for.
pub const MAX_LIMIT: u32 = 1000;

/// Which block: a table or list of issues, or their number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum BlockKind {
    /// ```` ```jira-search ````.
    #[default]
    Search,
    /// ```` ```jira-count ````.
    Count,
}

crate::json_objects::json_enum!(BlockKind { Search: "search", Count: "count" });

/// How a search block is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Display {
    /// A table with one column per field.
    #[default]
    Table,
    /// One line per issue: the key, then the other columns.
    List,
}

crate::json_objects::json_enum!(Display { Table: "table", List: "list" });

/// One field of the site's field list (`/field`), as the plugin knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteField {
    /// `customfield_10050`, `summary`, …
    pub id: String,
    /// The name Jira shows.
    pub name: String,
    /// The plugin's short type label (`datetime`, `date`, `array of string`, …); empty when unknown.
    #[serde(default)]
    pub r#type: String,
}

crate::json_objects::json_object!(SiteField { id: "id", name: "name", r#type: "type" = default });

/// What a column shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Column {
    /// The issue key (linked by the shell to the note that has it, else to Jira).
    Key,
    /// A Jira field, by id.
    Field {
        /// The field id to ask for (`summary`, `duedate`, `customfield_10050`).
        id: String,
        /// How its value reads.
        format: CellFormat,
    },
    /// A front matter property of the note that has the issue's key (filled in by the shell).
    NoteProperty {
        /// The property name.
        property: String,
    },
}

/// How a field's value becomes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CellFormat {
    /// Whatever the value holds, as plain text.
    Plain,
    /// A date and time, shown in the user's zone.
    DateTime,
}

/// One column with its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedColumn {
    /// The heading shown.
    pub heading: String,
    /// What the cells show.
    #[serde(flatten)]
    pub column: Column,
}

/// A block read and ready to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryPlan {
    /// Search or count.
    pub kind: BlockKind,
    /// The JQL to send: placeholders filled, `sort` appended as `ORDER BY` (search only).
    pub jql: String,
    /// The columns (search only; empty for a count).
    pub columns: Vec<PlannedColumn>,
    /// Most issues fetched.
    pub limit: u32,
    /// Table or list.
    pub display: Display,
    /// The heading above the block, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Problems in the block; any error means no request is sent.
    pub diagnostics: Vec<Diagnostic>,
}

impl QueryPlan {
    /// Whether the block can run (no error diagnostic and a query).
    pub fn runnable(&self) -> bool {
        !self.jql.trim().is_empty() && !self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The field ids to ask Jira for (never empty: `key` when no column needs a field).
    pub fn field_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for c in &self.columns {
            if let Column::Field { id, .. } = &c.column
                && !ids.contains(id)
            {
                ids.push(id.clone());
            }
        }
        if ids.is_empty() {
            ids.push("key".into());
        }
        ids
    }
}

/// The built-in column names: (name, field id, heading, format).
const BUILT_IN: &[(&str, &str, &str, CellFormat)] = &[
    ("summary", "summary", "Summary", CellFormat::Plain),
    ("status", "status", "Status", CellFormat::Plain),
    ("type", "issuetype", "Type", CellFormat::Plain),
    ("assignee", "assignee", "Assignee", CellFormat::Plain),
    ("reporter", "reporter", "Reporter", CellFormat::Plain),
    ("priority", "priority", "Priority", CellFormat::Plain),
    ("created", "created", "Created", CellFormat::DateTime),
    ("updated", "updated", "Updated", CellFormat::DateTime),
    ("resolved", "resolutiondate", "Resolved", CellFormat::DateTime),
    ("due", "duedate", "Due", CellFormat::Plain),
    ("resolution", "resolution", "Resolution", CellFormat::Plain),
    ("labels", "labels", "Labels", CellFormat::Plain),
    ("components", "components", "Components", CellFormat::Plain),
    ("fixversions", "fixVersions", "Fix versions", CellFormat::Plain),
    ("parent", "parent", "Parent", CellFormat::Plain),
];

/// The columns a search block shows when it names none.
const DEFAULT_COLUMNS: &[&str] = &["key", "summary", "status", "assignee"];

/// Reads a block: `source` is its text, `front_matter` the note's (if it has one), `fields` the site's list.
pub fn plan_query(kind: BlockKind, source: &str, front_matter: Option<&Mapping>, fields: &[SiteField]) -> QueryPlan {
    let raw = read_options(source);
    let mut diagnostics = raw.diagnostics;
    let mut plan = QueryPlan {
        kind,
        jql: String::new(),
        columns: Vec::new(),
        limit: DEFAULT_LIMIT,
        display: Display::Table,
        title: None,
        diagnostics: Vec::new(),
    };
    let mut jql_parts: Vec<String> = Vec::new();
    for (offset, text) in &raw.query {
        let part = fill_placeholders(source, *offset, text, front_matter, &mut diagnostics);
        if !part.trim().is_empty() {
            jql_parts.push(part.trim().to_string());
        }
    }
    let mut jql = jql_parts.join(" ").trim().to_string();
    if raw.query.is_empty() || jql.is_empty() {
        diagnostics.push(Diagnostic::error(
            source,
            0,
            "query-missing",
            "The block has no query: add a line `query: project = OPS`.",
        ));
    }
    if let Some((offset, value)) = &raw.limit {
        match value.trim().parse::<u64>() {
            Ok(0) | Err(_) => diagnostics.push(Diagnostic::error(
                source,
                *offset,
                "query-limit",
                format!("`limit` must be a whole number from 1 to {MAX_LIMIT}; `{}` is not.", value.trim()),
            )),
            Ok(n) if n > u64::from(MAX_LIMIT) => {
                diagnostics.push(Diagnostic::warning(
                    source,
                    *offset,
                    "query-limit",
                    format!("`limit` is at most {MAX_LIMIT}; {n} was read as {MAX_LIMIT}."),
                ));
                plan.limit = MAX_LIMIT;
            }
            Ok(n) => plan.limit = u32::try_from(n).unwrap_or(MAX_LIMIT),
        }
    }
    if let Some((offset, value)) = &raw.display {
        match value.trim().to_ascii_lowercase().as_str() {
            "table" => plan.display = Display::Table,
            "list" => plan.display = Display::List,
            other => diagnostics.push(Diagnostic::error(
                source,
                *offset,
                "query-as",
                format!("`as` is `table` or `list`, not `{other}`."),
            )),
        }
    }
    if let Some((_, value)) = &raw.title {
        let t = value.trim();
        if !t.is_empty() {
            plan.title = Some(t.to_string());
        }
    }
    if let Some((offset, value)) = &raw.sort {
        let sort = value.trim();
        if has_order_by(&jql) {
            diagnostics.push(Diagnostic::error(
                source,
                *offset,
                "query-sort",
                "The query already has ORDER BY; remove it or the `sort` line.",
            ));
        } else if !sort.is_empty() && kind == BlockKind::Search {
            jql = format!("{jql} ORDER BY {sort}");
        }
    }
    if kind == BlockKind::Search {
        if raw.columns.is_empty() {
            plan.columns = DEFAULT_COLUMNS.iter().filter_map(|c| column_named(c, fields).ok()).collect();
        }
        for (offset, name) in &raw.columns {
            match column_named(name, fields) {
                Ok(c) => plan.columns.push(c),
                Err(message) => diagnostics.push(Diagnostic::error(source, *offset, "query-column", message)),
            }
        }
    }
    plan.jql = jql;
    plan.diagnostics = diagnostics;
    plan
}

/// Whether `jql` has an `ORDER BY` clause (outside quoted strings).
fn has_order_by(jql: &str) -> bool {
    let mut outside = String::with_capacity(jql.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in jql.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                outside.push(' ');
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                outside.push(' ');
            }
            None => outside.push(c.to_ascii_lowercase()),
        }
    }
    let words: Vec<&str> = outside.split_whitespace().collect();
    words.windows(2).any(|w| w == ["order", "by"])
}

/// A column by the name a block gives it: built-in, `note.<property>`, a field id or a field's name.
fn column_named(name: &str, fields: &[SiteField]) -> Result<PlannedColumn, String> {
    let name = name.trim();
    let lower = name.to_ascii_lowercase();
    if lower == "key" {
        return Ok(PlannedColumn { heading: "Key".into(), column: Column::Key });
    }
    if let Some(property) = name.strip_prefix("note.") {
        let property = property.trim();
        if property.is_empty() {
            return Err("`note.` needs a property name, such as `note.team`.".into());
        }
        return Ok(PlannedColumn {
            heading: property.to_string(),
            column: Column::NoteProperty { property: property.to_string() },
        });
    }
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((_, id, heading, format)) = BUILT_IN.iter().find(|(n, ..)| *n == compact) {
        return Ok(PlannedColumn {
            heading: (*heading).to_string(),
            column: Column::Field { id: (*id).to_string(), format: *format },
        });
    }
    let by_id = fields.iter().find(|f| f.id == name);
    let named: Vec<&SiteField> = fields.iter().filter(|f| f.name.trim().eq_ignore_ascii_case(name)).collect();
    let field: &SiteField = match (by_id, named.as_slice()) {
        (Some(f), _) => f,
        (None, [f]) => f,
        (None, []) if name.starts_with("customfield_") => {
            return Ok(PlannedColumn {
                heading: name.to_string(),
                column: Column::Field { id: name.to_string(), format: CellFormat::Plain },
            });
        }
        (None, []) => return Err(format!("No Jira field is named `{name}` on this site.")),
        (None, many) => {
            let ids: Vec<&str> = many.iter().map(|f| f.id.as_str()).collect();
            return Err(format!(
                "Several Jira fields are named `{name}` ({}); name the one you mean by its id.",
                ids.join(", ")
            ));
        }
    };
    let format = if field.r#type.starts_with("datetime") { CellFormat::DateTime } else { CellFormat::Plain };
    Ok(PlannedColumn { heading: field.name.trim().to_string(), column: Column::Field { id: field.id.clone(), format } })
}

/// The options as written, each with the byte offset of its value in the block.
#[derive(Default)]
struct RawOptions {
    query: Vec<(usize, String)>,
    columns: Vec<(usize, String)>,
    sort: Option<(usize, String)>,
    limit: Option<(usize, String)>,
    display: Option<(usize, String)>,
    title: Option<(usize, String)>,
    diagnostics: Vec<Diagnostic>,
}

const OPTIONS: &[&str] = &["query", "jql", "columns", "sort", "limit", "as", "title"];

/// `name: value` on a line, if `name` is an option: (name lower-cased, byte offset of the value in the line).
fn option_of(line: &str) -> Option<(String, usize)> {
    let colon = line.find(':')?;
    let name = line[..colon].trim().to_ascii_lowercase();
    OPTIONS.contains(&name.as_str()).then_some((name, colon + 1))
}

/// Splits the block into options. With no option line at all, every non-comment line is the query.
fn read_options(source: &str) -> RawOptions {
    let mut out = RawOptions::default();
    let lines: Vec<(usize, &str)> = line_starts(source);
    let any_option = lines.iter().any(|(_, l)| !l.trim_start().starts_with('#') && option_of(l).is_some());
    if !any_option {
        for (start, line) in &lines {
            if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
                out.query.push((*start, (*line).to_string()));
            }
        }
        return out;
    }
    // The option that indented or `- item` lines continue.
    let mut open: Option<String> = None;
    for (start, line) in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if let Some(item) = trimmed.strip_prefix("- ").or(if trimmed == "-" { Some("") } else { None })
            && open.as_deref() == Some("columns")
        {
            let at = start + (line.len() - line.trim_start().len()) + 2.min(trimmed.len());
            if !item.trim().is_empty() {
                out.columns.push((at, item.trim().to_string()));
            }
            continue;
        }
        if indented && matches!(open.as_deref(), Some("query" | "jql")) {
            out.query.push((start, line.to_string()));
            continue;
        }
        let Some((name, value_at)) = option_of(line) else {
            let message = format!(
                "`{}` is not an option here (options: {}).",
                trimmed.chars().take(40).collect::<String>(),
                OPTIONS.join(", ")
            );
            out.diagnostics.push(Diagnostic::error(
                source,
                start + line.len() - line.trim_start().len(),
                "query-option",
                message,
            ));
            open = None;
            continue;
        };
        let value = &line[value_at..];
        let at = start + value_at;
        let slot = match name.as_str() {
            "query" | "jql" => {
                if !out.query.is_empty() {
                    out.diagnostics.push(Diagnostic::error(
                        source,
                        start,
                        "query-duplicate",
                        "The block has two queries (`query` and `jql` are the same option).",
                    ));
                }
                out.query.push((at, value.to_string()));
                None
            }
            "columns" => {
                for (offset, item) in split_list(value) {
                    out.columns.push((at + offset, item));
                }
                None
            }
            "sort" => Some(&mut out.sort),
            "limit" => Some(&mut out.limit),
            "as" => Some(&mut out.display),
            _ => Some(&mut out.title),
        };
        if let Some(slot) = slot {
            if slot.is_some() {
                out.diagnostics.push(Diagnostic::warning(
                    source,
                    start,
                    "query-duplicate",
                    format!("`{name}` is given twice; the last one counts."),
                ));
            }
            *slot = Some((at, value.to_string()));
        }
        open = Some(name);
    }
    out
}

/// Each line of `source` with its byte offset (without its line break).
fn line_starts(source: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in source.split_inclusive('\n') {
        let line = piece.strip_suffix('\n').unwrap_or(piece);
        out.push((start, line.strip_suffix('\r').unwrap_or(line)));
        start += piece.len();
    }
    out
}

/// The items of `a, b, c` (or `[a, b]`) with their offsets in `value`.
fn split_list(value: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in value.split(',') {
        let item = part.trim().trim_start_matches('[').trim_end_matches(']').trim();
        if !item.is_empty() {
            out.push((at + part.find(item).unwrap_or(0), item.to_string()));
        }
        at += part.len() + 1;
    }
    out
}

/// `text` (at byte `offset` of the block) with each `{{property}}` replaced by its JQL-quoted value.
fn fill_placeholders(
    source: &str,
    offset: usize,
    text: &str,
    front_matter: Option<&Mapping>,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut at = offset;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let here = at + open;
        let Some(close) = rest[open + 2..].find("}}") else {
            diagnostics.push(Diagnostic::error(source, here, "query-placeholder", "`{{` is not closed by `}}`."));
            out.push_str(&rest[open..]);
            return out;
        };
        let name = rest[open + 2..open + 2 + close].trim();
        match placeholder_value(name, front_matter) {
            Ok(v) => out.push_str(&v),
            Err(message) => diagnostics.push(Diagnostic::error(source, here, "query-placeholder", message)),
        }
        let consumed = open + 2 + close + 2;
        rest = &rest[consumed..];
        at += consumed;
    }
    out.push_str(rest);
    out
}

/// The JQL text a placeholder stands for, or why there is none.
fn placeholder_value(name: &str, front_matter: Option<&Mapping>) -> Result<String, String> {
    if name.is_empty() {
        return Err("`{{}}` names no property.".into());
    }
    let Some(mapping) = front_matter else {
        return Err(format!("`{{{{{name}}}}}` needs the note's front matter, and the note has none."));
    };
    let missing = || format!("The note has no `{name}` property for `{{{{{name}}}}}`.");
    let value = mapping.get(name).ok_or_else(missing)?;
    match value {
        Value::Array(items) => {
            let quoted: Result<Vec<String>, String> = items.iter().map(|v| scalar(v).ok_or_else(missing)).collect();
            let quoted = quoted?;
            if quoted.is_empty() {
                return Err(format!("The note's `{name}` property is an empty list."));
            }
            Ok(format!("({})", quoted.join(", ")))
        }
        Value::Object(_) => {
            Err(format!("The note's `{name}` property is a mapping; only text, numbers and lists can go into a query."))
        }
        v => scalar(v).ok_or_else(|| format!("The note's `{name}` property is empty.")),
    }
}

/// A scalar as a JQL string literal (a key reference as its key); `None` for null or empty text.
fn scalar(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => {
            key_in_reference(s).filter(|_| s.trim_start().starts_with("[[")).unwrap_or(s.trim()).to_string()
        }
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then(|| jql_quoted(&text))
}

/// `text` as a JQL double-quoted string: backslashes and double quotes escaped, line breaks as `\n`.
pub fn jql_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
