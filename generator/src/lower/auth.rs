//! `components.securitySchemes` → the credentials the client builder accepts.
//!
//! Every scheme the document declares becomes a builder setter, whatever any
//! one operation's `security` list says: real documents often leave schemes
//! out of operations the API accepts them on, and the client sends exactly
//! what the user configured, each credential in its own header.

use openapiv3::{APIKeyLocation, SecurityScheme};

use super::Ctx;
use crate::ir::{AuthKind, AuthScheme};
use crate::naming::{self, Scope};
use crate::pointer::JsonPointer;
use crate::settings::Settings;

pub(super) fn lower(cx: &mut Ctx<'_>, settings: &Settings) -> Vec<AuthScheme> {
    let Some(components) = &cx.doc.api.components else {
        return Vec::new();
    };
    let mut scope = Scope::with_reserved(crate::reserved::CLIENT_BUILDER_MEMBERS);
    let prefix = settings.env_prefix();
    let mut out = Vec::new();
    for (key, item) in &components.security_schemes {
        let at = JsonPointer::root()
            .push("components")
            .push("securitySchemes")
            .push(key.as_str());
        let scheme = match cx.resolve(item, &at) {
            Ok((scheme, _)) => scheme.clone(),
            Err(d) => {
                cx.degrade(&d.pointer, d.message);
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
                    cx.degrade(
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
                cx.degrade(
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
        let env_var = match cx.settings.auth_env.get(key) {
            Some(name) => name.clone(),
            None => naming::env_var(&prefix, &setter),
        };
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
