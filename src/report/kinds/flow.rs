//! The flow report: cycle time (control chart, SVG), throughput per week, created vs resolved, WIP per day,
//! cumulative flow (stacked areas, SVG), time in each status and lead time.

use chrono::NaiveDate;

use super::{h, opt_h, short_date, table};
use crate::analytics::Metrics;
use crate::history::StatusCategory;
use crate::report::document::{Block, ChartBody};
use crate::report::mermaid::{SeriesKind, XyChart, XySeries, xychart};
use crate::report::svg::{AreaSeries, ScatterChart, ScatterPoint, StackedAreaChart, scatter_svg, stacked_area_svg};
use crate::text::count;

fn day_index(from: Option<NaiveDate>, date: &str) -> f64 {
    match (from, crate::analytics::calendar::parse_date(date)) {
        (Some(f), Some(d)) => (d - f).num_days() as f64,
        _ => 0.0,
    }
}

/// The cycle time section: summary, control chart and the issues.
pub fn cycle_blocks(m: &Metrics) -> Vec<Block> {
    let c = &m.cycle_time;
    let mut blocks = vec![Block::Heading("Cycle time".into())];
    if c.issues.is_empty() {
        blocks.push(Block::Paragraph("No issue was done in this period.".into()));
        return blocks;
    }
    let s = &c.summary;
    blocks.push(Block::Paragraph(format!(
        "{} done. Cycle time in hours: mean {}, median {}, 85th percentile {}, 95th percentile {} \
         (rolling average over {}).",
        count(s.count as u64, "issue", "issues"),
        opt_h(s.mean),
        opt_h(s.median),
        opt_h(s.p85),
        opt_h(s.p95),
        count(c.rolling_window as u64, "issue", "issues")
    )));
    let from = crate::date_text::parse_date(&m.period.from);
    let to = crate::date_text::parse_date(&m.period.to);
    let span = match (from, to) {
        (Some(f), Some(t)) => (t - f).num_days().max(1) as f64,
        _ => 1.0,
    };
    let days = |hours: f64| hours / 24.0;
    let chart = ScatterChart {
        title: "Control chart (cycle time in days)".into(),
        x_range: (0.0, span),
        x_ticks: vec![(0.0, short_date(&m.period.from)), (span, short_date(&m.period.to))],
        y_label: "Days".into(),
        points: c
            .issues
            .iter()
            .map(|i| ScatterPoint {
                x: day_index(from, &i.done),
                y: days(i.hours),
                label: format!("{}: {} h", i.key, h(i.hours)),
            })
            .collect(),
        rolling: c.issues.iter().map(|i| (day_index(from, &i.done), days(i.rolling_average))).collect(),
        references: [("Mean", s.mean), ("Median", s.median), ("P85", s.p85), ("P95", s.p95)]
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| (n.to_owned(), days(v))))
            .collect(),
    };
    let rows = c
        .issues
        .iter()
        .map(|i| {
            vec![
                i.key.clone(),
                i.issue_type.clone(),
                i.started.clone().unwrap_or_default(),
                i.done.clone(),
                h(i.hours),
                h(i.rolling_average),
                i.reopened.to_string(),
            ]
        })
        .collect();
    blocks.push(Block::Chart {
        body: ChartBody::Svg { name: "control-chart".into(), svg: scatter_svg(&chart) },
        table: table(
            &[
                ("Issue", false),
                ("Type", false),
                ("Started", false),
                ("Done", false),
                ("Cycle time (h)", true),
                ("Rolling average (h)", true),
                ("Reopened", true),
            ],
            rows,
            "",
        ),
    });
    blocks
}

/// Throughput per week.
pub fn throughput_blocks(m: &Metrics) -> Vec<Block> {
    let t = &m.flow.throughput;
    let mut blocks = vec![Block::Heading("Throughput per week".into())];
    if t.is_empty() {
        blocks.push(Block::Paragraph("No week in this period.".into()));
        return blocks;
    }
    blocks.push(Block::Chart {
        body: ChartBody::Mermaid(xychart(&XyChart {
            title: "Issues done per week".into(),
            categories: t.iter().map(|w| short_date(&w.week_start)).collect(),
            y_label: "Issues".into(),
            decimals: 0,
            series: vec![XySeries { kind: SeriesKind::Bar, values: t.iter().map(|w| f64::from(w.count)).collect() }],
        })),
        table: table(
            &[("Week of", false), ("Done", true)],
            t.iter().map(|w| vec![w.week_start.clone(), w.count.to_string()]).collect(),
            "",
        ),
    });
    blocks
}

