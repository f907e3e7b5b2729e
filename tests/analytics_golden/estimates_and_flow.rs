//! Project A (UTC): cycle and lead time, time in status, flow, estimates and insights.

use super::*;

#[test]
fn cycle_time_counts_reopened_work_renamed_statuses_and_moved_issues() {
    let m = metrics_a();
    let c = &m.cycle_time;
    assert_eq!(c.statuses, ["10", "3"]);
    let rows: Vec<(&str, f64, u32, &str)> =
        c.issues.iter().map(|i| (i.key.as_str(), i.hours, i.reopened, i.done.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("A-1", 24.0, 0, "2026-03-03"),
            ("A-2", 18.0, 1, "2026-03-05"),
            ("A-3", 42.0, 0, "2026-03-06"),
            ("A-5", 72.0, 0, "2026-03-13"),
        ]
    );
    assert_eq!(c.issues[2].project, "A");
    // Sorted 18, 24, 42, 72: mean 156/4 = 39; median h = 1.5 → 24 + 0.5·18 = 33;
    // P85 h = 2.55 → 42 + 0.55·30 = 58.5; P95 h = 2.85 → 42 + 0.85·30 = 67.5.
    assert_eq!(c.summary.count, 4);
    assert_close!(c.summary.mean.unwrap(), 39.0);
    assert_close!(c.summary.median.unwrap(), 33.0);
    assert_close!(c.summary.p85.unwrap(), 58.5);
    assert_close!(c.summary.p95.unwrap(), 67.5);
    // Window: 20 % of 4 = 0 → at least 5 (odd); half-width 2, cut at the ends:
    // A-1 (24+18+42)/3 = 28; all four = 39; A-5 (18+42+72)/3 = 44.
    assert_eq!(c.rolling_window, 5);
    let rolling: Vec<f64> = c.issues.iter().map(|i| i.rolling_average).collect();
    assert_eq!(rolling, [28.0, 39.0, 39.0, 44.0]);
}

#[test]
fn lead_time_and_time_in_status() {
    let m = metrics_a();
    let lead: Vec<(&str, f64)> = m.lead_time.issues.iter().map(|i| (i.key.as_str(), i.hours)).collect();
    assert_eq!(lead, [("A-1", 25.0), ("A-2", 78.0), ("A-3", 43.0), ("A-5", 96.0)]);
    // Columns: To Do; In Progress and Review (by name); Closed and Done (by name). Closed was never a done
    // issue's status before its done instant, so it has no row.
    let rows: Vec<(&str, &str, f64, usize)> = m
        .time_in_status
        .iter()
        .map(|s| (s.status_id.as_str(), s.name.as_str(), s.total_hours, s.summary.count))
        .collect();
    assert_eq!(
        rows,
        [
            // To Do: A-1 1 + A-2 24 + A-3 1 + A-5 24 = 50.
            ("1", "To Do", 50.0, 4),
            // In Progress: 24 + 18 + 24 + 24 = 90.
            ("3", "In Progress", 90.0, 4),
            // Review (renamed from Code Review): A-3 18 + A-5 48 = 66, median 33.
            ("10", "Review", 66.0, 2),
            // Done before the reopening: A-2 36 h.
            ("5", "Done", 36.0, 1),
        ]
    );
    assert_close!(m.time_in_status[2].summary.median.unwrap(), 33.0);
}

#[test]
fn flow_wip_throughput_created_resolved_and_cumulative_flow() {
    let m = metrics_a();
    // WIP at each day's end (sub-task A-4 excluded): 03-02 A-1; 03-03 none; 03-04 A-3; 03-05 A-3; 03-06..09
    // none; 03-10 A-5; 03-11 A-5; 03-12; 03-13..15 A-6.
    let wip: Vec<u32> = m.flow.wip.iter().map(|d| d.count).collect();
    assert_eq!(wip, [1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 2, 1, 1, 1]);
    assert_eq!(m.flow.wip[0].date, "2026-03-02");
    let tp: Vec<(&str, u32)> = m.flow.throughput.iter().map(|w| (w.week_start.as_str(), w.count)).collect();
    assert_eq!(tp, [("2026-03-02", 3), ("2026-03-09", 1)]);
    // Created, A-3 | A-5, A-6, A-7. Resolved, A-3 | A-5.
    let cr: Vec<(u32, u32, u32, u32)> = m
        .flow
        .created_resolved
        .iter()
        .map(|w| (w.created, w.resolved, w.cumulative_created, w.cumulative_resolved))
        .collect();
    assert_eq!(cr, [(3, 3, 3, 3), (3, 1, 6, 4)]);
    let names: Vec<&str> = m.flow.cumulative_flow.statuses.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["To Do", "In Progress", "Review", "Closed", "Done"]);
    // End of 03-15: To Do A-7; In Progress A-6; Closed A-5; Done.
    assert_eq!(m.flow.cumulative_flow.days.last().unwrap().counts, [1, 1, 0, 1, 3]);
    // End of 03-05: To Do none (A-1..3 all started); Review A-3? No: A-3 entered Review 03-05 10:00 → 1;
    // Done.
    assert_eq!(m.flow.cumulative_flow.days[3].counts, [0, 0, 1, 0, 2]);
}

