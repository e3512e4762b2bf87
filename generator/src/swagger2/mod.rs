//! Swagger 2.0 (OpenAPI 2.0) → OpenAPI 3.0.3, rewritten on the raw JSON
//! value before anything else in load reads it, like [`crate::v31`] does
//! for 3.1. [`upgrade`] only acts on documents that say `swagger` (the
//! loader has checked it says `2.0`); it runs after bundling, which reads a
//! 2.0 document's other files through the 2.0 object graph
//! ([`crate::graph::Dialect::Swagger2`]), so it sees one document.
//!
//! # What is converted
//!
//! Document level:
//! - `swagger: 2.0` → `openapi: 3.0.3`; `info`, `tags`, `externalDocs`,
//!   `security` and vendor extensions are carried over as they are.
//! - `host`, `basePath`, `schemes` → `servers`: one per scheme, `https`
//!   first, then `http`, `wss`, `ws` (the first server is the client's
//!   default base URL, so the secure one wins); `https` when `schemes` is
//!   missing (2.0 says "the scheme the document was fetched with", which a
//!   generator cannot know). Without `host`, one relative server from
//!   `basePath`. An operation's own `schemes` become its `servers`.
//! - `definitions` → `components.schemas`; `parameters` →
//!   `components.parameters`, except body parameters, which become
//!   `components.requestBodies` (a form parameter is inlined where it is
//!   used instead: a form body is all the operation's form parameters
//!   together, which 3.0 cannot assemble from references); `responses` →
//!   `components.responses`; `securityDefinitions` →
//!   `components.securitySchemes` (`basic` → `http`/`basic`; `apiKey` as
//!   it is; `oauth2` flows `implicit`, `password`, `application` →
//!   `clientCredentials`, `accessCode` → `authorizationCode`).
//!
//! Operations (path-level parameters included; query, path and header ones
//! stay at the path level, body and form ones move into each operation,
//! where the operation's own parameters override them by name):
//! - a body parameter → `requestBody`, one media type per `consumes` entry
//!   (the operation's, else the document's, else `application/json`); a
//!   `$ref` to a shared body parameter → `requestBody: {$ref}` to its
//!   component, unless the operation consumes other media types than the
//!   document (then the body is inlined with the operation's);
//! - form parameters → one `requestBody` of `multipart/form-data` (when
//!   `consumes` lists it or a parameter is a file) or
//!   `application/x-www-form-urlencoded`, its schema an object with one
//!   property per parameter (`type: file` → binary string), `required`
//!   from the parameters', arrays' `collectionFormat` as the encoding's
//!   `style`/`explode`;
//! - other parameters: the value keywords (`type`, `format`, `items`,
//!   `enum`, `default`, `minimum`, …) → `schema`; `collectionFormat` →
//!   `style`/`explode` (`csv`, also the default → `form` unexploded in the
//!   query, `simple` in the path and headers; `ssv` → `spaceDelimited`;
//!   `pipes` → `pipeDelimited`; `multi` → `form` exploded);
//!   `allowEmptyValue` kept; `x-example` → `example`;
//! - `produces` (the operation's, else the document's, else
//!   `application/json`; `application/octet-stream` for a file response
//!   when none is given) → each response's media types, its `schema` under
//!   each; `examples` → the media type's `example` (a media type an
//!   example names that `produces` lacks is added); response headers'
//!   value keywords → `schema`.
//!
//! Every Schema Object: `x-nullable: true` → `nullable: true` (beside a
//! `$ref`: `allOf: [$ref]` with `nullable`, the 3.0 idiom); `type: file` →
//! `type: string, format: binary`; `discriminator: name` →
//! `discriminator: {propertyName: name}`.
//!
//! Every local `$ref` follows what it points to: `#/definitions/X` →
//! `#/components/schemas/X`, `#/parameters/X` → `#/components/parameters/X`
//! (or `…/requestBodies/X`), `#/responses/X` → `#/components/responses/X`,
//! and any other moved place likewise (`…/responses/200/schema` → its
//! first media type's schema). [`upgrade`] returns the converted places
//! with the ones they came from, so every later diagnostic names the
//! document as written (`#/definitions/Pet`, not `#/components/schemas/Pet`).
//!
//! # What is dropped
//!
//! With a warning at its place in the document as written: a `tsv`
//! `collectionFormat` (sent as `csv`), `ssv`/`pipes`/`multi` outside the
//! query and form (sent as `csv`), `collectionFormat` of nested `items`,
//! `allowEmptyValue` outside the query, a second body parameter, form
//! parameters beside a body parameter, security schemes of unknown type
//! or flow, `examples` of a response without a schema, and what is not
//! the shape 2.0 gives it where the conversion needs that shape (a
//! `parameters` that is not a list, a `definitions` that is not a map).
//! A body on `GET` or `HEAD` is kept with a warning: 3.0 gives it no
//! meaning and HTTP stacks may drop it. Silently: `consumes`, `produces` and `schemes`, once
//! used; `x-nullable: false`.
//!
//! # What is left alone
//!
//! What later stages report better than a guess here: a `$ref` that
//! resolves to nothing, a missing `info` or `paths`, an unknown parameter
//! location, values of the wrong JSON type. They keep their place, so the
//! diagnostics name it.

