//! Groups operations into modules (one Cargo feature each) and records,
//! for every named type, which groups reach it: the placement decision
//! emit reads from [`Api::placement`](crate::ir::Api::placement).
//!
//! An operation's group is its first tag, else the first literal segment of
//! its path. crates.io accepts at most 300 features per crate; beyond
//! [`MAX_GROUPS`] (leaving room for the crate's own features), neighbouring
//! groups (in name order) are merged into ranges.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Group, Operation, TypeDef};
use crate::naming::{self, Scope};
use crate::reserved;

/// The most groups a crate gets: crates.io's 300 features, minus the
/// crate's own `default`, `full`, `all-types` and `tracing`.
pub(crate) const MAX_GROUPS: usize = 296;

/// Sets each operation's group; returns the groups (sorted by name) and,
/// for every type some operation reaches, the groups reaching it.
pub(super) fn assign(
    doc_tags: &[openapiv3::Tag],
    operations: &mut [Operation],
    types: &[TypeDef],
) -> (Vec<Group>, BTreeMap<String, Vec<String>>) {
    let keys: Vec<String> = operations.iter().map(group_key).collect();
    let distinct: Vec<&str> = keys
        .iter()
        .map(String::as_str)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let per_bucket = distinct.len().div_ceil(MAX_GROUPS).max(1);
    let mut scope = Scope::with_reserved(reserved::GROUP_NAMES);
    let mut groups = Vec::new();
    let mut name_of: BTreeMap<&str, String> = BTreeMap::new();
    for bucket in distinct.chunks(per_bucket) {
        let (first, last) = (bucket[0], bucket[bucket.len() - 1]);
        let raw = if bucket.len() == 1 {
            first.to_owned()
        } else {
            format!("{first} to {last}")
        };
        let name = scope.claim(&naming::group_name(&raw));
        let doc = match bucket {
            [only] => doc_tags
                .iter()
                .find(|t| t.name == *only)
                .and_then(|t| t.description.clone()),
            _ => None,
        };
        for key in bucket {
            name_of.insert(key, name.clone());
        }
        groups.push(Group {
            name,
            sources: bucket.iter().map(|k| (*k).to_owned()).collect(),
            doc,
        });
    }
    for (op, key) in operations.iter_mut().zip(&keys) {
        op.group = name_of[key.as_str()].clone();
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    let type_groups = reach(&groups, operations, types);
    (groups, type_groups)
}

/// The first tag, else the first literal path segment, else `other`.
fn group_key(op: &Operation) -> String {
    if let Some(tag) = op.tags.first().filter(|t| !t.trim().is_empty()) {
        return tag.clone();
    }
    op.path_template
        .split('/')
        .find(|s| !s.is_empty() && !s.starts_with('{'))
        .unwrap_or("other")
        .to_owned()
}

/// For each type, the groups (in `groups` order, so sorted) whose
/// operations reach it through parameters, bodies, responses and the
/// fields, variants and targets of the types those reach.
fn reach(
    groups: &[Group],
    operations: &[Operation],
    types: &[TypeDef],
) -> BTreeMap<String, Vec<String>> {
    let index = |name: &str| types.binary_search_by(|t| t.name.as_str().cmp(name)).ok();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen = vec![false; types.len()];
    for group in groups {
        seen.iter_mut().for_each(|s| *s = false);
        let mut stack: Vec<usize> = operations
            .iter()
            .filter(|op| op.group == group.name)
            .flat_map(|op| op.type_uses().flat_map(|t| t.names()))
            .filter_map(index)
            .collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            let kind = &types[i].kind;
            stack.extend(
                kind.slots()
                    .chain(kind.additional())
                    .flat_map(|t| t.names())
                    .filter_map(index)
                    .filter(|&j| !seen[j]),
            );
        }
        for (i, _) in seen.iter().enumerate().filter(|(_, s)| **s) {
            out.entry(types[i].name.clone())
                .or_default()
                .push(group.name.clone());
        }
    }
    out
}
