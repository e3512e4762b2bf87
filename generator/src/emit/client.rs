//! IR operations → the generated `client` module: `Client`, its builder,
//! and one request builder per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, doc_or, trusted_doc};
use super::rust_type;
use crate::ir::{Api, Operation, Param, ParamLocation, PathPart, ResponseKind, TypeRef};
use crate::ir::{BodyMedia, IntKind, Pagination, ParamText, PartKind, StatusCase, StatusMatch};
use crate::settings::Settings;

/// The whole `client` module body.
pub fn emit_client(api: &Api, settings: &Settings) -> TokenStream {
    let client = super::client_builder::emit_client_struct(api, settings);
    let builder = super::client_builder::emit_builder(api, settings);
    let methods = api.operations.iter().map(emit_method);
    let requests = api.operations.iter().map(emit_request);
    quote! {
        //! The API client and one request builder per operation.
        // Deprecated operations and types are still reachable; users get the warning.
        #![allow(deprecated)]
        #client
        impl Client {
            #(#methods)*
        }
        #builder
        #(#requests)*
    }
}

/// Whether a parameter is a method argument rather than a setter.
fn is_argument(p: &Param) -> bool {
    p.required
}

/// The type a setter or argument accepts, and how to store it.
fn input(ty: &TypeRef) -> (TokenStream, Box<dyn Fn(TokenStream) -> TokenStream>) {
    match ty {
        TypeRef::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            Box::new(|v| quote!(#v.into())),
        ),
        TypeRef::Array(item) => {
            let item = rust_type(item);
            (
                quote!(impl ::std::iter::IntoIterator<Item = #item>),
                Box::new(|v| quote!(#v.into_iter().collect())),
            )
        }
        other => (rust_type(other), Box::new(|v| v)),
    }
}

fn response_type(kind: &ResponseKind) -> TokenStream {
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
fn decoder(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Json(_) | ResponseKind::ByStatus { .. } => quote!(json),
        ResponseKind::Text => quote!(text),
        ResponseKind::Bytes => quote!(bytes),
        ResponseKind::Empty => quote!(empty),
    }
}

/// Reads `raw` into the operation's response type: directly, or for
/// several success shapes by the status received.
fn decode_expr(op: &Operation) -> TokenStream {
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
fn emit_outcome(op: &Operation) -> Option<TokenStream> {
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

fn operation_doc(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(s) = op
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        text.push_str(s);
    }
    if let Some(d) = op
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        if text != d {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(d);
        }
    }
    if text.is_empty() {
        text = format!("Calls the {} operation.", code(&op.id));
        let body = trusted_doc(&text);
        let route = trusted_doc(&code(&format!("{} {}", op.http_method, op.path_template)));
        return quote!(#body #[doc = ""] #route);
    }
    let route = code(&format!("{} {}", op.http_method, op.path_template));
    let body = doc_attrs(&text);
    let route = trusted_doc(&route);
    quote!(#body #[doc = ""] #route)
}

fn emit_method(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.method_name);
    let builder = format_ident!("{}", op.builder_name);
    let doc = operation_doc(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &op.params {
        let field = format_ident!("{}", p.name);
        if is_argument(p) {
            let (ty, store) = input(&p.ty);
            args.push(quote!(#field: #ty));
            let value = store(quote!(#field));
            if field == value.to_string() {
                inits.push(quote!(#field,));
            } else {
                inits.push(quote!(#field: #value,));
            }
        } else {
            inits.push(quote!(#field: ::std::option::Option::None,));
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            let ty = rust_type(&body.ty);
            args.push(quote!(body: #ty));
            inits.push(quote!(body,));
        } else {
            inits.push(quote!(body: ::std::option::Option::None,));
        }
    }
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #(#args),*) -> #builder {
            #builder {
                client: self.clone(),
                #(#inits)*
                options: ::std::default::Default::default(),
            }
        }
    }
}

fn emit_request(op: &Operation) -> TokenStream {
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
        if is_argument(p) {
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
    let mut body_expr = quote!(::std::option::Option::None);
    if let Some(body) = &op.body {
        let ty = rust_type(&body.ty);
        if body.required {
            fields.push(quote!(body: #ty,));
            let encoded = encode_body(body, BodyPlace::Field);
            body_expr = quote!(::std::option::Option::Some(#encoded?));
        } else {
            fields.push(quote!(body: ::std::option::Option<#ty>,));
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
                BodyMedia::Json => quote!(crate::runtime::to_json),
                BodyMedia::Form => quote!(crate::runtime::to_form),
                _ => {
                    let encoded = encode_body(body, BodyPlace::Bound);
                    quote!(|body| #encoded)
                }
            };
            body_expr = quote!(self.body.as_ref().map(#encode).transpose()?);
        }
    }

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
        let code = if is_argument(p) {
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
    let resp_ty = response_type(&op.response);
    let decode = decode_expr(op);
    // What the operation answers with; error bodies are usually JSON.
    let accept = match &op.response {
        ResponseKind::Json(_) | ResponseKind::Empty => "application/json",
        ResponseKind::ByStatus { .. } => "application/json, */*;q=0.5",
        ResponseKind::Text | ResponseKind::Bytes => "*/*",
    };
    let outcome = emit_outcome(op);
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
            client: Client,
            #(#fields)*
            options: crate::runtime::RequestOptions,
        }

        impl #builder {
            #(#setters)*

            /// Retries for this request only (0 disables), overriding the client's setting.
            pub fn max_retries(mut self, retries: u32) -> Self {
                self.options.max_retries = ::std::option::Option::Some(retries);
                self
            }

            /// Time allowed for each attempt of this request, overriding the client's setting.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout = ::std::option::Option::Some(timeout);
                self
            }

            #client_lifetime_doc
            pub async fn send(self) -> ::std::result::Result<#resp_ty, crate::Error> {
                self.send_with_response().await.map(|response| response.body)
            }

            /// Sends the request; the decoded body together with the status and headers.
            pub async fn send_with_response(self) -> ::std::result::Result<crate::ApiResponse<#resp_ty>, crate::Error> {
                let mut path = ::std::string::String::new();
                #(#path_code)*
                let #query_mut query = crate::runtime::Query::default();
                #(#query_code)*
                let #headers_mut headers = ::std::vec::Vec::new();
                #(#header_code)*
                let parts = crate::runtime::RequestParts {
                    method: ::reqwest::Method::#http_method,
                    path,
                    query,
                    headers,
                    body: #body_expr,
                    accept: #accept,
                };
                let raw = self.client.core.execute(parts, &self.options).await?;
                #decode
            }
        }

        #stream
        #outcome
    }
}

/// Where the body value is when it is encoded.
#[derive(Clone, Copy)]
enum BodyPlace {
    /// A required body: the builder's `body` field.
    Field,
    /// An optional body, inside the closure that binds it as `body`.
    Bound,
}

/// An expression encoding `body` (a reference to the body value) as a
/// `Result<runtime::Body, Error>`.
fn encode_body(body: &crate::ir::Body, place: BodyPlace) -> TokenStream {
    let value = match place {
        BodyPlace::Field => quote!(&self.body),
        BodyPlace::Bound => quote!(body),
    };
    match &body.media {
        BodyMedia::Json => quote!(crate::runtime::to_json(#value)),
        BodyMedia::Form => quote!(crate::runtime::to_form(#value)),
        BodyMedia::Raw(media) if body.ty == TypeRef::String => {
            quote!(crate::runtime::raw(#media, #value.as_bytes()))
        }
        BodyMedia::Raw(media) => quote!(crate::runtime::raw(#media, #value)),
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

/// `.stream()` for an operation with page-number pagination.
fn emit_stream(p: &Pagination, builder: &proc_macro2::Ident) -> TokenStream {
    let item = rust_type(&p.item_ty);
    let page_field = format_ident!("{}", p.page_param);
    let page_kind = p.page_kind;
    let to_i64 = match page_kind {
        IntKind::I64 => quote!(),
        IntKind::U64 => quote!(.map(|page| i64::try_from(page).unwrap_or(i64::MAX))),
        _ => quote!(.map(i64::from)),
    };
    let page_ty = rust_type(&TypeRef::Integer(page_kind));
    let from_i64 = match page_kind {
        IntKind::I64 => quote!(page),
        _ => quote!(#page_ty::try_from(page).unwrap_or(#page_ty::MAX)),
    };
    let size = match (&p.size_param, p.size_kind) {
        (Some(size), Some(kind)) => {
            let field = format_ident!("{size}");
            let conv = match kind {
                IntKind::U64 => quote!(|size| size),
                _ => quote!(|size| u64::try_from(size).unwrap_or(0)),
            };
            quote!(self.#field.map(#conv))
        }
        _ => quote!(::std::option::Option::None),
    };
    // Borrowing walk for the total, then a moving walk for the items.
    let total = p.total.as_ref().map_or(quote!(::std::option::Option::None), |steps| {
        let walk = steps.iter().map(|s| {
            let f = format_ident!("{}", s.field);
            if s.optional { quote!(.and_then(|x| x.#f.as_ref())) } else { quote!(.map(|x| &x.#f)) }
        });
        quote!(::std::option::Option::Some(&body) #(#walk)* .and_then(|total| u64::try_from(*total).ok()))
    });
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

/// An expression for the wire text of `place` that coerces to `&str`:
/// borrowed where the value already is text.
fn text_ref(text: ParamText, place: TokenStream) -> TokenStream {
    match text {
        ParamText::String | ParamText::Enum => quote!(#place.as_str()),
        ParamText::DateTime => {
            quote!(&#place.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true))
        }
        ParamText::Display => quote!(&#place.to_string()),
        ParamText::Serde => quote!(&crate::runtime::param_text(&#place)),
    }
}

/// The wire text of `v`, an item of an array parameter, as something that
/// is `AsRef<str>` and outlives the closure it is made in.
fn text_item(text: ParamText) -> TokenStream {
    match text {
        ParamText::String | ParamText::Enum => quote!(v.as_str()),
        _ => text_owned(text, quote!(v)),
    }
}

/// Like [`text_ref`], as an owned `String`.
fn text_owned(text: ParamText, place: TokenStream) -> TokenStream {
    match text {
        ParamText::String => quote!(#place.clone()),
        ParamText::Enum => quote!(#place.as_str().to_owned()),
        ParamText::DateTime => {
            quote!(#place.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true))
        }
        ParamText::Display => quote!(#place.to_string()),
        ParamText::Serde => quote!(crate::runtime::param_text(&#place)),
    }
}
