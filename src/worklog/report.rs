//! The time report: a Markdown note summarising the worklogs of a period, per issue, per project, per person
//! and per day (issue 6, "Time report").
//!
//! Decisions:
//! - A worklog belongs to the local date written in its own `started` (Jira writes the author's offset, so the
//!   date is the one the author saw); worklogs whose `started` cannot be read are left out and counted in a line
//!   at the end of the note. The period is `from..=to`, at most [`MAX_DAYS`] days.
//! - Per issue: time spent in the period, the original estimate and remaining estimate (blank when unknown), and
//!   the estimate accuracy `spent ÷ original` as a whole percentage, only for done issues with an original
//!   estimate; `spent` is the issue's total time spent (Jira's `time_spent` when known, otherwise the sum of all
//!   its known worklogs, in or out of the period).
//! - Durations are written in Jira's form (`1d 2h 30m`, with the configured hours per day and days per week)
//!   next to hours with one decimal (`10.5`). Issues sort by project, then key number; projects by key; people
//!   by name. The "By person" table appears when the period has worklogs by more than one author (or when
//!   forced by [`ReportInput::per_person`]).
//! - The chart of hours per day is a Mermaid `xychart-beta` bar chart (rendered by Obsidian).
//! - The note starts with front matter carrying [`GENERATED_BY_KEY`]` = `[`GENERATED_BY`]: the whole note is the
//!   report and is regenerated in place; callers must refuse to overwrite a note at the report's path that
//!   lacks this marker ([`is_generated_report`]).
//! - Output is a pure function of the input: no clock, same input ⇒ same bytes.

use crate::sort::CollectOrdered as _;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::duration::{DurationConfig, format_duration};
use super::time::parse_timestamp;

/// Front matter key marking a note as a generated report.
pub const GENERATED_BY_KEY: &str = "generated_by";
/// The marker's value.
pub const GENERATED_BY: &str = "jira-vault-sync";
/// The longest period a report covers, in days.
pub const MAX_DAYS: i64 = 366;

/// One Jira worklog, as the report needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportWorklog {
    /// The issue key, e.g. `OPS-12`.
    pub issue_key: String,
    /// The project key; blank means the key's prefix.
    pub project: String,
    /// The author's account id (used to tell authors apart; blank means the name).
    pub author_id: String,
    /// The author's display name.
    pub author: String,
    /// Jira's `started` (`2024-03-20T09:30:00.000+0100`).
    pub started: String,
    /// Time spent, in seconds.
    pub seconds: u64,
}

crate::json_objects::json_object!(default ReportWorklog {
    issue_key: "issueKey",
    project: "project",
    author_id: "authorId",
    author: "author",
    started: "started",
    seconds: "seconds",
});

/// The estimates of one issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueEstimate {
    /// The issue key.
    pub key: String,
    /// The issue's summary (may be blank).
    pub summary: String,
    /// Original estimate in seconds.
    pub original: Option<u64>,
    /// Remaining estimate in seconds.
    pub remaining: Option<u64>,
    /// Total time spent on the issue in seconds (all time), when Jira's value is known.
    pub spent: Option<u64>,
    /// Whether the issue is done (accuracy is only shown for done issues).
    pub done: bool,
}

crate::json_objects::json_object!(default IssueEstimate {
    key: "key",
    summary: "summary",
    original: "original",
    remaining: "remaining",
    spent: "spent",
    done: "done",
});

/// Everything a report is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    /// The worklogs (any period; those outside `from..=to` only count toward an issue's total spent).
    pub worklogs: Vec<ReportWorklog>,
    /// Estimates by issue (issues without an entry get blank estimates).
    pub issues: Vec<IssueEstimate>,
    /// First day of the period, `YYYY-MM-DD`.
    pub from: String,
    /// Last day of the period (inclusive), `YYYY-MM-DD`.
    pub to: String,
    /// Jira's hours per day (default 8).
    pub hours_per_day: f64,
    /// Jira's days per week (default 5).
    pub days_per_week: f64,
    /// Force (`true`) or suppress (`false`) the per-person table; `None`: only when several authors.
    pub per_person: Option<bool>,
}

crate::json_objects::json_object!(default ReportInput {
    worklogs: "worklogs",
    issues: "issues",
    from: "from",
    to: "to",
    hours_per_day: "hoursPerDay",
    days_per_week: "daysPerWeek",
    per_person: "perPerson",
});

impl Default for ReportInput {
    fn default() -> Self {
        let d = DurationConfig::default();
        Self {
            worklogs: Vec::new(),
            issues: Vec::new(),
            from: String::new(),
            to: String::new(),
            hours_per_day: d.hours_per_day,
            days_per_week: d.days_per_week,
            per_person: None,
        }
    }
}

/// Why no report could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// `from` or `to` is not a `YYYY-MM-DD` date.
    #[error("`{0}` is not a YYYY-MM-DD date")]
    BadDate(String),
    /// `to` is before `from`, or the period is longer than [`MAX_DAYS`].
    #[error("the period must run forward and span at most {MAX_DAYS} days")]
    BadPeriod,
    /// Hours per day or days per week out of range.
    #[error("hours per day must be in (0, 24] and days per week in (0, 7]")]
    BadConfig,
}

