//! Unit tests: a clean vault gives no finding; each check, given one example, gives exactly that finding.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{FindingKind, Fix, HealthInput, HealthSite, check_health};
use crate::sync::{
    Direction, FieldMapping, IssueBase, JiraField, NoteFile, NoteTarget, ProjectScope, SiteScope, SiteState,
    SyncConfig, Transition,
};

const SITE: &str = "https://example.atlassian.net";
const EPIC: &str = "Jira/OPS/OPS-1 Incident automation.md";
const TASK: &str = "Jira/OPS/OPS-2 Runbook.md";

fn t(id: &str, to: &str) -> Transition {
    Transition { id: id.into(), to: to.into(), done: to == "Done" }
}

fn base(key: &str, path: &str, workflow: &str, status: &str, category: &str, state: &str) -> IssueBase {
    IssueBase {
        key: key.into(),
        path: path.into(),
        workflow: workflow.into(),
        status: status.into(),
        status_category: category.into(),
        values: BTreeMap::from([("current_state".to_owned(), json!(state))]).into(),
        ..IssueBase::default()
    }
}

fn note(path: &str, frontmatter: &str) -> NoteFile {
    NoteFile::new(path, format!("---\n{frontmatter}---\nBody.\n"))
}

/// A clean vault: an epic in progress and its task to do, both in the project folder, a complete workflow.
fn clean() -> HealthInput {
    let mut config = SyncConfig::default();
    config.fields.push(FieldMapping {
        jira: JiraField::Parent,
        note: NoteTarget::Frontmatter("parent".into()),
        direction: Direction::Both,
    });
    config.sites = vec![SiteScope {
        base_url: SITE.into(),
        projects: vec![ProjectScope { key: "OPS".into(), folder: None }],
        jql: None,
    }];
    let mut state = SiteState { base_url: SITE.into(), ..SiteState::default() };
    state.issues.insert("10".into(), base("OPS-1", EPIC, "OPS/Epic", "In Progress", "indeterminate", "active"));
    state.issues.insert("11".into(), base("OPS-2", TASK, "OPS/Task", "To Do", "new", "pending"));
    let g = &mut state.transitions;
    g.learn("OPS/Task", "To Do", &[t("11", "In Progress")]);
    g.learn("OPS/Task", "In Progress", &[t("21", "In Review"), t("111", "To Do")]);
    g.learn("OPS/Task", "In Review", &[t("31", "Done"), t("41", "In Progress")]);
    g.learn("OPS/Task", "Done", &[t("101", "To Do")]);
    HealthInput {
        config,
        sites: vec![HealthSite { site_url: SITE.into(), state }],
        notes: vec![
            note(EPIC, "jira_key: OPS-1\ntitle: Incident automation\ncurrent_state: active\n"),
            note(
                TASK,
                "jira_key: OPS-2\ntitle: Runbook\ncurrent_state: pending\nparent: \"[[OPS-1 Incident automation]]\"\n",
            ),
            NoteFile::new("Daily/2026-12-03.md", "---\ntags: [daily\n---\nNot a synced note.\n"),
        ],
        workflow_statuses: BTreeMap::new(),
    }
}

fn set_task(input: &mut HealthInput, frontmatter: &str) {
    input.notes[1] = note(&input.notes[1].path.clone(), frontmatter);
}

fn kinds(input: &HealthInput) -> Vec<FindingKind> {
    check_health(input).iter().map(|f| f.kind).collect()
}

#[test]
fn a_clean_vault_has_no_finding() {
    assert_eq!(check_health(&clean()), vec![]);
}

#[test]
fn a_state_in_no_mapping_is_unmapped() {
    let mut input = clean();
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: someday\n");
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::UnmappedState]);
    assert_eq!(findings[0].paths, vec![TASK]);
    assert_eq!(findings[0].key.as_deref(), Some("OPS-2"));
    assert!(findings[0].message.contains("\"someday\""), "{}", findings[0].message);
}

