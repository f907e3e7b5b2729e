//! A report's parameters, kept in its note's front matter so a copied note with edited parameters refreshes
//! to a different report: the kind (`report`), `project`, `epic`, `team`, and the period, either fixed
//! (`from`/`to`, `YYYY-MM-DD`) or relative to the day the report is made (`period`, e.g. `last-4-weeks`).
//!
//! Invariants: [`ReportParams::front_matter`] writes the generated marker first, then the parameters in a
//! fixed order, every user string as a plain YAML scalar only when it cannot be read as anything else and
//! double-quoted (JSON escaping, which YAML reads) otherwise; reading it back with [`params_from_note`]
//! gives the same parameters. A relative period wins over `from`/`to` and is resolved against `today`, the
//! Jira user's local date given by the caller (the core has no clock).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::worklog::report::{GENERATED_BY, GENERATED_BY_KEY, MAX_DAYS, is_generated_report};

/// The kinds of report the product writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    /// Issues per status, done vs remaining, velocity and the completion forecast.
    Progress,
    /// Cycle time (control chart), throughput, created vs resolved, WIP and cumulative flow.
    Flow,
    /// Estimate accuracy per issue type and person, suggested vs human estimates.
    Estimates,
    /// Time spent per issue, project and person, hours per day (issue 6's time report), with teams and
    /// utilisation.
    Time,
    /// Utilisation, throughput, cycle time, velocity and estimate accuracy of a team.
    Team,
    /// What moved, what is stuck, insights and trends.
    Digest,
}

crate::json_objects::json_enum!(ReportKind {
    Progress: "progress",
    Flow: "flow",
    Estimates: "estimates",
    Time: "time",
    Team: "team",
    Digest: "digest"
});

impl ReportKind {
    /// Every kind that can be generated today, in menu order.
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Progress,
        ReportKind::Flow,
        ReportKind::Estimates,
        ReportKind::Time,
        ReportKind::Team,
        ReportKind::Digest,
    ];

    /// The name used in front matter and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            ReportKind::Progress => "progress",
            ReportKind::Flow => "flow",
            ReportKind::Estimates => "estimates",
            ReportKind::Time => "time",
            ReportKind::Team => "team",
            ReportKind::Digest => "digest",
        }
    }

    /// The kind named `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id.trim())
    }

    /// A human title (menu entries, default note names).
    pub fn title(self) -> &'static str {
        match self {
            ReportKind::Progress => "Project progress",
            ReportKind::Flow => "Flow",
            ReportKind::Estimates => "Estimates",
            ReportKind::Time => "Time report",
            ReportKind::Team => "Team performance",
            ReportKind::Digest => "Weekly digest",
        }
    }
}

/// A period relative to the day the report is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "unit", content = "count")]
pub enum RelativePeriod {
    /// The last `n` days, ending today (`last-N-days`).
    Days(u32),
    /// The last `n` weeks of 7 days, ending today (`last-N-weeks`).
    Weeks(u32),
    /// Monday of this week to today (`this-week`).
    ThisWeek,
    /// Last week, Monday to Sunday (`last-week`).
    LastWeek,
    /// The first of this month to today (`this-month`).
    ThisMonth,
    /// Last calendar month (`last-month`).
    LastMonth,
}

impl RelativePeriod {
    /// Reads `last-7-days`, `last-4-weeks`, `this-week`, `last-week`, `this-month`, `last-month`.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "this-week" => return Some(Self::ThisWeek),
            "last-week" => return Some(Self::LastWeek),
            "this-month" => return Some(Self::ThisMonth),
            "last-month" => return Some(Self::LastMonth),
            _ => {}
        }
        let rest = s.strip_prefix("last-")?;
        let (n, unit) = rest.split_once('-')?;
        let n: u32 = n.parse().ok().filter(|n| *n >= 1)?;
        match unit {
            "day" | "days" if i64::from(n) <= MAX_DAYS => Some(Self::Days(n)),
            "week" | "weeks" if i64::from(n) * 7 <= MAX_DAYS => Some(Self::Weeks(n)),
            _ => None,
        }
    }

    /// The name written in front matter.
    pub fn id(self) -> String {
        match self {
            Self::Days(n) => format!("last-{n}-days"),
            Self::Weeks(n) => format!("last-{n}-weeks"),
            Self::ThisWeek => "this-week".into(),
            Self::LastWeek => "last-week".into(),
            Self::ThisMonth => "this-month".into(),
            Self::LastMonth => "last-month".into(),
        }
    }

    /// The first and last day (inclusive) for `today`.
    pub fn resolve(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let back = |d: u64| today.checked_sub_days(Days::new(d)).unwrap_or(NaiveDate::MIN);
        let monday = back(u64::from(today.weekday().num_days_from_monday()));
        let first = today.with_day(1).unwrap_or(today);
        match self {
            Self::Days(n) => (back(u64::from(n) - 1), today),
            Self::Weeks(n) => (back(u64::from(n) * 7 - 1), today),
            Self::ThisWeek => (monday, today),
            Self::LastWeek => {
                let start = monday.checked_sub_days(Days::new(7)).unwrap_or(NaiveDate::MIN);
                (start, start.checked_add_days(Days::new(6)).unwrap_or(start))
            }
            Self::ThisMonth => (first, today),
            Self::LastMonth => {
                let start = first.checked_sub_months(Months::new(1)).unwrap_or(first);
                (start, first.pred_opt().unwrap_or(first))
            }
        }
    }
}

