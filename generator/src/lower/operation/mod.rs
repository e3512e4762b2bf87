//! Paths → operations: one client method and one request builder each.
//!
//! [`lower_one`] reads top to bottom as the steps of lowering one
//! operation; each step lives in its own module: [`params`] (merging and
//! typing parameters), [`path`] (the template), [`body`] (request bodies),
//! [`response`] (the success response), [`pagination`] (the pager: the
//! settings, `x-pagination`, or detection).

mod body;
mod pagination;
mod params;
mod path;
mod response;

use openapiv3::{Operation as OaOperation, Parameter, PathItem, ReferenceOr};

use super::Ctx;
use crate::ir::Operation;
use crate::naming::{self, Scope};
use crate::pointer::JsonPointer;
use crate::reserved;
use crate::settings::Settings;

/// Where an operation sits: its path and method, and what its path item
/// gives every operation under it.
pub(super) struct Site<'d> {
    path: &'d str,
    method: &'d str,
    path_params: &'d [ReferenceOr<Parameter>],
    path_at: &'d JsonPointer,
    /// The operation's own pointer (`#/paths/~1pets/get`).
    at: JsonPointer,
}

/// Names unique across operations: client methods, and crate-root items
/// (request builders, outcome enums).
struct Names {
    methods: Scope,
    builders: Scope,
}

pub(super) fn lower_all(cx: &mut Ctx<'_>, settings: &Settings) -> Vec<Operation> {
    let mut names = Names {
        methods: Scope::with_reserved(reserved::CLIENT_METHODS),
        builders: Scope::with_reserved(reserved::ROOT_NAMES),
    };
    let mut out = Vec::new();
    let paths = cx.doc.api.paths.paths.clone();
    for (path, item) in &paths {
        let path_at = JsonPointer::root().push("paths").push(path.as_str());
        let item: &PathItem = match cx.resolve(item, &path_at) {
            Ok((item, _)) => item,
            Err(d) => {
                cx.degrade(&d.pointer, d.message);
                continue;
            }
        };
        for (method, op) in item.iter() {
            let site = Site {
                path,
                method,
                path_params: &item.parameters,
                path_at: &path_at,
                at: path_at.push(method),
            };
            if let Some(op) = lower_one(cx, &site, op, &mut names, settings) {
                out.push(op);
            }
        }
    }
    pagination::unknown_overrides(cx, settings, &out);
    out
}

/// One operation, or `None` when it must be skipped (a required body the
/// client cannot send).
fn lower_one(
    cx: &mut Ctx<'_>,
    site: &Site<'_>,
    op: &OaOperation,
    names: &mut Names,
    settings: &Settings,
) -> Option<Operation> {
    let at = &site.at;
    let id = op
        .operation_id
        .clone()
        .unwrap_or_else(|| format!("{} {}", site.method, site.path));
    let wanted = op
        .operation_id
        .as_ref()
        .and_then(|id| cx.settings.rename_methods.get(id))
        .unwrap_or(&id);
    let method_name = names.methods.claim(&naming::snake_name(wanted, "call"));
    let type_base = naming::type_name(&id, "Operation");
    let builder_name = names.builders.claim(&format!("{type_base}Request"));

    let (parts, template_vars) = path::parse_template(site.path);
    let params = params::lower(cx, site, op, &template_vars, &type_base);
    let path_parts = path::parts(parts, &params);

    let body = match &op.request_body {
        None => None,
        Some(rb) => match body::request_body(cx, rb, &at.push("requestBody"), &type_base) {
            Ok(body) => body,
            Err(()) => return None,
        },
    };
    let response = response::success_response(cx, op, at, &type_base, &mut names.builders);
    let errors = response::error_bodies(cx, op, at, &type_base, &mut names.builders);
    let event_stream = response::event_stream(cx, op, at, &type_base);
    let mut operation = Operation {
        id,
        method_name,
        builder_name,
        http_method: site.method.to_ascii_uppercase(),
        path_template: site.path.to_owned(),
        path: path_parts,
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        origin: at.clone(),
        params,
        body,
        response,
        pagination: None,
        errors,
        event_stream,
        tags: op.tags.clone(),
        aliases: Vec::new(),
        // Decided for all operations at once by `groups::assign`.
        group: String::new(),
    };
    operation.pagination = pagination::pagination(cx, site, op, &operation, settings);
    if let Some(ext) = op.extensions.get("x-doc-aliases") {
        operation.aliases = aliases(cx, ext, &at.push("x-doc-aliases"));
    }
    Some(operation)
}

/// `x-doc-aliases`: a list of names. Only names rustdoc accepts as an
/// alias are kept (letters, digits, `_`, `.`, `:`, `-`); anything else is a
/// warning.
fn aliases(cx: &mut Ctx<'_>, ext: &serde_json::Value, at: &JsonPointer) -> Vec<String> {
    let Some(list) = ext.as_array() else {
        cx.warn(at, "`x-doc-aliases` is not a list of names; ignored");
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let valid = item.as_str().filter(|name| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-'))
        });
        match valid {
            Some(name) if !out.iter().any(|o| o == name) => out.push(name.to_owned()),
            Some(_) => {}
            None => cx.warn(
                &at.push(i.to_string()),
                "a doc alias must be a non-empty name of letters, digits, `_`, `.`, `:` or `-`; ignored",
            ),
        }
    }
    out
}
