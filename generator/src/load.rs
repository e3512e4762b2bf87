//! Stage 1, *load*: text (YAML or JSON) → a checked OpenAPI 3.0 document.
//!
//! The raw JSON value is kept beside the typed [`openapiv3::OpenAPI`] so that
//! later stages can resolve `$ref`s that point outside `components` and so
//! diagnostics can quote the original.

use std::ops::ControlFlow;

use crate::bundle::{Files, Origins};
use crate::error::{Error, Result};
use crate::graph::{self, Kind, Node, Step, Visit};
use crate::pointer::JsonPointer;

/// A parsed OpenAPI 3.0 document: what `load` hands lowering. Its typed
/// tree stays inside the crate (no `openapiv3` type is part of the public
/// API); outside, it is the proof that a document loads, and its warnings.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document as plain JSON.
    pub(crate) raw: serde_json::Value,
    /// The typed view of the same document.
    pub(crate) api: openapiv3::OpenAPI,
    /// What loading had to drop (3.1 constructs with no 3.0 form).
    pub warnings: Vec<crate::Diagnostic>,
    /// Where the parts bundled from other files came from.
    pub(crate) origins: Origins,
}

impl Document {
    /// `diagnostics` (found in the bundled document) relocated to the file
    /// and pointer each came from, and sorted again.
    pub(crate) fn relocate(&self, diagnostics: &mut [crate::Diagnostic]) {
        self.origins.relocate_all(diagnostics);
    }
}

/// Parses `text` (JSON or YAML) and checks that it is an OpenAPI 3.0
/// document, or a 3.1 one, which is first rewritten into 3.0 ([`crate::v31`]).
/// References to other files stay unresolved (see [`load_with`]).
pub fn load(text: &str) -> Result<Document> {
    load_document(text, None)
}

/// [`load`] for a document whose `$ref`s may name other files, read through
/// `files` and bundled into it first ([`crate::bundle`]).
pub fn load_with(text: &str, files: Files<'_>) -> Result<Document> {
    load_document(text, Some(files))
}

