//! The Swagger Object → the OpenAPI Object: version, servers, components,
//! and what carries over as it is.

use serde_json::{Value, json};

use super::{Cx, Object, operation, parameter, response, security};
use crate::pointer::JsonPointer;

/// Root keys the conversion writes itself: a 2.0 document has none of
/// them, so one found there is dropped rather than clash.
const WRITTEN_KEYS: &[&str] = &["openapi", "servers", "components"];

/// Root keys the conversion consumes.
const CONSUMED_KEYS: &[&str] = &[
    "swagger", "host", "basePath", "schemes", "consumes", "produces",
];

/// Where the document says its API is: the part of a server URL after
/// the scheme.
#[derive(Debug, Clone)]
pub(super) struct Server {
    /// `host[:port]`, when given.
    host: Option<String>,
    /// `basePath` without a trailing `/` (empty for the root).
    base_path: String,
    /// The document's schemes, in server order.
    schemes: Vec<String>,
}

/// The OpenAPI 3.0 document for the Swagger 2.0 document `root`.
pub(super) fn convert(mut root: Object, cx: &mut Cx<'_>) -> Object {
    let at = JsonPointer::root();
    cx.consumes = cx.media_list(root.get("consumes"), &at.push("consumes"));
    cx.produces = cx.media_list(root.get("produces"), &at.push("produces"));
    if let Some(Value::Object(shared)) = root.get("parameters") {
        cx.shared_parameters = shared.clone();
    }
    cx.server = server(&root, cx);
    let mut out = Object::new();
    out.insert("openapi".into(), "3.0.3".into());
    if let Some(info) = root.shift_remove("info") {
        out.insert("info".into(), info);
    }
    if let Some(server) = cx.server.clone() {
        let servers = servers(&server, &server.schemes);
        // Each URL came from the host (a relative one from the base path).
        let from = at.push(if server.host.is_some() {
            "host"
        } else {
            "basePath"
        });
        let to = at.push("servers");
        cx.moved(&from, &to);
        for i in 0..servers.as_array().map_or(0, Vec::len) {
            cx.moved(&from, &to.push(i.to_string()).push("url"));
        }
        out.insert("servers".into(), servers);
    }
    // Components first: operations refer to the body components they make.
    let components = components(&mut root, cx);
    for (key, value) in root {
        if CONSUMED_KEYS.contains(&key.as_str()) {
            continue;
        }
        if WRITTEN_KEYS.contains(&key.as_str()) {
            cx.warn(
                &at.push(key.as_str()),
                format!("`{key}` is not a Swagger 2.0 field; dropped"),
            );
            continue;
        }
        let value = match key.as_str() {
            "paths" => operation::paths(value, cx),
            _ => value,
        };
        out.insert(key, value);
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    out
}

/// `definitions`, `parameters`, `responses` and `securityDefinitions`,
/// taken from `root`, as 3.0 components.
fn components(root: &mut Object, cx: &mut Cx<'_>) -> Object {
    let at = JsonPointer::root();
    let to = at.push("components");
    let mut components = Object::new();
    match root.shift_remove("definitions") {
        None => {}
        Some(definitions @ Value::Object(_)) => {
            cx.moved(&at.push("definitions"), &to.push("schemas"));
            components.insert("schemas".into(), definitions);
        }
        Some(_) => cx.warn(
            &at.push("definitions"),
            "`definitions` is not a map; dropped",
        ),
    }
    if let Some(shared) = root.shift_remove("parameters") {
        parameter::shared(shared, &mut components, cx);
    }
    if let Some(shared) = root.shift_remove("responses") {
        response::shared(shared, &mut components, cx);
    }
    if let Some(schemes) = root.shift_remove("securityDefinitions") {
        security::schemes(schemes, &mut components, cx);
    }
    components
}

/// The document's server, from `host`, `basePath` and `schemes`; `None`
/// when it gives neither host nor base path (3.0's default, `/`, holds).
fn server(root: &Object, cx: &mut Cx<'_>) -> Option<Server> {
    let at = JsonPointer::root();
    let mut host = text(root, "host", cx);
    let base_path = text(root, "basePath", cx);
    if host.is_none() && base_path.is_none() {
        return None;
    }
    let mut schemes = scheme_list(root.get("schemes"), &at.push("schemes"), cx);
    // Seen in real documents: a host given as a URL.
    if let Some((scheme, rest)) = host.as_deref().and_then(|h| h.split_once("://")) {
        cx.warn(
            &at.push("host"),
            "`host` includes a scheme, which belongs in `schemes`; read as one",
        );
        if schemes.is_empty() {
            schemes.push(scheme.to_ascii_lowercase());
        }
        host = Some(rest.to_owned());
    }
    if schemes.is_empty() {
        schemes.push("https".into());
    }
    let base_path = base_path.unwrap_or_default();
    let base_path = base_path.trim_end_matches('/');
    let base_path = if base_path.is_empty() || base_path.starts_with('/') {
        base_path.to_owned()
    } else {
        format!("/{base_path}")
    };
    Some(Server {
        host: host.map(|h| h.trim_end_matches('/').to_owned()),
        base_path,
        schemes,
    })
}

/// The 3.0 `servers` for `server` reached over `schemes`.
fn servers(server: &Server, schemes: &[String]) -> Value {
    let Some(host) = &server.host else {
        let url = if server.base_path.is_empty() {
            "/"
        } else {
            server.base_path.as_str()
        };
        return json!([{ "url": url }]);
    };
    let urls = schemes
        .iter()
        .map(|scheme| json!({ "url": format!("{scheme}://{host}{}", server.base_path) }))
        .collect();
    Value::Array(urls)
}

/// An operation's `servers`, when its own `schemes` (at `at`) differ from
/// the document's and there is a host to reach over them.
pub(super) fn operation_servers(value: &Value, at: &JsonPointer, cx: &mut Cx<'_>) -> Option<Value> {
    let schemes = scheme_list(Some(value), at, cx);
    let server = cx.server.clone()?;
    if schemes.is_empty() || schemes == server.schemes || server.host.is_none() {
        return None;
    }
    Some(servers(&server, &schemes))
}

/// The schemes listed at `at`, lower case, without repeats, ordered so the
/// secure ones come first.
fn scheme_list(value: Option<&Value>, at: &JsonPointer, cx: &mut Cx<'_>) -> Vec<String> {
    let mut schemes: Vec<String> = match value {
        None => return Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        Some(_) => {
            cx.warn(at, "`schemes` is not a list; ignored");
            return Vec::new();
        }
    };
    let mut seen = Vec::new();
    schemes.retain(|s| {
        let first = !seen.contains(s);
        seen.push(s.clone());
        first
    });
    let rank = |s: &String| {
        ["https", "http", "wss", "ws"]
            .iter()
            .position(|known| known == s)
            .unwrap_or(4)
    };
    schemes.sort_by_key(rank);
    schemes
}

/// The string `root[key]`, if it is one; anything else is warned about.
fn text(root: &Object, key: &str, cx: &mut Cx<'_>) -> Option<String> {
    match root.get(key)? {
        Value::String(s) => Some(s.clone()),
        _ => {
            cx.warn(
                &JsonPointer::root().push(key),
                format!("`{key}` is not a string; ignored"),
            );
            None
        }
    }
}
