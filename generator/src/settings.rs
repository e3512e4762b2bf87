//! What to generate, beyond the document itself.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
    /// Recognise the common paging patterns of list operations (page
    /// number with a total, cursors, offset and limit, `Link` headers; the
    /// rules are in docs/decisions.md, "Pagination") and give those
    /// operations `.pages()` and `.stream()`. On by default; an operation's
    /// `x-pagination` and an entry in [`Settings::pagination`] apply either way.
    pub detect_pagination: bool,
    /// Per-operation paging, by `operationId`: switch it off, or name the
    /// pattern and its fields. Wins over the document's `x-pagination` and
    /// over detection.
    pub pagination: BTreeMap<String, PaginationOverride>,
    /// Which operations to generate (every one when empty), with only the
    /// schemas they reach.
    pub select: Selection,
    /// Component schema name → the Rust type used instead of generating
    /// one (`my_ids::AccountId`). The type must implement `Serialize`,
    /// `DeserializeOwned`, `Clone`, `Debug`, `PartialEq` and `Default`.
    pub replace: BTreeMap<String, String>,
    /// Extra `[dependencies]` of the generated crate (the crates replacing
    /// types come from): name → its TOML value (`"1"`, `{ path = "../ids" }`).
    pub dependencies: BTreeMap<String, String>,
    /// Attributes on generated types, by Rust type name, `*` for all:
    /// `derive(Hash)`, `serde(deny_unknown_fields)`, `doc(hidden)` (the
    /// text inside `#[…]`). Type aliases take none.
    pub type_attributes: BTreeMap<String, Vec<String>>,
    /// Component schema name → Rust type name.
    pub rename_types: BTreeMap<String, String>,
    /// operationId → method name.
    pub rename_methods: BTreeMap<String, String>,
    /// The base URL's environment variable (default `<PREFIX>_BASE_URL`).
    pub base_url_env: Option<String>,
    /// Security scheme name → its credential's environment variable
    /// (default `<PREFIX>_<SETTER>`).
    pub auth_env: BTreeMap<String, String>,
}

/// Operations to keep: one is kept when it matches any entry of any list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Operations with one of these tags.
    pub tags: Vec<String>,
    /// Operations whose path template starts with one of these
    /// (`/accounts/{account_id}/realtime/kit/`).
    pub path_prefixes: Vec<String>,
    /// Operations with one of these operationIds.
    pub operations: Vec<String>,
}

impl Selection {
    /// Whether every operation is kept.
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.path_prefixes.is_empty() && self.operations.is_empty()
    }
}

/// What [`Settings::pagination`] says about one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaginationOverride {
    /// No pager, whatever the document declares or detection finds.
    Off,
    /// This pager, checked against the operation as `x-pagination` is.
    Use(PaginationSpec),
}

/// How a list operation pages, in the document's own names: the value of
/// the `x-pagination` extension (`{style: cursor, cursor_param: cursor,
/// next_cursor: meta.next_cursor, items: data}`) and of a
/// [`PaginationOverride::Use`]. Parameters are query parameter names;
/// `items`, `total`, `next_cursor` and the like are dotted property paths
/// from the root of the success response (`result_info.total_count`);
/// `items` left out means the response is the array itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaginationSpec {
    /// `page=1, 2, …` until the reported total (items or pages) is reached
    /// or a page is empty.
    PageNumber {
        /// The page-number parameter (`page`).
        page_param: String,
        /// The page-size parameter (`per_page`), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size_param: Option<String>,
        /// The item array.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        items: Option<String>,
        /// The total item count (`result_info.total_count`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total: Option<String>,
        /// The total page count (`result_info.total_pages`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total_pages: Option<String>,
    },
    /// `offset=0, n, 2n, …` (advancing by the items received) until the
    /// reported total, an empty page, or a page shorter than a limit the
    /// document promises to honour.
    Offset {
        /// The offset parameter (`offset`).
        offset_param: String,
        /// The page-size parameter (`limit`), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit_param: Option<String>,
        /// The item array.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        items: Option<String>,
        /// The total item count.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total: Option<String>,
    },
    /// The next page is asked for with a string the previous one gave:
    /// `next_cursor` in the response, or `item_cursor` of its last item
    /// (Stripe's `starting_after` takes the last item's `id`). Ends at an
    /// empty page, a missing or empty cursor, a cursor already sent, or
    /// `has_more: false`.
    Cursor {
        /// The cursor parameter (`cursor`, `page_token`, `starting_after`).
        cursor_param: String,
        /// The next cursor in the response (`next_cursor`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_cursor: Option<String>,
        /// The property of the last item that is the next cursor (`id`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item_cursor: Option<String>,
        /// A boolean saying whether more pages follow (`has_more`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        has_more: Option<String>,
        /// The item array.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        items: Option<String>,
    },
    /// RFC 8288: the next page is the URL of the response's
    /// `Link: <…>; rel="next"` header, followed while it stays on the API's
    /// origin. Ends at an empty page or when no such link comes.
    LinkHeader {
        /// The item array.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        items: Option<String>,
    },
}

