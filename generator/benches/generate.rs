//! How long generation takes, against a floor: `load` (parsing the text and
//! reading it as OpenAPI) is work any generator must do, so `generate / load`
//! is the cost of everything we add (lowering, emitting, formatting).
//!
//! Documents: a 1 500-operation, 3 700-schema synthetic one, and the
//! real-world corpus in `../shared/specs` when it is beside the repository.

#[path = "synthetic.rs"]
mod synthetic;

use std::sync::LazyLock;

use openapi_rustgen::{Settings, generate, load};

fn main() {
    divan::main();
}

static SYNTHETIC: LazyLock<String> = LazyLock::new(|| synthetic::document(3700, 1500));

fn corpus(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/specs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_default()
}

static OPENAI: LazyLock<String> = LazyLock::new(|| corpus("openai-2025-04-29.yaml"));
static JIRA: LazyLock<String> = LazyLock::new(|| corpus("jira-platform-2022-07-17.json"));

fn text(name: &str) -> &'static str {
    match name {
        "synthetic-1500-ops" => &SYNTHETIC,
        "openai" => &OPENAI,
        _ => &JIRA,
    }
}

const DOCS: &[&str] = &["synthetic-1500-ops", "openai", "jira"];

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
