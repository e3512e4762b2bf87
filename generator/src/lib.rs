//! `openapi-rustgen`: an OpenAPI 3.0 (or 3.1) document → a typed,
//! documented Rust client crate.
//!
//! The pipeline has four visible stages, each usable on its own:
//!
//! 1. [`load()`]: YAML or JSON text → [`load::Document`] (3.0; 3.1 is
//!    rewritten into 3.0 by [`v31`]; other versions are a located error);
//! 2. [`lower()`]: document → [`ir::Api`], every `$ref` resolved and every
//!    Rust name decided;
//! 3. [`emit::emit`]: IR → token streams and file texts;
//! 4. [`format`]: tokens → `syn` → `prettyplease` → text with a header.
//!
//! [`generate`] runs them all and is pure: it returns the files of the
//! crate; only [`output::write_crate`] touches the disk.

pub mod cli;
pub mod diff;
pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;
pub mod pointer;
pub mod v31;

use std::collections::BTreeMap;

pub use error::{Diagnostic, Error, Result};
pub use load::load;
pub use lower::lower;

/// What to generate, beyond the document itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Package name of the generated crate (`cloudflare-realtimekit`).
    pub crate_name: String,
    /// Package version of the generated crate.
    pub crate_version: String,
    /// Prefix of the environment variables `Client::from_env` reads
    /// (`CLOUDFLARE` → `CLOUDFLARE_API_TOKEN`). Defaults to the crate name
    /// in upper snake case.
    pub env_prefix: Option<String>,
    /// The command that regenerates the crate, named in every file header.
    pub regenerate_with: String,
    /// Turn warnings (skipped or degraded constructs) into errors.
    pub strict: bool,
}

impl Settings {
    /// Settings for a crate called `crate_name`, version 0.1.0.
    pub fn new(crate_name: impl Into<String>) -> Self {
        let crate_name = crate_name.into();
        Self {
            regenerate_with: format!("openapi-rustgen <SPEC> <OUT_DIR> --crate-name {crate_name}"),
            crate_name,
            crate_version: "0.1.0".into(),
            env_prefix: None,
            strict: false,
        }
    }

    /// The environment variable prefix, explicit or derived from the crate name.
    pub fn env_prefix(&self) -> String {
        use heck::ToShoutySnakeCase;
        self.env_prefix
            .clone()
            .unwrap_or_else(|| self.crate_name.to_shouty_snake_case())
    }

    /// The crate name as a Rust library name (`cloudflare_realtimekit`).
    pub fn lib_name(&self) -> String {
        self.crate_name.replace('-', "_")
    }
}

/// A generated crate: relative path → file contents, plus what was degraded.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Files keyed by path relative to the crate root (`src/lib.rs`).
    pub files: BTreeMap<String, String>,
    /// Constructs that were skipped or degraded.
    pub warnings: Vec<Diagnostic>,
    /// The IR the files were emitted from.
    pub api: ir::Api,
}

/// Runs the whole pipeline on document text.
pub fn generate(text: &str, settings: &Settings) -> Result<Generated> {
    if !is_valid_crate_name(&settings.crate_name) {
        return Err(Error::at(
            &pointer::JsonPointer::root(),
            format!("`{}` is not a valid crate name", settings.crate_name),
        ));
    }
    // Deeply nested schemas recurse deeply (serde, lowering, emission), so
    // the pipeline runs on a thread with a roomy stack instead of whatever
    // the caller has (2 MiB for a test thread). Only touched pages are used.
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("openapi-rustgen".into())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, || run_pipeline(text, settings));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(Error::at(
                    &pointer::JsonPointer::root(),
                    "internal error: the generator panicked",
                ))
            }),
            Err(_) => run_pipeline(text, settings),
        }
    })
}

/// Stack for the pipeline thread.
const PIPELINE_STACK: usize = 256 << 20;

fn run_pipeline(text: &str, settings: &Settings) -> Result<Generated> {
    let doc = load(text)?;
    let lowered = lower(&doc, settings)?;
    let files = emit::emit(&lowered.api, settings)?;
    Ok(Generated {
        files,
        warnings: lowered.warnings,
        api: lowered.api,
    })
}

fn is_valid_crate_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
