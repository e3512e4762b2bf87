//! The merge itself: `allOf` as an intersection: every part applies, so when parts declare the
//! same property their schemas are merged instead of one being picked.
//!
//! The merge works on the raw JSON of the schemas (one set of rules for
//! every keyword, whatever `openapiv3` would make of the combination):
//!
//! - a schema that constrains nothing (`{}`, only annotations, a `nullable`
//!   placeholder, `enum: [null]`, a free-form object) gives way to the other;
//! - objects merge their properties (recursively) and `required` is the
//!   union; arrays merge their `items`; enums keep the values both allow;
//!   `integer` refines `number`;
//! - the result is nullable only if both sides allow null;
//! - a `$ref` is kept (with its named type) when the other side adds
//!   nothing to it, and of two `$ref`s where one extends the other through
//!   `allOf`, the more derived one is kept;
//! - an object meeting a `oneOf`/`anyOf` distributes over its alternatives
//!   (alternatives of another type drop out), and two unions meet pair by
//!   pair (a later union refining an earlier one keeps its alternatives);
//! - anything else is a genuine contradiction (string vs integer, two
//!   unrelated `$ref`s): a warning, and the later part wins.
//!
//! Folding a `$ref` target is memoised, and a fold visits each part at most
//! once (repeated or cyclic parts add nothing to an intersection), so deep
//! or repeated `allOf` chains stay linear.

use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::Folder;
use crate::pointer::JsonPointer;

/// Keywords that describe a schema without constraining its values.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "xml",
    "$comment",
];

/// Merges nest no deeper than this (documents are finite, but a `$ref`
/// compared with an inline schema is expanded; this keeps it bounded).
const MAX_DEPTH: usize = 48;

/// `allOf` parts nest no deeper than this (each part is visited once, so
/// this only guards the stack).
const MAX_PARTS_DEPTH: usize = 512;

/// Merge steps one top-level fold may take. Depth is bounded, but an
/// object meeting a union merges with every alternative, and alternatives
/// that name the union again multiply at each level (three alternatives
/// 24 levels deep is 3^24 steps). The largest fold in the shared corpus
/// (Box, Jira, OpenAI, Spotify, Adyen …) and the synthetic documents takes
/// ten.
const MAX_MERGES: usize = 1_000;

/// Memoised folds of `$ref` targets, by the target's pointer.
#[derive(Default)]
pub(super) struct Cache {
    folds: HashMap<JsonPointer, Rc<Located>>,
    /// Targets being folded (a `$ref` cycle through merges adds nothing).
    folding: Vec<JsonPointer>,
    /// Merge steps taken by the current top-level fold.
    merges: usize,
}

/// Which of the two parts a union meets comes later in the `allOf` (and
/// wins a contradiction).
#[derive(Clone, Copy)]
enum Later {
    Union,
    Other,
}

/// A schema, where it was declared, and where each of its properties was.
#[derive(Debug, Clone)]
pub(super) struct Located {
    pub value: Value,
    pub at: JsonPointer,
    props_at: IndexMap<String, JsonPointer>,
    /// `$ref` targets folded into this schema through `allOf`.
    bases: Vec<JsonPointer>,
}

impl Located {
    fn new(value: Value, at: JsonPointer) -> Self {
        Self {
            value,
            at,
            props_at: IndexMap::new(),
            bases: Vec::new(),
        }
    }

    /// Where property `key` was declared.
    pub fn prop_at(&self, key: &str) -> JsonPointer {
        self.props_at
            .get(key)
            .cloned()
            .unwrap_or_else(|| self.at.push("properties").push(key))
    }

    /// The names of the schema's properties.
    pub fn property_names(&self) -> Vec<String> {
        self.value
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect()
    }

    fn reference(&self) -> Option<&str> {
        self.value.get("$ref").and_then(Value::as_str)
    }
}

/// An `allOf` folded into one schema.
pub(super) enum Folded {
    /// The parts only annotate one `$ref`: that reference, so the schema
    /// keeps its named type.
    Ref(String),
    /// One schema without `allOf`.
    Schema(Located),
}

