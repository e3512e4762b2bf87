//! Documents split over several files: `$ref`s to other local files are
//! followed through the caller's loader (never a URL), and every problem is
//! reported in the file that has it. The three-file fixture itself is in
//! `fixtures-multi/` (snapshot and compile tests).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use integration_tests::{fixtures, generate_fixture, root};
use openapi_rustgen::cli::{Options, generate_to_dir};
use openapi_rustgen::{Files, Generated, Loader, Result, Settings, generate, generate_with};

/// Files in memory, recording which were asked for.
struct Memory {
    files: BTreeMap<&'static str, &'static str>,
    asked: Mutex<Vec<String>>,
}

impl Memory {
    fn new(files: &[(&'static str, &'static str)]) -> Self {
        Self {
            files: files.iter().copied().collect(),
            asked: Mutex::new(Vec::new()),
        }
    }

    fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap().clone()
    }

    fn generate(&self, root: &str, strict: bool) -> Result<Generated> {
        let mut settings = Settings::new("multi");
        settings.strict = strict;
        generate_with(
            root,
            &settings,
            Files {
                document: "api.yaml",
                loader: self,
            },
        )
    }
}

impl Loader for Memory {
    fn load(&self, path: &str) -> std::result::Result<String, String> {
        self.asked.lock().unwrap().push(path.to_owned());
        self.files
            .get(path)
            .map(|t| (*t).to_owned())
            .ok_or_else(|| "not found".to_owned())
    }
}

/// A document with one operation whose response is `schema` (inline YAML).
fn api(schema: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n"
    )
}

const SCHEMA_AT: &str = "#/paths/~1a/get/responses/200/content/application~1json/schema";

fn messages(e: &openapi_rustgen::Error) -> Vec<String> {
    e.diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn the_split_fixture_is_one_api_with_the_types_named_as_in_their_files() {
    let path = root().join("tests/fixtures-multi/multi-file-pets/api.yaml");
    assert!(fixtures().contains(&path), "the helpers list it");
    let generated = generate_fixture(&path);
    let names: Vec<&str> = generated
        .api
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["CommonError", "Error", "Kind", "NewPet", "Owner", "Pet"]
    );
    assert_eq!(generated.api.operations.len(), 3);
    // The one warning is about a URL, reported in the file that holds it.
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("schemas.yaml#/Pet/properties/photo: external reference `https://schemas.example.com/photo.json` is a URL"),
        "{warnings:?}"
    );
    assert_eq!(
        generated.degradations[0].pointer.to_string(),
        "schemas.yaml#/Pet/properties/photo"
    );
}

#[test]
fn plain_generate_does_not_read_other_files() {
    let path = root().join("tests/fixtures-multi/multi-file-pets/api.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let generated = generate(&text, &Settings::new("multi")).unwrap();
    assert!(
        generated.warnings.iter().any(|w| w
            .to_string()
            .contains("external reference `./schemas.yaml#/Pet` is not supported here")),
        "{:?}",
        generated.warnings
    );
}

#[test]
fn a_url_is_never_fetched_and_is_a_located_error_under_strict() {
    let files = Memory::new(&[]);
    let doc = api("{$ref: 'https://example.com/schemas.yaml#/Pet'}");
    let generated = files.generate(&doc, false).unwrap();
    let warning = format!(
        "{SCHEMA_AT}: external reference `https://example.com/schemas.yaml#/Pet` is a URL: URLs are never fetched, only local files are followed; using any JSON value"
    );
    assert_eq!(generated.warnings[0].to_string(), warning);
    let e = files.generate(&doc, true).unwrap_err();
    assert_eq!(messages(&e), [warning]);
    assert!(files.asked().is_empty(), "nothing was read");
}

#[test]
fn a_missing_file_is_a_located_error_naming_the_file() {
    let files = Memory::new(&[(
        "schemas.yaml",
        "Pet: {properties: {toy: {$ref: 'toys/missing.yaml#/Toy'}}}\n",
    )]);
    let e = files
        .generate(&api("{$ref: 'schemas.yaml#/Pet'}"), false)
        .unwrap_err();
    assert_eq!(
        messages(&e),
        [
            "schemas.yaml#/Pet/properties/toy: cannot read the referenced file `toys/missing.yaml`: not found"
        ]
    );
    assert_eq!(files.asked(), ["schemas.yaml", "toys/missing.yaml"]);
}

#[test]
fn a_cycle_across_files_is_two_types() {
    let files = Memory::new(&[
        (
            "a.yaml",
            "A: {type: object, properties: {b: {$ref: 'sub/b.yaml#/B'}}}\n",
        ),
        (
            "sub/b.yaml",
            "B: {type: object, properties: {a: {$ref: '../a.yaml#/A'}}}\n",
        ),
    ]);
    let generated = files.generate(&api("{$ref: 'a.yaml#/A'}"), true).unwrap();
    let names: Vec<&str> = generated
        .api
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(names, ["A", "B"]);
    // Types live in per-group modules: look through every emitted file.
    let types: String = generated
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, text)| text.as_str())
        .collect();
    assert!(
        types.contains("pub b: ::std::option::Option<::std::boxed::Box<crate::types::B>>"),
        "{types}"
    );
    assert_eq!(files.asked(), ["a.yaml", "sub/b.yaml"]);
}

#[test]
fn an_invalid_object_in_another_file_is_reported_there() {
    let files = Memory::new(&[(
        "schemas.yaml",
        "Pet:\n  properties:\n    b: {type: object, required: yes}\n",
    )]);
    let e = files
        .generate(&api("{$ref: 'schemas.yaml#/Pet'}"), false)
        .unwrap_err();
    let m = messages(&e);
    assert!(
        m[0].starts_with("schemas.yaml#/Pet/properties/b: not a valid OpenAPI 3.0 document here"),
        "{m:?}"
    );
}

/// A scratch copy of `files` in the system temporary folder.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("multi-file-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn cli_error(dir: &Path, spec: &str, options: &Options) -> String {
    let out = dir.join("out");
    let e = generate_to_dir(&dir.join(spec), &out, options).unwrap_err();
    format!("{e:#}")
}

#[test]
fn the_command_line_reads_files_beside_the_document_and_nowhere_else() {
    let dir = scratch(
        "cli",
        &[
            ("api/api.yaml", &api("{$ref: 'models/pet.yaml'}")),
            (
                "api/models/pet.yaml",
                "type: object\nproperties: {name: {type: string}}\n",
            ),
            ("api/missing.yaml", &api("{$ref: './nope.yaml#/X'}")),
            ("api/escape.yaml", &api("{$ref: '../shared/pet.yaml'}")),
            ("shared/pet.yaml", "type: string\n"),
        ],
    );
    let options = Options {
        crate_name: Some("multi".into()),
        ..Options::default()
    };
    let report = generate_to_dir(&dir.join("api/api.yaml"), &dir.join("out"), &options).unwrap();
    assert_eq!(report.types, 1);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    let missing = cli_error(&dir, "api/missing.yaml", &options);
    assert!(
        missing.contains(&format!(
            "{SCHEMA_AT}: cannot read the referenced file `nope.yaml`"
        )),
        "{missing}"
    );

    let escape = cli_error(&dir, "api/escape.yaml", &options);
    assert!(
        escape.contains("cannot read the referenced file `../shared/pet.yaml`")
            && escape.contains("outside"),
        "{escape}"
    );
    // Allowed when the caller widens the folder.
    let wide = Options {
        ref_root: Some(dir.clone()),
        ..options.clone()
    };
    generate_to_dir(&dir.join("api/escape.yaml"), &dir.join("out"), &wide).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
