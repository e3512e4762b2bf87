//! `cargo xtask bench`: everything BENCHMARKS.md records.
//!
//! - generation against the load floor, in process (divan,
//!   `generator/benches/generate.rs`): synthetic documents of 100, 1 000 and
//!   10 000 operations (the cost must grow linearly), the 1 500-operation one,
//!   and the largest shared documents when `../shared/specs` exists;
//! - peak memory of the release binary on the same documents;
//! - compile cost of the synthetic 1 500-operation crate: `cargo check` with
//!   one tag's feature, with `full` and with `all-types`, a debug `cargo build`
//!   with `full`;
//!   a clean and an incremental build of the RealtimeKit crate (`generated/`);
//! - the generated client's overhead against raw `reqwest`
//!   (`client-bench/benches/client.rs`), with the client's default features
//!   and with `tracing`;
//! - the client under load (1 000 concurrent requests, a 10 000-request soak
//!   with injected 503s: `tests/client/soak.rs`) and the generator on a 100 MB
//!   document.
//!
//! Compile measurements use their own target directory with the
//! dependencies built first, so they time the generated crate alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

#[path = "../../generator/benches/synthetic.rs"]
mod synthetic;

/// Which parts to run (all by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    /// Generation time against the load floor, and peak memory.
    Generation,
    /// `cargo check`/`build` of the synthetic and RealtimeKit crates.
    Compile,
    /// Client overhead against raw reqwest.
    Client,
    /// The client under load, and a 100 MB document.
    Load,
}

/// Runs the benchmarks and prints Markdown tables for BENCHMARKS.md.
pub fn run(only: Option<Part>) -> anyhow::Result<()> {
    let wants = |part| only.is_none_or(|o| o == part);
    let work = std::env::temp_dir().join("openapi-rustgen-bench");
    std::fs::create_dir_all(&work)?;
    if wants(Part::Generation) {
        generation(&work)?;
    }
    if wants(Part::Compile) {
        compile(&work)?;
    }
    if wants(Part::Client) {
        crate::run("cargo", &["bench", "-p", "client-bench"])?;
        crate::run(
            "cargo",
            &["bench", "-p", "client-bench", "--features", "tracing"],
        )?;
    }
    if wants(Part::Load) {
        load(&work)?;
    }
    Ok(())
}

/// The client under load (each test alone, so its peak RSS is its own),
/// and the generator on a 100 MB document (padding it must read but not emit).
fn load(work: &Path) -> anyhow::Result<()> {
    let generator = release_binary()?;
    let big = work.join("hundred-mb.json");
    std::fs::write(&big, synthetic::padded_document(100 * 1000 * 1000))?;
    let big_out = work.join("hundred-mb-client");
    let big_arg = big.to_string_lossy().into_owned();
    let big_out_arg = big_out.to_string_lossy().into_owned();
    let (big_secs, big_kb) = timed(
        work,
        generator.to_string_lossy().as_ref(),
        &[&big_arg, &big_out_arg, "--crate-name", "hundred-mb"],
        &[],
    )?;
    println!(
        "| generate a 100 MB document (release binary) | {big_secs:.2} s | {} MiB |",
        big_kb / 1024
    );
    for test in [
        "a_thousand_concurrent_requests_through_clones_of_one_client",
        "a_10k_request_soak_with_5_percent_503s_loses_nothing",
    ] {
        crate::run(
            "cargo",
            &[
                "test",
                "--release",
                "-p",
                "integration-tests",
                "--test",
                "soak",
                "--",
                "--exact",
                test,
                "--nocapture",
            ],
        )?;
    }
    Ok(())
}

/// The synthetic document with `operations` operations, written to `work`.
fn synthetic_doc(work: &Path, operations: usize) -> anyhow::Result<PathBuf> {
    let path = work.join(format!("synthetic-{operations}.json"));
    std::fs::write(
        &path,
        synthetic::document(synthetic::schemas_for(operations), operations),
    )?;
    Ok(path)
}

fn release_binary() -> anyhow::Result<PathBuf> {
    crate::run(
        "cargo",
        &[
            "build",
            "--release",
            "-p",
            "openapi-rustgen",
            "--features",
            "cli",
        ],
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| crate::root().join("target"), PathBuf::from);
    Ok(target.join("release/openapi-rustgen"))
}

