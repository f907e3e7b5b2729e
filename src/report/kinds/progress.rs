//! The project progress report: issues per status and done vs remaining at the end of the period, progress
//! per epic, velocity, throughput, and the forecast of when the open issues will be done (a Mermaid gantt of the P50/P85/P95
//! dates).

use super::{h, pct, table};
use crate::analytics::{EstimateUnit, Metrics, VelocityBasis};
use crate::history::StatusCategory;
use crate::report::document::{Block, ChartBody};
use crate::report::mermaid::{GanttChart, GanttTask, PieChart, SeriesKind, XyChart, XySeries, gantt, pie, xychart};
use crate::text::count;

/// The status and done-vs-remaining sections (from the cumulative flow's last day).
fn status_blocks(m: &Metrics) -> Vec<Block> {
    let cfd = &m.flow.cumulative_flow;
    let mut blocks = vec![Block::Heading("Issues per status".into())];
    let Some(last) = cfd.days.last() else {
        blocks.push(Block::Paragraph("No status history in this period.".into()));
        return blocks;
    };
    blocks.push(Block::Paragraph(format!("At the end of {}.", last.date)));
    let counts: Vec<(String, u32, StatusCategory)> = cfd
        .statuses
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), last.counts.get(i).copied().unwrap_or(0), s.category))
        .collect();
    let status_table = table(
        &[("Status", false), ("Issues", true)],
        counts.iter().map(|(n, c, _)| vec![n.clone(), c.to_string()]).collect(),
        "",
    );
    match pie(&PieChart {
        title: "Issues per status".into(),
        slices: counts.iter().map(|(n, c, _)| (n.clone(), f64::from(*c))).collect(),
        decimals: 0,
    }) {
        Some(p) => blocks.push(Block::Chart { body: ChartBody::Mermaid(p), table: status_table }),
        None => blocks.push(Block::Table(status_table)),
    }
    let done: u32 = counts.iter().filter(|(_, _, c)| *c == StatusCategory::Done).map(|(_, n, _)| n).sum();
    let remaining: u32 = counts.iter().filter(|(_, _, c)| *c != StatusCategory::Done).map(|(_, n, _)| n).sum();
    blocks.push(Block::Heading("Done vs remaining".into()));
    let dr_table = table(
        &[("", false), ("Issues", true)],
        vec![vec!["Done".into(), done.to_string()], vec!["Remaining".into(), remaining.to_string()]],
        "",
    );
    match pie(&PieChart {
        title: "Done vs remaining".into(),
        slices: vec![("Done".into(), f64::from(done)), ("Remaining".into(), f64::from(remaining))],
        decimals: 0,
    }) {
        Some(p) => blocks.push(Block::Chart { body: ChartBody::Mermaid(p), table: dr_table }),
        None => blocks.push(Block::Table(dr_table)),
    }
    blocks
}

/// The velocity section (per sprint or per week).
pub fn velocity_blocks(m: &Metrics) -> Vec<Block> {
    let v = &m.velocity;
    let unit = match v.unit {
        EstimateUnit::StoryPoints => "story points",
        EstimateUnit::Hours => "hours",
    };
    let mut blocks = vec![Block::Heading("Velocity".into())];
    for reason in &v.not_available {
        blocks.push(Block::Paragraph(format!("Not available: {reason}")));
    }
    match v.basis {
        VelocityBasis::Sprint if !v.sprints.is_empty() => {
            blocks.push(Block::Paragraph(format!(
                "Per sprint, in {unit}: the bars are the work completed at the sprint's end, the line the commitment at its start."
            )));
            blocks.push(Block::Chart {
                body: ChartBody::Mermaid(xychart(&XyChart {
                    title: format!("Velocity ({unit})"),
                    categories: v.sprints.iter().map(|s| s.name.clone()).collect(),
                    y_label: unit.into(),
                    decimals: 1,
                    // Mermaid draws bar series on top of each other: completed as bars, commitment as a line.
                    series: vec![
                        XySeries { kind: SeriesKind::Bar, values: v.sprints.iter().map(|s| s.completed).collect() },
                        XySeries { kind: SeriesKind::Line, values: v.sprints.iter().map(|s| s.commitment).collect() },
                    ],
                })),
                table: table(
                    &[
                        ("Sprint", false),
                        ("Start", false),
                        ("End", false),
                        ("Commitment", true),
                        ("Completed", true),
                        ("Added", false),
                        ("Removed", false),
                    ],
                    v.sprints
                        .iter()
                        .map(|s| {
                            vec![
                                s.name.clone(),
                                s.start.clone(),
                                s.end.clone(),
                                h(s.commitment),
                                h(s.completed),
                                s.added.join(", "),
                                s.removed.join(", "),
                            ]
                        })
                        .collect(),
                    "",
                ),
            });
        }
        _ if !v.weeks.is_empty() => {
            blocks.push(Block::Chart {
                body: ChartBody::Mermaid(xychart(&XyChart {
                    title: format!("Estimate done per week ({unit})"),
                    categories: v.weeks.iter().map(|w| super::short_date(&w.week_start)).collect(),
                    y_label: unit.into(),
                    decimals: 1,
                    series: vec![XySeries {
                        kind: SeriesKind::Bar,
                        values: v.weeks.iter().map(|w| w.estimate).collect(),
                    }],
                })),
                table: table(
                    &[("Week of", false), ("Issues done", true), ("Estimate done", true)],
                    v.weeks.iter().map(|w| vec![w.week_start.clone(), w.issues.to_string(), h(w.estimate)]).collect(),
                    "",
                ),
            });
        }
        _ => blocks.push(Block::Paragraph("No velocity in this period.".into())),
    }
    if let Some(a) = v.average {
        blocks.push(Block::Paragraph(format!("Average: {} {unit}.", h(a))));
    }
    blocks
}

