//! One request builder per operation: its fields and setters, and
//! `send`, which assembles path, query, headers and body.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::body::{BodyPlace, encode_body};
use super::docs::{code, doc_or, trusted_doc};
use super::param_text::{text_item, text_owned, text_ref};
use super::response::{decode_expr, emit_outcome, response_type};
use super::rust_type;
use super::stream::emit_stream;
use crate::ir::{
    Body, BodyInput, BodyMedia, Operation, ParamLocation, PathPart, ResponseKind, TypeRef,
};

/// The type a setter or argument accepts, and how to store it.
pub(super) fn input(ty: &TypeRef) -> (TokenStream, Box<dyn Fn(TokenStream) -> TokenStream>) {
    match ty {
        TypeRef::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            Box::new(|v| quote!(#v.into())),
        ),
        // `60` as well as `60.0`: integer literals convert without loss.
        TypeRef::F64 => (
            quote!(impl ::std::convert::Into<f64>),
            Box::new(|v| quote!(#v.into())),
        ),
        // Any iterable of anything that converts: `["host", "guest"]` for a
        // list of strings, an array literal of pairs for a map.
        TypeRef::Array(item) => {
            let item = rust_type(item);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>),
                Box::new(|v| quote!(#v.into_iter().map(::std::convert::Into::into).collect())),
            )
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            (
                quote!(impl ::std::iter::IntoIterator<Item = (impl ::std::convert::Into<::std::string::String>, impl ::std::convert::Into<#value>)>),
                Box::new(
                    |v| quote!(#v.into_iter().map(|(key, value)| (key.into(), value.into())).collect()),
                ),
            )
        }
        // A named type takes what converts into it: an enum a `&str`, a
        // union any of its alternatives; free-form JSON anything `Into`
        // a `Value` (a string, a number, a `json!`).
        TypeRef::Named(_) | TypeRef::Json => {
            let ty = rust_type(ty);
            (
                quote!(impl ::std::convert::Into<#ty>),
                Box::new(|v| quote!(#v.into())),
            )
        }
        // A field boxed to break a cycle takes what the box holds.
        TypeRef::Boxed(inner) => {
            let (ty, store) = input(inner);
            (
                ty,
                Box::new(move |v| {
                    let stored = store(v);
                    quote!(::std::boxed::Box::new(#stored))
                }),
            )
        }
        other => (rust_type(other), Box::new(|v| v)),
    }
}

pub(super) fn emit_request(op: &Operation) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let method = format_ident!("{}", op.method_name);
    let doc = trusted_doc(&format!(
        "Request builder for [`Client::{}`]: set optional parameters, then call [`send`](Self::send).\n\n\
         It holds its own handle on the client, so it and its future can move into a spawned task.",
        op.method_name
    ));
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let field = format_ident!("{}", p.name);
        let ty = rust_type(&p.ty);
        if p.is_argument() {
            fields.push(quote!(#field: #ty,));
            continue;
        }
        fields.push(quote!(#field: ::std::option::Option<#ty>,));
        let (input_ty, store) = input(&p.ty);
        let value = store(quote!(value));
        let pdoc = doc_or(
            p.doc.as_deref(),
            &format!("Sets the {} parameter.", code(&p.wire_name)),
        );
        setters.push(quote! {
            #pdoc
            pub fn #field(mut self, value: #input_ty) -> Self {
                self.#field = ::std::option::Option::Some(#value);
                self
            }
        });
    }
    let (body_fields, body_setters, assemble, body_expr) = match &op.body {
        None => (
            Vec::new(),
            Vec::new(),
            None,
            quote!(::std::option::Option::None),
        ),
        Some(body) => emit_body_input(body),
    };
    fields.extend(body_fields);
    setters.extend(body_setters);

    let path_code = op.path.iter().map(|part| match part {
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
    });
    let mut query_code = Vec::new();
    let mut header_code = Vec::new();
    let mut cookie_code = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let field = format_ident!("{}", p.name);
        let wire = &p.wire_name;
        let push = match (&p.ty, p.location) {
            (TypeRef::Array(_), ParamLocation::Query) => {
                let text = text_item(p.text);
                let explode = p.explode;
                quote!(query.push_list(#wire, value.iter().map(|v| #text), #explode);)
            }
            (_, ParamLocation::Query) => {
                let text = text_ref(p.text, quote!(value));
                quote!(query.push(#wire, #text);)
            }
            (_, ParamLocation::Cookie) => {
                let text = text_ref(p.text, quote!(value));
                quote!(cookies.push(#wire, #text);)
            }
            (_, _) => {
                let text = text_owned(p.text, quote!(value));
                let wire = wire.to_ascii_lowercase();
                quote!(headers.push((#wire, #text));)
            }
        };
        let code = if p.is_argument() {
            quote! { { let value = &self.#field; #push } }
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &self.#field {
                    #push
                }
            }
        };
        match p.location {
            ParamLocation::Query => query_code.push(code),
            ParamLocation::Cookie => cookie_code.push(code),
            _ => header_code.push(code),
        }
    }
    if !cookie_code.is_empty() {
        header_code.push(quote! {
            let mut cookies = crate::runtime::Cookies::default();
            #(#cookie_code)*
            if let ::std::option::Option::Some(cookie) = cookies.header() {
                headers.push(("cookie", cookie));
            }
        });
    }
    let http_method = format_ident!("{}", op.http_method);
    let route = &op.path_template;
    let resp_ty = response_type(&op.response);
    let decode = decode_expr(op);
    // What the operation answers with; error bodies are usually JSON.
    let accept = match &op.response {
        ResponseKind::Json(_) | ResponseKind::Empty => "application/json",
        ResponseKind::ByStatus { .. } => "application/json, */*;q=0.5",
        ResponseKind::Text | ResponseKind::Bytes => "*/*",
    };
    let outcome = emit_outcome(op);
    let options = option_setters(op);
    let query_mut = (!query_code.is_empty()).then(|| quote!(mut));
    let headers_mut = (!header_code.is_empty()).then(|| quote!(mut));
    let stream = op.pagination.as_ref().map(|p| emit_stream(p, &builder));
    let client_lifetime_doc = trusted_doc(&format!(
        "Sends the request; the decoded body on success. See [`Client::{method}`]."
    ));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            __client: Client,
            #(#fields)*
            __options: crate::runtime::RequestOptions,
        }

        impl #builder {
            #(#setters)*

            #options

            #client_lifetime_doc
            pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<#resp_ty, crate::Error>> {
                crate::runtime::body_of(self.send_with_response())
            }

            /// Sends the request; the decoded body together with the status and headers.
            pub fn send_with_response(self) -> impl ::std::future::Future<Output = ::std::result::Result<crate::ApiResponse<#resp_ty>, crate::Error>> {
                crate::runtime::send(self.__prepare(), |raw| #decode)
            }

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
                };
                ::std::result::Result::Ok(crate::runtime::Prepared {
                    core: self.__client.core,
                    options: self.__options,
                    parts,
                })
            }
        }

        #stream
        #outcome
    }
}

/// The builder's body members and setters, the statement assembling the
/// body struct from them (for a body given field by field), and the
/// expression for `RequestParts::body`.
fn emit_body_input(
    body: &Body,
) -> (
    Vec<TokenStream>,
    Vec<TokenStream>,
    Option<TokenStream>,
    TokenStream,
) {
    let mut members = Vec::new();
    let mut setters = Vec::new();
    let ty = rust_type(&body.ty);
    let BodyInput::Fields { fields, extra } = &body.input else {
        if body.required {
            members.push(quote!(body: #ty,));
            let encoded = encode_body(body, BodyPlace::Field);
            return (
                members,
                setters,
                None,
                quote!(::std::option::Option::Some(#encoded?)),
            );
        }
        members.push(quote!(body: ::std::option::Option<#ty>,));
        let bdoc = doc_or(body.doc.as_deref(), "Sets the request body.");
        setters.push(quote! {
            #bdoc
            pub fn body(mut self, value: #ty) -> Self {
                self.body = ::std::option::Option::Some(value);
                self
            }
        });
        // Plain encoders are passed by name (a closure would be redundant).
        let encode = match &body.media {
            BodyMedia::Form => quote!(crate::runtime::to_form),
            _ => {
                let encoded = encode_body(body, BodyPlace::Bound);
                quote!(|body| #encoded)
            }
        };
        return (
            members,
            setters,
            None,
            quote!(self.body.as_ref().map(#encode).transpose()?),
        );
    };
    let mut inits = Vec::new();
    for f in fields {
        let member = format_ident!("{}", f.name);
        let field = format_ident!("{}", f.field);
        let member_ty = rust_type(&f.ty);
        members.push(quote!(#member: #member_ty,));
        inits.push(quote!(#field: self.#member,));
        if f.argument {
            continue;
        }
        let (input_ty, store) = input(f.ty.strip_option());
        let value = store(quote!(value));
        let fdoc = doc_or(
            f.doc.as_deref(),
            &format!("Sets the body's {} property.", code(&f.wire_name)),
        );
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        setters.push(quote! {
            #fdoc
            #deprecated
            pub fn #member(mut self, value: #input_ty) -> Self {
                self.#member = ::std::option::Option::Some(#value);
                self
            }
        });
    }
    // Moved out of the builder, which `send` owns: no clone.
    let extra = format_ident!("{}", extra);
    let assemble = quote!(let body = &#ty { #(#inits)* #extra: crate::Extra::default() };);
    let encoded = encode_body(body, BodyPlace::Bound);
    let expr = if body.required {
        quote!(::std::option::Option::Some(#encoded?))
    } else {
        // An optional body is sent only when at least one field was set.
        let mut set: Vec<TokenStream> = fields
            .iter()
            .map(|f| {
                let field = format_ident!("{}", f.field);
                quote!(body.#field.is_some())
            })
            .collect();
        if body.media == BodyMedia::Json {
            set.push(quote!(!self.__options.extra_body.is_empty()));
        }
        quote! {
            if #(#set)||* {
                ::std::option::Option::Some(#encoded?)
            } else {
                ::std::option::Option::None
            }
        }
    };
    (members, setters, Some(assemble), expr)
}

/// The setters every request builder has for this request's options
/// (retries, timeout, extra headers and query parameters, strict
/// decoding), and `extra_body` when the body is JSON.
fn option_setters(op: &Operation) -> TokenStream {
    let extra_body = op.body.as_ref().filter(|b| b.media == BodyMedia::Json).map(|_| {
        quote! {
            /// A property to add to the JSON body, for one the document does not
            /// declare; one with the name of a declared property replaces it. `send`
            /// refuses extra properties for a body that is not a JSON object.
            pub fn extra_body(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::serde_json::Value>) -> Self {
                self.__options.extra_body.push((name.into(), value.into()));
                self
            }
        }
    });
    quote! {
        /// Retries for this request only (0 disables), overriding the client's setting.
        pub fn max_retries(mut self, retries: u32) -> Self {
            self.__options.max_retries = ::std::option::Option::Some(retries);
            self
        }

        /// Time allowed for each attempt of this request, overriding the client's setting.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.__options.timeout = ::std::option::Option::Some(timeout);
            self
        }

        /// A header for this request only, replacing any of the same name except a
        /// credential's; `send` refuses one that is not valid HTTP.
        pub fn extra_header(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.__options.extra_headers.push((name.into(), value.into()));
            self
        }

        /// A query parameter for this request only, added after the documented ones.
        pub fn extra_query(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.__options.extra_query.push((name.into(), value.into()));
            self
        }

        #extra_body

        /// Whether a response value that strays from the document fails this request
        /// with [`Error::Decode`](crate::Error::Decode) (`true`) or is kept and listed in
        /// the response's deviations (`false`), overriding the client's setting.
        pub fn strict_decoding(mut self, strict: bool) -> Self {
            self.__options.strict_decoding = ::std::option::Option::Some(strict);
            self
        }
    }
}
