//! `x-pagination`: page-number pagination, validated against the
//! operation's parameters and its response type.

use super::super::Ctx;
use crate::ir::{
    FieldStep, IntKind, Operation, Pagination, ParamLocation, ResponseKind, TypeKind, TypeRef,
};
use crate::pointer::JsonPointer;

/// Reads the `x-pagination` extension (see ARCHITECTURE.md):
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
                        && matches!(p.ty, TypeRef::Integer(_))
                })
                .map(|p| (p.name.clone(), int_kind(&p.ty)))
                .ok_or(format!(
                    "`{wire}` is not an optional integer query parameter of this operation"
                ))
        };
        let (page_param, page_kind) =
            query_param(field("page_param").ok_or("missing `page_param`")?)?;
        let size = field("size_param").map(query_param).transpose()?;
        let (size_param, size_kind) = size.unzip();
        let ResponseKind::Json(root) = &op.response else {
            return Err("the operation has no JSON response".into());
        };
        let (items, items_ty) = walk(cx, root, field("items").ok_or("missing `items`")?)?;
        let TypeRef::Array(item_ty) = items_ty.strip_option() else {
            return Err("`items` does not lead to an array".into());
        };
        let total = match field("total") {
            Some(path) => {
                let (steps, ty) = walk(cx, root, path)?;
                if !matches!(ty.strip_option(), TypeRef::Integer(_)) {
                    return Err("`total` does not lead to an integer".into());
                }
                Some(steps)
            }
            None => None,
        };
        Ok(Pagination {
            page_param,
            page_kind,
            size_param,
            size_kind,
            items,
            total,
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
/// The width of an integer parameter (pagination accepts no other).
fn int_kind(ty: &TypeRef) -> IntKind {
    match ty {
        TypeRef::Integer(kind) => *kind,
        _ => IntKind::I64,
    }
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
