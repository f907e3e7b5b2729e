//! Estimates from the team's own history: a deterministic estimator over the done issues the sync keeps
//! ([`SiteHistory`]), with no model.
//!
//! Each resolved issue with time logged is a document: its summary and labels, lower-cased and split into words
//! (letters and digits of any script, at least two characters), without a short list of English, German, French
//! and Spanish stop words. The issue to estimate is the query. Documents are ranked by BM25 (k1 = 1.2, b = 0.75,
//! idf `ln(1 + (N − n + 0.5) / (n + 0.5))`); the [`MAX_SIMILAR`] best with a positive score are the similar
//! issues. The estimate is the score-weighted median of their time spent, the range its score-weighted 25th to
//! 75th percentile: an issue twice as similar counts twice as much, and one outlier does not move the middle.
//! Ties are broken by key, so the same history always gives the same estimate.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::history::{Seconds, SiteHistory};

/// Similar issues an estimate is made from, at most.
pub const MAX_SIMILAR: usize = 5;

const K1: f64 = 1.2;
const B: f64 = 0.75;

const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "with", "from", "into", "on", "in", "of", "to", "an", "a", "is", "be", "by", "at", "or",
    "der", "die", "das", "und", "mit", "für", "von", "den", "dem", "ein", "eine", "zu", "im", "le", "la", "les", "des",
    "du", "et", "pour", "dans", "un", "une", "el", "los", "las", "del", "y", "para", "con", "en",
];

/// What to estimate: an issue's summary (and description, when known) and its key, left out of the history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EstimateQuery {
    /// The issue's key (never its own neighbour).
    pub key: Option<String>,
    /// Its summary.
    pub summary: String,
    /// Its description.
    pub description: String,
    /// Its labels.
    pub labels: Vec<String>,
}

crate::json_objects::json_object!(default EstimateQuery {
    key: "key",
    summary: "summary",
    description: "description",
    labels: "labels",
});

/// A done issue the estimate used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Similar {
    /// Its key.
    pub key: String,
    /// Its summary.
    pub summary: String,
    /// Time logged on it, in seconds.
    pub time_spent: Seconds,
    /// Its BM25 score against the query.
    pub score: f64,
}

/// An estimate with its range and the issues it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// The estimate in seconds (the weighted median).
    pub seconds: Seconds,
    /// The low end of the range (weighted 25th percentile).
    pub low: Seconds,
    /// The high end of the range (weighted 75th percentile).
    pub high: Seconds,
    /// The estimate in Jira's duration format with 8-hour days (`1d 4h`, `45m`).
    pub jira: String,
    /// The similar issues, best first.
    pub similar: Vec<Similar>,
    /// Done issues with time logged in the history.
    pub done_issues: usize,
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| {
            w.chars().count() >= 2 && !STOP_WORDS.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit())
        })
        .collect()
}

/// The estimate for `query` from `history`, or None when no done issue shares a word with it.
pub fn estimate(history: &SiteHistory, query: &EstimateQuery) -> Option<Estimate> {
    let docs: Vec<(&str, &str, Seconds, Vec<String>)> = history
        .issues
        .values()
        .filter(|i| i.resolved.is_some() && i.time_spent.is_some_and(|t| t > 0))
        .filter(|i| query.key.as_deref().is_none_or(|k| !k.eq_ignore_ascii_case(&i.key)))
        .map(|i| {
            let mut w = words(&i.summary);
            w.extend(i.labels.iter().flat_map(|l| words(l)));
            (i.key.as_str(), i.summary.as_str(), i.time_spent.unwrap_or_default(), w)
        })
        .collect();
    let n = docs.len();
    if n == 0 {
        return None;
    }
    let avg_len = docs.iter().map(|d| d.3.len()).sum::<usize>() as f64 / n as f64;
    let mut doc_freq: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &docs {
        for w in crate::sort::collect_set(d.3.iter().map(String::as_str)) {
            *doc_freq.entry(w).or_default() += 1;
        }
    }
    let mut terms = words(&query.summary);
    terms.extend(words(&query.description));
    terms.extend(query.labels.iter().flat_map(|l| words(l)));
    let terms: BTreeSet<String> = crate::sort::collect_set(terms);
    let mut scored: Vec<Similar> = docs
        .iter()
        .map(|(key, summary, spent, doc)| {
            let len = doc.len() as f64;
            let score: f64 = terms
                .iter()
                .map(|t| {
                    let tf = doc.iter().filter(|w| *w == t).count() as f64;
                    if tf == 0.0 {
                        return 0.0;
                    }
                    let df = doc_freq.get(t.as_str()).copied().unwrap_or(0) as f64;
                    let idf = (1.0 + (n as f64 - df + 0.5) / (df + 0.5)).ln();
                    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg_len.max(1.0)))
                })
                .sum();
            Similar { key: (*key).to_owned(), summary: (*summary).to_owned(), time_spent: *spent, score }
        })
        .filter(|s| s.score > 0.0)
        .collect();
    crate::sort::sort_by(&mut scored, |a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
    scored.truncate(MAX_SIMILAR);
    if scored.is_empty() {
        return None;
    }
    let seconds = weighted_percentile(&scored, 0.5);
    Some(Estimate {
        seconds,
        low: weighted_percentile(&scored, 0.25),
        high: weighted_percentile(&scored, 0.75),
        jira: jira_duration(seconds),
        similar: scored,
        done_issues: n,
    })
}

