//! IR operations → the generated `client` module: `Client`, its builder,
//! and one request builder per operation.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, doc_or, trusted_doc};
use super::rust_type;
use crate::Settings;
use crate::ir::{
    Api, AuthKind, Operation, Param, ParamLocation, PathPart, ResponseKind, TypeDef, TypeKind,
    TypeRef,
};
use crate::ir::{BodyMedia, IntKind, Pagination, StatusCase, StatusMatch};

/// The whole `client` module body.
pub fn emit_client(api: &Api, settings: &Settings) -> TokenStream {
    let types: HashMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let client = emit_client_struct(api, settings);
    let builder = emit_builder(api, settings);
    let methods = api.operations.iter().map(emit_method);
    let requests = api.operations.iter().map(|op| emit_request(op, &types));
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

fn emit_client_struct(api: &Api, settings: &Settings) -> TokenStream {
    let title = format!("Client for the {} (version {}).", api.title, api.version);
    let doc = doc_attrs(&title);
    let description = api.description.as_deref().map(|d| {
        let d = doc_attrs(d);
        quote!(#[doc = ""] #d)
    });
    let env_reads = api.auth.iter().map(|a| {
        let var = &a.env_var;
        let setter = format_ident!("{}", a.setter);
        quote! {
            if let ::std::result::Result::Ok(value) = ::std::env::var(#var) {
                builder = builder.#setter(value);
                found = true;
            }
        }
    });
    let base_var = format!("{}_BASE_URL", settings.env_prefix());
    let vars: Vec<String> = api.auth.iter().map(|a| code(&a.env_var)).collect();
    let from_env_doc = if vars.is_empty() {
        format!(
            "A client configured from the environment: the base URL from {} when set.",
            code(&base_var)
        )
    } else {
        format!(
            "A client configured from the environment: credentials from {}, and the base URL from {} when set.",
            vars.join(", "),
            code(&base_var)
        )
    };
    let from_env_doc = trusted_doc(&from_env_doc);
    let missing = if vars.is_empty() {
        quote!()
    } else {
        let message = format!(
            "no credentials in the environment: set {}",
            vars.join(" or ")
        );
        quote! {
            if !found {
                return ::std::result::Result::Err(crate::Error::Config(#message.to_owned()));
            }
        }
    };
    let found_decl = (!vars.is_empty()).then(|| quote!(let mut found = false;));
    quote! {
        #doc
        #description
        ///
        /// Cheap to clone: clones share one connection pool. `Send + Sync`.
        #[derive(Clone)]
        pub struct Client {
            core: ::std::sync::Arc<crate::runtime::Core>,
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&*self.core, f)
            }
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            #from_env_doc
            pub fn from_env() -> ::std::result::Result<Self, crate::Error> {
                let mut builder = Self::builder();
                #found_decl
                #(#env_reads)*
                #missing
                if let ::std::result::Result::Ok(url) = ::std::env::var(#base_var) {
                    builder = builder.base_url(url);
                }
                builder.build()
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                &self.core.base_url
            }
        }
    }
}

fn emit_builder(api: &Api, _settings: &Settings) -> TokenStream {
    let default_url = &api.base_url;
    let url_doc = if default_url.is_empty() {
        trusted_doc("The base URL; the document names no server, so this must be set.")
    } else {
        trusted_doc(&format!(
            "The base URL (default {}), e.g. a mock server's.",
            code(default_url)
        ))
    };
    let secret_fields = api.auth.iter().map(|a| {
        let f = format_ident!("{}", a.setter);
        quote!(#f: ::std::option::Option<::std::string::String>,)
    });
    let secret_debug = api.auth.iter().map(|a| {
        let f = format_ident!("{}", a.setter);
        let name = &a.setter;
        quote!(.field(#name, &self.#f.as_ref().map(|_| "<redacted>")))
    });
    let setters = api.auth.iter().map(|a| {
        let f = format_ident!("{}", a.setter);
        let what = match &a.kind {
            AuthKind::Bearer => "Sent as `Authorization: Bearer <token>`.".to_owned(),
            AuthKind::Basic => {
                "A `user:password` pair, sent as HTTP Basic authentication.".to_owned()
            }
            AuthKind::ApiKeyHeader { header } => format!("Sent in the {} header.", code(header)),
        };
        let doc = doc_or(
            a.doc.as_deref(),
            &format!("Credential for the {} security scheme.", code(&a.key)),
        );
        let what = trusted_doc(&format!(
            "{what} Also read from {} by [`Client::from_env`].",
            code(&a.env_var)
        ));
        quote! {
            #doc
            #[doc = ""]
            #what
            pub fn #f(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#f = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    let credentials = api.auth.iter().map(|a| {
        let f = format_ident!("{}", a.setter);
        let what = format!("the {} credential", a.setter);
        let make = match &a.kind {
            AuthKind::Bearer => quote!(crate::runtime::credential("authorization", #what, &format!("Bearer {value}"))?),
            AuthKind::Basic => quote!(crate::runtime::basic_credential(#what, value)?),
            AuthKind::ApiKeyHeader { header } => {
                let header = header.to_ascii_lowercase();
                quote!(crate::runtime::credential(#header, #what, value)?)
            }
        };
        quote! {
            if let ::std::option::Option::Some(value) = &self.#f {
                credentials.push(#make);
            }
        }
    });
    let base_url_expr = if default_url.is_empty() {
        quote! {
            self.base_url.as_deref().ok_or_else(|| crate::Error::Config("no base URL: call `base_url`".to_owned()))?
        }
    } else {
        quote!(self.base_url.as_deref().unwrap_or(#default_url))
    };
    quote! {
        /// Configures a [`Client`]; finish with [`build`](Self::build).
        #[derive(Default, Clone)]
        pub struct ClientBuilder {
            base_url: ::std::option::Option<::std::string::String>,
            #(#secret_fields)*
            config: crate::runtime::Config,
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    #(#secret_debug)*
                    .field("config", &self.config)
                    .finish()
            }
        }

        impl ClientBuilder {
            #url_doc
            pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.base_url = ::std::option::Option::Some(url.into());
                self
            }

            #(#setters)*

            /// Time allowed for each attempt of a request (default 60 s).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Retries after a connection error, timeout, 408, 409, 429 or 5xx
            /// (default 2; 0 disables). Waits back off exponentially with jitter
            /// and honour `Retry-After`.
            pub fn max_retries(mut self, retries: u32) -> Self {
                self.config.max_retries = ::std::option::Option::Some(retries);
                self
            }

            /// The largest response body the client reads, in bytes (default 64 MiB).
            /// A larger one stops the read and is [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
            pub fn max_response_size(mut self, bytes: u64) -> Self {
                self.config.max_response_size = ::std::option::Option::Some(bytes);
                self
            }

            /// Allows a plain `http://` base URL to another machine even though
            /// credentials are configured (they would travel unencrypted). Off by
            /// default: `build()` refuses that combination.
            pub fn allow_insecure_http(mut self, allow: bool) -> Self {
                self.config.allow_insecure_http = allow;
                self
            }

            /// A header sent with every request (a proxy's or a tracing header).
            /// `build()` refuses one that is not valid HTTP or that would replace a
            /// credential header.
            pub fn default_header(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.config.default_headers.push((name.into(), value.into(), false));
                self
            }

            /// Like [`default_header`](Self::default_header), for a secret: redacted
            /// in `Debug` output and logs, and treated like a credential (no plain
            /// HTTP to another machine, not sent across a redirect to another host).
            pub fn secret_header(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.config.default_headers.push((name.into(), value.into(), true));
                self
            }

            /// Uses this `reqwest` client (proxies, custom TLS, …) instead of a new one.
            /// Its own redirect policy then applies: the client's (no credential
            /// follows a redirect to another host) only governs clients it creates.
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.config.http_client = ::std::option::Option::Some(client);
                self
            }

            /// Checks the configuration and builds the client. Fails on a base URL
            /// that is not absolute http(s), a credential that cannot be sent in a
            /// header, a plain `http://` base URL to another machine while credentials
            /// are set (see [`allow_insecure_http`](Self::allow_insecure_http)), or a
            /// default header that is not valid HTTP or would replace a credential.
            pub fn build(self) -> ::std::result::Result<Client, crate::Error> {
                #[allow(unused_mut)]
                let mut credentials = ::std::vec::Vec::new();
                #(#credentials)*
                let core = crate::runtime::Core::new(#base_url_expr, credentials, self.config)?;
                ::std::result::Result::Ok(Client {
                    core: ::std::sync::Arc::new(core),
                })
            }
        }
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

fn emit_request(op: &Operation, types: &HashMap<&str, &TypeDef>) -> TokenStream {
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
            let encoded = encode_body(body, quote!(&self.body), types);
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
                    let encoded = encode_body(body, quote!(body), types);
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
        PathPart::Param(name) => {
            let p = op.params.iter().find(|p| &p.name == name);
            let field = format_ident!("{}", name);
            match p {
                Some(p) => {
                    let text = text_ref(&p.ty, quote!(self.#field), types);
                    let wire = &p.wire_name;
                    quote!(crate::runtime::push_segment(&mut path, #wire, #text)?;)
                }
                None => quote!(),
            }
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
            (TypeRef::Array(item), ParamLocation::Query) => {
                let text = text_item(item, types);
                let explode = p.explode;
                quote!(query.push_list(#wire, value.iter().map(|v| #text), #explode);)
            }
            (ty, ParamLocation::Query) => {
                let text = text_ref(ty, quote!(value), types);
                quote!(query.push(#wire, #text);)
            }
            (ty, ParamLocation::Cookie) => {
                let text = text_ref(ty, quote!(value), types);
                quote!(cookies.push(#wire, #text);)
            }
            (ty, _) => {
                let text = text_owned(ty, quote!(value), types);
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
    let query_mut = (!query_code.is_empty()).then(|| quote!(mut));
    let headers_mut = (!header_code.is_empty()).then(|| quote!(mut));
    let stream = op.pagination.as_ref().map(|p| emit_stream(op, p, &builder));
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

            /// A header for this request only, replacing any of the same name except a
            /// credential's; `send` refuses one that is not valid HTTP.
            pub fn extra_header(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.options.extra_headers.push((name.into(), value.into()));
                self
            }

            /// A query parameter for this request only, added after the documented ones.
            pub fn extra_query(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.options.extra_query.push((name.into(), value.into()));
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
                    route: #route,
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

/// An expression encoding `body` (a reference to the body value) as a
/// `Result<runtime::Body, Error>`.
fn encode_body(
    body: &crate::ir::Body,
    value: TokenStream,
    types: &HashMap<&str, &TypeDef>,
) -> TokenStream {
    match &body.media {
        BodyMedia::Json => quote!(crate::runtime::to_json(#value)),
        BodyMedia::Form => quote!(crate::runtime::to_form(#value)),
        BodyMedia::Raw(media) if body.ty == TypeRef::String => {
            quote!(crate::runtime::raw(#media, #value.as_bytes()))
        }
        BodyMedia::Raw(media) => quote!(crate::runtime::raw(#media, #value)),
        BodyMedia::Multipart => {
            let fields = match &body.ty {
                TypeRef::Named(n) => match types.get(n.as_str()).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => s.fields.as_slice(),
                    _ => &[],
                },
                _ => &[],
            };
            let parts = fields.iter().map(|f| {
                let field = format_ident!("{}", f.name);
                let wire = &f.wire_name;
                let optional = !f.required || matches!(f.ty, TypeRef::Option(_));
                let inner = match &f.ty {
                    TypeRef::Option(t) => t.as_ref(),
                    t => t,
                };
                let add = match inner {
                    TypeRef::Bytes => quote!(form.file(#wire, v);),
                    TypeRef::Array(item) if **item == TypeRef::Bytes => {
                        quote!(for file in v { form.file(#wire, file); })
                    }
                    _ => quote!(form.value(#wire, v)?;),
                };
                if optional {
                    quote!(if let ::std::option::Option::Some(v) = &body.#field { #add })
                } else {
                    quote!({ let v = &body.#field; #add })
                }
            });
            quote! {
                {
                    let body = #value;
                    let mut form = crate::runtime::Multipart::default();
                    #(#parts)*
                    form.finish()
                }
            }
        }
    }
}

/// `.stream()` for an operation with page-number pagination.
fn emit_stream(op: &Operation, p: &Pagination, builder: &proc_macro2::Ident) -> TokenStream {
    let item = rust_type(&p.item_ty);
    let page_field = format_ident!("{}", p.page_param);
    let int = |name: &str| match op.params.iter().find(|q| q.name == name).map(|q| &q.ty) {
        Some(TypeRef::Integer(kind)) => *kind,
        _ => IntKind::I64,
    };
    let page_kind = int(&p.page_param);
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
    let size = match &p.size_param {
        Some(size) => {
            let field = format_ident!("{size}");
            let conv = match int(size) {
                IntKind::U64 => quote!(|size| size),
                _ => quote!(|size| u64::try_from(size).unwrap_or(0)),
            };
            quote!(self.#field.map(#conv))
        }
        None => quote!(::std::option::Option::None),
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

/// An expression for the wire text of `place` (of type `ty`) that coerces
/// to `&str`: borrowed where the value already is text.
fn text_ref(ty: &TypeRef, place: TokenStream, types: &HashMap<&str, &TypeDef>) -> TokenStream {
    match text_kind(ty, types) {
        TextKind::String => quote!(#place.as_str()),
        TextKind::Enum => quote!(#place.as_str()),
        TextKind::DateTime => {
            quote!(&#place.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true))
        }
        TextKind::Display => quote!(&#place.to_string()),
        TextKind::Serde => quote!(&crate::runtime::param_text(&#place)),
    }
}

/// The wire text of `v`, an item of an array parameter, as something that
/// is `AsRef<str>` and outlives the closure it is made in.
fn text_item(ty: &TypeRef, types: &HashMap<&str, &TypeDef>) -> TokenStream {
    match text_kind(ty, types) {
        TextKind::String | TextKind::Enum => quote!(v.as_str()),
        _ => text_owned(ty, quote!(v), types),
    }
}

/// Like [`text_ref`], as an owned `String`.
fn text_owned(ty: &TypeRef, place: TokenStream, types: &HashMap<&str, &TypeDef>) -> TokenStream {
    match text_kind(ty, types) {
        TextKind::String => quote!(#place.clone()),
        TextKind::Enum => quote!(#place.as_str().to_owned()),
        TextKind::DateTime => quote!(#place.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true)),
        TextKind::Display => quote!(#place.to_string()),
        TextKind::Serde => quote!(crate::runtime::param_text(&#place)),
    }
}

/// How a parameter's value becomes text.
enum TextKind {
    String,
    Enum,
    DateTime,
    Display,
    /// A union of scalars: through serde (strings as they are).
    Serde,
}

fn text_kind(ty: &TypeRef, types: &HashMap<&str, &TypeDef>) -> TextKind {
    match ty {
        TypeRef::String => TextKind::String,
        TypeRef::DateTime => TextKind::DateTime,
        TypeRef::Bool
        | TypeRef::Integer(_)
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Uuid
        | TypeRef::Date => TextKind::Display,
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => text_kind(inner, types),
        TypeRef::Named(name) => match types.get(name.as_str()).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => TextKind::Enum,
            Some(TypeKind::IntEnum(_)) => TextKind::Display,
            Some(TypeKind::Alias(target)) if !matches!(target, TypeRef::Named(n) if n == name) => {
                text_kind(target, types)
            }
            _ => TextKind::Serde,
        },
        _ => TextKind::Serde,
    }
}
