//! The part of a site's sync state that reports read ([`ReportState`]), read straight from the state's JSON
//! text: each issue's key, note path, Jira status and the few note-side values the time report uses (summary,
//! estimates, time spent, note state), and every worklog. Everything else a stored state holds — the other
//! note-side values (the whole description among them), conflicts, local forms, fingerprints, the transition
//! graph, custom fields — is stepped over by the JSON reader without being built.
//!
//! Strings are borrowed from the JSON text wherever the text holds them verbatim (no escape), so reading a
//! state of 5,000 issues and 20,000 worklogs allocates almost nothing but the two maps.
//!
//! Invariants: for a state [`SiteState`] reads, [`ReportState`] read from the same JSON equals
//! [`ReportState::of`] that `SiteState` (tested), so every report is the same bytes whichever way the state
//! came in. Maps keep the state's order (by issue id, by worklog id). A note-side value that is not a string
//! reads as absent, as `Value::as_str` gives none for it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::sync::{IssueBase, SiteState, WorklogBase};

/// The sync state as reports read it (see the module docs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportState<'a> {
    /// Linked issues by stable id.
    pub issues: BTreeMap<Text<'a>, ReportIssue<'a>>,
    /// Jira worklogs of linked issues by worklog id.
    pub worklogs: BTreeMap<Text<'a>, ReportWorklogBase<'a>>,
}

/// One linked issue: the fields of [`IssueBase`] reports read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportIssue<'a> {
    /// The issue key at the last sync.
    pub key: Text<'a>,
    /// The note's vault path (empty: no note).
    pub path: Text<'a>,
    /// The Jira status name at the last sync.
    pub status: Text<'a>,
    /// The note-side values the time report reads.
    pub values: ReportValues<'a>,
}

/// The note-side values (by note field name, as in [`IssueBase::values`]) the time report reads; each is the
/// value's string, or `None` when absent or not a string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportValues<'a> {
    /// `title`.
    pub title: StrValue<'a>,
    /// `summary`.
    pub summary: StrValue<'a>,
    /// `estimate` (a Jira duration).
    pub estimate: StrValue<'a>,
    /// `remaining` (a Jira duration).
    pub remaining: StrValue<'a>,
    /// `time_spent` (a Jira duration).
    pub time_spent: StrValue<'a>,
    /// `current_state`, the note's state.
    pub current_state: StrValue<'a>,
}

/// One Jira worklog: the fields of [`WorklogBase`] reports read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportWorklogBase<'a> {
    /// The issue's stable id.
    pub issue_id: Text<'a>,
    /// The issue's key when the worklog was read.
    pub issue_key: Text<'a>,
    /// The author's account id (Data Center: user name).
    pub author_id: Text<'a>,
    /// The author's display name.
    pub author: Text<'a>,
    /// Jira's `started`, verbatim.
    pub started: Text<'a>,
    /// Time spent in seconds.
    pub seconds: u32,
}

crate::json_objects::json_object!(default ReportState<'a> { issues: "issues", worklogs: "worklogs" });
crate::json_objects::json_object!(default ReportIssue<'a> { key: "key", path: "path", status: "status", values: "values" });
crate::json_objects::json_object!(default ReportValues<'a> {
    title: "title",
    summary: "summary",
    estimate: "estimate",
    remaining: "remaining",
    time_spent: "time_spent",
    current_state: "current_state",
});
crate::json_objects::json_object!(default ReportWorklogBase<'a> {
    issue_id: "issueId",
    issue_key: "issueKey",
    author_id: "authorId",
    author: "author",
    started: "started",
    seconds: "seconds",
});

impl<'a> ReportState<'a> {
    /// The report view of a state already read, borrowing its strings.
    pub fn of(state: &'a SiteState) -> Self {
        Self {
            issues: state.issues.iter().map(|(id, base)| (Text::from(id.as_str()), ReportIssue::of(base))).collect(),
            worklogs: state
                .worklogs
                .iter()
                .map(|(id, w)| (Text::from(id.as_str()), ReportWorklogBase::of(w)))
                .collect(),
        }
    }
}

impl<'a> ReportIssue<'a> {
    fn of(base: &'a IssueBase) -> Self {
        let value = |k: &str| StrValue(base.values.get(k).and_then(serde_json::Value::as_str).map(Cow::Borrowed));
        Self {
            key: Text::from(base.key.as_str()),
            path: Text::from(base.path.as_str()),
            status: Text::from(base.status.as_str()),
            values: ReportValues {
                title: value("title"),
                summary: value("summary"),
                estimate: value("estimate"),
                remaining: value("remaining"),
                time_spent: value("time_spent"),
                current_state: value("current_state"),
            },
        }
    }
}

