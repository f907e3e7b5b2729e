//! Tests of reading Jira's answers (shapes from Atlassian's published examples, Cloud and Data Center) and of
//! the history run (full, incremental, rebuild, errors, request counts).

use serde_json::{Value, json};

use super::parse::{self, Seen};
use super::*;
use crate::sync::{Deployment, Request, Response, SyncConfig};

const CLOUD: &str = "https://acme.atlassian.net";

fn config(url: &str) -> SyncConfig {
    let mut config = crate::sync::default_config();
    config.sites = vec![crate::sync::SiteScope {
        base_url: url.to_owned(),
        projects: vec![crate::sync::ProjectScope { key: "OPS".to_owned(), folder: None }],
        jql: None,
    }];
    config
}

fn input(deployment: Deployment, history: SiteHistory) -> HistoryInput {
    HistoryInput {
        config: config(CLOUD),
        site_url: CLOUD.to_owned(),
        deployment,
        time_zone: Some("Europe/Berlin".to_owned()),
        history,
        rebuild: false,
    }
}

/// Drives a run: `answer` gets every request and returns (status, body). Returns the report and every request.
fn drive(input: HistoryInput, answer: impl Fn(&Request) -> (u16, Value)) -> (HistoryReport, Vec<Request>, Vec<String>) {
    let mut run = HistoryRun::new(input);
    let mut sent = Vec::new();
    let mut zones = Vec::new();
    for _ in 0..1000 {
        match run.poll() {
            HistoryAction::Requests { requests } => {
                for r in requests {
                    let (status, body) = answer(&r);
                    run.handle_response(Response { id: r.id, status, body, error: None, date: None });
                    sent.push(r);
                }
            }
            HistoryAction::ZoneOffsets { time_zone, instants } => {
                zones.push(format!("{time_zone} {}", instants.join(",")));
                run.handle_zone_offsets(&[60]);
            }
            HistoryAction::Done => return (run.finish(), sent, zones),
        }
    }
    panic!("the run did not end");
}

fn field_list() -> Value {
    json!([
        {"id": "summary", "name": "Summary", "custom": false},
        {"id": "customfield_10016", "name": "Story point estimate", "custom": true, "schema": {"type": "number"}},
        {"id": "customfield_10020", "name": "Sprint", "custom": true, "schema": {"type": "array", "items": "json"}},
    ])
}

fn status_list() -> Value {
    json!([
        {"id": "10000", "name": "To Do", "statusCategory": {"id": 2, "key": "new"}},
        {"id": "3", "name": "In Progress", "statusCategory": {"id": 4, "key": "indeterminate"}},
        {"id": "10001", "name": "Done", "statusCategory": {"id": 3, "key": "done"}},
    ])
}

fn cloud_issue(id: &str, key: &str, updated: &str, status: &str) -> Value {
    json!({"id": id, "key": key, "fields": {
        "summary": format!("Issue {key}"),
        "status": {"id": status, "name": "In Progress", "statusCategory": {"key": "indeterminate"}},
        "issuetype": {"name": "Story", "subtask": false},
        "project": {"key": "OPS"},
        "priority": {"name": "Medium"},
        "assignee": {"accountId": "5b10a2844c20165700ede21g", "displayName": "Mia Krystof", "timeZone": "Australia/Sydney"},
        "reporter": {"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Emma Richards"},
        "labels": ["backend"],
        "parent": {"id": "10050", "key": "OPS-1"},
        "created": "2026-03-02T09:00:00.000+0100",
        "updated": updated,
        "resolutiondate": null,
        "timeoriginalestimate": 28800,
        "timeestimate": 14400,
        "timespent": 14400,
        "customfield_10016": 5.0,
        "customfield_10020": [{"id": 7, "name": "OPS Sprint 7", "state": "active", "boardId": 3,
            "startDate": "2026-03-02T08:00:00.000Z", "endDate": "2026-03-16T08:00:00.000Z"}],
    }})
}

