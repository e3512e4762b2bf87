//! Property tests: random documents never make the generator panic, and
//! whatever it emits always parses as Rust.
//!
//! `fuzz_until_the_deadline` is the long-running fuzz target behind
//! `cargo xtask fuzz [--seconds N]` (ignored in the normal run): the same
//! generators plus structure-aware mutations of the real spec, of every
//! fixture and of the shared corpus's documents, through load → lower →
//! emit → format. Failures it finds are
//! saved to `properties.proptest-regressions`, which every run replays.

use std::time::{Duration, Instant};

use openapi_rustgen::{Settings, generate};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, RngSeed, TestCaseError, TestRunner};
use serde_json::{Map, Value, json};

/// Names real documents use and names built to hurt: keywords, case
/// collisions, punctuation, digits, unicode, empty.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "type", "self", "Self", "$ref", "@id", "1st", "foo-bar", "fooBar", "foo_bar", "FooBar",
            "", " ", "Client", "Error", "Result", "Option", "String", "Vec", "Box", "crate",
            "super", "gen", "async", "<=", "*", "ASC", "asc", "日本", "a\"b", "x\ny", "r#type",
            "_", "__", "unknown", "Unknown",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z_][a-zA-Z0-9_ -]{0,10}",
        "\\PC{0,8}",
    ]
}

fn leaf(refs: Vec<String>) -> impl Strategy<Value = Value> {
    let reference = prop::sample::select(refs)
        .prop_map(|r| json!({"$ref": format!("#/components/schemas/{r}")}));
    prop_oneof![
        Just(json!({"type": "string"})),
        prop::sample::select(vec!["uuid", "date-time", "date", "uri", "binary", "weird"])
            .prop_map(|f| json!({"type": "string", "format": f})),
        prop::sample::select(vec!["int32", "int64", "uint8", "int8", "nonsense"])
            .prop_map(|f| json!({"type": "integer", "format": f})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean", "nullable": true})),
        Just(json!({})),
        prop::collection::vec(name(), 0..5).prop_map(|v| json!({"type": "string", "enum": v})),
        prop::collection::vec(any::<i64>(), 1..4)
            .prop_map(|v| json!({"type": "integer", "enum": v})),
        Just(json!({"$ref": "#/components/schemas/DoesNotExist"})),
        Just(json!({"$ref": "other.yaml#/Nope"})),
        reference,
    ]
}

fn schema(refs: Vec<String>) -> impl Strategy<Value = Value> {
    leaf(refs).prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            (prop::collection::vec((name(), inner.clone()), 0..5), any::<bool>(), any::<bool>()).prop_map(
                |(props, required, extra)| {
                    let names: Vec<Value> = props.iter().map(|(n, _)| json!(n)).collect();
                    let mut o = json!({"type": "object", "properties": props.into_iter().collect::<Map<_, _>>()});
                    if required {
                        o["required"] = Value::Array(names);
                    }
                    if extra {
                        o["additionalProperties"] = json!({"type": "string"});
                    }
                    o
                }
            ),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|v| json!({"type": "object", "additionalProperties": v})),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|parts| json!({"allOf": parts})),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|parts| json!({"oneOf": parts, "nullable": true})),
            (prop::collection::vec(inner.clone(), 1..4), name())
                .prop_map(|(parts, tag)| json!({"anyOf": parts, "discriminator": {"propertyName": tag}})),
        ]
    })
}

fn document() -> impl Strategy<Value = Value> {
    prop::collection::vec(name(), 1..6).prop_flat_map(|names| {
        let schemas = prop::collection::vec(schema(names.clone()), names.len());
        let params = prop::collection::vec(
            (name(), prop::sample::select(vec!["path", "query", "header", "cookie"]), leaf(names.clone()), any::<bool>()),
            0..5,
        );
        let body = prop::option::of(schema(names.clone()));
        let path = prop::sample::select(vec!["/a/{id}", "/{x}/{x}", "/b", "/c/{name}.{ext}", "/q?x#y"]);
        let response = schema(names.clone());
        (Just(names), schemas, params, body, response, path)
    })
    .prop_map(|(names, schemas, params, body, response, path)| {
        let parameters: Vec<Value> = params
            .into_iter()
            .map(|(n, location, s, required)| json!({"name": n, "in": location, "required": required, "schema": s}))
            .collect();
        let mut op = json!({
            "parameters": parameters,
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}}
        });
        if let Some(b) = body {
            op["requestBody"] = json!({"content": {"application/json": {"schema": b}}});
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": "Property", "version": "1"},
            "paths": {path: {"post": op}},
            "components": {"schemas": names.into_iter().zip(schemas).collect::<Map<_, _>>()}
        })
    })
}

/// The property every generated document must satisfy: parseable Rust
/// out, or located diagnostics and never an internal error (a panic).
fn check(doc: &Value) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(doc).unwrap();
    match generate(&text, &Settings::new("property")) {
        Ok(generated) => {
            for (path, contents) in &generated.files {
                if path.ends_with(".rs") {
                    let parsed = syn::parse_file(contents);
                    prop_assert!(parsed.is_ok(), "{path} does not parse: {:?}", parsed.err());
                }
            }
        }
        Err(e) => {
            for d in &e.diagnostics {
                prop_assert!(d.pointer.to_string().starts_with('#'));
                prop_assert!(!d.message.contains("internal error"), "{e}");
            }
        }
    }
    Ok(())
}

/// The real spec and every fixture, as JSON values: seeds for mutation.
fn seeds() -> Vec<Value> {
    let root = integration_tests::root();
    let mut paths = integration_tests::fixtures();
    paths.push(root.join("spec/openapi.yaml"));
    paths
        .iter()
        .filter_map(|p| serde_yaml::from_str(&std::fs::read_to_string(p).ok()?).ok())
        .collect()
}