#[test]
fn estimates_accuracy_bias_and_suggested_vs_human() {
    let m = metrics_a();
    let e = &m.estimates;
    // Done in the period: A-1 1.5, A-2 unestimated, A-3 1.25, A-4 (sub-task) 0.75, A-5 (suggested) 1.1.
    assert_eq!(e.unestimated, ["A-2"]);
    let ratios: Vec<(&str, f64)> = e.issues.iter().map(|i| (i.key.as_str(), i.ratio)).collect();
    assert_eq!(ratios, [("A-1", 1.5), ("A-3", 1.25), ("A-4", 0.75), ("A-5", 1.1)]);
    // Sorted 0.75, 1.1, 1.25, 1.5: bias = (1.1 + 1.25)/2 = 1.175; within ±20 %: only 1.1 → 1/4.
    assert_eq!(e.overall.count, 4);
    assert_close!(e.overall.bias.unwrap(), 1.175);
    assert_close!(e.overall.within20.unwrap(), 0.25);
    // Estimates 8 + 16 + 4 + 20 = 48 h; spent 12 + 20 + 3 + 22 = 57 h.
    assert_close!(e.overall.estimate_hours, 48.0);
    assert_close!(e.overall.spent_hours, 57.0);
    assert_eq!(e.suggested.count, 1);
    assert_close!(e.suggested.bias.unwrap(), 1.1);
    // People's: 1.5, 1.25, 0.75 → median 1.25, none within ±20 %.
    assert_close!(e.human.bias.unwrap(), 1.25);
    assert_close!(e.human.within20.unwrap(), 0.0);
    // Story: 1.5, 1.25, 1.1 → median 1.25; Sub-task 0.75.
    let types: Vec<(&str, usize, f64)> =
        e.by_type.iter().map(|g| (g.name.as_str(), g.accuracy.count, g.accuracy.bias.unwrap())).collect();
    assert_eq!(types, [("Story", 3, 1.25), ("Sub-task", 1, 0.75)]);
    // Alice: A-1 1.5, A-4 0.75 → 1.125; Bob: A-3 1.25; Unassigned: A-5 1.1.
    let people: Vec<(&str, f64)> = e.by_person.iter().map(|g| (g.name.as_str(), g.accuracy.bias.unwrap())).collect();
    assert_eq!(people, [("Alice", 1.125), ("Bob", 1.25), ("Unassigned", 1.1)]);
}

#[test]
fn insights_name_the_bottleneck_aging_work_bias_and_throughput_change() {
    let m = metrics_a();
    let kinds: Vec<InsightKind> = m.insights.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [InsightKind::ThroughputChange, InsightKind::Bottleneck, InsightKind::AgingWork, InsightKind::EstimateBias]
    );
    // Throughput 3 → 1: −66.7 %.
    let tp = &m.insights[0];
    assert_eq!(tp.sentence, "Throughput was 1 issue in the week of 2026-03-09, down 67 % from 3 the week before.");
    assert_eq!(tp.issues, ["A-5"]);
    // Review median 33 h > In Progress median 24 h.
    assert!(m.insights[1].sentence.starts_with("Review is the bottleneck: issues spend a median of 33 hours"));
    // in progress 03-12 00:00 → 03-16 12:00 = 108 h > P95 67.5 h.
    assert_eq!(m.insights[2].issues, ["A-6"]);
    assert_close!(m.insights[2].evidence[1].value, 108.0);
    // Story bias 1.25 over 3 issues.
    assert_eq!(
        m.insights[3].sentence,
        "Story issues take 1.25× their estimate (median of 3 estimated issues done in the period)."
    );
    assert_eq!(m.insights[3].issues, ["A-1", "A-3", "A-5"]);
    // Trends: throughput 3 then 1 (change −2/3); moving average (3 + 1)/2 = 2.
    assert_eq!(m.trends.len(), 2);
    assert_close!(m.trends[1].throughput_change.unwrap(), -2.0 / 3.0);
    assert_close!(m.trends[1].throughput_average, 2.0);
    // Cycle medians per week: (24, 18, 42) → 24; (72) → 72; averages 24 then 48.
    assert_eq!(m.trends[0].cycle_time_median, Some(24.0));
    assert_eq!(m.trends[1].cycle_time_average, Some(48.0));
}
