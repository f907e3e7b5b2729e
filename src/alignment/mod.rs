//! Project alignment (issue #15): how the vault lines up with Jira beyond one note per issue.
//!
//! One file per capability:
//! - `key_ref` reads a *key reference* in a note property: a plain key (`OPS-1`) or a wiki-link whose target's
//!   file name starts with the key (`[[OPS-1 Incident automation|alias]]`).
//! - `query_block` parses the text of a ```` ```jira-search ```` / ```` ```jira-count ```` code block (options,
//!   columns, `{{property}}` placeholders filled JQL-quoted from the note's front matter) into a [`QueryPlan`],
//!   reporting problems as diagnostics with line and column, never panicking.
//! - `query_cells` turns Jira field values into plain-text cells (users by display name, options by value,
//!   rich text as its text).
//! - `query_run` runs one block as data: the search or count requests for Cloud or Data Center out, the answers
//!   in, the zone offsets for datetimes asked of the driver, and a [`QueryResult`] of rows (or a count, or an
//!   error in plain words) at the end.

pub mod key_ref;
pub mod query_block;
pub mod query_cells;
pub mod query_run;

pub use key_ref::key_in_reference;
pub use query_block::{BlockKind, Column, Display, QueryPlan, SiteField, plan_query};
pub use query_run::{QueryAction, QueryInput, QueryResult, QueryRun};
