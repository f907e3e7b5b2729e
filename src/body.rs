//! The note body: headings, wiki links, tags, tasks and Jira keys.
//!
//! The scanners are the workspace crate `note_body` (`crates/note-body`), a crate of their own so that the
//! release profile can build them for speed while the rest of the core is built for size; this module
//! re-exports what the core uses. [`scan`]'s stages are described in that crate's overview.

pub use note_body::{
    BodyScan, Heading, JiraKeyRef, Priority, Tag, TagSource, Task, TaskFields, WikiLink, first_key, frontmatter_tags,
    frontmatter_tags_in, frontmatter_tags_of, is_tags_key, leading_key, scan,
};
