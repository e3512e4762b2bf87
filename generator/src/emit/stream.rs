//! `.pages()` and `.stream()` for operations that page: each style's way
//! to ask for the next page, over the runtime's `pagination` drivers
//! (which decide when a stream ends).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::trusted_doc;
use super::response::response_type;
use super::spelling::rust_type;
use crate::ir::{
    Count, FieldStep, IntKind, NextCursor, Operation, PageParam, PageStyle, Pagination, TypeRef,
};

/// `.pages()` and `.stream()` for an operation that pages.
pub(super) fn emit_pager(op: &Operation, p: &Pagination, builder: &Ident) -> TokenStream {
    let page_ty = response_type(&op.response);
    let item = rust_type(&p.item_ty);
    let (drive, ends) = match &p.style {
        PageStyle::PageNumber {
            page,
            size,
            total,
            total_pages,
        } => page_number(p, page, size.as_ref(), total.as_ref(), total_pages.as_ref()),
        PageStyle::Offset {
            offset,
            limit,
            limit_max,
            total,
        } => offset_pages(p, offset, limit.as_ref(), *limit_max, total.as_ref()),
        PageStyle::Cursor {
            param,
            next,
            has_more,
        } => cursor(p, param, next, has_more.as_deref()),
        PageStyle::LinkHeader => link_header(p),
    };
    let items = moving_walk(quote!(body), &p.items);
    let pages_doc = trusted_doc(&format!(
        "Every page of the list, each the response [`send`](Self::send) would give, fetched \
         lazily: the next one only once this one has been taken. {ends} An error is the last \
         item."
    ));
    let stream_doc = trusted_doc(&format!(
        "Every item across pages, fetched lazily one page at a time (see \
         [`pages`](Self::pages)). {ends} An error ends the stream."
    ));
    quote! {
        impl #builder {
            #pages_doc
            pub fn pages(self) -> impl crate::Stream<Item = ::std::result::Result<#page_ty, crate::Error>> + Send + 'static {
                #drive
            }

            #stream_doc
            pub fn stream(self) -> impl crate::Stream<Item = ::std::result::Result<#item, crate::Error>> + Send + 'static {
                crate::pagination::items(self.pages(), |body: #page_ty| #items)
            }
        }
    }
}

