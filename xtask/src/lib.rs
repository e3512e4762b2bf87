//! The tasks behind `cargo xtask`, as a library so tests can reuse them
//! (the freshness test calls [`realtimekit_files`]).

pub mod bench;
pub mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail, ensure};
use openapi_rustgen::cli::{Options, generate_to_dir};
use openapi_rustgen::{Settings, output};

/// The repository root (the workspace directory).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The settings `generated/` is made with; shared with the freshness test.
pub fn realtimekit_settings() -> Settings {
    let mut s = Settings::new("cloudflare-realtimekit");
    s.env_prefix = Some("CLOUDFLARE".into());
    s.regenerate_with = "cargo xtask codegen".into();
    s
}

/// Generates the RealtimeKit crate from `spec/openapi.yaml`, in memory.
pub fn realtimekit_files() -> anyhow::Result<openapi_rustgen::Generated> {
    let spec = root().join("spec/openapi.yaml");
    let text = std::fs::read_to_string(&spec)
        .with_context(|| format!("cannot read {}", spec.display()))?;
    openapi_rustgen::generate(&text, &realtimekit_settings()).map_err(|e| anyhow::anyhow!("{e}"))
}

/// `cargo xtask codegen [--check]`.
pub fn codegen(check: bool) -> anyhow::Result<()> {
    let root = root();
    let generated = realtimekit_files()?;
    for w in &generated.warnings {
        eprintln!("warning: {w}");
    }
    let out = root.join("generated");
    if check {
        let drift = output::check_crate(&out, &generated.files)?;
        if !drift.is_clean() {
            let files: Vec<String> = drift
                .changed
                .iter()
                .chain(&drift.stale)
                .map(|p| p.display().to_string())
                .collect();
            bail!(
                "generated/ is stale ({}): run cargo xtask codegen",
                files.join(", ")
            );
        }
        println!("generated/ is up to date");
        return Ok(());
    }
    let drift = output::write_crate(&out, &generated.files)?;
    println!(
        "generated/: {} operations, {} types; {} file(s) written, {} removed",
        generated.api.operations.len(),
        generated.api.types.len(),
        drift.changed.len(),
        drift.stale.len()
    );
    Ok(())
}

/// `cargo xtask generate`.
pub fn generate(
    spec: &Path,
    out_dir: &Path,
    crate_name: Option<String>,
    strict: bool,
) -> anyhow::Result<()> {
    let options = Options {
        crate_name,
        strict,
        ..Options::default()
    };
    let report = generate_to_dir(spec, out_dir, &options)?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    println!(
        "wrote {} to {}: {} operations, {} types, {} lines, {} warnings",
        report.crate_name,
        out_dir.display(),
        report.operations,
        report.types,
        report.lines,
        report.warnings.len()
    );
    Ok(())
}

/// Runs a command from the repository root, failing on a non-zero exit.
pub fn run(program: &str, args: &[&str]) -> anyhow::Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot start {program}"))?;
    ensure!(
        status.success(),
        "`{program} {}` failed ({status})",
        args.join(" ")
    );
    Ok(())
}

/// `cargo xtask fuzz`: the ignored proptest fuzz target in
/// `tests/properties.rs`, release build, for `seconds`. Failures are saved
/// to `tests/properties.proptest-regressions` and replayed by every test run.
pub fn fuzz(seconds: u64) -> anyhow::Result<()> {
    let status = std::process::Command::new("cargo")
        .args([
            "test",
            "--release",
            "-p",
            "integration-tests",
            "--test",
            "properties",
            "--",
            "--ignored",
            "--exact",
            "fuzz_until_the_deadline",
            "--nocapture",
        ])
        .env("FUZZ_SECONDS", seconds.to_string())
        .current_dir(root())
        .status()?;
    anyhow::ensure!(
        status.success(),
        "the fuzz target found a failure (see above)"
    );
    Ok(())
}

/// Every test: npm tools from the lockfile, the OpenAPI lint, then cargo test.
pub fn test() -> anyhow::Result<()> {
    run(
        "npm",
        &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
    )?;
    run(
        "npx",
        &[
            "--no-install",
            "redocly",
            "lint",
            "--format=codeframe",
            "spec/openapi.yaml",
        ],
    )?;
    run(
        "cargo",
        &["test", "--workspace", "--all-targets", "--locked"],
    )?;
    run("cargo", &["test", "--workspace", "--doc", "--locked"])?;
    Ok(())
}