fn generation(work: &Path) -> anyhow::Result<()> {
    let generator = release_binary()?;
    let mut docs: Vec<(String, PathBuf)> = Vec::new();
    for ops in [100, 1000, 1500, 10_000] {
        docs.push((
            format!("synthetic, {ops} operations"),
            synthetic_doc(work, ops)?,
        ));
    }
    let specs = crate::root().join("../shared/specs");
    for name in ["box-2026-06-29.json", "jira-platform-2022-07-17.json"] {
        if specs.join(name).exists() {
            docs.push((name.to_owned(), specs.join(name)));
        }
    }
    println!("\n| document | generate (release binary, wall) | peak RSS | files | lines |");
    println!("|---|---:|---:|---:|---:|");
    for (label, doc) in docs {
        let out = work.join("out");
        let _ = std::fs::remove_dir_all(&out);
        let (secs, kb) = timed(
            work,
            generator.to_string_lossy().as_ref(),
            &[
                doc.to_string_lossy().as_ref(),
                out.to_string_lossy().as_ref(),
                "--crate-name",
                "bench-client",
            ],
            &[],
        )?;
        let (files, lines) = rust_files(&out.join("src"))?;
        println!(
            "| {label} | {secs:.2} s | {} MiB | {files} | {lines} |",
            kb / 1024
        );
    }
    crate::run(
        "cargo",
        &["bench", "-p", "openapi-rustgen", "--bench", "generate"],
    )
}

/// Rust files under `dir` and their total line count.
fn rust_files(dir: &Path) -> anyhow::Result<(usize, usize)> {
    let mut files = 0;
    let mut lines = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            let (f, l) = rust_files(&path)?;
            files += f;
            lines += l;
        } else if path.extension().is_some_and(|e| e == "rs") {
            files += 1;
            lines += std::fs::read_to_string(&path)?.lines().count();
        }
    }
    Ok((files, lines))
}

/// One compile measurement: what was run, wall seconds, peak RSS in KiB.
type Measurement = (String, f64, u64);

/// Times compiling the synthetic 1 500-operation crate and the RealtimeKit
/// crate, and prints the table.
fn compile(work: &Path) -> anyhow::Result<()> {
    let generator = release_binary()?;
    let mut rows = synthetic_compiles(work, &generator)?;
    rows.extend(realtimekit_builds(work)?);
    println!("\n| step (dependencies prebuilt) | wall | peak RSS |");
    println!("|---|---:|---:|");
    for (label, secs, kb) in rows {
        println!("| {label} | {secs:.1} s | {} MiB |", kb / 1024);
    }
    Ok(())
}

/// Generates the synthetic 1 500-operation crate with `generator` and times
/// `cargo check` with one tag's feature, `full` and `all-types`, and a debug
/// `cargo build` with `full`.
fn synthetic_compiles(work: &Path, generator: &Path) -> anyhow::Result<Vec<Measurement>> {
    let target = work.join("target");
    let target_arg = target.to_string_lossy().into_owned();
    // No incremental cache: every measurement compiles the crate from scratch.
    let env = [
        ("CARGO_TARGET_DIR", target_arg.as_str()),
        ("CARGO_INCREMENTAL", "0"),
    ];
    let doc = synthetic_doc(work, 1500)?;
    let out = work.join("synthetic-client");
    let _ = std::fs::remove_dir_all(&out);
    crate::run(
        generator.to_string_lossy().as_ref(),
        &[
            doc.to_string_lossy().as_ref(),
            out.to_string_lossy().as_ref(),
            "--crate-name",
            "synthetic-client",
        ],
    )?;
    prebuild_dependencies(work, &out, &env)?;
    let one = "area_0";
    let mut rows = Vec::new();
    for (label, args) in [
        (
            format!("`cargo check`, one tag (`--no-default-features --features {one}`)"),
            vec!["check", "--no-default-features", "--features", one],
        ),
        (
            "`cargo check`, `full`".to_owned(),
            vec!["check", "--features", "full"],
        ),
        (
            "`cargo check`, `all-types` (`full` and the schemas no operation uses)".to_owned(),
            vec!["check", "--features", "all-types"],
        ),
        (
            "`cargo build` (debug), `full`".to_owned(),
            vec!["build", "--features", "full"],
        ),
    ] {
        // Each measurement starts from the crate's sources alone.
        touch(&out.join("src/lib.rs"))?;
        let mut args = args;
        args.push("--quiet");
        let (secs, kb) = timed(&out, "cargo", &args, &env)?;
        rows.push((label, secs, kb));
    }
    Ok(rows)
}

