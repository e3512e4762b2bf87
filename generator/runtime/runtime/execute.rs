//! Sending a request: headers, URL, attempts, retries with backoff and
//! `Retry-After`, and (with the `tracing` feature) spans and events.

use std::fmt;
use std::time::{Duration, SystemTime};

use backon::BackoffBuilder;
use reqwest::header::{HeaderName, HeaderValue};

use super::error::{ErrorBodyHook, api_error, request_id};
use super::response::{RawResponse, ReadError, read_limited};
use super::{Body, Core, Error, HeaderMap, MAX_RETRY_AFTER, Query, StatusCode, USER_AGENT};

const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// `Retry-After` in milliseconds, which some APIs send.
const RETRY_AFTER_MS: HeaderName = HeaderName::from_static("retry-after-ms");
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Per-request overrides of the client's settings, and extra headers and
/// query parameters for this request only.
#[derive(Clone, Default)]
pub(crate) struct RequestOptions {
    pub(crate) max_retries: Option<u32>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) extra_headers: Vec<(String, String)>,
    pub(crate) extra_query: Vec<(String, String)>,
    /// Overrides the client's strict decoding for this request.
    pub(crate) strict_decoding: Option<bool>,
    /// Properties added to the JSON request body (`extra_body`).
    pub(crate) extra_body: Vec<(String, serde_json::Value)>,
    /// The URL a page's `Link: <…>; rel="next"` gave, sent instead of the
    /// request's own path and query (resolved against them when relative).
    pub(crate) page_url: Option<String>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be secrets: names only.
        let headers: Vec<&str> = self.extra_headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("max_retries", &self.max_retries)
            .field("timeout", &self.timeout)
            .field("extra_headers", &headers)
            .field("extra_query", &self.extra_query)
            .field("strict_decoding", &self.strict_decoding)
            .field(
                "extra_body",
                &self
                    .extra_body
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("page_url", &self.page_url)
            .finish()
    }
}

/// A request builder's request, ready to send: the client it goes
/// through, its options and the request itself.
pub(crate) struct Prepared {
    pub(crate) core: std::sync::Arc<Core>,
    pub(crate) options: RequestOptions,
    pub(crate) parts: RequestParts,
}

/// One request, fully described, ready to be sent (and re-sent on retry).
pub(crate) struct RequestParts {
    pub(crate) method: reqwest::Method,
    /// The path template from the document, for logs (`/users/{id}`).
    pub(crate) route: &'static str,
    /// Percent-encoded path starting with `/`.
    pub(crate) path: String,
    pub(crate) query: Query,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The request body, already serialised.
    pub(crate) body: Option<Body>,
    /// The `Accept` header: the media types the operation answers with.
    pub(crate) accept: &'static str,
    /// Types an error answer's body as the operation documents it.
    pub(crate) error_body: ErrorBodyHook,
}

impl Core {
    /// Sends a request, retrying as configured; any non-2xx final answer is
    /// an [`Error::Api`]. Ends within `(timeout + backoff) × attempts`.
    pub(crate) async fn execute(
        &self,
        parts: RequestParts,
        options: &RequestOptions,
    ) -> Result<RawResponse, Error> {
        traced(&parts, self.attempts(&parts, options)).await
    }

