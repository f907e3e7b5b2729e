//! `parse_note` on any text: never panics, positions are valid (see `checks::parse_note`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jira_vault_sync_fuzz::checks::parse_note(&String::from_utf8_lossy(data));
});
