//! `cargo xtask sizes`: documents of extreme sizes, generated and checked.
//!
//! Each case is a synthetic document with one construct made huge: an
//! object's properties, an enum's values, a union's alternatives, an
//! operation's parameters, one group's operations. By default (part of
//! `cargo xtask test`) each is generated at the size the generator still
//! types one to one (its caps, `generator/src/limits.rs`) or at a size real
//! documents reach, and `cargo check`ed: the crate must compile with no
//! warning. `--extended` runs the sizes past the caps that used to break
//! rustc (a 10 000-property object, a 50 000-value enum), which must now
//! be capped with a reported degradation and compile too. Every run prints
//! a table of check times and peak memory, the figures BENCHMARKS.md
//! records; they are measurements, never pass/fail thresholds.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use openapi_rustgen::cli::{Options, generate_to_dir};
use serde_json::{Map, Value, json};

/// What is made huge.
#[derive(Clone, Copy)]
enum Construct {
    /// Properties of one object.
    Object,
    /// Values of one string enum.
    Enum,
    /// Alternatives of one `oneOf`.
    Union,
    /// Query parameters of one operation.
    Params,
    /// Operations of one tag (one group, one module, one feature).
    Operations,
}

/// One document to generate and check.
struct Case {
    construct: Construct,
    size: usize,
    /// Whether the generator must cap it (a degradation is reported).
    capped: bool,
}

impl Construct {
    fn name(self) -> &'static str {
        match self {
            Construct::Object => "object properties",
            Construct::Enum => "enum values",
            Construct::Union => "union alternatives",
            Construct::Params => "operation parameters",
            Construct::Operations => "operations in one group",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Construct::Object => "object",
            Construct::Enum => "enum",
            Construct::Union => "union",
            Construct::Params => "params",
            Construct::Operations => "operations",
        }
    }
}

/// The cases of a run: at the caps by default, past them with `extended`.
fn cases(extended: bool) -> Vec<Case> {
    let case = |construct, size, capped| Case {
        construct,
        size,
        capped,
    };
    if extended {
        vec![
            case(Construct::Object, 10_000, true),
            case(Construct::Enum, 50_000, true),
            case(Construct::Union, 5_000, true),
            case(Construct::Params, 2_000, false),
            case(Construct::Operations, 3_000, false),
        ]
    } else {
        vec![
            case(Construct::Object, 2_000, false),
            case(Construct::Enum, 5_000, false),
            case(Construct::Union, 2_000, false),
            case(Construct::Params, 1_000, false),
            case(Construct::Operations, 1_000, false),
        ]
    }
}

/// Generates and checks every case; fails on the first that does not
/// generate as expected or does not compile cleanly.
pub fn run(extended: bool) -> anyhow::Result<()> {
    let work = crate::root().join("target/sizes");
    std::fs::create_dir_all(&work)?;
    let mut rows = Vec::new();
    for case in cases(extended) {
        rows.push(check_case(&work, &case)?);
    }
    println!(
        "\n| construct | size | generated lines | degraded | `cargo check` (deps prebuilt) | peak RSS |"
    );
    println!("|---|---:|---:|---|---:|---:|");
    for row in rows {
        println!("{row}");
    }
    Ok(())
}

/// One case: its document written, generated, checked; its table row.
fn check_case(work: &Path, case: &Case) -> anyhow::Result<String> {
    let slug = format!("{}-{}", case.construct.slug(), case.size);
    let doc = work.join(format!("{slug}.json"));
    std::fs::write(&doc, document(case.construct, case.size).to_string())?;
    let out = work.join(&slug);
    let _ = std::fs::remove_dir_all(&out);
    let options = Options {
        crate_name: Some(format!("sizes-{slug}")),
        ..Options::default()
    };
    let report = generate_to_dir(&doc, &out, &options)
        .with_context(|| format!("{slug}: generation failed"))?;
    match (case.capped, report.degradations.as_slice()) {
        (false, []) => {}
        (true, [one]) => eprintln!("{slug}: capped as expected: {}", one.reason),
        (capped, found) => bail!(
            "{slug}: expected {} degradation, got {found:?}",
            if capped { "one" } else { "no" }
        ),
    }
    // Its own workspace: it sits under this repository's `target/`.
    let manifest = out.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest)?;
    toml.push_str("\n[workspace]\n");
    std::fs::write(&manifest, toml)?;
    let target = work.join("target");
    // Dependencies first, so the measurement is the crate alone.
    cargo_check(&out, &target, false)?;
    crate::bench::touch(&out.join("src/lib.rs"))?;
    let started = Instant::now();
    let peak = cargo_check(&out, &target, true)?;
    let secs = started.elapsed().as_secs_f64();
    Ok(format!(
        "| {} | {} | {} | {} | {secs:.1} s | {} |",
        case.construct.name(),
        case.size,
        report.lines,
        if case.capped { "capped" } else { "no" },
        peak.map_or_else(|| "—".to_owned(), |kb| format!("{} MiB", kb / 1024)),
    ))
}

