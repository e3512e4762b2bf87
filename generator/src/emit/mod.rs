//! Stage 3, *emit*: IR → token streams (with `quote`) → formatted files.
//!
//! Emitters see only the IR: no `$ref`s, no raw JSON, no naming decisions.
//! Spec text reaches the output only as string literals (docs, wire names),
//! never as tokens, so it cannot inject code.

mod body;
pub(crate) mod cargo;
mod client;
mod client_builder;
pub mod docs;
mod param_text;
mod prepare;
mod readme;
mod request;
mod response;
mod stream;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::Result;
use crate::format::{Origin, format_items, format_rust, header, join_parts};
use crate::ir::{Api, Group, IntKind, ResponseKind, TypeRef};
use crate::settings::Settings;

/// The hand-written runtime, copied into every generated crate as
/// `src/runtime/`: (file name, contents), one file per concern.
pub const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/runtime/mod.rs")),
    ("body.rs", include_str!("../../runtime/runtime/body.rs")),
    ("config.rs", include_str!("../../runtime/runtime/config.rs")),
    (
        "encoding.rs",
        include_str!("../../runtime/runtime/encoding.rs"),
    ),
    ("error.rs", include_str!("../../runtime/runtime/error.rs")),
    (
        "execute.rs",
        include_str!("../../runtime/runtime/execute.rs"),
    ),
    (
        "response.rs",
        include_str!("../../runtime/runtime/response.rs"),
    ),
    ("decode.rs", include_str!("../../runtime/runtime/decode.rs")),
    (
        "structs.rs",
        include_str!("../../runtime/runtime/structs.rs"),
    ),
    ("union.rs", include_str!("../../runtime/runtime/union.rs")),
];
/// The hand-written pagination helper, copied into crates that paginate.
pub const PAGINATION: &str = include_str!("../../runtime/pagination.rs");

/// Emits every file of the crate, formatted: path → contents.
///
/// Each Rust file is emitted and formatted on its own, on as many threads
/// as there are cores (token streams cannot cross threads, so a worker
/// builds the tokens it formats).
pub fn emit(api: &Api, settings: &Settings) -> Result<BTreeMap<String, String>> {
    emit_in_parts(api, settings, SHARED_TYPES_PER_JOB)
}

/// [`emit`], with the shared types module formatted `per_part` types at a
/// time.
fn emit_in_parts(
    api: &Api,
    settings: &Settings,
    per_part: usize,
) -> Result<BTreeMap<String, String>> {
    let mut jobs = vec![Job::Lib, Job::Client];
    // The shared types module is the largest file by far: formatted in
    // parts, so no worker holds all its tokens at once and the parts spread
    // over the cores. The text is the same as in one piece.
    let count = api.types.len();
    let per_part = per_part.max(1);
    // At least one part: it carries the module's attributes and re-exports.
    for start in (0..count.max(1)).step_by(per_part) {
        jobs.push(Job::SharedTypes(
            start..count.min(start.saturating_add(per_part)),
        ));
    }
    for (i, group) in api.groups.iter().enumerate() {
        jobs.push(Job::Group(i));
        if types::has_own_types(api, &group.name) {
            jobs.push(Job::GroupTypes(i));
        }
    }
    let header = header(settings, "//", Origin::Document);
    let emit_one = |job: &Job| -> Result<(String, String)> {
        let (path, tokens) = job.emit(api, settings);
        let text = match job {
            Job::SharedTypes(part) if part.start > 0 => format_items(tokens)?,
            _ => format_rust(tokens, &header)?,
        };
        Ok((path, text))
    };
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    // In job order, so the parts of a file join in order.
    for (path, text) in crate::threads::parallel_map(&jobs, emit_one)? {
        match files.get_mut(&path) {
            Some(file) => join_parts(file, &text),
            None => {
                files.insert(path, text);
            }
        }
    }
    files.insert("Cargo.toml".to_owned(), cargo::manifest(api, settings));
    files.insert("README.md".to_owned(), readme::readme(api, settings));
    let runtime_header = crate::format::header(settings, "//", Origin::Runtime);
    for (name, text) in RUNTIME {
        files.insert(
            format!("src/runtime/{name}"),
            format!("{runtime_header}{text}"),
        );
    }
    if api.paginates() {
        files.insert(
            "src/pagination.rs".to_owned(),
            format!("{runtime_header}{PAGINATION}"),
        );
    }
    Ok(files)
}