/// Everything that selects what a report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportParams {
    /// The kind.
    pub kind: ReportKind,
    /// Only this project (key), if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Only this epic (key), if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epic: Option<String>,
    /// Only the issues with this fix version (name), if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Only this team (a configured team's name), if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// First day of a fixed period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Last day (inclusive) of a fixed period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// A relative period (wins over `from`/`to`), as written in front matter (`last-4-weeks`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

crate::json_objects::json_object!(ReportParams {
    kind: "kind",
    project: "project" = default,
    epic: "epic" = default,
    version: "version" = default,
    team: "team" = default,
    from: "from" with crate::date_text::serde_date::OptionDay = default,
    to: "to" with crate::date_text::serde_date::OptionDay = default,
    period: "period" = default,
});

/// Why parameters cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamsError {
    /// The note has no generated-report marker.
    #[error("this note is not a generated report (no `{GENERATED_BY_KEY}: {GENERATED_BY}` in its front matter)")]
    NotAReport,
    /// Unknown or missing `report` kind.
    #[error("unknown report kind `{0}`")]
    UnknownKind(String),
    /// A date that is not `YYYY-MM-DD`.
    #[error("`{0}` is not a YYYY-MM-DD date")]
    BadDate(String),
    /// A `period` that is not one of the relative periods.
    #[error("`{0}` is not a period (use last-N-days, last-N-weeks, this-week, last-week, this-month or last-month)")]
    BadPeriod(String),
    /// No period at all, or one that runs backwards or is too long.
    #[error("the report needs a period: `from` and `to` (at most {MAX_DAYS} days, forward) or a relative `period`")]
    NoPeriod,
}

fn date(s: &str) -> Result<NaiveDate, ParamsError> {
    crate::date_text::parse_date(s.trim()).ok_or_else(|| ParamsError::BadDate(s.to_owned()))
}

/// A YAML scalar for a user string (see the module invariants).
fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().next().is_some_and(char::is_alphanumeric)
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && crate::float_text::parse_f64(s).is_none();
    if plain { s.to_owned() } else { serde_json::Value::String(s.to_owned()).to_string() }
}

impl ReportParams {
    /// Parameters of `kind` with nothing else set.
    pub fn new(kind: ReportKind) -> Self {
        Self { kind, project: None, epic: None, version: None, team: None, from: None, to: None, period: None }
    }

