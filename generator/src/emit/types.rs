//! IR types → the generated `types` module.
//!
//! Paths are fully qualified (`::std::string::String`) so that a schema
//! called `String`, `Option` or `Vec` cannot change what the code means.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_or, trusted_doc};
use super::request::input;
use super::spelling::rust_type;
use crate::ir::{
    self, Api, Field, IntEnum, Placement, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union,
};

/// The shared `types` module body: the types several groups reach (each
/// compiled when any of them is), those no operation reaches (compiled with
/// `all-types`), and a re-export of each group's own types, so every type is
/// `crate::types::X` whatever module holds it.
///
/// `part` is the range of `api.types` to emit; the module's own attributes
/// and re-exports come with the part that starts at 0.
pub fn emit_shared_types(api: &Api, part: std::ops::Range<usize>) -> TokenStream {
    let first = part.start == 0;
    let items = api.types[part].iter().filter_map(|def| {
        if let Placement::Group(_) = api.placement(&def.name) {
            return None;
        }
        let cfg = super::cfg::cfg_any(&api.type_features(&def.name));
        Some(super::cfg::gate(&cfg, emit_type(api, def)))
    });
    if !first {
        return quote!(#(#items)*);
    }
    let reexports = api
        .groups
        .iter()
        .filter(|g| has_own_types(api, &g.name))
        .map(|g| {
            let cfg = super::cfg::cfg_any(std::slice::from_ref(&g.name));
            let module = format_ident!("{}", g.name);
            quote!(#cfg pub use crate::#module::types::*;)
        });
    let formats = super::formats::format_decoders(api);
    let features = format!(" here{SHARED_TYPES_FEATURES}.");
    quote! {
        //! Every schema of the API as a Rust type. Types a single group of
        //! operations uses live in that group's module and are re-exported
        #![doc = #features]
        // Deprecated schemas still refer to each other; users get the warning.
        #![allow(deprecated)]
        #(#reexports)*
        #formats
        #(#items)*
    }
}

/// What the shared types module's docs say of features; a client embedded
/// as a module has none and leaves it out (`super::embed`).
pub(super) const SHARED_TYPES_FEATURES: &str =
    "; each type compiles only with a feature whose operations reach it";

/// Whether the group `group` has types of its own.
pub fn has_own_types(api: &Api, group: &str) -> bool {
    api.types
        .iter()
        .any(|def| api.placement(&def.name) == Placement::Group(group))
}

/// The types only the group `group` reaches (its module's `types`).
pub fn emit_group_types(api: &Api, group: &str) -> TokenStream {
    let items = api
        .types
        .iter()
        .filter(|def| api.placement(&def.name) == Placement::Group(group))
        .map(|def| emit_type(api, def));
    let doc =
        format!(" The types only the `{group}` operations use, re-exported in [`crate::types`].");
    quote! {
        #![doc = #doc]
        // Deprecated schemas still refer to each other; users get the warning.
        #![allow(deprecated)]
        #(#items)*
    }
}

/// A type the user gave in place of a schema's: an alias, and the runtime's
/// `Decode` for it (through its `Deserialize`; `Default` for a required
/// value that is missing). Lowering checked that `path` parses as a type
/// and gives each path one schema.
fn emit_replaced(name: &proc_macro2::Ident, doc: TokenStream, path: &str) -> TokenStream {
    let Ok(ty) = syn::parse_str::<syn::Type>(path) else {
        return quote! { #doc pub type #name = ::serde_json::Value; };
    };
    let expected = name.to_string();
    quote! {
        #doc
        pub type #name = #ty;

        impl crate::runtime::Decode for #ty {
            const EXPECTED: &'static str = #expected;

            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                crate::runtime::decode_replaced(deserializer, Self::EXPECTED)
            }

            fn fallback() -> Self {
                ::std::default::Default::default()
            }
        }
    }
}

fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let fallback = match def.origin.tokens() {
        [c, s, key] if c == "components" && s == "schemas" => format!("The {} schema.", code(key)),
        _ => format!(
            "An inline schema, at {} in the document.",
            code(&def.origin.to_string())
        ),
    };
    let doc = doc_or(def.doc.as_deref(), &fallback);
    // Attributes the user asked for (checked to parse when lowering).
    let attributes = def
        .attributes
        .iter()
        .filter_map(|a| syn::parse_str::<syn::Meta>(a).ok());
    let doc = quote!(#doc #(#[#attributes])*);
    let doc = if def.deprecated {
        quote!(#doc #[deprecated])
    } else {
        doc
    };
    // Compatibility (docs/decisions.md): new enum values and variants, and new
    // fields in structs users never build, must not break users' code.
    let doc = match &def.kind {
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Union(_) => {
            quote!(#doc #[non_exhaustive])
        }
        TypeKind::Struct(_) if !def.user_built => quote!(#doc #[non_exhaustive]),
        _ => doc,
    };
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(&name, doc, s, def.user_built),
        TypeKind::Enum(e) => emit_enum(&name, doc, e),
        TypeKind::IntEnum(e) => emit_int_enum(&name, doc, e),
        TypeKind::Union(u) => emit_union(api, &name, doc, u),
        TypeKind::Alias(target) => {
            let target = rust_type(target);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::Replaced(path) => emit_replaced(&name, doc, path),
        TypeKind::Newtype(target) => {
            let target = rust_type(target);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        crate::runtime::deserialize(deserializer)
                    }
                }

                impl crate::runtime::Decode for #name {
                    const EXPECTED: &'static str = <#target as crate::runtime::Decode>::EXPECTED;

                    fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                        <#target as crate::runtime::Decode>::decode(deserializer).map(|value| value.map(Self))
                    }

                    fn fallback() -> Self {
                        Self(crate::runtime::Decode::fallback())
                    }
                }
            }
        }
    }
}

