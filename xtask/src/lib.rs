//! The tasks behind `cargo xtask`, as a library so tests can reuse them
//! (the freshness test calls [`realtimekit_files`]).

pub mod bench;
pub mod corpus;
pub mod example_program;
pub mod examples;
pub mod packaged;
pub mod pagers;
pub mod prism;
pub mod sizes;
pub mod walkthrough;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail, ensure};
use openapi_rustgen::cli::{Options, generate_to_dir};
use openapi_rustgen::diff::{ApiSurface, render};
use openapi_rustgen::{Generated, Settings, diff, output};

/// The repository root (the workspace directory).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The file in `generated/` holding the public API surface of the crate as
/// last generated: what the next `cargo xtask codegen` compares against, and
/// where the crate's version is read from.
pub const SURFACE_FILE: &str = "api-surface.json";

/// The changelog `cargo xtask codegen` adds an entry to when the public API
/// changes.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// The version a crate starts at when no surface is stored yet.
const FIRST_VERSION: &str = "0.1.0";

/// The settings `generated/` is made with at `crate_version`; shared with the
/// freshness test.
pub fn realtimekit_settings(crate_version: &str) -> Settings {
    let mut s = Settings::new("cloudflare-realtimekit");
    s.crate_version = crate_version.to_owned();
    s.env_prefix = Some("CLOUDFLARE".into());
    s.regenerate_with = "cargo xtask codegen".into();
    // No public repository exists yet, so none is claimed; docs.rs is where
    // a published crate's documentation lives.
    s.package = openapi_rustgen::PackageMetadata {
        license: Some("MIT OR Apache-2.0".into()),
        repository: None,
        homepage: Some("https://developers.cloudflare.com/realtime/".into()),
        documentation: Some("https://docs.rs/cloudflare-realtimekit".into()),
        keywords: ["cloudflare", "realtimekit", "webrtc", "video", "api"]
            .map(String::from)
            .to_vec(),
        categories: [
            "api-bindings",
            "web-programming::http-client",
            "multimedia::video",
        ]
        .map(String::from)
        .to_vec(),
    };
    s
}

