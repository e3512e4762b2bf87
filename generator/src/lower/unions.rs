//! Unions without a declared `discriminator` whose alternatives still carry
//! a tag: every alternative is an object with the same property typed as
//! a string enum (a single-value `enum`, or a 3.1 `const`), and no value
//! belongs to two alternatives. Such a union dispatches on that property
//! exactly as if the discriminator were declared: an open enum accepts any
//! string, so trying alternatives in order would let the first one take
//! objects that belong to another.

use crate::ir::{Tag, TypeDef, TypeKind, object_keys};

/// Gives a tag to every untagged union that has one. `types` is sorted by name.
pub fn infer_tags(types: &mut [TypeDef]) {
    let mut found = Vec::new();
    for (i, def) in types.iter().enumerate() {
        let TypeKind::Union(u) = &def.kind else {
            continue;
        };
        if u.tag.is_some() || u.variants.len() < 2 {
            continue;
        }
        let Some(keys) = u
            .variants
            .iter()
            .map(|v| object_keys(types, &v.ty))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        if let Some((property, values)) = tag_property(&keys) {
            found.push((i, property, values));
        }
    }
    for (i, property, values) in found {
        let TypeKind::Union(u) = &mut types[i].kind else {
            continue;
        };
        for (variant, tags) in u.variants.iter_mut().zip(values) {
            variant.tags = tags;
        }
        u.tag = Some(Tag { property });
    }
}

/// The property every alternative types as an enum, with disjoint values;
/// one required by every alternative first, then in the first one's order.
fn tag_property(keys: &[crate::ir::ObjectKeys]) -> Option<(String, Vec<Vec<String>>)> {
    let first = keys.first()?;
    let candidates = first.enums.iter().map(|(p, _)| p);
    let mut best: Option<(bool, String, Vec<Vec<String>>)> = None;
    for property in candidates {
        let Some(values) = keys
            .iter()
            .map(|k| {
                k.enums
                    .iter()
                    .find(|(p, _)| p == property)
                    .map(|(_, v)| v.clone())
            })
            .collect::<Option<Vec<Vec<String>>>>()
        else {
            continue;
        };
        let mut all: Vec<&String> = values.iter().flatten().collect();
        let total = all.len();
        all.sort();
        all.dedup();
        if all.len() != total || values.iter().any(Vec::is_empty) {
            continue;
        }
        let required = keys.iter().all(|k| k.required.contains(property));
        if best.as_ref().is_none_or(|(r, _, _)| required && !*r) {
            best = Some((required, property.clone(), values));
        }
    }
    best.map(|(_, p, v)| (p, v))
}
