//! Schema Objects: the keywords Swagger 2.0 spells differently, rewritten
//! in place over the 2.0 object graph before anything moves, so warnings
//! name the document as written.

use serde_json::{Value, json};

use super::{Cx, Object};
use crate::graph::{self, Dialect, Kind, Node, Step, VisitMut};
use crate::pointer::JsonPointer;

/// Rewrites every Schema Object of the Swagger 2.0 document `doc`.
pub(super) fn rewrite_all(doc: &mut Value, cx: &mut Cx<'_>) {
    let mut pass = Pass { cx };
    graph::walk_mut_in(
        Dialect::Swagger2,
        Kind::Root,
        doc,
        &JsonPointer::root(),
        &mut pass,
    );
}

struct Pass<'c, 'w> {
    cx: &'c mut Cx<'w>,
}

impl VisitMut for Pass<'_, '_> {
    fn enter(&mut self, node: Node<'_>, v: &mut Value) -> Step {
        match node.kind {
            Kind::Schema => self.schema(v, node.at),
            // A reference is converted where its target is defined.
            _ if v.get("$ref").is_some() || !v.is_object() => Step::Skip,
            _ => Step::Descend,
        }
    }
}

impl Pass<'_, '_> {
    fn schema(&mut self, v: &mut Value, at: &JsonPointer) -> Step {
        let Some(obj) = v.as_object_mut() else {
            return Step::Skip;
        };
        let nullable = take_nullable(obj);
        if obj.contains_key("$ref") {
            if !nullable {
                return Step::Skip;
            }
            // 3.0 ignores a reference's siblings: a nullable reference is
            // an `allOf` of it, which lowering reads as that type.
            if let Some(reference) = obj.shift_remove("$ref") {
                obj.insert("allOf".into(), json!([{ "$ref": reference }]));
            }
        }
        if nullable {
            obj.insert("nullable".into(), Value::Bool(true));
        }
        file_type(obj);
        self.discriminator(obj, at);
        Step::Descend
    }

    /// 2.0 names the discriminating property; 3.0 wraps it in an object
    /// (its values are still the schemas' names, as in 2.0).
    fn discriminator(&mut self, obj: &mut Object, at: &JsonPointer) {
        match obj.get("discriminator") {
            None | Some(Value::Object(_)) => {}
            Some(Value::String(name)) => {
                let converted = json!({ "propertyName": name });
                obj.insert("discriminator".into(), converted);
            }
            Some(_) => {
                obj.shift_remove("discriminator");
                self.cx.warn(
                    &at.push("discriminator"),
                    "`discriminator` is not a property name; dropped",
                );
            }
        }
    }
}

/// Removes `x-nullable` from `obj`; whether it said `true`.
pub(super) fn take_nullable(obj: &mut Object) -> bool {
    obj.shift_remove("x-nullable") == Some(Value::Bool(true))
}

/// `type: file` (a form parameter's or a response's file) → a binary
/// string, 3.0's file.
pub(super) fn file_type(obj: &mut Object) {
    if obj.get("type").and_then(Value::as_str) == Some("file") {
        obj.insert("type".into(), "string".into());
        obj.insert("format".into(), "binary".into());
    }
}

/// Whether `schema` (converted) is a file: a binary string.
pub(super) fn is_file(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("string")
        && schema.get("format").and_then(Value::as_str) == Some("binary")
}
