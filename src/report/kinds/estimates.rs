//! The estimates report: accuracy overall, per issue type, per person, the product's suggestions against
//! people's, every estimated done issue, and the unestimated ones.

use super::{h, pct, ratio, table};
use crate::analytics::{Accuracy, GroupAccuracy, Metrics};
use crate::report::document::{Block, ChartBody, Table};
use crate::report::mermaid::{SeriesKind, XyChart, XySeries, xychart};

fn accuracy_row(name: &str, a: &Accuracy) -> Vec<String> {
    vec![name.to_owned(), a.count.to_string(), pct(a.within20), ratio(a.bias), h(a.estimate_hours), h(a.spent_hours)]
}

fn group_table(first: &str, groups: &[GroupAccuracy]) -> Table {
    table(
        &[
            (first, false),
            ("Issues", true),
            ("Within ±20%", true),
            ("Bias (median ratio)", true),
            ("Estimated (h)", true),
            ("Spent (h)", true),
        ],
        groups.iter().map(|g| accuracy_row(if g.name.is_empty() { &g.id } else { &g.name }, &g.accuracy)).collect(),
        "No estimated issue was done in this period.",
    )
}

/// The estimates report's blocks.
pub fn blocks(m: &Metrics) -> Vec<Block> {
    let e = &m.estimates;
    let o = &e.overall;
    let mut blocks = vec![
        Block::Heading("Accuracy".into()),
        Block::Paragraph(if o.count == 0 {
            "No estimated issue was done in this period.".into()
        } else {
            format!(
                "{} estimated issues done: {} within ±20% of their original estimate; bias (median of time spent ÷ \
                 estimate) {}; {} h estimated, {} h spent. {} done issues had no estimate.",
                o.count,
                pct(o.within20),
                ratio(o.bias),
                h(o.estimate_hours),
                h(o.spent_hours),
                e.unestimated.len()
            )
        }),
        Block::Heading("By issue type".into()),
    ];
    if e.by_type.iter().any(|g| g.accuracy.bias.is_some()) {
        blocks.push(Block::Chart {
            body: ChartBody::Mermaid(xychart(&XyChart {
                title: "Bias by issue type (1 = as estimated)".into(),
                categories: e.by_type.iter().map(|g| g.name.clone()).collect(),
                y_label: "Spent ÷ estimate".into(),
                decimals: 2,
                series: vec![XySeries {
                    kind: SeriesKind::Bar,
                    values: e.by_type.iter().map(|g| g.accuracy.bias.unwrap_or(0.0)).collect(),
                }],
            })),
            table: group_table("Issue type", &e.by_type),
        });
    } else {
        blocks.push(Block::Table(group_table("Issue type", &e.by_type)));
    }
    blocks.push(Block::Heading("By person".into()));
    blocks.push(Block::Table(group_table("Assignee", &e.by_person)));
    blocks.push(Block::Heading("Suggested and human estimates".into()));
    blocks.push(Block::Table(table(
        &[
            ("Origin", false),
            ("Issues", true),
            ("Within ±20%", true),
            ("Bias (median ratio)", true),
            ("Estimated (h)", true),
            ("Spent (h)", true),
        ],
        vec![accuracy_row("Suggested by the product", &e.suggested), accuracy_row("People", &e.human)],
        "",
    )));
    blocks.push(Block::Heading("Issues".into()));
    blocks.push(Block::Table(table(
        &[
            ("Issue", false),
            ("Type", false),
            ("Estimated (h)", true),
            ("Spent (h)", true),
            ("Ratio", true),
            ("Suggested", false),
        ],
        e.issues
            .iter()
            .map(|i| {
                vec![
                    i.key.clone(),
                    i.issue_type.clone(),
                    h(i.estimate_hours),
                    h(i.spent_hours),
                    ratio(Some(i.ratio)),
                    if i.suggested { "yes".into() } else { String::new() },
                ]
            })
            .collect(),
        "No estimated issue was done in this period.",
    )));
    if !e.unestimated.is_empty() {
        blocks.push(Block::Heading("Done without an estimate".into()));
        blocks.push(Block::Paragraph(e.unestimated.join(", ")));
    }
    blocks
}
