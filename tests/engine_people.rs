//! People by name, at the engine's boundary: the user searches it asks for (path and parameters per deployment),
//! one search per name however many notes use it, the user reference it then sends, and a note that keeps the
//! name as typed. A note created with a name is created without the user and the user pushed right after.
//! The behaviour against the simulator (ambiguous and unknown names, both deployments) is in
//! `tests/e2e/people.test.ts`.

use std::collections::BTreeMap;

use jira_vault_sync::sync::{
    Action, EditOutcome, FieldMapping, JiraField, NoteFile, NoteTarget, Request, Response, RunInput, RunReport,
    SyncRun, default_config,
};
use serde_json::{Value, json};

const SITE: &str = "https://example.atlassian.net";

fn input(notes: Vec<NoteFile>, deployment: &str) -> RunInput {
    let mut config = default_config();
    config.fields.retain(|f| !matches!(f.jira, JiraField::Custom(_)));
    // People, not links: the scripted Jira answers no link type request (links: tests/engine_run.rs, e2e).
    config.issue_links.enabled = false;
    let assignee = NoteTarget::Frontmatter("assignee".into());
    config.fields.push(FieldMapping { jira: JiraField::Assignee, note: assignee, direction: Default::default() });
    config.sites = serde_json::from_value(json!([{ "baseUrl": SITE, "projects": [{ "key": "OPS" }] }])).expect("site");
    serde_json::from_value(json!({
        "config": config, "siteUrl": SITE, "deployment": deployment, "state": {},
        "notes": notes, "now": "2025-06-10T08:30:00Z", "runId": "abc", "mode": {"kind": "sync"}
    }))
    .expect("input")
}

/// Runs one sync against `answer`; returns every request, the report and the vault afterwards.
fn drive(
    notes: &[NoteFile],
    deployment: &str,
    mut answer: impl FnMut(&Request) -> Value,
) -> (Vec<Request>, RunReport, BTreeMap<String, String>) {
    let mut files: BTreeMap<String, String> = notes.iter().map(|n| (n.path.clone(), n.content.clone())).collect();
    let mut sent = Vec::new();
    let mut run = SyncRun::new(input(notes.to_vec(), deployment));
    loop {
        match run.poll() {
            Action::Requests { requests } => {
                for r in requests {
                    let body = answer(&r);
                    run.handle_response(Response { id: r.id, status: 200, body, error: None, date: None });
                    sent.push(r);
                }
            }
            Action::Edits { edits } => {
                for e in edits {
                    assert_eq!(files.get(&e.path), e.expected.as_ref(), "guarded edit of {}", e.path);
                    files.insert(e.path.clone(), e.content);
                    run.handle_edit(&e.path, EditOutcome::Applied);
                }
            }
            Action::SaveJournal { .. } => run.journal_saved(),
            Action::ZoneOffsets { instants, .. } => run.handle_zone_offsets(&vec![120; instants.len()]),
            Action::ReadNotes { paths } => {
                let notes = paths.iter().filter_map(|p| files.get(p).map(|c| NoteFile::new(p.clone(), c.clone())));
                run.handle_notes(notes.collect());
            }
            Action::Notes => unreachable!("the notes came with the input"),
            Action::Done => return (sent, run.finish(), files),
        }
    }
}

/// An issue as created from `note(path, …)`: the same summary and body (`description` in the deployment's form).
fn issue(id: &str, path: &str, assignee: Value, labels: &[&str], description: Value) -> Value {
    let key = format!("OPS-{}", id.trim_start_matches("90"));
    json!({"id": id, "key": key, "fields": {
        "summary": path, "status": {"name": "To Do"}, "issuetype": {"name": "Task"}, "project": {"key": "OPS"},
        "labels": labels, "updated": "2025-06-10T10:00:00.000+0200", "description": description, "assignee": assignee
    }})
}

fn adf_body() -> Value {
    json!({"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Body."}]}]})
}

fn note(path: &str, assignee: &str) -> NoteFile {
    NoteFile::new(path, format!("---\ntitle: {path}\nassignee: {assignee}\n---\nBody.\n"))
}

