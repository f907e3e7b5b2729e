//! What crosses between the engine and its driver: requests out, responses in, vault edits out, edit outcomes
//! in. Plain data with camelCase JSON names; the driver adds the site URL, authentication and retries.
//!
//! Invariant: a request's `id` is unique within one run, and each id is answered exactly once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One note as the driver read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteFile {
    /// Vault-relative path with `/` separators.
    pub path: String,
    /// The whole text.
    pub content: String,
    /// The text's fingerprint ([`note_fingerprint`](super::note_fingerprint)), when the driver has it; the
    /// engine computes it otherwise. It must be the fingerprint of `content`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

crate::json_objects::json_object!(NoteFile { path: "path", content: "content", fingerprint: "fingerprint" = default });

impl NoteFile {
    /// A note with its text and no fingerprint.
    pub fn new(path: impl Into<String>, content: impl Into<String>) -> Self {
        Self { path: path.into(), content: content.into(), fingerprint: None }
    }
}

/// A note the driver did not read: its path and the fingerprint of its text, which the driver knows without
/// reading it (it computed it when it last read or wrote the note, and the file's size and modification time
/// have not changed since). The engine takes it as unchanged when its record for that note holds the same
/// fingerprint, and asks for the text ([`Action::ReadNotes`]) whenever it must look inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteRef {
    /// Vault-relative path with `/` separators.
    pub path: String,
    /// The fingerprint of the note's current text.
    pub fingerprint: String,
}

crate::json_objects::json_object!(NoteRef { path: "path", fingerprint: "fingerprint" });

/// One Jira REST call, as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// Answer it with [`Response`] carrying the same id.
    pub id: u32,
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// Path below the site URL, such as `/rest/api/3/search/jql`.
    pub path: String,
    /// Query parameters (values already strings).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, String>,
    /// JSON body, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

crate::json_objects::json_object!(Request {
    id: "id",
    method: "method",
    path: "path",
    query: "query" = default,
    body: "body" = default,
});

/// The answer to a [`Request`]: an HTTP status with its JSON body, or a failure without a usable response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// The request's id.
    pub id: u32,
    /// HTTP status; 0 when no response arrived (network failure, already retried by the driver).
    pub status: u16,
    /// The parsed JSON body (`null` for an empty body).
    #[serde(default)]
    pub body: Value,
    /// A readable reason when `status` is not 2xx (the driver's message: "Jira refused the token", …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The response's HTTP `Date` header, verbatim (`Tue, 10 Jun 2025 08:30:00 GMT`): Jira's clock, the only
    /// clock the positions the sync keeps (full-scan time, worklog feed start) are taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

crate::json_objects::json_object!(Response {
    id: "id",
    status: "status",
    body: "body" = default,
    error: "error" = default,
    date: "date" = default,
});

impl Response {
    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Jira's time when it answered, from the `Date` header (IMF-fixdate, RFC 9110); `None` when the header is
    /// missing or unreadable (the obsolete RFC 850 and asctime forms are not read).
    pub fn server_time(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let text = self.date.as_deref()?.trim();
        crate::date_text::parse_rfc2822(text).map(|t| t.with_timezone(&chrono::Utc))
    }
}

/// A guarded vault write: apply only if the file still holds `expected` (`None`: only if it does not exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultEdit {
    /// Vault-relative path.
    pub path: String,
    /// The content the engine planned against; `None` creates a new note.
    pub expected: Option<String>,
    /// The new content.
    pub content: String,
    /// For a move (a rule's `move-note`): the path the note moves to, its text unchanged (`content` is
    /// `expected`). The driver moves it only while it holds `expected` and nothing exists at `move_to`
    /// (Obsidian: through the file manager, so links follow); a move refused because the target exists answers
    /// [`EditOutcome::Stale`] with the note's text unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_to: Option<String>,
}

crate::json_objects::json_object!(VaultEdit {
    path: "path",
    expected: "expected",
    content: "content",
    move_to: "moveTo" = default,
});

