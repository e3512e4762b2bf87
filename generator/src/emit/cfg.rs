//! Cargo-feature gating: the `cfg` attributes over groups' features, and
//! putting one on each item a type emitter wrote (so the emitters
//! themselves know nothing of features).

use proc_macro2::TokenStream;
use quote::quote;

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
