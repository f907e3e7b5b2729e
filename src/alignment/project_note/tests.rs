//! Project note rendering: a new note, refreshes that keep the user's text and front matter, no rewrite when
//! nothing changed, untrusted text escaped, and answers that do not read.

use serde_json::{Value, json};

use super::*;
use crate::sync::{Transition, default_config};

/// Answers shaped like the simulator's company site (Cloud): SRCH with a lead, a category, two versions and
/// two components.
fn answers() -> ProjectAnswers {
    let statuses = json!([{ "name": "To Do" }, { "name": "In Progress" }, { "name": "In Review" }, { "name": "Done" }]);
    ProjectAnswers {
        project: json!({
            "key": "SRCH", "name": "Search", "description": "Search across the shop.\n\nOwned by <b>search</b> [[team]].",
            "lead": { "displayName": "Alice Berlin", "accountId": "a1" },
            "projectCategory": { "name": "Engineering" },
            "issueTypes": [{ "name": "Task" }, { "name": "Bug" }]
        }),
        versions: json!([
            { "name": "2026.1", "releaseDate": "2026-03-31", "released": true, "archived": false },
            { "name": "2026.2", "releaseDate": "2026-06-30", "released": false, "archived": false, "description": "Q2 | search" }
        ]),
        components: json!([{ "name": "Indexer", "lead": { "displayName": "Bob Angeles" } }, { "name": "Ranking" }]),
        statuses: json!([{ "name": "Task", "statuses": statuses }, { "name": "Bug", "statuses": statuses },
            { "name": "Sub-task", "statuses": [{ "name": "To Do" }, { "name": "Blocked" }] }]),
    }
}

fn input(existing: Option<&str>) -> ProjectNoteInput {
    let mut transitions = TransitionGraph::default();
    let done = Transition { id: "31".into(), to: "Done".into(), done: true };
    transitions.learn(
        "SRCH/Task",
        "To Do",
        &[Transition { id: "11".into(), to: "In Progress".into(), done: false }, done],
    );
    ProjectNoteInput {
        key: "SRCH".into(),
        answers: answers(),
        existing: existing.map(str::to_owned),
        statuses: default_config().statuses,
        transitions,
    }
}

fn fm(text: &str) -> serde_json::Map<String, Value> {
    crate::frontmatter::parse(text).mapping.unwrap_or_default()
}

#[test]
fn a_new_note_has_the_marker_metadata_sections_and_a_place_for_the_user() {
    let out = render_project_note(&input(None));
    assert_eq!(out.problems, Vec::<String>::new());
    let text = out.text.expect("a new note");
    let front = fm(&text);
    assert_eq!(front.get(PROJECT_NOTE_KEY), Some(&json!("SRCH")));
    assert_eq!(front.get("jira_key"), None, "never an issue key");
    assert_eq!(front.get("lead"), Some(&json!("Alice Berlin")));
    assert_eq!(front.get("category"), Some(&json!("Engineering")));
    assert_eq!(front.get("components"), Some(&json!(["Indexer", "Ranking"])));
    assert_eq!(front.get("versions"), Some(&json!(["2026.1", "2026.2"])));
    assert_eq!(front.get("issue_types"), Some(&json!(["Task", "Bug"])));
    assert!(text.contains("# Search (SRCH)\n\nKey: SRCH · Lead: Alice Berlin · Category: Engineering\n"), "{text}");
    assert!(text.contains("| 2026.1 | 2026-03-31 | released |  |\n"), "{text}");
    assert!(text.contains("| 2026.2 | 2026-06-30 | unreleased | Q2 \\| search |\n"), "{text}");
    assert!(text.contains("| Indexer | Bob Angeles |  |\n"), "{text}");
    // Untrusted description: HTML and link brackets inert.
    assert!(text.contains("Owned by &lt;b&gt;search&lt;/b&gt; \\[\\[team\\]\\]."), "{text}");
    assert!(text.contains("### Task\n\n```mermaid\nstateDiagram-v2\n"), "{text}");
    assert!(text.contains("- Blocked (Sub-task)\n"), "{text}");
    assert_eq!(out.unmapped, [UnmappedStatus { status: "Blocked".into(), issue_types: vec!["Sub-task".into()] }]);
    assert!(text.ends_with(&format!("{END_MARKER}\n\n## Notes\n\n")), "{text}");
}

