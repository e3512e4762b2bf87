//! Unit tests for lowering decisions, one decision each.

use super::*;
use crate::ir::{ParamLocation, TypeKind, TypeRef};

/// Lowers on a thread with the pipeline's stack, as `generate` does (a
/// test thread has 2 MiB; merging deep unions needs more in debug builds).
fn lower_yaml(yaml: &str) -> Lowered {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(crate::threads::PIPELINE_STACK)
            .spawn_scoped(scope, || {
                let doc = crate::load(yaml).expect("fixture loads");
                lower(&doc, &Settings::new("t")).expect("fixture lowers")
            })
            .expect("thread starts")
            .join()
            .expect("lowering does not panic")
    })
}

fn doc_with_schemas(schemas: &str) -> String {
    format!(
        "\
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths: {{}}
components:
  schemas:
{schemas}"
    )
}

fn def<'a>(l: &'a Lowered, name: &str) -> &'a TypeDef {
    l.api
        .types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no type {name}; have {:?}",
                l.api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
            )
        })
}

fn fields(l: &Lowered, name: &str) -> Vec<(String, TypeRef, bool)> {
    match &def(l, name).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.ty.clone(), f.required))
            .collect(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn named(n: &str) -> TypeRef {
    TypeRef::Named(n.into())
}

#[test]
fn inline_objects_are_named_after_where_they_sit_and_components_win_clashes() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    Pet:
      type: object
      properties:
        owner: {type: object, properties: {name: {type: string}}}
    PetOwner: {type: string}
",
    ));
    assert!(matches!(
        def(&l, "PetOwner").kind,
        TypeKind::Alias(TypeRef::String)
    ));
    assert_eq!(fields(&l, "Pet")[0].1, named("PetOwner2"));
    assert_eq!(
        def(&l, "PetOwner2").origin.to_string(),
        "#/components/schemas/Pet/properties/owner"
    );
}

#[test]
fn field_names_avoid_keywords_and_collisions() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    A:
      type: object
      properties:
        type: {type: string}
        fooBar: {type: string}
        foo_bar: {type: string}
",
    ));
    let names: Vec<String> = fields(&l, "A").into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["type_", "foo_bar", "foo_bar_2"]);
}

#[test]
fn nullable_ref_through_all_of_is_an_option_of_the_component() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    A:
      type: object
      properties:
        b: {nullable: true, allOf: [{$ref: '#/components/schemas/B'}]}
    B: {type: object, properties: {x: {type: string}}}
",
    ));
    assert_eq!(fields(&l, "A")[0].1, TypeRef::Option(Box::new(named("B"))));
}

#[test]
fn recursion_is_boxed_and_self_referential_aliases_become_newtypes() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    Node:
      type: object
      properties:
        parent: {$ref: '#/components/schemas/Node'}
        kids: {type: array, items: {$ref: '#/components/schemas/Node'}}
    Forest: {type: array, items: {$ref: '#/components/schemas/Forest'}}
",
    ));
    let f = fields(&l, "Node");
    assert_eq!(
        f[0].1,
        TypeRef::Boxed(Box::new(named("Node"))),
        "by-value self reference is boxed"
    );
    assert_eq!(
        f[1].1,
        TypeRef::Array(Box::new(named("Node"))),
        "Vec already allocates"
    );
    assert!(matches!(def(&l, "Forest").kind, TypeKind::Newtype(_)));
}

/// A cycle of required objects has no finite instance, and the decoder's
/// placeholder for such a value would contain itself forever: the edges
/// closing it become optional, with a warning. A cycle through anything
/// that can be empty stays as it is.
#[test]
fn required_cycles_of_objects_are_made_optional() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    Node:
      type: object
      required: [next, name]
      properties:
        next: {$ref: '#/components/schemas/Node'}
        name: {type: string}
    A:
      type: object
      required: [b]
      properties:
        b: {$ref: '#/components/schemas/B'}
    B:
      type: object
      required: [a]
      properties:
        a: {$ref: '#/components/schemas/A'}
    Tree:
      type: object
      required: [kids, parent]
      properties:
        kids: {type: array, items: {$ref: '#/components/schemas/Tree'}}
        parent: {nullable: true, allOf: [{$ref: '#/components/schemas/Tree'}]}
",
    ));
    let required = |ty: &str, field: &str| {
        let TypeKind::Struct(s) = &def(&l, ty).kind else {
            panic!("{ty} is a struct")
        };
        s.fields
            .iter()
            .find(|f| f.name == field)
            .expect("field")
            .required
    };
    assert!(!required("Node", "next"));
    assert!(required("Node", "name"));
    assert!(!required("A", "b") && !required("B", "a"));
    assert!(required("Tree", "kids") && required("Tree", "parent"));
    let warned: Vec<String> = l.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warned
            .iter()
            .filter(|w| w.contains("closes a cycle of required objects"))
            .count(),
        3,
        "{warned:?}"
    );
}

#[test]
fn enums_keep_a_catch_all_that_does_not_clash() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    E: {type: string, enum: [a, Unknown, unknown]}
",
    ));
    let TypeKind::Enum(e) = &def(&l, "E").kind else {
        panic!()
    };
    let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["A", "Unknown", "Unknown2"]);
    assert_eq!(e.unknown_variant, "Unknown3");
}

#[test]
fn unresolvable_references_degrade_with_a_located_warning() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    A: {type: object, properties: {b: {$ref: '#/components/schemas/Missing'}, c: {$ref: 'other.yaml#/X'}}}
",
    ));
    assert_eq!(fields(&l, "A")[0].1, TypeRef::Json);
    let w: Vec<String> = l.warnings.iter().map(ToString::to_string).collect();
    assert!(
        w.iter()
            .any(|w| w.starts_with("#/components/schemas/A/properties/b: reference")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.contains("external reference `other.yaml#/X`")),
        "{w:?}"
    );
}

