//! Transition screens: the fields a workflow transition asks for, filled from the user's per-project defaults.
//!
//! Jira answers `GET issue/{id}/transitions?expand=transitions.fields` with, per offered transition, the fields
//! of its screen as `FieldMetadata` (`required`, `name`, `schema`, `allowedValues`), keyed by field id — the
//! company site's *Done* requires `resolution`. A transition POSTed without a required field is refused
//! (`400 Field Resolution is required.`), so the sync fills the screen before it posts:
//!
//! - [`screen_fields`] reads the screen of one offered transition (malformed entries are skipped, never a panic);
//! - [`fill_screen`] builds the `fields` object of the transition request from the defaults the user set for the
//!   issue's project (`SyncConfig::transition_defaults`: project key → field id or name → value). Every screen
//!   field with a default is filled; a required field without one is a [`ScreenProblem::Missing`] naming it, so
//!   the engine fails that note's status change with a message saying where the default is set, instead of
//!   letting Jira refuse it; the engine also hands the plugin a [`ScreenQuestion`] (the fields, with their
//!   allowed values) so Obsidian can ask the user and retry the note with the answers.
//!
//! Values are typed by the field's metadata: a field with allowed values (resolution, select lists, versions,
//! priorities) takes the allowed value whose name, value or id equals the default (trimmed, case-insensitive)
//! and is sent by id (`{"id": "10000"}`, in a one-element array for an array field); a default that names no
//! allowed value is a [`ScreenProblem::NotAllowed`] listing the allowed ones. Without allowed values a `number`
//! field takes the default as a number, an `array` field its comma-separated parts, anything else the text.
//! Field names and default keys compare trimmed and case-insensitively (`Resolution` = `resolution`).

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value, json};

/// One field of a transition's screen, as Jira's `FieldMetadata` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScreenField {
    /// The field id, e.g. `resolution` or `customfield_10050` (the key of Jira's `fields` object).
    pub id: String,
    /// The display name, e.g. `Resolution` (the id when Jira gives none).
    pub name: String,
    /// The transition is refused without it.
    pub required: bool,
    /// `schema.type`, e.g. `resolution`, `option`, `array`, `number`, `string` (empty when missing).
    pub kind: String,
    /// The values Jira allows, in its order (empty: free input).
    pub allowed: Vec<AllowedValue>,
}

/// One allowed value of a screen field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowedValue {
    /// Jira's id of the value (sent back as `{"id": …}`).
    pub id: String,
    /// The value's label: `name` (resolutions, versions, priorities) or `value` (select options).
    pub label: String,
}

/// A note's status change that stopped because its transition screen requires fields no default covers: what
/// the plugin asks the user (the fields with their allowed values) before it retries that note with the answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScreenQuestion {
    /// The note whose state asked for the change.
    pub path: String,
    /// Its issue key.
    pub key: String,
    /// The project key (where a remembered answer is kept as a default).
    pub project: String,
    /// The status the transition leads to.
    pub to: String,
    /// The required fields without a default, in the screen's order.
    pub fields: Vec<ScreenField>,
}

/// Why a screen cannot be filled from the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScreenProblem {
    /// Required fields without a default: their display names, in the screen's order.
    Missing(Vec<String>),
    /// A default that is not one of the field's allowed values (or not a number for a number field).
    NotAllowed {
        /// The field's display name.
        field: String,
        /// The default as the user wrote it.
        value: String,
        /// The allowed labels (empty for a number field).
        allowed: Vec<String>,
    },
}

impl fmt::Display for ScreenProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(names) => {
                let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                let noun = if names.len() == 1 { "field" } else { "fields" };
                write!(f, "its screen requires the {noun} {}, which has no default", quoted.join(", "))
            }
            Self::NotAllowed { field, value, allowed } if allowed.is_empty() => {
                write!(f, "the default \"{value}\" for \"{field}\" is not a number")
            }
            Self::NotAllowed { field, value, allowed } => {
                write!(f, "the default \"{value}\" for \"{field}\" is not one of: {}", allowed.join(", "))
            }
        }
    }
}

/// Jira's `FieldMetadata`, the parts read here.
#[derive()]
struct FieldMeta {
    required: bool,
    name: Option<String>,
    schema: Option<Schema>,
    allowed_values: Vec<Value>,
}

crate::json_objects::json_object!(FieldMeta {
    required: "required" = default,
    name: "name" = default,
    schema: "schema" = default,
    allowed_values: "allowedValues" = default,
});

#[derive()]
struct Schema {
    kind: Option<String>,
}

crate::json_objects::json_object!(Schema { kind: "type" = default });