impl<'a> ReportWorklogBase<'a> {
    fn of(w: &'a WorklogBase) -> Self {
        Self {
            issue_id: Text::from(w.issue_id.as_str()),
            issue_key: Text::from(w.issue_key.as_str()),
            author_id: Text::from(w.author_id.as_str()),
            author: Text::from(w.author.as_str()),
            started: Text::from(w.started.as_str()),
            seconds: w.seconds,
        }
    }
}

/// A JSON string, borrowed from the text when the text holds it verbatim (no escape), owned otherwise.
/// Ordered and compared as its `str`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text<'a>(pub Cow<'a, str>);

impl Text<'_> {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// A note-side value read as [`serde_json::Value::as_str`] reads it: the string (borrowed as in [`Text`]), or
/// `None` for any other JSON value (which is stepped over, not built).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrValue<'a>(pub Option<Cow<'a, str>>);

impl StrValue<'_> {
    /// The string, if the value is one.
    pub fn as_str(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for StrValue<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnyVisitor;
        impl<'de> Visitor<'de> for AnyVisitor {
            type Value = StrValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(StrValue(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StrValue(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(StrValue(Some(Cow::Owned(v))))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(StrValue(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(StrValue(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(StrValue(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(StrValue(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(StrValue(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(StrValue(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(StrValue(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(StrValue(None))
            }
        }
        deserializer.deserialize_any(AnyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A state as the product stores it: every field of a base and a worklog, values of every JSON kind, escapes.
    const STATE: &str = r#"{
      "baseUrl": "https://x.atlassian.net",
      "myself": {"accountId": "u1", "displayName": "Ann", "timeZone": "Europe/Berlin", "fetchedAt": "x"},
      "watermark": "2026-03-01T10:00:00.000+0000",
      "issues": {
        "10002": {"key": "OPS-2", "path": "Jira/OPS/OPS-2 \"Quoted\".md", "updated": "x", "workflow": "OPS/Task",
          "status": "In Progress", "values": {"title": "Caf\u00e9 \"rollout\"", "estimate": "1d 2h",
          "time_spent": 3600, "labels": ["a", "b"], "body": "Long text\nwith lines", "current_state": null,
          "parent": {"key": "OPS-1"}},
          "conflict": {"title": "Other"}, "localForms": {"labels": "a, b"}, "detached": true, "fingerprint": "abc"},
        "10001": {"key": "OPS-1", "path": "", "status": "Done", "values": {"summary": "Plain", "remaining": "2h",
          "current_state": "completed"}}
      },
      "transitions": {"scopes": {"OPS/Task": {}}},
      "worklogs": {
        "7": {"issueId": "10001", "issueKey": "OPS-1", "authorId": "u1", "author": "Ann \u00c5", "started":
          "2026-03-02T09:00:00.000+0100", "seconds": 5400, "comment": "did \"it\"", "path": "Jira/OPS/OPS-1.md"},
        "10": {"issueId": "10002", "issueKey": "OPS-2", "authorId": "u2", "author": "Bo", "started":
          "2026-03-03T09:00:00.000+0100", "seconds": 60}
      },
      "worklogSince": 5, "worklogsRead": ["10001"]
    }"#;

    #[test]
    fn reading_the_json_equals_the_view_of_the_full_state() {
        let full: SiteState = serde_json::from_str(STATE).expect("state");
        let view: ReportState<'_> = serde_json::from_str(STATE).expect("view");
        assert_eq!(view, ReportState::of(&full));
        assert_eq!(view.issues.len(), 2);
        let ops2 = &view.issues[&Text::from("10002")];
        assert_eq!(ops2.values.title.as_str(), Some("Café \"rollout\""));
        assert_eq!(ops2.values.time_spent.as_str(), None, "a number is not a duration string");
        assert_eq!(ops2.values.current_state.as_str(), None);
        assert_eq!(ops2.path.as_str(), "Jira/OPS/OPS-2 \"Quoted\".md");
        // The state's order: worklog ids sort as strings.
        let ids: Vec<&str> = view.worklogs.keys().map(Text::as_str).collect();
        assert_eq!(ids, ["10", "7"]);
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let view: ReportState<'_> = serde_json::from_str(STATE).expect("view");
        let w = &view.worklogs[&Text::from("10")];
        assert!(matches!(w.author.0, Cow::Borrowed(_)));
        assert!(matches!(view.worklogs[&Text::from("7")].author.0, Cow::Owned(_)));
    }

    #[test]
    fn a_state_that_is_not_one_is_refused() {
        assert!(serde_json::from_str::<ReportState<'_>>(r#"{"issues": []}"#).is_err());
        assert!(serde_json::from_str::<ReportState<'_>>(r#"{"worklogs": {"1": {"seconds": -1}}}"#).is_err());
        assert_eq!(serde_json::from_str::<ReportState<'_>>("{}").expect("empty"), ReportState::default());
    }
}
