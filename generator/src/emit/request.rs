//! One request builder per operation: its fields and setters, and
//! `send`, which assembles path, query, headers and body.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::body::{BodyPlace, encode_body};
use super::docs::{code, doc_or, trusted_doc};
use super::prepare::emit_prepare;
use super::response::{decode_expr, emit_error_enum, emit_outcome, error_hook, response_type};
use super::spelling::rust_type;
use super::stream::emit_pager;
use crate::ir::{Body, BodyField, BodyInput, BodyMedia, Operation, TypeRef};

/// The type a setter or argument accepts, and how to store it.
pub(super) fn input(ty: &TypeRef) -> (TokenStream, Box<dyn Fn(TokenStream) -> TokenStream>) {
    match ty {
        TypeRef::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            Box::new(|v| quote!(#v.into())),
        ),
        // `60` as well as `60.0`: integer literals convert without loss.
        TypeRef::F64 => (
            quote!(impl ::std::convert::Into<f64>),
            Box::new(|v| quote!(#v.into())),
        ),
        // Any iterable of anything that converts: `["host", "guest"]` for a
        // list of strings, an array literal of pairs for a map.
        TypeRef::Array(item) => {
            let item = rust_type(item);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>),
                Box::new(|v| quote!(#v.into_iter().map(::std::convert::Into::into).collect())),
            )
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            (
                quote!(impl ::std::iter::IntoIterator<Item = (impl ::std::convert::Into<::std::string::String>, impl ::std::convert::Into<#value>)>),
                Box::new(
                    |v| quote!(#v.into_iter().map(|(key, value)| (key.into(), value.into())).collect()),
                ),
            )
        }
        // A named type takes what converts into it: an enum a `&str`, a
        // union any of its alternatives; free-form JSON anything `Into`
        // a `Value` (a string, a number, a `json!`).
        TypeRef::Named(_) | TypeRef::Json => {
            let ty = rust_type(ty);
            (
                quote!(impl ::std::convert::Into<#ty>),
                Box::new(|v| quote!(#v.into())),
            )
        }
        // A field boxed to break a cycle takes what the box holds.
        TypeRef::Boxed(inner) => {
            let (ty, store) = input(inner);
            (
                ty,
                Box::new(move |v| {
                    let stored = store(v);
                    quote!(::std::boxed::Box::new(#stored))
                }),
            )
        }
        other => (rust_type(other), Box::new(|v| v)),
    }
}

/// The builder's members and setters for the request body, the statement
/// assembling the body struct from them (for a body given field by field),
/// and the expression for `RequestParts::body`.
struct BodyInputCode {
    members: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    assemble: Option<TokenStream>,
    expr: TokenStream,
}

impl BodyInputCode {
    /// An operation without a body: nothing to hold, nothing to send.
    fn none() -> Self {
        Self {
            members: Vec::new(),
            setters: Vec::new(),
            assemble: None,
            expr: quote!(::std::option::Option::None),
        }
    }
}

/// An operation's request builder: its struct, setters, `send` and
/// `__prepare`, its stream (when it paginates) and its outcome enum (when
/// it has several success shapes).
pub(super) fn emit_request(op: &Operation) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let body = op
        .body
        .as_ref()
        .map_or_else(BodyInputCode::none, emit_body_input);
    let mut members = param_members(op);
    members.extend(body.members);
    let mut setters = param_setters(op);
    setters.extend(body.setters);
    let definition = builder_struct(op, &builder, &members);
    let options = option_setters(op);
    let send = send_methods(op);
    let prepare = emit_prepare(op, body.assemble, &body.expr);
    let stream = op.pagination.as_ref().map(|p| emit_pager(op, p, &builder));
    let events = op.event_stream.as_ref().map(emit_event_stream);
    let error_hook = error_hook(op);
    let outcome = emit_outcome(op);
    let error_enum = emit_error_enum(op);
    quote! {
        #definition

        impl #builder {
            #(#setters)*

            #options

            #send

            #events

            #prepare

            #error_hook
        }

        #stream
        #outcome
        #error_enum
    }
}

/// `event_stream`: the request sent asking for `text/event-stream`, its
/// events yielded as they arrive (the runtime's `sse.rs`).
fn emit_event_stream(data: &TypeRef) -> TokenStream {
    let ty = rust_type(data);
    quote! {
        /// Sends the request asking for server-sent events
        /// (`text/event-stream`) and yields each event as it arrives, its
        /// `data` decoded. A connection that breaks is reopened with
        /// `Last-Event-ID` when the server gave event ids; the stream ends
        /// when the server ends it, after yielding any error once. (An API
        /// may also want the request to ask for a stream, as a body field
        /// such as `stream: true` does.)
        pub fn event_stream(self) -> impl crate::Stream<Item = ::std::result::Result<crate::Event<#ty>, crate::Error>> + ::std::marker::Send + 'static {
            crate::sse::events(self.__prepare())
        }
    }
}

/// The builder's struct: the client handle, one member per parameter and
/// body input, and the request's options.
fn builder_struct(
    op: &Operation,
    builder: &proc_macro2::Ident,
    members: &[TokenStream],
) -> TokenStream {
    let doc = trusted_doc(&format!(
        "Request builder for [`Client::{}`]: set optional parameters, then call [`send`](Self::send).\n\n\
         It holds its own handle on the client, so it and its future can move into a spawned task.",
        op.method_name
    ));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            __client: Client,
            #(#members)*
            __options: crate::runtime::RequestOptions,
        }
    }
}

/// One builder member per parameter: the value itself for an argument, an
/// `Option` for a parameter set by a setter.
fn param_members(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .map(|p| {
            let field = format_ident!("{}", p.name);
            let ty = rust_type(&p.ty);
            if p.is_argument() {
                quote!(#field: #ty,)
            } else {
                quote!(#field: ::std::option::Option<#ty>,)
            }
        })
        .collect()
}

/// One setter per parameter that is not a method argument.
fn param_setters(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| !p.is_argument())
        .map(|p| {
            let field = format_ident!("{}", p.name);
            let (input_ty, store) = input(&p.ty);
            let value = store(quote!(value));
            let pdoc = doc_or(
                p.doc.as_deref(),
                &format!("Sets the {} parameter.", code(&p.wire_name)),
            );
            quote! {
                #pdoc
                pub fn #field(mut self, value: #input_ty) -> Self {
                    self.#field = ::std::option::Option::Some(#value);
                    self
                }
            }
        })
        .collect()
}

/// `send` and `send_with_response`, which prepare the request and decode
/// its response.
fn send_methods(op: &Operation) -> TokenStream {
    let method = &op.method_name;
    let resp_ty = response_type(&op.response);
    let decode = decode_expr(op);
    let send_doc = trusted_doc(&format!(
        "Sends the request; the decoded body on success. See [`Client::{method}`]."
    ));
    quote! {
        #send_doc
        pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<#resp_ty, crate::Error>> {
            crate::runtime::body_of(self.send_with_response())
        }

        /// Sends the request; the decoded body together with the status and headers.
        pub fn send_with_response(self) -> impl ::std::future::Future<Output = ::std::result::Result<crate::ApiResponse<#resp_ty>, crate::Error>> {
            crate::runtime::send(self.__prepare(), |raw| #decode)
        }
    }
}

/// The builder's members, setters and sending code for a request body.
fn emit_body_input(body: &Body) -> BodyInputCode {
    match &body.input {
        BodyInput::Fields { fields, extra } => fields_body_input(body, fields, extra),
        BodyInput::Whole => whole_body_input(body),
    }
}

/// A body given as one value: a method argument when required, else a
/// `body` setter.
fn whole_body_input(body: &Body) -> BodyInputCode {
    let ty = rust_type(&body.ty);
    if body.required {
        let encoded = encode_body(body, BodyPlace::Field);
        return BodyInputCode {
            members: vec![quote!(body: #ty,)],
            setters: Vec::new(),
            assemble: None,
            expr: quote!(::std::option::Option::Some(#encoded?)),
        };
    }
    let bdoc = doc_or(body.doc.as_deref(), "Sets the request body.");
    let setter = quote! {
        #bdoc
        pub fn body(mut self, value: #ty) -> Self {
            self.body = ::std::option::Option::Some(value);
            self
        }
    };
    // Plain encoders are passed by name (a closure would be redundant).
    let encode = match &body.media {
        BodyMedia::Form => quote!(crate::runtime::to_form),
        _ => {
            let encoded = encode_body(body, BodyPlace::Bound);
            quote!(|body| #encoded)
        }
    };
    BodyInputCode {
        members: vec![quote!(body: ::std::option::Option<#ty>,)],
        setters: vec![setter],
        assemble: None,
        expr: quote!(self.body.as_ref().map(#encode).transpose()?),
    }
}

/// A body given field by field: a member per field, a setter per optional
/// one, and the body struct assembled from them when the request is sent.
fn fields_body_input(body: &Body, fields: &[BodyField], extra: &str) -> BodyInputCode {
    let ty = rust_type(&body.ty);
    let members = fields
        .iter()
        .map(|f| {
            let member = format_ident!("{}", f.name);
            let member_ty = rust_type(&f.ty);
            quote!(#member: #member_ty,)
        })
        .collect();
    let inits = fields.iter().map(|f| {
        let member = format_ident!("{}", f.name);
        let field = format_ident!("{}", f.field);
        quote!(#field: self.#member,)
    });
    let setters = fields
        .iter()
        .filter(|f| !f.argument)
        .map(|f| {
            let setter = body_field_setter(f);
            let null = f
                .null_setter
                .as_deref()
                .map(|name| body_null_setter(f, name));
            quote!(#setter #null)
        })
        .collect();
    // Moved out of the builder, which `send` owns: no clone.
    let extra = format_ident!("{}", extra);
    let assemble = quote!(let body = &#ty { #(#inits)* #extra: crate::Extra::default() };);
    BodyInputCode {
        members,
        setters,
        assemble: Some(assemble),
        expr: fields_body_expr(body, fields),
    }
}

/// The setter of one optional field of a body given field by field.
fn body_field_setter(f: &BodyField) -> TokenStream {
    let member = format_ident!("{}", f.name);
    // What a `Box` holds goes in, and is boxed on the way (`input`).
    let (input_ty, store) = input(f.ty.inside_options());
    let value = store(quote!(value));
    let fdoc = doc_or(
        f.doc.as_deref(),
        &format!("Sets the body's {} property.", code(&f.wire_name)),
    );
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    // A value set after `_null` is what is sent.
    let wire = &f.wire_name;
    let unnull = f
        .null_setter
        .is_some()
        .then(|| quote!(self.__options.extra_body.retain(|(name, _)| name != #wire);));
    quote! {
        #fdoc
        #deprecated
        pub fn #member(mut self, value: #input_ty) -> Self {
            self.#member = ::std::option::Option::Some(#value);
            #unnull
            self
        }
    }
}

/// The setter of an optional nullable field of a JSON body given field by
/// field that sends an explicit `null`, as an `extra_body` property (which
/// replaces the declared one on the wire).
fn body_null_setter(f: &BodyField, name: &str) -> TokenStream {
    let member = format_ident!("{}", f.name);
    let setter = format_ident!("{}", name);
    let wire = &f.wire_name;
    let sdoc = crate::emit::docs::trusted_doc(&format!(
        "Sends the body's {} property as `null` (what clears it in an update, where leaving it out keeps it).",
        code(&f.wire_name)
    ));
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #sdoc
        #deprecated
        pub fn #setter(mut self) -> Self {
            self.#member = ::std::option::Option::None;
            self.__options.extra_body.retain(|(name, _)| name != #wire);
            self.__options.extra_body.push((#wire.to_owned(), ::serde_json::Value::Null));
            self
        }
    }
}

/// `RequestParts::body` for a body given field by field: always sent when
/// required, else only when at least one field (or extra property) was set.
fn fields_body_expr(body: &Body, fields: &[BodyField]) -> TokenStream {
    let encoded = encode_body(body, BodyPlace::Bound);
    if body.required {
        return quote!(::std::option::Option::Some(#encoded?));
    }
    let mut set: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let field = format_ident!("{}", f.field);
            quote!(body.#field.is_some())
        })
        .collect();
    if body.media == BodyMedia::Json {
        set.push(quote!(!self.__options.extra_body.is_empty()));
    }
    quote! {
        if #(#set)||* {
            ::std::option::Option::Some(#encoded?)
        } else {
            ::std::option::Option::None
        }
    }
}

/// The setters every request builder has for this request's options
/// (retries, timeout, extra headers and query parameters, strict
/// decoding), and `extra_body` when the body is JSON.
fn option_setters(op: &Operation) -> TokenStream {
    let extra_body = op.body.as_ref().filter(|b| b.media == BodyMedia::Json).map(|_| {
        quote! {
            /// A property to add to the JSON body, for one the document does not
            /// declare; one with the name of a declared property replaces it. `send`
            /// refuses extra properties for a body that is not a JSON object.
            pub fn extra_body(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::serde_json::Value>) -> Self {
                self.__options.extra_body.push((name.into(), value.into()));
                self
            }
        }
    });
    quote! {
        /// Retries for this request only (0 disables), overriding the client's setting.
        pub fn max_retries(mut self, retries: u32) -> Self {
            self.__options.max_retries = ::std::option::Option::Some(retries);
            self
        }

        /// Time allowed for each attempt of this request, overriding the client's setting.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.__options.timeout = ::std::option::Option::Some(timeout);
            self
        }

        /// A header for this request only, replacing any of the same name except a
        /// credential's; `send` refuses one that is not valid HTTP.
        pub fn extra_header(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.__options.extra_headers.push((name.into(), value.into()));
            self
        }

        /// A query parameter for this request only, added after the documented ones.
        pub fn extra_query(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.__options.extra_query.push((name.into(), value.into()));
            self
        }

        #extra_body

        /// Whether a response value that strays from the document fails this request
        /// with [`Error::Decode`](crate::Error::Decode) (`true`) or is kept and listed in
        /// the response's deviations (`false`), overriding the client's setting.
        pub fn strict_decoding(mut self, strict: bool) -> Self {
            self.__options.strict_decoding = ::std::option::Option::Some(strict);
            self
        }
    }
}
