//! The digest's automation section: rule firings per rule (chart and table: firings, firings per week,
//! success rate, failed actions), firings per week, issues created from detected tasks, suggestion acceptance
//! per field, and insights as sentences with their numbers (see `analytics/automation.rs` for the definitions).

use super::{pct, short_date, table};
use crate::analytics::AutomationMetrics;
use crate::analytics::automation::KindCount;
use crate::report::document::{Block, ChartBody};
use crate::report::escape::number;
use crate::report::mermaid::{SeriesKind, XyChart, XySeries, xychart};
use crate::text::count;

/// `comment 2, move to 1`.
fn kinds(list: &[KindCount]) -> String {
    list.iter().map(|k| format!("{} {}", k.kind, k.count)).collect::<Vec<_>>().join(", ")
}

/// `failed actions: comment 2, move-to 1`, or `None` when no action failed.
fn failed_actions(list: &[KindCount]) -> Option<String> {
    (!list.is_empty()).then(|| format!("failed actions: {}", kinds(list)))
}

/// `n of d (p%)`.
fn of(n: u32, d: u32, share: Option<f64>) -> String {
    format!("{n} of {d} ({})", pct(share))
}

/// The section's blocks (a heading, then the parts; a sentence when there is no record).
pub fn blocks(a: &AutomationMetrics) -> Vec<Block> {
    let mut blocks = vec![Block::Heading("Automation".into())];
    if let Some(why) = &a.not_available {
        blocks.push(Block::Paragraph(format!("Not available: {why}.")));
        return blocks;
    }
    let weeks = a.weeks.len().max(1) as f64;
    if a.rules.is_empty() {
        blocks.push(Block::Paragraph("No rule fired in this period.".into()));
    } else {
        blocks.push(Block::Chart {
            body: ChartBody::Mermaid(xychart(&XyChart {
                title: "Firings per rule and those that fully succeeded".into(),
                categories: a.rules.iter().map(|r| r.rule.clone()).collect(),
                y_label: "Firings".into(),
                decimals: 0,
                series: vec![
                    XySeries { kind: SeriesKind::Bar, values: a.rules.iter().map(|r| f64::from(r.firings)).collect() },
                    XySeries {
                        kind: SeriesKind::Line,
                        values: a.rules.iter().map(|r| f64::from(r.succeeded)).collect(),
                    },
                ],
            })),
            table: table(
                &[
                    ("Rule", false),
                    ("Firings", true),
                    ("Per week", true),
                    ("Succeeded", true),
                    ("Success rate", true),
                    ("Failed actions", false),
                    ("Issues", false),
                ],
                a.rules
                    .iter()
                    .map(|r| {
                        vec![
                            r.rule.clone(),
                            r.firings.to_string(),
                            number(f64::from(r.firings) / weeks, 1),
                            r.succeeded.to_string(),
                            pct(r.success_rate),
                            kinds(&r.failed_actions),
                            r.issues.join(", "),
                        ]
                    })
                    .collect(),
                "",
            ),
        });
        let per_week: Vec<u32> =
            (0..a.weeks.len()).map(|i| a.rules.iter().map(|r| r.per_week.get(i).copied().unwrap_or(0)).sum()).collect();
        blocks.push(Block::Chart {
            body: ChartBody::Mermaid(xychart(&XyChart {
                title: "Rule firings per week".into(),
                categories: a.weeks.iter().map(|w| short_date(w)).collect(),
                y_label: "Firings".into(),
                decimals: 0,
                series: vec![XySeries {
                    kind: SeriesKind::Bar,
                    values: per_week.iter().map(|&n| f64::from(n)).collect(),
                }],
            })),
            table: table(
                &[("Week of", false), ("Firings", true)],
                a.weeks.iter().zip(&per_week).map(|(w, n)| vec![w.clone(), n.to_string()]).collect(),
                "",
            ),
        });
    }
    let c = &a.created;
    blocks.push(Block::Paragraph(match c.share {
        _ if c.count == 0 => "No issue was created from a detected task in this period.".into(),
        Some(share) => format!(
            "{} created from detected tasks ({} found by the built-in rules, {} by the model): {} of the {} created in this period.",
            issues_were(c.count),
            c.by_rules,
            c.by_model,
            pct(Some(share)),
            count(u64::from(c.created_in_period), "issue", "issues")
        ),
        None => format!(
            "{} created from detected tasks ({} found by the built-in rules, {} by the model).",
            issues_were(c.count),
            c.by_rules,
            c.by_model
        ),
    }));
    if a.suggestions.is_empty() {
        blocks.push(Block::Paragraph("No suggested value was reviewed in this period.".into()));
    } else {
        blocks.push(Block::Table(table(
            &[
                ("Suggested field", false),
                ("Offered", true),
                ("Accepted", true),
                ("Edited", true),
                ("Rejected", true),
                ("Acceptance rate", true),
                ("Accepted as is", true),
            ],
            a.suggestions
                .iter()
                .map(|f| {
                    vec![
                        f.field.clone(),
                        f.offered.to_string(),
                        f.accepted.to_string(),
                        f.edited.to_string(),
                        f.rejected.to_string(),
                        pct(f.acceptance_rate),
                        pct(f.accepted_as_is),
                    ]
                })
                .collect(),
            "",
        )));
    }
    let sentences = insights(a);
    if !sentences.is_empty() {
        blocks.push(Block::List(sentences));
    }
    blocks
}

