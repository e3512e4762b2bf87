//! The public API of a generated crate, as data: small, stable, reviewable
//! as pretty JSON (`generated/api-surface.json`), and independent of how the
//! IR happens to be laid out.

use serde::{Deserialize, Serialize};

use crate::Settings;
use crate::ir::{AuthKind, Operation, ParamLocation, ResponseKind, TypeDef, TypeKind, TypeRef};

/// Version of the file layout, bumped if the JSON shape ever changes.
/// Layout 2 added the Cargo features (`default_features`, an operation's
/// `feature`, a type's `features`); reading a layout-1 file leaves them
/// empty, and the comparison then skips them.
const LAYOUT: u32 = 2;

/// Everything a user of the generated crate can name or call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiSurface {
    /// Layout version of this file.
    pub layout: u32,
    /// Package name of the generated crate.
    pub crate_name: String,
    /// Package version the crate was generated with (not compared).
    pub crate_version: String,
    /// The features `default` enables.
    #[serde(default)]
    pub default_features: Vec<String>,
    /// Setters of `ClientBuilder`, one per security scheme.
    pub auth: Vec<AuthSurface>,
    /// Client methods, sorted by name.
    pub operations: Vec<OperationSurface>,
    /// Items of the `types` module, sorted by name.
    pub types: Vec<TypeSurface>,
}

/// A credential setter on the client builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthSurface {
    /// Setter name.
    pub setter: String,
    /// `bearer`, `basic` (the setter takes two values) or `api_key`.
    pub kind: String,
}

/// One client method and its request builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// `Client` method name.
    pub method: String,
    /// `GET /path/{param}`.
    pub route: String,
    /// The Cargo feature that compiles the method (its group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// Positional arguments of the method, in order.
    pub arguments: Vec<Input>,
    /// Setters of the request builder, in document order.
    pub setters: Vec<Input>,
    /// What `send()` returns on success.
    pub response: String,
    /// For an `{Operation}Outcome` response: its variants (an exhaustive enum).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome: Vec<OutcomeCase>,
    /// The item type of `.stream()`, when the operation pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<String>,
    /// The item type of `.pages()` (the response), when the operation pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<String>,
    /// Whether the method is `#[deprecated]`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// What `Error::typed_body` yields for its error answers: the one type
    /// every documented error status has, or the `…Error` enum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_body: Option<String>,
    /// The error statuses with a typed body (the enum's variants, or the
    /// statuses of the one type).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<OutcomeCase>,
}

/// A positional argument or a setter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// Argument or setter name.
    pub name: String,
    /// The Rust type it takes (setters: the type inside the `Option`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Where the value travels.
    pub source: InputSource,
}

/// Where an input travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputSource {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header parameter.
    Header,
    /// A cookie parameter.
    Cookie,
    /// A field of an object request body.
    BodyField,
    /// A whole request body that is not an object.
    Body,
}

impl InputSource {
    /// How the report names an input of this kind.
    pub fn noun(self) -> &'static str {
        match self {
            Self::Path => "path parameter",
            Self::Query => "query parameter",
            Self::Header => "header parameter",
            Self::Cookie => "cookie parameter",
            Self::BodyField => "body field",
            Self::Body => "request body",
        }
    }
}

/// One variant of an `{Operation}Outcome` enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeCase {
    /// Variant name.
    pub variant: String,
    /// The status it covers (`200`, `2XX`, `default`).
    pub status: String,
    /// Its payload type.
    #[serde(rename = "type")]
    pub ty: String,
}

/// One item of the `types` module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeSurface {
    /// Rust name.
    pub name: String,
    /// The Cargo features any one of which compiles it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// Its shape.
    #[serde(flatten)]
    pub shape: TypeShape,
    /// Whether the type is `#[deprecated]`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// The shape of a type, as far as users' code can depend on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeShape {
    /// A struct with public fields.
    Struct {
        /// Whether users build it (it is reachable from a request input), so
        /// it is exhaustive; other structs are `#[non_exhaustive]`.
        user_built: bool,
        /// Fields in declaration order.
        fields: Vec<FieldSurface>,
    },
    /// A string or integer enum with an `Unknown` catch-all variant.
    Enum {
        /// Known values.
        values: Vec<EnumValue>,
    },
    /// `oneOf`/`anyOf`.
    Union {
        /// Whether a discriminator picks the variant.
        tagged: bool,
        /// Alternatives.
        variants: Vec<UnionVariantSurface>,
    },
    /// `pub type Name = Target;`
    Alias {
        /// The target type.
        target: String,
    },
    /// `pub struct Name(pub Target);`
    Newtype {
        /// The wrapped type.
        target: String,
    },
}