fn emit_struct(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    s: &Struct,
    user_built: bool,
) -> TokenStream {
    let all_optional = s.fields.iter().all(Field::is_optional);
    let default = all_optional.then(|| quote!(Default,));
    let fields = s.fields.iter().map(emit_field);
    let extra = format_ident!("{}", s.extra);
    let additional = s.additional.as_ref().map(|a| {
        let field = format_ident!("{}", a.name);
        let ty = rust_type(&a.ty);
        quote! {
            /// Keys beyond the declared properties, typed by `additionalProperties`
            /// (a value that does not fit is kept in the extra properties instead).
            pub #field: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let impls = emit_struct_impls(name, s);
    let builders = user_built.then(|| emit_struct_builders(name, s));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            #additional
            /// What the document does not describe: properties it does not
            /// declare (kept and sent back), values received that the fields
            /// could not hold as they were, and the deviations found inside
            /// this value (see [`crate::Extra`]).
            pub #extra: crate::Extra,
        }

        #impls
        #builders
    }
}

/// `new` from the required properties and a `with_` setter per optional
/// one, for the structs users build: a value is written without naming the
/// `extra` field or reaching for `..Default::default()`, and arguments take
/// what converts (`&str` for a string, an array literal for a list).
fn emit_struct_builders(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let (params, inits) = new_arguments(s);
    let setters = with_setters(s);
    let additional = s.additional.as_ref().map(|a| {
        let field = format_ident!("{}", a.name);
        quote!(#field: ::std::collections::BTreeMap::new(),)
    });
    let extra = format_ident!("{}", s.extra);
    let ndoc = trusted_doc(if params.is_empty() {
        "A value with every property unset; add them with the `with_` methods."
    } else {
        "A value from its required properties, in the document's order; the optional ones start unset (add them with the `with_` methods)."
    });
    let allow = new_lint_allows(s, params.len());
    quote! {
        impl #name {
            #ndoc
            #allow
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits)*
                    #additional
                    #extra: crate::Extra::default(),
                }
            }
            #(#setters)*
        }
    }
}

