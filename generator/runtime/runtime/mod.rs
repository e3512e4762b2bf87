//! Runtime support shared by every operation: the HTTP transport, retries,
//! timeouts, size limits, URL building and the [`Error`] type.
//!
//! This module is hand-written, identical in every crate the generator
//! makes, and carries no spec text; the generated `client` module calls it.
//! One file per concern:
//!
//! - `error`: the [`Error`] type and its parts;
//! - `config`: client settings, the shared client core, credentials;
//! - `encoding`: path segments, query strings, cookies, parameter text;
//! - `execute`: sending a request, retries, backoff and `Retry-After`;
//! - `response`: reading a body under the size limit, decoding it;
//! - `decode`: tolerant decoding, deviations, what structs keep beside
//!   their fields ([`Extra`]);
//! - `structs`: `impl_object!`, the impls every generated struct gets;
//! - `body`: request body encoders (JSON, form, multipart, raw) and the
//!   [`MultipartParts`] a caller names.
//!
//! Not every crate uses every helper, hence `dead_code` is allowed.
#![allow(dead_code)]

mod body;
mod config;
mod decode;
mod encoding;
mod error;
mod execute;
mod response;
mod structs;
mod union;

// Re-exported at the crate root only by crates with a multipart body
// whose parts the caller names.
#[allow(unused_imports)]
pub use body::MultipartParts;
pub use decode::{
    Decode, Decoded, Deviation, DeviationKind, Extra, JsonPath, PathSegment, decode, decode_strict,
};
pub use error::{ApiError, ApiErrorDetail, DecodeError, Error};
pub use reqwest::StatusCode;
pub use reqwest::header::HeaderMap;
pub use response::ApiResponse;

// What generated code calls; a crate without, say, multipart bodies leaves
// some of these unused.
#[allow(unused_imports)]
pub(crate) use body::{Body, Multipart, raw, to_form, to_json};
#[allow(unused_imports)]
pub(crate) use config::{Config, Core, basic_credential, credential};
#[allow(unused_imports)]
pub(crate) use decode::{
    Key, Object, ObjectReader, ObjectWriter, Seed, decode_body, decode_replaced, deserialize,
    from_value, object, parsed, string_enum, tagged, union_value, untagged, untyped_tagged,
    write_object,
};
#[allow(unused_imports)]
pub(crate) use encoding::{Cookies, Query, param_text, push_segment};
#[allow(unused_imports)]
pub(crate) use error::api_error;
#[allow(unused_imports)]
pub(crate) use execute::{Prepared, RequestOptions, RequestParts};
#[allow(unused_imports)]
pub(crate) use response::{RawResponse, body_of, read_limited, send};
#[allow(unused_imports)]
pub(crate) use structs::impl_object;
#[allow(unused_imports)]
pub(crate) use union::{VariantShape, union_order};

use std::time::Duration;

/// Retries after the first attempt, unless configured otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Time allowed for one attempt, unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest response body read, unless configured otherwise: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;
/// The longest `Retry-After` the client waits for; a server asking for more
/// gets its error returned instead of an early retry.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// `User-Agent`: this crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
