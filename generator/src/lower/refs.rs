//! Every `$ref` of the document, resolved once before lowering starts.
//!
//! [`index`] walks the object graph ([`crate::graph`]) and notes each
//! Reference Object with the kind of object its place calls for (a `$ref`
//! under `parameters` names a Parameter Object). Each distinct reference is
//! then followed through chains of local references to its final target and
//! read as that kind once: a target that is a component (or a path item) is
//! the typed value `load` already read, borrowed; any other target is
//! deserialised from the raw JSON and kept. Targets outside the places the
//! walk covers (`x-` extensions, `$defs`) are walked in turn, so references
//! inside them are indexed too.
//!
//! Lowering then only reads the index ([`super::Ctx::resolve`]). A broken
//! reference is kept as [`Broken`] and turned into a diagnostic where
//! lowering meets it, so the warning still names the place that refers.

use std::collections::{HashMap, HashSet};

use openapiv3::{Components, SecurityScheme};
use openapiv3::{OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde::Deserialize;
use serde_json::Value;

use crate::graph::{self, Kind, Node, Step, Visit};
use crate::load::Document;
use crate::pointer::JsonPointer;
use crate::reference::Broken;

/// The resolved references of one document, by kind, keyed by the
/// reference text as written.
#[derive(Default)]
pub(crate) struct Refs<'a> {
    schemas: Table<'a, Schema>,
    parameters: Table<'a, Parameter>,
    request_bodies: Table<'a, RequestBody>,
    responses: Table<'a, Response>,
    path_items: Table<'a, PathItem>,
    security_schemes: Table<'a, SecurityScheme>,
}

type Table<'a, T> = HashMap<String, Result<Target<'a, T>, Broken>>;

/// Where a reference (chain) ends, and the object there.
pub(crate) struct Target<'a, T> {
    value: Stored<'a, T>,
    pub(crate) at: JsonPointer,
}

impl<'a, T> Target<'a, T> {
    pub(crate) fn value(&self) -> &T {
        match &self.value {
            Stored::Document(t) => t,
            Stored::Own(t) => t,
        }
    }
}

enum Stored<'a, T> {
    /// The typed value `load` read (a component or a path item).
    Document(&'a T),
    /// Read from the raw JSON when indexing.
    Own(Box<T>),
}

/// An object kind lowering resolves references to.
pub(crate) trait Referable: Sized + 'static + for<'de> Deserialize<'de> {
    /// Its place in the object graph.
    const KIND: Kind;
    fn table<'r, 'a>(refs: &'r Refs<'a>) -> &'r Table<'a, Self>;
    fn table_mut<'r, 'a>(refs: &'r mut Refs<'a>) -> &'r mut Table<'a, Self>;
    /// The typed value `load` read at `target`, when that is where this
    /// kind lives in the document (`#/components/schemas/Pet`).
    fn in_document<'a>(api: &'a OpenAPI, target: &[String]) -> Option<&'a Self>;
}

/// The item of `components.<map>[key]` for a `[components, map, key]` target.
fn component<'a, T>(
    api: &'a OpenAPI,
    target: &[String],
    map_name: &str,
    map: fn(&Components) -> &indexmap::IndexMap<String, ReferenceOr<T>>,
) -> Option<&'a T> {
    match target {
        [c, m, key] if c == "components" && m == map_name => {
            match map(api.components.as_ref()?).get(key)? {
                ReferenceOr::Item(t) => Some(t),
                ReferenceOr::Reference { .. } => None,
            }
        }
        _ => None,
    }
}

macro_rules! referable {
    ($ty:ty, $kind:expr, $field:ident, $map:literal) => {
        impl Referable for $ty {
            const KIND: Kind = $kind;
            fn table<'r, 'a>(refs: &'r Refs<'a>) -> &'r Table<'a, Self> {
                &refs.$field
            }
            fn table_mut<'r, 'a>(refs: &'r mut Refs<'a>) -> &'r mut Table<'a, Self> {
                &mut refs.$field
            }
            fn in_document<'a>(api: &'a OpenAPI, target: &[String]) -> Option<&'a Self> {
                component(api, target, $map, |c| &c.$field)
            }
        }
    };
}

