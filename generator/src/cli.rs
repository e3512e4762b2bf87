//! The command-line front end shared by the `openapi-rustgen` binary and
//! `cargo xtask generate`: read a document (and the files its `$ref`s name),
//! generate, write a crate, and print what was degraded.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use heck::ToKebabCase;

use crate::config::Config;
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
    /// Where to write every degradation and every pager as JSON
    /// (`--report FILE`).
    pub report: Option<std::path::PathBuf>,
    /// Leave paging patterns unrecognised (`--no-detect-pagination`): only
    /// `x-pagination` gives an operation a pager.
    pub no_detect_pagination: bool,
    /// The folder `$ref`s may read files from (default: the document's).
    pub ref_root: Option<PathBuf>,
    /// The configuration file (default: `openapi-rustgen.toml` beside the
    /// document, when there is one).
    pub config: Option<PathBuf>,
    /// What the flags add to the configuration file (they win over it).
    pub shape: Shape,
}

/// The flags that shape the output, each matching a configuration key.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// `--tag`: keep operations with this tag (`[select] tags`).
    pub tags: Vec<String>,
    /// `--path-prefix` (`[select] paths`).
    pub path_prefixes: Vec<String>,
    /// `--operation`: keep this operationId (`[select] operations`).
    pub operations: Vec<String>,
    /// `--replace Schema=path::Type` (`[replace.Schema] type`).
    pub replace: Vec<String>,
    /// `--derive Trait`: on every type (`[types."*"] derive`).
    pub derive: Vec<String>,
    /// `--rename-type Schema=Name` (`[rename] types`).
    pub rename_types: Vec<String>,
    /// `--rename-method operationId=name` (`[rename] methods`).
    pub rename_methods: Vec<String>,
    /// `--license` (`[package] license`).
    pub license: Option<String>,
    /// `--repository` (`[package] repository`).
    pub repository: Option<String>,
    /// `--base-url-env` (`[env] base_url`).
    pub base_url_env: Option<String>,
}

impl Shape {
    /// Writes the flags into `settings`, after the configuration file.
    fn apply(&self, settings: &mut Settings) -> anyhow::Result<()> {
        let s = settings;
        s.select.tags.extend(self.tags.iter().cloned());
        s.select
            .path_prefixes
            .extend(self.path_prefixes.iter().cloned());
        s.select.operations.extend(self.operations.iter().cloned());
        s.replace.extend(pairs("--replace", &self.replace)?);
        s.rename_types
            .extend(pairs("--rename-type", &self.rename_types)?);
        s.rename_methods
            .extend(pairs("--rename-method", &self.rename_methods)?);
        if !self.derive.is_empty() {
            let all = s.type_attributes.entry("*".into()).or_default();
            all.push(format!("derive({})", self.derive.join(", ")));
        }
        if self.license.is_some() {
            s.package.license.clone_from(&self.license);
        }
        if self.repository.is_some() {
            s.package.repository.clone_from(&self.repository);
        }
        if self.base_url_env.is_some() {
            s.base_url_env.clone_from(&self.base_url_env);
        }
        Ok(())
    }
}

/// `KEY=VALUE` flag values as pairs.
fn pairs(flag: &str, values: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    values
        .iter()
        .map(|v| match v.split_once('=') {
            Some((k, v)) if !k.is_empty() && !v.is_empty() => Ok((k.to_owned(), v.to_owned())),
            _ => bail!("{flag} takes KEY=VALUE, not `{v}`"),
        })
        .collect()
}

/// The configuration file for `spec`: `explicit`, or the one beside it.
fn read_config(spec: &Path, explicit: Option<&Path>) -> anyhow::Result<Option<Config>> {
    let beside = spec
        .parent()
        .map(|d| d.join(crate::config::CONFIG_FILE))
        .filter(|p| p.is_file());
    let Some(path) = explicit.map(Path::to_path_buf).or(beside) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    match Config::from_toml(&text) {
        Ok(config) => Ok(Some(config)),
        Err(e) => bail!("{}: {e}", path.display()),
    }
}

