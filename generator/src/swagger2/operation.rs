//! Path items and operations: parameter lists split into parameters and a
//! request body, responses given their media types.

use serde_json::{Value, json};

use super::body::{self, FormParameter};
use super::parameter::{self, Role};
use super::{Cx, Object, document, response};
use crate::graph::HTTP_METHODS;
use crate::pointer::JsonPointer;

/// Methods whose request body 3.0 gives no meaning and HTTP stacks drop
/// or refuse. (`DELETE` is in the same grey zone of RFC 7231, but its body
/// is common, Kubernetes' `DeleteOptions` for one, and sent as given.)
const BODYLESS_METHODS: &[&str] = &["get", "head"];

/// Longest chain of shared parameters that only refer to each other.
const MAX_CHAIN: usize = 16;

/// The Paths Object, each path item converted.
pub(super) fn paths(paths: Value, cx: &mut Cx<'_>) -> Value {
    let Value::Object(paths) = paths else {
        return paths;
    };
    let at = JsonPointer::root().push("paths");
    let converted = paths
        .into_iter()
        .map(|(path, item)| {
            let item = match item {
                Value::Object(item) if path.starts_with('/') && !item.contains_key("$ref") => {
                    Value::Object(path_item(item, &at.push(path.as_str()), cx))
                }
                other => other,
            };
            (path, item)
        })
        .collect();
    Value::Object(converted)
}

/// A parameter list split by where its entries go in 3.0.
#[derive(Debug, Default, Clone)]
struct Split {
    /// The entries that stay parameters, converted.
    kept: Vec<Value>,
    bodies: Vec<BodyParameter>,
    forms: Vec<FormParameter>,
}

/// A body parameter, with where it is defined and listed.
#[derive(Debug, Clone)]
struct BodyParameter {
    param: Object,
    at: JsonPointer,
    entry: JsonPointer,
    /// Its name in the shared `parameters`, when the entry is a `$ref`.
    shared: Option<String>,
}

fn path_item(item: Object, at: &JsonPointer, cx: &mut Cx<'_>) -> Object {
    let inherited = match item.get("parameters") {
        Some(list) => split(list, &at.push("parameters"), cx),
        None => Split::default(),
    };
    let mut out = Object::new();
    for (key, value) in item {
        match (key.as_str(), value) {
            ("parameters", _) => {
                if !inherited.kept.is_empty() {
                    out.insert(key, Value::Array(inherited.kept.clone()));
                }
            }
            (method, Value::Object(op)) if HTTP_METHODS.contains(&method) => {
                let op = operation(op, &at.push(method), &inherited, cx);
                out.insert(key, Value::Object(op));
            }
            (_, value) => {
                out.insert(key, value);
            }
        }
    }
    out
}

