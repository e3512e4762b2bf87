//! The [`Error`] type: every way a call can fail, each with what is known.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use super::{Decode, Deviation, HeaderMap, StatusCode};

/// Response headers that carry a request id, most specific first (names
/// made once, not parsed again for each lookup).
const REQUEST_ID_HEADERS: [reqwest::header::HeaderName; 3] = [
    reqwest::header::HeaderName::from_static("cf-ray"),
    reqwest::header::HeaderName::from_static("x-request-id"),
    reqwest::header::HeaderName::from_static("request-id"),
];

/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a status outside 2xx (a redirect the client
    /// would not follow included: see [`ApiError::headers`] for `Location`).
    Api(Box<ApiError>),
    /// No complete response arrived within the timeout, on every attempt.
    Timeout {
        /// Attempts made (1 + retries).
        attempts: u32,
    },
    /// The request could not be sent or the connection failed (refused,
    /// reset, or a body cut short), on every attempt.
    Connection {
        /// Attempts made (1 + retries).
        attempts: u32,
        /// The underlying transport error.
        source: reqwest::Error,
    },
    /// A 2xx response whose body does not match the documented type.
    Decode(Box<DecodeError>),
    /// The response body was larger than the configured maximum
    /// (`max_response_size`); reading stopped there and the body was dropped.
    ResponseTooLarge {
        /// HTTP status of the response.
        status: StatusCode,
        /// The limit, in bytes.
        limit: u64,
        /// The request id, when the response has one.
        request_id: Option<String>,
    },
    /// The client or request was configured with invalid values.
    Config(String),
    /// A page pointed to the next one in a way the client does not follow:
    /// a `Link` to another origin, or one that is not a URL. The pages
    /// before it were yielded; the stream ends here.
    Paging(String),
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
    /// The raw response body, whatever its format (JSON, HTML, text);
    /// bytes that are not UTF-8 are replaced by U+FFFD.
    pub body: String,
    /// Attempts made (1 + retries).
    pub attempts: u32,
    /// The body decoded as the operation documents it for this status (see
    /// [`typed_body`](Self::typed_body)).
    typed: Option<TypedBody>,
    /// What strayed from the document in the typed body.
    typed_deviations: Vec<Deviation>,
}

/// An error body decoded as its operation's type, kept type-erased so that
/// one [`Error`] serves every operation; [`ApiError::typed_body`] names the
/// type back.
#[derive(Clone)]
struct TypedBody(Arc<dyn ErrorBody>);

/// What a typed error body must be: any decoded type, readable as `Any`.
trait ErrorBody: Any + fmt::Debug + Send + Sync {
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any + fmt::Debug + Send + Sync> ErrorBody for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl fmt::Debug for TypedBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl ApiError {
    /// The body decoded as the type the operation documents for this
    /// status: `T` is the type named in the operation's docs (one type for
    /// every documented error status, or the operation's `…Error` enum
    /// with a variant per status). `None` when `T` is another type, the
    /// status has no documented body, or the body is not JSON (an HTML
    /// page from a proxy, say); [`body`](Self::body) always has it raw.
    ///
    /// Error bodies are decoded tolerantly whatever the strictness
    /// setting: what strays from the document is kept in the value and
    /// listed in [`typed_body_deviations`](Self::typed_body_deviations).
    pub fn typed_body<T: Any>(&self) -> Option<&T> {
        // Through `&dyn ErrorBody`: on the `Arc` itself, the blanket impl
        // would hand back the `Arc` as the `Any`.
        let body: &dyn ErrorBody = &*self.typed.as_ref()?.0;
        body.as_any().downcast_ref()
    }

    /// The values of the typed body that strayed from the document (empty
    /// when it conforms, or when there is no typed body).
    pub fn typed_body_deviations(&self) -> &[Deviation] {
        &self.typed_deviations
    }

    /// Decodes the body as `T` and keeps it as `wrap(T)`, the operation's
    /// typed body for this status; a body that is empty or not JSON is left
    /// untyped. Called by the operation's `error_body` hook.
    pub(crate) fn read_body<T: Decode, E: Any + fmt::Debug + Send + Sync>(
        &mut self,
        wrap: impl FnOnce(T) -> E,
    ) {
        if self.body.trim().is_empty() {
            return;
        }
        let decoded = super::decode_body::<T>(self.body.as_bytes(), false, Some(self.status));
        if let Ok((value, deviations)) = decoded {
            self.typed = Some(TypedBody(Arc::new(wrap(value))));
            self.typed_deviations = deviations;
        }
    }
}

/// One entry of an API error list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiErrorDetail {
    /// Numeric error code, when given.
    pub code: Option<i64>,
    /// Human-readable message.
    pub message: String,
}