/// `new`'s parameters (one per required field, taking what converts) and
/// its field initialisers (the parameter, converted, or `None`).
fn new_arguments(s: &Struct) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for f in &s.fields {
        let field = format_ident!("{}", f.name);
        if !f.required {
            inits.push(quote!(#field: ::std::option::Option::None,));
            continue;
        }
        let (ty, store) = input(&f.ty);
        let value = store(quote!(#field));
        params.push(quote!(#field: #ty));
        if field == value.to_string() {
            inits.push(quote!(#field,));
        } else {
            inits.push(quote!(#field: #value,));
        }
    }
    (params, inits)
}

/// A `with_` setter per optional field, named as the IR says.
fn with_setters(s: &Struct) -> Vec<TokenStream> {
    let extra = format_ident!("{}", s.extra);
    s.optional_setters()
        .into_iter()
        .map(|setters| {
            let with = with_setter(setters.field, &setters.with, &extra, setters.null.is_some());
            let null = setters
                .null
                .map(|name| null_setter(setters.field, &name, &extra));
            quote!(#with #null)
        })
        .collect()
}

/// The setter `setter_name` of the optional nullable field `f` that sends
/// an explicit `null`: an undeclared-property entry of the field's name
/// replaces the field on the wire.
fn null_setter(f: &Field, setter_name: &str, extra: &proc_macro2::Ident) -> TokenStream {
    let field = format_ident!("{}", f.name);
    let wire = &f.wire_name;
    let setter = format_ident!("{}", setter_name);
    let sdoc = trusted_doc(&format!(
        "Sends {} as `null` (what clears it in an update, where leaving it out keeps it).",
        code(&f.wire_name)
    ));
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #sdoc
        #deprecated
        #[must_use]
        pub fn #setter(mut self) -> Self {
            self.#field = ::std::option::Option::None;
            self.#extra.insert(#wire, ::serde_json::Value::Null);
            self
        }
    }
}

/// The setter `setter_name` of the optional field `f`, taking what
/// converts into the field's value.
fn with_setter(
    f: &Field,
    setter_name: &str,
    extra: &proc_macro2::Ident,
    nullable: bool,
) -> TokenStream {
    let field = format_ident!("{}", f.name);
    let inner = match f.storage_type() {
        ir::TypeRef::Option(inner) => *inner,
        other => other,
    };
    let (ty, store) = input(&inner);
    let value = store(quote!(value));
    let setter = format_ident!("{}", setter_name);
    let sdoc = trusted_doc(&format!("Sets {}.", code(&f.wire_name)));
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    // A value set after `_null` is what is sent.
    let wire = &f.wire_name;
    let unnull = nullable.then(|| quote!(self.#extra.remove(#wire);));
    quote! {
        #sdoc
        #deprecated
        #[must_use]
        pub fn #setter(mut self, value: #ty) -> Self {
            self.#field = ::std::option::Option::Some(#value);
            #unnull
            self
        }
    }
}

/// The lints `new` allows that the document's names decide: many required
/// properties, names like `_600` (design-token shades), deprecated fields
/// still initialised.
fn new_lint_allows(s: &Struct, param_count: usize) -> Option<TokenStream> {
    let mut allows = Vec::new();
    if param_count >= 7 {
        allows.push(quote!(clippy::too_many_arguments));
    }
    let digits = |name: &str| {
        name.starts_with('_')
            && name
                .trim_start_matches('_')
                .chars()
                .all(|c| c.is_ascii_digit())
    };
    if s.fields.iter().any(|f| f.required && digits(&f.name)) {
        allows.push(quote!(clippy::just_underscores_and_digits));
    }
    if s.fields.iter().any(|f| f.deprecated) {
        allows.push(quote!(deprecated));
    }
    (!allows.is_empty()).then(|| quote!(#[allow(#(#allows),*)]))
}

/// `Serialize`, `Deserialize`, `Decode` and the property reader of a struct:
/// one invocation of the runtime's `impl_object!`, a line per field.
fn emit_struct_impls(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let extra = format_ident!("{}", s.extra);
    let expected = format!("object `{name}`");
    let fields = s.fields.iter().map(|f| {
        let field = format_ident!("{}", f.name);
        let wire = &f.wire_name;
        let ty = rust_type(&f.ty);
        let kind = if f.required {
            quote!(required)
        } else if matches!(f.ty, ir::TypeRef::Option(_)) {
            quote!(nullable)
        } else {
            quote!(optional)
        };
        quote!(#kind #field: #ty = #wire)
    });
    let additional = s.additional.as_ref().map(|a| {
        let field = format_ident!("{}", a.name);
        let ty = rust_type(&a.ty);
        quote!(#field: #ty)
    });
    quote! {
        crate::runtime::impl_object!(#name, #expected, #extra, [#(#fields),*], [#additional]);
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
    let ty = rust_type(&f.storage_type());
    quote! {
        #doc
        pub #name: #ty,
    }
}

/// A string enum: a variant per value and one keeping unknown values.
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
    let conversions = string_enum_conversions(name, e);
    let serde = string_enum_serde(name, e);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as sent.
            #unknown(::std::string::String),
        }

        #conversions
        #serde
    }
}

/// A string enum's conversions to and from its wire text: `as_str`,
/// `Display` and `From<&str>`.
fn string_enum_conversions(name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let unknown = format_ident!("{}", e.unknown_variant);
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
    }
}

/// A string enum's `Serialize`, `Deserialize` and `Decode`: as its wire
/// text, an unknown value kept as sent.
fn string_enum_serde(name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let unknown = format_ident!("{}", e.unknown_variant);
    let expected = format!("string (`{name}`)");
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize(deserializer)
            }
        }

        impl crate::runtime::Decode for #name {
            const EXPECTED: &'static str = #expected;

            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                crate::runtime::string_enum(deserializer, Self::EXPECTED)
            }

            fn fallback() -> Self {
                Self::#unknown(::std::string::String::new())
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
                crate::runtime::deserialize(deserializer)
            }
        }

        impl crate::runtime::Decode for #name {
            const EXPECTED: &'static str = <i64 as crate::runtime::Decode>::EXPECTED;

            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                <i64 as crate::runtime::Decode>::decode(deserializer).map(|value| value.map(Self::from))
            }

            fn fallback() -> Self {
                Self::#unknown(0)
            }
        }
    }
}

/// A union: a variant per alternative, one keeping values none fits, and
/// `From` each alternative.
fn emit_union(api: &Api, name: &proc_macro2::Ident, doc: TokenStream, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let ty = rust_type(&v.ty);
        let vdoc = trusted_doc(&format!("A `{}` value.", v.name));
        quote!(#vdoc #ident(#ty),)
    });
    let unknown = format_ident!("{}", u.unknown_variant);
    let unknown_doc = unknown_variant_doc(u);
    let froms = union_from_impls(api, name, u);
    let decoding = union_decoding(api, name, u);
    // Serialising is untagged: a tagged variant's struct usually declares
    // the tag itself, and the unknown variant holds the value as sent.
    quote! {
        #froms

        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #unknown(::serde_json::Value),
        }

        #decoding
    }
}

/// The docs of a union's variant for values no alternative fits.
fn unknown_variant_doc(u: &Union) -> TokenStream {
    trusted_doc(&match &u.tag {
        Some(tag) => format!(
            "An object whose {} this version of the client does not know (or a value that is \
             not an object), kept as sent.",
            code(&tag.property)
        ),
        None => "A value no alternative fits, kept as sent.".to_owned(),
    })
}

/// `From` each alternative whose type no other alternative shares, so a
/// setter taking `impl Into<Union>` takes the alternative itself. Types
/// are compared through aliases (`ir::through_aliases`), and an
/// alternative with an alias inside a container (`Vec<Alias>`) gets none:
/// two spellings of one type would be two impls of one `From`.
fn union_from_impls(api: &Api, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let is_alias = |n: &str| matches!(api.type_def(n).map(|d| &d.kind), Some(TypeKind::Alias(_)));
    let nested_alias =
        |ty: &TypeRef| !matches!(ty, TypeRef::Named(_)) && ty.names().into_iter().any(is_alias);
    let resolved = |ty| ir::through_aliases(&api.types, ty);
    let froms = u.variants.iter().filter(|v| {
        let ty = resolved(&v.ty);
        *ty != TypeRef::Json
            && !u.variants.iter().any(|w| nested_alias(&w.ty))
            && u.variants.iter().filter(|w| resolved(&w.ty) == ty).count() == 1
    });
    let froms = froms.map(|v| {
        let ident = format_ident!("{}", v.name);
        let ty = rust_type(&v.ty);
        quote! {
            impl ::std::convert::From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#ident(value)
                }
            }
        }
    });
    quote!(#(#froms)*)
}

/// A union's `Deserialize` and `Decode`: by its discriminator when it has
/// one, else by the first alternative that fits.
fn union_decoding(api: &Api, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let unknown = format_ident!("{}", u.unknown_variant);
    let expected = format!("one of `{name}`");
    let decode_body = match &u.tag {
        Some(tag) => emit_tagged_decode(u, &tag.property),
        None => emit_untagged_decode(api, u),
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize(deserializer)
            }
        }

        impl crate::runtime::Decode for #name {
            const EXPECTED: &'static str = #expected;

            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                let value = crate::runtime::union_value(deserializer)?;
                #decode_body
            }

            fn fallback() -> Self {
                Self::#unknown(::serde_json::Value::Null)
            }
        }
    }
}

