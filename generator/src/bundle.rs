//! Multi-file documents: `$ref`s to other local files, bundled into the
//! document before anything else reads it.
//!
//! [`bundle`] walks the document's object graph ([`crate::graph`]) and
//! rewrites every `$ref` that names another file (`./schemas.yaml#/Pet`,
//! `common.json#/components/schemas/Error`, or a whole file, `pet.yaml`):
//!
//! - the target of a reference whose place has a `components` map (schemas,
//!   parameters, responses, …) is copied into that map under a name taken
//!   from the target (`Pet`, `Error`; a whole file gives its stem), made
//!   unique, and the reference points there. A component of the document
//!   that is only a reference to another file (`Pet: {$ref: pet.yaml}`)
//!   becomes that target itself and keeps its name;
//! - the target of any other reference (a path item: `/pets: {$ref:
//!   paths/pets.yaml}`) replaces the reference in place;
//! - references inside copied targets are rewritten the same way, relative
//!   to the file that contains them: `#/Owner` in `schemas.yaml` means that
//!   file's `Owner`, and a reference back to the document becomes local.
//!
//! Each file is read once, through the caller's [`Loader`], and each file +
//! pointer becomes one component however often it is reached, so cycles
//! across files end (a component is named before its contents are
//! rewritten). Lowering then sees one ordinary document. [`Origins`] maps
//! places in the bundled document back to the file and pointer they came
//! from, so diagnostics name the file that has the problem.
//!
//! URLs (any `scheme:`) are never fetched: their references stay as they
//! are, and lowering reports them where it meets them. Absolute paths are
//! refused here; which relative paths may be read is the loader's decision
//! (the command line's stays inside the document's folder).

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::{Map, Value};

use crate::error::{Degradation, Diagnostic, Error, Result};
use crate::graph::{self, Dialect, Kind, Node, Step, VisitMut};
use crate::naming;
use crate::pointer::{JsonPointer, percent_decode};

/// Longest chain of references that are only references to each other.
const MAX_CHAIN: usize = 32;

/// Reads the files a multi-file document refers to. [`crate::generate_with`]
/// calls it once per file; the library itself never touches the disk.
pub trait Loader: Sync {
    /// The text of the file at `path`: relative to the folder of the
    /// document given to `generate_with`, `/`-separated, normalised (no `.`
    /// segments, `..` only leading), never absolute. An `Err` is a message
    /// saying why the file cannot be read; it is reported at the reference.
    fn load(&self, path: &str) -> std::result::Result<String, String>;
}

impl<F> Loader for F
where
    F: Fn(&str) -> std::result::Result<String, String> + Sync,
{
    fn load(&self, path: &str) -> std::result::Result<String, String> {
        self(path)
    }
}

/// The files of a multi-file document: how to read them, and the
/// document's own path among them (so references back to it stay local).
#[derive(Clone, Copy)]
pub struct Files<'a> {
    /// The document's path relative to the loader's folder: its file name
    /// (`api.yaml`).
    pub document: &'a str,
    /// Reads the other files.
    pub loader: &'a dyn Loader,
}

/// Where places of the loaded document came from: the file a bundled part
/// was read from and, for a Swagger 2.0 document, the place a converted
/// object had before [`crate::swagger2`] moved it (`#/components/schemas/Pet`
/// was `#/definitions/Pet`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Origins {
    /// Bundled place → the same place in its file, longest first.
    moved: Vec<(JsonPointer, JsonPointer)>,
    /// Converted place (its tokens) → the place it had in the bundled
    /// Swagger 2.0 document; looked up by longest prefix.
    converted: HashMap<Vec<String>, JsonPointer>,
}

impl Origins {
    /// `at` (a place in the loaded document) in the file it came from,
    /// through the Swagger 2.0 conversion first. A pointer that names a
    /// file already is left as it is.
    pub(crate) fn locate(&self, at: &JsonPointer) -> JsonPointer {
        if at.file().is_some() {
            return at.clone();
        }
        let at = self.before_conversion(at);
        let tokens = at.tokens();
        for (bundled, origin) in &self.moved {
            if let Some(rest) = tokens.strip_prefix(bundled.tokens()) {
                return rest.iter().fold(origin.clone(), |p, t| p.push(t.as_str()));
            }
        }
        at
    }

    /// `at` in the document before the Swagger 2.0 conversion: the longest
    /// converted prefix of it replaced by the place it came from.
    fn before_conversion(&self, at: &JsonPointer) -> JsonPointer {
        let tokens = at.tokens();
        (0..=tokens.len())
            .rev()
            .find_map(|n| {
                let origin = self.converted.get(&tokens[..n])?;
                Some(
                    tokens[n..]
                        .iter()
                        .fold(origin.clone(), |p, t| p.push(t.as_str())),
                )
            })
            .unwrap_or_else(|| at.clone())
    }

