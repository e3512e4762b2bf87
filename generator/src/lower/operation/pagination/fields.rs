//! A pager's fields checked against the operation: each parameter must be
//! an optional query parameter of the operation with the type its role
//! takes, each path must lead through the success response's structs to
//! what its role needs (an array, a count, a string, a boolean). The one
//! way a [`PaginationSpec`] becomes an [`ir::Pagination`](Pagination),
//! whether the settings, `x-pagination` or detection named it.

use super::super::super::Ctx;
use crate::ir::{
    Count, FieldStep, NextCursor, Operation, PageParam, PageStyle, PagerSource, Pagination,
    ParamLocation, ResponseKind, TypeKind, TypeRef,
};
use crate::settings::PaginationSpec;

/// Aliases followed before giving up (a chain longer than this is not a
/// document anyone writes).
const ALIAS_DEPTH: usize = 16;

/// The pager `spec` names, or why it does not fit the operation.
/// `maximum(wire)` is the `maximum` the document declares for a query
/// parameter.
pub(super) fn check(
    cx: &Ctx<'_>,
    op: &Operation,
    spec: &PaginationSpec,
    source: PagerSource,
    maximum: impl Fn(&str) -> Option<u64>,
) -> Result<Pagination, String> {
    let ResponseKind::Json(root) = &op.response else {
        return Err("the operation has no JSON response".into());
    };
    let (items, items_ty) = match spec.items() {
        Some(path) => walk(cx, root, path)?,
        None => (Vec::new(), resolved(cx, root)),
    };
    let TypeRef::Array(item_ty) = items_ty else {
        return Err(match spec.items() {
            Some(_) => "`items` does not lead to an array".into(),
            None => "the response is not an array; name the array with `items`".into(),
        });
    };
    let count = |path: &Option<String>, name: &str| -> Result<Option<Count>, String> {
        let Some(path) = path else { return Ok(None) };
        let (path, ty) = walk(cx, root, path)?;
        if !is_count(&ty) {
            return Err(format!("`{name}` does not lead to an integer or a number"));
        }
        Ok(Some(Count { path, ty }))
    };
    let style = match spec {
        PaginationSpec::PageNumber {
            page_param,
            size_param,
            total,
            total_pages,
            ..
        } => PageStyle::PageNumber {
            page: counter(cx, op, page_param)?,
            size: size_param
                .as_deref()
                .map(|w| counter(cx, op, w))
                .transpose()?,
            total: count(total, "total")?,
            total_pages: count(total_pages, "total_pages")?,
        },
        PaginationSpec::Offset {
            offset_param,
            limit_param,
            total,
            ..
        } => PageStyle::Offset {
            offset: counter(cx, op, offset_param)?,
            limit: limit_param
                .as_deref()
                .map(|w| counter(cx, op, w))
                .transpose()?,
            limit_max: limit_param.as_deref().and_then(maximum),
            total: count(total, "total")?,
        },
        PaginationSpec::Cursor { .. } => cursor(cx, op, root, &item_ty, spec)?,
        PaginationSpec::LinkHeader { .. } => PageStyle::LinkHeader,
    };
    Ok(Pagination {
        style,
        items,
        item_ty: (*item_ty).clone(),
        source,
        spec: spec.clone(),
    })
}

/// A cursor pager's fields: a string parameter, the next cursor in the
/// response or in the last item, and an optional `has_more` boolean.
fn cursor(
    cx: &Ctx<'_>,
    op: &Operation,
    root: &TypeRef,
    item_ty: &TypeRef,
    spec: &PaginationSpec,
) -> Result<PageStyle, String> {
    let PaginationSpec::Cursor {
        cursor_param,
        next_cursor,
        item_cursor,
        has_more,
        ..
    } = spec
    else {
        return Err("not a cursor pager".into());
    };
    let param = optional_query(cx, op, cursor_param, |ty| *ty == TypeRef::String, "string")?;
    let next = match (next_cursor, item_cursor) {
        (Some(path), None) => {
            let (steps, ty) = walk(cx, root, path)?;
            if ty != TypeRef::String {
                return Err("`next_cursor` does not lead to a string".into());
            }
            NextCursor::Field(steps)
        }
        (None, Some(key)) => {
            let (mut steps, ty) = walk(cx, item_ty, key)
                .map_err(|e| format!("`item_cursor` is not a property of the items: {e}"))?;
            if ty != TypeRef::String || steps.len() != 1 {
                return Err("`item_cursor` is not a string property of the items".into());
            }
            NextCursor::LastItem(steps.remove(0))
        }
        _ => return Err("name exactly one of `next_cursor` and `item_cursor`".into()),
    };
    let has_more = match has_more {
        Some(path) => {
            let (steps, ty) = walk(cx, root, path)?;
            if ty != TypeRef::Bool {
                return Err("`has_more` does not lead to a boolean".into());
            }
            Some(steps)
        }
        None => None,
    };
    Ok(PageStyle::Cursor {
        param: param.name,
        next,
        has_more,
    })
}