impl Folder<'_> {
    /// Folds the `allOf` of `schema` (and its own keywords) into one schema.
    pub(super) fn fold_all_of(&mut self, schema: &Value, at: &JsonPointer) -> Folded {
        let mut direct_refs: Vec<&str> = std::iter::once(schema)
            .chain(
                schema
                    .get("allOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            )
            .filter_map(|p| p.get("$ref").and_then(Value::as_str))
            .collect();
        // `allOf: [X, X]` is X.
        direct_refs.sort_unstable();
        direct_refs.dedup();
        let merged = self.fold_value(schema, at);
        // One `$ref` that the other parts add nothing to keeps its type.
        if let [reference] = direct_refs[..] {
            let reference = reference.to_owned();
            if let Some(target) = self.fold_ref(&reference, at)
                && same_constraints(&merged.value, &target.value)
            {
                return Folded::Ref(reference);
            }
        }
        Folded::Schema(merged)
    }

    /// The schema `schema` with every `allOf` part (transitively) merged in.
    fn fold_value(&mut self, schema: &Value, at: &JsonPointer) -> Located {
        let mut leaves = Vec::new();
        let mut seen = vec![at.clone()];
        let mut bases = Vec::new();
        if self.cache.folding.is_empty() {
            self.cache.merges = 0;
        }
        self.cache.folding.push(at.clone());
        self.collect_leaves(schema, at, &mut seen, &mut bases, &mut leaves, 0);
        let mut acc = Located::new(Value::Object(Map::new()), at.clone());
        for leaf in leaves {
            acc = self.merge(acc, leaf, 0);
        }
        self.cache.folding.pop();
        // Properties keep where they were declared; the schema is here.
        let keys: Vec<String> = acc
            .value
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            let declared = acc.prop_at(&key);
            acc.props_at.insert(key, declared);
        }
        acc.at = at.clone();
        acc.bases = bases;
        acc
    }

    /// The parts of an `allOf`, flattened, each without `allOf`. A part seen
    /// before (a repeat or a cycle) is skipped: intersecting it again adds
    /// nothing.
    fn collect_leaves(
        &mut self,
        schema: &Value,
        at: &JsonPointer,
        seen: &mut Vec<JsonPointer>,
        bases: &mut Vec<JsonPointer>,
        out: &mut Vec<Located>,
        depth: usize,
    ) {
        if depth > MAX_PARTS_DEPTH {
            self.warn(
                at,
                format!("allOf nests deeper than {MAX_PARTS_DEPTH} levels; the deeper parts are left out"),
            );
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let (target, target_at) = match self.resolve_raw(reference, at) {
                Ok(found) => found,
                Err(d) => {
                    self.degrade(
                        &d.pointer,
                        format!("{}; the allOf part is left out", d.message),
                    );
                    return;
                }
            };
            if seen.contains(&target_at) {
                return;
            }
            seen.push(target_at.clone());
            bases.push(target_at.clone());
            if let Some(done) = self.cache.folds.get(&target_at) {
                let done = (**done).clone();
                bases.extend(done.bases.iter().cloned());
                out.push(done);
                return;
            }
            self.collect_leaves(target, &target_at, seen, bases, out, depth + 1);
            return;
        }
        let mut own = schema.clone();
        let parts = own
            .as_object_mut()
            .and_then(|o| o.shift_remove("allOf"))
            .and_then(|p| match p {
                Value::Array(parts) => Some(parts),
                _ => None,
            })
            .unwrap_or_default();
        out.push(Located::new(own, at.clone()));
        for (i, part) in parts.iter().enumerate() {
            self.collect_leaves(
                part,
                &at.push("allOf").push(i.to_string()),
                seen,
                bases,
                out,
                depth + 1,
            );
        }
    }

    /// The folded target of a `$ref` (memoised); `None` when it cannot be
    /// resolved or is being folded already.
    fn fold_ref(&mut self, reference: &str, at: &JsonPointer) -> Option<Rc<Located>> {
        let (target, target_at) = self.resolve_raw(reference, at).ok()?;
        if let Some(done) = self.cache.folds.get(&target_at) {
            return Some(done.clone());
        }
        if self.cache.folding.contains(&target_at) {
            return None;
        }
        let folded = Rc::new(self.fold_value(target, &target_at));
        self.cache.folds.insert(target_at, folded.clone());
        Some(folded)
    }

    /// The intersection of two schemas; `b` is the later part.
    fn merge(&mut self, a: Located, b: Located, depth: usize) -> Located {
        if a.value == b.value {
            return a;
        }
        if depth > MAX_DEPTH {
            return b;
        }
        self.cache.merges += 1;
        if self.cache.merges > MAX_MERGES {
            if self.cache.merges == MAX_MERGES + 1 {
                self.degrade(
                    &b.at,
                    format!(
                        "merging this allOf takes more than {MAX_MERGES} steps (its unions \
                         name themselves); from here on the later part is kept unmerged"
                    ),
                );
            }
            return b;
        }
        // Nested `allOf`s (in properties, items) are folded first.
        let a = self.fold_nested(a);
        let b = self.fold_nested(b);
        match (is_unconstrained(&a.value), is_unconstrained(&b.value)) {
            // Of two placeholders, the one that still names a type.
            (true, true) if a.value.get("type").is_some() && b.value.get("type").is_none() => {
                return self.refine(a, &b);
            }
            (true, _) => return self.give_way(a, b, Later::Union, depth),
            (false, true) => return self.give_way(b, a, Later::Other, depth),
            (false, false) => {}
        }
        match (a.reference(), b.reference()) {
            (Some(ra), Some(rb)) => {
                let (ra, rb) = (ra.to_owned(), rb.to_owned());
                let fa = self.fold_ref(&ra, &a.at);
                let fb = self.fold_ref(&rb, &b.at);
                if let (Some(fa), Some(fb)) = (&fa, &fb) {
                    if fa.at == fb.at {
                        return a;
                    }
                    if fa.bases.contains(&fb.at) {
                        return a;
                    }
                    if fb.bases.contains(&fa.at) {
                        return b;
                    }
                }
                self.contradiction(&a, &b, &format!("`{ra}` vs `{rb}`"));
                b
            }
            (Some(ra), None) => {
                let ra = ra.to_owned();
                let Some(fa) = self.fold_ref(&ra, &a.at) else {
                    return a;
                };
                let merged = self.merge((*fa).clone(), b, depth + 1);
                if same_constraints(&merged.value, &fa.value) {
                    a
                } else {
                    merged
                }
            }
            (None, Some(rb)) => {
                let rb = rb.to_owned();
                let Some(fb) = self.fold_ref(&rb, &b.at) else {
                    return b;
                };
                let merged = self.merge(a, (*fb).clone(), depth + 1);
                if same_constraints(&merged.value, &fb.value) {
                    b
                } else {
                    merged
                }
            }
            (None, None) => self.merge_inline(a, b, depth),
        }
    }

    /// An inline schema with an `allOf` of its own, folded.
    fn fold_nested(&mut self, s: Located) -> Located {
        // Already being folded further up: a cycle (a union alternative
        // whose `allOf` names the union), which folding again would repeat
        // until the stack runs out.
        if s.value.get("allOf").is_none() || self.cache.folding.contains(&s.at) {
            return s;
        }
        match self.fold_all_of(&s.value, &s.at) {
            Folded::Ref(reference) => {
                let mut value = Map::new();
                value.insert("$ref".into(), Value::String(reference));
                Located::new(Value::Object(value), s.at)
            }
            Folded::Schema(mut folded) => {
                // The outer `nullable` (the `allOf: [$ref]` idiom) stays.
                if is_true(&s.value, "nullable")
                    && let Some(o) = folded.value.as_object_mut()
                {
                    o.insert("nullable".into(), Value::Bool(true));
                }
                folded
            }
        }
    }

    /// A placeholder meeting `other`: `other`, refined; but a bare `type:
    /// object` meeting an inline union keeps the union's objects. `later`
    /// says which of the two comes later (when `other` is a union).
    fn give_way(
        &mut self,
        placeholder: Located,
        other: Located,
        later: Later,
        depth: usize,
    ) -> Located {
        match union_key(&other.value) {
            Some(key)
                if other.reference().is_none() && type_class(&placeholder.value).is_some() =>
            {
                self.distribute(placeholder, other, key, later, depth)
            }
            _ => self.refine(other, &placeholder),
        }
    }

    /// `keep` constrained by nothing more than `other`: it gains the
    /// annotations it lacks, and loses `nullable` unless `other` allows null.
    fn refine(&mut self, mut keep: Located, other: &Located) -> Located {
        if keep.reference().is_some() {
            return keep;
        }
        let nullable = self.allows_null(&keep) && self.allows_null(other);
        if let (Some(k), Some(o)) = (keep.value.as_object_mut(), other.value.as_object()) {
            for (key, v) in o {
                if key != "nullable" && is_annotation(key) && !k.contains_key(key) {
                    k.insert(key.clone(), v.clone());
                }
            }
        }
        set_nullable(&mut keep.value, nullable);
        keep
    }

    /// Two inline schemas, neither of them a `$ref` nor unconstrained.
    fn merge_inline(&mut self, a: Located, b: Located, depth: usize) -> Located {
        match (union_key(&a.value), union_key(&b.value)) {
            (Some(ka), Some(kb)) => return self.intersect_unions(a, b, ka, kb, depth),
            (Some(key), None) => return self.distribute(b, a, key, Later::Other, depth),
            (None, Some(key)) => return self.distribute(a, b, key, Later::Union, depth),
            (None, None) => {}
        }
        let Ok(class) = self.merged_type_class(&a, &b) else {
            return b;
        };
        let nullable = self.allows_null(&a) && self.allows_null(&b);
        let (Some(ao), Some(bo)) = (a.value.as_object(), b.value.as_object()) else {
            return b;
        };
        let mut out = ao.clone();
        let mut props_at: IndexMap<String, JsonPointer> = ao
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| (k.clone(), a.prop_at(k)))
            .collect();
        for (key, bv) in bo {
            let merged = match key.as_str() {
                "properties" => Some(self.merge_properties(&a, &b, bv, &mut props_at, depth)),
                "required" => Some(merge_required(ao.get("required"), bv)),
                "items" => Some(self.merge_items(&a, &b, bv, depth)),
                "additionalProperties" => Some(self.merge_additional_properties(&a, &b, bv, depth)),
                "enum" => Some(self.merge_enums(&a, &b, bv)),
                // Set once every keyword is merged, from both sides.
                "type" | "nullable" => None,
                // Any other keyword: the later part's value.
                _ => Some(bv.clone()),
            };
            if let Some(merged) = merged {
                out.insert(key.clone(), merged);
            }
        }
        if let Some(class) = class {
            out.insert("type".into(), Value::String(class.to_owned()));
        }
        let mut value = Value::Object(out);
        set_nullable(&mut value, nullable);
        let mut bases = a.bases;
        bases.extend(b.bases);
        Located {
            value,
            at: b.at,
            props_at,
            bases,
        }
    }

    /// The type two inline schemas both allow (`integer` refines `number`),
    /// `None` when neither names one; `Err` after warning when they name
    /// different ones.
    fn merged_type_class(&mut self, a: &Located, b: &Located) -> Result<Option<&'static str>, ()> {
        match (type_class(&a.value), type_class(&b.value)) {
            (Some(x), Some(y)) if x == y => Ok(Some(x)),
            (Some("integer"), Some("number")) | (Some("number"), Some("integer")) => {
                Ok(Some("integer"))
            }
            (Some(x), Some(y)) => {
                self.contradiction(a, b, &format!("{x} vs {y}"));
                Err(())
            }
            (x, y) => Ok(x.or(y)),
        }
    }

    /// `a`'s properties with `b`'s (`bv`) merged in, one by one; records
    /// where each merged property was declared in `props_at`.
    fn merge_properties(
        &mut self,
        a: &Located,
        b: &Located,
        bv: &Value,
        props_at: &mut IndexMap<String, JsonPointer>,
        depth: usize,
    ) -> Value {
        let mut props = a
            .value
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (name, pb) in bv.as_object().into_iter().flatten() {
            let b_at = b.prop_at(name);
            let merged = match props.get(name) {
                Some(pa) => {
                    let pa = Located::new(pa.clone(), a.prop_at(name));
                    self.merge(pa, Located::new(pb.clone(), b_at), depth + 1)
                }
                None => Located::new(pb.clone(), b_at),
            };
            props_at.insert(name.clone(), merged.at);
            props.insert(name.clone(), merged.value);
        }
        Value::Object(props)
    }

    /// `a`'s `items` merged with `b`'s (`bv`).
    fn merge_items(&mut self, a: &Located, b: &Located, bv: &Value, depth: usize) -> Value {
        let merged = match a.value.get("items") {
            Some(ia) => self.merge(
                Located::new(ia.clone(), a.at.push("items")),
                Located::new(bv.clone(), b.at.push("items")),
                depth + 1,
            ),
            None => Located::new(bv.clone(), b.at.push("items")),
        };
        merged.value
    }

    /// `a`'s `additionalProperties` merged with `b`'s (`bv`): two schemas
    /// merge, and a boolean gives way to a schema.
    fn merge_additional_properties(
        &mut self,
        a: &Located,
        b: &Located,
        bv: &Value,
        depth: usize,
    ) -> Value {
        const KEY: &str = "additionalProperties";
        let av = a.value.get(KEY);
        let merged = match (av, bv) {
            (None | Some(Value::Bool(_)), _) => bv.clone(),
            (Some(av), Value::Bool(_)) => av.clone(),
            (Some(av), _) => {
                self.merge(
                    Located::new(av.clone(), a.at.push(KEY)),
                    Located::new(bv.clone(), b.at.push(KEY)),
                    depth + 1,
                )
                .value
            }
        };
        // A part that forbids extra keys does not remove another
        // part's map: extra keys are kept rather than dropped.
        match (av, &merged) {
            (Some(av @ (Value::Object(_) | Value::Bool(true))), Value::Bool(false)) => av.clone(),
            _ => merged,
        }
    }

    /// The values both `a`'s `enum` and `b`'s (`bv`) allow; `bv` after
    /// warning when they share none.
    fn merge_enums(&mut self, a: &Located, b: &Located, bv: &Value) -> Value {
        let Some(ea) = a.value.get("enum").and_then(Value::as_array) else {
            return bv.clone();
        };
        let eb = bv.as_array().cloned().unwrap_or_default();
        let both: Vec<Value> = ea.iter().filter(|v| eb.contains(v)).cloned().collect();
        if both.is_empty() {
            self.contradiction(a, b, "enums with no value in common");
            bv.clone()
        } else {
            Value::Array(both)
        }
    }

    /// `other` ∩ (`union`'s `key` alternatives): `other` merged into each
    /// alternative; alternatives of another type drop out.
    fn distribute(
        &mut self,
        other: Located,
        union: Located,
        key: &str,
        later: Later,
        depth: usize,
    ) -> Located {
        let (rest, alternatives) = split_union(&union, key);
        // A parent listing its children, met while folding one of them
        // (the child's `allOf` names the parent): the child is the answer.
        let in_cycle = alternatives.iter().any(|alt| {
            alt.reference()
                .and_then(|r| self.resolve_raw(r, &union.at).ok())
                .is_some_and(|(_, target)| self.cache.folding.contains(&target))
        });
        if in_cycle {
            return other;
        }
        // The union's own keywords (besides the alternatives) apply too.
        let own = without_discriminator(&rest);
        let other = if is_unconstrained(&own.value) {
            other
        } else {
            self.merge(own, other, depth + 1)
        };
        let class = type_class(&other.value);
        let mut kept = Vec::new();
        for alt in alternatives {
            if classes_meet(class, self.class_of(&alt)) {
                kept.push(self.merge(alt, other.clone(), depth + 1));
            }
        }
        match kept.len() {
            // A contradiction: the later part wins, as everywhere.
            0 => {
                let why = format!("no {key} alternative fits");
                match later {
                    Later::Other => {
                        self.contradiction(&union, &other, &why);
                        other
                    }
                    Later::Union => {
                        self.contradiction(&other, &union, &why);
                        union
                    }
                }
            }
            1 => kept.pop().unwrap_or(other),
            _ => {
                let mut out = Map::new();
                for (k, v) in rest.value.as_object().into_iter().flatten() {
                    if is_annotation(k) || k == "discriminator" {
                        out.insert(k.clone(), v.clone());
                    }
                }
                out.insert(
                    key.to_owned(),
                    Value::Array(kept.into_iter().map(|l| l.value).collect()),
                );
                Located::new(Value::Object(out), union.at)
            }
        }
    }

    /// Two unions meeting: (a₁ ∪ … ∪ aₙ) ∩ (b₁ ∪ … ∪ bₘ). Each later
    /// alternative bⱼ meets the earlier alternatives of its JSON type:
    ///
    /// - none: bⱼ drops out;
    /// - bⱼ constrains nothing but its type (`type: object`): the earlier
    ///   alternatives of that type, each kept;
    /// - one of them is bⱼ itself, or constrains nothing but its type, or is
    ///   the only one: bⱼ met with it (a refinement keeps bⱼ as it is);
    /// - several others: bⱼ unmerged, wider than the exact intersection
    ///   (merging every pair would invent an object per pair and warn about
    ///   pairs that were never meant to meet).
    ///
    /// So a later union refining an earlier one — Cloudflare's envelopes
    /// declare `result: anyOf[object, string]`, an operation narrows it to
    /// an `anyOf` of named objects — keeps the later alternatives, and an
    /// earlier refinement survives a later placeholder. Only when no
    /// alternative survives is it a contradiction.
    fn intersect_unions(
        &mut self,
        a: Located,
        b: Located,
        a_key: &str,
        b_key: &str,
        depth: usize,
    ) -> Located {
        let (a_rest, a_alts) = split_union(&a, a_key);
        let (b_rest, b_alts) = split_union(&b, b_key);
        let a_alts: Vec<(Located, Option<&'static str>)> = a_alts
            .into_iter()
            .map(|alt| {
                let alt = self.fold_nested(alt);
                let class = self.class_of(&alt);
                (alt, class)
            })
            .collect();
        let b_count = b_alts.len();
        // Whether every later alternative came through as it was.
        let mut b_intact = true;
        let mut kept: Vec<Located> = Vec::new();
        for b_alt in b_alts {
            let b_alt = self.fold_nested(b_alt);
            let b_value = b_alt.value.clone();
            let met = self.meet_alternative(&a_alts, b_alt, depth);
            b_intact &= met.len() == 1 && met.iter().all(|m| m.value == b_value);
            for m in met {
                if !kept.iter().any(|k| k.value == m.value) {
                    kept.push(m);
                }
            }
        }
        if kept.is_empty() {
            self.contradiction(&a, &b, "two oneOf/anyOf with no alternative in common");
            return b;
        }
        // The unions' own keywords (besides the alternatives) apply too;
        // the earlier one's discriminator names alternatives now gone.
        let rest = self.merge(without_discriminator(&a_rest), b_rest.clone(), depth + 1);
        // The later union refines the earlier: it stays as written (and a
        // `$ref` to it keeps its named type).
        if b_intact && kept.len() == b_count && same_constraints(&rest.value, &b_rest.value) {
            return b;
        }
        if kept.len() == 1 {
            let only = kept.pop().unwrap_or(rest.clone());
            return if is_unconstrained(&rest.value) {
                self.refine(only, &rest)
            } else {
                self.merge(rest, only, depth + 1)
            };
        }
        let mut value = rest.value;
        if let Some(o) = value.as_object_mut() {
            o.shift_remove(a_key);
            o.insert(
                b_key.to_owned(),
                Value::Array(kept.into_iter().map(|l| l.value).collect()),
            );
        }
        Located::new(value, b.at)
    }

    /// A later union's alternative `b_alt` met with the earlier union's
    /// alternatives (each with its JSON type), by the rules of
    /// [`Self::intersect_unions`].
    fn meet_alternative(
        &mut self,
        a_alts: &[(Located, Option<&'static str>)],
        b_alt: Located,
        depth: usize,
    ) -> Vec<Located> {
        let b_class = self.class_of(&b_alt);
        let candidates: Vec<&Located> = a_alts
            .iter()
            .filter(|(_, class)| classes_meet(*class, b_class))
            .map(|(alt, _)| alt)
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        if only_type(&b_alt.value) {
            return candidates
                .into_iter()
                .map(|alt| self.merge(alt.clone(), b_alt.clone(), depth + 1))
                .collect();
        }
        let refined = candidates
            .iter()
            .find(|alt| alt.value == b_alt.value || only_type(&alt.value))
            .or(candidates.first().filter(|_| candidates.len() == 1));
        match refined {
            Some(alt) => vec![self.merge((*alt).clone(), b_alt, depth + 1)],
            None => vec![b_alt],
        }
    }

    /// The JSON type an alternative constrains values to, through its
    /// `$ref`.
    fn class_of(&mut self, alt: &Located) -> Option<&'static str> {
        match alt.reference() {
            Some(r) => {
                let r = r.to_owned();
                self.fold_ref(&r, &alt.at)
                    .and_then(|f| type_class(&f.value))
            }
            None => type_class(&alt.value),
        }
    }

    /// Whether a schema accepts `null`.
    fn allows_null(&mut self, s: &Located) -> bool {
        if let Some(reference) = s.reference() {
            let reference = reference.to_owned();
            return self
                .fold_ref(&reference, &s.at)
                .is_some_and(|f| is_true(&f.value, "nullable"));
        }
        // An explicit `nullable: false` (Box writes `allOf: [{…, nullable:
        // true}, {nullable: false}]`) takes null away.
        if s.value.get("nullable") == Some(&Value::Bool(false)) {
            return false;
        }
        is_true(&s.value, "nullable")
            || is_unconstrained(&s.value)
            || s.value
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|e| e.contains(&Value::Null))
    }

    /// Two parts that cannot both hold: the later one wins, and the warning
    /// names both.
    fn contradiction(&mut self, a: &Located, b: &Located, why: &str) {
        let what = match b.at.tokens() {
            [.., p, name] if p == "properties" => format!("property `{name}` is declared twice"),
            [.., p] if p == "items" => "array items are declared twice".to_owned(),
            _ => "allOf parts are declared".to_owned(),
        };
        self.warn(
            &b.at,
            format!(
                "{what} with contradictory schemas ({why}); keeping this later one over the one at {}",
                a.at
            ),
        );
    }
}

