//! Which pager an operation gets, in order: the settings' entry for it
//! (which may also switch paging off), the `x-pagination` extension, then
//! detection ([`detect`], unless `Settings::detect_pagination` is off).
//! Whatever names the pager, its fields are checked against the operation
//! the same way ([`fields::check`]); a declared pager that does not fit is
//! a warning, a detected one is simply not given.

mod detect;
mod fields;
#[cfg(test)]
mod tests;

use openapiv3::{
    Operation as OaOperation, Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type,
};

use super::super::Ctx;
use super::Site;
use crate::ir::{Operation, PagerSource, Pagination};
use crate::pointer::JsonPointer;
use crate::settings::{PaginationOverride, PaginationSpec, Settings};

/// The pager of `op` (lowered from `oa` at `site`), if it has one.
pub(super) fn pagination(
    cx: &mut Ctx<'_>,
    site: &Site<'_>,
    oa: &OaOperation,
    op: &Operation,
    settings: &Settings,
) -> Option<Pagination> {
    let maximum = |wire: &str| declared_maximum(cx, site, oa, wire);
    if let Some(chosen) = settings.pagination.get(&op.id) {
        let PaginationOverride::Use(spec) = chosen else {
            return None;
        };
        let checked = fields::check(cx, op, spec, PagerSource::Settings, maximum);
        return warn_unless_fits(cx, &site.at, checked, "the settings' pagination");
    }
    if let Some(ext) = oa.extensions.get("x-pagination") {
        let at = site.at.push("x-pagination");
        let checked = serde_json::from_value::<PaginationSpec>(ext.clone())
            .map_err(|e| e.to_string())
            .and_then(|spec| fields::check(cx, op, &spec, PagerSource::Extension, maximum));
        return warn_unless_fits(cx, &at, checked, "pagination");
    }
    if !settings.detect_pagination {
        return None;
    }
    let spec = detect::detect(cx, op, declares_link(cx, oa, &site.at))?;
    fields::check(cx, op, &spec, PagerSource::Detected, maximum).ok()
}

/// A warning for each operation the settings' `pagination` names that the
/// document does not have (a misspelt `operationId` would else be ignored).
pub(super) fn unknown_overrides(cx: &mut Ctx<'_>, settings: &Settings, ops: &[Operation]) {
    for id in settings.pagination.keys() {
        if !ops.iter().any(|op| op.id == *id) {
            cx.warn(
                &JsonPointer::root().push("paths"),
                format!("the settings' pagination names operation `{id}`, which the document does not have; ignored"),
            );
        }
    }
}

fn warn_unless_fits(
    cx: &mut Ctx<'_>,
    at: &JsonPointer,
    checked: Result<Pagination, String>,
    what: &str,
) -> Option<Pagination> {
    checked
        .map_err(|message| cx.warn(at, format!("{what} ignored: {message}")))
        .ok()
}

/// Whether a success response of `oa` declares a `Link` header.
fn declares_link(cx: &Ctx<'_>, oa: &OaOperation, at: &JsonPointer) -> bool {
    oa.responses.responses.iter().any(|(status, response)| {
        let success = matches!(status, openapiv3::StatusCode::Code(200..=299))
            || *status == openapiv3::StatusCode::Range(2);
        success
            && cx
                .resolve(response, at)
                .is_ok_and(|(r, _)| r.headers.keys().any(|h| h.eq_ignore_ascii_case("link")))
    })
}

/// The `maximum` the document declares for the query parameter `wire` of
/// the operation (its own parameters first, then its path item's), when it
/// is a whole number.
fn declared_maximum(cx: &Ctx<'_>, site: &Site<'_>, oa: &OaOperation, wire: &str) -> Option<u64> {
    let param = oa
        .parameters
        .iter()
        .chain(site.path_params)
        .filter_map(|p: &ReferenceOr<Parameter>| cx.resolve(p, &site.at).ok())
        .map(|(p, _)| p)
        .find(|p| matches!(p, Parameter::Query { .. }) && p.parameter_data_ref().name == wire)?;
    let ParameterSchemaOrContent::Schema(schema) = &param.parameter_data_ref().format else {
        return None;
    };
    let (schema, _) = cx.resolve(schema, &site.at).ok()?;
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => i.maximum.and_then(|m| u64::try_from(m).ok()),
        SchemaKind::Type(Type::Number(n)) => n
            .maximum
            .filter(|m| *m >= 0.0 && m.fract() == 0.0 && *m < 1.8e19)
            .map(|m| m as u64),
        _ => None,
    }
}