/// The screen of the offered transition `transition_id` in a transitions answer (fetched with
/// `expand=transitions.fields`), in field id order; empty when the transition has no screen, is not in the answer
/// or the answer carries no fields. Entries Jira's schema would not allow are skipped.
pub fn screen_fields(response: &Value, transition_id: &str) -> Vec<ScreenField> {
    let Some(list) = response.get("transitions").and_then(Value::as_array) else { return Vec::new() };
    let entry = list.iter().find(|t| match t.get("id") {
        Some(Value::String(s)) => s.trim() == transition_id,
        Some(Value::Number(n)) => n.to_string() == transition_id,
        _ => false,
    });
    let Some(fields) = entry.and_then(|t| t.get("fields")).and_then(Value::as_object) else { return Vec::new() };
    let mut out: Vec<ScreenField> = fields
        .iter()
        .filter_map(|(id, meta)| {
            let meta: FieldMeta = crate::json_objects::from_value_ref(meta).ok()?;
            let name = meta.name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| id.clone());
            let kind = meta.schema.and_then(|s| s.kind).unwrap_or_default();
            let allowed = meta.allowed_values.iter().filter_map(allowed_value).collect();
            Some(ScreenField { id: id.clone(), name, required: meta.required, kind, allowed })
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| a.id.cmp(&b.id));
    out
}

fn allowed_value(v: &Value) -> Option<AllowedValue> {
    let id = match v.get("id")? {
        Value::String(s) if !s.trim().is_empty() => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let label = ["name", "value"].iter().find_map(|k| v.get(*k).and_then(Value::as_str)).unwrap_or(&id).to_owned();
    Some(AllowedValue { id, label })
}

/// The defaults of `project` (key compared trimmed, case-insensitively) in a project → field → value table.
pub fn project_defaults<'a>(
    table: &'a BTreeMap<String, BTreeMap<String, String>>,
    project: &str,
) -> Option<&'a BTreeMap<String, String>> {
    let want = project.trim();
    table.iter().find(|(k, _)| k.trim().eq_ignore_ascii_case(want)).map(|(_, v)| v)
}

