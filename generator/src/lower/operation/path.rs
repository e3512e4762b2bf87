//! The path template: literal text (percent-encoded once, here) and
//! template variables, matched to the operation's path parameters.

use crate::ir::{Param, ParamLocation, PathPart};

pub(super) enum TemplatePart {
    Literal(String),
    Var(String),
}

pub(super) fn parse_template(path: &str) -> (Vec<TemplatePart>, Vec<String>) {
    let mut parts = Vec::new();
    let mut vars = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            parts.push(TemplatePart::Literal(rest[..open].to_owned()));
        }
        let var = rest[open + 1..open + close].to_owned();
        if !vars.contains(&var) {
            vars.push(var.clone());
        }
        parts.push(TemplatePart::Var(var));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_owned()));
    }
    (parts, vars)
}

/// Percent-encodes what may not appear literally in a URL path, keeping `/`.
fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The path as literal parts and indices into `params`.
pub(super) fn parts(parts: Vec<TemplatePart>, params: &[Param]) -> Vec<PathPart> {
    parts
        .into_iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => PathPart::Literal(encode_literal(&text)),
            // Every template variable has a path parameter (declared or
            // synthesised), so the index always exists.
            TemplatePart::Var(var) => PathPart::Param(
                params
                    .iter()
                    .position(|p| p.location == ParamLocation::Path && p.wire_name == var)
                    .unwrap_or_default(),
            ),
        })
        .collect()
}
