//! The hand-written runtime files copied verbatim into every generated
//! crate (`src/runtime/`, `src/pagination.rs` where the crate pages, and
//! `src/sse.rs` where an operation answers with server-sent events).

use std::collections::BTreeMap;

use crate::format::{Origin, header};
use crate::ir::Api;
use crate::settings::Settings;

/// The hand-written runtime, copied into every generated crate as
/// `src/runtime/`: (file name, contents), one file per concern.
pub const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/runtime/mod.rs")),
    ("body.rs", include_str!("../../runtime/runtime/body.rs")),
    ("config.rs", include_str!("../../runtime/runtime/config.rs")),
    (
        "encoding.rs",
        include_str!("../../runtime/runtime/encoding.rs"),
    ),
    ("error.rs", include_str!("../../runtime/runtime/error.rs")),
    (
        "execute.rs",
        include_str!("../../runtime/runtime/execute.rs"),
    ),
    (
        "response.rs",
        include_str!("../../runtime/runtime/response.rs"),
    ),
    ("decode.rs", include_str!("../../runtime/runtime/decode.rs")),
    (
        "structs.rs",
        include_str!("../../runtime/runtime/structs.rs"),
    ),
    ("union.rs", include_str!("../../runtime/runtime/union.rs")),
];
/// The hand-written pagination helper, copied into crates that paginate.
pub const PAGINATION: &str = include_str!("../../runtime/pagination.rs");
/// The hand-written server-sent events stream, copied into crates with an
/// operation that answers with one.
pub const EVENTS: &str = include_str!("../../runtime/sse.rs");

/// Adds the runtime files the crate needs to `files` (path → contents),
/// each under the header that says it is copied.
pub(super) fn add_runtime(api: &Api, settings: &Settings, files: &mut BTreeMap<String, String>) {
    let runtime_header = header(settings, "//", Origin::Runtime);
    for (name, text) in RUNTIME {
        files.insert(
            format!("src/runtime/{name}"),
            format!("{runtime_header}{text}"),
        );
    }
    if api.paginates() {
        files.insert(
            "src/pagination.rs".to_owned(),
            format!("{runtime_header}{PAGINATION}"),
        );
    }
    if api.streams_events() {
        files.insert("src/sse.rs".to_owned(), format!("{runtime_header}{EVENTS}"));
    }
}