/// A bulk changelog answer in the published example's shape (author objects, numeric `created`).
fn bulk_answer(ids: &[&str]) -> Value {
    let logs: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({"issueId": id, "changeHistories": [
                {"id": "10001", "created": 1_772_445_600_000_i64,
                 "author": {"accountId": "5b10a2844c20165700ede21g", "displayName": "Mia Krystof", "timeZone": "Australia/Sydney"},
                 "items": [{"field": "status", "fieldId": "status", "fieldtype": "jira", "from": "10000", "fromString": "To Do", "to": "3", "toString": "In Progress"}]},
            ]})
        })
        .collect();
    json!({"issueChangeLogs": logs})
}

#[test]
fn jira_timestamps_become_millis() {
    assert_eq!(parse::jira_millis("2026-03-08T09:30:00.000+0100"), Some(1_772_958_600_000));
    assert_eq!(parse::jira_millis("2026-03-08T08:30:00.000Z"), Some(1_772_958_600_000));
    assert_eq!(parse::jira_millis("2026-03-08T08:30:00Z"), Some(1_772_958_600_000));
    assert_eq!(parse::jira_millis("2026-03-08T10:30:00.000+02:00"), Some(1_772_958_600_000));
    assert_eq!(parse::jira_millis("yesterday"), None);
}

#[test]
fn a_cloud_search_issue_is_read_with_every_field() {
    let fields = parse::parse_fields(&field_list());
    assert_eq!(fields.story_points.as_deref(), Some("customfield_10016"));
    assert_eq!(fields.sprint.as_deref(), Some("customfield_10020"));
    let mut seen = Seen::default();
    let issue =
        parse::parse_issue(&cloud_issue("10100", "OPS-7", "2026-03-08T09:30:00.000+0100", "3"), &fields, &mut seen);
    let issue = issue.expect("the issue is read");
    assert_eq!((issue.key.as_str(), issue.project.as_str(), issue.issue_type.as_str()), ("OPS-7", "OPS", "Story"));
    assert_eq!(issue.created, 1_772_438_400_000);
    assert_eq!(issue.updated, 1_772_958_600_000);
    assert_eq!(issue.assignee.as_deref(), Some("5b10a2844c20165700ede21g"));
    assert_eq!(issue.parent.as_deref(), Some("OPS-1"));
    assert_eq!(
        (issue.original_estimate, issue.remaining_estimate, issue.time_spent),
        (Some(28800), Some(14400), Some(14400))
    );
    assert_eq!(issue.story_points, Some(5.0));
    assert_eq!(issue.sprints.len(), 1);
    assert_eq!(issue.sprints[0].start, Some(1_772_438_400_000));
    assert_eq!(seen.users["5b10a2844c20165700ede21g"].zone.as_deref(), Some("Australia/Sydney"));
    assert_eq!(seen.statuses["3"].category, StatusCategory::InProgress);
}

#[test]
fn a_site_without_story_points_or_sprints_has_none() {
    let fields = parse::parse_fields(&json!([{"id": "summary", "name": "Summary", "custom": false}]));
    assert_eq!(fields, HistoryFields::default());
    assert_eq!(parse::parse_fields(&json!({"not": "a list"})), HistoryFields::default());
}

