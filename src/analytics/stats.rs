//! Summary statistics shared by the metric families.
//!
//! Percentiles use linear interpolation between closest ranks (Hyndman & Fan type 7, the definition of
//! Excel's `PERCENTILE.INC`, NumPy's default and Jira's control chart median): for sorted values
//! `x[0..n]` and `p` in `[0, 1]`, `h = (n − 1)·p`, the result is `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
//! The median is the 50th percentile (the mean of the two middle values for an even count).

use serde::Serialize;

/// Count, mean, median, P85 and P95 of a list of values (hours or ratios); `None` when the list is empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Summary {
    /// Number of values.
    pub count: usize,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// Median (P50).
    pub median: Option<f64>,
    /// 85th percentile.
    pub p85: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
}

crate::json_objects::json_object!(default Summary {
    count: "count",
    mean: "mean",
    median: "median",
    p85: "p85",
    p95: "p95",
});

impl Summary {
    /// The summary of `values` (any order; NaNs are not expected and sort last).
    pub fn of(values: &[f64]) -> Summary {
        let mut sorted = values.to_vec();
        crate::sort::sort_by(&mut sorted, f64::total_cmp);
        Summary {
            count: sorted.len(),
            mean: mean(&sorted),
            median: percentile(&sorted, 0.5),
            p85: percentile(&sorted, 0.85),
            p95: percentile(&sorted, 0.95),
        }
    }
}

/// The arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() { None } else { Some(values.iter().sum::<f64>() / values.len() as f64) }
}

/// The `p` percentile (`0..=1`) of *sorted* values by linear interpolation (type 7, see the module docs).
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(last);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// The median of values in any order.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    crate::sort::sort_by(&mut sorted, f64::total_cmp);
    percentile(&sorted, 0.5)
}

/// Seconds as hours.
pub fn hours(seconds: i64) -> f64 {
    seconds as f64 / 3600.0
}

/// Milliseconds as hours.
pub fn millis_hours(millis: i64) -> f64 {
    millis as f64 / 3_600_000.0
}
