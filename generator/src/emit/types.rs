//! IR types → the generated `types` module.
//!
//! Paths are fully qualified (`::std::string::String`) so that a schema
//! called `String`, `Option` or `Vec` cannot change what the code means.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_or, trusted_doc};
use super::rust_type;
use crate::ir::{
    self, Api, Field, IntEnum, Placement, StringEnum, Struct, TypeDef, TypeKind, Union,
};

/// The shared `types` module body: the types several groups reach (each
/// compiled when any of them is), those no operation reaches (compiled with
/// `all-types`), and a re-export of each group's own types, so every type is
/// `crate::types::X` whatever module holds it.
///
/// `part` is the range of `api.types` to emit; the module's own attributes
/// and re-exports come with the part that starts at 0.
pub fn emit_shared_types(
    api: &Api,
    user_built: &BTreeSet<String>,
    part: std::ops::Range<usize>,
) -> TokenStream {
    let first = part.start == 0;
    let items = api.types[part].iter().filter_map(|def| {
        if let Placement::Group(_) = api.placement(&def.name) {
            return None;
        }
        let cfg = super::cfg_any(&super::cargo::type_features(api, &def.name));
        Some(super::gate(&cfg, emit_type(api, def, user_built)))
    });
    if !first {
        return quote!(#(#items)*);
    }
    let reexports = api
        .groups
        .iter()
        .filter(|g| has_own_types(api, &g.name))
        .map(|g| {
            let cfg = super::cfg_any(std::slice::from_ref(&g.name));
            let module = format_ident!("{}", g.name);
            quote!(#cfg pub use crate::#module::types::*;)
        });
    quote! {
        //! Every schema of the API as a Rust type. Types a single group of
        //! operations uses live in that group's module and are re-exported
        //! here; each type compiles only with a feature whose operations reach it.
        // Deprecated schemas still refer to each other; users get the warning.
        #![allow(deprecated)]
        #(#reexports)*
        #(#items)*
    }
}

/// Whether the group `group` has types of its own.
pub fn has_own_types(api: &Api, group: &str) -> bool {
    api.types
        .iter()
        .any(|def| api.placement(&def.name) == Placement::Group(group))
}

/// The types only the group `group` reaches (its module's `types`).
pub fn emit_group_types(api: &Api, group: &str, user_built: &BTreeSet<String>) -> TokenStream {
    let items = api
        .types
        .iter()
        .filter(|def| api.placement(&def.name) == Placement::Group(group))
        .map(|def| emit_type(api, def, user_built));
    let doc =
        format!(" The types only the `{group}` operations use, re-exported in [`crate::types`].");
    quote! {
        #![doc = #doc]
        // Deprecated schemas still refer to each other; users get the warning.
        #![allow(deprecated)]
        #(#items)*
    }
}

fn emit_type(
    api: &Api,
    def: &TypeDef,
    user_built: &std::collections::BTreeSet<String>,
) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let fallback = match def.origin.tokens() {
        [c, s, key] if c == "components" && s == "schemas" => format!("The {} schema.", code(key)),
        _ => format!(
            "An inline schema, at {} in the document.",
            code(&def.origin.to_string())
        ),
    };
    let doc = doc_or(def.doc.as_deref(), &fallback);
    let doc = if def.deprecated {
        quote!(#doc #[deprecated])
    } else {
        doc
    };
    // Compatibility (ARCHITECTURE.md): new enum values and variants, and new
    // fields in structs users never build, must not break users' code.
    let doc = match &def.kind {
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Union(_) => {
            quote!(#doc #[non_exhaustive])
        }
        TypeKind::Struct(_) if !user_built.contains(&def.name) => quote!(#doc #[non_exhaustive]),
        _ => doc,
    };
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(&name, doc, s),
        TypeKind::Enum(e) => emit_enum(&name, doc, e),
        TypeKind::IntEnum(e) => emit_int_enum(&name, doc, e),
        TypeKind::Union(u) => emit_union(api, &name, doc, u),
        TypeKind::Alias(target) => {
            let target = rust_type(target);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::Newtype(target) => {
            let target = rust_type(target);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
    }
}

fn emit_struct(name: &proc_macro2::Ident, doc: TokenStream, s: &Struct) -> TokenStream {
    let all_optional = s.fields.iter().all(Field::is_optional);
    let default = all_optional.then(|| quote!(Default,));
    let fields = s.fields.iter().map(emit_field);
    let additional = s.additional.as_ref().map(|a| {
        let field = format_ident!("{}", a.name);
        let ty = rust_type(&a.ty);
        quote! {
            /// Keys beyond the declared properties.
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn emit_field(f: &Field) -> TokenStream {
    let name = format_ident!("{}", f.name);
    let doc = doc_or(
        f.doc.as_deref(),
        &format!("The {} property.", code(&f.wire_name)),
    );
    let doc = if f.deprecated {
        quote!(#doc #[deprecated])
    } else {
        doc
    };
    let mut serde_args = Vec::new();
    if f.name != f.wire_name {
        let wire = &f.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    if !f.required {
        serde_args.push(quote!(
            default,
            skip_serializing_if = "::std::option::Option::is_none"
        ));
    }
    let ty = rust_type(&f.storage_type());
    let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #doc
        #serde_attr
        pub #name: #ty,
    }
}

fn emit_enum(name: &proc_macro2::Ident, doc: TokenStream, e: &StringEnum) -> TokenStream {
    let unknown = format_ident!("{}", e.unknown_variant);
    let variants = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let value = &v.value;
        let vdoc = trusted_doc(&code(value));
        quote! {
            #vdoc
            #ident,
        }
    });
    let as_str_arms = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let value = &v.value;
        quote!(Self::#ident => #value,)
    });
    let from_arms = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let value = &v.value;
        quote!(#value => Self::#ident,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as sent.
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::string_enum(deserializer)
            }
        }
    }
}

fn emit_int_enum(name: &proc_macro2::Ident, doc: TokenStream, e: &IntEnum) -> TokenStream {
    let unknown = format_ident!("{}", e.unknown_variant);
    let idents: Vec<_> = e
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let values: Vec<i64> = e.variants.iter().map(|v| v.value).collect();
    let docs = values.iter().map(|v| trusted_doc(&format!("`{v}`")));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#docs #idents,)*
            /// A value this version of the client does not know, kept as sent.
            #unknown(i64),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#idents => #values,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn emit_union(api: &Api, name: &proc_macro2::Ident, doc: TokenStream, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let ty = rust_type(&v.ty);
        let vdoc = trusted_doc(&format!("A `{}` value.", v.name));
        quote!(#vdoc #ident(#ty),)
    });
    let Some(tag) = &u.tag else {
        let objects = u
            .variants
            .iter()
            .filter(|v| ir::accepts_object(&api.types, &v.ty))
            .count();
        let structs = u
            .variants
            .iter()
            .filter(|v| ir::object_keys(&api.types, &v.ty).is_some())
            .count();
        // One alternative at most can take an object: trying them in order
        // is exact. Otherwise the object's keys rank them.
        if objects < 2 || structs == 0 {
            return quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            };
        }
        let ranked = emit_ranked_deserialize(api, name, u);
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }

            #ranked
        };
    };
    // Tagged: read the discriminator, then decode the whole object (tag
    // included, since the variant's struct usually declares it) as the
    // variant it selects. Serialising is untagged for the same reason.
    let property = &tag.property;
    let unknown = format_ident!("{}", tag.unknown_variant);
    let unknown_doc = trusted_doc(&format!(
        "An object whose {} this version of the client does not know, kept as sent.",
        code(property)
    ));
    let arms = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let tags = &v.tags;
        quote! {
            #(::std::option::Option::Some(#tags))|* => ::serde_json::from_value(value)
                .map(Self::#ident)
                .map_err(<D::Error as ::serde::de::Error>::custom),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #unknown(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(Self::#unknown(value)),
                }
            }
        }
    }
}

