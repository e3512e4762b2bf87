//! A large synthetic OpenAPI document for benchmarks: `schemas` component
//! schemas and `operations` operations, shaped like real vendor documents
//! (refs between schemas, enums, nullable fields, allOf and oneOf, path and
//! query parameters, JSON bodies, [`TAGS`] tags cycling over the paths).
//! Deterministic: same sizes, same bytes.
//! Shared by `benches/generate.rs` and `cargo xtask bench` (via `#[path]`).

use serde_json::{Map, Value, json};

/// How many tags the operations cycle through (one group and one Cargo
/// feature each in the generated crate).
pub const TAGS: usize = 30;

/// The schema count for an operation count, in the proportions of the
/// 1 500-operation, 3 700-schema document.
pub fn schemas_for(operations: usize) -> usize {
    (operations * 37).div_ceil(15)
}

/// The document as JSON text.
pub fn document(schemas: usize, operations: usize) -> String {
    let mut components = Map::new();
    for i in 0..schemas {
        components.insert(format!("Schema{i}"), schema(i));
    }
    let mut paths = Map::new();
    for p in 0..operations.div_ceil(2) {
        let target = format!("#/components/schemas/Schema{}", (p * 7) % schemas.max(1));
        let mut item = Map::new();
        for (k, method) in ["get", "post"].iter().enumerate() {
            if p * 2 + k >= operations {
                break;
            }
            let mut op = json!({
                "operationId": format!("{method}Resource{p}"),
                "summary": format!("Operation {p} ({method})."),
                "tags": [format!("Area {}", p % TAGS)],
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {"name": "expand", "in": "query", "style": "form", "explode": false,
                     "schema": {"type": "array", "items": {"type": "string", "enum": ["owner", "items"]}}}
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": target}}}},
                    "default": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Schema0"}}}}
                }
            });
            if *method == "post" {
                op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": target}}}});
            }
            item.insert((*method).to_owned(), op);
        }
        item.insert(
            "parameters".into(),
            json!([
                {"name": "account_id", "in": "path", "required": true, "schema": {"type": "string", "maxLength": 32}},
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}
            ]),
        );
        paths.insert(
            format!("/accounts/{{account_id}}/resources{p}/{{id}}"),
            Value::Object(item),
        );
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "components": {
            "schemas": components,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{"token": []}],
        "paths": paths
    });
    doc.to_string()
}

fn schema(i: usize) -> Value {
    let r = |j: usize| json!({"$ref": format!("#/components/schemas/Schema{j}")});
    let mut properties = json!({
        "id": {"type": "string", "format": "uuid", "description": "Identifier."},
        "name": {"type": "string", "nullable": true},
        "count": {"type": "integer", "format": "int32"},
        "ratio": {"type": "number"},
        "created_at": {"type": "string", "format": "date-time"},
        "status": {"type": "string", "enum": ["active", "inactive", "in-progress"]},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    });
    // References form shallow trees, as in real documents (a chain of
    // thousands of types nested in one another is not something APIs do).
    if i > 0 {
        properties["parent"] = r(i / 8);
        properties["children"] = json!({"type": "array", "items": r(i / 2)});
    }
    let object = json!({"type": "object", "required": ["id"], "properties": properties});
    match i {
        _ if i > 0 && i % 10 == 0 => json!({"allOf": [r(i - 1), object]}),
        _ if i > 1 && i % 25 == 1 => json!({"oneOf": [r(i - 1), r(i - 2)]}),
        _ => object,
    }
}

/// A small valid document padded to about `bytes` bytes with data the
/// generator must parse but never emits (an `x-padding` extension of 1 KiB
/// strings): the "huge hostile document" case. Used by `cargo xtask bench`
/// and the hostile-document tests.
#[allow(dead_code)]
pub fn padded_document(bytes: usize) -> String {
    let mut doc: Value = serde_json::from_str(&document(40, 20)).unwrap_or(Value::Null);
    let piece = "p".repeat(1024);
    let count = bytes / (piece.len() + 3);
    let padding: Vec<Value> = (0..count).map(|_| Value::String(piece.clone())).collect();
    if let Some(root) = doc.as_object_mut() {
        root.insert("x-padding".to_owned(), Value::Array(padding));
    }
    doc.to_string()
}
