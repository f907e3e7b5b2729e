//! Time: logged time per person, team, project and week; utilisation; actual vs estimated.
//!
//! Definitions:
//! - A worklog belongs to the local day (Jira user's zone) of its `started` instant, whatever the author's
//!   own zone; only worklogs on days of the period count. Worklogs of every issue count (sub-tasks too);
//!   with a project or epic scope, only worklogs of in-scope issues.
//! - **Capacity** of a person over the period = working days of the period (configured weekdays, minus
//!   holidays) × Jira's configured hours per day. A team's capacity is the sum over its members.
//! - **Utilisation** = logged ÷ capacity (`None` when the capacity is 0).
//! - **Actual vs estimated** per issue: the issues with worklogs in the period; actual = the issue's total
//!   time spent (Jira's `timespent`), estimated = its original estimate; per project the sums.
//! - A person is listed when they logged time in the period or belong to a team.

use serde::Serialize;

/// Time metrics over the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TimeMetrics {
    /// Working days in the period.
    pub working_days: u32,
    /// Capacity per person, hours.
    pub capacity_hours_per_person: f64,
    /// Total logged, hours.
    pub total_hours: f64,
    /// Per person, by name.
    pub people: Vec<PersonTime>,
    /// Per team, in configured order.
    pub teams: Vec<TeamTime>,
    /// Per project, by key.
    pub projects: Vec<ProjectTime>,
    /// Per week.
    pub weeks: Vec<WeekHours>,
    /// Actual vs estimated, per issue with worklogs in the period, by key.
    pub issues: Vec<IssueTime>,
}

crate::json_objects::json_object!(default TimeMetrics {
    working_days: "workingDays",
    capacity_hours_per_person: "capacityHoursPerPerson",
    total_hours: "totalHours",
    people: "people",
    teams: "teams",
    projects: "projects",
    weeks: "weeks",
    issues: "issues",
});

/// One person's logged time.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersonTime {
    /// Account id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Logged, hours.
    pub hours: f64,
    /// Capacity, hours.
    pub capacity_hours: f64,
    /// Logged ÷ capacity.
    pub utilisation: Option<f64>,
}

crate::json_objects::json_object!(default PersonTime {
    id: "id",
    name: "name",
    hours: "hours",
    capacity_hours: "capacityHours",
    utilisation: "utilisation",
});

/// One team's logged time.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamTime {
    /// Team name.
    pub name: String,
    /// Members' account ids.
    pub members: Vec<String>,
    /// Logged, hours.
    pub hours: f64,
    /// Capacity, hours.
    pub capacity_hours: f64,
    /// Logged ÷ capacity.
    pub utilisation: Option<f64>,
}

crate::json_objects::json_object!(default TeamTime {
    name: "name",
    members: "members",
    hours: "hours",
    capacity_hours: "capacityHours",
    utilisation: "utilisation",
});

/// One project's logged time and estimates.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProjectTime {
    /// Project key.
    pub project: String,
    /// Logged in the period, hours.
    pub hours: f64,
    /// Sum of the original estimates of its issues in [`TimeMetrics::issues`], hours.
    pub estimate_hours: f64,
    /// Sum of their total time spent, hours.
    pub spent_hours: f64,
}

crate::json_objects::json_object!(default ProjectTime {
    project: "project",
    hours: "hours",
    estimate_hours: "estimateHours",
    spent_hours: "spentHours",
});

/// Logged time in one week.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WeekHours {
    /// First day of the week.
    pub week_start: String,
    /// Logged, hours.
    pub hours: f64,
}

crate::json_objects::json_object!(default WeekHours { week_start: "weekStart", hours: "hours" });

/// One issue's actual vs estimated time.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueTime {
    /// Key.
    pub key: String,
    /// Project key.
    pub project: String,
    /// Logged in the period, hours.
    pub logged_hours: f64,
    /// Total time spent, hours.
    pub spent_hours: f64,
    /// Original estimate, hours.
    pub estimate_hours: Option<f64>,
    /// Spent ÷ estimate.
    pub ratio: Option<f64>,
}

crate::json_objects::json_object!(default IssueTime {
    key: "key",
    project: "project",
    logged_hours: "loggedHours",
    spent_hours: "spentHours",
    estimate_hours: "estimateHours",
    ratio: "ratio",
});

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::calendar::{format_day, iso_weekday, parse_day};
use super::config::Worklog;
use super::scope::Scope;
use super::stats::hours;
use crate::history::IssueHistory;

/// Working days of the period (configured weekdays, minus holidays).
pub fn working_days(scope: &Scope<'_>) -> u32 {
    let holidays: BTreeSet<i64> = crate::sort::collect_set(scope.config.holidays.iter().filter_map(|h| parse_day(h)));
    scope.days().filter(|&d| scope.config.working_days.contains(&iso_weekday(d)) && !holidays.contains(&d)).count()
        as u32
}