#[test]
fn a_data_center_epic_child_reads_its_epic_from_the_epic_link_field_and_fix_versions_are_read() {
    // Data Center renders no `parent` for an epic's child: its epic is the Epic Link field's key (found by type,
    // whatever the site calls it); a sub-task keeps `parent`.
    let list = json!([
        {"id": "summary", "name": "Summary", "custom": false},
        {"id": "customfield_10101", "name": "Epic-Verknüpfung", "custom": true,
         "schema": {"type": "any", "custom": "com.pyxis.greenhopper.jira:gh-epic-link", "customId": 10101}},
    ]);
    let fields = parse::parse_fields(&list);
    assert_eq!(fields.epic_link.as_deref(), Some("customfield_10101"));
    let mut seen = Seen::default();
    let issue = |key: &str, extra: Value| {
        let mut f =
            json!({"created": "2026-03-02T09:00:00.000+0100", "issuetype": {"name": "Story", "subtask": false}});
        if let (Some(o), Some(more)) = (f.as_object_mut(), extra.as_object()) {
            o.extend(more.clone());
        }
        json!({"id": key.replace("OPS-", "1"), "key": key, "fields": f})
    };
    let child = parse::parse_issue(&issue("OPS-2", json!({"customfield_10101": "OPS-1"})), &fields, &mut seen);
    assert_eq!(child.and_then(|i| i.parent).as_deref(), Some("OPS-1"));
    let sub = parse::parse_issue(
        &issue("OPS-3", json!({"parent": {"key": "OPS-2"}, "customfield_10101": null})),
        &fields,
        &mut seen,
    );
    assert_eq!(sub.and_then(|i| i.parent).as_deref(), Some("OPS-2"));
    let none = parse::parse_issue(&issue("OPS-4", json!({"customfield_10101": ""})), &fields, &mut seen);
    assert_eq!(none.map(|i| i.parent), Some(None));
    // Fix versions by name (odd entries skipped).
    let versions =
        json!({"fixVersions": [{"id": "10200", "name": "2.0", "released": false}, {"id": "1"}, 5, {"name": "2.1"}]});
    let versioned = parse::parse_issue(&issue("OPS-6", versions), &fields, &mut seen);
    assert_eq!(versioned.map(|i| i.fix_versions), Some(vec!["2.0".to_owned(), "2.1".to_owned()]));
    // Without the field known, nothing is guessed.
    let plain = parse::parse_issue(
        &issue("OPS-5", json!({"customfield_10101": "OPS-1"})),
        &HistoryFields::default(),
        &mut seen,
    );
    assert_eq!(plain.map(|i| i.parent), Some(None));
}

#[test]
fn data_center_sprint_text_is_read() {
    let text = "com.atlassian.greenhopper.service.sprint.Sprint@1a2b[id=12,rapidViewId=3,state=CLOSED,name=Sprint 4, part 2,startDate=2026-03-02T09:00:00.000+01:00,endDate=2026-03-16T09:00:00.000+01:00,completeDate=<null>,sequence=12]";
    let sprint = parse::parse_sprint(&json!(text)).expect("read");
    assert_eq!((sprint.id, sprint.name.as_str(), sprint.state.as_str()), (12, "Sprint 4, part 2", "closed"));
    assert_eq!(sprint.start, Some(1_772_438_400_000));
    assert_eq!(sprint.complete, None);
    assert_eq!(parse::parse_sprint(&json!("Sprint@x[name=no id]")), None);
}

