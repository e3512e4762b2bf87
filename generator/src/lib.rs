//! `openapi-rustgen`: an OpenAPI 3.0 (or 3.1, or Swagger 2.0) document → a
//! typed, documented Rust client crate.
//!
//! The library is one pure function, [`generate`]: document text and
//! [`Settings`] in, the crate's files ([`Generated`]) and located warnings
//! ([`Diagnostic`]) out. A document split over several files goes through
//! [`generate_with`], whose caller reads the other files ([`Loader`];
//! [`FileLoader`] reads them from the disk, confined to the document's
//! folder). Only [`output`] (writing a crate), [`FileLoader`] and [`build`]
//! touch the disk. [`ir`] is public because [`Generated::api`] hands the
//! IR out (for snapshots and reports); everything else is private.
//!
//! [`build`] runs it all from a build script: the client generated into
//! `OUT_DIR` as one module the crate `include!`s, Cargo told which files to
//! watch and shown the warnings.
//!
//! Inside, the pipeline runs load → lower → IR → emit → format (see
//! ARCHITECTURE.md). With the `cli` feature, [`cli`] is the front end the
//! `openapi-rustgen` binary and `cargo xtask` share.

mod all_of;
pub mod build;
mod bundle;
#[cfg(feature = "cli")]
pub mod cli;
mod config;
pub mod diff;
mod emit;
mod error;
mod file_loader;
mod format;
mod graph;
pub mod ir;
mod limits;
mod load;
mod lower;
mod naming;
pub mod output;
mod parse;
mod pointer;
mod reference;
mod reserved;
mod select;
mod settings;
mod swagger2;
mod threads;
mod v31;

use std::collections::BTreeMap;

pub use bundle::{Files, Loader};
pub use config::{CONFIG_FILE, Config};
pub use emit::type_spelling;
pub use error::{Degradation, DegradationKind, Diagnostic, Error, Result, degradation_summary};
pub use file_loader::FileLoader;
pub use load::{Document, load, load_with};
pub use parse::parse_text;
pub use pointer::JsonPointer;
pub use settings::{PackageMetadata, PaginationOverride, PaginationSpec, Selection, Settings};

/// A generated crate: relative path → file contents, plus what was degraded.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Files keyed by path relative to the crate root (`src/lib.rs`).
    pub files: BTreeMap<String, String>,
    /// Constructs that were skipped or degraded.
    pub warnings: Vec<Diagnostic>,
    /// The warnings that degraded a typed construct (a subset of `warnings`).
    pub degradations: Vec<Degradation>,
    /// The IR the files were emitted from.
    pub api: ir::Api,
}

/// Runs the whole pipeline on document text. A `$ref` to another file is
/// not followed (it degrades, with a warning); see [`generate_with`].
pub fn generate(text: &str, settings: &Settings) -> Result<Generated> {
    generate_document(text, settings, None)
}

/// [`generate`] for a document split over several files: each `$ref` to
/// another local file (`./schemas.yaml#/Pet`, relative to the file that
/// holds the `$ref`) is read through `files.loader`, once per file, and
/// bundled in before generating. URLs are never fetched. Diagnostics about
/// other files name the file (`schemas.yaml#/Pet/properties/id`).
pub fn generate_with(text: &str, settings: &Settings, files: Files<'_>) -> Result<Generated> {
    generate_document(text, settings, Some(files))
}

/// A multi-file document as one: every `$ref` to another local file read
/// through `files` and bundled in (as [`generate_with`] does before
/// generating), without checking or rewriting anything else.
pub fn bundle(text: &str, files: Files<'_>) -> Result<serde_json::Value> {
    let mut raw = parse_text(text)?;
    bundle::inline_other_files(&mut raw, files)?;
    Ok(raw)
}

fn generate_document(
    text: &str,
    settings: &Settings,
    files: Option<Files<'_>>,
) -> Result<Generated> {
    if !is_valid_crate_name(&settings.crate_name) {
        return Err(Error::at(
            &pointer::JsonPointer::root(),
            format!("`{}` is not a valid crate name", settings.crate_name),
        ));
    }
    if let Err(problem) = settings.check() {
        return Err(Error::at(&pointer::JsonPointer::root(), problem));
    }
    // Deeply nested schemas recurse deeply (serde, lowering, emission), so
    // the pipeline runs on a thread with a roomy stack instead of whatever
    // the caller has (2 MiB for a test thread). Only touched pages are used.
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("openapi-rustgen".into())
            .stack_size(threads::PIPELINE_STACK)
            .spawn_scoped(scope, || run_pipeline(text, settings, files));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(Error::at(
                    &pointer::JsonPointer::root(),
                    "internal error: the generator panicked",
                ))
            }),
            Err(_) => run_pipeline(text, settings, files),
        }
    })
}

fn run_pipeline(text: &str, settings: &Settings, files: Option<Files<'_>>) -> Result<Generated> {
    let doc = load::load_document(text, files, &settings.select)?;
    // Load and lowering hand out diagnostics relocated to the file and
    // place each came from (a no-op for a single-file 3.x document).
    let lowered = lower::lower(&doc, settings)?;
    // The document (raw JSON and typed tree) is not needed past lowering:
    // freeing it before emission lowers the peak memory of a large run.
    let origins = doc.origins;
    drop((doc.raw, doc.api));
    let files = emit::emit(&lowered.api, settings).map_err(|mut e| {
        origins.relocate_all(&mut e.diagnostics);
        e
    })?;
    Ok(Generated {
        files,
        warnings: lowered.warnings,
        degradations: lowered.degradations,
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
