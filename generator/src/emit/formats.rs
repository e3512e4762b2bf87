//! The `Decode` impls of the string formats the crate uses (`uuid`,
//! `date-time`, `date`), written into the shared types module: the runtime
//! cannot name `uuid` or `chrono`, which only some crates depend on.

use proc_macro2::TokenStream;
use quote::quote;

use super::spelling::rust_type;
use crate::ir::{Api, TypeRef};

/// Tolerant decoding of the string formats the crate uses: a string that
/// does not parse is kept as sent.
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
