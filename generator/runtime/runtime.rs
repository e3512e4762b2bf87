//! Runtime support shared by every operation: the HTTP transport, retries,
//! timeouts, URL building and the [`Error`] type.
//!
//! This module is hand-written, identical in every crate the generator
//! makes, and carries no spec text; the generated `client` module calls it.
//! Not every crate uses every helper, hence `dead_code` is allowed.
#![allow(dead_code)]

use std::fmt;
use std::time::{Duration, SystemTime};

use backon::BackoffBuilder;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
pub use reqwest::StatusCode;
pub use reqwest::header::HeaderMap;
use reqwest::header::{HeaderName, HeaderValue};

/// Retries after the first attempt, unless configured otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Time allowed for one attempt, unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest `Retry-After` the client honours; a longer one falls back to
/// the client's own backoff.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// `User-Agent`: this crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
/// Response headers that carry a request id, most specific first.
const REQUEST_ID_HEADERS: &[&str] = &["cf-ray", "x-request-id", "request-id"];

/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a status outside 2xx.
    Api(Box<ApiError>),
    /// No complete response arrived within the timeout, on every attempt.
    Timeout {
        /// Attempts made (1 + retries).
        attempts: u32,
    },
    /// The request could not be sent or the connection failed, on every attempt.
    Connection {
        /// Attempts made (1 + retries).
        attempts: u32,
        /// The underlying transport error.
        source: reqwest::Error,
    },
    /// A 2xx response whose body does not match the documented type.
    Decode(Box<DecodeError>),
    /// The client or request was configured with invalid values.
    Config(String),
}

/// A non-2xx answer from the API.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// The error list the API sent (`errors: [{code, message}]`), if any.
    pub errors: Vec<ApiErrorDetail>,
    /// The request id (`cf-ray`, `x-request-id` or `request-id`), when the
    /// response has one.
    pub request_id: Option<String>,
    /// Response headers.
    pub headers: HeaderMap,
    /// The raw response body, whatever its format (JSON, HTML, text).
    pub body: String,
    /// Attempts made (1 + retries).
    pub attempts: u32,
}

/// One entry of an API error list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiErrorDetail {
    /// Numeric error code, when given.
    pub code: Option<i64>,
    /// Human-readable message.
    pub message: String,
}

/// A success response whose body could not be decoded.
#[derive(Debug)]
pub struct DecodeError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// JSON path of the offending value, e.g. `data.participants[3].duration`.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The raw response body, kept whole.
    pub body: String,
}

impl Error {
    /// HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The raw response body, for API and decode errors.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::Decode(e) => Some(&e.body),
            _ => None,
        }
    }

    /// The API error, if the API answered with one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Timeout { attempts } => write!(f, "request timed out ({})", plural(*attempts)),
            Error::Connection { attempts, source } => {
                write!(f, "connection failed ({}): {source}", plural(*attempts))
            }
            Error::Decode(e) => write!(
                f,
                "could not decode the {} response at `{}`: {}",
                e.status.as_u16(),
                e.path,
                e.message
            ),
            Error::Config(message) => write!(f, "invalid configuration: {message}"),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error {}", self.status)?;
        for (i, e) in self.errors.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            match e.code {
                Some(code) => write!(f, "[{code}] {}", e.message)?,
                None => f.write_str(&e.message)?,
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if self.attempts > 1 {
            write!(f, " after {}", plural(self.attempts))?;
        }
        Ok(())
    }
}

fn plural(attempts: u32) -> String {
    if attempts == 1 {
        "1 attempt".into()
    } else {
        format!("{attempts} attempts")
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A decoded body together with the response's status and headers.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers (rate limits, request ids, …).
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }

    /// The request id (`cf-ray` or `x-request-id`), when present.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }
}

fn request_id(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|h| headers.get(*h)?.to_str().ok())
}

/// Per-request overrides of the client's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOptions {
    pub(crate) max_retries: Option<u32>,
    pub(crate) timeout: Option<Duration>,
}