const OPS: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{id}/{undeclared}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      parameters:
        - {name: id, in: query, schema: {type: string}}
        - {name: list, in: query, style: form, explode: false, schema: {type: array, items: {type: string}}}
        - {name: c, in: query, style: deepObject, schema: {type: object}}
      responses:
        '200': {description: ok, content: {text/plain: {schema: {type: string}}}}
";

#[test]
fn operations_without_id_path_variables_and_name_clashes() {
    let l = lower_yaml(OPS);
    let op = &l.api.operations[0];
    assert_eq!(op.method_name, "get_a_id_undeclared");
    let params: Vec<(&str, ParamLocation, &TypeRef)> = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.location, &p.ty))
        .collect();
    assert_eq!(
        params,
        [
            (
                "id",
                ParamLocation::Path,
                &TypeRef::Integer(crate::ir::IntKind::I64)
            ),
            ("undeclared", ParamLocation::Path, &TypeRef::String),
            ("id_2", ParamLocation::Query, &TypeRef::String),
            (
                "list",
                ParamLocation::Query,
                &TypeRef::Array(Box::new(TypeRef::String))
            ),
            ("c", ParamLocation::Query, &TypeRef::JsonObject),
        ]
    );
    assert!(!op.params[3].explode);
    assert_eq!(op.params[4].text, crate::ir::ParamText::DeepObject);
    assert_eq!(op.response, crate::ir::ResponseKind::Text);
    let w: Vec<String> = l.warnings.iter().map(ToString::to_string).collect();
    assert!(w.contains(&"#/paths/~1a~1{id}~1{undeclared}/get: path variable `{undeclared}` has no parameter; treating it as a string".to_owned()), "{w:?}");
    assert!(!w.iter().any(|w| w.contains("deepObject")), "{w:?}");
}

#[test]
fn strict_mode_turns_warnings_into_errors() {
    let doc = crate::load(OPS).unwrap();
    let mut settings = Settings::new("t");
    settings.strict = true;
    let err = lower(&doc, &settings).unwrap_err();
    assert!(
        err.to_string()
            .contains("path variable `{undeclared}` has no parameter"),
        "{err}"
    );
}