#[test]
fn a_data_center_changelog_is_read_in_order_with_tracked_fields_only() {
    // Data Center's shape: author by key and name, display names for some fields, string times.
    let issue = json!({"id": "10200", "key": "OPS-9", "changelog": {"startAt": 0, "maxResults": 3, "total": 3, "histories": [
        {"id": "30002", "author": {"key": "JIRAUSER10100", "name": "bob", "displayName": "Bob Baker", "timeZone": "America/New_York"},
         "created": "2026-03-08T03:30:00.000-0400",
         "items": [
            {"field": "resolution", "fieldtype": "jira", "from": null, "fromString": null, "to": "10000", "toString": "Done"},
            {"field": "status", "fieldtype": "jira", "from": "3", "fromString": "In Progress", "to": "10001", "toString": "Done"}]},
        {"id": "30001", "author": {"key": "JIRAUSER10100", "name": "bob", "displayName": "Bob Baker"},
         "created": "2026-03-02T09:00:00.000+0100",
         "items": [
            {"field": "description", "fieldtype": "jira", "from": null, "fromString": "a", "to": null, "toString": "b"},
            {"field": "status", "fieldtype": "jira", "from": "10000", "fromString": "To Do", "to": "3", "toString": "In Progress"},
            {"field": "Story Points", "fieldtype": "custom", "from": null, "fromString": null, "to": null, "toString": "3"}]},
        {"id": "30003", "created": "not a time", "items": []},
        "not an object",
    ]}});
    let fields = HistoryFields { story_points: Some("customfield_10106".into()), sprint: None, epic_link: None };
    let mut seen = Seen::default();
    let (histories, complete) = parse::embedded_changelog(&issue);
    assert!(complete);
    let changes = parse::into_changes(parse::parse_histories("OPS-9", histories, &fields, &mut seen));
    let got: Vec<(Field, Option<&str>)> = changes.iter().map(|c| (c.field.clone(), c.to_string.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            (Field::Status, Some("In Progress")),
            (Field::StoryPoints, Some("3")),
            (Field::Resolution, Some("Done")),
            (Field::Status, Some("Done")),
        ]
    );
    assert_eq!(changes[0].author.as_deref(), Some("JIRAUSER10100"));
    assert_eq!(seen.users["JIRAUSER10100"].name, "Bob Baker");
    assert_eq!(seen.diagnostics.len(), 2, "{:?}", seen.diagnostics);
}

#[test]
fn the_published_bulk_fetch_example_is_read() {
    // Atlassian's example for POST /rest/api/3/changelog/bulkfetch (epoch milliseconds, an untracked field).
    let body = json!({"issueChangeLogs": [{"changeHistories": [
        {"author": {"accountId": "5b10a2844c20165700ede21g", "active": true, "displayName": "Mia Krystof", "timeZone": "Australia/Sydney"},
         "created": 1_492_070_429, "id": "10001",
         "items": [{"field": "fields", "fieldId": "fieldId", "fieldtype": "jira", "fromString": "old summary", "toString": "new summary"}]},
        {"author": {"accountId": "5b10a2844c20165700ede21g", "displayName": "Mia Krystof"},
         "created": 1_492_071_429, "id": "10002",
         "items": [{"field": "status", "fieldId": "status", "fieldtype": "jira", "from": "1", "fromString": "Open", "to": "3", "toString": "In Progress"}]}],
        "issueId": "10100"}], "nextPageToken": "UxAQBFRF"});
    let mut seen = Seen::default();
    let (by_issue, token) = parse::parse_bulk_changelogs(&body, &HistoryFields::default(), &mut seen);
    assert_eq!(token.as_deref(), Some("UxAQBFRF"));
    let changes = parse::into_changes(by_issue["10100"].clone());
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].at, changes[0].from.as_deref(), changes[0].to.as_deref()),
        (1_492_071_429, Some("1"), Some("3"))
    );
    // Odd shapes never panic.
    for odd in
        [json!(null), json!([]), json!({"issueChangeLogs": [1, {"issueId": 5, "changeHistories": [{"items": 3}]}]})]
    {
        let _ = parse::parse_bulk_changelogs(&odd, &HistoryFields::default(), &mut seen);
    }
}

