//! The examples check of `cargo xtask corpus`: every 2xx JSON response
//! example of a document is validated against its own schema (by a real
//! OpenAPI validator, `python/validate_examples.py`), decoded into the
//! operation's generated response type by a small harness compiled against
//! the generated crate, encoded back, and compared with the original on every
//! property the schema declares.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use openapi_rustgen::JsonPointer;
use openapi_rustgen::ir::{Api, ResponseKind, StatusMatch, TypeRef};
use openapi_rustgen::type_spelling;
use serde_json::{Map, Value};

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
pub fn write_harness(
    dir: &Path,
    lib_dir: &Path,
    lib_package: &str,
    lib_manifest: &str,
    examples: &[Example],
) -> anyhow::Result<Vec<Option<usize>>> {
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
    // The response types may name these crates directly; use the generated
    // crate's own requirements so one version is built.
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
    let lib = lib_package.replace('-', "_");
    let manifest = format!(
        r#"[package]
name = "{lib_package}-roundtrip"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
{lib} = {{ package = "{lib_package}", path = {path}, features = ["all-types"] }}
serde = "1"
serde_json = {{ version = "1", features = ["preserve_order"] }}
serde_path_to_error = "0.1"
{extra}
# Examples only need to run once: no debug info, no incremental state.
[profile.dev]
debug = false
incremental = false

[workspace]
"#,
        path = toml_string(&lib_dir.display().to_string()),
    );
    let mut arms = String::new();
    for (i, spelling) in spellings.iter().enumerate() {
        writeln!(arms, "            {i} => roundtrip::<{spelling}>(&json),")?;
    }
    let main = format!(
        r#"//! Decodes each response example into its generated type and encodes it
//! back. Input: a JSON file of `[entry, example]` pairs; output: one
//! `{{"ok": value}}` or `{{"error": {{"path", "message"}}}}` per pair.

// With no examples, nothing below is used.
#![allow(unused)]

// Type spellings name `crate::types::…`: resolve them in the generated crate.
use {lib}::types;

use serde_json::{{Value, json}};

fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &[u8]) -> Value {{
    // The same deserializer the generated client decodes responses with.
    let mut de = serde_json::Deserializer::from_slice(json);
    let decoded: T = match serde_path_to_error::deserialize(&mut de) {{
        Ok(v) => v,
        Err(e) => {{
            let path = e.path().to_string();
            return json!({{"error": {{"path": path, "message": e.into_inner().to_string()}}}});
        }}
    }};
    // Back to JSON text, as it would go on the wire, then read as a value.
    let text = match serde_json::to_vec(&decoded) {{
        Ok(text) => text,
        Err(e) => return json!({{"error": {{"path": ".", "message": format!("cannot encode: {{e}}")}}}}),
    }};
    match serde_json::from_slice::<Value>(&text) {{
        Ok(v) => json!({{"ok": v}}),
        Err(e) => json!({{"error": {{"path": ".", "message": format!("encoded invalid JSON: {{e}}")}}}}),
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
    );
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src/main.rs"), main)?;
    Ok(entries)
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// What the harness made of one example.
#[derive(Debug, Clone)]
pub enum Decoded {
    /// Decoded and encoded back to this.
    Ok(Value),
    /// Did not decode: serde's path and message.
    Failed {
        /// Where serde stopped (`data[0].id`, `.` for the root).
        path: String,
        /// serde's message.
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
    let mut results = results.into_iter();
    let mut out = Vec::with_capacity(examples.len());
    for (e, entry) in examples.iter().zip(entries) {
        let decoded = match (entry, &e.target) {
            (Some(_), _) => match results.next() {
                Some(Value::Object(mut r)) => match (r.remove("ok"), r.remove("error")) {
                    (Some(v), _) => Decoded::Ok(v),
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
    Ok(out)
}

/// One way a round-tripped example differs from the original.
#[derive(Debug, Clone)]
pub struct Difference {
    /// Where, as `data[0].name` (`.` for the root).
    pub path: String,
    /// What changed.
    pub what: String,
}

/// The comparison of an example with its round trip.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Differences on properties the schema declares.
    pub differences: Vec<Difference>,
    /// Properties the schema does not declare that did not come back.
    pub undeclared_dropped: usize,
}

/// Compares `original` with its round trip `back` on every property the
/// schema at `schema` declares (walking `$ref`, `allOf`, `oneOf`/`anyOf`,
/// `items`, `additionalProperties` in the raw document). Null and absent
/// are equal; numbers compare by value; date-times as instants.
pub fn compare(
    raw: &Value,
    schema: Option<&JsonPointer>,
    original: &Value,
    back: &Value,
) -> Comparison {
    let mut walk = Walk {
        raw,
        out: Comparison::default(),
    };
    let root: Vec<&Value> = schema.and_then(|p| p.resolve(raw)).into_iter().collect();
    let set = walk.expand(&root);
    walk.compare(original, Some(back), &set, String::new());
    walk.out
}

struct Walk<'a> {
    raw: &'a Value,
    out: Comparison,
}

impl<'a> Walk<'a> {
    /// The schemas that apply here: each one, what its `$ref` names, and
    /// every `allOf`/`oneOf`/`anyOf` part, recursively, each once.
    fn expand(&self, schemas: &[&'a Value]) -> Vec<&'a Value> {
        let mut out: Vec<&'a Value> = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<&'a Value> = schemas.iter().rev().copied().collect();
        while let Some(s) = stack.pop() {
            if !seen.insert(std::ptr::from_ref(s)) {
                continue;
            }
            let Some(obj) = s.as_object() else { continue };
            out.push(s);
            if let Some(target) = obj
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(JsonPointer::from_ref)
                .and_then(|p| p.resolve(self.raw))
            {
                stack.push(target);
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                if let Some(parts) = obj.get(key).and_then(Value::as_array) {
                    stack.extend(parts.iter().rev());
                }
            }
        }
        out
    }

    /// Whether any schema declares `key`, and the schemas that apply to it.
    fn property(&self, set: &[&'a Value], key: &str) -> (bool, Vec<&'a Value>) {
        let mut declared = false;
        let mut subs = Vec::new();
        for s in set {
            if let Some(p) = s.get("properties").and_then(|p| p.get(key)) {
                declared = true;
                subs.push(p);
            }
            match s.get("additionalProperties") {
                Some(ap @ Value::Object(_)) => {
                    declared = true;
                    subs.push(ap);
                }
                Some(Value::Bool(true)) => declared = true,
                _ => {}
            }
        }
        (declared, self.expand(&subs))
    }

    fn items(&self, set: &[&'a Value]) -> Vec<&'a Value> {
        let subs: Vec<&'a Value> = set.iter().filter_map(|s| s.get("items")).collect();
        self.expand(&subs)
    }

    fn differ(&mut self, path: &str, what: String) {
        self.out.differences.push(Difference {
            path: if path.is_empty() {
                ".".into()
            } else {
                path.to_owned()
            },
            what,
        });
    }

    fn compare(&mut self, original: &Value, back: Option<&Value>, set: &[&'a Value], path: String) {
        match (original, back) {
            (Value::Null, None | Some(Value::Null)) => {}
            (Value::Object(o), Some(Value::Object(b))) => self.compare_objects(o, b, set, &path),
            (Value::Array(o), Some(Value::Array(b))) => {
                if o.len() != b.len() {
                    self.differ(&path, format!("{} items came back as {}", o.len(), b.len()));
                    return;
                }
                let items = self.items(set);
                for (i, (o, b)) in o.iter().zip(b).enumerate() {
                    self.compare(o, Some(b), &items, format!("{path}[{i}]"));
                }
            }
            (o, Some(b)) if scalars_equal(o, b) => {}
            (o, None) => self.differ(&path, format!("{} is missing", brief(o))),
            (o, Some(b)) => self.differ(&path, format!("{} came back as {}", brief(o), brief(b))),
        }
    }

    fn compare_objects(
        &mut self,
        o: &Map<String, Value>,
        b: &Map<String, Value>,
        set: &[&'a Value],
        path: &str,
    ) {
        for (key, ov) in o {
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            let (declared, subs) = self.property(set, key);
            let bv = b.get(key);
            if !declared && bv.is_none() {
                if !ov.is_null() {
                    self.out.undeclared_dropped += 1;
                }
                continue;
            }
            self.compare(ov, bv, &subs, child);
        }
        for (key, bv) in b {
            if !o.contains_key(key) && !bv.is_null() {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                self.differ(&child, format!("absent, came back as {}", brief(bv)));
            }
        }
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
        (Value::String(x), Value::String(y)) => {
            x == y
                || matches!(
                    (
                        chrono::DateTime::parse_from_rfc3339(x),
                        chrono::DateTime::parse_from_rfc3339(y),
                    ),
                    (Ok(x), Ok(y)) if x == y
                )
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

/// Examples per outcome, for the corpus table.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// 2xx JSON response examples found.
    pub examples: usize,
    /// Of those, valid against their own schema.
    pub valid: usize,
    /// Valid examples that decode into the generated type.
    pub decoded: usize,
    /// Valid examples that also come back equal on every declared property.
    pub lossless: usize,
    /// Invalid examples that decode all the same.
    pub decoded_invalid: usize,
    /// Undeclared properties that did not come back, over every decoded example.
    pub undeclared_dropped: usize,
    /// Report lines for valid examples that fail to decode or lose data.
    pub failures: Vec<String>,
    /// Report lines for invalid examples (the document's bugs).
    pub invalid: Vec<String>,
}

/// Tallies one document's examples.
pub fn tally(
    raw: &Value,
    examples: &[Example],
    validity: &[Option<String>],
    decoded: &[Decoded],
) -> Tally {
    let mut t = Tally {
        examples: examples.len(),
        ..Tally::default()
    };
    for ((e, verdict), d) in examples.iter().zip(validity).zip(decoded) {
        let valid = verdict.is_none();
        t.valid += usize::from(valid);
        let label = format!("{} → {} `{}`", e.operation, e.status, e.name);
        match d {
            Decoded::Failed { path, message } => {
                let line = format!("{label}: does not decode at `{path}`: {message}");
                if valid {
                    t.failures.push(line);
                } else {
                    t.invalid.push(format!(
                        "{line} (invalid: {})",
                        verdict.as_deref().unwrap_or("")
                    ));
                }
            }
            Decoded::Ok(back) => {
                let c = compare(raw, e.schema.as_ref(), &e.value, back);
                t.undeclared_dropped += c.undeclared_dropped;
                if !valid {
                    t.decoded_invalid += 1;
                    t.invalid.push(format!(
                        "{label}: decodes although invalid ({})",
                        verdict.as_deref().unwrap_or("")
                    ));
                    continue;
                }
                t.decoded += 1;
                if c.differences.is_empty() {
                    t.lossless += 1;
                } else {
                    let shown: Vec<String> = c
                        .differences
                        .iter()
                        .take(5)
                        .map(|d| format!("`{}`: {}", d.path, d.what))
                        .collect();
                    let more = c.differences.len().saturating_sub(5);
                    let more = if more > 0 {
                        format!("; and {more} more")
                    } else {
                        String::new()
                    };
                    t.failures
                        .push(format!("{label}: loses data: {}{more}", shown.join("; ")));
                }
            }
        }
    }
    t
}

/// Groups `lines` under their document, for the report.
pub fn report(per_doc: &BTreeMap<String, Tally>) -> String {
    let mut out = String::new();
    for (doc, t) in per_doc {
        if t.failures.is_empty() && t.invalid.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {doc}\n");
        if !t.failures.is_empty() {
            let _ = writeln!(out, "Valid examples that fail (generator bugs):\n");
            for f in &t.failures {
                let _ = writeln!(out, "- {f}");
            }
        }
        if !t.invalid.is_empty() {
            let _ = writeln!(out, "\nInvalid examples (the document's bugs):\n");
            for f in &t.invalid {
                let _ = writeln!(out, "- {f}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "components": {"schemas": {
                "Base": {"type": "object", "properties": {"id": {"type": "integer"}, "at": {"type": "string"}}},
                "Page": {"allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"properties": {"items": {"type": "array", "items": {"oneOf": [
                        {"properties": {"x": {"type": "number"}}},
                        {"additionalProperties": {"type": "string"}}
                    ]}}}}
                ]}
            }}
        })
    }

    fn page() -> JsonPointer {
        JsonPointer::from_ref("#/components/schemas/Page").unwrap()
    }

    #[test]
    fn equal_up_to_null_number_spelling_and_time_zone() {
        let raw = doc();
        let original =
            json!({"id": 1, "at": "2024-01-01T10:00:00+02:00", "items": [{"x": 1}, {"k": null}]});
        let back = json!({"id": 1.0, "at": "2024-01-01T08:00:00Z", "items": [{"x": 1.0}, {}]});
        let c = compare(&raw, Some(&page()), &original, &back);
        assert!(c.differences.is_empty(), "{:?}", c.differences);
        assert_eq!(c.undeclared_dropped, 0);
    }

    #[test]
    fn reports_declared_losses_and_counts_undeclared_drops() {
        let raw = doc();
        let original = json!({"id": 1, "extra": {"a": 1}, "items": [{"x": 0.95, "y": 2}]});
        let back = json!({"id": 2, "items": [{"x": 0.949_999_988_079_071, "y": "2"}]});
        let c = compare(&raw, Some(&page()), &original, &back);
        let paths: Vec<&str> = c.differences.iter().map(|d| d.path.as_str()).collect();
        // `y` is declared by the second variant's additionalProperties.
        assert_eq!(paths, ["id", "items[0].x", "items[0].y"]);
        assert_eq!(c.undeclared_dropped, 1);
    }

    #[test]
    fn missing_declared_values_and_added_ones_are_losses() {
        let raw = doc();
        let c = compare(&raw, Some(&page()), &json!({"id": 1}), &json!({"at": "x"}));
        let whats: Vec<String> = c
            .differences
            .iter()
            .map(|d| format!("{}: {}", d.path, d.what))
            .collect();
        assert_eq!(
            whats,
            ["id: 1 is missing", "at: absent, came back as \"x\""]
        );
    }
}