/// "1 issue was" or "N issues were".
fn issues_were(n: u32) -> String {
    if n == 1 { "1 issue was".to_owned() } else { format!("{n} issues were") }
}

/// The section's insights: overall success, each rule that did not always succeed, the busiest rule, and each
/// field's acceptance, every one with its numbers.
pub fn insights(a: &AutomationMetrics) -> Vec<String> {
    let mut out = Vec::new();
    if a.firings > 0 {
        let failed = failed_actions(&a.failed_actions).map(|sentence| format!("; {sentence}")).unwrap_or_default();
        out.push(format!(
            "Rules fired {}; {} had every action succeed{failed}.",
            count(u64::from(a.firings), "time", "times"),
            of(a.succeeded, a.firings, a.success_rate)
        ));
    }
    for r in a.rules.iter().filter(|r| r.succeeded < r.firings) {
        let failed = failed_actions(&r.failed_actions).unwrap_or_else(|| "actions were skipped".to_owned());
        out.push(format!(
            "Rule {} fully succeeded in {} firings ({failed}): check it in the sync log.",
            r.rule,
            of(r.succeeded, r.firings, r.success_rate)
        ));
    }
    if let Some(busiest) = a.rules.iter().max_by_key(|r| r.firings).filter(|_| a.rules.len() > 1) {
        let weeks = a.weeks.len().max(1) as f64;
        out.push(format!(
            "The busiest rule was {} with {} ({} per week).",
            busiest.rule,
            count(u64::from(busiest.firings), "firing", "firings"),
            number(f64::from(busiest.firings) / weeks, 1)
        ));
    }
    for f in &a.suggestions {
        out.push(format!(
            "Suggested {} values were taken {} times ({} as offered).",
            f.field,
            of(f.accepted + f.edited, f.offered, f.acceptance_rate),
            pct(f.accepted_as_is)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analytics::Metrics;
    use crate::report::{ReportKind, ReportParams, render_report};

    fn fixture() -> Metrics {
        serde_json::from_str(include_str!("../../../tests/fixtures/report-metrics.json")).expect("fixture")
    }

    #[test]
    fn the_digest_shows_firings_success_created_issues_and_acceptance_with_escaped_names() {
        let digest = ReportParams::new(ReportKind::Digest);
        let md = render_report(&digest, "Reports/D.md", &fixture()).expect("digest").markdown;
        let section = md.split("## Automation\n").nth(1).expect("an automation section");
        assert!(section.contains("| Tag \\| \\[\\[done\\]\\] | 2 | 0.4 | 2 | 100\\% |  | OPS-4 |"), "{section}");
        assert!(section.contains("| 3 | 0.6 | 1 | 33\\% | comment 1, move-to 1 | OPS-1, OPS-2, OPS-3 |"), "{section}");
        assert!(section.contains("| 2024-03-04 | 2 |"), "{section}");
        assert!(section.contains("2 issues were created from detected tasks (1 found by the built-in rules, 1 by the model): 25\\% of the 8 issues created in this period."), "{section}");
        assert!(section.contains("| priority | 3 | 2 | 0 | 1 | 67\\% | 67\\% |"), "{section}");
        assert!(
            section.contains(
                "- Rules fired 5 times; 3 of 5 (60\\%) had every action succeed; failed actions: comment 1, move-to 1."
            ),
            "{section}"
        );
        assert!(
            section.contains("fully succeeded in 1 of 3 (33\\%) firings (failed actions: comment 1, move-to 1)"),
            "{section}"
        );
        assert!(
            section.contains("- Suggested estimate values were taken 1 of 2 (50\\%) times (0\\% as offered)."),
            "{section}"
        );
        assert!(!section.contains("%%{init"), "{section}");
        assert!(!section.contains("<b>"), "{section}");
    }

    #[test]
    fn without_a_record_the_section_says_it_is_not_available() {
        let mut m = fixture();
        m.automation = crate::analytics::automation::automation(
            &crate::analytics::scope::Scope::new(
                &crate::history::SiteHistory::default(),
                &crate::analytics::AnalyticsConfig::default(),
                0,
                &m.period,
            ),
            None,
        );
        let md = render_report(&ReportParams::new(ReportKind::Digest), "Reports/D.md", &m).expect("digest").markdown;
        assert!(md.contains("## Automation\n\nNot available: no record of automation or assistance yet"), "{md}");
    }
}
