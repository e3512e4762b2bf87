//! The classification matches what rustc accepts: for each fixture pair with
//! a `user.rs`, that small program is compiled against the crate generated
//! from `old.yaml` (it must compile) and against the one from `new.yaml` (it
//! must compile exactly when the report calls the change compatible). A
//! pair with a `features` file builds with default features off and only
//! those on, so changes to which feature compiles what are checked too.
//!
//! Everything is one throwaway workspace in `target/api-diff-crates`, pinned
//! by this repository's `Cargo.lock`, checked by a single `cargo check
//! --keep-going` so dependencies compile once.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use integration_tests::root;
use openapi_rustgen::Settings;
use openapi_rustgen::output::write_crate;

struct Case {
    name: String,
    breaking: bool,
}

#[test]
fn user_programs_compile_exactly_when_the_change_is_compatible() {
    let fixtures = root().join("tests/fixtures/api-diff");
    let dir = root().join("target/api-diff-crates");
    std::fs::create_dir_all(&dir).unwrap();
    let mut members = Vec::new();
    let mut cases = Vec::new();
    let mut only_as_dependency = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("user.rs").exists())
        .collect();
    entries.sort();
    for case_dir in entries {
        let name = case_dir.file_name().unwrap().to_string_lossy().into_owned();
        let report = xtask::api_diff_report(
            &case_dir.join("old.yaml"),
            &case_dir.join("new.yaml"),
            "0.1.0",
        )
        .unwrap();
        assert!(!report.is_empty(), "{name}: the pair must change the API");
        let program = std::fs::read_to_string(case_dir.join("user.rs")).unwrap();
        // A `features` file: the user turns default features off and
        // enables these (one per line), as a build that compiles only what
        // it calls does.
        let dependency_features = match std::fs::read_to_string(case_dir.join("features")) {
            Ok(list) => {
                let features: Vec<String> =
                    list.split_whitespace().map(|f| format!("{f:?}")).collect();
                format!(
                    ", default-features = false, features = [{}]",
                    features.join(", ")
                )
            }
            Err(_) => String::new(),
        };
        // Cargo unifies a package's features across everything it builds:
        // checked as a member of its own, the crate would get its default
        // features. Left out, it is built only as the program's dependency.
        if !dependency_features.is_empty() {
            for side in ["old", "new"] {
                only_as_dependency.push(format!("api-{name}-{side}"));
            }
        }
        for side in ["old", "new"] {
            let text = std::fs::read_to_string(case_dir.join(format!("{side}.yaml"))).unwrap();
            let api = format!("api-{name}-{side}");
            let mut settings = Settings::new(api.clone());
            settings.regenerate_with =
                "cargo test -p integration-tests --test api_diff_compile".into();
            let generated = openapi_rustgen::generate(&text, &settings).unwrap();
            write_crate(&dir.join(&api), &generated.files).unwrap();
            let user = format!("user-{name}-{side}");
            std::fs::create_dir_all(dir.join(&user).join("src")).unwrap();
            std::fs::write(
                dir.join(&user).join("Cargo.toml"),
                format!(
                    "[package]\nname = {user:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\napi = {{ package = {api:?}, path = \"../{api}\"{dependency_features} }}\n"
                ),
            )
            .unwrap();
            std::fs::write(dir.join(&user).join("src/main.rs"), &program).unwrap();
            members.push(format!("{api:?}"));
            members.push(format!("{user:?}"));
        }
        cases.push(Case {
            name,
            breaking: report.is_breaking(),
        });
    }
    assert!(cases.iter().any(|c| c.breaking) && cases.iter().any(|c| !c.breaking));
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
    let output = Command::new(&cargo)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--quiet",
            "--message-format=json",
        ])
        .args(
            only_as_dependency
                .iter()
                .flat_map(|p| ["--exclude", p.as_str()]),
        )
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .current_dir(&dir)
        .output()
        .expect("cargo runs");
    // Which packages produced their check artifact, and every error by package.
    let mut built = BTreeSet::new();
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        // Each package sits in a folder of its own name.
        let package = std::path::Path::new(message["manifest_path"].as_str().unwrap_or_default())
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                built.insert(package);
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
                errors.entry(package).or_default().push(rendered.to_owned());
            }
            _ => {}
        }
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut failures = Vec::new();
    for case in &cases {
        for side in ["old", "new"] {
            let api = format!("api-{}-{side}", case.name);
            assert!(
                built.contains(&api),
                "{api} does not compile: {:?}\n{stderr}",
                errors.get(&api)
            );
        }
        let old = format!("user-{}-old", case.name);
        if !built.contains(&old) {
            failures.push(format!(
                "{old}: the program must compile against the old crate:\n{}",
                errors.get(&old).map(|e| e.join("\n")).unwrap_or_default()
            ));
        }
        let new = format!("user-{}-new", case.name);
        let compiles = built.contains(&new);
        if compiles == case.breaking {
            failures.push(format!(
                "{}: classified {} but the program {} against the new crate\n{}",
                case.name,
                if case.breaking {
                    "breaking"
                } else {
                    "compatible"
                },
                if compiles {
                    "compiles"
                } else {
                    "does not compile"
                },
                errors.get(&new).map(|e| e.join("\n")).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
