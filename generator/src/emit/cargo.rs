//! The generated crate's `Cargo.toml`: only crates.io dependencies, and
//! `uuid`/`chrono` only when the API uses them, so the tree stays lean.

use crate::ir::{ALL_TYPES, Api, FULL, TypeRef};
use crate::settings::Settings;

/// The oldest Rust the generated code is written for: the manifest's
/// `rust-version`, and the `clippy::msrv` of an embedded client.
pub(crate) const RUST_VERSION: &str = "1.85";

pub fn manifest(api: &Api, settings: &Settings) -> String {
    let header = crate::format::header(settings, "#", crate::format::Origin::Document);
    let description = toml_string(&format!(
        "Rust client for the {} (generated from its OpenAPI document)",
        api.title
    ));
    let mut deps = dependencies(api, settings);
    // Optional: spans and events per request (`--features tracing`).
    deps.push(
        r#"tracing = { version = "0.1", default-features = false, features = ["std"], optional = true }"#
            .to_owned(),
    );
    deps.sort();
    format!(
        "{header}\n[package]\nname = {name}\nversion = {version}\nedition = \"2024\"\nrust-version = \"{RUST_VERSION}\"\ndescription = {description}\nreadme = \"README.md\"\n{metadata}\n[dependencies]\n{deps}\n\n{features}",
        name = toml_string(&settings.crate_name),
        version = toml_string(&settings.crate_version),
        metadata = metadata(&settings.package),
        deps = deps.join("\n"),
        features = features(api),
    )
}

/// The crate's required dependencies, one `[dependencies]` line each,
/// sorted: what the manifest lists, less the optional `tracing`, and what a
/// crate that embeds the client (`crate::build`) must depend on.
pub(crate) fn dependencies(api: &Api, settings: &Settings) -> Vec<String> {
    let mut deps = vec![
        r#"backon = { version = "1", default-features = false, features = ["std"] }"#.to_owned(),
        r#"bytes = "1""#.to_owned(),
        r#"httpdate = "1""#.to_owned(),
        r#"percent-encoding = "2""#.to_owned(),
        r#"reqwest = { version = "0.13", default-features = false, features = ["rustls"] }"#
            .to_owned(),
        r#"serde = { version = "1", features = ["derive"] }"#.to_owned(),
        // preserve_order: free-form objects, form bodies and the properties
        // a struct keeps beside its fields stay in the order they came in.
        // float_roundtrip: every number is read back exactly (the default
        // parser is off by one ulp on some 17-digit numbers).
        r#"serde_json = { version = "1", features = ["preserve_order", "float_roundtrip"] }"#
            .to_owned(),
        r#"tokio = { version = "1", features = ["time"] }"#.to_owned(),
    ];
    if needs_uuid(api) {
        deps.push(r#"uuid = { version = "1", features = ["serde"] }"#.to_owned());
    }
    if needs_chrono(api) {
        deps.push(r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }"#.to_owned());
    }
    if api.paginates() || api.streams_events() {
        deps.push(
            r#"futures-util = { version = "0.3", default-features = false, features = ["std"] }"#
                .to_owned(),
        );
    }
    // The user's dependencies (for the types they put in place of
    // schemas); one with a name the crate uses replaces that line.
    for (name, value) in &settings.dependencies {
        deps.retain(|d| d.split(' ').next() != Some(name.as_str()));
        deps.push(format!("{name} = {value}"));
    }
    deps.sort();
    deps
}

/// The optional registry fields, one `key = value` line each.
fn metadata(package: &crate::settings::PackageMetadata) -> String {
    let mut out = String::new();
    for (key, value) in [
        ("license", &package.license),
        ("repository", &package.repository),
        ("homepage", &package.homepage),
        ("documentation", &package.documentation),
    ] {
        if let Some(value) = value {
            out.push_str(&format!("{key} = {}\n", toml_string(value)));
        }
    }
    for (key, values) in [
        ("keywords", &package.keywords),
        ("categories", &package.categories),
    ] {
        if !values.is_empty() {
            let list: Vec<String> = values.iter().map(|v| toml_string(v)).collect();
            out.push_str(&format!("{key} = [{}]\n", list.join(", ")));
        }
    }
    out
}

/// The `[features]` table: one feature per operation group (group names
/// are snake case identifiers, so they need no quoting), `full`,
/// `all-types`, `default`.
fn features(api: &Api) -> String {
    let names: Vec<&str> = api.groups.iter().map(|g| g.name.as_str()).collect();
    let full: String = names.iter().map(|n| format!("    \"{n}\",\n")).collect();
    let default: Vec<String> = api
        .default_features()
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect();
    let default = default.join(", ");
    let mut out = format!(
        "# One feature per group of operations; see the crate documentation.\n[features]\ndefault = [{default}]\n{FULL} = [\n{full}]\n\
         # `{FULL}`, and the schemas no operation uses.\n{ALL_TYPES} = [\"{FULL}\"]\n"
    );
    for name in names {
        out.push_str(&format!("{name} = []\n"));
    }
    out.push_str(
        "# Spans and events per request (method, route, status, attempt, retry delay,\n# request id), with credentials redacted.\ntracing = [\"dep:tracing\"]\n",
    );
    out
}

/// A TOML basic string: spec text (the title) cannot break out of it.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            // Bidirectional controls and separators too: they would make
            // the manifest display otherwise than it reads.
            c if c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}') =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether some type of the API is a `uuid::Uuid`.
pub(super) fn needs_uuid(api: &Api) -> bool {
    api.uses(&|t| matches!(t, TypeRef::Uuid))
}

/// Whether some type of the API is a `chrono` date or date-time.
pub(super) fn needs_chrono(api: &Api) -> bool {
    api.uses(&|t| matches!(t, TypeRef::DateTime | TypeRef::Date))
}

#[cfg(test)]
mod tests {
    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(
            super::toml_string("a\"b\\c\nd\u{7}"),
            "\"a\\\"b\\\\c d\\u0007\""
        );
    }
}
