//! Load stage: every `allOf` folded into one schema before the document is
//! read as `openapiv3` types, as the 3.1 rewrite is ([`crate::v31`]), so
//! lowering only ever sees typed schemas without `allOf`.
//!
//! Each schema with `allOf` is replaced by the intersection of its parts
//! ([`merge`] says how), except one whose parts only annotate a single
//! `$ref`: that stays `allOf: [{$ref}]` (with the annotations), the one form
//! of `allOf` lowering reads, so the schema keeps the named type. What a
//! fold copies from elsewhere (a base schema's properties) may hold `allOf`s
//! of its own, which are folded in turn.
//!
//! Folding moves properties: a folded schema's property was declared in one
//! of its parts. [`Folds::declared`] records where, so warnings and inline
//! type docs name the place in the document. The parts themselves leave
//! the document; the places inside them a `$ref` names are kept in
//! [`Folds::detached`], where following references finds them.
//!
//! Folds are computed against the document as written and applied after,
//! so every fold reads the original parts.

mod merge;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::ControlFlow;

use openapiv3::{Schema, SchemaKind, Type};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Degradation, Diagnostic};
use crate::graph::{self, Kind, Node, Step, Visit, VisitMut};
use crate::pointer::JsonPointer;
use crate::reference::RawDoc;
use merge::{Cache, Folded, is_annotation};

/// Folds nest no deeper than this inside each other (a fold copies
/// properties that fold again); real documents nest a few.
const MAX_INLINE_FOLDS: usize = 16;

/// What folding left for lowering.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folds {
    /// The place lowering meets a folded schema's property
    /// (`…/Pet/properties/name`) → where the document declares it
    /// (`…/Named/properties/name`).
    pub(crate) declared: HashMap<JsonPointer, JsonPointer>,
    /// The places inside folded schemas that a `$ref` names (a part, a
    /// property as one part declared it, a `definitions` entry), as the
    /// document wrote them and then folded on their own: what following
    /// the reference finds ([`crate::reference::RawDoc`]).
    pub(crate) detached: HashMap<JsonPointer, Value>,
    /// The folds that gave up on a schema (it became any JSON value).
    pub(crate) degradations: Vec<Degradation>,
}

impl Folds {
    /// Where the property lowering meets at `at` was declared.
    pub(crate) fn declared_at(&self, at: JsonPointer) -> JsonPointer {
        match self.declared.get(&at) {
            Some(declared) => declared.clone(),
            None => at,
        }
    }
}

/// Folds every `allOf` of `raw` in place; warnings go to `warnings`.
pub(crate) fn fold(raw: &mut Value, warnings: &mut Vec<Diagnostic>) -> Folds {
    let mut refs = BTreeSet::new();
    collect_refs(raw, &mut refs);
    let (replacements, mut folds) = {
        let mut folder = Folder::new(RawDoc::new(raw));
        let mut walk = Walk {
            f: &mut folder,
            replacements: Vec::new(),
        };
        graph::walk(Kind::Root, raw, &JsonPointer::root(), &mut walk);
        walk.outside_targets(raw, &refs);
        let replacements = walk.replacements;
        let detached = folder.detach(raw, &replacements, &refs);
        warnings.append(&mut folder.warnings);
        let folds = Folds {
            declared: folder.declared,
            detached,
            degradations: folder.degradations,
        };
        (replacements, folds)
    };
    for (at, value) in replacements {
        if let Some(slot) = at.resolve_mut(raw) {
            *slot = value;
        }
    }
    folds.degradations.sort();
    folds
}

