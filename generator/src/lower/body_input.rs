//! How callers give each request body: field by field when it is a plain
//! struct, so a missing required field is a compile error and optional
//! ones are named setters; whole otherwise.
//!
//! Runs after [`super::cycles`], so the recorded field types are the
//! struct's final ones (boxed where a cycle needed it).

use crate::ir::{Body, BodyField, BodyInput, BodyMedia, Operation, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use crate::reserved;

/// Records [`Body::input`] for every operation with a body.
pub(super) fn decide(operations: &mut [Operation], types: &[TypeDef]) {
    for op in operations {
        let Some(body) = &op.body else { continue };
        let Some((fields, extra)) = flattenable(body, types) else {
            continue;
        };
        // Body members share the builder with the parameters: claim after them.
        let mut scope = Scope::with_reserved(reserved::REQUEST_BUILDER_MEMBERS);
        for p in &op.params {
            scope.claim(&p.name);
        }
        let mut body_fields: Vec<BodyField> = fields
            .iter()
            .map(|f| BodyField {
                name: scope.claim(&f.name),
                field: f.name.clone(),
                wire_name: f.wire_name.clone(),
                ty: f.storage_type(),
                argument: f.required,
                null_setter: None,
                doc: f.doc.clone(),
                deprecated: f.deprecated,
            })
            .collect();
        // After every member: a field's name wins over another's `_null`.
        // Only JSON has a `null` to send.
        let json = body.media == BodyMedia::Json;
        for (body_field, field) in body_fields.iter_mut().zip(fields) {
            if json && !field.required && matches!(field.ty, TypeRef::Option(_)) {
                body_field.null_setter =
                    Some(scope.claim(&naming::with_suffix(&body_field.name, "null")));
            }
        }
        if let Some(body) = &mut op.body {
            body.input = BodyInput::Fields {
                fields: body_fields,
                extra: extra.to_owned(),
            };
        }
    }
}

/// The body struct's fields, when the body can be given field by field: a
/// JSON, form or multipart body whose type is a struct with fields and no
/// map of extra keys (a struct literal must name every field, and extra
/// keys have no setter). An optional body qualifies only when none of its
/// fields is required: otherwise "no body" and "these required fields"
/// cannot both be expressed by arguments.
fn flattenable<'a>(body: &Body, types: &'a [TypeDef]) -> Option<(&'a [crate::ir::Field], &'a str)> {
    if matches!(body.media, BodyMedia::Raw(_)) {
        return None;
    }
    let TypeRef::Named(name) = &body.ty else {
        return None;
    };
    let def = types.iter().find(|t| &t.name == name)?;
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    if s.fields.is_empty() || s.additional.is_some() {
        return None;
    }
    if !body.required && s.fields.iter().any(|f| f.required) {
        return None;
    }
    Some((&s.fields, &s.extra))
}
