//! Following local `$ref`s through the raw document: the one place that
//! knows how a chain of references ends, shared by the `allOf` fold (load
//! stage) and the reference index lowering reads.

use std::collections::HashMap;

use serde_json::Value;

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// Longest chain of references to references followed.
const MAX_CHAIN: usize = 32;

/// A document's JSON, plus the places inside folded schemas that
/// references name (see [`crate::all_of::Folds::detached`]).
#[derive(Clone, Copy)]
pub(crate) struct RawDoc<'v> {
    pub(crate) root: &'v Value,
    pub(crate) detached: Option<&'v HashMap<JsonPointer, Value>>,
}

impl<'v> RawDoc<'v> {
    /// A document with nothing detached.
    pub(crate) fn new(root: &'v Value) -> Self {
        Self {
            root,
            detached: None,
        }
    }

    /// The value at `at`: a place inside a folded schema as the document
    /// wrote it (folded in turn), anything else where it is.
    fn resolve(&self, at: &JsonPointer) -> Option<&'v Value> {
        self.detached
            .and_then(|d| d.get(at))
            .or_else(|| at.resolve(self.root))
    }

    /// Follows a chain of local references: the final target's pointer and
    /// value, and the last link (the one that named it).
    pub(crate) fn follow(
        &self,
        reference: &str,
    ) -> Result<(JsonPointer, &'v Value, String), Broken> {
        let mut link = reference.to_owned();
        for _ in 0..MAX_CHAIN {
            let target =
                JsonPointer::from_ref(&link).ok_or_else(|| Broken::External(link.clone()))?;
            let value = self
                .resolve(&target)
                .ok_or_else(|| Broken::Missing(link.clone()))?;
            match value.get("$ref").and_then(Value::as_str) {
                Some(next) => link = next.to_owned(),
                None => return Ok((target, value, link)),
            }
        }
        Err(Broken::TooLong)
    }
}

/// Why a reference leads nowhere usable.
#[derive(Debug, Clone)]
pub(crate) enum Broken {
    /// A link of the chain points outside the document.
    External(String),
    /// A link of the chain points to nothing.
    Missing(String),
    /// The chain is longer than [`MAX_CHAIN`] (or circular).
    TooLong,
    /// The target is not an object of the kind the place calls for.
    Unreadable {
        at: JsonPointer,
        reference: String,
        message: String,
    },
}

impl Broken {
    /// The diagnostic for meeting this reference at `at`.
    pub(crate) fn diagnostic(&self, at: &JsonPointer) -> Diagnostic {
        match self {
            Broken::External(link) if crate::bundle::is_url(link) => Diagnostic::new(
                at,
                format!(
                    "external reference `{link}` is a URL: URLs are never fetched, only \
                     local files are followed"
                ),
            ),
            Broken::External(link) => Diagnostic::new(
                at,
                format!(
                    "external reference `{link}` is not supported here: other files are \
                     followed only when the caller gives a loader (`generate_with`; the \
                     command line does)"
                ),
            ),
            Broken::Missing(link) => {
                Diagnostic::new(at, format!("reference `{link}` points to nothing"))
            }
            Broken::TooLong => Diagnostic::new(at, "reference chain is too long or circular"),
            Broken::Unreadable {
                at: target,
                reference,
                message,
            } => Diagnostic::new(
                target,
                format!("cannot read the target of `{reference}`: {message}"),
            ),
        }
    }
}