/// Settings fixed when the client is built.
pub(crate) struct Core {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    /// Credential headers, marked sensitive so they never print.
    pub(crate) credentials: Vec<(HeaderName, HeaderValue)>,
    pub(crate) max_retries: u32,
    pub(crate) timeout: Duration,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.credentials.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credential_headers", &names)
            .field("max_retries", &self.max_retries)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
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

/// Characters left as they are in path segments and query values: RFC 3986
/// unreserved only, so `/`, `?`, `#`, `%`, `&`, `=` and `,` in a value can
/// never change the URL's shape.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends one percent-encoded path segment. Empty, `.` and `..` values are
/// refused: URL parsers treat `.`/`..` (even encoded as `%2E`) as dot
/// segments and an empty one as `//`, so they would change which resource
/// the request reaches.
pub(crate) fn push_segment(path: &mut String, name: &str, value: &str) -> Result<(), Error> {
    if matches!(value, "" | "." | "..") {
        return Err(Error::Config(format!(
            "path parameter `{name}` cannot be {value:?}"
        )));
    }
    path.extend(utf8_percent_encode(value, UNRESERVED));
    Ok(())
}

/// A query string under construction.
#[derive(Debug, Default)]
pub(crate) struct Query(String);

impl Query {
    /// `name=value`.
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        self.start(name);
        self.0.extend(utf8_percent_encode(value, UNRESERVED));
    }

    /// An array: `name=a&name=b` when `explode`, else `name=a,b` (OpenAPI
    /// `style: form`).
    pub(crate) fn push_list<I>(&mut self, name: &str, values: I, explode: bool)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut first = true;
        for value in values {
            if explode || first {
                self.start(name);
            } else {
                self.0.push(',');
            }
            first = false;
            self.0
                .extend(utf8_percent_encode(value.as_ref(), UNRESERVED));
        }
    }

    fn start(&mut self, name: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.extend(utf8_percent_encode(name, UNRESERVED));
        self.0.push('=');
    }
}

/// The `Cookie` header under construction: `name=value; name2=value2`,
/// values percent-encoded so they cannot end the pair or the header.
#[derive(Debug, Default)]
pub(crate) struct Cookies(Vec<String>);

impl Cookies {
    /// Adds `name=value`.
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        let value: String = utf8_percent_encode(value, UNRESERVED).collect();
        self.0.push(format!("{name}={value}"));
    }

    /// The header value, if any cookie was added.
    pub(crate) fn header(self) -> Option<String> {
        (!self.0.is_empty()).then(|| self.0.join("; "))
    }
}

/// One request, fully described, ready to be sent (and re-sent on retry).
pub(crate) struct RequestParts {
    pub(crate) method: reqwest::Method,
    /// Percent-encoded path starting with `/`.
    pub(crate) path: String,
    pub(crate) query: Query,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The request body, already serialised.
    pub(crate) body: Option<Body>,
    /// The `Accept` header: the media types the operation answers with.
    pub(crate) accept: &'static str,
}

