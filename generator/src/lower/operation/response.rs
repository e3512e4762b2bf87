//! The success response: one shape, or an `{Operation}Outcome` enum with a
//! variant per success status; and the typed bodies of error answers.

use openapiv3::{Operation as OaOperation, ReferenceOr, Response, StatusCode};

use super::super::Ctx;
use super::body::{is_json, media_type};
use crate::ir::{ErrorBodies, ErrorCase, ResponseKind, StatusCase, StatusMatch, TypeRef};
use crate::naming::Scope;
use crate::pointer::JsonPointer;

/// The first 2xx response that has a body decides what `send` returns;
/// `default` stands in when no 2xx is declared.
pub(super) fn success_response(
    cx: &mut Ctx<'_>,
    op: &OaOperation,
    at: &JsonPointer,
    type_base: &str,
    outcomes: &mut Scope,
) -> ResponseKind {
    let mut cases: Vec<StatusCase> = Vec::new();
    for (status, r, r_at) in candidates(op, at) {
        let (response, r_at) = match cx.resolve(r, &r_at) {
            Ok(found) => found,
            Err(d) => {
                cx.degrade(&d.pointer, d.message);
                continue;
            }
        };
        let first_json = !cases
            .iter()
            .any(|c| matches!(c.body, ResponseKind::Json(_)));
        let body = response_body(cx, response, &r_at, &status, first_json, type_base);
        cases.push(StatusCase {
            variant: status_variant(&status),
            status,
            body,
        });
    }
    by_status(cases, type_base, outcomes)
}

/// The type of each event's `data` when a success response can be a
/// `text/event-stream` (its schema; any JSON value when it has none).
pub(super) fn event_stream(
    cx: &mut Ctx<'_>,
    op: &OaOperation,
    at: &JsonPointer,
    type_base: &str,
) -> Option<TypeRef> {
    for (_, r, r_at) in candidates(op, at) {
        let Ok((response, r_at)) = cx.resolve(r, &r_at) else {
            continue;
        };
        let found = response
            .content
            .iter()
            .find(|(media, _)| media.to_ascii_lowercase().starts_with("text/event-stream"));
        if let Some((media, content)) = found {
            let at = r_at.push("content").push(media.as_str());
            return Some(match &content.schema {
                Some(_) => media_type(cx, content, &at, &format!("{type_base}Event")),
                None => TypeRef::Json,
            });
        }
    }
    None
}

/// The success responses, each with its status and pointer: the 2xx ones,
/// or else `default`.
fn candidates<'o>(
    op: &'o OaOperation,
    at: &JsonPointer,
) -> Vec<(StatusMatch, &'o ReferenceOr<Response>, JsonPointer)> {
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
    candidates
}

/// The error answers that declare a JSON schema: every status from 300
/// up, `4XX`/`5XX`-style ranges, and `default` where it is not the success
/// response (see [`candidates`]). One type for all of them needs no enum;
/// differing types get an `{Operation}Error` enum with a variant per status.
pub(super) fn error_bodies(
    cx: &mut Ctx<'_>,
    op: &OaOperation,
    at: &JsonPointer,
    type_base: &str,
    root_names: &mut Scope,
) -> Option<ErrorBodies> {
    let responses_at = at.push("responses");
    let declared = op.responses.responses.iter().filter_map(|(code, r)| {
        let status = match code {
            StatusCode::Code(c) if *c >= 300 => StatusMatch::Code(*c),
            StatusCode::Range(digit) if *digit >= 3 => StatusMatch::Range(*digit),
            _ => return None,
        };
        Some((status, r, responses_at.push(code.to_string())))
    });
    let default_is_error = candidates(op, at)
        .iter()
        .all(|(status, ..)| *status != StatusMatch::Default);
    let default = op
        .responses
        .default
        .as_ref()
        .filter(|_| default_is_error)
        .map(|d| (StatusMatch::Default, d, responses_at.push("default")));
    let mut cases: Vec<ErrorCase> = Vec::new();
    let mut variants = Scope::default();
    for (status, r, r_at) in declared.chain(default) {
        // An unresolvable error response costs only its typing (the error
        // still carries the raw body), and is reported.
        let (response, r_at) = match cx.resolve(r, &r_at) {
            Ok(found) => found,
            Err(d) => {
                cx.degrade(&d.pointer, d.message);
                continue;
            }
        };
        let json = response
            .content
            .iter()
            .find(|(m, c)| is_json(m) && c.schema.is_some());
        let Some((media, content)) = json else {
            continue;
        };
        let hint = match status {
            StatusMatch::Default => format!("{type_base}ResponseDefault"),
            _ => format!("{type_base}Response{status}"),
        };
        let ty = media_type(
            cx,
            content,
            &r_at.push("content").push(media.as_str()),
            &hint,
        );
        cases.push(ErrorCase {
            variant: variants.claim(&error_variant(&status)),
            status,
            ty,
        });
    }
    let first = cases.first()?;
    let one_type = cases.iter().all(|c| c.ty == first.ty);
    Some(ErrorBodies {
        enum_name: (!one_type).then(|| root_names.claim(&format!("{type_base}Error"))),
        cases,
    })
}

/// What one success response's body decodes as: its first JSON media type
/// (the first JSON body of the operation is `{Operation}Response`, later
/// ones are named after their status), else text or bytes by its first
/// media type, else nothing.
fn response_body(
    cx: &mut Ctx<'_>,
    response: &Response,
    r_at: &JsonPointer,
    status: &StatusMatch,
    first_json: bool,
    type_base: &str,
) -> ResponseKind {
    if let Some((media, content)) = response.content.iter().find(|(m, _)| is_json(m)) {
        let hint = match (first_json, status) {
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
    }
}

/// The response of an operation with these success cases: their one shape,
/// or an `{Operation}Outcome` enum with unique variant names.
fn by_status(mut cases: Vec<StatusCase>, type_base: &str, outcomes: &mut Scope) -> ResponseKind {
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

/// A readable variant name for an error status.
fn error_variant(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(400) => "BadRequest".into(),
        StatusMatch::Code(401) => "Unauthorized".into(),
        StatusMatch::Code(402) => "PaymentRequired".into(),
        StatusMatch::Code(403) => "Forbidden".into(),
        StatusMatch::Code(404) => "NotFound".into(),
        StatusMatch::Code(405) => "MethodNotAllowed".into(),
        StatusMatch::Code(406) => "NotAcceptable".into(),
        StatusMatch::Code(408) => "RequestTimeout".into(),
        StatusMatch::Code(409) => "Conflict".into(),
        StatusMatch::Code(410) => "Gone".into(),
        StatusMatch::Code(412) => "PreconditionFailed".into(),
        StatusMatch::Code(413) => "PayloadTooLarge".into(),
        StatusMatch::Code(415) => "UnsupportedMediaType".into(),
        StatusMatch::Code(422) => "UnprocessableEntity".into(),
        StatusMatch::Code(429) => "TooManyRequests".into(),
        StatusMatch::Code(500) => "InternalServerError".into(),
        StatusMatch::Code(502) => "BadGateway".into(),
        StatusMatch::Code(503) => "ServiceUnavailable".into(),
        StatusMatch::Code(504) => "GatewayTimeout".into(),
        StatusMatch::Code(c) => format!("Status{c}"),
        StatusMatch::Range(3) => "Redirection".into(),
        StatusMatch::Range(4) => "ClientError".into(),
        StatusMatch::Range(5) => "ServerError".into(),
        StatusMatch::Range(digit) => format!("Status{digit}xx"),
        StatusMatch::Default => "Other".into(),
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
