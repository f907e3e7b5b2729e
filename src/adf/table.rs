//! ADF tables → GFM tables.
//!
//! A GFM table holds one line of inline content per cell. Anything else a Jira table carries is kept in
//! invisible markers at the start of a cell: `<span data-adf-table='…'></span>` (table attributes and marks, in
//! the first cell), `<span data-adf-cell='…'></span>` (cell attributes such as `colwidth` or `background`, and
//! the cell type when a header cell is not in the first row or vice versa) and the paragraph's own
//! `data-adf-block` marker. Cells holding anything but one paragraph make the table use the `adf` block form.

use serde_json::{Map, Value};

use crate::adf::node::Node;

use super::inline::{self, Mode};
use super::json::inert_json;
use super::write::block_marker;

/// Attributes other than `localId` and the defaults, as a map.
fn extra_attrs(node: &Node<'_>, default: impl Fn(&str, &Value) -> bool) -> Map<String, Value> {
    if node.attrs_lenient(&["localId"]) {
        return Map::new();
    }
    node.attrs()
        .and_then(Value::as_object)
        .map(|a| {
            a.iter()
                .filter(|(k, v)| k.as_str() != "localId" && !default(k, v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Renders a table as GFM (strong/em/strike as tags if `tags`), or `None` if it needs the `adf` block form.
pub(super) fn table(node: &Node<'_>, tags: bool) -> Option<String> {
    let table_attrs = extra_attrs(node, |k, v| {
        (k == "isNumberColumnEnabled" && v == &Value::Bool(false)) || (k == "layout" && v == "default")
    });
    let mut table_carried = Map::new();
    if !table_attrs.is_empty() {
        table_carried.insert("attrs".into(), Value::Object(table_attrs));
    }
    if let Some(marks) = node.marks().and_then(Value::as_array).filter(|m| !m.is_empty()) {
        table_carried.insert("marks".into(), Value::Array(marks.clone()));
    }
    // Column widths shared by every cell of a column ride once in the table marker.
    let rows = node.children();
    let columns = rows.first().map_or(0, |r| r.children().len());
    let shared: Vec<Option<Value>> = (0..columns)
        .map(|c| {
            let mut widths = rows.iter().map(|r| r.children().get(c).and_then(|cell| cell.attr("colwidth")));
            let first = widths.next().flatten()?;
            widths.all(|w| w == Some(first)).then(|| first.clone())
        })
        .collect();
    if shared.iter().any(Option::is_some) {
        table_carried
            .insert("columns".into(), Value::Array(shared.iter().map(|w| w.clone().unwrap_or(Value::Null)).collect()));
    }
    let mut lines = Vec::new();
    let mut width = None;
    for (r, row) in rows.iter().enumerate() {
        if row.ty() != "tableRow" || !extra_attrs(row, |_, _| false).is_empty() || row.marks().is_some() {
            return None;
        }
        let mut cells = Vec::new();
        for (c, cell) in row.children().iter().enumerate() {
            let paras = cell.children();
            if !matches!(cell.ty(), "tableHeader" | "tableCell") || paras.len() != 1 || paras[0].ty() != "paragraph" {
                return None;
            }
            let mut text = String::new();
            if r == 0 && c == 0 && !table_carried.is_empty() {
                text.push_str(&format!(
                    "<span data-adf-table='{}'></span>",
                    inert_json(&Value::Object(table_carried.clone()))
                ));
            }
            let mut cell_carried = Map::new();
            let want = if r == 0 { "tableHeader" } else { "tableCell" };
            if cell.ty() != want {
                cell_carried.insert("type".into(), Value::String(cell.ty().to_owned()));
            }
            let column_width = shared.get(c).cloned().flatten();
            let attrs = extra_attrs(cell, |k, v| {
                (matches!(k, "colspan" | "rowspan") && v.as_f64() == Some(1.0))
                    || (k == "colwidth" && column_width.as_ref() == Some(v))
            });
            if !attrs.is_empty() {
                cell_carried.insert("attrs".into(), Value::Object(attrs));
            }
            if !cell_carried.is_empty() {
                text.push_str(&format!("<span data-adf-cell='{}'></span>", inert_json(&Value::Object(cell_carried))));
            }
            text.push_str(&block_marker(&paras[0], &["localId"]));
            text.push_str(&inline::render(paras[0].children(), Mode { tags, table: true, one_line: true }));
            if text.contains('\n') {
                return None;
            }
            cells.push(text);
        }
        if cells.is_empty() || *width.get_or_insert(cells.len()) != cells.len() {
            return None;
        }
        lines.push(format!("| {} |", cells.join(" | ")));
        if r == 0 {
            lines.push(format!("|{}", " --- |".repeat(cells.len())));
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}
