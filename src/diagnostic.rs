//! Diagnostics: problems found in user input, reported instead of failing.
//!
//! Defined with the body scanners in `note_body` (they report them too) and re-exported here: see
//! [`Diagnostic`] for the positions every diagnostic carries.

pub use note_body::diagnostic::{Diagnostic, Severity};
