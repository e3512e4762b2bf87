//! What the build script told Cargo, read back from where Cargo keeps a
//! build script's output (the file `output` beside its `OUT_DIR`): rerun
//! when either file of the document changes, and no warning (this
//! document has nothing the generator degrades).

use std::path::Path;

#[test]
fn the_build_script_watches_both_files_of_the_document_and_nothing_else() {
    let output = Path::new(env!("OUT_DIR")).with_file_name("output");
    let printed = std::fs::read_to_string(&output).unwrap_or_else(|e| {
        panic!(
            "cannot read the build script's output, {}: {e}",
            output.display()
        )
    });
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected: Vec<String> = ["api/openapi.yaml", "api/schemas.yaml"]
        .iter()
        .map(|file| {
            let path = package.join(file).canonicalize().unwrap();
            format!("cargo:rerun-if-changed={}", path.display())
        })
        .collect();
    assert_eq!(printed.lines().collect::<Vec<_>>(), expected);
}
