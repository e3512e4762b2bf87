//! Reading the JSON document as `openapiv3` types, repairing what a sloppy
//! document writes with the wrong JSON type where that changes nothing the
//! client depends on, and locating what cannot be read.

use std::ops::ControlFlow;

use crate::bundle::Origins;
use crate::error::{Diagnostic, Error, Result};
use crate::graph::{self, Kind, Node, Step, Visit};
use crate::pointer::JsonPointer;

/// The typed view of `raw`: each failure that dropping [`droppable`]
/// keywords fixes is fixed (a warning each, relocated through `origins`)
/// and reading starts again; anything else is the error, at its place.
pub(super) fn read(
    raw: &mut serde_json::Value,
    origins: &Origins,
    warnings: &mut Vec<Diagnostic>,
) -> Result<openapiv3::OpenAPI> {
    let mut repairs = 0;
    loop {
        let e = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&*raw) {
            Ok(api) => return Ok(api),
            Err(e) => e,
        };
        // serde loses track inside `#[serde(flatten)]` structs, so look for the
        // innermost object that fails on its own.
        let Some((kind, pointer, message)) = locate(raw) else {
            return Err(Error::at(
                &origins.locate(&pointer_from_serde_path(e.path())),
                format!("not a valid OpenAPI 3.0 document here: {}", e.inner()),
            ));
        };
        match (repairs < MAX_REPAIRS)
            .then(|| repair(raw, kind, &pointer))
            .flatten()
        {
            Some(dropped) => {
                repairs += 1;
                let mut dropped: Vec<Diagnostic> = dropped
                    .into_iter()
                    .map(|warning| Diagnostic::new(&pointer, warning))
                    .collect();
                origins.relocate_all(&mut dropped);
                warnings.extend(dropped);
            }
            None => {
                return Err(Error::at(
                    &origins.locate(&pointer),
                    format!("not a valid OpenAPI 3.0 document here: {message}"),
                ));
            }
        }
    }
}

/// Keywords a sloppy document writes with the wrong JSON type (`pattern:
/// 0`, a `$ref` where `callbacks` wants an object) and without which the
/// object still means what it says: annotations and checks the generated
/// types do not depend on, and callbacks, which no client method uses.
/// Each one dropped is a warning at its pointer; anything else is an error.
fn droppable(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Schema => &[
            "pattern",
            "format",
            "title",
            "description",
            "example",
            "externalDocs",
            "xml",
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minProperties",
            "maxProperties",
            "readOnly",
            "writeOnly",
            "deprecated",
        ],
        Kind::Operation => &[
            "callbacks",
            "summary",
            "description",
            "externalDocs",
            "deprecated",
        ],
        Kind::Parameter | Kind::Header | Kind::Response | Kind::RequestBody | Kind::MediaType => {
            &["description", "example", "deprecated"]
        }
        _ => &["description"],
    }
}

/// Repairs of a sloppy document [`load`] makes at most (each re-reads it).
const MAX_REPAIRS: usize = 32;

/// Drops the [`droppable`] keywords without which the object at `at`
/// reads, as few as it takes (each one left is needed); a warning for
/// each, or `None` when dropping them does not help.
fn repair(raw: &mut serde_json::Value, kind: Kind, at: &JsonPointer) -> Option<Vec<String>> {
    let object = at.resolve_mut(raw)?.as_object_mut()?;
    let reads_without = |drop: &[&str]| {
        let mut rest = object.clone();
        rest.retain(|key, _| !drop.contains(&key.as_str()));
        parses(kind, &serde_json::Value::Object(rest)).is_ok()
    };
    let present: Vec<&str> = droppable(kind)
        .iter()
        .copied()
        .filter(|key| object.contains_key(*key))
        .collect();
    if present.is_empty() || !reads_without(&present) {
        return None;
    }
    let mut drop = present.clone();
    for key in present {
        let keep: Vec<&str> = drop.iter().copied().filter(|k| *k != key).collect();
        if reads_without(&keep) {
            drop = keep;
        }
    }
    Some(
        drop.iter()
            .filter_map(|key| {
                let value = object.shift_remove(*key)?;
                let mut shown = value.to_string();
                if shown.len() > 80 {
                    let end = (0..=77)
                        .rev()
                        .find(|i| shown.is_char_boundary(*i))
                        .unwrap_or(0);
                    shown.truncate(end);
                    shown.push('…');
                }
                Some(format!("`{key}` cannot be read here ({shown}); ignored"))
            })
            .collect(),
    )
}