/// A page number, size, offset or limit parameter: an optional numeric
/// query parameter.
fn counter(cx: &Ctx<'_>, op: &Operation, wire: &str) -> Result<PageParam, String> {
    optional_query(cx, op, wire, is_count, "numeric")
}

/// [`query_param`], or why there is none.
fn optional_query(
    cx: &Ctx<'_>,
    op: &Operation,
    wire: &str,
    fits: impl Fn(&TypeRef) -> bool,
    what: &str,
) -> Result<PageParam, String> {
    query_param(cx, op, wire, fits)
        .map(|(p, ty)| PageParam {
            name: p.name.clone(),
            ty,
        })
        .ok_or(format!(
            "`{wire}` is not an optional {what} query parameter of this operation"
        ))
}

/// The optional query parameter `wire` whose type (through aliases:
/// Cloudflare declares `per_page` as a `$ref` to a number) `fits`, with
/// that type resolved. Detection and the check both look parameters up
/// here.
pub(super) fn query_param<'o>(
    cx: &Ctx<'_>,
    op: &'o Operation,
    wire: &str,
    fits: impl Fn(&TypeRef) -> bool,
) -> Option<(&'o crate::ir::Param, TypeRef)> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Query && p.wire_name == wire && !p.required)
        .map(|p| (p, resolved(cx, &p.ty)))
        .find(|(_, ty)| fits(ty))
}

/// Whether a page number, size or count can have this type: an integer, or
/// a `number` (counted in whole values all the same).
pub(super) fn is_count(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Integer(_) | TypeRef::F64)
}

/// `ty` without `Option`, `Box` and aliases: what a value of it is.
pub(super) fn resolved(cx: &Ctx<'_>, ty: &TypeRef) -> TypeRef {
    let mut ty = ty.strip_option().clone();
    for _ in 0..ALIAS_DEPTH {
        let TypeRef::Named(name) = &ty else { break };
        match cx.type_kind(name) {
            Some(TypeKind::Alias(target)) => ty = target.strip_option().clone(),
            _ => break,
        }
    }
    ty
}

/// The fields of the struct `ty` is (through options and aliases).
pub(super) fn struct_fields<'c>(cx: &'c Ctx<'_>, ty: &TypeRef) -> Option<&'c [crate::ir::Field]> {
    let TypeRef::Named(name) = resolved(cx, ty) else {
        return None;
    };
    match cx.type_kind(&name)? {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// Follows a dotted path of JSON property names through structs; the
/// steps and the type found at its end (resolved).
pub(super) fn walk(
    cx: &Ctx<'_>,
    root: &TypeRef,
    path: &str,
) -> Result<(Vec<FieldStep>, TypeRef), String> {
    let mut ty = root.clone();
    let mut steps = Vec::new();
    for key in path.split('.') {
        let fields =
            struct_fields(cx, &ty).ok_or(format!("`{path}`: `{key}` is not inside an object"))?;
        let f = fields
            .iter()
            .find(|f| f.wire_name == key)
            .ok_or(format!("`{path}`: there is no `{key}`"))?;
        steps.push(FieldStep {
            field: f.name.clone(),
            optional: f.is_optional(),
        });
        ty = f.ty.clone();
    }
    Ok((steps, resolved(cx, &ty)))
}