    /// Checks the values and returns the period for `today` (a relative period wins over `from`/`to`).
    pub fn resolve_period(&self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ParamsError> {
        let (from, to) = match &self.period {
            Some(p) => RelativePeriod::parse(p).ok_or_else(|| ParamsError::BadPeriod(p.clone()))?.resolve(today),
            None => (self.from.ok_or(ParamsError::NoPeriod)?, self.to.ok_or(ParamsError::NoPeriod)?),
        };
        if !(0..MAX_DAYS).contains(&(to - from).num_days()) {
            return Err(ParamsError::NoPeriod);
        }
        Ok((from, to))
    }

    /// The note's front matter block (`---` … `---\n`), marker first.
    pub fn front_matter(&self, resolved: (NaiveDate, NaiveDate)) -> String {
        let mut out = format!("---\n{GENERATED_BY_KEY}: {GENERATED_BY}\nreport: {}\n", self.kind.id());
        let scope =
            [("project", &self.project), ("epic", &self.epic), ("version", &self.version), ("team", &self.team)];
        for (key, value) in scope {
            if let Some(v) = value {
                out.push_str(&format!("{key}: {}\n", yaml_scalar(v)));
            }
        }
        if let Some(p) = &self.period {
            out.push_str(&format!("period: {}\n", yaml_scalar(p)));
        }
        // The resolved period is always written: a reader sees what the numbers cover.
        out.push_str(&format!("from: {}\nto: {}\n---\n", resolved.0, resolved.1));
        out
    }
}

/// The parameters in a report note's front matter. A `period` key makes `from`/`to` informational.
pub fn params_from_note(text: &str) -> Result<ReportParams, ParamsError> {
    if !is_generated_report(text) {
        return Err(ParamsError::NotAReport);
    }
    let fm = crate::frontmatter::parse(text);
    let map = fm.mapping.unwrap_or_default();
    let text_of = |key: &str| -> Option<String> {
        match map.get(key)? {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
        .filter(|s| !s.is_empty())
    };
    let kind_id = text_of("report").unwrap_or_default();
    let kind = ReportKind::from_id(&kind_id).ok_or(ParamsError::UnknownKind(kind_id))?;
    let period = text_of("period");
    if let Some(p) = &period
        && RelativePeriod::parse(p).is_none()
    {
        return Err(ParamsError::BadPeriod(p.clone()));
    }
    Ok(ReportParams {
        kind,
        project: text_of("project"),
        epic: text_of("epic"),
        version: text_of("version"),
        team: text_of("team"),
        from: text_of("from").map(|s| date(&s)).transpose()?,
        to: text_of("to").map(|s| date(&s)).transpose()?,
        period,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn relative_periods_resolve_against_today() {
        let today = d("2024-03-13"); // a Wednesday
        let r = |s: &str| RelativePeriod::parse(s).expect(s).resolve(today);
        assert_eq!(r("last-7-days"), (d("2024-03-07"), today));
        assert_eq!(r("last-2-weeks"), (d("2024-02-29"), today));
        assert_eq!(r("this-week"), (d("2024-03-11"), today));
        assert_eq!(r("last-week"), (d("2024-03-04"), d("2024-03-10")));
        assert_eq!(r("this-month"), (d("2024-03-01"), today));
        assert_eq!(r("last-month"), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(RelativePeriod::parse("last-0-days"), None);
        assert_eq!(RelativePeriod::parse("last-400-days"), None);
    }

    #[test]
    fn front_matter_round_trips_and_quotes_odd_values() {
        let p = ReportParams {
            project: Some("OPS".into()),
            team: Some("true".into()),
            epic: Some("x: \"y\"\n---".into()),
            version: Some("1.10".into()),
            period: Some("last-4-weeks".into()),
            ..ReportParams::new(ReportKind::Time)
        };
        let fm = p.front_matter(p.resolve_period(d("2024-03-13")).expect("period"));
        assert!(fm.starts_with("---\ngenerated_by: jira-vault-sync\nreport: time\nproject: OPS\nepic: \""), "{fm}");
        // A version name that reads as a number is quoted, so `1.10` stays `1.10`.
        assert!(fm.contains("\nversion: \"1.10\"\n"), "{fm}");
        let back = params_from_note(&format!("{fm}# body\n")).expect("params");
        assert_eq!(back.epic, p.epic);
        assert_eq!(back.version, p.version);
        assert_eq!(back.team, p.team);
        assert_eq!(back.period, p.period);
        assert_eq!(back.from, Some(d("2024-02-15")));
    }

    #[test]
    fn bad_parameters_are_errors_not_panics() {
        assert_eq!(params_from_note("# x\n"), Err(ParamsError::NotAReport));
        let note = |rest: &str| format!("---\ngenerated_by: jira-vault-sync\n{rest}---\n");
        assert!(matches!(params_from_note(&note("report: nope\n")), Err(ParamsError::UnknownKind(_))));
        assert!(matches!(params_from_note(&note("report: time\nfrom: March\n")), Err(ParamsError::BadDate(_))));
        assert!(matches!(params_from_note(&note("report: time\nperiod: soon\n")), Err(ParamsError::BadPeriod(_))));
        let p = params_from_note(&note("report: time\n")).expect("params");
        assert_eq!(p.resolve_period(d("2024-01-01")), Err(ParamsError::NoPeriod));
    }
}
