//! Spec text → rustdoc. Descriptions are untrusted Markdown: they become
//! string literals in `#[doc]` attributes (so they can never be code), and
//! are cleaned so that rustdoc neither warns nor runs them as doctests.

use proc_macro2::TokenStream;
use quote::quote;

/// Doc attributes for spec text, cleaned (see [`clean`]).
pub fn doc_attrs(text: &str) -> TokenStream {
    attrs(clean(text).iter().map(String::as_str))
}

/// Doc attributes for text the generator wrote itself (intra-doc links
/// allowed). Any spec text inside must have gone through [`code`].
pub fn trusted_doc(text: &str) -> TokenStream {
    attrs(text.lines())
}

/// One `#[doc = "…"]` per line (prettyplease prints those as `///`).
fn attrs<'a>(lines: impl Iterator<Item = &'a str>) -> TokenStream {
    let attrs = lines.map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", visible(line))
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Bidirectional controls would make a comment display otherwise than it
/// reads (Trojan Source; rustc denies them in comments), and line or
/// paragraph separators would break it visually: they are shown escaped.
fn visible(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Spec text (a name, a value) as an inline code span: backticks and line
/// breaks cannot end it early.
pub fn code(text: &str) -> String {
    let mut out = String::from("`");
    for c in text.chars() {
        match c {
            '`' => out.push('\''),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('`');
    out
}

/// Doc attributes from an optional (untrusted) description, or from a
/// `fallback` the generator wrote (see [`trusted_doc`]).
pub fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => doc_attrs(t),
        None => trusted_doc(fallback),
    }
}

/// Outer doc attributes (`#[doc = …]`) as inner ones (`#![doc = …]`), for
/// a module's own docs.
pub fn inner(outer_docs: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    for tt in outer_docs {
        if let proc_macro2::TokenTree::Punct(p) = &tt {
            if p.as_char() == '#' {
                out.extend(quote!(#));
                out.extend(quote!(!));
                continue;
            }
        }
        out.extend(std::iter::once(tt));
    }
    out
}

/// The cleaned lines of a description.
pub fn clean(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // Tabs become spaces (clippy's `tabs_in_doc_comments`; rustdoc would
    // expand them anyway).
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Fenced code is shown as text, never compiled as a doctest.
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.chars().filter(|c| !c.is_control()).collect());
            continue;
        }
        // Leading indentation would make an indented (doctest) code block.
        out.push(escape_inline(trimmed));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    // Collapse runs of blank lines.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

/// Escapes what rustdoc would read as links or HTML, and wraps bare URLs.
fn escape_inline(line: &str) -> String {
    // Balance first, so that every backtick left opens or closes a span.
    let line = balance_backticks(line.to_owned());
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line.as_str();
    let mut in_code = false;
    while !rest.is_empty() {
        let c = rest.chars().next().unwrap_or(' ');
        if c == '`' {
            in_code = !in_code;
        }
        if in_code || c == '`' {
            // Code spans show their text literally: nothing to escape.
            out.push(if c.is_control() { ' ' } else { c });
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some(url_len) = url_prefix_len(rest) {
            let (url, tail) = rest.split_at(url_len);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = tail;
            continue;
        }
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of a bare `http(s)://` URL at the start of `s`.
fn url_prefix_len(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s
        .char_indices()
        .find(|(_, c)| {
            c.is_whitespace()
                || matches!(
                    c,
                    '<' | '>' | '"' | '`' | '[' | ']' | '(' | ')' | '{' | '}' | '|' | '\\' | '^'
                )
        })
        .map_or(s.len(), |(i, _)| i);
    let url = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
    (url.len() > "https://".len()).then_some(url.len())
}

/// An odd number of backticks would open a code span that swallows the rest.
fn balance_backticks(line: String) -> String {
    if line.matches('`').count() % 2 == 1 {
        line.replace('`', "'")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_markdown_hazards() {
        assert_eq!(
            clean("a\tb\n```\n\tcode\n```"),
            ["a    b", "```text", "    code", "```"]
        );
        let lines = clean(
            "See [the docs](https://x.io/a).\n    indented code\n<b>bold</b> and `code`\nsee https://example.com/a?b=c, then",
        );
        assert_eq!(
            lines,
            [
                "See \\[the docs\\](<https://x.io/a>).",
                "indented code",
                "&lt;b&gt;bold&lt;/b&gt; and `code`",
                "see <https://example.com/a?b=c>, then",
            ]
        );
    }

    #[test]
    fn fences_become_text() {
        assert_eq!(
            clean("a\n```js\nlet x = 1;\n```\n\n\n\nb"),
            ["a", "```text", "let x = 1;", "```", "", "b"]
        );
        assert_eq!(
            clean("```\nunterminated"),
            ["```text", "unterminated", "```"]
        );
    }

    #[test]
    fn injection_stays_text() {
        let tokens = doc_attrs("*/ } fn evil() {} /*\n\"quoted\"");
        let file: syn::File = syn::parse2(quote!(#tokens struct S;)).unwrap();
        assert_eq!(file.items.len(), 1);
    }

    #[test]
    fn code_spans_are_left_alone() {
        assert_eq!(
            clean("use `Vec<T>` or `a[0]` but <b>"),
            ["use `Vec<T>` or `a[0]` but &lt;b&gt;"]
        );
        assert_eq!(clean("odd ` <x>"), ["odd ' &lt;x&gt;"]);
    }

    #[test]
    fn odd_backticks() {
        assert_eq!(clean("a ` b"), ["a ' b"]);
    }
}