/// A 2xx response with its body read.
pub(crate) struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl Core {
    /// Sends a request, retrying as configured; any non-2xx final answer is
    /// an [`Error::Api`].
    pub(crate) async fn execute(
        &self,
        parts: RequestParts,
        options: &RequestOptions,
    ) -> Result<RawResponse, Error> {
        let url = self.url(&parts)?;
        let max_retries = options.max_retries.unwrap_or(self.max_retries);
        let timeout = options.timeout.unwrap_or(self.timeout);
        let mut headers = HeaderMap::new();
        for (name, value) in &self.credentials {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &parts.headers {
            let invalid = || {
                Error::Config(format!(
                    "header `{name}` has a value not allowed in HTTP headers"
                ))
            };
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            headers.insert(name, HeaderValue::from_str(value).map_err(|_| invalid())?);
        }
        if let Some(body) = &parts.body {
            headers.insert(
                reqwest::header::CONTENT_TYPE,
                HeaderValue::from_str(&body.content_type).map_err(|_| {
                    Error::Config("the request body has an invalid content type".to_owned())
                })?,
            );
        }
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static(parts.accept),
        );
        headers.insert(
            reqwest::header::USER_AGENT,
            HeaderValue::from_static(USER_AGENT),
        );

        let mut backoff = backon::ExponentialBuilder::default()
            .with_min_delay(INITIAL_BACKOFF)
            .with_max_delay(MAX_BACKOFF)
            .with_jitter()
            .with_max_times(max_retries as usize)
            .build();
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut request = self
                .http
                .request(parts.method.clone(), url.clone())
                .headers(headers.clone())
                .timeout(timeout);
            if let Some(body) = &parts.body {
                request = request.body(body.bytes.clone());
            }
            let can_retry = attempts <= max_retries;
            let failure = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let wait = retry_after(response.headers());
                    // A server asking for a longer wait than we are willing
                    // to make gets its answer back instead of an early retry.
                    let too_long = wait.is_some_and(|w| w > MAX_RETRY_AFTER);
                    if can_retry && !too_long && is_retryable(&parts.method, status) {
                        let delay =
                            wait.unwrap_or_else(|| backoff.next().unwrap_or(INITIAL_BACKOFF));
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(body) if status.is_success() => {
                            return Ok(RawResponse {
                                status,
                                headers,
                                body,
                            });
                        }
                        Ok(body) => return Err(api_error(status, headers, &body, attempts)),
                        Err(e) => e,
                    }
                }
                Err(e) => e,
            };
            // A request that may have reached the server is repeated only if
            // repeating it is harmless (idempotent methods).
            let unsent = failure.is_connect();
            let maybe_sent = failure.is_timeout() || failure.is_request();
            if can_retry && (unsent || (maybe_sent && is_idempotent(&parts.method))) {
                tokio::time::sleep(backoff.next().unwrap_or(INITIAL_BACKOFF)).await;
                continue;
            }
            return Err(if failure.is_timeout() {
                Error::Timeout { attempts }
            } else {
                Error::Connection {
                    attempts,
                    source: failure.without_url(),
                }
            });
        }
    }

    fn url(&self, parts: &RequestParts) -> Result<reqwest::Url, Error> {
        let mut text = format!("{}{}", self.base_url, parts.path);
        if !parts.query.0.is_empty() {
            text.push('?');
            text.push_str(&parts.query.0);
        }
        reqwest::Url::parse(&text)
            .map_err(|e| Error::Config(format!("cannot build a URL from `{text}`: {e}")))
    }
}

/// Methods whose repetition has no further effect (RFC 9110 §9.2.2).
fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// 408, 409, 429 and 5xx are worth another try for idempotent methods. A
/// POST or PATCH is repeated only when the server says it did not act on
/// it: 429 (rate limited) and 503 (unavailable).
fn is_retryable(method: &reqwest::Method, status: StatusCode) -> bool {
    if is_idempotent(method) {
        matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
    } else {
        matches!(status.as_u16(), 429 | 503)
    }
}

/// `Retry-After` in seconds or as an HTTP date; `retry-after-ms` first.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) = headers
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok()?.trim().parse::<f64>().ok())
    {
        // Absurd values (1e300) must not panic: they just exceed the cap.
        if let Ok(wait) = Duration::try_from_secs_f64(ms / 1000.0) {
            return Some(wait);
        }
    }
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

fn api_error(status: StatusCode, headers: HeaderMap, body: &[u8], attempts: u32) -> Error {
    let body = String::from_utf8_lossy(body).into_owned();
    let errors = serde_json::from_str::<serde_json::Value>(&body)
        .map(|v| error_details(&v))
        .unwrap_or_default();
    let request_id = request_id(&headers).map(str::to_owned);
    Error::Api(Box::new(ApiError {
        status,
        errors,
        request_id,
        headers,
        body,
        attempts,
    }))
}

/// Reads the common error envelopes: `{errors: [{code, message}]}`,
/// `{error: {code, message}}`, `{error: "…"}` and `{message: "…"}`.
fn error_details(v: &serde_json::Value) -> Vec<ApiErrorDetail> {
    fn one(v: &serde_json::Value) -> Option<ApiErrorDetail> {
        if let Some(s) = v.as_str() {
            return Some(ApiErrorDetail {
                code: None,
                message: s.to_owned(),
            });
        }
        let message = v
            .get("message")
            .or_else(|| v.get("detail"))
            .and_then(|m| m.as_str())?;
        let code = v
            .get("code")
            .and_then(|c| c.as_i64().or_else(|| c.as_str()?.parse().ok()));
        Some(ApiErrorDetail {
            code,
            message: message.to_owned(),
        })
    }
    if let Some(list) = v.get("errors").and_then(|e| e.as_array()) {
        return list.iter().filter_map(one).collect();
    }
    v.get("error")
        .and_then(one)
        .or_else(|| one(v))
        .into_iter()
        .collect()
}

