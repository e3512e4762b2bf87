use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::{Value, json};

use super::*;

/// An in-memory folder of files that records what was read.
struct Folder {
    files: BTreeMap<&'static str, &'static str>,
    read: Mutex<Vec<String>>,
}

impl Folder {
    fn new(files: &[(&'static str, &'static str)]) -> Self {
        Self {
            files: files.iter().copied().collect(),
            read: Mutex::new(Vec::new()),
        }
    }

    fn reads(&self) -> Vec<String> {
        self.read.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Loader for Folder {
    fn load(&self, path: &str) -> std::result::Result<String, String> {
        if let Ok(mut read) = self.read.lock() {
            read.push(path.to_owned());
        }
        self.files
            .get(path)
            .map(|t| (*t).to_owned())
            .ok_or_else(|| "no such file".to_owned())
    }
}

fn run(root: Value, folder: &Folder) -> Result<(Value, Origins)> {
    let mut root = root;
    let origins = inline_other_files(
        &mut root,
        Files {
            document: "api.yaml",
            loader: folder,
        },
    )?;
    Ok((root, origins))
}

fn errors(root: Value, folder: &Folder) -> Vec<String> {
    match run(root, folder) {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics.iter().map(ToString::to_string).collect(),
    }
}

fn schema_ref(reference: &str) -> Value {
    json!({
        "openapi": "3.0.3",
        "paths": {"/a": {"get": {"responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": reference}}},
        }}}}},
    })
}

fn response_schema(doc: &Value) -> &Value {
    &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
}

#[test]
fn follows_references_across_three_files_relative_to_each() {
    let folder = Folder::new(&[
        (
            "schemas.yaml",
            "Pet:\n  properties:\n    owner: {$ref: '#/Owner'}\n    error: {$ref: 'responses/common.json#/components/schemas/Error'}\nOwner: {type: string}\n",
        ),
        (
            "responses/common.json",
            r##"{"components": {"schemas": {"Error": {"properties": {"pet": {"$ref": "../schemas.yaml#/Pet"}}}}}}"##,
        ),
    ]);
    let (doc, origins) = run(schema_ref("./schemas.yaml#/Pet"), &folder).unwrap();
    assert_eq!(
        response_schema(&doc),
        &json!({"$ref": "#/components/schemas/Pet"})
    );
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Pet"]["properties"]["owner"],
        json!({"$ref": "#/components/schemas/Owner"})
    );
    assert_eq!(
        schemas["Pet"]["properties"]["error"],
        json!({"$ref": "#/components/schemas/Error"})
    );
    // The cycle Pet → Error → Pet ends at the component made first.
    assert_eq!(
        schemas["Error"]["properties"]["pet"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    assert_eq!(schemas["Owner"], json!({"type": "string"}));
    // Each file read once.
    assert_eq!(folder.reads(), ["schemas.yaml", "responses/common.json"]);
    // Places in the bundle name their file.
    let at = JsonPointer::from_ref("#/components/schemas/Error/properties/pet").unwrap();
    assert_eq!(
        origins.locate(&at).to_string(),
        "responses/common.json#/components/schemas/Error/properties/pet"
    );
    let at = JsonPointer::from_ref("#/paths/~1a").unwrap();
    assert_eq!(origins.locate(&at), at);
}

#[test]
fn one_component_per_file_and_pointer() {
    let folder = Folder::new(&[("schemas.yaml", "Pet: {type: string}\n")]);
    let mut root = schema_ref("schemas.yaml#/Pet");
    root["components"] = json!({"schemas": {
        "A": {"properties": {
            "x": {"$ref": "./schemas.yaml#/Pet"},
            "y": {"$ref": "sub/../schemas.yaml#/Pet"},
        }},
    }});
    let (doc, _) = run(root, &folder).unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.len(), 2, "{schemas:?}");
    for p in ["x", "y"] {
        assert_eq!(
            schemas["A"]["properties"][p]["$ref"],
            "#/components/schemas/Pet"
        );
    }
}