/// Every local `$ref` anywhere in the document, as a pointer.
fn collect_refs(v: &Value, out: &mut BTreeSet<JsonPointer>) {
    match v {
        Value::Object(o) => {
            if let Some(p) = o
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(JsonPointer::from_ref)
            {
                out.insert(p);
            }
            o.values().for_each(|c| collect_refs(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| collect_refs(c, out)),
        _ => {}
    }
}

/// A schema on the way down to the one being folded: the one recursion
/// guard of folding. Meeting a place again, or a fold equal to one being
/// expanded, is a schema that contains itself.
struct Active {
    at: JsonPointer,
    /// The merged value, when this schema is a fold.
    fold: Option<Value>,
}

/// The state of the pass.
pub(super) struct Folder<'v> {
    /// The document as written.
    raw: RawDoc<'v>,
    cache: Cache,
    active: Vec<Active>,
    declared: HashMap<JsonPointer, JsonPointer>,
    warnings: Vec<Diagnostic>,
    degradations: Vec<Degradation>,
}

/// What one schema with `allOf` becomes.
enum Replaced {
    /// The parts annotate one `$ref`: `allOf: [{$ref}]`, nothing to walk.
    Ref(Value),
    /// Folding gave up: the schema's annotations only (any JSON value).
    Degraded(Value),
    /// The merged schema, and the merge before normalising (the guard's
    /// key).
    Folded(Value, Value),
}

impl<'v> Folder<'v> {
    fn new(raw: RawDoc<'v>) -> Self {
        Self {
            raw,
            cache: Cache::default(),
            active: Vec::new(),
            declared: HashMap::new(),
            warnings: Vec::new(),
            degradations: Vec::new(),
        }
    }

    fn warn(&mut self, at: &JsonPointer, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(at, message));
    }

    /// A warning that also records a [`Degradation`].
    fn degrade(&mut self, at: &JsonPointer, reason: impl Into<String>) {
        let reason = reason.into();
        self.warn(at, reason.clone());
        self.degradations.push(Degradation {
            pointer: at.clone(),
            reason,
        });
    }

    /// The raw JSON `reference`, met at `at`, leads to, with its pointer.
    fn resolve_raw(
        &self,
        reference: &str,
        at: &JsonPointer,
    ) -> Result<(&'v Value, JsonPointer), Diagnostic> {
        self.raw
            .follow(reference)
            .map(|(target, value, _)| (value, target))
            .map_err(|broken| broken.diagnostic(at))
    }

    /// Gives up on the schema `value` at `at`: a warning, and its
    /// annotations only.
    fn give_up(&mut self, value: &Value, at: &JsonPointer, reason: String) -> Replaced {
        self.degrade(at, reason);
        Replaced::Degraded(annotations(value))
    }

    /// The schema `value` at `at`, which has `allOf`, folded (its own
    /// nested `allOf`s are the caller's to fold).
    fn fold_here(&mut self, value: &Value, at: &JsonPointer) -> Replaced {
        const ITSELF: &str = "schema contains itself through allOf; using any JSON value";
        // Read as `openapiv3` reads it, so keywords it ignores play no part.
        let value = match normalise(value) {
            Ok(v) => v,
            Err(e) => {
                return self.give_up(
                    value,
                    at,
                    format!("cannot read the allOf: {e}; using any JSON value"),
                );
            }
        };
        let folded = match self.fold_all_of(&value, at) {
            Folded::Ref(reference) => return Replaced::Ref(annotated_ref(&value, reference)),
            Folded::Schema(folded) => folded,
        };
        // Folding removes `allOf`; one left means the schema met itself
        // (a union alternative whose `allOf` names the union).
        if folded.value.get("allOf").is_some() {
            return self.give_up(&value, at, ITSELF.into());
        }
        let merged = match Schema::deserialize(&folded.value) {
            Ok(m) => m,
            Err(e) => {
                let reason =
                    format!("the merged allOf is not a schema ({e}); using any JSON value");
                return self.give_up(&value, at, reason);
            }
        };
        let folds = self.active.iter().filter_map(|a| a.fold.as_ref());
        if folds.clone().count() >= MAX_INLINE_FOLDS
            || folds.into_iter().any(|f| *f == folded.value)
        {
            return self.give_up(&value, at, ITSELF.into());
        }
        if is_object(&merged) {
            for key in folded.property_names() {
                let here = at.push("properties").push(key.as_str());
                let declared = folded.prop_at(&key);
                if declared != here {
                    self.declared.entry(here).or_insert(declared);
                }
            }
        }
        match serde_json::to_value(&merged) {
            Ok(out) => Replaced::Folded(with_own_annotations(out, &value), folded.value),
            Err(e) => self.give_up(&value, at, format!("cannot write the merged allOf: {e}")),
        }
    }

    /// Folds the `allOf` of the schema `value` at `at`, then what the
    /// result holds: the schema's replacement.
    fn fold_tree(&mut self, value: &Value, at: &JsonPointer) -> Value {
        match self.fold_here(value, at) {
            Replaced::Ref(v) | Replaced::Degraded(v) => v,
            Replaced::Folded(mut out, key) => {
                self.active.push(Active {
                    at: at.clone(),
                    fold: Some(key),
                });
                Nested::run(self, &mut out, at, false);
                self.active.pop();
                out
            }
        }
    }

    /// The places strictly inside folded schemas that a `$ref` names, as
    /// written, each folded on its own.
    fn detach(
        &mut self,
        raw: &Value,
        replacements: &[(JsonPointer, Value)],
        refs: &BTreeSet<JsonPointer>,
    ) -> HashMap<JsonPointer, Value> {
        let folded: HashSet<JsonPointer> = replacements.iter().map(|(at, _)| at.clone()).collect();
        let mut detached = HashMap::new();
        for target in refs {
            let Some(original) = target
                .resolve(raw)
                .filter(|_| strictly_inside(target, &folded))
            else {
                continue;
            };
            let value = if original.get("allOf").is_some() {
                self.fold_tree(original, target)
            } else {
                let mut value = original.clone();
                Nested::run(self, &mut value, target, true);
                value
            };
            detached.insert(target.clone(), value);
        }
        detached
    }
}

