//! The analytics input: configuration, the reporting period, the Jira user's zone as offset spans, and the
//! worklogs (a typed list the shell fills from the sync state; analytics never reads `sync::SiteState`).
//!
//! Time zones: the core has no tz database. The shell describes the Jira user's zone as [`OffsetSpan`]s —
//! "from this UTC instant on, the offset is N minutes east of UTC" — computed with `Intl` over the period the
//! metrics cover (plus the forecast horizon). An empty list is UTC. Every day and week in the results is a day
//! of that zone, so a day across a daylight-saving switch is 23 or 25 hours long.

use serde::Serialize;

use crate::history::{Millis, Seconds, SiteHistory};

/// Everything one computation of the metrics needs (what the wasm export reads as JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalyticsInput {
    /// The site's history.
    pub history: SiteHistory,
    /// Worklogs of the in-scope issues.
    pub worklogs: Vec<Worklog>,
    /// Configuration.
    pub config: AnalyticsConfig,
    /// The current instant (from the shell's clock).
    pub now: Millis,
    /// The period the metrics cover.
    pub period: Period,
    /// The text of the site's automation activity record (`None`: none kept yet; see `activity.rs`).
    pub activity: Option<String>,
}

crate::json_objects::json_object!(default AnalyticsInput {
    history: "history",
    worklogs: "worklogs",
    config: "config",
    now: "now",
    period: "period",
    activity: "activity",
});

/// The period the metrics cover: local dates (`YYYY-MM-DD`) of the Jira user's zone, both inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Period {
    /// First day.
    pub from: String,
    /// Last day (inclusive).
    pub to: String,
}

crate::json_objects::json_object!(default Period { from: "from", to: "to" });

/// From the UTC instant `from` on (until the next span), the zone is `offset_minutes` east of UTC.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OffsetSpan {
    /// First instant of the span (the first span also covers everything before it).
    pub from: Millis,
    /// Offset in minutes east of UTC (`60` for CET, `-300` for EST).
    pub offset_minutes: i32,
}

crate::json_objects::json_object!(default OffsetSpan { from: "from", offset_minutes: "offsetMinutes" });

/// One worklog, as the shell reads it from the sync state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Worklog {
    /// Author's account id.
    pub author_id: String,
    /// Author's display name.
    pub author_name: String,
    /// The issue's stable id.
    pub issue_id: String,
    /// The issue's key.
    pub issue_key: String,
    /// When the work started.
    pub started: Millis,
    /// Time spent, in seconds.
    pub seconds: Seconds,
}

crate::json_objects::json_object!(default Worklog {
    author_id: "authorId",
    author_name: "authorName",
    issue_id: "issueId",
    issue_key: "issueKey",
    started: "started",
    seconds: "seconds",
});

/// A configured group of Jira users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Team {
    /// Team name.
    pub name: String,
    /// Members' account ids.
    pub members: Vec<String>,
}

crate::json_objects::json_object!(default Team { name: "name", members: "members" });

/// What the forecast is asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ForecastConfig {
    /// Monte Carlo trials (default 10,000).
    pub trials: u32,
    /// How many complete weeks before `now` give the throughput samples (default 12).
    pub history_weeks: u32,
    /// How many issues remain; `None`: the open issues in scope.
    pub remaining: Option<u32>,
    /// A local date (`YYYY-MM-DD`): how many issues will be done by then.
    pub by_date: Option<String>,
}

crate::json_objects::json_object!(default ForecastConfig {
    trials: "trials",
    history_weeks: "historyWeeks",
    remaining: "remaining",
    by_date: "byDate",
});

impl Default for ForecastConfig {
    fn default() -> Self {
        ForecastConfig { trials: 10_000, history_weeks: 12, remaining: None, by_date: None }
    }
}

/// Analytics configuration (the plugin's settings and the report note's parameters).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalyticsConfig {
    /// The Jira user's zone (see the module docs); empty: UTC.
    pub zone: Vec<OffsetSpan>,
    /// First day of the week, ISO numbering (1 = Monday … 7 = Sunday; default 1).
    pub week_start: u8,
    /// Status ids counted as "in progress" for cycle time and WIP; empty: every status of the *In Progress*
    /// category.
    pub in_progress_statuses: Vec<String>,
    /// Project keys in scope (current keys); empty: all.
    pub projects: Vec<String>,
    /// Only issues whose parent (epic) is this key.
    pub epic: Option<String>,
    /// Only issues with this fix version (its name, as Jira shows it; case-insensitive).
    pub fix_version: Option<String>,
    /// Whether sub-tasks count in cycle time, flow, velocity and forecast (default false, like Jira's
    /// velocity chart). Their estimates and worklogs always count in estimates and time.
    pub include_subtasks: bool,
    /// Jira's configured working hours per day (default 8).
    pub hours_per_day: f64,
    /// Working days, ISO numbering (default Monday to Friday).
    pub working_days: Vec<u8>,
    /// Holidays (`YYYY-MM-DD`), not working days.
    pub holidays: Vec<String>,
    /// Teams.
    pub teams: Vec<Team>,
    /// Forecast questions.
    pub forecast: ForecastConfig,
}

crate::json_objects::json_object!(default AnalyticsConfig {
    zone: "zone",
    week_start: "weekStart",
    in_progress_statuses: "inProgressStatuses",
    projects: "projects",
    epic: "epic",
    fix_version: "fixVersion",
    include_subtasks: "includeSubtasks",
    hours_per_day: "hoursPerDay",
    working_days: "workingDays",
    holidays: "holidays",
    teams: "teams",
    forecast: "forecast",
});

impl Default for AnalyticsConfig {
    fn default() -> Self {
        AnalyticsConfig {
            zone: Vec::new(),
            week_start: 1,
            in_progress_statuses: Vec::new(),
            projects: Vec::new(),
            epic: None,
            fix_version: None,
            include_subtasks: false,
            hours_per_day: 8.0,
            working_days: vec![1, 2, 3, 4, 5],
            holidays: Vec::new(),
            teams: Vec::new(),
            forecast: ForecastConfig::default(),
        }
    }
}
