//! `cargo xtask corpus <DIR>`: generate and compile a client for every
//! document, and round-trip its response examples ([`crate::examples`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use openapi_rustgen::FileLoader;
use openapi_rustgen::{Generated, Settings, output};

use crate::examples::{self, Example, Tally};

struct Row {
    spec: String,
    operations: usize,
    types: usize,
    lines: usize,
    generate_ms: u128,
    compile_s: f64,
    check: String,
    warnings: usize,
    degraded: usize,
    examples: Option<Tally>,
    ok: bool,
}

/// What `cargo xtask corpus` checks besides generating and compiling.
#[derive(Debug, Clone, Copy, Default)]
pub struct CorpusOptions {
    /// Skip the response-example round trip (and just `cargo check`).
    pub no_examples: bool,
    /// Fail when a valid example does not decode, has deviations or loses
    /// data, or an invalid one does not decode.
    pub require_examples: bool,
}

/// Runs the corpus over every document under `dir` and prints the table.
pub fn run(dir: &Path, options: CorpusOptions) -> anyhow::Result<()> {
    let specs = documents(dir)?;
    if specs.is_empty() {
        bail!(
            "no OpenAPI documents (.json, .yaml, .yml) under {}",
            dir.display()
        );
    }
    let python = if options.no_examples {
        None
    } else {
        Some(examples::validator_python()?)
    };
    // Outside the workspace, so cargo does not mistake the crates for members;
    // one shared target dir so dependencies compile once.
    let work = std::env::temp_dir().join("openapi-rustgen-corpus");
    let corpus = Corpus {
        dir,
        options,
        python,
        target: work.join("target"),
        work,
    };
    let mut rows = Vec::new();
    let mut reports = BTreeMap::new();
    for spec in &specs {
        rows.push(corpus.document(spec, &mut reports)?);
    }
    print_table(&rows);
    if !reports.is_empty() {
        print_examples_summary(&reports, &corpus.work.join("examples-report.md"))?;
    }
    let failed = rows.iter().filter(|r| !r.ok).count();
    if failed > 0 {
        bail!("{failed} of {} documents failed", rows.len());
    }
    Ok(())
}

/// One corpus run: where it builds and what it checks.
struct Corpus<'d> {
    /// The folder the documents are under.
    dir: &'d Path,
    options: CorpusOptions,
    /// The example validator's interpreter; `None` without examples.
    python: Option<PathBuf>,
    /// Where the generated crates and harnesses go.
    work: PathBuf,
    target: PathBuf,
}

/// Where one document's crates go, and what they are called.
struct Places {
    /// The document's path under the corpus folder (the row's name).
    rel: String,
    crate_name: String,
    /// The generated crate.
    out: PathBuf,
    /// The round-trip harness crate.
    harness: PathBuf,
}

/// An example round trip ready to build: each example's validity and its
/// harness entry.
type Prepared = (Vec<Option<String>>, Vec<Option<usize>>);

/// How building a generated crate (or its harness) went.
struct Compiled {
    /// Whether cargo succeeded (warnings or not).
    success: bool,
    seconds: f64,
    /// What the table says: `ok`, the warning count or the first error.
    check: String,
    /// Whether cargo succeeded without warnings.
    ok: bool,
}

