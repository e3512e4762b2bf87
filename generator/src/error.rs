//! Located diagnostics. Spec text is untrusted input: every problem becomes a
//! [`Diagnostic`] naming a JSON pointer, never a panic.

use std::fmt;

use crate::pointer::JsonPointer;

/// One problem found in the document, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    /// Where in the document the problem sits.
    pub pointer: JsonPointer,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer`.
    pub fn new(pointer: &JsonPointer, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.clone(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// A place where the document gave a schema the generated code does not
/// type faithfully: `serde_json::Value` instead, an item skipped, or a
/// parameter that takes pre-encoded text. Every one is also a warning.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Degradation {
    /// Where in the document the schema (or item) sits.
    pub pointer: JsonPointer,
    /// What was done instead, and why.
    pub reason: String,
}

/// Why generation failed: one or more located problems.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The problems, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// An error with a single located problem.
    pub fn at(pointer: &JsonPointer, message: impl Into<String>) -> Self {
        Self {
            diagnostics: vec![Diagnostic::new(pointer, message)],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Self {
            diagnostics: vec![d],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Shorthand used throughout the pipeline.
pub type Result<T, E = Error> = std::result::Result<T, E>;
