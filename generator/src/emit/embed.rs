//! The generated crate as one module of another crate: the file
//! `crate::build` writes into `OUT_DIR` for a build script's crate to
//! `include!`.
//!
//! The crate's files (what [`super::emit`] returns) are read back as tokens
//! and rewritten, so the emitters know nothing of embedding and the
//! standalone crate stays exactly as it is:
//!
//! - each `mod x;` becomes `mod x { … }` holding its file: the module tree
//!   is the crate's, in one file that needs no `#[path]`;
//! - every `crate::` path, in code and in doc links, gets the module's own
//!   path inserted (`crate::petstore::types::Pet`): generated code and the
//!   runtime name their items from the crate root;
//! - `cfg`s are decided here, since the including crate has none of the
//!   generated crate's features: every group, `full` and `all-types` on,
//!   `tracing` and `test` (the runtime's own unit tests) off. A true `cfg`
//!   is dropped; a false one becomes `cfg(any())`, never compiled and
//!   without the `unexpected_cfgs` lint a `feature = "…"` would raise;
//! - the crate docs give way to the module's (no features list, no example
//!   naming a crate), and the group and types modules' docs no longer
//!   speak of features.
//!
//! The tree is then formatted as one file, under the `@generated` header.

use std::collections::BTreeMap;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::docs::{inner, trusted_doc};
use super::{cargo, groups, lib_rs, types};
use crate::error::{Error, Result};
use crate::ir::{ALL_TYPES, Api, FULL};
use crate::pointer::JsonPointer;

/// Where the client goes in the including crate.
pub(crate) struct Embedding<'a> {
    /// The module's name (`petstore`): the file declares `pub mod petstore`.
    pub module: &'a str,
    /// The path of the module the file is included in, below `crate`
    /// (empty: the crate root).
    pub parent: &'a [String],
    /// Said in the module docs after the crate's intro: where the client
    /// came from (trusted text; spec text must have gone through
    /// `docs::code`).
    pub origin: &'a str,
}

/// The crate's `files` as one file declaring the module `embedding.module`.
pub(crate) fn embed(
    api: &Api,
    files: &BTreeMap<String, String>,
    embedding: &Embedding<'_>,
    header: &str,
) -> Result<String> {
    let tree = inline_modules(files, "src/lib.rs")?;
    let body = Rewrite::new(api, embedding).tokens(without_inner_docs(tree));
    let intro = lib_rs::intro_docs(api);
    let origin = inner(trusted_doc(embedding.origin));
    let module = format_ident!("{}", embedding.module);
    let msrv = cargo::RUST_VERSION;
    let tokens = quote! {
        // Linted as a generated crate is (its manifest's `rust-version`), not
        // as newer code whose `if let`s would collapse into let chains.
        #[clippy::msrv = #msrv]
        pub mod #module {
            #intro
            #origin
            // A binary calling a few operations leaves the rest unused, and a
            // group may share the module's name: neither is the including
            // crate's code to fix.
            #![allow(dead_code, clippy::module_inception)]
            #body
        }
    };
    crate::format::format_rust(tokens, header)
}

fn internal(message: String) -> Error {
    Error::at(
        &JsonPointer::root(),
        format!("internal error: embedding the client: {message}"),
    )
}

/// The tokens of the file at `path`, each out-of-line `mod x;` in it
/// replaced by `mod x { … }` holding its own file, recursively.
fn inline_modules(files: &BTreeMap<String, String>, path: &str) -> Result<TokenStream> {
    let text = files
        .get(path)
        .ok_or_else(|| internal(format!("no {path}")))?;
    let tokens: TokenStream = text
        .parse()
        .map_err(|e| internal(format!("{path} does not lex: {e}")))?;
    // `src/lib.rs` and `src/a/mod.rs` keep their modules beside them,
    // `src/a.rs` in `src/a/`.
    let dir = match path
        .strip_suffix("/lib.rs")
        .or(path.strip_suffix("/mod.rs"))
    {
        Some(dir) => dir,
        None => path.trim_end_matches(".rs"),
    };
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    let mut i = 0;
    while i < trees.len() {
        if let Some(name) = out_of_line_module(&trees[i..]) {
            let file = [format!("{dir}/{name}.rs"), format!("{dir}/{name}/mod.rs")]
                .into_iter()
                .find(|f| files.contains_key(f))
                .ok_or_else(|| internal(format!("no file for module `{name}` of {path}")))?;
            let contents = inline_modules(files, &file)?;
            out.extend(trees[i..i + 2].iter().cloned());
            out.extend([TokenTree::Group(Group::new(Delimiter::Brace, contents))]);
            i += 3;
        } else {
            out.extend([trees[i].clone()]);
            i += 1;
        }
    }
    Ok(out)
}