#[test]
fn a_component_that_only_refers_keeps_its_name() {
    let folder = Folder::new(&[("models/pet.yaml", "type: object\n")]);
    let mut root = schema_ref("#/components/schemas/Pet");
    root["components"] = json!({"schemas": {"Pet": {"$ref": "models/pet.yaml"}}});
    let (doc, origins) = run(root, &folder).unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.len(), 1);
    assert_eq!(schemas["Pet"], json!({"type": "object"}));
    let at = JsonPointer::from_ref("#/components/schemas/Pet").unwrap();
    assert_eq!(origins.locate(&at).to_string(), "models/pet.yaml#");
}

#[test]
fn names_are_unique_and_whole_files_use_their_stem() {
    let folder = Folder::new(&[
        (
            "common.json",
            r#"{"components": {"schemas": {"Error": {"type": "integer"}}}}"#,
        ),
        ("other/common.json", r#"{"Error": {"type": "boolean"}}"#),
        ("pet.yaml", "type: string\n"),
    ]);
    let mut root = schema_ref("pet.yaml");
    root["components"] = json!({"schemas": {
        "Error": {"type": "string"},
        "B": {"properties": {
            "x": {"$ref": "common.json#/components/schemas/Error"},
            "y": {"$ref": "other/common.json#/Error"},
        }},
    }});
    let (doc, _) = run(root, &folder).unwrap();
    assert_eq!(response_schema(&doc)["$ref"], "#/components/schemas/pet");
    let b = &doc["components"]["schemas"]["B"]["properties"];
    assert_eq!(b["x"]["$ref"], "#/components/schemas/common_Error");
    assert_eq!(b["y"]["$ref"], "#/components/schemas/Error_2");
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["Error"], json!({"type": "string"}));
    assert_eq!(schemas["common_Error"], json!({"type": "integer"}));
    assert_eq!(schemas["Error_2"], json!({"type": "boolean"}));
}

#[test]
fn references_back_to_the_document_stay_local() {
    let folder = Folder::new(&[(
        "schemas.yaml",
        "Pet: {properties: {tag: {$ref: 'api.yaml#/components/schemas/Tag'}}}\n",
    )]);
    let mut root = schema_ref("schemas.yaml#/Pet");
    root["components"] = json!({"schemas": {"Tag": {"type": "string"}}});
    let (doc, _) = run(root, &folder).unwrap();
    assert_eq!(
        doc["components"]["schemas"]["Pet"]["properties"]["tag"]["$ref"],
        "#/components/schemas/Tag"
    );
    assert_eq!(folder.reads(), ["schemas.yaml"]);
}

#[test]
fn aliases_are_followed_to_their_target() {
    let folder = Folder::new(&[
        ("a.yaml", "Alias: {$ref: 'b.yaml#/Real'}\n"),
        ("b.yaml", "Real: {type: integer}\n"),
    ]);
    let (doc, _) = run(schema_ref("a.yaml#/Alias"), &folder).unwrap();
    assert_eq!(response_schema(&doc)["$ref"], "#/components/schemas/Real");
    let loop_folder = Folder::new(&[
        ("a.yaml", "A: {$ref: 'b.yaml#/B'}\n"),
        ("b.yaml", "B: {$ref: 'a.yaml#/A'}\n"),
    ]);
    let e = errors(schema_ref("a.yaml#/A"), &loop_folder);
    assert_eq!(
        e,
        [
            "#/paths/~1a/get/responses/200/content/application~1json/schema: reference chain is too long or circular"
        ]
    );
}

