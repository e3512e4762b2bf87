//! `cargo xtask example`: the example program (`examples/`, package
//! `realtimekit-example`) run against Prism serving `spec/`. The example
//! test runs it through [`command`] too, so both run it the same way.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, ensure};

use crate::prism::{Prism, prism_bin};

/// The example program's package.
pub const PACKAGE: &str = "realtimekit-example";

/// The token the example sends to Prism (Prism checks that one is present).
const PRISM_TOKEN: &str = "prism-example-token";

/// The command that builds and runs the example against `prism`, from the
/// repository at `root`: `cargo run -p realtimekit-example` with
/// `CLOUDFLARE_BASE_URL` pointing at Prism and a placeholder token.
pub fn command(root: &Path, prism: &Prism) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["run", "--quiet", "--locked", "--package", PACKAGE])
        .current_dir(root)
        .env("CLOUDFLARE_API_TOKEN", PRISM_TOKEN)
        .env("CLOUDFLARE_BASE_URL", prism.base_url());
    cmd
}

/// Installs Prism if needed, starts it, and runs the example against it.
pub fn run() -> anyhow::Result<()> {
    let root = crate::root();
    if !prism_bin(&root).exists() {
        crate::run(
            "npm",
            &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
        )?;
    }
    let prism = Prism::start(&root, "example")?;
    eprintln!("Prism serves spec/openapi.yaml at {}", prism.base_url());
    let status = command(&root, &prism)
        .status()
        .context("cannot start cargo")?;
    ensure!(
        status.success(),
        "the example failed ({status}); Prism's log is {}",
        prism.log().display()
    );
    Ok(())
}
