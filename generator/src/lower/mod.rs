//! Stage 2, *lower*: the OpenAPI document → the typed IR ([`crate::ir`]).
//!
//! Each decision is a small pass with its own module: naming of types
//! ([`schema`]), operations and parameters ([`operation`]), credentials
//! ([`auth`]), and breaking by-value cycles ([`cycles`]). Anything the
//! generator cannot express becomes a located warning and a degraded type
//! (`serde_json::Value`) or a skipped item, never a panic.

mod auth;
mod body_input;
mod cycles;
mod groups;
mod inputs;
mod operation;
mod refs;
mod schema;
mod unions;
mod user;

use std::collections::{BTreeMap, HashMap};

use openapiv3::ReferenceOr;

use crate::error::{Degradation, Diagnostic, Error, Result};
use crate::ir::{Api, TypeDef};
use crate::load::Document;
use crate::naming::{self, Scope};
use crate::pointer::JsonPointer;
use crate::settings::Settings;

/// The IR plus what had to be degraded or skipped to build it.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The API, ready to emit.
    pub api: Api,
    /// Constructs that were skipped or degraded, with where they are.
    pub warnings: Vec<Diagnostic>,
    /// The warnings that degraded a typed construct, sorted.
    pub degradations: Vec<Degradation>,
}

/// Lowers a loaded document. Fails only when `settings.strict` is set and
/// something had to be degraded.
pub fn lower(doc: &Document, settings: &Settings) -> Result<Lowered> {
    let refs = refs::index(doc);
    let mut cx = Ctx::new(doc, &refs, settings);
    cx.lower_components();
    let auth = auth::lower(&mut cx, settings);
    let mut operations = operation::lower_all(&mut cx, settings);
    let mut types = std::mem::take(&mut cx.types);
    cycles::break_cycles(&mut types);
    for (at, reason) in cycles::optional_unsatisfiable(&mut types) {
        cx.warn(&at, reason);
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
    user::attributes(&mut types, settings);
    let schemas: Vec<String> = cx.components.keys().cloned().collect();
    let schemes: Vec<String> = auth.iter().map(|a| a.key.clone()).collect();
    let unmatched = user::unmatched(settings, &schemas, &types, &operations, &schemes);
    cx.warnings.extend(unmatched);
    unions::infer_tags(&mut types);
    // After cycles: body fields carry the struct fields' final (boxed) types.
    body_input::decide(&mut operations, &types);
    inputs::mark_user_built(&mut types, &operations);
    let (groups, type_groups) = groups::assign(&doc.api.tags, &mut operations, &types);
    let info = &doc.api.info;
    let api = Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        base_url: base_url(&doc.api, &mut cx.warnings),
        base_url_env_var: settings
            .base_url_env
            .clone()
            .unwrap_or_else(|| naming::env_var(&settings.env_prefix(), "base_url")),
        auth,
        types,
        operations,
        groups,
        type_groups,
    };
    // Lowering read the loaded document; what it found is relocated to
    // the places as written (bundled files, Swagger 2.0), as load's own
    // warnings already are. Each diagnostic is relocated once.
    let mut warnings = cx.warnings;
    doc.relocate(&mut warnings);
    warnings.extend(doc.warnings.iter().cloned());
    warnings.sort();
    warnings.dedup();
    if settings.strict && !warnings.is_empty() {
        return Err(Error {
            diagnostics: warnings,
        });
    }
    let mut degradations = cx.degradations;
    degradations.extend(doc.folds.degradations.iter().cloned());
    doc.origins.relocate_degradations(&mut degradations);
    degradations.sort();
    degradations.dedup();
    Ok(Lowered {
        api,
        warnings,
        degradations,
    })
}

/// The first server's URL with its variables set to their defaults. A
/// relative one cannot be a default: the user must name the host.
fn base_url(api: &openapiv3::OpenAPI, warnings: &mut Vec<Diagnostic>) -> String {
    let Some(server) = api.servers.first() else {
        return String::new();
    };
    if !server.url.contains("://") {
        warnings.push(Diagnostic::new(
            &JsonPointer::root().push("servers").push("0").push("url"),
            format!(
                "server URL `{}` is relative; the client needs a base URL set explicitly",
                server.url
            ),
        ));
        return String::new();
    }
    let mut url = server.url.clone();
    if let Some(vars) = &server.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    url.trim_end_matches('/').to_owned()
}

