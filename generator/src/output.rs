//! The only place the library touches the disk: writing a generated crate
//! (only files whose bytes changed) or checking that it is up to date.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What differs between generated files and the disk.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files that are missing or have other contents.
    pub changed: Vec<PathBuf>,
    /// `.rs` files under `src/` that the generator no longer makes.
    pub stale: Vec<PathBuf>,
}

impl Drift {
    /// Whether the disk matches.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }
}

/// Compares `files` with `out_dir`.
pub fn check_crate(out_dir: &Path, files: &BTreeMap<String, String>) -> io::Result<Drift> {
    let mut drift = Drift::default();
    for (rel, contents) in files {
        let path = out_dir.join(rel);
        match fs::read(&path) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(_) => drift.changed.push(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => drift.changed.push(path),
            Err(e) => return Err(e),
        }
    }
    drift.stale = leftovers(out_dir, files)?;
    Ok(drift)
}

/// Writes `files` under `out_dir`, touching only files whose bytes change,
/// and removes generated `.rs` files that are no longer produced.
pub fn write_crate(out_dir: &Path, files: &BTreeMap<String, String>) -> io::Result<Drift> {
    let drift = check_crate(out_dir, files)?;
    for path in &drift.changed {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let rel = path.strip_prefix(out_dir).unwrap_or(path);
        let key = rel.to_string_lossy().replace('\\', "/");
        if let Some(contents) = files.get(&key) {
            fs::write(path, contents)?;
        }
    }
    for path in &drift.stale {
        fs::remove_file(path)?;
    }
    Ok(drift)
}

/// `.rs` files in `src/` carrying our header that are not in `files`.
fn leftovers(out_dir: &Path, files: &BTreeMap<String, String>) -> io::Result<Vec<PathBuf>> {
    let src = out_dir.join("src");
    let mut out = Vec::new();
    let entries = match fs::read_dir(&src) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| format!("src/{}", n.to_string_lossy()))
            .unwrap_or_default();
        if path.extension().is_some_and(|e| e == "rs") && !files.contains_key(&name) {
            let text = fs::read_to_string(&path).unwrap_or_default();
            if text.starts_with(&format!("// {}", crate::format::GENERATED_MARK)) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