/// The forecast section.
pub fn forecast_blocks(m: &Metrics) -> Vec<Block> {
    let f = &m.forecast;
    let mut blocks = vec![Block::Heading("Forecast".into())];
    if let Some(reason) = &f.not_available {
        blocks.push(Block::Paragraph(format!("No forecast: {reason}")));
        return blocks;
    }
    blocks.push(Block::Paragraph(format!(
        "{}; {} Monte Carlo trials over the weekly throughput of the last {} ({}), seed {}.",
        count(u64::from(f.remaining), "open issue", "open issues"),
        f.trials,
        count(f.samples.len() as u64, "week", "weeks"),
        f.samples.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
        f.seed
    )));
    let date = crate::date_text::parse_date;
    if let (Some(c), Some(today)) = (&f.completion, date(&f.today)) {
        let levels = [("50% likely", &c.p50), ("85% likely", &c.p85), ("95% likely", &c.p95)];
        let tasks: Vec<GanttTask> = levels
            .iter()
            .filter_map(|(name, d)| date(d).map(|end| GanttTask { name: format!("Done, {name}"), start: today, end }))
            .collect();
        blocks.push(Block::Chart {
            body: ChartBody::Mermaid(gantt(&GanttChart {
                title: "When the open issues will be done".into(),
                sections: vec![("Forecast".into(), tasks)],
            })),
            table: table(
                &[("Confidence", false), ("Done by", false)],
                levels.iter().map(|(n, d)| vec![(*n).to_owned(), (*d).clone()]).collect(),
                "",
            ),
        });
    }
    if let Some(d) = &f.done_by {
        blocks.push(Block::Table(table(
            &[("Confidence", false), (&format!("Issues done by {}", d.date), true)],
            vec![
                vec!["50% likely".into(), d.p50.to_string()],
                vec!["85% likely".into(), d.p85.to_string()],
                vec!["95% likely".into(), d.p95.to_string()],
            ],
            "",
        )));
    }
    blocks
}

/// The progress per epic: a bar of each epic's done share and a table of its issues and estimates.
fn epic_blocks(m: &Metrics) -> Vec<Block> {
    let p = &m.progress;
    let mut blocks = vec![Block::Heading("Progress per epic".into())];
    if p.epics.is_empty() {
        blocks.push(Block::Paragraph("No issue in scope at the end of the period.".into()));
        return blocks;
    }
    let unit = match p.unit {
        EstimateUnit::StoryPoints => "story points",
        EstimateUnit::Hours => "hours",
    };
    blocks.push(Block::Paragraph(format!(
        "At the end of {}: issues done and remaining per epic; estimates in {unit}, as they were then.",
        p.at
    )));
    let name = |key: &Option<String>| key.clone().unwrap_or_else(|| "No epic".into());
    let rows = p
        .epics
        .iter()
        .map(|e| {
            vec![
                name(&e.key),
                e.summary.clone().unwrap_or_default(),
                e.issues.to_string(),
                e.done.to_string(),
                e.remaining.to_string(),
                pct(Some(e.done_share)),
                h(e.done_estimate),
                h(e.remaining_estimate),
                e.unestimated.to_string(),
            ]
        })
        .collect();
    blocks.push(Block::Chart {
        body: ChartBody::Mermaid(xychart(&XyChart {
            title: "Share of issues done per epic (percent)".into(),
            categories: p.epics.iter().map(|e| name(&e.key)).collect(),
            y_label: "Percent".into(),
            decimals: 0,
            series: vec![XySeries {
                kind: SeriesKind::Bar,
                values: p.epics.iter().map(|e| e.done_share * 100.0).collect(),
            }],
        })),
        table: table(
            &[
                ("Epic", false),
                ("Summary", false),
                ("Issues", true),
                ("Done", true),
                ("Remaining", true),
                ("Done %", true),
                ("Estimate done", true),
                ("Estimate remaining", true),
                ("Unestimated", true),
            ],
            rows,
            "",
        ),
    });
    blocks
}

/// The project progress report's blocks.
pub fn blocks(m: &Metrics) -> Vec<Block> {
    let mut blocks = status_blocks(m);
    blocks.extend(epic_blocks(m));
    blocks.extend(super::flow::throughput_blocks(m));
    blocks.extend(velocity_blocks(m));
    blocks.extend(forecast_blocks(m));
    blocks
}
