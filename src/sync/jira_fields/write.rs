//! Note → Jira: normalising a front matter value, and the `fields` entry that writes it.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::{Deployment, FieldContext, FieldError, Shape, canonical_number, resolve};
use crate::convert::markdown_to_wiki;
use crate::markdown::markdown_to_adf;
use crate::sync::config::JiraField;
use crate::sync::field_merge::is_empty;

/// The prefix of a Cloud user reference in the note: `accountid:<accountId>` (matched case-insensitively).
const ACCOUNT_ID_PREFIX: &str = "accountid:";

/// Normalises a note front matter value (YAML as JSON) for comparison with [`read_field`](super::read_field)'s
/// value of the same field.
///
/// Single-line fields: trailing whitespace trimmed, numbers and booleans become their text (`title: 2024` →
/// `"2024"`). Number fields: a numeric string becomes a number, integral floats become integers. List fields:
/// a single scalar becomes a one-element list (`""` the empty list), scalar items become text, `null` stays
/// `null`. Rich text strings are not touched (scalars still become text). Unresolved custom fields and raw
/// fields are returned unchanged.
pub fn normalise_local(field: &JiraField, value: &Value, ctx: &FieldContext) -> Value {
    let Ok(resolved) = resolve(field, ctx) else {
        return value.clone();
    };
    let shape = resolved.shape;
    match (shape, value) {
        (Shape::Raw, _) | (_, Value::Null) => value.clone(),
        (Shape::Estimate(_), Value::String(s)) if s.trim().is_empty() => Value::Null,
        (Shape::Estimate(_), Value::String(s)) => {
            let c = ctx.durations;
            crate::worklog::parse_duration(s, &c)
                .map_or_else(|_| value.clone(), |secs| Value::from(crate::worklog::format_duration(secs, &c)))
        }
        (Shape::Estimate(_), Value::Number(n)) => n.as_f64().map_or(value.clone(), |h| {
            // A bare number is hours.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let secs = (h.max(0.0) * 3600.0).round() as u64;
            Value::from(crate::worklog::format_duration(secs, &ctx.durations))
        }),
        (Shape::RichText, Value::String(_)) => value.clone(),
        // A parent is a key reference: `OPS-1` or a wiki-link to its note; either reads as the key.
        (Shape::Parent, Value::String(s)) => {
            crate::alignment::key_ref::key_in_reference(s).map_or_else(|| scalar_text(value), Value::from)
        }
        (Shape::Number, Value::Number(n)) => canonical_number(n),
        (Shape::Number, Value::String(s)) => parse_number(s.trim()).unwrap_or_else(|| value.clone()),
        (_, Value::Array(items)) if shape.is_list() => Value::Array(items.iter().map(scalar_text).collect()),
        (_, Value::String(s)) if shape.is_list() && s.trim().is_empty() => Value::Array(Vec::new()),
        (_, Value::String(_) | Value::Number(_) | Value::Bool(_)) if shape.is_list() => {
            Value::Array(vec![scalar_text(value)])
        }
        (_, Value::String(_) | Value::Number(_) | Value::Bool(_)) => scalar_text(value),
        _ => value.clone(),
    }
}

/// A scalar as single-line text (trailing whitespace trimmed); arrays, objects and `null` unchanged.
fn scalar_text(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::from(s.trim_end()),
        Value::Number(n) => Value::from(canonical_number(n).to_string()),
        Value::Bool(b) => Value::from(b.to_string()),
        other => other.clone(),
    }
}

/// A numeric string as a canonical JSON number; `None` when it is not a finite number.
fn parse_number(s: &str) -> Option<Value> {
    if let Ok(i) = s.parse::<i64>() {
        return Some(Value::from(i));
    }
    let f = crate::float_text::parse_f64(s).filter(|f| f.is_finite())?;
    serde_json::Number::from_f64(f).map(|n| canonical_number(&n))
}

