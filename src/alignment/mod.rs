//! Project alignment (issue #15): how Jira's projects and workflows line up with the vault.
//!
//! One file per capability:
//! - [`transition_fields`]: the fields a workflow transition's screen asks for, filled from the user's
//!   per-project defaults (`SyncConfig::transition_defaults`) so a note's state change to *Done* can carry the
//!   `resolution` Jira requires, or fail with a message naming the field and where to set its default.
//! - [`workflow_map`]: per project and issue type, the statuses Jira lists with the vault state each maps to
//!   and the transitions the sync has learned, as a Mermaid `stateDiagram-v2`; statuses no mapping covers.
//! - [`project_note`]: the project note (`Jira/OPS/OPS.md`): metadata, versions, components, issue types and
//!   workflow maps between markers the sync owns, the user's text and front matter kept, no rewrite when unchanged.
//! - [`project_base`]: the Obsidian Bases file of a project (`Jira/OPS/OPS.base`), views by status and assignee.
//!
//! Like the rest of the core, everything here is sans-IO: Jira's answers come in as JSON values, request bodies
//! go out as data.

pub mod project_base;
pub mod project_note;
pub mod transition_fields;
pub mod workflow_map;
