//! Forecast: Monte Carlo over weekly throughput.
//!
//! Definitions:
//! - Samples: the throughput (issues done, in scope) of each of the last `historyWeeks` complete weeks before
//!   the week of `now`.
//! - Each trial draws a week's throughput uniformly from the samples, again for every following week, until
//!   the remaining issues are done; the last week is used in part: `days = 7·(weeks − 1) + ⌈7·left ÷ drawn⌉`.
//!   For a constant throughput `t` this is exactly `⌈7·N ÷ t⌉` days (the analytic value).
//! - Completion date = today (local date of `now`) + days. P50/P85/P95 are the dates by which 50/85/95 % of
//!   the trials finished (nearest rank on the sorted trial days: the ⌈p·trials⌉-th).
//! - **Done by a date**: each trial sums draws over the whole weeks until the date plus the partial week's
//!   draw × its share of 7 days (rounded down); the P50/P85/P95 counts are those reached in at least 50/85/95 %
//!   of the trials.
//! - Not available (with a reason) when there are no samples, every sample is 0, or nothing remains.
//! - Randomness: SplitMix64 (Steele, Lea & Flood 2014) seeded with a 64-bit FNV-1a hash of the samples, the
//!   remaining count, today, the date asked and the trial count, so the same data gives the same answer on
//!   every platform and version. It is 5 lines and passes BigCrush; a crate would bring a dependency for
//!   nothing the forecast needs, and its output could change with the crate's version.

use serde::{Deserialize, Serialize};

/// The forecast.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Forecast {
    /// Why there is no forecast (`None`: there is one).
    pub not_available: Option<String>,
    /// Trials run.
    pub trials: u32,
    /// The seed used (hex, 16 digits).
    pub seed: String,
    /// Weekly throughput samples, oldest first.
    pub samples: Vec<u32>,
    /// First day of the oldest sample week.
    pub samples_from: Option<String>,
    /// Issues remaining.
    pub remaining: u32,
    /// Local date of `now`.
    pub today: String,
    /// Completion dates.
    pub completion: Option<Completion>,
    /// How many issues done by a date.
    pub done_by: Option<DoneBy>,
}

/// Completion dates at three confidence levels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Completion {
    /// 50 % of trials done by this date.
    pub p50: String,
    /// 85 %.
    pub p85: String,
    /// 95 %.
    pub p95: String,
}

/// Issues done by a date at three confidence levels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DoneBy {
    /// The date asked.
    pub date: String,
    /// Reached in 50 % of trials.
    pub p50: u32,
    /// Reached in 85 %.
    pub p85: u32,
    /// Reached in 95 %.
    pub p95: u32,
}
