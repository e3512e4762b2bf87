use super::classify::code;
use super::render::{self, Format};
use super::*;

fn bump(changed: bool, breaking: bool, version: &str) -> (Bump, String) {
    let v = semver::Version::parse(version).unwrap();
    let b = Bump::implied(changed, breaking, &v);
    (b, b.apply(&v).to_string())
}

#[test]
fn bumps_follow_cargo_rules() {
    assert_eq!(bump(false, false, "0.3.1"), (Bump::None, "0.3.1".into()));
    assert_eq!(bump(true, false, "0.3.1"), (Bump::Patch, "0.3.2".into()));
    assert_eq!(bump(true, true, "0.3.1"), (Bump::Minor, "0.4.0".into()));
    // In 0.0.z every release is incompatible; only z moves.
    assert_eq!(bump(true, true, "0.0.4"), (Bump::Patch, "0.0.5".into()));
    assert_eq!(bump(true, false, "1.2.3"), (Bump::Minor, "1.3.0".into()));
    assert_eq!(bump(true, true, "1.2.3"), (Bump::Major, "2.0.0".into()));
    assert_eq!(
        bump(true, false, "0.2.0-beta.1+build"),
        (Bump::Patch, "0.2.1".into())
    );
}

#[test]
fn code_spans_survive_backticks_and_pipes_stay_escaped_in_tables() {
    assert_eq!(code("a"), "`a`");
    assert_eq!(code("a`b"), "``a`b``");
    assert_eq!(code("`x"), "`` `x ``");
    assert_eq!(code("line\nbreak"), "`line break`");
}

fn surface(yaml: &str, version: &str) -> ApiSurface {
    let mut settings = crate::Settings::new("t");
    settings.crate_version = version.into();
    let generated = crate::generate(yaml, &settings).unwrap();
    ApiSurface::from_api(&generated.api, &settings)
}

const DOC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: kind, in: query, schema: {$ref: '#/components/schemas/Kind'}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
components:
  schemas:
    Kind: {type: string, enum: [a, b]}
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
"#;

#[test]
fn the_surface_round_trips_through_its_json() {
    let s = surface(DOC, "0.1.0");
    assert_eq!(ApiSurface::from_json(&s.to_json()).unwrap(), s);
    assert!(compare(&s, &s).is_empty());
}

#[test]
fn enum_values_that_need_escaping_render_safely() {
    let old = surface(DOC, "0.1.0");
    let new = surface(
        &DOC.replace("enum: [a, b]", "enum: [a, b, 'x|`y']"),
        "0.1.0",
    );
    let report = compare(&old, &new);
    assert_eq!(report.changes.len(), 1);
    assert!(!report.is_breaking());
    let md = render::render(&report, Format::Markdown);
    assert!(md.contains(r"``x\|`y``"), "{md}");
}

#[test]
fn an_unparsable_version_still_classifies() {
    let old = surface(DOC, "not-semver");
    let new = surface(&DOC.replace("enum: [a, b]", "enum: [a]"), "not-semver");
    let report = compare(&old, &new);
    assert!(report.is_breaking());
    assert_eq!(report.new_version, None);
    assert!(render::text(&report).contains("is not semver"));
}

fn user_built(api: &crate::ir::Api) -> Vec<&str> {
    api.types
        .iter()
        .filter(|t| t.user_built)
        .map(|t| t.name.as_str())
        .collect()
}

#[test]
fn user_built_types_follow_request_inputs() {
    let doc = DOC.replace(
        "      responses:\n        '200':",
        "      requestBody:\n        content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}}}\n      responses:\n        '200':",
    );
    let api = crate::generate(&doc, &crate::Settings::new("t"))
        .unwrap()
        .api;
    let built = user_built(&api);
    assert!(
        built.contains(&"Thing") && built.contains(&"Kind"),
        "{built:?}"
    );
    let api = crate::generate(DOC, &crate::Settings::new("t"))
        .unwrap()
        .api;
    assert!(!user_built(&api).contains(&"Thing"));
}

#[test]
fn moving_an_operation_or_a_type_between_features_is_classified() {
    let old = surface(DOC, "0.1.0");
    let mut new = old.clone();
    new.operations[0].feature = Some("other".into());
    let kind = |report: &Report, kind: ChangeKind| {
        report
            .changes
            .iter()
            .find(|c| c.kind == kind)
            .cloned()
            .unwrap_or_else(|| panic!("no {kind:?} in {report:?}"))
    };
    let report = compare(&old, &new);
    assert!(kind(&report, ChangeKind::OperationFeatureChanged).breaking);

    // A type compiled by more groups: every build that had it keeps it.
    let thing = old.types.iter().position(|t| t.name == "Thing").unwrap();
    assert_eq!(old.types[thing].features, ["things"]);
    let mut new = old.clone();
    new.types[thing].features = vec!["more".into(), "things".into()];
    assert!(!kind(&compare(&old, &new), ChangeKind::TypeFeaturesChanged).breaking);
    // Only `all-types` now (no operation reaches it): `things` alone loses it…
    new.types[thing].features = vec!["all-types".into()];
    assert!(kind(&compare(&old, &new), ChangeKind::TypeFeaturesChanged).breaking);
    // …and the other way round nobody does.
    assert!(!kind(&compare(&new, &old), ChangeKind::TypeFeaturesChanged).breaking);

    // Defaults: losing one is breaking, gaining one is not.
    assert_eq!(old.default_features, ["all-types"]);
    let mut new = old.clone();
    new.default_features.clear();
    assert!(kind(&compare(&old, &new), ChangeKind::DefaultFeaturesChanged).breaking);
    assert!(!kind(&compare(&new, &old), ChangeKind::DefaultFeaturesChanged).breaking);
}

#[test]
fn a_layout_1_surface_has_no_features_to_compare() {
    let new = surface(DOC, "0.1.0");
    let mut json: serde_json::Value = serde_json::from_str(&new.to_json()).unwrap();
    json["layout"] = 1.into();
    let object = json.as_object_mut().unwrap();
    object.remove("default_features");
    for op in json["operations"].as_array_mut().unwrap() {
        op.as_object_mut().unwrap().remove("feature");
    }
    for ty in json["types"].as_array_mut().unwrap() {
        ty.as_object_mut().unwrap().remove("features");
    }
    let old = ApiSurface::from_json(&json.to_string()).unwrap();
    assert!(compare(&old, &new).is_empty(), "{:?}", compare(&old, &new));
}