pub(super) fn is_annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

fn is_true(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool) == Some(true)
}

fn set_nullable(v: &mut Value, nullable: bool) {
    if let Some(o) = v.as_object_mut() {
        if nullable {
            o.insert("nullable".into(), Value::Bool(true));
        } else {
            o.shift_remove("nullable");
        }
    }
}

/// The union of two `required` lists: `a`'s names, then `b`'s new ones.
fn merge_required(a: Option<&Value>, b: &Value) -> Value {
    let mut required: Vec<Value> = a.and_then(Value::as_array).cloned().unwrap_or_default();
    for r in b.as_array().into_iter().flatten() {
        if !required.contains(r) {
            required.push(r.clone());
        }
    }
    Value::Array(required)
}

/// Whether values of JSON types `x` and `y` can be one value (an unknown
/// type meets anything; `integer` meets `number`).
fn classes_meet(x: Option<&str>, y: Option<&str>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => {
            x == y || matches!((x, y), ("integer", "number") | ("number", "integer"))
        }
        _ => true,
    }
}

/// A union's own keywords (without its `key` alternatives, annotations
/// kept) and its alternatives, each located.
fn split_union(union: &Located, key: &str) -> (Located, Vec<Located>) {
    let mut rest = union.value.clone();
    let alternatives = rest
        .as_object_mut()
        .and_then(|o| o.shift_remove(key))
        .and_then(|v| match v {
            Value::Array(a) => Some(a),
            _ => None,
        })
        .unwrap_or_default();
    let alternatives = alternatives
        .into_iter()
        .enumerate()
        .map(|(i, alt)| Located::new(alt, union.at.push(key).push(i.to_string())))
        .collect();
    (Located::new(rest, union.at.clone()), alternatives)
}

