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

use serde::{Deserialize, Serialize};

/// One week's trend values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

/// What an insight is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// One insight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// One evidence number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// What it is.
    pub label: String,
    /// Value.
    pub value: f64,
    /// Unit (`hours`, `issues`, `ratio`, `share`).
    pub unit: String,
}
