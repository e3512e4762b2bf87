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

/// What the generated code does in place of a degraded construct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DegradationKind {
    /// A schema the document gave is `serde_json::Value`.
    AnyJson,
    /// A parameter takes text the caller encodes.
    PlainText,
    /// An enum too large to compile is its plain scalar type.
    PlainScalar,
    /// An operation, parameter, body, response, security scheme or `allOf`
    /// part is left out.
    Skipped,
}

impl DegradationKind {
    /// A short label, as the summary prints it.
    pub fn label(self) -> &'static str {
        match self {
            Self::AnyJson => "any JSON value",
            Self::PlainText => "pre-encoded text",
            Self::PlainScalar => "plain scalar",
            Self::Skipped => "skipped",
        }
    }
}

impl Degradation {
    /// What was done instead. Every reason names its outcome (`…; using any
    /// JSON value`, `…already-encoded string`, `…plain string(s)/value`);
    /// the others (`…; skipped`, `…left out`, a `$ref` that resolves to
    /// nothing) leave the item out.
    pub fn kind(&self) -> DegradationKind {
        let r = self.reason.as_str();
        if r.ends_with("using any JSON value") {
            DegradationKind::AnyJson
        } else if r.contains("already-encoded string")
            || r.contains("sent as plain strings")
            || r.contains("sent as a plain value")
        {
            DegradationKind::PlainText
        } else if r.contains("kept as a plain ") {
            DegradationKind::PlainScalar
        } else {
            DegradationKind::Skipped
        }
    }
}

/// `12 degraded (8 any JSON value, 3 skipped, 1 pre-encoded text)`, or
/// `nothing degraded`: the one-line summary `generate` prints.
pub fn degradation_summary(degradations: &[Degradation]) -> String {
    if degradations.is_empty() {
        return "nothing degraded".to_owned();
    }
    let mut counts = std::collections::BTreeMap::new();
    for d in degradations {
        *counts.entry(d.kind()).or_insert(0usize) += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.label()))
        .collect();
    format!("{} degraded ({})", degradations.len(), parts.join(", "))
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
