//! The OpenAPI 3.0 object graph over raw JSON: which children of which
//! OpenAPI object are themselves OpenAPI objects, and a walker over them.
//!
//! This is the one description of the document's shape that the raw-JSON
//! passes share: the loader's error location (`load::typed::locate`,
//! read-only), the 3.1 → 3.0 rewrite ([`crate::v31`], in place), the
//! Swagger 2.0 conversion's schema and reference passes
//! ([`crate::swagger2`]), bundling ([`crate::bundle`]), the `allOf` fold
//! ([`crate::all_of`], read-only, applied after) and the `$ref` index
//! lowering reads ([`crate::lower`], read-only). Each pass is a visitor; the
//! table ([`Kind::edges`]) says where to go, the visitor what to do there.
//! A Swagger 2.0 document, before its conversion, has a table of its own
//! ([`Kind::edges_in`] with [`Dialect::Swagger2`]).
//!
//! The table follows the objects `openapiv3` reads. A Reference Object has no
//! children of its own: visitors return [`Step::Skip`] on one (the walker does
//! not decide that for them, since the rewrite inlines some references first).

use std::ops::ControlFlow;

use serde_json::Value;

use crate::pointer::JsonPointer;

/// The HTTP methods a Path Item Object may hold an operation under.
pub(crate) const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An OpenAPI object type, as far as the walkers tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// The OpenAPI Object (the document).
    Root,
    /// The Paths Object.
    Paths,
    PathItem,
    Operation,
    /// The Responses Object (status code → response).
    Responses,
    /// A Callback Object (expression → path item).
    Callback,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Components,
    Schema,
    SecurityScheme,
    Example,
    Link,
}

/// Which keys of a map hold OpenAPI objects.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Keys {
    /// Every key (component names, property names, media types).
    All,
    /// Every key but `x-` extensions (responses, callbacks).
    NotExtensions,
    /// Path templates: keys starting with `/`.
    PathTemplates,
}

impl Keys {
    fn admits(self, key: &str) -> bool {
        match self {
            Keys::All => true,
            Keys::NotExtensions => !key.starts_with("x-"),
            Keys::PathTemplates => key.starts_with('/'),
        }
    }
}

