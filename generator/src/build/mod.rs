//! Generating a client at build time, from a crate's `build.rs`.
//!
//! [`Build`] reads a document (and every file its `$ref`s reach), generates
//! the client and writes it into `OUT_DIR` as one file declaring one
//! module, which the crate includes with one line. It tells Cargo to run
//! the build script again only when one of the files it read changes
//! (`cargo:rerun-if-changed`), prints every warning as `cargo:warning`, and
//! fails the build with the located error when the document is wrong.
//!
//! `Cargo.toml` (no `cli` feature, so no clap):
//!
//! ```toml
//! [build-dependencies]
//! openapi-rustgen = { version = "0.1", default-features = false }
//! ```
//!
//! `build.rs`:
//!
//! ```no_run
//! fn main() -> Result<(), openapi_rustgen::build::BuildError> {
//!     openapi_rustgen::build::Build::new("openapi.yaml")
//!         .crate_name("petstore")
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//!
//! `src/lib.rs` (or `main.rs`), at the crate root:
//!
//! ```rust,ignore
//! include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
//! ```
//!
//! which declares `pub mod petstore` holding what a generated crate's root
//! holds: `petstore::Client`, `petstore::types::Pet`, `petstore::Error`…
//! An error returned from `main` (or an `expect`) prints the document's
//! problems, each at its place (`openapi.yaml#/paths/~1pets/get: …`).
//!
//! # How the client is embedded
//!
//! The module is the generated crate, folded into one file: its module tree
//! is kept (`mod client { … }`, `mod runtime { … }`), and every path the
//! generated code and the runtime write from the crate root (`crate::types::Pet`)
//! is rewritten to start at the module (`crate::petstore::types::Pet`).
//! Hence the one limit: include the file where [`Build::parent_module`]
//! says (the crate root unless told otherwise); anywhere else (another
//! module, a function) its paths do not resolve.
//!
//! The generated crate's Cargo features (one per group of operations,
//! `full`, `all-types`, `tracing`) are decided at generation, since the
//! including crate has no such features: every group and every type is
//! compiled in, and `tracing` is off. It needs Rust 1.85, as a generated
//! crate does, and compiles in a crate of edition 2021 or 2024 (the tests
//! check both). Its `User-Agent` names the including crate
//! (`CARGO_PKG_NAME`/`CARGO_PKG_VERSION`).
//!
//! # Dependencies
//!
//! The generated code names these crates, as a generated crate's manifest
//! lists them, so the including crate depends on them too ([`Output`] says
//! which ones a document needs; the three marked "only when" are left out
//! otherwise):
//!
#![doc = concat!("```toml\n[dependencies]\n", include_str!("dependencies.toml"), "```")]

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::emit::docs::code;
use crate::emit::embed::{Embedding, embed};
use crate::format::{Origin, header};
use crate::{Diagnostic, FileLoader, Files, Generated, Loader, Settings, generate_with};

/// Generates a client from a document into `OUT_DIR`, from a build script:
/// `Build::new("openapi.yaml").crate_name("petstore").generate()`.
#[derive(Debug, Clone)]
pub struct Build {
    /// The document, as given (relative to the package's folder).
    document: PathBuf,
    /// What to generate; `crate_name` names the module.
    settings: Settings,
    /// Where the file is included: `crate` or `crate::a::b`.
    parent: String,
    /// The folder `$ref`s may read from, when not the document's.
    ref_root: Option<PathBuf>,
    /// Where to write, when not `OUT_DIR`.
    out_dir: Option<PathBuf>,
}

/// What a generation wrote and read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Output {
    /// The file written, `OUT_DIR/<module>.rs`.
    pub file: PathBuf,
    /// The module it declares (`petstore`, from the crate name
    /// `petstore`; `petstore-api` gives `petstore_api`).
    pub module: String,
    /// Every file read: the document, then the files its `$ref`s reached,
    /// each with symbolic links resolved; each one was printed as
    /// `cargo:rerun-if-changed`.
    pub read: Vec<PathBuf>,
    /// The warnings, each printed as `cargo:warning`.
    pub warnings: Vec<Diagnostic>,
    /// The `[dependencies]` lines the including crate needs for this
    /// document (see the module docs).
    pub dependencies: Vec<String>,
}

/// Why a build-time generation failed: the document's located errors, or
/// a file that could not be read or written. `Debug` prints the message as
/// `Display` does, so `fn main() -> Result<(), BuildError>` and `expect`
/// show it as written.
#[derive(Clone, PartialEq, Eq)]
pub struct BuildError {
    message: String,
}

