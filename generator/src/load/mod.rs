//! Stage 1, *load*: text (YAML or JSON) → a checked OpenAPI 3.0 document,
//! in passes over the raw JSON: parse ([`crate::parse`]), check the
//! version, bundle other files ([`crate::bundle`]), convert Swagger 2.0
//! ([`crate::swagger2`]) or rewrite 3.1 ([`crate::v31`]) into 3.0, keep
//! the selected operations ([`crate::select`]),
//! fold `allOf`s ([`crate::all_of`]), then read it as
//! `openapiv3` types, repairing what a sloppy document gets wrong
//! ([`typed`]).
//!
//! The raw JSON value is kept beside the typed [`openapiv3::OpenAPI`] so that
//! later stages can resolve `$ref`s that point outside `components` and so
//! diagnostics can quote the original.

mod typed;

use crate::bundle::{Files, Origins};
use crate::error::{Error, Result};
use crate::pointer::JsonPointer;
use crate::settings::Selection;

/// A parsed OpenAPI 3.0 document: what `load` hands lowering. Its typed
/// tree stays inside the crate (no `openapiv3` type is part of the public
/// API); outside, it is the proof that a document loads, and its warnings.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document as plain JSON.
    pub(crate) raw: serde_json::Value,
    /// The typed view of the same document.
    pub(crate) api: openapiv3::OpenAPI,
    /// What loading had to drop (2.0 and 3.1 constructs with no 3.0 form,
    /// what it repaired), relocated to the document as written.
    pub warnings: Vec<crate::Diagnostic>,
    /// Where the parts bundled from other files came from.
    pub(crate) origins: Origins,
    /// What folding `allOf`s left for lowering ([`crate::all_of`]).
    pub(crate) folds: crate::all_of::Folds,
}

impl Document {
    /// `diagnostics` (found in the loaded document: bundled, and converted
    /// from Swagger 2.0) relocated to the file and pointer each came from,
    /// and sorted again.
    pub(crate) fn relocate(&self, diagnostics: &mut [crate::Diagnostic]) {
        self.origins.relocate_all(diagnostics);
    }

    /// The document's JSON, with the `allOf` parts references point into.
    pub(crate) fn raw_doc(&self) -> crate::reference::RawDoc<'_> {
        crate::reference::RawDoc {
            root: &self.raw,
            detached: Some(&self.folds.detached),
        }
    }
}

/// Parses `text` (JSON or YAML) and checks that it is an OpenAPI 3.0
/// document, or a 3.1 ([`crate::v31`]) or Swagger 2.0
/// ([`crate::swagger2`]) one, which is first rewritten into 3.0.
/// References to other files stay unresolved (see [`load_with`]).
pub fn load(text: &str) -> Result<Document> {
    load_document(text, None, &Selection::default())
}

/// [`load`] for a document whose `$ref`s may name other files, read through
/// `files` and bundled into it first ([`crate::bundle`]).
pub fn load_with(text: &str, files: Files<'_>) -> Result<Document> {
    load_document(text, Some(files), &Selection::default())
}

/// [`load`] or [`load_with`], keeping only the operations `selection`
/// names ([`crate::select`]).
pub(crate) fn load_document(
    text: &str,
    files: Option<Files<'_>>,
    selection: &Selection,
) -> Result<Document> {
    let mut raw = crate::parse::parse_text(text)?;
    let version = check_version(&raw)?;
    let mut origins = match files {
        Some(files) => crate::bundle::inline_other_files(&mut raw, files)?,
        None => Origins::default(),
    };
    let mut warnings = Vec::new();
    match version {
        Version::V30 => {}
        Version::V31 => {
            crate::v31::downgrade(&mut raw, &mut warnings);
            origins.relocate_all(&mut warnings);
        }
        Version::Swagger2 => {
            let converted = crate::swagger2::upgrade(&mut raw, &mut warnings);
            // These name the 2.0 document; only bundling moved them.
            origins.relocate_all(&mut warnings);
            // Later diagnostics name the converted one: undo the moves.
            origins.add_converted(converted);
        }
    }
    crate::select::prune(&mut raw, selection, &mut warnings)?;
    let mut fold_warnings = Vec::new();
    let folds = crate::all_of::fold(&mut raw, &mut fold_warnings);
    origins.relocate_all(&mut fold_warnings);
    warnings.append(&mut fold_warnings);
    let api = typed::read(&mut raw, &origins, &mut warnings)?;
    Ok(Document {
        raw,
        api,
        warnings,
        origins,
        folds,
    })
}

#[derive(PartialEq, Eq)]
enum Version {
    Swagger2,
    V30,
    V31,
}

fn check_version(raw: &serde_json::Value) -> Result<Version> {
    let root = JsonPointer::root();
    let Some(obj) = raw.as_object() else {
        return Err(Error::at(&root, "the document is not a JSON/YAML object"));
    };
    if let Some(v) = obj.get("swagger") {
        // `swagger: 2.0` unquoted in YAML is a number.
        if v.as_str() == Some("2.0") || v.as_f64() == Some(2.0) {
            return Ok(Version::Swagger2);
        }
        return Err(Error::at(
            &root.push("swagger"),
            format!(
                "unsupported version: Swagger {}; this generator reads Swagger 2.0 and OpenAPI \
                 3.0.x and 3.1.x",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        load(text).unwrap_err().to_string()
    }

    #[test]
    fn rejects_other_versions_with_location() {
        assert!(load("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}").is_ok());
        assert!(load("swagger: 2.0\ninfo: {title: x, version: '1'}\npaths: {}").is_ok());
        assert_eq!(
            err("swagger: '1.2'\ninfo: {title: x, version: '1'}\npaths: {}"),
            "error: #/swagger: unsupported version: Swagger 1.2; this generator reads Swagger \
             2.0 and OpenAPI 3.0.x and 3.1.x"
        );
        assert!(
            err("swagger: 3\ninfo: {}")
                .starts_with("error: #/swagger: unsupported version: Swagger 3;")
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