/// Where an object's children of one kind sit.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape {
    /// `object[key]`, one child.
    One(&'static str),
    /// `object[key]` only when it is an object (elsewhere a boolean is valid,
    /// as for `additionalProperties`).
    OneObject(&'static str),
    /// Every element of the array `object[key]`.
    List(&'static str),
    /// Every value of the map `object[key]` whose key is admitted.
    Map(&'static str, Keys),
    /// Every value of the object itself whose key is admitted.
    Entries(Keys),
}

/// One kind of child of an OpenAPI object.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub(crate) shape: Shape,
    pub(crate) child: Kind,
}

const fn edge(shape: Shape, child: Kind) -> Edge {
    Edge { shape, child }
}

/// The document's children: its paths, then its components.
const ROOT: &[Edge] = &[
    edge(Shape::One("paths"), Kind::Paths),
    edge(Shape::One("components"), Kind::Components),
];

/// A Paths Object's children: one path item per path template.
const PATHS: &[Edge] = &[edge(Shape::Entries(Keys::PathTemplates), Kind::PathItem)];

/// A Path Item Object's children: its parameters, then one operation per
/// method of [`HTTP_METHODS`].
const PATH_ITEM: [Edge; 1 + HTTP_METHODS.len()] = {
    let mut edges = [edge(Shape::List("parameters"), Kind::Parameter); 1 + HTTP_METHODS.len()];
    let mut i = 0;
    while i < HTTP_METHODS.len() {
        edges[1 + i] = edge(Shape::One(HTTP_METHODS[i]), Kind::Operation);
        i += 1;
    }
    edges
};

/// An Operation Object's children.
const OPERATION: &[Edge] = &[
    edge(Shape::List("parameters"), Kind::Parameter),
    edge(Shape::One("requestBody"), Kind::RequestBody),
    edge(Shape::One("responses"), Kind::Responses),
    edge(Shape::Map("callbacks", Keys::All), Kind::Callback),
];

/// A Responses Object's children: one response per status code.
const RESPONSES: &[Edge] = &[edge(Shape::Entries(Keys::NotExtensions), Kind::Response)];

/// A Callback Object's children: one path item per expression.
const CALLBACK: &[Edge] = &[edge(Shape::Entries(Keys::NotExtensions), Kind::PathItem)];

/// The children of a Parameter Object, and of a Header Object (which is a
/// parameter without its name and location).
const PARAMETER: &[Edge] = &[
    edge(Shape::One("schema"), Kind::Schema),
    edge(Shape::Map("content", Keys::All), Kind::MediaType),
    edge(Shape::Map("examples", Keys::All), Kind::Example),
];

/// A Request Body Object's children: one media type per content type.
const REQUEST_BODY: &[Edge] = &[edge(Shape::Map("content", Keys::All), Kind::MediaType)];

/// A Response Object's children.
const RESPONSE: &[Edge] = &[
    edge(Shape::Map("headers", Keys::All), Kind::Header),
    edge(Shape::Map("content", Keys::All), Kind::MediaType),
    edge(Shape::Map("links", Keys::All), Kind::Link),
];

/// A Media Type Object's children.
const MEDIA_TYPE: &[Edge] = &[
    edge(Shape::One("schema"), Kind::Schema),
    edge(Shape::Map("examples", Keys::All), Kind::Example),
    edge(Shape::Map("encoding", Keys::All), Kind::Encoding),
];

/// An Encoding Object's children: its headers.
const ENCODING: &[Edge] = &[edge(Shape::Map("headers", Keys::All), Kind::Header)];

/// A Components Object's children: one map per component type.
const COMPONENTS: &[Edge] = &[
    edge(Shape::Map("schemas", Keys::All), Kind::Schema),
    edge(Shape::Map("responses", Keys::All), Kind::Response),
    edge(Shape::Map("parameters", Keys::All), Kind::Parameter),
    edge(Shape::Map("examples", Keys::All), Kind::Example),
    edge(Shape::Map("requestBodies", Keys::All), Kind::RequestBody),
    edge(Shape::Map("headers", Keys::All), Kind::Header),
    edge(
        Shape::Map("securitySchemes", Keys::All),
        Kind::SecurityScheme,
    ),
    edge(Shape::Map("links", Keys::All), Kind::Link),
    edge(Shape::Map("callbacks", Keys::All), Kind::Callback),
];

/// The children of a Swagger 2.0 document: its paths, and the maps of
/// reusable objects it keeps on the root (3.0 moved them to `components`).
const SWAGGER2_ROOT: &[Edge] = &[
    edge(Shape::One("paths"), Kind::Paths),
    edge(Shape::Map("definitions", Keys::All), Kind::Schema),
    edge(Shape::Map("parameters", Keys::All), Kind::Parameter),
    edge(Shape::Map("responses", Keys::All), Kind::Response),
];

/// A Swagger 2.0 operation's children: a body travels as a parameter.
const SWAGGER2_OPERATION: &[Edge] = &[
    edge(Shape::List("parameters"), Kind::Parameter),
    edge(Shape::One("responses"), Kind::Responses),
];

/// A Swagger 2.0 parameter's child: the schema of a body parameter (the
/// others describe their value with keywords of their own, no schema).
const SWAGGER2_PARAMETER: &[Edge] = &[edge(Shape::One("schema"), Kind::Schema)];

/// A Swagger 2.0 response's children: its body's schema sits on it.
const SWAGGER2_RESPONSE: &[Edge] = &[
    edge(Shape::One("schema"), Kind::Schema),
    edge(Shape::Map("headers", Keys::All), Kind::Header),
];

/// A Schema Object's children: its properties, items, additional
/// properties, the members of its compositions and its negation.
const SCHEMA: &[Edge] = &[
    edge(Shape::Map("properties", Keys::All), Kind::Schema),
    edge(Shape::One("items"), Kind::Schema),
    edge(Shape::OneObject("additionalProperties"), Kind::Schema),
    edge(Shape::List("allOf"), Kind::Schema),
    edge(Shape::List("oneOf"), Kind::Schema),
    edge(Shape::List("anyOf"), Kind::Schema),
    edge(Shape::One("not"), Kind::Schema),
];

impl Kind {
    /// The children of an object of this kind that are OpenAPI objects, in
    /// the order the walkers visit them. The rows are the constants above,
    /// one per kind with children, built with [`edge`] in a `const` item
    /// because a `const fn` call in a function body is not promoted to a
    /// `'static` value.
    pub(crate) fn edges(self) -> &'static [Edge] {
        self.edges_in(Dialect::OpenApi3)
    }

    /// [`Self::edges`] in a document of `dialect`: Swagger 2.0 keeps its
    /// reusable objects on the root, bodies as parameters and a response's
    /// schema on the response; its headers and body-less parameters hold
    /// no OpenAPI objects (their `items` describe values, not schemas).
    pub(crate) fn edges_in(self, dialect: Dialect) -> &'static [Edge] {
        match (dialect, self) {
            (Dialect::OpenApi3, kind) => kind.openapi3_edges(),
            (Dialect::Swagger2, Kind::Root) => SWAGGER2_ROOT,
            (Dialect::Swagger2, Kind::Operation) => SWAGGER2_OPERATION,
            (Dialect::Swagger2, Kind::Parameter) => SWAGGER2_PARAMETER,
            (Dialect::Swagger2, Kind::Response) => SWAGGER2_RESPONSE,
            (
                Dialect::Swagger2,
                Kind::Header
                | Kind::Components
                | Kind::RequestBody
                | Kind::MediaType
                | Kind::Encoding
                | Kind::Callback,
            ) => &[],
            (Dialect::Swagger2, kind) => kind.openapi3_edges(),
        }
    }

    fn openapi3_edges(self) -> &'static [Edge] {
        match self {
            Kind::Root => ROOT,
            Kind::Paths => PATHS,
            Kind::PathItem => &PATH_ITEM,
            Kind::Operation => OPERATION,
            Kind::Responses => RESPONSES,
            Kind::Callback => CALLBACK,
            Kind::Parameter | Kind::Header => PARAMETER,
            Kind::RequestBody => REQUEST_BODY,
            Kind::Response => RESPONSE,
            Kind::MediaType => MEDIA_TYPE,
            Kind::Encoding => ENCODING,
            Kind::Components => COMPONENTS,
            Kind::Schema => SCHEMA,
            Kind::SecurityScheme | Kind::Example | Kind::Link => &[],
        }
    }
}

