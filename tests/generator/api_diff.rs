//! The API change report on fixture pairs (`tests/fixtures/api-diff/<case>/
//! {old,new}.yaml`, one kind of change each): snapshots of the text and
//! Markdown reports, and the pair without an API change reports nothing.

use integration_tests::root;
use openapi_rustgen::diff::{Bump, render};

#[test]
fn reports_on_each_fixture_pair() {
    insta::glob!("../fixtures/api-diff", "*/old.yaml", |old| {
        let new = old.with_file_name("new.yaml");
        let report = xtask::api_diff_report(old, &new, "0.1.0").unwrap();
        let text = render::text(&report);
        let markdown = render::markdown(&report);
        insta::assert_snapshot!(format!("# text\n\n{text}\n# markdown\n\n{markdown}"));
    });
}

#[test]
fn a_pair_without_api_change_reports_nothing_and_bumps_nothing() {
    let dir = root().join("tests/fixtures/api-diff/unchanged");
    let old = std::fs::read_to_string(dir.join("old.yaml")).unwrap();
    let new = std::fs::read_to_string(dir.join("new.yaml")).unwrap();
    assert_ne!(old, new, "the documents differ, only not in their API");
    let report =
        xtask::api_diff_report(&dir.join("old.yaml"), &dir.join("new.yaml"), "0.3.1").unwrap();
    assert!(report.is_empty(), "{:?}", report.changes);
    assert_eq!(report.bump, Bump::None);
    assert_eq!(report.new_version.as_deref(), Some("0.3.1"));
}

#[test]
fn every_pair_but_the_unchanged_one_reports_a_change() {
    let dir = root().join("tests/fixtures/api-diff");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let case = entry.unwrap().path();
        let report =
            xtask::api_diff_report(&case.join("old.yaml"), &case.join("new.yaml"), "0.1.0")
                .unwrap();
        let unchanged = case.ends_with("unchanged");
        assert_eq!(report.is_empty(), unchanged, "{}", case.display());
        let expected_bump = if unchanged {
            Bump::None
        } else if report.is_breaking() {
            Bump::Minor
        } else {
            Bump::Patch
        };
        assert_eq!(report.bump, expected_bump, "{}", case.display());
    }
}

/// The JSON report carries each change's kind and classification.
#[test]
fn json_report_names_kinds_and_classification() {
    let dir = root().join("tests/fixtures/api-diff/param-became-required");
    let report =
        xtask::api_diff_report(&dir.join("old.yaml"), &dir.join("new.yaml"), "1.4.2").unwrap();
    let json: serde_json::Value = serde_json::from_str(&render::json(&report)).unwrap();
    assert_eq!(json["changes"][0]["kind"], "input_became_required");
    assert_eq!(json["changes"][0]["subject"]["operation"], "list_pets");
    assert_eq!(json["changes"][0]["breaking"], true);
    assert_eq!(json["bump"], "major");
    assert_eq!(json["new_version"], "2.0.0");
}

/// `cargo xtask codegen` in a scratch copy: an unchanged spec writes nothing
/// new; a changed one prints nothing here but adds a changelog entry, bumps
/// the version in the manifest, the surface and `Cargo.lock`, and leaves
/// `--check` clean; `--no-bump` keeps the version.
#[test]
fn codegen_adds_a_changelog_entry_and_bumps_the_version() {
    let fixtures = root().join("tests/fixtures/api-diff");
    for (case, no_bump, expected) in [
        ("enum-value-added", false, "0.1.1"),
        ("field-removed", false, "0.2.0"),
        ("field-removed", true, "0.1.0"),
    ] {
        let scratch = root().join(format!("target/codegen-flow/{case}-{no_bump}"));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(scratch.join("spec")).unwrap();
        let lock = "[[package]]\nname = \"cloudflare-realtimekit\"\nversion = \"0.1.0\"\n";
        std::fs::write(scratch.join("Cargo.lock"), lock).unwrap();
        let spec = scratch.join("spec/openapi.yaml");
        std::fs::copy(fixtures.join(case).join("old.yaml"), &spec).unwrap();
        let read = |rel: &str| std::fs::read_to_string(scratch.join(rel)).unwrap_or_default();

        // First generation: the surface and the first changelog entry.
        xtask::codegen_at(&scratch, false, no_bump).unwrap();
        let first = read("generated/CHANGELOG.md");
        assert!(
            first.contains("## 0.1.0\n\nFirst generated version"),
            "{first}"
        );
        // Regenerating an unchanged spec changes nothing.
        xtask::codegen_at(&scratch, false, no_bump).unwrap();
        assert_eq!(read("generated/CHANGELOG.md"), first);
        xtask::codegen_at(&scratch, true, no_bump).unwrap();

        // The spec changes.
        std::fs::copy(fixtures.join(case).join("new.yaml"), &spec).unwrap();
        assert!(xtask::codegen_at(&scratch, true, no_bump).is_err(), "stale");
        xtask::codegen_at(&scratch, false, no_bump).unwrap();
        let changelog = read("generated/CHANGELOG.md");
        let heading = if no_bump {
            "## Unreleased (on top of 0.1.0)".to_owned()
        } else {
            format!("## {expected}")
        };
        assert!(changelog.contains(&heading), "{changelog}");
        assert!(changelog.ends_with(&first[first.find("## 0.1.0").unwrap()..]));
        assert!(
            read("generated/Cargo.toml").contains(&format!("\nversion = \"{expected}\"\n")),
            "{case}"
        );
        assert!(
            read("generated/api-surface.json")
                .contains(&format!("\"crate_version\": \"{expected}\""))
        );
        assert_eq!(
            read("Cargo.lock"),
            lock.replace("0.1.0", expected),
            "{case}"
        );
        xtask::codegen_at(&scratch, true, no_bump).unwrap();
        xtask::codegen_at(&scratch, false, no_bump).unwrap();
        assert_eq!(read("generated/CHANGELOG.md"), changelog, "no second entry");
    }
}
