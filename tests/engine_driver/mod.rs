//! The sync engine's test driver: a scripted Jira that answers a run's requests, applies its edits to an
//! in-memory vault and records everything it was asked (`Driver`), with the issues, inputs and search pages the
//! engine tests start from. Every scenario it runs is run twice (see `Driver::run`).

use jira_vault_sync::sync::{
    Action, NoteFile, NoteRef, Request, Response, RunInput, RunReport, SyncRun, default_config,
};
use serde_json::{Value, json};

pub const SITE: &str = "https://example.atlassian.net";

/// An issue as Jira's search answers it (Cloud: the description as ADF).
/// An issue as Jira's search answers it (Cloud: the description as ADF).
pub fn issue(id: u32, key: &str, summary: &str, status: &str, updated: &str) -> Value {
    json!({
        "id": id.to_string(), "key": key,
        "fields": {
            "summary": summary, "status": {"name": status}, "issuetype": {"name": "Task"},
            "project": {"key": "OPS"}, "labels": [], "updated": updated,
            "description": {"type": "doc", "version": 1, "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": format!("About {summary}.")}]}
            ]}
        }
    })
}

/// A sync run's input for the test site with these notes and remembered state.
/// A sync run's input for the test site with these notes and remembered state.
pub fn input(notes: Vec<NoteFile>, state: Value) -> RunInput {
    let mut config = default_config();
    config.fields.retain(|f| !matches!(f.jira, jira_vault_sync::sync::JiraField::Custom(_)));
    // The states these tests start from were written without link properties (see `links_input`).
    config.issue_links.enabled = false;
    config.sites = serde_json::from_value(json!([{ "baseUrl": SITE, "projects": [{ "key": "OPS" }] }])).expect("site");
    serde_json::from_value(json!({
        "config": config, "siteUrl": SITE, "deployment": "cloud", "state": state,
        "notes": notes, "now": "2025-06-10T08:30:00Z", "runId": "abc", "mode": {"kind": "sync"}
    }))
    .expect("input")
}

/// Answers requests from a script; records everything the engine asked for.
#[derive(Clone)]
pub struct Driver {
    /// Every request, edit and question of the run, in order.
    pub log: Vec<String>,
    /// The vault.
    pub files: std::collections::BTreeMap<String, String>,
    /// The `Date` header of every answer: Jira's clock, 5 minutes behind the machine's `now` by default.
    pub date: String,
    /// The JQL of every search.
    pub jql: Vec<String>,
    /// Answers go in as JSON text (`handle_response_json`, as the wasm driver's do) rather than as `Response`s.
    text_answers: bool,
}

impl Driver {
    /// A driver whose vault holds `notes`.
    /// A driver whose vault holds `notes`.
    pub fn new(notes: &[NoteFile]) -> Self {
        Self {
            log: Vec::new(),
            files: notes.iter().map(|n| (n.path.clone(), n.content.clone())).collect(),
            date: "Tue, 10 Jun 2025 08:25:00 GMT".into(),
            jql: Vec::new(),
            text_answers: false,
        }
    }

