//! How long generation takes, against a floor: `load` (parsing the text and
//! reading it as OpenAPI) is work any generator must do, so `generate / load`
//! is the cost of everything we add (lowering, emitting, formatting).
//!
//! Documents: synthetic ones of 100, 1 000, 1 500 (3 700 schemas) and
//! 10 000 operations, and the
//! real-world corpus in `../shared/specs` when it is beside the repository.

#[path = "synthetic.rs"]
mod synthetic;

use std::sync::LazyLock;

use openapi_rustgen::{Settings, generate, load};

fn main() {
    divan::main();
}

fn synthetic(operations: usize) -> String {
    synthetic::document(synthetic::schemas_for(operations), operations)
}

static SYNTHETIC_100: LazyLock<String> = LazyLock::new(|| synthetic(100));
static SYNTHETIC_1000: LazyLock<String> = LazyLock::new(|| synthetic(1000));
static SYNTHETIC: LazyLock<String> = LazyLock::new(|| synthetic(1500));
static SYNTHETIC_10000: LazyLock<String> = LazyLock::new(|| synthetic(10_000));

fn corpus(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/specs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_default()
}

static OPENAI: LazyLock<String> = LazyLock::new(|| corpus("openai-2025-04-29.yaml"));
static JIRA: LazyLock<String> = LazyLock::new(|| corpus("jira-platform-2022-07-17.json"));
static BOX: LazyLock<String> = LazyLock::new(|| corpus("box-2026-06-29.json"));

fn text(name: &str) -> &'static str {
    match name {
        "synthetic-100-ops" => &SYNTHETIC_100,
        "synthetic-1000-ops" => &SYNTHETIC_1000,
        "synthetic-1500-ops" => &SYNTHETIC,
        "synthetic-10000-ops" => &SYNTHETIC_10000,
        "openai" => &OPENAI,
        "box" => &BOX,
        _ => &JIRA,
    }
}

const DOCS: &[&str] = &[
    "synthetic-100-ops",
    "synthetic-1000-ops",
    "synthetic-1500-ops",
    "synthetic-10000-ops",
    "openai",
    "jira",
    "box",
];

#[divan::bench(args = DOCS, sample_count = 5)]
fn load_floor(name: &str) {
    let text = text(name);
    if text.is_empty() {
        return;
    }
    divan::black_box(load(divan::black_box(text)).expect("loads"));
}

#[divan::bench(args = DOCS, sample_count = 5)]
fn generate_crate(name: &str) {
    let text = text(name);
    if text.is_empty() {
        return;
    }
    divan::black_box(generate(divan::black_box(text), &Settings::new("bench")).expect("generates"));
}
