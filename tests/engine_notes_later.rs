//! The engine's `notes_later` contract (`RunInput::notes_later`, `Action::Notes`): the run's first requests go
//! out before the driver hands in its notes, the run asks for them once at the first step that needs them
//! (after the pull search; before recovering creates in doubt), and notes are refused at any other time. That
//! such runs do exactly what runs given their notes up front do is checked on every scenario of
//! `engine_run.rs` and `engine_automation.rs` (each runs both ways).

use jira_vault_sync::sync::{Action, NoteFile, Response, RunInput, SyncRun, default_config};
use serde_json::{Value, json};

const SITE: &str = "https://example.atlassian.net";
const NOTE: &str = "Jira/OPS/New idea.md";

fn input(state: Value, journal: Value) -> RunInput {
    let mut config = default_config();
    config.fields.retain(|f| !matches!(f.jira, jira_vault_sync::sync::JiraField::Custom(_)));
    config.issue_links.enabled = false;
    config.sites = serde_json::from_value(json!([{ "baseUrl": SITE, "projects": [{ "key": "OPS" }] }])).expect("site");
    serde_json::from_value(json!({
        "config": config, "siteUrl": SITE, "deployment": "cloud", "state": state, "journal": journal,
        "now": "2025-06-10T08:30:00Z", "runId": "abc", "mode": {"kind": "sync"}, "notesLater": true
    }))
    .expect("input")
}

/// A state that remembers the user and a full scan, so a run sends the zone question and one search first.
fn remembered() -> Value {
    json!({
        "baseUrl": SITE,
        "myself": {"accountId": "a1", "displayName": "Alice", "timeZone": "Europe/Berlin", "fetchedAt": "2025-06-10T08:00:00Z"},
        "watermark": "2025-06-10T09:00:00.000+0200",
        "lastFullScan": "2025-06-10T07:00:00Z"
    })
}

fn ok(id: u32, body: Value) -> Response {
    Response { id, status: 200, body, error: None, date: Some("Tue, 10 Jun 2025 08:25:00 GMT".into()) }
}

/// The next action's kind and, for requests, their paths.
fn step(run: &mut SyncRun, answer: impl Fn(&str) -> Value) -> String {
    match run.poll() {
        Action::Requests { requests } => {
            let paths: Vec<String> = requests.iter().map(|r| format!("{} {}", r.method, r.path)).collect();
            for r in requests {
                run.handle_response(ok(r.id, answer(&r.path)));
            }
            paths.join(", ")
        }
        Action::ZoneOffsets { instants, .. } => {
            run.handle_zone_offsets(&vec![120; instants.len()]);
            "zone".into()
        }
        Action::Notes => "notes".into(),
        Action::Done => "done".into(),
        other => format!("{other:?}"),
    }
}

fn empty_search(_: &str) -> Value {
    json!({"issues": [], "isLast": true})
}

#[test]
fn the_search_goes_out_before_the_notes_come_and_notes_are_welcome_only_when_asked_for() {
    let mut run = SyncRun::new(input(remembered(), json!({})));
    assert_eq!(step(&mut run, empty_search), "zone");
    assert!(run.add_notes(vec![]).is_err(), "not asked for yet");
    assert_eq!(step(&mut run, empty_search), "POST /rest/api/3/search/jql");
    assert_eq!(step(&mut run, empty_search), "notes");
    let note = NoteFile::new(NOTE, "---\ntitle: New idea\n---\nSketch.\n");
    run.add_notes(vec![note.clone()]).expect("asked for");
    run.add_notes(vec![]).expect("in as many calls as the driver likes");
    // The key-less note handed in is created: the run planned from it.
    let mut rest = Vec::new();
    loop {
        match run.poll() {
            Action::Done => break,
            Action::SaveJournal { .. } => {
                rest.push("journal".to_owned());
                run.journal_saved();
            }
            Action::Requests { requests } => {
                for r in requests {
                    rest.push(format!("{} {}", r.method, r.path));
                    run.handle_response(ok(r.id, json!({"id": "900", "key": "OPS-900"})));
                }
            }
            Action::Edits { edits } => {
                for e in edits {
                    rest.push(format!("edit {}", e.path));
                    run.handle_edit(&e.path, jira_vault_sync::sync::EditOutcome::Applied);
                }
            }
            Action::Notes => panic!("asked twice"),
            other => panic!("unexpected {other:?}"),
        }
        assert!(run.add_notes(vec![note.clone()]).is_err(), "the ask closed with the next poll");
    }
    assert_eq!(rest.first().map(String::as_str), Some("journal"), "{rest:?}");
    assert!(rest.iter().any(|r| r == "POST /rest/api/3/issue"), "{rest:?}");
    assert_eq!(run.finish().counts.issues_created, 1);
}

#[test]
fn a_run_with_creates_in_doubt_asks_for_its_notes_before_recovering_them() {
    let journal = json!({"creates": [{"path": NOTE, "project": "OPS", "token": "jvs-abc-1"}]});
    let mut run = SyncRun::new(input(remembered(), journal));
    assert_eq!(step(&mut run, empty_search), "notes");
    run.add_notes(vec![NoteFile::new(NOTE, "---\ntitle: New idea\n---\nSketch.\n")]).expect("asked for");
    let recover = step(&mut run, empty_search);
    assert_eq!(recover, "POST /rest/api/3/search/jql", "the search for the creates' labels");
}

#[test]
fn a_run_that_stops_before_it_needs_notes_never_asks_and_keeps_its_state() {
    let mut run = SyncRun::new(input(remembered(), json!({})));
    assert_eq!(step(&mut run, empty_search), "zone");
    match run.poll() {
        Action::Requests { requests } => {
            for r in requests {
                run.handle_response(Response { id: r.id, status: 401, body: Value::Null, error: None, date: None });
            }
        }
        other => panic!("expected the search, got {other:?}"),
    }
    assert_eq!(step(&mut run, empty_search), "done");
    let report = run.finish();
    assert!(report.fatal.as_deref().is_some_and(|f| f.contains("401")), "{:?}", report.fatal);
    assert_eq!(report.state.watermark.as_deref(), Some("2025-06-10T09:00:00.000+0200"));
}
