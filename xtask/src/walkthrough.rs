//! The README's "Generating a client for another API" walk-through, run as
//! written by `cargo xtask test`: the binary installed into a temporary
//! root, the README's generate command (its output folder moved under
//! `target/`), the README's `src/main.rs` built against the crate, and run
//! against Prism serving the same document. Editing either block in the
//! README changes what this runs, so the walk-through cannot rot.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail, ensure};

use crate::prism::Prism;

/// Where the walk-through starts in the README.
const SECTION: &str = "## Generating a client for another API";

/// Runs the walk-through; fails naming the step that broke.
pub fn run() -> anyhow::Result<()> {
    let root = crate::root();
    let readme = std::fs::read_to_string(root.join("README.md"))?;
    let section = readme
        .split_once(SECTION)
        .map(|(_, rest)| rest)
        .context("the README has no walk-through section")?;
    let args = generate_command(section)?;
    let program = main_rs(section)?;
    let work = root.join("target/walkthrough");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let binary = install(&root, &work)?;
    let crate_dir = generate(&root, &binary, &args, &work)?;
    let app = program_crate(&root, &work, &crate_dir, &program)?;
    let document = root.join(args.first().context("the command names a document")?);
    run_against_prism(&root, &app, &document, &args)
}

/// The `openapi-rustgen …` command's arguments (continued lines joined).
fn generate_command(section: &str) -> anyhow::Result<Vec<String>> {
    let joined = section.replace("\\\n", " ");
    let line = joined
        .lines()
        .find(|l| l.trim_start().starts_with("openapi-rustgen "))
        .context("the walk-through has no `openapi-rustgen` command")?;
    let command = line.split('#').next().unwrap_or(line);
    Ok(command
        .split_whitespace()
        .skip(1)
        .map(str::to_owned)
        .collect())
}

/// The program the README gives as `src/main.rs`.
fn main_rs(section: &str) -> anyhow::Result<String> {
    let after = section
        .split_once("`src/main.rs`:")
        .map(|(_, rest)| rest)
        .context("the walk-through has no `src/main.rs`")?;
    let body = after
        .split_once("```rust,ignore\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(code, _)| code.to_owned())
        .context("`src/main.rs` is not followed by a rust block")?;
    Ok(body)
}

/// `cargo install --path generator` into `work/install` (a debug build
/// sharing the workspace's target folder, so it reuses what tests built).
fn install(root: &Path, work: &Path) -> anyhow::Result<PathBuf> {
    let install_root = work.join("install");
    let status = Command::new("cargo")
        .args([
            "install",
            "--quiet",
            "--debug",
            "--locked",
            "--path",
            "generator",
        ])
        .arg("--root")
        .arg(&install_root)
        .arg("--target-dir")
        .arg(root.join("target"))
        .current_dir(root)
        .status()?;
    ensure!(status.success(), "cargo install --path generator failed");
    let binary = install_root.join("bin/openapi-rustgen");
    ensure!(binary.is_file(), "no binary at {}", binary.display());
    Ok(binary)
}

/// Runs the README's command with its output folder under `work`.
fn generate(root: &Path, binary: &Path, args: &[String], work: &Path) -> anyhow::Result<PathBuf> {
    let [_, out, ..] = args else {
        bail!("the command takes a document and an output folder: {args:?}");
    };
    let crate_dir = work.join(out);
    let mut args = args.to_vec();
    args[1] = crate_dir.display().to_string();
    let output = Command::new(binary)
        .args(&args)
        .current_dir(root)
        .output()?;
    ensure!(
        output.status.success(),
        "openapi-rustgen failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    ensure!(
        summary.contains("0 warnings"),
        "the README promises no warnings: {summary}"
    );
    Ok(crate_dir)
}

/// A binary crate with the README's `src/main.rs`, depending on the
/// generated crate and tokio, pinned by the workspace's lockfile.
fn program_crate(root: &Path, work: &Path, krate: &Path, program: &str) -> anyhow::Result<PathBuf> {
    let app = work.join("app");
    std::fs::create_dir_all(app.join("src"))?;
    let name = krate
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::write(
        app.join("Cargo.toml"),
        format!(
            "[package]\nname = \"walkthrough-app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{name} = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n",
            krate.display().to_string()
        ),
    )?;
    std::fs::write(app.join("src/main.rs"), program)?;
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock"))?;
    let status = Command::new("cargo")
        .args(["build", "--quiet", "--offline"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .current_dir(&app)
        .status()?;
    ensure!(status.success(), "the README's program does not build");
    Ok(app)
}

/// Runs the program against Prism serving `document`, with the base URL
/// in the variable the generated client reads.
fn run_against_prism(
    root: &Path,
    app: &Path,
    document: &Path,
    args: &[String],
) -> anyhow::Result<()> {
    let prism = Prism::start_document(root, "walkthrough", document)?;
    let crate_name = args
        .windows(2)
        .find(|w| w[0] == "--crate-name")
        .map(|w| w[1].clone())
        .context("the command names its crate")?;
    let variable = format!("{}_BASE_URL", crate_name.to_uppercase().replace('-', "_"));
    let output = Command::new("cargo")
        .args(["run", "--quiet", "--offline"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env(&variable, prism.base_url())
        .current_dir(app)
        .output()?;
    ensure!(
        output.status.success(),
        "the README's program failed against Prism ({}): {}",
        prism.log().display(),
        String::from_utf8_lossy(&output.stderr)
    );
    ensure!(
        !output.stdout.is_empty(),
        "the README's program printed nothing"
    );
    println!(
        "walk-through: {}",
        String::from_utf8_lossy(&output.stdout).trim()
    );
    Ok(())
}