/// An operation at `at`; `inherited` is its path item's parameter list.
fn operation(op: Object, at: &JsonPointer, inherited: &Split, cx: &mut Cx<'_>) -> Object {
    let consumes = cx.media_list(op.get("consumes"), &at.push("consumes"));
    let produces = cx.media_list(op.get("produces"), &at.push("produces"));
    let own = match op.get("parameters") {
        Some(list) => split(list, &at.push("parameters"), cx),
        None => Split::default(),
    };
    let mut body = request_body(&own, inherited, consumes.as_deref(), at, cx);
    let produces = produces.or_else(|| cx.produces.clone());
    let mut out = Object::new();
    for (key, value) in op {
        match key.as_str() {
            "consumes" | "produces" => {}
            "parameters" => {
                if !own.kept.is_empty() {
                    out.insert(key, Value::Array(own.kept.clone()));
                }
                if let Some(body) = body.take() {
                    out.insert("requestBody".into(), body);
                }
            }
            "responses" => {
                let at = at.push("responses");
                let converted = response::responses(value, &at, produces.as_deref(), cx);
                out.insert(key, converted);
            }
            "schemes" => {
                if let Some(servers) = document::operation_servers(&value, &at.push("schemes"), cx)
                {
                    cx.moved(&at.push("schemes"), &at.push("servers"));
                    out.insert("servers".into(), servers);
                }
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    if let Some(body) = body {
        out.insert("requestBody".into(), body);
    }
    if !out.contains_key("responses") {
        cx.warn(
            at,
            "operation without `responses`, which Swagger 2.0 requires; read as having none",
        );
        out.insert("responses".into(), json!({}));
    }
    out
}

/// The request body an operation's own parameters (`own`) and its path
/// item's (`inherited`) describe: the body parameter, else the form
/// parameters (the operation's overriding the path item's by name).
fn request_body(
    own: &Split,
    inherited: &Split,
    consumes: Option<&[String]>,
    at: &JsonPointer,
    cx: &mut Cx<'_>,
) -> Option<Value> {
    let bodies = if own.bodies.is_empty() {
        &inherited.bodies
    } else {
        &own.bodies
    };
    let mut forms: Vec<FormParameter> = inherited
        .forms
        .iter()
        .filter(|p| !own.forms.iter().any(|o| same_name(&o.param, &p.param)))
        .cloned()
        .collect();
    forms.extend(own.forms.iter().cloned());
    let method = at.tokens().last().map(String::as_str).unwrap_or_default();
    let to = at.push("requestBody");
    let first_place = bodies
        .first()
        .map(|b| &b.entry)
        .or(forms.first().map(|f| &f.entry));
    if let Some(place) = first_place
        && BODYLESS_METHODS.contains(&method)
    {
        cx.warn(
            place,
            format!(
                "a request body on `{method}` has no defined meaning in OpenAPI 3.0 (tools \
                 may ignore it); kept"
            ),
        );
    }
    let Some((body, extra)) = bodies.split_first() else {
        if forms.is_empty() {
            return None;
        }
        let consumes = consumes.or(cx.consumes.as_deref()).map(<[String]>::to_vec);
        let list_at = at.push("parameters");
        return Some(body::from_form(
            &forms,
            consumes.as_deref(),
            &list_at,
            &to,
            cx,
        ));
    };
    for b in extra {
        cx.warn(
            &b.entry,
            "a second body parameter (Swagger 2.0 allows one); dropped",
        );
    }
    if let Some(form) = forms.first() {
        cx.warn(
            &form.entry,
            "form parameters beside a body parameter (Swagger 2.0 forbids both); the form \
             parameters are dropped",
        );
    }
    Some(body_of(body, consumes, &to, cx))
}

/// The request body of the body parameter `body`: a reference to its
/// component when it is shared and the operation consumes what the
/// document does, else the body itself.
fn body_of(
    body: &BodyParameter,
    consumes: Option<&[String]>,
    to: &JsonPointer,
    cx: &mut Cx<'_>,
) -> Value {
    let document_media = super::media_or(cx.consumes.as_deref(), super::DEFAULT_MEDIA);
    let media = super::media_or(consumes.or(cx.consumes.as_deref()), super::DEFAULT_MEDIA);
    if let (Some(name), true) = (&body.shared, media == document_media) {
        cx.moved(&body.entry, to);
        let reference = JsonPointer::root().push("parameters").push(name.as_str());
        // Rewritten to the component, `#/components/requestBodies/…`.
        return json!({ "$ref": reference.to_string() });
    }
    body::from_parameter(&body.param, &body.at, to, &media, cx)
}

fn same_name(a: &Object, b: &Object) -> bool {
    a.get("name").is_some() && a.get("name") == b.get("name")
}

/// Splits the parameter list at `at` into the parameters that stay (each
/// converted, noted at its new index), the body and the form parameters.
fn split(list: &Value, at: &JsonPointer, cx: &mut Cx<'_>) -> Split {
    let Value::Array(entries) = list else {
        cx.warn(at, "`parameters` is not a list; dropped");
        return Split::default();
    };
    let mut out = Split::default();
    for (i, entry) in entries.iter().enumerate() {
        let entry_at = at.push(i.to_string());
        let kept_at = at.push(out.kept.len().to_string());
        let Value::Object(p) = entry else {
            cx.moved(&entry_at, &kept_at);
            out.kept.push(entry.clone());
            continue;
        };
        let (param, param_at, shared) = match shared_target(p, cx) {
            Some((name, target)) => (
                target,
                JsonPointer::root().push("parameters").push(name.as_str()),
                Some(name),
            ),
            None => (p.clone(), entry_at.clone(), None),
        };
        match parameter::role(&param) {
            Role::Body => out.bodies.push(BodyParameter {
                param,
                at: param_at,
                entry: entry_at,
                shared,
            }),
            Role::Form => out.forms.push(FormParameter {
                param,
                at: param_at,
                entry: entry_at,
            }),
            // A reference to a parameter stays one (rewritten to its
            // component later).
            Role::Parameter if p.contains_key("$ref") => {
                cx.moved(&entry_at, &kept_at);
                out.kept.push(entry.clone());
            }
            Role::Parameter => {
                let converted = parameter::convert(param, &entry_at, &kept_at, cx);
                out.kept.push(Value::Object(converted));
            }
        }
    }
    out
}

/// The shared parameter a `$ref` entry names (`#/parameters/<name>`),
/// through chains of such references: its name and definition. `None`
/// for anything else, left for lowering to resolve or report.
fn shared_target(entry: &Object, cx: &Cx<'_>) -> Option<(String, Object)> {
    let mut reference = entry.get("$ref")?.as_str()?;
    for _ in 0..MAX_CHAIN {
        let pointer = JsonPointer::from_ref(reference)?;
        let [map, key] = pointer.tokens() else {
            return None;
        };
        if map != "parameters" {
            return None;
        }
        let target = cx.shared_parameters.get(key.as_str())?.as_object()?;
        match target.get("$ref").and_then(Value::as_str) {
            Some(next) => reference = next,
            // The last name: the one its body component is made under.
            None => return Some((key.clone(), target.clone())),
        }
    }
    None
}
