//! The configuration file (`openapi-rustgen.toml`, beside the document):
//! what to generate beyond the document, in TOML. Every key maps onto a
//! [`Settings`] field; unknown keys are errors, so a typo never silently
//! does nothing. The README lists every key.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::settings::{PackageMetadata, PaginationOverride, PaginationSpec, Settings};

/// The file the command line reads beside the document when no
/// `--config` is given.
pub const CONFIG_FILE: &str = "openapi-rustgen.toml";

/// A parsed configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    package: Package,
    #[serde(default)]
    env: Env,
    #[serde(default)]
    select: Select,
    #[serde(default)]
    replace: BTreeMap<String, Replace>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    types: BTreeMap<String, TypeOptions>,
    #[serde(default)]
    rename: Rename,
    #[serde(default)]
    pagination: Pagination,
}

/// `[pagination]`: detection on or off, and per-operation pagers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pagination {
    detect: Option<bool>,
    /// operationId → `"off"`, or a pager as `x-pagination` spells it.
    #[serde(default)]
    operations: BTreeMap<String, PagerEntry>,
}

/// One operation's entry in `[pagination.operations]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum PagerEntry {
    /// `"off"`: no pager.
    Off(Off),
    /// A pager: `{ style = "cursor", cursor_param = "cursor", … }`.
    Use(PaginationSpec),
}

/// The word `off`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Off {
    Off,
}

/// `[package]`: the generated crate's manifest.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Package {
    name: Option<String>,
    version: Option<String>,
    license: Option<String>,
    repository: Option<String>,
    homepage: Option<String>,
    documentation: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
}

/// `[env]`: the environment variables `Client::from_env` reads.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Env {
    prefix: Option<String>,
    base_url: Option<String>,
    #[serde(default)]
    auth: BTreeMap<String, String>,
}

/// `[select]`: the operations to keep.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Select {
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    operations: Vec<String>,
}

/// `[replace.<Schema>]`: a Rust type used instead of the schema's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    #[serde(rename = "type")]
    ty: String,
}

/// `[types.<Type>]` (or `[types."*"]`): attributes on generated types.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeOptions {
    #[serde(default)]
    derive: Vec<String>,
    #[serde(default)]
    attributes: Vec<String>,
}

/// `[rename]`: names the generator would otherwise derive.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rename {
    #[serde(default)]
    types: BTreeMap<String, String>,
    #[serde(default)]
    methods: BTreeMap<String, String>,
}

impl Config {
    /// Parses a configuration file's text; the error names the key.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The crate name the file sets, if any.
    pub fn crate_name(&self) -> Option<&str> {
        self.package.name.as_deref()
    }

    /// Writes what the file sets into `settings` (what it leaves out stays).
    pub fn apply(&self, settings: &mut Settings) {
        let p = &self.package;
        if let Some(name) = &p.name {
            settings.crate_name = name.clone();
        }
        if let Some(version) = &p.version {
            settings.crate_version = version.clone();
        }
        let m = &mut settings.package;
        let keep = |new: &Option<String>, old: &mut Option<String>| {
            if new.is_some() {
                old.clone_from(new);
            }
        };
        keep(&p.license, &mut m.license);
        keep(&p.repository, &mut m.repository);
        keep(&p.homepage, &mut m.homepage);
        keep(&p.documentation, &mut m.documentation);
        extend_metadata(m, p);
        self.apply_env(settings);
        let select = &mut settings.select;
        select.tags.extend(self.select.tags.iter().cloned());
        select
            .path_prefixes
            .extend(self.select.paths.iter().cloned());
        select
            .operations
            .extend(self.select.operations.iter().cloned());
        for (schema, r) in &self.replace {
            settings.replace.insert(schema.clone(), r.ty.clone());
        }
        for (name, value) in &self.dependencies {
            settings
                .dependencies
                .insert(name.clone(), value.to_string());
        }
        for (ty, options) in &self.types {
            let attributes = settings.type_attributes.entry(ty.clone()).or_default();
            if !options.derive.is_empty() {
                attributes.push(format!("derive({})", options.derive.join(", ")));
            }
            attributes.extend(options.attributes.iter().cloned());
        }
        settings.rename_types.extend(self.rename.types.clone());
        settings.rename_methods.extend(self.rename.methods.clone());
        if let Some(detect) = self.pagination.detect {
            settings.detect_pagination = detect;
        }
        for (operation, entry) in &self.pagination.operations {
            let pager = match entry {
                PagerEntry::Off(Off::Off) => PaginationOverride::Off,
                PagerEntry::Use(spec) => PaginationOverride::Use(spec.clone()),
            };
            settings.pagination.insert(operation.clone(), pager);
        }
    }