/// Which specification's object graph a document follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// OpenAPI 3.0 (and 3.1, whose one extra place, `$defs`, its pass adds).
    OpenApi3,
    /// Swagger 2.0 (OpenAPI 2.0), before [`crate::swagger2`] converts it.
    Swagger2,
}

impl Dialect {
    /// The dialect of the document `root`: Swagger 2.0 when it says
    /// `swagger` (the loader has checked the version by then).
    pub(crate) fn of(root: &Value) -> Self {
        if root.get("swagger").is_some() {
            Dialect::Swagger2
        } else {
            Dialect::OpenApi3
        }
    }

    /// The key of the object holding the maps of reusable objects
    /// (`components`), or `None` when they sit on the root (Swagger 2.0).
    pub(crate) fn components_key(self) -> Option<&'static str> {
        match self {
            Dialect::OpenApi3 => Some("components"),
            Dialect::Swagger2 => None,
        }
    }

    /// The maps of reusable objects (`schemas`, `parameters`, …; in 2.0
    /// `definitions`, …), each with the kind of object it holds.
    pub(crate) fn component_maps(self) -> impl Iterator<Item = (&'static str, Kind)> {
        let holder = match self {
            Dialect::OpenApi3 => Kind::Components,
            Dialect::Swagger2 => Kind::Root,
        };
        holder.edges_in(self).iter().filter_map(|e| match e.shape {
            Shape::Map(map, _) => Some((map, e.child)),
            _ => None,
        })
    }
}

