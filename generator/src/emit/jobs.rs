//! The emission plan: one job per Rust file of the crate (the shared types
//! module in parts), run in parallel, each emitting and formatting what it
//! builds; then the manifest, README and runtime files.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use super::{cargo, client, groups, lib_rs, readme, runtime_files, types};
use crate::error::Result;
use crate::format::{Origin, format_items, format_rust, header, join_parts};
use crate::ir::Api;
use crate::settings::Settings;

/// Types per part of the shared types module (see [`super::emit`]).
pub(super) const SHARED_TYPES_PER_JOB: usize = 400;

/// [`super::emit`], with the shared types module formatted `per_part` types
/// at a time.
pub(super) fn emit_in_parts(
    api: &Api,
    settings: &Settings,
    per_part: usize,
) -> Result<BTreeMap<String, String>> {
    let jobs = plan(api, per_part);
    let header = header(settings, "//", Origin::Document);
    let emit_one = |job: &Job| -> Result<(String, String)> {
        let (path, tokens) = job.emit(api, settings);
        let text = match job {
            Job::SharedTypes(part) if part.start > 0 => format_items(tokens)?,
            _ => format_rust(tokens, &header)?,
        };
        Ok((path, text))
    };
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    // In job order, so the parts of a file join in order.
    for (path, text) in crate::threads::parallel_map(&jobs, emit_one)? {
        match files.get_mut(&path) {
            Some(file) => join_parts(file, &text),
            None => {
                files.insert(path, text);
            }
        }
    }
    files.insert("Cargo.toml".to_owned(), cargo::manifest(api, settings));
    files.insert("README.md".to_owned(), readme::readme(api, settings));
    runtime_files::add_runtime(api, settings, &mut files);
    Ok(files)
}

/// The jobs emitting the crate's Rust files, the parts of a file in order.
fn plan(api: &Api, per_part: usize) -> Vec<Job> {
    let mut jobs = vec![Job::Lib, Job::Client];
    // The shared types module is the largest file by far: formatted in
    // parts, so no worker holds all its tokens at once and the parts spread
    // over the cores. The text is the same as in one piece.
    let count = api.types.len();
    let per_part = per_part.max(1);
    // At least one part: it carries the module's attributes and re-exports.
    for start in (0..count.max(1)).step_by(per_part) {
        jobs.push(Job::SharedTypes(
            start..count.min(start.saturating_add(per_part)),
        ));
    }
    for (i, group) in api.groups.iter().enumerate() {
        jobs.push(Job::Group(i));
        if types::has_own_types(api, &group.name) {
            jobs.push(Job::GroupTypes(i));
        }
    }
    jobs
}

/// One Rust file of the generated crate, or one part of one.
enum Job {
    Lib,
    Client,
    /// The shared types module's part holding these of `api.types`.
    SharedTypes(std::ops::Range<usize>),
    /// The module of `api.groups[i]`.
    Group(usize),
    /// The `types` module of `api.groups[i]`.
    GroupTypes(usize),
}

impl Job {
    fn emit(&self, api: &Api, settings: &Settings) -> (String, TokenStream) {
        match *self {
            Job::Lib => ("src/lib.rs".to_owned(), lib_rs::emit_lib(api, settings)),
            Job::Client => (
                "src/client.rs".to_owned(),
                client::emit_client(api, settings),
            ),
            Job::SharedTypes(ref part) => (
                "src/types.rs".to_owned(),
                types::emit_shared_types(api, part.clone()),
            ),
            Job::Group(i) => {
                let group = &api.groups[i];
                let own_types = types::has_own_types(api, &group.name);
                (
                    format!("src/{}.rs", group.name),
                    groups::emit_group(api, group, own_types),
                )
            }
            Job::GroupTypes(i) => {
                let group = &api.groups[i].name;
                (
                    format!("src/{group}/types.rs"),
                    types::emit_group_types(api, group),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_types_module_is_the_same_formatted_in_parts_or_whole() {
        // Shared, unreached and group-only types, so parts start and end
        // on every kind of item (and on types the part leaves out).
        let yaml = include_str!("../../../tests/fixtures/tags.yaml");
        let doc = crate::load(yaml).expect("fixture loads");
        let settings = Settings::new("tags");
        let api = crate::lower::lower(&doc, &settings)
            .expect("fixture lowers")
            .api;
        let whole = emit_in_parts(&api, &settings, usize::MAX).expect("emits");
        for per_part in [1, 2, 3] {
            let parts = emit_in_parts(&api, &settings, per_part).expect("emits");
            assert_eq!(
                parts["src/types.rs"], whole["src/types.rs"],
                "{per_part} per part"
            );
            assert_eq!(parts, whole);
        }
    }
}
