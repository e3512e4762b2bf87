//! Request body encoders: JSON, form, raw bytes or text, and multipart
//! parts as lowering listed them (or as the caller named them).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{BodyMedia, PartKind, TypeRef};

/// Where the body value is when it is encoded.
#[derive(Clone, Copy)]
pub(super) enum BodyPlace {
    /// A required body: the builder's `body` field.
    Field,
    /// An optional body, inside the closure that binds it as `body`.
    Bound,
}

/// An expression encoding `body` (a reference to the body value) as a
/// `Result<runtime::Body, Error>`.
pub(super) fn encode_body(body: &crate::ir::Body, place: BodyPlace) -> TokenStream {
    let value = match place {
        BodyPlace::Field => quote!(&self.body),
        BodyPlace::Bound => quote!(body),
    };
    match &body.media {
        // Properties added with `extra_body` join the JSON object.
        BodyMedia::Json => quote!(crate::runtime::to_json(#value, &self.__options.extra_body)),
        BodyMedia::Form => quote!(crate::runtime::to_form(#value)),
        BodyMedia::Raw(media) if body.ty == TypeRef::String => {
            quote!(crate::runtime::raw(#media, #value.as_bytes()))
        }
        BodyMedia::Raw(media) => quote!(crate::runtime::raw(#media, #value)),
        BodyMedia::Multipart if body.ty == TypeRef::MultipartParts => {
            quote!(crate::runtime::Multipart::of(#value).finish())
        }
        BodyMedia::Multipart => {
            let bind = match place {
                BodyPlace::Field => Some(quote!(let body = #value;)),
                BodyPlace::Bound => None,
            };
            let parts = body.parts.iter().map(|part| {
                let field = format_ident!("{}", part.field);
                let wire = &part.wire_name;
                let add = match part.kind {
                    PartKind::File => quote!(form.file(#wire, v);),
                    PartKind::Files => quote!(for file in v { form.file(#wire, file); }),
                    PartKind::Value => quote!(form.value(#wire, v)?;),
                };
                if part.optional {
                    quote!(if let ::std::option::Option::Some(v) = &body.#field { #add })
                } else {
                    quote!({ let v = &body.#field; #add })
                }
            });
            quote! {
                {
                    #bind
                    let mut form = crate::runtime::Multipart::default();
                    #(#parts)*
                    form.finish()
                }
            }
        }
    }
}