/// The shared corpus's documents (`../shared/specs`, when it is beside the
/// repository): real vendors' sloppiness to mutate, for the fuzz target
/// only (each takes a few hundred milliseconds to generate).
fn corpus_seeds() -> Vec<Value> {
    xtask::corpus::documents(&integration_tests::shared().join("specs"))
        .unwrap_or_default()
        .iter()
        .filter_map(|p| serde_yaml::from_str(&std::fs::read_to_string(p).ok()?).ok())
        .collect()
}

/// Every JSON pointer in a value, root first.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    match v {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| pointers(v, format!("{at}/{}", escape(k)), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

/// What a mutation puts in place of a value.
fn replacement() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None), // remove it
        leaf(vec!["Missing".to_owned()]).prop_map(Some),
        name().prop_map(|n| Some(json!(n))),
        any::<i64>().prop_map(|n| Some(json!(n))),
        Just(Some(json!(null))),
        Just(Some(json!([]))),
        Just(Some(json!({}))),
        Just(Some(json!({"$ref": "#"}))),
        Just(Some(json!({"$ref": "#/paths"}))),
        Just(Some(
            json!({"allOf": [{"$ref": "#/components/schemas/Missing"}, {"type": "object"}]})
        )),
    ]
}

/// A seed document with a few values replaced or removed.
fn mutated(seeds: Vec<Value>) -> impl Strategy<Value = Value> {
    (
        prop::sample::select(seeds),
        prop::collection::vec((any::<prop::sample::Index>(), replacement()), 1..6),
    )
        .prop_map(|(mut doc, edits)| {
            for (index, value) in edits {
                let mut all = Vec::new();
                pointers(&doc, String::new(), &mut all);
                let at = &all[index.index(all.len())];
                let Some((parent, key)) = at.rsplit_once('/') else {
                    continue; // the root stays an object
                };
                let key = key.replace("~1", "/").replace("~0", "~");
                match (doc.pointer_mut(parent), value) {
                    (Some(Value::Object(map)), Some(v)) => {
                        map.insert(key, v);
                    }
                    (Some(Value::Object(map)), None) => {
                        map.remove(&key);
                    }
                    (Some(Value::Array(items)), v) => {
                        if let Ok(i) = key.parse::<usize>() {
                            match v {
                                Some(v) if i < items.len() => items[i] = v,
                                None if i < items.len() => {
                                    items.remove(i);
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            doc
        })
}

/// The suite's runs use a fixed seed, so a run on CI is the same run on
/// any machine: a failure there is reproducible, never a flake. New ground
/// is the fuzz target's job (a fresh seed each round); `PROPTEST_RNG_SEED`
/// still picks another seed for one run.
fn suite_config() -> ProptestConfig {
    let base = ProptestConfig::default();
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        base.rng_seed
    } else {
        RngSeed::Fixed(SUITE_SEED)
    };
    ProptestConfig {
        cases: 128,
        rng_seed,
        ..base
    }
}

const SUITE_SEED: u64 = 0x0A91_2024;

proptest! {
    #![proptest_config(suite_config())]

    #[test]
    fn random_documents_generate_parseable_rust_or_located_errors(doc in document()) {
        check(&doc)?;
    }

    #[test]
    fn mutated_real_documents_generate_parseable_rust_or_located_errors(doc in mutated(seeds())) {
        check(&doc)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = generate(&text, &Settings::new("property"));
    }
}

/// The long-running fuzz target: random and mutated documents until
/// `FUZZ_SECONDS` (default 60) have passed. Run it with
/// `cargo xtask fuzz --seconds N`; it prints how many documents it tried.
/// If the process dies (out of memory, killed on a hang), the document it
/// was trying is `target/tmp/fuzz-last-document.json`.
#[test]
#[ignore = "long-running; `cargo xtask fuzz --seconds N`"]
fn fuzz_until_the_deadline() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let seeds = seeds();
    let corpus = corpus_seeds();
    println!(
        "fuzz: mutating {} fixtures and spec, and {} corpus documents",
        seeds.len(),
        corpus.len()
    );
    let config = ProptestConfig {
        cases: 256,
        source_file: Some(file!()),
        // `properties.proptest-regressions`, beside this file.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    };
    // A document that exhausts memory or never finishes kills the process
    // before proptest can save it; the one being tried is always on disk.
    let last = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-last-document.json");
    let (mut rounds, mut documents) = (0u64, 0u64);
    while Instant::now() < deadline {
        // A fresh random seed each round, so rounds explore new ground.
        let mut runner = TestRunner::new(config.clone());
        // Random documents, mutated fixtures, and (one round in four when
        // the corpus is there: its documents are large) mutated corpus.
        let result = match rounds % 4 {
            0 | 2 => runner.run(&document(), |doc| check_leaving(&doc, &last)),
            3 if !corpus.is_empty() => {
                runner.run(&mutated(corpus.clone()), |doc| check_leaving(&doc, &last))
            }
            _ => runner.run(&mutated(seeds.clone()), |doc| check_leaving(&doc, &last)),
        };
        if let Err(e) = result {
            panic!("after {documents} documents: {e}");
        }
        rounds += 1;
        documents += u64::from(config.cases);
    }
    println!(
        "fuzz: {documents} documents in {seconds} s ({rounds} rounds of {}), no failure",
        config.cases
    );
}

/// [`check`], with the document written to `last` first.
fn check_leaving(doc: &Value, last: &std::path::Path) -> Result<(), TestCaseError> {
    std::fs::write(last, serde_json::to_vec(doc).unwrap()).unwrap();
    check(doc)
}