#[test]
fn pagination_extension_is_checked_against_the_operation() {
    let spec = |items: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /l:
    get:
      x-pagination: {{style: page_number, page_param: page, items: {items}, total: meta.total}}
      parameters:
        - {{name: page, in: query, schema: {{type: integer}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  rows: {{type: array, items: {{type: string}}}}
                  meta: {{type: object, properties: {{total: {{type: integer}}}}}}
"
        )
    };
    let l = lower_yaml(&spec("rows"));
    let p = l.api.operations[0]
        .pagination
        .as_ref()
        .expect("pagination recognised");
    let crate::ir::PageStyle::PageNumber { page, total, .. } = &p.style else {
        panic!("page numbers: {p:?}")
    };
    assert_eq!(page.name, "page");
    assert_eq!(p.item_ty, TypeRef::String);
    assert_eq!(total.as_ref().unwrap().path.len(), 2);
    let l = lower_yaml(&spec("meta"));
    assert!(l.api.operations[0].pagination.is_none());
    assert!(l.warnings[0].to_string().contains(
        "#/paths/~1l/get/x-pagination: pagination ignored: `items` does not lead to an array"
    ));
}

#[test]
fn security_schemes_become_credentials() {
    let l = lower_yaml(
        "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  securitySchemes:
    api_token: {type: http, scheme: bearer}
    api_email: {type: apiKey, in: header, name: X-Auth-Email}
    q: {type: apiKey, in: query, name: key}
",
    );
    let setters: Vec<(&str, &str)> = l
        .api
        .auth
        .iter()
        .map(|a| (a.setter.as_str(), a.env_var.as_str()))
        .collect();
    assert_eq!(
        setters,
        [("api_token", "T_API_TOKEN"), ("api_email", "T_API_EMAIL")]
    );
    assert!(
        l.warnings[0]
            .to_string()
            .contains("query are not supported")
    );
}

#[test]
fn all_of_that_contains_itself_degrades_instead_of_recursing() {
    // Found by the property test: merging `String` into the inline `x`
    // re-lowers `x`, which merges `String` again.
    let l = lower_yaml(&doc_with_schemas(
        r"
    String:
      type: object
      properties:
        x: {allOf: [{$ref: '#/components/schemas/Other'}, {$ref: '#/components/schemas/String'}]}
    Other: {type: object, properties: {o: {type: string}}}
",
    ));
    assert!(
        l.warnings.iter().any(|w| w
            .to_string()
            .contains("schema contains itself through allOf")),
        "{:?}",
        l.warnings
    );
}

#[test]
fn union_alternative_whose_all_of_names_the_union_is_folded_once() {
    // Found by the property test (a stack overflow): the alternative's
    // `allOf` merges `Error`, whose alternatives include the `allOf` itself.
    let l = lower_yaml(&doc_with_schemas(
        r"
    Error:
      oneOf:
        - {type: object, properties: {a: {type: number}}}
        - allOf:
            - {type: integer, enum: [1]}
            - $ref: '#/components/schemas/Error'
",
    ));
    assert!(l.api.types.iter().any(|t| t.name == "Error"));
    assert_degraded(&l, "contains itself through allOf");
}

#[test]
fn array_whose_items_all_of_names_the_array_is_bounded() {
    // Found by the property test (memory grew until the process was
    // killed): the merged `allOf` is an array, lowered where the `allOf`
    // is, so its items got a new pointer on every round of the recursion.
    let nested = |items: &str| {
        lower_yaml(&doc_with_schemas(&format!(
            "
    Nested:
      type: array
      items: {items}
    Outer:
      allOf: [{{$ref: '#/components/schemas/Nested'}}, {{maxItems: 3}}]
"
        )))
    };
    // The same `$ref` twice is that reference: a plain recursive type.
    let l = nested(
        "{allOf: [{$ref: '#/components/schemas/Nested'}, {$ref: '#/components/schemas/Nested'}]}",
    );
    assert!(l.api.types.iter().any(|t| t.name == "Nested"));
    assert!(l.degradations.is_empty(), "{:?}", l.degradations);
    // A constraint added to it makes an inline copy that contains itself.
    let l = nested("{allOf: [{$ref: '#/components/schemas/Nested'}, {minItems: 1}]}");
    assert!(l.api.types.iter().any(|t| t.name == "Nested"));
    assert_degraded(&l, "contains itself through allOf");
}

#[test]
fn map_whose_values_all_of_names_the_map_is_bounded() {
    // Found by the property test: the same recursion through
    // `additionalProperties`, which (unlike properties) has no declared
    // pointer to fall back on.
    let l = lower_yaml(&doc_with_schemas(
        r"
    Map:
      type: object
      additionalProperties:
        allOf: [{$ref: '#/components/schemas/Map'}, {$ref: '#/components/schemas/Extra'}]
    Extra: {type: object, properties: {e: {type: string}}}
",
    ));
    assert!(l.api.types.iter().any(|t| t.name == "Map"));
    assert_degraded(&l, "contains itself through allOf");
}

#[test]
fn union_alternatives_that_name_the_union_do_not_merge_exponentially() {
    // Found by the fuzz target (it ran for minutes): each level of the
    // merge distributes over three alternatives, two of which lead back
    // to the union, 48 levels deep.
    let l = lower_yaml(&doc_with_schemas(
        r"
    Id:
      nullable: true
      oneOf:
        - allOf: [{}, {type: boolean, nullable: true}]
        - $ref: '#/components/schemas/Id'
        - allOf: [{type: string}, {$ref: '#/components/schemas/Id'}]
",
    ));
    assert!(l.api.types.iter().any(|t| t.name == "Id"));
    assert_degraded(&l, "steps");
}

#[test]
fn a_query_parameter_of_one_value_or_several_is_the_array() {
    let l = lower_yaml(
        "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /x:
    get:
      parameters:
        - name: cwes
          in: query
          schema: {oneOf: [{type: string}, {type: array, items: {type: string}}]}
        - name: has
          in: query
          schema: {anyOf: [{type: array, items: {type: integer}}, {type: integer}]}
      responses: {'204': {description: ok}}
",
    );
    let params = &l.api.operations[0].params;
    assert_eq!(params[0].ty, TypeRef::Array(Box::new(TypeRef::String)));
    assert!(matches!(&params[1].ty, TypeRef::Array(item) if matches!(**item, TypeRef::Integer(_))));
    assert!(l.degradations.is_empty(), "{:?}", l.degradations);
    assert!(l.api.types.is_empty(), "no union type is left behind");
}

/// Some degradation's reason contains `needle`.
fn assert_degraded(l: &Lowered, needle: &str) {
    assert!(
        l.degradations.iter().any(|d| d.reason.contains(needle)),
        "no `{needle}` in {:?}",
        l.degradations
    );
}

#[test]
fn reserved_headers_relative_servers_and_builder_field_names() {
    let l = lower_yaml(
        "openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: /api/v1}]
paths:
  /x:
    get:
      parameters:
        - {name: Authorization, in: header, required: true, schema: {type: string}}
        - {name: client, in: query, schema: {type: string}}
        - {name: options, in: query, schema: {type: string}}
      responses:
        '204': {description: none}
",
    );
    assert_eq!(
        l.api.base_url, "",
        "a relative server cannot be the default"
    );
    let names: Vec<&str> = l.api.operations[0]
        .params
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    // The builder's own fields are `__client`/`__options`: parameters keep their names.
    assert_eq!(names, ["client", "options"]);
    let w: Vec<String> = l.warnings.iter().map(ToString::to_string).collect();
    assert!(
        w.iter()
            .any(|w| w.contains("header parameter `Authorization` is ignored")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.starts_with("#/servers/0/url: server URL `/api/v1` is relative")),
        "{w:?}"
    );
}

#[test]
fn long_by_value_chains_are_boxed() {
    let mut schemas = String::new();
    for i in 0..60 {
        let parent = if i > 0 {
            format!("{{parent: {{$ref: '#/components/schemas/S{}'}}}}", i - 1)
        } else {
            "{}".into()
        };
        schemas.push_str(&format!(
            "    S{i}: {{type: object, properties: {parent}}}\n"
        ));
    }
    let l = lower_yaml(&doc_with_schemas(&schemas));
    let boxed = (1..60)
        .filter(|i| matches!(fields(&l, &format!("S{i}"))[0].1, TypeRef::Boxed(_)))
        .count();
    assert!(
        boxed >= 2,
        "a 60-long chain is cut at least twice, got {boxed}"
    );
    assert!(
        !matches!(fields(&l, "S1")[0].1, TypeRef::Boxed(_)),
        "short chains stay by value"
    );
}

#[test]
fn multipart_body_by_reference_sends_binary_properties_as_files() {
    let l = lower_yaml(
        r"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Upload'}
      responses: {'204': {description: ok}}
components:
  schemas:
    Upload:
      type: object
      properties:
        file: {type: string, format: binary}
        note: {type: string}
",
    );
    // The component keeps its text field for other uses; the body gets its own struct.
    assert_eq!(fields(&l, "Upload")[0].1, TypeRef::String);
    let body = l.api.operations[0].body.as_ref().expect("a body");
    assert_eq!(body.ty, named("UploadBody"));
    let kinds: Vec<_> = body
        .parts
        .iter()
        .map(|p| (p.wire_name.as_str(), p.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("file", crate::ir::PartKind::File),
            ("note", crate::ir::PartKind::Value)
        ]
    );
}

#[test]
fn degradations_are_recorded_but_other_warnings_are_not() {
    let l = lower_yaml(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: /relative}]\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: f, in: query, schema: {type: object, properties: {x: {type: string}}}}\n        - {name: g, in: query, content: {application/json: {schema: {type: object}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'other.yaml#/X'}\n",
    );
    let reasons: Vec<(String, &str)> = l
        .degradations
        .iter()
        .map(|d| (d.pointer.to_string(), d.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons.iter().any(|(_, r)| r.contains("`content`")));
    assert!(reasons.iter().any(|(_, r)| r.contains("already-encoded")));
    assert!(reasons.iter().any(|(_, r)| r.contains("other.yaml")));
    // The relative server URL is a warning, not a degradation.
    assert!(l.warnings.iter().any(|w| w.message.contains("relative")));
    assert_eq!(l.warnings.len(), 4);
}

#[test]
fn float_numbers_are_f64_so_values_re_encode_as_written() {
    let l = lower_yaml(&doc_with_schemas(
        "    M:\n      type: object\n      properties:\n        f: {type: number, format: float}\n        d: {type: number, format: double}\n        n: {type: number}\n",
    ));
    let tys: Vec<TypeRef> = fields(&l, "M").into_iter().map(|(_, ty, _)| ty).collect();
    assert_eq!(tys, [TypeRef::F64, TypeRef::F64, TypeRef::F64]);
    // The reason: through f32, a decimal value does not come back as written.
    let through_f32 = serde_json::to_value(0.95_f32).unwrap();
    assert_ne!(through_f32, serde_json::json!(0.95));
    let through_f64 = serde_json::to_value(0.95_f64).unwrap();
    assert_eq!(through_f64, serde_json::json!(0.95));
}

#[test]
fn references_resolve_through_chains_and_targets_outside_components() {
    // `P` is a chain into an extension, whose schema refers further into it:
    // the index walks targets it reaches, not only the usual places.
    let l = lower_yaml(
        "\
openapi: 3.0.3
info: {title: t, version: '1'}
x-shared:
  param: {name: id, in: query, schema: {$ref: '#/x-shared/Id'}}
  Id: {type: integer, format: int32}
  loop-a: {$ref: '#/x-shared/loop-b'}
  loop-b: {$ref: '#/x-shared/loop-a'}
  bad: 5
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/parameters/P'
        - {name: l, in: query, schema: {$ref: '#/x-shared/loop-a'}}
        - $ref: '#/x-shared/bad'
      responses:
        '200': {description: ok}
components:
  parameters:
    P: {$ref: '#/x-shared/param'}
",
    );
    let params = &l.api.operations[0].params;
    assert_eq!(params[0].wire_name, "id");
    assert_eq!(params[0].ty, TypeRef::Integer(crate::ir::IntKind::I32));
    assert_eq!(params.len(), 2, "the unreadable parameter is left out");
    let w: Vec<String> = l.warnings.iter().map(ToString::to_string).collect();
    assert!(
        w.contains(
            &"#/paths/~1a/get/parameters/1/schema: reference chain is too long or circular; \
              using any JSON value"
                .to_owned()
        ),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.starts_with("#/x-shared/bad: cannot read the target of `#/x-shared/bad`")),
        "{w:?}"
    );
    assert!(!w.iter().any(|w| w.contains("not indexed")), "{w:?}");
}

