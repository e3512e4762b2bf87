//! What an operation answers with: the response type, the decoding of
//! `raw` (by status for several success shapes) and the `Outcome` enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::trusted_doc;
use super::spelling::rust_type;
use crate::ir::{Operation, ResponseKind, StatusCase, StatusMatch};

pub(super) fn response_type(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Json(t) => rust_type(t),
        ResponseKind::Text => quote!(::std::string::String),
        ResponseKind::Bytes => quote!(::std::vec::Vec<u8>),
        ResponseKind::Empty => quote!(()),
        ResponseKind::ByStatus { enum_name, .. } => {
            let name = format_ident!("{enum_name}");
            quote!(#name)
        }
    }
}

/// The `RawResponse` method that reads a body of this kind.
pub(super) fn decoder(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Json(_) | ResponseKind::ByStatus { .. } => quote!(json),
        ResponseKind::Text => quote!(text),
        ResponseKind::Bytes => quote!(bytes),
        ResponseKind::Empty => quote!(empty),
    }
}

/// Reads `raw` into the operation's response type: directly, or for
/// several success shapes by the status received.
pub(super) fn decode_expr(op: &Operation) -> TokenStream {
    let ResponseKind::ByStatus { enum_name, cases } = &op.response else {
        let read = decoder(&op.response);
        return quote!(raw.#read());
    };
    let outcome = format_ident!("{enum_name}");
    let arm = |c: &StatusCase| {
        let variant = format_ident!("{}", c.variant);
        let read = decoder(&c.body);
        if c.body == ResponseKind::Empty {
            quote!(raw.#read().map(|response| response.map(|()| #outcome::#variant)))
        } else {
            quote!(raw.#read().map(|response| response.map(#outcome::#variant)))
        }
    };
    let exact = cases.iter().filter_map(|c| match c.status {
        StatusMatch::Code(code) => {
            let read = arm(c);
            Some(quote!(#code => #read,))
        }
        _ => None,
    });
    let ranges = cases.iter().filter_map(|c| match c.status {
        StatusMatch::Range(digit) => {
            let read = arm(c);
            // A guard, not a range pattern: exact codes above take precedence.
            Some(quote!(status if status / 100 == #digit => #read,))
        }
        _ => None,
    });
    // Undeclared statuses: the `default` case, else the first one.
    let fallback = cases
        .iter()
        .find(|c| c.status == StatusMatch::Default)
        .or(cases.first());
    let fallback = fallback.map(|c| {
        let read = arm(c);
        quote!(_ => #read,)
    });
    quote! {
        match raw.status().as_u16() {
            #(#exact)*
            #(#ranges)*
            #fallback
        }
    }
}

/// The enum an operation with several success shapes returns.
pub(super) fn emit_outcome(op: &Operation) -> Option<TokenStream> {
    let ResponseKind::ByStatus { enum_name, cases } = &op.response else {
        return None;
    };
    let name = format_ident!("{enum_name}");
    let doc = trusted_doc(&format!(
        "What [`Client::{}`] answers with: one variant per documented success status.",
        op.method_name
    ));
    let variants = cases.iter().map(|c| {
        let variant = format_ident!("{}", c.variant);
        let status = match c.status {
            StatusMatch::Code(code) => format!("A `{code}` response."),
            StatusMatch::Range(digit) => format!("A `{digit}XX` response."),
            StatusMatch::Default => "A response with any other success status.".to_owned(),
        };
        let vdoc = trusted_doc(&status);
        if c.body == ResponseKind::Empty {
            quote!(#vdoc #variant,)
        } else {
            let ty = response_type(&c.body);
            quote!(#vdoc #variant(#ty),)
        }
    });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}
