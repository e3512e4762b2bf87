//! Paths → operations: one client method and one request builder each.

use openapiv3::{
    MediaType, Operation as OaOperation, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle,
    ReferenceOr, Response, StatusCode,
};

use super::Ctx;
use crate::ir::{
    Body, BodyInput, BodyMedia, FieldStep, Operation, Pagination, Param, ParamLocation, PathPart,
    ResponseKind, TypeKind, TypeRef,
};
use crate::ir::{IntKind, MultipartPart, ParamText, PartKind, StatusCase, StatusMatch};
use crate::naming::{self, Scope};
use crate::pointer::JsonPointer;
use crate::reserved;

pub(super) fn lower_all(cx: &mut Ctx<'_>) -> Vec<Operation> {
    let mut methods = Scope::with_reserved(reserved::CLIENT_METHODS);
    let mut builders = Scope::with_reserved(reserved::ROOT_NAMES);
    let mut out = Vec::new();
    let paths = cx.doc.api.paths.paths.clone();
    for (path, item) in &paths {
        let path_at = JsonPointer::root().push("paths").push(path.as_str());
        let item: PathItem = match cx.resolve(item, &path_at) {
            Ok((item, _)) => item,
            Err(d) => {
                cx.degrade(&d.pointer, d.message);
                continue;
            }
        };
        for (method, op) in item.iter() {
            if let Some(op) = lower_one(
                cx,
                path,
                method,
                op,
                &item.parameters,
                &path_at,
                &mut methods,
                &mut builders,
            ) {
                out.push(op);
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn lower_one(
    cx: &mut Ctx<'_>,
    path: &str,
    method: &str,
    op: &OaOperation,
    path_params: &[ReferenceOr<Parameter>],
    path_at: &JsonPointer,
    methods: &mut Scope,
    builders: &mut Scope,
) -> Option<Operation> {
    let at = &path_at.push(method);
    let id = op
        .operation_id
        .clone()
        .unwrap_or_else(|| format!("{method} {path}"));
    let method_name = methods.claim(&naming::snake_name(&id, "call"));
    let type_base = naming::type_name(&id, "Operation");
    let builder_name = builders.claim(&format!("{type_base}Request"));

    let mut arg_scope = Scope::with_reserved(reserved::REQUEST_BUILDER_MEMBERS);
    let mut params = Vec::new();
    // Operation-level parameters override path-level ones with the same name and location.
    let mut declared: Vec<(Parameter, JsonPointer)> = Vec::new();
    let sources = path_params
        .iter()
        .enumerate()
        .map(|(i, p)| (p, path_at.push("parameters").push(i.to_string())))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, at.push("parameters").push(i.to_string()))),
        );
    for (p, p_at) in sources {
        match cx.resolve(p, &p_at) {
            Ok((param, where_)) => {
                let key = (
                    param.parameter_data_ref().name.clone(),
                    location_name(&param),
                );
                declared.retain(|(d, _)| {
                    (d.parameter_data_ref().name.clone(), location_name(d)) != key
                });
                declared.push((param, where_));
            }
            Err(d) => cx.degrade(&d.pointer, d.message),
        }
    }

    let (parts, template_vars) = parse_template(path);
    // Path parameters first, in template order, so method arguments read like the URL.
    for var in &template_vars {
        let found = declared.iter().position(|(p, _)| {
            matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *var
        });
        let (ty, text, doc) = match found {
            Some(i) => {
                let (p, p_at) = declared.remove(i);
                let ty = param_type(cx, &p, &p_at, &type_base);
                let (ty, text) = scalar_or_string(cx, ty, &p_at);
                (ty, text, p.parameter_data_ref().description.clone())
            }
            None => {
                cx.warn(
                    at,
                    format!("path variable `{{{var}}}` has no parameter; treating it as a string"),
                );
                (TypeRef::String, ParamText::String, None)
            }
        };
        let name = arg_scope.claim(&naming::snake_name(var, "param"));
        params.push(Param {
            wire_name: var.clone(),
            name,
            location: ParamLocation::Path,
            ty,
            required: true,
            explode: false,
            doc,
            text,
        });
    }
    for (p, p_at) in declared {
        let location = match &p {
            Parameter::Path { .. } => {
                cx.degrade(
                    &p_at,
                    "path parameter does not appear in the path template; skipped",
                );
                continue;
            }
            Parameter::Cookie { .. } => ParamLocation::Cookie,
            Parameter::Query { .. } => ParamLocation::Query,
            // OpenAPI: these header parameters SHALL be ignored; the client
            // sets them itself (and Authorization from its credentials).
            Parameter::Header { parameter_data, .. }
                if ["accept", "content-type", "authorization"]
                    .contains(&parameter_data.name.to_ascii_lowercase().as_str()) =>
            {
                cx.warn(
                    &p_at,
                    format!(
                        "header parameter `{}` is ignored, as OpenAPI requires",
                        parameter_data.name
                    ),
                );
                continue;
            }
            Parameter::Header { .. } => ParamLocation::Header,
        };
        let explode = match &p {
            Parameter::Query {
                style: QueryStyle::Form,
                parameter_data,
                ..
            } => parameter_data.explode.unwrap_or(true),
            Parameter::Query {
                style: QueryStyle::DeepObject,
                ..
            } => {
                cx.degrade(
                    &p_at,
                    "deepObject query parameters are not supported; sent as a plain value",
                );
                true
            }
            _ => p.parameter_data_ref().explode.unwrap_or(false),
        };
        let ty = param_type(cx, &p, &p_at, &type_base);
        let (ty, text) = match ty {
            TypeRef::Array(item) if location == ParamLocation::Query => {
                let (item, text) = scalar_or_string(cx, *item, &p_at);
                (TypeRef::Array(Box::new(item)), text)
            }
            other => scalar_or_string(cx, other, &p_at),
        };
        let data = p.parameter_data_ref();
        params.push(Param {
            wire_name: data.name.clone(),
            name: arg_scope.claim(&naming::snake_name(&data.name, "param")),
            location,
            ty,
            required: data.required,
            explode,
            doc: data.description.clone(),
            text,
        });
    }

    let path_parts = parts
        .into_iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => PathPart::Literal(encode_literal(&text)),
            // Every template variable has a path parameter (declared or
            // synthesised above), so the index always exists.
            TemplatePart::Var(var) => PathPart::Param(
                params
                    .iter()
                    .position(|p| p.location == ParamLocation::Path && p.wire_name == var)
                    .unwrap_or_default(),
            ),
        })
        .collect();

    let body = match &op.request_body {
        None => None,
        Some(rb) => match request_body(cx, rb, &at.push("requestBody"), &type_base) {
            Ok(body) => body,
            Err(()) => return None,
        },
    };
    let response = success_response(cx, op, at, &type_base, builders);
    let mut operation = Operation {
        id,
        method_name,
        builder_name,
        http_method: method.to_ascii_uppercase(),
        path_template: path.to_owned(),
        path: path_parts,
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        origin: at.clone(),
        params,
        body,
        response,
        pagination: None,
        tags: op.tags.clone(),
        // Decided for all operations at once by `groups::assign`.
        group: String::new(),
    };
    if let Some(ext) = op.extensions.get("x-pagination") {
        operation.pagination = pagination(cx, &operation, ext, &at.push("x-pagination"));
    }
    Some(operation)
}

