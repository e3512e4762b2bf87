//! Load stage: keep only the operations [`Selection`] names, and only the
//! components they reach, so every later stage sees a smaller document
//! (no types, warnings or groups for what was left out).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::error::{Diagnostic, Error, Result};
use crate::graph::HTTP_METHODS;
use crate::pointer::JsonPointer;
use crate::settings::Selection;

/// Component maps whose entries are dropped when nothing kept refers to
/// them (security schemes stay: the client's credentials are the API's).
const PRUNED: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
];

/// Drops the operations `selection` does not keep, then the components
/// nothing kept reaches. A selection entry that matches nothing is a
/// warning; a selection that keeps no operation is an error.
pub(crate) fn prune(
    raw: &mut Value,
    selection: &Selection,
    warnings: &mut Vec<Diagnostic>,
) -> Result<()> {
    if selection.is_all() {
        return Ok(());
    }
    let mut used = Used::default();
    let kept = keep_operations(raw, selection, &mut used);
    unused_entries(selection, &used, warnings);
    if kept == 0 {
        return Err(Error::at(
            &JsonPointer::root().push("paths"),
            "the selection (tags, path prefixes, operationIds) keeps no operation",
        ));
    }
    drop_unreached_components(raw);
    Ok(())
}

/// Which selection entries matched something.
#[derive(Default)]
struct Used {
    tags: BTreeSet<String>,
    prefixes: BTreeSet<String>,
    operations: BTreeSet<String>,
}

/// Removes the operations `selection` does not keep (and path items left
/// empty); returns how many stay.
fn keep_operations(raw: &mut Value, selection: &Selection, used: &mut Used) -> usize {
    let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) else {
        return 0;
    };
    let mut kept = 0;
    paths.retain(|path, item| {
        let Some(item) = item.as_object_mut() else {
            return true;
        };
        for method in HTTP_METHODS {
            let Some(op) = item.get(method) else {
                continue;
            };
            if keeps(selection, path, op, used) {
                kept += 1;
            } else {
                item.shift_remove(method);
            }
        }
        HTTP_METHODS.iter().any(|m| item.contains_key(*m))
    });
    kept
}

/// Whether `selection` keeps the operation `op` at `path`, noting which
/// entries matched.
fn keeps(selection: &Selection, path: &str, op: &Value, used: &mut Used) -> bool {
    let mut keep = false;
    let tags = op.get("tags").and_then(Value::as_array);
    for tag in tags.into_iter().flatten().filter_map(Value::as_str) {
        if selection.tags.iter().any(|t| t == tag) {
            used.tags.insert(tag.to_owned());
            keep = true;
        }
    }
    for prefix in selection
        .path_prefixes
        .iter()
        .filter(|p| path.starts_with(p.as_str()))
    {
        used.prefixes.insert(prefix.clone());
        keep = true;
    }
    if let Some(id) = op.get("operationId").and_then(Value::as_str)
        && selection.operations.iter().any(|o| o == id)
    {
        used.operations.insert(id.to_owned());
        keep = true;
    }
    keep
}

/// A warning for each selection entry that matched no operation (a typo
/// would otherwise leave an operation out without a word).
fn unused_entries(selection: &Selection, used: &Used, warnings: &mut Vec<Diagnostic>) {
    let lists = [
        ("tag", &selection.tags, &used.tags),
        ("path prefix", &selection.path_prefixes, &used.prefixes),
        ("operationId", &selection.operations, &used.operations),
    ];
    for (what, entries, matched) in lists {
        for entry in entries.iter().filter(|e| !matched.contains(*e)) {
            warnings.push(Diagnostic::new(
                &JsonPointer::root().push("paths"),
                format!("the selection's {what} `{entry}` matches no operation"),
            ));
        }
    }
}

