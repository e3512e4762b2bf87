//! The generator treats documents as untrusted: bombs, extreme nesting,
//! cycles, dangling and external references, enormous enums and objects,
//! and huge documents are each refused with a located error or generated in
//! bounded time, never a panic or a stack overflow. (A panic inside the
//! pipeline would come back as "internal error: the generator panicked",
//! which every case here rules out; a stack overflow would abort the test
//! binary.) The keyword, Unicode and injection fixtures in
//! `tests/fixtures/` are compiled with clippy and rustdoc by
//! `fixtures_compile`; here their output is also checked for what must never
//! appear in it.

// Shared with the benches; this test uses only the padded document.
#[allow(dead_code)]
#[path = "../../generator/benches/synthetic.rs"]
mod synthetic;

/// Every file the generator emitted from the document (not the hand-written
/// runtime), concatenated: types and builders live in per-group modules.
fn emitted(g: &openapi_rustgen::Generated) -> String {
    emitted_files(g).join("\n")
}

/// The Rust files emitted from the document (not the copied runtime).
fn emitted_files(g: &openapi_rustgen::Generated) -> Vec<&str> {
    g.files
        .iter()
        .filter(|(path, _)| {
            path.ends_with(".rs")
                && !path.starts_with("src/runtime/")
                && *path != "src/pagination.rs"
        })
        .map(|(_, text)| text.as_str())
        .collect()
}

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use integration_tests::{generate_fixture, root};
use openapi_rustgen::{Generated, Settings, generate};

fn settings() -> Settings {
    Settings::new("hostile")
}

/// Generation either succeeds with output that parses as Rust, or fails
/// with located diagnostics; never an internal error.
fn outcome(text: &str) -> Result<Generated, String> {
    match generate(text, &settings()) {
        Ok(generated) => {
            for (path, contents) in &generated.files {
                if path.ends_with(".rs") {
                    syn::parse_file(contents)
                        .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
                }
            }
            Ok(generated)
        }
        Err(e) => {
            let text = e.to_string();
            assert!(!text.contains("internal error"), "{text}");
            assert!(!e.diagnostics.is_empty());
            Err(text)
        }
    }
}

fn warnings(generated: &Generated) -> String {
    generated
        .warnings
        .iter()
        .map(|w| format!("{w}\n"))
        .collect()
}

/// A document with these component schemas and one operation returning
/// `#/components/schemas/Root`.
fn with_schemas(schemas: serde_json::Value) -> String {
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1"},
        "paths": {"/root": {"get": {
            "operationId": "getRoot",
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Root"}}}}}
        }}},
        "components": {"schemas": schemas}
    })
    .to_string()
}

/// Like [`with_schemas`] with `Root` given as JSON text.
fn with_raw_root(root: &str) -> String {
    with_schemas(serde_json::json!({"Root": "PLACEHOLDER"})).replace("\"PLACEHOLDER\"", root)
}