impl BuildError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Debug for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

impl From<io::Error> for BuildError {
    fn from(e: io::Error) -> Self {
        Self::new(e.to_string())
    }
}

impl Build {
    /// Generates from the document at `document`: a path relative to the
    /// package's folder (where Cargo runs build scripts), or absolute. The
    /// client is named after the document's file stem until
    /// [`crate_name`](Self::crate_name) says otherwise.
    pub fn new(document: impl Into<PathBuf>) -> Self {
        let document = document.into();
        let stem = document
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self {
            settings: Settings::new(stem),
            document,
            parent: "crate".to_owned(),
            ref_root: None,
            out_dir: None,
        }
    }

    /// The client's name (`petstore`, `petstore-api`): its module
    /// (`petstore_api`), the file in `OUT_DIR` (`petstore_api.rs`) and the
    /// prefix of the environment variables `Client::from_env` reads
    /// (`PETSTORE_API_`, unless [`Settings::env_prefix`] is set).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.settings.crate_name = name.into();
        self
    }

    /// Every generation setting at once (the crate name included). The
    /// command its files say regenerates them is always `cargo build`.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Where the `include!` stands: `crate` (the default, the crate root)
    /// or a module's path from it, `crate::clients`. The generated code
    /// names its own items from there (`crate::clients::petstore::types`).
    pub fn parent_module(mut self, path: impl Into<String>) -> Self {
        self.parent = path.into();
        self
    }

    /// Lets `$ref`s read files anywhere under `dir` (by default only under
    /// the document's own folder, as on the command line).
    pub fn ref_root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.ref_root = Some(dir.into());
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates, writes `OUT_DIR/<module>.rs` (only when its bytes
    /// change), and prints Cargo's instructions on standard output, as a
    /// build script must.
    pub fn generate(&self) -> Result<Output, BuildError> {
        self.generate_to(&mut io::stdout().lock())
    }

    /// [`generate`](Self::generate), printing Cargo's instructions to
    /// `cargo` instead: `cargo:rerun-if-changed=<path>` for each file read
    /// (also when generation fails), then `cargo:warning=<place>: <message>`
    /// for each warning, one line each.
    pub fn generate_to(&self, cargo: &mut dyn Write) -> Result<Output, BuildError> {
        let module = self.module_name()?;
        let parent = self.parent_path()?;
        let out_dir = self.target_dir()?;
        let mut settings = self.settings.clone();
        settings.regenerate_with = "cargo build".to_owned();
        let (read, generated) = self.read_and_generate(&settings);
        rerun_if_changed(cargo, &read)?;
        let generated = generated?;
        for warning in &generated.warnings {
            writeln!(cargo, "cargo:warning={}", self.warning_line(warning))?;
        }
        let origin = format!(
            "Generated at build time by openapi-rustgen {} from {}, with every group of \
             operations and every type compiled in.",
            env!("CARGO_PKG_VERSION"),
            code(&self.document.display().to_string())
        );
        let embedding = Embedding {
            module: &module,
            parent: &parent,
            origin: &origin,
        };
        let header = header(&settings, "//", Origin::Document);
        let text = embed(&generated.api, &generated.files, &embedding, &header)
            .map_err(|e| BuildError::new(e.to_string()))?;
        let file = out_dir.join(format!("{module}.rs"));
        write_if_changed(&file, &text)?;
        Ok(Output {
            file,
            module,
            read,
            dependencies: crate::emit::cargo::dependencies(&generated.api, &settings),
            warnings: generated.warnings,
        })
    }

    /// Reads the document and the files it refers to, and generates: the
    /// files read (the document first), and the generation or its error.
    fn read_and_generate(
        &self,
        settings: &Settings,
    ) -> (Vec<PathBuf>, Result<Generated, BuildError>) {
        let (loader, text) = match self.read_document() {
            Ok(read) => read,
            Err(e) => return (Vec::new(), Err(e)),
        };
        let document = loader.document();
        let recording = Recording {
            files: &loader,
            read: Mutex::new(vec![document]),
        };
        let files = Files {
            document: loader.files().document,
            loader: &recording,
        };
        let generated = generate_with(&text, settings, files).map_err(|e| {
            BuildError::new(format!(
                "{}: cannot generate a client:\n{e}",
                self.document.display()
            ))
        });
        let mut read = recording.read.into_inner().unwrap_or_default();
        let mut seen = std::collections::BTreeSet::new();
        read.retain(|path| seen.insert(path.clone()));
        (read, generated)
    }

    /// The loader for the document's files, and the document's text.
    fn read_document(&self) -> Result<(FileLoader, String), BuildError> {
        let loader = FileLoader::for_document(&self.document)?;
        let loader = match &self.ref_root {
            Some(root) => loader.allow_under(root)?,
            None => loader,
        };
        let document = loader.document();
        let text = std::fs::read_to_string(&document)
            .map_err(|e| BuildError::new(format!("cannot read {}: {e}", document.display())))?;
        Ok((loader, text))
    }

    /// The module's name: the crate name as a Rust identifier.
    fn module_name(&self) -> Result<String, BuildError> {
        let name = self.settings.lib_name();
        let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !identifier || crate::naming::is_keyword(&name) {
            return Err(BuildError::new(format!(
                "`{}` cannot name the client's module: give Build::crate_name a name \
                 such as `petstore` (ASCII letters, digits, `-` or `_`, not a Rust keyword)",
                self.settings.crate_name
            )));
        }
        Ok(name)
    }

    /// The parent module's path below `crate`.
    fn parent_path(&self) -> Result<Vec<String>, BuildError> {
        let mut segments = self.parent.split("::").map(str::trim);
        let first = segments.next();
        let rest: Vec<String> = segments.map(str::to_owned).collect();
        let valid = first == Some("crate")
            && rest.iter().all(|s| {
                s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !crate::naming::is_keyword(s)
            });
        if !valid {
            return Err(BuildError::new(format!(
                "`{}` is not a module path from the crate root: give Build::parent_module \
                 `crate` or `crate::a::b`",
                self.parent
            )));
        }
        Ok(rest)
    }

    /// The folder to write into: the one given, else `OUT_DIR`.
    fn target_dir(&self) -> Result<PathBuf, BuildError> {
        match (&self.out_dir, std::env::var_os("OUT_DIR")) {
            (Some(dir), _) => Ok(dir.clone()),
            (None, Some(dir)) => Ok(PathBuf::from(dir)),
            (None, None) => Err(BuildError::new(
                "OUT_DIR is not set: call Build::generate from a build script, or set \
                 Build::out_dir",
            )),
        }
    }

    /// A warning as one line, at its place relative to the package's folder
    /// (`api/openapi.yaml#/paths/~1pets: …`, `api/schemas.yaml#/Pet: …`).
    fn warning_line(&self, warning: &Diagnostic) -> String {
        let folder = self.document.parent().unwrap_or(Path::new(""));
        let place = match warning.pointer.file() {
            Some(_) if folder.as_os_str().is_empty() => warning.to_string(),
            Some(_) => format!("{}/{warning}", folder.display()),
            None => format!("{}{warning}", self.document.display()),
        };
        one_line(&place)
    }
}