impl TypeShape {
    /// A word for the kind of type.
    pub fn noun(&self) -> &'static str {
        match self {
            Self::Struct { .. } => "struct",
            Self::Enum { .. } => "enum",
            Self::Union { .. } => "union enum",
            Self::Alias { .. } => "type alias",
            Self::Newtype { .. } => "newtype",
        }
    }
}

/// One public struct field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSurface {
    /// Rust field name.
    pub name: String,
    /// Its Rust type (`Option<…>` for optional properties).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the property is required in the document.
    pub required: bool,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    /// The value on the wire (integers in decimal).
    pub value: String,
    /// The Rust variant holding it.
    pub variant: String,
}

/// One union alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnionVariantSurface {
    /// Variant name.
    pub name: String,
    /// Payload type.
    #[serde(rename = "type")]
    pub ty: String,
}

impl ApiSurface {
    /// The surface of the crate generated from `api` with `settings`.
    pub fn from_api(api: &crate::ir::Api, settings: &Settings) -> Self {
        let mut operations: Vec<OperationSurface> = api.operations.iter().map(operation).collect();
        operations.sort_by(|a, b| a.method.cmp(&b.method));
        let mut types: Vec<TypeSurface> = api
            .types
            .iter()
            .map(|t| {
                let features = api.type_features(&t.name);
                type_surface(t, features)
            })
            .collect();
        types.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            layout: LAYOUT,
            crate_name: settings.crate_name.clone(),
            crate_version: settings.crate_version.clone(),
            default_features: api.default_features(),
            auth: api
                .auth
                .iter()
                .map(|a| AuthSurface {
                    setter: a.setter.clone(),
                    kind: match a.kind {
                        AuthKind::Bearer => "bearer",
                        AuthKind::Basic => "basic",
                        AuthKind::ApiKeyHeader { .. } => "api_key",
                    }
                    .to_owned(),
                })
                .collect(),
            operations,
            types,
        }
    }

    /// Pretty JSON with a trailing newline, as stored in `generated/`:
    /// indented, with each small flat object (an argument, a field) on one
    /// line so a change reads as one changed line in a diff.
    pub fn to_json(&self) -> String {
        let value = serde_json::to_value(self).unwrap_or_default();
        let mut text = String::new();
        write_json(&value, 0, &mut text);
        text.push('\n');
        text
    }

    /// Reads a stored surface.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// Writes `value` indented by `depth` levels. Arrays of scalars stay on
/// one line, and so do objects whose members are scalars or such arrays.
fn write_json(value: &serde_json::Value, depth: usize, out: &mut String) {
    use serde_json::Value;
    let scalar = |v: &Value| !matches!(v, Value::Array(_) | Value::Object(_));
    let flat = |v: &Value| match v {
        Value::Array(items) => items.iter().all(scalar),
        other => scalar(other),
    };
    let indent = |depth: usize| "  ".repeat(depth);
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.values().all(flat) => {
            let members: Vec<String> = map
                .iter()
                .map(|(key, v)| format!("{}: {}", Value::String(key.clone()), one_line(v)))
                .collect();
            out.push_str(&format!("{{ {} }}", members.join(", ")));
        }
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (key, v)) in map.iter().enumerate() {
                out.push_str(&indent(depth + 1));
                out.push_str(&Value::String(key.clone()).to_string());
                out.push_str(": ");
                write_json(v, depth + 1, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&indent(depth));
            out.push('}');
        }
        Value::Array(items) if items.iter().all(scalar) => out.push_str(&one_line(value)),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                out.push_str(&indent(depth + 1));
                write_json(v, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&indent(depth));
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A scalar, or an array of scalars, on one line (`["a", "b"]`).
fn one_line(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(items) => {
            let members: Vec<String> = items.iter().map(ToString::to_string).collect();
            format!("[{}]", members.join(", "))
        }
        scalar => scalar.to_string(),
    }
}

fn operation(op: &Operation) -> OperationSurface {
    let mut inputs = MethodInputs::default();
    inputs.add_all(op);
    let (response, outcome) = response_surface(&op.response);
    let pages = op.pagination.as_ref().map(|_| response.clone());
    OperationSurface {
        method: op.method_name.clone(),
        route: format!("{} {}", op.http_method, op.path_template),
        feature: Some(op.group.clone()),
        arguments: inputs.arguments,
        setters: inputs.setters,
        response,
        outcome,
        stream: op.pagination.as_ref().map(|p| p.item_ty.to_string()),
        pages,
        deprecated: op.deprecated,
        error_body: op.errors.as_ref().map(|e| match &e.enum_name {
            Some(name) => name.clone(),
            None => e.cases[0].ty.to_string(),
        }),
        errors: op
            .errors
            .iter()
            .flat_map(|e| &e.cases)
            .map(|c| OutcomeCase {
                variant: c.variant.clone(),
                status: c.status.to_string(),
                ty: c.ty.to_string(),
            })
            .collect(),
    }
}