#[test]
fn all_of_refinement_replaces_placeholder_results_with_the_specific_type() {
    // Cloudflare's envelope: the common part declares `result` loosely
    // (nullable array of anything), the operation's part refines it.
    let l = lower_yaml(&doc_with_schemas(
        r"
    Common:
      type: object
      required: [success]
      properties:
        success: {type: boolean}
        result: {anyOf: [{type: object}, {type: array, items: {}}, {type: string}]}
    Collection:
      allOf:
        - $ref: '#/components/schemas/Common'
        - properties:
            result: {type: array, items: {}, nullable: true}
            result_info: {type: object, properties: {count: {type: integer}}}
    Record: {type: object, properties: {id: {type: string}}}
    RecordList:
      allOf:
        - $ref: '#/components/schemas/Collection'
        - properties:
            result: {type: array, items: {$ref: '#/components/schemas/Record'}}
",
    ));
    assert!(
        !l.warnings
            .iter()
            .any(|w| w.message.contains("declared twice")),
        "{:?}",
        l.warnings
    );
    let f = fields(&l, "RecordList");
    let result = f.iter().find(|f| f.0 == "result").expect("result field");
    // Not nullable: the refining part does not allow null.
    assert_eq!(result.1, TypeRef::Array(Box::new(named("Record"))));
    assert!(f.iter().any(|f| f.0 == "success" && f.2));
    // The collection on its own: an array of anything, not nullable since
    // the common part's `anyOf` does not allow null.
    let f = fields(&l, "Collection");
    let result = f.iter().find(|f| f.0 == "result").expect("result field");
    assert_eq!(result.1, TypeRef::Array(Box::new(TypeRef::Json)));
}

/// The type of struct `ty`'s field `field`.
fn field_type(l: &Lowered, ty: &str, field: &str) -> TypeRef {
    fields(l, ty)
        .into_iter()
        .find(|f| f.0 == field)
        .unwrap_or_else(|| panic!("{ty} has no field {field}"))
        .1
}

/// The alternatives' payload types of union `name`.
fn union_payloads(l: &Lowered, name: &str) -> Vec<TypeRef> {
    match &def(l, name).kind {
        TypeKind::Union(u) => u.variants.iter().map(|v| v.ty.clone()).collect(),
        other => panic!("{name} is not a union: {other:?}"),
    }
}

/// Cloudflare's envelope with a loosely typed `result`, shared by the
/// union-refinement tests.
const ENVELOPE: &str = r"
    Single:
      type: object
      required: [success]
      properties:
        success: {type: boolean}
        result: {anyOf: [{type: object}, {type: string}]}
    App: {type: object, properties: {id: {type: string}}}
    Bookmark: {type: object, properties: {url: {type: string}}}
    AppResponse:
      anyOf:
        - $ref: '#/components/schemas/App'
        - $ref: '#/components/schemas/Bookmark'
";