/// Whether a note's text carries the report marker in its front matter (`generated_by: jira-vault-sync`).
pub fn is_generated_report(text: &str) -> bool {
    let fm = crate::frontmatter::parse(text);
    fm.mapping
        .as_ref()
        .and_then(|m| m.get(GENERATED_BY_KEY))
        .and_then(serde_json::Value::as_str)
        .is_some_and(|v| v.trim() == GENERATED_BY)
}

fn parse_date(s: &str) -> Result<NaiveDate, ReportError> {
    crate::date_text::parse_date(s.trim()).ok_or_else(|| ReportError::BadDate(s.to_owned()))
}

/// The project of an issue key: the part before the last `-`.
pub fn project_of(key: &str) -> &str {
    key.rsplit_once('-').map_or(key, |(p, _)| p)
}

/// Sort key for issue keys: project, then the number (so `OPS-2` comes before `OPS-10`).
fn key_order(key: &str) -> KeyOrder<'_> {
    let (p, n) = key.rsplit_once('-').unwrap_or((key, ""));
    (p, n.parse().unwrap_or(u64::MAX), key)
}

/// Hours with one decimal.
fn hours(seconds: u64) -> String {
    let h = seconds as f64 / 3600.0;
    crate::text::fixed_decimals(h, 1).unwrap_or_else(|| format!("{h:.1}"))
}

/// [`cell`] written at the end of `out` (most cells need no escaping: no intermediate string then).
fn push_cell(out: &mut String, s: &str) {
    if s.contains(['\n', '\r', '&', '<', '>', '|']) { out.push_str(&cell(s)) } else { out.push_str(s.trim()) }
}