/// `cargo check --features full` of the crate in `dir`, failing on an error
/// or on any warning (its stderr is empty when it is clean). With `measure`,
/// under `/usr/bin/time` when the machine has it: the peak RSS in KiB.
fn cargo_check(dir: &Path, target: &Path, measure: bool) -> anyhow::Result<Option<u64>> {
    let time = PathBuf::from("/usr/bin/time");
    let report = dir.join(".time");
    let mut command = if measure && time.exists() {
        let mut c = Command::new(&time);
        c.arg("-o").arg(&report).args(["-f", "%M", "cargo"]);
        c
    } else {
        Command::new("cargo")
    };
    let output = command
        .args(["check", "--quiet", "--features", "full"])
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(dir)
        .output()
        .context("cannot run cargo")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() || !stderr.trim().is_empty() {
        bail!("`cargo check` of {} is not clean:\n{stderr}", dir.display());
    }
    Ok(std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| t.lines().last()?.trim().parse().ok()))
}

/// A document whose one construct has `n` members.
fn document(construct: Construct, n: usize) -> Value {
    let mut schemas = Map::new();
    let mut paths = Map::new();
    let mut get = |path: &str, schema: &str, parameters: Value| {
        let id = path.trim_start_matches('/').replace('/', "_");
        paths.insert(
            path.to_owned(),
            json!({"get": {
                "operationId": format!("get_{id}"),
                "tags": ["all"],
                "parameters": parameters,
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/{schema}")}}}}}
            }}),
        );
    };
    let small = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    match construct {
        Construct::Object => {
            let kinds = ["string", "integer", "boolean"];
            let props: Map<String, Value> = (0..n)
                .map(|i| (format!("field_{i}"), json!({"type": kinds[i % 3]})))
                .collect();
            schemas.insert("Big".into(), json!({"type": "object", "properties": props}));
            get("/big", "Big", json!([]));
        }
        Construct::Enum => {
            let values: Vec<String> = (0..n).map(|i| format!("value-{i}")).collect();
            schemas.insert("Big".into(), json!({"type": "string", "enum": values}));
            schemas.insert(
                "Holder".into(),
                json!({"type": "object", "properties": {"v": {"$ref": "#/components/schemas/Big"}}}),
            );
            get("/big", "Holder", json!([]));
        }
        Construct::Union => {
            for i in 0..n {
                schemas.insert(
                    format!("Alt{i}"),
                    json!({"type": "object", "required": [format!("k{i}")],
                           "properties": {format!("k{i}"): {"type": "string"}}}),
                );
            }
            let alternatives: Vec<Value> = (0..n)
                .map(|i| json!({"$ref": format!("#/components/schemas/Alt{i}")}))
                .collect();
            schemas.insert("Big".into(), json!({"oneOf": alternatives}));
            get("/big", "Big", json!([]));
        }
        Construct::Params => {
            schemas.insert("Small".into(), small);
            let params: Vec<Value> = (0..n)
                .map(|i| json!({"name": format!("p{i}"), "in": "query", "schema": {"type": "string"}}))
                .collect();
            get("/big", "Small", Value::Array(params));
        }
        Construct::Operations => {
            schemas.insert("Small".into(), small);
            for i in 0..n {
                get(&format!("/op{i}"), "Small", json!([]));
            }
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": format!("{} {n}", construct.name()), "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}