/// The walk over the document: folds each outermost schema with `allOf`.
struct Walk<'f, 'v> {
    f: &'f mut Folder<'v>,
    /// Place → what replaces the schema there.
    replacements: Vec<(JsonPointer, Value)>,
}

impl Walk<'_, '_> {
    /// Schemas only `$ref`s reach (under `x-` extensions, `$defs`): walked
    /// from each target the document walk does not enter.
    fn outside_targets(&mut self, raw: &Value, refs: &BTreeSet<JsonPointer>) {
        // Places already folded or walked: nothing inside them is walked
        // again. Sorted, a target comes before the places inside it.
        let mut covered: HashSet<JsonPointer> =
            self.replacements.iter().map(|(at, _)| at.clone()).collect();
        for target in refs {
            if graph::reached(raw, target)
                || covered.contains(target)
                || strictly_inside(target, &covered)
            {
                continue;
            }
            let Some(value) = target.resolve(raw) else {
                continue;
            };
            covered.insert(target.clone());
            graph::walk(Kind::Schema, value, target, self);
        }
    }
}

impl Visit for Walk<'_, '_> {
    fn enter(&mut self, node: Node<'_>, value: &Value) -> Step {
        if node.kind != Kind::Schema {
            return Step::Descend;
        }
        if value.get("$ref").is_some() {
            return Step::Skip;
        }
        if value.get("allOf").is_some() {
            let out = self.f.fold_tree(value, node.at);
            self.replacements.push((node.at.clone(), out));
            return Step::Skip;
        }
        self.f.active.push(Active {
            at: node.at.clone(),
            fold: None,
        });
        Step::Descend
    }

    fn leave(&mut self, node: Node<'_>, _value: &Value) -> ControlFlow<()> {
        if node.kind == Kind::Schema {
            self.f.active.pop();
        }
        ControlFlow::Continue(())
    }
}

/// The walk over a fold's result (or a detached original): folds the
/// `allOf`s inside it. A property of a fold is met where lowering will
/// meet it, which is where it was declared ([`Folds::declared`]).
struct Nested<'f, 'v> {
    f: &'f mut Folder<'v>,
    /// Per schema entered: the walker's pointer length and the place the
    /// schema is met at.
    frames: Vec<(usize, JsonPointer)>,
    /// The root is not a fold (a detached place), so it goes on the guard
    /// stack here.
    push_root: bool,
}

impl Nested<'_, '_> {
    fn run(f: &mut Folder<'_>, value: &mut Value, at: &JsonPointer, push_root: bool) {
        let mut nested = Nested {
            f,
            frames: Vec::new(),
            push_root,
        };
        graph::walk_mut(Kind::Schema, value, at, &mut nested);
    }

    /// Where the schema the walker is at (`walker`) is met.
    fn place(&self, walker: &JsonPointer) -> JsonPointer {
        let Some((len, parent)) = self.frames.last() else {
            return walker.clone();
        };
        let step = &walker.tokens()[*len..];
        let here = step.iter().fold(parent.clone(), |p, t| p.push(t.as_str()));
        match step {
            [p, _] if p == "properties" => self.f.declared.get(&here).cloned().unwrap_or(here),
            _ => here,
        }
    }
}

