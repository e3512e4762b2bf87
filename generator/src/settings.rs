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

    /// The crate name as a Rust library name (`cloudflare_realtimekit`).
    pub fn lib_name(&self) -> String {
        self.crate_name.replace('-', "_")
    }
}