mod body;
mod document;
mod moves;
mod operation;
mod parameter;
mod refs;
mod response;
mod schema;
mod security;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

use moves::Moves;

type Object = Map<String, Value>;

/// The media type of bodies and responses when `consumes`/`produces` say
/// none.
const DEFAULT_MEDIA: &str = "application/json";

/// Rewrites a Swagger 2.0 document (as JSON) into OpenAPI 3.0.3 in place,
/// pushing a warning (at its place in `doc` as given) for each construct
/// with no 3.0 form. Returns each converted place with the place it came
/// from, for relocating later diagnostics ([`crate::bundle::Origins`]).
/// A document without a `swagger` field is left as it is.
pub(crate) fn upgrade(
    doc: &mut Value,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<(JsonPointer, JsonPointer)> {
    if !doc
        .as_object()
        .is_some_and(|root| root.contains_key("swagger"))
    {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut cx = Cx {
        warnings: &mut found,
        moves: Moves::default(),
        shared_parameters: Object::new(),
        consumes: None,
        produces: None,
        server: None,
    };
    schema::rewrite_all(doc, &mut cx);
    if let Value::Object(root) = std::mem::take(doc) {
        *doc = Value::Object(document::convert(root, &mut cx));
    }
    refs::rewrite_all(doc, &cx.moves);
    let places = cx.moves.into_places();
    // A path item's parameter is met once per operation: said once.
    let mut seen = std::collections::BTreeSet::new();
    for w in found {
        if seen.insert(w.clone()) {
            warnings.push(w);
        }
    }
    places
}

/// State of one conversion.
struct Cx<'w> {
    warnings: &'w mut Vec<Diagnostic>,
    /// Where things went, to rewrite references and relocate diagnostics.
    moves: Moves,
    /// The document's `parameters` map as written: what a `$ref` in a
    /// parameter list names, to tell body and form parameters apart.
    shared_parameters: Object,
    /// The document's `consumes` and `produces`, when given.
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    /// The document's host and base path (for operations' `schemes`).
    server: Option<document::Server>,
}

impl Cx<'_> {
    fn warn(&mut self, at: &JsonPointer, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(at, message));
    }

    /// Notes that what was at `original` is now at `converted`.
    fn moved(&mut self, original: &JsonPointer, converted: &JsonPointer) {
        self.moves.note(original, converted);
    }

    /// A `consumes` or `produces` list at `at`: `None` when missing or not
    /// a list of strings (warned), an empty list when it clears the
    /// document's.
    fn media_list(&mut self, value: Option<&Value>, at: &JsonPointer) -> Option<Vec<String>> {
        match value? {
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            ),
            _ => {
                self.warn(at, "not a list of media types; ignored");
                None
            }
        }
    }
}

/// The media types a body or response uses: `listed` (the operation's or
/// the document's), else `fallback`.
fn media_or(listed: Option<&[String]>, fallback: &str) -> Vec<String> {
    match listed {
        Some(list) if !list.is_empty() => list.to_vec(),
        _ => vec![fallback.to_owned()],
    }
}

/// Whether `key` names a vendor extension.
fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}