/// `Deserialize` for an untagged union with several object alternatives:
/// tried in the order [`union_order`](crate) (in the runtime) ranks them
/// for the value, so an alternative that would drop declared fields does
/// not win just by coming first.
fn emit_ranked_deserialize(api: &Api, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let shapes = u.variants.iter().map(|v| match ir::object_keys(&api.types, &v.ty) {
        Some(keys) => {
            let declared = &keys.declared;
            let required = &keys.required;
            let enums = keys.enums.iter().map(|(key, values)| quote!((#key, &[#(#values),*])));
            quote! {
                crate::runtime::VariantShape {
                    object: true,
                    declared: &[#(#declared),*],
                    required: &[#(#required),*],
                    enums: &[#(#enums),*],
                }
            }
        }
        None => quote! {
            crate::runtime::VariantShape { object: false, declared: &[], required: &[], enums: &[] }
        },
    });
    let arms = u.variants.iter().enumerate().map(|(i, v)| {
        let ident = format_ident!("{}", v.name);
        let ty = rust_type(&v.ty);
        quote! {
            #i => <#ty as ::serde::Deserialize>::deserialize(&value).ok().map(Self::#ident),
        }
    });
    let message = format!("data did not match any variant of untagged enum {name}");
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                const SHAPES: &[crate::runtime::VariantShape] = &[#(#shapes),*];
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                for index in crate::runtime::union_order(&value, SHAPES) {
                    let found = match index {
                        #(#arms)*
                        _ => ::std::option::Option::None,
                    };
                    if let ::std::option::Option::Some(found) = found {
                        return ::std::result::Result::Ok(found);
                    }
                }
                ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#message))
            }
        }
    }
}
