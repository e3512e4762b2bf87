//! The generated crate's `README.md`: what the crate is, how to install and
//! authenticate, one example call per resource (tag), errors, retries,
//! pagination, and a table of every method with its HTTP route.
//!
//! Spec text (titles, tags, summaries, routes) is untrusted here too: it
//! only reaches the file through [`md_text`] or [`md_code`], which escape
//! everything Markdown would act on, so a summary cannot open a code block
//! (which rustdoc would run, were the README ever included as docs), a link
//! or raw HTML. Example code is built only from generated identifiers and
//! literals this module writes.

use std::fmt::Write as _;

use crate::ir::{Api, AuthKind, BodyInput, CallInput, InputSource, Operation, TypeKind, TypeRef};
use crate::settings::Settings;

/// The README text.
pub fn readme(api: &Api, settings: &Settings) -> String {
    let lib = settings.lib_name();
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", settings.crate_name);
    let _ = writeln!(
        out,
        "A typed Rust client for the {} (API version {}), generated from its \
         OpenAPI document by openapi-rustgen: one method per operation, a type \
         for every schema, retries with backoff, timeouts, streams over paged \
         lists, and one error type.\n",
        md_text(&api.title),
        md_text(&api.version)
    );
    let _ = writeln!(
        out,
        "This crate is generated; do not edit it by hand. Regenerate it with \
         {}.\n",
        md_code(&settings.regenerate_with)
    );
    install(&mut out, settings);
    features(&mut out, api, settings);
    authentication(&mut out, api, &lib);
    examples(&mut out, api, &lib);
    behaviour(&mut out, api);
    operations_table(&mut out, api);
    out
}

fn install(out: &mut String, settings: &Settings) {
    let _ = writeln!(out, "## Install\n");
    let _ = writeln!(
        out,
        "```toml\n[dependencies]\n{} = \"{}\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n",
        settings.crate_name,
        md_version(&settings.crate_version)
    );
}

/// One Cargo feature per operation group: what each turns on, and how to
/// pick only some.
fn features(out: &mut String, api: &Api, settings: &Settings) {
    if api.groups.is_empty() {
        return;
    }
    use crate::ir::{ALL_TYPES, FULL};
    let default = if api.default_full() {
        format!(
            "Everything is on by default (the `{ALL_TYPES}` feature: `{FULL}`, every group, and the schemas no operation uses)"
        )
    } else {
        format!(
            "No group is on by default: enable the ones you call, `{FULL}` for every group, or `{ALL_TYPES}` for `{FULL}` and the schemas no operation uses"
        )
    };
    let first = &api.groups[0].name;
    let _ = writeln!(
        out,
        "## Features\n\nEach group of operations is a Cargo feature that compiles its `Client` methods, \
         request builders and the types they use. {default}. To compile only what you call:\n\n\
         ```toml\n[dependencies]\n{} = {{ version = \"{}\", default-features = false, features = [\"{first}\"] }}\n```\n",
        settings.crate_name,
        md_version(&settings.crate_version),
    );
    let _ = writeln!(out, "| Feature | Operations from |\n|---|---|");
    for g in &api.groups {
        let sources: Vec<String> = g.sources.iter().map(|s| md_text(s)).collect();
        let _ = writeln!(out, "| `{}` | {} |", g.name, sources.join(", "));
    }
    let _ = writeln!(
        out,
        "\n`tracing` (off by default) adds spans and events per request, with credentials redacted.\n"
    );
}

fn authentication(out: &mut String, api: &Api, lib: &str) {
    let _ = writeln!(out, "## Authentication\n");
    if api.auth.is_empty() {
        let _ = writeln!(out, "The API declares no credentials.\n");
    } else {
        let _ = writeln!(
            out,
            "Each credential is a setter on `ClientBuilder` and is sent with every request once configured:\n"
        );
        for a in &api.auth {
            let how = match &a.kind {
                AuthKind::Bearer => "as `Authorization: Bearer <token>`".to_owned(),
                AuthKind::Basic => "as HTTP Basic authentication (`user:password`)".to_owned(),
                AuthKind::ApiKeyHeader { header } => format!("in the {} header", md_code(header)),
            };
            let _ = writeln!(
                out,
                "- `.{}(…)`: sent {how}; `Client::from_env()` reads it from `{}`.",
                a.setter, a.env_var
            );
        }
        out.push('\n');
    }
    let base = if api.base_url.is_empty() {
        "The document names no server, so the base URL must be set.".to_owned()
    } else {
        format!("The default base URL is {}.", md_code(&api.base_url))
    };
    let _ = writeln!(
        out,
        "{base} `Client::from_env()` also reads `{}` (handy for a mock server).\n",
        api.base_url_env_var
    );
    let setter = api
        .auth
        .first()
        .map(|a| format!("\n        .{}(\"…\")", a.setter))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "```rust,no_run\nuse {lib}::{{Client, Error}};\nuse std::time::Duration;\n\n\
         fn clients() -> Result<(), Error> {{\n    \
         // From the environment.\n    \
         let client = Client::from_env()?;\n\n    \
         // Or explicitly.\n    \
         let client = Client::builder(){setter}\n        \
         .max_retries(4)\n        \
         .timeout(Duration::from_secs(20))\n        \
         .build()?;\n    \
         let _ = client;\n    \
         Ok(())\n}}\n```\n"
    );
}

