//! Tests of query blocks: reading the block, placeholders, requests for both deployments, answers, errors.

use serde_json::{Value, json};

use super::*;
use crate::alignment::query_block::{BlockKind, Column, Display, SiteField, jql_quoted, plan_query};
use crate::diagnostic::Severity;

fn fields() -> Vec<SiteField> {
    vec![
        SiteField { id: "customfield_10050".into(), name: "Severity".into(), r#type: "option (select)".into() },
        SiteField { id: "customfield_10060".into(), name: "Go-live".into(), r#type: "datetime (datetime)".into() },
        SiteField { id: "customfield_10070".into(), name: "Team".into(), r#type: "string".into() },
        SiteField { id: "customfield_10071".into(), name: "Team".into(), r#type: "option".into() },
    ]
}

fn input(kind: BlockKind, source: &str, deployment: Deployment) -> QueryInput {
    QueryInput {
        kind,
        source: source.into(),
        note: Some("---\njira_key: OPS-1\nparent: \"[[OPS-1 Incident automation]]\"\nteam: Platform \"Core\" \\ Ops\nlabels: [infra, ops]\nempty:\n---\n# Epic\n".into()),
        deployment,
        time_zone: Some("Europe/Berlin".into()),
        fields: fields(),
    }
}

fn answer(run: &mut QueryRun, status: u16, body: Value) -> Request {
    let QueryAction::Requests { requests } = run.poll() else { panic!("expected a request") };
    let request = requests.into_iter().next().expect("one request");
    run.handle_response(Response { id: request.id, status, body, error: None, date: None });
    request
}

#[test]
fn reads_every_option_with_positions() {
    let source = "title: Open incidents\nquery: project = OPS\n  AND status != Done\ncolumns: key, summary, Severity, note.team, due\nsort: priority DESC\nlimit: 20\nas: list\n";
    let plan = plan_query(BlockKind::Search, source, None, &fields());
    assert!(plan.runnable(), "{:?}", plan.diagnostics);
    assert_eq!(plan.jql, "project = OPS AND status != Done ORDER BY priority DESC");
    assert_eq!(plan.limit, 20);
    assert_eq!(plan.display, Display::List);
    assert_eq!(plan.title.as_deref(), Some("Open incidents"));
    let headings: Vec<&str> = plan.columns.iter().map(|c| c.heading.as_str()).collect();
    assert_eq!(headings, ["Key", "Summary", "Severity", "team", "Due"]);
    assert_eq!(plan.field_ids(), ["summary", "customfield_10050", "duedate"]);
    assert!(matches!(&plan.columns[3].column, Column::NoteProperty { property } if property == "team"));
}

#[test]
fn a_block_without_options_is_the_query_and_columns_may_be_a_list() {
    let plan = plan_query(BlockKind::Count, "# open work\nproject = OPS AND resolution IS EMPTY\n", None, &[]);
    assert_eq!(plan.jql, "project = OPS AND resolution IS EMPTY");
    assert!(plan.runnable());
    let plan = plan_query(BlockKind::Search, "jql: project = OPS\ncolumns:\n  - key\n  - Go-live\n", None, &fields());
    assert_eq!(plan.columns.len(), 2);
    assert!(
        matches!(&plan.columns[1].column, Column::Field { id, format: CellFormat::DateTime } if id == "customfield_10060")
    );
    let plan = plan_query(BlockKind::Search, "query: project = OPS", None, &[]);
    assert_eq!(
        plan.columns.iter().map(|c| c.heading.as_str()).collect::<Vec<_>>(),
        ["Key", "Summary", "Status", "Assignee"]
    );
}

#[test]
fn problems_are_diagnostics_with_line_and_column() {
    let source = "query: project = OPS\ncolumns: key, Nope, Team\nlimit: many\nas: chart\nfoo: bar\nsort: key\n";
    let plan = plan_query(BlockKind::Search, source, None, &fields());
    assert!(!plan.runnable());
    let found: Vec<(&str, usize, usize)> = plan.diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert!(found.contains(&("query-option", 5, 1)), "{found:?}");
    assert!(found.contains(&("query-column", 2, 15)), "{found:?}");
    assert!(found.contains(&("query-column", 2, 21)), "{found:?}");
    assert!(found.contains(&("query-limit", 3, 7)), "{found:?}");
    assert!(found.contains(&("query-as", 4, 4)), "{found:?}");
    let ambiguous = plan.diagnostics.iter().find(|d| d.message.contains("Several")).expect("the ambiguity");
    assert!(ambiguous.message.contains("customfield_10070, customfield_10071"));
    let big = plan_query(BlockKind::Search, "query: project = OPS\nlimit: 5000", None, &[]);
    assert_eq!(big.limit, 1000);
    assert_eq!(big.diagnostics[0].severity, Severity::Warning);
    let twice = plan_query(BlockKind::Search, "query: project = OPS ORDER BY key\nsort: created", None, &[]);
    assert_eq!(twice.diagnostics[0].code, "query-sort");
    let quoted = plan_query(BlockKind::Search, "query: summary ~ \"order by\"\nsort: created", None, &[]);
    assert!(quoted.runnable(), "{:?}", quoted.diagnostics);
    assert!(!plan_query(BlockKind::Search, "title: x", None, &[]).runnable());
}

#[test]
fn placeholders_are_filled_jql_quoted_from_front_matter() {
    let run = QueryRun::new(input(
        BlockKind::Search,
        "query: parent = {{jira_key}} OR parent = {{ parent }} OR team = {{team}} OR labels in {{labels}}",
        Deployment::Cloud,
    ));
    assert_eq!(
        run.plan().jql,
        r#"parent = "OPS-1" OR parent = "OPS-1" OR team = "Platform \"Core\" \\ Ops" OR labels in ("infra", "ops")"#
    );
    assert_eq!(jql_quoted("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
    for (source, needle) in [
        ("query: key = {{missing}}", "no `missing` property"),
        ("query: key = {{empty}}", "`empty` property is empty"),
        ("query: key = {{jira_key", "not closed"),
        ("query: key = {{}}", "names no property"),
    ] {
        let mut run = QueryRun::new(input(BlockKind::Search, source, Deployment::Cloud));
        assert!(!run.plan().runnable(), "{source}");
        let d = &run.plan().diagnostics[0];
        assert!(d.message.contains(needle), "{source}: {}", d.message);
        assert_eq!((d.line, d.column), (1, 14), "{source}");
        assert_eq!(run.poll(), QueryAction::Done, "no request for a block with errors");
    }
    let mut no_note = input(BlockKind::Search, "query: key = {{jira_key}}", Deployment::Cloud);
    no_note.note = Some("# no front matter".into());
    assert!(QueryRun::new(no_note).plan().diagnostics[0].message.contains("has none"));
}

/// A Cloud issue as `/search/jql` answers it (times in Jira's default zone, as the simulator writes them).
fn cloud_issue(key: &str, updated: &str) -> Value {
    json!({"id": "10001", "key": key, "fields": {
        "summary": format!("<img src=x onerror=alert(1)> {key}"),
        "status": {"name": "In Progress", "statusCategory": {"key": "indeterminate"}},
        "assignee": {"accountId": "5b10", "displayName": "Alice Chen"},
        "updated": updated,
        "customfield_10050": {"value": "High", "id": "1"},
        "labels": ["infra", "ops"],
    }})
}

#[test]
fn cloud_search_pages_with_next_page_token_up_to_the_limit_and_reads_rows_in_the_users_zone() {
    let source = "query: project = OPS\ncolumns: key, summary, status, assignee, updated, Severity, labels, note.team\nlimit: 150";
    let mut run = QueryRun::new(input(BlockKind::Search, source, Deployment::Cloud));
    let first: Vec<Value> =
        (1..=100).map(|i| cloud_issue(&format!("OPS-{i}"), "2025-03-30T00:30:00.000+0000")).collect();
    let r1 = answer(&mut run, 200, json!({"issues": first, "nextPageToken": "tok1", "isLast": false}));
    assert_eq!(r1.path, "/rest/api/3/search/jql");
    assert_eq!(
        r1.body.as_ref().expect("a body"),
        &json!({"jql": "project = OPS", "fields": ["summary", "status", "assignee", "updated", "customfield_10050", "labels"], "maxResults": 100})
    );
    let second: Vec<Value> =
        (101..=200).map(|i| cloud_issue(&format!("OPS-{i}"), "2025-03-30T01:30:00.000+0000")).collect();
    let r2 = answer(&mut run, 200, json!({"issues": second, "nextPageToken": "tok2", "isLast": false}));
    assert_eq!(r2.body.as_ref().expect("a body")["nextPageToken"], "tok1");
    assert_eq!(r2.body.as_ref().expect("a body")["maxResults"], 50);
    // Berlin switched to summer time at 01:00 UTC that night.
    let QueryAction::ZoneOffsets { time_zone, instants } = run.poll() else { panic!("expected the zone question") };
    assert_eq!(time_zone, "Europe/Berlin");
    assert_eq!(instants, ["2025-03-30T00:30:00.000Z", "2025-03-30T01:30:00.000Z"]);
    run.handle_zone_offsets(&[60, 120]);
    assert_eq!(run.poll(), QueryAction::Done);
    let result = run.finish();
    assert_eq!(result.rows.len(), 150, "never more than the limit");
    assert!(result.more);
    assert_eq!(result.count, None, "Cloud gives no total before the last page");
    let row = &result.rows[0];
    let texts: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "OPS-1",
            "<img src=x onerror=alert(1)> OPS-1",
            "In Progress",
            "Alice Chen",
            "2025-03-30 01:30",
            "High",
            "infra, ops",
            ""
        ]
    );
    assert_eq!(row.cells[0].key.as_deref(), Some("OPS-1"));
    assert_eq!(row.cells[7].note_property.as_deref(), Some("team"));
    assert_eq!(result.rows[120].cells[4].text, "2025-03-30 03:30");
}

#[test]
fn cloud_last_page_gives_the_count_and_cloud_count_uses_approximate_count() {
    let mut run =
        QueryRun::new(input(BlockKind::Search, "query: parent = {{jira_key}}\ncolumns: key", Deployment::Cloud));
    answer(&mut run, 200, json!({"issues": [cloud_issue("OPS-2", "2025-06-10T08:30:00.000+0000")], "isLast": true}));
    assert_eq!(run.poll(), QueryAction::Done, "no datetime column: no zone question");
    let result = run.finish();
    assert_eq!((result.count, result.more, result.rows.len()), (Some(1), false, 1));

    let mut run = QueryRun::new(input(BlockKind::Count, "project = OPS\nAND status = Done", Deployment::Cloud));
    let r = answer(&mut run, 200, json!({"count": 153}));
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/rest/api/3/search/approximate-count"));
    assert_eq!(r.body.expect("a body"), json!({"jql": "project = OPS AND status = Done"}));
    assert_eq!(run.poll(), QueryAction::Done);
    assert_eq!(run.finish().count, Some(153));
}

#[test]
fn data_center_pages_with_start_at_and_counts_with_max_results_zero() {
    let mut run = QueryRun::new(input(
        BlockKind::Search,
        "query: project = PLAT\ncolumns: key, created, due\nlimit: 120",
        Deployment::Datacenter,
    ));
    let page = |from: usize, n: usize| -> Vec<Value> {
        (from..from + n).map(|i| json!({"key": format!("PLAT-{i}"), "fields": {"created": "2025-10-26T00:30:00.000+0000", "duedate": "2025-11-01"}})).collect()
    };
    let r1 = answer(&mut run, 200, json!({"startAt": 0, "maxResults": 100, "total": 130, "issues": page(0, 100)}));
    assert_eq!(r1.path, "/rest/api/2/search");
    assert_eq!(
        r1.body.expect("a body"),
        json!({"jql": "project = PLAT", "fields": ["created", "duedate"], "startAt": 0, "maxResults": 100})
    );
    let r2 = answer(&mut run, 200, json!({"startAt": 100, "maxResults": 20, "total": 130, "issues": page(100, 20)}));
    assert_eq!(
        r2.body.expect("a body"),
        json!({"jql": "project = PLAT", "fields": ["created", "duedate"], "startAt": 100, "maxResults": 20})
    );
    let QueryAction::ZoneOffsets { instants, .. } = run.poll() else { panic!("expected the zone question") };
    assert_eq!(instants, ["2025-10-26T00:30:00.000Z"]);
    run.handle_zone_offsets(&[120]);
    let result = run.finish();
    assert_eq!((result.rows.len(), result.count, result.more), (120, Some(130), true));
    assert_eq!(result.rows[0].cells[1].text, "2025-10-26 02:30");
    assert_eq!(result.rows[0].cells[2].text, "2025-11-01");

    let mut run = QueryRun::new(input(BlockKind::Count, "query: project = PLAT", Deployment::Datacenter));
    let r = answer(&mut run, 200, json!({"startAt": 0, "maxResults": 0, "total": 42, "issues": []}));
    assert_eq!(r.body.expect("a body"), json!({"jql": "project = PLAT", "maxResults": 0, "fields": ["key"]}));
    assert_eq!(run.finish().count, Some(42));
}

#[test]
fn failures_are_plain_words() {
    let cases = [
        (
            400,
            json!({"errorMessages": ["Field 'foo' does not exist or you do not have permission to view it."], "errors": {}}),
            "Jira refused the query: Field 'foo' does not exist",
        ),
        (401, json!(null), "Jira refused the credentials (401)"),
        (0, json!(null), "Jira could not be reached"),
        (503, json!({"errorMessages": ["Down for maintenance"]}), "status 503: Down for maintenance"),
    ];
    for (status, body, needle) in cases {
        let mut run = QueryRun::new(input(BlockKind::Search, "query: foo = bar", Deployment::Cloud));
        answer(&mut run, status, body);
        assert_eq!(run.poll(), QueryAction::Done);
        let result = run.finish();
        assert!(result.error.as_deref().unwrap_or("").contains(needle), "{status}: {:?}", result.error);
        assert_eq!(result.status, Some(status));
        assert!(result.rows.is_empty());
    }
}

#[test]
fn answers_to_other_ids_and_odd_bodies_do_not_confuse_the_run() {
    let mut run = QueryRun::new(input(BlockKind::Search, "query: project = OPS", Deployment::Cloud));
    let QueryAction::Requests { requests } = run.poll() else { panic!() };
    run.handle_response(Response {
        id: requests[0].id + 7,
        status: 200,
        body: json!({"issues": [cloud_issue("X-1", "")]}),
        error: None,
        date: None,
    });
    run.handle_response(Response {
        id: requests[0].id,
        status: 200,
        body: json!({"issues": "nope"}),
        error: None,
        date: None,
    });
    assert_eq!(run.poll(), QueryAction::Done);
    let result = run.finish();
    assert_eq!((result.rows.len(), result.count), (0, Some(0)));
}

#[test]
fn no_block_text_panics() {
    let odd = [
        "",
        ":",
        "query:",
        "columns: ,,,",
        "- key",
        "query: {{",
        "query: }}{{a}}{{",
        "limit: -1",
        "as:",
        "\u{feff}query: é = \"ü\"",
        "columns:\n-\n- \n  - note.",
        "query: x\r\ncolumns: key\r\n",
        "title: ☃\nquery: a {{b}}",
    ];
    for text in odd {
        for kind in [BlockKind::Search, BlockKind::Count] {
            let mut run = QueryRun::new(input(kind, text, Deployment::Datacenter));
            let _ = run.poll();
            let _ = run.finish();
        }
    }
}