#[test]
fn path_items_are_inlined_with_their_references_rewritten() {
    let folder = Folder::new(&[
        (
            "paths/pets.yaml",
            "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '../schemas.yaml#/Pet'}\n",
        ),
        ("schemas.yaml", "Pet: {type: string}\n"),
    ]);
    let root = json!({"openapi": "3.0.3", "paths": {"/pets": {"$ref": "paths/pets.yaml"}}});
    let (doc, origins) = run(root, &folder).unwrap();
    let schema =
        &doc["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["$ref"], "#/components/schemas/Pet");
    let at = JsonPointer::from_ref("#/paths/~1pets/get/responses").unwrap();
    assert_eq!(
        origins.locate(&at).to_string(),
        "paths/pets.yaml#/get/responses"
    );
}

#[test]
fn urls_are_never_fetched() {
    let folder = Folder::new(&[]);
    for url in [
        "https://example.com/schemas.yaml#/Pet",
        "http://example.com/pet.json",
        "file:///etc/passwd",
        "urn:x:y",
    ] {
        let (doc, _) = run(schema_ref(url), &folder).unwrap();
        assert_eq!(response_schema(&doc)["$ref"], url);
    }
    assert!(folder.reads().is_empty());
}

#[test]
fn a_missing_file_is_a_located_error_naming_it() {
    let folder = Folder::new(&[(
        "schemas.yaml",
        "Pet: {properties: {x: {$ref: 'missing.json#/X'}}}\n",
    )]);
    assert_eq!(
        errors(schema_ref("schemas.yaml#/Pet"), &folder),
        [
            "schemas.yaml#/Pet/properties/x: cannot read the referenced file `missing.json`: no such file"
        ]
    );
    assert_eq!(
        errors(schema_ref("schemas.yaml#/Dog"), &folder),
        [
            "#/paths/~1a/get/responses/200/content/application~1json/schema: reference `schemas.yaml#/Dog` points to nothing: `schemas.yaml` has no `#/Dog`"
        ]
    );
}

#[test]
fn a_file_that_does_not_parse_is_reported_in_that_file() {
    let folder = Folder::new(&[("bad.yaml", "Pet: [\n")]);
    let e = errors(schema_ref("bad.yaml#/Pet"), &folder);
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("bad.yaml#: invalid YAML"), "{e:?}");
}

#[test]
fn absolute_paths_and_odd_fragments_are_refused() {
    let folder = Folder::new(&[]);
    let e = errors(schema_ref("/etc/passwd"), &folder);
    assert!(e[0].contains("names an absolute path"), "{e:?}");
    let e = errors(schema_ref("schemas.yaml#Pet"), &folder);
    assert!(e[0].contains("not a JSON pointer"), "{e:?}");
    let e = errors(schema_ref(".."), &folder);
    assert!(e[0].contains("names no file"), "{e:?}");
    assert!(folder.reads().is_empty());
}

#[test]
fn a_path_item_that_includes_itself_is_an_error() {
    let folder = Folder::new(&[(
        "p.yaml",
        "get: {callbacks: {c: {'{$url}': {$ref: 'p.yaml'}}}}\n",
    )]);
    let root = json!({"openapi": "3.0.3", "paths": {"/p": {"$ref": "p.yaml"}}});
    let e = errors(root, &folder);
    assert_eq!(
        e,
        ["p.yaml#/get/callbacks/c/{$url}: reference to `p.yaml#` includes itself"]
    );
}

#[test]
fn documents_without_file_references_are_untouched() {
    let folder = Folder::new(&[]);
    let root = json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"properties": {"x": {"$ref": "#/components/schemas/A"}}},
    }}});
    let (doc, _) = run(root.clone(), &folder).unwrap();
    assert_eq!(doc, root);
}

#[test]
fn paths_are_normalised_against_the_referring_file() {
    assert_eq!(
        normalise("api.yaml", "./a/b.yaml").as_deref(),
        Some("a/b.yaml")
    );
    assert_eq!(
        normalise("x/y/c.json", "../z.yaml").as_deref(),
        Some("x/z.yaml")
    );
    assert_eq!(
        normalise("c.json", "../../z.yaml").as_deref(),
        Some("../../z.yaml")
    );
    assert_eq!(
        normalise("a/c.json", "././/d/../e.yaml").as_deref(),
        Some("a/e.yaml")
    );
    assert_eq!(normalise("c.json", ".."), None);
    assert!(has_scheme("https://x") && has_scheme("c:\\x") && !has_scheme("a/b:c"));
    assert_eq!(file_stem("responses/common.v2.json"), "common");
}
