//! Stage 3, *emit*: IR → token streams (with `quote`) → formatted files.
//!
//! Emitters see only the IR: no `$ref`s, no raw JSON, no naming decisions.
//! Spec text reaches the output only as string literals (docs, wire names),
//! never as tokens, so it cannot inject code.
//!
//! Each module emits one thing: a generated file ([`lib_rs`], [`client`],
//! [`groups`], [`types`], [`cargo`], [`readme`]), a part of one
//! ([`request`], [`prepare`], [`response`], [`body`], [`stream`],
//! [`formats`]), or a shared piece of spelling ([`spelling`], [`cfg`](mod@cfg),
//! [`docs`], [`param_text`]); [`jobs`] plans and runs them, and
//! [`runtime_files`] holds the runtime copied verbatim. [`embed`] turns
//! the emitted crate into one module of another crate (`crate::build`).

mod body;
pub(crate) mod cargo;
mod cfg;
mod client;
pub mod docs;
pub(crate) mod embed;
mod formats;
mod groups;
mod jobs;
mod lib_rs;
mod param_text;
mod prepare;
mod readme;
mod request;
mod response;
mod runtime_files;
mod spelling;
mod stream;
mod types;

use std::collections::BTreeMap;

pub use spelling::type_spelling;

use crate::error::Result;
use crate::ir::Api;
use crate::settings::Settings;

/// Emits every file of the crate, formatted: path → contents.
///
/// Each Rust file is emitted and formatted on its own, on as many threads
/// as there are cores (token streams cannot cross threads, so a worker
/// builds the tokens it formats).
pub fn emit(api: &Api, settings: &Settings) -> Result<BTreeMap<String, String>> {
    jobs::emit_in_parts(api, settings, jobs::SHARED_TYPES_PER_JOB)
}