#[test]
fn a_state_whose_statuses_the_workflow_lacks_is_unmapped() {
    let mut input = clean();
    // The learned workflow (complete from To Do) has no "AI Processing".
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: llm_analysis\n");
    assert_eq!(kinds(&input), vec![FindingKind::UnmappedState]);
    // Jira's own status list wins over the learned transitions.
    input.workflow_statuses.insert("OPS/Task".into(), vec!["To Do".into(), "In Progress".into()]);
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: reviewing\n");
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::UnmappedState]);
    assert!(findings[0].message.contains("Task issues of OPS have no such status"), "{}", findings[0].message);
}

#[test]
fn a_state_no_learned_path_reaches_is_unreachable() {
    let mut input = clean();
    input.workflow_statuses.insert(
        "OPS/Task".into(),
        ["To Do", "In Progress", "In Review", "Done", "Validation"].map(String::from).to_vec(),
    );
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: human_review\n");
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::UnreachableState]);
    assert!(findings[0].message.contains("from \"To Do\""), "{}", findings[0].message);
    // Reachable only through Done: the sync never passes through a done status, so still unreachable.
    input.sites[0].state.transitions.learn("OPS/Task", "Done", &[t("101", "To Do"), t("102", "Validation")]);
    input.sites[0].state.transitions.learn("OPS/Task", "Validation", &[t("103", "To Do")]);
    assert_eq!(kinds(&input), vec![FindingKind::UnreachableState]);
    // Once a path exists it is fine; and a workflow not explored yet is never judged.
    input.sites[0].state.transitions.learn("OPS/Task", "In Review", &[t("31", "Done"), t("42", "Validation")]);
    assert_eq!(kinds(&input), vec![]);
    input.sites[0].state.transitions = Default::default();
    input.workflow_statuses.clear();
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: completed\n");
    assert_eq!(kinds(&input), vec![]);
}

#[test]
fn two_notes_with_one_key_are_a_duplicate() {
    let mut input = clean();
    input.notes.push(note("Jira/OPS/OPS-2 Runbook (copy).md", "jira_key: ops-2\ncurrent_state: pending\n"));
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::DuplicateKey]);
    assert_eq!(findings[0].paths, vec!["Jira/OPS/OPS-2 Runbook (copy).md", TASK]);
    assert!(findings[0].message.contains(&format!("The sync keeps {TASK} linked")), "{}", findings[0].message);
}

#[test]
fn a_note_outside_its_project_folder_can_be_moved_back() {
    let mut input = clean();
    input.notes[1].path = "Inbox/OPS-2 Runbook.md".into();
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::OutsideProjectFolder]);
    assert_eq!(findings[0].fix, Some(Fix::Move { from: "Inbox/OPS-2 Runbook.md".into(), to: TASK.into() }));
    // A note already at the destination: no fix, the message says why.
    input.notes.push(NoteFile::new(TASK, "A plain note.\n"));
    let findings = check_health(&input);
    assert_eq!(findings[0].fix, None);
    assert!(findings[0].message.contains("already there"), "{}", findings[0].message);
}

#[test]
fn a_link_property_naming_an_issue_without_note_is_missing() {
    let mut input = clean();
    let blocks = crate::alignment::link_set::LinkType {
        name: "Blocks".into(),
        inward: "is blocked by".into(),
        outward: "blocks".into(),
    };
    input.sites[0].state.link_types = Some(vec![blocks]);
    let fm = "jira_key: OPS-2\ncurrent_state: pending\nparent: \"[[OPS-1 Incident automation]]\"\n";
    // A link to a present note, and a plain key of a project out of scope: fine.
    set_task(&mut input, &format!("{fm}blocks:\n  - \"[[OPS-1 Incident automation]]\"\n  - PLAT-4\n  - later\n"));
    assert_eq!(kinds(&input), vec![]);
    // A wiki-link to a note that is not there (also unquoted), and a key of the project synced whole.
    set_task(&mut input, &format!("{fm}blocks:\n  - [[OPS-9 Gone]]\nis_blocked_by: OPS-12\n"));
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::MissingLinkTarget, FindingKind::MissingLinkTarget]);
    assert!(findings[0].message.contains("OPS-12 (is_blocked_by: OPS-12)"), "{}", findings[0].message);
    assert!(findings[1].message.contains("OPS-9 (blocks: [[OPS-9 Gone]])"), "{}", findings[1].message);
    assert_eq!(findings[0].paths, vec![TASK.to_owned()]);
    // With issue links off, link properties are ordinary front matter.
    input.config.issue_links.enabled = false;
    assert_eq!(kinds(&input), vec![]);
}

