//! The weekly digest: what moved (issues done), what is stuck (open work older than the cycle time P95),
//! the insights with their evidence, the week-over-week trends, and what automation and assistance did
//! ([`super::automation`]).

use super::{h, opt_h, pct, short_date, table};
use crate::analytics::{InsightKind, Metrics};
use crate::report::document::{Block, ChartBody};
use crate::report::escape::number;
use crate::report::mermaid::{SeriesKind, XyChart, XySeries, xychart};

/// The weekly digest's blocks.
pub fn blocks(m: &Metrics) -> Vec<Block> {
    let mut blocks = vec![Block::Heading("What moved".into())];
    let done = &m.cycle_time.issues;
    if done.is_empty() {
        blocks.push(Block::Paragraph("No issue was done in this period.".into()));
    } else {
        blocks.push(Block::List(
            done.iter()
                .map(|i| format!("{} ({}) done {} after {} h in progress", i.key, i.issue_type, i.done, h(i.hours)))
                .collect(),
        ));
    }
    blocks.push(Block::Heading("What is stuck".into()));
    let aging: Vec<String> =
        m.insights.iter().filter(|i| i.kind == InsightKind::AgingWork).flat_map(|i| i.issues.iter().cloned()).collect();
    blocks.push(if aging.is_empty() {
        Block::Paragraph("Nothing has been in progress longer than the cycle time's 95th percentile.".into())
    } else {
        Block::List(aging)
    });
    blocks.push(Block::Heading("Insights".into()));
    if m.insights.is_empty() {
        blocks.push(Block::Paragraph("No insight for this period.".into()));
    } else {
        blocks.push(Block::List(
            m.insights
                .iter()
                .map(|i| {
                    let evidence: Vec<String> =
                        i.evidence.iter().map(|e| format!("{} {} {}", e.label, number(e.value, 2), e.unit)).collect();
                    let issues =
                        if i.issues.is_empty() { String::new() } else { format!(" Issues: {}.", i.issues.join(", ")) };
                    format!("{} ({}){issues}", i.sentence, evidence.join("; "))
                })
                .collect(),
        ));
    }
    blocks.push(Block::Heading("Trends".into()));
    if m.trends.is_empty() {
        blocks.push(Block::Paragraph("No week in this period.".into()));
    } else {
        blocks.push(Block::Chart {
            body: ChartBody::Mermaid(xychart(&XyChart {
                title: "Throughput and its 4-week average".into(),
                categories: m.trends.iter().map(|t| short_date(&t.week_start)).collect(),
                y_label: "Issues".into(),
                decimals: 1,
                series: vec![
                    XySeries {
                        kind: SeriesKind::Bar,
                        values: m.trends.iter().map(|t| f64::from(t.throughput)).collect(),
                    },
                    XySeries {
                        kind: SeriesKind::Line,
                        values: m.trends.iter().map(|t| t.throughput_average).collect(),
                    },
                ],
            })),
            table: table(
                &[
                    ("Week of", false),
                    ("Done", true),
                    ("Change", true),
                    ("Created", true),
                    ("WIP", true),
                    ("Logged (h)", true),
                    ("Median cycle time (h)", true),
                ],
                m.trends
                    .iter()
                    .map(|t| {
                        vec![
                            t.week_start.clone(),
                            t.throughput.to_string(),
                            pct(t.throughput_change),
                            t.created.to_string(),
                            t.wip.to_string(),
                            h(t.logged_hours),
                            opt_h(t.cycle_time_median),
                        ]
                    })
                    .collect(),
                "",
            ),
        });
    }
    blocks.extend(super::automation::blocks(&m.automation));
    blocks
}
