//! The one error of the wiki conversions: ADF that is not a document, reported with the path of the node.

use thiserror::Error;

/// Why [`super::adf_to_wiki`] could not read an ADF value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WikiError {
    /// The value is not valid ADF at `path` (such as `content[2].content[0]`).
    #[error("invalid ADF at {path}: {message}")]
    InvalidAdf {
        /// Where in the document, as `content[i]…` steps from the root (`doc` for the root itself).
        path: String,
        /// What is wrong there.
        message: String,
    },
    /// Nodes are nested deeper than the converter follows.
    #[error("ADF nested too deeply at {path} (more than {limit} levels)")]
    TooDeep {
        /// The node at which the limit was reached.
        path: String,
        /// The limit.
        limit: usize,
    },
}

impl WikiError {
    pub(crate) fn invalid(path: &str, message: impl Into<String>) -> Self {
        Self::InvalidAdf { path: path.to_owned(), message: message.into() }
    }
}
