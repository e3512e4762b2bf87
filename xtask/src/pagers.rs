//! `cargo xtask pagers <DOC>...`: the pager census of BENCHMARKS.md. For
//! each document, how many list operations it has, how many got a pager
//! and of which pattern, and the list operations left without one that
//! take a paging-looking query parameter (the candidates for a miss);
//! `--details FILE` writes every list operation, one line each, for the
//! hand check.
//!
//! A *list operation* is a GET whose success response is an array, or an
//! envelope holding one: an object with an array property (not `errors`,
//! `messages` or `warnings`) named like items (`data`, `items`, `results`,
//! `result`, `records`, `entries`, `values`), or as its only array when the
//! object has at most five properties (GitHub's `{total_count,
//! workflow_runs}`); or such an envelope inside the response's `data` or
//! `result` object. A single resource that happens to hold an array (a
//! Stripe charge and its refunds) is not a list. Read from the IR, so
//! after `allOf` folding and `$ref`s, as lowering saw it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use openapi_rustgen::FileLoader;
use openapi_rustgen::ir::{Api, Operation, ParamLocation, ResponseKind, TypeKind, TypeRef};
use openapi_rustgen::{Settings, generate_with};

/// Query parameters that suggest paging (any of them, whatever their type).
const PAGING_LOOKING: &[&str] = &[
    "page",
    "per_page",
    "page_size",
    "pageSize",
    "perPage",
    "limit",
    "offset",
    "cursor",
    "after",
    "before",
    "since",
    "starting_after",
    "ending_before",
    "page_token",
    "pageToken",
    "marker",
    "next_token",
    "skip",
    "start",
    "count",
    "first",
    "last",
];
/// Arrays of an envelope that are never its items.
const NOT_ITEMS: &[&str] = &["errors", "messages", "warnings"];
/// Names of item arrays.
const ITEM_NAMES: &[&str] = &[
    "data", "items", "results", "result", "records", "entries", "values",
];

/// One document's figures.
#[derive(Default)]
struct Census {
    operations: usize,
    gets: usize,
    lists: usize,
    paged: BTreeMap<String, usize>,
    paged_not_lists: usize,
    unpaged_with_paging_params: usize,
    details: String,
}

/// Prints the census of each document; with `details`, writes every list
/// operation there.
pub fn run(docs: &[PathBuf], details: Option<&Path>) -> anyhow::Result<()> {
    let mut all_details = String::new();
    println!(
        "| document | operations | GET | list operations | with a pager | by pattern | unpaged lists with paging-looking parameters |"
    );
    println!("|---|---|---|---|---|---|---|");
    for doc in docs {
        let census = census(doc)?;
        let paged: usize = census.paged.values().sum();
        let patterns: Vec<String> = census
            .paged
            .iter()
            .map(|(pattern, n)| format!("{pattern} {n}"))
            .collect();
        println!(
            "| {} | {} | {} | {} | {paged}{} | {} | {} |",
            doc.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            census.operations,
            census.gets,
            census.lists,
            if census.paged_not_lists > 0 {
                format!(" ({} not lists)", census.paged_not_lists)
            } else {
                String::new()
            },
            patterns.join(", "),
            census.unpaged_with_paging_params,
        );
        let _ = writeln!(all_details, "# {}\n{}", doc.display(), census.details);
    }
    if let Some(path) = details {
        std::fs::write(path, all_details)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn census(doc: &Path) -> anyhow::Result<Census> {
    let text =
        std::fs::read_to_string(doc).with_context(|| format!("cannot read {}", doc.display()))?;
    let loader = FileLoader::for_document(doc)?;
    let generated = generate_with(&text, &Settings::new("census"), loader.files())
        .map_err(|e| anyhow::anyhow!("{}: {e}", doc.display()))?;
    let api = &generated.api;
    let mut out = Census {
        operations: api.operations.len(),
        ..Census::default()
    };
    for op in &api.operations {
        let list = op.http_method == "GET" && is_list(api, &op.response);
        out.gets += usize::from(op.http_method == "GET");
        out.lists += usize::from(list);
        if let Some(p) = &op.pagination {
            *out.paged.entry(p.spec.style().to_owned()).or_default() += 1;
            out.paged_not_lists += usize::from(!list);
        }
        if !list {
            continue;
        }
        let paging_params = paging_looking(op);
        if op.pagination.is_none() && !paging_params.is_empty() {
            out.unpaged_with_paging_params += 1;
        }
        let _ = writeln!(out.details, "{}", detail(op, &paging_params));
    }
    Ok(out)
}

/// `GET /path  pattern {fields}  [query params]`, or `-` for no pager.
fn detail(op: &Operation, paging_params: &[&str]) -> String {
    let pager = match &op.pagination {
        Some(p) => {
            let fields = serde_json::to_string(&p.spec).unwrap_or_default();
            format!("{} {fields}", p.spec.style())
        }
        None => "-".to_owned(),
    };
    format!(
        "{} {}\t{}\t{pager}\tpaging-looking: {}",
        op.http_method,
        op.path_template,
        op.id,
        paging_params.join(",")
    )
}

fn paging_looking(op: &Operation) -> Vec<&str> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| p.wire_name.as_str())
        .filter(|name| PAGING_LOOKING.contains(name))
        .collect()
}

/// Whether a response is a list: an array or an envelope holding one.
fn is_list(api: &Api, response: &ResponseKind) -> bool {
    let ResponseKind::Json(root) = response else {
        return false;
    };
    matches!(resolved(api, root), TypeRef::Array(_))
        || is_envelope(api, root)
        || fields(api, root)
            .iter()
            .any(|(name, ty)| ["data", "result"].contains(&name.as_str()) && is_envelope(api, ty))
}

/// An object holding the items: an array named like items, or its only
/// array when it has few properties.
fn is_envelope(api: &Api, ty: &TypeRef) -> bool {
    let fields = fields(api, ty);
    let arrays: Vec<&str> = fields
        .iter()
        .filter(|(name, ty)| {
            !NOT_ITEMS.contains(&name.as_str()) && matches!(resolved(api, ty), TypeRef::Array(_))
        })
        .map(|(name, _)| name.as_str())
        .collect();
    arrays.iter().any(|name| ITEM_NAMES.contains(name)) || (arrays.len() == 1 && fields.len() <= 5)
}

fn fields(api: &Api, ty: &TypeRef) -> Vec<(String, TypeRef)> {
    let TypeRef::Named(name) = resolved(api, ty) else {
        return Vec::new();
    };
    match api.type_def(&name).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => s
            .fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.ty.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

fn resolved(api: &Api, ty: &TypeRef) -> TypeRef {
    let mut ty = ty.strip_option().clone();
    for _ in 0..16 {
        let TypeRef::Named(name) = &ty else { break };
        match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target)) => ty = target.strip_option().clone(),
            _ => break,
        }
    }
    ty
}
