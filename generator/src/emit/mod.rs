//! Stage 3, *emit*: IR → token streams (with `quote`) → formatted files.
//!
//! Emitters see only the IR: no `$ref`s, no raw JSON, no naming decisions.
//! Spec text reaches the output only as string literals (docs, wire names),
//! never as tokens, so it cannot inject code.

mod body;
mod cargo;
mod client;
mod client_builder;
pub mod docs;
mod param_text;
mod readme;
mod request;
mod response;
mod stream;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::Result;
use crate::format::{Origin, format_rust, header};
use crate::ir::{Api, IntKind, TypeRef};
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
    ("union.rs", include_str!("../../runtime/runtime/union.rs")),
];
/// The hand-written pagination helper, copied into crates that paginate.
pub const PAGINATION: &str = include_str!("../../runtime/pagination.rs");

/// Emits every file of the crate, formatted: path → contents.
pub fn emit(api: &Api, settings: &Settings) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    let header = header(settings, "//", Origin::Document);
    files.insert("Cargo.toml".to_owned(), cargo::manifest(api, settings));
    files.insert("README.md".to_owned(), readme::readme(api, settings));
    files.insert(
        "src/lib.rs".to_owned(),
        format_rust(emit_lib(api, settings), &header)?,
    );
    files.insert(
        "src/types.rs".to_owned(),
        format_rust(types::emit_types(api), &header)?,
    );
    files.insert(
        "src/client.rs".to_owned(),
        format_rust(client::emit_client(api, settings), &header)?,
    );
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

fn emit_lib(api: &Api, settings: &Settings) -> TokenStream {
    let lib = format_ident!("{}", settings.lib_name());
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
    let pagination = api.paginates().then(|| {
        quote! {
            #[rustfmt::skip]
            mod pagination;
            pub use pagination::{Stream, StreamExt, TryStreamExt};
        }
    });
    quote! {
        #title
        #description
        #![doc = ""]
        #![doc = " Build a [`Client`], call one method per operation, set optional"]
        #![doc = " parameters on the returned request builder, then `.send().await`."]
        #![doc = " All schemas are in [`types`]."]
        #![doc = ""]
        #(#example_lines)*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        // The modules are generated; rustfmt would fight prettyplease over them.
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        mod runtime;
        #[rustfmt::skip]
        pub mod types;

        pub use client::*;
        pub use runtime::{ApiError, ApiErrorDetail, ApiResponse, DecodeError, Error};
        pub use runtime::{HeaderMap, StatusCode};
        #pagination
    }
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
