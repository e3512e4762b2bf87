//! Client settings, the core every clone of a client shares, credentials,
//! and the checks `build()` makes before anything is sent.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use super::{DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Error};

/// Redirects followed within one origin before giving up.
const MAX_REDIRECTS: usize = 10;

/// The settings a client builder collects; every field is optional.
#[derive(Clone, Default)]
pub(crate) struct Config {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) max_response_size: Option<u64>,
    pub(crate) allow_insecure_http: bool,
    pub(crate) http_client: Option<reqwest::Client>,
    /// (name, value, secret) in the order they were set.
    pub(crate) default_headers: Vec<(String, String, bool)>,
    /// Whether a response value that strays from the document is an error.
    pub(crate) strict_decoding: bool,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .default_headers
            .iter()
            .map(|(name, value, secret)| {
                let shown = if *secret || is_sensitive_name(name) {
                    "<redacted>"
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("Config")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_size", &self.max_response_size)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("custom_http_client", &self.http_client.is_some())
            .field("default_headers", &headers)
            .field("strict_decoding", &self.strict_decoding)
            .finish()
    }
}

/// Settings fixed when the client is built, shared by its clones.
pub(crate) struct Core {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    /// Credential headers, marked sensitive so they never print.
    pub(crate) credentials: Vec<(HeaderName, HeaderValue)>,
    /// Headers sent with every request; secret ones are marked sensitive.
    pub(crate) default_headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) max_retries: u32,
    pub(crate) timeout: Duration,
    pub(crate) max_response_size: u64,
    pub(crate) strict_decoding: bool,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.credentials.iter().map(|(n, _)| n.as_str()).collect();
        let defaults: Vec<&str> = self
            .default_headers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credential_headers", &names)
            .field("default_headers", &defaults)
            .field("max_retries", &self.max_retries)
            .field("timeout", &self.timeout)
            .field("max_response_size", &self.max_response_size)
            .field("strict_decoding", &self.strict_decoding)
            .finish_non_exhaustive()
    }
}

impl Core {
    /// Checks everything `build()` promises and makes the shared core:
    /// an absolute http(s) base URL, credentials in distinct headers, no
    /// credential over plain HTTP to another machine unless allowed, valid
    /// default headers that leave credentials alone.
    pub(crate) fn new(
        base_url: &str,
        credentials: Vec<(HeaderName, HeaderValue)>,
        config: Config,
    ) -> Result<Core, Error> {
        let base_url = normalize_base_url(base_url)?;
        ensure_distinct_headers(&credentials)?;
        let mut default_headers = Vec::new();
        for (name, value, secret) in &config.default_headers {
            let (name, mut value) = header(name, value, "default header")?;
            if credentials.iter().any(|(c, _)| *c == name) {
                return Err(Error::Config(format!(
                    "default header `{name}` would replace a configured credential"
                )));
            }
            value.set_sensitive(*secret || is_sensitive_name(name.as_str()));
            default_headers.push((name, value));
        }
        let secrets =
            !credentials.is_empty() || default_headers.iter().any(|(_, v)| v.is_sensitive());
        if secrets && !config.allow_insecure_http {
            ensure_private_transport(&base_url)?;
        }
        let http = match config.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .redirect(redirect_policy(secrets))
                .build()
                .map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))?,
        };
        Ok(Core {
            http,
            base_url,
            credentials,
            default_headers,
            max_retries: config.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            timeout: config.timeout.unwrap_or(DEFAULT_TIMEOUT),
            max_response_size: config
                .max_response_size
                .unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
            strict_decoding: config.strict_decoding,
        })
    }
}

/// Redirects: with secrets configured, only within the origin the request
/// went to (same scheme, host and port), so no credential header, however
/// named, reaches another host; a redirect elsewhere is returned as it is
/// (an [`Error::Api`] with its 3xx status and `Location`). Without secrets,
/// up to ten redirects anywhere, like a browser.
fn redirect_policy(secrets: bool) -> reqwest::redirect::Policy {
    if !secrets {
        return reqwest::redirect::Policy::limited(MAX_REDIRECTS);
    }
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| {
            first.scheme() == attempt.url().scheme()
                && first.host_str() == attempt.url().host_str()
                && first.port_or_known_default() == attempt.url().port_or_known_default()
        });
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Refuses `http://` to anything but this machine: a credential would
/// cross the network in clear.
fn ensure_private_transport(base_url: &str) -> Result<(), Error> {
    let Ok(url) = reqwest::Url::parse(base_url) else {
        return Ok(());
    };
    if url.scheme() != "http" {
        return Ok(());
    }
    let host = url.host_str().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        return Ok(());
    }
    Err(Error::Config(format!(
        "base URL `{base_url}` is plain http to another machine, so credentials would travel \
         unencrypted; use https, or call `allow_insecure_http(true)` if that is intended"
    )))
}

/// Header names whose values are secrets whoever sets them.
pub(super) fn is_sensitive_name(name: &str) -> bool {
    [
        "authorization",
        "proxy-authorization",
        "cookie",
        "x-api-key",
        "api-key",
    ]
    .iter()
    .any(|s| s.eq_ignore_ascii_case(name))
}

/// A header from user-supplied text, refused (naming the header, never
/// echoing the value) when it is not valid HTTP.
pub(super) fn header(
    name: &str,
    value: &str,
    what: &str,
) -> Result<(HeaderName, HeaderValue), Error> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config(format!("{what} `{name}` is not a valid header name")))?;
    let value = HeaderValue::from_str(value).map_err(|_| {
        Error::Config(format!(
            "{what} `{name}` has a value not allowed in HTTP headers (control characters or non-ASCII)"
        ))
    })?;
    Ok((name, value))
}

