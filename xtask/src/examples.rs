//! The examples check of `cargo xtask corpus`: every 2xx JSON response
//! example of a document is validated against its own schema (by a real
//! OpenAPI validator, `python/validate_examples.py`), decoded into the
//! operation's generated response type by a small harness compiled against
//! the generated crate, through the crate's public tolerant `decode` (what
//! users call for JSON that did not come from a call, and what the client
//! decodes responses with), encoded back, and compared with the original on
//! every property, undeclared ones included. A valid example must decode
//! with no deviation and come back as it was; an invalid one must decode,
//! and its deviations are listed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use openapi_rustgen::JsonPointer;
use openapi_rustgen::ir::{Api, ResponseKind, StatusMatch, TypeRef};
use openapi_rustgen::type_spelling;
use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One response example and where it sits.
#[derive(Debug, Clone)]
pub struct Example {
    /// `GET /pets/{id}`.
    pub operation: String,
    /// The status key (`200`, `2XX`).
    pub status: String,
    /// `example`, or the key in `examples`.
    pub name: String,
    /// Where the media type's schema sits, if it has one.
    pub schema: Option<JsonPointer>,
    /// The example itself.
    pub value: Value,
    /// The generated type it decodes into, or why there is none.
    pub target: Result<TypeRef, String>,
}

/// Every 2xx JSON response example of `raw`, with the type `api` decodes
/// that response into. Examples come from the media type the generator
/// reads (the first JSON one): its `example` and each `examples` entry
/// (`$ref`s to `components/examples` followed; `externalValue` skipped).
pub fn collect(raw: &Value, api: &Api) -> Vec<Example> {
    let mut out = Vec::new();
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths.iter().filter(|(p, _)| p.starts_with('/')) {
        let item_at = JsonPointer::root().push("paths").push(path.as_str());
        let Some((item, _)) = follow(raw, item, &item_at) else {
            continue;
        };
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let op_at = item_at.push(method);
            let lowered = api.operations.iter().find(|o| o.origin == op_at);
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in responses {
                if !is_success(status) {
                    continue;
                }
                let r_at = op_at.push("responses").push(status.as_str());
                let Some((response, r_at)) = follow(raw, response, &r_at) else {
                    continue;
                };
                let Some((media, content)) = response
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.iter().find(|(m, _)| is_json(m)))
                else {
                    continue;
                };
                let m_at = r_at.push("content").push(media.as_str());
                let schema = content.get("schema").map(|_| m_at.push("schema"));
                let target = match lowered {
                    None => Err("the generator skipped this operation".to_owned()),
                    Some(op) => response_type(&op.response, status).ok_or_else(|| {
                        "the generated operation has no JSON body for this status".to_owned()
                    }),
                };
                let mut push = |name: String, value: &Value| {
                    let value = json_text(value).unwrap_or_else(|| value.clone());
                    out.push(Example {
                        operation: format!("{} {path}", method.to_ascii_uppercase()),
                        status: status.clone(),
                        name,
                        schema: schema.clone(),
                        value,
                        target: target.clone(),
                    });
                };
                if let Some(v) = content.get("example") {
                    push("example".to_owned(), v);
                }
                let examples = content.get("examples").and_then(Value::as_object);
                for (name, ex) in examples.into_iter().flatten() {
                    let ex_at = m_at.push("examples").push(name.as_str());
                    if let Some(v) = follow(raw, ex, &ex_at).and_then(|(ex, _)| ex.get("value")) {
                        push(name.clone(), v);
                    }
                }
            }
        }
    }
    out
}

/// Some documents (Jira's) write a JSON example as a string of JSON text;
/// such a string that parses as an object or array is taken as that JSON.
fn json_text(v: &Value) -> Option<Value> {
    let text = v.as_str()?.trim();
    if !text.starts_with(['{', '[']) {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// `200`..`299` and `2XX`.
fn is_success(status: &str) -> bool {
    status.eq_ignore_ascii_case("2XX")
        || status.parse::<u16>().is_ok_and(|c| (200..300).contains(&c))
}

/// The generator's notion of a JSON media type (`lower/operation.rs`).
fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence == "json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence.ends_with("/json")
}

/// The type a response with this status decodes into.
fn response_type(kind: &ResponseKind, status: &str) -> Option<TypeRef> {
    match kind {
        ResponseKind::Json(t) => Some(t.clone()),
        ResponseKind::ByStatus { cases, .. } => {
            let case = cases.iter().find(|c| match c.status {
                StatusMatch::Code(code) => status.parse::<u16>() == Ok(code),
                StatusMatch::Range(2) => status.eq_ignore_ascii_case("2XX"),
                _ => false,
            })?;
            response_type(&case.body, status)
        }
        _ => None,
    }
}

/// Follows a chain of local `$ref`s.
fn follow<'a>(raw: &'a Value, v: &'a Value, at: &JsonPointer) -> Option<(&'a Value, JsonPointer)> {
    let mut v = v;
    let mut at = at.clone();
    for _ in 0..32 {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else {
            return Some((v, at));
        };
        at = JsonPointer::from_ref(r)?;
        v = at.resolve(raw)?;
    }
    None
}

