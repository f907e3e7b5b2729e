//! The automation rules inside the sans-IO engine, driven by a scripted Jira: the rules run after the merge and
//! before the push, so a note edit and a rule's field change on the same issue go out in one `PUT` and the note
//! shows the rule's value at once; a run that died after journalling its rule writes has them sent by the next
//! run only where Jira does not hold them. End-to-end behaviour against the simulator lives in `tests/e2e/`.

mod common;

use jira_vault_sync::sync::{
    Action, Journal, NoteFile, Request, Response, RunInput, RunReport, SyncRun, default_config,
};
use serde_json::{Value, json};

const SITE: &str = "https://example.atlassian.net";
const NOTE: &str = "Jira/OPS/OPS-1 Fix login.md";
const RULE: &str = "```jira-rule\nname: Tag edits\nwhen: body-changed\nthen:\n  - add: {labels: [edited]}\n```\n";

fn doc(text: &str) -> Value {
    json!({"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}]})
}

/// A scripted Jira holding one issue, `OPS-1`, that takes `PUT`s.
#[derive(Clone)]
struct Jira {
    description: Value,
    labels: Vec<String>,
    /// Method, path and body of every request.
    log: Vec<(String, String, Option<Value>)>,
    files: std::collections::BTreeMap<String, String>,
    /// Stop driving once the engine asked for its journal to be saved this many times (a crash).
    die_after_journal: Option<usize>,
}

impl Jira {
    fn new() -> Self {
        Self {
            description: doc("About Fix login."),
            labels: Vec::new(),
            log: Vec::new(),
            files: Default::default(),
            die_after_journal: None,
        }
    }

    fn issue(&self) -> Value {
        json!({
            "id": "1", "key": "OPS-1",
            "fields": {
                "summary": "Fix login", "status": {"name": "To Do"}, "issuetype": {"name": "Task"},
                "project": {"key": "OPS"}, "labels": self.labels, "updated": "2025-06-10T10:00:00.000+0200",
                "description": self.description
            }
        })
    }

    fn answer(&mut self, r: &Request, pulled: bool) -> Response {
        self.log.push((r.method.clone(), r.path.clone(), r.body.clone()));
        let body = match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/rest/api/3/myself") => {
                json!({"accountId": "a1", "displayName": "Alice", "timeZone": "Europe/Berlin"})
            }
            ("POST", "/rest/api/3/search/jql") if pulled => json!({"issues": [self.issue()], "isLast": true}),
            ("POST", "/rest/api/3/search/jql") => json!({"issues": [], "isLast": true}),
            ("GET", "/rest/api/3/issue/1") => self.issue(),
            ("PUT", "/rest/api/3/issue/1") => {
                let body = r.body.clone().unwrap_or_default();
                if let Some(d) = body.pointer("/fields/description") {
                    self.description = d.clone();
                }
                if let Some(Value::Array(l)) = body.pointer("/fields/labels") {
                    self.labels = l.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
                }
                for op in body.pointer("/update/labels").and_then(Value::as_array).into_iter().flatten() {
                    if let Some(l) = op.get("add").and_then(Value::as_str) {
                        if !self.labels.iter().any(|x| x == l) {
                            self.labels.push(l.to_owned());
                        }
                    }
                }
                self.issue()
            }
            (m, p) => panic!("unexpected request {m} {p}"),
        };
        Response { id: r.id, status: 200, body, error: None, date: Some("Tue, 10 Jun 2025 08:25:00 GMT".into()) }
    }

    /// Drives one run; `None` when it "died" (see `die_after_journal`), with the last journal saved. Every run
    /// goes a second time with its notes handed in only when it asks for them (`notesLater`), on a copy of this
    /// Jira: the same requests, vault, journal and report.
    fn run(&mut self, input: RunInput, pulled: bool) -> (Option<RunReport>, Option<Journal>) {
        let mut later = self.clone();
        let mut late = input.clone();
        let notes = std::mem::take(&mut late.notes);
        late.notes_later = true;
        let late_out = later.drive(late, pulled, notes);
        let out = self.drive(input, pulled, Vec::new());
        assert_eq!(later.log, self.log, "notes later: other requests");
        assert_eq!(later.files, self.files, "notes later: another vault");
        assert_eq!(late_out, out, "notes later: another journal or report");
        out
    }

    /// [`run`](Self::run) once, handing in `notes` when the run asks for them.
    fn drive(
        &mut self,
        input: RunInput,
        pulled: bool,
        mut notes: Vec<NoteFile>,
    ) -> (Option<RunReport>, Option<Journal>) {
        let mut run = SyncRun::new(input);
        let (mut saved, mut journals) = (None, 0);
        loop {
            match run.poll() {
                Action::Requests { requests } => {
                    for r in requests {
                        let response = self.answer(&r, pulled);
                        run.handle_response(response);
                    }
                }
                Action::Edits { edits } => {
                    for e in edits {
                        common::apply_edit(&mut self.files, &mut run, e);
                    }
                }
                Action::SaveJournal { journal } => {
                    saved = Some(*journal);
                    journals += 1;
                    if self.die_after_journal == Some(journals) {
                        return (None, saved);
                    }
                    run.journal_saved();
                }
                Action::ZoneOffsets { instants, .. } => run.handle_zone_offsets(&vec![120; instants.len()]),
                Action::ReadNotes { paths } => {
                    let notes =
                        paths.iter().filter_map(|p| self.files.get(p).map(|c| NoteFile::new(p.clone(), c.clone())));
                    run.handle_notes(notes.collect());
                }
                Action::Notes => run.add_notes(std::mem::take(&mut notes)).expect("notes welcome when asked for"),
                Action::Done => return (Some(run.finish()), saved),
            }
        }
    }

    fn puts(&self) -> Vec<&Value> {
        self.log.iter().filter(|(m, _, _)| m == "PUT").filter_map(|(_, _, b)| b.as_ref()).collect()
    }
}

