//! Jira → note: one field of an issue JSON as the note-side value.

use serde_json::Value;

use super::{
    CustomKind, Deployment, EPIC_LINK, FieldContext, FieldError, Shape, canonical_number, is_sync_label, resolve,
};
use crate::adf::{adf_json_to_markdown, adf_to_markdown};
use crate::convert::wiki_to_markdown;
use crate::sync::config::JiraField;
use crate::worklog::format_duration;

/// The epic key in the issue's Epic Link field (see [`EPIC_LINK`]), when that field is known and holds one.
fn epic_link<'a>(issue: &'a Value, ctx: &FieldContext) -> Option<&'a str> {
    let field = ctx.customs.get(EPIC_LINK).filter(|f| f.kind == CustomKind::EpicLink)?;
    issue.get("fields")?.get(&field.id)?.as_str().filter(|k| !k.is_empty())
}

/// Reads one field of an issue JSON (the whole issue object: `{id, key, fields:{…}}`) as the note-side value.
///
/// Absent and `null` values read as `null`, except rich text, which reads as `""`. A value of an unexpected
/// JSON type is [`FieldError::InvalidRemote`]; an unresolved custom field is [`FieldError::UnknownCustomField`].
pub fn read_field(issue: &Value, field: &JiraField, ctx: &FieldContext) -> Result<Value, FieldError> {
    read_field_or_held(issue, &[], field, ctx)
}

/// [`read_field`] of an issue whose rich-text fields in `held`, as (field id, JSON text of their ADF), were left
/// out of `issue` (see the engine's `page_text.rs`): those are read straight from their text, with the same
/// value or error as from the `Value`.
pub(crate) fn read_field_or_held(
    issue: &Value,
    held: &[(String, String)],
    field: &JiraField,
    ctx: &FieldContext,
) -> Result<Value, FieldError> {
    let resolved = resolve(field, ctx)?;
    let bad = |reason: &str| FieldError::InvalidRemote { field: field.label(), reason: reason.to_owned() };
    if !issue.is_object() {
        return Err(bad("the issue is not a JSON object"));
    }
    let raw = match &resolved.id {
        None => issue.get("key"),
        Some(id) => match issue.get("fields") {
            None | Some(Value::Null) => None,
            Some(Value::Object(fields)) => fields.get(id),
            Some(_) => return Err(bad("the issue's `fields` is not a JSON object")),
        },
    };
    let raw = match (raw, resolved.shape) {
        // Data Center: an epic's child names its epic in the Epic Link field, not in `parent`.
        (None | Some(Value::Null), Shape::Parent) => match epic_link(issue, ctx) {
            Some(key) => return Ok(Value::from(key)),
            None => &Value::Null,
        },
        (raw, _) => raw.unwrap_or(&Value::Null),
    };
    match resolved.shape {
        Shape::RichText => match held.iter().find(|(id, _)| resolved.id.as_ref() == Some(id)) {
            Some((_, json)) => read_rich_text_json(json, ctx.deployment),
            None => read_rich_text(raw, ctx.deployment),
        }
        .map_err(|reason| bad(&reason)),
        Shape::Estimate(part) => Ok(raw
            .get(format!("{part}Seconds"))
            .and_then(Value::as_u64)
            .map_or(Value::Null, |s| Value::from(format_duration(s, &ctx.durations)))),
        _ if raw.is_null() => Ok(Value::Null),
        Shape::Key | Shape::Text | Shape::Date | Shape::DateTime => {
            raw.as_str().map(Value::from).ok_or_else(|| bad("expected a string"))
        }
        Shape::Named => string_prop(raw, "name").ok_or_else(|| bad("expected an object with a `name`")),
        Shape::Parent => string_prop(raw, "key").ok_or_else(|| bad("expected an issue with a `key`")),
        Shape::Option => string_prop(raw, "value").ok_or_else(|| bad("expected an option with a `value`")),
        Shape::User => read_user(raw, ctx.deployment).ok_or_else(|| bad("expected a user with a `displayName`")),
        Shape::Users => raw
            .as_array()
            .and_then(|items| items.iter().map(|u| read_user(u, ctx.deployment)).collect::<Option<Vec<_>>>())
            .map(Value::Array)
            .ok_or_else(|| bad("expected an array of users with a `displayName`")),
        Shape::Number => match raw {
            Value::Number(n) => Ok(canonical_number(n)),
            _ => Err(bad("expected a number")),
        },
        Shape::Labels => {
            let items = raw.as_array().ok_or_else(|| bad("expected an array of labels"))?;
            let mut labels = Vec::with_capacity(items.len());
            for item in items {
                let label = item.as_str().ok_or_else(|| bad("a label is not a string"))?;
                // Invariant: the sync's own tokens never reach the note (standard labels only).
                if !(matches!(field, JiraField::Labels) && is_sync_label(label)) {
                    labels.push(Value::from(label));
                }
            }
            Ok(Value::Array(labels))
        }
        Shape::NamedList => list_of(raw, "name").ok_or_else(|| bad("expected an array of objects with a `name`")),
        Shape::Options => list_of(raw, "value").ok_or_else(|| bad("expected an array of options with a `value`")),
        Shape::Raw => Ok(raw.clone()),
    }
}

