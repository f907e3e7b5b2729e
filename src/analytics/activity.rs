//! The record of what automation and assistance did on a site: rule firings with each action's outcome,
//! issues created from detected tasks, and reviews of suggested field values. The shell keeps it per site in
//! the plugin folder beside the sync state (`activity-<site>.json`, atomic writes, never in notes); the
//! command line keeps its own in its state folder. The automation metric ([`super::automation`]) reads it.
//!
//! Invariants:
//! - [`record`] is a pure function: old record + new events + `now` → new record. Entries are kept in instant
//!   order (a stable sort, so entries of one instant keep the order they came in), and every entry older than
//!   [`KEEP_DAYS`] days before `now` is dropped, as are the oldest beyond [`MAX_ENTRIES`] per list: the file
//!   stays bounded whatever happens.
//! - [`parse_record`] never fails: an empty or missing file is a fresh record; a file that is not a record of
//!   this [`VERSION`] gives a fresh record and one diagnostic sentence (the next save replaces it).

use serde::Serialize;

use crate::history::Millis;

/// The version of the record this code writes.
pub const VERSION: u32 = 1;

/// How long entries are kept, in days before `now`.
pub const KEEP_DAYS: i64 = 400;

/// The most entries kept per list (the newest).
pub const MAX_ENTRIES: usize = 50_000;

/// A day in milliseconds.
const DAY_MS: i64 = 86_400_000;

/// The record (the file's JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivityRecord {
    /// [`VERSION`] when written.
    pub version: u32,
    /// Rule firings, oldest first.
    pub firings: Vec<FiringEntry>,
    /// Issues created from detected tasks, oldest first.
    pub created: Vec<CreatedEntry>,
    /// Suggestion reviews, oldest first.
    pub reviews: Vec<ReviewEntry>,
}

crate::json_objects::json_object!(default ActivityRecord {
    version: "version",
    firings: "firings",
    created: "created",
    reviews: "reviews",
});

/// New events to add to a record (the same lists as the record; any may be empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivityEvents {
    /// Rule firings.
    pub firings: Vec<FiringEntry>,
    /// Issues created from detected tasks.
    pub created: Vec<CreatedEntry>,
    /// Suggestion reviews.
    pub reviews: Vec<ReviewEntry>,
}

crate::json_objects::json_object!(default ActivityEvents {
    firings: "firings",
    created: "created",
    reviews: "reviews",
});

/// One rule firing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FiringEntry {
    /// When the run that carried it out ran (ms since the epoch).
    pub at: Millis,
    /// The rule's name.
    pub rule: String,
    /// The issue's key.
    pub key: String,
    /// Each action's kind and outcome, in the rule's order.
    pub actions: Vec<ActionEntry>,
}

crate::json_objects::json_object!(default FiringEntry { at: "at", rule: "rule", key: "key", actions: "actions" });

/// One action of a firing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActionEntry {
    /// The action's kind as the rules note names it (`move to`, `comment`, `set`, `create`, …).
    pub kind: String,
    /// How it went.
    pub outcome: ActionOutcome,
}

crate::json_objects::json_object!(default ActionEntry { kind: "kind", outcome: "outcome" });

/// How an action went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ActionOutcome {
    /// Carried out.
    #[default]
    Ok,
    /// Tried and refused (by Jira, or the note could not be changed).
    Failed,
    /// Not tried (the issue or its note was not there to act on).
    Skipped,
}

crate::json_objects::json_enum!(ActionOutcome { Ok: "ok", Failed: "failed", Skipped: "skipped" });

/// An issue created from a detected task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreatedEntry {
    /// When the issue was created (ms since the epoch).
    pub at: Millis,
    /// Its key.
    pub key: String,
    /// Who found the task.
    pub by: Detector,
}

crate::json_objects::json_object!(default CreatedEntry { at: "at", key: "key", by: "by" });

/// Who found a detected task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Detector {
    /// The built-in rules (task items, markers, mentions).
    #[default]
    Rules,
    /// The language model.
    Model,
}

crate::json_objects::json_enum!(Detector { Rules: "rules", Model: "model" });

/// A review of one suggested field value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReviewEntry {
    /// When it was reviewed (ms since the epoch).
    pub at: Millis,
    /// The issue's key.
    pub key: String,
    /// The field (`priority`, `estimate`, `assignee`, `suggestions`, …).
    pub field: String,
    /// Where the offered value came from (`model` or `history`).
    pub offered: String,
    /// What the user did with it.
    pub outcome: ReviewOutcome,
}

crate::json_objects::json_object!(default ReviewEntry {
    at: "at",
    key: "key",
    field: "field",
    offered: "offered",
    outcome: "outcome",
});

/// What the user did with a suggested value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ReviewOutcome {
    /// Taken as offered.
    #[default]
    Accepted,
    /// Taken after changing it.
    Edited,
    /// Not taken.
    Rejected,
}

crate::json_objects::json_enum!(ReviewOutcome { Accepted: "accepted", Edited: "edited", Rejected: "rejected" });

