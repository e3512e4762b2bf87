//! A [`Report`] as text (a terminal), Markdown (a pull-request comment or a
//! changelog entry) or JSON (machines).

use super::classify::{Bump, Change, Report, Subject, code};

/// Output formats of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown for a pull-request comment.
    Markdown,
    /// Pretty JSON.
    Json,
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => json(report),
    }
}

fn subject(s: &Subject) -> String {
    match s {
        Subject::Features => "Cargo features".into(),
        Subject::Client => "ClientBuilder".into(),
        Subject::Operation(name) => format!("Client::{name}"),
        Subject::Type(name) => format!("types::{name}"),
    }
}

fn counts(report: &Report) -> (usize, usize) {
    let breaking = report.changes.iter().filter(|c| c.breaking).count();
    (breaking, report.changes.len() - breaking)
}

fn version_line(report: &Report) -> String {
    match (&report.new_version, report.bump) {
        (_, Bump::None) => format!(
            "Version: {} stays ({}).",
            report.old_version,
            report.bump_reason()
        ),
        (Some(next), bump) => format!(
            "Version: {} → {} ({} bump: {}).",
            report.old_version,
            next,
            bump_word(bump),
            report.bump_reason()
        ),
        (None, bump) => format!(
            "Version: {} is not semver; the changes call for a {} bump ({}).",
            report.old_version,
            bump_word(bump),
            report.bump_reason()
        ),
    }
}

fn bump_word(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "no",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

/// Plain text: one line per change, breaking ones first, then the version.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    if report.is_empty() {
        out.push_str("No change to the public API.\n");
    } else {
        let (breaking, compatible) = counts(report);
        out.push_str(&format!(
            "Public API changes: {breaking} breaking, {compatible} compatible\n"
        ));
        for (title, wanted) in [("Breaking", true), ("Compatible", false)] {
            let group: Vec<&Change> = report
                .changes
                .iter()
                .filter(|c| c.breaking == wanted)
                .collect();
            if group.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{title}:\n"));
            for c in group {
                out.push_str(&format!(
                    "  - {}: {}\n      {}\n",
                    subject(&c.subject),
                    c.description,
                    c.reason
                ));
            }
        }
        out.push('\n');
    }
    out.push_str(&version_line(report));
    out.push('\n');
    out
}

/// Escapes text for a Markdown table cell outside code spans.
fn cell(text: &str) -> String {
    // Code spans are produced by `code`, which cannot contain a newline; a
    // pipe ends a table cell even inside a code span, so escape it.
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn markdown_groups(report: &Report, heading: &str, out: &mut String) {
    for (title, wanted) in [("Breaking", true), ("Compatible", false)] {
        let group: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.breaking == wanted)
            .collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{heading} {title} ({})\n\n", group.len()));
        out.push_str("| Item | Change | Why |\n|---|---|---|\n");
        for c in group {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                cell(&code(&subject(&c.subject))),
                cell(&c.description),
                cell(&c.reason)
            ));
        }
    }
}

/// Markdown for a pull-request comment: a summary line, tables of breaking
/// and compatible changes, and the version.
pub fn markdown(report: &Report) -> String {
    let mut out = String::from("## Public API changes\n\n");
    if report.is_empty() {
        out.push_str("No change to the public API.\n\n");
        out.push_str(&format!("**{}**\n", version_line(report)));
        return out;
    }
    let (breaking, compatible) = counts(report);
    out.push_str(&format!(
        "{} breaking, {} compatible. **{}**\n",
        breaking,
        compatible,
        version_line(report)
    ));
    markdown_groups(report, "###", &mut out);
    out
}

/// Pretty JSON of the whole report.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

/// A `CHANGELOG.md` entry for a release with these changes (`version` is
/// the heading: the new version, or "Unreleased").
pub fn changelog_entry(report: &Report, version: &str, spec_version: &str) -> String {
    let (breaking, compatible) = counts(report);
    let mut out = format!(
        "## {version}\n\nRegenerated from version {} of the OpenAPI document: {breaking} breaking, {compatible} compatible change(s).\n",
        cell(spec_version)
    );
    for (title, wanted) in [("Breaking", true), ("Compatible", false)] {
        let group: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.breaking == wanted)
            .collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for c in group {
            out.push_str(&format!(
                "- {}: {}. {}.\n",
                code(&subject(&c.subject)),
                c.description,
                capitalised(&c.reason)
            ));
        }
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `changelog` (the current file, possibly empty) with `entry` added as the
/// newest one, below the title.
pub fn prepend_changelog(changelog: &str, entry: &str) -> String {
    const TITLE: &str = "# Changelog\n\nChanges to the public API of this crate, written by `cargo xtask codegen` when a\nregeneration changes it. Newest first.\n";
    let rest = changelog
        .strip_prefix(TITLE)
        .unwrap_or(changelog)
        .trim_start_matches('\n');
    if rest.is_empty() {
        format!("{TITLE}\n{entry}")
    } else {
        format!("{TITLE}\n{entry}\n{rest}")
    }
}
