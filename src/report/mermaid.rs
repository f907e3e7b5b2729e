//! Mermaid chart builders: `xychart-beta` (bar and line series), `pie` and `gantt` (forecast milestones), each
//! written as the body of a fenced ```` ```mermaid ```` block that stock Obsidian renders.
//!
//! Invariants: every label passes through [`mermaid_label`] (no quotes, comments, directives, entities or
//! HTML can get in); every number is finite and written with fixed decimals; the output is a pure function
//! of the chart (same chart ⇒ same bytes). Each builder returns the whole block, fences included.

use super::escape::{LabelContext, mermaid_label, number};
use crate::date_text::Date;

/// How an [`XySeries`] is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesKind {
    /// Bars.
    Bar,
    /// A line.
    Line,
}

/// One series of an [`XyChart`]: one value per x-axis label.
#[derive(Debug, Clone, PartialEq)]
pub struct XySeries {
    /// Bar or line.
    pub kind: SeriesKind,
    /// Values, one per category (missing ones are drawn as 0, extra ones dropped).
    pub values: Vec<f64>,
}

/// An `xychart-beta` chart over categories (days, weeks, sprints, people).
#[derive(Debug, Clone, PartialEq)]
pub struct XyChart {
    /// Title above the chart.
    pub title: String,
    /// Category labels along the x axis.
    pub categories: Vec<String>,
    /// The y axis's label (a unit, e.g. "Hours").
    pub y_label: String,
    /// Decimals written for values.
    pub decimals: usize,
    /// Series, drawn in order (Mermaid colours them from the theme's palette).
    pub series: Vec<XySeries>,
}

fn fence(body: &str) -> String {
    format!("```mermaid\n{body}```\n")
}

/// The y axis's top: the largest value rounded up to a whole number, at least 1.
fn axis_top(series: &[XySeries]) -> f64 {
    let max = series.iter().flat_map(|s| s.values.iter()).copied().filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    max.ceil().max(1.0)
}

/// The `xychart-beta` block.
pub fn xychart(chart: &XyChart) -> String {
    let mut body = String::from("xychart-beta\n");
    body.push_str(&format!("    title \"{}\"\n", mermaid_label(&chart.title, LabelContext::Quoted)));
    let labels: Vec<String> =
        chart.categories.iter().map(|c| format!("\"{}\"", mermaid_label(c, LabelContext::Quoted))).collect();
    // An empty category list does not parse: one blank category stands in.
    let labels = if labels.is_empty() { vec!["\"-\"".to_owned()] } else { labels };
    body.push_str(&format!("    x-axis [{}]\n", labels.join(", ")));
    body.push_str(&format!(
        "    y-axis \"{}\" 0 --> {}\n",
        mermaid_label(&chart.y_label, LabelContext::Quoted),
        number(axis_top(&chart.series), 0)
    ));
    for s in &chart.series {
        let values: Vec<String> = (0..labels.len())
            .map(|i| number(s.values.get(i).copied().unwrap_or(0.0).max(0.0), chart.decimals))
            .collect();
        let word = match s.kind {
            SeriesKind::Bar => "bar",
            SeriesKind::Line => "line",
        };
        body.push_str(&format!("    {word} [{}]\n", values.join(", ")));
    }
    fence(&body)
}

/// A `pie` chart: slices with a label and a positive value (zero and negative slices are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct PieChart {
    /// Title.
    pub title: String,
    /// Slices in order.
    pub slices: Vec<(String, f64)>,
    /// Decimals written for values.
    pub decimals: usize,
}

/// The `pie` block, or `None` when no slice has a positive value (Mermaid draws nothing for it).
pub fn pie(chart: &PieChart) -> Option<String> {
    let slices: Vec<String> = chart
        .slices
        .iter()
        .filter(|(_, v)| v.is_finite() && *v > 0.0)
        .map(|(l, v)| format!("    \"{}\" : {}\n", mermaid_label(l, LabelContext::Quoted), number(*v, chart.decimals)))
        .collect();
    if slices.is_empty() {
        return None;
    }
    Some(fence(&format!(
        "pie showData\n    title {}\n{}",
        mermaid_label(&chart.title, LabelContext::Bare),
        slices.concat()
    )))
}

/// One bar of a [`GanttChart`]: from `start` to `end` (`YYYY-MM-DD`, inclusive start); `end == start` is a
/// milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GanttTask {
    /// Task name.
    pub name: String,
    /// First day, `YYYY-MM-DD`.
    pub start: chrono::NaiveDate,
    /// Last day, `YYYY-MM-DD`.
    pub end: chrono::NaiveDate,
}

/// A `gantt` chart (a forecast: the work so far and the P50/P85/P95 completion dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GanttChart {
    /// Title.
    pub title: String,
    /// Sections with their tasks.
    pub sections: Vec<(String, Vec<GanttTask>)>,
}

/// The `gantt` block.
pub fn gantt(chart: &GanttChart) -> String {
    let mut body = String::from("gantt\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n");
    body.push_str(&format!("    title {}\n", mermaid_label(&chart.title, LabelContext::Bare)));
    let mut n = 0usize;
    for (section, tasks) in &chart.sections {
        body.push_str(&format!("    section {}\n", mermaid_label(section, LabelContext::Bare)));
        for t in tasks {
            n += 1;
            let name = mermaid_label(&t.name, LabelContext::Bare);
            if t.end <= t.start {
                body.push_str(&format!("    {name} :milestone, t{n}, {}, 0d\n", Date(t.start)));
            } else {
                body.push_str(&format!("    {name} :t{n}, {}, {}\n", Date(t.start), Date(t.end)));
            }
        }
    }
    fence(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xychart_writes_fixed_numbers_and_safe_labels() {
        let c = XyChart {
            title: "Throughput \"per\" week".into(),
            categories: vec!["W1".into(), "W2 %%{init}%%".into()],
            y_label: "Issues".into(),
            decimals: 1,
            series: vec![
                XySeries { kind: SeriesKind::Bar, values: vec![1.0, f64::NAN] },
                XySeries { kind: SeriesKind::Line, values: vec![2.44] },
            ],
        };
        assert_eq!(
            xychart(&c),
            "```mermaid\nxychart-beta\n    title \"Throughput per week\"\n    x-axis [\"W1\", \"W2 init\"]\n    \
             y-axis \"Issues\" 0 --> 3\n    bar [1.0, 0.0]\n    line [2.4, 0.0]\n```\n"
        );
    }

    #[test]
    fn empty_pie_is_none_and_gantt_has_milestones() {
        assert_eq!(pie(&PieChart { title: "x".into(), slices: vec![("a".into(), 0.0)], decimals: 0 }), None);
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let g = gantt(&GanttChart {
            title: "Forecast".into(),
            sections: vec![(
                "OPS".into(),
                vec![
                    GanttTask { name: "Done so far".into(), start: d("2024-03-01"), end: d("2024-03-10") },
                    GanttTask { name: "P50: done".into(), start: d("2024-04-01"), end: d("2024-04-01") },
                ],
            )],
        });
        assert!(g.contains("    Done so far :t1, 2024-03-01, 2024-03-10\n"), "{g}");
        assert!(g.contains("    P50 done :milestone, t2, 2024-04-01, 0d\n"), "{g}");
    }
}