/// Types per part of the shared types module (see [`emit`]).
const SHARED_TYPES_PER_JOB: usize = 400;

/// One Rust file of the generated crate, or one part of one.
enum Job {
    Lib,
    Client,
    /// The shared types module's part holding these of `api.types`.
    SharedTypes(std::ops::Range<usize>),
    /// The module of `api.groups[i]`.
    Group(usize),
    /// The `types` module of `api.groups[i]`.
    GroupTypes(usize),
}

impl Job {
    fn emit(&self, api: &Api, settings: &Settings) -> (String, TokenStream) {
        match *self {
            Job::Lib => ("src/lib.rs".to_owned(), emit_lib(api, settings)),
            Job::Client => (
                "src/client.rs".to_owned(),
                client::emit_client(api, settings),
            ),
            Job::SharedTypes(ref part) => (
                "src/types.rs".to_owned(),
                types::emit_shared_types(api, part.clone()),
            ),
            Job::Group(i) => {
                let group = &api.groups[i];
                let own_types = types::has_own_types(api, &group.name);
                (
                    format!("src/{}.rs", group.name),
                    client::emit_group(api, group, own_types),
                )
            }
            Job::GroupTypes(i) => {
                let group = &api.groups[i].name;
                (
                    format!("src/{group}/types.rs"),
                    types::emit_group_types(api, group),
                )
            }
        }
    }
}

