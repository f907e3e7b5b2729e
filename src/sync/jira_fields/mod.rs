//! Mapped Jira fields as note values: reading a field of an issue JSON, normalising the note's front matter
//! value of the same field, and building the `fields` entry that writes a note value back to Jira.
//!
//! Decisions:
//! - Every field is first classified into one [`Shape`] (from the system field, or the custom field's
//!   [`CustomKind`]); reading, normalising and writing all dispatch on that one shape, so the three agree.
//! - Rich text (description, text-area custom fields) is Markdown in the note: ADF on Cloud, wiki markup on
//!   Data Center. An absent rich text reads as `""`, every other absent value as `null`; writing an empty value
//!   clears the field (`null`, or `[]` for lists).
//! - Labels starting with [`SYNC_LABEL_PREFIX`] are the sync's own tokens: they are hidden from the note and a
//!   written label list never contains Jira's tokens, so the caller re-adds the ones it needs.
//! - Numbers are canonical: an integral float (`5.0`, as Jira sends story points) becomes an integer on both
//!   sides, so `same_value` compares them equal.
//! - Jira sending a value of the wrong JSON type is [`FieldError::InvalidRemote`], a note value that cannot be
//!   written is [`FieldError::BadValue`]; nothing here panics on any input.
//! - Estimates (`timetracking`) are Jira durations in the note, canonical (`1d 2h`) with Jira's default 8-hour
//!   days and 5-day weeks; several estimate fields write into one `timetracking` object (the caller merges).
//! - Custom fields are resolved by name from `GET /field` once; an unresolved name is
//!   [`FieldError::UnknownCustomField`] when read or written, and has no [`field_id`].

mod ids;
mod read;
#[cfg(test)]
mod tests;
mod write;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::config::JiraField;

pub use ids::{epic_link_field, field_id, resolve_custom_fields};
pub use read::read_field;
pub(crate) use read::read_field_or_held;
pub use write::{normalise_local, write_field};

/// The key under which [`CustomFields`] holds Data Center's *Epic Link* field (found by its type, see
/// [`epic_link_field`]) when the parent is mapped: on Data Center an epic's children name their epic there,
/// not in `parent`, which only sub-tasks carry.
pub const EPIC_LINK: &str = "Epic Link";

/// Labels with this prefix are the sync's own creation tokens; they are never shown in the note.
pub const SYNC_LABEL_PREFIX: &str = "jvs-";

/// Whether a Jira label is one of the sync's own tokens (starts with [`SYNC_LABEL_PREFIX`]).
pub fn is_sync_label(label: &str) -> bool {
    label.starts_with(SYNC_LABEL_PREFIX)
}

/// Cloud (REST v3, ADF) or Data Center (REST v2, wiki markup). serde: `"cloud"` / `"datacenter"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Deployment {
    /// Jira Cloud: REST API v3, rich text as ADF, users by account id.
    #[default]
    Cloud,
    /// Jira Data Center / Server: REST API v2, rich text as wiki markup, users by name.
    Datacenter,
}

crate::json_objects::json_enum!(Deployment { Cloud: "cloud", Datacenter: "datacenter" });

impl Deployment {
    /// The REST API path prefix: `/rest/api/3` (Cloud) or `/rest/api/2` (Data Center).
    pub fn api_prefix(self) -> &'static str {
        match self {
            Self::Cloud => "/rest/api/3",
            Self::Datacenter => "/rest/api/2",
        }
    }
}

/// A custom field resolved from `GET /field`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomField {
    /// The field id, e.g. `customfield_10050`.
    pub id: String,
    /// What kind of value it holds.
    pub kind: CustomKind,
}

crate::json_objects::json_object!(CustomField { id: "id", kind: "kind" });

/// The kind of a custom field, from its schema (see [`resolve_custom_fields`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CustomKind {
    /// Multi-line rich text (Markdown in the note).
    TextArea,
    /// Single-line text.
    Text,
    /// One option of a list.
    Select,
    /// Several options of a list.
    MultiSelect,
    /// A number.
    Number,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A date and time, as Jira writes it.
    DateTime,
    /// A list of labels.
    Labels,
    /// A single user.
    User,
    /// Several users (a multi-user picker).
    MultiUser,
    /// Jira Software's *Epic Link* (`com.pyxis.greenhopper.jira:gh-epic-link`): the epic's key as a string.
    EpicLink,
    /// Anything else: passed through as raw JSON.
    Other,
}

crate::json_objects::json_enum!(CustomKind {
    TextArea: "textArea",
    Text: "text",
    Select: "select",
    MultiSelect: "multiSelect",
    Number: "number",
    Date: "date",
    DateTime: "dateTime",
    Labels: "labels",
    User: "user",
    MultiUser: "multiUser",
    EpicLink: "epicLink",
    Other: "other"
});

/// Custom fields by display name, as written in the config.
pub type CustomFields = BTreeMap<String, CustomField>;

/// What the field functions need to know besides the field: the deployment and the resolved custom fields.
#[derive(Debug, Clone, Copy)]
pub struct FieldContext<'a> {
    /// Cloud or Data Center.
    pub deployment: Deployment,
    /// The custom fields resolved by [`resolve_custom_fields`].
    pub customs: &'a CustomFields,
    /// Jira's working hours per day and days per week, for estimates in duration form (`2d 4h`).
    pub durations: crate::worklog::DurationConfig,
}

