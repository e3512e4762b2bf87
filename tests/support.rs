//! Helpers shared by the test files.

use std::path::{Path, PathBuf};

use openapi_rustgen::FileLoader;
use openapi_rustgen::{Generated, Settings};

/// The repository root.
pub fn root() -> PathBuf {
    xtask::root()
}

/// `../shared` beside the repository, where the seeds and corpus live.
pub fn shared() -> PathBuf {
    root().join("../shared")
}

/// Generates a fixture spec (`tests/fixtures/<name>.yaml`, or the root
/// document `tests/fixtures-multi/<name>/api.yaml` of a multi-file one, its
/// other files read as the command line reads them) as crate
/// `fixture-<name>`.
pub fn generate_fixture(path: &Path) -> Generated {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let loader = FileLoader::for_document(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    openapi_rustgen::generate_with(&text, &fixture_settings(path), loader.files())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fixture's name: the file's stem, or a multi-file fixture's folder.
pub fn fixture_name(path: &Path) -> String {
    let named = if is_multi_file(path) {
        path.parent().and_then(Path::file_name)
    } else {
        path.file_stem()
    };
    named
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_multi_file(path: &Path) -> bool {
    path.parent()
        .and_then(Path::parent)
        .is_some_and(|p| p.ends_with(MULTI_FILE))
}

/// Multi-file fixtures: one folder each, holding `api.yaml` and the files it
/// refers to (which are not fixtures of their own).
const MULTI_FILE: &str = "fixtures-multi";

/// Settings for a fixture crate.
pub fn fixture_settings(path: &Path) -> Settings {
    let mut s = Settings::new(format!("fixture-{}", fixture_name(path)));
    s.regenerate_with = "cargo test -p integration-tests --test snapshots".into();
    // A configuration file beside the document applies, as on the command line.
    let config = path.with_file_name("openapi-rustgen.toml");
    if let Ok(text) = std::fs::read_to_string(&config) {
        openapi_rustgen::Config::from_toml(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", config.display()))
            .apply(&mut s);
    }
    s
}

/// Every fixture spec, sorted: `tests/fixtures/*.yaml`, then the root
/// documents of the multi-file fixtures, `tests/fixtures-multi/*/api.yaml`.
pub fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    let mut multi: Vec<PathBuf> = std::fs::read_dir(root().join("tests").join(MULTI_FILE))
        .expect("tests/fixtures-multi exists")
        .filter_map(|e| e.ok().map(|e| e.path().join("api.yaml")))
        .filter(|p| p.is_file())
        .collect();
    multi.sort();
    out.extend(multi);
    // Names share one namespace (snapshots, crates): no two alike.
    let mut names: Vec<String> = out.iter().map(|p| fixture_name(p)).collect();
    names.sort();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "two fixtures share a name: {names:?}");
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

/// The generated crate's README examples (one per resource) are compiled
/// as doctests too: they are what crates.io shows users first.
#[doc = include_str!("../generated/README.md")]
#[cfg(doctest)]
pub struct GeneratedReadmeDoctests;

/// The generator crate's README (what crates.io shows for it) too.
#[doc = include_str!("../generator/README.md")]
#[cfg(doctest)]
pub struct GeneratorReadmeDoctests;

/// A session ID (sessions are named by UUID).
pub const SESSION: &str = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";

/// [`SESSION`] as the client takes it.
pub fn session() -> uuid::Uuid {
    SESSION.parse().expect("a UUID")
}
