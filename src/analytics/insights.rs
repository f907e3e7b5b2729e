//! Trends (week over week, moving averages) and insights (sentences with their evidence).
//!
//! Definitions:
//! - **Trend** rows, one per week of the period: throughput, created, WIP at the week's last day in the
//!   period, logged hours, median cycle time of the issues done that week; `throughputChange` is the relative
//!   change from the previous week (`None` when that was 0); moving averages are over the last 4 weeks
//!   (fewer at the start).
//! - **Insights**, each a sentence, its evidence numbers and the keys of the issues involved:
//!   - `throughputChange`: the last week's throughput against the week before (when either is non-zero).
//!   - `bottleneck`: the in-progress status with the largest median time in status; `wipGrowing` when WIP at
//!     the period's last day is above its first day's by at least 20 % (and 2 issues).
//!   - `agingWork`: open issues whose time in progress so far exceeds the cycle time P95.
//!   - `estimateBias`: issue types (≥ 3 estimated done issues) whose bias is outside `[0.8, 1.2]`.

use serde::Serialize;

/// One week's trend values.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WeekTrend {
    /// First day of the week.
    pub week_start: String,
    /// Issues done.
    pub throughput: u32,
    /// Relative change of throughput from the previous week (0.25 = +25 %).
    pub throughput_change: Option<f64>,
    /// 4-week moving average of throughput.
    pub throughput_average: f64,
    /// Issues created.
    pub created: u32,
    /// WIP at the week's last day in the period.
    pub wip: u32,
    /// Logged, hours.
    pub logged_hours: f64,
    /// Median cycle time of the issues done that week, hours.
    pub cycle_time_median: Option<f64>,
    /// 4-week moving average of the weekly medians (weeks without one skipped).
    pub cycle_time_average: Option<f64>,
}

crate::json_objects::json_object!(default WeekTrend {
    week_start: "weekStart",
    throughput: "throughput",
    throughput_change: "throughputChange",
    throughput_average: "throughputAverage",
    created: "created",
    wip: "wip",
    logged_hours: "loggedHours",
    cycle_time_median: "cycleTimeMedian",
    cycle_time_average: "cycleTimeAverage",
});

/// What an insight is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum InsightKind {
    /// Throughput changed week over week.
    ThroughputChange,
    /// The status where work waits longest.
    Bottleneck,
    /// WIP grew over the period.
    WipGrowing,
    /// Open work older than the cycle time P95.
    AgingWork,
    /// An issue type's estimates are biased.
    EstimateBias,
}

crate::json_objects::json_enum!(InsightKind {
    ThroughputChange: "throughputChange",
    Bottleneck: "bottleneck",
    WipGrowing: "wipGrowing",
    AgingWork: "agingWork",
    EstimateBias: "estimateBias"
});

/// One insight.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Insight {
    /// Kind.
    pub kind: InsightKind,
    /// The sentence shown.
    pub sentence: String,
    /// The numbers it rests on.
    pub evidence: Vec<Evidence>,
    /// Keys of the issues involved (the report links their notes).
    pub issues: Vec<String>,
}

crate::json_objects::json_object!(Insight {
    kind: "kind",
    sentence: "sentence",
    evidence: "evidence",
    issues: "issues",
});

/// One evidence number.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// What it is.
    pub label: String,
    /// Value.
    pub value: f64,
    /// Unit (`hours`, `issues`, `ratio`, `share`).
    pub unit: String,
}

crate::json_objects::json_object!(Evidence { label: "label", value: "value", unit: "unit" });

use super::cycle::{CycleTime, StatusTime};
use super::estimates::Estimates;
use super::flow::Flow;
use super::scope::Scope;
use super::stats::{median, millis_hours};
use super::time::TimeMetrics;
use crate::history::StatusCategory;
use crate::text::count;

/// Weekly trends from the computed families.
pub fn trends(flow: &Flow, cycle: &CycleTime, time: &TimeMetrics) -> Vec<WeekTrend> {
    let mut rows: Vec<WeekTrend> = Vec::new();
    for (i, cr) in flow.created_resolved.iter().enumerate() {
        let start = &cr.week_start;
        let week_days: Vec<&super::flow::DayCount> = flow
            .wip
            .iter()
            .filter(|d| d.date >= *start && flow.created_resolved.get(i + 1).is_none_or(|n| d.date < n.week_start))
            .collect();
        let cycle_hours: Vec<f64> = cycle
            .issues
            .iter()
            .filter(|c| c.done >= *start && flow.created_resolved.get(i + 1).is_none_or(|n| c.done < n.week_start))
            .map(|c| c.hours)
            .collect();
        let prev = rows.last().map(|r| r.throughput);
        let window = &rows[rows.len().saturating_sub(3)..];
        let throughput_average = (window.iter().map(|r| f64::from(r.throughput)).sum::<f64>() + f64::from(cr.resolved))
            / (window.len() + 1) as f64;
        let cycle_time_median = median(&cycle_hours);
        let medians: Vec<f64> = window.iter().filter_map(|r| r.cycle_time_median).chain(cycle_time_median).collect();
        rows.push(WeekTrend {
            week_start: start.clone(),
            throughput: cr.resolved,
            throughput_change: prev.filter(|&p| p > 0).map(|p| (f64::from(cr.resolved) - f64::from(p)) / f64::from(p)),
            throughput_average,
            created: cr.created,
            wip: week_days.last().map_or(0, |d| d.count),
            logged_hours: time.weeks.get(i).map_or(0.0, |w| w.hours),
            cycle_time_median,
            cycle_time_average: super::stats::mean(&medians),
        });
    }
    rows
}

