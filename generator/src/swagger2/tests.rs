use serde_json::{Value, json};

use super::upgrade;
use crate::error::Diagnostic;

/// A Swagger 2.0 document: the version and `info`, then `rest` (YAML).
fn doc(rest: &str) -> String {
    format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\n{rest}")
}

/// `yaml` converted, without checking the result.
fn convert_raw(yaml: &str) -> (Value, Vec<Diagnostic>) {
    let mut value = match crate::parse::parse_text(yaml) {
        Ok(value) => value,
        Err(e) => panic!("test YAML does not parse: {e}"),
    };
    let mut warnings = Vec::new();
    upgrade(&mut value, &mut warnings);
    (value, warnings)
}

/// `yaml` converted; the result must read as an OpenAPI 3.0 document.
fn convert(yaml: &str) -> (Value, Vec<Diagnostic>) {
    let (value, warnings) = convert_raw(yaml);
    if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
        panic!(
            "not a valid 3.0 document at {}: {}\n{value:#}",
            e.path(),
            e.inner()
        );
    }
    (value, warnings)
}

fn pointers(warnings: &[Diagnostic]) -> Vec<String> {
    warnings.iter().map(|w| w.pointer.to_string()).collect()
}

fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
    crate::pointer::JsonPointer::from_ref(pointer)
        .and_then(|p| p.resolve(value))
        .unwrap_or(&Value::Null)
}

#[test]
fn leaves_other_documents_alone() {
    let mut value = json!({"openapi": "3.0.3", "definitions": {"A": {}}});
    let before = value.clone();
    let mut warnings = Vec::new();
    assert!(upgrade(&mut value, &mut warnings).is_empty());
    assert_eq!(value, before);
}

