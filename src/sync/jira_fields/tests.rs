//! Tests of the field codec: every field kind both ways on both deployments, custom field resolution, label
//! filtering, hostile remote values, and the rich-text round trip.

use serde_json::{Value, json};

use super::*;
use crate::sync::config::JiraField;
use crate::sync::same_value;

const CLOUD: Deployment = Deployment::Cloud;
const DC: Deployment = Deployment::Datacenter;

fn customs() -> CustomFields {
    let kinds = [
        ("LLM Context", "customfield_10050", CustomKind::TextArea),
        ("External Ref", "customfield_10053", CustomKind::Text),
        ("Automation Status", "customfield_10052", CustomKind::Select),
        ("Teams", "customfield_10060", CustomKind::MultiSelect),
        ("Story Points", "customfield_10054", CustomKind::Number),
        ("Start", "customfield_10061", CustomKind::Date),
        ("Deadline", "customfield_10062", CustomKind::DateTime),
        ("Tags", "customfield_10063", CustomKind::Labels),
        ("Reviewer", "customfield_10064", CustomKind::User),
        ("Blob", "customfield_10065", CustomKind::Other),
        ("Approvers", "customfield_10066", CustomKind::MultiUser),
    ];
    kinds.into_iter().map(|(n, id, kind)| (n.to_owned(), CustomField { id: id.to_owned(), kind })).collect()
}

fn custom(name: &str) -> JiraField {
    JiraField::Custom(name.to_owned())
}

fn issue(fields: Value) -> Value {
    json!({"id": "10001", "key": "OPS-12", "fields": fields})
}

/// Reads `field` from an issue whose `fields` are `fields`.
fn read(field: &JiraField, fields: Value, deployment: Deployment) -> Result<Value, FieldError> {
    let customs = customs();
    read_field(&issue(fields), field, &FieldContext { deployment, customs: &customs, durations: Default::default() })
}

fn write(field: &JiraField, value: Value, deployment: Deployment) -> Result<(String, Value), FieldError> {
    let customs = customs();
    write_field(field, &value, &FieldContext { deployment, customs: &customs, durations: Default::default() })
}

fn norm(field: &JiraField, value: Value) -> Value {
    let customs = customs();
    normalise_local(
        field,
        &value,
        &FieldContext { deployment: CLOUD, customs: &customs, durations: Default::default() },
    )
}