#[test]
fn a_first_cloud_read_uses_search_pages_and_one_bulk_fetch_per_field_group() {
    let (report, sent, zones) = drive(input(Deployment::Cloud, SiteHistory::default()), |r| match r.path.as_str() {
        "/rest/api/3/field" => (200, field_list()),
        "/rest/api/3/status" => (200, status_list()),
        "/rest/api/3/search/jql" => {
            let body = r.body.clone().unwrap_or_default();
            if body.get("nextPageToken").is_none() {
                (
                    200,
                    json!({"issues": [cloud_issue("10100", "OPS-7", "2026-03-08T09:30:00.000+0100", "3")], "nextPageToken": "p2", "isLast": false}),
                )
            } else {
                (
                    200,
                    json!({"issues": [cloud_issue("10101", "OPS-8", "2026-03-09T09:30:00.000+0100", "10000")], "isLast": true}),
                )
            }
        }
        "/rest/api/3/changelog/bulkfetch" => {
            let body = r.body.clone().unwrap_or_default();
            assert_eq!(body["issueIdsOrKeys"], json!(["10100", "10101"]));
            let ids = body["fieldIds"].as_array().map_or(0, Vec::len);
            assert!((1..=10).contains(&ids), "{body}");
            if body["fieldIds"][0] == "status" {
                (200, bulk_answer(&["10100"]))
            } else {
                (200, json!({"issueChangeLogs": []}))
            }
        }
        other => panic!("unexpected {other}"),
    });
    assert_eq!(report.fatal, None);
    assert!(zones.is_empty(), "a full read asks no zone");
    let paths: Vec<&str> = sent.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/rest/api/3/field",
            "/rest/api/3/status",
            "/rest/api/3/search/jql",
            "/rest/api/3/search/jql",
            "/rest/api/3/changelog/bulkfetch",
            "/rest/api/3/changelog/bulkfetch"
        ]
    );
    let jql = sent[2].body.as_ref().and_then(|b| b["jql"].as_str()).unwrap_or_default();
    assert_eq!(jql, "(project in (\"OPS\")) AND updated >= \"1970/01/01 00:00\" ORDER BY updated ASC, key ASC");
    let fields = sent[2].body.as_ref().map(|b| b["fields"].clone()).unwrap_or_default();
    assert!(fields.as_array().is_some_and(|f| f.contains(&json!("customfield_10020"))));
    let h = &report.history;
    assert_eq!((h.version, h.base_url.as_str()), (HISTORY_VERSION, CLOUD));
    assert_eq!(h.watermark.as_deref(), Some("2026-03-09T09:30:00.000+0100"));
    assert_eq!(h.issues.len(), 2);
    assert_eq!(h.issues["10100"].changes.len(), 1);
    assert_eq!(h.statuses["10001"].category, StatusCategory::Done);
    assert_eq!(h.users["5b10ac8d82e05b22cc7d4ef5"].name, "Emma Richards");
    assert_eq!((report.issues, report.changes, report.requests, report.full), (2, 1, 6, true));
    assert!(report.summary().starts_with("History: 2 issues read (full, 6 requests)"), "{}", report.summary());
}

fn kept_history() -> SiteHistory {
    let (report, _, _) = drive(input(Deployment::Cloud, SiteHistory::default()), |r| match r.path.as_str() {
        "/rest/api/3/field" => (200, field_list()),
        "/rest/api/3/status" => (200, status_list()),
        "/rest/api/3/search/jql" => (
            200,
            json!({"issues": [
                cloud_issue("10100", "OPS-7", "2026-03-08T09:30:00.000+0100", "3"),
                cloud_issue("10101", "OPS-8", "2026-03-09T09:30:00.000+0100", "3"),
            ], "isLast": true}),
        ),
        _ => (200, bulk_answer(&["10100", "10101"])),
    });
    report.history
}

