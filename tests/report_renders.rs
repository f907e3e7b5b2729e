//! The checked-in report renders (`tests/fixtures/report-charts.json`) are what the core renders now from the
//! metrics fixture (`tests/fixtures/report-metrics.json`). `plugin/test/report-charts.test.ts` parses every
//! Mermaid block and SVG in that file: the wasm has no export rendering from given metrics (the product never
//! does), so the JavaScript test reads the renders from the file this test keeps current.
//! `UPDATE_FIXTURES=1 cargo test --test report_renders` rewrites the file after a deliberate change.

use jira_vault_sync::analytics::Metrics;
use jira_vault_sync::report::{ReportKind, ReportParams, render_report};

/// The renders the JavaScript test parses (every kind for project OPS, and the flow report's SVG charts for
/// the whole site), as JSON text.
fn fixture_renders() -> String {
    let metrics: Metrics =
        serde_json::from_str(include_str!("fixtures/report-metrics.json")).expect("the metrics fixture");
    let mut renders: Vec<(ReportParams, String)> = ReportKind::ALL
        .iter()
        .map(|&kind| {
            (
                ReportParams { project: Some("OPS".into()), ..ReportParams::new(kind) },
                format!("Reports/{}.md", kind.id()),
            )
        })
        .collect();
    renders.push((ReportParams::new(ReportKind::Flow), "Reports/Flow.md".to_owned()));
    let list: Vec<serde_json::Value> = renders
        .into_iter()
        .map(|(params, note_path)| {
            let rendered = render_report(&params, &note_path, &metrics).expect("report");
            serde_json::json!({ "params": params, "notePath": note_path, "rendered": rendered })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).expect("json");
    text.push('\n');
    text
}

#[test]
fn checked_in_renders_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/report-charts.json");
    let now = fixture_renders();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(path, &now).expect("write the renders");
    }
    let kept = std::fs::read_to_string(path).unwrap_or_default();
    assert!(kept == now, "{path} is stale: run `UPDATE_FIXTURES=1 cargo test --test report_renders` and commit it");
}
