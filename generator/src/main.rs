//! `openapi-rustgen <SPEC> <OUT_DIR>`: writes a standalone client crate.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generation allocates and frees many small token trees; mimalloc does that
/// faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use openapi_rustgen::cli::{Options, generate_to_dir};

/// Generate a typed Rust client crate from an OpenAPI 3.0 or 3.1 document.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// The OpenAPI document (YAML or JSON).
    spec: PathBuf,
    /// Where to write the crate (Cargo.toml and src/).
    out_dir: PathBuf,
    /// Package name of the crate (default: derived from the document title).
    #[arg(long)]
    crate_name: Option<String>,
    /// Package version of the crate.
    #[arg(long)]
    crate_version: Option<String>,
    /// Prefix of the environment variables `Client::from_env` reads.
    #[arg(long)]
    env_prefix: Option<String>,
    /// Fail instead of skipping or degrading unsupported constructs.
    #[arg(long)]
    strict: bool,
    /// Write every degradation (JSON pointer, kind, reason) and every pager
    /// (operation, pattern, fields) to this file as JSON.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Give pagers only to operations the document marks with
    /// `x-pagination`, instead of also recognising the common paging
    /// patterns (page numbers, cursors, offsets, `Link` headers).
    #[arg(long)]
    no_detect_pagination: bool,
    /// The folder `$ref`s to other files may read from (default: the
    /// document's own folder; files outside it are refused).
    #[arg(long, value_name = "DIR")]
    ref_root: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = Options {
        crate_name: args.crate_name,
        crate_version: args.crate_version,
        env_prefix: args.env_prefix,
        strict: args.strict,
        regenerate_with: None,
        report: args.report,
        no_detect_pagination: args.no_detect_pagination,
        ref_root: args.ref_root,
    };
    match generate_to_dir(&args.spec, &args.out_dir, &options) {
        Ok(report) => {
            report.print(&args.out_dir);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
