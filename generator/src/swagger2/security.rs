//! `securityDefinitions` → `components.securitySchemes`.

use serde_json::{Value, json};

use super::{Cx, Object, is_extension};
use crate::pointer::JsonPointer;

/// Each 2.0 OAuth2 `flow`: its 3.0 name and the URLs it carries.
const FLOWS: &[(&str, &str, &[&str])] = &[
    ("implicit", "implicit", &["authorizationUrl"]),
    ("password", "password", &["tokenUrl"]),
    ("application", "clientCredentials", &["tokenUrl"]),
    (
        "accessCode",
        "authorizationCode",
        &["authorizationUrl", "tokenUrl"],
    ),
];

/// The document's `securityDefinitions` → `components.securitySchemes`;
/// a scheme with no 3.0 form is dropped with a warning.
pub(super) fn schemes(definitions: Value, components: &mut Object, cx: &mut Cx<'_>) {
    let at = JsonPointer::root().push("securityDefinitions");
    let Value::Object(map) = definitions else {
        cx.warn(&at, "`securityDefinitions` is not a map; dropped");
        return;
    };
    let to = JsonPointer::root()
        .push("components")
        .push("securitySchemes");
    let mut schemes = Object::new();
    for (name, definition) in map {
        let s_at = at.push(name.as_str());
        if let Some(scheme) = scheme(definition, &s_at, cx) {
            cx.moved(&s_at, &to.push(name.as_str()));
            schemes.insert(name, scheme);
        }
    }
    cx.moved(&at, &to);
    components.insert("securitySchemes".into(), Value::Object(schemes));
}

/// One Security Scheme Object at `at`, or `None` (warned) when its type or
/// flow has no 3.0 form.
fn scheme(definition: Value, at: &JsonPointer, cx: &mut Cx<'_>) -> Option<Value> {
    let Value::Object(definition) = definition else {
        cx.warn(at, "security scheme is not an object; dropped");
        return None;
    };
    let kind = definition.get("type").and_then(Value::as_str).unwrap_or("");
    let mut out = match kind {
        "basic" => json!({ "type": "http", "scheme": "basic" }),
        "apiKey" => {
            let mut out = json!({ "type": "apiKey" });
            for key in ["name", "in"] {
                if let Some(value) = definition.get(key) {
                    out[key] = value.clone();
                }
            }
            out
        }
        "oauth2" => {
            let (name, flow) = oauth2_flow(&definition, at, cx)?;
            json!({ "type": "oauth2", "flows": { name: flow } })
        }
        other => {
            cx.warn(
                &at.push("type"),
                format!(
                    "security scheme type `{other}` is not one of Swagger 2.0's (basic, apiKey, \
                     oauth2); dropped"
                ),
            );
            return None;
        }
    };
    if let Some(out) = out.as_object_mut() {
        for (key, value) in &definition {
            if key == "description" || is_extension(key) {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Some(out)
}

/// An OAuth2 definition's one flow, as 3.0 names it, with its URLs and
/// scopes (none when it lists none: 3.0 requires the map).
fn oauth2_flow(
    definition: &Object,
    at: &JsonPointer,
    cx: &mut Cx<'_>,
) -> Option<(&'static str, Value)> {
    let flow = definition.get("flow").and_then(Value::as_str).unwrap_or("");
    let Some((_, name, urls)) = FLOWS.iter().find(|(v2, _, _)| *v2 == flow) else {
        cx.warn(
            &at.push("flow"),
            format!(
                "OAuth2 flow `{flow}` is not one of Swagger 2.0's (implicit, password, \
                 application, accessCode); the scheme is dropped"
            ),
        );
        return None;
    };
    let mut converted = Object::new();
    for url in *urls {
        if let Some(value) = definition.get(*url) {
            converted.insert((*url).to_owned(), value.clone());
        }
    }
    let scopes = match definition.get("scopes") {
        Some(scopes @ Value::Object(_)) => scopes.clone(),
        _ => json!({}),
    };
    converted.insert("scopes".into(), scopes);
    Some((name, Value::Object(converted)))
}
