//! Diagnostics: problems found in user input, reported instead of failing.
//!
//! Every parser in the core returns what it could read plus a list of diagnostics. Lines and columns are
//! 1-based and columns count Unicode scalar values (what an editor shows), while `offset` is the byte offset
//! into the UTF-8 text, so callers can both show and slice.

use serde::Serialize;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The input could not be understood; the affected part is ignored (and, for front matter, read-only).
    Error,
    /// The input was understood, but probably not as the user meant.
    Warning,
}

/// One problem in a note, with its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable, machine-readable code such as `yaml-syntax` or `duplicate-key`.
    pub code: &'static str,
    /// A sentence for the user.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
    /// Byte offset into the note text.
    pub offset: usize,
}

impl Diagnostic {
    /// An error at byte `offset` of `text`.
    pub fn error(text: &str, offset: usize, code: &'static str, message: impl Into<String>) -> Self {
        Self::at(text, offset, Severity::Error, code, message)
    }

    /// A warning at byte `offset` of `text`.
    pub fn warning(text: &str, offset: usize, code: &'static str, message: impl Into<String>) -> Self {
        Self::at(text, offset, Severity::Warning, code, message)
    }

    fn at(text: &str, offset: usize, severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        let pos = crate::text::Position::of(text, offset);
        Self { severity, code, message: message.into(), line: pos.line, column: pos.column, offset: pos.offset }
    }
}
