//! A request builder's `__prepare`: the request's path, query, headers
//! (cookies included) and body, ready for the runtime to send.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::param_text::{text_item, text_owned, text_ref};
use crate::ir::{Operation, Param, ParamLocation, ParamText, PathPart, ResponseKind, TypeRef};

/// `__prepare`, given the statement assembling the body struct (for a body
/// given field by field) and the expression for `RequestParts::body`.
pub(super) fn emit_prepare(
    op: &Operation,
    assemble: Option<TokenStream>,
    body_expr: &TokenStream,
) -> TokenStream {
    let path_code = path_code(op);
    let query_code = query_code(op);
    let header_code = header_code(op);
    let http_method = format_ident!("{}", op.http_method);
    let route = &op.path_template;
    let accept = accept(&op.response);
    let error_body = super::response::error_body_field(op);
    let query_mut = (!query_code.is_empty()).then(|| quote!(mut));
    let headers_mut = (!header_code.is_empty()).then(|| quote!(mut));
    quote! {
        /// The request, ready to send: its path, query, headers and body.
        fn __prepare(self) -> ::std::result::Result<crate::runtime::Prepared, crate::Error> {
            let mut path = ::std::string::String::new();
            #(#path_code)*
            let #query_mut query = crate::runtime::Query::default();
            #(#query_code)*
            let #headers_mut headers = ::std::vec::Vec::new();
            #(#header_code)*
            #assemble
            let parts = crate::runtime::RequestParts {
                method: ::reqwest::Method::#http_method,
                route: #route,
                path,
                query,
                headers,
                body: #body_expr,
                accept: #accept,
                error_body: #error_body,
            };
            ::std::result::Result::Ok(crate::runtime::Prepared {
                core: self.__client.core,
                options: self.__options,
                parts,
            })
        }
    }
}

/// What the operation answers with; error bodies are usually JSON.
fn accept(response: &ResponseKind) -> &'static str {
    match response {
        ResponseKind::Json(_) | ResponseKind::Empty => "application/json",
        ResponseKind::ByStatus { .. } => "application/json, */*;q=0.5",
        ResponseKind::Text | ResponseKind::Bytes => "*/*",
    }
}

/// Statements appending each part of the path to `path`: literal text as
/// is, parameters percent-encoded.
fn path_code(op: &Operation) -> Vec<TokenStream> {
    op.path
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
                [c] => quote!(path.push(#c);),
                _ => quote!(path.push_str(#text);),
            },
            // Lowering makes every path part's index a parameter of the operation.
            PathPart::Param(index) => {
                let p = &op.params[*index];
                let field = format_ident!("{}", p.name);
                let text = text_ref(p.text, quote!(self.#field));
                let wire = &p.wire_name;
                quote!(crate::runtime::push_segment(&mut path, #wire, #text)?;)
            }
        })
        .collect()
}

/// Statements adding each query parameter that has a value to `query`
/// (a `deepObject` one as the pairs its value makes).
fn query_code(op: &Operation) -> Vec<TokenStream> {
    params_in(op, ParamLocation::Query)
        .map(|p| {
            let wire = &p.wire_name;
            let push = match (p.text, &p.ty) {
                (ParamText::DeepObject, _) => quote!(query.push_deep(#wire, value)?;),
                (_, TypeRef::Array(_)) => {
                    let text = text_item(p.text);
                    let explode = p.explode;
                    quote!(query.push_list(#wire, value.iter().map(|v| #text), #explode);)
                }
                _ => {
                    let text = text_ref(p.text, quote!(value));
                    quote!(query.push(#wire, #text);)
                }
            };
            when_set(p, &push)
        })
        .collect()
}

/// Statements adding each header parameter that has a value to `headers`,
/// then the cookie parameters as one `cookie` header.
fn header_code(op: &Operation) -> Vec<TokenStream> {
    let mut code: Vec<TokenStream> = params_in(op, ParamLocation::Header)
        .map(|p| {
            let text = text_owned(p.text, quote!(value));
            let wire = p.wire_name.to_ascii_lowercase();
            when_set(p, &quote!(headers.push((#wire, #text));))
        })
        .collect();
    let cookie_code: Vec<TokenStream> = params_in(op, ParamLocation::Cookie)
        .map(|p| {
            let text = text_ref(p.text, quote!(value));
            let wire = &p.wire_name;
            when_set(p, &quote!(cookies.push(#wire, #text);))
        })
        .collect();
    if !cookie_code.is_empty() {
        code.push(quote! {
            let mut cookies = crate::runtime::Cookies::default();
            #(#cookie_code)*
            if let ::std::option::Option::Some(cookie) = cookies.header() {
                headers.push(("cookie", cookie));
            }
        });
    }
    code
}

/// The operation's parameters sent in `location`, in their order.
fn params_in(op: &Operation, location: ParamLocation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(move |p| p.location == location)
}

/// `push` with `value` bound to the parameter's value: always for an
/// argument, only when set for a parameter with a setter.
fn when_set(p: &Param, push: &TokenStream) -> TokenStream {
    let field = format_ident!("{}", p.name);
    if p.is_argument() {
        quote! { { let value = &self.#field; #push } }
    } else {
        quote! {
            if let ::std::option::Option::Some(value) = &self.#field {
                #push
            }
        }
    }
}
