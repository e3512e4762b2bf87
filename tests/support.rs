//! Helpers shared by the test files.

use std::path::{Path, PathBuf};

use openapi_rustgen::{Generated, Settings};

/// The repository root.
pub fn root() -> PathBuf {
    xtask::root()
}

/// `../shared` beside the repository, where the seeds and corpus live.
pub fn shared() -> PathBuf {
    root().join("../shared")
}

/// Generates a fixture spec (`tests/fixtures/<name>`) as crate `fixture-<stem>`.
pub fn generate_fixture(path: &Path) -> Generated {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    openapi_rustgen::generate(&text, &fixture_settings(path))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Settings for a fixture crate.
pub fn fixture_settings(path: &Path) -> Settings {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut s = Settings::new(format!("fixture-{stem}"));
    s.regenerate_with = "cargo test -p integration-tests --test snapshots".into();
    s
}

/// Every fixture spec, sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

/// The files a reviewer reads, concatenated: warnings, types, client.
pub fn reviewable(generated: &Generated) -> String {
    let mut out = String::new();
    if !generated.warnings.is_empty() {
        out.push_str("# warnings\n");
        for w in &generated.warnings {
            out.push_str(&format!("{w}\n"));
        }
        out.push('\n');
    }
    // Every emitted file in path order (lib, client, each group's module
    // and types, shared types, the manifest); the runtime is copied verbatim.
    for (file, text) in &generated.files {
        if matches!(file.as_str(), "src/runtime.rs" | "src/pagination.rs") {
            continue;
        }
        out.push_str(&format!("# {file}\n"));
        out.push_str(text);
        out.push('\n');
    }
    out
}

/// The README's Rust example is compiled as a doctest, so it cannot rot.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