/// Removes the entries of the [`PRUNED`] component maps that the kept
/// paths (and the security schemes) do not reach through `$ref`s.
fn drop_unreached_components(raw: &mut Value) {
    let mut reached: BTreeSet<(String, String)> = BTreeSet::new();
    let mut queue = Vec::new();
    for root in ["paths", "security"] {
        if let Some(v) = raw.get(root) {
            refs_in(v, &mut queue);
        }
    }
    if let Some(v) = raw.pointer("/components/securitySchemes") {
        refs_in(v, &mut queue);
    }
    while let Some(reference) = queue.pop() {
        let Some(target) = JsonPointer::from_ref(&reference) else {
            continue;
        };
        let (map, name) = match target.tokens() {
            [c, map, name, ..] if c == "components" => (map.clone(), name.clone()),
            _ => continue,
        };
        if reached.insert((map.clone(), name.clone()))
            && let Some(entry) = raw
                .get("components")
                .and_then(|c| c.get(&map))
                .and_then(|m| m.get(&name))
        {
            refs_in(entry, &mut queue);
        }
    }
    let Some(components) = raw.get_mut("components").and_then(Value::as_object_mut) else {
        return;
    };
    for map in PRUNED {
        if let Some(entries) = components.get_mut(*map).and_then(Value::as_object_mut) {
            entries.retain(|name, _| reached.contains(&((*map).to_owned(), name.clone())));
        }
    }
}

/// Every `$ref` string inside `v`.
fn refs_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                out.push(r.to_owned());
            }
            o.values().for_each(|c| refs_in(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| refs_in(c, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {
                "/kit/meetings": {
                    "get": {"operationId": "listMeetings", "tags": ["Meetings"],
                            "responses": {"200": {"$ref": "#/components/responses/Meetings"}}},
                    "post": {"operationId": "createMeeting", "tags": ["Meetings"],
                             "responses": {"200": {"description": "ok"}}}
                },
                "/zones": {
                    "get": {"operationId": "listZones", "tags": ["Zones"],
                            "responses": {"200": {"content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Zone"}}}}}}
                }
            },
            "components": {
                "schemas": {
                    "Meeting": {"properties": {"host": {"$ref": "#/components/schemas/Person"}}},
                    "Person": {"type": "object"},
                    "Zone": {"type": "object"}
                },
                "responses": {
                    "Meetings": {"description": "ok", "content": {"application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Meeting"}}}}}
                },
                "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}
            }
        })
    }

    fn keys(v: &Value, pointer: &str) -> Vec<String> {
        v.pointer(pointer)
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn keeps_the_selected_operations_and_the_components_they_reach() {
        let mut raw = doc();
        let selection = Selection {
            operations: vec!["listMeetings".into()],
            ..Selection::default()
        };
        let mut warnings = Vec::new();
        prune(&mut raw, &selection, &mut warnings).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(keys(&raw, "/paths"), ["/kit/meetings"]);
        assert_eq!(keys(&raw, "/paths/~1kit~1meetings"), ["get"]);
        assert_eq!(keys(&raw, "/components/schemas"), ["Meeting", "Person"]);
        assert_eq!(keys(&raw, "/components/responses"), ["Meetings"]);
        assert_eq!(keys(&raw, "/components/securitySchemes"), ["token"]);
    }

    #[test]
    fn tags_and_path_prefixes_select_too() {
        for selection in [
            Selection {
                tags: vec!["Zones".into()],
                ..Selection::default()
            },
            Selection {
                path_prefixes: vec!["/zo".into()],
                ..Selection::default()
            },
        ] {
            let mut raw = doc();
            prune(&mut raw, &selection, &mut Vec::new()).unwrap();
            assert_eq!(keys(&raw, "/paths"), ["/zones"]);
            assert_eq!(keys(&raw, "/components/schemas"), ["Zone"]);
        }
    }

    #[test]
    fn entries_that_match_nothing_warn_and_an_empty_selection_result_is_an_error() {
        let mut raw = doc();
        let selection = Selection {
            tags: vec!["Zones".into(), "Zonez".into()],
            ..Selection::default()
        };
        let mut warnings = Vec::new();
        prune(&mut raw, &selection, &mut warnings).unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("`Zonez`"), "{warnings:?}");
        let nothing = Selection {
            operations: vec!["nope".into()],
            ..Selection::default()
        };
        let e = prune(&mut doc(), &nothing, &mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("keeps no operation"), "{e}");
    }

    #[test]
    fn no_selection_changes_nothing() {
        let mut raw = doc();
        prune(&mut raw, &Selection::default(), &mut Vec::new()).unwrap();
        assert_eq!(raw, doc());
    }
}
