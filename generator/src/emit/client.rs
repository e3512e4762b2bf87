//! The generated `src/client.rs`: the `Client` struct and its
//! `ClientBuilder` (base URL, credentials with one setter per security
//! scheme, `from_env`, timeouts and retries). Operations' methods are in
//! their groups' modules ([`super::groups`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, doc_or, trusted_doc};
use crate::ir::{Api, AuthKind, AuthScheme};
use crate::settings::Settings;

/// The `client` module body: `Client` and its builder. Each operation's
/// method and request builder live in its group's module
/// ([`super::groups::emit_group`]).
pub fn emit_client(api: &Api, settings: &Settings) -> TokenStream {
    let client = emit_client_struct(api, settings);
    let builder = emit_builder(api, settings);
    quote! {
        //! The API client and its builder.
        #client
        #builder
    }
}

/// The `Client` struct, its `Debug`, `builder`, `from_env` and `base_url`.
fn emit_client_struct(api: &Api, _settings: &Settings) -> TokenStream {
    let docs = client_docs(api);
    let from_env = from_env_method(api);
    quote! {
        #docs
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

            #from_env

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                &self.core.base_url
            }
        }
    }
}

/// The `Client` docs: the API's title and version, then its description.
fn client_docs(api: &Api) -> TokenStream {
    let title = format!("Client for the {} (version {}).", api.title, api.version);
    let doc = doc_attrs(&title);
    let description = api.description.as_deref().map(|d| {
        let d = doc_attrs(d);
        quote!(#[doc = ""] #d)
    });
    quote!(#doc #description)
}

/// `Client::from_env`: each credential from its variable (failing when
/// there are credentials and none is set), the base URL when set.
fn from_env_method(api: &Api) -> TokenStream {
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
    let base_var = &api.base_url_env_var;
    let vars: Vec<String> = api.auth.iter().map(|a| code(&a.env_var)).collect();
    let doc = from_env_doc(&vars, base_var);
    let found_decl = (!vars.is_empty()).then(|| quote!(let mut found = false;));
    let missing = (!vars.is_empty()).then(|| {
        let message = format!(
            "no credentials in the environment: set {}",
            vars.join(" or ")
        );
        quote! {
            if !found {
                return ::std::result::Result::Err(crate::Error::Config(#message.to_owned()));
            }
        }
    });
    quote! {
        #doc
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
    }
}

/// The docs of `Client::from_env`, naming the variables it reads (`vars`,
/// already in code spans, then `base_var`).
fn from_env_doc(vars: &[String], base_var: &str) -> TokenStream {
    let text = if vars.is_empty() {
        format!(
            "A client configured from the environment: the base URL from {} when set.",
            code(base_var)
        )
    } else {
        format!(
            "A client configured from the environment: credentials from {}, and the base URL from {} when set.",
            vars.join(", "),
            code(base_var)
        )
    };
    trusted_doc(&text)
}

/// `ClientBuilder`: its struct and a setter per setting, then `build`.
fn emit_builder(api: &Api, _settings: &Settings) -> TokenStream {
    let definition = builder_struct(api);
    let base_url = base_url_setter(api);
    let credentials = api.auth.iter().map(credential_setter);
    let policy = policy_setters();
    let headers = header_setters();
    let build = build_method(api);
    quote! {
        #definition

        impl ClientBuilder {
            #base_url

            #(#credentials)*

            #policy

            #headers

            /// Uses this `reqwest` client (proxies, custom TLS, …) instead of a new one.
            /// Its own redirect policy then applies: the client's (no credential
            /// follows a redirect to another host) only governs clients it creates.
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.config.http_client = ::std::option::Option::Some(client);
                self
            }

            #build
        }
    }
}

/// The `ClientBuilder` struct, with a member per credential, and its
/// `Debug`, which redacts the credentials.
fn builder_struct(api: &Api) -> TokenStream {
    let secret_fields = api.auth.iter().map(|a| {
        let f = format_ident!("{}", a.setter);
        quote!(#f: ::std::option::Option<::std::string::String>,)
    });
    let secret_debug = api.auth.iter().map(|a| {
        let f = format_ident!("{}", a.setter);
        let name = &a.setter;
        quote!(.field(#name, &self.#f.as_ref().map(|_| "<redacted>")))
    });
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
    }
}

/// `ClientBuilder::base_url`, documented with the document's server.
fn base_url_setter(api: &Api) -> TokenStream {
    let default_url = &api.base_url;
    let url_doc = if default_url.is_empty() {
        trusted_doc("The base URL; the document names no server, so this must be set.")
    } else {
        trusted_doc(&format!(
            "The base URL (default {}), e.g. a mock server's.",
            code(default_url)
        ))
    };
    quote! {
        #url_doc
        pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.base_url = ::std::option::Option::Some(url.into());
            self
        }
    }
}

/// The setter for the credential of one security scheme.
fn credential_setter(a: &AuthScheme) -> TokenStream {
    let f = format_ident!("{}", a.setter);
    let what = match &a.kind {
        AuthKind::Bearer => "Sent as `Authorization: Bearer <token>`.".to_owned(),
        AuthKind::Basic => "A `user:password` pair, sent as HTTP Basic authentication.".to_owned(),
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
}

/// The setters of how requests are sent and answers read: timeout,
/// retries, response size, plain HTTP, strict decoding.
fn policy_setters() -> TokenStream {
    quote! {
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

        /// Whether a response value that strays from the document fails the call with
        /// [`Error::Decode`](crate::Error::Decode) (`true`), or is kept and listed in the
        /// response's deviations (`false`, the default). See [`crate::decode`].
        pub fn strict_decoding(mut self, strict: bool) -> Self {
            self.config.strict_decoding = strict;
            self
        }
    }
}

/// `default_header` and `secret_header`: headers sent with every request.
fn header_setters() -> TokenStream {
    quote! {
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
    }
}

/// `ClientBuilder::build`: the credentials set, as headers, and the base
/// URL (the document's server unless set) make the client's core.
fn build_method(api: &Api) -> TokenStream {
    let credentials = api.auth.iter().map(credential_push);
    let base_url_expr = if api.base_url.is_empty() {
        quote! {
            self.base_url.as_deref().ok_or_else(|| crate::Error::Config("no base URL: call `base_url`".to_owned()))?
        }
    } else {
        let default_url = &api.base_url;
        quote!(self.base_url.as_deref().unwrap_or(#default_url))
    };
    quote! {
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

/// The statement adding one scheme's credential, when set, to
/// `credentials` as the header it is sent in.
fn credential_push(a: &AuthScheme) -> TokenStream {
    let f = format_ident!("{}", a.setter);
    let what = format!("the {} credential", a.setter);
    let make = match &a.kind {
        AuthKind::Bearer => {
            quote!(crate::runtime::credential("authorization", #what, &format!("Bearer {value}"))?)
        }
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
}
