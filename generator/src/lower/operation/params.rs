//! An operation's parameters: path-level ones merged with its own, path
//! parameters first in template order (undeclared template variables
//! synthesised as strings), then the rest; each typed and told how it
//! becomes text. Outside `deepObject`, only scalars (and query arrays of
//! them) are typed; a `deepObject` query parameter keeps whatever type its
//! schema gives, since the runtime writes any value as bracketed pairs.

use openapiv3::{
    Operation as OaOperation, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Schema,
    SchemaKind, Type,
};

use super::super::Ctx;
use super::Site;
use crate::ir::{Param, ParamLocation, ParamText, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use crate::pointer::JsonPointer;
use crate::reserved;

/// The parameters of `op`, with names unique among the builder's members.
pub(super) fn lower(
    cx: &mut Ctx<'_>,
    site: &Site<'_>,
    op: &OaOperation,
    template_vars: &[String],
    type_base: &str,
) -> Vec<Param> {
    let mut arg_scope = Scope::with_reserved(reserved::REQUEST_BUILDER_MEMBERS);
    let mut declared = declared(cx, site, op);
    // Path parameters first, in template order, so method arguments read like the URL.
    let mut params: Vec<Param> = template_vars
        .iter()
        .map(|var| template_param(cx, site, var, &mut declared, type_base, &mut arg_scope))
        .collect();
    for (p, p_at) in declared {
        params.extend(declared_param(cx, p, &p_at, type_base, &mut arg_scope));
    }
    params
}

/// The path item's parameters and the operation's, resolved, in that order;
/// an operation-level parameter overrides a path-level one with the same
/// name and location (and takes its place at the end).
fn declared(cx: &mut Ctx<'_>, site: &Site<'_>, op: &OaOperation) -> Vec<(Parameter, JsonPointer)> {
    let mut declared: Vec<(Parameter, JsonPointer)> = Vec::new();
    let sources = site
        .path_params
        .iter()
        .enumerate()
        .map(|(i, p)| (p, site.path_at.push("parameters").push(i.to_string())))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, site.at.push("parameters").push(i.to_string()))),
        );
    for (p, p_at) in sources {
        match cx.resolve(p, &p_at) {
            Ok((param, where_)) => {
                let key = (
                    param.parameter_data_ref().name.clone(),
                    location_name(param),
                );
                declared.retain(|(d, _)| {
                    (d.parameter_data_ref().name.clone(), location_name(d)) != key
                });
                declared.push((param.clone(), where_));
            }
            Err(d) => cx.degrade(&d.pointer, d.message),
        }
    }
    declared
}

/// The parameter for template variable `var`, taken out of `declared`; a
/// string when no path parameter declares it.
fn template_param(
    cx: &mut Ctx<'_>,
    site: &Site<'_>,
    var: &str,
    declared: &mut Vec<(Parameter, JsonPointer)>,
    type_base: &str,
    arg_scope: &mut Scope,
) -> Param {
    let found = declared.iter().position(|(p, _)| {
        matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == var
    });
    let (ty, text, doc) = match found {
        Some(i) => {
            let (p, p_at) = declared.remove(i);
            let ty = param_type(cx, &p, &p_at, type_base);
            let (ty, text) = scalar_or_string(cx, ty, &p_at);
            (ty, text, p.parameter_data_ref().description.clone())
        }
        None => {
            cx.warn(
                &site.at,
                format!("path variable `{{{var}}}` has no parameter; treating it as a string"),
            );
            (TypeRef::String, ParamText::String, None)
        }
    };
    let name = arg_scope.claim(&naming::snake_name(var, "param"));
    Param {
        wire_name: var.to_owned(),
        name,
        location: ParamLocation::Path,
        ty,
        required: true,
        explode: false,
        doc,
        text,
    }
}

/// A declared parameter that is not in the path template, or `None` when
/// it is skipped.
fn declared_param(
    cx: &mut Ctx<'_>,
    p: Parameter,
    p_at: &JsonPointer,
    type_base: &str,
    arg_scope: &mut Scope,
) -> Option<Param> {
    let location = location(cx, &p, p_at)?;
    let explode = explode(cx, &p, p_at);
    let (ty, text) = match deep_object(cx, &p, p_at, type_base) {
        Some(typed) => typed,
        None => match param_type(cx, &p, p_at, type_base) {
            TypeRef::Array(item) if location == ParamLocation::Query => {
                let (item, text) = scalar_or_string(cx, *item, p_at);
                (TypeRef::Array(Box::new(item)), text)
            }
            other => scalar_or_string(cx, other, p_at),
        },
    };
    let data = p.parameter_data_ref();
    Some(Param {
        wire_name: data.name.clone(),
        name: arg_scope.claim(&naming::snake_name(&data.name, "param")),
        location,
        ty,
        required: data.required,
        explode,
        doc: data.description.clone(),
        text,
    })
}

