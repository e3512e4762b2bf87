//! Body and form parameters → Request Body Objects.

use serde_json::{Value, json};

use super::{Cx, Object, is_extension, parameter, schema};
use crate::pointer::JsonPointer;

const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// A body parameter (at `at`) → the request body at `to`, its schema under
/// each of `media`.
pub(super) fn from_parameter(
    p: &Object,
    at: &JsonPointer,
    to: &JsonPointer,
    media: &[String],
    cx: &mut Cx<'_>,
) -> Value {
    cx.moved(at, to);
    let mut out = Object::new();
    if let Some(description) = p.get("description") {
        out.insert("description".into(), description.clone());
    }
    // Seen in real documents: a body described by value keywords.
    let (schema, schema_at) = match p.get("schema") {
        Some(schema) => (Some(schema.clone()), at.push("schema")),
        None if p.contains_key("type") => (Some(parameter::value_schema(p, at, cx)), at.clone()),
        None => (None, at.clone()),
    };
    let mut content = Object::new();
    for m in media {
        let mut media_type = Object::new();
        if let Some(schema) = &schema {
            media_type.insert("schema".into(), schema.clone());
            let schema_to = to.push("content").push(m.as_str()).push("schema");
            cx.moved(&schema_at, &schema_to);
        }
        content.insert(m.clone(), Value::Object(media_type));
    }
    out.insert("content".into(), Value::Object(content));
    if p.get("required") == Some(&Value::Bool(true)) {
        out.insert("required".into(), Value::Bool(true));
    }
    // The name 2.0 gave the body, kept where other 2.0 converters keep it.
    if let Some(name) = p.get("name") {
        out.insert("x-codegen-request-body-name".into(), name.clone());
    }
    for (key, value) in p.iter().filter(|(k, _)| is_extension(k)) {
        out.entry(key.clone()).or_insert_with(|| value.clone());
    }
    Value::Object(out)
}

/// A form parameter of an operation, with the place it is defined at (for
/// a `$ref`, its target's) and the place of its entry in the list.
#[derive(Debug, Clone)]
pub(super) struct FormParameter {
    pub(super) param: Object,
    pub(super) at: JsonPointer,
    pub(super) entry: JsonPointer,
}

impl FormParameter {
    fn name(&self) -> Option<&str> {
        self.param.get("name").and_then(Value::as_str)
    }
}

/// An operation's form parameters → one request body at `to`: an object
/// with a property per parameter, sent as the form `consumes` names (the
/// operation's or the document's), multipart when a parameter is a file.
/// `list_at` is where the operation's parameters are listed.
pub(super) fn from_form(
    params: &[FormParameter],
    consumes: Option<&[String]>,
    list_at: &JsonPointer,
    to: &JsonPointer,
    cx: &mut Cx<'_>,
) -> Value {
    cx.moved(list_at, to);
    let mut properties = Object::new();
    let mut required = Vec::new();
    let mut encoding = Object::new();
    for p in params {
        let Some(name) = p.name() else {
            cx.warn(&p.entry, "form parameter without a name; dropped");
            continue;
        };
        let name = name.to_owned();
        let (property, style) = form_property(p, cx);
        if let Some((style, explode)) = style {
            encoding.insert(name.clone(), json!({ "style": style, "explode": explode }));
        }
        if p.param.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::String(name.clone()));
        }
        properties.insert(name, property);
    }
    let has_file = properties
        .values()
        .any(|p| schema::is_file(p) || p.get("items").is_some_and(schema::is_file));
    let media = form_media(consumes, has_file, params, cx);
    let mut body_schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        body_schema["required"] = Value::Array(required.clone());
    }
    let mut content = Object::new();
    for m in &media {
        let schema_to = to.push("content").push(m.as_str()).push("schema");
        cx.moved(list_at, &schema_to);
        for p in params {
            if let Some(name) = p.name() {
                cx.moved(&p.at, &schema_to.push("properties").push(name));
            }
        }
        let mut media_type = json!({ "schema": body_schema });
        // 3.0 applies `style`/`explode` to urlencoded forms only.
        if m == URLENCODED && !encoding.is_empty() {
            media_type["encoding"] = Value::Object(encoding.clone());
        }
        content.insert(m.clone(), media_type);
    }
    let mut out = json!({ "content": content });
    if !required.is_empty() {
        out["required"] = Value::Bool(true);
    }
    out
}

/// A form parameter's property schema (its description kept), and the
/// `style`/`explode` of an array's encoding.
fn form_property(p: &FormParameter, cx: &mut Cx<'_>) -> (Value, Option<(&'static str, bool)>) {
    let mut property = parameter::value_schema(&p.param, &p.at, cx);
    if let (Some(description), Some(obj)) = (p.param.get("description"), property.as_object_mut()) {
        obj.insert("description".into(), description.clone());
    }
    if let Some(obj) = property.as_object_mut() {
        for (key, value) in p.param.iter().filter(|(k, _)| is_extension(k)) {
            if key != "x-nullable" {
                obj.insert(key.clone(), value.clone());
            }
        }
    }
    let style = if parameter::is_array(&property) {
        let format = p.param.get("collectionFormat");
        let at = p.at.push("collectionFormat");
        parameter::style("formData", format, &at, cx)
    } else {
        None
    };
    if p.param.get("allowEmptyValue").is_some() {
        cx.warn(
            &p.at.push("allowEmptyValue"),
            "`allowEmptyValue` has no OpenAPI 3.0 form in a form body; dropped",
        );
    }
    (property, style)
}

/// The form media types: those of `consumes` that are forms, else the
/// one the parameters need (multipart for a file, else urlencoded). A
/// file cannot be urlencoded, so multipart replaces that.
fn form_media(
    consumes: Option<&[String]>,
    has_file: bool,
    params: &[FormParameter],
    cx: &mut Cx<'_>,
) -> Vec<String> {
    let essence = |m: &str| {
        m.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    let mut listed: Vec<String> = consumes
        .unwrap_or_default()
        .iter()
        .filter(|m| matches!(essence(m).as_str(), MULTIPART | URLENCODED))
        .cloned()
        .collect();
    if has_file && listed.iter().any(|m| essence(m) == URLENCODED) {
        listed.retain(|m| essence(m) != URLENCODED);
        if listed.is_empty()
            && let Some(first) = params.first()
        {
            cx.warn(
                &first.entry,
                "a file cannot be sent `application/x-www-form-urlencoded`; sent as \
                 `multipart/form-data`",
            );
        }
    }
    if listed.is_empty() {
        let media = if has_file { MULTIPART } else { URLENCODED };
        listed.push(media.to_owned());
    }
    listed
}
