//! References of the converted document pointed where their targets went.

use serde_json::Value;

use super::moves::Moves;
use crate::graph::{self, Kind, Node, Step, VisitMut};
use crate::pointer::JsonPointer;

/// Rewrites every local `$ref` of the converted (3.0) document `doc`
/// whose target moved: `#/definitions/Pet` → `#/components/schemas/Pet`.
pub(super) fn rewrite_all(doc: &mut Value, moves: &Moves) {
    let mut pass = Pass { moves };
    graph::walk_mut(Kind::Root, doc, &JsonPointer::root(), &mut pass);
}

struct Pass<'m> {
    moves: &'m Moves,
}

impl VisitMut for Pass<'_> {
    fn enter(&mut self, _node: Node<'_>, v: &mut Value) -> Step {
        let Some(obj) = v.as_object_mut() else {
            return Step::Skip;
        };
        let Some(Value::String(reference)) = obj.get("$ref") else {
            return Step::Descend;
        };
        if let Some(moved) = self.moves.rewrite(reference) {
            obj.insert("$ref".into(), Value::String(moved));
        }
        // A Reference Object has no children.
        Step::Skip
    }
}
