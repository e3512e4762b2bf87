//! Breaks cycles that would give a type infinite size.
//!
//! Two passes over the whole type space:
//! 1. an alias that refers to itself (`type A = Vec<A>`, not allowed in Rust)
//!    becomes a newtype struct;
//! 2. every by-value edge (a field, union variant or alias whose type is the
//!    target itself or an `Option` of it — `Vec` and maps already allocate)
//!    inside a strongly connected component gets a `Box`;
//! 3. so does an edge that would make a by-value chain deeper than
//!    [`MAX_BY_VALUE_DEPTH`].

use std::collections::HashMap;

use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::pointer::JsonPointer;

pub(super) fn break_cycles(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    newtype_recursive_aliases(types, &index);
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            t.kind
                .slots()
                .filter_map(|ty| by_value_target(ty).and_then(|n| index.get(n)).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, t) in types.iter_mut().enumerate() {
        let mine = component[i];
        for ty in t.kind.slots_mut() {
            let recursive = by_value_target(ty)
                .and_then(|n| index.get(n))
                .is_some_and(|&j| component[j] == mine);
            if recursive {
                box_named(ty);
            }
        }
    }
    limit_nesting(types, &index, &component);
}

/// Required properties that close a cycle of required, non-nullable
/// objects (`Node.next`, required, is a `Node`): no finite JSON satisfies
/// such a schema, and the placeholder a decoder needs for a missing or
/// deviant required value would have to contain itself without end. Each
/// such field becomes optional (`Option<Box<Node>>`); returns where, for a
/// warning. Edges through an `Option`, a `Vec`, a map or a union end the
/// chain (their placeholder is empty), so only these cycles are touched.
pub(super) fn optional_unsatisfiable(types: &mut [TypeDef]) -> Vec<(JsonPointer, String)> {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // The type a required value of `ty` needs a placeholder of, if any.
    fn needs(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(n) => Some(n),
            TypeRef::Boxed(t) => needs(t),
            _ => None,
        }
    }
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let targets: Vec<&TypeRef> = match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| &f.ty)
                    .collect(),
                TypeKind::Newtype(ty) | TypeKind::Alias(ty) => vec![ty],
                _ => Vec::new(),
            };
            targets
                .into_iter()
                .filter_map(|ty| needs(ty).and_then(|n| index.get(n)).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut size: HashMap<usize, usize> = HashMap::new();
    for c in &component {
        *size.entry(*c).or_default() += 1;
    }
    let mut changed = Vec::new();
    for (i, t) in types.iter_mut().enumerate() {
        let origin = t.origin.clone();
        let TypeKind::Struct(s) = &mut t.kind else {
            continue;
        };
        for f in s.fields.iter_mut().filter(|f| f.required) {
            let Some(&j) = needs(&f.ty).and_then(|n| index.get(n)) else {
                continue;
            };
            if component[j] == component[i] && (i == j || size[&component[i]] > 1) {
                f.required = false;
                changed.push((
                    origin.push("properties").push(f.wire_name.as_str()),
                    format!(
                        "required property `{}` closes a cycle of required objects that no \
                         finite JSON satisfies; made optional",
                        f.wire_name
                    ),
                ));
            }
        }
    }
    changed
}

/// Deepest chain of types held by value inside one another. Beyond it the
/// compiler's drop-check recursion overflows (E0320) and types grow huge,
/// so longer chains (long `parent` links in big documents) get a `Box`.
const MAX_BY_VALUE_DEPTH: usize = 24;

/// With cycles boxed the by-value graph is acyclic, and Tarjan numbers
/// components so that a type's targets come before it: one pass in
/// component order computes every depth, boxing where a chain gets too deep.
fn limit_nesting(types: &mut [TypeDef], index: &HashMap<String, usize>, component: &[usize]) {
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|&i| component[i]);
    let mut depth = vec![1usize; types.len()];
    for i in order {
        let mut deepest = 0;
        for ty in types[i].kind.slots_mut() {
            let Some(&j) = by_value_target(ty).and_then(|n| index.get(n)) else {
                continue;
            };
            if depth[j] >= MAX_BY_VALUE_DEPTH {
                box_named(ty);
            } else {
                deepest = deepest.max(depth[j]);
            }
        }
        depth[i] = deepest + 1;
    }
}

/// Aliases whose target mentions, through other aliases, the alias itself.
fn newtype_recursive_aliases(types: &mut [TypeDef], index: &HashMap<String, usize>) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(ty) => ty
                .names()
                .iter()
                .filter_map(|n| index.get(*n).copied())
                .filter(|&j| matches!(types[j].kind, TypeKind::Alias(_)))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut size = HashMap::new();
    for c in &component {
        *size.entry(*c).or_insert(0usize) += 1;
    }
    for (i, t) in types.iter_mut().enumerate() {
        let self_loop = edges[i].contains(&i);
        if let TypeKind::Alias(ty) = &t.kind {
            if self_loop || size[&component[i]] > 1 {
                t.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
}

/// The named type a slot holds by value, if any.
fn by_value_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Option(t) => by_value_target(t),
        _ => None,
    }
}

fn box_named(ty: &mut TypeRef) {
    match ty {
        TypeRef::Option(t) => box_named(t),
        TypeRef::Named(_) => *ty = TypeRef::Boxed(Box::new(ty.clone())),
        _ => {}
    }
}

/// Tarjan's algorithm, iterative so that deep type graphs cannot overflow
/// the stack. Returns a component id per node; a node with a self-edge is in
/// a cycle of its own, which callers detect through the edge.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = call.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_components() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 alone
        let c = strongly_connected(&[vec![1], vec![2], vec![0], vec![3], vec![]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