fn load_document(text: &str, files: Option<Files<'_>>) -> Result<Document> {
    let mut raw = crate::parse::parse_text(text)?;
    let version = check_version(&raw)?;
    let origins = match files {
        Some(files) => crate::bundle::inline_other_files(&mut raw, files)?,
        None => Origins::default(),
    };
    let mut warnings = Vec::new();
    if version == Version::V31 {
        crate::v31::downgrade(&mut raw, &mut warnings);
        origins.relocate_all(&mut warnings);
    }
    let mut repairs = 0;
    let api = loop {
        let e = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw) {
            Ok(api) => break api,
            Err(e) => e,
        };
        // serde loses track inside `#[serde(flatten)]` structs, so look for the
        // innermost object that fails on its own.
        let Some((kind, pointer, message)) = locate(&raw) else {
            return Err(Error::at(
                &origins.locate(&pointer_from_serde_path(e.path())),
                format!("not a valid OpenAPI 3.0 document here: {}", e.inner()),
            ));
        };
        match (repairs < MAX_REPAIRS)
            .then(|| repair(&mut raw, kind, &pointer))
            .flatten()
        {
            Some(dropped) => {
                repairs += 1;
                let mut dropped: Vec<crate::Diagnostic> = dropped
                    .into_iter()
                    .map(|warning| crate::Diagnostic::new(&pointer, warning))
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
    };
    Ok(Document {
        raw,
        api,
        warnings,
        origins,
    })
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

#[derive(PartialEq, Eq)]
enum Version {
    V30,
    V31,
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

fn check_version(raw: &serde_json::Value) -> Result<Version> {
    let root = JsonPointer::root();
    let Some(obj) = raw.as_object() else {
        return Err(Error::at(&root, "the document is not a JSON/YAML object"));
    };
    if let Some(v) = obj.get("swagger") {
        return Err(Error::at(
            &root.push("swagger"),
            format!(
                "unsupported version: Swagger {} (OpenAPI 2.0); convert it to OpenAPI 3.0 first",
                display_value(v)
            ),
        ));
    }
    let at = root.push("openapi");
    match obj.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => Ok(Version::V30),
        Some(v) if v.starts_with("3.1.") || v == "3.1" => Ok(Version::V31),
        Some(v) => Err(Error::at(
            &at,
            format!("unsupported OpenAPI version {v}: this generator reads 3.0.x and 3.1.x"),
        )),
        None => Err(Error::at(
            &at,
            "missing `openapi` version field (expected 3.0.x or 3.1.x)",
        )),
    }
}

fn display_value(v: &serde_json::Value) -> String {
    v.as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| v.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        load(text).unwrap_err().to_string()
    }

    #[test]
    fn rejects_other_versions_with_location() {
        assert_eq!(
            err("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}"),
            "error: #/swagger: unsupported version: Swagger 2.0 (OpenAPI 2.0); convert it to OpenAPI 3.0 first"
        );
        assert!(
            err("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}")
                .contains("#/openapi: unsupported OpenAPI version 4.0.0")
        );
        assert!(load("openapi: 3.1.0\ninfo: {title: x, version: '1'}\n").is_ok());
        assert!(err("info: {}").contains("missing `openapi`"));
        assert!(err("[1, 2]").contains("not a JSON/YAML object"));
    }

    #[test]
    fn reports_syntax_errors_with_line() {
        assert!(err("{\"openapi\": ").contains("invalid JSON at line 1"));
        assert!(err("openapi: [").contains("invalid YAML"));
    }

    #[test]
    fn reports_structural_errors_as_pointers() {
        let e = err(
            "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n",
        );
        assert!(e.starts_with("error: #/paths/~1a/get/responses: "), "{e}");
        let e = err(
            "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        b: {type: object, required: yes}\n",
        );
        assert!(
            e.starts_with("error: #/components/schemas/A/properties/b: "),
            "{e}"
        );
    }

    #[test]
    fn ill_typed_annotations_and_callbacks_are_dropped_with_a_warning() {
        // Seen in real documents (api.video: `pattern: 0`; PeerTube: a
        // callback given as a `$ref`, which `openapiv3` cannot read).
        let d = load(
            "openapi: 3.0.3
info: {title: x, version: '1'}
paths:
  /a:
    get:
      callbacks:
        onEvent: {$ref: '#/components/callbacks/onEvent'}
      responses: {'204': {description: ok}}
components:
  schemas:
    A:
      properties:
        timecode: {type: string, pattern: 0, maxLength: many}
",
        )
        .unwrap();
        let timecode = &d.raw["components"]["schemas"]["A"]["properties"]["timecode"];
        assert_eq!(timecode, &serde_json::json!({"type": "string"}));
        assert!(d.raw["paths"]["/a"]["get"].get("callbacks").is_none());
        let warnings: Vec<String> = d.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings.iter().any(|w| w.contains(
                "#/components/schemas/A/properties/timecode: `pattern` cannot be read here (0)"
            )),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("#/paths/~1a/get: `callbacks` cannot be read here")),
            "{warnings:?}"
        );
        // What the types depend on is never dropped: still an error.
        let e = err(
            "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string, pattern: 0, enum: 7}\n",
        );
        assert!(e.starts_with("error: #/components/schemas/A: "), "{e}");
    }

    #[test]
    fn huge_integers_and_numeric_keys_load() {
        let d = load("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S: {type: integer, minimum: -9223372036854776000, maximum: 18446744073709551616}\n").unwrap();
        let s = &d.raw["components"]["schemas"]["S"];
        assert_eq!(s["minimum"], serde_json::json!(i64::MIN));
        assert_eq!(s["maximum"], serde_json::json!(i64::MAX));
        let d = load("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n").unwrap();
        assert!(
            d.raw["paths"]["/a"]["get"]["responses"]
                .get("200")
                .is_some()
        );
    }

    #[test]
    fn refuses_absurd_nesting_with_a_location() {
        // The parsers' own recursion limits apply; the error says where.
        let mut yaml =
            String::from("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\nx-deep: ");
        yaml.push_str(&"[".repeat(300));
        yaml.push_str(&"]".repeat(300));
        assert!(err(&yaml).contains("invalid YAML at line 4"));
        let json = format!(
            "{{\"openapi\": \"3.0.3\", \"x\": {}{}}}",
            "[".repeat(300),
            "]".repeat(300)
        );
        assert!(err(&json).contains("invalid JSON at line 1"));
    }

    #[test]
    fn loads_json_and_yaml() {
        let d =
            load(r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#).unwrap();
        assert_eq!(d.api.info.title, "t");
        let d = load("openapi: 3.0.3\ninfo: {title: y, version: '1'}\npaths: {}\n").unwrap();
        assert_eq!(d.api.info.title, "y");
    }
}
