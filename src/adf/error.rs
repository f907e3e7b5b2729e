//! The one error type of ADF → Markdown conversion: the input was not an ADF document.

/// Why an ADF value could not be converted. `path` is the JSON path of the bad node, such as
/// `content[2].content[0]`, or `document` for the root.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdfError {
    /// The value does not have the shape of an ADF document.
    #[error("{path}: {message}")]
    Shape {
        /// Where the bad node is.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// The document nests deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    #[error("{path}: nesting deeper than {max} levels")]
    TooDeep {
        /// The first node that is too deep.
        path: String,
        /// The limit.
        max: usize,
    },
}
