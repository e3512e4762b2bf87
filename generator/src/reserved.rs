//! Names the generated crate already uses, which names made from the
//! document must avoid. Lowering reserves them in its naming scopes; the
//! test below checks them against what the emitters actually write, so the
//! two cannot drift apart.

/// Items at the generated crate's root (beside the request builders and
/// outcome enums, which lowering names).
pub(crate) const ROOT_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "ApiErrorDetail",
    "ApiResponse",
    "DecodeError",
    "Decode",
    "Decoded",
    "Deviation",
    "DeviationKind",
    "Extra",
    "JsonPath",
    "MultipartParts",
    "PathSegment",
    "decode",
    "decode_strict",
    "HeaderMap",
    "StatusCode",
    "Stream",
    "StreamExt",
    "Event",
    "TryStreamExt",
    "Result",
    "client",
    "pagination",
    "sse",
    "types",
    "runtime",
    // Re-exported dependencies whose types the public API uses.
    "chrono",
    "serde_json",
    "uuid",
];

/// Names an operation group's module and Cargo feature must avoid: the
/// crate's own modules, the features `full` and `default`, the standard
/// crates, and the generated crate's dependencies.
pub(crate) const GROUP_NAMES: &[&str] = &[
    "client",
    "pagination",
    "runtime",
    "types",
    "full",
    "default",
    "std",
    "core",
    "alloc",
    "backon",
    "bytes",
    "chrono",
    "futures_util",
    "httpdate",
    "percent_encoding",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "tokio",
    "uuid",
];

/// Methods of `Client` that are not operations (trait methods included).
pub(crate) const CLIENT_METHODS: &[&str] = &["builder", "from_env", "base_url", "clone", "fmt"];

/// Methods and fields of `ClientBuilder` that are not credential setters.
pub(crate) const CLIENT_BUILDER_MEMBERS: &[&str] = &[
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
    "strict_decoding",
    "config",
];