/// A schema that constrains nothing but its JSON type (`type: string`, a
/// free-form object, an array of anything).
fn only_type(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    let empty = |v: &Value| v.as_object().is_some_and(Map::is_empty) || v == &Value::Bool(true);
    o.contains_key("type")
        && o.iter().all(|(k, v)| {
            is_annotation(k)
                || k == "type"
                || (matches!(k.as_str(), "items" | "properties" | "additionalProperties")
                    && empty(v))
                || (k == "required" && v.as_array().is_some_and(Vec::is_empty))
        })
}

/// `s` without its `discriminator`.
fn without_discriminator(s: &Located) -> Located {
    let mut s = s.clone();
    if let Some(o) = s.value.as_object_mut() {
        o.shift_remove("discriminator");
    }
    s
}

/// `oneOf` or `anyOf`, whichever the schema has.
fn union_key(v: &Value) -> Option<&'static str> {
    ["oneOf", "anyOf"].into_iter().find(|k| {
        v.get(*k)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    })
}

/// A schema that constrains nothing: only annotations, `enum: [null]` (a
/// placeholder for a value a refinement gives), or a free-form object.
fn is_unconstrained(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return v == &Value::Bool(true);
    };
    let null_enum = o
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| e.iter().all(Value::is_null));
    let free_object = o.get("type").and_then(Value::as_str) == Some("object")
        && o.get("properties")
            .is_none_or(|p| p.as_object().is_some_and(Map::is_empty))
        && o.get("required")
            .is_none_or(|r| r.as_array().is_some_and(Vec::is_empty))
        && o.get("additionalProperties")
            .is_none_or(|ap| ap == &Value::Bool(true) || ap.as_object().is_some_and(Map::is_empty));
    o.keys().all(|k| {
        is_annotation(k)
            || (null_enum && (k == "enum" || k == "type"))
            || (free_object
                && matches!(
                    k.as_str(),
                    "type" | "properties" | "required" | "additionalProperties"
                ))
    })
}

