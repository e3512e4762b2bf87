//! The invariants ARCHITECTURE.md states about the generator's own code,
//! checked on its source: no circle between top-level modules, and
//! lowering reads no raw JSON outside its reference index.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/src")
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("generator/src is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// A file's code without its unit tests and comments (doc links name
/// modules without depending on them).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("source is readable");
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Top-level module → the top-level modules its code names (`crate::x`).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = src();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&root) {
        let rel = file.strip_prefix(&root).expect("under src");
        let first = rel.components().next().expect("a component");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if matches!(module.as_str(), "lib" | "main") || file.ends_with("tests.rs") {
            continue;
        }
        let deps = graph.entry(module.clone()).or_default();
        for (i, _) in code(&file).match_indices("crate::") {
            let name: String = code(&file)[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if name != module && !name.is_empty() {
                deps.insert(name);
            }
        }
    }
    graph
}

#[test]
fn top_level_modules_form_no_circle() {
    let graph = module_graph();
    assert!(graph.len() > 15, "the scan found the modules: {graph:?}");
    assert!(graph["lower"].contains("ir"), "the scan sees dependencies");
    // Depth-first search for a path back to where it started.
    fn back_to<'g>(
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        start: &str,
        at: &'g str,
        path: &mut Vec<&'g str>,
        seen: &mut BTreeSet<&'g str>,
    ) -> bool {
        for next in graph.get(at).into_iter().flatten() {
            if next == start {
                return true;
            }
            if graph.contains_key(next.as_str()) && seen.insert(next.as_str()) {
                path.push(next);
                if back_to(graph, start, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    for start in graph.keys() {
        let mut path = vec![start.as_str()];
        let found = back_to(&graph, start, start, &mut path, &mut BTreeSet::new());
        assert!(
            !found,
            "modules depend on each other in a circle: {path:?} → {start}"
        );
    }
}

#[test]
fn lowering_reads_raw_json_only_through_its_reference_index() {
    let lower = src().join("lower");
    let mut readers = Vec::new();
    for file in rust_files(&lower) {
        let code = code(&file);
        if (code.contains(".raw") || code.contains("raw_doc(")) && !file.ends_with("refs.rs") {
            readers.push(file.display().to_string());
        }
    }
    assert!(
        readers.is_empty(),
        "these lowering files read the raw document: {readers:?}"
    );
    assert!(
        code(&lower.join("refs.rs")).contains("raw_doc("),
        "the index is where raw JSON is read"
    );
}
