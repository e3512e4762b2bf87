//! Type spelling: how the generated crate writes a type use, fully
//! qualified (`::std::vec::Vec<crate::types::Pet>`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{IntKind, TypeRef};

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
        TypeRef::MultipartParts => quote!(crate::MultipartParts),
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
