//! `cargo xtask <command>`: the project's automation, in Rust so it runs
//! wherever cargo does.

use xtask as tasks;
use xtask::corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Project automation for openapi-rustgen")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/` from `spec/openapi.yaml`.
    Codegen {
        /// Exit non-zero if `generated/` is stale instead of writing.
        #[arg(long)]
        check: bool,
    },
    /// Write a standalone client crate for any OpenAPI 3.0 document.
    Generate {
        /// The OpenAPI document.
        spec: PathBuf,
        /// Output directory.
        out_dir: PathBuf,
        /// Package name (default: from the document title).
        #[arg(long)]
        crate_name: Option<String>,
        /// Fail on constructs that would be skipped or degraded.
        #[arg(long)]
        strict: bool,
    },
    /// Generate and `cargo check` a crate for every document in a folder.
    Corpus {
        /// Folder of OpenAPI documents (searched recursively).
        dir: PathBuf,
    },
    /// Run every test: install the npm tools, lint the spec, then the cargo tests.
    Test,
    /// Benchmarks: generation against the load floor, and the large-document budget.
    Bench,
    /// Fuzz load → lower → emit → format with random and mutated documents.
    Fuzz {
        /// How long to run.
        #[arg(long, default_value_t = 300)]
        seconds: u64,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Codegen { check } => tasks::codegen(check),
        Command::Generate {
            spec,
            out_dir,
            crate_name,
            strict,
        } => tasks::generate(&spec, &out_dir, crate_name, strict),
        Command::Corpus { dir } => corpus::run(&dir),
        Command::Test => tasks::test(),
        Command::Bench => xtask::bench::run(),
        Command::Fuzz { seconds } => tasks::fuzz(seconds),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
