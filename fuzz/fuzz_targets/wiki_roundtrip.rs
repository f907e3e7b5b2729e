//! Wiki → ADF → wiki / Markdown on any text: stable on its own output (see `checks::wiki_roundtrip`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jira_vault_sync_fuzz::checks::wiki_roundtrip(&String::from_utf8_lossy(data));
});
