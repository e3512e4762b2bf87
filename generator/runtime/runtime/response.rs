//! Responses: reading a body without exceeding the size limit, and decoding
//! it into what the operation returns.

use super::decode::{Decode, Deviation, decode_body};
use super::{Error, HeaderMap, StatusCode};

/// A decoded body together with the response's status and headers.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers (rate limits, request ids, …).
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
    /// Every value of the body that strays from the document (empty when it
    /// fits): its path, the declared type and the value as received. The
    /// body holds a placeholder there, or the coerced value; a struct also
    /// keeps the list in its `extra`.
    pub deviations: Vec<Deviation>,
}

impl<T> ApiResponse<T> {
    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
            deviations: self.deviations,
        }
    }

    /// The request id (`cf-ray`, `x-request-id` or `request-id`), when present.
    pub fn request_id(&self) -> Option<&str> {
        super::error::request_id(&self.headers)
    }
}

/// Why a body could not be read whole.
pub(crate) enum ReadError {
    /// More than the limit arrived (or was announced).
    TooLarge,
    /// The connection failed, timed out or ended early.
    Transport(reqwest::Error),
}

/// Reads a body, never buffering more than `limit` bytes: a hostile or
/// runaway server cannot make the client hold more.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<bytes::Bytes, ReadError> {
    match response.content_length() {
        Some(announced) if announced > limit => return Err(ReadError::TooLarge),
        // hyper reads no more than an announced length: the body can be
        // taken whole, without copying it chunk by chunk.
        Some(_) => return response.bytes().await.map_err(ReadError::Transport),
        None => {}
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.into())
}

/// A 2xx response with its body read.
pub(crate) struct RawResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: bytes::Bytes,
    /// Whether a value that strays from the document is an error.
    pub(super) strict: bool,
}

impl RawResponse {
    /// The HTTP status.
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// Decodes a JSON body, whatever the `Content-Type` says (see
    /// [`decode`](crate::decode)): values that stray from the document are
    /// kept and listed, or with strict decoding an error naming the first.
    /// Malformed JSON (HTML, invalid UTF-8) is an error that keeps the body.
    pub(crate) fn json<T: Decode>(self) -> Result<ApiResponse<T>, Error> {
        let (body, deviations) = decode_body::<T>(&self.body, self.strict, Some(self.status))?;
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
            deviations,
        })
    }

    /// The body as text (bytes that are not UTF-8 become U+FFFD).
    pub(crate) fn text(self) -> Result<ApiResponse<String>, Error> {
        let body = String::from_utf8_lossy(&self.body).into_owned();
        Ok(self.with(body))
    }

    /// The body as bytes.
    pub(crate) fn bytes(self) -> Result<ApiResponse<Vec<u8>>, Error> {
        let body = self.body.to_vec();
        Ok(self.with(body))
    }

    /// No body expected.
    pub(crate) fn empty(self) -> Result<ApiResponse<()>, Error> {
        Ok(self.with(()))
    }

    fn with<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
            deviations: Vec::new(),
        }
    }
}

/// What every request builder's `send` returns: the body of the response
/// `send_with_response` answers with. This and [`send`] are the only
/// `async fn`s requests go through: one generic function each rather than
/// one per operation, which the compiler would check one by one.
pub(crate) async fn body_of<T>(
    response: impl std::future::Future<Output = Result<ApiResponse<T>, Error>>,
) -> Result<T, Error> {
    response.await.map(|response| response.body)
}

/// What every request builder's `send_with_response` returns: the prepared
/// request (or why it could not be), sent, then decoded by `decode`.
pub(crate) async fn send<T>(
    prepared: Result<super::Prepared, Error>,
    decode: impl FnOnce(RawResponse) -> Result<ApiResponse<T>, Error>,
) -> Result<ApiResponse<T>, Error> {
    let super::Prepared {
        core,
        options,
        parts,
    } = prepared?;
    decode(core.execute(parts, &options).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(body: &'static [u8]) -> RawResponse {
        RawResponse {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: bytes::Bytes::from_static(body),
            strict: false,
        }
    }

    #[test]
    fn bad_bodies_are_decode_errors_that_keep_the_body() {
        let Err(Error::Decode(e)) = raw(b"{\"a\": \"\xff\"}").json::<serde_json::Value>() else {
            panic!("invalid UTF-8 is a decode error")
        };
        assert!(e.body.contains('\u{fffd}'));
        let Err(Error::Decode(e)) = raw(b"<html>oops</html>").json::<serde_json::Value>() else {
            panic!("HTML is a decode error")
        };
        assert_eq!(e.body, "<html>oops</html>");
        let Err(Error::Decode(e)) = raw(b"{} trailing").json::<serde_json::Value>() else {
            panic!("trailing text is a decode error")
        };
        assert_eq!(e.path, ".");
    }
}
