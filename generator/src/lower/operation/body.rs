//! Request bodies: which media type is used (JSON, then form, then
//! multipart, else sent as given), the body's type, and multipart parts
//! (or none, for a multipart body whose parts the caller names).

use openapiv3::{MediaType, ReferenceOr};

use super::super::Ctx;
use crate::ir::{Body, BodyInput, BodyMedia, MultipartPart, PartKind, TypeKind, TypeRef};
use crate::pointer::JsonPointer;

/// The media type without parameters, lower case.
pub(super) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

pub(super) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    // `json` alone is not a media type, but real documents say it.
    essence == "application/json"
        || essence == "json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence.ends_with("/json")
}

/// The request body (JSON, else form, else multipart). `Err` when the
/// operation must be skipped because its required body has none of those.
pub(super) fn request_body(
    cx: &mut Ctx<'_>,
    rb: &ReferenceOr<openapiv3::RequestBody>,
    at: &JsonPointer,
    type_base: &str,
) -> Result<Option<Body>, ()> {
    let (rb, at) = match cx.resolve(rb, at) {
        Ok(found) => found,
        Err(d) => {
            cx.degrade(&d.pointer, d.message);
            return Err(());
        }
    };
    let Some(((media, content), encoding)) = structured_media(rb) else {
        return Ok(raw_body(cx, rb, &at));
    };
    let content_at = at.push("content").push(media.as_str());
    let hint = format!("{type_base}Body");
    let ty = match (&encoding, &content.schema) {
        // In multipart bodies `format: binary` properties are files: bytes.
        (BodyMedia::Multipart, Some(schema)) => {
            cx.multipart_body_type(schema, &content_at.push("schema"), &hint)
        }
        _ => media_type(cx, content, &content_at, &hint),
    };
    let (ty, parts) = match (&encoding, multipart_parts(cx, &ty)) {
        (BodyMedia::Multipart, Some(parts)) => (ty, parts),
        // No part is named: the caller names them.
        (BodyMedia::Multipart, None) if names_no_parts(cx, &ty) => {
            (TypeRef::MultipartParts, Vec::new())
        }
        (BodyMedia::Multipart, None) => {
            let what = "multipart bodies must be objects (with properties, or none at all)";
            if rb.required {
                cx.degrade(&at, format!("{what}; operation skipped"));
                return Err(());
            }
            cx.degrade(&at, format!("{what}; the optional body is left out"));
            return Ok(None);
        }
        _ => (ty, Vec::new()),
    };
    Ok(Some(Body {
        ty,
        media: encoding,
        required: rb.required,
        doc: rb.description.clone(),
        parts,
        input: BodyInput::Whole,
    }))
}

/// The media type the body is sent as, when the generator types it: JSON,
/// else form, else multipart (each the first such entry of `content`).
fn structured_media(rb: &openapiv3::RequestBody) -> Option<((&String, &MediaType), BodyMedia)> {
    let json = rb
        .content
        .iter()
        .find(|(m, _)| is_json(m))
        .map(|found| (found, BodyMedia::Json));
    let form = || {
        rb.content
            .iter()
            .find(|(m, _)| essence(m) == "application/x-www-form-urlencoded")
            .map(|found| (found, BodyMedia::Form))
    };
    let multipart = || {
        rb.content
            .iter()
            .find(|(m, _)| essence(m) == "multipart/form-data")
            .map(|found| (found, BodyMedia::Multipart))
    };
    json.or_else(form).or_else(multipart)
}

/// A body of any other media type (octet-stream, images, YAML, plain
/// text), sent as the caller gives it: a string for `text/*`, else bytes.
/// `None` when the body declares no media type at all.
fn raw_body(cx: &mut Ctx<'_>, rb: &openapiv3::RequestBody, at: &JsonPointer) -> Option<Body> {
    let Some(media) = rb.content.keys().next() else {
        cx.degrade(at, "request body declares no media type; left out");
        return None;
    };
    let ty = if essence(media).starts_with("text/") {
        TypeRef::String
    } else {
        TypeRef::Bytes
    };
    Some(Body {
        ty,
        media: BodyMedia::Raw(essence(media)),
        required: rb.required,
        doc: rb.description.clone(),
        parts: Vec::new(),
        input: BodyInput::Whole,
    })
}

/// One multipart part per field of the body struct, or `None` when the
/// body is not a struct.
fn multipart_parts(cx: &Ctx<'_>, ty: &TypeRef) -> Option<Vec<MultipartPart>> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let Some(TypeKind::Struct(s)) = cx.type_kind(name) else {
        return None;
    };
    let part = |f: &crate::ir::Field| MultipartPart {
        field: f.name.clone(),
        wire_name: f.wire_name.clone(),
        kind: match f.ty.strip_option() {
            TypeRef::Bytes => PartKind::File,
            TypeRef::Array(item) if **item == TypeRef::Bytes => PartKind::Files,
            _ => PartKind::Value,
        },
        optional: f.is_optional(),
    };
    Some(s.fields.iter().map(part).collect())
}

/// Whether a multipart body of type `ty` leaves every part's name open:
/// any JSON (no schema, or `{}`), a free-form object, or a map (every
/// property undeclared), through aliases. Cloudflare's Workers script
/// upload is one (a `metadata` part and the script files, named as the
/// caller chooses).
fn names_no_parts(cx: &Ctx<'_>, ty: &TypeRef) -> bool {
    // Follows aliases; a chain longer than the type list is a cycle.
    let mut ty = ty;
    for _ in 0..=cx.types.len() {
        match ty {
            TypeRef::Json | TypeRef::JsonObject | TypeRef::Map(_) => return true,
            TypeRef::Named(name) => match cx.type_kind(name) {
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

pub(super) fn media_type(
    cx: &mut Ctx<'_>,
    content: &MediaType,
    at: &JsonPointer,
    hint: &str,
) -> TypeRef {
    match &content.schema {
        Some(s) => cx.type_ref(s, &at.push("schema"), hint),
        None => TypeRef::Json,
    }
}