#[test]
fn a_union_refining_an_earlier_union_is_their_intersection_not_a_contradiction() {
    let l = lower_yaml(&doc_with_schemas(&format!(
        r"{ENVELOPE}
    AppSingle:
      allOf:
        - $ref: '#/components/schemas/Single'
        - properties:
            result: {{$ref: '#/components/schemas/AppResponse'}}
    Inline:
      allOf:
        - $ref: '#/components/schemas/Single'
        - properties:
            result:
              anyOf:
                - $ref: '#/components/schemas/App'
                - {{type: integer}}
    Reverse:
      allOf:
        - properties:
            result: {{$ref: '#/components/schemas/AppResponse'}}
        - $ref: '#/components/schemas/Single'
"
    )));
    assert!(
        !l.warnings
            .iter()
            .any(|w| w.message.contains("contradictory")),
        "{:?}",
        l.warnings
    );
    // Each object alternative meets the bare `type: object` and stays as
    // it was; the union keeps its name.
    let result = |name: &str| field_type(&l, name, "result");
    assert_eq!(result("AppSingle"), named("AppResponse"));
    // An integer fits no earlier alternative and drops out.
    assert_eq!(result("Inline"), named("App"));
    // The refinement comes first here and survives the later placeholder.
    let TypeRef::Named(reverse) = result("Reverse") else {
        panic!("{:?}", result("Reverse"))
    };
    assert_eq!(
        union_payloads(&l, &reverse),
        [named("App"), named("Bookmark")]
    );
}

#[test]
fn a_bare_object_refining_a_union_keeps_the_union_s_object() {
    let l = lower_yaml(&doc_with_schemas(&format!(
        r"{ENVELOPE}
    Deleted:
      allOf:
        - $ref: '#/components/schemas/Single'
        - properties:
            result: {{type: object}}
"
    )));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    assert_eq!(field_type(&l, "Deleted", "result"), TypeRef::JsonObject);
}

#[test]
fn unions_with_nothing_in_common_and_a_union_no_earlier_part_fits_keep_the_later_part() {
    let l = lower_yaml(&doc_with_schemas(&format!(
        r"{ENVELOPE}
    Numbers:
      allOf:
        - $ref: '#/components/schemas/Single'
        - properties:
            result: {{anyOf: [{{type: integer}}, {{type: boolean}}]}}
    Collection:
      type: object
      properties:
        result: {{type: array, items: {{}}}}
    Item:
      allOf:
        - $ref: '#/components/schemas/Collection'
        - properties:
            result: {{$ref: '#/components/schemas/AppResponse'}}
"
    )));
    let warned = |name: &str, why: &str| {
        l.warnings.iter().any(|w| {
            w.pointer
                .to_string()
                .starts_with(&format!("#/components/schemas/{name}"))
                && w.message.contains(why)
        })
    };
    assert!(
        warned("Numbers", "no alternative in common"),
        "{:?}",
        l.warnings
    );
    // The document's contradiction is reported, and the later part wins:
    // the item's union, not the collection's array.
    assert!(
        warned("AppResponse", "no anyOf alternative fits"),
        "{:?}",
        l.warnings
    );
    let result = |name: &str| field_type(&l, name, "result");
    assert_eq!(result("Item"), named("AppResponse"));
    let TypeRef::Named(numbers) = result("Numbers") else {
        panic!("{:?}", result("Numbers"))
    };
    assert_eq!(
        union_payloads(&l, &numbers),
        [TypeRef::Integer(crate::ir::IntKind::I64), TypeRef::Bool]
    );
}

#[test]
fn all_of_merges_nested_objects_enums_and_required() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    Base:
      type: object
      properties:
        meta: {type: object, properties: {a: {type: string}}}
        status: {type: string, enum: [on, off, broken]}
        n: {type: number}
    Refined:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [meta]
          properties:
            meta: {type: object, required: [b], properties: {b: {type: integer}}}
            status: {type: string, enum: [on, off]}
            n: {type: integer, format: int32}
",
    ));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let f = fields(&l, "Refined");
    let meta = f.iter().find(|f| f.0 == "meta").expect("meta");
    assert!(meta.2, "required is the union");
    let TypeRef::Named(meta_ty) = &meta.1 else {
        panic!("{meta:?}")
    };
    let inner: Vec<(String, bool)> = fields(&l, meta_ty)
        .into_iter()
        .map(|f| (f.0, f.2))
        .collect();
    assert_eq!(inner, [("a".to_owned(), false), ("b".to_owned(), true)]);
    let status = f.iter().find(|f| f.0 == "status").expect("status");
    let TypeRef::Named(status_ty) = &status.1 else {
        panic!("{status:?}")
    };
    let TypeKind::Enum(e) = &def(&l, status_ty).kind else {
        panic!()
    };
    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["on", "off"]);
    assert!(
        f.iter()
            .any(|f| f.0 == "n" && f.1 == TypeRef::Integer(crate::ir::IntKind::I32))
    );
}

#[test]
fn all_of_contradiction_warns_and_keeps_the_later_part() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    A: {type: object, properties: {id: {type: string}}}
    B:
      allOf:
        - $ref: '#/components/schemas/A'
        - properties: {id: {type: integer}}
",
    ));
    let warning = l
        .warnings
        .iter()
        .find(|w| w.message.contains("declared twice"))
        .expect("a contradiction warning");
    assert_eq!(
        warning.pointer.to_string(),
        "#/components/schemas/B/allOf/1/properties/id"
    );
    assert!(warning.message.contains("string vs integer"), "{warning}");
    assert!(
        warning
            .message
            .contains("#/components/schemas/A/properties/id"),
        "{warning}"
    );
    assert_eq!(
        fields(&l, "B")[0].1,
        TypeRef::Integer(crate::ir::IntKind::I64)
    );
}

