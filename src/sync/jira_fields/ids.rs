//! Field ids: resolving custom field names from `GET /field`, and the id of every mapped field.
//!
//! Only custom fields are candidates for a name (`custom: true`, or an id starting with `customfield_` when
//! `custom` is missing), so a custom field named like a system field is still found, and unambiguously.

use serde_json::Value;

use super::{CustomField, CustomFields, CustomKind, FieldContext, FieldError, resolve};
use crate::sync::config::JiraField;

/// The plugin key prefix of Jira's built-in custom field types.
const PLUGIN_PREFIX: &str = "com.atlassian.jira.plugin.system.customfieldtypes:";

/// The plugin key of Jira Software's *Epic Link* field type.
const EPIC_LINK_TYPE: &str = "com.pyxis.greenhopper.jira:gh-epic-link";

/// Resolves the wanted custom field names (case-insensitive, trimmed match on `name`) from a `GET /field`
/// response (a JSON array of `{id, name, custom, schema:{type, items?, custom?}}`). Names not found, or found
/// more than once (ambiguous), are returned as errors; found ones go in the map keyed by the wanted name as
/// given. A response that is not an array is one [`FieldError::InvalidRemote`] and an empty map.
pub fn resolve_custom_fields(field_list: &Value, wanted: &[&str]) -> (CustomFields, Vec<FieldError>) {
    let mut found = CustomFields::new();
    let mut errors = Vec::new();
    let Some(list) = field_list.as_array() else {
        let reason = "the field list is not a JSON array".to_owned();
        errors.push(FieldError::InvalidRemote { field: "GET /field".to_owned(), reason });
        return (found, errors);
    };
    let candidates: Vec<(&str, &str, &Value)> = list.iter().filter_map(candidate).collect();
    for &name in wanted {
        if found.contains_key(name) || errors.iter().any(|e| error_name(e) == Some(name)) {
            continue;
        }
        let key = name.trim().to_lowercase();
        let mut matches: Vec<(&str, &Value)> = Vec::new();
        for &(id, field_name, schema) in &candidates {
            // Invariant: one entry per distinct id, so a repeated listing is not ambiguity.
            if field_name.trim().to_lowercase() == key && !matches.iter().any(|(m, _)| *m == id) {
                matches.push((id, schema));
            }
        }
        match matches.as_slice() {
            [] => errors.push(FieldError::UnknownCustomField { name: name.to_owned() }),
            [(id, schema)] => {
                found.insert(name.to_owned(), CustomField { id: (*id).to_owned(), kind: kind_of(schema) });
            }
            many => errors.push(FieldError::AmbiguousCustomField {
                name: name.to_owned(),
                ids: many.iter().map(|(id, _)| (*id).to_owned()).collect(),
            }),
        }
    }
    (found, errors)
}

/// Jira Software's *Epic Link* field in a `GET /field` response, found by its type (its name is translated on
/// sites in other languages): `None` when the site has none (Jira without Software) or, ambiguously, several.
pub fn epic_link_field(field_list: &Value) -> Option<CustomField> {
    let list = field_list.as_array()?;
    let mut ids: Vec<&str> = list
        .iter()
        .filter_map(candidate)
        .filter(|(_, _, schema)| schema.get("custom").and_then(Value::as_str) == Some(EPIC_LINK_TYPE))
        .map(|(id, _, _)| id)
        .collect();
    ids.dedup();
    match ids.as_slice() {
        [id] => Some(CustomField { id: (*id).to_owned(), kind: CustomKind::EpicLink }),
        _ => None,
    }
}

/// The name a resolution error is about.
fn error_name(error: &FieldError) -> Option<&str> {
    match error {
        FieldError::UnknownCustomField { name } | FieldError::AmbiguousCustomField { name, .. } => Some(name),
        _ => None,
    }
}

/// `(id, name, schema)` of a custom field entry of the field list; `None` for system fields and odd entries.
fn candidate(entry: &Value) -> Option<(&str, &str, &Value)> {
    let id = entry.get("id")?.as_str()?;
    let name = entry.get("name")?.as_str()?;
    let custom = match entry.get("custom") {
        Some(Value::Bool(b)) => *b,
        _ => id.starts_with("customfield_"),
    };
    custom.then(|| (id, name, entry.get("schema").unwrap_or(&Value::Null)))
}

/// The kind of a custom field from its schema: the plugin key first, then the JSON type.
pub(crate) fn kind_of(schema: &Value) -> CustomKind {
    if schema.get("custom").and_then(Value::as_str) == Some(EPIC_LINK_TYPE) {
        return CustomKind::EpicLink;
    }
    let plugin = schema.get("custom").and_then(Value::as_str).and_then(|c| c.strip_prefix(PLUGIN_PREFIX));
    let by_plugin = match plugin {
        Some("textarea") => Some(CustomKind::TextArea),
        Some("textfield") => Some(CustomKind::Text),
        Some("select" | "radiobuttons") => Some(CustomKind::Select),
        Some("multiselect" | "multicheckboxes") => Some(CustomKind::MultiSelect),
        Some("float") => Some(CustomKind::Number),
        Some("datepicker") => Some(CustomKind::Date),
        Some("datetime") => Some(CustomKind::DateTime),
        Some("labels") => Some(CustomKind::Labels),
        Some("userpicker") => Some(CustomKind::User),
        Some("multiuserpicker") => Some(CustomKind::MultiUser),
        _ => None,
    };
    by_plugin.unwrap_or_else(|| {
        let items = schema.get("items").and_then(Value::as_str);
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => CustomKind::Text,
            Some("number") => CustomKind::Number,
            Some("date") => CustomKind::Date,
            Some("datetime") => CustomKind::DateTime,
            Some("option") => CustomKind::Select,
            Some("user") => CustomKind::User,
            Some("array") if items == Some("string") => CustomKind::Labels,
            Some("array") if items == Some("option") => CustomKind::MultiSelect,
            Some("array") if items == Some("user") => CustomKind::MultiUser,
            _ => CustomKind::Other,
        }
    })
}

/// The Jira field id of a mapping (`summary`, `description`, `status`, `assignee`, `reporter`, `priority`,
/// `labels`, `components`, `fixVersions`, `duedate`, `parent`, `issuetype`, `created`, `updated`, `resolution`,
/// the custom field's id), for the `fields` list of a search; `None` for [`JiraField::Key`] (it is not in
/// `fields`) or an unresolved custom field.
pub fn field_id(field: &JiraField, ctx: &FieldContext) -> Option<String> {
    resolve(field, ctx).ok().and_then(|r| r.id)
}
