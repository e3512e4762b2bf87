//! Which named types users build themselves: every type reachable from a
//! request input (a parameter, a whole body, or the fields of a body given
//! field by field). The emitter gives those structs a constructor and
//! setters and leaves them exhaustive; the change report treats a new
//! required field in them as breaking. One walk, recorded in
//! [`TypeDef::user_built`], so neither stage re-derives it.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{BodyInput, Operation, TypeDef, TypeKind, TypeRef};

/// Sets [`TypeDef::user_built`] on every type a request input reaches.
pub(super) fn mark_user_built(types: &mut [TypeDef], operations: &[Operation]) {
    let built = reachable_from_inputs(types, operations);
    for def in types {
        def.user_built = built.contains(&def.name);
    }
}

fn reachable_from_inputs(types: &[TypeDef], operations: &[Operation]) -> BTreeSet<String> {
    let defs: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut stack: Vec<&TypeRef> = Vec::new();
    for op in operations {
        stack.extend(op.params.iter().map(|p| &p.ty));
        match op.body.as_ref().map(|b| (b, &b.input)) {
            Some((_, BodyInput::Fields { fields, .. })) => {
                stack.extend(fields.iter().map(|f| &f.ty))
            }
            Some((body, BodyInput::Whole)) => stack.push(&body.ty),
            None => {}
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => {
                stack.push(t)
            }
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                let Some(def) = defs.get(name.as_str()) else {
                    continue;
                };
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter().map(|a| &a.ty));
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(t) | TypeKind::Newtype(t) => stack.push(t),
                    TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Replaced(_) => {}
                }
            }
            _ => {}
        }
    }
    seen
}