/// The surface stored in `<root>/generated/`, if there is one.
pub fn stored_surface(root: &Path) -> anyhow::Result<Option<ApiSurface>> {
    let path = root.join("generated").join(SURFACE_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => ApiSurface::from_json(&text)
            .map(Some)
            .with_context(|| format!("cannot read {}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// The version of the crate in `generated/`, from its stored surface.
pub fn current_version() -> anyhow::Result<String> {
    Ok(stored_surface(&root())?.map_or_else(|| FIRST_VERSION.to_owned(), |s| s.crate_version))
}

/// Generates a crate in memory, its API surface file included.
fn generate_with_surface(
    text: &str,
    settings: &Settings,
) -> anyhow::Result<(Generated, ApiSurface)> {
    let mut generated =
        openapi_rustgen::generate(text, settings).map_err(|e| anyhow::anyhow!("{e}"))?;
    let surface = ApiSurface::from_api(&generated.api, settings);
    generated
        .files
        .insert(SURFACE_FILE.to_owned(), surface.to_json());
    Ok((generated, surface))
}

fn read_spec(root: &Path) -> anyhow::Result<String> {
    let spec = root.join("spec/openapi.yaml");
    std::fs::read_to_string(&spec).with_context(|| format!("cannot read {}", spec.display()))
}

/// Generates the RealtimeKit crate from `spec/openapi.yaml`, in memory, at
/// the version stored in `generated/` (what `codegen --check` compares).
pub fn realtimekit_files() -> anyhow::Result<Generated> {
    let settings = realtimekit_settings(&current_version()?);
    Ok(generate_with_surface(&read_spec(&root())?, &settings)?.0)
}

/// `cargo xtask codegen [--check] [--no-bump]`: regenerate `generated/`,
/// report what changed in the public API, and on a change add a changelog
/// entry and bump the version (unless `no_bump`).
pub fn codegen(check: bool, no_bump: bool) -> anyhow::Result<()> {
    codegen_at(&root(), check, no_bump)
}

/// [`codegen`] for the repository (or copy of one) at `root`: reads
/// `spec/openapi.yaml`, writes `generated/` and updates `Cargo.lock`.
pub fn codegen_at(root: &Path, check: bool, no_bump: bool) -> anyhow::Result<()> {
    let out = root.join("generated");
    let text = read_spec(root)?;
    let stored = stored_surface(root)?;
    let version = stored
        .as_ref()
        .map_or_else(|| FIRST_VERSION.to_owned(), |s| s.crate_version.clone());
    let (mut generated, surface) = generate_with_surface(&text, &realtimekit_settings(&version))?;
    for w in &generated.warnings {
        eprintln!("warning: {w}");
    }
    let report = stored.as_ref().map(|old| diff::compare(old, &surface));
    if check {
        return check_generated(root, &generated, report.as_ref());
    }
    let entry = changelog_entry(report.as_ref(), &generated, &version, no_bump);
    if let Some(next) = report
        .as_ref()
        .filter(|r| !r.is_empty() && !no_bump)
        .and_then(|r| r.new_version.clone())
        .filter(|next| *next != version)
    {
        generated = generate_with_surface(&text, &realtimekit_settings(&next))?.0;
        sync_lockfile(&root.join("Cargo.lock"), &version, &next)?;
        println!("version: {version} → {next} (generated/Cargo.toml and Cargo.lock)");
    }
    let drift = output::write_crate(&out, &generated.files)?;
    if sync_readme_operations(root, &generated.files, false)? {
        println!("README.md: operation table updated");
    }
    println!(
        "generated/: {} operations, {} types; {} file(s) written, {} removed",
        generated.api.operations.len(),
        generated.api.types.len(),
        drift.changed.len(),
        drift.stale.len()
    );
    if let Some(entry) = entry {
        add_changelog_entry(&out.join(CHANGELOG_FILE), &entry)?;
    }
    Ok(())
}

/// `codegen --check`: fails when `generated/` (or the project README's
/// operation table) differs from what `generated` would write, showing the
/// API changes `report` found first.
fn check_generated(
    root: &Path,
    generated: &Generated,
    report: Option<&diff::Report>,
) -> anyhow::Result<()> {
    let drift = output::check_crate(&root.join("generated"), &generated.files)?;
    if !drift.is_clean() {
        if let Some(report) = report.filter(|r| !r.is_empty()) {
            eprint!("{}", render::text(report));
        }
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
    if sync_readme_operations(root, &generated.files, true)? {
        bail!("README.md's operation table is stale: run cargo xtask codegen");
    }
    println!("generated/ is up to date");
    Ok(())
}

/// The changelog entry for this generation (after printing what changed):
/// a first one when no surface was stored, none when the API is unchanged.
/// Headed by the new version, or as unreleased on top of `version` when
/// not bumping.
fn changelog_entry(
    report: Option<&diff::Report>,
    generated: &Generated,
    version: &str,
    no_bump: bool,
) -> Option<String> {
    let Some(report) = report else {
        println!("no {SURFACE_FILE} in generated/ yet: writing the first one (version {version})");
        return Some(format!(
            "## {version}\n\nFirst generated version: {} operations, {} types, from version {} of the OpenAPI document.\n",
            generated.api.operations.len(),
            generated.api.types.len(),
            generated.api.version
        ));
    };
    print!("{}", render::text(report));
    (!report.is_empty()).then(|| {
        let heading = match (&report.new_version, no_bump) {
            (Some(next), false) => next.clone(),
            _ => format!("Unreleased (on top of {version})"),
        };
        render::changelog_entry(report, &heading, &generated.api.version)
    })
}

/// Puts `entry` at the top of the changelog at `path` (created if missing).
fn add_changelog_entry(path: &Path, entry: &str) -> anyhow::Result<()> {
    let current = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    std::fs::write(path, render::prepend_changelog(&current, entry))
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("{CHANGELOG_FILE}: added an entry");
    Ok(())
}

/// Markers around the project README's copy of the operation table.
const TABLE_START: &str =
    "<!-- operations: written by cargo xtask codegen from generated/README.md -->";
const TABLE_END: &str = "<!-- end of operations -->";

/// Brings the operation table in the project `README.md` (between the
/// markers) in line with the generated crate's README, which is its one
/// source. Returns whether it differed; writes only when `check` is false.
pub fn sync_readme_operations(
    root: &Path,
    files: &std::collections::BTreeMap<String, String>,
    check: bool,
) -> anyhow::Result<bool> {
    let Some(crate_readme) = files.get("README.md") else {
        bail!("the generator wrote no README.md");
    };
    let table = crate_readme
        .split_once("\n## Operations\n")
        .map(|(_, rest)| rest.trim())
        .context("generated README has no operation table")?;
    let path = root.join("README.md");
    // A checkout without a README (a scratch copy in tests) has nothing to sync.
    let readme = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let (Some((head, rest)), true) = (readme.split_once(TABLE_START), readme.contains(TABLE_END))
    else {
        bail!("README.md has no operation table markers ({TABLE_START} … {TABLE_END})");
    };
    let tail = rest.split_once(TABLE_END).map_or("", |(_, tail)| tail);
    let wanted = format!("{head}{TABLE_START}\n\n{}\n\n{TABLE_END}{tail}", table);
    if wanted == readme {
        return Ok(false);
    }
    if !check {
        std::fs::write(&path, wanted)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(true)
}

/// The public API change between the crates two documents generate, with
/// the bump from `from_version`.
pub fn api_diff_report(old: &Path, new: &Path, from_version: &str) -> anyhow::Result<diff::Report> {
    let surface = |path: &Path| -> anyhow::Result<ApiSurface> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut settings = Settings::new("api");
        settings.crate_version = from_version.to_owned();
        generate_with_surface(&text, &settings)
            .map(|(_, s)| s)
            .with_context(|| format!("{}: cannot generate a client", path.display()))
    };
    Ok(diff::compare(&surface(old)?, &surface(new)?))
}

/// Moves the generated crate's entry in the workspace `Cargo.lock` from
/// version `old` to `new`, so `cargo … --locked` keeps working after a bump.
fn sync_lockfile(lockfile: &Path, old: &str, new: &str) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(lockfile)
        .with_context(|| format!("cannot read {}", lockfile.display()))?;
    let name = realtimekit_settings(old).crate_name;
    let from = format!("name = \"{name}\"\nversion = \"{old}\"\n");
    let to = format!("name = \"{name}\"\nversion = \"{new}\"\n");
    if text.contains(&from) {
        std::fs::write(lockfile, text.replacen(&from, &to, 1))
            .with_context(|| format!("cannot write {}", lockfile.display()))?;
    }
    Ok(())
}

/// `cargo xtask api-diff OLD NEW`: [`api_diff_report`], rendered.
pub fn api_diff(
    old: &Path,
    new: &Path,
    format: render::Format,
    from_version: &str,
) -> anyhow::Result<String> {
    Ok(render::render(
        &api_diff_report(old, new, from_version)?,
        format,
    ))
}

/// `cargo xtask generate`.
pub fn generate(
    spec: &Path,
    out_dir: &Path,
    crate_name: Option<String>,
    strict: bool,
    report: Option<PathBuf>,
    ref_root: Option<PathBuf>,
) -> anyhow::Result<()> {
    let options = Options {
        crate_name,
        strict,
        report,
        ref_root,
        ..Options::default()
    };
    generate_to_dir(spec, out_dir, &options)?.print(out_dir);
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
/// `tests/generator/properties.rs`, release build, for `seconds`. Failures are saved
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
        "the fuzz target found a failure (see above; if the process died, the document \
         it was trying is target/tmp/fuzz-last-document.json)"
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
    // The generated crate and the generator are ready to publish: packaging
    // checks the metadata and builds the packaged sources on their own (the
    // generator's with the runtime it copies into every crate).
    for package in ["cloudflare-realtimekit", "openapi-rustgen"] {
        run(
            "cargo",
            &[
                "publish",
                "--dry-run",
                "--locked",
                "--allow-dirty",
                "-p",
                package,
            ],
        )?;
    }
    // The README's walk-through, as written: install, generate, build, call.
    walkthrough::run()?;
    // Constructs at the sizes the generator still types one to one.
    sizes::run(false)
}
