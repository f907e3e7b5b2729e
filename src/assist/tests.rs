//! The detect pipeline end to end in the core: prepare a request for a realistic note, read scripted answers.

use super::*;

fn hints() -> SiteHints {
    SiteHints {
        default_project: Some("OPS".into()),
        issue_type: String::new(),
        priorities: ["Highest", "High", "Medium", "Low", "Lowest"].map(String::from).to_vec(),
        assignable: vec![
            AssignableUser { account_id: "acc-anna".into(), display_name: "Anna Schmidt".into() },
            AssignableUser { account_id: "acc-ravi".into(), display_name: "Ravi Patel".into() },
        ],
        owners: vec![Owner { key: "database".into(), user: "Ravi Patel".into() }],
        projects: Vec::new(),
    }
}

const NOTE: &str = "---\ntitle: Incident review 2026-11-30\nsalary_band: L7\nprivate: false\n---\n# Timeline\n\
09:12 Payments latency alarm fired.\n09:30 Ravi found the connection pool exhausted; we should raise the pool size and add an alert on saturation.\n\
%% Anna thinks the vendor is at fault, do not share %%\n- [ ] Write the customer update\n\
Deploy token used during the fix: ghp_16C7e42F292c6912E7710c838347Ae178B4a\n";

fn input(window: usize) -> PrepareInput {
    PrepareInput {
        detect: DetectInput { path: "Incidents/2026-11-30.md".into(), text: NOTE.into(), lines: None, hints: hints() },
        privacy: PrivacyPolicy {
            allowed_folders: vec!["Incidents".into()],
            private_keys: vec!["private".into(), "salary_band".into()],
        },
        model: ModelSettings { model: "llama3.1:8b".into(), context_window: window, output: OutputMode::JsonSchema },
    }
}

fn completion(content: &str) -> String {
    serde_json::json!({"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}).to_string()
}

#[test]
fn the_request_holds_numbered_filtered_lines_and_never_private_text() {
    let prepared = prepare_detect(&input(8192)).expect("prepared");
    let body = serde_json::to_string(&prepared.request).expect("json");
    assert!(body.contains("8| 09:30 Ravi found the connection pool exhausted"));
    assert!(body.contains("Lines already handled (do not repeat them): 10"));
    assert!(body.contains("Highest, High, Medium, Low, Lowest"));
    for private in ["vendor is at fault", "ghp_16C7e42F", "L7", "salary_band"] {
        assert!(!body.contains(private), "{private} leaked");
    }
    assert_eq!(prepared.removed, Removed { private_keys: 2, comments: 1, secrets: 1 });
    assert_eq!(prepared.template, "detect-tasks@1");
    assert_eq!(prepared.rule_candidates.len(), 1);
    assert!(prepared.tokens.prompt + prepared.tokens.answer <= 8192);
    assert_eq!(prepared.left_out, None);
}

#[test]
fn lines_that_do_not_fit_are_reported_and_a_tiny_window_is_an_error() {
    let mut big = input(2048);
    big.detect.text = format!("{NOTE}{}", "More discussion about the rollout plan and its risks.\n".repeat(400));
    let prepared = prepare_detect(&big).expect("prepared");
    let (from, to) = prepared.left_out.expect("some lines left out");
    assert!(from > 12 && to >= 400);
    assert!(prepared.tokens.prompt + prepared.tokens.answer <= 2048, "{:?}", prepared.tokens);
    assert!(matches!(prepare_detect(&input(300)), Err(PrepareError::WindowTooSmall { .. })));
}

#[test]
fn an_excluded_note_makes_no_request() {
    let mut other = input(8192);
    other.detect.path = "Journal/2026-11-30.md".into();
    assert!(matches!(prepare_detect(&other), Err(PrepareError::Refused(Refusal::FolderNotAllowed { .. }))));
}

#[test]
fn a_valid_answer_becomes_checked_candidates() {
    let answer = r#"{"tasks": [
        {"summary": "Raise the payments connection pool size", "description": "Pool exhausted at 09:30.", "line": 8, "priority": "High", "assignee": "Ravi", "labels": ["database"], "estimate": "2h"},
        {"summary": "Add an alert on pool saturation", "description": "", "line": 8, "priority": "P0", "assignee": "Someone Else", "labels": ["monitoring alerts"], "estimate": "soon"},
        {"summary": "Write the customer update", "description": "", "line": 10, "priority": null, "assignee": null, "labels": [], "estimate": null},
        {"summary": "Invented", "description": "", "line": 99, "priority": null, "assignee": null, "labels": [], "estimate": null}
    ]}"#;
    let read = read_detect_answer(&AnswerInput { prepare: input(8192), body: completion(answer) }).expect("read");
    assert_eq!(read.candidates.len(), 2, "{:?}", read.candidates);
    let first = &read.candidates[0];
    assert_eq!(first.origin, Origin::Model);
    assert_eq!(first.priority.as_deref(), Some("High"));
    assert_eq!(first.assignee.as_ref().map(|a| a.account_id.as_str()), Some("acc-ravi"));
    assert_eq!(first.estimate.as_deref(), Some("2h"));
    assert_eq!(first.project.as_deref(), Some("OPS"));
    let second = &read.candidates[1];
    assert_eq!((second.priority.clone(), second.estimate.clone()), (None, None));
    assert_eq!(second.labels, vec!["monitoring-alerts".to_owned()]);
    assert_eq!(read.warnings.len(), 4, "{:?}", read.warnings);
}

#[test]
fn malformed_answers_are_clear_errors_and_schema_errors_are_repairable() {
    let read = |body: String| read_detect_answer(&AnswerInput { prepare: input(8192), body });
    let wrong = read(completion(r#"{"tasks": [{"title": "x"}]}"#)).expect_err("schema");
    assert!(wrong.repairable() && wrong.to_string().contains("summary"), "{wrong}");
    let prose = read(completion("I found two tasks: fix the pool and write an update.")).expect_err("no json");
    assert_eq!(prose, AnswerError::NoJson);
    let many = format!(r#"{{"tasks": [{}]}}"#, vec![r#"{"summary": "x", "line": 8}"#; MAX_TASKS + 1].join(","));
    assert!(matches!(read(completion(&many)), Err(AnswerError::Schema { .. })));
    assert!(matches!(read("upstream timeout".into()), Err(AnswerError::NotJson { .. })));
    let fenced = read(completion("```json\n{\"tasks\": [{\"summary\": \"Raise the pool size\", \"line\": 8}]}\n```"))
        .expect("fenced");
    assert_eq!(fenced.candidates.len(), 1);
    let repaired = repair_request(&prepare_detect(&input(8192)).expect("prepared").request, "nope", &prose.to_string());
    assert_eq!(repaired.messages.last().map(|m| m.role.as_str()), Some("user"));
}

#[test]
fn durations_follow_jira() {
    for ok in ["2h", "1d 4h", "30m", "1w 2d", "1.5h"] {
        assert!(is_jira_duration(ok), "{ok}");
    }
    for bad in ["", "soon", "2 hours", "1h 2h", "0h", "h"] {
        assert!(!is_jira_duration(bad), "{bad}");
    }
}
