//! Project alignment (issue #15): Jira's hierarchy and links as the graph Obsidian draws.
//!
//! - [`key_ref`]: reading a *key reference* in a note property — a plain key (`OPS-1`) or a wiki-link whose
//!   target's file name starts with the key (`[[OPS-1 Incident automation|alias]]`).
//! - [`link_set`]: issue links as note properties — property names from the site's link types, and the
//!   three-way merge of a property's set of linked keys (engine wiring still to come; see `docs/links.md`).
//! - [`parent_link`]: writing a parent as a wiki-link to the note the parent issue has (or would have), or
//!   as the plain key, by the configured [`KeyStyle`](crate::sync::KeyStyle).
//!
//! References are always resolved by key, never by file name: a renamed note keeps every link to it working,
//! and the sync only refreshes the link text.

pub mod key_ref;
pub mod link_set;
pub mod parent_link;