impl Corpus<'_> {
    /// Generates, compiles and (with examples) round-trips one document;
    /// its example tally goes to `reports`.
    fn document(&self, spec: &Path, reports: &mut BTreeMap<String, Tally>) -> anyhow::Result<Row> {
        let places = self.places(spec);
        let started = Instant::now();
        let text = std::fs::read_to_string(spec)
            .with_context(|| format!("cannot read {}", spec.display()))?;
        let mut settings = Settings::new(places.crate_name.clone());
        settings.regenerate_with = format!("cargo xtask corpus {}", self.dir.display());
        // Multi-file documents: `$ref`s read files beside the document.
        let loader = FileLoader::for_document(spec)?;
        let generated = openapi_rustgen::generate_with(&text, &settings, loader.files());
        let generate_ms = started.elapsed().as_millis();
        let generated = match generated {
            Ok(g) => g,
            Err(e) => return Ok(Row::generate_failed(places.rel, generate_ms, &e)),
        };
        output::write_crate(&places.out, &generated.files)
            .with_context(|| format!("cannot write {}", places.out.display()))?;
        let api = &generated.api;
        eprintln!(
            "compiling {} ({} operations, {} types)…",
            places.rel,
            api.operations.len(),
            api.types.len()
        );
        let (found, prepared) = self.prepare_examples(&text, &loader, &generated, &places)?;
        // With examples, the harness build compiles the generated crate too
        // (its warnings are counted the same way); without, `cargo check`,
        // which is much faster.
        let compile_dir = if prepared.is_some() {
            &places.harness
        } else {
            &places.out
        };
        let compiled = self.compile(compile_dir, prepared.is_some())?;
        let mut ok = compiled.ok;
        let tally = match self.round_trip(&places.harness, &found, prepared, compiled.success)? {
            Some(t) => {
                if self.options.require_examples && !t.failures.is_empty() {
                    ok = false;
                }
                reports.insert(places.rel.clone(), t.clone());
                Some(t)
            }
            // No examples is an empty tally; a crate that did not build has none.
            None => (self.python.is_some() && found.is_empty()).then(Tally::default),
        };
        Ok(Row {
            spec: places.rel,
            operations: api.operations.len(),
            types: api.types.len(),
            lines: rust_lines(&generated.files),
            generate_ms,
            compile_s: compiled.seconds,
            check: compiled.check,
            warnings: generated.warnings.len(),
            degraded: generated.degradations.len(),
            examples: tally,
            ok,
        })
    }

    /// Names `spec`'s crates, and clears what an earlier run left there.
    fn places(&self, spec: &Path) -> Places {
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = self.work.join(&name);
        let harness = self.work.join(format!("{name}.roundtrip"));
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_dir_all(&harness);
        let crate_name = format!(
            "corpus-{}",
            name.to_ascii_lowercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        );
        Places {
            rel: spec
                .strip_prefix(self.dir)
                .unwrap_or(spec)
                .display()
                .to_string(),
            crate_name,
            out,
            harness,
        }
    }

    /// The document's response examples (none without the validator) and,
    /// when there are any, their validity and the harness written for them.
    fn prepare_examples(
        &self,
        text: &str,
        loader: &FileLoader,
        generated: &Generated,
        places: &Places,
    ) -> anyhow::Result<(Vec<Example>, Option<Prepared>)> {
        let Some(python) = &self.python else {
            return Ok((Vec::new(), None));
        };
        let raw =
            openapi_rustgen::bundle(text, loader.files()).map_err(|e| anyhow::anyhow!("{e}"))?;
        let found = examples::collect(&raw, &generated.api);
        if found.is_empty() {
            return Ok((found, None));
        }
        std::fs::create_dir_all(&places.harness)?;
        let validity = examples::validate(python, &raw, &found, &places.harness)?;
        let manifest = generated
            .files
            .get("Cargo.toml")
            .cloned()
            .unwrap_or_default();
        let entries = examples::write_harness(
            &places.harness,
            &places.out,
            &places.crate_name,
            &manifest,
            &found,
        )?;
        Ok((found, Some((validity, entries))))
    }

    /// Builds the harness in `dir` (`harness`), or checks the generated
    /// crate there, and judges cargo's output.
    fn compile(&self, dir: &Path, harness: bool) -> anyhow::Result<Compiled> {
        let started = Instant::now();
        let command = if harness { "build" } else { "check" };
        // Every group: large APIs enable none by default. The harness
        // enables `all-types` in its dependency on the crate.
        let features: &[&str] = if harness {
            &[]
        } else {
            &["--features", "all-types"]
        };
        let output = Command::new(env!("CARGO"))
            .args([command, "--quiet", "--message-format=short"])
            .args(features)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .output()
            .with_context(|| format!("cannot run cargo {command}"))?;
        let seconds = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let warnings = stderr.lines().filter(|l| l.contains("warning:")).count();
        let success = output.status.success();
        let (check, ok) = if success && warnings == 0 {
            ("ok".to_owned(), true)
        } else if success {
            (format!("{warnings} rustc warnings"), false)
        } else {
            let first = stderr
                .lines()
                .find(|l| l.contains("error"))
                .unwrap_or("failed")
                .to_owned();
            (format!("cargo {command} failed: {first}"), false)
        };
        Ok(Compiled {
            success,
            seconds,
            check,
            ok,
        })
    }

    /// Runs the built harness and tallies the examples; `None` when there
    /// was nothing prepared or it did not build.
    fn round_trip(
        &self,
        harness: &Path,
        found: &[Example],
        prepared: Option<Prepared>,
        built: bool,
    ) -> anyhow::Result<Option<Tally>> {
        let (Some((validity, entries)), true) = (prepared, built) else {
            return Ok(None);
        };
        let decoded = examples::run_harness(harness, &self.target, found, &entries)?;
        Ok(Some(examples::tally(found, &validity, &decoded)))
    }
}