/// The Python interpreter of a venv holding the pinned validator
/// (`python/requirements.txt`), created or updated when the pins change.
pub fn validator_python() -> anyhow::Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"));
    let venv = target.join("xtask-venv");
    let python = venv.join("bin").join("python");
    let requirements = crate::root().join("xtask/python/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .with_context(|| format!("cannot read {}", requirements.display()))?;
    let stamp = venv.join("installed-requirements.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(python);
    }
    if !python.exists() {
        crate::run("python3", &["-m", "venv", &venv.display().to_string()])?;
    }
    crate::run(
        &python.display().to_string(),
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            &requirements.display().to_string(),
        ],
    )?;
    std::fs::write(&stamp, wanted)?;
    Ok(python)
}

/// Validates each example against its schema: `None` when valid, else why
/// not. Examples without a schema are valid.
pub fn validate(
    python: &Path,
    raw: &Value,
    examples: &[Example],
    work: &Path,
) -> anyhow::Result<Vec<Option<String>>> {
    let cases: Vec<(usize, Value)> = examples
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let schema = e.schema.as_ref()?.to_string();
            let pointer = schema.trim_start_matches('#').to_owned();
            Some((i, serde_json::json!({"schema": pointer, "value": e.value})))
        })
        .collect();
    let mut results = vec![None; examples.len()];
    if cases.is_empty() {
        return Ok(results);
    }
    let doc = work.join("document.json");
    let input = work.join("validate.json");
    std::fs::write(&doc, serde_json::to_vec(raw)?)?;
    let list: Vec<&Value> = cases.iter().map(|(_, c)| c).collect();
    std::fs::write(&input, serde_json::to_vec(&list)?)?;
    let script = crate::root().join("xtask/python/validate_examples.py");
    let output = Command::new(python)
        .arg(&script)
        .arg(&doc)
        .arg(&input)
        .output()
        .context("cannot run the example validator")?;
    if !output.status.success() {
        bail!(
            "the example validator failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let verdicts: Vec<Option<String>> =
        serde_json::from_slice(&output.stdout).context("unreadable validator output")?;
    if verdicts.len() != cases.len() {
        bail!(
            "the example validator answered {} of {} cases",
            verdicts.len(),
            cases.len()
        );
    }
    for ((i, _), verdict) in cases.iter().zip(verdicts) {
        results[*i] = verdict;
    }
    Ok(results)
}

/// Writes the round-trip harness crate for `examples` into `dir`: a binary
/// depending on the generated crate at `lib_dir`, with one decoding entry per
/// distinct response type. Returns each example's entry (`None`: no type).
///
/// Each entry decodes through the crate's public `decode::<T>` (tolerant,
/// the function users call for JSON that did not come from a call, and the
/// one the client decodes responses with), and encodes the value back with
/// `serde_json::to_value`.
pub fn write_harness(
    dir: &Path,
    lib_dir: &Path,
    lib_package: &str,
    lib_manifest: &str,
    examples: &[Example],
) -> anyhow::Result<Vec<Option<usize>>> {
    let (spellings, entries) = harness_entries(examples);
    let extra = shared_dependencies(&spellings, lib_manifest);
    let lib = lib_package.replace('-', "_");
    let manifest = harness_manifest(&lib, lib_package, lib_dir, &extra);
    let main = harness_main(&lib, &entry_arms(&spellings)?);
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src/main.rs"), main)?;
    Ok(entries)
}

/// The distinct response types of `examples` (as spelled in the generated
/// crate), and each example's index among them (`None`: no type).
fn harness_entries(examples: &[Example]) -> (Vec<String>, Vec<Option<usize>>) {
    let mut spellings: Vec<String> = Vec::new();
    let entries = examples
        .iter()
        .map(|e| {
            let ty = e.target.as_ref().ok()?;
            let spelling = type_spelling(ty);
            Some(match spellings.iter().position(|s| *s == spelling) {
                Some(i) => i,
                None => {
                    spellings.push(spelling);
                    spellings.len() - 1
                }
            })
        })
        .collect();
    (spellings, entries)
}

/// The generated crate's requirement lines (from `lib_manifest`) for the
/// crates the response types name directly (`chrono`, `uuid`): using them
/// builds one version.
fn shared_dependencies(spellings: &[String], lib_manifest: &str) -> String {
    let mut extra = String::new();
    for krate in ["chrono", "uuid"] {
        if spellings
            .iter()
            .any(|s| s.contains(&format!(":: {krate} ::")))
        {
            if let Some(line) = lib_manifest
                .lines()
                .find(|l| l.starts_with(&format!("{krate} =")))
            {
                extra.push_str(line);
                extra.push('\n');
            }
        }
    }
    extra
}

/// The harness's `Cargo.toml`: the generated crate (as `lib`, every type
/// group enabled), `serde_json` and the `extra` requirement lines.
fn harness_manifest(lib: &str, lib_package: &str, lib_dir: &Path, extra: &str) -> String {
    format!(
        r#"[package]
name = "{lib_package}-roundtrip"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
{lib} = {{ package = "{lib_package}", path = {path}, features = ["all-types"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
{extra}
# Examples only need to run once: no debug info, no incremental state.
[profile.dev]
debug = false
incremental = false

[workspace]
"#,
        path = toml_string(&lib_dir.display().to_string()),
    )
}

/// One `match` arm per response type, running the round trip for entry
/// `i` as its type.
fn entry_arms(spellings: &[String]) -> anyhow::Result<String> {
    let mut arms = String::new();
    for (i, spelling) in spellings.iter().enumerate() {
        writeln!(arms, "            {i} => roundtrip::<{spelling}>(&json),")?;
    }
    Ok(arms)
}

/// The harness's `src/main.rs`, dispatching with `arms`.
fn harness_main(lib: &str, arms: &str) -> String {
    format!(
        r#"//! Decodes each response example into its generated type through the
//! crate's `decode` and encodes it back. Input: a JSON file of
//! `[entry, example]` pairs; output, one per pair:
//! `{{"ok": value, "deviations": [{{"path", "kind", "expected"}}]}}` or
//! `{{"error": {{"path", "message"}}}}`.

// With no examples, nothing below is used.
#![allow(unused)]

// Type spellings name `crate::types::…`: resolve them in the generated crate.
use {lib}::types;

use serde_json::{{Value, json}};

fn roundtrip<T: {lib}::Decode>(json: &[u8]) -> Value {{
    // The public tolerant decoder: fails only on malformed JSON.
    let decoded = match {lib}::decode::<T>(json) {{
        Ok(decoded) => decoded,
        Err({lib}::Error::Decode(e)) => {{
            return json!({{"error": {{"path": e.path, "message": e.message}}}});
        }}
        Err(e) => return json!({{"error": {{"path": ".", "message": e.to_string()}}}}),
    }};
    let deviations: Vec<Value> = decoded
        .deviations
        .iter()
        .map(|d| {{
            json!({{
                "path": d.path.to_string(),
                "kind": format!("{{:?}}", d.kind),
                "expected": d.expected,
            }})
        }})
        .collect();
    match serde_json::to_value(&decoded.value) {{
        Ok(v) => json!({{"ok": v, "deviations": deviations}}),
        Err(e) => json!({{"error": {{"path": ".", "message": format!("cannot encode: {{e}}")}}}}),
    }}
}}

fn run(cases: Vec<(usize, Value)>) -> Vec<Value> {{
    let mut out = Vec::with_capacity(cases.len());
    for (entry, value) in cases {{
        let json = serde_json::to_vec(&value).unwrap_or_default();
        out.push(match entry {{
{arms}            _ => json!({{"error": {{"path": ".", "message": "no such entry"}}}}),
        }});
    }}
    out
}}

fn main() {{
    let path = std::env::args().nth(1).expect("usage: roundtrip CASES.json");
    let text = std::fs::read(path).expect("readable cases");
    let cases: Vec<(usize, Value)> = serde_json::from_slice(&text).expect("cases as JSON");
    // Deeply nested types decode recursively: give them a roomy stack.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(cases))
        .expect("a thread");
    let out = worker.join().expect("no panic");
    println!("{{}}", Value::Array(out));
}}
"#
    )
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A deviation the generated crate's `decode` listed for an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    /// Where, as the crate displays a `JsonPath` (`data[0].id`, `.` for the root).
    pub path: String,
    /// The `DeviationKind`, as its `Debug` spells it (`Mismatch`, `Null`…).
    pub kind: String,
    /// The type the document declares there.
    pub expected: String,
}

/// What the harness made of one example.
#[derive(Debug, Clone)]
pub enum Decoded {
    /// Decoded and encoded back to `back`, with the deviations `decode` listed.
    Ok {
        /// The re-encoding of the decoded value.
        back: Value,
        /// The deviations, in the order `decode` met them.
        deviations: Vec<Deviation>,
    },
    /// Did not decode (malformed JSON, or no type to decode into).
    Failed {
        /// Where decoding stopped (`.` for the root).
        path: String,
        /// Why.
        message: String,
    },
}

/// Runs the built harness on the examples that have an entry.
pub fn run_harness(
    dir: &Path,
    target: &Path,
    examples: &[Example],
    entries: &[Option<usize>],
) -> anyhow::Result<Vec<Decoded>> {
    let cases: Vec<(usize, &Value)> = examples
        .iter()
        .zip(entries)
        .filter_map(|(e, entry)| Some(((*entry)?, &e.value)))
        .collect();
    let input = dir.join("cases.json");
    std::fs::write(&input, serde_json::to_vec(&cases)?)?;
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--"])
        .arg(&input)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .context("cannot run the round-trip harness")?;
    if !output.status.success() {
        bail!(
            "the round-trip harness failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let results: Vec<Value> =
        serde_json::from_slice(&output.stdout).context("unreadable harness output")?;
    read_results(examples, entries, results)
}

/// Pairs the harness's answers (one per example with an entry, in order)
/// with the examples; an example without an entry did not decode.
pub fn read_results(
    examples: &[Example],
    entries: &[Option<usize>],
    results: Vec<Value>,
) -> anyhow::Result<Vec<Decoded>> {
    let mut results = results.into_iter();
    let mut out = Vec::with_capacity(examples.len());
    for (e, entry) in examples.iter().zip(entries) {
        let decoded = match (entry, &e.target) {
            (Some(_), _) => match results.next() {
                Some(Value::Object(mut r)) => match (r.remove("ok"), r.remove("error")) {
                    (Some(back), _) => Decoded::Ok {
                        back,
                        deviations: read_deviations(r.get("deviations"))?,
                    },
                    (None, Some(err)) => Decoded::Failed {
                        path: err["path"].as_str().unwrap_or(".").to_owned(),
                        message: err["message"].as_str().unwrap_or("").to_owned(),
                    },
                    _ => bail!("unreadable harness result"),
                },
                _ => bail!("the harness answered too few cases"),
            },
            (None, Err(why)) => Decoded::Failed {
                path: ".".into(),
                message: why.clone(),
            },
            (None, Ok(_)) => Decoded::Failed {
                path: ".".into(),
                message: "no harness entry".into(),
            },
        };
        out.push(decoded);
    }
    if results.next().is_some() {
        bail!("the harness answered too many cases");
    }
    Ok(out)
}

fn read_deviations(list: Option<&Value>) -> anyhow::Result<Vec<Deviation>> {
    let Some(Value::Array(list)) = list else {
        bail!("a harness result without its deviations");
    };
    list.iter()
        .map(|d| {
            let field = |name: &str| {
                d.get(name)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .with_context(|| format!("a harness deviation without `{name}`: {d}"))
            };
            Ok(Deviation {
                path: field("path")?,
                kind: field("kind")?,
                expected: field("expected")?,
            })
        })
        .collect()
}

/// One way a round-tripped example differs from the original.
#[derive(Debug, Clone)]
pub struct Difference {
    /// Where, as `data[0].name` (`.` for the root).
    pub path: String,
    /// What changed.
    pub what: String,
}

/// Compares `original` with its round trip `back` on every property,
/// declared by the schema or not: each must come back, with the same value,
/// and nothing may be added (`null` and absent differ). Numbers compare by
/// value (`3` and `3.0` are equal); strings exactly (a date-time comes back
/// with the offset and digits it was sent with). Property order does not
/// matter.
pub fn compare(original: &Value, back: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    compare_at(original, back, "", &mut out);
    out
}

fn differ(out: &mut Vec<Difference>, path: &str, what: String) {
    out.push(Difference {
        path: if path.is_empty() {
            ".".into()
        } else {
            path.to_owned()
        },
        what,
    });
}

/// `path.key`, or `path["key"]` for a key that is not a plain name (as the
/// generated crate displays paths).
fn child_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$' | '@'));
    match (plain, path.is_empty()) {
        (true, true) => key.to_owned(),
        (true, false) => format!("{path}.{key}"),
        (false, _) => format!("{path}[{}]", Value::from(key)),
    }
}

fn compare_at(original: &Value, back: &Value, path: &str, out: &mut Vec<Difference>) {
    match (original, back) {
        (Value::Object(o), Value::Object(b)) => {
            for (key, ov) in o {
                let child = child_path(path, key);
                match b.get(key) {
                    Some(bv) => compare_at(ov, bv, &child, out),
                    None => differ(out, &child, format!("{} is missing", brief(ov))),
                }
            }
            for (key, bv) in b {
                if !o.contains_key(key) {
                    let child = child_path(path, key);
                    differ(out, &child, format!("absent, came back as {}", brief(bv)));
                }
            }
        }
        (Value::Array(o), Value::Array(b)) => {
            if o.len() != b.len() {
                differ(
                    out,
                    path,
                    format!("{} items came back as {}", o.len(), b.len()),
                );
                return;
            }
            for (i, (o, b)) in o.iter().zip(b).enumerate() {
                compare_at(o, b, &format!("{path}[{i}]"), out);
            }
        }
        (o, b) if scalars_equal(o, b) => {}
        (o, b) => differ(out, path, format!("{} came back as {}", brief(o), brief(b))),
    }
}

fn scalars_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
                return x == y;
            }
            if let (Some(x), Some(y)) = (x.as_u64(), y.as_u64()) {
                return x == y;
            }
            x.as_f64() == y.as_f64()
        }
        _ => a == b,
    }
}

/// A value shortened for a report line.
fn brief(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// A deviation found in one of a document's examples.
#[derive(Debug, Clone)]
pub struct Found {
    /// The example: `GET /pets → 200 \`example\``.
    pub example: String,
    /// Whether that example is valid against its schema.
    pub valid: bool,
    /// The deviation.
    pub deviation: Deviation,
}

/// Examples per outcome, for the corpus table.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// 2xx JSON response examples found.
    pub examples: usize,
    /// Of those, valid against their own schema.
    pub valid: usize,
    /// Valid examples that decode into the generated type.
    pub decoded: usize,
    /// Valid examples that decode with no deviation and come back equal on
    /// every property, undeclared ones included.
    pub lossless: usize,
    /// Examples invalid against their own schema.
    pub invalid: usize,
    /// Invalid examples that decode (tolerantly) all the same.
    pub invalid_decoded: usize,
    /// Invalid examples that also come back equal on every property.
    pub invalid_round_tripped: usize,
    /// Every deviation `decode` listed, valid and invalid examples alike.
    pub deviations: Vec<Found>,
    /// Report lines for valid examples that do not decode, have deviations
    /// or lose data, and for invalid ones that do not decode (generator or
    /// runtime bugs).
    pub failures: Vec<String>,
    /// Report lines for invalid examples that decode but do not come back
    /// as they were.
    pub not_round_tripped: Vec<String>,
    /// Report lines for every invalid example (the document's bugs).
    pub invalid_lines: Vec<String>,
}

/// The first five differences, for a report line.
fn differences_line(differences: &[Difference]) -> String {
    let shown: Vec<String> = differences
        .iter()
        .take(5)
        .map(|d| format!("`{}`: {}", d.path, d.what))
        .collect();
    let more = differences.len().saturating_sub(5);
    let more = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    format!("{}{more}", shown.join("; "))
}

/// The first five deviations, for a report line.
fn deviations_line(deviations: &[Deviation]) -> String {
    let shown: Vec<String> = deviations
        .iter()
        .take(5)
        .map(|d| format!("`{}` {} (expected {})", d.path, d.kind, d.expected))
        .collect();
    let more = deviations.len().saturating_sub(5);
    let more = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    format!("{}{more}", shown.join("; "))
}

/// Tallies one document's examples.
pub fn tally(examples: &[Example], validity: &[Option<String>], decoded: &[Decoded]) -> Tally {
    let mut t = Tally {
        examples: examples.len(),
        ..Tally::default()
    };
    for ((e, verdict), d) in examples.iter().zip(validity).zip(decoded) {
        let valid = verdict.is_none();
        let label = format!("{} → {} `{}`", e.operation, e.status, e.name);
        if valid {
            t.valid += 1;
        } else {
            t.invalid += 1;
            t.invalid_lines.push(format!(
                "{label}: {}",
                verdict.as_deref().unwrap_or_default()
            ));
        }
        let (back, deviations) = match d {
            Decoded::Failed { path, message } => {
                let line = format!("{label}: does not decode at `{path}`: {message}");
                // Tolerant decoding fails only on malformed JSON: an invalid
                // example with a type to decode into must decode too. One
                // without (a skipped operation) is listed with the invalid.
                if valid || e.target.is_ok() {
                    t.failures.push(line);
                } else {
                    t.invalid_lines.push(line);
                }
                continue;
            }
            Decoded::Ok { back, deviations } => (back, deviations),
        };
        t.deviations.extend(deviations.iter().map(|d| Found {
            example: label.clone(),
            valid,
            deviation: d.clone(),
        }));
        let differences = compare(&e.value, back);
        if valid {
            t.decoded += 1;
            if !deviations.is_empty() {
                t.failures.push(format!(
                    "{label}: valid, yet has deviations: {}",
                    deviations_line(deviations)
                ));
            }
            if !differences.is_empty() {
                t.failures.push(format!(
                    "{label}: loses data: {}",
                    differences_line(&differences)
                ));
            }
            if deviations.is_empty() && differences.is_empty() {
                t.lossless += 1;
            }
        } else {
            t.invalid_decoded += 1;
            if differences.is_empty() {
                t.invalid_round_tripped += 1;
            } else {
                t.not_round_tripped.push(format!(
                    "{label}: does not come back as it was: {}",
                    differences_line(&differences)
                ));
            }
        }
    }
    t
}

/// The deviations of each document, at most `cap` each: one line per
/// deviation (example, path, kind, declared type), then `… and N more`.
pub fn deviation_listing(per_doc: &BTreeMap<String, Tally>, cap: usize) -> String {
    let mut out = String::new();
    for (doc, t) in per_doc {
        if t.deviations.is_empty() {
            continue;
        }
        let _ = writeln!(out, "- {doc} ({}):", t.deviations.len());
        for f in t.deviations.iter().take(cap) {
            let d = &f.deviation;
            let valid = if f.valid { " [VALID EXAMPLE]" } else { "" };
            let _ = writeln!(
                out,
                "  - {}: `{}` {} (expected {}){valid}",
                f.example, d.path, d.kind, d.expected
            );
        }
        if t.deviations.len() > cap {
            let _ = writeln!(out, "  - … and {} more", t.deviations.len() - cap);
        }
    }
    out
}

/// Every document's findings, for the report file: failures, invalid
/// examples that do not round-trip, every invalid example and every
/// deviation.
pub fn report(per_doc: &BTreeMap<String, Tally>) -> String {
    let mut out = String::new();
    for (doc, t) in per_doc {
        if t.failures.is_empty() && t.invalid_lines.is_empty() && t.deviations.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {doc}\n");
        let sections = [
            (
                "Examples that fail (generator or runtime bugs)",
                &t.failures,
            ),
            (
                "Invalid examples that do not round-trip",
                &t.not_round_tripped,
            ),
            ("Invalid examples (the document's bugs)", &t.invalid_lines),
        ];
        for (title, lines) in sections {
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{title}:\n");
            for f in lines {
                let _ = writeln!(out, "- {f}");
            }
            out.push('\n');
        }
        if !t.deviations.is_empty() {
            let _ = writeln!(out, "Deviations:\n");
            for f in &t.deviations {
                let d = &f.deviation;
                let _ = writeln!(
                    out,
                    "- {}: `{}` {} (expected {})",
                    f.example, d.path, d.kind, d.expected
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_up_to_number_spelling_and_property_order() {
        let original = json!({
            "id": 1,
            "at": "2024-01-01T10:00:00.000+02:00",
            "items": [{"x": 1, "k": null}],
            "undeclared": {"a": [1, "b"]}
        });
        let back = json!({
            "undeclared": {"a": [1.0, "b"]},
            "items": [{"k": null, "x": 1.0}],
            "at": "2024-01-01T10:00:00.000+02:00",
            "id": 1.0
        });
        let d = compare(&original, &back);
        assert!(d.is_empty(), "{d:?}");
    }

    fn whats(d: &[Difference]) -> Vec<String> {
        d.iter()
            .map(|d| format!("{}: {}", d.path, d.what))
            .collect()
    }

    #[test]
    fn every_property_counts_undeclared_and_null_included() {
        let original = json!({
            "id": 1,
            "extra": {"a": 1},
            "items": [{"x": 0.95, "y": 2, "n": null}],
            "a.b": true
        });
        let back = json!({"id": 2, "items": [{"x": 0.949_999_988_079_071, "y": "2"}]});
        assert_eq!(
            whats(&compare(&original, &back)),
            [
                "id: 1 came back as 2",
                "extra: {\"a\":1} is missing",
                "items[0].x: 0.95 came back as 0.949999988079071",
                "items[0].y: 2 came back as \"2\"",
                "items[0].n: null is missing",
                "[\"a.b\"]: true is missing",
            ]
        );
    }

    #[test]
    fn added_values_other_instants_and_array_lengths_are_differences() {
        let original = json!({
            "at": "2024-01-01T10:00:00+02:00",
            "list": [1, 2],
            "s": "2024-01-01"
        });
        let back = json!({
            "at": "2024-01-01T10:00:00Z",
            "list": [1],
            "s": "2024-1-1",
            "new": null
        });
        assert_eq!(
            whats(&compare(&original, &back)),
            [
                "at: \"2024-01-01T10:00:00+02:00\" came back as \"2024-01-01T10:00:00Z\"",
                "list: 2 items came back as 1",
                "s: \"2024-01-01\" came back as \"2024-1-1\"",
                "new: absent, came back as null",
            ]
        );
        assert_eq!(
            whats(&compare(&json!(1), &json!("1"))),
            [".: 1 came back as \"1\""]
        );
    }

    fn example(name: &str, value: Value, target: Result<TypeRef, String>) -> Example {
        Example {
            operation: "GET /pets".into(),
            status: "200".into(),
            name: name.into(),
            schema: None,
            value,
            target,
        }
    }

    fn deviation(path: &str, kind: &str) -> Deviation {
        Deviation {
            path: path.into(),
            kind: kind.into(),
            expected: "integer (i64)".into(),
        }
    }

    /// One example of each outcome the tally tells apart (each commented
    /// with its outcome): the fixture of
    /// `tally_counts_each_outcome_and_reports_what_fails`.
    fn examples_of_every_outcome() -> [Example; 7] {
        [
            // Valid, lossless.
            example("a", json!({"id": 1, "more": "x"}), Ok(TypeRef::Json)),
            // Valid, an undeclared field lost.
            example("b", json!({"id": 1, "more": "x"}), Ok(TypeRef::Json)),
            // Valid, yet a deviation.
            example("c", json!({"id": 1.0}), Ok(TypeRef::Json)),
            // Invalid, decoded and round-tripped.
            example("d", json!({"id": "x"}), Ok(TypeRef::Json)),
            // Invalid, decoded, not round-tripped.
            example("e", json!(["x"]), Ok(TypeRef::Json)),
            // Invalid, no type to decode into.
            example(
                "f",
                json!({}),
                Err("the generator skipped this operation".into()),
            ),
            // Invalid, with a type, yet not decoded.
            example("g", json!({}), Ok(TypeRef::Json)),
        ]
    }

    /// Whether each of [`examples_of_every_outcome`] is valid: the first
    /// three are.
    fn validity_of_every_outcome() -> [Option<String>; 7] {
        let invalid = Some("not an integer".to_owned());
        [
            None,
            None,
            None,
            invalid.clone(),
            invalid.clone(),
            invalid.clone(),
            invalid,
        ]
    }

    /// What the harness made of each of [`examples_of_every_outcome`].
    fn decoded_of_every_outcome() -> [Decoded; 7] {
        [
            Decoded::Ok {
                back: json!({"more": "x", "id": 1}),
                deviations: vec![],
            },
            Decoded::Ok {
                back: json!({"id": 1}),
                deviations: vec![],
            },
            Decoded::Ok {
                back: json!({"id": 1.0}),
                deviations: vec![deviation("id", "Coerced")],
            },
            Decoded::Ok {
                back: json!({"id": "x"}),
                deviations: vec![deviation("id", "Mismatch")],
            },
            Decoded::Ok {
                back: json!([0]),
                deviations: vec![deviation("[0]", "Mismatch")],
            },
            Decoded::Failed {
                path: ".".into(),
                message: "the generator skipped this operation".into(),
            },
            Decoded::Failed {
                path: ".".into(),
                message: "EOF".into(),
            },
        ]
    }

    #[test]
    fn tally_counts_each_outcome_and_reports_what_fails() {
        let examples = examples_of_every_outcome();
        let validity = validity_of_every_outcome();
        let decoded = decoded_of_every_outcome();
        let t = tally(&examples, &validity, &decoded);
        assert_eq!(
            (t.examples, t.valid, t.decoded, t.lossless),
            (7, 3, 3, 1),
            "{t:#?}"
        );
        assert_eq!(
            (t.invalid, t.invalid_decoded, t.invalid_round_tripped),
            (4, 2, 1),
            "{t:#?}"
        );
        let found: Vec<(&str, &str, bool)> = t
            .deviations
            .iter()
            .map(|f| {
                (
                    f.deviation.path.as_str(),
                    f.deviation.kind.as_str(),
                    f.valid,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("id", "Coerced", true),
                ("id", "Mismatch", false),
                ("[0]", "Mismatch", false)
            ]
        );
        assert_eq!(
            t.failures,
            [
                "GET /pets → 200 `b`: loses data: `more`: \"x\" is missing",
                "GET /pets → 200 `c`: valid, yet has deviations: `id` Coerced (expected integer (i64))",
                "GET /pets → 200 `g`: does not decode at `.`: EOF",
            ]
        );
        assert_eq!(
            t.not_round_tripped,
            ["GET /pets → 200 `e`: does not come back as it was: `[0]`: \"x\" came back as 0"]
        );
        assert_eq!(t.invalid_lines.len(), 5, "{:#?}", t.invalid_lines);
        assert!(t.invalid_lines[3].ends_with("skipped this operation"));
    }

    #[test]
    fn deviation_listing_caps_each_document() {
        let many = Tally {
            deviations: (0..4)
                .map(|i| Found {
                    example: "GET /x → 200 `example`".into(),
                    valid: i == 0,
                    deviation: deviation(&format!("data[{i}].id"), "Null"),
                })
                .collect(),
            ..Tally::default()
        };
        let per_doc = BTreeMap::from([
            ("a.yaml".to_owned(), many),
            ("b.yaml".to_owned(), Tally::default()),
        ]);
        assert_eq!(
            deviation_listing(&per_doc, 2),
            "- a.yaml (4):\n\
             \x20 - GET /x → 200 `example`: `data[0].id` Null (expected integer (i64)) [VALID EXAMPLE]\n\
             \x20 - GET /x → 200 `example`: `data[1].id` Null (expected integer (i64))\n\
             \x20 - … and 2 more\n"
        );
        let report = report(&per_doc);
        assert!(report.contains("### a.yaml"), "{report}");
        assert!(!report.contains("b.yaml"), "{report}");
        assert_eq!(report.matches("Null (expected").count(), 4, "{report}");
    }

    #[test]
    fn harness_results_pair_with_the_examples_that_have_an_entry() {
        let examples = [
            example("a", json!({"id": 1}), Ok(TypeRef::Json)),
            example("b", json!({}), Err("no JSON body".into())),
            example("c", json!("{"), Ok(TypeRef::Json)),
        ];
        let entries = [Some(0), None, Some(0)];
        let results = vec![
            json!({"ok": {"id": 1}, "deviations": [{"path": "id", "kind": "Coerced", "expected": "integer (i64)"}]}),
            json!({"error": {"path": ".", "message": "EOF while parsing"}}),
        ];
        let decoded = read_results(&examples, &entries, results.clone()).unwrap();
        match &decoded[0] {
            Decoded::Ok { back, deviations } => {
                assert_eq!(back, &json!({"id": 1}));
                assert_eq!(deviations, &[deviation("id", "Coerced")]);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&decoded[1], Decoded::Failed { message, .. } if message == "no JSON body")
        );
        assert!(
            matches!(&decoded[2], Decoded::Failed { message, .. } if message == "EOF while parsing")
        );
        assert!(read_results(&examples, &entries, results[..1].to_vec()).is_err());
        let mut extra = results.clone();
        extra.push(json!({"ok": 1, "deviations": []}));
        assert!(read_results(&examples, &entries, extra).is_err());
        let without = vec![json!({"ok": 1}), results[1].clone()];
        assert!(read_results(&examples, &entries, without).is_err());
    }

    #[test]
    fn the_harness_decodes_through_the_crates_decode() {
        let dir = std::env::temp_dir().join(format!("xtask-harness-test-{}", std::process::id()));
        let examples = [
            example(
                "a",
                json!({}),
                Ok(TypeRef::Array(Box::new(TypeRef::DateTime))),
            ),
            example("b", json!({}), Err("none".into())),
            example(
                "c",
                json!({}),
                Ok(TypeRef::Array(Box::new(TypeRef::DateTime))),
            ),
            example("d", json!({}), Ok(TypeRef::Json)),
        ];
        let manifest = "[dependencies]\nchrono = { version = \"0.4\" }\nuuid = \"1\"\n";
        let entries =
            write_harness(&dir, Path::new("/lib"), "corpus-x", manifest, &examples).unwrap();
        assert_eq!(entries, [Some(0), None, Some(0), Some(1)]);
        let main = std::fs::read_to_string(dir.join("src/main.rs")).unwrap();
        let cargo = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(main.contains("corpus_x::decode::<T>(json)"), "{main}");
        assert!(
            main.contains("serde_json::to_value(&decoded.value)"),
            "{main}"
        );
        assert!(main.contains("0 => roundtrip::<"), "{main}");
        assert!(
            main.contains("1 => roundtrip::<:: serde_json :: Value>"),
            "{main}"
        );
        assert!(!main.contains("2 => roundtrip"), "{main}");
        assert!(
            !main.contains("from_slice::<T>") && !main.contains("DeserializeOwned"),
            "{main}"
        );
        assert!(cargo.contains("chrono = { version = \"0.4\" }"), "{cargo}");
        assert!(!cargo.contains("uuid"), "{cargo}");
    }
}
