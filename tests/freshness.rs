//! `generated/` must be exactly what `cargo xtask codegen` writes.

use openapi_rustgen::output::check_crate;

#[test]
fn generated_crate_is_fresh() {
    let generated = xtask::realtimekit_files().expect("spec/openapi.yaml generates");
    let drift = check_crate(&xtask::root().join("generated"), &generated.files).unwrap();
    assert!(
        drift.is_clean(),
        "generated/ is stale ({:?} changed, {:?} left over): run cargo xtask codegen",
        drift.changed,
        drift.stale
    );
}

#[test]
fn readme_operation_table_is_fresh() {
    let generated = xtask::realtimekit_files().expect("spec/openapi.yaml generates");
    let stale = xtask::sync_readme_operations(&xtask::root(), &generated.files, true).unwrap();
    assert!(
        !stale,
        "README.md's operation table differs from generated/README.md: run cargo xtask codegen"
    );
}