/// The name `x` when `trees` starts with `mod x;`.
fn out_of_line_module(trees: &[TokenTree]) -> Option<String> {
    match trees {
        [
            TokenTree::Ident(m),
            TokenTree::Ident(name),
            TokenTree::Punct(semi),
            ..,
        ] if m == "mod" && semi.as_char() == ';' => Some(name.to_string()),
        _ => None,
    }
}

/// `tokens` without their `#![doc = …]` attributes (the crate docs, which
/// the module's replace).
fn without_inner_docs(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    let mut i = 0;
    while i < trees.len() {
        if let [
            TokenTree::Punct(hash),
            TokenTree::Punct(bang),
            TokenTree::Group(attr),
            ..,
        ] = &trees[i..]
        {
            let is_doc =
                matches!(attr.stream().into_iter().next(), Some(TokenTree::Ident(d)) if d == "doc");
            if hash.as_char() == '#' && bang.as_char() == '!' && is_doc {
                i += 3;
                continue;
            }
        }
        out.extend([trees[i].clone()]);
        i += 1;
    }
    out
}

/// The rewrite of every token of the tree: paths, `cfg`s and docs.
struct Rewrite {
    /// What `crate::` is followed by: the module's path from the crate root.
    root: Vec<String>,
    /// The operation groups (features that are on).
    groups: Vec<String>,
    /// What docs say of features, removed.
    feature_notes: Vec<String>,
}

impl Rewrite {
    fn new(api: &Api, embedding: &Embedding<'_>) -> Self {
        let mut root = embedding.parent.to_vec();
        root.push(embedding.module.to_owned());
        let groups: Vec<String> = api.groups.iter().map(|g| g.name.clone()).collect();
        let mut feature_notes: Vec<String> =
            groups.iter().map(|g| groups::feature_clause(g)).collect();
        feature_notes.push(types::SHARED_TYPES_FEATURES.to_owned());
        Self {
            root,
            groups,
            feature_notes,
        }
    }

    fn tokens(&self, input: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = input.into_iter().collect();
        let mut out = TokenStream::new();
        let mut i = 0;
        while i < trees.len() {
            i += self.step(&trees[i..], &mut out);
        }
        out
    }

    /// Rewrites what `trees` (never empty) starts with into `out`; how many
    /// trees it took.
    fn step(&self, trees: &[TokenTree], out: &mut TokenStream) -> usize {
        match trees {
            [
                TokenTree::Ident(id),
                TokenTree::Punct(a),
                TokenTree::Punct(b),
                ..,
            ] if id == "crate"
                && a.as_char() == ':'
                && a.spacing() == Spacing::Joint
                && b.as_char() == ':' =>
            {
                out.extend(trees[..3].iter().cloned());
                for segment in &self.root {
                    out.extend([
                        TokenTree::Ident(Ident::new(segment, Span::call_site())),
                        TokenTree::Punct(Punct::new(':', Spacing::Joint)),
                        TokenTree::Punct(Punct::new(':', Spacing::Alone)),
                    ]);
                }
                3
            }
            [TokenTree::Punct(hash), TokenTree::Group(attr), ..]
                if hash.as_char() == '#' && attr.delimiter() == Delimiter::Bracket =>
            {
                out.extend(self.attribute(&trees[..1], attr));
                2
            }
            [
                TokenTree::Punct(hash),
                TokenTree::Punct(bang),
                TokenTree::Group(attr),
                ..,
            ] if hash.as_char() == '#'
                && bang.as_char() == '!'
                && attr.delimiter() == Delimiter::Bracket =>
            {
                out.extend(self.attribute(&trees[..2], attr));
                3
            }
            [TokenTree::Group(group), ..] => {
                let mut rewritten = Group::new(group.delimiter(), self.tokens(group.stream()));
                rewritten.set_span(group.span());
                out.extend([TokenTree::Group(rewritten)]);
                1
            }
            [tree, ..] => {
                out.extend([tree.clone()]);
                1
            }
            [] => 1,
        }
    }

