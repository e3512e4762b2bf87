//! `openapi-rustgen <SPEC> <OUT_DIR>`: writes a standalone client crate.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generation allocates and frees many small token trees; mimalloc does that
/// faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use openapi_rustgen::cli::{Options, Shape, generate_to_dir};

/// Generate a typed Rust client crate from an OpenAPI 3.0 or 3.1 (or Swagger 2.0) document.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// The OpenAPI (or Swagger 2.0) document (YAML or JSON).
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
    /// The configuration file (default: `openapi-rustgen.toml` beside the
    /// document, when there is one). The flags below win over it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Keep only operations with this tag (repeatable; with the other
    /// selections, an operation any of them names is kept).
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
    /// Keep only operations whose path starts with this (repeatable).
    #[arg(long, value_name = "PREFIX")]
    path_prefix: Vec<String>,
    /// Keep only the operation with this operationId (repeatable).
    #[arg(long, value_name = "ID")]
    operation: Vec<String>,
    /// Use an existing Rust type for a schema (repeatable).
    #[arg(long, value_name = "SCHEMA=TYPE")]
    replace: Vec<String>,
    /// Derive this trait on every generated type (repeatable).
    #[arg(long, value_name = "TRAIT")]
    derive: Vec<String>,
    /// Give a schema's type another name (repeatable).
    #[arg(long, value_name = "SCHEMA=NAME")]
    rename_type: Vec<String>,
    /// Give an operation's method another name (repeatable).
    #[arg(long, value_name = "OPERATION_ID=NAME")]
    rename_method: Vec<String>,
    /// The crate's license (SPDX expression).
    #[arg(long)]
    license: Option<String>,
    /// The crate's repository URL.
    #[arg(long)]
    repository: Option<String>,
    /// The environment variable `Client::from_env` reads the base URL from.
    #[arg(long, value_name = "VAR")]
    base_url_env: Option<String>,
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
        config: args.config,
        shape: Shape {
            tags: args.tag,
            path_prefixes: args.path_prefix,
            operations: args.operation,
            replace: args.replace,
            derive: args.derive,
            rename_types: args.rename_type,
            rename_methods: args.rename_method,
            license: args.license,
            repository: args.repository,
            base_url_env: args.base_url_env,
        },
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
