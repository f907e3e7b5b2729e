//! Any JSON into `adf_to_markdown` and `adf_to_wiki`: never panics, output inert (see `checks::adf_json`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) {
        jira_vault_sync_fuzz::checks::adf_json(&doc);
    }
});