    /// Notes where the Swagger 2.0 conversion put things: each pair is a
    /// place in the converted document and the one it had before.
    pub(crate) fn add_converted(&mut self, places: Vec<(JsonPointer, JsonPointer)>) {
        for (converted, original) in places {
            self.converted
                .entry(converted.tokens().to_vec())
                .or_insert(original);
        }
    }

    fn is_identity(&self) -> bool {
        self.moved.is_empty() && self.converted.is_empty()
    }

    /// Relocates `diagnostics` in place and sorts them again.
    pub(crate) fn relocate_all(&self, diagnostics: &mut [Diagnostic]) {
        if self.is_identity() {
            return;
        }
        for d in diagnostics.iter_mut() {
            d.pointer = self.locate(&d.pointer);
        }
        diagnostics.sort();
    }

    /// Relocates `degradations` in place and sorts them again.
    pub(crate) fn relocate_degradations(&self, degradations: &mut [Degradation]) {
        if self.is_identity() {
            return;
        }
        for d in degradations.iter_mut() {
            d.pointer = self.locate(&d.pointer);
        }
        degradations.sort();
    }

    fn add(&mut self, bundled: JsonPointer, origin: JsonPointer) {
        self.moved.push((bundled, origin));
    }

    /// Longest bundled places first, so nested moves win.
    fn finish(&mut self) {
        self.moved
            .sort_by(|a, b| b.0.tokens().len().cmp(&a.0.tokens().len()).then(a.cmp(b)));
    }
}

/// The `components` map an object of `kind` is kept in, if it has one
/// (read from the object graph's table; in Swagger 2.0 the maps on the
/// root: `definitions`, `parameters`, `responses`).
fn component_map(dialect: Dialect, kind: Kind) -> Option<&'static str> {
    dialect
        .component_maps()
        .find_map(|(map, k)| (k == kind).then_some(map))
}

/// The kind of object the `components` map `map` holds.
fn kind_of_map(dialect: Dialect, map: &str) -> Option<(&'static str, Kind)> {
    dialect.component_maps().find(|(m, _)| *m == map)
}

/// Where a component named `key` in `map` sits in a document of `dialect`.
fn component_place(dialect: Dialect, map: &str, key: &str) -> JsonPointer {
    let holder = match dialect.components_key() {
        Some(holder) => JsonPointer::root().push(holder),
        None => JsonPointer::root(),
    };
    holder.push(map).push(key)
}

/// Follows every reference of `root` (the document `files.document`) to
/// other files and bundles their targets into it; see the module docs.
/// Fails, naming the file and pointer of each offending reference, when a
/// file cannot be read or parsed, or a reference leads nowhere.
pub(crate) fn inline_other_files(root: &mut Value, files: Files<'_>) -> Result<Origins> {
    let document = normalise("", files.document).unwrap_or_default();
    let mut b = Bundler {
        dialect: Dialect::of(root),
        loader: files.loader,
        document: document.clone(),
        files: HashMap::new(),
        bound: HashMap::new(),
        taken: HashMap::new(),
        jobs: VecDeque::new(),
        done: Vec::new(),
        inlining: Vec::new(),
        origins: Origins::default(),
        errors: Vec::new(),
    };
    b.claim_existing(root);
    let dialect = b.dialect;
    let mut rewriter = Rewriter {
        b: &mut b,
        file: document,
        bundled_base: JsonPointer::root(),
        origin_base: JsonPointer::root(),
    };
    graph::walk_mut_in(
        dialect,
        Kind::Root,
        root,
        &JsonPointer::root(),
        &mut rewriter,
    );
    b.run_jobs();
    if !b.errors.is_empty() {
        b.errors.dedup();
        return Err(Error {
            diagnostics: b.errors,
        });
    }
    if !b.done.is_empty()
        && let Some(components) = components_mut(root, b.dialect)
    {
        for (map, key, value) in b.done {
            let map = components
                .entry(map)
                .or_insert_with(|| Value::Object(Map::new()));
            if !map.is_object() {
                *map = Value::Object(Map::new());
            }
            if let Some(map) = map.as_object_mut() {
                map.insert(key, value);
            }
        }
    }
    b.origins.finish();
    Ok(b.origins)
}