    fn answer(&self, r: &Request, search: &Value) -> Response {
        let body = match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/rest/api/3/myself") => {
                json!({"accountId": "a1", "displayName": "Alice", "timeZone": "Europe/Berlin"})
            }
            ("GET", "/rest/api/3/issueLinkType") => json!({"issueLinkTypes": [
                {"id": "10000", "name": "Blocks", "inward": "is blocked by", "outward": "blocks"}
            ]}),
            ("POST", "/rest/api/3/search/jql") => search.clone(),
            ("POST", "/rest/api/3/issue") => json!({"id": "900", "key": "OPS-900"}),
            ("POST", "/rest/api/3/issue/bulk") => {
                json!({"issues": [{"id": "900", "key": "OPS-900"}, {"id": "901", "key": "OPS-901"}], "errors": []})
            }
            (m, p) => panic!("unexpected request {m} {p}"),
        };
        Response { id: r.id, status: 200, body, error: None, date: Some(self.date.clone()) }
    }

    /// Runs `input` to its end. Every scenario runs a second time with its notes handed in only when the run
    /// asks for them (`notesLater`) and its answers as JSON text (an issue page's rich text read from the text),
    /// on a copy of this driver: the same requests, edits, vault and report.
    pub fn run(&mut self, input: RunInput, search: &Value) -> RunReport {
        let mut later = self.clone();
        later.text_answers = true;
        let mut late = input.clone();
        let notes = (std::mem::take(&mut late.notes), std::mem::take(&mut late.note_refs));
        late.notes_later = true;
        // Asked for before the search only when the run recovers creates in doubt or has no search.
        let early = !input.journal.creates.is_empty() || input.mode.only_paths().is_some();
        let late_report = later.drive_notes_later(SyncRun::new(late), search, notes);
        let report = self.drive(SyncRun::new(input), search);
        let asked = later.log.iter().position(|l| l == "notes");
        if let Some(at) = asked {
            let searched = later.log[..at].iter().any(|l| l.ends_with("/search/jql"));
            assert!(searched || report.fatal.is_some() || early, "notes asked for before the search: {:?}", later.log);
            later.log.remove(at);
        } else {
            assert!(report.fatal.is_some(), "a run that did not stop never asked for its notes: {:?}", later.log);
        }
        // Notes whose fingerprint the state did not record are read when they come in: later, but the same ones.
        let (late_reads, late_log): (Vec<String>, Vec<String>) =
            later.log.iter().cloned().partition(|l| l.starts_with("read "));
        let (reads, log): (Vec<String>, Vec<String>) = self.log.iter().cloned().partition(|l| l.starts_with("read "));
        assert_eq!(late_log, log, "notes later: other requests or edits");
        assert_eq!(late_reads, reads, "notes later: other notes read");
        assert_eq!(later.files, self.files, "notes later: another vault");
        assert_eq!(later.jql, self.jql, "notes later: other searches");
        assert_eq!(late_report, report, "notes later: another report");
        report
    }

    /// Drives `run` to its end with every note handed in up front.
    /// Drives `run` to its end with every note handed in up front.
    pub fn drive(&mut self, run: SyncRun, search: &Value) -> RunReport {
        self.drive_notes_later(run, search, Default::default())
    }

    /// Drives `run`, handing in `notes` (with their text, by fingerprint) when it asks for them
    /// ([`Action::Notes`]).
    pub fn drive_notes_later(
        &mut self,
        mut run: SyncRun,
        search: &Value,
        mut notes: (Vec<NoteFile>, Vec<NoteRef>),
    ) -> RunReport {
        loop {
            match run.poll() {
                Action::Requests { requests } => {
                    for r in requests {
                        self.log.push(format!("{} {}", r.method, r.path));
                        if let Some(jql) = r.body.as_ref().and_then(|b| b.get("jql")).and_then(Value::as_str) {
                            self.jql.push(jql.to_owned());
                        }
                        let response = self.answer(&r, search);
                        if self.text_answers {
                            let text = serde_json::to_string(&response).expect("response text");
                            run.handle_response_json(&text).expect("answered");
                        } else {
                            run.handle_response(response);
                        }
                    }
                }
                Action::Edits { edits } => {
                    for e in edits {
                        self.log.push(format!("edit {}", e.path));
                        crate::common::apply_edit(&mut self.files, &mut run, e);
                    }
                }
                Action::SaveJournal { journal } => {
                    self.log.push(format!("journal {}", journal.creates.len()));
                    run.journal_saved();
                }
                Action::ZoneOffsets { time_zone, instants } => {
                    self.log.push(format!("zone {time_zone} {}", instants.join(",")));
                    run.handle_zone_offsets(&vec![120; instants.len()]);
                }
                Action::ReadNotes { paths } => {
                    self.log.push(format!("read {}", paths.join(", ")));
                    let notes =
                        paths.iter().filter_map(|p| self.files.get(p).map(|c| NoteFile::new(p.clone(), c.clone())));
                    run.handle_notes(notes.collect());
                }
                Action::Notes => {
                    self.log.push("notes".to_owned());
                    run.add_notes(std::mem::take(&mut notes.0)).expect("notes welcome when asked for");
                    run.add_note_refs(std::mem::take(&mut notes.1)).expect("refs welcome when asked for");
                }
                Action::Done => return run.finish(),
            }
        }
    }
}

/// A search answer holding `issues`, the last page.
pub fn page(issues: Vec<Value>) -> Value {
    json!({ "issues": issues, "isLast": true })
}
