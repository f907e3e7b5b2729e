//! Jira Vault Sync core: everything the Obsidian plugin and the headless CLI decide, with no I/O of its own.
//!
//! The crate is *sans-IO and deterministic*: it never reads a clock, draws random numbers, touches the file
//! system or opens a connection. Note texts, the current time and HTTP responses come in as arguments; vault
//! edits and HTTP requests go out as plain data. Parsing never panics and never fails on user input: problems are
//! reported as [`Diagnostic`]s next to whatever could still be read.
//!
//! The only module that knows about JavaScript is [`wasm`]; everything else is plain Rust, tested natively.

#![forbid(unsafe_code)]

pub mod adf;
pub mod alignment;
pub mod analytics;
pub mod assist;
pub mod automation;
pub mod body;
pub mod convert;
mod date_text;
pub mod diagnostic;
mod float_text;
pub mod frontmatter;
pub mod history;
mod json_objects;
pub mod json_text;
pub mod markdown;
pub mod note;
pub mod reformat;
pub mod report;
pub mod sort;
pub mod sync;
pub mod text;
pub mod wasm;
pub mod wiki;
pub mod worklog;

pub use adf::{AdfError, adf_to_markdown};
pub use diagnostic::{Diagnostic, Severity};
pub use markdown::markdown_to_adf;
pub use note::{Note, parse_note};

/// The crate version, as exported to JavaScript by `version()`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
