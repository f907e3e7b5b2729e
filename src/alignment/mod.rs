//! Project alignment (issue #15): how the vault's notes line up with Jira's projects, hierarchy and workflows.
//!
//! One file (or folder) per capability:
//! - `key_ref`: [`key_in_reference`], the issue key a note property refers to (a plain key or a wiki-link
//!   whose target's file name starts with the key).
//! - `health`: [`check_health`](health::check_health), the *Vault health* integrity checks: typed findings
//!   about the synced notes, the sync state and the configuration, each with the notes involved and a fix
//!   when one is safe.
//!
//! Everything here is pure: notes, state and configuration come in as data, findings go out as data.

pub mod health;
pub mod key_ref;

pub use key_ref::key_in_reference;
