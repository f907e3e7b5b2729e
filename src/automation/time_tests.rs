//! Time triggers against real clocks: the daily schedule across daylight-saving changes (Europe/Berlin and
//! America/New_York, spring and autumn) with the offset the shell hands in for each run's instant, and
//! `no-change-for` with the machine's clock skewed ±10 minutes against Jira's `updated`.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Timelike, Utc};

use super::*;

fn rules(text: &str) -> Vec<Rule> {
    let set = read_rules(&format!("```jira-rule\n{text}```\n"));
    assert_eq!(set.diagnostics, [], "{text}");
    set.rules
}

fn issue(updated: i64) -> IssueFacts {
    IssueFacts {
        key: "OPS-1".into(),
        project: "OPS".into(),
        issue_type: "Task".into(),
        status: "In Progress".into(),
        category: Category::InProgress,
        updated,
        ..IssueFacts::default()
    }
}

/// A zone with one daylight-saving change: `before` minutes east until `change` (UTC), `after` from then on
/// (what the shell's zone data answers for each instant).
struct Zone {
    before: i32,
    after: i32,
    change: DateTime<Utc>,
}

impl Zone {
    fn local(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        let minutes = if t < self.change { self.before } else { self.after };
        t.with_timezone(&FixedOffset::east_opt(minutes * 60).expect("an offset"))
    }
}

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().expect("a time")
}

/// Runs every 20 minutes over three days around the change; the local dates and times the rule fired at.
fn daily_firings(zone: &Zone, from: DateTime<Utc>) -> Vec<(NaiveDate, u32, u32)> {
    let r = rules("name: Digest\nwhen: {daily-at: \"08:00\"}\nthen: [digest: \"{{today}}\"]\n");
    let now = issue(0);
    let mut memory = Memory::default();
    let mut fired = Vec::new();
    let mut t = from;
    while t < from + Duration::days(3) {
        let at = zone.local(t);
        let out = evaluate(&r, &[Pair { before: Some(&now), now: &now }], at, 100, &memory);
        memory = out.memory;
        for _ in out.firings {
            fired.push((at.date_naive(), at.hour(), at.minute()));
        }
        t += Duration::minutes(20);
    }
    fired
}

#[test]
fn the_daily_schedule_fires_once_a_local_day_at_its_local_time_across_dst_changes() {
    let zones = [
        // Europe/Berlin: spring 2026-03-29 01:00 UTC (+1 → +2), autumn 2026-10-25 01:00 UTC (+2 → +1).
        (Zone { before: 60, after: 120, change: utc(2026, 3, 29, 1) }, utc(2026, 3, 27, 23)),
        (Zone { before: 120, after: 60, change: utc(2026, 10, 25, 1) }, utc(2026, 10, 23, 22)),
        // America/New_York: spring 2026-03-08 07:00 UTC (−5 → −4), autumn 2026-11-01 06:00 UTC (−4 → −5).
        (Zone { before: -300, after: -240, change: utc(2026, 3, 8, 7) }, utc(2026, 3, 6, 5)),
        (Zone { before: -240, after: -300, change: utc(2026, 11, 1, 6) }, utc(2026, 10, 30, 4)),
    ];
    for (zone, from) in zones {
        let fired = daily_firings(&zone, from);
        let days: Vec<NaiveDate> = fired.iter().map(|f| f.0).collect();
        let first = zone.local(from).date_naive();
        let expected: Vec<NaiveDate> = (0..3).map(|d| first + Duration::days(d)).collect();
        // Once on each local day (the first starts at local midnight), never twice on the 23- or 25-hour day.
        assert_eq!(days, expected, "{fired:?}");
        // At the first run at or after 08:00 local time, whatever the offset that day.
        for (_, hour, minute) in fired {
            assert!(hour == 8 && minute < 20, "fired at {hour}:{minute:02}");
        }
    }
}

#[test]
fn no_change_for_is_measured_from_jiras_updated_and_fires_once_with_a_skewed_clock() {
    let r = rules("name: Stale\nwhen: {no-change-for: 1d}\nthen: [notice: stale]\n");
    let updated = utc(2026, 3, 2, 9);
    let zone = FixedOffset::east_opt(3600).expect("an offset");
    for skew in [-10, 10] {
        let now = issue(updated.timestamp_millis());
        let mut memory = Memory::default();
        let mut fired = Vec::new();
        // The machine's clock is `skew` minutes off Jira's; runs every 5 minutes over two days.
        let mut t = updated;
        while t < updated + Duration::days(2) {
            let at = (t + Duration::minutes(skew)).with_timezone(&zone);
            let out = evaluate(&r, &[Pair { before: Some(&now), now: &now }], at, 100, &memory);
            memory = out.memory;
            fired.extend(out.firings.iter().map(|_| t));
            t += Duration::minutes(5);
        }
        assert_eq!(fired.len(), 1, "skew {skew}: {fired:?}");
        let late = (fired[0] - (updated + Duration::days(1))).num_minutes();
        assert!((-10..=10).contains(&late), "skew {skew}: fired {late} min from the true day");
        // A change in Jira starts a new episode: it fires again a day after it, once.
        let changed = issue((updated + Duration::days(2)).timestamp_millis());
        let at = (updated + Duration::days(3) + Duration::minutes(skew + 15)).with_timezone(&zone);
        let out = evaluate(&r, &[Pair { before: Some(&now), now: &changed }], at, 100, &memory);
        assert_eq!(out.firings.len(), 1, "skew {skew}");
        let again = evaluate(&r, &[Pair { before: Some(&changed), now: &changed }], at, 100, &out.memory);
        assert_eq!(again.firings, [], "skew {skew}");
    }
}