#[test]
fn a_parent_reference_without_note_is_missing() {
    let mut input = clean();
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: pending\nparent: \"[[Jira/OPS/OPS-9 Gone|old epic]]\"\n");
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::MissingParent]);
    assert!(findings[0].message.contains("OPS-9"), "{}", findings[0].message);
    // A plain key of a project synced whole should have a note too; one of a project out of scope need not.
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: pending\nparent: OPS-9\n");
    assert_eq!(kinds(&input), vec![FindingKind::MissingParent]);
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: pending\nparent: PLAT-9\n");
    assert_eq!(kinds(&input), vec![]);
    // An unquoted wiki-link (YAML reads a nested list) to a present note is fine.
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: pending\nparent: [[OPS-1]]\n");
    assert_eq!(kinds(&input), vec![]);
}

#[test]
fn a_done_parent_with_an_open_child_is_reported() {
    let mut input = clean();
    input.sites[0].state.issues.insert("10".into(), base("OPS-1", EPIC, "OPS/Epic", "Done", "done", "completed"));
    input.notes[0] = note(EPIC, "jira_key: OPS-1\ncurrent_state: completed\n");
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::DoneParentOpenChildren]);
    assert_eq!(findings[0].paths, vec![EPIC, TASK]);
    assert_eq!(findings[0].key.as_deref(), Some("OPS-1"));
    // A child whose category was never read is not judged open.
    input.sites[0].state.issues.get_mut("11").expect("task").status_category.clear();
    assert_eq!(kinds(&input), vec![]);
}

#[test]
fn a_note_marked_deleted_says_what_to_do() {
    let mut input = clean();
    set_task(&mut input, "jira_key: OPS-2\ncurrent_state: pending\njira_deleted: true\n");
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::DeletedInJira]);
    assert_eq!(findings[0].fix, None);
    assert!(findings[0].message.contains("delete the note"), "{}", findings[0].message);
}

#[test]
fn a_custom_field_the_site_lacks_is_reported_with_the_sync_words() {
    let mut input = clean();
    input.sites[0].state.unusable_fields.insert("LLM Context".into(), vec![]);
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::MissingField]);
    assert_eq!(findings[0].message, crate::sync::unusable_field_message("LLM Context", "ai_context", &[]));
    assert!(findings[0].paths.is_empty());
}

#[test]
fn unreadable_front_matter_gives_its_line_and_column() {
    let mut input = clean();
    input.notes.push(NoteFile::new("Jira/OPS/Broken.md", "---\njira_key: OPS-3\ntitle: [unclosed\n---\n"));
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::UnreadableFrontmatter]);
    assert_eq!(findings[0].paths, vec!["Jira/OPS/Broken.md"]);
    assert!(findings[0].line.is_some_and(|l| l >= 3), "{:?}", findings[0]);
    assert!(findings[0].column.is_some());
    // The same note outside the project folders still counts: its raw front matter names the key property.
    input.notes.last_mut().expect("note").path = "Elsewhere/Broken.md".into();
    assert_eq!(kinds(&input), vec![FindingKind::UnreadableFrontmatter]);
}

#[test]
fn findings_serialise_with_the_documented_names() {
    let mut input = clean();
    input.notes[1].path = "Inbox/OPS-2 Runbook.md".into();
    let json = serde_json::to_value(check_health(&input)).expect("serialises");
    assert_eq!(
        json,
        json!([{
            "kind": "outsideProjectFolder",
            "severity": "warning",
            "message": json[0]["message"].clone(),
            "paths": ["Inbox/OPS-2 Runbook.md"],
            "key": "OPS-2",
            "fix": {"kind": "move", "from": "Inbox/OPS-2 Runbook.md", "to": TASK}
        }])
    );
    let _: Value = json;
}

#[test]
fn the_notes_looked_at_are_the_sync_selection_of_every_site() {
    let mut input = clean();
    input.sites[0].state.issues.get_mut("11").expect("task").path = "Inbox/OPS-2 Runbook.md".into();
    let selection = super::health_note_selection(&input);
    assert_eq!(selection.folders, vec!["Jira/OPS"]);
    assert_eq!(selection.frontmatter_keys, vec!["jira_deleted", "jira_key", "jira_project"]);
    assert_eq!(selection.paths, vec!["Inbox/OPS-2 Runbook.md", EPIC]);
    assert!(!selection.all);
}