impl PaginationSpec {
    /// The style's name as `x-pagination` spells it (`page_number`).
    pub fn style(&self) -> &'static str {
        match self {
            Self::PageNumber { .. } => "page_number",
            Self::Offset { .. } => "offset",
            Self::Cursor { .. } => "cursor",
            Self::LinkHeader { .. } => "link_header",
        }
    }

    /// The path to the item array (`None`: the response is the array).
    pub fn items(&self) -> Option<&str> {
        match self {
            Self::PageNumber { items, .. }
            | Self::Offset { items, .. }
            | Self::Cursor { items, .. }
            | Self::LinkHeader { items } => items.as_deref(),
        }
    }
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
            select: Selection::default(),
            replace: BTreeMap::new(),
            dependencies: BTreeMap::new(),
            type_attributes: BTreeMap::new(),
            rename_types: BTreeMap::new(),
            rename_methods: BTreeMap::new(),
            base_url_env: None,
            auth_env: BTreeMap::new(),
            detect_pagination: true,
            pagination: BTreeMap::new(),
        }
    }

    /// The environment variable prefix, explicit or derived from the crate name.
    pub fn env_prefix(&self) -> String {
        use heck::ToShoutySnakeCase;
        self.env_prefix
            .clone()
            .unwrap_or_else(|| self.crate_name.to_shouty_snake_case())
    }

    /// What in these settings cannot be generated from: a replacement that
    /// is not a Rust type, an attribute that is not one, a method or type
    /// name that is not an identifier, a dependency that is not TOML.
    pub fn check(&self) -> Result<(), String> {
        for (schema, path) in &self.replace {
            if syn::parse_str::<syn::Type>(path).is_err() {
                return Err(format!(
                    "the replacement of `{schema}`, `{path}`, is not a Rust type"
                ));
            }
        }
        for (ty, attributes) in &self.type_attributes {
            for a in attributes {
                if syn::parse_str::<syn::Meta>(a).is_err() {
                    return Err(format!("`#[{a}]` (for `{ty}`) is not an attribute"));
                }
            }
        }
        let renames = self
            .rename_types
            .values()
            .chain(self.rename_methods.values());
        for name in renames {
            if syn::parse_str::<syn::Ident>(name).is_err() {
                return Err(format!("`{name}` is not a Rust identifier"));
            }
        }
        for (name, value) in &self.dependencies {
            let valid_name = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            // One value on one line: nothing else can enter the manifest.
            let one_value = !value.contains(['\n', '\r'])
                && toml::from_str::<toml::Table>(&format!("x = {value}"))
                    .is_ok_and(|t| t.len() == 1);
            if !valid_name || !one_value {
                return Err(format!(
                    "the dependency `{name} = {value}` is not valid TOML"
                ));
            }
        }
        Ok(())
    }

    /// The crate name as a Rust library name (`cloudflare_realtimekit`).
    pub fn lib_name(&self) -> String {
        self.crate_name.replace('-', "_")
    }
}