/// State shared by the lowering passes.
pub(crate) struct Ctx<'a> {
    doc: &'a Document,
    /// What the user asked for beyond the document (renames, replacements).
    settings: &'a Settings,
    /// Every `$ref`, resolved before lowering started.
    refs: &'a refs::Refs<'a>,
    /// Names in the generated `types` module.
    type_scope: Scope,
    /// `components.schemas` key → Rust type name.
    components: BTreeMap<String, String>,
    /// Types lowered so far.
    types: Vec<TypeDef>,
    /// Non-component `$ref` targets already lowered, by pointer.
    ref_cache: HashMap<JsonPointer, crate::ir::TypeRef>,
    /// Inline shapes already named: identical ones share the type.
    inline_shapes: HashMap<(crate::ir::TypeKind, Option<String>, bool), String>,
    /// Non-component `$ref`s being lowered (guards against cycles).
    resolving: Vec<JsonPointer>,
    warnings: Vec<Diagnostic>,
    degradations: Vec<Degradation>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, refs: &'a refs::Refs<'a>, settings: &'a Settings) -> Self {
        Self {
            doc,
            settings,
            refs,
            type_scope: Scope::default(),
            components: BTreeMap::new(),
            types: Vec::new(),
            ref_cache: HashMap::new(),
            inline_shapes: HashMap::new(),
            resolving: Vec::new(),
            warnings: Vec::new(),
            degradations: Vec::new(),
        }
    }

    /// The kind of the type named `name`, among those lowered so far.
    fn type_kind(&self, name: &str) -> Option<&crate::ir::TypeKind> {
        self.types.iter().find(|t| t.name == name).map(|t| &t.kind)
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

    /// Names every component schema first, so that they keep their names and
    /// inline types are the ones that get suffixes on a clash.
    fn lower_components(&mut self) {
        let Some(components) = &self.doc.api.components else {
            return;
        };
        for key in components.schemas.keys() {
            let wanted = self.settings.rename_types.get(key).unwrap_or(key);
            let name = self.type_scope.claim(&naming::type_name(wanted, "Schema"));
            self.components.insert(key.clone(), name);
        }
        let mut replaced = BTreeMap::new();
        for (key, schema) in &components.schemas {
            let at = JsonPointer::root()
                .push("components")
                .push("schemas")
                .push(key.as_str());
            let name = self.components[key].clone();
            match user::replaced_kind(self.settings, key, &mut replaced, &name) {
                Some(kind) => self.types.push(TypeDef {
                    name,
                    doc: Some(format!(
                        "The `{key}` schema, as the type the generator was told to use."
                    )),
                    origin: at,
                    kind,
                    deprecated: false,
                    user_built: false,
                    attributes: Vec::new(),
                }),
                None => self.lower_component(&name, schema, &at),
            }
        }
    }

    /// The value of type `T` an item is, or its `$ref` (and chain of them)
    /// leads to, with where that value sits. Reads the index built before
    /// lowering; nothing is parsed here.
    fn resolve<'x, T: refs::Referable>(
        &self,
        item: &'x ReferenceOr<T>,
        at: &JsonPointer,
    ) -> std::result::Result<(&'x T, JsonPointer), Diagnostic>
    where
        'a: 'x,
    {
        match item {
            ReferenceOr::Item(t) => Ok((t, at.clone())),
            ReferenceOr::Reference { reference } => self.resolve_ref(reference, at),
        }
    }

    /// What `reference`, met at `at`, leads to (see [`Self::resolve`]).
    fn resolve_ref<T: refs::Referable>(
        &self,
        reference: &str,
        at: &JsonPointer,
    ) -> std::result::Result<(&'a T, JsonPointer), Diagnostic> {
        match self.refs.get::<T>(reference) {
            Some(Ok(target)) => Ok((target.value(), target.at.clone())),
            Some(Err(broken)) => Err(broken.diagnostic(at)),
            None => Err(Diagnostic::new(
                at,
                format!("internal error: reference `{reference}` was not indexed"),
            )),
        }
    }
}

/// The schema key a `#/components/schemas/<key>` reference names.
fn component_key(reference: &str) -> Option<String> {
    let p = JsonPointer::from_ref(reference)?;
    match p.tokens() {
        [c, s, key] if c == "components" && s == "schemas" => Some(key.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