/// A success response (or JSON given to [`decode`](crate::decode)) that
/// could not be decoded: malformed JSON, or, with strict decoding, a value
/// that strays from the document.
#[derive(Debug)]
pub struct DecodeError {
    /// HTTP status of the response; `None` for JSON that did not come from
    /// a call.
    pub status: Option<StatusCode>,
    /// JSON path of the offending value, e.g. `data.participants[3].duration`
    /// (`.` for malformed JSON or the whole body).
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The raw response body, kept whole (bytes that are not UTF-8 are
    /// replaced by U+FFFD).
    pub body: String,
}

impl Error {
    /// HTTP status, for API, decode and size errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => e.status,
            Error::ResponseTooLarge { status, .. } => Some(*status),
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

    /// An API error's body decoded as the operation documents it (see
    /// [`ApiError::typed_body`]).
    pub fn typed_body<T: Any>(&self) -> Option<&T> {
        self.as_api()?.typed_body()
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
            Error::Decode(e) => match e.status {
                Some(status) => write!(
                    f,
                    "could not decode the {} response at `{}`: {}",
                    status.as_u16(),
                    e.path,
                    e.message
                ),
                None => write!(
                    f,
                    "could not decode the JSON at `{}`: {}",
                    e.path, e.message
                ),
            },
            Error::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "the {} response is larger than the {limit}-byte limit",
                status.as_u16()
            ),
            Error::Config(message) => write!(f, "invalid configuration: {message}"),
            Error::Paging(message) => write!(f, "cannot page on: {message}"),
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

/// The request id a response carries, if any.
pub(super) fn request_id(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|h| headers.get(h)?.to_str().ok())
}

/// How an operation types its error bodies: reads the status and calls
/// [`ApiError::read_body`] with the documented type (generated per
/// operation; `None` where none is documented).
pub(crate) type ErrorBodyHook = Option<fn(&mut ApiError)>;

/// An [`Error::Api`] from a non-2xx response's status, headers and body,
/// its body typed by the operation's `hook`.
pub(crate) fn api_error(
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
    attempts: u32,
    hook: ErrorBodyHook,
) -> Error {
    let body = String::from_utf8_lossy(body).into_owned();
    let errors = serde_json::from_str::<serde_json::Value>(&body)
        .map(|v| error_details(&v))
        .unwrap_or_default();
    let request_id = request_id(&headers).map(str::to_owned);
    let mut error = ApiError {
        status,
        errors,
        request_id,
        headers,
        body,
        attempts,
        typed: None,
        typed_deviations: Vec::new(),
    };
    if let Some(hook) = hook {
        hook(&mut error);
    }
    Error::Api(Box::new(error))
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn html_error_pages_are_kept_as_they_are() {
        let Error::Api(e) = api_error(
            StatusCode::BAD_GATEWAY,
            HeaderMap::new(),
            b"<html><body>502 \xff</body></html>",
            1,
            None,
        ) else {
            panic!("an API error")
        };
        assert!(e.errors.is_empty());
        assert_eq!(e.body, "<html><body>502 \u{fffd}</body></html>");
    }
}