/// Rounds for a sentence: one decimal.
fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn evidence(label: &str, value: f64, unit: &str) -> Evidence {
    Evidence { label: label.to_owned(), value, unit: unit.to_owned() }
}

/// The insights (see the module docs).
pub fn insights(
    scope: &Scope<'_>,
    trends: &[WeekTrend],
    flow: &Flow,
    cycle: &CycleTime,
    in_status: &[StatusTime],
    estimates: &Estimates,
) -> Vec<Insight> {
    let mut out = Vec::new();
    if let [.., before, last] = trends
        && (before.throughput > 0 || last.throughput > 0)
    {
        let change = last.throughput_change;
        let sentence = match change {
            Some(c) => format!(
                "Throughput was {} in the week of {}, {} {:.0} % from {} the week before.",
                count(u64::from(last.throughput), "issue", "issues"),
                last.week_start,
                if c >= 0.0 { "up" } else { "down" },
                (c * 100.0).abs(),
                before.throughput
            ),
            None => format!(
                "Throughput was {} in the week of {}, after none the week before.",
                count(u64::from(last.throughput), "issue", "issues"),
                last.week_start
            ),
        };
        let mut ev = vec![
            evidence("this week", f64::from(last.throughput), "issues"),
            evidence("week before", f64::from(before.throughput), "issues"),
        ];
        if let Some(c) = change {
            ev.push(evidence("change", c, "share"));
        }
        let keys = cycle.issues.iter().filter(|c| c.done >= last.week_start).map(|c| c.key.clone()).collect();
        out.push(Insight { kind: InsightKind::ThroughputChange, sentence, evidence: ev, issues: keys });
    }
    if let Some(b) = in_status
        .iter()
        .filter(|s| scope.in_progress.contains(&s.status_id) && s.summary.median.is_some())
        .max_by(|a, b| a.summary.median.unwrap_or(0.0).total_cmp(&b.summary.median.unwrap_or(0.0)))
    {
        let m = b.summary.median.unwrap_or(0.0);
        let now_in: Vec<String> =
            scope.flow_items().filter(|i| i.issue.status == b.status_id).map(|i| i.issue.key.clone()).collect();
        out.push(Insight {
            kind: InsightKind::Bottleneck,
            sentence: format!(
                "{} is the bottleneck: issues spend a median of {} hours there ({} done in the period went through it; {} in it now).",
                b.name,
                r1(m),
                count(b.summary.count as u64, "issue", "issues"),
                if now_in.len() == 1 { "1 is".to_owned() } else { format!("{} are", now_in.len()) }
            ),
            evidence: vec![
                evidence("median time in status", m, "hours"),
                evidence("issues", b.summary.count as f64, "issues"),
                evidence("in it now", now_in.len() as f64, "issues"),
            ],
            issues: now_in,
        });
    }
    if let (Some(first), Some(last)) = (flow.wip.first(), flow.wip.last())
        && last.count >= first.count + 2
        && f64::from(last.count) >= 1.2 * f64::from(first.count)
    {
        let keys = scope
            .flow_items()
            .filter(|i| scope.in_progress.contains(&i.issue.status))
            .map(|i| i.issue.key.clone())
            .collect();
        out.push(Insight {
            kind: InsightKind::WipGrowing,
            sentence: format!(
                "Work in progress grew from {} on {} to {} on {}.",
                first.count, first.date, last.count, last.date
            ),
            evidence: vec![
                evidence("first day", f64::from(first.count), "issues"),
                evidence("last day", f64::from(last.count), "issues"),
            ],
            issues: keys,
        });
    }
    if let Some(p95) = cycle.summary.p95 {
        let mut aging: Vec<(f64, String)> = scope
            .flow_items()
            .filter(|i| scope.category(&i.issue.status) != StatusCategory::Done)
            .filter_map(|i| {
                let (ms, started, _) = scope.in_progress_time(i, scope.now);
                let h = millis_hours(ms);
                (started.is_some() && scope.in_progress.contains(&i.issue.status) && h > p95)
                    .then(|| (h, i.issue.key.clone()))
            })
            .collect();
        crate::sort::sort_by(&mut aging, |a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        if let Some((oldest, _)) = aging.first() {
            out.push(Insight {
                kind: InsightKind::AgingWork,
                sentence: format!(
                    "{} been in progress longer than the cycle time P95 of {} hours (the oldest {} hours).",
                    if aging.len() == 1 {
                        "1 open issue has".to_owned()
                    } else {
                        format!("{} open issues have", aging.len())
                    },
                    r1(p95),
                    r1(*oldest)
                ),
                evidence: vec![
                    evidence("cycle time P95", p95, "hours"),
                    evidence("oldest", *oldest, "hours"),
                    evidence("issues", aging.len() as f64, "issues"),
                ],
                issues: aging.into_iter().map(|(_, k)| k).collect(),
            });
        }
    }
    for t in &estimates.by_type {
        let Some(bias) = t.accuracy.bias else { continue };
        if t.accuracy.count < 3 || (0.8..=1.2).contains(&bias) {
            continue;
        }
        let keys = estimates.issues.iter().filter(|i| i.issue_type == t.id).map(|i| i.key.clone()).collect();
        out.push(Insight {
            kind: InsightKind::EstimateBias,
            sentence: format!(
                "{} issues take {}× their estimate (median of {} estimated issues done in the period).",
                t.name,
                (bias * 100.0).round() / 100.0,
                t.accuracy.count
            ),
            evidence: vec![
                evidence("median ratio", bias, "ratio"),
                evidence("issues", t.accuracy.count as f64, "issues"),
            ],
            issues: keys,
        });
    }
    out
}
