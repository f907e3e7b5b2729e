//! What every metric family shares: the issues in scope, each issue's status timeline replayed from its
//! changelog, its done instant, and the period's days.
//!
//! Definitions:
//! - **In scope**: the issue's current project is one of the configured projects (all when none), its parent
//!   is the configured epic (a sub-task: its parent's parent), and — for the *flow* population (cycle time,
//!   flow, velocity, forecast) — it is not a sub-task unless sub-tasks are included. Estimates and time use
//!   every in-scope issue, sub-tasks included. An issue moved between projects counts under its current
//!   project with its whole history.
//! - **Timeline**: the status before the first status change is that change's `from` (the current status when
//!   there is none); each status lasts from its change (the first from `created`) to the next; the last one
//!   to `now`. Statuses are grouped by id (a renamed status is one status).
//! - **Done instant**: when the current status is of the *Done* category, the start of the final unbroken
//!   run of *Done* statuses (so Done → Closed keeps the first); `resolutiondate` when the changelog has no
//!   status change; never for an issue that is not done now (a reopened issue is done again only when it
//!   is done again).
//! - **Resolved instant** (lead time): `resolutiondate` when the issue is done, else the done instant.

use crate::sort::CollectOrdered as _;
use std::collections::{BTreeMap, BTreeSet};

use smol_str::SmolStr;

use super::calendar::{Calendar, format_day, parse_day};
use super::config::{AnalyticsConfig, Period};
use crate::history::{Field, IssueHistory, Millis, SiteHistory, StatusCategory, StatusInfo};

/// One stretch of an issue in one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Status id.
    pub status: SmolStr,
    /// The status's category (looked up once, when the timeline is built).
    pub category: StatusCategory,
    /// Whether the status counts as in progress ([`Scope::in_progress`]).
    pub in_progress: bool,
    /// First instant.
    pub from: Millis,
    /// First instant after (`now` for the current status).
    pub to: Millis,
}

/// An in-scope issue, prepared.
#[derive(Debug)]
pub struct Item<'a> {
    /// The history.
    pub issue: &'a IssueHistory,
    /// Whether it belongs to the flow population (see the module docs).
    pub flow: bool,
    /// Status timeline.
    pub segments: Vec<Segment>,
    /// Done instant.
    pub done_at: Option<Millis>,
    /// Local day of the done instant.
    pub done_day: Option<i64>,
    /// Resolved instant (lead time).
    pub resolved_at: Option<Millis>,
}

/// The shared preparation of one computation.
#[derive(Debug)]
pub struct Scope<'a> {
    /// The history.
    pub history: &'a SiteHistory,
    /// The configuration.
    pub config: &'a AnalyticsConfig,
    /// The calendar of the Jira user's zone.
    pub cal: Calendar,
    /// `now`.
    pub now: Millis,
    /// Local day of `now`.
    pub today: i64,
    /// First day of the period.
    pub first: i64,
    /// Last day of the period (inclusive; `first - 1` when the period is empty).
    pub last: i64,
    /// In-progress status ids.
    pub in_progress: BTreeSet<String>,
    /// In-scope issues, by id.
    pub items: Vec<Item<'a>>,
    /// Status names seen in changelogs, for statuses missing from the site's list.
    pub seen_names: BTreeMap<String, String>,
    /// Problems with the input.
    pub problems: Vec<String>,
}