/// `#[cfg(any(feature = "a", …))]` over the features of `groups`.
pub(crate) fn cfg_any(groups: &[String]) -> TokenStream {
    match groups {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Puts `cfg` on every item of `items`: an item ends at a top-level `;`
/// or `{ … }` (the shapes the type emitters write).
pub(crate) fn gate(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    let mut out = TokenStream::new();
    let mut start = true;
    for tt in items {
        if start {
            out.extend(cfg.clone());
        }
        start = match &tt {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            _ => false,
        };
        out.extend(std::iter::once(tt));
    }
    out
}

/// `src/lib.rs`: the crate docs, its lints, modules and re-exports, and a
/// module per group of operations.
fn emit_lib(api: &Api, settings: &Settings) -> TokenStream {
    let docs = crate_docs(api, settings);
    let reexports = crate_reexports(api);
    let pagination = api.paginates().then(|| {
        quote! {
            // Streams belong to the operations that paginate: with their
            // features off, the helper is unused.
            #[rustfmt::skip]
            #[allow(dead_code)]
            mod pagination;
            pub use pagination::{Stream, StreamExt, TryStreamExt};
        }
    });
    let groups = api.groups.iter().map(|group| group_module(api, group));
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // The document decides these, in every module: its text becomes docs
        // as written (Markdown lists continued without indentation), its
        // schemas decide how large each union variant is, and its size how
        // long a match over them runs.
        #![allow(clippy::doc_lazy_continuation, clippy::large_enum_variant, clippy::too_many_lines)]

        // The modules are generated; rustfmt would fight prettyplease over them.
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        mod runtime;
        #[rustfmt::skip]
        pub mod types;

        #reexports
        #pagination
        #(#groups)*
    }
}

/// The crate's inner docs: title, description, how to use the client, an
/// example, and the list of Cargo features.
fn crate_docs(api: &Api, settings: &Settings) -> TokenStream {
    let title = format!(
        "Rust client for the {} (version {}).",
        api.title, api.version
    );
    let title = docs::doc_attrs(&title);
    let description = api.description.as_deref().map(|d| {
        let d = docs::doc_attrs(d);
        quote!(#[doc = ""] #d)
    });
    // Inner doc attributes: turn `#[doc]` into `#![doc]`.
    let title = inner(title);
    let description = description.map(inner);
    let example = crate_example(settings);
    let features = features_doc(api, settings);
    quote! {
        #title
        #description
        #![doc = ""]
        #![doc = " Build a [`Client`], call one method per operation, set optional"]
        #![doc = " parameters on the returned request builder, then `.send().await`."]
        #![doc = " All schemas are in [`types`]."]
        #![doc = ""]
        #example
        #features
    }
}

/// The crate docs' example, a line per inner doc attribute: a client made
/// with `from_env`.
fn crate_example(settings: &Settings) -> TokenStream {
    let lib = format_ident!("{}", settings.lib_name());
    let example = format!(
        "```no_run\n# async fn example() -> Result<(), {lib}::Error> {{\nlet client = {lib}::Client::from_env()?;\n# let _ = client;\n# Ok(())\n# }}\n```"
    );
    let example_lines = example.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    quote!(#(#example_lines)*)
}

/// The crate root's re-exports: the client, the crates whose types the
/// public API takes and returns, and the runtime's public types.
fn crate_reexports(api: &Api) -> TokenStream {
    // The crates whose types the public API takes and returns, so callers
    // need no dependency of their own (and no version to keep in step).
    let uuid = cargo::needs_uuid(api).then(|| {
        quote!(
            pub use ::uuid;
        )
    });
    let chrono = cargo::needs_chrono(api).then(|| {
        quote!(
            pub use ::chrono;
        )
    });
    quote! {
        pub use client::*;
        #chrono
        pub use ::serde_json;
        #uuid
        pub use runtime::{ApiError, ApiErrorDetail, ApiResponse, DecodeError, Error};
        pub use runtime::{HeaderMap, StatusCode};
        #[rustfmt::skip]
        pub use runtime::{Decode, Decoded, Deviation, DeviationKind, Extra, JsonPath, PathSegment, decode, decode_strict};
    }
}

/// A group's module, compiled with its feature, and the re-export of its
/// request builders and response enums.
fn group_module(api: &Api, group: &Group) -> TokenStream {
    let cfg = cfg_any(std::slice::from_ref(&group.name));
    let module = format_ident!("{}", group.name);
    let mut names: Vec<&str> = Vec::new();
    for op in api.group_operations(&group.name) {
        names.push(&op.builder_name);
        if let ResponseKind::ByStatus { enum_name, .. } = &op.response {
            names.push(enum_name);
        }
    }
    // In rustfmt's order (version sort), so `cargo fmt` leaves lib.rs
    // as codegen writes it.
    names.sort_by(|a, b| version_order(a, b));
    let names = names.into_iter().map(|n| format_ident!("{}", n));
    quote! {
        #cfg
        #[rustfmt::skip]
        mod #module;
        #cfg
        #[rustfmt::skip]
        pub use #module::{#(#names),*};
    }
}

/// Tolerant decoding of the string formats the crate uses (the runtime
/// cannot name `uuid` or `chrono`, which only some crates depend on): a
/// string that does not parse is kept as sent.
pub(crate) fn format_decoders(api: &Api) -> TokenStream {
    // (type, name in deviations, placeholder, whether text is written as
    // the format requires: the parsers also read other spellings).
    let formats = [
        (
            TypeRef::Uuid,
            "string (uuid)",
            quote!(::uuid::Uuid::nil()),
            // Hyphenated (either case), not braced, URN or bare hex.
            quote!(|text| text.len() == 36 && text.as_bytes()[8] == b'-'),
        ),
        (
            TypeRef::DateTime,
            "string (date-time)",
            quote!(::chrono::DateTime::<::chrono::Utc>::default()),
            quote!(|text| ::chrono::DateTime::parse_from_rfc3339(text).is_ok()),
        ),
        (
            TypeRef::Date,
            "string (date)",
            quote!(::chrono::NaiveDate::default()),
            quote!(|text| ::chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()),
        ),
    ];
    let impls = formats
        .into_iter()
        .filter(|(ty, ..)| api.uses(&|t| t == ty))
        .map(|(ty, expected, fallback, conforms)| {
            let ty = rust_type(&ty);
            quote! {
                impl crate::runtime::Decode for #ty {
                    const EXPECTED: &'static str = #expected;

                    fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                        crate::runtime::parsed(deserializer, Self::EXPECTED, #conforms)
                    }

                    fn fallback() -> Self {
                        #fallback
                    }
                }
            }
        });
    quote!(#(#impls)*)
}

/// The crate docs' list of Cargo features: one per operation group, `full`,
/// `all-types`.
fn features_doc(api: &Api, settings: &Settings) -> TokenStream {
    use crate::ir::{ALL_TYPES, FULL};
    let default_on = api.default_full();
    let mut text = String::from("\n# Features\n\n");
    text.push_str(&format!(
        "Each group of operations (by tag, else by first path segment) is a Cargo feature \
         compiling its methods, request builders and the types they use; `{FULL}` enables them all, \
         and `{ALL_TYPES}` adds the schemas no operation uses"
    ));
    text.push_str(&if default_on {
        format!(
            ". `{ALL_TYPES}` is on by default. To compile only what you call, turn default \
             features off and name the groups you use:\n\n"
        )
    } else {
        ". None is on by default (the API is large): name the groups you use:\n\n".to_owned()
    });
    let example = api.groups.first().map_or(FULL, |g| g.name.as_str());
    text.push_str(&format!(
        "```toml\n[dependencies]\n{} = {{ version = \"{}\", default-features = false, features = [\"{example}\"] }}\n```\n\n",
        settings.crate_name, settings.crate_version
    ));
    for group in &api.groups {
        text.push_str(&format!(
            "- {}: {}.\n",
            docs::code(&group.name),
            client::group_what(api, group).replacen("The", "the", 1)
        ));
    }
    text.push_str(&format!("- `{FULL}`: every group.\n"));
    let unreached = api
        .types
        .iter()
        .filter(|t| api.placement(&t.name) == crate::ir::Placement::Unreached)
        .count();
    text.push_str(&match unreached {
        0 => format!("- `{ALL_TYPES}`: the same as `{FULL}` (operations use every schema).\n"),
        1 => format!("- `{ALL_TYPES}`: `{FULL}`, and the one schema no operation uses.\n"),
        n => format!(
            "- `{ALL_TYPES}`: `{FULL}`, and the {n} schemas no operation uses (such as error \
             bodies), for decoding them yourself.\n"
        ),
    });
    inner(docs::trusted_doc(&text))
}

/// rustfmt's "version sort" of identifiers: runs of digits compare as
/// numbers (`Get2` before `Get10`), everything else byte by byte.
fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, xa), (db, xb)) in ca.iter().zip(&cb) {
        let ord = if *da && *db {
            let (ta, tb) = (xa.trim_start_matches('0'), xb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
        } else {
            xa.cmp(xb)
        };
        if ord.is_ne() {
            return ord;
        }
    }
    ca.len().cmp(&cb.len())
}

fn inner(outer_docs: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    for tt in outer_docs {
        if let proc_macro2::TokenTree::Punct(p) = &tt {
            if p.as_char() == '#' {
                out.extend(quote!(#));
                out.extend(quote!(!));
                continue;
            }
        }
        out.extend(std::iter::once(tt));
    }
    out
}

/// The Rust spelling of a type use, as the generated crate writes it
/// (`::std::vec::Vec<crate::types::Pet>`): a tool compiled against the
/// crate resolves it with `use <crate>::types;` at its root.
pub fn type_spelling(ty: &TypeRef) -> String {
    rust_type(ty).to_string()
}

/// The Rust spelling of a type use, fully qualified.
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Integer(kind) => match kind {
            IntKind::I8 => quote!(i8),
            IntKind::I16 => quote!(i16),
            IntKind::I32 => quote!(i32),
            IntKind::I64 => quote!(i64),
            IntKind::U8 => quote!(u8),
            IntKind::U16 => quote!(u16),
            IntKind::U32 => quote!(u32),
            IntKind::U64 => quote!(u64),
        },
        TypeRef::F64 => quote!(f64),
        TypeRef::Uuid => quote!(::uuid::Uuid),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Bytes => quote!(::std::vec::Vec<u8>),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
        TypeRef::Array(t) => {
            let t = rust_type(t);
            quote!(::std::vec::Vec<#t>)
        }
        TypeRef::Map(t) => {
            let t = rust_type(t);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        TypeRef::Option(t) => {
            let t = rust_type(t);
            quote!(::std::option::Option<#t>)
        }
        TypeRef::Boxed(t) => {
            let t = rust_type(t);
            quote!(::std::boxed::Box<#t>)
        }
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            quote!(crate::types::#name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_types_module_is_the_same_formatted_in_parts_or_whole() {
        // Shared, unreached and group-only types, so parts start and end
        // on every kind of item (and on types the part leaves out).
        let yaml = include_str!("../../../tests/fixtures/tags.yaml");
        let doc = crate::load(yaml).expect("fixture loads");
        let settings = Settings::new("tags");
        let api = crate::lower::lower(&doc, &settings)
            .expect("fixture lowers")
            .api;
        let whole = emit_in_parts(&api, &settings, usize::MAX).expect("emits");
        for per_part in [1, 2, 3] {
            let parts = emit_in_parts(&api, &settings, per_part).expect("emits");
            assert_eq!(
                parts["src/types.rs"], whole["src/types.rs"],
                "{per_part} per part"
            );
            assert_eq!(parts, whole);
        }
    }
}
