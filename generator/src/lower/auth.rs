//! `components.securitySchemes` → the credentials the client builder accepts.
//!
//! Every scheme the document declares becomes a builder setter, whatever any
//! one operation's `security` list says: real documents often leave schemes
//! out of operations the API accepts them on, and the client sends exactly
//! what the user configured, each credential in its own header.

use heck::ToShoutySnakeCase;
use openapiv3::{APIKeyLocation, SecurityScheme};

use super::Ctx;
use crate::Settings;
use crate::ir::{AuthKind, AuthScheme};
use crate::naming::{self, Scope};
use crate::pointer::JsonPointer;

pub(super) fn lower(cx: &mut Ctx<'_>, settings: &Settings) -> Vec<AuthScheme> {
    let Some(components) = &cx.doc.api.components else {
        return Vec::new();
    };
    // Builder methods that already exist on every generated client.
    let mut scope = Scope::with_reserved(&[
        "base_url",
        "timeout",
        "max_retries",
        "http_client",
        "build",
        "user_agent",
        "max_response_size",
        "allow_insecure_http",
        "default_header",
        "secret_header",
        "config",
    ]);
    let prefix = settings.env_prefix();
    let mut out = Vec::new();
    for (key, item) in &components.security_schemes {
        let at = JsonPointer::root()
            .push("components")
            .push("securitySchemes")
            .push(key.as_str());
        let scheme = match cx.resolve(item, &at) {
            Ok((scheme, _)) => scheme,
            Err(d) => {
                cx.warnings.push(d);
                continue;
            }
        };
        let (kind, doc) = match scheme {
            SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (AuthKind::Bearer, description),
                "basic" => (AuthKind::Basic, description),
                other => {
                    cx.warn(
                        &at,
                        format!("HTTP auth scheme `{other}` is not supported; skipped"),
                    );
                    continue;
                }
            },
            SecurityScheme::APIKey {
                location: APIKeyLocation::Header,
                name,
                description,
                ..
            } => (AuthKind::ApiKeyHeader { header: name }, description),
            SecurityScheme::APIKey { location, .. } => {
                cx.warn(
                    &at,
                    format!("API keys sent in the {location:?} are not supported; skipped")
                        .to_lowercase(),
                );
                continue;
            }
            // Both end in an access token the client sends as a bearer token;
            // obtaining it is left to the caller.
            SecurityScheme::OAuth2 { description, .. }
            | SecurityScheme::OpenIDConnect { description, .. } => (AuthKind::Bearer, description),
        };
        let setter = scope.claim(&naming::snake_name(key, "credential"));
        let env_var = format!("{prefix}_{}", setter.to_shouty_snake_case());
        out.push(AuthScheme {
            key: key.clone(),
            setter,
            kind,
            doc,
            env_var,
        });
    }
    out
}
