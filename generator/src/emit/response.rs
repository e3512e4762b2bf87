//! What an operation answers with: the response type, the decoding of
//! `raw` (by status for several success shapes) and the `Outcome` enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::trusted_doc;
use super::spelling::rust_type;
use crate::ir::{
    ErrorBodies, ErrorCase, Operation, ResponseKind, StatusCase, StatusMatch, TypeRef,
};

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

/// `RequestParts::error_body`: the builder's [`error_hook`], or `None`
/// when the operation documents no error body.
pub(super) fn error_body_field(op: &Operation) -> TokenStream {
    match op.errors {
        Some(_) => quote!(::std::option::Option::Some(Self::__error_body)),
        None => quote!(::std::option::Option::None),
    }
}

/// The builder's `__error_body` hook, which decodes an error answer's body
/// as the type documented for its status: a `match` (exact codes first,
/// codes read alike sharing an arm, then ranges, then `default`), or the
/// plain `if` or call clippy wants when there is only one way.
pub(super) fn error_hook(op: &Operation) -> Option<TokenStream> {
    let errors = op.errors.as_ref()?;
    let (arms, default) = error_arms(errors);
    let body = match (arms.as_slice(), default) {
        ([], Some(read)) => quote!(#read;),
        ([(codes, read)], None) => {
            let test = match codes {
                StatusTest::Codes(codes) if codes.len() == 1 => {
                    let code = &codes[0];
                    quote!(error.status.as_u16() == #code)
                }
                StatusTest::Codes(codes) => quote!(matches!(error.status.as_u16(), #(#codes)|*)),
                StatusTest::Range(digit) => quote!(error.status.as_u16() / 100 == #digit),
            };
            quote!(if #test { #read; })
        }
        (arms, default) => {
            let arms = arms.iter().map(|(test, read)| match test {
                StatusTest::Codes(codes) => quote!(#(#codes)|* => #read,),
                StatusTest::Range(digit) => quote!(status if status / 100 == #digit => #read,),
            });
            let other = default.map_or_else(|| quote!(_ => {}), |read| quote!(_ => #read,));
            quote! {
                match error.status.as_u16() {
                    #(#arms)*
                    #other
                }
            }
        }
    };
    Some(quote! {
        /// Decodes an error answer's body as the type documented for its status.
        fn __error_body(error: &mut crate::ApiError) {
            #body
        }
    })
}

/// Which statuses one arm of the error hook covers.
enum StatusTest {
    /// These codes.
    Codes(Vec<proc_macro2::Literal>),
    /// Any code with this first digit.
    Range(proc_macro2::Literal),
}

/// The error hook's arms, each with the call reading the body, and the
/// `default` case's call.
fn error_arms(errors: &ErrorBodies) -> (Vec<(StatusTest, TokenStream)>, Option<TokenStream>) {
    let read = |c: &ErrorCase| match &errors.enum_name {
        Some(name) => {
            let (name, variant) = (format_ident!("{name}"), format_ident!("{}", c.variant));
            quote!(error.read_body(#name::#variant))
        }
        None => {
            let ty = rust_type(&c.ty);
            quote!(error.read_body(::std::convert::identity::<#ty>))
        }
    };
    let mut exact: Vec<(StatusTest, TokenStream)> = Vec::new();
    let mut ranges = Vec::new();
    let mut default = None;
    for c in &errors.cases {
        let read = read(c);
        match c.status {
            StatusMatch::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                let same = exact
                    .iter_mut()
                    .find(|(_, r)| r.to_string() == read.to_string());
                match same {
                    Some((StatusTest::Codes(codes), _)) => codes.push(code),
                    _ => exact.push((StatusTest::Codes(vec![code]), read)),
                }
            }
            StatusMatch::Range(digit) => {
                let digit = proc_macro2::Literal::u16_unsuffixed(digit);
                ranges.push((StatusTest::Range(digit), read));
            }
            StatusMatch::Default => default = Some(read),
        }
    }
    exact.extend(ranges);
    (exact, default)
}

/// The enum of an operation whose error statuses have different body
/// types: a variant per status, found on an error with `of`.
pub(super) fn emit_error_enum(op: &Operation) -> Option<TokenStream> {
    let errors = op.errors.as_ref()?;
    let name = format_ident!("{}", errors.enum_name.as_ref()?);
    let method = &op.method_name;
    let doc = trusted_doc(&format!(
        "The body of an error answer of [`Client::{method}`], decoded as documented for its status: \
         one variant per documented error status. Read it from the error with [`{name}::of`]."
    ));
    let variants = errors.cases.iter().map(|c| {
        let variant = format_ident!("{}", c.variant);
        let vdoc = trusted_doc(&match c.status {
            StatusMatch::Default => "The body of an answer with any other error status.".to_owned(),
            status => format!("The body of a `{status}` answer."),
        });
        let ty = rust_type(&c.ty);
        quote!(#vdoc #variant(#ty),)
    });
    let of_doc = trusted_doc(&format!(
        "The typed body `error` carries, when it is an error answer of [`Client::{method}`] \
         with a documented status and a JSON body (see [`ApiError::typed_body`](crate::ApiError::typed_body))."
    ));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            #of_doc
            pub fn of(error: &crate::Error) -> ::std::option::Option<&Self> {
                error.typed_body()
            }
        }
    })
}

/// The `# Errors` section of an operation's docs, when it types error
/// bodies: which statuses, as which type, and how to read it.
pub(super) fn errors_doc(op: &Operation) -> Option<TokenStream> {
    let errors = op.errors.as_ref()?;
    let text = match &errors.enum_name {
        Some(name) => format!(
            "# Errors\n\n[`Error::Api`](crate::Error::Api) for an error answer. The body of {} \
             is also decoded, as one of [`{name}`]'s variants: read it with [`{name}::of`].",
            errors.which_answers()
        ),
        None => format!(
            "# Errors\n\n[`Error::Api`](crate::Error::Api) for an error answer. The body of {} \
             is also decoded, as {}: read it with [`Error::typed_body`](crate::Error::typed_body).",
            errors.which_answers(),
            type_in_docs(&errors.cases[0].ty)
        ),
    };
    Some(trusted_doc(&text))
}

/// A type as the docs name it: a link for a named type, its spelling
/// otherwise.
fn type_in_docs(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("[`{name}`](crate::types::{name})"),
        other => format!("`{other}`"),
    }
}
