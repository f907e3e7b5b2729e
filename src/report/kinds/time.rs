//! The time report's analytics part: logged time and utilisation per team and per person (capacity =
//! working days × hours per day), and logged hours per week. It follows the issue-6 time report's sections.

use super::{h, pct, short_date, table};
use crate::analytics::Metrics;
use crate::report::document::{Block, ChartBody};
use crate::report::mermaid::{SeriesKind, XyChart, XySeries, xychart};

/// Teams, people and utilisation.
pub fn utilisation_blocks(m: &Metrics) -> Vec<Block> {
    let t = &m.time;
    let mut blocks = vec![
        Block::Heading("Utilisation".into()),
        Block::Paragraph(format!(
            "{} working days in the period, {} h of capacity per person; {} h logged in all.",
            t.working_days,
            h(t.capacity_hours_per_person),
            h(t.total_hours)
        )),
    ];
    if !t.teams.is_empty() {
        let teams_table = table(
            &[("Team", false), ("Members", true), ("Logged (h)", true), ("Capacity (h)", true), ("Utilisation", true)],
            t.teams
                .iter()
                .map(|team| {
                    vec![
                        team.name.clone(),
                        team.members.len().to_string(),
                        h(team.hours),
                        h(team.capacity_hours),
                        pct(team.utilisation),
                    ]
                })
                .collect(),
            "",
        );
        blocks.push(Block::Chart {
            body: ChartBody::Mermaid(xychart(&XyChart {
                title: "Utilisation per team (%)".into(),
                categories: t.teams.iter().map(|team| team.name.clone()).collect(),
                y_label: "%".into(),
                decimals: 0,
                series: vec![XySeries {
                    kind: SeriesKind::Bar,
                    values: t.teams.iter().map(|team| team.utilisation.unwrap_or(0.0) * 100.0).collect(),
                }],
            })),
            table: teams_table,
        });
    }
    blocks.push(Block::Table(table(
        &[("Person", false), ("Logged (h)", true), ("Capacity (h)", true), ("Utilisation", true)],
        t.people
            .iter()
            .map(|p| {
                vec![
                    if p.name.is_empty() { p.id.clone() } else { p.name.clone() },
                    h(p.hours),
                    h(p.capacity_hours),
                    pct(p.utilisation),
                ]
            })
            .collect(),
        "No time logged in this period.",
    )));
    if !t.weeks.is_empty() {
        blocks.push(Block::Heading("Hours per week".into()));
        blocks.push(Block::Chart {
            body: ChartBody::Mermaid(xychart(&XyChart {
                title: "Hours logged per week".into(),
                categories: t.weeks.iter().map(|w| short_date(&w.week_start)).collect(),
                y_label: "Hours".into(),
                decimals: 1,
                series: vec![XySeries { kind: SeriesKind::Bar, values: t.weeks.iter().map(|w| w.hours).collect() }],
            })),
            table: table(
                &[("Week of", false), ("Hours", true)],
                t.weeks.iter().map(|w| vec![w.week_start.clone(), h(w.hours)]).collect(),
                "",
            ),
        });
    }
    blocks
}
