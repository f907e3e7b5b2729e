//! Suggestions for an issue note: the history's picks, the request's content and privacy, the answer's checks.

use super::*;
use crate::history::{IssueHistory, SiteHistory};

fn done(key: &str, summary: &str, hours: i64, priority: &str, assignee: &str) -> IssueHistory {
    IssueHistory {
        id: key.to_owned(),
        key: key.to_owned(),
        summary: summary.to_owned(),
        resolved: Some(1),
        time_spent: Some(hours * 3600),
        priority: Some(priority.to_owned()),
        assignee: Some(assignee.to_owned()),
        ..Default::default()
    }
}

fn history() -> SiteHistory {
    let mut open = done("OPS-9", "Rotate the TLS certificate of the build server", 0, "Medium", "acc-anna");
    open.resolved = None;
    open.time_spent = None;
    open.labels = vec!["infra".into()];
    let issues = vec![
        done("OPS-1", "Rotate the TLS certificate of the mail relay", 2, "High", "acc-ravi"),
        done("OPS-2", "Rotate the TLS certificate of the VPN", 3, "High", "acc-ravi"),
        done("OPS-3", "Rotate TLS certificate for the payments API", 4, "Low", "acc-anna"),
        done("OPS-4", "Write the onboarding guide", 16, "Lowest", "acc-anna"),
        open,
    ];
    SiteHistory { issues: issues.into_iter().map(|i| (i.id.clone(), i)).collect(), ..Default::default() }
}

const NOTE: &str = "---\njira_key: OPS-9\nai_context: \"Builds fail on expired certs; see [[Build farm]]. token ghp_16C7e42F292c6912E7710c838347Ae178B4a\"\n\
ai_recommendations: \"old model output\"\nsalary_band: L7\n---\n# Rotate the TLS certificate of the build server\n\
The build server's certificate expires on Friday.\n%% ask Anna about the vendor %%\n";

fn input() -> SuggestInput {
    SuggestInput {
        path: "Jira/OPS/OPS-9.md".into(),
        text: NOTE.into(),
        key: "OPS-9".into(),
        hints: SiteHints {
            priorities: ["Highest", "High", "Medium", "Low", "Lowest"].map(String::from).to_vec(),
            assignable: vec![
                AssignableUser { account_id: "acc-anna".into(), display_name: "Anna Schmidt".into() },
                AssignableUser { account_id: "acc-ravi".into(), display_name: "Ravi Patel".into() },
            ],
            ..Default::default()
        },
        privacy: PrivacyPolicy { allowed_folders: vec!["Jira".into()], private_keys: vec!["salary_band".into()] },
        model: ModelSettings { model: "llama3.1:8b".into(), context_window: 8192, output: OutputMode::JsonSchema },
        context_key: "ai_context".into(),
        suggestions_key: "ai_recommendations".into(),
    }
}

fn completion(content: &str) -> String {
    serde_json::json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]})
        .to_string()
}

#[test]
fn the_history_suggests_priority_assignee_and_estimate_and_the_owner_map_comes_first() {
    let b = suggest_baseline(&history(), &input());
    assert_eq!(b.summary, "Rotate the TLS certificate of the build server");
    assert_eq!(b.estimate.as_ref().map(|e| e.jira.as_str()), Some("3h"));
    assert_eq!(b.priority.as_ref().map(|p| (p.value.as_str(), p.by.as_str())), Some(("High", "history")));
    let a = b.assignee.expect("an assignee");
    assert_eq!((a.display_name.as_str(), a.by.as_str()), ("Ravi Patel", "history"));
    let mut owned = input();
    owned.hints.owners = vec![Owner { key: "infra".into(), user: "Anna Schmidt".into() }];
    let b = suggest_baseline(&history(), &owned);
    assert_eq!(b.assignee.map(|a| (a.display_name, a.by)), Some(("Anna Schmidt".into(), "owner".into())));
    assert!(b.assignee_reason.contains("infra"));
    let empty = suggest_baseline(&SiteHistory::default(), &input());
    assert_eq!((empty.priority, empty.assignee, empty.estimate), (None, None, None));
}

#[test]
fn the_request_sends_the_context_and_the_history_but_nothing_private() {
    let i = input();
    let p = prepare_suggest(&i, &suggest_baseline(&history(), &i)).expect("a request");
    assert_eq!(p.template, "suggest-fields@1");
    let user = &p.request.messages[1].content;
    assert!(user.contains("Context chosen by the user:\nBuilds fail on expired certs; see [[Build farm]]."), "{user}");
    assert!(user.contains("OPS-2, 3h, Rotate the TLS certificate of the VPN"), "{user}");
    assert!(user.contains("Estimate from similar done issues: 3h"), "{user}");
    assert!(user.contains("| The build server's certificate expires on Friday."), "{user}");
    let body = serde_json::to_string(&p.request).expect("json");
    for never in ["ghp_16C7e42F", "old model output", "L7", "ask Anna"] {
        assert!(!body.contains(never), "{never} was sent");
    }
    assert_eq!(p.request.response_format.as_ref().map(|f| f.json_schema.name.as_str()), Some("suggest_fields"));
    let mut refused = input();
    refused.privacy.allowed_folders = vec!["Meetings".into()];
    assert!(matches!(
        prepare_suggest(&refused, &suggest_baseline(&history(), &refused)),
        Err(PrepareError::Refused(_))
    ));
}

#[test]
fn the_answer_is_checked_against_the_site() {
    let good = completion(
        r#"{"priority": "high", "estimate": "4h", "estimateReason": "The build farm has\ntwo servers.", "assignee": "Ravi",
            "assigneeReason": "He rotated the others.", "nextSteps": ["Order the certificate", "Schedule the restart"]}"#,
    );
    let s = read_suggest_answer(&input(), &good).expect("usable");
    assert_eq!(s.priority.map(|p| p.value), Some("High".into()));
    assert_eq!(
        s.estimate.as_ref().map(|e| (e.value.as_str(), e.reason.as_str())),
        Some(("4h", "The build farm has two servers."))
    );
    assert_eq!(s.assignee.map(|a| a.account_id), Some("acc-ravi".into()));
    assert_eq!(s.next_steps.len(), 2);
    assert!(s.warnings.is_empty());
    let off = completion(
        r#"{"priority": "P0", "estimate": "a while", "estimateReason": "", "assignee": "Bob", "assigneeReason": "", "nextSteps": []}"#,
    );
    let s = read_suggest_answer(&input(), &off).expect("usable");
    assert_eq!((s.priority, s.estimate, s.assignee), (None, None, None));
    assert_eq!(s.warnings.len(), 3);
    let wrong = read_suggest_answer(&input(), &completion(r#"{"priority": 3}"#)).expect_err("not the shape");
    assert!(wrong.repairable());
    let many = completion(
        &serde_json::json!({"priority": null, "estimate": null, "assignee": null, "nextSteps": vec!["x"; 6]})
            .to_string(),
    );
    assert!(read_suggest_answer(&input(), &many).expect_err("too many").repairable());
}