impl RawResponse {
    /// The HTTP status.
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// Decodes a JSON body; a mismatch names the JSON path of the bad value.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let decoded = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| (e.path().to_string(), e.into_inner().to_string()))
            .and_then(|body| {
                de.end()
                    .map(|()| body)
                    .map_err(|e| (String::new(), e.to_string()))
            });
        match decoded {
            Ok(body) => Ok(ApiResponse {
                status: self.status,
                headers: self.headers,
                body,
            }),
            Err((path, message)) => Err(Error::Decode(Box::new(DecodeError {
                status: self.status,
                path: if path.is_empty() || path == "?" {
                    ".".into()
                } else {
                    path
                },
                message,
                body: String::from_utf8_lossy(&self.body).into_owned(),
            }))),
        }
    }

    /// The body as text.
    pub(crate) fn text(self) -> Result<ApiResponse<String>, Error> {
        let body = String::from_utf8_lossy(&self.body).into_owned();
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
        })
    }

    /// The body as bytes.
    pub(crate) fn bytes(self) -> Result<ApiResponse<Vec<u8>>, Error> {
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            body: self.body.to_vec(),
        })
    }

    /// No body expected.
    pub(crate) fn empty(self) -> Result<ApiResponse<()>, Error> {
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            body: (),
        })
    }
}

/// What one alternative of an untagged union declares, when it is an
/// object: how [`union_order`] tells which alternative an object is.
pub(crate) struct VariantShape {
    /// Whether the alternative is an object with declared properties.
    pub(crate) object: bool,
    /// Declared property names.
    pub(crate) declared: &'static [&'static str],
    /// Required property names.
    pub(crate) required: &'static [&'static str],
    /// Properties typed as an enum, with the values it names.
    pub(crate) enums: &'static [(&'static str, &'static [&'static str])],
}

/// The order in which to try an untagged union's alternatives on `value`.
/// For an object: first the alternatives whose enum-typed properties it
/// matches and whose required properties it has, and among those the ones
/// declaring more of its keys (so an alternative whose fields are all
/// optional cannot take an object that another one describes better);
/// declaration order breaks ties. Anything else: declaration order.
pub(crate) fn union_order(value: &serde_json::Value, shapes: &[VariantShape]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..shapes.len()).collect();
    let Some(object) = value.as_object() else {
        return order;
    };
    order.sort_by_cached_key(|&i| {
        let shape = &shapes[i];
        if !shape.object {
            return (false, false, std::cmp::Reverse(0), i);
        }
        let wrong_tag = shape.enums.iter().any(|(key, values)| {
            object
                .get(*key)
                .and_then(serde_json::Value::as_str)
                .is_some_and(|v| !values.contains(&v))
        });
        let missing = shape.required.iter().any(|k| !object.contains_key(*k));
        let matched = object
            .keys()
            .filter(|k| shape.declared.contains(&k.as_str()))
            .count();
        (wrong_tag, missing, std::cmp::Reverse(matched), i)
    });
    order
}

/// The wire text of a parameter that is a union of scalars: strings as
/// they are, numbers and booleans as written in JSON.
pub(crate) fn param_text<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A serialised request body and its media type.
pub(crate) struct Body {
    content_type: String,
    bytes: Vec<u8>,
}

/// A body sent as given, with its media type.
pub(crate) fn raw(content_type: &str, bytes: &[u8]) -> Result<Body, Error> {
    if HeaderValue::from_str(content_type).is_err() {
        return Err(Error::Config(format!(
            "`{content_type}` is not a valid content type"
        )));
    }
    Ok(Body {
        content_type: content_type.to_owned(),
        bytes: bytes.to_vec(),
    })
}

/// A JSON request body.
pub(crate) fn to_json<T: serde::Serialize>(body: &T) -> Result<Body, Error> {
    let bytes = serde_json::to_vec(body)
        .map_err(|e| Error::Config(format!("request body cannot be serialised: {e}")))?;
    Ok(Body {
        content_type: "application/json".to_owned(),
        bytes,
    })
}

