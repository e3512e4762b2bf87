//! `x-pagination`: page-number pagination, validated against the
//! operation's parameters and its response type.

use super::super::Ctx;
use crate::ir::{FieldStep, Operation, Pagination, ParamLocation, ResponseKind, TypeKind, TypeRef};
use crate::pointer::JsonPointer;

/// Reads the `x-pagination` extension (see docs/decisions.md):
/// `{style: page_number, page_param, size_param, items, total}`.
pub(super) fn pagination(
    cx: &mut Ctx<'_>,
    op: &Operation,
    ext: &serde_json::Value,
    at: &JsonPointer,
) -> Option<Pagination> {
    let result = (|| -> Result<Pagination, String> {
        let field = |k: &str| ext.get(k).and_then(|v| v.as_str());
        if field("style") != Some("page_number") {
            return Err("only `style: page_number` is supported".into());
        }
        let query_param = |wire: &str| {
            op.params
                .iter()
                .find(|p| {
                    p.location == ParamLocation::Query
                        && p.wire_name == wire
                        && !p.required
                        && is_count(&p.ty)
                })
                .map(|p| (p.name.clone(), p.ty.clone()))
                .ok_or(format!(
                    "`{wire}` is not an optional numeric query parameter of this operation"
                ))
        };
        let (page_param, page_ty) =
            query_param(field("page_param").ok_or("missing `page_param`")?)?;
        let size = field("size_param").map(query_param).transpose()?;
        let (size_param, size_ty) = size.unzip();
        let ResponseKind::Json(root) = &op.response else {
            return Err("the operation has no JSON response".into());
        };
        let (items, items_ty) = walk(cx, root, field("items").ok_or("missing `items`")?)?;
        let TypeRef::Array(item_ty) = items_ty.strip_option() else {
            return Err("`items` does not lead to an array".into());
        };
        let (total, total_ty) = match field("total") {
            Some(path) => {
                let (steps, ty) = walk(cx, root, path)?;
                let ty = ty.strip_option().clone();
                if !is_count(&ty) {
                    return Err("`total` does not lead to an integer or a number".into());
                }
                (Some(steps), Some(ty))
            }
            None => (None, None),
        };
        Ok(Pagination {
            page_param,
            page_ty,
            size_param,
            size_ty,
            items,
            total,
            total_ty,
            item_ty: (**item_ty).clone(),
        })
    })();
    match result {
        Ok(p) => Some(p),
        Err(message) => {
            cx.warn(at, format!("pagination ignored: {message}"));
            None
        }
    }
}

/// Follows a dotted path of JSON property names through response structs.
/// Whether a page number, page size or total can have this type: an
/// integer, or a `number` (counted in whole values all the same).
fn is_count(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Integer(_) | TypeRef::F64)
}

fn walk(cx: &Ctx<'_>, root: &TypeRef, path: &str) -> Result<(Vec<FieldStep>, TypeRef), String> {
    let mut ty = root.clone();
    let mut steps = Vec::new();
    for key in path.split('.') {
        let TypeRef::Named(name) = ty.strip_option().clone() else {
            return Err(format!("`{path}`: `{key}` is not inside an object"));
        };
        let kind = cx
            .type_kind(&name)
            .ok_or(format!("`{path}`: unknown type {name}"))?;
        let TypeKind::Struct(s) = kind else {
            return Err(format!("`{path}`: {name} is not a struct"));
        };
        let f = s
            .fields
            .iter()
            .find(|f| f.wire_name == key)
            .ok_or(format!("`{path}`: {name} has no `{key}`"))?;
        let optional = f.is_optional();
        steps.push(FieldStep {
            field: f.name.clone(),
            optional,
        });
        ty = f.ty.strip_option().clone();
    }
    Ok((steps, ty))
}