    fn apply_env(&self, settings: &mut Settings) {
        if let Some(prefix) = &self.env.prefix {
            settings.env_prefix = Some(prefix.clone());
        }
        if let Some(base_url) = &self.env.base_url {
            settings.base_url_env = Some(base_url.clone());
        }
        settings.auth_env.extend(self.env.auth.clone());
    }
}

/// Keywords and categories: the file's are added to what is there.
fn extend_metadata(m: &mut PackageMetadata, p: &Package) {
    for k in &p.keywords {
        if !m.keywords.contains(k) {
            m.keywords.push(k.clone());
        }
    }
    for c in &p.categories {
        if !m.categories.contains(c) {
            m.categories.push(c.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(text: &str) -> crate::settings::Selection {
        let mut s = Settings::new("t");
        Config::from_toml(text).expect("parses").apply(&mut s);
        s.select
    }

    #[test]
    fn every_section_lands_in_settings() {
        let config = Config::from_toml(
            r#"
[package]
name = "rtk"
version = "1.2.3"
license = "MIT"
repository = "https://example.com/rtk"
keywords = ["video"]

[env]
prefix = "CF"
base_url = "CF_API_URL"
auth = { api_token = "CF_TOKEN" }

[select]
tags = ["Meetings"]
paths = ["/accounts/{account_id}/realtime/kit/"]
operations = ["getMeeting"]

[replace.MeetingId]
type = "ids::MeetingId"

[dependencies]
ids = { path = "../ids" }

[types."*"]
derive = ["Eq"]

[types.Meeting]
derive = ["Hash"]
attributes = ["serde(deny_unknown_fields)"]

[rename.types]
GenericErrorResponse = "ApiError"

[rename.methods]
getMeeting = "meeting"

[pagination]
detect = false

[pagination.operations]
listMeetings = { style = "page_number", page_param = "page_no", size_param = "per_page", items = "data", total = "paging.total_count" }
getMeeting = "off"
"#,
        )
        .expect("parses");
        let mut s = Settings::new("default");
        config.apply(&mut s);
        assert_eq!(s.crate_name, "rtk");
        assert_eq!(s.crate_version, "1.2.3");
        assert_eq!(s.package.license.as_deref(), Some("MIT"));
        assert_eq!(s.package.keywords, ["video"]);
        assert_eq!(s.env_prefix.as_deref(), Some("CF"));
        assert_eq!(s.base_url_env.as_deref(), Some("CF_API_URL"));
        assert_eq!(s.auth_env["api_token"], "CF_TOKEN");
        assert_eq!(s.select.tags, ["Meetings"]);
        assert_eq!(
            s.select.path_prefixes,
            ["/accounts/{account_id}/realtime/kit/"]
        );
        assert_eq!(s.select.operations, ["getMeeting"]);
        assert_eq!(s.replace["MeetingId"], "ids::MeetingId");
        assert_eq!(s.dependencies["ids"], r#"{ path = "../ids" }"#);
        assert_eq!(s.type_attributes["*"], ["derive(Eq)"]);
        assert_eq!(
            s.type_attributes["Meeting"],
            ["derive(Hash)", "serde(deny_unknown_fields)"]
        );
        assert_eq!(s.rename_types["GenericErrorResponse"], "ApiError");
        assert_eq!(s.rename_methods["getMeeting"], "meeting");
        assert!(!s.detect_pagination);
        assert_eq!(s.pagination["getMeeting"], PaginationOverride::Off);
        assert_eq!(
            s.pagination["listMeetings"],
            PaginationOverride::Use(PaginationSpec::PageNumber {
                page_param: "page_no".into(),
                size_param: Some("per_page".into()),
                items: Some("data".into()),
                total: Some("paging.total_count".into()),
                total_pages: None,
            })
        );
    }

    #[test]
    fn unknown_keys_are_errors_that_name_them() {
        let e = Config::from_toml("[select]\ntag = [\"x\"]\n").unwrap_err();
        assert!(e.contains("tag"), "{e}");
        let e = Config::from_toml("[pakage]\nname = \"x\"\n").unwrap_err();
        assert!(e.contains("pakage"), "{e}");
    }

    #[test]
    fn an_empty_file_changes_nothing() {
        assert!(selection("").is_all());
        let mut s = Settings::new("t");
        Config::from_toml("").unwrap().apply(&mut s);
        assert_eq!(s, Settings::new("t"));
    }
}