/// Reads through a [`FileLoader`], noting each file read.
struct Recording<'a> {
    files: &'a FileLoader,
    read: Mutex<Vec<PathBuf>>,
}

impl Loader for Recording<'_> {
    fn load(&self, path: &str) -> Result<String, String> {
        let full = self.files.resolve(path)?;
        let text = std::fs::read_to_string(&full).map_err(|e| e.to_string())?;
        if let Ok(mut read) = self.read.lock() {
            read.push(full);
        }
        Ok(text)
    }
}

/// `cargo:rerun-if-changed` for each path: one line each, so a path that
/// cannot be one line (or is not UTF-8, which Cargo reads) is an error
/// rather than a build that never reruns.
fn rerun_if_changed(cargo: &mut dyn Write, paths: &[PathBuf]) -> Result<(), BuildError> {
    for path in paths {
        match path.to_str() {
            Some(text) if !text.contains(['\n', '\r']) => {
                writeln!(cargo, "cargo:rerun-if-changed={text}")?;
            }
            _ => {
                return Err(BuildError::new(format!(
                    "{}: Cargo cannot be told to watch this file (its path is not one \
                     line of UTF-8): rename it",
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

/// `text` on one line: control characters (line breaks among them) become
/// spaces, as each `cargo:` instruction is one line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Writes `text` to `path` unless it already holds exactly that.
fn write_if_changed(path: &Path, text: &str) -> Result<(), BuildError> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, text)
        .map_err(|e| BuildError::new(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests;
