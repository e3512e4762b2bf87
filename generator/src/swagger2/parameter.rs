//! Parameters without a body: their value keywords → a schema,
//! `collectionFormat` → `style`/`explode`; and the shared `parameters`
//! map → components.

use serde_json::Value;

use super::{Cx, Object, body, schema};
use crate::pointer::JsonPointer;

/// The keywords describing a body-less parameter's, a header's or an
/// items object's value: 3.0 puts them in a schema.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// Where a 2.0 parameter goes in 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A parameter still (query, path, header, or a location later stages
    /// judge).
    Parameter,
    /// `in: body`: the request body.
    Body,
    /// `in: formData`: a property of the form request body.
    Form,
}

/// The role of the parameter `p`.
pub(super) fn role(p: &Object) -> Role {
    match p.get("in").and_then(Value::as_str) {
        Some("body") => Role::Body,
        Some("formData") => Role::Form,
        _ => Role::Parameter,
    }
}

/// The document's `parameters` map → `components.parameters`, body
/// parameters → `components.requestBodies` (with the document's
/// `consumes`). Form parameters are not kept: they are inlined into the
/// form body of each operation that uses them.
pub(super) fn shared(shared: Value, components: &mut Object, cx: &mut Cx<'_>) {
    let at = JsonPointer::root().push("parameters");
    let Value::Object(map) = shared else {
        cx.warn(&at, "`parameters` is not a map; dropped");
        return;
    };
    let to = JsonPointer::root().push("components");
    let mut parameters = Object::new();
    let mut bodies = Object::new();
    for (name, p) in map {
        let p_at = at.push(name.as_str());
        let Value::Object(p) = p else {
            cx.moved(&p_at, &to.push("parameters").push(name.as_str()));
            parameters.insert(name, p);
            continue;
        };
        match role(&p) {
            Role::Parameter if !p.contains_key("$ref") => {
                let p_to = to.push("parameters").push(name.as_str());
                parameters.insert(name, Value::Object(convert(p, &p_at, &p_to, cx)));
            }
            Role::Parameter => {
                cx.moved(&p_at, &to.push("parameters").push(name.as_str()));
                parameters.insert(name, Value::Object(p));
            }
            Role::Body => {
                let b_to = to.push("requestBodies").push(name.as_str());
                let media = super::media_or(cx.consumes.as_deref(), super::DEFAULT_MEDIA);
                let converted = body::from_parameter(&p, &p_at, &b_to, &media, cx);
                bodies.insert(name, converted);
            }
            Role::Form => {}
        }
    }
    if !parameters.is_empty() {
        components.insert("parameters".into(), Value::Object(parameters));
    }
    if !bodies.is_empty() {
        components.insert("requestBodies".into(), Value::Object(bodies));
    }
}

/// A body-less parameter (at `at`, going to `to`) in 3.0 form.
pub(super) fn convert(p: Object, at: &JsonPointer, to: &JsonPointer, cx: &mut Cx<'_>) -> Object {
    cx.moved(at, to);
    let location = p.get("in").and_then(Value::as_str).unwrap_or("").to_owned();
    let mut value = value_schema(&p, at, cx);
    let mut out = Object::new();
    let mut collection_format = None;
    let mut given_schema = None;
    for (key, v) in p {
        match key.as_str() {
            k if VALUE_KEYWORDS.contains(&k) || k == "x-nullable" => {}
            "collectionFormat" => collection_format = Some(v),
            "schema" => given_schema = Some(v),
            "x-example" => {
                out.insert("example".into(), v);
            }
            "allowEmptyValue" if location != "query" => cx.warn(
                &at.push("allowEmptyValue"),
                "`allowEmptyValue` only applies to query parameters in OpenAPI 3.0; dropped",
            ),
            _ => {
                out.insert(key, v);
            }
        }
    }
    // Seen in real documents: a schema where 2.0 wants value keywords.
    match given_schema {
        Some(given) if value.as_object().is_none_or(Object::is_empty) => {
            cx.moved(&at.push("schema"), &to.push("schema"));
            value = given;
        }
        _ => cx.moved(at, &to.push("schema")),
    }
    if is_array(&value) {
        let at = at.push("collectionFormat");
        if let Some((style, explode)) = style(&location, collection_format.as_ref(), &at, cx) {
            out.insert("style".into(), style.into());
            out.insert("explode".into(), explode.into());
        }
    }
    out.insert("schema".into(), value);
    out
}

/// The value keywords of `obj` (a body-less parameter, header or items
/// object at `at`) as a 3.0 schema.
pub(super) fn value_schema(obj: &Object, at: &JsonPointer, cx: &mut Cx<'_>) -> Value {
    let mut schema = Object::new();
    for (key, value) in obj {
        match key.as_str() {
            "items" => {
                let items = items_schema(value, &at.push("items"), cx);
                schema.insert(key.clone(), items);
            }
            k if VALUE_KEYWORDS.contains(&k) => {
                schema.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    schema::file_type(&mut schema);
    if obj.get("x-nullable") == Some(&Value::Bool(true)) {
        schema.insert("nullable".into(), Value::Bool(true));
    }
    Value::Object(schema)
}

/// An Items Object → a schema. A nested array's own `collectionFormat`
/// has no 3.0 form.
fn items_schema(items: &Value, at: &JsonPointer, cx: &mut Cx<'_>) -> Value {
    match items {
        Value::Object(obj) if !obj.contains_key("$ref") => {
            if obj.contains_key("collectionFormat") {
                cx.warn(
                    &at.push("collectionFormat"),
                    "`collectionFormat` of nested items has no OpenAPI 3.0 form; dropped",
                );
            }
            value_schema(obj, at, cx)
        }
        other => other.clone(),
    }
}

/// Whether the converted schema `value` is an array's.
pub(super) fn is_array(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str) == Some("array")
}

/// The 3.0 `style` and `explode` of an array parameter in `location`
/// whose `collectionFormat` (at `at`) is `format` (2.0's default: `csv`);
/// `None` when the location's default style is it. Form bodies encode
/// like the query.
pub(super) fn style(
    location: &str,
    format: Option<&Value>,
    at: &JsonPointer,
    cx: &mut Cx<'_>,
) -> Option<(&'static str, bool)> {
    let format = match format {
        None => "csv",
        Some(Value::String(format)) => format.as_str(),
        Some(_) => {
            cx.warn(at, "`collectionFormat` is not a string; read as `csv`");
            "csv"
        }
    };
    let query_like = matches!(location, "query" | "formData");
    let format = match format {
        "csv" | "ssv" | "pipes" | "multi" if query_like => format,
        "csv" => "csv",
        "tsv" => {
            cx.warn(
                at,
                "`collectionFormat: tsv` has no OpenAPI 3.0 form; sent as `csv`",
            );
            "csv"
        }
        other => {
            cx.warn(
                at,
                format!(
                    "`collectionFormat: {other}` has no OpenAPI 3.0 form for a \
                     {location} parameter; sent as `csv`"
                ),
            );
            "csv"
        }
    };
    match (query_like, format) {
        (false, _) => None,
        (true, "multi") => Some(("form", true)),
        (true, "ssv") => Some(("spaceDelimited", false)),
        (true, "pipes") => Some(("pipeDelimited", false)),
        (true, _) => Some(("form", false)),
    }
}