/// A record from a file's text: a fresh record and a diagnostic when the text is not a record of this version
/// (an empty text is a fresh record without one).
pub fn parse_record(text: &str) -> (ActivityRecord, Option<String>) {
    if text.trim().is_empty() {
        return (ActivityRecord { version: VERSION, ..ActivityRecord::default() }, None);
    }
    match crate::json_objects::from_str::<ActivityRecord>(text) {
        Ok(r) if r.version == VERSION => (r, None),
        Ok(r) => (
            ActivityRecord { version: VERSION, ..ActivityRecord::default() },
            Some(format!(
                "the automation activity record has version {}, not {VERSION}; a fresh one was started",
                r.version
            )),
        ),
        Err(e) => (
            ActivityRecord { version: VERSION, ..ActivityRecord::default() },
            Some(format!("the automation activity record could not be read ({e}); a fresh one was started")),
        ),
    }
}

/// `old` with `events` added, in instant order, pruned to the last [`KEEP_DAYS`] days before `now` and the
/// newest [`MAX_ENTRIES`] per list.
pub fn record(old: ActivityRecord, events: ActivityEvents, now: Millis) -> ActivityRecord {
    let since = now.saturating_sub(KEEP_DAYS * DAY_MS);
    ActivityRecord {
        version: VERSION,
        firings: merged(old.firings, events.firings, since, |e| e.at),
        created: merged(old.created, events.created, since, |e| e.at),
        reviews: merged(old.reviews, events.reviews, since, |e| e.at),
    }
}

/// `old` then `new`, entries before `since` dropped, stably sorted by instant, the newest `MAX_ENTRIES` kept.
fn merged<T>(mut old: Vec<T>, new: Vec<T>, since: Millis, at: impl Fn(&T) -> Millis) -> Vec<T> {
    old.extend(new);
    old.retain(|e| at(e) >= since);
    crate::sort::sort_by_key(&mut old, &at);
    let excess = old.len().saturating_sub(MAX_ENTRIES);
    old.drain(..excess);
    old
}

#[cfg(test)]
mod tests {
    use super::*;

    fn firing(at: Millis, rule: &str) -> FiringEntry {
        let actions = vec![ActionEntry { kind: "comment".into(), outcome: ActionOutcome::Ok }];
        FiringEntry { at, rule: rule.into(), key: "OPS-1".into(), actions }
    }

    #[test]
    fn record_orders_by_instant_and_prunes_past_the_kept_days() {
        let now = 1_733_000_000_000;
        let old = ActivityRecord {
            version: VERSION,
            firings: vec![firing(now - 401 * DAY_MS, "ancient"), firing(now - 10 * DAY_MS, "b")],
            created: vec![CreatedEntry { at: now - 500 * DAY_MS, key: "OPS-2".into(), by: Detector::Model }],
            reviews: Vec::new(),
        };
        let events = ActivityEvents {
            firings: vec![firing(now, "c"), firing(now - 20 * DAY_MS, "a"), firing(now - 400 * DAY_MS, "edge")],
            created: vec![CreatedEntry { at: now, key: "OPS-3".into(), by: Detector::Rules }],
            reviews: vec![ReviewEntry { at: now, key: "OPS-1".into(), field: "priority".into(), ..Default::default() }],
        };
        let r = record(old, events, now);
        let rules: Vec<&str> = r.firings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["edge", "a", "b", "c"]);
        assert_eq!(r.created.len(), 1);
        assert_eq!(r.created[0].key, "OPS-3");
        assert_eq!(r.reviews.len(), 1);
        // A later `now` prunes more: 15 days on, the entry 400 days old goes.
        let later = record(r.clone(), ActivityEvents::default(), now + 15 * DAY_MS);
        let rules: Vec<&str> = later.firings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["a", "b", "c"]);
    }

    #[test]
    fn record_keeps_the_newest_entries_beyond_the_cap() {
        let now = 1_733_000_000_000;
        let many = (0..MAX_ENTRIES + 3).map(|i| firing(now - i as i64, "r")).collect();
        let r = record(ActivityRecord::default(), ActivityEvents { firings: many, ..Default::default() }, now);
        assert_eq!(r.firings.len(), MAX_ENTRIES);
        assert_eq!(r.firings[0].at, now - (MAX_ENTRIES as i64 - 1));
        assert_eq!(r.firings.last().map(|f| f.at), Some(now));
    }

    #[test]
    fn a_bad_file_is_a_diagnostic_and_a_fresh_record() {
        let (r, d) = parse_record("");
        assert_eq!((r.version, d), (VERSION, None));
        for bad in ["{not json", "[1,2]", r#"{"version":7,"firings":[]}"#, r#"{"version":1,"firings":[{"at":"x"}]}"#] {
            let (r, d) = parse_record(bad);
            assert_eq!(r, ActivityRecord { version: VERSION, ..Default::default() }, "{bad}");
            assert!(d.is_some_and(|d| d.contains("fresh one was started")), "{bad}");
        }
        let text = serde_json::to_string(&record(
            ActivityRecord::default(),
            ActivityEvents { firings: vec![firing(5, "r")], ..Default::default() },
            5,
        ))
        .expect("json");
        assert_eq!(parse_record(&text).0.firings, vec![firing(5, "r")]);
    }
}
