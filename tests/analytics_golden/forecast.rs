//! The Monte Carlo forecast: analytic dates for a constant throughput, determinism and order.

use super::*;

/// 24 issues done two a week over the 12 weeks before now (Monday 2026-03-16), and `open` open ones.
fn steady(open: usize) -> SiteHistory {
    let mut history = SiteHistory { statuses: statuses(), ..SiteHistory::default() };
    let week0 = t("2025-12-22T10:00");
    for n in 0..24 {
        let done = week0 + (n / 2) * 7 * 86_400_000 + (n % 2) * 86_400_000;
        let mut i = issue(&format!("F-{n}"), "Story", "2025-12-01T00:00", "5", vec![]);
        i.changes = vec![Change { at: done, ..status("2025-12-01T00:00", "1", "5") }];
        i.resolved = Some(done);
        history.issues.insert(i.id.clone(), i);
    }
    for n in 0..open {
        let i = issue(&format!("O-{n}"), "Story", "2026-03-01T00:00", "1", vec![]);
        history.issues.insert(i.id.clone(), i);
    }
    history
}

#[test]
fn forecast_with_a_constant_throughput_matches_the_analytic_dates() {
    let mut config = AnalyticsConfig::default();
    config.forecast.by_date = Some("2026-03-30".into());
    let now = t("2026-03-16T12:00");
    let m = compute_metrics(&steady(5), &[], &config, now, &period("2026-02-16", "2026-03-15"));
    let f = &m.forecast;
    assert_eq!(f.samples, [2; 12]);
    assert_eq!(f.samples_from.as_deref(), Some("2025-12-22"));
    assert_eq!(f.remaining, 5);
    assert_eq!(f.trials, 10_000);
    // 5 issues at 2 a week: 7·5/2 = 17.5 → 18 days after 2026-03-16 = 2026-04-03, at every percentile.
    let c = f.completion.as_ref().unwrap();
    assert_eq!((c.p50.as_str(), c.p85.as_str(), c.p95.as_str()), ("2026-04-03", "2026-04-03", "2026-04-03"));
    // By 2026-03-30 (14 days): 2 weeks × 2 = 4.
    let d = f.done_by.as_ref().unwrap();
    assert_eq!((d.p50, d.p85, d.p95), (4, 4, 4));
}

#[test]
fn forecast_is_deterministic_and_ordered() {
    let mut history = steady(30);
    // Make the throughput vary: one more issue done in the last sample week.
    let mut extra = issue("X-1", "Story", "2025-12-01T00:00", "5", vec![status("2026-03-10T10:00", "1", "5")]);
    extra.resolved = Some(t("2026-03-10T10:00"));
    history.issues.insert(extra.id.clone(), extra);
    let mut config = AnalyticsConfig::default();
    config.forecast.by_date = Some("2026-04-13".into());
    let now = t("2026-03-16T12:00");
    let p = period("2026-02-16", "2026-03-15");
    let a = compute_metrics(&history, &[], &config, now, &p);
    let b = compute_metrics(&history, &[], &config, now, &p);
    assert_eq!(a.forecast, b.forecast);
    assert_eq!(a.forecast.samples.last(), Some(&3));
    let c = a.forecast.completion.as_ref().unwrap();
    assert!(c.p50 <= c.p85 && c.p85 <= c.p95);
    // 30 issues at 2 a week is 105 days, at 3 a week 70: the P50 lies between.
    assert!(c.p50.as_str() > "2026-05-25" && c.p50.as_str() < "2026-06-29", "{}", c.p50);
    let d = a.forecast.done_by.as_ref().unwrap();
    assert!(d.p50 >= d.p85 && d.p85 >= d.p95 && d.p95 >= 8);
}

#[test]
fn forecast_of_a_fix_version_counts_that_version_only() {
    // Of `steady(5)`, the even-numbered done issues (one a week) and three open ones are in "Release 2.0"; one
    // done issue in "Release 2.0.1" (a name that only starts the same) and the rest in none.
    let mut history = steady(5);
    for issue in history.issues.values_mut() {
        let n: usize = issue.key.split('-').nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
        issue.fix_versions = match (issue.key.starts_with("F-"), n) {
            (true, n) if n % 2 == 0 => vec!["Release 2.0".into()],
            (true, 1) => vec!["Release 2.0.1".into()],
            (false, 0..3) => vec!["Release 1.9".into(), "Release 2.0".into()],
            _ => Vec::new(),
        };
    }
    let mut config = AnalyticsConfig { fix_version: Some("release 2.0 ".into()), ..AnalyticsConfig::default() };
    config.forecast.by_date = Some("2026-03-30".into());
    let m = compute_metrics(&history, &[], &config, t("2026-03-16T12:00"), &period("2026-02-16", "2026-03-15"));
    let f = &m.forecast;
    assert_eq!((f.samples.as_slice(), f.remaining), ([1; 12].as_slice(), 3));
    // 3 issues at 1 a week: 21 days after 2026-03-16.
    let c = f.completion.as_ref().unwrap();
    assert_eq!((c.p50.as_str(), c.p95.as_str()), ("2026-04-06", "2026-04-06"));
    let d = f.done_by.as_ref().unwrap();
    assert_eq!((d.p50, d.p95), (2, 2));
    // Every other metric is narrowed the same way: 4 of the version's issues done in the period.
    assert_eq!(m.lead_time.issues.len(), 4);
}
