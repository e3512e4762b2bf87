//! How a parameter value becomes wire text, as lowering decided
//! ([`ParamText`]). A `deepObject` query parameter is many pairs, not one
//! text: `prepare` sends it through `Query::push_deep`, and only query
//! parameters are ever `deepObject`; the functions here give such a value
//! its JSON text, which is what it would be as a single pair.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::ParamText;

/// An expression for the wire text of `place` that coerces to `&str`:
/// borrowed where the value already is text.
pub(super) fn text_ref(text: ParamText, place: TokenStream) -> TokenStream {
    match text {
        ParamText::String | ParamText::Enum => quote!(#place.as_str()),
        ParamText::DateTime => {
            quote!(&#place.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true))
        }
        ParamText::Display => quote!(&#place.to_string()),
        ParamText::Serde | ParamText::DeepObject => {
            quote!(&crate::runtime::param_text(&#place))
        }
    }
}

/// The wire text of `v`, an item of an array parameter, as something that
/// is `AsRef<str>` and outlives the closure it is made in.
pub(super) fn text_item(text: ParamText) -> TokenStream {
    match text {
        ParamText::String | ParamText::Enum => quote!(v.as_str()),
        _ => text_owned(text, quote!(v)),
    }
}

/// Like [`text_ref`], as an owned `String`.
pub(super) fn text_owned(text: ParamText, place: TokenStream) -> TokenStream {
    match text {
        ParamText::String => quote!(#place.clone()),
        ParamText::Enum => quote!(#place.as_str().to_owned()),
        ParamText::DateTime => {
            quote!(#place.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true))
        }
        ParamText::Display => quote!(#place.to_string()),
        ParamText::Serde | ParamText::DeepObject => quote!(crate::runtime::param_text(&#place)),
    }
}