/// Where the walker is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node<'n> {
    pub(crate) kind: Kind,
    /// The key of the field holding this object in its parent (`oneOf`,
    /// `properties`, `get`); empty for the start and for `Entries` children.
    pub(crate) via: &'static str,
    pub(crate) at: &'n JsonPointer,
}

/// What to do after entering a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Walk the children, then call `leave`.
    Descend,
    /// Neither the children nor `leave`.
    Skip,
}

/// A read-only pass over the object graph.
pub(crate) trait Visit {
    fn enter(&mut self, node: Node<'_>, value: &Value) -> Step;
    /// Called after the children of a node `enter` descended into.
    fn leave(&mut self, _node: Node<'_>, _value: &Value) -> ControlFlow<()> {
        ControlFlow::Continue(())
    }
}

/// A pass that rewrites the object graph in place.
pub(crate) trait VisitMut {
    fn enter(&mut self, node: Node<'_>, value: &mut Value) -> Step;
    /// Called after the children of a node `enter` descended into.
    fn leave(&mut self, _node: Node<'_>, _value: &mut Value) -> ControlFlow<()> {
        ControlFlow::Continue(())
    }
}

/// Whether a walk from the document's root (`root`) enters the place `at`:
/// whether it is an OpenAPI object the table describes.
pub(crate) fn reached(root: &Value, at: &JsonPointer) -> bool {
    let mut kind = Kind::Root;
    let mut value = root;
    let mut rest = at.tokens();
    'step: while let [first, tail @ ..] = rest {
        for edge in kind.edges() {
            let (child, used) = match edge.shape {
                Shape::One(key) if first == key => (value.get(key), 1),
                Shape::OneObject(key) if first == key => {
                    (value.get(key).filter(|v| v.is_object()), 1)
                }
                Shape::List(key) if first == key => {
                    let item = tail.first().and_then(|i| i.parse::<usize>().ok());
                    (value.get(key).zip(item).and_then(|(l, i)| l.get(i)), 2)
                }
                Shape::Map(key, keys) if first == key => {
                    let entry = tail.first().filter(|k| keys.admits(k));
                    (
                        value
                            .get(key)
                            .zip(entry)
                            .and_then(|(m, k)| m.get(k.as_str())),
                        2,
                    )
                }
                Shape::Entries(keys) if keys.admits(first) => (value.get(first.as_str()), 1),
                _ => continue,
            };
            let Some(child) = child else {
                return false;
            };
            kind = edge.child;
            value = child;
            rest = &rest[used..];
            continue 'step;
        }
        return false;
    }
    true
}

/// Walks `value`, an object of `kind` at `at`, depth first. A `leave` that
/// breaks ends the whole walk.
pub(crate) fn walk(kind: Kind, value: &Value, at: &JsonPointer, v: &mut impl Visit) {
    let _ = walk_node(Node { kind, via: "", at }, value, v);
}

/// Walks `value` like [`walk`], letting the visitor rewrite it on the way.
pub(crate) fn walk_mut(kind: Kind, value: &mut Value, at: &JsonPointer, v: &mut impl VisitMut) {
    walk_mut_in(Dialect::OpenApi3, kind, value, at, v);
}

/// [`walk_mut`] over a document of `dialect` (its table: [`Kind::edges_in`]).
pub(crate) fn walk_mut_in(
    dialect: Dialect,
    kind: Kind,
    value: &mut Value,
    at: &JsonPointer,
    v: &mut impl VisitMut,
) {
    let _ = walk_node_mut(dialect, Node { kind, via: "", at }, value, v);
}

fn walk_node(node: Node<'_>, value: &Value, v: &mut impl Visit) -> ControlFlow<()> {
    match v.enter(node, value) {
        Step::Descend => {}
        Step::Skip => return ControlFlow::Continue(()),
    }
    for edge in node.kind.edges() {
        let (container, via, keys) = match edge.shape {
            Shape::One(key) | Shape::OneObject(key) => {
                let Some(child) = value.get(key) else {
                    continue;
                };
                if matches!(edge.shape, Shape::OneObject(_)) && !child.is_object() {
                    continue;
                }
                let at = node.at.push(key);
                walk_node(child_node(edge, key, &at), child, v)?;
                continue;
            }
            Shape::List(key) => {
                let Some(Value::Array(items)) = value.get(key) else {
                    continue;
                };
                let at = node.at.push(key);
                for (i, child) in items.iter().enumerate() {
                    walk_node(child_node(edge, key, &at.push(i.to_string())), child, v)?;
                }
                continue;
            }
            Shape::Map(key, keys) => (value.get(key), key, keys),
            Shape::Entries(keys) => (Some(value), "", keys),
        };
        let Some(Value::Object(map)) = container else {
            continue;
        };
        let at = if via.is_empty() {
            node.at.clone()
        } else {
            node.at.push(via)
        };
        for (k, child) in map.iter().filter(|(k, _)| keys.admits(k)) {
            walk_node(child_node(edge, via, &at.push(k.as_str())), child, v)?;
        }
    }
    v.leave(node, value)
}

fn walk_node_mut(
    dialect: Dialect,
    node: Node<'_>,
    value: &mut Value,
    v: &mut impl VisitMut,
) -> ControlFlow<()> {
    match v.enter(node, value) {
        Step::Descend => {}
        Step::Skip => return ControlFlow::Continue(()),
    }
    for edge in node.kind.edges_in(dialect) {
        let (container, via, keys) = match edge.shape {
            Shape::One(key) | Shape::OneObject(key) => {
                let Some(child) = value.get_mut(key) else {
                    continue;
                };
                if matches!(edge.shape, Shape::OneObject(_)) && !child.is_object() {
                    continue;
                }
                let at = node.at.push(key);
                walk_node_mut(dialect, child_node(edge, key, &at), child, v)?;
                continue;
            }
            Shape::List(key) => {
                let Some(Value::Array(items)) = value.get_mut(key) else {
                    continue;
                };
                let at = node.at.push(key);
                for (i, child) in items.iter_mut().enumerate() {
                    walk_node_mut(
                        dialect,
                        child_node(edge, key, &at.push(i.to_string())),
                        child,
                        v,
                    )?;
                }
                continue;
            }
            Shape::Map(key, keys) => (value.get_mut(key), key, keys),
            Shape::Entries(keys) => (Some(&mut *value), "", keys),
        };
        let Some(Value::Object(map)) = container else {
            continue;
        };
        let at = if via.is_empty() {
            node.at.clone()
        } else {
            node.at.push(via)
        };
        for (k, child) in map.iter_mut().filter(|(k, _)| keys.admits(k)) {
            walk_node_mut(
                dialect,
                child_node(edge, via, &at.push(k.as_str())),
                child,
                v,
            )?;
        }
    }
    v.leave(node, value)
}

fn child_node<'n>(edge: &Edge, via: &'static str, at: &'n JsonPointer) -> Node<'n> {
    Node {
        kind: edge.child,
        via,
        at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Seen(Vec<(Kind, String)>);

    impl Visit for Seen {
        fn enter(&mut self, node: Node<'_>, value: &Value) -> Step {
            self.0.push((node.kind, node.at.to_string()));
            if value.get("$ref").is_some() {
                Step::Skip
            } else {
                Step::Descend
            }
        }
    }

    struct SeenMut(Vec<(Kind, String)>);

    impl VisitMut for SeenMut {
        fn enter(&mut self, node: Node<'_>, value: &mut Value) -> Step {
            self.0.push((node.kind, node.at.to_string()));
            if value.get("$ref").is_some() {
                Step::Skip
            } else {
                Step::Descend
            }
        }
    }

    #[test]
    fn a_swagger_2_document_has_its_own_table() {
        let mut doc = json!({
            "swagger": "2.0",
            "paths": {"/a": {"post": {
                "parameters": [{"in": "body", "schema": {"items": {}}}, {"in": "query", "items": {}}],
                "responses": {"200": {"schema": {}, "headers": {"H": {"items": {}}}}},
            }}},
            "definitions": {"D": {"properties": {"p": {}}}},
            "parameters": {"P": {"in": "body", "schema": {}}},
            "responses": {"R": {"schema": {"$ref": "#/definitions/D"}}},
            "components": {"schemas": {"Ignored": {}}},
        });
        assert_eq!(Dialect::of(&doc), Dialect::Swagger2);
        let mut seen = SeenMut(Vec::new());
        walk_mut_in(
            Dialect::Swagger2,
            Kind::Root,
            &mut doc,
            &JsonPointer::root(),
            &mut seen,
        );
        let places: Vec<&str> = seen.0.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(
            places,
            [
                "#",
                "#/paths",
                "#/paths/~1a",
                "#/paths/~1a/post",
                "#/paths/~1a/post/parameters/0",
                "#/paths/~1a/post/parameters/0/schema",
                "#/paths/~1a/post/parameters/0/schema/items",
                "#/paths/~1a/post/parameters/1",
                "#/paths/~1a/post/responses",
                "#/paths/~1a/post/responses/200",
                "#/paths/~1a/post/responses/200/schema",
                "#/paths/~1a/post/responses/200/headers/H",
                "#/definitions/D",
                "#/definitions/D/properties/p",
                "#/parameters/P",
                "#/parameters/P/schema",
                "#/responses/R",
                "#/responses/R/schema",
            ]
        );
        let maps: Vec<_> = Dialect::Swagger2.component_maps().collect();
        assert_eq!(
            maps,
            [
                ("definitions", Kind::Schema),
                ("parameters", Kind::Parameter),
                ("responses", Kind::Response),
            ]
        );
        assert_eq!(Dialect::of(&json!({"openapi": "3.0.3"})), Dialect::OpenApi3);
    }

    #[test]
    fn visits_openapi_objects_only() {
        let doc = json!({
            "paths": {
                "/a": {"get": {
                    "parameters": [{"$ref": "#/components/parameters/P"}],
                    "responses": {"200": {"content": {"application/json": {"schema": {
                        "properties": {"p": {"additionalProperties": true}},
                    }}}}, "x-e": {}},
                }},
                "x-ext": {"get": {}},
            },
            "components": {"parameters": {"P": {"schema": {"items": {}}}}},
        });
        let mut seen = Seen(Vec::new());
        walk(Kind::Root, &doc, &JsonPointer::root(), &mut seen);
        let kinds: Vec<(Kind, &str)> = seen.0.iter().map(|(k, p)| (*k, p.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Root, "#"),
                (Kind::Paths, "#/paths"),
                (Kind::PathItem, "#/paths/~1a"),
                (Kind::Operation, "#/paths/~1a/get"),
                (Kind::Parameter, "#/paths/~1a/get/parameters/0"),
                (Kind::Responses, "#/paths/~1a/get/responses"),
                (Kind::Response, "#/paths/~1a/get/responses/200"),
                (
                    Kind::MediaType,
                    "#/paths/~1a/get/responses/200/content/application~1json"
                ),
                (
                    Kind::Schema,
                    "#/paths/~1a/get/responses/200/content/application~1json/schema"
                ),
                (
                    Kind::Schema,
                    "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/p"
                ),
                (Kind::Components, "#/components"),
                (Kind::Parameter, "#/components/parameters/P"),
                (Kind::Schema, "#/components/parameters/P/schema"),
                (Kind::Schema, "#/components/parameters/P/schema/items"),
            ]
        );
    }
}