/// The flow report's blocks.
pub fn blocks(m: &Metrics) -> Vec<Block> {
    let mut blocks = cycle_blocks(m);
    blocks.extend(throughput_blocks(m));

    let cr = &m.flow.created_resolved;
    blocks.push(Block::Heading("Created vs resolved".into()));
    if cr.is_empty() {
        blocks.push(Block::Paragraph("No week in this period.".into()));
    } else {
        blocks.push(Block::Paragraph(
            "Cumulative since the start of the period: the first line is created, the second resolved.".into(),
        ));
        blocks.push(Block::Chart {
            body: ChartBody::Mermaid(xychart(&XyChart {
                title: "Created vs resolved (cumulative)".into(),
                categories: cr.iter().map(|w| short_date(&w.week_start)).collect(),
                y_label: "Issues".into(),
                decimals: 0,
                series: vec![
                    XySeries {
                        kind: SeriesKind::Line,
                        values: cr.iter().map(|w| f64::from(w.cumulative_created)).collect(),
                    },
                    XySeries {
                        kind: SeriesKind::Line,
                        values: cr.iter().map(|w| f64::from(w.cumulative_resolved)).collect(),
                    },
                ],
            })),
            table: table(
                &[
                    ("Week of", false),
                    ("Created", true),
                    ("Resolved", true),
                    ("Created (total)", true),
                    ("Resolved (total)", true),
                ],
                cr.iter()
                    .map(|w| {
                        vec![
                            w.week_start.clone(),
                            w.created.to_string(),
                            w.resolved.to_string(),
                            w.cumulative_created.to_string(),
                            w.cumulative_resolved.to_string(),
                        ]
                    })
                    .collect(),
                "",
            ),
        });
    }

    let wip = &m.flow.wip;
    blocks.push(Block::Heading("Work in progress".into()));
    if wip.is_empty() {
        blocks.push(Block::Paragraph("No day in this period.".into()));
    } else {
        blocks.push(Block::Chart {
            body: ChartBody::Mermaid(xychart(&XyChart {
                title: "Issues in progress at the end of each day".into(),
                categories: wip.iter().map(|d| short_date(&d.date)).collect(),
                y_label: "Issues".into(),
                decimals: 0,
                series: vec![XySeries {
                    kind: SeriesKind::Line,
                    values: wip.iter().map(|d| f64::from(d.count)).collect(),
                }],
            })),
            table: table(
                &[("Day", false), ("In progress", true)],
                wip.iter().map(|d| vec![d.date.clone(), d.count.to_string()]).collect(),
                "",
            ),
        });
    }

    let cfd = &m.flow.cumulative_flow;
    blocks.push(Block::Heading("Cumulative flow".into()));
    if cfd.days.is_empty() || cfd.statuses.is_empty() {
        blocks.push(Block::Paragraph("No status history in this period.".into()));
    } else {
        // Done at the bottom, To Do on top, as in Jira's diagram.
        let order: Vec<usize> = (0..cfd.statuses.len()).rev().collect();
        let chart = StackedAreaChart {
            title: "Cumulative flow (issues per status)".into(),
            x_labels: cfd.days.iter().map(|d| short_date(&d.date)).collect(),
            y_label: "Issues".into(),
            series: order
                .iter()
                .map(|&i| AreaSeries {
                    name: cfd.statuses[i].name.clone(),
                    values: cfd.days.iter().map(|d| f64::from(d.counts.get(i).copied().unwrap_or(0))).collect(),
                })
                .collect(),
        };
        let mut header: Vec<(&str, bool)> = vec![("Day", false)];
        header.extend(cfd.statuses.iter().map(|s| (s.name.as_str(), true)));
        let rows = cfd
            .days
            .iter()
            .map(|d| {
                let mut row = vec![d.date.clone()];
                row.extend((0..cfd.statuses.len()).map(|i| d.counts.get(i).copied().unwrap_or(0).to_string()));
                row
            })
            .collect();
        blocks.push(Block::Chart {
            body: ChartBody::Svg { name: "cumulative-flow".into(), svg: stacked_area_svg(&chart) },
            table: table(&header, rows, ""),
        });
    }

    blocks.push(Block::Heading("Time in status".into()));
    let category = |c: StatusCategory| match c {
        StatusCategory::ToDo => "To Do",
        StatusCategory::InProgress => "In Progress",
        StatusCategory::Done => "Done",
        StatusCategory::Unknown => "",
    };
    blocks.push(Block::Table(table(
        &[
            ("Status", false),
            ("Category", false),
            ("Issues", true),
            ("Total (h)", true),
            ("Median (h)", true),
            ("P85 (h)", true),
        ],
        m.time_in_status
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    category(s.category).to_owned(),
                    s.summary.count.to_string(),
                    h(s.total_hours),
                    opt_h(s.summary.median),
                    opt_h(s.summary.p85),
                ]
            })
            .collect(),
        "No issue was done in this period.",
    )));

    let l = &m.lead_time.summary;
    blocks.push(Block::Heading("Lead time".into()));
    blocks.push(Block::Paragraph(if l.count == 0 {
        "No issue was resolved in this period.".into()
    } else {
        format!(
            "{} resolved. Lead time (created to resolved) in hours: mean {}, median {}, 85th percentile {}, 95th percentile {}.",
            count(l.count as u64, "issue", "issues"),
            opt_h(l.mean),
            opt_h(l.median),
            opt_h(l.p85),
            opt_h(l.p95)
        )
    }));
    blocks
}