/// The JSON type a schema constrains values to, explicit or implied by its
/// keywords.
fn type_class(v: &Value) -> Option<&'static str> {
    let o = v.as_object()?;
    if let Some(t) = o.get("type").and_then(Value::as_str) {
        return ["object", "array", "string", "integer", "number", "boolean"]
            .into_iter()
            .find(|c| *c == t);
    }
    if o.contains_key("properties") || o.contains_key("additionalProperties") {
        return Some("object");
    }
    if o.contains_key("items") {
        return Some("array");
    }
    let values = o.get("enum").and_then(Value::as_array)?;
    let first = values.iter().find(|v| !v.is_null())?;
    let class = match first {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        _ => return None,
    };
    Some(class)
}

/// Whether two schemas constrain values the same way (annotations aside,
/// `required` in any order, and a merged result that lost `nullable`).
fn same_constraints(merged: &Value, target: &Value) -> bool {
    fn strip(v: &Value) -> Value {
        let Some(o) = v.as_object() else {
            return v.clone();
        };
        let mut out = Map::new();
        for (k, v) in o {
            if is_annotation(k) {
                continue;
            }
            if k == "required" {
                let mut r: Vec<String> = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect();
                r.sort();
                r.dedup();
                if r.is_empty() {
                    continue;
                }
                out.insert(k.clone(), Value::from(r));
                continue;
            }
            if k == "type" {
                continue;
            }
            out.insert(k.clone(), v.clone());
        }
        if let Some(class) = type_class(v) {
            out.insert("type".into(), Value::from(class));
        }
        Value::Object(out)
    }
    strip(merged) == strip(target)
}