fn input(jira: &Jira, state: &Value, journal: &Journal, rules: bool, run_id: &str) -> RunInput {
    let mut config = default_config();
    config.fields.retain(|f| !matches!(f.jira, jira_vault_sync::sync::JiraField::Custom(_)));
    config.fields.push(
        serde_json::from_value(json!({"jira": "labels", "note": {"frontmatter": "labels"}, "direction": "both"}))
            .expect("labels mapping"),
    );
    config.issue_links.enabled = false;
    config.sites = serde_json::from_value(json!([{ "baseUrl": SITE, "projects": [{ "key": "OPS" }] }])).expect("site");
    let notes: Vec<NoteFile> = jira.files.iter().map(|(p, c)| NoteFile::new(p.clone(), c.clone())).collect();
    let automation = rules.then(|| json!({"rules": RULE, "dailyCap": 20, "offsetMinutes": 120, "statusSince": {}}));
    serde_json::from_value(json!({
        "config": config, "siteUrl": SITE, "deployment": "cloud", "state": state, "journal": journal,
        "notes": notes, "now": "2025-06-10T08:30:00Z", "runId": run_id, "mode": {"kind": "sync"},
        "automation": automation
    }))
    .expect("input")
}

/// OPS-1 synced, then a run with rules (the first fires nothing), then the note's body edited.
fn edited() -> (Jira, Value) {
    let mut jira = Jira::new();
    let (first, _) = jira.run(input(&jira, &json!({}), &Journal::default(), false, "r1"), true);
    let state = serde_json::to_value(first.expect("first run").state).expect("state");
    let (second, _) = jira.run(input(&jira, &state, &Journal::default(), true, "r2"), false);
    let second = second.expect("second run");
    assert_eq!(second.firings, []);
    let state = serde_json::to_value(second.state).expect("state");
    let text = jira.files[NOTE].replace("About Fix login.", "About Fix login.\n\nSteps to reproduce.");
    jira.files.insert(NOTE.into(), text);
    jira.log.clear();
    (jira, state)
}

#[test]
fn a_note_edit_and_a_rule_field_change_on_one_issue_go_out_in_one_put_and_the_note_shows_the_rule_value() {
    let (mut jira, state) = edited();
    let (report, _) = jira.run(input(&jira, &state, &Journal::default(), true, "r3"), false);
    let report = report.expect("a run");
    assert_eq!(report.firings.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(), ["Tag edits"]);
    let puts = jira.puts();
    assert_eq!(puts.len(), 1, "{:?}", jira.log);
    assert!(puts[0].pointer("/fields/description").is_some(), "{}", puts[0]);
    assert_eq!(puts[0].pointer("/update/labels"), Some(&json!([{"add": "edited"}])));
    assert_eq!(jira.labels, ["edited"]);
    assert!(jira.files[NOTE].contains("labels:\n  - edited\n") || jira.files[NOTE].contains("labels: [edited]"));
    assert!(jira.files[NOTE].contains("Steps to reproduce."));
    assert_eq!(report.journal, Journal::default());
    assert_eq!(report.exit_code(), 0, "{:?}", report.entries);

    // A replay of the same sync fires nothing and writes nothing.
    let state = serde_json::to_value(report.state).expect("state");
    jira.log.clear();
    let (again, _) = jira.run(input(&jira, &state, &Journal::default(), true, "r4"), false);
    assert_eq!(again.expect("a run").firings, []);
    assert_eq!(jira.puts().len(), 0, "{:?}", jira.log);
}

#[test]
fn the_rule_writes_are_journalled_before_the_put_and_a_dead_run_s_are_sent_once_by_the_next() {
    let (mut jira, state) = edited();
    jira.die_after_journal = Some(1);
    let (dead, journal) = jira.run(input(&jira, &state, &Journal::default(), true, "r3"), false);
    assert!(dead.is_none());
    let journal = journal.expect("a journal saved");
    assert_eq!(journal.rule_writes.len(), 1);
    assert_eq!(journal.rule_writes[0].add, *json!({"labels": ["edited"]}).as_object().expect("map"));
    assert!(journal.automation.is_some());
    assert_eq!(jira.puts().len(), 0, "nothing went out before the journal was saved");

    // The next run does not fire again, reads the label back, and sends it with the note's edit.
    jira.die_after_journal = None;
    let (next, _) = jira.run(input(&jira, &state, &journal, true, "r4"), false);
    let next = next.expect("a run");
    assert_eq!(next.firings, []);
    assert_eq!(jira.log.iter().filter(|(m, p, _)| m == "GET" && p == "/rest/api/3/issue/1").count(), 1);
    assert_eq!(jira.puts().len(), 1, "{:?}", jira.log);
    assert_eq!(jira.labels, ["edited"]);
    assert!(next.journal.rule_writes.is_empty());

    // Had the label reached Jira already, nothing is sent for it.
    let mut held = Jira::new();
    held.files = jira.files.clone();
    held.labels = vec!["edited".into()];
    let (done, _) = held.run(input(&held, &state, &journal, true, "r5"), false);
    let done = done.expect("a run");
    assert!(done.journal.rule_writes.is_empty());
    assert!(held.puts().iter().all(|p| p.pointer("/update/labels").is_none()), "{:?}", held.log);
}
