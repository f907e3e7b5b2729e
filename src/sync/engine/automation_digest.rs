//! The `digest` action's note: each firing's digest entry becomes a line of the digest note the shell names
//! ([`DigestNote`](crate::automation::DigestNote)), under the heading of the run's local date (the text edit is
//! `automation/digest.rs`).
//!
//! Decisions and invariants:
//! - The entries of one run go out as one guarded vault edit against the text the shell read when the run
//!   started (`expected`; a missing note is created, never over an existing file), after the run's Jira actions
//!   (the rules' new state is in the journal by then, so a run that dies later never writes an entry twice; one
//!   that dies before leaves that run's entries out).
//! - A digest note changed during the run is never overwritten: the engine adds the same lines to the text the
//!   driver reports as current and tries again, at most [`TRIES`] times in all, then gives up with a warning.
//! - A digest path that is not a plain vault path, or that names a note the sync itself writes (an issue's
//!   note), is refused with a warning; the entries stay in the sync log either way.

use crate::date_text::{Date, Minutes};
use chrono::{DateTime, FixedOffset};

use super::io::EditOutcome;
use super::report::Level;
use super::run::SyncRun;
use crate::automation::{add_to_digest, digest_line};

/// The edit id of the digest note's edit (see `SyncRun::handle_edit`).
pub(super) const DIGEST_EDIT: &str = "\u{0}automation-digest";

/// How many times the digest edit is sent before a note that keeps changing is left alone.
const TRIES: u32 = 3;

/// The digest part of a run's rules.
#[derive(Debug, Default)]
pub(super) struct DigestRun {
    /// The rules' time in the user's zone (set when the rules run).
    pub at: Option<DateTime<FixedOffset>>,
    /// The entries of this run, as lines.
    lines: Vec<String>,
    /// Edits of the digest note sent so far.
    tries: u32,
}

impl SyncRun {
    /// Collects one `digest` action's entry (written by `write_digest`); `note` is the note, if any.
    pub(super) fn add_digest_entry(&mut self, key: &str, note: Option<&str>, text: &str) {
        let wanted = self.input.automation.as_ref().is_some_and(|a| a.digest.is_some());
        if let (true, Some(at)) = (wanted, self.auto.digest.at) {
            let line = digest_line(&Minutes(at.time()).to_string(), key, note, text);
            self.auto.digest.lines.push(line);
        }
    }

    /// After the rules' Jira actions: this run's entries as one guarded edit of the digest note.
    pub(super) fn write_digest(&mut self) {
        if self.auto.digest.lines.is_empty() {
            return;
        }
        let Some(note) = self.input.automation.as_ref().and_then(|a| a.digest.clone()) else { return };
        let path = note.path.trim();
        let plain = !path.is_empty()
            && !path.starts_with('/')
            && !path.contains('\\')
            && path.split('/').all(|s| !s.is_empty() && s != "..");
        let synced = self.notes.get(path).is_some_and(|n| n.key.is_some()) || self.edit_for.contains_key(path);
        if !plain || synced {
            let why = if plain { "a note the sync writes" } else { "not a vault path" };
            let msg = format!("automation: the digest note {path} is {why}, so its entries were not written");
            self.auto.digest.lines.clear();
            return self.log(Level::Warning, None, None, msg);
        }
        self.send_digest(path, note.text);
    }

    /// Sends the edit that adds this run's entries to the digest note's `current` text.
    fn send_digest(&mut self, path: &str, current: Option<String>) {
        let date = self.auto.digest.at.map(|at| Date(at.date_naive()).to_string()).unwrap_or_default();
        let text = add_to_digest(current.as_deref(), &date, &self.auto.digest.lines);
        self.auto.digest.tries += 1;
        self.edit(path, current, text, DIGEST_EDIT);
    }

    /// How the digest edit went: written, or tried again on the note's current text.
    pub(super) fn on_digest_edit(&mut self, path: &str, outcome: EditOutcome) {
        self.written.remove(path);
        let n = self.auto.digest.lines.len();
        match outcome {
            EditOutcome::Applied => {
                let entries = crate::text::count(n as u64, "entry", "entries");
                self.log(Level::Info, Some(path), None, format!("automation: {entries} added to the digest note"));
            }
            EditOutcome::Stale { current } if self.auto.digest.tries < TRIES => self.send_digest(path, current),
            EditOutcome::Stale { .. } => {
                let entries = if n == 1 { "1 entry was".to_owned() } else { format!("{n} entries were") };
                let msg = format!("automation: the digest note kept changing during the sync, so {entries} not added");
                self.log(Level::Warning, Some(path), None, msg);
            }
        }
    }
}
