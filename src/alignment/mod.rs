//! Project alignment (issue #15): how the vault's notes line up with Jira's projects, hierarchy and workflows.
//!
//! One file (or folder) per capability:
//! - [`key_ref`]: reading a *key reference* in a note property — a plain key (`OPS-1`) or a wiki-link whose
//!   target's file name starts with the key (`[[OPS-1 Incident automation|alias]]`).
//! - [`parent_link`]: writing a parent as a wiki-link to the note the parent issue has (or would have), or
//!   as the plain key, by the configured [`KeyStyle`](crate::sync::KeyStyle).
//! - [`link_set`]: issue links as note properties — property names from the site's link types, and the
//!   three-way merge of a property's set of linked keys (the engine's use: `src/sync/engine/issue_links.rs`).
//! - [`jira_links`]: Jira's side of issue links — the site's link types, an issue's `issuelinks` grouped by
//!   property, and the `POST /issueLink` body.
//! - [`child_section`]: the generated *Child issues* section of a parent's note (key as a wiki-link, summary,
//!   status) between marker lines the sync owns, kept out of the note's body value (never in Jira).
//! - [`epic_folder`]: the optional folder layout with each epic's children in a folder named after the epic's
//!   note inside the project's folder: where a new note goes and where a re-parented note moves.
//! - [`health`]: [`check_health`](health::check_health), the *Vault health* integrity checks: typed findings
//!   about the synced notes, the sync state and the configuration, each with the notes involved and a fix
//!   when one is safe.
//! - [`transition_fields`]: the fields a workflow transition's screen asks for, filled from the user's
//!   per-project defaults (`SyncConfig::transition_defaults`) so a note's state change to *Done* can carry the
//!   `resolution` Jira requires, or fail with a message naming the field and where to set its default.
//! - [`workflow_map`]: per project and issue type, the statuses Jira lists with the vault state each maps to
//!   and the transitions the sync has learned, as a Mermaid `stateDiagram-v2`; statuses no mapping covers.
//! - [`project_note`]: the project note (`Jira/OPS/OPS.md`): metadata, versions, components, issue types and
//!   workflow maps between markers the sync owns, the user's text and front matter kept, no rewrite when unchanged.
//! - [`project_base`]: the Obsidian Bases file of a project (`Jira/OPS/OPS.base`), views by status and assignee.
//! - Live JQL blocks (```` ```jira-search ````, ```` ```jira-count ````): [`query_block`] reads a block's options
//!   and fills `{{property}}` placeholders JQL-quoted ([`plan_query`]), [`query_run`] runs it as requests and
//!   answers (Cloud `search/jql` pages and `approximate-count`, Data Center `search`), [`query_cells`] turns
//!   Jira's values into plain-text cells.
//!
//! References are always resolved by key, never by file name: a renamed note keeps every link to it working.
//! Everything here is pure (sans-IO): notes, state, configuration and Jira's answers come in as data; findings,
//! notes and request bodies go out as data.

pub mod child_section;
pub mod epic_folder;
pub mod health;
pub mod jira_links;
pub mod key_ref;
pub mod link_set;
pub mod parent_link;
pub mod project_base;
pub mod project_note;
pub mod query_block;
pub mod query_cells;
pub mod query_run;
pub mod transition_fields;
pub mod workflow_map;

pub use key_ref::key_in_reference;
pub use query_block::{BlockKind, Column, Display, QueryPlan, SiteField, plan_query};
pub use query_run::{QueryAction, QueryInput, QueryResult, QueryRun};