/// Checks a base URL and drops its trailing slash.
pub(crate) fn normalize_base_url(url: &str) -> Result<String, Error> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::Config(format!("base URL `{url}` is not an absolute URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL `{url}` must use http or https"
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL `{url}` cannot have a query or fragment: paths are appended to it"
        )));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// A credential header, refusing values that are not valid in a header
/// (CR, LF, other control bytes) without echoing the secret.
pub(crate) fn credential(
    name: &str,
    what: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), Error> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config(format!("`{name}` is not a valid header name for {what}")))?;
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        Error::Config(format!(
            "{what} contains characters that are not allowed in an HTTP header"
        ))
    })?;
    value.set_sensitive(true);
    Ok((header, value))
}

/// Refuses two configured credentials that would go in the same header
/// (say a bearer token and Basic auth): one would silently replace the other.
pub(crate) fn ensure_distinct_headers(
    credentials: &[(HeaderName, HeaderValue)],
) -> Result<(), Error> {
    for (i, (name, _)) in credentials.iter().enumerate() {
        if credentials[..i].iter().any(|(earlier, _)| earlier == name) {
            return Err(Error::Config(format!(
                "two configured credentials both use the `{name}` header; set only one of them"
            )));
        }
    }
    Ok(())
}

/// `Authorization: Basic …` from a `user:password` pair.
pub(crate) fn basic_credential(
    what: &str,
    user_and_password: &str,
) -> Result<(HeaderName, HeaderValue), Error> {
    credential(
        "authorization",
        what,
        &format!("Basic {}", base64(user_and_password.as_bytes())),
    )
}

fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            normalize_base_url("https://a.example/v4/").unwrap(),
            "https://a.example/v4"
        );
        assert!(normalize_base_url("https://a.example/v4?x=1").is_err());
        assert!(normalize_base_url("ftp://a.example").is_err());
        assert!(normalize_base_url("/relative").is_err());
    }

    #[test]
    fn each_credential_keeps_its_own_header() {
        let email = credential("x-auth-email", "email", "me@example.com").unwrap();
        let key = credential("x-auth-key", "key", "k").unwrap();
        let token = credential("authorization", "token", "Bearer t").unwrap();
        assert!(ensure_distinct_headers(&[email, key, token.clone()]).is_ok());
        let basic = basic_credential("basic", "u:p").unwrap();
        let err = ensure_distinct_headers(&[token, basic]).unwrap_err();
        assert!(err.to_string().contains("`authorization` header"), "{err}");
    }

    #[test]
    fn basic_auth_encoding() {
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
    }

    #[test]
    fn credentials_reject_newlines_without_echo() {
        let err =
            credential("authorization", "the API token", "Bearer abc\r\nX-Evil: 1").unwrap_err();
        assert!(!err.to_string().contains("abc"));
        let (_, v) = credential("authorization", "the API token", "Bearer ok").unwrap();
        assert!(v.is_sensitive());
    }

    fn token() -> Vec<(HeaderName, HeaderValue)> {
        vec![credential("authorization", "token", "Bearer secret").unwrap()]
    }

    #[test]
    fn secrets_never_travel_in_clear() {
        for remote in [
            "http://api.example.com",
            "http://10.0.0.1:8080/v1",
            "http://[2001:db8::1]",
        ] {
            let err = Core::new(remote, token(), Config::default()).unwrap_err();
            assert!(err.to_string().contains("allow_insecure_http"), "{err}");
            assert!(!err.to_string().contains("secret"), "{err}");
            let allowed = Config {
                allow_insecure_http: true,
                ..Config::default()
            };
            assert!(Core::new(remote, token(), allowed).is_ok());
            // Nothing secret, nothing to protect.
            assert!(Core::new(remote, Vec::new(), Config::default()).is_ok());
        }
        for local in [
            "http://localhost:4010",
            "http://127.0.0.1",
            "http://[::1]:9",
            "https://api.example.com",
        ] {
            assert!(
                Core::new(local, token(), Config::default()).is_ok(),
                "{local}"
            );
        }
        // A secret default header counts as a credential.
        let secret = Config {
            default_headers: vec![("x-proxy-key".into(), "k".into(), true)],
            ..Config::default()
        };
        assert!(Core::new("http://api.example.com", Vec::new(), secret).is_err());
    }

    #[test]
    fn default_headers_are_checked() {
        let with = |name: &str, value: &str| Config {
            default_headers: vec![(name.into(), value.into(), false)],
            ..Config::default()
        };
        let ok = Core::new("https://a.example", token(), with("x-trace", "1")).unwrap();
        assert_eq!(ok.default_headers.len(), 1);
        assert!(!ok.default_headers[0].1.is_sensitive());
        let err = Core::new("https://a.example", token(), with("Authorization", "x")).unwrap_err();
        assert!(err.to_string().contains("credential"), "{err}");
        assert!(Core::new("https://a.example", token(), with("bad name", "x")).is_err());
        let err = Core::new("https://a.example", token(), with("x-a", "1\r\nx-b: 2")).unwrap_err();
        assert!(!err.to_string().contains("x-b"), "{err}");
        // Well-known secret names are redacted even when not marked.
        let cookie = Core::new("https://a.example", Vec::new(), with("cookie", "s=1")).unwrap();
        assert!(cookie.default_headers[0].1.is_sensitive());
        assert!(!format!("{:?}", with("cookie", "s=1")).contains("s=1"));
    }
}