#[test]
fn all_of_keeps_a_ref_the_other_parts_only_annotate_and_related_refs_merge() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    Animal: {type: object, properties: {name: {type: string}}}
    Dog:
      allOf:
        - $ref: '#/components/schemas/Animal'
        - properties: {barks: {type: boolean}}
    Owner:
      type: object
      properties:
        pet: {$ref: '#/components/schemas/Animal'}
        alias: {allOf: [{$ref: '#/components/schemas/Dog'}, {description: a dog}]}
    DogOwner:
      allOf:
        - $ref: '#/components/schemas/Owner'
        - properties:
            pet: {$ref: '#/components/schemas/Dog'}
            alias: {nullable: true}
",
    ));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let f = fields(&l, "DogOwner");
    assert_eq!(f[0].1, named("Dog"), "the more derived ref wins");
    assert_eq!(f[1].1, named("Dog"), "a nullable placeholder adds nothing");
    assert_eq!(fields(&l, "Owner")[1].1, named("Dog"));
}

#[test]
fn all_of_keeps_additional_properties_and_stays_bounded_on_repeated_chains() {
    let mut schemas = String::from(
        "    S0: {type: object, additionalProperties: true, properties: {p0: {type: string}}}\n",
    );
    // Each level names the previous one twice: without deduplication the
    // parts would double at every level.
    for i in 1..40 {
        let prev = i - 1;
        schemas.push_str(&format!(
            "    S{i}:\n      allOf:\n        - $ref: '#/components/schemas/S{prev}'\n        - $ref: '#/components/schemas/S{prev}'\n        - properties: {{p{i}: {{type: string}}}}\n"
        ));
    }
    let l = lower_yaml(&doc_with_schemas(&schemas));
    let TypeKind::Struct(s) = &def(&l, "S39").kind else {
        panic!()
    };
    assert_eq!(s.fields.len(), 40);
    assert_eq!(s.additional.as_ref().map(|a| &a.ty), Some(&TypeRef::Json));
}

#[test]
fn every_degradation_has_a_kind_and_the_summary_counts_them() {
    use crate::error::{DegradationKind, degradation_summary};
    let l = lower_yaml(
        "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: a
      parameters:
        - {name: filter, in: query, schema: {type: object, properties: {x: {type: string}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {not: {type: string}}
components:
  securitySchemes:
    q: {type: apiKey, in: query, name: key}
",
    );
    let kinds: Vec<DegradationKind> = l.degradations.iter().map(|d| d.kind()).collect();
    assert!(
        kinds.contains(&DegradationKind::AnyJson),
        "{:?}",
        l.degradations
    );
    assert!(
        kinds.contains(&DegradationKind::PlainText),
        "{:?}",
        l.degradations
    );
    assert!(
        kinds.contains(&DegradationKind::Skipped),
        "{:?}",
        l.degradations
    );
    let summary = degradation_summary(&l.degradations);
    assert!(
        summary.starts_with(&format!("{} degraded (", l.degradations.len())),
        "{summary}"
    );
    assert!(summary.contains("1 any JSON value"), "{summary}");
    assert_eq!(degradation_summary(&[]), "nothing degraded");
}

#[test]
fn any_of_with_a_null_alternative_is_an_option() {
    let l = lower_yaml(&doc_with_schemas(
        r"
    A:
      type: object
      properties:
        city: {anyOf: [{type: string}, {type: 'null'}]}
",
    ));
    assert!(l.degradations.is_empty(), "{:?}", l.degradations);
    assert_eq!(
        fields(&l, "A")[0].1,
        TypeRef::Option(Box::new(TypeRef::String))
    );
}

/// Groups: first tag, else first path segment (keyword-safe); types placed
/// by which groups reach them, transitively.
#[test]
fn groups_and_type_placement() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/tags.yaml"
    ))
    .expect("fixture exists");
    let l = lower_yaml(&text);
    let names: Vec<&str> = l.api.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["health", "pets", "stores", "type_"]);
    let group_of = |id: &str| {
        l.api
            .operations
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.group.as_str())
    };
    assert_eq!(group_of("getPet"), Some("pets"));
    assert_eq!(group_of("setInventory"), Some("stores"));
    assert_eq!(group_of("deleteType"), Some("type_"));
    use crate::ir::Placement;
    let shared = ["pets".to_owned(), "stores".to_owned()];
    assert_eq!(l.api.placement("Pet"), Placement::Shared(&shared));
    // Reached only through `Pet`, so shared by the same groups.
    assert_eq!(l.api.placement("Owner"), Placement::Shared(&shared));
    assert_eq!(l.api.placement("PetPage"), Placement::Group("pets"));
    assert_eq!(l.api.placement("Cursor"), Placement::Group("pets"));
    assert_eq!(l.api.placement("StoreKind"), Placement::Group("stores"));
    assert_eq!(l.api.placement("Count"), Placement::Group("stores"));
    assert_eq!(l.api.placement("Problem"), Placement::Unreached);
    let pets = &l.api.groups[1];
    assert_eq!(pets.doc.as_deref(), Some("Pets and their owners."));
}

/// More groups than crates.io allows features: neighbours merge into
/// ranges, every operation keeps a group, names stay unique.
#[test]
fn too_many_groups_are_merged() {
    let mut paths = String::new();
    for i in 0..700 {
        paths.push_str(&format!(
            "  /r{i:03}:\n    get:\n      operationId: op{i}\n      responses:\n        '204': {{description: ok}}\n"
        ));
    }
    let l = lower_yaml(&format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}"
    ));
    let groups = &l.api.groups;
    assert!(groups.len() <= groups::MAX_GROUPS, "{}", groups.len());
    assert_eq!(groups.len(), 234);
    assert_eq!(groups[0].name, "r000_to_r002");
    assert_eq!(groups[0].sources, ["r000", "r001", "r002"]);
    let names: std::collections::BTreeSet<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names.len(), groups.len());
    assert!(
        l.api
            .operations
            .iter()
            .all(|o| names.contains(o.group.as_str()))
    );
}

