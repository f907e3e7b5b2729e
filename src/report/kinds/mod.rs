//! The report kinds built from the analytics [`Metrics`](crate::analytics::Metrics): each turns the metrics of one period into the
//! [`Block`](super::document::Block)s of its note. Pure functions; every chart comes with the table of its numbers.
//!
//! Conventions: durations in hours with one decimal (the control chart's axis in days, as Jira's), shares as
//! whole percentages, dates `YYYY-MM-DD` (chart axes `MM-DD`). A part whose metric is not available says why
//! in a sentence instead of drawing an empty chart.

pub mod automation;
pub mod digest;
pub mod estimates;
pub mod flow;
pub mod progress;
pub mod team;
pub mod time;

use super::document::Table;
use super::escape::number;

/// Hours with one decimal.
pub(crate) fn h(v: f64) -> String {
    number(v, 1)
}

/// An optional number with one decimal, blank when absent.
pub(crate) fn opt_h(v: Option<f64>) -> String {
    v.map(h).unwrap_or_default()
}

/// A share (0–1) as a whole percentage, blank when absent.
pub(crate) fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{}%", number(v * 100.0, 0))).unwrap_or_default()
}

/// A ratio with two decimals, blank when absent.
pub(crate) fn ratio(v: Option<f64>) -> String {
    v.map(|v| number(v, 2)).unwrap_or_default()
}

/// `YYYY-MM-DD` → `MM-DD` for chart axes (other text unchanged).
pub(crate) fn short_date(s: &str) -> String {
    if s.len() == 10 && s.is_char_boundary(5) { s[5..].to_owned() } else { s.to_owned() }
}

/// A table from a header (`name`, numeric?) and rows.
pub(crate) fn table(header: &[(&str, bool)], rows: Vec<Vec<String>>, empty: &str) -> Table {
    Table {
        header: header.iter().map(|(n, _)| (*n).to_owned()).collect(),
        numeric: header.iter().map(|(_, n)| *n).collect(),
        rows,
        empty: empty.to_owned(),
    }
}