/// `clean()` with the epic folder layout on and OPS-2 recorded as a child of the epic OPS-1.
fn epic_layout() -> HealthInput {
    let mut input = clean();
    input.config.epic_folders = true;
    let task = input.sites[0].state.issues.get_mut("11").expect("OPS-2's base");
    task.parent = "OPS-1".into();
    task.epic = true;
    input
}

#[test]
fn with_the_epic_layout_a_child_note_outside_its_epics_folder_moves_into_it() {
    let mut input = epic_layout();
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::OutsideEpicFolder]);
    let into = "Jira/OPS/OPS-1 Incident automation/OPS-2 Runbook.md";
    assert_eq!(findings[0].fix, Some(Fix::Move { from: TASK.into(), to: into.into() }));
    assert!(findings[0].message.contains("child of the epic OPS-1"), "{}", findings[0].message);
    assert!(findings[0].message.contains("Arrange notes by epic"), "{}", findings[0].message);
    // From another epic's folder too (the sync's own rule, `target_path`).
    input.notes[1].path = "Jira/OPS/OPS-9 Old epic/OPS-2 Runbook.md".into();
    let findings = check_health(&input);
    assert_eq!(
        findings.iter().map(|f| f.fix.clone()).collect::<Vec<_>>(),
        vec![Some(Fix::Move { from: "Jira/OPS/OPS-9 Old epic/OPS-2 Runbook.md".into(), to: into.into() })]
    );
    // In its epic's folder: clean. Filed deeper by the user: left alone, as the sync leaves it.
    input.notes[1].path = into.into();
    assert_eq!(kinds(&input), vec![]);
    input.notes[1].path = "Jira/OPS/Archive/2025/OPS-2 Runbook.md".into();
    assert_eq!(kinds(&input), vec![]);
    // Outside the project's folder (finding 4): the fix goes straight into the epic's folder.
    input.notes[1].path = "Inbox/OPS-2 Runbook.md".into();
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::OutsideProjectFolder]);
    assert_eq!(findings[0].fix, Some(Fix::Move { from: "Inbox/OPS-2 Runbook.md".into(), to: into.into() }));
    assert!(findings[0].message.contains("(project OPS, epic OPS-1)"), "{}", findings[0].message);
}

#[test]
fn the_epic_folder_is_named_after_the_epic_note_as_it_is_now_and_a_taken_place_gets_no_fix() {
    let mut input = epic_layout();
    // The user renamed the epic's note: its folder follows the note (found by key), as the sync's does.
    input.notes[0].path = "Jira/OPS/Automation epic.md".into();
    let findings = check_health(&input);
    assert_eq!(
        findings[0].fix,
        Some(Fix::Move { from: TASK.into(), to: "Jira/OPS/Automation epic/OPS-2 Runbook.md".into() })
    );
    // A note already at the target: no fix, and the message says what to do.
    input.notes.push(NoteFile::new("Jira/OPS/Automation epic/OPS-2 Runbook.md", "A note of the user's.\n"));
    let findings = check_health(&input);
    assert_eq!(kinds(&input), vec![FindingKind::OutsideEpicFolder]);
    assert_eq!(findings[0].fix, None);
    assert!(findings[0].message.contains("Rename one of them"), "{}", findings[0].message);
}

#[test]
fn without_the_layout_or_an_epic_parent_no_child_note_is_judged_by_epic() {
    let mut input = epic_layout();
    input.config.epic_folders = false;
    assert_eq!(kinds(&input), vec![]);
    let mut input = epic_layout();
    input.sites[0].state.issues.get_mut("11").expect("OPS-2's base").epic = false;
    assert_eq!(kinds(&input), vec![]);
    input.notes[1].path = "Inbox/OPS-2 Runbook.md".into();
    assert_eq!(check_health(&input)[0].fix, Some(Fix::Move { from: "Inbox/OPS-2 Runbook.md".into(), to: TASK.into() }));
}
