//! `cargo xtask corpus <DIR>`: generate + `cargo check` every document.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use openapi_rustgen::cli::{Options, generate_to_dir};

struct Row {
    spec: String,
    operations: usize,
    types: usize,
    lines: usize,
    generate_ms: u128,
    check_s: f64,
    check: String,
    warnings: usize,
    ok: bool,
}

/// Runs the corpus over every document under `dir` and prints the table.
pub fn run(dir: &Path) -> anyhow::Result<()> {
    let mut specs = Vec::new();
    collect(dir, &mut specs)?;
    specs.sort();
    if specs.is_empty() {
        bail!(
            "no OpenAPI documents (.json, .yaml, .yml) under {}",
            dir.display()
        );
    }
    // Outside the workspace, so cargo does not mistake the crates for members;
    // one shared target dir so dependencies compile once.
    let work = std::env::temp_dir().join("openapi-rustgen-corpus");
    let target = work.join("target");
    let mut rows = Vec::new();
    for spec in &specs {
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = work.join(&name);
        let _ = std::fs::remove_dir_all(&out);
        let crate_name = format!(
            "corpus-{}",
            name.to_ascii_lowercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        );
        let started = Instant::now();
        let options = Options {
            crate_name: Some(crate_name),
            ..Options::default()
        };
        let generated = generate_to_dir(spec, &out, &options);
        let generate_ms = started.elapsed().as_millis();
        let rel = spec.strip_prefix(dir).unwrap_or(spec).display().to_string();
        let report = match generated {
            Ok(r) => r,
            Err(e) => {
                let first = format!("{e:#}")
                    .lines()
                    .nth(1)
                    .unwrap_or("")
                    .trim()
                    .to_owned();
                rows.push(Row {
                    spec: rel,
                    operations: 0,
                    types: 0,
                    lines: 0,
                    generate_ms,
                    check_s: 0.0,
                    check: format!("generate failed: {first}"),
                    warnings: 0,
                    ok: false,
                });
                continue;
            }
        };
        eprintln!(
            "checking {rel} ({} operations, {} types)…",
            report.operations, report.types
        );
        let check_started = Instant::now();
        let output = Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--message-format=short"])
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .context("cannot run cargo check")?;
        let check_s = check_started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let warnings = stderr.lines().filter(|l| l.contains("warning:")).count();
        let (check, ok) = if output.status.success() && warnings == 0 {
            ("ok".to_owned(), true)
        } else if output.status.success() {
            (format!("{warnings} rustc warnings"), false)
        } else {
            let first = stderr
                .lines()
                .find(|l| l.contains("error"))
                .unwrap_or("failed")
                .to_owned();
            (format!("cargo check failed: {first}"), false)
        };
        rows.push(Row {
            spec: rel,
            operations: report.operations,
            types: report.types,
            lines: report.lines,
            generate_ms,
            check_s,
            check,
            warnings: report.warnings.len(),
            ok,
        });
    }
    println!(
        "| spec | operations | types | generated lines | generate ms | check s | check | generator warnings |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {:.1} | {} | {} |",
            r.spec, r.operations, r.types, r.lines, r.generate_ms, r.check_s, r.check, r.warnings
        );
    }
    let failed = rows.iter().filter(|r| !r.ok).count();
    if failed > 0 {
        bail!("{failed} of {} documents failed", rows.len());
    }
    Ok(())
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
