//! The generated crate's root, `src/lib.rs`: the crate docs (with the
//! features list), lints, modules, re-exports, and one feature-gated module
//! per operation group.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::cfg::cfg_any;
use super::docs::{self, inner};
use super::{cargo, groups};
use crate::ir::{Api, Group, ResponseKind};
use crate::settings::Settings;

/// `src/lib.rs`: the crate docs, its lints, modules and re-exports, and a
/// module per group of operations.
pub(super) fn emit_lib(api: &Api, settings: &Settings) -> TokenStream {
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
    let events = api.streams_events().then(|| {
        // The stream traits come from `pagination` when the crate pages.
        let traits = (!api.paginates()).then(|| {
            quote!(
                pub use sse::{Stream, StreamExt, TryStreamExt};
            )
        });
        quote! {
            #[rustfmt::skip]
            #[allow(dead_code)]
            mod sse;
            pub use sse::Event;
            #traits
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
        #events
        #(#groups)*
    }
}

/// The crate's inner docs: title, description, how to use the client, an
/// example, and the list of Cargo features.
fn crate_docs(api: &Api, settings: &Settings) -> TokenStream {
    let intro = intro_docs(api);
    let example = crate_example(settings);
    let features = features_doc(api, settings);
    quote! {
        #intro
        #example
        #features
    }
}

/// The start of the crate docs, as inner doc attributes: title,
/// description, and how to use the client (also the docs of a client
/// embedded as a module, `super::embed`).
pub(super) fn intro_docs(api: &Api) -> TokenStream {
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
    quote! {
        #title
        #description
        #![doc = ""]
        #![doc = " Build a [`Client`], call one method per operation, set optional"]
        #![doc = " parameters on the returned request builder, then `.send().await`."]
        #![doc = " All schemas are in [`types`]."]
        #![doc = ""]
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
    // The parts of multipart bodies the document names no parts of.
    let parts = api.takes_multipart_parts().then(|| {
        quote!(
            pub use runtime::MultipartParts;
        )
    });
    quote! {
        pub use client::*;
        #chrono
        pub use ::serde_json;
        #uuid
        #parts
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
        if let Some(name) = op.errors.as_ref().and_then(|e| e.enum_name.as_ref()) {
            names.push(name);
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
            groups::group_what(api, group).replacen("The", "the", 1)
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
