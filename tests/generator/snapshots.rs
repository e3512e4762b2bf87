//! Snapshot tests of the emitted code and of the IR: `cargo insta review`
//! shows what a change does to the generated crate.

use integration_tests::{fixture_name, fixtures, generate_fixture, reviewable};

#[test]
fn realtimekit_ir() {
    let generated = xtask::realtimekit_files().expect("spec/openapi.yaml generates");
    insta::assert_yaml_snapshot!("realtimekit_ir", generated.api);
}

#[test]
fn realtimekit_code() {
    let generated = xtask::realtimekit_files().expect("spec/openapi.yaml generates");
    assert!(
        generated.warnings.is_empty(),
        "our own spec must generate without warnings: {:?}",
        generated.warnings
    );
    insta::assert_snapshot!("realtimekit_code", reviewable(&generated));
}

/// One snapshot per fixture in `tests/fixtures/`, each exercising one
/// construct. `glob!` checks every fixture and reports each mismatch.
#[test]
fn fixture_code() {
    insta::glob!("../fixtures", "*.yaml", |path| {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let generated = generate_fixture(path);
        // Keep one snapshot file per fixture, named as before (no `@file` suffix).
        let mut settings = insta::Settings::clone_current();
        settings.remove_snapshot_suffix();
        settings.bind(|| {
            insta::assert_snapshot!(format!("fixture_{name}"), reviewable(&generated));
        });
    });
}

/// One snapshot per multi-file fixture (`tests/fixtures-multi/<name>/`,
/// generated from its `api.yaml`), named like the single-file ones.
#[test]
fn multi_file_fixture_code() {
    insta::glob!("../fixtures-multi", "*/api.yaml", |path| {
        let name = fixture_name(path);
        let generated = generate_fixture(path);
        let mut settings = insta::Settings::clone_current();
        settings.remove_snapshot_suffix();
        settings.bind(|| {
            insta::assert_snapshot!(format!("fixture_{name}"), reviewable(&generated));
        });
    });
}

/// Generation is a pure function of its input: two runs, byte-identical files.
#[test]
fn output_is_deterministic() {
    let a = xtask::realtimekit_files().unwrap();
    let b = xtask::realtimekit_files().unwrap();
    assert_eq!(a.files, b.files);
    for path in fixtures() {
        assert_eq!(
            generate_fixture(&path).files,
            generate_fixture(&path).files,
            "{}",
            path.display()
        );
    }
}
