//! The API change report on fixture pairs (`tests/fixtures/api-diff/<case>/
//! {old,new}.yaml`, one kind of change each): snapshots of the text and
//! Markdown reports, and the pair without an API change reports nothing.

use integration_tests::root;
use openapi_rustgen::diff::{Bump, render};

#[test]
fn reports_on_each_fixture_pair() {
    insta::glob!("fixtures/api-diff/*/old.yaml", |old| {
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