/// Whether `v` reads as an object of `kind` on its own; serde's message if not.
fn parses(kind: Kind, v: &serde_json::Value) -> Result<(), String> {
    use openapiv3::ReferenceOr;
    fn check<'v, T: serde::Deserialize<'v>>(v: &'v serde_json::Value) -> Result<(), String> {
        T::deserialize(v).map(|_| ()).map_err(|e| e.to_string())
    }
    match kind {
        Kind::Root => check::<openapiv3::OpenAPI>(v),
        Kind::Paths => check::<openapiv3::Paths>(v),
        Kind::PathItem => check::<ReferenceOr<openapiv3::PathItem>>(v),
        Kind::Operation => check::<openapiv3::Operation>(v),
        Kind::Responses => check::<openapiv3::Responses>(v),
        Kind::Callback => check::<ReferenceOr<openapiv3::Callback>>(v),
        Kind::Parameter => check::<ReferenceOr<openapiv3::Parameter>>(v),
        Kind::Header => check::<ReferenceOr<openapiv3::Header>>(v),
        Kind::RequestBody => check::<ReferenceOr<openapiv3::RequestBody>>(v),
        Kind::Response => check::<ReferenceOr<openapiv3::Response>>(v),
        Kind::MediaType => check::<openapiv3::MediaType>(v),
        Kind::Encoding => check::<openapiv3::Encoding>(v),
        Kind::Components => check::<openapiv3::Components>(v),
        Kind::Schema => check::<ReferenceOr<openapiv3::Schema>>(v),
        Kind::SecurityScheme => check::<ReferenceOr<openapiv3::SecurityScheme>>(v),
        Kind::Example => check::<ReferenceOr<openapiv3::Example>>(v),
        Kind::Link => check::<ReferenceOr<openapiv3::Link>>(v),
    }
}

/// Finds the innermost object that fails to read on its own: it follows
/// the first failing child of each failing object, and stops at a failing
/// object none of whose children fails.
#[derive(Default)]
struct Locate {
    found: Option<(Kind, JsonPointer, String)>,
}

impl Visit for Locate {
    fn enter(&mut self, node: Node<'_>, value: &serde_json::Value) -> Step {
        match parses(node.kind, value) {
            Ok(()) => Step::Skip,
            Err(message) => {
                self.found = Some((node.kind, node.at.clone(), message));
                Step::Descend
            }
        }
    }

    fn leave(&mut self, _node: Node<'_>, _value: &serde_json::Value) -> ControlFlow<()> {
        // Only failing objects are descended into, and none of this one's
        // children failed (or the walk would have stopped inside): it is the
        // innermost.
        ControlFlow::Break(())
    }
}

/// The innermost failing object of the document, with serde's message for it.
fn locate(raw: &serde_json::Value) -> Option<(Kind, JsonPointer, String)> {
    let mut locate = Locate::default();
    graph::walk(Kind::Root, raw, &JsonPointer::root(), &mut locate);
    locate.found
}

/// Turns serde's path (`paths./pets.get.responses`) into a JSON pointer.
fn pointer_from_serde_path(path: &serde_path_to_error::Path) -> JsonPointer {
    use serde_path_to_error::Segment;
    path.iter().fold(JsonPointer::root(), |p, seg| match seg {
        Segment::Seq { index } => p.push(index.to_string()),
        Segment::Map { key } => p.push(key.clone()),
        Segment::Enum { variant } => p.push(variant.clone()),
        Segment::Unknown => p,
    })
}