/// The object holding the maps of reusable objects (`components`, made
/// an object when it is missing or is not one; the root in Swagger 2.0).
fn components_mut(root: &mut Value, dialect: Dialect) -> Option<&mut Map<String, Value>> {
    let root = root.as_object_mut()?;
    let Some(key) = dialect.components_key() else {
        return Some(root);
    };
    let components = root.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        *components = Value::Object(Map::new());
    }
    components.as_object_mut()
}

/// A target: a file (normalised path) and a pointer into it.
type Place = (String, JsonPointer);

struct Bundler<'l> {
    /// The document's specification: where its components sit and which
    /// objects hold references.
    dialect: Dialect,
    loader: &'l dyn Loader,
    /// The document's own normalised path.
    document: String,
    /// Each file read so far, parsed; `None` when it could not be.
    files: HashMap<String, Option<Value>>,
    /// Components made so far: (map, place) → key.
    bound: HashMap<(&'static str, Place), String>,
    /// Names in use per components map, as the type names they become.
    taken: HashMap<&'static str, HashSet<String>>,
    /// Components named but not yet copied: (kind, map, place, key).
    jobs: VecDeque<(Kind, &'static str, Place, String)>,
    /// Copied components, to insert: (map, key, value).
    done: Vec<(&'static str, String, Value)>,
    /// Places being inlined (a path item inside itself is circular).
    inlining: Vec<Place>,
    origins: Origins,
    errors: Vec<Diagnostic>,
}

/// What a reference becomes.
enum Rewrite {
    /// Left as it is (local to the document, or a URL).
    Keep,
    /// Points elsewhere in the bundled document.
    Local(String),
    /// The target itself, which replaces the Reference Object.
    Inline(Value),
}

impl Bundler<'_> {
    /// Notes the document's component names, and binds a component that is
    /// only a reference to another file to that target, so the target
    /// takes the component's name.
    fn claim_existing(&mut self, root: &Value) {
        let holder = match self.dialect.components_key() {
            Some(key) => root.get(key),
            None => Some(root),
        };
        let Some(components) = holder.and_then(Value::as_object) else {
            return;
        };
        for (map_name, map) in components {
            let Some((map_name, kind)) = kind_of_map(self.dialect, map_name) else {
                continue;
            };
            let Some(map) = map.as_object() else { continue };
            for (key, item) in map {
                self.taken
                    .entry(map_name)
                    .or_default()
                    .insert(naming::type_name(key, "Schema"));
                let Some(obj) = item.as_object() else {
                    continue;
                };
                let (Some(Value::String(reference)), 1) = (obj.get("$ref"), obj.len()) else {
                    continue;
                };
                let Ok(Some((file, pointer))) = split(&self.document, reference) else {
                    continue;
                };
                if file == self.document {
                    continue;
                }
                let place = (file, pointer);
                if self.bound.contains_key(&(map_name, place.clone())) {
                    continue;
                }
                self.bound.insert((map_name, place.clone()), key.clone());
                self.jobs.push_back((kind, map_name, place, key.clone()));
            }
        }
    }

    /// Copies each named component's target, rewriting the references in it.
    fn run_jobs(&mut self) {
        while let Some((kind, map, place, key)) = self.jobs.pop_front() {
            let Some(mut value) = self.target(&place).cloned() else {
                // Reported when the reference was met.
                continue;
            };
            let bundled = component_place(self.dialect, map, &key);
            let origin = place.1.clone().in_file(place.0.clone());
            self.origins.add(bundled.clone(), origin.clone());
            let dialect = self.dialect;
            let mut rewriter = Rewriter {
                b: self,
                file: place.0.clone(),
                bundled_base: bundled.clone(),
                origin_base: origin,
            };
            graph::walk_mut_in(dialect, kind, &mut value, &bundled, &mut rewriter);
            self.done.push((map, key, value));
        }
    }

    /// The value at `place`, reading its file if needed; `None` when the
    /// file cannot be read or the pointer leads nowhere.
    fn target(&self, place: &Place) -> Option<&Value> {
        self.files
            .get(&place.0)?
            .as_ref()
            .and_then(|v| place.1.resolve(v))
    }

    /// Reads and parses `file` once; reports a failure at `at`.
    fn read(&mut self, file: &str, at: &JsonPointer) -> bool {
        if let Some(read) = self.files.get(file) {
            return read.is_some();
        }
        let parsed = match self.loader.load(file) {
            Err(message) => {
                self.errors.push(Diagnostic::new(
                    at,
                    format!("cannot read the referenced file `{file}`: {message}"),
                ));
                None
            }
            Ok(text) => match crate::parse::parse_text(&text) {
                Ok(v) => Some(v),
                Err(e) => {
                    let file_at = JsonPointer::root().in_file(file);
                    self.errors.extend(
                        e.diagnostics
                            .into_iter()
                            .map(|d| Diagnostic::new(&file_at, d.message)),
                    );
                    None
                }
            },
        };
        let ok = parsed.is_some();
        self.files.insert(file.to_owned(), parsed);
        ok
    }

    /// What `reference`, met in `file` where an object of `kind` belongs,
    /// becomes. `at` is where it sits in its file, for diagnostics; `placed`
    /// where it sits in the bundled document.
    fn rewrite(
        &mut self,
        kind: Kind,
        file: &str,
        reference: &str,
        at: &JsonPointer,
        placed: &JsonPointer,
    ) -> Rewrite {
        if file == self.document && reference.starts_with('#') {
            // The document's own references are lowering's business.
            return Rewrite::Keep;
        }
        let mut file = file.to_owned();
        let mut reference = reference.to_owned();
        for _ in 0..MAX_CHAIN {
            let place = match split(&file, &reference) {
                Ok(Some(place)) => place,
                // A URL: lowering reports it where it meets it.
                Ok(None) => return Rewrite::Keep,
                Err(message) => {
                    self.errors.push(Diagnostic::new(at, message));
                    return Rewrite::Keep;
                }
            };
            if place.0 == self.document {
                return Rewrite::Local(place.1.to_string());
            }
            if !self.read(&place.0, at) {
                return Rewrite::Keep;
            }
            let Some(target) = self.target(&place) else {
                self.errors.push(Diagnostic::new(
                    at,
                    format!(
                        "reference `{reference}` points to nothing: `{}` has no `{}`",
                        place.0, place.1
                    ),
                ));
                return Rewrite::Keep;
            };
            // A reference that is only a reference: follow the chain, so
            // aliases do not become types of their own.
            if let Some(obj) = target.as_object()
                && obj.len() == 1
                && let Some(Value::String(next)) = obj.get("$ref")
            {
                reference = next.clone();
                file = place.0;
                continue;
            }
            return match component_map(self.dialect, kind) {
                Some(map) => Rewrite::Local(self.component(kind, map, place)),
                None => self.inline(kind, place, at, placed),
            };
        }
        self.errors.push(Diagnostic::new(
            at,
            "reference chain is too long or circular",
        ));
        Rewrite::Keep
    }

    /// The local reference to the component made of `place`, named and
    /// queued on first sight.
    fn component(&mut self, kind: Kind, map: &'static str, place: Place) -> String {
        let key = match self.bound.get(&(map, place.clone())) {
            Some(key) => key.clone(),
            None => {
                let key = self.fresh_key(map, &place);
                self.bound.insert((map, place.clone()), key.clone());
                self.jobs.push_back((kind, map, place, key.clone()));
                key
            }
        };
        component_place(self.dialect, map, &key).to_string()
    }

    /// A key for `place` in `map` whose type name is not in use: the
    /// pointer's last token (the file's stem for a whole file), then with
    /// the file's stem before it, then numbered.
    fn fresh_key(&mut self, map: &'static str, place: &Place) -> String {
        let stem = file_stem(&place.0);
        let base = place
            .1
            .tokens()
            .last()
            .cloned()
            .unwrap_or_else(|| stem.clone());
        let taken = self.taken.entry(map).or_default();
        let mut candidates = vec![base.clone()];
        if base != stem {
            candidates.push(format!("{stem}_{base}"));
        }
        let key = candidates
            .into_iter()
            .chain((2..).map(|n| format!("{base}_{n}")))
            .find(|k| !taken.contains(&naming::type_name(k, "Schema")))
            .unwrap_or(base);
        taken.insert(naming::type_name(&key, "Schema"));
        key
    }

    /// The target at `place`, its own references rewritten, to replace a
    /// reference of a kind that has no components map.
    fn inline(
        &mut self,
        kind: Kind,
        place: Place,
        at: &JsonPointer,
        placed: &JsonPointer,
    ) -> Rewrite {
        if self.inlining.contains(&place) {
            self.errors.push(Diagnostic::new(
                at,
                format!(
                    "reference to `{}#{}` includes itself",
                    place.0,
                    place.1.to_string().trim_start_matches('#')
                ),
            ));
            return Rewrite::Keep;
        }
        let Some(mut value) = self.target(&place).cloned() else {
            return Rewrite::Keep;
        };
        let origin = place.1.clone().in_file(place.0.clone());
        self.origins.add(placed.clone(), origin.clone());
        self.inlining.push(place.clone());
        let dialect = self.dialect;
        let mut rewriter = Rewriter {
            b: self,
            file: place.0,
            bundled_base: placed.clone(),
            origin_base: origin,
        };
        graph::walk_mut_in(dialect, kind, &mut value, placed, &mut rewriter);
        self.inlining.pop();
        Rewrite::Inline(value)
    }
}

/// The visitor that rewrites references inside one file's part of the
/// bundled document.
struct Rewriter<'r, 'l> {
    b: &'r mut Bundler<'l>,
    /// The file the walked value came from.
    file: String,
    /// Where the walked value sits in the bundled document…
    bundled_base: JsonPointer,
    /// …and in its file (no file for the document itself).
    origin_base: JsonPointer,
}

impl Rewriter<'_, '_> {
    fn origin(&self, at: &JsonPointer) -> JsonPointer {
        let rest = at
            .tokens()
            .strip_prefix(self.bundled_base.tokens())
            .unwrap_or_default();
        rest.iter()
            .fold(self.origin_base.clone(), |p, t| p.push(t.as_str()))
    }
}

impl VisitMut for Rewriter<'_, '_> {
    fn enter(&mut self, node: Node<'_>, value: &mut Value) -> Step {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            // 3.1 schemas may keep definitions beside them; their
            // references are relative to this file too.
            if node.kind == Kind::Schema
                && let Some(Value::Object(defs)) = value.get_mut("$defs")
            {
                let at = node.at.push("$defs");
                for (name, def) in defs.iter_mut() {
                    graph::walk_mut(Kind::Schema, def, &at.push(name.as_str()), self);
                }
            }
            return Step::Descend;
        };
        let reference = reference.to_owned();
        let at = self.origin(node.at);
        let file = self.file.clone();
        match self.b.rewrite(node.kind, &file, &reference, &at, node.at) {
            Rewrite::Keep => {}
            Rewrite::Local(local) => {
                if let Some(obj) = value.as_object_mut() {
                    obj.insert("$ref".into(), Value::String(local));
                }
            }
            Rewrite::Inline(mut target) => {
                // Siblings of the reference (3.1 summaries) override.
                if let (Some(target), Some(obj)) = (target.as_object_mut(), value.as_object()) {
                    for (k, v) in obj.iter().filter(|(k, _)| *k != "$ref") {
                        target.insert(k.clone(), v.clone());
                    }
                }
                *value = target;
            }
        }
        // A Reference Object has no children; an inlined target was
        // rewritten already.
        Step::Skip
    }
}