impl VisitMut for Nested<'_, '_> {
    fn enter(&mut self, node: Node<'_>, value: &mut Value) -> Step {
        let root = self.frames.is_empty();
        let at = self.place(node.at);
        if value.get("$ref").is_some() {
            return Step::Skip;
        }
        if !root && self.f.active.iter().any(|a| a.at == at) {
            self.f.degrade(
                &at,
                "schema contains itself through allOf; using any JSON value",
            );
            *value = annotations(value);
            return Step::Skip;
        }
        let mut fold = None;
        if !root && value.get("allOf").is_some() {
            match self.f.fold_here(value, &at) {
                Replaced::Ref(v) | Replaced::Degraded(v) => {
                    *value = v;
                    return Step::Skip;
                }
                Replaced::Folded(out, key) => {
                    *value = out;
                    fold = Some(key);
                }
            }
        }
        // The root of a fold is on the stack already (pushed by
        // `fold_tree`); a detached original is not a fold.
        if !root || self.push_root {
            self.f.active.push(Active {
                at: at.clone(),
                fold,
            });
        }
        self.frames.push((node.at.tokens().len(), at));
        Step::Descend
    }

    fn leave(&mut self, _node: Node<'_>, _value: &mut Value) -> ControlFlow<()> {
        self.frames.pop();
        if !self.frames.is_empty() || self.push_root {
            self.f.active.pop();
        }
        ControlFlow::Continue(())
    }
}

/// Whether a place strictly inside one of `places` is `at`.
fn strictly_inside(at: &JsonPointer, places: &HashSet<JsonPointer>) -> bool {
    let tokens = at.tokens();
    let mut prefix = JsonPointer::root();
    for token in &tokens[..tokens.len().saturating_sub(1)] {
        if places.contains(&prefix) {
            return true;
        }
        prefix = prefix.push(token.as_str());
    }
    places.contains(&prefix) && !tokens.is_empty()
}

/// `value` as `openapiv3` reads and writes a schema.
fn normalise(value: &Value) -> Result<Value, serde_json::Error> {
    let schema = Schema::deserialize(value)?;
    serde_json::to_value(schema)
}

/// Whether a merged schema is an object lowering reads by its properties
/// (the case where properties keep where they were declared).
fn is_object(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(_)) => true,
        SchemaKind::Any(a) => {
            a.one_of.is_empty()
                && a.any_of.is_empty()
                && (!a.properties.is_empty() || a.typ.as_deref() == Some("object"))
        }
        _ => false,
    }
}

/// A schema's annotations (description, `nullable`, `x-` extensions …)
/// without what constrains its values.
fn annotations(value: &Value) -> Value {
    let kept: Map<String, Value> = value
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| is_annotation(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(kept)
}

/// What lowering reads from the schema written where a type is used, not
/// from what it is made of: its docs, default, and whether it is nullable,
/// deprecated or one-way.
const OWN_ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "deprecated",
    "nullable",
    "readOnly",
    "writeOnly",
];

/// `merged` with `own`'s [`OWN_ANNOTATIONS`] (and none it lacks): a fold
/// is documented as the schema that folds, not as its parts.
fn with_own_annotations(mut merged: Value, own: &Value) -> Value {
    if let Some(m) = merged.as_object_mut() {
        for key in OWN_ANNOTATIONS {
            match own.get(*key) {
                Some(v) => m.insert((*key).to_owned(), v.clone()),
                None => m.shift_remove(*key),
            };
        }
    }
    merged
}

/// `allOf: [{$ref: reference}]` with `value`'s annotations: the schema is
/// the referenced type (nullable or documented as `value` says).
fn annotated_ref(value: &Value, reference: String) -> Value {
    let mut out = annotations(value);
    let mut part = Map::new();
    part.insert("$ref".into(), Value::String(reference));
    if let Some(o) = out.as_object_mut() {
        o.insert("allOf".into(), Value::Array(vec![Value::Object(part)]));
    }
    out
}

#[cfg(test)]
mod tests;