/// One example call per tag: the first operation whose arguments all have
/// a literal this module can write.
fn examples(out: &mut String, api: &Api, lib: &str) {
    let groups = by_tag(api);
    let mut wrote_heading = false;
    for (tag, ops) in &groups {
        // A call with a body shows the call shape best; any call will do.
        let with_fields = |op: &&&Operation| {
            matches!(
                op.body.as_ref().map(|b| &b.input),
                Some(BodyInput::Fields { .. })
            )
        };
        let Some((op, args)) = ops
            .iter()
            .filter(with_fields)
            .chain(ops.iter())
            .find_map(|op| arguments(op, api, lib).map(|args| (*op, args)))
        else {
            continue;
        };
        let setter = first_setter(op, api, lib);
        if !wrote_heading {
            let _ = writeln!(
                out,
                "## Examples\n\nPath parameters, required query parameters and required body fields are \
                 arguments of the method, in that order; everything optional is a setter on the request \
                 builder it returns. Nothing is sent until `.send().await`.\n"
            );
            wrote_heading = true;
        }
        let _ = writeln!(out, "### {}\n", md_text(tag));
        let one_line = format!("{}({})", op.method_name, args.join(", "));
        let mut call = if one_line.len() <= 60 {
            format!("client\n        .{one_line}")
        } else {
            format!(
                "client\n        .{}(\n            {},\n        )",
                op.method_name,
                args.join(",\n            ")
            )
        };
        if let Some(setter) = setter {
            call.push_str(&format!("\n        .{setter}"));
        }
        let send = if op.pagination.is_some() {
            "\n        .stream()\n        .try_collect::<Vec<_>>()\n        .await?;\n    println!(\"{} items\", response.len());".to_owned()
        } else {
            "\n        .send()\n        .await?;\n    println!(\"{response:?}\");".to_owned()
        };
        let import = if op.pagination.is_some() {
            format!("use {lib}::{{Client, Error, TryStreamExt}};")
        } else {
            format!("use {lib}::{{Client, Error}};")
        };
        let _ = writeln!(
            out,
            "```rust,no_run\n{import}\n\nasync fn example(client: &Client) -> Result<(), Error> {{\n    \
             let response = {call}{send}\n    Ok(())\n}}\n```\n"
        );
    }
}

/// Literal arguments for every argument of the client method, or `None`
/// when one has a type no literal can stand for (a struct, a map, JSON).
fn arguments(op: &Operation, api: &Api, lib: &str) -> Option<Vec<String>> {
    let mut args = Vec::new();
    for input in op.inputs().into_iter().filter(|i| i.argument) {
        // A whole body has no literal to show.
        if input.source == InputSource::Body {
            return None;
        }
        args.push(literal(input.ty, input.name, api, lib)?);
    }
    Some(args)
}

/// The first optional body field (else optional parameter) with a
/// literal, as a setter call: shows that optional values are named.
fn first_setter(op: &Operation, api: &Api, lib: &str) -> Option<String> {
    let setters: Vec<CallInput<'_>> = op.inputs().into_iter().filter(|i| !i.argument).collect();
    let from_body = setters
        .iter()
        .filter(|i| i.source == InputSource::BodyField);
    let from_params = setters
        .iter()
        .filter(|i| matches!(i.source, InputSource::Param(_)));
    from_body
        .chain(from_params)
        .find_map(|i| Some(format!("{}({})", i.name, literal(i.ty, i.name, api, lib)?)))
}