/// A method's inputs as they are collected: parameters first, then the
/// body, each list in that order.
#[derive(Default)]
struct MethodInputs {
    arguments: Vec<Input>,
    setters: Vec<Input>,
}

impl MethodInputs {
    /// Files `input` as a positional argument or as a setter.
    fn push(&mut self, input: Input, argument: bool) {
        if argument {
            self.arguments.push(input);
        } else {
            self.setters.push(input);
        }
    }

    /// Every input of `op`, as the IR lists them.
    fn add_all(&mut self, op: &Operation) {
        for input in op.inputs() {
            let source = match input.source {
                crate::ir::InputSource::Param(ParamLocation::Path) => InputSource::Path,
                crate::ir::InputSource::Param(ParamLocation::Query) => InputSource::Query,
                crate::ir::InputSource::Param(ParamLocation::Header) => InputSource::Header,
                crate::ir::InputSource::Param(ParamLocation::Cookie) => InputSource::Cookie,
                crate::ir::InputSource::BodyField => InputSource::BodyField,
                crate::ir::InputSource::Body => InputSource::Body,
            };
            let surface = Input {
                name: input.name.to_owned(),
                ty: input.ty.to_string(),
                source,
            };
            self.push(surface, input.argument);
        }
    }
}

/// What `send()` returns, and the variants when that is an outcome enum.
fn response_surface(response: &ResponseKind) -> (String, Vec<OutcomeCase>) {
    match response {
        ResponseKind::ByStatus { enum_name, cases } => (
            enum_name.clone(),
            cases
                .iter()
                .map(|c| OutcomeCase {
                    variant: c.variant.clone(),
                    status: c.status.to_string(),
                    ty: response_type(&c.body),
                })
                .collect(),
        ),
        other => (response_type(other), Vec::new()),
    }
}

fn response_type(kind: &ResponseKind) -> String {
    match kind {
        ResponseKind::Json(t) => t.to_string(),
        ResponseKind::Text => "String".into(),
        ResponseKind::Bytes => "Vec<u8>".into(),
        ResponseKind::Empty => "()".into(),
        ResponseKind::ByStatus { enum_name, .. } => enum_name.clone(),
    }
}

fn type_surface(def: &TypeDef, features: Vec<String>) -> TypeSurface {
    let shape = match &def.kind {
        TypeKind::Struct(s) => struct_shape(s, def.user_built),
        TypeKind::Enum(e) => TypeShape::Enum {
            values: e
                .variants
                .iter()
                .map(|v| EnumValue {
                    value: v.value.clone(),
                    variant: v.name.clone(),
                })
                .collect(),
        },
        TypeKind::IntEnum(e) => TypeShape::Enum {
            values: e
                .variants
                .iter()
                .map(|v| EnumValue {
                    value: v.value.to_string(),
                    variant: v.name.clone(),
                })
                .collect(),
        },
        TypeKind::Union(u) => TypeShape::Union {
            tagged: u.tag.is_some(),
            variants: u
                .variants
                .iter()
                .map(|v| UnionVariantSurface {
                    name: v.name.clone(),
                    ty: v.ty.to_string(),
                })
                .chain(std::iter::once(UnionVariantSurface {
                    name: u.unknown_variant.clone(),
                    ty: TypeRef::Json.to_string(),
                }))
                .collect(),
        },
        TypeKind::Alias(t) => TypeShape::Alias {
            target: t.to_string(),
        },
        TypeKind::Newtype(t) => TypeShape::Newtype {
            target: t.to_string(),
        },
        TypeKind::Replaced(path) => TypeShape::Alias {
            target: path.clone(),
        },
    };
    TypeSurface {
        name: def.name.clone(),
        features,
        shape,
        deprecated: def.deprecated,
    }
}

/// A struct's fields as users see them: declared, additional, `extra`.
fn struct_shape(s: &crate::ir::Struct, user_built: bool) -> TypeShape {
    let mut fields: Vec<FieldSurface> = s
        .fields
        .iter()
        .map(|f| FieldSurface {
            name: f.name.clone(),
            ty: f.storage_type().to_string(),
            required: f.required,
        })
        .collect();
    if let Some(extra) = &s.additional {
        fields.push(FieldSurface {
            name: extra.name.clone(),
            ty: TypeRef::Map(Box::new(extra.ty.clone())).to_string(),
            required: false,
        });
    }
    // Every struct keeps what the document does not describe.
    fields.push(FieldSurface {
        name: s.extra.clone(),
        ty: "Extra".to_owned(),
        required: false,
    });
    TypeShape::Struct { user_built, fields }
}