fn adf_paragraph(text: &str) -> Value {
    json!({"version": 1, "type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}]})
}

#[test]
fn deployment_prefix_and_serde() {
    assert_eq!(CLOUD.api_prefix(), "/rest/api/3");
    assert_eq!(DC.api_prefix(), "/rest/api/2");
    assert_eq!(serde_json::to_value(DC).ok(), Some(json!("datacenter")));
    assert_eq!(serde_json::from_value::<Deployment>(json!("cloud")).ok(), Some(CLOUD));
    assert_eq!(serde_json::to_value(CustomKind::TextArea).ok(), Some(json!("textArea")));
}

#[test]
fn field_ids() {
    let customs = customs();
    let ctx = FieldContext { deployment: CLOUD, customs: &customs, durations: Default::default() };
    assert_eq!(field_id(&JiraField::Key, &ctx), None);
    assert_eq!(field_id(&JiraField::FixVersions, &ctx).as_deref(), Some("fixVersions"));
    assert_eq!(field_id(&JiraField::DueDate, &ctx).as_deref(), Some("duedate"));
    assert_eq!(field_id(&JiraField::IssueType, &ctx).as_deref(), Some("issuetype"));
    assert_eq!(field_id(&custom("Story Points"), &ctx).as_deref(), Some("customfield_10054"));
    assert_eq!(field_id(&custom("Nope"), &ctx), None);
}

fn field_list() -> Value {
    let plugin = |p: &str| format!("com.atlassian.jira.plugin.system.customfieldtypes:{p}");
    json!([
        {"id": "summary", "name": "Summary", "custom": false, "schema": {"type": "string", "system": "summary"}},
        {"id": "customfield_10050", "name": "LLM Context", "custom": true,
         "schema": {"type": "string", "custom": plugin("textarea")}},
        {"id": "customfield_10052", "name": "Automation Status", "custom": true,
         "schema": {"type": "option", "custom": plugin("radiobuttons")}},
        {"id": "customfield_10054", "name": "Story Points", "custom": true,
         "schema": {"type": "number", "custom": "com.pyxis.greenhopper.jira:jsw-story-points"}},
        {"id": "customfield_10070", "name": "Team", "custom": true, "schema": {"type": "string"}},
        {"id": "customfield_10071", "name": "team ", "custom": true, "schema": {"type": "string"}},
        {"id": "customfield_10072", "name": "Summary", "schema": {"type": "array", "items": "option"}},
        {"id": "customfield_10073", "name": "Odd"},
        {"name": "no id", "custom": true},
        "garbage",
    ])
}

#[test]
fn resolution_found_missing_ambiguous_case_insensitive() {
    let wanted = ["llm context", " Automation Status", "Story Points", "Team", "Missing", "Summary", "Odd", "Team"];
    let (found, errors) = resolve_custom_fields(&field_list(), &wanted);
    let get = |n: &str| found.get(n).map(|c| (c.id.as_str(), c.kind));
    assert_eq!(get("llm context"), Some(("customfield_10050", CustomKind::TextArea)));
    assert_eq!(get(" Automation Status"), Some(("customfield_10052", CustomKind::Select)));
    assert_eq!(get("Story Points"), Some(("customfield_10054", CustomKind::Number)));
    // A custom field named like a system field: only the custom one is a candidate.
    assert_eq!(get("Summary"), Some(("customfield_10072", CustomKind::MultiSelect)));
    assert_eq!(get("Odd"), Some(("customfield_10073", CustomKind::Other)));
    assert_eq!(
        errors,
        vec![
            FieldError::AmbiguousCustomField {
                name: "Team".into(),
                ids: vec!["customfield_10070".into(), "customfield_10071".into()]
            },
            FieldError::UnknownCustomField { name: "Missing".into() },
        ]
    );
    assert!(errors[0].to_string().contains("customfield_10070, customfield_10071"));
    let (found, errors) = resolve_custom_fields(&json!({"not": "a list"}), &["Team"]);
    assert!(found.is_empty());
    assert!(matches!(errors.as_slice(), [FieldError::InvalidRemote { .. }]));
}

#[test]
fn kinds_from_schema() {
    let plugin = |p: &str| json!({"custom": format!("com.atlassian.jira.plugin.system.customfieldtypes:{p}")});
    let cases = [
        ("textarea", CustomKind::TextArea),
        ("textfield", CustomKind::Text),
        ("select", CustomKind::Select),
        ("multicheckboxes", CustomKind::MultiSelect),
        ("float", CustomKind::Number),
        ("datepicker", CustomKind::Date),
        ("datetime", CustomKind::DateTime),
        ("labels", CustomKind::Labels),
        ("userpicker", CustomKind::User),
        ("multiuserpicker", CustomKind::MultiUser),
    ];
    for (p, kind) in cases {
        assert_eq!(ids::kind_of(&plugin(p)), kind, "{p}");
    }
    assert_eq!(ids::kind_of(&json!({"type": "date"})), CustomKind::Date);
    assert_eq!(ids::kind_of(&json!({"type": "array", "items": "string"})), CustomKind::Labels);
    assert_eq!(ids::kind_of(&json!({"type": "array", "items": "user"})), CustomKind::MultiUser);
    assert_eq!(ids::kind_of(&json!({"type": "any"})), CustomKind::Other);
    assert_eq!(ids::kind_of(&json!(null)), CustomKind::Other);
}

#[test]
fn simple_reads() {
    let fields = json!({
        "summary": "Fix it",
        "status": {"name": "In Progress", "id": "3"},
        "priority": {"name": "High"},
        "issuetype": {"name": "Task"},
        "parent": {"id": "10000", "key": "OPS-1", "fields": {}},
        "duedate": "2025-03-01",
        "created": "2025-01-02T10:00:00.000+0000",
        "resolution": null,
        "components": [{"name": "API"}, {"name": "UI"}],
        "fixVersions": [],
    });
    for d in [CLOUD, DC] {
        let r = |f: JiraField| read(&f, fields.clone(), d);
        assert_eq!(r(JiraField::Key), Ok(json!("OPS-12")));
        assert_eq!(r(JiraField::Summary), Ok(json!("Fix it")));
        assert_eq!(r(JiraField::Status), Ok(json!("In Progress")));
        assert_eq!(r(JiraField::Priority), Ok(json!("High")));
        assert_eq!(r(JiraField::IssueType), Ok(json!("Task")));
        assert_eq!(r(JiraField::Parent), Ok(json!("OPS-1")));
        assert_eq!(r(JiraField::DueDate), Ok(json!("2025-03-01")));
        assert_eq!(r(JiraField::Created), Ok(json!("2025-01-02T10:00:00.000+0000")));
        assert_eq!(r(JiraField::Updated), Ok(Value::Null));
        assert_eq!(r(JiraField::Resolution), Ok(Value::Null));
        assert_eq!(r(JiraField::Components), Ok(json!(["API", "UI"])));
        assert_eq!(r(JiraField::FixVersions), Ok(json!([])));
        assert_eq!(r(JiraField::Assignee), Ok(Value::Null));
        assert_eq!(r(JiraField::Description), Ok(json!("")));
    }
    assert_eq!(read(&JiraField::Resolution, json!({"resolution": {"name": "Done"}}), CLOUD), Ok(json!("Done")));
}

#[test]
fn users_read_per_deployment() {
    let cloud =
        json!({"assignee": {"accountId": "5b10a", "displayName": "Alice Adams"}, "reporter": {"accountId": "x"}});
    assert_eq!(read(&JiraField::Assignee, cloud.clone(), CLOUD), Ok(json!("Alice Adams")));
    assert_eq!(read(&JiraField::Reporter, cloud, CLOUD), Ok(json!("accountid:x")));
    let dc = json!({"assignee": {"name": "alice", "displayName": "Alice Adams"}, "reporter": {"name": "bob"}});
    assert_eq!(read(&JiraField::Assignee, dc.clone(), DC), Ok(json!("Alice Adams")));
    assert_eq!(read(&JiraField::Reporter, dc, DC), Ok(json!("bob")));
    assert_eq!(read(&custom("Reviewer"), json!({"customfield_10064": {"displayName": "Cy"}}), DC), Ok(json!("Cy")));
}

#[test]
fn users_written_per_deployment() {
    assert_eq!(write(&JiraField::Assignee, json!("alice"), DC), Ok(("assignee".into(), json!({"name": "alice"}))));
    assert_eq!(
        write(&JiraField::Assignee, json!("AccountId:5b10a "), CLOUD),
        Ok(("assignee".into(), json!({"accountId": "5b10a"})))
    );
    let err = write(&JiraField::Assignee, json!("Alice Adams"), CLOUD);
    assert!(matches!(&err, Err(FieldError::Unsupported { field, .. }) if field == "assignee"));
    assert!(err.err().map(|e| e.to_string()).is_some_and(|m| m.contains("pull") && m.contains("accountid:")));
    for d in [CLOUD, DC] {
        assert_eq!(write(&JiraField::Assignee, json!(""), d), Ok(("assignee".into(), Value::Null)));
        assert_eq!(write(&JiraField::Assignee, Value::Null, d), Ok(("assignee".into(), Value::Null)));
        assert_eq!(write(&JiraField::Reporter, json!(""), d), Ok(("reporter".into(), Value::Null)));
    }
    assert_eq!(write(&JiraField::Reporter, json!("bob"), DC), Ok(("reporter".into(), json!({"name": "bob"}))));
    let reviewer = write(&custom("Reviewer"), json!("cy"), DC);
    assert_eq!(reviewer, Ok(("customfield_10064".into(), json!({"name": "cy"}))));
}

#[test]
fn multi_user_fields_are_lists_of_names() {
    let approvers = custom("Approvers");
    let raw = json!({"customfield_10066": [{"accountId": "a1", "displayName": "Ada Example"}, {"accountId": "s2"}]});
    assert_eq!(read(&approvers, raw, CLOUD), Ok(json!(["Ada Example", "accountid:s2"])));
    assert_eq!(read(&approvers, json!({"customfield_10066": null}), DC), Ok(Value::Null));
    assert!(read(&approvers, json!({"customfield_10066": "ada"}), DC).is_err());
    let wrote = write(&approvers, json!(["ada", "sam"]), DC);
    assert_eq!(wrote, Ok(("customfield_10066".into(), json!([{"name": "ada"}, {"name": "sam"}]))));
    assert_eq!(write(&approvers, json!(""), CLOUD), Ok(("customfield_10066".into(), json!([]))));
    let ctx = FieldContext { deployment: DC, customs: &customs(), durations: Default::default() };
    assert_eq!(normalise_local(&approvers, &json!("Ada Example "), &ctx), json!(["Ada Example"]));
    assert!(is_user_field(&approvers, &ctx) && is_user_field(&JiraField::Reporter, &ctx));
    assert!(!is_user_field(&custom("Tags"), &ctx));
}

#[test]
fn read_only_and_status_are_not_written() {
    for f in [JiraField::Key, JiraField::Created, JiraField::Updated, JiraField::Resolution, JiraField::TimeSpent] {
        assert!(matches!(write(&f, json!("x"), CLOUD), Err(FieldError::ReadOnly { .. })), "{f:?}");
    }
    assert!(matches!(write(&JiraField::Status, json!("Done"), DC), Err(FieldError::Unsupported { .. })));
    let unknown = write(&custom("Nope"), json!("x"), CLOUD);
    assert_eq!(unknown, Err(FieldError::UnknownCustomField { name: "Nope".into() }));
    assert_eq!(read(&custom("Nope"), json!({}), CLOUD), Err(FieldError::UnknownCustomField { name: "Nope".into() }));
}

#[test]
fn simple_writes() {
    for d in [CLOUD, DC] {
        let w = |f: JiraField, v: Value| write(&f, v, d);
        assert_eq!(w(JiraField::Summary, json!("Fix it  ")), Ok(("summary".into(), json!("Fix it"))));
        assert_eq!(w(JiraField::Summary, json!(2024)), Ok(("summary".into(), json!("2024"))));
        assert!(matches!(w(JiraField::Summary, json!("")), Err(FieldError::BadValue { .. })));
        assert!(matches!(w(JiraField::Summary, json!("a\nb")), Err(FieldError::BadValue { .. })));
        assert_eq!(w(JiraField::Priority, json!("High")), Ok(("priority".into(), json!({"name": "High"}))));
        assert_eq!(w(JiraField::IssueType, json!("Bug")), Ok(("issuetype".into(), json!({"name": "Bug"}))));
        assert!(matches!(w(JiraField::IssueType, json!("")), Err(FieldError::BadValue { .. })));
        assert_eq!(w(JiraField::Parent, json!("OPS-1")), Ok(("parent".into(), json!({"key": "OPS-1"}))));
        assert_eq!(w(JiraField::Parent, Value::Null), Ok(("parent".into(), Value::Null)));
        assert!(matches!(w(JiraField::Parent, json!("OPS 1")), Err(FieldError::BadValue { .. })));
        assert_eq!(w(JiraField::DueDate, json!("2024-02-29")), Ok(("duedate".into(), json!("2024-02-29"))));
        for bad in [json!("2023-02-29"), json!("2024-2-01"), json!("tomorrow"), json!("2024-01-01T00:00"), json!([1])] {
            assert!(matches!(w(JiraField::DueDate, bad.clone()), Err(FieldError::BadValue { .. })), "{bad}");
        }
        assert_eq!(
            w(JiraField::Components, json!(["API", "UI"])),
            Ok(("components".into(), json!([{"name": "API"}, {"name": "UI"}])))
        );
        assert_eq!(w(JiraField::FixVersions, json!("1.0")), Ok(("fixVersions".into(), json!([{"name": "1.0"}]))));
        assert_eq!(w(JiraField::FixVersions, Value::Null), Ok(("fixVersions".into(), json!([]))));
    }
}

#[test]
fn labels_hide_sync_tokens_and_validate() {
    let fields = json!({"labels": ["llm", "jvs-create-abc", "quality", "JVS-not-ours"]});
    assert_eq!(read(&JiraField::Labels, fields, CLOUD), Ok(json!(["llm", "quality", "JVS-not-ours"])));
    assert!(is_sync_label("jvs-x") && !is_sync_label("xjvs-"));
    assert_eq!(read(&JiraField::Labels, json!({"labels": []}), DC), Ok(json!([])));
    assert_eq!(write(&JiraField::Labels, json!(["a", "b"]), DC), Ok(("labels".into(), json!(["a", "b"]))));
    assert_eq!(write(&JiraField::Labels, json!("solo"), CLOUD), Ok(("labels".into(), json!(["solo"]))));
    assert_eq!(write(&JiraField::Labels, Value::Null, CLOUD), Ok(("labels".into(), json!([]))));
    for bad in [json!(["two words"]), json!(["tab\there"]), json!([""]), json!([{"x": 1}])] {
        assert!(matches!(write(&JiraField::Labels, bad.clone(), CLOUD), Err(FieldError::BadValue { .. })), "{bad}");
    }
    // Custom label fields have no sync tokens: nothing is hidden.
    assert_eq!(read(&custom("Tags"), json!({"customfield_10063": ["jvs-a", "b"]}), CLOUD), Ok(json!(["jvs-a", "b"])));
}

#[test]
fn description_cloud_and_dc() {
    let adf = adf_paragraph("Hello world");
    assert_eq!(read(&JiraField::Description, json!({"description": adf}), CLOUD), Ok(json!("Hello world\n")));
    assert_eq!(read(&JiraField::Description, json!({"description": "h2. Steps"}), DC), Ok(json!("## Steps\n")));
    assert_eq!(read(&JiraField::Description, json!({"description": null}), DC), Ok(json!("")));
    let (id, written) = write(&JiraField::Description, json!("Hello world\n"), CLOUD).unwrap_or_default();
    assert_eq!(id, "description");
    assert_eq!(written, adf);
    assert_eq!(write(&JiraField::Description, json!("# T\n"), DC), Ok(("description".into(), json!("h1. T"))));
    assert_eq!(write(&JiraField::Description, json!(""), CLOUD), Ok(("description".into(), Value::Null)));
    assert_eq!(write(&JiraField::Description, Value::Null, DC), Ok(("description".into(), Value::Null)));
}

#[test]
fn custom_fields_both_ways() {
    let cf = |id: &str, v: Value| json!({ id: v });
    for d in [CLOUD, DC] {
        let text = read(&custom("External Ref"), cf("customfield_10053", json!("EXT-1")), d);
        assert_eq!(text, Ok(json!("EXT-1")));
        assert_eq!(write(&custom("External Ref"), json!("EXT-2"), d), Ok(("customfield_10053".into(), json!("EXT-2"))));
        let select = cf("customfield_10052", json!({"id": "10101", "value": "Queued"}));
        assert_eq!(read(&custom("Automation Status"), select, d), Ok(json!("Queued")));
        let w = write(&custom("Automation Status"), json!("Idle"), d);
        assert_eq!(w, Ok(("customfield_10052".into(), json!({"value": "Idle"}))));
        let multi = cf("customfield_10060", json!([{"value": "A"}, {"value": "B"}]));
        assert_eq!(read(&custom("Teams"), multi, d), Ok(json!(["A", "B"])));
        let w = write(&custom("Teams"), json!(["A"]), d);
        assert_eq!(w, Ok(("customfield_10060".into(), json!([{"value": "A"}]))));
        assert_eq!(read(&custom("Story Points"), cf("customfield_10054", json!(5.0)), d), Ok(json!(5)));
        assert_eq!(read(&custom("Story Points"), cf("customfield_10054", json!(2.5)), d), Ok(json!(2.5)));
        assert_eq!(write(&custom("Story Points"), json!("3"), d), Ok(("customfield_10054".into(), json!(3))));
        assert_eq!(write(&custom("Story Points"), json!(""), d), Ok(("customfield_10054".into(), Value::Null)));
        assert!(matches!(write(&custom("Story Points"), json!("many"), d), Err(FieldError::BadValue { .. })));
        assert_eq!(read(&custom("Start"), cf("customfield_10061", json!("2025-01-01")), d), Ok(json!("2025-01-01")));
        let when = "2025-01-01T09:00:00.000+0000";
        assert_eq!(read(&custom("Deadline"), cf("customfield_10062", json!(when)), d), Ok(json!(when)));
        assert_eq!(write(&custom("Deadline"), json!(when), d), Ok(("customfield_10062".into(), json!(when))));
        let blob = json!({"anything": [1, 2]});
        assert_eq!(read(&custom("Blob"), cf("customfield_10065", blob.clone()), d), Ok(blob.clone()));
        assert_eq!(write(&custom("Blob"), blob.clone(), d), Ok(("customfield_10065".into(), blob.clone())));
        assert_eq!(read(&custom("LLM Context"), json!({}), d), Ok(json!("")));
    }
    let adf = cf("customfield_10050", adf_paragraph("Context"));
    assert_eq!(read(&custom("LLM Context"), adf, CLOUD), Ok(json!("Context\n")));
    // The simulator may send a Cloud text area as a plain string: taken as-is.
    assert_eq!(
        read(&custom("LLM Context"), cf("customfield_10050", json!("plain *x*")), CLOUD),
        Ok(json!("plain *x*"))
    );
    assert_eq!(read(&custom("LLM Context"), cf("customfield_10050", json!("*bold*")), DC), Ok(json!("**bold**\n")));
    let w = write(&custom("LLM Context"), json!("Context\n"), CLOUD);
    assert_eq!(w, Ok(("customfield_10050".into(), adf_paragraph("Context"))));
}

#[test]
fn normalisation_of_local_values() {
    assert_eq!(norm(&JiraField::Summary, json!("Title  \n")), json!("Title"));
    assert_eq!(norm(&JiraField::Summary, json!(2024)), json!("2024"));
    assert_eq!(norm(&JiraField::Summary, json!(true)), json!("true"));
    assert_eq!(norm(&JiraField::Key, json!("OPS-1 ")), json!("OPS-1"));
    assert_eq!(norm(&JiraField::Priority, Value::Null), Value::Null);
    assert_eq!(norm(&JiraField::Description, json!("body  \n")), json!("body  \n"));
    assert_eq!(norm(&custom("LLM Context"), json!(" x ")), json!(" x "));
    assert_eq!(norm(&custom("Story Points"), json!(" 8 ")), json!(8));
    assert_eq!(norm(&custom("Story Points"), json!("1.5")), json!(1.5));
    assert_eq!(norm(&custom("Story Points"), json!(3.0)), json!(3));
    assert_eq!(norm(&custom("Story Points"), json!("lots")), json!("lots"));
    assert_eq!(norm(&JiraField::Labels, json!("one")), json!(["one"]));
    assert_eq!(norm(&JiraField::Labels, json!("")), json!([]));
    assert_eq!(norm(&JiraField::Labels, Value::Null), Value::Null);
    assert_eq!(norm(&JiraField::Labels, json!([2024, "x "])), json!(["2024", "x"]));
    assert_eq!(norm(&JiraField::Components, json!("API")), json!(["API"]));
    assert_eq!(norm(&custom("Teams"), json!("A")), json!(["A"]));
    assert_eq!(norm(&custom("Blob"), json!({"a": 1})), json!({"a": 1}));
    assert_eq!(norm(&custom("Nope"), json!(" keep ")), json!(" keep "));
    // Local and remote normalise to comparable values.
    let remote = read(&custom("Story Points"), json!({"customfield_10054": 5.0}), CLOUD).unwrap_or_default();
    assert!(same_value(&norm(&custom("Story Points"), json!("5")), &remote));
}

#[test]
fn hostile_remote_values_are_errors_not_panics() {
    let all = [
        JiraField::Key,
        JiraField::Summary,
        JiraField::Description,
        JiraField::Status,
        JiraField::Assignee,
        JiraField::Reporter,
        JiraField::Priority,
        JiraField::Labels,
        JiraField::Components,
        JiraField::FixVersions,
        JiraField::DueDate,
        JiraField::Parent,
        JiraField::IssueType,
        JiraField::Created,
        JiraField::Updated,
        JiraField::Resolution,
        custom("LLM Context"),
        custom("External Ref"),
        custom("Automation Status"),
        custom("Teams"),
        custom("Story Points"),
        custom("Start"),
        custom("Deadline"),
        custom("Tags"),
        custom("Reviewer"),
    ];
    let customs = customs();
    let odd = [json!(true), json!(7), json!([{"x": 1}]), json!({"x": [1]}), json!([[]])];
    for d in [CLOUD, DC] {
        let ctx = FieldContext { deployment: d, customs: &customs, durations: Default::default() };
        for f in &all {
            let id = field_id(f, &ctx).unwrap_or_else(|| "key".to_owned());
            for v in &odd {
                if v.is_number() && *f == custom("Story Points") {
                    continue; // a number is the right type there
                }
                let whole =
                    if matches!(f, JiraField::Key) { json!({"key": v}) } else { issue(json!({ id.clone(): v })) };
                let got = read_field(&whole, f, &ctx);
                assert!(matches!(got, Err(FieldError::InvalidRemote { .. })), "{f:?} {v} → {got:?}");
                // Writing anything must not panic either.
                let _ = write_field(f, v, &ctx);
                let _ = normalise_local(f, v, &ctx);
            }
        }
        for whole in [json!("issue"), json!(null), json!({"fields": "x"}), json!({"fields": [1]})] {
            let got = read_field(&whole, &JiraField::Summary, &ctx);
            assert!(matches!(got, Err(FieldError::InvalidRemote { .. })), "{whole} → {got:?}");
        }
        assert_eq!(read_field(&json!({"key": "A-1"}), &JiraField::Summary, &ctx), Ok(Value::Null));
    }
    let broken_adf = json!({"description": {"type": "doc", "content": "nope"}});
    let got = read(&JiraField::Description, broken_adf, CLOUD);
    assert!(matches!(&got, Err(FieldError::InvalidRemote { field, .. }) if field == "description"), "{got:?}");
    let mut deep = json!({"type": "text", "text": "x"});
    for _ in 0..200 {
        deep = json!({"type": "blockquote", "content": [deep]});
    }
    let deep = json!({"description": {"version": 1, "type": "doc", "content": [deep]}});
    assert!(matches!(read(&JiraField::Description, deep, CLOUD), Err(FieldError::InvalidRemote { .. })));
}

#[test]
fn rich_text_round_trips_through_jira() {
    let samples = [
        "Plain paragraph.\n",
        "# Title\n\nSome **bold**, *italic* and `code`.\n",
        "## Steps\n\n- one\n- two\n\n1. first\n2. second\n",
        "A [link](https://example.com) here.\n\n> quoted\n",
        "```rust\nfn main() {}\n```\n",
        "",
    ];
    for d in [CLOUD, DC] {
        for field in [JiraField::Description, custom("LLM Context")] {
            for md in samples {
                let written = write(&field, json!(md), d);
                let Ok((id, value)) = written else {
                    panic!("{field:?} {d:?} {md:?} not writable: {written:?}");
                };
                let back = read(&field, json!({ id: value }), d);
                assert_eq!(back, Ok(json!(md)), "{field:?} {d:?}");
            }
        }
    }
}

#[test]
fn estimates_are_jira_durations_in_one_timetracking_object() {
    let tt = json!({"timetracking": {"originalEstimateSeconds": 36000, "timeSpentSeconds": 1800}});
    assert_eq!(read(&JiraField::OriginalEstimate, tt.clone(), CLOUD), Ok(json!("1d 2h")));
    assert_eq!(read(&JiraField::TimeSpent, tt.clone(), DC), Ok(json!("30m")));
    assert_eq!(read(&JiraField::RemainingEstimate, tt, CLOUD), Ok(Value::Null));
    assert_eq!(
        write(&JiraField::RemainingEstimate, json!("1d 4h"), CLOUD),
        Ok(("timetracking".to_owned(), json!({"remainingEstimate": "1d 4h"})))
    );
    assert_eq!(
        write(&JiraField::OriginalEstimate, json!(12), CLOUD),
        Ok(("timetracking".to_owned(), json!({"originalEstimate": "1d 4h"})))
    );
    assert!(matches!(write(&JiraField::OriginalEstimate, json!("soon"), CLOUD), Err(FieldError::BadValue { .. })));
    assert!(matches!(write(&JiraField::TimeSpent, json!("1h"), CLOUD), Err(FieldError::ReadOnly { .. })));
    let customs = customs();
    let ctx = FieldContext { deployment: CLOUD, customs: &customs, durations: Default::default() };
    assert_eq!(normalise_local(&JiraField::OriginalEstimate, &json!("90m"), &ctx), json!("1h 30m"));
}

#[test]
fn estimates_use_the_configured_working_day() {
    let customs = customs();
    let durations = crate::worklog::DurationConfig { hours_per_day: 6.0, days_per_week: 4.0 };
    let ctx = FieldContext { deployment: CLOUD, customs: &customs, durations };
    let tt = issue(json!({"timetracking": {"originalEstimateSeconds": 36000}}));
    assert_eq!(read_field(&tt, &JiraField::OriginalEstimate, &ctx), Ok(json!("1d 4h")));
    assert_eq!(normalise_local(&JiraField::OriginalEstimate, &json!("10h"), &ctx), json!("1d 4h"));
}

#[test]
fn data_center_epic_link_found_by_type_and_read_as_the_parent() {
    let epic_link = json!({"id": "customfield_10101", "name": "Epic-Verknüpfung", "custom": true,
        "schema": {"type": "any", "custom": "com.pyxis.greenhopper.jira:gh-epic-link", "customId": 10101}});
    let found = epic_link_field(&json!([{"id": "summary", "name": "Summary", "custom": false}, epic_link.clone()]));
    assert_eq!(found, Some(CustomField { id: "customfield_10101".into(), kind: CustomKind::EpicLink }));
    // None: absent (Jira without Software), ambiguous, or not a field list.
    assert_eq!(epic_link_field(&json!([{"id": "summary", "name": "Summary"}])), None);
    let mut twice = epic_link.clone();
    twice["id"] = json!("customfield_10102");
    assert_eq!(epic_link_field(&json!([epic_link.clone(), twice])), None);
    assert_eq!(epic_link_field(&json!({"not": "a list"})), None);

    // With it known, an epic's child (no `parent`) reads its epic from it; `parent` wins when both are there.
    let mut customs = customs();
    customs.insert(EPIC_LINK.to_owned(), found.clone().expect("found"));
    let ctx = FieldContext { deployment: DC, customs: &customs, durations: Default::default() };
    let read = |fields: Value| read_field(&issue(fields), &JiraField::Parent, &ctx);
    assert_eq!(read(json!({"customfield_10101": "OPS-1"})), Ok(json!("OPS-1")));
    assert_eq!(read(json!({"parent": {"key": "OPS-7"}, "customfield_10101": null})), Ok(json!("OPS-7")));
    assert_eq!(read(json!({"customfield_10101": null})), Ok(Value::Null));
    assert_eq!(read(json!({"customfield_10101": ""})), Ok(Value::Null));
    // A user mapping the field by name reads and writes the key as text.
    let mut named = CustomFields::new();
    named.insert("Epic Link".into(), found.expect("found"));
    let ctx = FieldContext { deployment: DC, customs: &named, durations: Default::default() };
    let field = custom("Epic Link");
    assert_eq!(read_field(&issue(json!({"customfield_10101": "OPS-1"})), &field, &ctx), Ok(json!("OPS-1")));
    assert_eq!(write_field(&field, &json!("OPS-2"), &ctx), Ok(("customfield_10101".into(), json!("OPS-2"))));
}

#[test]
fn rich_text_read_from_json_text_is_read_field_of_the_same_value() {
    let docs = [
        json!({"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [
            {"type": "text", "text": "Ship *it* ", "marks": [{"type": "strong"}]},
            {"type": "mention", "attrs": {"id": "a1", "text": "@Ann"}}]}]}),
        json!({"type": "doc", "version": 1, "content": [{"type": "codeBlock", "attrs": {"language": "rust"},
            "content": [{"type": "text", "text": "fn main() {}"}]}], "extra": true}),
        json!({"type": "doc", "version": 2, "content": []}),
        json!({"type": "doc", "version": 1, "content": [{"type": "paragraph", "marks": 3}]}),
        json!({"type": "nope"}),
        json!({}),
    ];
    for doc in docs {
        for (field, id) in [(JiraField::Description, "description"), (custom("LLM Context"), "customfield_10050")] {
            for deployment in [CLOUD, DC] {
                let ctx = FieldContext { deployment, customs: &customs(), durations: Default::default() };
                let held = [(id.to_owned(), doc.to_string())];
                let from_text = read_field_or_held(&issue(json!({})), &held, &field, &ctx);
                let fields = Value::Object([(id.to_owned(), doc.clone())].into_iter().collect());
                assert_eq!(from_text, read(&field, fields, deployment), "{doc}");
            }
        }
    }
}