    /// An attribute, `prefix` (`#` or `#!`) then `[attr]`: a decided `cfg`
    /// dropped or made `cfg(any())`, a doc string rewritten, anything else
    /// rewritten inside.
    fn attribute(&self, prefix: &[TokenTree], attr: &Group) -> TokenStream {
        let parts: Vec<TokenTree> = attr.stream().into_iter().collect();
        let body = match parts.as_slice() {
            [TokenTree::Ident(cfg), TokenTree::Group(predicate)]
                if cfg == "cfg" && predicate.delimiter() == Delimiter::Parenthesis =>
            {
                match self.decide(predicate.stream()) {
                    Some(true) => return TokenStream::new(),
                    Some(false) => quote!(cfg(any())),
                    None => attr.stream(),
                }
            }
            [
                TokenTree::Ident(doc),
                TokenTree::Punct(eq),
                TokenTree::Literal(text),
            ] if doc == "doc" && eq.as_char() == '=' => {
                let text = self.doc(text);
                quote!(doc = #text)
            }
            _ => self.tokens(attr.stream()),
        };
        let mut out: TokenStream = prefix.iter().cloned().collect();
        out.extend([TokenTree::Group(Group::new(Delimiter::Bracket, body))]);
        out
    }

    /// Whether a `cfg` predicate holds in the including crate; `None` when
    /// it does not depend only on features and `test`.
    fn decide(&self, predicate: TokenStream) -> Option<bool> {
        let trees: Vec<TokenTree> = predicate.into_iter().collect();
        match trees.as_slice() {
            [TokenTree::Ident(test)] if test == "test" => Some(false),
            [
                TokenTree::Ident(feature),
                TokenTree::Punct(eq),
                TokenTree::Literal(name),
            ] if feature == "feature" && eq.as_char() == '=' => self.feature(&string_value(name)?),
            [TokenTree::Ident(op), TokenTree::Group(args)]
                if args.delimiter() == Delimiter::Parenthesis =>
            {
                let args: Option<Vec<bool>> = split_commas(args.stream())
                    .into_iter()
                    .map(|arg| self.decide(arg))
                    .collect();
                match (op.to_string().as_str(), args?.as_slice()) {
                    ("not", [one]) => Some(!one),
                    ("any", all) => Some(all.iter().any(|b| *b)),
                    ("all", all) => Some(all.iter().all(|b| *b)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether the feature `name` is on: every group, `full` and
    /// `all-types` are; `tracing` is not (the including crate would need a
    /// feature of its own to turn it on).
    fn feature(&self, name: &str) -> Option<bool> {
        if self.groups.iter().any(|g| g == name) || name == FULL || name == ALL_TYPES {
            Some(true)
        } else if name == "tracing" {
            Some(false)
        } else {
            None
        }
    }

    /// A doc string with `crate::` links rerooted and feature notes gone.
    fn doc(&self, literal: &Literal) -> Literal {
        let Some(text) = string_value(literal) else {
            return literal.clone();
        };
        let mut fixed = text.clone();
        for note in &self.feature_notes {
            fixed = fixed.replace(note.as_str(), "");
        }
        let fixed = reroot_text(&fixed, &self.root);
        if fixed == text {
            literal.clone()
        } else {
            Literal::string(&fixed)
        }
    }
}

/// `text` with each `crate::` that starts a path followed by `root`.
fn reroot_text(text: &str, root: &[String]) -> String {
    let insert: String = root.iter().map(|s| format!("{s}::")).collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        let starts_path = !rest[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..i + 7]);
        if starts_path {
            out.push_str(&insert);
        }
        rest = &rest[i + 7..];
    }
    out.push_str(rest);
    out
}

/// The value of a string literal token.
fn string_value(literal: &Literal) -> Option<String> {
    syn::parse_str::<syn::LitStr>(&literal.to_string())
        .ok()
        .map(|s| s.value())
}

/// The comma-separated parts of a `cfg` predicate list.
fn split_commas(tokens: TokenStream) -> Vec<TokenStream> {
    let mut parts = vec![TokenStream::new()];
    for tree in tokens {
        if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ',') {
            parts.push(TokenStream::new());
        } else if let Some(part) = parts.last_mut() {
            part.extend([tree]);
        }
    }
    if parts.last().is_some_and(TokenStream::is_empty) {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(groups: &[&str]) -> Rewrite {
        Rewrite {
            root: vec!["clients".to_owned(), "pets".to_owned()],
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            feature_notes: groups.iter().map(|g| groups::feature_clause(g)).collect(),
        }
    }

    fn decide(predicate: &str) -> Option<bool> {
        rewrite(&["pets", "stores"]).decide(predicate.parse().unwrap())
    }

    #[test]
    fn cfgs_over_features_and_test_are_decided() {
        assert_eq!(decide(r#"feature = "pets""#), Some(true));
        assert_eq!(
            decide(r#"any(feature = "pets", feature = "stores")"#),
            Some(true)
        );
        assert_eq!(decide(r#"feature = "all-types""#), Some(true));
        assert_eq!(decide(r#"feature = "full""#), Some(true));
        assert_eq!(decide(r#"feature = "tracing""#), Some(false));
        assert_eq!(decide(r#"not(feature = "tracing")"#), Some(true));
        assert_eq!(decide("test"), Some(false));
        assert_eq!(decide(r#"all(feature = "pets", not(test))"#), Some(true));
        assert_eq!(decide("any()"), Some(false));
        // Anything else is left to the compiler.
        assert_eq!(decide("unix"), None);
        assert_eq!(decide(r#"feature = "mine""#), None);
        assert_eq!(decide(r#"any(unix, feature = "pets")"#), None);
    }

    #[test]
    fn paths_cfgs_and_docs_are_rewritten() {
        let code = r#"
            //! The operations tagged `Pets`, compiled with the `pets` feature.
            #[cfg(feature = "pets")]
            pub use crate::pets::types::*;
            #[cfg(feature = "tracing")]
            fn traced() {}
            /// See [`Error`](crate::Error); not `mycrate::x`.
            pub(crate) fn f() -> crate::Error { $crate::g!() }
            #[cfg(unix)]
            fn other() {}
        "#;
        let out = rewrite(&["pets"]).tokens(code.parse().unwrap()).to_string();
        let expected: TokenStream = r#"
            //! The operations tagged `Pets`.
            pub use crate::clients::pets::pets::types::*;
            #[cfg(any())]
            fn traced() {}
            /// See [`Error`](crate::clients::pets::Error); not `mycrate::x`.
            pub(crate) fn f() -> crate::clients::pets::Error { $crate::clients::pets::g!() }
            #[cfg(unix)]
            fn other() {}
        "#
        .parse()
        .unwrap();
        assert_eq!(out, expected.to_string());
    }

    #[test]
    fn out_of_line_modules_are_inlined_from_their_files() {
        let files: BTreeMap<String, String> = [
            ("src/lib.rs", "mod a; pub mod b; mod c { fn inline() {} }"),
            ("src/a.rs", "pub mod types;"),
            ("src/a/types.rs", "pub struct T;"),
            ("src/b/mod.rs", "mod x;"),
            ("src/b/x.rs", "fn x() {}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let out = inline_modules(&files, "src/lib.rs").unwrap().to_string();
        let expected: TokenStream = "mod a { pub mod types { pub struct T; } } \
             pub mod b { mod x { fn x() {} } } mod c { fn inline() {} }"
            .parse()
            .unwrap();
        assert_eq!(out, expected.to_string());
        let missing: BTreeMap<String, String> =
            [("src/lib.rs".to_owned(), "mod gone;".to_owned())].into();
        let error = inline_modules(&missing, "src/lib.rs").unwrap_err();
        assert!(error.to_string().contains("`gone`"), "{error}");
    }
}
