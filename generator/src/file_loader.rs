//! Reading the other files of a multi-file document from the disk, safely:
//! the [`Loader`] the command line, [`crate::build`] and the test suites
//! share. Outside the `cli` feature, so a build script gets it without
//! clap.

use std::io;
use std::path::{Path, PathBuf};

use crate::{Files, Loader};

/// Reads the files a document's `$ref`s name, relative to the document's
/// folder, and only from inside one folder (by default the document's):
/// a document is untrusted input, and a `$ref` to `../../.ssh/id_rsa` or
/// through a symbolic link out of that folder must not put a private file
/// into generated documentation. Paths are checked after symbolic links
/// are resolved. The library refuses absolute paths and URLs before asking.
#[derive(Debug, Clone)]
pub struct FileLoader {
    /// The document's folder, with symbolic links resolved.
    folder: PathBuf,
    /// The document's file name, how references back to it are recognised.
    name: String,
    /// Reads must resolve to a path inside this folder.
    root: PathBuf,
}

impl FileLoader {
    /// A loader for the document at `spec`, confined to its folder. Fails
    /// when `spec` cannot be found.
    pub fn for_document(spec: &Path) -> io::Result<Self> {
        let canonical = canonical(spec)?;
        let folder = canonical
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        let name = canonical
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self {
            root: folder.clone(),
            folder,
            name,
        })
    }

    /// Lets references read files anywhere under `root` instead (a
    /// repository whose documents share a folder of schemas beside them).
    pub fn allow_under(mut self, root: &Path) -> io::Result<Self> {
        self.root = canonical(root)?;
        Ok(self)
    }

    /// What [`generate_with`](crate::generate_with) needs: this loader and
    /// the document's name.
    pub fn files(&self) -> Files<'_> {
        Files {
            document: &self.name,
            loader: self,
        }
    }

    /// The document's own path, with symbolic links resolved.
    pub fn document(&self) -> PathBuf {
        self.folder.join(&self.name)
    }

    /// Where the file a reference names (`path`, relative to the document's
    /// folder) is, with symbolic links resolved; an error saying why when it
    /// is absolute, missing, or outside the folder references may read from.
    pub fn resolve(&self, path: &str) -> Result<PathBuf, String> {
        let relative = Path::new(path);
        if relative.has_root() || relative.is_absolute() {
            return Err("absolute paths are not read".into());
        }
        let full = self.folder.join(relative);
        let canonical = full.canonicalize().map_err(|e| e.to_string())?;
        if !canonical.starts_with(&self.root) {
            return Err(format!(
                "it is outside {}, the folder references may read from (widen it with \
                 `--ref-root`, or `Build::ref_root` in a build script)",
                self.root.display()
            ));
        }
        Ok(canonical)
    }
}

impl Loader for FileLoader {
    fn load(&self, path: &str) -> Result<String, String> {
        let canonical = self.resolve(path)?;
        std::fs::read_to_string(&canonical).map_err(|e| e.to_string())
    }
}

/// `path` with symbolic links resolved; the error names the path.
fn canonical(path: &Path) -> io::Result<PathBuf> {
    path.canonicalize()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder of files in the system temporary folder.
    fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "openapi-rustgen-loader-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn reads_inside_the_documents_folder_only() {
        let dir = scratch(
            "confined",
            &[
                ("api/api.yaml", "openapi: 3.0.3\n"),
                ("api/models/pet.yaml", "type: string\n"),
                ("secret.txt", "key"),
            ],
        );
        let loader = FileLoader::for_document(&dir.join("api/api.yaml")).unwrap();
        assert_eq!(loader.files().document, "api.yaml");
        assert_eq!(
            loader.document(),
            dir.join("api/api.yaml").canonicalize().unwrap()
        );
        assert_eq!(loader.load("models/pet.yaml").unwrap(), "type: string\n");
        assert_eq!(
            loader.load("models/../models/pet.yaml").unwrap(),
            "type: string\n"
        );
        assert_eq!(
            loader.resolve("models/../models/pet.yaml").unwrap(),
            dir.join("api/models/pet.yaml").canonicalize().unwrap()
        );
        let escape = loader.load("../secret.txt").unwrap_err();
        assert!(escape.contains("outside"), "{escape}");
        let absolute = dir.join("secret.txt").display().to_string();
        assert!(loader.load(&absolute).unwrap_err().contains("absolute"));
        assert!(loader.load("missing.yaml").is_err());
        // Widened to the parent, the same file reads.
        let wide = loader.allow_under(&dir).unwrap();
        assert_eq!(wide.load("../secret.txt").unwrap(), "key");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_document_is_an_error_naming_it() {
        let missing = std::env::temp_dir().join("openapi-rustgen-no-such-document.yaml");
        let error = FileLoader::for_document(&missing).unwrap_err();
        assert!(
            error.to_string().contains("no-such-document.yaml"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_folder_are_refused() {
        let dir = scratch(
            "symlink",
            &[("api/api.yaml", "openapi: 3.0.3\n"), ("secret.txt", "key")],
        );
        std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("api/link.yaml")).unwrap();
        let loader = FileLoader::for_document(&dir.join("api/api.yaml")).unwrap();
        assert!(loader.load("link.yaml").unwrap_err().contains("outside"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