/// A rich-text field's ADF held as JSON text (see [`read_field_or_held`]) as Markdown: read straight from the
/// text unless the text reader declines it, then through the `Value`, as [`read_rich_text`] (the same result).
fn read_rich_text_json(json: &str, deployment: Deployment) -> Result<Value, String> {
    if let Some(markdown) = adf_json_to_markdown(json) {
        return Ok(Value::from(markdown));
    }
    let raw: Value = serde_json::from_str(json).map_err(|e| format!("invalid ADF: {e}"))?;
    read_rich_text(&raw, deployment)
}

/// Rich text as Markdown: ADF (either deployment) through `adf_to_markdown`, a string on Data Center through
/// `wiki_to_markdown`, a string on Cloud as-is (plain text, as some text areas are sent); `null` → `""`.
fn read_rich_text(raw: &Value, deployment: Deployment) -> Result<Value, String> {
    match (raw, deployment) {
        (Value::Null, _) => Ok(Value::from("")),
        (Value::Object(_), _) => adf_to_markdown(raw).map(Value::from).map_err(|e| format!("invalid ADF: {e}")),
        (Value::String(s), Deployment::Cloud) => Ok(Value::from(s.as_str())),
        (Value::String(s), Deployment::Datacenter) => {
            wiki_to_markdown(s).map(Value::from).map_err(|e| format!("wiki markup not convertible: {e}"))
        }
        _ => Err("expected rich text (an ADF document or a string)".to_owned()),
    }
}

/// A user's display name; on Data Center falling back to `name`, on Cloud to `accountid:<id>` (the form
/// `write_field` accepts), so a user without a visible name still reads as something writable.
fn read_user(raw: &Value, deployment: Deployment) -> Option<Value> {
    let display = raw.get("displayName").and_then(Value::as_str).filter(|s| !s.is_empty());
    let fallback = || match deployment {
        Deployment::Datacenter => raw.get("name").and_then(Value::as_str).map(str::to_owned),
        Deployment::Cloud => raw.get("accountId").and_then(Value::as_str).map(|id| format!("accountid:{id}")),
    };
    display.map(str::to_owned).or_else(fallback).map(Value::from)
}

/// The string property `key` of an object.
fn string_prop(raw: &Value, key: &str) -> Option<Value> {
    raw.get(key).and_then(Value::as_str).map(Value::from)
}

/// The string property `key` of every object of an array, in order.
fn list_of(raw: &Value, key: &str) -> Option<Value> {
    raw.as_array()?.iter().map(|item| string_prop(item, key)).collect::<Option<Vec<_>>>().map(Value::Array)
}