/// Methods and fields every request builder has besides its parameters.
pub(crate) const REQUEST_BUILDER_MEMBERS: &[&str] = &[
    // The builder's own fields, named so no parameter or body field can
    // want them (`snake_name` never starts a name with `__`): a body field
    // called `options` keeps its name.
    "__client",
    "__options",
    "__prepare",
    "send",
    "send_with_response",
    "max_retries",
    "timeout",
    "extra_header",
    "extra_query",
    "extra_body",
    "strict_decoding",
    "stream",
    "event_stream",
    "pages",
    "body",
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// A document that makes the emitters write every fixed member: a
    /// credential, a body, pagination, an event stream and several success
    /// shapes.
    const DOC: &str = r"
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /items:
    get:
      operationId: listItems
      x-pagination: {style: page_number, page_param: page, items: items}
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
    post:
      operationId: addItem
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
        '204': {description: none}
  /items/events:
    get:
      operationId: followEvents
      responses:
        '200': {description: ok, content: {text/event-stream: {schema: {type: string}}}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
";

    fn parse(generated: &crate::Generated, file: &str) -> syn::File {
        syn::parse_file(&generated.files[file]).expect("emitted code parses")
    }

    fn self_ty(item: &syn::ItemImpl) -> String {
        match &*item.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        }
        .unwrap_or_default()
    }

    /// Methods of `impl <ty>` blocks and, with `fields`, the fields of
    /// `struct <ty>` (builders store each parameter in a field of its name;
    /// `Client`'s own fields cannot clash with its methods).
    fn members(file: &syn::File, ty: &str, fields: bool) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for item in &file.items {
            match item {
                // Inherent methods only: a derive or trait method of the same
                // name is shadowed, not a compile error.
                syn::Item::Impl(i) if i.trait_.is_none() && self_ty(i) == ty => {
                    for it in &i.items {
                        if let syn::ImplItem::Fn(f) = it {
                            out.insert(f.sig.ident.to_string());
                        }
                    }
                }
                syn::Item::Struct(s) if fields && s.ident == ty => {
                    out.extend(
                        s.fields
                            .iter()
                            .filter_map(|f| f.ident.as_ref().map(|i| i.to_string())),
                    );
                }
                _ => {}
            }
        }
        out
    }

    fn unlisted(found: BTreeSet<String>, decided: &[&str], reserved: &[&str]) -> Vec<String> {
        found
            .into_iter()
            .filter(|n| !decided.contains(&n.as_str()) && !reserved.contains(&n.as_str()))
            .collect()
    }

    #[test]
    fn reserved_names_cover_what_emit_writes() {
        let generated = crate::generate(DOC, &crate::Settings::new("t")).expect("generates");
        let api = &generated.api;
        // `Client`, its builder, and each group's methods and request builders.
        let mut client = parse(&generated, "src/client.rs");
        for group in &api.groups {
            let module = parse(&generated, &format!("src/{}.rs", group.name));
            client.items.extend(module.items);
        }
        let lib = parse(&generated, "src/lib.rs");

        let methods: Vec<&str> = api
            .operations
            .iter()
            .map(|o| o.method_name.as_str())
            .collect();
        let derive_methods = ["clone", "fmt"];
        let extra = unlisted(members(&client, "Client", false), &methods, CLIENT_METHODS);
        assert!(
            extra.is_empty(),
            "Client members not in CLIENT_METHODS: {extra:?}"
        );
        assert!(derive_methods.iter().all(|m| CLIENT_METHODS.contains(m)));

        let setters: Vec<&str> = api.auth.iter().map(|a| a.setter.as_str()).collect();
        let extra = unlisted(
            members(&client, "ClientBuilder", true),
            &setters,
            CLIENT_BUILDER_MEMBERS,
        );
        assert!(
            extra.is_empty(),
            "ClientBuilder members not reserved: {extra:?}"
        );

        for op in &api.operations {
            let body_fields = match op.body.as_ref().map(|b| &b.input) {
                Some(crate::ir::BodyInput::Fields { fields, .. }) => fields.as_slice(),
                _ => &[],
            };
            let params: Vec<&str> = op
                .params
                .iter()
                .map(|p| p.name.as_str())
                .chain(body_fields.iter().map(|f| f.name.as_str()))
                .collect();
            let found = members(&client, &op.builder_name, true);
            assert!(found.contains("send"), "{} has no send", op.builder_name);
            let extra = unlisted(found, &params, REQUEST_BUILDER_MEMBERS);
            assert!(
                extra.is_empty(),
                "{} members not reserved: {extra:?}",
                op.builder_name
            );
        }

        // Root names: items of client.rs and lib.rs that lowering did not name.
        let mut roots: BTreeSet<String> = BTreeSet::new();
        for item in client.items.iter().chain(&lib.items) {
            match item {
                syn::Item::Struct(s) => drop(roots.insert(s.ident.to_string())),
                syn::Item::Enum(e) => drop(roots.insert(e.ident.to_string())),
                syn::Item::Mod(m) => drop(roots.insert(m.ident.to_string())),
                syn::Item::Use(u) => collect_use(&u.tree, &mut roots),
                _ => {}
            }
        }
        let mut decided: Vec<&str> = api
            .operations
            .iter()
            .map(|o| o.builder_name.as_str())
            .collect();
        decided.extend(api.groups.iter().map(|g| g.name.as_str()));
        decided.extend(api.operations.iter().filter_map(|o| match &o.response {
            crate::ir::ResponseKind::ByStatus { enum_name, .. } => Some(enum_name.as_str()),
            _ => None,
        }));
        let extra = unlisted(roots, &decided, ROOT_NAMES);
        assert!(extra.is_empty(), "root names not in ROOT_NAMES: {extra:?}");
    }

    fn collect_use(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(p) => collect_use(&p.tree, out),
            syn::UseTree::Name(n) => drop(out.insert(n.ident.to_string())),
            syn::UseTree::Rename(r) => drop(out.insert(r.rename.to_string())),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect_use(t, out)),
            syn::UseTree::Glob(_) => {}
        }
    }
}