    async fn attempts(
        &self,
        parts: &RequestParts,
        options: &RequestOptions,
    ) -> Result<RawResponse, Error> {
        let url = self.url(parts, options)?;
        let mut headers = self.headers(parts, options)?;
        #[cfg(feature = "tracing")]
        tracing::trace!(url = %url, headers = ?Redacted(&headers), "request prepared");
        let max_retries = options.max_retries.unwrap_or(self.max_retries);
        let timeout = options.timeout.unwrap_or(self.timeout);
        let mut backoff = backon::ExponentialBuilder::default()
            .with_min_delay(INITIAL_BACKOFF)
            .with_max_delay(MAX_BACKOFF)
            .with_jitter()
            .with_max_times(max_retries as usize)
            .build();
        let mut attempts = 0;
        loop {
            attempts += 1;
            let can_retry = attempts <= max_retries;
            // The request as reqwest sends it, built directly (a
            // `RequestBuilder` would merge the headers in one by one); the
            // last attempt takes the headers instead of copying them.
            let mut request = reqwest::Request::new(parts.method.clone(), url.clone());
            *request.headers_mut() = if can_retry {
                headers.clone()
            } else {
                std::mem::take(&mut headers)
            };
            *request.timeout_mut() = Some(timeout);
            if let Some(body) = &parts.body {
                *request.body_mut() = Some(body.bytes.clone().into());
            }
            #[cfg(feature = "tracing")]
            tracing::debug!(attempt = attempts, "sending");
            // The failure, and whether it came while reading a body (so the
            // request certainly arrived).
            let (failure, reading) = match self.http.execute(request).await {
                Ok(mut response) => {
                    let status = response.status();
                    // A server asking for a longer wait than we are willing
                    // to make gets its answer back instead of an early retry.
                    let wait = (can_retry && is_retryable(&parts.method, status))
                        .then(|| retry_after(response.headers()))
                        .filter(|wait| wait.is_none_or(|w| w <= MAX_RETRY_AFTER));
                    if let Some(wait) = wait {
                        drop(response);
                        let delay =
                            wait.unwrap_or_else(|| backoff.next().unwrap_or(INITIAL_BACKOFF));
                        #[cfg(feature = "tracing")]
                        tracing::info!(
                            attempt = attempts,
                            status = status.as_u16(),
                            retry_delay_ms = delay.as_millis() as u64,
                            "retrying after a retryable status"
                        );
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    let headers = std::mem::take(response.headers_mut());
                    record(status, &headers, attempts);
                    match read_limited(response, self.max_response_size).await {
                        Ok(body) if status.is_success() => {
                            return Ok(RawResponse {
                                status,
                                headers,
                                body,
                                strict: options.strict_decoding.unwrap_or(self.strict_decoding),
                            });
                        }
                        Ok(body) => {
                            return Err(api_error(
                                status,
                                headers,
                                &body,
                                attempts,
                                parts.error_body,
                            ));
                        }
                        Err(ReadError::TooLarge) => {
                            return Err(Error::ResponseTooLarge {
                                status,
                                limit: self.max_response_size,
                                request_id: request_id(&headers).map(str::to_owned),
                            });
                        }
                        Err(ReadError::Transport(e)) => (e, true),
                    }
                }
                Err(e) => (e, false),
            };
            // A request that may have reached the server is repeated only if
            // repeating it is harmless (idempotent methods).
            let unsent = failure.is_connect();
            let maybe_sent = reading || failure.is_timeout() || failure.is_request();
            if can_retry && (unsent || (maybe_sent && is_idempotent(&parts.method))) {
                let delay = backoff.next().unwrap_or(INITIAL_BACKOFF);
                #[cfg(feature = "tracing")]
                tracing::info!(
                    attempt = attempts,
                    timeout = failure.is_timeout(),
                    retry_delay_ms = delay.as_millis() as u64,
                    "retrying after a transport failure"
                );
                tokio::time::sleep(delay).await;
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

    /// Default headers, credentials, the operation's headers, then the
    /// request's extra headers, which may not replace a credential.
    pub(crate) fn headers(
        &self,
        parts: &RequestParts,
        options: &RequestOptions,
    ) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            headers.append(name.clone(), value.clone());
        }
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
        for (name, value) in &options.extra_headers {
            let (name, mut value) = super::config::header(name, value, "extra header")?;
            if self.credentials.iter().any(|(c, _)| *c == name) {
                return Err(Error::Config(format!(
                    "extra header `{name}` would replace a configured credential"
                )));
            }
            value.set_sensitive(super::config::is_sensitive_name(name.as_str()));
            headers.insert(name, value);
        }
        Ok(headers)
    }

    pub(crate) fn url(
        &self,
        parts: &RequestParts,
        options: &RequestOptions,
    ) -> Result<reqwest::Url, Error> {
        let mut text = format!("{}{}", self.base_url, parts.path);
        let mut query = Query::default();
        for (name, value) in &options.extra_query {
            if name.is_empty() {
                return Err(Error::Config(
                    "an extra query parameter needs a name".to_owned(),
                ));
            }
            query.push(name, value);
        }
        for q in [parts.query.as_str(), query.as_str()] {
            if !q.is_empty() {
                text.push(if text.contains('?') { '&' } else { '?' });
                text.push_str(q);
            }
        }
        let url = reqwest::Url::parse(&text)
            .map_err(|e| Error::Config(format!("cannot build a URL from `{text}`: {e}")))?;
        match &options.page_url {
            Some(link) => self.page_url(&url, link),
            None => Ok(url),
        }
    }

    /// The next page's URL from a `Link` header, resolved against the
    /// request's own URL. Only a URL on the API's origin (scheme, host and
    /// port of the base URL) is followed: the credentials go with it.
    fn page_url(&self, request: &reqwest::Url, link: &str) -> Result<reqwest::Url, Error> {
        let url = request.join(link).map_err(|e| {
            Error::Paging(format!("the next page's link `{link}` is not a URL: {e}"))
        })?;
        let base = reqwest::Url::parse(&self.base_url).ok();
        if base.is_some_and(|base| base.origin() == url.origin()) {
            Ok(url)
        } else {
            Err(Error::Paging(format!(
                "the next page's link `{url}` leaves the API's origin; not followed"
            )))
        }
    }
}

/// Runs the attempts inside a `request` span (method, route, and once known
/// status, attempts and request id).
#[cfg(feature = "tracing")]
async fn traced<F: std::future::Future<Output = Result<RawResponse, Error>>>(
    parts: &RequestParts,
    attempts: F,
) -> Result<RawResponse, Error> {
    use tracing::Instrument;
    let span = tracing::debug_span!(
        "request",
        method = %parts.method,
        route = parts.route,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
        request_id = tracing::field::Empty,
    );
    let result = attempts.instrument(span.clone()).await;
    let _entered = span.enter();
    match &result {
        Ok(_) => tracing::debug!("request succeeded"),
        Err(e) => tracing::debug!(error = %e, "request failed"),
    }
    result
}

#[cfg(not(feature = "tracing"))]
async fn traced<F: std::future::Future<Output = Result<RawResponse, Error>>>(
    _parts: &RequestParts,
    attempts: F,
) -> Result<RawResponse, Error> {
    attempts.await
}

/// Records the final response's status on the current span.
#[cfg(feature = "tracing")]
fn record(status: StatusCode, headers: &HeaderMap, attempts: u32) {
    let span = tracing::Span::current();
    span.record("status", status.as_u16());
    span.record("attempts", attempts);
    if let Some(id) = request_id(headers) {
        span.record("request_id", id);
    }
    tracing::debug!(attempt = attempts, status = status.as_u16(), "response");
}

#[cfg(not(feature = "tracing"))]
fn record(_status: StatusCode, _headers: &HeaderMap, _attempts: u32) {}

/// Headers for logs: sensitive values (credentials, secret headers) hidden.
#[cfg(feature = "tracing")]
struct Redacted<'a>(&'a HeaderMap);

#[cfg(feature = "tracing")]
impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, value)| {
                let shown = if value.is_sensitive() {
                    "<redacted>"
                } else {
                    value.to_str().unwrap_or("<binary>")
                };
                (name.as_str(), shown)
            }))
            .finish()
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
/// Values that are neither (negative, garbage) are ignored.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) = headers
        .get(RETRY_AFTER_MS)
        .and_then(|v| v.to_str().ok()?.trim().parse::<f64>().ok())
    {
        // Absurd values (1e300, negative) must not panic: they are refused
        // by `try_from_secs_f64` and the next form is tried.
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

#[cfg(test)]
mod tests {
    use super::*;

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
        for ignored in ["-5", "soon", "", "1.5", "18446744073709551616"] {
            let mut h = HeaderMap::new();
            h.insert("retry-after", HeaderValue::from_str(ignored).unwrap());
            assert_eq!(retry_after(&h), None, "{ignored:?}");
        }
        let mut h = HeaderMap::new();
        h.insert("retry-after-ms", HeaderValue::from_static("-10"));
        assert_eq!(retry_after(&h), None);
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
}