#[test]
fn with_setters_are_snake_case_and_unique() {
    let l = lower_yaml(&doc_with_schemas(
        "    Shades:\n      type: object\n      required: [a]\n      properties:\n        a: {type: string}\n        '600': {type: string}\n        _x: {type: string}\n        x: {type: string}\n",
    ));
    let TypeKind::Struct(s) = &def(&l, "Shades").kind else {
        panic!("a struct")
    };
    let setters: Vec<(&str, String)> = s
        .optional_setters()
        .into_iter()
        .map(|s| (s.field.name.as_str(), s.with))
        .collect();
    let names: Vec<&str> = setters.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names.len(), 3, "one per optional field: {setters:?}");
    assert!(names.contains(&"with_600"), "{setters:?}");
    assert!(
        names.contains(&"with_x") && names.contains(&"with_x_2"),
        "{setters:?}"
    );
}

#[test]
fn nullable_optional_fields_get_a_null_setter_that_no_field_setter_takes() {
    let l = lower_yaml(&doc_with_schemas(
        "    Patch:
      type: object
      properties:
        title: {type: string, nullable: true}
        title_null: {type: string}
        kept: {type: string}
        type: {type: string, nullable: true}
",
    ));
    let TypeKind::Struct(s) = &def(&l, "Patch").kind else {
        panic!("a struct")
    };
    let setters: Vec<(String, Option<String>)> = s
        .optional_setters()
        .into_iter()
        .map(|s| (s.with, s.null))
        .collect();
    assert_eq!(
        setters,
        [
            (
                "with_title".to_owned(),
                Some("with_title_null_2".to_owned())
            ),
            ("with_title_null".to_owned(), None),
            ("with_kept".to_owned(), None),
            // a keyword's `_` does not double up: `type__null` is not snake case
            ("with_type_".to_owned(), Some("with_type_null".to_owned())),
        ]
    );
}

const ERRORS: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /same:
    get:
      operationId: same
      responses:
        '200': {description: ok}
        '404': {$ref: '#/components/responses/Problem'}
        5XX: {$ref: '#/components/responses/Problem'}
        '409': {description: no schema, content: {application/json: {}}}
        '410': {description: not JSON, content: {text/html: {schema: {type: string}}}}
        '503': {$ref: '#/components/responses/Missing'}
  /differ:
    get:
      operationId: differ
      responses:
        '204': {description: ok}
        '302': {description: moved, content: {application/json: {schema: {type: object, properties: {to: {type: string}}}}}}
        '404': {$ref: '#/components/responses/Problem'}
        default: {$ref: '#/components/responses/Other'}
  /default-only:
    get:
      operationId: defaultOnly
      responses:
        default: {$ref: '#/components/responses/Other'}
  /none:
    get:
      operationId: none
      responses:
        '200': {description: ok}
        '500': {description: failed}
components:
  responses:
    Problem:
      description: a problem
      content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}
    Other:
      description: anything else
      content: {application/json: {schema: {type: array, items: {type: string}}}}
  schemas:
    Problem: {type: object, properties: {title: {type: string}}}
";

#[test]
fn error_answers_with_a_json_schema_are_typed_by_status() {
    use crate::ir::{ErrorCase, StatusMatch};
    let l = lower_yaml(ERRORS);
    let op = |id: &str| {
        l.api
            .operations
            .iter()
            .find(|o| o.id == id)
            .unwrap_or_else(|| panic!("operation {id}"))
    };
    let problem = TypeRef::Named("Problem".into());
    let cases = |id: &str| -> Vec<(StatusMatch, String, TypeRef)> {
        op(id)
            .errors
            .as_ref()
            .map(|e| {
                e.cases
                    .iter()
                    .map(
                        |ErrorCase {
                             status,
                             variant,
                             ty,
                         }| (*status, variant.clone(), ty.clone()),
                    )
                    .collect()
            })
            .unwrap_or_default()
    };
    // One type for every typed status: no enum. A schema-less, non-JSON or
    // unresolvable error response is left raw.
    let same = op("same").errors.as_ref().expect("typed errors");
    assert_eq!(same.enum_name, None);
    assert_eq!(
        cases("same"),
        [
            (StatusMatch::Code(404), "NotFound".into(), problem.clone()),
            (StatusMatch::Range(5), "ServerError".into(), problem.clone()),
        ]
    );
    assert_eq!(same.which_answers(), "a `404` or `5XX` answer");
    // Differing types: an enum; a redirect's body counts, `default` is an
    // error beside a 2xx, and an inline schema is named after its status.
    let differ = op("differ").errors.as_ref().expect("typed errors");
    assert_eq!(differ.enum_name.as_deref(), Some("DifferError"));
    assert_eq!(
        cases("differ"),
        [
            (
                StatusMatch::Code(302),
                "Status302".into(),
                TypeRef::Named("DifferResponse302".into())
            ),
            (StatusMatch::Code(404), "NotFound".into(), problem),
            (
                StatusMatch::Default,
                "Other".into(),
                TypeRef::Array(Box::new(TypeRef::String))
            ),
        ]
    );
    // The broken reference is reported where it is.
    assert!(
        l.degradations
            .iter()
            .any(|d| d.pointer.to_string() == "#/paths/~1same/get/responses/503"),
        "{:?}",
        l.degradations
    );
    // `default` alone is the success response, not an error.
    assert!(op("defaultOnly").errors.is_none());
    assert!(op("none").errors.is_none());
}