/// A Rust expression of type `ty`, or of what the argument accepts
/// (`impl Into<String>`, `impl IntoIterator<Item = impl Into<T>>`).
fn literal(ty: &TypeRef, name: &str, api: &Api, lib: &str) -> Option<String> {
    Some(match ty {
        TypeRef::Bool => "true".into(),
        TypeRef::String => format!("{name:?}"),
        TypeRef::Integer(_) => "1".into(),
        TypeRef::F64 => "1.0".into(),
        TypeRef::Uuid => {
            "\"6f1d0a8e-93c4-4e0b-9a55-2f6f3b8c7d21\".parse().expect(\"a UUID\")".into()
        }
        TypeRef::DateTime => "\"2025-01-01T09:00:00Z\".parse().expect(\"a date-time\")".into(),
        TypeRef::Date => "\"2025-01-01\".parse().expect(\"a date\")".into(),
        TypeRef::Bytes => "b\"file contents\".to_vec()".into(),
        TypeRef::Option(_) => "None".into(),
        // Items and map values are taken through `Into`: `&str` will do.
        TypeRef::Array(item) => format!("[{}]", literal(item, name, api, lib)?),
        TypeRef::Map(value) => format!("[(\"key\", {})]", literal(value, name, api, lib)?),
        TypeRef::Boxed(inner) => format!("Box::new({})", literal(inner, name, api, lib)?),
        TypeRef::Named(type_name) => match &api.type_def(type_name)?.kind {
            TypeKind::Enum(e) => format!("{lib}::types::{type_name}::{}", e.variants.first()?.name),
            TypeKind::IntEnum(e) => {
                format!("{lib}::types::{type_name}::{}", e.variants.first()?.name)
            }
            TypeKind::Alias(target) if !matches!(target, TypeRef::Named(n) if n == type_name) => {
                literal(target, name, api, lib)?
            }
            _ => return None,
        },
        TypeRef::Json | TypeRef::JsonObject | TypeRef::MultipartParts => return None,
    })
}

fn behaviour(out: &mut String, api: &Api) {
    let _ = writeln!(
        out,
        "## Errors\n\nEvery method returns `Result<_, Error>`. `Error::Api` carries the status, the \
         error list the API sent, the request id and the raw body; `Error::Decode` (malformed JSON, \
         or with strict decoding a value that strays from the document) names the JSON path and \
         keeps the raw body; `Error::Timeout` and `Error::Connection` say how many attempts were \
         made.\n"
    );
    if api.operations.iter().any(|op| op.errors.is_some()) {
        let _ = writeln!(
            out,
            "Where the document gives an error answer's body a schema, the error also carries \
             that body decoded, as each method's documentation says under *Errors*: \
             `error.typed_body::<T>()` for the one type an operation's errors share, \
             `{{Operation}}Error::of(&error)` for an operation whose statuses differ (an enum \
             with a variant per status). Error bodies are decoded tolerantly, and the raw body \
             stays in `Error::Api`.\n"
        );
    }
    let _ = writeln!(
        out,
        "## Responses that stray from the document\n\nA response is never lost to one value of an \
         unexpected shape. Values that fit are typed; one that converts without loss (`12.0` for \
         an integer, `\"12\"` for a number, `\"false\"` for a boolean) is converted; any other \
         leaves `None` in an optional field or a placeholder in a required one, and the value as \
         received is kept. Each is listed with its JSON path, the declared type and the raw value \
         in `ApiResponse::deviations` (from `send_with_response`), in the `extra` field of every \
         struct (`value.extra.deviations()`, also on what `send` returns), and as a `tracing` \
         warning with that feature. Properties the document does not declare are kept too \
         (`value.extra.get(\"name\")`), so encoding a decoded value gives back the JSON received. \
         `.strict_decoding(true)` on the client builder or on one request turns any deviation into \
         `Error::Decode`. `decode` and `decode_strict` do the same for JSON that did not come from \
         a call (a webhook payload, a cached body).\n"
    );
    let _ = writeln!(
        out,
        "## Retries and timeouts\n\nConnection failures, timeouts, 408, 409, 429 and 5xx answers \
         are retried (two retries by default) with exponential backoff and jitter, honouring \
         `Retry-After`. Methods that are not idempotent (POST, PATCH) are retried only when the \
         server cannot have acted on them. `max_retries` and `timeout` are set on the client and can \
         be overridden per request.\n"
    );
    let paged: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|o| o.pagination.is_some())
        .collect();
    if !paged.is_empty() {
        let names: Vec<String> = paged
            .iter()
            .map(|o| format!("`{}`", o.method_name))
            .collect();
        let _ = writeln!(
            out,
            "## Pagination\n\nLists that page ({}) also have `.stream()`, every item across pages, \
             and `.pages()`, every response: fetched lazily one page at a time, ending after the \
             last page (each method's documentation says how it knows).\n",
            names.join(", ")
        );
    }
}