/// What a generation produced.
#[derive(Debug, Clone)]
pub struct Report {
    /// The crate's package name.
    pub crate_name: String,
    /// Operations in the client.
    pub operations: usize,
    /// Operations with `.pages()` and `.stream()`.
    pub paged: usize,
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
            "wrote {} to {}: {} operations ({} paged), {} types, {} lines, {} warnings, {}",
            self.crate_name,
            out_dir.display(),
            self.operations,
            self.paged,
            self.types,
            self.lines,
            self.warnings.len(),
            crate::degradation_summary(&self.degradations)
        );
    }
}

/// The `--report` file: `degradations`, each with its pointer, kind and
/// reason, and `pagers`, each operation that pages with its pattern, its
/// fields in the document's names and where the pager came from
/// (`detected`, `x-pagination` or `settings`).
pub fn report_json(generated: &crate::Generated) -> String {
    let degradations: Vec<serde_json::Value> = generated
        .degradations
        .iter()
        .map(|d| {
            serde_json::json!({
                "pointer": d.pointer.to_string(),
                "kind": d.kind(),
                "reason": d.reason,
            })
        })
        .collect();
    let pagers: Vec<serde_json::Value> = generated
        .api
        .operations
        .iter()
        .filter_map(|op| {
            let p = op.pagination.as_ref()?;
            let mut fields = serde_json::to_value(&p.spec).ok()?;
            if let Some(fields) = fields.as_object_mut() {
                // In place: the fields keep their order.
                fields.shift_remove("style");
            }
            Some(serde_json::json!({
                "operation": op.id,
                "route": format!("{} {}", op.http_method, op.path_template),
                "method": op.method_name,
                "pattern": p.spec.style(),
                "fields": fields,
                "source": p.source.name(),
            }))
        })
        .collect();
    let report = serde_json::json!({"degradations": degradations, "pagers": pagers});
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// Generates a crate from the document at `spec` into `out_dir`.
pub fn generate_to_dir(spec: &Path, out_dir: &Path, options: &Options) -> anyhow::Result<Report> {
    let text =
        std::fs::read_to_string(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let config = read_config(spec, options.config.as_deref())?;
    let from_config = config.as_ref().and_then(Config::crate_name);
    let crate_name = match (options.crate_name.as_deref(), from_config) {
        (Some(name), _) | (None, Some(name)) => name.to_owned(),
        (None, None) => default_crate_name(&text),
    };
    let mut settings = Settings::new(crate_name.clone());
    if let Some(config) = &config {
        config.apply(&mut settings);
    }
    options.shape.apply(&mut settings)?;
    if let Some(v) = &options.crate_version {
        settings.crate_version = v.clone();
    }
    if options.env_prefix.is_some() {
        settings.env_prefix.clone_from(&options.env_prefix);
    }
    settings.strict = options.strict;
    // The flag turns detection off; without it, the configuration decides.
    if options.no_detect_pagination {
        settings.detect_pagination = false;
    }
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
        std::fs::write(path, report_json(&generated))
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
        paged: generated
            .api
            .operations
            .iter()
            .filter(|op| op.pagination.is_some())
            .count(),
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
    fn report_writes_every_degradation_and_pager_as_json() {
        let dir = std::env::temp_dir().join(format!("rustgen-cli-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("spec.yaml");
        std::fs::write(
            &spec,
            "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  next_cursor: {type: string, nullable: true}
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
        assert_eq!(out.paged, 1);
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(
            written,
            serde_json::json!({
                "degradations": [{
                    "pointer": "#/components/schemas/A/properties/x",
                    "kind": "any-json",
                    "reason": out.degradations[0].reason,
                }],
                "pagers": [{
                    "operation": "listThings",
                    "route": "GET /things",
                    "method": "list_things",
                    "pattern": "cursor",
                    "fields": {"cursor_param": "cursor", "next_cursor": "next_cursor", "items": "data"},
                    "source": "detected",
                }],
            })
        );
        // Switched off, the operation has no pager.
        let off = Options {
            no_detect_pagination: true,
            ..options
        };
        assert_eq!(
            generate_to_dir(&spec, &dir.join("out"), &off)
                .unwrap()
                .paged,
            0
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