/// The smallest time spent whose cumulative score weight reaches `p` of the total.
fn weighted_percentile(similar: &[Similar], p: f64) -> Seconds {
    let mut by_time: Vec<&Similar> = similar.iter().collect();
    crate::sort::sort_by(&mut by_time, |a, b| a.time_spent.cmp(&b.time_spent).then_with(|| a.key.cmp(&b.key)));
    let total: f64 = by_time.iter().map(|s| s.score).sum();
    let mut sum = 0.0;
    for s in &by_time {
        sum += s.score;
        if sum >= p * total - 1e-9 {
            return s.time_spent;
        }
    }
    by_time.last().map_or(0, |s| s.time_spent)
}

/// Seconds as a Jira duration with 8-hour days, rounded to the minute (`1d 4h`, `2h 30m`, `45m`).
pub fn jira_duration(seconds: Seconds) -> String {
    let minutes = (seconds.max(0) + 30) / 60;
    let (days, rest) = (minutes / 480, minutes % 480);
    let (hours, mins) = (rest / 60, rest % 60);
    let parts: Vec<String> = [(days, "d"), (hours, "h"), (mins, "m")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if parts.is_empty() { "0m".to_owned() } else { parts.join(" ") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::IssueHistory;

    fn done(key: &str, summary: &str, hours: i64) -> IssueHistory {
        IssueHistory {
            id: key.to_owned(),
            key: key.to_owned(),
            summary: summary.to_owned(),
            resolved: Some(1),
            time_spent: Some(hours * 3600),
            ..Default::default()
        }
    }

    fn history(issues: Vec<IssueHistory>) -> SiteHistory {
        SiteHistory { issues: issues.into_iter().map(|i| (i.id.clone(), i)).collect(), ..Default::default() }
    }

    #[test]
    fn similar_done_issues_give_a_weighted_estimate_and_range() {
        let h = history(vec![
            done("OPS-1", "Rotate the TLS certificate of the mail relay", 2),
            done("OPS-2", "Rotate the TLS certificate of the VPN", 3),
            done("OPS-3", "Rotate TLS certificate for the payments API", 4),
            done("OPS-4", "Write the onboarding guide", 16),
            IssueHistory { resolved: None, ..done("OPS-5", "Rotate the TLS certificate of the wiki", 40) },
        ]);
        let q = EstimateQuery {
            key: Some("OPS-9".into()),
            summary: "Rotate the TLS certificate of the build server".into(),
            ..Default::default()
        };
        let e = estimate(&h, &q).expect("an estimate");
        assert_eq!(e.similar.iter().map(|s| s.key.as_str()).collect::<Vec<_>>().len(), 3);
        assert!(e.similar.iter().all(|s| s.key != "OPS-4" && s.key != "OPS-5"));
        assert_eq!(e.seconds, 3 * 3600);
        assert!(e.low <= e.seconds && e.seconds <= e.high);
        assert_eq!(e.jira, "3h");
        assert_eq!(e.done_issues, 4);
        assert_eq!(estimate(&h, &q), Some(e), "deterministic");
        let unrelated = EstimateQuery { summary: "Buy snacks".into(), ..Default::default() };
        assert_eq!(estimate(&h, &unrelated), None);
        let itself = EstimateQuery {
            key: Some("OPS-4".into()),
            summary: "Write the onboarding guide".into(),
            ..Default::default()
        };
        assert_eq!(estimate(&h, &itself), None);
    }

    #[test]
    fn durations_use_eight_hour_days() {
        assert_eq!(jira_duration(12 * 3600), "1d 4h");
        assert_eq!(jira_duration(2 * 3600 + 1800), "2h 30m");
        assert_eq!(jira_duration(0), "0m");
    }
}