#[test]
fn version_info_and_top_level_fields_carry_over() {
    let (d, w) = convert(&doc("
x-audience: public
tags: [{name: pets, description: Pets}]
externalDocs: {url: 'https://example.com/docs'}
security: [{key: []}]
securityDefinitions:
  key: {type: apiKey, name: X-Key, in: header}
paths: {}
"));
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(d["openapi"], "3.0.3");
    assert!(d.get("swagger").is_none());
    assert_eq!(d["info"], json!({"title": "t", "version": "1"}));
    assert_eq!(d["x-audience"], "public");
    assert_eq!(d["tags"][0]["name"], "pets");
    assert_eq!(d["externalDocs"]["url"], "https://example.com/docs");
    assert_eq!(d["security"], json!([{"key": []}]));
}

#[test]
fn servers_come_from_host_base_path_and_schemes() {
    let servers = |rest: &str| convert(&doc(&format!("{rest}\npaths: {{}}"))).0["servers"].clone();
    assert_eq!(
        servers("host: api.example.com\nbasePath: /v1/\nschemes: [http, https]"),
        json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
    );
    // No schemes: https, the one a client should try.
    assert_eq!(
        servers("host: api.example.com:8443"),
        json!([{"url": "https://api.example.com:8443"}])
    );
    // No host: relative to wherever the document is served from.
    assert_eq!(servers("basePath: v2"), json!([{"url": "/v2"}]));
    assert_eq!(servers("basePath: /"), json!([{"url": "/"}]));
    assert_eq!(servers(""), Value::Null);
    let (d, w) = convert(&doc("host: 'http://api.example.com'\npaths: {}"));
    assert_eq!(d["servers"], json!([{"url": "http://api.example.com"}]));
    assert_eq!(pointers(&w), ["#/host"]);
}

#[test]
fn operation_schemes_become_its_servers() {
    let (d, _) = convert(&doc("
host: h.example
schemes: [https]
paths:
  /a:
    get:
      schemes: [http]
      responses: {'204': {description: none}}
    put:
      schemes: [https]
      responses: {'204': {description: none}}
"));
    assert_eq!(
        d["paths"]["/a"]["get"]["servers"],
        json!([{"url": "http://h.example"}])
    );
    assert!(d["paths"]["/a"]["put"].get("servers").is_none());
    assert!(d["paths"]["/a"]["get"].get("schemes").is_none());
}

#[test]
fn definitions_become_schemas_and_references_follow() {
    let (d, w) = convert(&doc("
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          schema: {type: array, items: {$ref: '#/definitions/Pet'}}
definitions:
  Pet:
    type: object
    properties:
      owner: {$ref: '#/definitions/Owner'}
      tags: {type: array, items: {$ref: '#/definitions/Tag'}}
  Owner:
    allOf: [{$ref: '#/definitions/Person'}]
  Person: {type: object}
  Tag: {type: string}
"));
    assert!(w.is_empty(), "{w:?}");
    let schemas = &d["components"]["schemas"];
    assert_eq!(
        schemas["Pet"]["properties"]["owner"]["$ref"],
        "#/components/schemas/Owner"
    );
    assert_eq!(
        schemas["Pet"]["properties"]["tags"]["items"]["$ref"],
        "#/components/schemas/Tag"
    );
    assert_eq!(
        schemas["Owner"]["allOf"][0]["$ref"],
        "#/components/schemas/Person"
    );
    assert_eq!(
        at(
            &d,
            "#/paths/~1pets/get/responses/200/content/application~1json/schema/items/$ref"
        ),
        "#/components/schemas/Pet"
    );
}

#[test]
fn schema_keywords_2_0_spells_differently() {
    let (d, w) = convert(&doc("
paths: {}
definitions:
  Pet:
    type: object
    discriminator: kind
    required: [kind]
    properties:
      kind: {type: string}
      nickname: {type: string, x-nullable: true}
      sure: {type: string, x-nullable: false}
      owner: {$ref: '#/definitions/Owner', x-nullable: true, description: who}
      photo: {type: file}
  Owner: {type: object}
"));
    assert!(w.is_empty(), "{w:?}");
    let pet = &d["components"]["schemas"]["Pet"];
    assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(
        pet["properties"]["nickname"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(pet["properties"]["sure"], json!({"type": "string"}));
    assert_eq!(
        pet["properties"]["owner"],
        json!({"description": "who", "allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true})
    );
    assert_eq!(
        pet["properties"]["photo"],
        json!({"type": "string", "format": "binary"})
    );
    let (_, w) = convert(&doc("paths: {}\ndefinitions:\n  A: {discriminator: 7}\n"));
    assert_eq!(pointers(&w), ["#/definitions/A/discriminator"]);
}

#[test]
fn value_keywords_of_parameters_become_schemas() {
    let (d, w) = convert(&doc("
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, type: integer, format: int64, minimum: 1}
        - {name: limit, in: query, type: integer, default: 20, maximum: 100, description: How many}
        - {name: sort, in: query, type: string, enum: [asc, desc], x-example: asc}
        - {name: X-Trace, in: header, type: string, x-nullable: true}
        - {name: empty, in: query, type: boolean, allowEmptyValue: true}
      responses: {'204': {description: none}}
"));
    assert!(w.is_empty(), "{w:?}");
    let params = &d["paths"]["/pets/{id}"]["get"]["parameters"];
    assert_eq!(
        params[0],
        json!({"name": "id", "in": "path", "required": true,
               "schema": {"type": "integer", "format": "int64", "minimum": 1}})
    );
    assert_eq!(
        params[1],
        json!({"name": "limit", "in": "query", "description": "How many",
               "schema": {"type": "integer", "default": 20, "maximum": 100}})
    );
    assert_eq!(params[2]["example"], "asc");
    assert_eq!(
        params[2]["schema"],
        json!({"type": "string", "enum": ["asc", "desc"]})
    );
    assert_eq!(
        params[3]["schema"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(params[4]["allowEmptyValue"], true);
}

#[test]
fn collection_formats_become_styles() {
    let (d, w) = convert(&doc("
paths:
  /a/{ids}:
    get:
      parameters:
        - {name: plain, in: query, type: array, items: {type: string}}
        - {name: csv, in: query, type: array, items: {type: string}, collectionFormat: csv}
        - {name: multi, in: query, type: array, items: {type: string}, collectionFormat: multi}
        - {name: ssv, in: query, type: array, items: {type: string}, collectionFormat: ssv}
        - {name: pipes, in: query, type: array, items: {type: string}, collectionFormat: pipes}
        - {name: tsv, in: query, type: array, items: {type: string}, collectionFormat: tsv}
        - {name: ids, in: path, required: true, type: array, items: {type: integer}, collectionFormat: pipes}
        - {name: X-Tags, in: header, type: array, items: {type: string}}
        - name: nested
          in: query
          type: array
          items: {type: array, items: {type: string}, collectionFormat: pipes}
      responses: {'204': {description: none}}
"));
    let params = &d["paths"]["/a/{ids}"]["get"]["parameters"];
    let style = |i: usize| (params[i]["style"].clone(), params[i]["explode"].clone());
    // 2.0's default is csv: unexploded, unlike 3.0's query default.
    assert_eq!(style(0), (json!("form"), json!(false)));
    assert_eq!(style(1), (json!("form"), json!(false)));
    assert_eq!(style(2), (json!("form"), json!(true)));
    assert_eq!(style(3), (json!("spaceDelimited"), json!(false)));
    assert_eq!(style(4), (json!("pipeDelimited"), json!(false)));
    assert_eq!(style(5), (json!("form"), json!(false)));
    assert_eq!(style(6), (Value::Null, Value::Null));
    assert_eq!(style(7), (Value::Null, Value::Null));
    assert!(params[0].get("collectionFormat").is_none());
    assert_eq!(
        params[8]["schema"]["items"],
        json!({"type": "array", "items": {"type": "string"}})
    );
    assert_eq!(
        pointers(&w),
        [
            "#/paths/~1a~1{ids}/get/parameters/5/collectionFormat",
            "#/paths/~1a~1{ids}/get/parameters/6/collectionFormat",
            "#/paths/~1a~1{ids}/get/parameters/8/items/collectionFormat",
        ]
    );
    assert!(w[0].message.contains("tsv"), "{}", w[0].message);
}

#[test]
fn a_body_parameter_becomes_the_request_body() {
    let (d, w) = convert(&doc("
consumes: [application/json, application/xml]
paths:
  /pets:
    post:
      parameters:
        - {name: limit, in: query, type: integer}
        - {name: pet, in: body, required: true, description: The pet, schema: {$ref: '#/definitions/Pet'}, x-side: 1}
      responses: {'201': {description: made}}
    put:
      consumes: [text/plain]
      parameters:
        - {name: note, in: body, schema: {type: string}}
      responses: {'204': {description: none}}
definitions:
  Pet: {type: object}
"));
    assert!(w.is_empty(), "{w:?}");
    let post = &d["paths"]["/pets"]["post"];
    assert_eq!(post["parameters"].as_array().map(Vec::len), Some(1));
    let pet = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
    assert_eq!(
        post["requestBody"],
        json!({
            "description": "The pet",
            "content": {"application/json": pet, "application/xml": pet},
            "required": true,
            "x-codegen-request-body-name": "pet",
            "x-side": 1,
        })
    );
    let put = &d["paths"]["/pets"]["put"];
    assert!(put.get("parameters").is_none());
    assert!(put.get("consumes").is_none());
    assert_eq!(
        put["requestBody"]["content"],
        json!({"text/plain": {"schema": {"type": "string"}}})
    );
    // No `consumes` anywhere: JSON.
    let (d, _) = convert(&doc(
        "paths:\n  /a:\n    post:\n      parameters: [{name: b, in: body, schema: {type: object}}]\n      responses: {'204': {description: none}}\n",
    ));
    assert!(d["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"].is_object());
}

#[test]
fn form_parameters_become_one_form_body() {
    let (d, w) = convert(&doc("
paths:
  /login:
    post:
      parameters:
        - {name: user, in: formData, type: string, required: true, description: Who}
        - {name: scopes, in: formData, type: array, items: {type: string}, collectionFormat: multi}
        - {name: codes, in: formData, type: array, items: {type: integer}}
      responses: {'204': {description: none}}
  /upload:
    post:
      parameters:
        - {name: file, in: formData, type: file, required: true}
        - {name: note, in: formData, type: string}
      responses: {'204': {description: none}}
  /listed:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: note, in: formData, type: string}
      responses: {'204': {description: none}}
"));
    assert!(w.is_empty(), "{w:?}");
    let login = &d["paths"]["/login"]["post"];
    assert!(login.get("parameters").is_none());
    assert_eq!(
        login["requestBody"],
        json!({
            "content": {"application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "user": {"type": "string", "description": "Who"},
                        "scopes": {"type": "array", "items": {"type": "string"}},
                        "codes": {"type": "array", "items": {"type": "integer"}},
                    },
                    "required": ["user"],
                },
                "encoding": {
                    "scopes": {"style": "form", "explode": true},
                    "codes": {"style": "form", "explode": false},
                },
            }},
            "required": true,
        })
    );
    let upload = &d["paths"]["/upload"]["post"]["requestBody"]["content"];
    assert_eq!(
        upload["multipart/form-data"]["schema"]["properties"]["file"],
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(upload.as_object().map(|c| c.len()), Some(1));
    let listed = &d["paths"]["/listed"]["post"]["requestBody"]["content"];
    assert!(listed["multipart/form-data"].is_object());
}

#[test]
fn a_file_is_never_urlencoded() {
    let (d, w) = convert(&doc("
paths:
  /upload:
    post:
      consumes: [application/x-www-form-urlencoded]
      parameters: [{name: f, in: formData, type: file}]
      responses: {'204': {description: none}}
"));
    let content = &d["paths"]["/upload"]["post"]["requestBody"]["content"];
    assert!(content["multipart/form-data"].is_object(), "{content}");
    assert_eq!(pointers(&w), ["#/paths/~1upload/post/parameters/0"]);
}

#[test]
fn what_has_no_3_0_form_is_warned_about_where_it_was_written() {
    let (d, w) = convert(&doc("
paths:
  /search:
    get:
      parameters:
        - {name: q, in: formData, type: string}
      responses: {'204': {description: none}}
  /both:
    post:
      parameters:
        - {name: first, in: body, schema: {type: object}}
        - {name: second, in: body, schema: {type: string}}
        - {name: field, in: formData, type: string}
        - {name: h, in: header, type: string, allowEmptyValue: true}
      responses: {'204': {description: none}}
"));
    assert_eq!(
        pointers(&w),
        [
            "#/paths/~1search/get/parameters/0",
            "#/paths/~1both/post/parameters/3/allowEmptyValue",
            "#/paths/~1both/post/parameters/1",
            "#/paths/~1both/post/parameters/2",
        ]
    );
    assert!(w[0].message.contains("`get`"), "{}", w[0].message);
    // The form body on GET is kept; the first body wins over the rest.
    assert!(d["paths"]["/search"]["get"]["requestBody"].is_object());
    assert_eq!(
        d["paths"]["/both"]["post"]["requestBody"]["content"]["application/json"]["schema"],
        json!({"type": "object"})
    );
}

#[test]
fn shared_parameters_become_components() {
    let (d, w) = convert(&doc("
paths:
  /pets:
    post:
      parameters:
        - $ref: '#/parameters/Limit'
        - $ref: '#/parameters/PetBody'
      responses: {'201': {description: made}}
    put:
      consumes: [application/xml]
      parameters: [{$ref: '#/parameters/PetBody'}]
      responses: {'204': {description: none}}
  /login:
    post:
      parameters:
        - $ref: '#/parameters/User'
        - {name: pin, in: formData, type: string}
      responses: {'204': {description: none}}
parameters:
  Limit: {name: limit, in: query, type: integer}
  PetBody: {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
  User: {name: user, in: formData, type: string, required: true}
definitions:
  Pet: {type: object}
"));
    assert!(w.is_empty(), "{w:?}");
    let components = &d["components"];
    assert_eq!(
        components["parameters"],
        json!({"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}})
    );
    assert_eq!(
        components["requestBodies"]["PetBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Pet"
    );
    let post = &d["paths"]["/pets"]["post"];
    assert_eq!(
        post["parameters"],
        json!([{"$ref": "#/components/parameters/Limit"}])
    );
    assert_eq!(
        post["requestBody"],
        json!({"$ref": "#/components/requestBodies/PetBody"})
    );
    // Other media than the document's: the body is the operation's own.
    let put = &d["paths"]["/pets"]["put"]["requestBody"];
    assert_eq!(
        put["content"]["application/xml"]["schema"]["$ref"],
        "#/components/schemas/Pet"
    );
    // A shared form parameter joins the operation's form.
    let form = &d["paths"]["/login"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
        ["schema"];
    assert_eq!(form["required"], json!(["user"]));
    assert_eq!(form["properties"]["pin"], json!({"type": "string"}));
}

#[test]
fn path_level_parameters_stay_or_move_into_operations() {
    let (d, w) = convert(&doc("
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, type: string}
      - {name: pet, in: body, schema: {type: object}}
      - {name: note, in: formData, type: string}
    put:
      parameters: [{name: verbose, in: query, type: boolean}]
      responses: {'204': {description: none}}
    post:
      parameters: [{name: other, in: body, schema: {type: string}}]
      responses: {'204': {description: none}}
    patch:
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {name: pet, in: body, schema: {type: integer}}
      responses: {'204': {description: none}}
"));
    let item = &d["paths"]["/pets/{id}"];
    assert_eq!(
        item["parameters"],
        json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}])
    );
    // The path's body (the form beside it is dropped, with a warning).
    assert_eq!(
        item["put"]["requestBody"]["content"]["application/json"]["schema"],
        json!({"type": "object"})
    );
    assert_eq!(item["put"]["parameters"][0]["name"], "verbose");
    // The operation's own body overrides the path's.
    assert_eq!(
        item["post"]["requestBody"]["content"]["application/json"]["schema"],
        json!({"type": "string"})
    );
    assert_eq!(
        item["patch"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"],
        json!({"type": "integer"})
    );
    assert!(
        pointers(&w)
            .iter()
            .all(|p| p == "#/paths/~1pets~1{id}/parameters/2"),
        "{w:?}"
    );
}

#[test]
fn an_operation_form_parameter_overrides_the_path_one_by_name() {
    let (d, _) = convert(&doc("
paths:
  /a:
    parameters:
      - {name: x, in: formData, type: string}
      - {name: y, in: formData, type: string}
    post:
      parameters: [{name: x, in: formData, type: integer}]
      responses: {'204': {description: none}}
"));
    let properties = &d["paths"]["/a"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
        ["schema"]["properties"];
    assert_eq!(
        properties,
        &json!({"y": {"type": "string"}, "x": {"type": "integer"}})
    );
}

#[test]
fn responses_take_the_produced_media_types() {
    let (d, w) = convert(&doc("
produces: [application/json]
paths:
  /pets:
    get:
      produces: [application/json, application/xml]
      responses:
        '200':
          description: ok
          schema: {$ref: '#/definitions/Pet'}
          headers:
            X-Rate: {type: integer, description: Left}
            X-Ids: {type: array, items: {type: string}, collectionFormat: csv}
          examples:
            application/json: {name: Rex}
            text/csv: Rex
          x-cache: 10
        default: {$ref: '#/responses/Error'}
        x-note: kept
  /photo:
    get:
      produces: []
      responses:
        '200': {description: ok, schema: {type: file}}
        '204': {description: none}
responses:
  Error: {description: failed, schema: {type: object}}
definitions:
  Pet: {type: object}
"));
    assert!(w.is_empty(), "{w:?}");
    let ok = &d["paths"]["/pets"]["get"]["responses"]["200"];
    let pet = json!({"$ref": "#/components/schemas/Pet"});
    assert_eq!(
        ok["content"],
        json!({
            "application/json": {"schema": pet, "example": {"name": "Rex"}},
            "application/xml": {"schema": pet},
            "text/csv": {"schema": pet, "example": "Rex"},
        })
    );
    assert_eq!(
        ok["headers"],
        json!({
            "X-Rate": {"description": "Left", "schema": {"type": "integer"}},
            "X-Ids": {"schema": {"type": "array", "items": {"type": "string"}}},
        })
    );
    assert_eq!(ok["x-cache"], 10);
    assert!(d["paths"]["/pets"]["get"].get("produces").is_none());
    let responses = &d["paths"]["/pets"]["get"]["responses"];
    assert_eq!(
        responses["default"],
        json!({"$ref": "#/components/responses/Error"})
    );
    assert_eq!(responses["x-note"], "kept");
    assert_eq!(
        d["components"]["responses"]["Error"]["content"],
        json!({"application/json": {"schema": {"type": "object"}}})
    );
    let photo = &d["paths"]["/photo"]["get"]["responses"];
    assert_eq!(
        photo["200"]["content"],
        json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
    );
    assert_eq!(photo["204"], json!({"description": "none"}));
}

#[test]
fn security_definitions_become_schemes() {
    let (d, w) = convert(&doc("
paths: {}
securityDefinitions:
  basic: {type: basic, description: Who are you}
  key: {type: apiKey, name: api_key, in: query, x-where: q}
  implicit: {type: oauth2, flow: implicit, authorizationUrl: 'https://a.example/auth', scopes: {read: Read}}
  password: {type: oauth2, flow: password, tokenUrl: 'https://a.example/token', scopes: {}}
  application: {type: oauth2, flow: application, tokenUrl: 'https://a.example/token'}
  accessCode:
    type: oauth2
    flow: accessCode
    authorizationUrl: 'https://a.example/auth'
    tokenUrl: 'https://a.example/token'
    scopes: {write: Write}
  odd: {type: oauth2, flow: device}
  other: {type: mutualTLS}
"));
    let schemes = &d["components"]["securitySchemes"];
    assert_eq!(
        schemes["basic"],
        json!({"type": "http", "scheme": "basic", "description": "Who are you"})
    );
    assert_eq!(
        schemes["key"],
        json!({"type": "apiKey", "name": "api_key", "in": "query", "x-where": "q"})
    );
    assert_eq!(
        schemes["implicit"]["flows"],
        json!({"implicit": {"authorizationUrl": "https://a.example/auth", "scopes": {"read": "Read"}}})
    );
    assert_eq!(
        schemes["password"]["flows"],
        json!({"password": {"tokenUrl": "https://a.example/token", "scopes": {}}})
    );
    assert_eq!(
        schemes["application"]["flows"],
        json!({"clientCredentials": {"tokenUrl": "https://a.example/token", "scopes": {}}})
    );
    assert_eq!(
        schemes["accessCode"]["flows"],
        json!({"authorizationCode": {
            "authorizationUrl": "https://a.example/auth",
            "tokenUrl": "https://a.example/token",
            "scopes": {"write": "Write"},
        }})
    );
    assert!(schemes.get("odd").is_none() && schemes.get("other").is_none());
    assert_eq!(
        pointers(&w),
        [
            "#/securityDefinitions/odd/flow",
            "#/securityDefinitions/other/type"
        ]
    );
}

#[test]
fn references_into_moved_places_follow_them() {
    let (d, w) = convert(&doc("
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          schema: {$ref: '#/responses/Pets/schema/items'}
        '201':
          description: ok
          schema: {$ref: '#/parameters/Body/schema'}
        '202':
          description: ok
          schema: {$ref: '#/definitions/a~1b%20c/properties/x'}
responses:
  Pets: {description: ok, schema: {type: array, items: {type: string}}}
parameters:
  Body: {name: b, in: body, schema: {type: integer}}
definitions:
  a/b c: {type: object, properties: {x: {type: string}}}
"));
    assert!(w.is_empty(), "{w:?}");
    let schema = |status: &str| {
        at(
            &d,
            &format!("#/paths/~1a/get/responses/{status}/content/application~1json/schema/$ref"),
        )
        .clone()
    };
    assert_eq!(
        schema("200"),
        "#/components/responses/Pets/content/application~1json/schema/items"
    );
    assert_eq!(
        schema("201"),
        "#/components/requestBodies/Body/content/application~1json/schema"
    );
    assert_eq!(schema("202"), "#/components/schemas/a~1b%20c/properties/x");
}

#[test]
fn a_missing_responses_is_read_as_none() {
    let (d, w) = convert(&doc("paths:\n  /a:\n    get: {summary: s}\n"));
    assert_eq!(d["paths"]["/a"]["get"]["responses"], json!({}));
    assert_eq!(pointers(&w), ["#/paths/~1a/get"]);
}

#[test]
fn odd_shapes_do_not_panic() {
    let (d, w) = convert_raw(&doc("
host: 7
schemes: https
consumes: json
paths:
  /a:
    parameters: {not: a list}
    get:
      parameters:
        - 3
        - {$ref: '#/parameters/Nowhere'}
        - {$ref: 'other.yaml#/P'}
        - {name: x, in: cookie, type: string}
        - {in: formData, type: string}
      responses: {'200': 5, '201': {description: ok, schema: {type: string}, examples: 1}}
    post: 3
  /b: []
  x-ext: {get: 1}
definitions: []
parameters: 5
responses: [1]
securityDefinitions: {a: 1, b: {type: oauth2}}
components: {}
"));
    let get = &d["paths"]["/a"]["get"];
    assert_eq!(get["parameters"][0], 3);
    assert_eq!(
        get["parameters"][1],
        json!({"$ref": "#/parameters/Nowhere"})
    );
    assert_eq!(get["parameters"][2], json!({"$ref": "other.yaml#/P"}));
    assert_eq!(get["parameters"][3]["schema"], json!({"type": "string"}));
    assert_eq!(get["responses"]["200"], 5);
    assert_eq!(d["paths"]["/a"]["post"], 3);
    assert_eq!(d["paths"]["/b"], json!([]));
    assert!(
        d.get("components")
            .is_some_and(|c| c.get("schemas").is_none())
    );
    let mut found = pointers(&w);
    found.sort();
    assert_eq!(
        found,
        [
            "#/components",
            "#/consumes",
            "#/definitions",
            "#/host",
            "#/parameters",
            "#/paths/~1a/get/parameters/4",
            "#/paths/~1a/get/parameters/4",
            "#/paths/~1a/get/responses/201/examples",
            "#/paths/~1a/parameters",
            "#/responses",
            "#/securityDefinitions/a",
            "#/securityDefinitions/b/flow",
        ]
    );
}

#[test]
fn a_document_with_a_bit_of_everything_reads_as_3_0() {
    let (d, _) = convert(&doc("
host: petstore.example
basePath: /v2
schemes: [https]
consumes: [application/json]
produces: [application/json]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
      responses:
        '200': {description: ok, schema: {type: array, items: {$ref: '#/definitions/Pet'}}}
        default: {$ref: '#/responses/Error'}
    post:
      parameters: [{$ref: '#/parameters/PetBody'}]
      security: [{oauth: [write]}]
      responses: {'201': {description: made, schema: {$ref: '#/definitions/Pet'}}}
  /pets/{id}/photo:
    parameters: [{$ref: '#/parameters/Id'}]
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: photo, in: formData, type: file, required: true}
        - {name: caption, in: formData, type: string}
      responses: {'204': {description: stored}}
parameters:
  Id: {name: id, in: path, required: true, type: integer, format: int64}
  PetBody: {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
responses:
  Error: {description: failed, schema: {$ref: '#/definitions/Error'}}
securityDefinitions:
  oauth: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a.example/a', tokenUrl: 'https://a.example/t', scopes: {write: Write}}
definitions:
  Pet:
    type: object
    required: [name]
    discriminator: kind
    properties:
      name: {type: string}
      kind: {type: string}
      tag: {type: string, x-nullable: true}
  Error: {type: object, properties: {message: {type: string}}}
"));
    let text = d.to_string();
    for old in [
        "#/definitions",
        "#/parameters",
        "#/responses",
        "x-nullable",
        "\"file\"",
    ] {
        assert!(!text.contains(old), "`{old}` left in {d:#}");
    }
}

#[test]
fn later_diagnostics_name_the_document_as_written() {
    // Lowering and the typed read see the converted document; what they
    // report is relocated to the 2.0 places.
    let text = doc("
basePath: /api
paths:
  /a/{id}:
    get:
      parameters:
        - {name: b, in: body, schema: {type: object}}
        - {name: id, in: path, required: true, type: string}
        - {name: q, in: query, type: object}
      responses:
        '200': {description: ok, schema: {$ref: '#/definitions/Nowhere'}}
definitions:
  A: {type: object, properties: {p: {type: string, pattern: 0}}}
");
    let generated = match crate::generate(&text, &crate::Settings::new("t")) {
        Ok(g) => g,
        Err(e) => panic!("{e}"),
    };
    let found: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    let expect = [
        "#/basePath: server URL `/api` is relative",
        "#/definitions/A/properties/p: `pattern` cannot be read here",
        "#/paths/~1a~1{id}/get/parameters/2: only scalar parameters",
        "#/paths/~1a~1{id}/get/responses/200/schema",
        "#/paths/~1a~1{id}/get/parameters/0: a request body on `get`",
    ];
    for e in expect {
        assert!(
            found.iter().any(|w| w.starts_with(e)),
            "no `{e}…` in {found:#?}"
        );
    }
}

#[test]
fn a_document_split_over_files_is_bundled_as_2_0_then_converted() {
    let files = |path: &str| -> Result<String, String> {
        match path {
            "definitions.yaml" => Ok("Pet:\n  type: object\n  properties:\n    tag: {type: string, x-nullable: true}\n    owner: {$ref: '#/Owner'}\nOwner: {type: object}\n".into()),
            "parameters.yaml" => Ok("PetBody: {name: pet, in: body, schema: {$ref: 'definitions.yaml#/Pet'}}\nLimit: {name: limit, in: query, type: integer}\n".into()),
            other => Err(format!("no {other}")),
        }
    };
    let text = doc("
paths:
  /pets:
    get:
      parameters: [{$ref: 'parameters.yaml#/Limit'}]
      responses:
        '200': {description: ok, schema: {type: array, items: {$ref: 'definitions.yaml#/Pet'}}}
    post:
      parameters: [{$ref: 'parameters.yaml#/PetBody'}]
      responses: {'204': {description: none}}
");
    let loaded = crate::load::load_with(
        &text,
        crate::Files {
            document: "api.yaml",
            loader: &files,
        },
    );
    let d = match loaded {
        Ok(d) => d.raw,
        Err(e) => panic!("{e}"),
    };
    let schemas = &d["components"]["schemas"];
    assert_eq!(
        schemas["Pet"]["properties"],
        json!({"tag": {"type": "string", "nullable": true}, "owner": {"$ref": "#/components/schemas/Owner"}})
    );
    let pets = &d["paths"]["/pets"];
    assert_eq!(
        pets["get"]["parameters"],
        json!([{"$ref": "#/components/parameters/Limit"}])
    );
    assert_eq!(
        pets["post"]["requestBody"],
        json!({"$ref": "#/components/requestBodies/PetBody"})
    );
    assert_eq!(
        d["components"]["requestBodies"]["PetBody"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
}

/// Every place of the fixture document given each odd value in turn: the
/// conversion must not panic, whatever it meets (the stages after it have
/// their own fuzzing, which mutates this fixture too).
#[test]
fn any_value_anywhere_does_not_panic() {
    let fixture = include_str!("../../../tests/fixtures/swagger2.yaml");
    let original = match crate::parse::parse_text(fixture) {
        Ok(value) => value,
        Err(e) => panic!("the fixture parses: {e}"),
    };
    let mut places = Vec::new();
    collect_places(&original, &crate::pointer::JsonPointer::root(), &mut places);
    assert!(places.len() > 300, "{}", places.len());
    let odd = [
        Value::Null,
        json!(7),
        json!("text"),
        json!([1, {}]),
        json!({}),
        json!({"$ref": "#/definitions/Nowhere"}),
    ];
    for place in &places {
        for value in &odd {
            let mut doc = original.clone();
            if let Some(slot) = place.resolve_mut(&mut doc) {
                *slot = value.clone();
            }
            let mut warnings = Vec::new();
            upgrade(&mut doc, &mut warnings);
        }
    }
}

fn collect_places(
    value: &Value,
    at: &crate::pointer::JsonPointer,
    out: &mut Vec<crate::pointer::JsonPointer>,
) {
    // The root stays an object with `swagger`, or nothing is converted.
    if !at.tokens().is_empty() {
        out.push(at.clone());
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                collect_places(child, &at.push(key.as_str()), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_places(child, &at.push(i.to_string()), out);
            }
        }
        _ => {}
    }
}