/// The Jira `fields` entry (field id, JSON value) that writes a note-side value, for `PUT /issue` and
/// `POST /issue`. The value is normalised first ([`normalise_local`]); an empty value clears the field.
///
/// Read-only fields are [`FieldError::ReadOnly`]; the status (changed through a transition) and Cloud users
/// not given as `accountid:<id>` are [`FieldError::Unsupported`]; values Jira would reject are
/// [`FieldError::BadValue`]. A written label list never holds the sync's own `jvs-` tokens unless the note does.
pub fn write_field(field: &JiraField, value: &Value, ctx: &FieldContext) -> Result<(String, Value), FieldError> {
    let label = field.label();
    if field.is_read_only() {
        return Err(FieldError::ReadOnly { field: label });
    }
    if matches!(field, JiraField::Status) {
        let reason = "the status changes through a workflow transition, not a field edit".to_owned();
        return Err(FieldError::Unsupported { field: label, reason });
    }
    let resolved = resolve(field, ctx)?;
    let Some(id) = resolved.id else {
        return Err(FieldError::ReadOnly { field: label });
    };
    let bad = |reason: &str| FieldError::BadValue { field: label.clone(), reason: reason.to_owned() };
    let value = normalise_local(field, value, ctx);
    let empty = is_empty(&value);
    let text = value.as_str();
    let written = match resolved.shape {
        Shape::Key => return Err(FieldError::ReadOnly { field: label }),
        Shape::Raw => value.clone(),
        Shape::Estimate(part) if empty => json!({ part: Value::Null }),
        Shape::Estimate(part) => {
            let c = ctx.durations;
            let t = text.ok_or_else(|| bad("expected a duration such as 2d 4h"))?;
            crate::worklog::parse_duration(t, &c).map_err(|e| bad(&format!("not a duration: {e}")))?;
            json!({ part: t })
        }
        Shape::RichText if empty => Value::Null,
        Shape::RichText => {
            let markdown = text.ok_or_else(|| bad("expected Markdown text"))?;
            match ctx.deployment {
                Deployment::Cloud => markdown_to_adf(markdown),
                Deployment::Datacenter => Value::from(
                    markdown_to_wiki(markdown).map_err(|e| bad(&format!("cannot convert to wiki markup: {e}")))?,
                ),
            }
        }
        Shape::Text if empty && matches!(field, JiraField::Summary) => return Err(bad("the summary cannot be empty")),
        Shape::Labels | Shape::NamedList | Shape::Options | Shape::Users if empty => Value::Array(Vec::new()),
        Shape::Named if empty && matches!(field, JiraField::IssueType) => {
            return Err(bad("an issue needs an issue type"));
        }
        _ if empty => Value::Null,
        Shape::Text => {
            let s = text.ok_or_else(|| bad("expected text"))?;
            if s.contains(['\n', '\r']) {
                return Err(bad("a single-line field cannot contain line breaks"));
            }
            Value::from(s)
        }
        Shape::Named => json!({ "name": text.ok_or_else(|| bad("expected a name"))? }),
        Shape::Option => json!({ "value": text.ok_or_else(|| bad("expected an option value"))? }),
        Shape::User => write_user(text.ok_or_else(|| bad("expected a user name"))?, ctx.deployment, &label)?,
        Shape::Users => {
            let names = strings(&value).ok_or_else(|| bad("expected a list of user names"))?;
            let users: Result<Vec<Value>, FieldError> =
                names.into_iter().map(|n| write_user(n, ctx.deployment, &label)).collect();
            Value::Array(users?)
        }
        Shape::Parent => {
            let key = text.filter(|k| !k.contains(char::is_whitespace));
            json!({ "key": key.ok_or_else(|| bad("expected an issue key such as OPS-12"))? })
        }
        Shape::Date => {
            let date = text.filter(|d| is_date(d)).ok_or_else(|| bad("expected a date written YYYY-MM-DD"))?;
            Value::from(date)
        }
        Shape::DateTime => Value::from(text.ok_or_else(|| bad("expected a date and time as text"))?),
        Shape::Number => match value {
            Value::Number(_) => value.clone(),
            _ => return Err(bad("expected a number")),
        },
        Shape::Labels => {
            let labels = strings(&value).ok_or_else(|| bad("expected a list of labels"))?;
            if let Some(l) = labels.iter().find(|l| l.is_empty() || l.contains(char::is_whitespace)) {
                return Err(bad(&format!("the label \"{l}\" is empty or contains whitespace")));
            }
            Value::from(labels)
        }
        Shape::NamedList => named_list(&value, "name").ok_or_else(|| bad("expected a list of names"))?,
        Shape::Options => named_list(&value, "value").ok_or_else(|| bad("expected a list of option values"))?,
    };
    Ok((id, written))
}

/// A user reference: Data Center by name, Cloud by account id only (`accountid:<id>`).
fn write_user(user: &str, deployment: Deployment, label: &str) -> Result<Value, FieldError> {
    match deployment {
        Deployment::Datacenter => Ok(json!({ "name": user })),
        Deployment::Cloud => {
            let prefix = user.get(..ACCOUNT_ID_PREFIX.len()).filter(|p| p.eq_ignore_ascii_case(ACCOUNT_ID_PREFIX));
            let id = prefix.and_then(|p| user.get(p.len()..)).map(str::trim).filter(|id| !id.is_empty());
            match id {
                Some(id) => Ok(json!({ "accountId": id })),
                None => Err(FieldError::Unsupported {
                    field: label.to_owned(),
                    reason: format!(
                        "Jira Cloud only accepts a user by account id; write \"accountid:<id>\" instead of \"{user}\", \
                         or set this mapping's direction to pull"
                    ),
                }),
            }
        }
    }
}

/// The items of a list of strings; `None` if it is not one.
fn strings(value: &Value) -> Option<Vec<&str>> {
    value.as_array()?.iter().map(Value::as_str).collect()
}

/// `[{key: item}, …]` for a list of non-empty strings.
fn named_list(value: &Value, key: &str) -> Option<Value> {
    let items = strings(value)?;
    if items.iter().any(|s| s.is_empty()) {
        return None;
    }
    Some(Value::Array(items.into_iter().map(|s| json!({ key: s })).collect()))
}

/// Whether `s` is a calendar date written `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
    match (shape, num(0..4), num(5..7), num(8..10)) {
        (true, Some(y), Some(m), Some(d)) => {
            i32::try_from(y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d)).is_some()
        }
        _ => false,
    }
}
