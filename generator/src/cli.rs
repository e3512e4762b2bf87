//! The command-line front end shared by the `openapi-rustgen` binary and
//! `cargo xtask generate`: read a document (and the files its `$ref`s name),
//! generate, write a crate, and print what was degraded.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use heck::ToKebabCase;

use crate::settings::Settings;
use crate::{FileLoader, generate_with, output};

/// Options of `generate`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Package name; derived from the document title when absent.
    pub crate_name: Option<String>,
    /// Package version.
    pub crate_version: Option<String>,
    /// Environment variable prefix for `Client::from_env`.
    pub env_prefix: Option<String>,
    /// Turn warnings into errors.
    pub strict: bool,
    /// The command named in file headers.
    pub regenerate_with: Option<String>,
    /// Where to write every degradation as JSON (`--report FILE`).
    pub report: Option<std::path::PathBuf>,
    /// The folder `$ref`s may read files from (default: the document's).
    pub ref_root: Option<PathBuf>,
}

/// What a generation produced.
#[derive(Debug, Clone)]
pub struct Report {
    /// The crate's package name.
    pub crate_name: String,
    /// Operations in the client.
    pub operations: usize,
    /// Named types.
    pub types: usize,
    /// Lines of generated Rust.
    pub lines: usize,
    /// Warnings (skipped or degraded constructs).
    pub warnings: Vec<crate::Diagnostic>,
    /// The warnings that degraded a typed construct.
    pub degradations: Vec<crate::Degradation>,
}

impl Report {
    /// Prints the warnings (to stderr) and a one-line summary of the crate
    /// written to `out_dir` (to stdout), as the binary and `cargo xtask
    /// generate` both report a generation.
    pub fn print(&self, out_dir: &Path) {
        for w in &self.warnings {
            eprintln!("warning: {w}");
        }
        println!(
            "wrote {} to {}: {} operations, {} types, {} lines, {} warnings, {}",
            self.crate_name,
            out_dir.display(),
            self.operations,
            self.types,
            self.lines,
            self.warnings.len(),
            crate::degradation_summary(&self.degradations)
        );
    }
}

/// The `--report` file: every degradation with its pointer, kind and reason.
pub fn degradation_report(degradations: &[crate::Degradation]) -> String {
    let entries: Vec<serde_json::Value> = degradations
        .iter()
        .map(|d| {
            serde_json::json!({
                "pointer": d.pointer.to_string(),
                "kind": d.kind(),
                "reason": d.reason,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

/// Generates a crate from the document at `spec` into `out_dir`.
pub fn generate_to_dir(spec: &Path, out_dir: &Path, options: &Options) -> anyhow::Result<Report> {
    let text =
        std::fs::read_to_string(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let crate_name = match &options.crate_name {
        Some(name) => name.clone(),
        None => default_crate_name(&text),
    };
    let mut settings = Settings::new(crate_name.clone());
    if let Some(v) = &options.crate_version {
        settings.crate_version = v.clone();
    }
    settings.env_prefix = options.env_prefix.clone();
    settings.strict = options.strict;
    settings.regenerate_with = options.regenerate_with.clone().unwrap_or_else(|| {
        format!(
            "openapi-rustgen {} <OUT_DIR> --crate-name {crate_name}",
            spec.display()
        )
    });
    let loader = FileLoader::for_document(spec)?;
    let loader = match &options.ref_root {
        Some(root) => loader.allow_under(root)?,
        None => loader,
    };
    let generated = match generate_with(&text, &settings, loader.files()) {
        Ok(g) => g,
        Err(e) => bail!("{}: cannot generate a client:\n{e}", spec.display()),
    };
    output::write_crate(out_dir, &generated.files)
        .with_context(|| format!("cannot write {}", out_dir.display()))?;
    if let Some(path) = &options.report {
        std::fs::write(path, degradation_report(&generated.degradations))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let lines = generated
        .files
        .iter()
        .filter(|(k, _)| k.ends_with(".rs"))
        .map(|(_, v)| v.lines().count())
        .sum();
    Ok(Report {
        crate_name,
        operations: generated.api.operations.len(),
        types: generated.api.types.len(),
        lines,
        warnings: generated.warnings,
        degradations: generated.degradations,
    })
}

/// A crate name from `info.title` (`Swagger Petstore` → `swagger-petstore`).
fn default_crate_name(text: &str) -> String {
    let title = crate::load(text)
        .map(|d| d.api.info.title)
        .unwrap_or_default();
    let name: String = title
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || *c == '-' || *c == '_')
        .collect();
    let name = name.to_kebab_case();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}").trim_end_matches('-').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_writes_every_degradation_as_json() {
        let dir = std::env::temp_dir().join(format!("rustgen-cli-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("spec.yaml");
        std::fs::write(
            &spec,
            "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {type: object, properties: {x: {not: {type: string}}}}
",
        )
        .unwrap();
        let report = dir.join("report.json");
        let options = Options {
            crate_name: Some("t".into()),
            report: Some(report.clone()),
            ..Options::default()
        };
        let out = generate_to_dir(&spec, &dir.join("out"), &options).unwrap();
        assert_eq!(out.degradations.len(), 1);
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(
            written,
            serde_json::json!([{
                "pointer": "#/components/schemas/A/properties/x",
                "kind": "any-json",
                "reason": out.degradations[0].reason,
            }])
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