/// Time metrics (see the module docs).
pub fn time(scope: &Scope<'_>, worklogs: &[Worklog]) -> TimeMetrics {
    let working_days = working_days(scope);
    let hours_per_day = if scope.config.hours_per_day.is_finite() { scope.config.hours_per_day.max(0.0) } else { 0.0 };
    let capacity = f64::from(working_days) * hours_per_day;
    // A hash map: only looked up (the results never depend on its order), 20,000 times for a large site.
    let by_id: HashMap<&str, &IssueHistory> = scope.items.iter().map(|i| (i.issue.id.as_str(), i.issue)).collect();
    let scoped = !scope.config.projects.is_empty() || scope.config.epic.is_some();
    let weeks = scope.weeks();
    let mut week_hours = vec![0.0; weeks.len()];
    let mut people: BTreeMap<&str, (&str, f64)> = BTreeMap::new();
    let mut projects: BTreeMap<&str, f64> = BTreeMap::new();
    // By key; a hash map while reading the worklogs (ordered by key below).
    let mut issues: HashMap<&str, (Option<&IssueHistory>, f64)> = HashMap::new();
    let mut total = 0.0;
    for w in worklogs {
        let issue = by_id.get(w.issue_id.as_str()).copied();
        if scoped && issue.is_none() {
            continue;
        }
        let day = scope.cal.day(w.started);
        if !scope.in_period(day) {
            continue;
        }
        let h = hours(w.seconds.max(0));
        total += h;
        if let Some(i) = weeks.partition_point(|&s| s <= day).checked_sub(1) {
            week_hours[i] += h;
        }
        let person = people.entry(w.author_id.as_str()).or_insert((w.author_name.as_str(), 0.0));
        person.1 += h;
        let project = issue.map_or_else(|| project_of_key(&w.issue_key), |i| i.project.as_str());
        *projects.entry(project).or_default() += h;
        let key = issue.map_or(w.issue_key.as_str(), |i| i.key.as_str());
        issues.entry(key).or_insert((issue, 0.0)).1 += h;
    }
    for team in &scope.config.teams {
        for m in &team.members {
            people.entry(m.as_str()).or_insert(("", 0.0));
        }
    }
    let logged: BTreeMap<&str, f64> = crate::sort::collect_map(people.iter().map(|(id, (_, h))| (*id, *h)));
    let utilisation = |h: f64, c: f64| (c > 0.0).then(|| h / c);
    let mut people: Vec<PersonTime> =
        people
            .into_iter()
            .map(|(id, (name, h))| PersonTime {
                id: id.to_owned(),
                name: scope.history.users.get(id).map(|u| u.name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(
                    || {
                        if name.is_empty() { id.to_owned() } else { name.to_owned() }
                    },
                ),
                hours: h,
                capacity_hours: capacity,
                utilisation: utilisation(h, capacity),
            })
            .collect();
    crate::sort::sort_by(&mut people, |a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    let teams = scope
        .config
        .teams
        .iter()
        .map(|t| {
            let members: BTreeSet<&str> = crate::sort::collect_set(t.members.iter().map(String::as_str));
            let h = members.iter().map(|m| logged.get(m).copied().unwrap_or(0.0)).sum();
            let c = capacity * members.len() as f64;
            TeamTime {
                name: t.name.clone(),
                members: members.iter().map(|m| (*m).to_owned()).collect(),
                hours: h,
                capacity_hours: c,
                utilisation: utilisation(h, c),
            }
        })
        .collect();
    let mut issues: Vec<(&str, Option<&IssueHistory>, f64)> = issues.into_iter().map(|(k, (i, h))| (k, i, h)).collect();
    crate::sort::sort_by(&mut issues, |a, b| a.0.cmp(b.0));
    let issues: Vec<IssueTime> = issues
        .into_iter()
        .map(|(key, issue, logged)| {
            let estimate = issue.and_then(|i| i.original_estimate).filter(|&e| e > 0);
            let spent = issue.and_then(|i| i.time_spent).unwrap_or(0).max(0);
            IssueTime {
                key: key.to_owned(),
                project: issue.map_or_else(|| project_of_key(key), |i| i.project.as_str()).to_owned(),
                logged_hours: logged,
                spent_hours: hours(spent),
                estimate_hours: estimate.map(hours),
                ratio: estimate.map(|e| spent as f64 / e as f64),
            }
        })
        .collect();
    let projects = projects
        .into_iter()
        .map(|(project, h)| {
            let mine = issues.iter().filter(|i| i.project == project);
            let (estimate_hours, spent_hours) =
                mine.fold((0.0, 0.0), |(e, s), i| (e + i.estimate_hours.unwrap_or(0.0), s + i.spent_hours));
            ProjectTime { project: project.to_owned(), hours: h, estimate_hours, spent_hours }
        })
        .collect();
    TimeMetrics {
        working_days,
        capacity_hours_per_person: capacity,
        total_hours: total,
        people,
        teams,
        projects,
        weeks: weeks.iter().zip(week_hours).map(|(&w, hours)| WeekHours { week_start: format_day(w), hours }).collect(),
        issues,
    }
}

/// The project key of an issue key (`ABC-12` → `ABC`).
fn project_of_key(key: &str) -> &str {
    key.rsplit_once('-').map_or(key, |(p, _)| p)
}
