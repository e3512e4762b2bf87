//! `.stream()` for operations with page-number pagination.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::trusted_doc;
use super::spelling::rust_type;
use crate::ir::{IntKind, Pagination, TypeRef};

/// `.stream()` for an operation with page-number pagination.
pub(super) fn emit_stream(p: &Pagination, builder: &proc_macro2::Ident) -> TokenStream {
    let item = rust_type(&p.item_ty);
    let page_field = format_ident!("{}", p.page_param);
    let to_i64 = match &p.page_ty {
        TypeRef::Integer(IntKind::I64) => quote!(),
        TypeRef::Integer(IntKind::U64) => {
            quote!(.map(|page| i64::try_from(page).unwrap_or(i64::MAX)))
        }
        // Saturating, and whole pages only.
        TypeRef::F64 => quote!(.map(|page| page as i64)),
        _ => quote!(.map(i64::from)),
    };
    let from_i64 = match &p.page_ty {
        TypeRef::Integer(IntKind::I64) => quote!(page),
        TypeRef::F64 => quote!(page as f64),
        other => {
            let page_ty = rust_type(other);
            quote!(#page_ty::try_from(page).unwrap_or(#page_ty::MAX))
        }
    };
    let size = match (&p.size_param, &p.size_ty) {
        (Some(size), Some(ty)) => {
            let field = format_ident!("{size}");
            let conv = to_u64(ty, quote!(size));
            quote!(self.#field.and_then(|size| #conv))
        }
        _ => quote!(::std::option::Option::None),
    };
    // Borrowing walk for the total, then a moving walk for the items.
    let total = match (&p.total, &p.total_ty) {
        (Some(steps), Some(ty)) => {
            let walk = steps.iter().map(|s| {
                let f = format_ident!("{}", s.field);
                if s.optional {
                    quote!(.and_then(|x| x.#f.as_ref()))
                } else {
                    quote!(.map(|x| &x.#f))
                }
            });
            let conv = to_u64(ty, quote!(*total));
            quote!(::std::option::Option::Some(&body) #(#walk)* .and_then(|total| #conv))
        }
        _ => quote!(::std::option::Option::None),
    };
    let items = p.items.iter().map(|s| {
        let f = format_ident!("{}", s.field);
        if s.optional {
            quote!(.and_then(|x| x.#f))
        } else {
            quote!(.map(|x| x.#f))
        }
    });
    let doc = trusted_doc(&format!(
        "Every item across pages, fetched lazily one page at a time from page 1 \
         (or the page set with [`{page}`](Self::{page})). Stops after the last item the API \
         reports, or at an empty page; an error ends the stream.",
        page = p.page_param
    ));
    quote! {
        impl #builder {
            #doc
            pub fn stream(self) -> impl crate::Stream<Item = ::std::result::Result<#item, crate::Error>> + Send + 'static {
                let first = self.#page_field #to_i64 .unwrap_or(1);
                let size = #size;
                crate::pagination::paginate(first, size, move |page| {
                    let mut request = self.clone();
                    request.#page_field = ::std::option::Option::Some(#from_i64);
                    async move {
                        let body = request.send().await?;
                        let total = #total;
                        let items = ::std::option::Option::Some(body) #(#items)* .unwrap_or_default();
                        ::std::result::Result::Ok(crate::pagination::Page { items, total })
                    }
                })
            }
        }
    }
}

/// `Option<u64>` from a count of type `ty`: `None` for a negative or
/// fractional `number`, or one out of range.
fn to_u64(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Integer(IntKind::U64) => quote!(::std::option::Option::Some(#value)),
        TypeRef::F64 => quote! {{
            let count: f64 = #value;
            (count >= 0.0 && count.fract() == 0.0 && count < 1.8e19).then_some(count as u64)
        }},
        _ => quote!(u64::try_from(#value).ok()),
    }
}
