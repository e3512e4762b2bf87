//! Every fixture's generated crate compiles with zero warnings, passes
//! clippy `-D warnings` and documents without rustdoc warnings: hostile names
//! and odd constructs included.
//!
//! Features: every fixture also compiles with no features at all, and the
//! `tags` fixture (groups sharing types) with each group's feature alone
//! and with `full` (every group, not the types no operation uses).
//!
//! Embedded: every fixture is also generated as a module of one crate
//! (`embedded`, through `openapi_rustgen::build::Build`, each file
//! `include!`d at its root, the crate depending on what `Output` lists):
//! the rerooted paths and decided `cfg`s compile, lint and document as
//! cleanly. That crate is edition 2021 (the fixture crates are 2024): an
//! including crate's edition is the one its `include!`d code compiles in.
//!
//! The crates are written to `target/fixture-crates/` as one throwaway
//! workspace pinned by this repository's `Cargo.lock`, so dependencies
//! compile once and match what `generated/` uses. A fixture with a program
//! in `tests/fixture-decode/<name>.rs` gets it as its crate's
//! `tests/decode.rs` (and its document as `tests/document.yaml`, for the
//! program to `include_str!`), run here: decoding checked on the generated
//! code. A fixture with a program in `tests/fixture-behaviour/<name>.rs`
//! gets it as `tests/behaviour.rs`, with tokio and wiremock as
//! dev-dependencies, run here too: the generated client against a local
//! server (the pagers of the `pagination-*` fixtures, the `events`
//! fixture's server-sent events).

use std::process::Command;

use std::collections::BTreeSet;
use std::path::Path;

use integration_tests::{fixture_name, fixture_settings, fixtures, generate_fixture, root};
use openapi_rustgen::build::Build;
use openapi_rustgen::output::write_crate;

/// The `embedded` crate in `dir`: every fixture as a module of its root.
fn write_embedded_crate(dir: &Path) {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let mut lib = String::from("//! Every fixture's client, embedded as a module.\n");
    let mut dependencies = BTreeSet::new();
    for path in fixtures() {
        let output = Build::new(&path)
            .settings(fixture_settings(&path))
            .out_dir(&src)
            .generate_to(&mut Vec::new())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        lib.push_str(&format!("include!(\"{}.rs\");\n", output.module));
        dependencies.extend(output.dependencies);
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    let dependencies = merge_dependencies(dependencies);
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"embedded\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[dependencies]\n{}\n",
            dependencies.join("\n")
        ),
    )
    .unwrap();
}

/// `[dependencies]` lines of several crates as one crate's: one line per
/// crate, with the features any of them asks for (a fixture's
/// configuration may add some, `uuid`'s `v4`).
fn merge_dependencies(lines: BTreeSet<String>) -> Vec<String> {
    let mut merged: std::collections::BTreeMap<String, toml::Value> = Default::default();
    for line in lines {
        let table: toml::Table = toml::from_str(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
        for (name, value) in table {
            match (merged.get_mut(&name), value) {
                (Some(toml::Value::Table(old)), toml::Value::Table(new)) => {
                    let features = old
                        .entry("features")
                        .or_insert_with(|| toml::Value::Array(Vec::new()));
                    if let (toml::Value::Array(old), Some(toml::Value::Array(new))) =
                        (features, new.get("features"))
                    {
                        for f in new {
                            if !old.contains(f) {
                                old.push(f.clone());
                            }
                        }
                    }
                }
                (Some(_), _) => {}
                (None, value) => drop(merged.insert(name, value)),
            }
        }
    }
    merged
        .into_iter()
        .map(|(name, value)| format!("{name} = {value}"))
        .collect()
}

#[test]
fn every_fixture_crate_compiles_cleanly() {
    let dir = root().join("target/fixture-crates");
    std::fs::create_dir_all(&dir).unwrap();
    let mut members = Vec::new();
    let mut decoded = Vec::new();
    let mut behaved = Vec::new();
    let mut tag_groups: Vec<String> = Vec::new();
    for path in fixtures() {
        let name = fixture_name(&path);
        let generated = generate_fixture(&path);
        if name == "tags" {
            tag_groups = generated
                .api
                .groups
                .iter()
                .map(|g| g.name.clone())
                .collect();
        }
        let mut files = generated.files;
        let program = root().join(format!("tests/fixture-decode/{name}.rs"));
        if program.exists() {
            files.insert(
                "tests/decode.rs".into(),
                std::fs::read_to_string(&program).unwrap(),
            );
            files.insert(
                "tests/document.yaml".into(),
                std::fs::read_to_string(&path).unwrap(),
            );
            decoded.push(format!("fixture-{name}"));
        }
        let behaviour = root().join(format!("tests/fixture-behaviour/{name}.rs"));
        if behaviour.exists() {
            files.insert(
                "tests/behaviour.rs".into(),
                std::fs::read_to_string(&behaviour).unwrap(),
            );
            if let Some(manifest) = files.get_mut("Cargo.toml") {
                manifest.push_str(BEHAVIOUR_DEV_DEPENDENCIES);
            }
            behaved.push(format!("fixture-{name}"));
        }
        write_crate(&dir.join(&name), &files).unwrap();
        members.push(format!("{name:?}"));
    }
    assert!(tag_groups.len() >= 4, "the tags fixture has groups to test");
    write_embedded_crate(&dir.join("embedded"));
    members.push("\"embedded\"".to_owned());
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let output = Command::new(&cargo)
            .args(args)
            .envs(env.iter().copied())
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .current_dir(&dir)
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "cargo {} failed:\n{stderr}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout)
        );
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("warning"))
            .collect();
        assert!(
            warnings.is_empty(),
            "cargo {} warned:\n{stderr}",
            args.join(" ")
        );
    };
    run(
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    // Nothing enabled: the client alone, no warning about unused runtime parts.
    run(
        &[
            "clippy",
            "--workspace",
            "--no-default-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    // Each group alone compiles exactly what it reaches (one target
    // directory, so only the fixture crate itself is rebuilt each time);
    // `full` is every group without the types no operation uses.
    for group in tag_groups.iter().map(String::as_str).chain(["full"]) {
        run(
            &[
                "clippy",
                "-p",
                "fixture-tags",
                "--no-default-features",
                "--features",
                group,
                "--quiet",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        );
    }
    run(
        &["doc", "--workspace", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    assert!(!decoded.is_empty(), "no fixture has a decode program");
    let mut args = vec!["test", "--quiet", "--test", "decode"];
    for package in &decoded {
        args.extend(["-p", package.as_str()]);
    }
    run(&args, &[]);
    assert!(
        behaved.len() >= 4,
        "every pagination pattern has a behaviour program: {behaved:?}"
    );
    let mut args = vec!["test", "--quiet", "--test", "behaviour"];
    for package in &behaved {
        args.extend(["-p", package.as_str()]);
    }
    run(&args, &[]);
}

/// What a behaviour program needs beside the crate's own dependencies: a
/// runtime for `#[tokio::test]` and a local server (the versions our
/// `Cargo.lock` pins).
const BEHAVIOUR_DEV_DEPENDENCIES: &str = "
[dev-dependencies]
tokio = { version = \"1\", features = [\"macros\", \"rt\"] }
wiremock = \"0.6\"
";