/// Splits `reference`, met in `file`, into the file it names (normalised)
/// and the pointer into it. `Ok(None)` for a URL, which is never followed;
/// `Err` for what cannot be a local file reference.
fn split(file: &str, reference: &str) -> std::result::Result<Option<Place>, String> {
    let (path, fragment) = match reference.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (reference, None),
    };
    if has_scheme(path) {
        return Ok(None);
    }
    if path.starts_with('/') || path.starts_with('\\') {
        return Err(format!(
            "reference `{reference}` names an absolute path; only paths relative to the \
             referring file are followed"
        ));
    }
    let target_file = if path.is_empty() {
        file.to_owned()
    } else {
        normalise(file, &percent_decode(path))
            .ok_or_else(|| format!("reference `{reference}` names no file"))?
    };
    let pointer = match fragment {
        None | Some("") => JsonPointer::root(),
        Some(f) => JsonPointer::from_ref(&format!("#{f}")).ok_or_else(|| {
            format!("reference `{reference}` has a fragment that is not a JSON pointer (`#/…`)")
        })?,
    };
    Ok(Some((target_file, pointer)))
}

/// Whether `reference` is a URL (has a scheme), which is never fetched.
pub(crate) fn is_url(reference: &str) -> bool {
    has_scheme(reference.split('#').next().unwrap_or_default())
}

/// Whether `path` starts with a URI scheme (`https:`, `file:`, `c:`).
fn has_scheme(path: &str) -> bool {
    let Some((scheme, _)) = path.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `path` (relative, `/`-separated) resolved against the folder of `from`
/// (a normalised file path) and normalised: no empty or `.` segments, `..`
/// only leading. `None` when nothing is left.
fn normalise(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // `from`'s own name
    parts.retain(|p| !p.is_empty());
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            part => parts.push(part),
        }
    }
    match parts.last() {
        None | Some(&"..") => None,
        Some(_) => Some(parts.join("/")),
    }
}

/// The file's name without folders and extensions (`responses/common.json`
/// → `common`).
fn file_stem(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.split('.')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(name)
        .to_owned()
}

#[cfg(test)]
mod tests;
