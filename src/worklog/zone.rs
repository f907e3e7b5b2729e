//! A time zone's UTC offsets as answered by the shell, for core code outside the sync engine that needs real
//! elapsed time (e.g. [`super::reconcile`]). The core has no time zone database: the shell answers "what is
//! the offset of the zone at this instant" (with `Intl`), the core asks and reads the answers.
//!
//! Protocol: the caller passes a [`ZoneOffsets`] table (possibly empty); the core function lists the instants
//! it still lacks (e.g. [`super::reconcile::Reconciliation::zone_instants`]); the shell adds their offsets and asks again until
//! nothing is lacking (two rounds: a wall-clock time is first asked about a day before and a day after, read
//! as UTC, then at the instants those offsets give). The same questions and rule as the sync engine's worklog
//! phase: [`wall_offset`] picks a wall-clock time's offset (a skipped time moves forward, a repeated time is
//! its first pass).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDateTime};
use serde::Deserialize;

use super::time::wall_offset;

/// The key of an instant in a [`ZoneOffsets`] table and in the lists of instants asked:
/// `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds).
pub fn instant_key(t: NaiveDateTime) -> String {
    crate::date_text::UtcSeconds(t).to_string()
}

/// Offsets of the Jira user's zone (minutes east of UTC) at UTC instants, keyed by [`instant_key`]
/// (`{"2026-03-08T09:30:00Z": -480, ...}` from JavaScript). Invariant: every value is the zone's offset at its
/// key's instant; an instant missing from the table is unknown (callers then fall back to wall-clock times).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct ZoneOffsets(pub BTreeMap<String, i32>);

impl ZoneOffsets {
    /// The offset at a UTC instant, when answered.
    pub fn at(&self, utc: NaiveDateTime) -> Option<i32> {
        self.0.get(&instant_key(utc)).copied()
    }

    /// The offset of a local wall-clock time (see [`wall_offset`]), once both rounds of its questions
    /// ([`wall_questions`]) are answered.
    pub fn wall(&self, local: NaiveDateTime) -> Option<i32> {
        let (before, after) = self.around(local)?;
        let check = |o: i32| self.at(local - Duration::minutes(i64::from(o)));
        Some(wall_offset(before, after, check(before), check(after)))
    }

    /// The offsets a day before and a day after a local time read as UTC (either side of any switch near it).
    fn around(&self, local: NaiveDateTime) -> Option<(i32, i32)> {
        Some((self.at(local - Duration::days(1))?, self.at(local + Duration::days(1))?))
    }
}

/// Adds to `ask` the instants [`ZoneOffsets::wall`] still needs for a local wall-clock time: first round the
/// day before and after; once those are answered, the instants each of their offsets gives.
pub fn wall_questions(offsets: &ZoneOffsets, local: NaiveDateTime, ask: &mut BTreeSet<String>) {
    match offsets.around(local) {
        None => {
            for t in [local - Duration::days(1), local + Duration::days(1)] {
                instant_question(offsets, t, ask);
            }
        }
        Some((before, after)) => {
            for o in [before, after] {
                instant_question(offsets, local - Duration::minutes(i64::from(o)), ask);
            }
        }
    }
}

/// Adds `utc` to `ask` when the table does not have it yet.
pub fn instant_question(offsets: &ZoneOffsets, utc: NaiveDateTime, ask: &mut BTreeSet<String>) {
    if offsets.at(utc).is_none() {
        ask.insert(instant_key(utc));
    }
}