#[test]
fn constructs_past_rustc_limits_are_capped_and_reported() {
    use crate::error::DegradationKind;
    use crate::limits::{MAX_ENUM_VALUES, MAX_STRUCT_FIELDS, MAX_UNION_VARIANTS};
    let props: String = (0..=MAX_STRUCT_FIELDS)
        .map(|i| format!("        p{i}: {{type: string}}\n"))
        .collect();
    let values: Vec<String> = (0..=MAX_ENUM_VALUES).map(|i| format!("v{i}")).collect();
    let alternatives: String = (0..=MAX_UNION_VARIANTS)
        .map(|i| format!("        - {{type: object, properties: {{k{i}: {{type: string}}}}}}\n"))
        .collect();
    let l = lower_yaml(&doc_with_schemas(&format!(
        "    Wide:\n      type: object\n      properties:\n{props}    \
         Many:\n      type: string\n      enum: [{}]\n    \
         Enough:\n      type: string\n      enum: [{}]\n    \
         Either:\n      oneOf:\n{alternatives}",
        values.join(", "),
        values[..MAX_ENUM_VALUES].join(", ")
    )));
    let TypeKind::Struct(s) = &def(&l, "Wide").kind else {
        panic!("a struct")
    };
    assert_eq!(s.fields.len(), MAX_STRUCT_FIELDS);
    assert_eq!(s.fields.last().map(|f| f.wire_name.as_str()), Some("p1999"));
    assert!(matches!(
        def(&l, "Many").kind,
        TypeKind::Alias(TypeRef::String)
    ));
    assert!(matches!(def(&l, "Enough").kind, TypeKind::Enum(_)));
    assert!(matches!(
        def(&l, "Either").kind,
        TypeKind::Alias(TypeRef::Json)
    ));
    let found: Vec<(String, DegradationKind)> = l
        .degradations
        .iter()
        .map(|d| (d.pointer.to_string(), d.kind()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "#/components/schemas/Either/oneOf".to_owned(),
                DegradationKind::AnyJson
            ),
            (
                "#/components/schemas/Many".to_owned(),
                DegradationKind::PlainScalar
            ),
            (
                "#/components/schemas/Wide".to_owned(),
                DegradationKind::AnyJson
            ),
        ]
    );
}

const DEEP_OBJECTS: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /charges:
    get:
      operationId: listCharges
      parameters:
        - name: created
          in: query
          style: deepObject
          explode: true
          schema:
            anyOf:
              - {type: object, properties: {gt: {type: integer}, lte: {type: integer}}}
              - {type: integer}
        - {name: expand, in: query, style: deepObject, schema: {type: array, items: {type: string}}}
        - {name: metadata, in: query, style: deepObject, schema: {type: object, additionalProperties: {type: string}}}
        - name: tax_rates
          in: query
          style: deepObject
          schema: {anyOf: [{type: array, items: {type: string}}, {type: string, enum: ['']}]}
        - name: scope
          in: query
          required: true
          style: deepObject
          explode: false
          schema: {type: object, required: [kind], properties: {kind: {type: string}}}
      responses:
        '200': {description: ok}
";

/// deepObject parameters keep the type their schema gives (a union stays a
/// union, even one of an array and a string), are sent as bracketed pairs,
/// and what they reach is built by users.
#[test]
fn deep_object_parameters_are_typed_as_their_schema() {
    let l = lower_yaml(DEEP_OBJECTS);
    assert!(l.degradations.is_empty(), "{:?}", l.degradations);
    let op = &l.api.operations[0];
    let params: Vec<(&str, &TypeRef, crate::ir::ParamText)> = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), &p.ty, p.text))
        .collect();
    let deep = crate::ir::ParamText::DeepObject;
    assert_eq!(
        params,
        [
            ("created", &named("ListChargesCreated"), deep),
            ("expand", &TypeRef::Array(Box::new(TypeRef::String)), deep),
            ("metadata", &TypeRef::Map(Box::new(TypeRef::String)), deep),
            ("tax_rates", &named("ListChargesTaxRates"), deep),
            ("scope", &named("ListChargesScope"), deep),
        ]
    );
    let TypeKind::Union(created) = &def(&l, "ListChargesCreated").kind else {
        panic!("created is a union");
    };
    let range = &created.variants[0].ty;
    assert_eq!(
        created.variants[1].ty,
        TypeRef::Integer(crate::ir::IntKind::I64)
    );
    let TypeRef::Named(range) = range else {
        panic!("the range is a named struct: {range:?}");
    };
    assert!(matches!(def(&l, range).kind, TypeKind::Struct(_)));
    assert!(def(&l, range).user_built && def(&l, "ListChargesScope").user_built);
    assert!(op.params[4].is_argument());
    let w: Vec<String> = l.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        w,
        [
            "#/paths/~1charges/get/parameters/4: a deepObject parameter with `explode: false` has no defined form; sent exploded"
        ]
    );
}

/// A multipart body that names no parts (a free-form object, a map, no
/// schema) takes the parts the caller names; one that is neither an object
/// nor free-form still degrades.
#[test]
fn multipart_bodies_without_properties_take_named_parts() {
    let l = lower_yaml(
        "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /free:
    put:
      operationId: free
      requestBody:
        required: true
        content:
          multipart/form-data: {schema: {type: object}}
      responses: {'204': {description: ok}}
  /none:
    put:
      operationId: none
      requestBody:
        content:
          multipart/form-data: {}
      responses: {'204': {description: ok}}
  /files:
    put:
      operationId: files
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Files'}
      responses: {'204': {description: ok}}
  /text:
    put:
      operationId: text
      requestBody:
        content:
          multipart/form-data: {schema: {type: string}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Files: {type: object, additionalProperties: {type: string, format: binary}}
",
    );
    let bodies: Vec<(&str, Option<&TypeRef>)> = l
        .api
        .operations
        .iter()
        .map(|op| (op.method_name.as_str(), op.body.as_ref().map(|b| &b.ty)))
        .collect();
    let parts = Some(&TypeRef::MultipartParts);
    assert_eq!(
        bodies,
        [
            ("free", parts),
            ("none", parts),
            ("files", parts),
            ("text", None)
        ]
    );
    assert!(l.api.operations[0].body.as_ref().unwrap().required);
    assert!(l.api.takes_multipart_parts());
    let reasons: Vec<String> = l
        .degradations
        .iter()
        .map(|d| format!("{}: {}", d.pointer, d.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "#/paths/~1text/put/requestBody: multipart bodies must be objects (with properties, or none at all); the optional body is left out"
        ]
    );
}