fn operations_table(out: &mut String, api: &Api) {
    let _ = writeln!(out, "## Operations\n");
    for (tag, ops) in by_tag(api) {
        let _ = writeln!(out, "### {}\n", md_text(&tag));
        // A column of other names (`x-doc-aliases`) when the document gives any.
        let aliased = api.operations.iter().any(|o| !o.aliases.is_empty());
        let _ = if aliased {
            writeln!(
                out,
                "| Method | Also known as | HTTP route | What it does |\n|---|---|---|---|"
            )
        } else {
            writeln!(out, "| Method | HTTP route | What it does |\n|---|---|---|")
        };
        for op in ops {
            let route = format!("{} {}", op.http_method, op.path_template);
            let summary = op
                .summary
                .as_deref()
                .or(op.description.as_deref())
                .map(first_sentence)
                .unwrap_or_default();
            let aliases = aliased.then(|| {
                let names: Vec<String> = op.aliases.iter().map(|a| md_code(a)).collect();
                match names.is_empty() {
                    true => " — |".to_owned(),
                    false => format!(" {} |", names.join(", ")),
                }
            });
            let _ = writeln!(
                out,
                "| `{}` |{} {} | {} |",
                op.method_name,
                aliases.unwrap_or_default(),
                md_code(&route),
                md_text(&summary)
            );
        }
        out.push('\n');
    }
}

/// Operations grouped by their first tag, in document order of first
/// appearance; untagged ones last, under "Other".
fn by_tag(api: &Api) -> Vec<(String, Vec<&Operation>)> {
    let mut groups: Vec<(String, Vec<&Operation>)> = Vec::new();
    let mut untagged = Vec::new();
    for op in &api.operations {
        match op.tags.first() {
            Some(tag) => match groups.iter_mut().find(|(t, _)| t == tag) {
                Some((_, ops)) => ops.push(op),
                None => groups.push((tag.clone(), vec![op])),
            },
            None => untagged.push(op),
        }
    }
    if !untagged.is_empty() {
        groups.push(("Other".to_owned(), untagged));
    }
    groups
}

fn first_sentence(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    let end = line.find(". ").map_or(line.len(), |i| i + 1);
    let mut s: String = line[..end].chars().take(160).collect();
    if s.len() < line[..end].len() {
        s.push('…');
    }
    s
}

/// Plain text for Markdown: one line, control characters dropped, and
/// every ASCII punctuation character Markdown could act on escaped.
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            // Bidirectional controls could make the text read differently
            // from what it is.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            c if c.is_ascii_punctuation()
                && !matches!(
                    c,
                    '.' | ',' | ':' | ';' | '-' | '\'' | '/' | '?' | '=' | '{' | '}' | '@' | '%'
                ) =>
            {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text as an inline code span when it can be one safely, else as escaped text.
fn md_code(text: &str) -> String {
    if text.chars().any(|c| c == '`' || c == '|' || c.is_control()) {
        md_text(text)
    } else {
        format!("`{text}`")
    }
}

/// A version string for the TOML snippet: only characters a version has.
fn md_version(version: &str) -> String {
    version
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_text_cannot_open_markdown_constructs() {
        let hostile =
            "```rust\nfn main() {}\n``` <script>x</script> [a](javascript:1) | # h *b* \u{202E}";
        let text = md_text(hostile);
        assert!(!text.contains('\n'));
        assert!(!text.contains('\u{202E}'));
        // Every character that could open a construct is escaped.
        let chars: Vec<char> = text.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if matches!(
                c,
                '`' | '<' | '>' | '[' | ']' | '(' | ')' | '|' | '#' | '*' | '_'
            ) {
                assert_eq!(
                    chars.get(i.wrapping_sub(1)),
                    Some(&'\\'),
                    "{c} unescaped in {text}"
                );
            }
        }
        assert_eq!(md_code("GET /a`b"), "GET /a\\`b");
        assert_eq!(md_code("GET /pets/{id}"), "`GET /pets/{id}`");
    }

    #[test]
    fn first_sentences_are_short() {
        assert_eq!(first_sentence("Lists pets. Then more."), "Lists pets.");
        assert_eq!(first_sentence("\n  One line\nsecond"), "One line");
    }
}