/// How a [`VaultEdit`] went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum EditOutcome {
    /// Written.
    Applied,
    /// Not written: the file changed under the engine (or exists, for a create). `current` is its text now.
    Stale {
        /// The file's current text; `None` when it no longer exists.
        current: Option<String>,
    },
}

/// The next thing the driver must do, from [`SyncRun::poll`](super::SyncRun::poll). Variant and field names
/// are camelCase in JSON (`{"kind": "zoneOffsets", "timeZone": …}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "kind")]
pub enum Action {
    /// Send these requests (in any order, concurrently) and feed every response back.
    Requests {
        /// The requests.
        requests: Vec<Request>,
    },
    /// Apply these edits and feed every outcome back.
    Edits {
        /// The edits.
        edits: Vec<VaultEdit>,
    },
    /// Durably save this journal (the sync's crash-recovery record) before anything else, then call
    /// [`SyncRun::journal_saved`](super::SyncRun::journal_saved).
    SaveJournal {
        /// The journal to save (boxed: it is the largest action).
        journal: Box<super::Journal>,
    },
    /// Tell the engine the UTC offset (minutes east) of `time_zone` at each instant, in order, through
    /// [`SyncRun::handle_zone_offsets`](super::SyncRun::handle_zone_offsets). The core has no time zone database;
    /// it asks this for the pull's watermark date (one instant) and for worklog times.
    #[serde(rename_all = "camelCase")]
    ZoneOffsets {
        /// IANA zone name, e.g. `Europe/Berlin`.
        time_zone: String,
        /// RFC 3339 instants.
        instants: Vec<String>,
    },
    /// Read these notes (given before by fingerprint only, see [`NoteRef`]) and hand every one of them in with
    /// [`SyncRun::handle_notes`](super::SyncRun::handle_notes): their text as it is now, a note that no
    /// longer exists left out. Asked for when the engine must look inside a note (its fingerprint is not the
    /// one it recorded, its issue changed in Jira, a full scan, worklogs, ...).
    ReadNotes {
        /// Vault-relative paths, sorted.
        paths: Vec<String>,
    },
    /// Hand in the selected notes now, with [`SyncRun::add_notes`](super::SyncRun::add_notes) and
    /// [`SyncRun::add_note_refs`](super::SyncRun::add_note_refs) (in as many calls as suit the driver), then
    /// poll again. Asked for once, and only in a run whose input set
    /// [`notes_later`](super::RunInput::notes_later), at the first point the run needs them: after the pull search
    /// (before recovering creates in doubt, when the journal holds any). A run that stops before that never asks.
    Notes,
    /// The run is over: call [`SyncRun::finish`](super::SyncRun::finish).
    Done,
}

#[cfg(test)]
mod tests {
    use super::{Action, Response};

    #[test]
    fn server_time_reads_the_http_date_header() {
        let at = |date: Option<&str>| {
            let r =
                Response { id: 1, status: 200, body: serde_json::Value::Null, error: None, date: date.map(Into::into) };
            r.server_time().map(|t| t.to_rfc3339())
        };
        assert_eq!(at(Some("Tue, 10 Jun 2025 08:30:07 GMT")), Some("2025-06-10T08:30:07+00:00".into()));
        assert_eq!(at(Some(" Sun, 08 Mar 2026 10:00:00 GMT ")), Some("2026-03-08T10:00:00+00:00".into()));
        assert_eq!(at(Some("Sunday, 06-Nov-94 08:49:37 GMT")), None);
        assert_eq!(at(Some("yesterday")), None);
        assert_eq!(at(None), None);
    }

    #[test]
    fn action_fields_are_camel_case() {
        let action =
            Action::ZoneOffsets { time_zone: "Europe/Berlin".into(), instants: vec!["2025-06-10T08:00:00Z".into()] };
        let json = serde_json::to_value(&action).ok();
        let want = serde_json::json!({"kind": "zoneOffsets", "timeZone": "Europe/Berlin", "instants": ["2025-06-10T08:00:00Z"]});
        assert_eq!(json, Some(want));
    }
}