#[test]
fn an_incremental_read_asks_only_for_issues_updated_since_the_watermark() {
    let kept = kept_history();
    assert_eq!(kept.issues.len(), 2);
    let (report, sent, zones) = drive(input(Deployment::Cloud, kept.clone()), |r| match r.path.as_str() {
        "/rest/api/3/search/jql" => {
            let mut issue = cloud_issue("10101", "OPS-8", "2026-03-10T12:00:00.000+0100", "10001");
            issue["fields"]["resolutiondate"] = json!("2026-03-10T12:00:00.000+0100");
            (200, json!({"issues": [issue], "isLast": true}))
        }
        "/rest/api/3/changelog/bulkfetch" => {
            assert_eq!(r.body.as_ref().map(|b| b["issueIdsOrKeys"].clone()), Some(json!(["10101"])));
            (200, bulk_answer(&["10101"]))
        }
        other => panic!("unexpected {other}"),
    });
    assert_eq!(report.fatal, None);
    // The watermark 09:30 +01:00 less a minute, in the user's zone (+60 minutes, as the driver answered).
    assert_eq!(zones, ["Europe/Berlin 2026-03-09T08:29:00Z"]);
    let jql = sent[0].body.as_ref().and_then(|b| b["jql"].as_str()).unwrap_or_default().to_owned();
    assert!(jql.contains("updated >= \"2026/03/09 09:29\""), "{jql}");
    assert_eq!(sent.len(), 3, "one search page and two bulk fetches");
    let h = &report.history;
    assert_eq!(h.issues.len(), 2, "issues not re-read are kept");
    assert_eq!(h.issues["10100"], kept.issues["10100"]);
    assert_eq!(h.issues["10101"].status, "10001");
    assert!(h.issues["10101"].resolved.is_some());
    assert_eq!(h.watermark.as_deref(), Some("2026-03-10T12:00:00.000+0100"));
    assert_eq!(h.fields, kept.fields, "fields are kept, not asked again");
    assert!(!report.full);
}

#[test]
fn issues_the_reach_back_finds_unchanged_are_not_read_again() {
    let kept = kept_history();
    let (report, _, _) = drive(input(Deployment::Cloud, kept.clone()), |r| match r.path.as_str() {
        "/rest/api/3/search/jql" => (
            200,
            json!({"issues": [cloud_issue("10101", "OPS-8", "2026-03-09T09:30:00.000+0100", "3")], "isLast": true}),
        ),
        _ => (200, bulk_answer(&["10101"])),
    });
    assert_eq!(report.fatal, None);
    assert_eq!((report.issues, report.changes, report.requests), (0, 0, 1), "one search, nothing read");
    assert_eq!(report.history.issues, kept.issues);
}

#[test]
fn an_incremental_read_without_a_zone_reaches_back_a_day() {
    let mut run_input = input(Deployment::Cloud, kept_history());
    run_input.time_zone = None;
    // The day reached back returns an issue already kept as it is: it is not read again.
    let unchanged = cloud_issue("10101", "OPS-8", "2026-03-09T09:30:00.000+0100", "3");
    let (report, sent, zones) = drive(run_input, |_| (200, json!({"issues": [unchanged], "isLast": true})));
    assert_eq!(report.fatal, None);
    assert!(zones.is_empty());
    let jql = sent[0].body.as_ref().and_then(|b| b["jql"].as_str()).unwrap_or_default().to_owned();
    assert!(jql.contains("updated >= \"2026/03/08 08:29\""), "{jql}");
    assert_eq!(sent.len(), 1, "nothing updated: one request");
    assert_eq!(report.issues, 0);
    assert_eq!(report.history.watermark.as_deref(), Some("2026-03-09T09:30:00.000+0100"), "the watermark stays");
}

#[test]
fn a_rebuild_reads_everything_and_drops_issues_no_longer_in_scope() {
    let mut run_input = input(Deployment::Cloud, kept_history());
    run_input.rebuild = true;
    let (report, sent, zones) = drive(run_input, |r| match r.path.as_str() {
        "/rest/api/3/field" => (200, field_list()),
        "/rest/api/3/status" => (200, status_list()),
        "/rest/api/3/search/jql" => (
            200,
            json!({"issues": [cloud_issue("10101", "OPS-8", "2026-03-09T09:30:00.000+0100", "3")], "isLast": true}),
        ),
        _ => (200, bulk_answer(&["10101"])),
    });
    assert_eq!(report.fatal, None);
    assert!(zones.is_empty());
    assert!(sent[2].body.as_ref().and_then(|b| b["jql"].as_str()).is_some_and(|j| j.contains("1970/01/01")));
    assert_eq!(report.history.issues.keys().collect::<Vec<_>>(), ["10101"]);
    assert!(report.full);
}

