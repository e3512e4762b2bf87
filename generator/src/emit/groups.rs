//! The generated `src/<group>.rs` of each operation group: `Client`'s
//! methods for its operations, one request builder per operation
//! ([`super::request`]), and its `types` module declaration.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, inner, trusted_doc};
use super::request::input as input_type;
use super::spelling::rust_type;
use crate::ir::{Api, Group, InputSource, Operation};

/// The module of one operation group: `Client`'s methods for its
/// operations, their request builders and `Outcome` enums, and (as
/// `types`) the types only it uses.
pub fn emit_group(api: &Api, group: &Group, own_types: bool) -> TokenStream {
    let ops: Vec<&Operation> = api.group_operations(&group.name).collect();
    let methods = ops.iter().copied().map(emit_method);
    let requests = ops.iter().copied().map(super::request::emit_request);
    let what = group_what(api, group);
    let summary = trusted_doc(&format!("{what}{}.", feature_clause(&group.name)));
    let summary = inner(summary);
    let description = group.doc.as_deref().map(|d| {
        let d = inner(doc_attrs(d));
        quote!(#![doc = ""] #d)
    });
    let types = own_types.then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod types;
        }
    });
    let impl_doc = trusted_doc(&format!("{what}."));
    quote! {
        #summary
        #description
        // Deprecated operations and types are still reachable; users get the warning.
        #![allow(deprecated)]
        #types
        use crate::Client;
        #impl_doc
        impl Client {
            #(#methods)*
        }
        #(#requests)*
    }
}

/// What a group module's docs say of its feature (`, compiled with the
/// `pets` feature`); a client embedded as a module has no features and
/// leaves it out (`super::embed`).
pub(super) fn feature_clause(group: &str) -> String {
    format!(", compiled with the {} feature", code(group))
}

/// "The operations tagged `X`" (or under a path, or a merged range).
pub(super) fn group_what(api: &Api, group: &Group) -> String {
    match group.sources.as_slice() {
        [one]
            if api
                .group_operations(&group.name)
                .any(|op| op.tags.first() == Some(one)) =>
        {
            format!("The operations tagged {}", code(one))
        }
        [one] => format!("The operations under the {} path", code(&format!("/{one}"))),
        [first, .., last] => format!(
            "The operations of the groups from {} to {}",
            code(first),
            code(last)
        ),
        [] => "The operations".to_owned(),
    }
}

pub(super) fn operation_doc(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(s) = op
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        text.push_str(s);
    }
    if let Some(d) = op
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        if text != d {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(d);
        }
    }
    if text.is_empty() {
        text = format!("Calls the {} operation.", code(&op.id));
        let body = trusted_doc(&text);
        let route = trusted_doc(&code(&format!("{} {}", op.http_method, op.path_template)));
        return quote!(#body #[doc = ""] #route);
    }
    let route = code(&format!("{} {}", op.http_method, op.path_template));
    let body = doc_attrs(&text);
    let route = trusted_doc(&route);
    quote!(#body #[doc = ""] #route)
}

fn emit_method(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.method_name);
    let builder = format_ident!("{}", op.builder_name);
    let doc = operation_doc(op);
    let errors_doc = super::response::errors_doc(op).map(|d| quote!(#[doc = ""] #d));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for input in op.inputs() {
        let member = format_ident!("{}", input.name);
        if !input.argument {
            inits.push(quote!(#member: ::std::option::Option::None,));
            continue;
        }
        // A whole body is taken as its type; anything else as what
        // converts into it.
        let (ty, store) = match input.source {
            InputSource::Body => (rust_type(input.ty), None),
            _ => {
                let (ty, store) = input_type(input.ty);
                (ty, Some(store))
            }
        };
        args.push(quote!(#member: #ty));
        let value = store.map_or_else(|| quote!(#member), |store| store(quote!(#member)));
        if member == value.to_string() {
            inits.push(quote!(#member,));
        } else {
            inits.push(quote!(#member: #value,));
        }
    }
    // Required parameters and body fields are arguments by design: a
    // missing one must not compile, however many there are.
    let many = (args.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let aliases = op.doc_aliases();
    quote! {
        #doc
        #errors_doc
        #(#[doc(alias = #aliases)])*
        #deprecated
        #many
        pub fn #name(&self, #(#args),*) -> #builder {
            #builder {
                __client: self.clone(),
                #(#inits)*
                __options: ::std::default::Default::default(),
            }
        }
    }
}