/// Page numbers: from the page the caller set (else 1), each page the
/// next number.
fn page_number(
    p: &Pagination,
    page: &PageParam,
    size: Option<&PageParam>,
    total: Option<&Count>,
    total_pages: Option<&Count>,
) -> (TokenStream, String) {
    let field = format_ident!("{}", page.name);
    let to_i64 = match &page.ty {
        TypeRef::Integer(IntKind::I64) => quote!(),
        TypeRef::Integer(IntKind::U64) => {
            quote!(.map(|page| i64::try_from(page).unwrap_or(i64::MAX)))
        }
        // Saturating, and whole pages only.
        TypeRef::F64 => quote!(.map(|page| page as i64)),
        _ => quote!(.map(i64::from)),
    };
    let set = from_wide(&page.ty, quote!(page), IntKind::I64);
    let size = size.map_or(quote!(::std::option::Option::None), |size| {
        let f = format_ident!("{}", size.name);
        option_to_u64(&size.ty, quote!(self.#f), &format_ident!("size"))
    });
    let reads: Vec<TokenStream> = [
        count_read(quote!(total), total),
        count_read(quote!(total_pages), total_pages),
    ]
    .into_iter()
    .flatten()
    .collect();
    let fetch = fetch_page(p, &reads);
    let drive = quote! {
        let first = self.#field #to_i64 .unwrap_or(1);
        let size = #size;
        crate::pagination::by_page_number(first, size, move |page| {
            let mut request = self.clone();
            request.#field = ::std::option::Option::Some(#set);
            #fetch
        })
    };
    let mut stops = Vec::new();
    if total.is_some() {
        stops.push("after the last item the API reports".to_owned());
    }
    if total_pages.is_some() {
        stops.push("after the last page the API reports".to_owned());
    }
    stops.push("at an empty page".to_owned());
    let ends = format!(
        "Starts at page 1, or the page set with [`{page}`](Self::{page}); ends {}.",
        stops.join(", or "),
        page = page.name
    );
    (drive, ends)
}

/// Offsets: from the offset the caller set (else 0), advanced by the items
/// of each page.
fn offset_pages(
    p: &Pagination,
    offset: &PageParam,
    limit: Option<&PageParam>,
    limit_max: Option<u64>,
    total: Option<&Count>,
) -> (TokenStream, String) {
    let field = format_ident!("{}", offset.name);
    let start = option_to_u64(&offset.ty, quote!(self.#field), &format_ident!("offset"));
    let set = from_wide(&offset.ty, quote!(offset), IntKind::U64);
    // A page shorter than the limit asked for ends the list only when the
    // document promises to honour that limit.
    let trusted = match (limit, limit_max) {
        (Some(limit), Some(max)) => {
            let f = format_ident!("{}", limit.name);
            let limit = option_to_u64(&limit.ty, quote!(self.#f), &format_ident!("limit"));
            quote!(#limit.filter(|limit| *limit <= #max))
        }
        _ => quote!(::std::option::Option::None),
    };
    let reads: Vec<TokenStream> = count_read(quote!(total), total).into_iter().collect();
    let fetch = fetch_page(p, &reads);
    let drive = quote! {
        let first = #start.unwrap_or(0);
        let trusted_limit = #trusted;
        crate::pagination::by_offset(first, trusted_limit, move |offset| {
            let mut request = self.clone();
            request.#field = ::std::option::Option::Some(#set);
            #fetch
        })
    };
    let mut stops = Vec::new();
    if total.is_some() {
        stops.push("at the last item the API reports".to_owned());
    }
    stops.push("at an empty page".to_owned());
    if let (Some(limit), Some(max)) = (limit, limit_max) {
        stops.push(format!(
            "at a page shorter than a [`{name}`](Self::{name}) of at most {max}",
            name = limit.name
        ));
    }
    let ends = format!(
        "Starts at offset 0, or the offset set with [`{name}`](Self::{name}), and moves on by \
         the items received; ends {}.",
        stops.join(", or "),
        name = offset.name
    );
    (drive, ends)
}

/// Cursors: from the cursor the caller set (else none), each page giving
/// the next.
fn cursor(
    p: &Pagination,
    param: &str,
    next: &NextCursor,
    has_more: Option<&[FieldStep]>,
) -> (TokenStream, String) {
    let field = format_ident!("{param}");
    let (next_code, from) = match next {
        NextCursor::Field(steps) => {
            let walk = borrowing_walk(quote!(&fetched.body), steps);
            (
                quote!(#walk.cloned()),
                "then from the next cursor each page gives; ends when a page gives none, or one \
                 already followed,",
            )
        }
        NextCursor::LastItem(step) => {
            let items = borrowing_walk(quote!(&fetched.body), &p.items);
            let f = format_ident!("{}", step.field);
            let id = if step.optional {
                quote!(.and_then(|item| item.#f.clone()))
            } else {
                quote!(.map(|item| item.#f.clone()))
            };
            (
                quote!(#items.and_then(|items| items.last()) #id),
                "then from the last item of each page; ends when that item has no cursor, or one \
                 already followed,",
            )
        }
    };
    let mut reads = vec![quote!(fetched.next = #next_code;)];
    let mut more = "";
    if let Some(steps) = has_more {
        let walk = borrowing_walk(quote!(&fetched.body), steps);
        reads.push(quote!(fetched.has_more = #walk.copied();));
        more = " when the API says no more pages follow,";
    }
    let fetch = fetch_page(p, &reads);
    let drive = quote! {
        let first = self.#field.clone();
        crate::pagination::by_cursor(first, move |cursor| {
            let mut request = self.clone();
            request.#field = cursor;
            #fetch
        })
    };
    let ends = format!(
        "Starts from the cursor set with [`{param}`](Self::{param}), if any, {from}{more} or at \
         an empty page."
    );
    (drive, ends)
}

/// `Link` headers: the request as built, then each page's `rel="next"` URL.
fn link_header(p: &Pagination) -> (TokenStream, String) {
    let count = item_count(p);
    let drive = quote! {
        crate::pagination::by_link(move |link| {
            let mut request = self.clone();
            request.__options.page_url = link;
            async move {
                let response = request.send_with_response().await?;
                let next = crate::pagination::next_link(&response.headers);
                let body = response.body;
                let items = #count;
                let mut fetched = crate::pagination::Page::new(body, items);
                fetched.next = next;
                ::std::result::Result::Ok(fetched)
            }
        })
    };
    let ends = "Follows the `Link` header's `rel=\"next\"` URL while it stays on the API's \
                origin; ends at an empty page or when no new next link comes."
        .to_owned();
    (drive, ends)
}

/// The future fetching one page with `request` and reading it (`reads`
/// are statements on `fetched`).
fn fetch_page(p: &Pagination, reads: &[TokenStream]) -> TokenStream {
    let count = item_count(p);
    let binding = if reads.is_empty() {
        quote!(fetched)
    } else {
        quote!(mut fetched)
    };
    quote! {
        async move {
            let body = request.send().await?;
            let items = #count;
            let #binding = crate::pagination::Page::new(body, items);
            #(#reads)*
            ::std::result::Result::Ok(fetched)
        }
    }
}

/// How many items `body` holds.
fn item_count(p: &Pagination) -> TokenStream {
    if p.items.is_empty() {
        return quote!(body.len());
    }
    let walk = borrowing_walk(quote!(&body), &p.items);
    quote!(#walk.map_or(0, |items| items.len()))
}

/// `fetched.<name> = <the count at count>;`, when there is one.
fn count_read(name: TokenStream, count: Option<&Count>) -> Option<TokenStream> {
    let count = count?;
    let walk = borrowing_walk(quote!(&fetched.body), &count.path);
    let conv = to_u64(&count.ty, quote!(*count));
    Some(quote!(fetched.#name = #walk.and_then(|count| #conv);))
}

/// `Option<&T>` of the field at `steps` from `base` (a reference).
fn borrowing_walk(base: TokenStream, steps: &[FieldStep]) -> TokenStream {
    let walk = steps.iter().map(|s| {
        let f = format_ident!("{}", s.field);
        if s.optional {
            quote!(.and_then(|x| x.#f.as_ref()))
        } else {
            quote!(.map(|x| &x.#f))
        }
    });
    quote!(::std::option::Option::Some(#base) #(#walk)*)
}

/// The item vector at `steps`, moved out of `base` (empty when absent).
fn moving_walk(base: TokenStream, steps: &[FieldStep]) -> TokenStream {
    if steps.is_empty() {
        return base;
    }
    let walk = steps.iter().map(|s| {
        let f = format_ident!("{}", s.field);
        if s.optional {
            quote!(.and_then(|x| x.#f))
        } else {
            quote!(.map(|x| x.#f))
        }
    });
    quote!(::std::option::Option::Some(#base) #(#walk)* .unwrap_or_default())
}

/// `value` (of the integer type `wide`) as the parameter's type,
/// saturating.
fn from_wide(ty: &TypeRef, value: TokenStream, wide: IntKind) -> TokenStream {
    match ty {
        TypeRef::F64 => quote!(#value as f64),
        TypeRef::Integer(kind) if *kind == wide => value,
        other => {
            let ty = rust_type(other);
            quote!(#ty::try_from(#value).unwrap_or(#ty::MAX))
        }
    }
}

/// `Option<u64>` from `option`, an `Option` of a count of type `ty`.
fn option_to_u64(ty: &TypeRef, option: TokenStream, name: &Ident) -> TokenStream {
    if *ty == TypeRef::Integer(IntKind::U64) {
        return option;
    }
    let conv = to_u64(ty, quote!(#name));
    quote!(#option.and_then(|#name| #conv))
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
