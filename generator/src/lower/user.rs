//! What the user asked for beyond the document ([`Settings`]): schemas
//! replaced by their own Rust types, attributes on generated types, and a
//! warning for each setting that names nothing (a typo must not pass
//! silently).

use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::ir::{Operation, TypeDef, TypeKind, TypeRef};
use crate::pointer::JsonPointer;
use crate::settings::Settings;

/// What the component `key` becomes when the user replaced it: an alias
/// of a type the generated crate already decodes (`uuid::Uuid`), an alias
/// of the first schema replaced by the same path, or the path itself.
pub(super) fn replaced_kind(
    settings: &Settings,
    key: &str,
    first_use: &mut BTreeMap<String, String>,
    name: &str,
) -> Option<TypeKind> {
    let path = settings.replace.get(key)?;
    let spelled = normalise(path);
    if let Some(known) = known_type(&spelled) {
        return Some(TypeKind::Alias(known));
    }
    // One `Decode` impl per Rust type: later schemas alias the first.
    match first_use.get(&spelled) {
        Some(first) => Some(TypeKind::Alias(TypeRef::Named(first.clone()))),
        None => {
            first_use.insert(spelled, name.to_owned());
            Some(TypeKind::Replaced(path.clone()))
        }
    }
}

/// A type path without spaces or a leading `::`, for comparing.
fn normalise(path: &str) -> String {
    let compact: String = path.chars().filter(|c| !c.is_whitespace()).collect();
    compact.trim_start_matches("::").to_owned()
}

/// The IR type of a path the generated crate already knows how to decode.
fn known_type(path: &str) -> Option<TypeRef> {
    Some(match path {
        "String" | "std::string::String" => TypeRef::String,
        "bool" => TypeRef::Bool,
        "f64" => TypeRef::F64,
        "uuid::Uuid" => TypeRef::Uuid,
        "chrono::DateTime<chrono::Utc>" => TypeRef::DateTime,
        "chrono::NaiveDate" => TypeRef::Date,
        "serde_json::Value" => TypeRef::Json,
        _ => return None,
    })
}

/// Gives each type the attributes `settings` asks for (`*`, then its own
/// name); type aliases take none.
pub(super) fn attributes(types: &mut [TypeDef], settings: &Settings) {
    let all = settings.type_attributes.get("*");
    for def in types {
        if matches!(def.kind, TypeKind::Alias(_) | TypeKind::Replaced(_)) {
            continue;
        }
        let own = settings.type_attributes.get(&def.name);
        def.attributes = all.into_iter().chain(own).flatten().cloned().collect();
    }
}

/// A warning for every setting that names a schema, type, operation or
/// security scheme the document (as selected) does not have.
pub(super) fn unmatched(
    settings: &Settings,
    schemas: &[String],
    types: &[TypeDef],
    operations: &[Operation],
    schemes: &[String],
) -> Vec<Diagnostic> {
    let root = JsonPointer::root();
    let mut out = Vec::new();
    let mut check =
        |what: &str, names: &mut dyn Iterator<Item = &String>, known: &dyn Fn(&str) -> bool| {
            for name in names.filter(|n| !known(n)) {
                out.push(Diagnostic::new(
                    &root,
                    format!("the settings' {what} `{name}` names nothing in the document"),
                ));
            }
        };
    let schema = |n: &str| schemas.iter().any(|s| s == n);
    check("replaced schema", &mut settings.replace.keys(), &schema);
    check("renamed schema", &mut settings.rename_types.keys(), &schema);
    let ty = |n: &str| n == "*" || types.iter().any(|t| t.name == n);
    check(
        "type given attributes",
        &mut settings.type_attributes.keys(),
        &ty,
    );
    let op = |n: &str| operations.iter().any(|o| o.id == n);
    check(
        "renamed operation",
        &mut settings.rename_methods.keys(),
        &op,
    );
    let scheme = |n: &str| schemes.iter().any(|s| s == n);
    check("security scheme", &mut settings.auth_env.keys(), &scheme);
    out
}
