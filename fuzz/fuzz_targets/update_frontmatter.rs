//! `update_frontmatter` on any note and changes: never panics; on success the values read back
//! (see `checks::update_frontmatter`).
#![no_main]

use jira_vault_sync_fuzz::FrontmatterEdit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|edit: FrontmatterEdit| {
    jira_vault_sync_fuzz::checks::update_frontmatter(&edit.text, &edit.changes);
});
