//! The *Vault health* report note: the findings as Markdown, regenerated in place on every check.
//!
//! Invariants:
//! - The note starts with the generated-report marker (`generated_by: jira-vault-sync`, see
//!   [`is_generated_report`](crate::worklog::report::is_generated_report)) and `report: vault-health`, so a
//!   caller overwrites only a note it wrote (and never a note of the user's at that path).
//! - Every note involved is a `[[wiki-link]]` (its path without `.md`), so Obsidian's backlinks and graph show it;
//!   a path a link cannot hold (`|`, `#`, `^`, `[`, `]`) is written as escaped text instead. Messages go through
//!   [`md_text`], since they carry Jira's words (status names) and file names: they stay inert prose.
//! - Output is a pure function of the findings and the `checked` time the caller passes in (no clock here).

use super::{Finding, FindingKind, FindingSeverity, Fix};
use crate::report::escape::md_text;
use crate::text::count;
use crate::worklog::report::{GENERATED_BY, GENERATED_BY_KEY};

/// The report's `report:` property value.
pub const HEALTH_REPORT_KIND: &str = "vault-health";

/// The heading of each kind's section, in the order they are listed.
fn heading(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::UnmappedState => "States that map to no status",
        FindingKind::UnreachableState => "State changes no transition reaches",
        FindingKind::DuplicateKey => "Notes with the same key",
        FindingKind::OutsideProjectFolder => "Notes outside their project's folder",
        FindingKind::MissingParent => "Parents without a note",
        FindingKind::DoneParentOpenChildren => "Done parents with open children",
        FindingKind::DeletedInJira => "Issues deleted in Jira",
        FindingKind::MissingField => "Mappings naming fields the site lacks",
        FindingKind::UnreadableFrontmatter => "Front matter that cannot be read",
        FindingKind::MissingLinkTarget => "Issue links without a note",
        FindingKind::OutsideEpicFolder => "Child notes outside their epic's folder",
    }
}

/// A link to the note at `path`, or the escaped path when a wiki-link cannot hold it.
pub fn note_link(path: &str) -> String {
    let target = path.strip_suffix(".md").unwrap_or(path);
    if target.is_empty() || target.contains(['|', '#', '^', '[', ']', '\n', '\r']) {
        md_text(path)
    } else {
        format!("[[{target}]]")
    }
}

/// The report note for `findings` (as [`check_health`](super::check_health) orders them), checked at `checked`
/// (a time the caller formats, written as it is).
pub fn render_health_report(findings: &[Finding], checked: &str) -> String {
    let checked = md_text(checked);
    let errors = findings.iter().filter(|f| f.severity == FindingSeverity::Error).count();
    let mut out = format!(
        "---\n{GENERATED_BY_KEY}: {GENERATED_BY}\nreport: {HEALTH_REPORT_KIND}\nfindings: {}\n---\n# Vault health\n\n",
        findings.len()
    );
    if findings.is_empty() {
        out.push_str(&format!(
            "Checked {checked}: nothing found. The synced notes agree with Jira and the settings.\n"
        ));
        return out;
    }
    out.push_str(&format!(
        "Checked {checked}: {} ({}, {}). Run *Check vault health* again after fixing; this note is rewritten each time.\n",
        count(findings.len() as u64, "finding", "findings"),
        count(errors as u64, "error", "errors"),
        count((findings.len() - errors) as u64, "warning", "warnings")
    ));
    let mut current = None;
    for f in findings {
        if current != Some(f.kind) {
            let count = findings.iter().filter(|g| g.kind == f.kind).count();
            out.push_str(&format!("\n## {} ({count})\n\n", heading(f.kind)));
            current = Some(f.kind);
        }
        let severity = match f.severity {
            FindingSeverity::Error => "Error",
            FindingSeverity::Warning => "Warning",
        };
        let links: Vec<String> = f.paths.iter().map(|p| note_link(p)).collect();
        let notes = if links.is_empty() { String::new() } else { format!("{}: ", links.join(", ")) };
        let position = match (f.line, f.column) {
            (Some(line), Some(column)) => format!(" (line {line}, column {column})"),
            _ => String::new(),
        };
        out.push_str(&format!("- **{severity}** {notes}{}{position}\n", md_text(&f.message)));
        if let Some(Fix::Move { to, .. }) = &f.fix {
            out.push_str(&format!("  - Fix: move it to {} (the *Check vault health* window does it).\n", md_text(to)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_report_says_so_and_carries_the_marker() {
        let text = render_health_report(&[], "2026-12-03 09:00");
        assert!(crate::worklog::report::is_generated_report(&text));
        assert!(text.contains("report: vault-health\nfindings: 0\n"), "{text}");
        assert!(text.contains("Checked 2026-12-03 09:00: nothing found."), "{text}");
    }

    #[test]
    fn findings_are_grouped_with_links_and_inert_messages() {
        let finding = Finding {
            kind: FindingKind::OutsideProjectFolder,
            severity: FindingSeverity::Warning,
            message: "OPS-2 <b>belongs</b> in [[Jira/OPS]]".into(),
            paths: vec!["Inbox/OPS-2 Runbook.md".into(), "odd|name.md".into()],
            key: Some("OPS-2".into()),
            line: None,
            column: None,
            fix: Some(Fix::Move { from: "Inbox/OPS-2 Runbook.md".into(), to: "Jira/OPS/OPS-2 Runbook.md".into() }),
        };
        let text = render_health_report(&[finding], "now");
        assert!(text.contains("## Notes outside their project's folder (1)\n"), "{text}");
        assert!(text.contains("- **Warning** [[Inbox/OPS-2 Runbook]], odd|name.md: OPS-2 &lt;b&gt;belongs&lt;/b&gt; in \\[\\[Jira/OPS\\]\\]\n"), "{text}");
        assert!(text.contains("  - Fix: move it to Jira/OPS/OPS-2 Runbook.md"), "{text}");
    }
}
