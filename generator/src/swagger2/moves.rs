//! Where the conversion put things: forward, to rewrite the document's
//! references; backward, to name the document as written in diagnostics.

use std::collections::HashMap;

use crate::pointer::JsonPointer;

/// The places the conversion moved, each noted once per converted place.
#[derive(Debug, Default)]
pub(super) struct Moves {
    /// Original place (tokens) → the first place it was converted to. A
    /// place converted to several (a response schema under each media
    /// type) is referred to at the first.
    forward: HashMap<Vec<String>, Vec<String>>,
    /// Converted place → original place, for every move.
    places: Vec<(JsonPointer, JsonPointer)>,
}

impl Moves {
    /// Notes that what was at `original` is now at `converted` (and so is
    /// everything under it, unless noted otherwise).
    pub(super) fn note(&mut self, original: &JsonPointer, converted: &JsonPointer) {
        if original == converted {
            // Staying put is noted too, so a later note (the schema made
            // of a parameter's keywords) does not take references along.
            self.forward
                .entry(original.tokens().to_vec())
                .or_insert_with(|| original.tokens().to_vec());
            return;
        }
        self.forward
            .entry(original.tokens().to_vec())
            .or_insert_with(|| converted.tokens().to_vec());
        self.places.push((converted.clone(), original.clone()));
    }

    /// The local reference `reference` pointing where its target went, or
    /// `None` when the target did not move (or it is not local). The part
    /// below the moved place keeps its text as written.
    pub(super) fn rewrite(&self, reference: &str) -> Option<String> {
        let written: Vec<&str> = reference.strip_prefix("#/")?.split('/').collect();
        let pointer = JsonPointer::from_ref(reference)?;
        let tokens = pointer.tokens();
        (1..=tokens.len()).rev().find_map(|n| {
            let moved_to = self.forward.get(&tokens[..n])?;
            let mut out = String::from("#");
            for token in moved_to {
                out.push('/');
                out.push_str(&escape(token));
            }
            for token in written.get(n..).unwrap_or_default() {
                out.push('/');
                out.push_str(token);
            }
            Some(out)
        })
    }

    /// The converted places with the places they came from.
    pub(super) fn into_places(self) -> Vec<(JsonPointer, JsonPointer)> {
        self.places
    }
}

/// A reference token as a `$ref` spells it: `~` and `/` escaped, and `%`
/// too, since references are percent-decoded when read.
fn escape(token: &str) -> String {
    token
        .replace('~', "~0")
        .replace('/', "~1")
        .replace('%', "%25")
}
