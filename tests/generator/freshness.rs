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

/// A tag renamed in the spec moves its operations to a new module: `--check`
/// must flag the old module and its `types.rs` one level down, and
/// `codegen` must remove them. Run on a copy of the repository's inputs.
#[test]
fn a_renamed_tag_leaves_no_orphaned_files_behind() {
    let root = xtask::root();
    let copy = root.join("target/freshness-rename");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(copy.join("spec")).unwrap();
    copy_dir(&root.join("generated"), &copy.join("generated"));
    std::fs::copy(root.join("README.md"), copy.join("README.md")).unwrap();
    std::fs::copy(root.join("Cargo.lock"), copy.join("Cargo.lock")).unwrap();
    let spec = std::fs::read_to_string(root.join("spec/openapi.yaml")).unwrap();
    assert!(copy.join("generated/src/recordings/types.rs").exists());
    let renamed = spec
        .replace("  - name: Recordings\n", "  - name: Captures\n")
        .replace("        - Recordings\n", "        - Captures\n");
    assert_ne!(renamed, spec, "the spec tags operations `Recordings`");
    std::fs::write(copy.join("spec/openapi.yaml"), renamed).unwrap();

    let err = xtask::codegen_at(&copy, true, true).expect_err("--check flags the old module");
    let message = format!("{err:#}");
    for orphan in ["src/recordings.rs", "src/recordings/types.rs"] {
        assert!(message.contains(orphan), "{orphan} not flagged: {message}");
    }
    xtask::codegen_at(&copy, false, true).expect("codegen");
    assert!(!copy.join("generated/src/recordings.rs").exists());
    assert!(!copy.join("generated/src/recordings").exists());
    assert!(copy.join("generated/src/captures/types.rs").exists());
    xtask::codegen_at(&copy, true, true).expect("fresh after codegen");
    std::fs::remove_dir_all(&copy).unwrap();
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