/// Why a field could not be resolved, read or written. `field` is the field's label ([`JiraField::label`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// No field of that name exists in Jira's field list.
    #[error("custom field \"{name}\" does not exist in Jira (check the name in the field mapping)")]
    UnknownCustomField {
        /// The name as written in the config.
        name: String,
    },
    /// Several Jira fields carry that name.
    #[error("custom field \"{name}\" is ambiguous: Jira has several fields of that name ({})", ids.join(", "))]
    AmbiguousCustomField {
        /// The name as written in the config.
        name: String,
        /// The ids of all fields of that name.
        ids: Vec<String>,
    },
    /// The field cannot be written by the sync.
    #[error("{field} is read-only in Jira; set this mapping's direction to pull")]
    ReadOnly {
        /// The field.
        field: String,
    },
    /// Writing this field is not possible in this form.
    #[error("{field} cannot be written: {reason}")]
    Unsupported {
        /// The field.
        field: String,
        /// Why, and what to do instead.
        reason: String,
    },
    /// The note's value cannot be written to the field.
    #[error("the note's value for {field} is invalid: {reason}")]
    BadValue {
        /// The field.
        field: String,
        /// What is wrong with the value.
        reason: String,
    },
    /// Jira sent a value of an unexpected shape.
    #[error("Jira sent an unexpected value for {field}: {reason}")]
    InvalidRemote {
        /// The field.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// How a field's value looks on both sides; the one classification reading, normalising and writing share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One part of `timetracking` (`originalEstimate`, `remainingEstimate`, `timeSpent`): a Jira duration
    /// (`2d 4h`, 8-hour days and 5-day weeks) in the note; Jira's `…Seconds` is read.
    Estimate(&'static str),
    /// The issue key (top level of the issue, read-only).
    Key,
    /// Single-line text (summary, text custom fields).
    Text,
    /// Rich text: Markdown in the note, ADF or wiki markup in Jira.
    RichText,
    /// An object known by its `name` (status, priority, issue type, resolution).
    Named,
    /// A user (`displayName`).
    User,
    /// A list of users (their `displayName`s).
    Users,
    /// The parent issue (`key`).
    Parent,
    /// A date `YYYY-MM-DD`.
    Date,
    /// A date-time string, kept as Jira sent it.
    DateTime,
    /// A list of label strings.
    Labels,
    /// A list of objects known by their `name` (components, fix versions).
    NamedList,
    /// A select option (`value`).
    Option,
    /// A list of select options.
    Options,
    /// A number.
    Number,
    /// Raw JSON, passed through.
    Raw,
}

impl Shape {
    /// Whether a note value of this shape is a list.
    pub(crate) fn is_list(self) -> bool {
        matches!(self, Self::Labels | Self::NamedList | Self::Options | Self::Users)
    }
}

/// A field classified: its Jira id (`None` for the key) and its shape.
pub(crate) struct Resolved {
    pub(crate) id: Option<String>,
    pub(crate) shape: Shape,
}

/// Classifies a field; an unresolved custom field is [`FieldError::UnknownCustomField`].
pub(crate) fn resolve(field: &JiraField, ctx: &FieldContext) -> Result<Resolved, FieldError> {
    let system = |id: &str, shape| Ok(Resolved { id: Some(id.to_owned()), shape });
    match field {
        JiraField::Key => Ok(Resolved { id: None, shape: Shape::Key }),
        JiraField::Summary => system("summary", Shape::Text),
        JiraField::Description => system("description", Shape::RichText),
        JiraField::Status => system("status", Shape::Named),
        JiraField::Assignee => system("assignee", Shape::User),
        JiraField::Reporter => system("reporter", Shape::User),
        JiraField::Priority => system("priority", Shape::Named),
        JiraField::Labels => system("labels", Shape::Labels),
        JiraField::Components => system("components", Shape::NamedList),
        JiraField::FixVersions => system("fixVersions", Shape::NamedList),
        JiraField::DueDate => system("duedate", Shape::Date),
        JiraField::Parent => system("parent", Shape::Parent),
        JiraField::IssueType => system("issuetype", Shape::Named),
        JiraField::Created => system("created", Shape::DateTime),
        JiraField::Updated => system("updated", Shape::DateTime),
        JiraField::Resolution => system("resolution", Shape::Named),
        JiraField::OriginalEstimate => system("timetracking", Shape::Estimate("originalEstimate")),
        JiraField::RemainingEstimate => system("timetracking", Shape::Estimate("remainingEstimate")),
        JiraField::TimeSpent => system("timetracking", Shape::Estimate("timeSpent")),
        JiraField::Custom(name) => {
            let custom = ctx.customs.get(name).ok_or_else(|| FieldError::UnknownCustomField { name: name.clone() })?;
            let shape = match custom.kind {
                CustomKind::TextArea => Shape::RichText,
                CustomKind::Text | CustomKind::EpicLink => Shape::Text,
                CustomKind::Select => Shape::Option,
                CustomKind::MultiSelect => Shape::Options,
                CustomKind::Number => Shape::Number,
                CustomKind::Date => Shape::Date,
                CustomKind::DateTime => Shape::DateTime,
                CustomKind::Labels => Shape::Labels,
                CustomKind::User => Shape::User,
                CustomKind::MultiUser => Shape::Users,
                CustomKind::Other => Shape::Raw,
            };
            Ok(Resolved { id: Some(custom.id.clone()), shape })
        }
    }
}

/// Whether a field holds users (assignee, reporter, a user-picker or multi-user-picker custom field): its note
/// value is a name (or a list of names) the engine resolves through Jira's user search before writing it
/// (`engine/users.rs`).
pub(crate) fn is_user_field(field: &JiraField, ctx: &FieldContext) -> bool {
    resolve(field, ctx).is_ok_and(|r| matches!(r.shape, Shape::User | Shape::Users))
}

/// A number in canonical form: an integral float within `i64` range becomes an integer, so `5.0 == 5`.
pub(crate) fn canonical_number(n: &serde_json::Number) -> Value {
    match n.as_f64() {
        // Invariant: |f| < 2^53, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
        _ => Value::Number(n.clone()),
    }
}