/// An `application/x-www-form-urlencoded` request body: each property is a
/// field; arrays repeat the field (`style: form`, `explode: true`), nested
/// objects use brackets (`meta[key]=value`), nulls are left out.
pub(crate) fn to_form<T: serde::Serialize>(body: &T) -> Result<Body, Error> {
    let value = serde_json::to_value(body)
        .map_err(|e| Error::Config(format!("request body cannot be serialised: {e}")))?;
    let serde_json::Value::Object(fields) = value else {
        return Err(Error::Config("a form body must be an object".to_owned()));
    };
    let mut form = Query::default();
    for (name, value) in &fields {
        push_form_value(&mut form, name, value);
    }
    Ok(Body {
        content_type: "application/x-www-form-urlencoded".to_owned(),
        bytes: form.0.into_bytes(),
    })
}

/// A `multipart/form-data` body under construction: text fields and files.
#[derive(Default)]
pub(crate) struct Multipart {
    /// (field name, file name for files, content).
    parts: Vec<(String, Option<String>, Vec<u8>)>,
}

impl Multipart {
    /// A text field: strings as they are, other values as JSON text.
    pub(crate) fn value<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let text = match serde_json::to_value(value) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(e) => {
                return Err(Error::Config(format!(
                    "field `{name}` cannot be serialised: {e}"
                )));
            }
        };
        self.parts.push((name.to_owned(), None, text.into_bytes()));
        Ok(())
    }

    /// A file field, sent as `application/octet-stream`.
    pub(crate) fn file(&mut self, name: &str, bytes: &[u8]) {
        self.parts
            .push((name.to_owned(), Some(name.to_owned()), bytes.to_vec()));
    }

    /// The encoded body, with a boundary that occurs in no part. (A
    /// `Result` like every body encoder, so callers treat them alike.)
    pub(crate) fn finish(self) -> Result<Body, Error> {
        let mut seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let boundary = loop {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let candidate = format!("openapi-rustgen-{seed:016x}");
            let clashes = self.parts.iter().any(|(name, _, content)| {
                name.contains(&candidate)
                    || content
                        .windows(candidate.len())
                        .any(|w| w == candidate.as_bytes())
            });
            if !clashes {
                break candidate;
            }
        };
        let mut bytes = Vec::new();
        for (name, file, content) in &self.parts {
            // Quotes and line breaks in names cannot break the part headers.
            let name = name.replace(['"', '\r', '\n'], "_");
            bytes.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"")
                    .as_bytes(),
            );
            if let Some(file) = file {
                let file = file.replace(['"', '\r', '\n'], "_");
                bytes.extend_from_slice(
                    format!("; filename=\"{file}\"\r\nContent-Type: application/octet-stream")
                        .as_bytes(),
                );
            }
            bytes.extend_from_slice(b"\r\n\r\n");
            bytes.extend_from_slice(content);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok(Body {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            bytes,
        })
    }
}

