//! The `Client` struct and its `ClientBuilder`: base URL, credentials (one
//! setter per security scheme), `from_env`, timeouts and retries.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, doc_or, trusted_doc};
use crate::ir::{Api, AuthKind};
use crate::settings::Settings;

pub(super) fn emit_client_struct(api: &Api, _settings: &Settings) -> TokenStream {
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
    let base_var = api.base_url_env_var.clone();
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
            pub(crate) core: ::std::sync::Arc<crate::runtime::Core>,
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

pub(super) fn emit_builder(api: &Api, _settings: &Settings) -> TokenStream {
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
            timeout: ::std::option::Option<::std::time::Duration>,
            max_retries: ::std::option::Option<u32>,
            http_client: ::std::option::Option<::reqwest::Client>,
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    #(#secret_debug)*
                    .field("timeout", &self.timeout)
                    .field("max_retries", &self.max_retries)
                    .finish_non_exhaustive()
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
                self.timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Retries after a connection error, timeout, 408, 409, 429 or 5xx
            /// (default 2; 0 disables). Waits back off exponentially with jitter
            /// and honour `Retry-After`.
            pub fn max_retries(mut self, retries: u32) -> Self {
                self.max_retries = ::std::option::Option::Some(retries);
                self
            }

            /// Uses this `reqwest` client (proxies, custom TLS, …) instead of a new one.
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.http_client = ::std::option::Option::Some(client);
                self
            }

            /// Checks the configuration and builds the client. Fails on a base URL
            /// that is not absolute http(s), or a credential that cannot be sent in a header.
            pub fn build(self) -> ::std::result::Result<Client, crate::Error> {
                let base_url = crate::runtime::normalize_base_url(#base_url_expr)?;
                #[allow(unused_mut)]
                let mut credentials = ::std::vec::Vec::new();
                #(#credentials)*
                crate::runtime::ensure_distinct_headers(&credentials)?;
                let http = match self.http_client {
                    ::std::option::Option::Some(client) => client,
                    ::std::option::Option::None => ::reqwest::Client::builder()
                        .build()
                        .map_err(|e| crate::Error::Config(format!("cannot create the HTTP client: {e}")))?,
                };
                ::std::result::Result::Ok(Client {
                    core: ::std::sync::Arc::new(crate::runtime::Core {
                        http,
                        base_url,
                        credentials,
                        max_retries: self.max_retries.unwrap_or(crate::runtime::DEFAULT_MAX_RETRIES),
                        timeout: self.timeout.unwrap_or(crate::runtime::DEFAULT_TIMEOUT),
                    }),
                })
            }
        }
    }
}