#[test]
fn yaml_alias_bombs_are_refused() {
    // "Billion laughs": nine levels of nine aliases each.
    let mut doc = String::from(
        "openapi: 3.0.3\ninfo: {title: bomb, version: '1'}\npaths: {}\nx-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut previous = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
        let refs = vec![format!("*{previous}"); 9].join(",");
        doc.push_str(&format!("x-{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    let started = Instant::now();
    let err = outcome(&doc).expect_err("an alias bomb is refused");
    assert!(err.contains("error: "), "{err}");
    println!("alias bomb refused in {:.2?}: {err}", started.elapsed());
}

#[test]
fn a_thousand_levels_of_nested_schemas_are_bounded() {
    // Built as text: a deeply nested `serde_json::Value` would overflow the
    // test thread's own stack when dropped.
    let mut schema = String::from(r#"{"type": "string"}"#);
    for _ in 0..1000 {
        schema = format!(r#"{{"type": "object", "properties": {{"next": {schema}}}}}"#);
    }
    let doc = with_raw_root(&schema);
    // Refused by the parser's depth limit, located by line and column.
    let err = outcome(&doc).expect_err("too deep");
    assert!(
        err.contains("recursion limit exceeded at line 1 column"),
        "{err}"
    );
    // The same in YAML (flow style), refused by the YAML parser's limit.
    let mut yaml = String::from("{type: string}");
    for _ in 0..1000 {
        yaml = format!("{{type: object, properties: {{next: {yaml}}}}}");
    }
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: deep, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Root: {yaml}\n"
    );
    let err = outcome(&yaml).expect_err("too deep");
    assert!(
        err.contains("recursion limit exceeded at line 6 column"),
        "{err}"
    );
    // A depth real documents reach is fine.
    let mut schema = String::from(r#"{"type": "string"}"#);
    for _ in 0..30 {
        schema = format!(r#"{{"type": "object", "properties": {{"next": {schema}}}}}"#);
    }
    let g = outcome(&with_raw_root(&schema)).expect("30 levels generate");
    assert!(g.api.types.len() >= 30);
}

#[test]
fn a_thousand_levels_of_nested_all_of_are_bounded() {
    let mut schema =
        String::from(r#"{"type": "object", "properties": {"leaf": {"type": "string"}}}"#);
    for i in 0..1000 {
        schema = format!(
            r#"{{"allOf": [{schema}, {{"type": "object", "properties": {{"p{i}": {{"type": "integer"}}}}}}]}}"#
        );
    }
    let doc = with_raw_root(&schema);
    let err = outcome(&doc).expect_err("too deep");
    assert!(
        err.contains("recursion limit exceeded at line 1 column"),
        "{err}"
    );
    // Shallower chains merge every part.
    let mut schema =
        String::from(r#"{"type": "object", "properties": {"leaf": {"type": "string"}}}"#);
    for i in 0..40 {
        schema = format!(
            r#"{{"allOf": [{schema}, {{"type": "object", "properties": {{"p{i}": {{"type": "integer"}}}}}}]}}"#
        );
    }
    let g = outcome(&with_raw_root(&schema)).expect("40 allOf levels generate");
    let root = g.api.types.iter().find(|t| t.name == "Root").expect("Root");
    match &root.kind {
        openapi_rustgen::ir::TypeKind::Struct(s) => assert_eq!(s.fields.len(), 41),
        other => panic!("{other:?}"),
    }
}

#[test]
fn reference_cycles_with_nothing_in_between_are_located() {
    // Bare reference chains that never reach a schema: a located warning,
    // and the type degrades to any JSON value.
    for schemas in [
        serde_json::json!({"Root": {"$ref": "#/components/schemas/Root"}}),
        serde_json::json!({
            "Root": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/C"},
            "C": {"$ref": "#/components/schemas/Root"}
        }),
    ] {
        let g = outcome(&with_schemas(schemas.clone())).expect("degraded, not refused");
        let w = warnings(&g);
        assert!(
            w.contains("#/components/schemas/Root: reference chain is too long or circular"),
            "{schemas}: {w}"
        );
        assert!(emitted(&g).contains("pub type Root = ::serde_json::Value;"));
    }
    // Cycles through a wrapper end up as recursive types (boxed), which
    // compile: bounded, whatever they mean.
    for schemas in [
        serde_json::json!({"Root": {"allOf": [{"$ref": "#/components/schemas/Root"}]}}),
        serde_json::json!({"Root": {"oneOf": [{"$ref": "#/components/schemas/Root"}]}}),
        serde_json::json!({"Root": {"type": "array", "items": {"$ref": "#/components/schemas/Root"}}}),
    ] {
        outcome(&with_schemas(schemas)).expect("generates");
    }
}

#[test]
fn references_to_missing_targets_are_located() {
    let doc = with_schemas(serde_json::json!({
        "Root": {"type": "object", "properties": {
            "gone": {"$ref": "#/components/schemas/Nowhere"},
            "bad": {"$ref": "#/components/schemas/Root/properties/nope"},
            "odd": {"$ref": "#not-a-pointer"}
        }}
    }));
    match outcome(&doc) {
        Ok(g) => {
            let w = warnings(&g);
            assert!(w.contains("Nowhere"), "{w}");
            assert!(
                w.contains("/components/schemas/Root/properties/gone"),
                "{w}"
            );
        }
        Err(e) => assert!(e.contains("Nowhere"), "{e}"),
    }
}

#[test]
fn external_references_are_refused_and_never_fetched() {
    // A listener that records any connection: nothing may ever arrive.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let contacted = Arc::new(AtomicBool::new(false));
    let doc = with_schemas(serde_json::json!({
        "Root": {"type": "object", "properties": {
            "remote": {"$ref": format!("http://127.0.0.1:{port}/evil.yaml#/components/schemas/X")},
            "file": {"$ref": "./other.yaml#/components/schemas/X"},
            "absolute": {"$ref": "/etc/passwd"},
        }},
        "Alias": {"$ref": format!("https://127.0.0.1:{port}/x.json")}
    }));
    let result = outcome(&doc);
    std::thread::sleep(Duration::from_millis(50));
    if let Ok((mut stream, _)) = listener.accept() {
        let mut buf = [0u8; 64];
        let _ = stream.read(&mut buf);
        contacted.store(true, Ordering::SeqCst);
    }
    assert!(
        !contacted.load(Ordering::SeqCst),
        "an external $ref was fetched"
    );
    match result {
        Ok(g) => {
            let w = warnings(&g);
            assert!(
                w.contains("/components/schemas/Root/properties/remote"),
                "{w}"
            );
            assert!(
                w.contains("/components/schemas/Root/properties/file"),
                "{w}"
            );
        }
        Err(e) => assert!(e.contains("/components/schemas/"), "{e}"),
    }
}

/// The one degradation a document reports, as `(pointer, reason)`.
fn only_degradation(g: &Generated) -> (String, String) {
    match g.degradations.as_slice() {
        [one] => (one.pointer.to_string(), one.reason.clone()),
        other => panic!("expected one degradation, got {other:?}"),
    }
}

/// Past what rustc can check (see `limits.rs`): generated quickly, as a
/// plain string, with the cap reported where the enum is.
#[test]
fn a_50_000_value_enum_generates() {
    let values: Vec<String> = (0..50_000).map(|i| format!("value-{i}")).collect();
    let doc = with_schemas(serde_json::json!({"Root": {"type": "string", "enum": values}}));
    let started = Instant::now();
    let g = outcome(&doc).expect("a large enum is fine");
    let types = &emitted(&g);
    assert!(!types.contains("Value49999"), "no 50 000-variant enum");
    let (pointer, reason) = only_degradation(&g);
    assert_eq!(pointer, "#/components/schemas/Root");
    assert!(reason.contains("kept as a plain string"), "{reason}");
    println!(
        "50 000-value enum: {:.2?}, {} bytes",
        started.elapsed(),
        types.len()
    );
}

#[test]
fn ten_thousand_properties_on_one_object_generate() {
    let properties: serde_json::Map<String, serde_json::Value> = (0..10_000)
        .map(|i| (format!("field_{i}"), serde_json::json!({"type": "integer"})))
        .collect();
    let doc =
        with_schemas(serde_json::json!({"Root": {"type": "object", "properties": properties}}));
    let started = Instant::now();
    let g = outcome(&doc).expect("a wide object is fine");
    // The first 2 000 properties are fields; the rest stay in `extra`.
    let types = emitted(&g);
    assert!(types.contains("field_1999") && !types.contains("field_2000"));
    let (pointer, reason) = only_degradation(&g);
    assert_eq!(pointer, "#/components/schemas/Root");
    assert!(reason.contains("stay in `extra`"), "{reason}");
    println!("10 000 properties: {:.2?}", started.elapsed());
}

/// Peak resident memory of this process, from `/proc`, in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_100_mb_document_generates_and_its_cost_is_reported() {
    let doc = synthetic::padded_document(100 * 1000 * 1000);
    assert!(doc.len() >= 99_000_000, "{}", doc.len());
    let before = peak_rss_kib();
    let started = Instant::now();
    let g = outcome(&doc).expect("padding is read, not emitted");
    let elapsed = started.elapsed();
    // Reported, not asserted (BENCHMARKS.md has the release-build figure).
    println!(
        "100 MB document: {} MB in, {} types, generated in {elapsed:.2?}; peak RSS before {:?} KiB, after {:?} KiB",
        doc.len() / 1_000_000,
        g.api.types.len(),
        before,
        peak_rss_kib()
    );
    assert!(!emitted(&g).contains("pppppppp"));
}

/// Characters that must never reach generated source raw: bidirectional
/// controls (Trojan Source) and line/paragraph separators.
fn has_invisible_controls(text: &str) -> Option<char> {
    text.chars().find(|c| {
        matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    })
}

#[test]
fn unicode_confusables_and_bidi_controls_stay_inert() {
    let g = generate_fixture(&root().join("tests/fixtures/unicode.yaml"));
    for (path, contents) in &g.files {
        assert_eq!(has_invisible_controls(contents), None, "{path}");
    }
    let types = &emitted(&g);
    // Look-alike names become distinct ASCII identifiers; the wire names
    // are kept exactly (escaped inside string literals).
    let idents: Vec<&str> = types
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub struct "))
        .collect();
    assert!(idents.iter().all(|i| i.is_ascii()), "{idents:?}");
    assert!(types.contains(r#""name\u{202e}""#), "{types}");
    assert!(types.contains("\"n\u{430}me\""));
}

#[test]
fn keywords_in_every_position_generate_valid_names() {
    // Compiled with clippy and rustdoc by `fixtures_compile`; here: it
    // generates without warnings and every identifier is a valid one.
    let g = generate_fixture(&root().join("tests/fixtures/keywords-everywhere.yaml"));
    assert!(g.warnings.is_empty(), "{}", warnings(&g));
    for path in ["src/types.rs", "src/client.rs"] {
        syn::parse_file(&g.files[path]).expect("parses");
    }
}

#[test]
fn spec_text_never_becomes_code() {
    let g = generate_fixture(&root().join("tests/fixtures/injection.yaml"));
    let code = emitted(&g);
    let lib = &g.files["src/lib.rs"];
    let files = emitted_files(&g);
    // The only `cfg`s allowed gate on the crate's own features.
    let mut features: Vec<String> = g.api.groups.iter().map(|gr| gr.name.clone()).collect();
    features.push("full".into());
    features.push("all-types".into());
    // Every item in the output is one the generator made: no function,
    // module or macro call smuggled in from the document.
    for text in &files {
        let file = syn::parse_file(text).expect("parses");
        for item in &file.items {
            if let syn::Item::Fn(f) = item {
                panic!("a free function appeared: {}", f.sig.ident);
            }
            if let syn::Item::Macro(m) = item {
                // The one macro the generator calls: the runtime's struct
                // impls (the document's text inside it is literals and
                // `naming` identifiers, walked below like everything else).
                let path: Vec<String> = m
                    .mac
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                assert_eq!(
                    path,
                    ["crate", "runtime", "impl_object"],
                    "a macro call appeared"
                );
            }
        }
    }
    // No code the document smuggled in: walk the tokens (doc comments and
    // string literals are literals, so their text is not visited). Names
    // derived from the document are fine (a property `"); panic!("` is a
    // field `panic`); macro calls, `cfg` attributes and `process::exit`
    // paths are not.
    fn walk(stream: proc_macro2::TokenStream, features: &[String], out: &mut Vec<String>) {
        let trees: Vec<_> = stream.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                proc_macro2::TokenTree::Ident(id) => {
                    let next = trees.get(i + 1).map(|t| t.to_string()).unwrap_or_default();
                    let keyword = ["if", "while", "return", "match", "in", "let", "else"]
                        .contains(&id.to_string().as_str());
                    if next == "!" && !keyword {
                        out.push(format!("{id}!"));
                    }
                    let own_feature_gate = *id == "cfg" && {
                        let args = trees.get(i + 1).map(|t| t.to_string()).unwrap_or_default();
                        let args: String = args.chars().filter(|c| !c.is_whitespace()).collect();
                        let literals: Vec<&str> = args.split('"').skip(1).step_by(2).collect();
                        !literals.is_empty()
                            && literals.iter().all(|l| features.iter().any(|f| f == l))
                            && args
                                .replace("feature=", "")
                                .replace("any(", "")
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || "_-(),\"".contains(c))
                    };
                    if (*id == "cfg" && !own_feature_gate) || (*id == "process" && next == ":") {
                        out.push(id.to_string());
                    }
                }
                proc_macro2::TokenTree::Group(g) => walk(g.stream(), features, out),
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    for text in &files {
        walk(text.parse().expect("tokens"), &features, &mut found);
    }
    found.retain(|f| !["format!", "matches!", "vec!", "impl_object!"].contains(&f.as_str()));
    assert!(found.is_empty(), "code from the document: {found:?}");
    // No doc line opens a code block rustdoc would compile and run.
    for text in [&code, lib] {
        let mut in_fence = false;
        for line in text.lines() {
            let doc = line.trim_start();
            let Some(doc) = doc.strip_prefix("///").or_else(|| doc.strip_prefix("//!")) else {
                continue;
            };
            let doc = doc.trim_start();
            if doc.starts_with("```") {
                if !in_fence {
                    assert!(
                        // `toml` (the features example) is not Rust: rustdoc never runs it.
                        doc == "```text" || doc == "```no_run" || doc == "```toml",
                        "a fence that rustdoc would run: {line}"
                    );
                }
                in_fence = !in_fence;
            }
        }
        assert!(!in_fence, "an unclosed fence");
    }
    // NUL and lone CR never reach the output raw.
    assert!(!code.contains('\0'));
    assert!(!code.contains('\r'));
}
