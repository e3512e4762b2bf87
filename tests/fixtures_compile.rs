//! Every fixture's generated crate compiles with zero warnings, passes
//! clippy `-D warnings` and documents without rustdoc warnings: hostile names
//! and odd constructs included.
//!
//! The crates are written to `target/fixture-crates/` as one throwaway
//! workspace pinned by this repository's `Cargo.lock`, so dependencies
//! compile once and match what `generated/` uses.

use std::process::Command;

use integration_tests::{fixture_name, fixtures, generate_fixture, root};
use openapi_rustgen::output::write_crate;

#[test]
fn every_fixture_crate_compiles_cleanly() {
    let dir = root().join("target/fixture-crates");
    std::fs::create_dir_all(&dir).unwrap();
    let mut members = Vec::new();
    for path in fixtures() {
        let name = fixture_name(&path);
        write_crate(&dir.join(&name), &generate_fixture(&path).files).unwrap();
        members.push(format!("{name:?}"));
    }
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
            "cargo {} failed:\n{stderr}",
            args.join(" ")
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
    run(
        &["doc", "--workspace", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
}