fn location_name(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

fn param_type(cx: &mut Ctx<'_>, p: &Parameter, at: &JsonPointer, type_base: &str) -> TypeRef {
    let data = p.parameter_data_ref();
    let hint = format!("{type_base}{}", naming::type_name(&data.name, "Param"));
    match &data.format {
        ParameterSchemaOrContent::Schema(s) => cx.type_ref(s, &at.push("schema"), &hint),
        ParameterSchemaOrContent::Content(_) => {
            cx.degrade(
                at,
                "parameters described by `content` are sent as plain strings",
            );
            TypeRef::String
        }
    }
}

/// Parameters travel as text: scalars (and enums of them) keep their type;
/// anything else is taken as an already-encoded string.
fn scalar_or_string(cx: &mut Ctx<'_>, ty: TypeRef, at: &JsonPointer) -> (TypeRef, ParamText) {
    let ty = match ty {
        TypeRef::Option(inner) => *inner,
        other => other,
    };
    match param_text(cx, &ty, 8) {
        Some(text) => (ty, text),
        None => {
            cx.degrade(at, "only scalar parameters (and arrays of them in the query) are typed; this one takes an already-encoded string");
            (TypeRef::String, ParamText::String)
        }
    }
}

/// How a parameter of type `ty` becomes text, or `None` when it cannot:
/// scalars, enums, aliases of them, and unions of them (like `NameOrId`,
/// looking through at most `depth` nested unions) can.
fn param_text(cx: &Ctx<'_>, ty: &TypeRef, depth: usize) -> Option<ParamText> {
    // Follows aliases; a chain longer than the type list is a cycle.
    let mut ty = ty;
    for _ in 0..=cx.types.len() {
        match ty {
            TypeRef::String => return Some(ParamText::String),
            TypeRef::DateTime => return Some(ParamText::DateTime),
            TypeRef::Bool | TypeRef::Integer(_) | TypeRef::F64 | TypeRef::Uuid | TypeRef::Date => {
                return Some(ParamText::Display);
            }
            TypeRef::Named(n) => match cx.type_kind(n) {
                Some(TypeKind::Enum(_)) => return Some(ParamText::Enum),
                Some(TypeKind::IntEnum(_)) => return Some(ParamText::Display),
                Some(TypeKind::Alias(inner)) => ty = inner,
                Some(TypeKind::Union(u)) if depth > 0 && u.tag.is_none() => {
                    let scalar = u
                        .variants
                        .iter()
                        .all(|v| param_text(cx, &v.ty, depth - 1).is_some());
                    return scalar.then_some(ParamText::Serde);
                }
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

enum TemplatePart {
    Literal(String),
    Var(String),
}

fn parse_template(path: &str) -> (Vec<TemplatePart>, Vec<String>) {
    let mut parts = Vec::new();
    let mut vars = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            parts.push(TemplatePart::Literal(rest[..open].to_owned()));
        }
        let var = rest[open + 1..open + close].to_owned();
        if !vars.contains(&var) {
            vars.push(var.clone());
        }
        parts.push(TemplatePart::Var(var));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_owned()));
    }
    (parts, vars)
}

/// Percent-encodes what may not appear literally in a URL path, keeping `/`.
fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The media type without parameters, lower case.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json(media: &str) -> bool {
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
fn request_body(
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
    let Some(((media, content), encoding)) = json.or_else(form).or_else(multipart) else {
        // Anything else (octet-stream, images, YAML, plain text) is sent
        // as the caller gives it.
        let Some(media) = rb.content.keys().next() else {
            cx.degrade(&at, "request body declares no media type; left out");
            return Ok(None);
        };
        let ty = if essence(media).starts_with("text/") {
            TypeRef::String
        } else {
            TypeRef::Bytes
        };
        return Ok(Some(Body {
            ty,
            media: BodyMedia::Raw(essence(media)),
            required: rb.required,
            doc: rb.description.clone(),
            parts: Vec::new(),
            input: BodyInput::Whole,
        }));
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
    let parts = match (&encoding, multipart_parts(cx, &ty)) {
        (BodyMedia::Multipart, Some(parts)) => parts,
        (BodyMedia::Multipart, None) => {
            let what = "multipart bodies must be objects with properties";
            if rb.required {
                cx.degrade(&at, format!("{what}; operation skipped"));
                return Err(());
            }
            cx.degrade(&at, format!("{what}; the optional body is left out"));
            return Ok(None);
        }
        _ => Vec::new(),
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

fn media_type(cx: &mut Ctx<'_>, content: &MediaType, at: &JsonPointer, hint: &str) -> TypeRef {
    match &content.schema {
        Some(s) => cx.type_ref(s, &at.push("schema"), hint),
        None => TypeRef::Json,
    }
}

/// The first 2xx response that has a body decides what `send` returns;
/// `default` stands in when no 2xx is declared.
fn success_response(
    cx: &mut Ctx<'_>,
    op: &OaOperation,
    at: &JsonPointer,
    type_base: &str,
    outcomes: &mut Scope,
) -> ResponseKind {
    let responses_at = at.push("responses");
    let mut candidates: Vec<(StatusMatch, &ReferenceOr<Response>, JsonPointer)> = op
        .responses
        .responses
        .iter()
        .filter_map(|(code, r)| {
            let status = match code {
                StatusCode::Code(c) if (200..300).contains(c) => StatusMatch::Code(*c),
                StatusCode::Range(2) => StatusMatch::Range(2),
                _ => return None,
            };
            Some((status, r, responses_at.push(code.to_string())))
        })
        .collect();
    if candidates.is_empty() {
        if let Some(d) = &op.responses.default {
            candidates.push((StatusMatch::Default, d, responses_at.push("default")));
        }
    }
    let mut cases: Vec<StatusCase> = Vec::new();
    for (status, r, r_at) in candidates {
        let (response, r_at) = match cx.resolve(r, &r_at) {
            Ok(found) => found,
            Err(d) => {
                cx.degrade(&d.pointer, d.message);
                continue;
            }
        };
        let body = if let Some((media, content)) = response.content.iter().find(|(m, _)| is_json(m))
        {
            let first_json = !cases
                .iter()
                .any(|c| matches!(c.body, ResponseKind::Json(_)));
            let hint = match (first_json, &status) {
                (true, _) => format!("{type_base}Response"),
                (false, StatusMatch::Code(c)) => format!("{type_base}Response{c}"),
                (false, _) => format!("{type_base}ResponseOther"),
            };
            ResponseKind::Json(media_type(
                cx,
                content,
                &r_at.push("content").push(media.as_str()),
                &hint,
            ))
        } else if let Some(media) = response.content.keys().next() {
            if media.starts_with("text/") {
                ResponseKind::Text
            } else {
                ResponseKind::Bytes
            }
        } else {
            ResponseKind::Empty
        };
        cases.push(StatusCase {
            variant: status_variant(&status),
            status,
            body,
        });
    }
    // One shape for every success status: no enum needed. A body-less
    // status beside a single body shape still needs one (a 204 cannot be
    // decoded as JSON).
    let mut kinds: Vec<&ResponseKind> = Vec::new();
    for c in &cases {
        if !kinds.contains(&&c.body) {
            kinds.push(&c.body);
        }
    }
    match kinds.as_slice() {
        [] => ResponseKind::Empty,
        [only] => (*only).clone(),
        _ => {
            let mut variants = Scope::default();
            for c in &mut cases {
                c.variant = variants.claim(&c.variant);
            }
            ResponseKind::ByStatus {
                enum_name: outcomes.claim(&format!("{type_base}Outcome")),
                cases,
            }
        }
    }
}

/// A readable variant name for a success status.
fn status_variant(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Ok".into(),
        StatusMatch::Code(201) => "Created".into(),
        StatusMatch::Code(202) => "Accepted".into(),
        StatusMatch::Code(203) => "NonAuthoritative".into(),
        StatusMatch::Code(204) => "NoContent".into(),
        StatusMatch::Code(205) => "ResetContent".into(),
        StatusMatch::Code(206) => "PartialContent".into(),
        StatusMatch::Code(c) => format!("Status{c}"),
        StatusMatch::Range(_) => "Success".into(),
        StatusMatch::Default => "Default".into(),
    }
}

/// Reads the `x-pagination` extension (see ARCHITECTURE.md):
/// `{style: page_number, page_param, size_param, items, total}`.
fn pagination(
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
