//! `cargo xtask bench`: generation speed against the load floor (divan), and
//! the "1 500 operations, 3 700 schemas" budget: how long generation and a
//! `cargo check` of the result take, and their peak memory; the generated
//! client's overhead against raw `reqwest` (`tests/benches/client.rs`); its
//! load figures (1 000 concurrent requests, a 10 000-request soak); and the
//! generator on a 100 MB document.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail, ensure};

#[path = "../../generator/benches/synthetic.rs"]
mod synthetic;

/// Runs the benchmarks and prints a Markdown summary for BENCHMARKS.md.
pub fn run() -> anyhow::Result<()> {
    crate::run(
        "cargo",
        &["bench", "-p", "openapi-rustgen", "--bench", "generate"],
    )?;
    crate::run(
        "cargo",
        &["bench", "-p", "integration-tests", "--bench", "client"],
    )?;
    crate::run("cargo", &["build", "--release", "-p", "openapi-rustgen"])?;

    let work = std::env::temp_dir().join("openapi-rustgen-bench");
    std::fs::create_dir_all(&work)?;
    let spec = work.join("synthetic.json");
    std::fs::write(&spec, synthetic::document(3700, 1500))?;
    let out = work.join("synthetic-client");
    let _ = std::fs::remove_dir_all(&out);
    let generator = crate::root().join("target/release/openapi-rustgen");
    let spec_arg = spec.to_string_lossy().into_owned();
    let out_arg = out.to_string_lossy().into_owned();
    let (gen_secs, gen_kb) = timed(
        &work,
        generator.to_string_lossy().as_ref(),
        &[&spec_arg, &out_arg, "--crate-name", "synthetic-client"],
        &[],
    )?;

    let target = work.join("target");
    let target_arg = target.to_string_lossy().into_owned();
    // Dependencies first, so the measured check is the generated crate alone.
    let deps_only = work.join("deps-only");
    std::fs::create_dir_all(deps_only.join("src"))?;
    // Its own package name: with the same one cargo would take the empty
    // library for the generated one and skip the check being measured.
    let manifest = std::fs::read_to_string(out.join("Cargo.toml"))?;
    std::fs::write(
        deps_only.join("Cargo.toml"),
        manifest.replace("name = \"synthetic-client\"", "name = \"synthetic-deps\""),
    )?;
    std::fs::write(deps_only.join("src/lib.rs"), "")?;
    timed(
        &deps_only,
        "cargo",
        &["check", "--quiet"],
        &[("CARGO_TARGET_DIR", &target_arg)],
    )?;
    let (check_secs, check_kb) = timed(
        &out,
        "cargo",
        &["check", "--quiet"],
        &[("CARGO_TARGET_DIR", &target_arg)],
    )?;
    let lines: usize = ["src/types.rs", "src/client.rs"]
        .iter()
        .map(|f| {
            std::fs::read_to_string(out.join(f))
                .map(|t| t.lines().count())
                .unwrap_or(0)
        })
        .sum();

    println!("\n| synthetic document (3 700 schemas, 1 500 operations) | wall | peak RSS |");
    println!("|---|---:|---:|");
    println!(
        "| generate (release binary, {lines} lines of types + client) | {gen_secs:.2} s | {} MiB |",
        gen_kb / 1024
    );
    println!(
        "| `cargo check` of the generated crate (dependencies prebuilt) | {check_secs:.1} s | {} MiB |",
        check_kb / 1024
    );

    // A 100 MB document (padding the generator must read but not emit).
    let big = work.join("hundred-mb.json");
    std::fs::write(&big, synthetic::padded_document(100 * 1000 * 1000))?;
    let big_out = work.join("hundred-mb-client");
    let big_arg = big.to_string_lossy().into_owned();
    let big_out_arg = big_out.to_string_lossy().into_owned();
    let (big_secs, big_kb) = timed(
        &work,
        generator.to_string_lossy().as_ref(),
        &[&big_arg, &big_out_arg, "--crate-name", "hundred-mb"],
        &[],
    )?;
    println!(
        "| generate a 100 MB document (release binary) | {big_secs:.2} s | {} MiB |",
        big_kb / 1024
    );

    // The client under load: each test alone, so peak RSS is its own.
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
                "load",
                "--",
                "--exact",
                test,
                "--nocapture",
            ],
        )?;
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
    let status = Command::new("/usr/bin/time")
        .arg("-o")
        .arg(&report)
        .args(["-f", "%e %M", program])
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .status()
        .context("cannot run /usr/bin/time (Debian package `time`)")?;
    ensure!(status.success(), "`{program} {}` failed", args.join(" "));
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