/// Times a clean and an incremental debug build of the RealtimeKit crate,
/// copied out of the workspace.
fn realtimekit_builds(work: &Path) -> anyhow::Result<Vec<Measurement>> {
    let rtk = work.join("realtimekit");
    let _ = std::fs::remove_dir_all(&rtk);
    copy_dir(&crate::root().join("generated"), &rtk)?;
    let rtk_target = work.join("target-realtimekit");
    let rtk_target_arg = rtk_target.to_string_lossy().into_owned();
    let rtk_env = [("CARGO_TARGET_DIR", rtk_target_arg.as_str())];
    prebuild_dependencies(work, &rtk, &rtk_env)?;
    // Clean: no incremental state for the crate yet.
    let _ = std::fs::remove_dir_all(rtk_target.join("debug/incremental"));
    touch(&rtk.join("src/lib.rs"))?;
    let (secs, kb) = timed(&rtk, "cargo", &["build", "--quiet"], &rtk_env)?;
    let clean = (
        "RealtimeKit: `cargo build` (debug), the crate after its dependencies".to_owned(),
        secs,
        kb,
    );
    touch(&rtk.join("src/meetings.rs"))?;
    let (secs, kb) = timed(&rtk, "cargo", &["build", "--quiet"], &rtk_env)?;
    let incremental = (
        "RealtimeKit: incremental `cargo build` after touching one module".to_owned(),
        secs,
        kb,
    );
    Ok(vec![clean, incremental])
}

/// Builds `krate`'s dependencies (a copy of its manifest with an empty
/// library, under another package name: with the same one cargo would take
/// the empty library for the crate and skip the build being measured).
fn prebuild_dependencies(work: &Path, krate: &Path, env: &[(&str, &str)]) -> anyhow::Result<()> {
    let deps_only = work.join("deps-only");
    let _ = std::fs::remove_dir_all(&deps_only);
    std::fs::create_dir_all(deps_only.join("src"))?;
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml"))?;
    let manifest: String = manifest
        .lines()
        .map(|l| {
            if l.starts_with("name = ") {
                "name = \"bench-deps\"".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    // The manifest's [features] name modules the empty library lacks; they
    // are plain flags, so they do no harm.
    std::fs::write(deps_only.join("Cargo.toml"), manifest)?;
    std::fs::write(deps_only.join("src/lib.rs"), "")?;
    std::fs::copy(
        crate::root().join("Cargo.lock"),
        deps_only.join("Cargo.lock"),
    )?;
    timed(&deps_only, "cargo", &["check", "--quiet"], env)?;
    timed(&deps_only, "cargo", &["build", "--quiet"], env)?;
    Ok(())
}

pub(crate) fn touch(path: &Path) -> anyhow::Result<()> {
    let text = std::fs::read(path)?;
    std::fs::write(path, text)?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Runs a command under `/usr/bin/time`, returning wall seconds and peak RSS (KiB).
fn timed(
    dir: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> anyhow::Result<(f64, u64)> {
    let report = dir.join(".time");
    // The command's own output (the generator's warnings, cargo's progress)
    // goes to a log, shown only when it fails.
    let log = dir.join(".log");
    let status = Command::new("/usr/bin/time")
        .stdout(std::fs::File::create(&log)?)
        .stderr(std::fs::File::create(dir.join(".log-err"))?)
        .arg("-o")
        .arg(&report)
        .args(["-f", "%e %M", program])
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .status()
        .context("cannot run /usr/bin/time (Debian package `time`)")?;
    if !status.success() {
        let err = std::fs::read_to_string(dir.join(".log-err")).unwrap_or_default();
        bail!("`{program} {}` failed:\n{err}", args.join(" "));
    }
    let text = std::fs::read_to_string(&report)?;
    let last = text.lines().last().unwrap_or_default();
    let mut fields = last.split_whitespace();
    match (
        fields.next().and_then(|s| s.parse().ok()),
        fields.next().and_then(|s| s.parse().ok()),
    ) {
        (Some(secs), Some(kb)) => Ok((secs, kb)),
        _ => bail!("unexpected /usr/bin/time output: {text}"),
    }
}