/// The `fields` object of a transition request: every screen field the project's `defaults` name (by field id
/// or display name), typed by its metadata. Empty when the screen asks for nothing the defaults cover.
///
/// # Errors
/// [`ScreenProblem::Missing`] when a required field has no default; [`ScreenProblem::NotAllowed`] when a
/// default is not an allowed value (or not a number for a number field).
pub fn fill_screen(
    screen: &[ScreenField],
    defaults: Option<&BTreeMap<String, String>>,
) -> Result<Map<String, Value>, ScreenProblem> {
    let mut out = Map::new();
    let mut missing = Vec::new();
    for field in screen {
        let given = defaults.and_then(|d| {
            d.iter()
                .find(|(k, v)| (same(k, &field.id) || same(k, &field.name)) && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        });
        match given {
            Some(value) => {
                out.insert(field.id.clone(), field_value(field, value)?);
            }
            None if field.required => missing.push(field.name.clone()),
            None => {}
        }
    }
    if missing.is_empty() { Ok(out) } else { Err(ScreenProblem::Missing(missing)) }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn field_value(field: &ScreenField, value: &str) -> Result<Value, ScreenProblem> {
    let array = field.kind == "array";
    if !field.allowed.is_empty() {
        let Some(hit) = field.allowed.iter().find(|a| same(&a.label, value) || a.id == value) else {
            return Err(ScreenProblem::NotAllowed {
                field: field.name.clone(),
                value: value.to_owned(),
                allowed: field.allowed.iter().map(|a| a.label.clone()).collect(),
            });
        };
        let one = json!({ "id": hit.id });
        return Ok(if array { json!([one]) } else { one });
    }
    match field.kind.as_str() {
        "number" => crate::float_text::parse_f64(value).filter(|n| n.is_finite()).map(|n| json!(n)).ok_or_else(|| {
            ScreenProblem::NotAllowed { field: field.name.clone(), value: value.to_owned(), allowed: Vec::new() }
        }),
        "array" => {
            Ok(Value::Array(value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| json!(s)).collect()))
        }
        _ => Ok(json!(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The company site's answer for an issue in *In Progress* (simulator shape, trimmed): *Done* has a screen
    /// requiring `resolution`, *Stop Progress* none.
    fn company_answer() -> Value {
        json!({ "expand": "transitions", "transitions": [
            { "id": "61", "name": "Stop Progress", "to": { "name": "To Do" }, "hasScreen": false, "fields": {} },
            { "id": "31", "name": "Done", "to": { "name": "Done" }, "hasScreen": true, "fields": {
                "resolution": { "required": true, "name": "Resolution", "key": "resolution",
                    "schema": { "type": "resolution", "system": "resolution" }, "operations": ["set"],
                    "allowedValues": [
                        { "id": "10000", "name": "Done" }, { "id": "10001", "name": "Won't Do" },
                        { "id": "10002", "name": "Duplicate" } ] } } }
        ]})
    }

    fn defaults(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn reads_the_screen_of_one_transition() {
        let screen = screen_fields(&company_answer(), "31");
        assert_eq!(screen.len(), 1);
        assert_eq!(
            (screen[0].id.as_str(), screen[0].name.as_str(), screen[0].required),
            ("resolution", "Resolution", true)
        );
        assert_eq!(screen[0].allowed[1], AllowedValue { id: "10001".into(), label: "Won't Do".into() });
        assert!(screen_fields(&company_answer(), "61").is_empty());
        assert!(screen_fields(&company_answer(), "99").is_empty());
    }

    #[test]
    fn fills_a_required_resolution_from_the_default_by_name_or_id() {
        let screen = screen_fields(&company_answer(), "31");
        for given in ["Done", " done ", "10000"] {
            let d = defaults(&[("resolution", given)]);
            assert_eq!(
                fill_screen(&screen, Some(&d)).expect("present"),
                json!({ "resolution": { "id": "10000" } }).as_object().cloned().expect("present")
            );
        }
        // The display name works as key too.
        let d = defaults(&[("Resolution", "Won't do")]);
        assert_eq!(
            Value::Object(fill_screen(&screen, Some(&d)).expect("present")),
            json!({ "resolution": { "id": "10001" } })
        );
    }

    #[test]
    fn a_required_field_without_default_is_named() {
        let screen = screen_fields(&company_answer(), "31");
        let problem = fill_screen(&screen, None).expect_err("a problem");
        assert_eq!(problem, ScreenProblem::Missing(vec!["Resolution".into()]));
        assert_eq!(problem.to_string(), "its screen requires the field \"Resolution\", which has no default");
        let blank = defaults(&[("resolution", "  "), ("priority", "High")]);
        assert_eq!(fill_screen(&screen, Some(&blank)).expect_err("a problem"), problem);
    }

    #[test]
    fn a_default_that_is_not_allowed_lists_the_allowed_values() {
        let screen = screen_fields(&company_answer(), "31");
        let d = defaults(&[("resolution", "Fixed")]);
        let problem = fill_screen(&screen, Some(&d)).expect_err("a problem");
        assert_eq!(
            problem.to_string(),
            "the default \"Fixed\" for \"Resolution\" is not one of: Done, Won't Do, Duplicate"
        );
    }

    #[test]
    fn no_screen_means_no_fields_and_optional_fields_are_filled_only_when_defaulted() {
        assert!(fill_screen(&[], None).expect("present").is_empty());
        let answer = json!({ "transitions": [{ "id": 5, "fields": {
            "customfield_1": { "required": false, "name": "Points", "schema": { "type": "number" } },
            "labels": { "required": false, "name": "Labels", "schema": { "type": "array", "items": "string" } },
            "customfield_2": { "required": false, "name": "Team", "schema": { "type": "array" },
                "allowedValues": [{ "id": "7", "value": "Blue" }] },
            "environment": { "required": false, "name": "Environment", "schema": { "type": "string" } },
            "broken": { "required": "yes" }
        }}]});
        let screen = screen_fields(&answer, "5");
        assert_eq!(
            screen.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["customfield_1", "customfield_2", "environment", "labels"]
        );
        assert!(fill_screen(&screen, None).expect("present").is_empty());
        let d = defaults(&[("points", "3"), ("labels", "a, b"), ("Team", "blue")]);
        assert_eq!(
            Value::Object(fill_screen(&screen, Some(&d)).expect("present")),
            json!({ "customfield_1": 3.0, "labels": ["a", "b"], "customfield_2": [{ "id": "7" }] })
        );
        let bad = defaults(&[("points", "three")]);
        assert_eq!(
            fill_screen(&screen, Some(&bad)).expect_err("a problem").to_string(),
            "the default \"three\" for \"Points\" is not a number"
        );
    }

    #[test]
    fn hostile_answers_give_empty_screens() {
        for answer in
            [json!(null), json!({ "transitions": "x" }), json!({ "transitions": [{ "id": "1", "fields": [1] }] })]
        {
            assert!(screen_fields(&answer, "1").is_empty());
        }
    }

    #[test]
    fn project_defaults_match_the_key_case_insensitively() {
        let mut table = BTreeMap::new();
        table.insert("ops".to_owned(), defaults(&[("resolution", "Done")]));
        assert!(project_defaults(&table, "OPS").is_some());
        assert!(project_defaults(&table, "SRCH").is_none());
    }
}
