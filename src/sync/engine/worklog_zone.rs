//! The worklog phase's time zone questions and what is read from their answers: the offset of the Jira user's
//! zone at every Jira instant involved, and at every local wall-clock time of a note's entries (its start, and
//! its end for a time range), and from those the entries' real elapsed time.
//!
//! A local time is asked about twice ([`super::Action::ZoneOffsets`]): first a day before and a day after it,
//! read as UTC (on either side of any switch near it), then at the instants those two offsets give;
//! [`wall_offset`] picks the offset from the four answers (a skipped time moves forward, a repeated time is its
//! earlier pass). Invariant: a time range's seconds are its wall-clock length less the change of offset from
//! start to end, except that a line still spelling its worklog's base keeps the base's `started` and seconds.

use crate::sort::CollectOrdered as _;
use std::collections::BTreeSet;

use chrono::{Duration, NaiveDateTime};

use super::run::SyncRun;
use super::state::WorklogBase;
use super::worklogs::{LocalWl, WlStep, instant_key, minute, round};
use crate::worklog::time::{parse_utc_instant, wall_offset};
use crate::worklog::utc_to_local;

impl SyncRun {
    pub(super) fn ask_offsets(&mut self) {
        let mut set = BTreeSet::new();
        let starts = self.state.worklogs.values().map(|b| b.started.clone());
        let starts: Vec<String> = starts.chain(self.wl.remote.values().map(|r| r.started.clone())).collect();
        for s in starts {
            if let Ok(t) = parse_utc_instant(&s) {
                set.insert(instant_key(t));
            }
        }
        // Where Jira worklogs end: a line's time range ends at the wall-clock time of that instant.
        let ends = self.state.worklogs.values().map(|b| (b.started.as_str(), b.seconds));
        for (started, seconds) in ends.chain(self.wl.remote.values().map(|r| (r.started.as_str(), r.seconds))) {
            if let Some(t) = end_instant(started, seconds) {
                set.insert(instant_key(t));
            }
        }
        for l in &self.wl.locals {
            if let Some(t) = l.entry.started_utc {
                set.insert(instant_key(t));
            }
            for wall in self.walls(l) {
                set.insert(instant_key(wall - Duration::days(1)));
                set.insert(instant_key(wall + Duration::days(1)));
            }
        }
        self.wl.instants = set.into_iter().collect();
        if let (false, Some(me)) = (self.wl.instants.is_empty(), &self.state.myself) {
            self.wl.zone_out = Some((me.time_zone.clone(), self.wl.instants.clone()));
        }
    }

    /// Answers [`super::Action::ZoneOffsets`]: one offset per instant asked, in order.
    pub(super) fn take_offsets(&mut self, offsets: &[i32]) {
        if self.wl.step == WlStep::Zones2 {
            let locals = std::mem::take(&mut self.wl.second);
            self.wl.local_offsets = locals.into_iter().zip(offsets.iter().copied()).collect_map();
            return;
        }
        let instants = std::mem::take(&mut self.wl.instants);
        self.wl.offsets = instants.into_iter().zip(offsets.iter().copied()).collect_map();
    }

    /// The local wall-clock times of an entry written without an instant: its start, and its end for a range.
    pub(super) fn walls(&self, l: &LocalWl) -> Vec<NaiveDateTime> {
        if l.entry.started_utc.is_some() {
            return Vec::new();
        }
        let start = minute(l.entry.local_start(0, self.default_start()).unwrap_or_default());
        let end = l.entry.start.and(l.entry.end).map(|e| l.entry.date.and_time(e));
        std::iter::once(start).chain(end).collect()
    }

    /// The offsets a day before and a day after a local time (read as UTC): on either side of any switch near it.
    fn around(&self, local: NaiveDateTime) -> (i32, i32) {
        (self.offset(local - Duration::days(1)), self.offset(local + Duration::days(1)))
    }

    /// The second zone question: the offset at each instant a local time can be, given the offsets around it.
    pub(super) fn ask_local_offsets(&mut self) {
        let mut instants = BTreeSet::new();
        for l in &self.wl.locals {
            for wall in self.walls(l) {
                let (before, after) = self.around(wall);
                for o in [before, after] {
                    instants.insert(instant_key(wall - Duration::minutes(i64::from(o))));
                }
            }
        }
        self.wl.second = instants.into_iter().collect();
        if let (false, Some(me)) = (self.wl.second.is_empty(), &self.state.myself) {
            self.wl.zone_out = Some((me.time_zone.clone(), self.wl.second.clone()));
        }
    }

    /// The zone's offset at a local wall-clock time (see [`wall_offset`] for the times a DST switch skips or
    /// repeats).
    pub(super) fn local_offset(&self, local: NaiveDateTime) -> i32 {
        let (before, after) = self.around(local);
        let check = |o: i32| {
            let at = instant_key(local - Duration::minutes(i64::from(o)));
            self.wl.local_offsets.get(&at).copied()
        };
        wall_offset(before, after, check(before), check(after))
    }

    /// Jira's `timeSpentSeconds` for a local entry: real elapsed time, so a time range across a DST switch
    /// counts the hour the clocks skipped or repeated (`WorklogEntry::elapsed_seconds`). A line that still
    /// spells its worklog's base (same wall-clock start and end) keeps the base's time: a worklog starting in
    /// the second pass of a repeated hour reads back as itself, not as the first pass.
    pub(super) fn spent(&self, l: &LocalWl) -> u32 {
        match (l.entry.started_utc, l.entry.start, l.entry.end) {
            (None, Some(a), Some(b)) => {
                let (a, b) = (l.entry.date.and_time(a), l.entry.date.and_time(b));
                if let Some(base) = self.spelled_base(l).filter(|x| self.base_range(x) == Some((a, b))) {
                    return round(base.seconds);
                }
                l.entry.elapsed_seconds(self.local_offset(a), self.local_offset(b))
            }
            _ => l.entry.time_spent_seconds(),
        }
    }

    /// The base of a line's worklog (by its `^wl-` id) when the line still starts where the base does.
    pub(super) fn spelled_base(&self, l: &LocalWl) -> Option<&WorklogBase> {
        let base = self.state.worklogs.get(l.entry.worklog_id.as_deref()?)?;
        (l.entry.started_utc.is_none() && self.local_of(&base.started) == Some(self.local_start(l))).then_some(base)
    }

    /// The wall-clock start and end of a base worklog in the user's zone (each with its own offset).
    fn base_range(&self, b: &WorklogBase) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let end = end_instant(&b.started, b.seconds)?;
        Some((self.local_of(&b.started)?, utc_to_local(end, self.offset(end)).ok()?))
    }

    pub(super) fn offset(&self, utc_or_local: NaiveDateTime) -> i32 {
        self.wl.offsets.get(&instant_key(utc_or_local)).copied().unwrap_or(0)
    }

    /// A Jira `started` as local wall-clock time (to the minute).
    pub(super) fn local_of(&self, started: &str) -> Option<NaiveDateTime> {
        let utc = parse_utc_instant(started).ok()?;
        utc_to_local(utc, self.offset(utc)).ok().map(minute)
    }
}

/// The instant a Jira worklog ends (its start to the minute, plus its whole minutes).
pub(super) fn end_instant(started: &str, seconds: u32) -> Option<NaiveDateTime> {
    Some(minute(parse_utc_instant(started).ok()?) + Duration::seconds(i64::from(round(seconds))))
}
