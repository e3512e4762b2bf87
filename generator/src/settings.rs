//! What to generate, beyond the document itself.

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
    /// Registry metadata for the generated crate's manifest.
    pub package: PackageMetadata,
}

/// What `cargo publish` shows on crates.io; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageMetadata {
    /// SPDX license expression (`MIT OR Apache-2.0`).
    pub license: Option<String>,
    /// Source repository URL.
    pub repository: Option<String>,
    /// Home page of the API or the crate.
    pub homepage: Option<String>,
    /// Documentation URL (docs.rs when unset and the crate is published).
    pub documentation: Option<String>,
    /// At most five crates.io keywords.
    pub keywords: Vec<String>,
    /// crates.io category slugs.
    pub categories: Vec<String>,
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
            package: PackageMetadata::default(),
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
