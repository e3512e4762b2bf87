//! The fold as load applies it: what the document looks like after, and
//! what it leaves for lowering.

use serde_json::json;

use crate::load::Document;
use crate::pointer::JsonPointer;

fn load(schemas: serde_json::Value) -> Document {
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
        "x-defs": {
            "Extra": {"allOf": [
                {"$ref": "#/components/schemas/Named"},
                {"properties": {"extra": {"type": "boolean"}}}
            ]}
        }
    });
    crate::load(&doc.to_string()).expect("document loads")
}

fn at(pointer: &str) -> JsonPointer {
    JsonPointer::from_ref(&format!("#{pointer}")).expect("pointer")
}

fn schemas() -> serde_json::Value {
    json!({
        "Named": {"type": "object", "required": ["name"],
                  "properties": {"name": {"type": "string"}}},
        "Pet": {"description": "A pet.", "allOf": [
            {"$ref": "#/components/schemas/Named"},
            {"description": "ignored", "properties": {"age": {"type": "integer"}}}
        ]},
        "MaybeNamed": {"nullable": true, "description": "Maybe.",
                       "allOf": [{"$ref": "#/components/schemas/Named"}, {"title": "t"}]},
        "UsesPart": {"$ref": "#/components/schemas/Pet/allOf/1"},
        "UsesExtra": {"$ref": "#/x-defs/Extra"}
    })
}

#[test]
fn a_fold_replaces_the_schema_and_keeps_its_own_docs() {
    let doc = load(schemas());
    let pet = at("/components/schemas/Pet").resolve(&doc.raw).unwrap();
    assert_eq!(pet.get("allOf"), None);
    assert_eq!(pet["description"], "A pet.");
    assert_eq!(pet["required"], json!(["name"]));
    let props: Vec<&String> = pet["properties"].as_object().unwrap().keys().collect();
    assert_eq!(props, ["name", "age"]);
}

#[test]
fn folded_properties_are_located_where_a_part_declared_them() {
    let doc = load(schemas());
    let folds = &doc.folds;
    assert_eq!(
        folds.declared_at(at("/components/schemas/Pet/properties/name")),
        at("/components/schemas/Named/properties/name")
    );
    assert_eq!(
        folds.declared_at(at("/components/schemas/Pet/properties/age")),
        at("/components/schemas/Pet/allOf/1/properties/age")
    );
    // Places no fold moved are their own.
    assert_eq!(
        folds.declared_at(at("/components/schemas/Named/properties/name")),
        at("/components/schemas/Named/properties/name")
    );
}

#[test]
fn parts_that_only_annotate_one_ref_stay_that_ref() {
    let doc = load(schemas());
    let maybe = at("/components/schemas/MaybeNamed")
        .resolve(&doc.raw)
        .unwrap();
    assert_eq!(
        maybe,
        &json!({"nullable": true, "description": "Maybe.",
                "allOf": [{"$ref": "#/components/schemas/Named"}]})
    );
}

#[test]
fn references_into_folded_parts_still_resolve_to_the_part() {
    let doc = load(schemas());
    let (target, value, _) = doc
        .raw_doc()
        .follow("#/components/schemas/Pet/allOf/1")
        .expect("the part is kept");
    assert_eq!(target, at("/components/schemas/Pet/allOf/1"));
    assert_eq!(value["properties"]["age"]["type"], "integer");
    assert!(
        doc.folds.detached.len() == 1,
        "only referenced parts are kept"
    );
}

#[test]
fn schemas_only_a_ref_reaches_are_folded_too() {
    let doc = load(schemas());
    let extra = at("/x-defs/Extra").resolve(&doc.raw).unwrap();
    assert_eq!(extra.get("allOf"), None);
    assert!(extra["properties"].get("extra").is_some());
    assert!(extra["properties"].get("name").is_some());
}

#[test]
fn a_fold_that_contains_itself_degrades_where_it_is() {
    let doc = load(json!({
        "Node": {"properties": {"next": {"allOf": [
            {"$ref": "#/components/schemas/Node"},
            {"properties": {"extra": {"type": "string"}}}
        ]}}}
    }));
    let reasons: Vec<String> = doc
        .folds
        .degradations
        .iter()
        .map(|d| format!("{} {}", d.pointer, d.reason))
        .collect();
    assert!(
        reasons
            .iter()
            .all(|r| r.contains("contains itself through allOf")),
        "{reasons:?}"
    );
    assert!(!reasons.is_empty());
}

#[test]
fn the_walk_reaches_exactly_the_objects_the_table_describes() {
    let doc = load(schemas());
    for (pointer, reached) in [
        ("/components/schemas/Pet", true),
        ("/components/schemas/Named/properties/name", true),
        ("/components/schemas/Pet/allOf/1", false),
        ("/x-defs/Extra", false),
        ("/components/schemas/Missing", false),
        ("/info", false),
    ] {
        assert_eq!(
            crate::graph::reached(&doc.raw, &at(pointer)),
            reached,
            "{pointer}"
        );
    }
}