/// Where a parameter outside the path template goes, or `None` (with a
/// diagnostic) when it is skipped.
fn location(cx: &mut Ctx<'_>, p: &Parameter, p_at: &JsonPointer) -> Option<ParamLocation> {
    match p {
        Parameter::Path { .. } => {
            cx.degrade(
                p_at,
                "path parameter does not appear in the path template; skipped",
            );
            None
        }
        Parameter::Cookie { .. } => Some(ParamLocation::Cookie),
        Parameter::Query { .. } => Some(ParamLocation::Query),
        // OpenAPI: these header parameters SHALL be ignored; the client
        // sets them itself (and Authorization from its credentials).
        Parameter::Header { parameter_data, .. }
            if ["accept", "content-type", "authorization"]
                .contains(&parameter_data.name.to_ascii_lowercase().as_str()) =>
        {
            cx.warn(
                p_at,
                format!(
                    "header parameter `{}` is ignored, as OpenAPI requires",
                    parameter_data.name
                ),
            );
            None
        }
        Parameter::Header { .. } => Some(ParamLocation::Header),
    }
}

/// Whether an array or object parameter is sent exploded (one `key=value`
/// per element), by its style's default when it does not say.
fn explode(cx: &mut Ctx<'_>, p: &Parameter, p_at: &JsonPointer) -> bool {
    match p {
        Parameter::Query {
            style: QueryStyle::Form,
            parameter_data,
            ..
        } => parameter_data.explode.unwrap_or(true),
        // OpenAPI defines `deepObject` for `explode: true` only.
        Parameter::Query {
            style: QueryStyle::DeepObject,
            parameter_data,
            ..
        } => {
            if parameter_data.explode == Some(false) {
                cx.warn(
                    p_at,
                    "a deepObject parameter with `explode: false` has no defined form; sent exploded",
                );
            }
            true
        }
        _ => p.parameter_data_ref().explode.unwrap_or(false),
    }
}

fn location_name(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// A `style: deepObject` query parameter described by a schema: typed as
/// the schema gives it, whatever it is (an object, a map, a union such as
/// Stripe's `created`, an integer or a range object, an array), since the
/// runtime writes any value as `name[key]=text` pairs. `None` for any
/// other parameter, and for one described by `content` (sent as given).
fn deep_object(
    cx: &mut Ctx<'_>,
    p: &Parameter,
    p_at: &JsonPointer,
    type_base: &str,
) -> Option<(TypeRef, ParamText)> {
    let Parameter::Query {
        style: QueryStyle::DeepObject,
        parameter_data,
        ..
    } = p
    else {
        return None;
    };
    let ParameterSchemaOrContent::Schema(s) = &parameter_data.format else {
        return None;
    };
    let ty = cx.type_ref(s, &p_at.push("schema"), &type_hint(p, type_base));
    // Absent and `null` are both left out of the query.
    let ty = match ty {
        TypeRef::Option(inner) => *inner,
        other => other,
    };
    Some((ty, ParamText::DeepObject))
}

/// The name an inline schema of parameter `p` is given.
fn type_hint(p: &Parameter, type_base: &str) -> String {
    let name = &p.parameter_data_ref().name;
    format!("{type_base}{}", naming::type_name(name, "Param"))
}

fn param_type(cx: &mut Ctx<'_>, p: &Parameter, at: &JsonPointer, type_base: &str) -> TypeRef {
    let data = p.parameter_data_ref();
    let hint = type_hint(p, type_base);
    match &data.format {
        ParameterSchemaOrContent::Schema(s) => {
            if let Parameter::Query { .. } = p
                && let Some((key, i, many)) = one_or_many(s)
            {
                let at = at.push("schema").push(key).push(i.to_string());
                return cx.type_ref(many, &at, &hint);
            }
            cx.type_ref(s, &at.push("schema"), &hint)
        }
        ParameterSchemaOrContent::Content(_) => {
            cx.degrade(
                at,
                "parameters described by `content` are sent as plain strings",
            );
            TypeRef::String
        }
    }
}

/// A query parameter that is one value or several (`oneOf: [string,
/// array of strings]`, as GitHub writes its list filters): its array
/// alternative says both, since a one-item array is sent exactly as the
/// single value would be (`has=patch`). The keyword, the index and the
/// array schema.
fn one_or_many(s: &ReferenceOr<Schema>) -> Option<(&'static str, usize, &ReferenceOr<Schema>)> {
    let ReferenceOr::Item(s) = s else {
        return None;
    };
    let (key, alternatives) = match &s.schema_kind {
        SchemaKind::OneOf { one_of } => ("oneOf", one_of),
        SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
        _ => return None,
    };
    let scalar = |alt: &ReferenceOr<Schema>| {
        matches!(
            alt,
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Type(
                    Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_)
                ),
                ..
            })
        )
    };
    let array = |alt: &ReferenceOr<Schema>| {
        matches!(
            alt,
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Type(Type::Array(_)),
                ..
            })
        )
    };
    match &alternatives[..] {
        [one, many] if scalar(one) && array(many) => Some((key, 1, many)),
        [many, one] if scalar(one) && array(many) => Some((key, 0, many)),
        _ => None,
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