/// A table cell: line breaks as spaces, HTML characters as entities (Jira text is untrusted), pipes escaped.
fn cell(s: &str) -> String {
    // Most cells hold none of the characters handled below: the same text, trimmed, without the passes.
    if !s.contains(['\n', '\r', '&', '<', '>', '|']) {
        return s.trim().to_owned();
    }
    s.split(['\n', '\r'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

/// Sort key of an issue key (see [`key_order`]), borrowed from the worklogs (the report allocates nothing
/// per worklog).
type KeyOrder<'a> = (&'a str, u64, &'a str);

/// One author's name, seconds in the period and issue keys (ordered when written).
type PersonTotals<'a> = (&'a str, u64, HashSet<&'a str>);

#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    period: u64,
    all_time: u64,
}

/// Renders the report note. Fails only on a bad period or bad hours/days settings.
pub fn time_report(input: &ReportInput) -> Result<String, ReportError> {
    let from = parse_date(&input.from)?;
    let to = parse_date(&input.to)?;
    let days = (to - from).num_days();
    if !(0..MAX_DAYS).contains(&days) {
        return Err(ReportError::BadPeriod);
    }
    let config = DurationConfig { hours_per_day: input.hours_per_day, days_per_week: input.days_per_week };
    if !config.is_valid() {
        return Err(ReportError::BadConfig);
    }
    let dur = |s: u64| format_duration(s, &config);

    // Only looked up (once per issue row), never iterated: a hash map. Like a sorted map, the last of several
    // entries of one key wins.
    let estimates: HashMap<&str, &IssueEstimate> = input.issues.iter().map(|i| (i.key.as_str(), i)).collect();
    // Per issue key: the project of its first worklog, and its totals. Hash maps while reading the worklogs
    // (only looked up; the results never depend on their order), sorted once below.
    let mut per_issue: HashMap<&str, (&str, Totals)> = HashMap::new();
    let mut by_day: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    // author key → (name, seconds, issues)
    let mut by_person: BTreeMap<&str, PersonTotals> = BTreeMap::new();
    let mut unreadable = 0usize;
    for w in &input.worklogs {
        let Ok((started, _)) = parse_timestamp(&w.started) else {
            unreadable += 1;
            continue;
        };
        let date = started.date();
        let project = if w.project.trim().is_empty() { project_of(&w.issue_key) } else { w.project.trim() };
        let (_, t) = per_issue.entry(w.issue_key.as_str()).or_insert((project, Totals::default()));
        t.all_time = t.all_time.saturating_add(w.seconds);
        if date < from || date > to {
            continue;
        }
        t.period = t.period.saturating_add(w.seconds);
        let d = by_day.entry(date).or_default();
        *d = d.saturating_add(w.seconds);
        let author_key = if w.author_id.is_empty() { w.author.as_str() } else { w.author_id.as_str() };
        let p = by_person.entry(author_key).or_insert_with(|| (w.author.as_str(), 0, HashSet::new()));
        p.1 = p.1.saturating_add(w.seconds);
        p.2.insert(w.issue_key.as_str());
    }
    let by_issue: BTreeMap<KeyOrder, Totals> =
        per_issue.iter().filter(|(_, (_, t))| t.period > 0).map(|(key, (_, t))| (key_order(key), *t)).collect_map();
    let project_of_issue: HashMap<&str, &str> = per_issue.iter().map(|(key, (project, _))| (*key, *project)).collect();
    let total: u64 = by_issue.values().fold(0u64, |a, t| a.saturating_add(t.period));

    let mut out = String::with_capacity(1 << 16);
    out.push_str(&format!("---\n{GENERATED_BY_KEY}: {GENERATED_BY}\nreport: time\nfrom: {from}\nto: {to}\n---\n"));
    out.push_str(&format!("# Time report {from} – {to}\n\n"));
    out.push_str(&format!(
        "Total time spent: {} ({} h) on {}.\n\n",
        dur(total),
        hours(total),
        crate::text::count(by_issue.len() as u64, "issue", "issues")
    ));

    // By issue.
    out.push_str("## By issue\n\n");
    out.push_str("| Issue | Summary | Spent in period | Hours | Original estimate | Remaining | Accuracy |\n");
    out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    // project → (period, original, remaining, issues)
    let mut by_project: BTreeMap<&str, (u64, u64, u64, usize)> = BTreeMap::new();
    for ((_, _, key), t) in &by_issue {
        let est = estimates.get(key);
        let opt = |v: Option<u64>| v.map(dur).unwrap_or_default();
        let original = est.and_then(|e| e.original);
        let remaining = est.and_then(|e| e.remaining);
        let accuracy = match (est, original) {
            (Some(e), Some(o)) if e.done && o > 0 => {
                let spent = e.spent.unwrap_or(t.all_time);
                format!("{}%", ((spent as f64 / o as f64) * 100.0).round())
            }
            _ => String::new(),
        };
        // `| key | summary | spent | hours | original | remaining | accuracy |`, written in place (a row per
        // issue: thousands in a year's report).
        out.push_str("| ");
        push_cell(&mut out, key);
        out.push_str(" | ");
        push_cell(&mut out, est.map_or("", |e| e.summary.as_str()));
        for part in [dur(t.period), hours(t.period), opt(original), opt(remaining), accuracy] {
            out.push_str(" | ");
            out.push_str(&part);
        }
        out.push_str(" |\n");
        let project = project_of_issue.get(key).copied().unwrap_or_else(|| project_of(key));
        let p = by_project.entry(project).or_default();
        p.0 = p.0.saturating_add(t.period);
        p.1 = p.1.saturating_add(original.unwrap_or(0));
        p.2 = p.2.saturating_add(remaining.unwrap_or(0));
        p.3 += 1;
    }
    if by_issue.is_empty() {
        out.push_str("| | No time logged in this period. | | | | | |\n");
    }

    // By project.
    out.push_str("\n## By project\n\n");
    out.push_str("| Project | Issues | Spent in period | Hours | Original estimate | Remaining |\n");
    out.push_str("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (project, (period, original, remaining, n)) in &by_project {
        out.push_str(&format!(
            "| {} | {n} | {} | {} | {} | {} |\n",
            cell(project),
            dur(*period),
            hours(*period),
            dur(*original),
            dur(*remaining)
        ));
    }

    // By person.
    if input.per_person.unwrap_or(by_person.len() > 1) {
        out.push_str("\n## By person\n\n| Person | Spent in period | Hours | Issues |\n| --- | ---: | ---: | --- |\n");
        let mut people: Vec<_> = by_person.iter().collect();
        crate::sort::sort_by(&mut people, |a, b| (&a.1.0, a.0).cmp(&(&b.1.0, b.0)));
        for (id, (name, secs, issues)) in people {
            let name = if name.trim().is_empty() { id } else { name };
            let mut orders: Vec<KeyOrder> = issues.iter().map(|k| key_order(k)).collect();
            crate::sort::sort(&mut orders);
            let keys: Vec<&str> = orders.iter().map(|(_, _, k)| *k).collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                cell(name),
                dur(*secs),
                hours(*secs),
                cell(&keys.join(", "))
            ));
        }
    }

    // Hours per day.
    out.push_str("\n## Hours per day\n\n```mermaid\nxychart-beta\n    title \"Hours per day\"\n    x-axis [");
    let mut labels = Vec::new();
    let mut values = Vec::new();
    let mut max = 0u64;
    let mut day = from;
    while day <= to {
        let secs = by_day.get(&day).copied().unwrap_or(0);
        max = max.max(secs);
        labels.push(format!("\"{:02}-{:02}\"", day.month(), day.day()));
        values.push(hours(secs));
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    let top = max.div_ceil(3600).max(1);
    out.push_str(&labels.join(", "));
    out.push_str(&format!("]\n    y-axis \"Hours\" 0 --> {top}\n    bar [{}]\n```\n", values.join(", ")));
    if unreadable > 0 {
        out.push_str(&format!(
            "\n{unreadable} worklog{} with an unreadable start time {} left out.\n",
            if unreadable == 1 { "" } else { "s" },
            if unreadable == 1 { "was" } else { "were" }
        ));
    }
    Ok(out)
}