#[test]
fn any_failed_answer_ends_the_run_and_keeps_the_history() {
    let kept = kept_history();
    for (fail_path, status) in [
        ("/rest/api/3/search/jql", 500),
        ("/rest/api/3/changelog/bulkfetch", 0),
        ("/rest/api/3/changelog/bulkfetch", 429),
    ] {
        let (report, _, _) = drive(input(Deployment::Cloud, kept.clone()), |r| {
            if r.path == fail_path {
                return (status, Value::Null);
            }
            (
                200,
                json!({"issues": [cloud_issue("10101", "OPS-8", "2026-03-10T12:00:00.000+0100", "10001")], "isLast": true}),
            )
        });
        let fatal = report.fatal.clone().unwrap_or_default();
        assert!(fatal.contains("failed"), "{fatal}");
        assert_eq!(report.history, kept, "{fail_path} {status}: the kept history is handed back unchanged");
        assert!(report.summary().starts_with("History not updated"));
    }
}

#[test]
fn bulk_fetch_pages_are_followed_and_chunks_hold_at_most_1000_issues() {
    let issues: Vec<Value> = (0..2500)
        .map(|n| cloud_issue(&(20000 + n).to_string(), &format!("OPS-{n}"), "2026-03-08T09:30:00.000+0100", "3"))
        .collect();
    let (report, sent, _) = drive(input(Deployment::Cloud, SiteHistory::default()), |r| match r.path.as_str() {
        "/rest/api/3/field" => (200, field_list()),
        "/rest/api/3/status" => (200, status_list()),
        "/rest/api/3/search/jql" => {
            let start: usize =
                r.body.as_ref().and_then(|b| b["nextPageToken"].as_str()).map_or(0, |t| t.parse().unwrap_or(0));
            let end = (start + 100).min(issues.len());
            let mut page = json!({"issues": issues[start..end], "isLast": end == issues.len()});
            if end < issues.len() {
                page["nextPageToken"] = json!(end.to_string());
            }
            (200, page)
        }
        _ => {
            let body = r.body.clone().unwrap_or_default();
            let ids: Vec<&str> = body["issueIdsOrKeys"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            assert!(ids.len() <= 1000);
            // The first group's first page says there is more.
            if body["fieldIds"][0] == "status" && body.get("nextPageToken").is_none() {
                let mut answer = bulk_answer(&ids[..1]);
                answer["nextPageToken"] = json!("more");
                (200, answer)
            } else {
                (200, json!({"issueChangeLogs": []}))
            }
        }
    });
    assert_eq!(report.fatal, None);
    let count = |p: &str| sent.iter().filter(|r| r.path == p).count();
    assert_eq!(count("/rest/api/3/search/jql"), 25);
    // 3 chunks × 2 field groups, and one follow-up page per chunk of the first group.
    assert_eq!(count("/rest/api/3/changelog/bulkfetch"), 9);
    assert_eq!(report.history.issues.len(), 2500);
}

#[test]
fn data_center_reads_changelogs_with_the_search_and_rereads_truncated_ones() {
    let dc_issue = |id: &str, total: u64| {
        let mut issue = cloud_issue(id, "OPS-3", "2026-03-08T09:30:00.000+0100", "3");
        issue["fields"]["assignee"] = json!({"key": "JIRAUSER10100", "name": "bob", "displayName": "Bob Baker"});
        issue["changelog"] = json!({"startAt": 0, "maxResults": 1, "total": total, "histories": [
            {"id": "1", "created": "2026-03-03T09:00:00.000+0100", "items": [{"field": "status", "from": "10000", "to": "3"}]}]});
        issue
    };
    let mut run_input = input(Deployment::Datacenter, SiteHistory::default());
    run_input.site_url = CLOUD.to_owned();
    let (report, sent, _) = drive(run_input, |r| match r.path.as_str() {
        "/rest/api/2/field" => (200, json!([])),
        "/rest/api/2/status" => (200, status_list()),
        "/rest/api/2/search" => {
            let body = r.body.clone().unwrap_or_default();
            assert_eq!(body["expand"], json!(["changelog"]));
            (
                200,
                json!({"startAt": 0, "maxResults": 1000, "total": 2, "issues": [dc_issue("10300", 1), dc_issue("10301", 2)]}),
            )
        }
        "/rest/api/2/issue/10301" => {
            let mut full = dc_issue("10301", 2);
            if let Some(h) = full["changelog"]["histories"].as_array_mut() {
                h.push(json!({"id": "2", "created": "2026-03-04T09:00:00.000+0100", "items": [{"field": "status", "from": "3", "to": "10001"}]}));
            }
            (200, full)
        }
        other => panic!("unexpected {other}"),
    });
    assert_eq!(report.fatal, None);
    assert_eq!(sent.len(), 4, "field, status, one search page, one truncated changelog");
    assert_eq!(sent[3].query.get("expand").map(String::as_str), Some("changelog"));
    assert_eq!(report.history.issues["10300"].changes.len(), 1);
    assert_eq!(report.history.issues["10301"].changes.len(), 2);
    assert_eq!(report.history.issues["10300"].assignee.as_deref(), Some("JIRAUSER10100"));
}

#[test]
fn a_site_not_configured_ends_with_a_clear_error() {
    let mut run_input = input(Deployment::Cloud, SiteHistory::default());
    run_input.site_url = "https://other.example".to_owned();
    let (report, sent, _) = drive(run_input, |_| (200, Value::Null));
    assert!(sent.is_empty());
    assert!(report.fatal.is_some_and(|f| f.contains("not a configured site")));
}

#[test]
fn odd_issues_become_diagnostics() {
    let (report, _, _) = drive(input(Deployment::Cloud, SiteHistory::default()), |r| match r.path.as_str() {
        "/rest/api/3/search/jql" => (
            200,
            json!({"issues": [{"key": "OPS-1"}, {"id": "1", "key": "OPS-2", "fields": {"created": "soon"}}, 7], "isLast": true}),
        ),
        _ => (200, json!({})),
    });
    assert_eq!(report.fatal, None);
    assert!(report.history.issues.is_empty());
    assert_eq!(report.diagnostics.len(), 3, "{:?}", report.diagnostics);
}

#[test]
fn the_history_round_trips_through_json_compactly() {
    let kept = kept_history();
    let text = serde_json::to_string(&kept).unwrap_or_default();
    let back: SiteHistory = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(back, kept);
    assert!(!text.contains("null"), "empties are skipped: {text}");
}

#[test]
fn changelog_field_names_read_as_they_are_written() {
    use super::model::FIELD_NAMES;
    for (i, (name, field)) in Field::NAMES.iter().enumerate() {
        assert_eq!(serde_json::to_string(field).expect("written"), format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<Field>(&format!("\"{name}\"")).expect("read"), *field);
        assert_eq!(FIELD_NAMES[i], *name);
    }
    // Every variant is listed (this match stops compiling when a variant is added: add it to the lists too).
    let index = |f: &Field| match f {
        Field::Status => 0,
        Field::Resolution => 1,
        Field::Assignee => 2,
        Field::Priority => 3,
        Field::IssueType => 4,
        Field::Labels => 5,
        Field::Parent => 6,
        Field::OriginalEstimate => 7,
        Field::RemainingEstimate => 8,
        Field::TimeSpent => 9,
        Field::StoryPoints => 10,
        Field::Sprint => 11,
        Field::Project => 12,
        Field::Key => 13,
    };
    let listed: Vec<usize> = Field::NAMES.iter().map(|(_, f)| index(f)).collect();
    assert_eq!(listed, (0..14).collect::<Vec<_>>());
    let unknown = serde_json::from_str::<Field>("\"notAField\"").expect_err("unknown").to_string();
    assert!(unknown.contains("unknown variant `notAField`"), "{unknown}");
    assert!(serde_json::from_str::<Field>("3").is_err());
}