impl<'a> Scope<'a> {
    /// Prepares `history` for `config`, `now` and `period`.
    pub fn new(history: &'a SiteHistory, config: &'a AnalyticsConfig, now: Millis, period: &Period) -> Scope<'a> {
        let cal = Calendar::new(&config.zone, config.week_start);
        let today = cal.day(now);
        let mut problems = Vec::new();
        let mut day_or = |text: &str, what: &str, fallback: i64| {
            parse_day(text).unwrap_or_else(|| {
                problems.push(format!(
                    "the period's {what} date {text:?} is not YYYY-MM-DD; using {}",
                    format_day(fallback)
                ));
                fallback
            })
        };
        let first = day_or(&period.from, "first", today - 29);
        let mut last = day_or(&period.to, "last", today);
        if last < first {
            problems.push(format!("the period ends ({}) before it starts ({})", period.to, period.from));
            last = first - 1;
        }
        let in_progress: BTreeSet<String> = if config.in_progress_statuses.is_empty() {
            history
                .statuses
                .iter()
                .filter(|(_, s)| s.category == StatusCategory::InProgress)
                .map(|(id, _)| id.clone())
                .collect_set()
        } else {
            config.in_progress_statuses.iter().cloned().collect_set()
        };
        // Only an epic scope looks issues up by key (a sub-task's parent).
        let by_key: BTreeMap<&str, &IssueHistory> = match config.epic {
            Some(_) => history.issues.values().map(|i| (i.key.as_str(), i)).collect_map(),
            None => BTreeMap::new(),
        };
        let mut seen_names = BTreeMap::new();
        let mut items = Vec::new();
        for issue in history.issues.values() {
            if !in_scope(issue, config, &by_key) {
                continue;
            }
            let segments = timeline(issue, now, &mut seen_names, &history.statuses, &in_progress);
            let done_at = done_instant(issue, &segments, history);
            let resolved_at = done_at.map(|d| issue.resolved.unwrap_or(d));
            items.push(Item {
                issue,
                flow: config.include_subtasks || !issue.subtask,
                done_day: done_at.map(|t| cal.day(t)),
                segments,
                done_at,
                resolved_at,
            });
        }
        Scope { history, config, cal, now, today, first, last, in_progress, items, seen_names, problems }
    }

    /// The category of a status id.
    pub fn category(&self, status: &str) -> StatusCategory {
        self.history.statuses.get(status).map_or(StatusCategory::Unknown, |s| s.category)
    }

    /// The current name of a status id.
    pub fn status_name(&self, status: &str) -> String {
        match self.history.statuses.get(status) {
            Some(s) if !s.name.is_empty() => s.name.clone(),
            _ => self.seen_names.get(status).cloned().unwrap_or_else(|| status.to_owned()),
        }
    }

    /// The period's days, in order.
    pub fn days(&self) -> std::ops::RangeInclusive<i64> {
        self.first..=self.last
    }

    /// The first days of the weeks holding the period's days.
    pub fn weeks(&self) -> Vec<i64> {
        if self.last < self.first {
            return Vec::new();
        }
        let mut weeks = Vec::new();
        let mut w = self.cal.week_of(self.first);
        while w <= self.last {
            weeks.push(w);
            w += 7;
        }
        weeks
    }

    /// Whether a day is in the period.
    pub fn in_period(&self, day: i64) -> bool {
        (self.first..=self.last).contains(&day)
    }

    /// The issues of the flow population.
    pub fn flow_items(&self) -> impl Iterator<Item = &Item<'a>> {
        self.items.iter().filter(|i| i.flow)
    }

    /// Hours an item spent in in-progress statuses up to `until`, the first entry, and the re-entries.
    pub fn in_progress_time(&self, item: &Item<'_>, until: Millis) -> (Millis, Option<Millis>, u32) {
        let (mut total, mut started, mut entries, mut inside) = (0, None, 0u32, false);
        for s in &item.segments {
            if s.from >= until {
                break;
            }
            let now_inside = s.in_progress;
            if now_inside {
                total += s.to.min(until) - s.from;
                started.get_or_insert(s.from);
                if !inside {
                    entries += 1;
                }
            }
            inside = now_inside;
        }
        (total, started, entries.saturating_sub(1))
    }
}

/// Whether an issue is in the configured projects, fix version and epic.
fn in_scope(issue: &IssueHistory, config: &AnalyticsConfig, by_key: &BTreeMap<&str, &IssueHistory>) -> bool {
    if !config.projects.is_empty() && !config.projects.iter().any(|p| p == &issue.project) {
        return false;
    }
    if let Some(version) = &config.fix_version
        && !issue.fix_versions.iter().any(|v| v.trim().eq_ignore_ascii_case(version.trim()))
    {
        return false;
    }
    match &config.epic {
        None => true,
        Some(epic) => {
            let parent = issue.parent.as_deref();
            parent == Some(epic.as_str())
                || (issue.subtask
                    && parent.and_then(|p| by_key.get(p)).and_then(|p| p.parent.as_deref()) == Some(epic.as_str()))
        }
    }
}

/// The status timeline (see the module docs), each segment with its status's category and whether it is in
/// progress (so the metrics never look a status up again).
fn timeline(
    issue: &IssueHistory,
    now: Millis,
    names: &mut BTreeMap<String, String>,
    statuses: &BTreeMap<String, StatusInfo>,
    in_progress: &BTreeSet<String>,
) -> Vec<Segment> {
    let segment = |status: SmolStr, from: Millis, to: Millis| Segment {
        category: statuses.get(status.as_str()).map_or(StatusCategory::Unknown, |s| s.category),
        in_progress: in_progress.contains(status.as_str()),
        status,
        from,
        to,
    };
    let mut changes = issue.changes.iter().filter(|c| c.field == Field::Status).peekable();
    let first = changes.peek().and_then(|c| c.from.clone()).unwrap_or_else(|| SmolStr::new(&issue.status));
    let mut segments = Vec::new();
    let mut status = first;
    let mut from = issue.created;
    for c in changes {
        for (id, name) in [(&c.from, &c.from_string), (&c.to, &c.to_string)] {
            if let (Some(id), Some(name)) = (id, name)
                && !names.contains_key(id.as_str())
            {
                names.insert(id.to_string(), name.to_string());
            }
        }
        let at = c.at.max(from);
        segments.push(segment(std::mem::take(&mut status), from, at));
        status = c.to.clone().unwrap_or_default();
        from = at;
    }
    segments.push(segment(status, from, now.max(from)));
    segments
}

/// The done instant (see the module docs).
fn done_instant(issue: &IssueHistory, segments: &[Segment], history: &SiteHistory) -> Option<Millis> {
    let done = history.statuses.get(&issue.status).is_some_and(|s| s.category == StatusCategory::Done);
    if !done {
        return None;
    }
    if segments.len() <= 1 {
        return Some(issue.resolved.unwrap_or(issue.created));
    }
    let start = segments.iter().rposition(|s| s.category != StatusCategory::Done).map_or(0, |i| i + 1);
    segments.get(start).map(|s| s.from)
}
