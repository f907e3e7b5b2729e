//! The analytics input assembled in the report layer: the worklog list read from the sync state (analytics
//! never reads `sync::SiteState`), the configuration narrowed by the report's parameters (project, epic,
//! team), and the local date of `now` in the Jira user's zone.
//!
//! Invariants: worklogs whose `started` cannot be read are left out (the time report counts them); a worklog
//! of a renamed issue takes the issue's current key; the zone's offset at an instant is the one of the last
//! [`OffsetSpan`] starting at or before it (the first span also covers everything before it; none: UTC).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};

use super::params::ReportParams;
use super::state_view::ReportState;
use crate::analytics::{AnalyticsConfig, OffsetSpan, Period, Worklog};
use crate::history::Millis;
use crate::worklog::time::parse_timestamp;

/// The analytics worklogs of a site's sync state, in the state's (id) order.
pub fn worklogs_from_state(state: &ReportState<'_>) -> Vec<Worklog> {
    let keys = current_keys(state);
    state
        .worklogs
        .values()
        .filter_map(|w| {
            let (local, offset) = parse_timestamp(w.started.as_str()).ok()?;
            let started = local.and_utc().timestamp_millis() - i64::from(offset) * 60_000;
            let key = keys.get(w.issue_id.as_str()).copied().unwrap_or(w.issue_key.as_str());
            Some(Worklog {
                author_id: w.author_id.as_str().to_owned(),
                author_name: w.author.as_str().to_owned(),
                issue_id: w.issue_id.as_str().to_owned(),
                issue_key: key.to_owned(),
                started,
                seconds: i64::from(w.seconds),
            })
        })
        .collect()
}

/// Each synced issue's current key by its id. A hash map, built once: it is only looked up (once per worklog,
/// 20,000 times for a large site), never iterated.
pub fn current_keys<'s>(state: &'s ReportState<'_>) -> HashMap<&'s str, &'s str> {
    state.issues.iter().map(|(id, base)| (id.as_str(), base.key.as_str())).collect()
}

/// The zone's offset in minutes at `at`.
pub fn offset_at(zone: &[OffsetSpan], at: Millis) -> i32 {
    zone.iter().take_while(|s| s.from <= at).last().or(zone.first()).map_or(0, |s| s.offset_minutes)
}

/// The local date of `now` in the zone.
pub fn local_date(zone: &[OffsetSpan], now: Millis) -> NaiveDate {
    let local = now.saturating_add(i64::from(offset_at(zone, now)) * 60_000);
    DateTime::from_timestamp_millis(local).map_or(NaiveDate::MIN, |d| d.date_naive())
}

/// The configuration narrowed to the report's project, epic, fix version and team.
pub fn scoped_config(base: &AnalyticsConfig, params: &ReportParams) -> AnalyticsConfig {
    let mut config = base.clone();
    if let Some(p) = &params.project {
        config.projects = vec![p.clone()];
    }
    if let Some(e) = &params.epic {
        config.epic = Some(e.clone());
    }
    if let Some(v) = &params.version {
        config.fix_version = Some(v.clone());
    }
    if let Some(t) = &params.team {
        config.teams.retain(|team| team.name.eq_ignore_ascii_case(t));
    }
    config
}

/// The analytics period of a resolved report period.
pub fn period_of((from, to): (NaiveDate, NaiveDate)) -> Period {
    Period { from: from.to_string(), to: to.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_the_spans() {
        let zone = [OffsetSpan { from: 0, offset_minutes: 60 }, OffsetSpan { from: 1_000, offset_minutes: 120 }];
        assert_eq!(offset_at(&zone, -5), 60);
        assert_eq!(offset_at(&zone, 999), 60);
        assert_eq!(offset_at(&zone, 1_000), 120);
        assert_eq!(offset_at(&[], 1_000), 0);
        // 2024-03-31T23:30Z is 2024-04-01 at +01:00.
        let now = 1_711_927_800_000;
        assert_eq!(local_date(&[OffsetSpan { from: 0, offset_minutes: 60 }], now).to_string(), "2024-04-01");
        assert_eq!(local_date(&[], now).to_string(), "2024-03-31");
    }
}
