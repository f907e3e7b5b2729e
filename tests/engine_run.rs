//! The sync engine as a sans-IO state machine, driven by a scripted Jira: the call order, what a run with
//! remembered state sends (one search), the time zone question, the journal before creates, dry runs, and
//! determinism. End-to-end behaviour against the simulator lives in `tests/e2e/`.

mod common;
mod engine_driver;

use jira_vault_sync::sync::{Action, NoteFile, NoteRef, Response, RunInput, RunMode, SyncRun, note_fingerprint};
use serde_json::{Value, json};

use engine_driver::{Driver, input, issue, page};

#[test]
fn first_sync_asks_who_the_user_is_then_searches_and_writes_notes() {
    let mut d = Driver::new(&[]);
    let report = d.run(
        input(vec![], json!({})),
        &page(vec![issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200")]),
    );
    assert_eq!(d.log, ["GET /rest/api/3/myself", "POST /rest/api/3/search/jql", "edit Jira/OPS/OPS-1 Fix login.md"]);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.state.watermark.as_deref(), Some("2025-06-10T10:00:00.000+0200"));
    let note = &d.files["Jira/OPS/OPS-1 Fix login.md"];
    assert_eq!(note, "---\njira_key: OPS-1\ntitle: Fix login\ncurrent_state: pending\n---\nAbout Fix login.\n");
}

#[test]
fn a_later_sync_asks_the_zone_offset_and_sends_one_search_since_the_watermark() {
    let mut d = Driver::new(&[]);
    let first = d.run(
        input(vec![], json!({})),
        &page(vec![issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200")]),
    );
    let notes: Vec<NoteFile> = d.files.iter().map(|(p, c)| NoteFile::new(p.clone(), c.clone())).collect();
    let state = serde_json::to_value(&first.state).expect("state");
    let mut again = Driver::new(&notes);
    let mut inp = input(notes, state);
    inp.now = "2025-06-10T09:00:00Z".into();
    let report = again.run(inp, &page(vec![]));
    assert_eq!(again.log, ["zone Europe/Berlin 2025-06-10T07:59:00Z", "POST /rest/api/3/search/jql"]);
    assert_eq!(report.counts.requests, 1);
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn the_journal_is_saved_before_a_create_and_the_key_is_written_back() {
    let note = NoteFile::new("Jira/OPS/New idea.md", "---\ntitle: New idea\n---\nSketch.\n");
    let mut d = Driver::new(std::slice::from_ref(&note));
    let search = page(vec![]);
    let mut run_input = input(vec![note], json!({}));
    run_input.mode = RunMode::Notes { paths: vec!["Jira/OPS/New idea.md".into()] };
    // In notes mode the created issue is fetched by key; the scripted search answers nothing, so the engine
    // links what it can and reports the rest.
    let report = d.run(run_input, &search);
    let journal_at = d.log.iter().position(|l| l == "journal 1").expect("journal saved");
    let post_at = d.log.iter().position(|l| l == "POST /rest/api/3/issue").expect("created");
    assert!(journal_at < post_at, "{:?}", d.log);
    assert_eq!(report.counts.issues_created, 1);
    assert!(report.journal.creates.is_empty());
}

#[test]
fn a_project_note_in_the_project_folder_is_never_created_as_an_issue() {
    // A key-less note in the project's folder becomes an issue; the project note (`Jira/OPS/OPS.md`, marked
    // `jira_project_note`, see docs/projects.md) lies there too and must not.
    let project =
        NoteFile::new("Jira/OPS/OPS.md", "---\njira_project_note: OPS\nproject_name: Operations\n---\n# Operations\n");
    let idea = NoteFile::new("Jira/OPS/New idea.md", "---\ntitle: New idea\n---\nSketch.\n");
    let mut d = Driver::new(&[project.clone(), idea.clone()]);
    let report = d.run(input(vec![project.clone(), idea], json!({})), &page(vec![]));
    assert_eq!(report.counts.issues_created, 1, "{:?}", d.log);
    assert_eq!(d.log.iter().filter(|l| l.starts_with("POST /rest/api/3/issue")).count(), 1, "{:?}", d.log);
    assert_eq!(d.files["Jira/OPS/OPS.md"], project.content);
    assert_eq!(report.exit_code(), 0, "{:?}", report.entries);
}

#[test]
fn a_dry_run_sends_no_writes_edits_nothing_and_keeps_the_state() {
    let note = NoteFile::new("Jira/OPS/New idea.md", "---\ntitle: New idea\n---\n");
    let mut d = Driver::new(std::slice::from_ref(&note));
    let mut inp = input(vec![note], json!({}));
    inp.dry_run = true;
    let report = d.run(inp, &page(vec![issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200")]));
    assert!(d.log.iter().all(|l| l.starts_with("GET") || l.ends_with("/search/jql")), "{:?}", d.log);
    assert!(report.state.issues.is_empty() && report.state.watermark.is_none());
    let messages: Vec<&str> = report.entries.iter().map(|e| e.message.as_str()).collect();
    assert!(messages.contains(&"would create the note"), "{messages:?}");
    assert!(messages.contains(&"would create an issue in OPS"), "{messages:?}");
}

#[test]
fn an_unreadable_note_is_reported_and_left_alone() {
    let bad = NoteFile::new("Jira/OPS/Bad.md", "---\njira_key: OPS-1\ntitle: [unclosed\n---\n");
    let mut d = Driver::new(std::slice::from_ref(&bad));
    let report = d.run(
        input(vec![bad], json!({})),
        &page(vec![issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200")]),
    );
    assert_eq!(d.files["Jira/OPS/Bad.md"], "---\njira_key: OPS-1\ntitle: [unclosed\n---\n");
    assert_eq!(d.files.len(), 1, "no second note for OPS-1: {:?}", d.files.keys());
    assert_eq!(report.exit_code(), 1);
    assert!(
        report
            .entries
            .iter()
            .any(|e| e.path.as_deref() == Some("Jira/OPS/Bad.md") && e.message.contains("front matter"))
    );
}

#[test]
fn the_same_input_and_answers_give_the_same_report() {
    let run = || {
        let mut d = Driver::new(&[]);
        let r = d
            .run(input(vec![], json!({})), &page(vec![issue(1, "OPS-1", "A", "Done", "2025-06-10T10:00:00.000+0200")]));
        (d.log, serde_json::to_string(&r).expect("json"), d.files)
    };
    assert_eq!(run(), run());
}

#[test]
fn a_broken_status_table_stops_the_run_before_any_request() {
    let mut inp = input(vec![], json!({}));
    inp.config.statuses[1].jira_statuses = vec!["To Do".into()];
    let mut d = Driver::new(&[]);
    let report = d.run(inp, &page(vec![]));
    assert!(d.log.is_empty());
    assert_eq!(report.exit_code(), 2);
}

#[test]
fn a_site_without_projects_or_jql_refuses_before_any_request_and_says_which_setting() {
    for jql in [None, Some("  "), Some("ORDER BY key")] {
        let mut inp = input(vec![], json!({}));
        inp.config.sites[0].projects.clear();
        inp.config.sites[0].jql = jql.map(str::to_owned);
        let mut d = Driver::new(&[]);
        let report = d.run(inp, &page(vec![]));
        assert!(d.log.is_empty(), "{jql:?}: {:?}", d.log);
        assert_eq!(report.exit_code(), 2);
        let fatal = report.fatal.unwrap_or_default();
        assert!(fatal.contains("Project keys") && fatal.contains("JQL filter"), "{fatal}");
        assert!(!fatal.contains('\n'));
        assert!(report.state.watermark.is_none() && report.state.myself.is_none());
    }
    let mut only_jql = input(vec![], json!({}));
    only_jql.config.sites[0].projects.clear();
    only_jql.config.sites[0].jql = Some("assignee = currentUser()".into());
    let mut d = Driver::new(&[]);
    assert_eq!(d.run(only_jql, &page(vec![])).exit_code(), 0);
}

#[test]
fn the_full_scan_time_and_its_24_hours_are_jiras_clock_not_the_machines() {
    // Jira's clock is 5 minutes behind the machine's `now` (08:30): the full-scan time kept is Jira's.
    let mut d = Driver::new(&[]);
    let first =
        d.run(input(vec![], json!({})), &page(vec![issue(1, "OPS-1", "A", "Done", "2025-06-10T08:20:00.000+0000")]));
    assert_eq!(first.state.last_full_scan.as_deref(), Some("2025-06-10T08:25:00Z"));
    let notes: Vec<NoteFile> = d.files.iter().map(|(p, c)| NoteFile::new(p.clone(), c.clone())).collect();
    let state = serde_json::to_value(&first.state).expect("state");
    let search = page(vec![issue(1, "OPS-1", "A", "Done", "2025-06-10T08:20:00.000+0000")]);

    // 23 hours later on Jira's clock, while the machine's says two days passed: one search since the watermark.
    let mut again = Driver::new(&notes);
    again.date = "Wed, 11 Jun 2025 07:25:00 GMT".into();
    let mut inp = input(notes.clone(), state.clone());
    inp.now = "2025-06-12T08:30:00Z".into();
    let report = again.run(inp, &search);
    assert_eq!(again.jql.len(), 1, "{:?}", again.jql);
    assert!(!again.jql[0].contains("1970/01/01"), "{:?}", again.jql);
    assert_eq!(report.state.last_full_scan.as_deref(), Some("2025-06-10T08:25:00Z"));

    // 24 hours on Jira's clock, while the machine's stood still: the incremental search gives way to a full scan.
    let mut later = Driver::new(&notes);
    later.date = "Wed, 11 Jun 2025 08:25:00 GMT".into();
    let report = later.run(input(notes, state), &search);
    assert_eq!(later.jql.len(), 2, "{:?}", later.jql);
    assert!(later.jql[1].contains("1970/01/01"), "{:?}", later.jql);
    assert_eq!(report.state.last_full_scan.as_deref(), Some("2025-06-11T08:25:00Z"));
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn without_a_date_header_no_full_scan_time_is_taken_from_the_machine() {
    let mut d = Driver::new(&[]);
    d.date = String::new();
    let first =
        d.run(input(vec![], json!({})), &page(vec![issue(1, "OPS-1", "A", "Done", "2025-06-10T08:20:00.000+0000")]));
    assert_eq!(first.exit_code(), 0);
    assert_eq!(first.state.last_full_scan, None);
    assert_eq!(first.state.watermark.as_deref(), Some("2025-06-10T08:20:00.000+0000"));
}

/// A vault around one linked note: ordinary notes (one naming a key in its body, one with other front matter),
/// a note linked from outside the project folder, a key-less note in the folder, a note asking for an issue.
fn mixed_vault() -> Vec<NoteFile> {
    let note = |path: &str, content: &str| NoteFile::new(path, content);
    vec![
        note("Jira/OPS/OPS-1 Fix login.md", "---\njira_key: OPS-1\ntitle: Fix login\n---\nAbout Fix login.\n"),
        note("Work/Tickets/OPS-2 notes.md", "---\njira_key: OPS-2\ntags: [ticket]\n---\nMy notes.\n"),
        note("Jira/OPS/Draft.md", "---\ntitle: Draft\n---\nTo become an issue.\n"),
        note("Plans/Proposal.md", "---\ntitle: Proposal\njira_project: OPS\n---\nAn idea.\n"),
        note("Daily/2025-06-09.md", "---\ntags: [daily]\n---\nTalked about OPS-1 and OPS-2.\n"),
        note("Reading/Book.md", "# Book\n\nNothing to do with Jira.\n"),
    ]
}

#[test]
fn a_run_given_only_the_selected_notes_does_what_a_run_given_every_note_does() {
    let search = page(vec![
        issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200"),
        issue(2, "OPS-2", "Rotate keys", "In Progress", "2025-06-10T10:01:00.000+0200"),
    ]);
    let vault = mixed_vault();
    let mut all = Driver::new(&vault);
    let with_all = all.run(input(vault.clone(), json!({})), &search);

    let mut selected = Driver::new(&vault);
    let mut run = SyncRun::new(input(vec![], json!({})));
    let selection = run.note_selection();
    let keys = &selection.frontmatter_keys;
    let chosen: Vec<NoteFile> = vault
        .iter()
        .filter(|n| {
            let front = n.content.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")).map(|(f, _)| f);
            selection.selects_path(&n.path) || front.is_some_and(|f| keys.iter().any(|k| f.contains(k.as_str())))
        })
        .cloned()
        .collect();
    let paths: Vec<&str> = chosen.iter().map(|n| n.path.as_str()).collect();
    assert_eq!(
        paths,
        ["Jira/OPS/OPS-1 Fix login.md", "Work/Tickets/OPS-2 notes.md", "Jira/OPS/Draft.md", "Plans/Proposal.md"]
    );
    run.add_notes(chosen).expect("before the first poll");
    let with_selected = selected.drive(run, &search);
    assert_eq!(all.log, selected.log);
    assert_eq!(all.files, selected.files);
    assert_eq!(serde_json::to_value(&with_all).expect("json"), serde_json::to_value(&with_selected).expect("json"));
}

#[test]
fn notes_cannot_be_added_once_the_run_has_started() {
    let mut run = SyncRun::new(input(vec![], json!({})));
    assert!(matches!(run.poll(), Action::Requests { .. }));
    assert!(run.add_notes(mixed_vault()).is_err());
}

/// The vault and state after a first sync of OPS-1, and the note handed in by fingerprint only.
fn synced_by_fingerprint() -> (Driver, Value, Vec<NoteRef>) {
    let mut d = Driver::new(&[]);
    let first = d.run(
        input(vec![], json!({})),
        &page(vec![issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200")]),
    );
    let refs = d.files.iter().map(|(p, c)| NoteRef { path: p.clone(), fingerprint: note_fingerprint(c) }).collect();
    let state = serde_json::to_value(&first.state).expect("state");
    let mut again = Driver::new(&[]);
    again.files = d.files.clone();
    (again, state, refs)
}

#[test]
fn a_note_unchanged_on_both_sides_is_never_read() {
    let (mut d, state, refs) = synced_by_fingerprint();
    let note = d.files["Jira/OPS/OPS-1 Fix login.md"].clone();
    assert_eq!(state["issues"]["1"]["fingerprint"], json!(note_fingerprint(&note)), "the first sync records it");
    let mut inp = input(vec![], state.clone());
    inp.note_refs = refs;
    let report = d.run(inp, &page(vec![]));
    assert_eq!(d.log, ["zone Europe/Berlin 2025-06-10T07:59:00Z", "POST /rest/api/3/search/jql"]);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(serde_json::to_value(&report.state).expect("json")["issues"], state["issues"]);
}

#[test]
fn a_note_given_by_fingerprint_is_read_when_jira_changed_its_issue_and_written_against_its_text() {
    let (mut d, state, refs) = synced_by_fingerprint();
    let mut inp = input(vec![], state);
    inp.note_refs = refs;
    let report = d.run(inp, &page(vec![issue(1, "OPS-1", "Fix the login", "To Do", "2025-06-10T11:00:00.000+0200")]));
    let path = "Jira/OPS/OPS-1 Fix login.md";
    assert_eq!(
        d.log,
        [
            "zone Europe/Berlin 2025-06-10T07:59:00Z",
            "POST /rest/api/3/search/jql",
            &format!("read {path}"),
            &format!("edit {path}")
        ]
    );
    // The driver applied the edit: its expected text was the note's text, not a blind write.
    assert!(d.files[path].contains("title: Fix the login"), "{}", d.files[path]);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.counts.notes_updated, 1);
    assert_eq!(report.state.issues["1"].fingerprint.as_deref(), Some(note_fingerprint(&d.files[path]).as_str()));
}

#[test]
fn a_note_whose_fingerprint_is_not_the_recorded_one_is_read_before_anything_else() {
    let (mut d, state, _) = synced_by_fingerprint();
    let path = "Jira/OPS/OPS-1 Fix login.md";
    let mut inp = input(vec![], state);
    inp.note_refs = vec![NoteRef { path: path.into(), fingerprint: note_fingerprint("something else") }];
    let report = d.run(inp, &page(vec![]));
    assert_eq!(
        d.log,
        [&format!("read {path}"), "zone Europe/Berlin 2025-06-10T07:59:00Z", "POST /rest/api/3/search/jql"]
    );
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.state.issues["1"].fingerprint.as_deref(), Some(note_fingerprint(&d.files[path]).as_str()));
}

#[test]
fn a_note_given_by_fingerprint_that_is_gone_when_read_counts_as_deleted() {
    let (mut d, state, refs) = synced_by_fingerprint();
    d.files.clear();
    let mut inp = input(vec![], state);
    inp.note_refs = refs;
    let report = d.run(inp, &page(vec![issue(1, "OPS-1", "Fix the login", "To Do", "2025-06-10T11:00:00.000+0200")]));
    assert_eq!(d.log[2], "read Jira/OPS/OPS-1 Fix login.md");
    assert!(d.files.is_empty(), "nothing written: {:?}", d.files);
    assert!(report.state.issues["1"].detached, "{:?}", report.state.issues["1"]);
}

#[test]
fn fingerprints_recorded_for_other_field_mappings_are_not_trusted() {
    let (mut d, state, refs) = synced_by_fingerprint();
    let mut inp = input(vec![], state);
    assert!(inp.config.fields.pop().is_some());
    inp.note_refs = refs;
    d.run(inp, &page(vec![]));
    assert_eq!(d.log[0], "read Jira/OPS/OPS-1 Fix login.md");
}

#[test]
fn the_last_issue_seen_coming_back_unchanged_does_not_read_its_note() {
    let (mut d, state, refs) = synced_by_fingerprint();
    let mut inp = input(vec![], state);
    inp.note_refs = refs;
    let report = d.run(inp, &page(vec![issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200")]));
    assert_eq!(d.log, ["zone Europe/Berlin 2025-06-10T07:59:00Z", "POST /rest/api/3/search/jql"]);
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn a_full_scan_reads_every_note_given_by_fingerprint() {
    let (mut d, state, refs) = synced_by_fingerprint();
    let mut inp = input(vec![], state);
    inp.note_refs = refs;
    inp.mode = RunMode::Full;
    d.run(inp, &page(vec![issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200")]));
    assert!(d.log.contains(&"read Jira/OPS/OPS-1 Fix login.md".to_owned()), "{:?}", d.log);
}

/// `input` with link properties on (the product default for new setups).
fn links_input(notes: Vec<NoteFile>, state: Value) -> RunInput {
    let mut inp = input(notes, state);
    inp.config.issue_links.enabled = true;
    inp
}

#[test]
fn link_types_are_read_once_and_a_quiet_sync_with_links_sends_one_search_and_reads_no_note() {
    let mut linked = issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200");
    linked["fields"]["issuelinks"] =
        json!([{"id": "7", "type": {"name": "Blocks"}, "outwardIssue": {"key": "PLAT-2"}}]);
    let mut d = Driver::new(&[]);
    let first = d.run(links_input(vec![], json!({})), &page(vec![linked]));
    assert_eq!(
        d.log,
        [
            "GET /rest/api/3/myself",
            "GET /rest/api/3/issueLinkType",
            "POST /rest/api/3/search/jql",
            "edit Jira/OPS/OPS-1 Fix login.md"
        ]
    );
    let note = d.files["Jira/OPS/OPS-1 Fix login.md"].clone();
    // PLAT-2 is outside the synced projects: its plain key.
    assert!(note.contains("blocks:\n  - PLAT-2\n"), "{note}");
    let state = serde_json::to_value(&first.state).expect("state");
    assert_eq!(state["issues"]["1"]["links"], json!({"blocks": ["PLAT-2"]}));
    assert_eq!(state["linkTypes"][0]["name"], json!("Blocks"));

    let refs = d.files.iter().map(|(p, c)| NoteRef { path: p.clone(), fingerprint: note_fingerprint(c) }).collect();
    let mut again = Driver::new(&[]);
    again.files = d.files.clone();
    let mut inp = links_input(vec![], state.clone());
    inp.note_refs = refs;
    let report = again.run(inp, &page(vec![]));
    assert_eq!(again.log, ["zone Europe/Berlin 2025-06-10T07:59:00Z", "POST /rest/api/3/search/jql"]);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(serde_json::to_value(&report.state).expect("json")["issues"], state["issues"]);
}

#[test]
fn a_dry_run_or_a_run_stopped_in_the_pull_hands_back_the_remembered_state_unchanged() {
    // A remembered state with a base, the user, a watermark and a fingerprint basis, from a first sync.
    let mut d = Driver::new(&[]);
    let first = d.run(
        input(vec![], json!({})),
        &page(vec![issue(1, "OPS-1", "Fix login", "To Do", "2025-06-10T10:00:00.000+0200")]),
    );
    assert_eq!(first.state.issues.len(), 1);
    let state = serde_json::to_value(&first.state).expect("state");
    let notes: Vec<NoteFile> = d.files.iter().map(|(p, c)| NoteFile::new(p.clone(), c.clone())).collect();
    let changed = page(vec![issue(1, "OPS-1", "Fix the login", "Done", "2025-06-10T11:00:00.000+0200")]);

    let mut dry = input(notes.clone(), state.clone());
    dry.dry_run = true;
    let report = Driver::new(&notes).run(dry, &changed);
    assert_eq!(report.state, first.state, "a dry run keeps the state as it came in");

    // The search fails; the driver ends the run at once (before polling again).
    let mut run = SyncRun::new(input(notes, state));
    let requests = loop {
        match run.poll() {
            Action::Requests { requests } => break requests,
            Action::ZoneOffsets { instants, .. } => run.handle_zone_offsets(&vec![120; instants.len()]),
            _ => panic!("expected the search"),
        }
    };
    for r in requests {
        run.handle_response(Response {
            id: r.id,
            status: 401,
            body: Value::Null,
            error: Some("no".into()),
            date: None,
        });
    }
    let report = run.finish();
    assert!(report.fatal.is_some(), "{:?}", report.entries);
    assert_eq!(report.state, first.state, "a run stopped in the pull keeps the state as it came in");
}