impl Row {
    /// The row of a document the generator rejected: its first error.
    fn generate_failed(spec: String, generate_ms: u128, e: &openapi_rustgen::Error) -> Self {
        let first = e
            .diagnostics
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        Row {
            spec,
            operations: 0,
            types: 0,
            lines: 0,
            generate_ms,
            compile_s: 0.0,
            check: format!("generate failed: {first}"),
            warnings: 0,
            degraded: 0,
            examples: None,
            ok: false,
        }
    }
}

/// The lines of Rust among the generated files.
fn rust_lines(files: &BTreeMap<String, String>) -> usize {
    files
        .iter()
        .filter(|(k, _)| k.ends_with(".rs"))
        .map(|(_, v)| v.lines().count())
        .sum()
}

/// The corpus table, one row per document, as Markdown.
fn print_table(rows: &[Row]) {
    println!(
        "| spec | operations | types | generated lines | generate ms | compile s | compile | generator warnings | degraded | examples | valid | valid decoded | valid lossless (incl. undeclared) | invalid | invalid decoded | invalid round-tripped | deviations |"
    );
    println!(
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in rows {
        let ex = match &r.examples {
            Some(t) => format!(
                "{} | {} | {} | {} | {} | {} | {} | {}",
                t.examples,
                t.valid,
                t.decoded,
                t.lossless,
                t.invalid,
                t.invalid_decoded,
                t.invalid_round_tripped,
                t.deviations.len()
            ),
            None => "– | – | – | – | – | – | – | –".to_owned(),
        };
        println!(
            "| {} | {} | {} | {} | {} | {:.1} | {} | {} | {} | {ex} |",
            r.spec,
            r.operations,
            r.types,
            r.lines,
            r.generate_ms,
            r.compile_s,
            r.check,
            r.warnings,
            r.degraded
        );
    }
}

/// Whether `spec` parses as an object with neither an `openapi` nor a
/// `swagger` field. A file that does not parse is not a part: it is
/// reported as a failing document.
fn is_document_part(spec: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(spec) else {
        return false;
    };
    match openapi_rustgen::parse_text(&text) {
        Ok(serde_json::Value::Object(map)) => {
            !map.contains_key("openapi") && !map.contains_key("swagger")
        }
        _ => false,
    }
}

/// The OpenAPI documents (`.json`, `.yaml`, `.yml`) under `dir`, sorted.
/// Parts of multi-file documents (files without an `openapi` or `swagger`
/// field) are left out, with a note: they are read through the documents
/// that refer to them.
pub fn documents(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    collect(dir, &mut specs)?;
    specs.sort();
    specs.retain(|spec| {
        let part = is_document_part(spec);
        if part {
            eprintln!(
                "skipping {}: not a document of its own (part of a multi-file one)",
                spec.display()
            );
        }
        !part
    });
    Ok(specs)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Below the table: the deviations found, the examples that fail, those
/// that decode but do not come back as they were; the full report to `path`.
fn print_examples_summary(reports: &BTreeMap<String, Tally>, path: &Path) -> anyhow::Result<()> {
    std::fs::write(
        path,
        format!("# Response examples\n{}", examples::report(reports)),
    )?;
    println!("\nDeviations found (path and kind), per document:");
    let listing = examples::deviation_listing(reports, 10);
    if listing.is_empty() {
        println!("- none");
    } else {
        print!("{listing}");
    }
    let list = |title: &str, lines: fn(&Tally) -> &[String]| {
        println!("\n{title}:");
        let mut any = false;
        for (doc, t) in reports {
            for line in lines(t) {
                println!("- {doc}: {line}");
                any = true;
            }
        }
        if !any {
            println!("- none");
        }
    };
    list(
        "Examples that fail (a valid one that does not decode, has deviations or loses data; an invalid one that does not decode)",
        |t| &t.failures,
    );
    list("Invalid examples that decode but do not round-trip", |t| {
        &t.not_round_tripped
    });
    println!(
        "\nFull report, every invalid example and deviation included: {}",
        path.display()
    );
    Ok(())
}