#[test]
fn a_refresh_keeps_the_users_text_and_front_matter_and_unchanged_means_no_write() {
    let first = render_project_note(&input(None)).text.expect("present");
    let edited = first.replacen("---\n", "---\nowner: me # mine\n", 1) + "My own plan.\n\nMore [[links]].\n";
    assert_eq!(render_project_note(&input(Some(&edited))).text, None, "nothing changed in Jira");
    // A version added in Jira: the generated part and the owned keys change, the rest stays.
    let mut more = input(Some(&edited));
    more.answers
        .versions
        .as_array_mut()
        .expect("present")
        .push(json!({ "name": "2026.3", "released": false, "archived": false }));
    let refreshed = render_project_note(&more).text.expect("rewritten");
    assert!(refreshed.contains("| 2026.3 |  | unreleased |  |\n"));
    assert!(refreshed.contains("owner: me # mine\n"));
    assert!(refreshed.ends_with("## Notes\n\nMy own plan.\n\nMore [[links]].\n"), "{refreshed}");
    assert_eq!(fm(&refreshed).get("versions"), Some(&json!(["2026.1", "2026.2", "2026.3"])));
    // Text the user wrote above the generated part stays too.
    let above = refreshed.replacen(START_MARKER, &format!("Intro.\n\n{START_MARKER}"), 1);
    let again = render_project_note(&ProjectNoteInput { existing: Some(above.clone()), ..more });
    assert_eq!(again.text, None);
    assert!(above.contains("Intro.\n\n%% jira-vault-sync"));
}

#[test]
fn missing_markers_put_the_generated_part_back_on_top_and_keep_the_rest() {
    let out = render_project_note(&input(Some("---\nowner: me\n---\nJust my text.\n"))).text.expect("present");
    assert!(out.starts_with("---\nowner: me\njira_project_note: SRCH\n"), "{out}");
    assert!(out.ends_with(&format!("{END_MARKER}\n\nJust my text.\n")), "{out}");
}

#[test]
fn a_project_jira_did_not_describe_or_broken_front_matter_leave_the_note() {
    let mut none = input(Some("keep"));
    none.answers.project = json!({ "errorMessages": ["No project could be found with key 'SRCH'."] });
    let out = render_project_note(&none);
    assert_eq!(out.text, None);
    assert_eq!(out.problems, ["Jira did not describe project SRCH; its note is left as it is"]);
    let broken = render_project_note(&input(Some("---\nowner: [me\n---\ntext\n")));
    assert_eq!(broken.text, None);
    assert!(broken.problems[0].starts_with("the project note's front matter is malformed"), "{:?}", broken.problems);
    let mut partial = input(None);
    partial.answers.versions = Value::Null;
    let out = render_project_note(&partial);
    assert!(out.text.expect("present").contains("## Versions\n\nNone.\n"));
    assert_eq!(out.problems, ["Jira did not list the versions of project SRCH"]);
}

#[test]
fn requests_name_the_four_answers_for_each_deployment() {
    let cloud = project_requests(Deployment::Cloud, "SRCH");
    assert_eq!(
        cloud.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(),
        [
            "/rest/api/3/project/SRCH",
            "/rest/api/3/project/SRCH/versions",
            "/rest/api/3/project/SRCH/components",
            "/rest/api/3/project/SRCH/statuses"
        ]
    );
    assert_eq!(cloud[0].query, [("expand".to_owned(), "description,lead,issueTypes".to_owned())]);
    assert!(
        project_requests(Deployment::Datacenter, "SRCH").iter().all(|r| r.path.starts_with("/rest/api/2/project/SRCH"))
    );
}

#[test]
fn paths_follow_the_folder_of_each_projects_issue_notes() {
    let mut config = default_config();
    config.sites = vec![crate::sync::SiteScope {
        base_url: "https://x.atlassian.net".into(),
        projects: vec![
            crate::sync::ProjectScope { key: "OPS".into(), folder: None },
            crate::sync::ProjectScope { key: "web".into(), folder: Some("/".into()) },
        ],
        jql: None,
    }];
    let paths = project_paths(&config, "https://x.atlassian.net/");
    assert_eq!(
        paths[0],
        ProjectPaths {
            key: "OPS".into(),
            folder: "Jira/OPS".into(),
            note: "Jira/OPS/OPS.md".into(),
            base: "Jira/OPS/OPS.base".into()
        }
    );
    assert_eq!((paths[1].note.as_str(), paths[1].base.as_str()), ("WEB.md", "WEB.base"));
    assert!(project_paths(&config, "https://other.example").is_empty());
}
