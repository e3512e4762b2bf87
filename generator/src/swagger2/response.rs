//! Responses: the schema under each produced media type, examples beside
//! it, headers' value keywords as schemas.

use serde_json::Value;

use super::{Cx, DEFAULT_MEDIA, Object, media_or, parameter, schema};
use crate::pointer::JsonPointer;

/// The media type of a file response when `produces` names none.
const BINARY_MEDIA: &str = "application/octet-stream";

/// The document's `responses` map → `components.responses`, with the
/// document's `produces`.
pub(super) fn shared(shared: Value, components: &mut Object, cx: &mut Cx<'_>) {
    let at = JsonPointer::root().push("responses");
    let Value::Object(map) = shared else {
        cx.warn(&at, "`responses` is not a map; dropped");
        return;
    };
    let to = JsonPointer::root().push("components").push("responses");
    let produces = cx.produces.clone();
    let converted: Object = map
        .into_iter()
        .map(|(name, r)| {
            let r = response(
                r,
                &at.push(name.as_str()),
                &to.push(name.as_str()),
                produces.as_deref(),
                cx,
            );
            (name, r)
        })
        .collect();
    cx.moved(&at, &to);
    components.insert("responses".into(), Value::Object(converted));
}

/// An operation's Responses Object at `at` (extensions left as they are).
pub(super) fn responses(
    responses: Value,
    at: &JsonPointer,
    produces: Option<&[String]>,
    cx: &mut Cx<'_>,
) -> Value {
    let Value::Object(map) = responses else {
        return responses;
    };
    let converted = map
        .into_iter()
        .map(|(status, r)| {
            if super::is_extension(&status) {
                return (status, r);
            }
            let r_at = at.push(status.as_str());
            (status, response(r, &r_at, &r_at, produces, cx))
        })
        .collect();
    Value::Object(converted)
}

/// A Response Object at `at`, going to `to`, its body under each of
/// `produces`.
fn response(
    r: Value,
    at: &JsonPointer,
    to: &JsonPointer,
    produces: Option<&[String]>,
    cx: &mut Cx<'_>,
) -> Value {
    let Value::Object(mut r) = r else {
        return r;
    };
    cx.moved(at, to);
    if r.contains_key("$ref") {
        return Value::Object(r);
    }
    let body = r.shift_remove("schema");
    let examples = r.shift_remove("examples");
    let mut out = Object::new();
    for (key, value) in r {
        let value = match key.as_str() {
            "headers" => headers(value, &at.push("headers"), &to.push("headers"), cx),
            _ => value,
        };
        out.insert(key, value);
    }
    match body {
        Some(body) => {
            let content = content(body, examples, produces, at, to, cx);
            out.insert("content".into(), Value::Object(content));
        }
        None if examples.is_some() => cx.warn(
            &at.push("examples"),
            "examples of a response without a schema (which has no body in Swagger 2.0); dropped",
        ),
        None => {}
    }
    Value::Object(out)
}

/// The response's `content`: `body` (the schema) under each media type
/// `produces` names, or that a file or an example calls for.
fn content(
    body: Value,
    examples: Option<Value>,
    produces: Option<&[String]>,
    at: &JsonPointer,
    to: &JsonPointer,
    cx: &mut Cx<'_>,
) -> Object {
    let fallback = if schema::is_file(&body) {
        BINARY_MEDIA
    } else {
        DEFAULT_MEDIA
    };
    let mut content = Object::new();
    let add = |media: &str, content: &mut Object, cx: &mut Cx<'_>| {
        let schema_to = to.push("content").push(media).push("schema");
        cx.moved(&at.push("schema"), &schema_to);
        let mut media_type = Object::new();
        media_type.insert("schema".into(), body.clone());
        content.insert(media.to_owned(), Value::Object(media_type));
    };
    for media in media_or(produces, fallback) {
        add(&media, &mut content, cx);
    }
    match examples {
        None => {}
        Some(Value::Object(examples)) => {
            for (media, example) in examples {
                if !content.contains_key(&media) {
                    add(&media, &mut content, cx);
                }
                let example_at = at.push("examples").push(media.as_str());
                cx.moved(
                    &example_at,
                    &to.push("content").push(media.as_str()).push("example"),
                );
                if let Some(Value::Object(media_type)) = content.get_mut(&media) {
                    media_type.insert("example".into(), example);
                }
            }
        }
        Some(_) => cx.warn(
            &at.push("examples"),
            "`examples` is not a map of media types; dropped",
        ),
    }
    content
}

/// A response's headers at `at`: each one's value keywords → `schema`.
fn headers(headers: Value, at: &JsonPointer, to: &JsonPointer, cx: &mut Cx<'_>) -> Value {
    let Value::Object(map) = headers else {
        return headers;
    };
    let converted = map
        .into_iter()
        .map(|(name, h)| {
            let h = match h {
                Value::Object(h) if !h.contains_key("$ref") => {
                    let h_at = at.push(name.as_str());
                    Value::Object(header(h, &h_at, &to.push(name.as_str()), cx))
                }
                other => other,
            };
            (name, h)
        })
        .collect();
    Value::Object(converted)
}

/// A Header Object: its description and extensions stay, its value
/// keywords become its schema. Headers are `simple`: a `csv` list.
fn header(h: Object, at: &JsonPointer, to: &JsonPointer, cx: &mut Cx<'_>) -> Object {
    cx.moved(at, to);
    let schema = parameter::value_schema(&h, at, cx);
    cx.moved(at, &to.push("schema"));
    if parameter::is_array(&schema) {
        parameter::style(
            "header",
            h.get("collectionFormat"),
            &at.push("collectionFormat"),
            cx,
        );
    }
    let mut out = Object::new();
    for (key, value) in h {
        if key == "description" || (super::is_extension(&key) && key != "x-nullable") {
            out.insert(key, value);
        }
    }
    out.insert("schema".into(), schema);
    out
}