fn push_form_value(form: &mut Query, name: &str, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::String(s) => form.push(name, s),
        Value::Bool(_) | Value::Number(_) => form.push(name, &value.to_string()),
        Value::Array(items) => items
            .iter()
            .for_each(|item| push_form_value(form, name, item)),
        Value::Object(map) => {
            for (key, item) in map {
                push_form_value(form, &format!("{name}[{key}]"), item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_order_prefers_the_alternative_that_describes_the_object() {
        const SHAPES: &[VariantShape] = &[
            // All optional: would take any object if tried first.
            VariantShape {
                object: true,
                declared: &["type", "device"],
                required: &[],
                enums: &[("type", &["push"])],
            },
            VariantShape {
                object: false,
                declared: &[],
                required: &[],
                enums: &[],
            },
            VariantShape {
                object: true,
                declared: &["type", "address", "label"],
                required: &["address"],
                enums: &[("type", &["email"])],
            },
        ];
        let email = serde_json::json!({"type": "email", "address": "a@b", "label": "x"});
        assert_eq!(union_order(&email, SHAPES), [2, 1, 0]);
        let push = serde_json::json!({"type": "push"});
        assert_eq!(union_order(&push, SHAPES), [0, 1, 2]);
        // Required key missing: tried after the others.
        let partial = serde_json::json!({"label": "x"});
        assert_eq!(union_order(&partial, SHAPES), [0, 1, 2]);
        assert_eq!(union_order(&serde_json::json!("text"), SHAPES), [0, 1, 2]);
    }

    #[test]
    fn segments_cannot_escape() {
        let mut p = String::new();
        push_segment(&mut p, "id", "a/../b").unwrap();
        assert_eq!(p, "a%2F..%2Fb");
        let mut p = String::new();
        push_segment(&mut p, "id", "x?y#z%20 é").unwrap();
        assert_eq!(p, "x%3Fy%23z%2520%20%C3%A9");
        for bad in ["", ".", ".."] {
            let err = push_segment(&mut p, "id", bad).unwrap_err();
            assert!(
                err.to_string().contains("path parameter `id` cannot be"),
                "{err}"
            );
        }
    }

    #[test]
    fn query_lists_follow_style() {
        let mut q = Query::default();
        q.push_list(
            "filters",
            ["device_info".to_owned(), "events".to_owned()],
            false,
        );
        q.push("flag", "true");
        q.push_list("tag", ["a,b".to_owned(), "c&d".to_owned()], true);
        assert_eq!(
            q.0,
            "filters=device_info,events&flag=true&tag=a%2Cb&tag=c%26d"
        );
    }

    #[test]
    fn multipart_bodies() {
        let mut form = Multipart::default();
        form.value("purpose", &"fine-tune").unwrap();
        form.value("count", &3).unwrap();
        form.file("file", b"\x00\x01bytes");
        let body = form.finish().unwrap();
        let boundary = body
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        let text = String::from_utf8_lossy(&body.bytes).into_owned();
        assert!(text.starts_with(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"
        )));
        assert!(text.contains("name=\"count\"\r\n\r\n3\r\n"));
        assert!(text.contains("name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}\u{1}bytes\r\n"));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
    }

    #[test]
    fn union_parameters_as_text() {
        assert_eq!(param_text(&"name"), "name");
        assert_eq!(param_text(&7), "7");
        assert_eq!(param_text(&true), "true");
    }

    #[test]
    fn cookies_are_one_header() {
        assert_eq!(Cookies::default().header(), None);
        let mut c = Cookies::default();
        c.push("session", "a b;c");
        c.push("theme", "dark");
        assert_eq!(c.header().as_deref(), Some("session=a%20b%3Bc; theme=dark"));
    }

    #[test]
    fn form_bodies() {
        #[derive(serde::Serialize)]
        struct Message {
            to: &'static str,
            body: &'static str,
            events: Vec<&'static str>,
            meta: serde_json::Value,
            skipped: Option<u8>,
            count: u8,
        }
        let m = Message {
            to: "+1 555",
            body: "a&b=c",
            events: vec!["sent", "failed"],
            meta: serde_json::json!({"k": true}),
            skipped: None,
            count: 2,
        };
        let body = to_form(&m).unwrap();
        assert_eq!(body.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            String::from_utf8(body.bytes).unwrap(),
            "to=%2B1%20555&body=a%26b%3Dc&events=sent&events=failed&meta%5Bk%5D=true&count=2"
        );
        assert!(to_form(&[1, 2]).is_err());
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            "retry-after",
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
        h.insert("retry-after-ms", HeaderValue::from_static("1e300"));
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn only_idempotent_methods_repeat_what_may_have_happened() {
        use reqwest::Method;
        assert!(is_retryable(
            &Method::GET,
            StatusCode::INTERNAL_SERVER_ERROR
        ));
        assert!(is_retryable(&Method::PUT, StatusCode::CONFLICT));
        assert!(!is_retryable(
            &Method::POST,
            StatusCode::INTERNAL_SERVER_ERROR
        ));
        assert!(!is_retryable(&Method::PATCH, StatusCode::REQUEST_TIMEOUT));
        assert!(is_retryable(&Method::POST, StatusCode::TOO_MANY_REQUESTS));
        assert!(is_retryable(&Method::POST, StatusCode::SERVICE_UNAVAILABLE));
        assert!(!is_retryable(&Method::GET, StatusCode::NOT_FOUND));
    }

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
    fn error_envelopes() {
        let v = serde_json::json!({"success": false, "errors": [{"code": 7003, "message": "No route"}]});
        assert_eq!(
            error_details(&v),
            vec![ApiErrorDetail {
                code: Some(7003),
                message: "No route".into()
            }]
        );
        let v = serde_json::json!({"error": {"code": "42", "message": "bad"}});
        assert_eq!(
            error_details(&v),
            vec![ApiErrorDetail {
                code: Some(42),
                message: "bad".into()
            }]
        );
        assert_eq!(
            error_details(&serde_json::json!({"message": "m"}))[0].message,
            "m"
        );
        assert!(error_details(&serde_json::json!([1])).is_empty());
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
}