referable!(Schema, Kind::Schema, schemas, "schemas");
referable!(Parameter, Kind::Parameter, parameters, "parameters");
referable!(
    RequestBody,
    Kind::RequestBody,
    request_bodies,
    "requestBodies"
);
referable!(Response, Kind::Response, responses, "responses");
referable!(
    SecurityScheme,
    Kind::SecurityScheme,
    security_schemes,
    "securitySchemes"
);

impl Referable for PathItem {
    const KIND: Kind = Kind::PathItem;
    fn table<'r, 'a>(refs: &'r Refs<'a>) -> &'r Table<'a, Self> {
        &refs.path_items
    }
    fn table_mut<'r, 'a>(refs: &'r mut Refs<'a>) -> &'r mut Table<'a, Self> {
        &mut refs.path_items
    }
    fn in_document<'a>(api: &'a OpenAPI, target: &[String]) -> Option<&'a Self> {
        match target {
            [p, path] if p == "paths" => match api.paths.paths.get(path)? {
                ReferenceOr::Item(item) => Some(item),
                ReferenceOr::Reference { .. } => None,
            },
            _ => None,
        }
    }
}

impl<'a> Refs<'a> {
    /// What `reference`, met where an object of kind `T` belongs, resolves
    /// to; `None` when the index never saw it (which the walk rules out for
    /// every place `openapiv3` reads a reference).
    pub(crate) fn get<T: Referable>(
        &self,
        reference: &str,
    ) -> Option<&Result<Target<'a, T>, Broken>> {
        T::table(self).get(reference)
    }

    /// Follows `reference`, reads its target as a `T` and walks the target
    /// for further references when the document walk did not cover it.
    fn add<T: Referable>(&mut self, doc: &'a Document, reference: String, found: &mut Found) {
        if T::table(self).contains_key(&reference) {
            return;
        }
        let entry = doc
            .raw_doc()
            .follow(&reference)
            .and_then(|(at, value, link)| {
                if let Some(t) = T::in_document(&doc.api, at.tokens()) {
                    // `load` read it, and the document walk went through it.
                    return Ok(Target {
                        value: Stored::Document(t),
                        at,
                    });
                }
                let t = T::deserialize(value).map_err(|e| Broken::Unreadable {
                    at: at.clone(),
                    reference: link,
                    message: e.to_string(),
                })?;
                if found.walked.insert((T::KIND, at.clone())) {
                    graph::walk(T::KIND, value, &at, found);
                }
                Ok(Target {
                    value: Stored::Own(Box::new(t)),
                    at,
                })
            });
        T::table_mut(self).insert(reference, entry);
    }
}

/// The walk that notes references, with the kind of their place.
#[derive(Default)]
struct Found {
    queue: Vec<(Kind, String)>,
    seen: HashSet<(Kind, String)>,
    /// Targets already walked, so cycles through them end.
    walked: HashSet<(Kind, JsonPointer)>,
}

impl Visit for Found {
    fn enter(&mut self, node: Node<'_>, value: &Value) -> Step {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Step::Descend;
        };
        if self.seen.insert((node.kind, reference.to_owned())) {
            self.queue.push((node.kind, reference.to_owned()));
        }
        // A Reference Object has no children of its own.
        Step::Skip
    }
}

/// Builds the index of `doc`'s references.
pub(crate) fn index(doc: &Document) -> Refs<'_> {
    let mut found = Found::default();
    graph::walk(Kind::Root, &doc.raw, &JsonPointer::root(), &mut found);
    let mut refs = Refs::default();
    while let Some((kind, reference)) = found.queue.pop() {
        match kind {
            Kind::Schema => refs.add::<Schema>(doc, reference, &mut found),
            Kind::Parameter => refs.add::<Parameter>(doc, reference, &mut found),
            Kind::RequestBody => refs.add::<RequestBody>(doc, reference, &mut found),
            Kind::Response => refs.add::<Response>(doc, reference, &mut found),
            Kind::PathItem => refs.add::<PathItem>(doc, reference, &mut found),
            Kind::SecurityScheme => refs.add::<SecurityScheme>(doc, reference, &mut found),
            // Lowering does not read these kinds through references.
            _ => {}
        }
    }
    refs
}