/// Tagged: read the discriminator, then decode the whole object (tag
/// included, since the variant's struct usually declares it) as the
/// variant it selects; an unknown tag keeps the object as sent.
fn emit_tagged_decode(u: &Union, property: &str) -> TokenStream {
    let unknown = format_ident!("{}", u.unknown_variant);
    let arms = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let tags = &v.tags;
        quote! {
            #(::std::option::Option::Some(#tags))|* => Self::#ident(crate::runtime::tagged(&value)),
        }
    });
    quote! {
        crate::runtime::untyped_tagged(&value, Self::EXPECTED);
        let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
        ::std::result::Result::Ok(::std::option::Option::Some(match tag.as_deref() {
            #(#arms)*
            _ => Self::#unknown(value),
        }))
    }
}

/// Untagged: the first alternative that fits without a deviation, in
/// declaration order, or for several object alternatives in the order
/// [`union_order`](crate) (in the runtime) ranks them for the value, so an
/// alternative whose fields are all optional does not win just by coming
/// first.
fn emit_untagged_decode(api: &Api, u: &Union) -> TokenStream {
    let unknown = format_ident!("{}", u.unknown_variant);
    let arms = u.variants.iter().enumerate().map(|(i, v)| {
        let ident = format_ident!("{}", v.name);
        let ty = rust_type(&v.ty);
        quote!(#i => crate::runtime::from_value::<#ty>(value).map(Self::#ident),)
    });
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
    let count = u.variants.len();
    let ranked = !(objects < 2 || structs == 0);
    let order = if !ranked {
        quote!(0..#count)
    } else {
        let shapes = u.variants.iter().map(|v| match ir::object_keys(&api.types, &v.ty) {
            Some(keys) => {
                let declared = &keys.declared;
                let required = &keys.required;
                let enums = keys
                    .enums
                    .iter()
                    .map(|(key, values)| quote!((#key, &[#(#values),*])));
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
        quote! {{
            const SHAPES: &[crate::runtime::VariantShape] = &[#(#shapes),*];
            crate::runtime::union_order(&value, SHAPES)
        }}
    };
    quote! {
        let order = #order;
        ::std::result::Result::Ok(::std::option::Option::Some(crate::runtime::untagged(
            value,
            order,
            #ranked,
            |index, value| match index {
                #(#arms)*
                _ => ::std::option::Option::None,
            },
            Self::#unknown,
            Self::EXPECTED,
        )))
    }
}