#[test]
fn names_are_searched_once_among_the_projects_assignable_users_and_sent_as_account_ids() {
    let notes = [note("Jira/OPS/One.md", "ada example"), note("Jira/OPS/Two.md", "ADA  Example")];
    let ada = json!({"accountId": "a1", "displayName": "Ada Example", "active": true});
    let lovelace = json!({"accountId": "a2", "displayName": "Ada Lovelace", "active": true});
    let mut created = 0;
    let (sent, report, files) = drive(&notes, "cloud", |r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/rest/api/3/myself") => json!({"accountId": "me", "timeZone": "UTC"}),
        ("POST", "/rest/api/3/search/jql") if created == 0 => json!({"issues": [], "isLast": true}),
        ("POST", "/rest/api/3/search/jql") => json!({"issues": [
            issue("901", "Jira/OPS/One.md", Value::Null, &["jvs-abc-1"], adf_body()),
            issue("902", "Jira/OPS/Two.md", Value::Null, &["jvs-abc-2"], adf_body())
        ], "isLast": true}),
        ("POST", "/rest/api/3/issue/bulk") => {
            created = 2;
            json!({"issues": [{"id": "901", "key": "OPS-1"}, {"id": "902", "key": "OPS-2"}], "errors": []})
        }
        ("GET", "/rest/api/3/user/assignable/search") => json!([ada, lovelace]),
        ("PUT", p) => {
            let id = p.rsplit('/').next().unwrap_or_default();
            let path = if id == "901" { "Jira/OPS/One.md" } else { "Jira/OPS/Two.md" };
            issue(id, path, json!({"accountId": "a1", "displayName": "Ada Example"}), &[], adf_body())
        }
        (m, p) => panic!("unexpected request {m} {p}"),
    });
    assert_eq!(report.fatal, None);
    assert!(report.entries.iter().all(|e| e.level != jira_vault_sync::sync::Level::Error), "{:?}", report.entries);
    // The create carries no name Jira cannot take; the user goes in the PUT after it.
    let create = sent.iter().find(|r| r.path.ends_with("/issue/bulk")).and_then(|r| r.body.clone()).expect("create");
    assert!(create.to_string().contains("\"summary\"") && !create.to_string().contains("assignee"), "{create}");
    let searches: Vec<&Request> = sent.iter().filter(|r| r.path.contains("/user/")).collect();
    assert_eq!(searches.len(), 1, "one search for one name spelled two ways");
    let q: Vec<(&str, &str)> = searches[0].query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(q, [("maxResults", "50"), ("project", "OPS"), ("query", "ada example")]);
    let puts: Vec<Value> = sent.iter().filter(|r| r.method == "PUT").filter_map(|r| r.body.clone()).collect();
    assert_eq!(puts, vec![json!({"fields": {"assignee": {"accountId": "a1"}}}); 2]);
    // The notes keep the name as typed (and got their keys).
    assert!(files["Jira/OPS/One.md"].contains("assignee: ada example\n"), "{}", files["Jira/OPS/One.md"]);
    assert!(files["Jira/OPS/Two.md"].contains("assignee: ADA  Example\n"), "{}", files["Jira/OPS/Two.md"]);
}

#[test]
fn data_center_searches_by_username_and_sends_the_username() {
    let notes = [note("Jira/OPS/One.md", "Sam Taylor")];
    let mut created = false;
    let (sent, report, _) = drive(&notes, "datacenter", |r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/rest/api/2/myself") => json!({"name": "me", "timeZone": "UTC"}),
        // The field list: read once on Data Center for the Epic Link (the child issues section is on by default).
        ("GET", "/rest/api/2/field") => json!([]),
        ("POST", "/rest/api/2/search") if !created => {
            json!({"issues": [], "total": 0, "startAt": 0, "maxResults": 100})
        }
        ("POST", "/rest/api/2/search") => {
            let created = issue("901", "Jira/OPS/One.md", Value::Null, &["jvs-abc-1"], json!("Body."));
            json!({"issues": [created], "total": 1, "startAt": 0, "maxResults": 100})
        }
        ("POST", "/rest/api/2/issue") => {
            created = true;
            json!({"id": "901", "key": "OPS-1"})
        }
        ("GET", "/rest/api/2/user/assignable/search") => json!([
            {"name": "sam.taylor", "key": "JIRAUSER10", "displayName": "Sam Taylor", "emailAddress": "sam.taylor@example.com", "active": true},
            {"name": "staylor", "key": "JIRAUSER11", "displayName": "Sam Taylor", "emailAddress": "staylor@example.com", "active": true},
        ]),
        (m, p) => panic!("unexpected request {m} {p}"),
    });
    let search = sent.iter().find(|r| r.path.contains("/user/")).expect("user search");
    assert_eq!(search.query.get("username").map(String::as_str), Some("sam taylor"));
    assert!(!sent.iter().any(|r| r.method == "PUT"), "an ambiguous name sends nothing");
    let msgs: Vec<&str> = report.entries.iter().map(|e| e.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.starts_with("assignee not sent: \"Sam Taylor\" matches 2 Jira users")), "{msgs:?}");
}
