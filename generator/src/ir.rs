//! The intermediate representation: what the client *is*, with every `$ref`
//! resolved and every Rust name decided. Emitters read only this.
//!
//! It derives `Serialize` so tests can snapshot it: a change of meaning shows
//! up as a data diff, apart from formatting churn in the emitted code.

use serde::Serialize;

use crate::pointer::JsonPointer;

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server URL, the client's default base URL (no trailing `/`).
    pub base_url: String,
    /// How the client authenticates, in document order.
    pub auth: Vec<AuthScheme>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
}

/// One credential the client can send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuthScheme {
    /// Key in `components.securitySchemes`.
    pub key: String,
    /// Builder setter (and field) name, e.g. `api_token`.
    pub setter: String,
    /// Where the credential goes.
    pub kind: AuthKind,
    /// The scheme's description.
    pub doc: Option<String>,
    /// Environment variable `Client::from_env` reads it from.
    pub env_var: String,
}

/// Where a credential goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(user:password)`; the setter takes both.
    Basic,
    /// A header carrying the raw key.
    ApiKeyHeader {
        /// Header name.
        header: String,
    },
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// Rust name, unique in the `types` module.
    pub name: String,
    /// Title/description from the schema.
    pub doc: Option<String>,
    /// Where the schema sits in the document.
    pub origin: JsonPointer,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// Whether the schema is deprecated.
    pub deprecated: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum that also keeps values the document did not list.
    Enum(StringEnum),
    /// An integer enum that also keeps values the document did not list.
    IntEnum(IntEnum),
    /// `oneOf`/`anyOf`: an enum picked by discriminator, or untagged (the
    /// first variant that decodes wins).
    Union(Union),
    /// `pub type Name = Target;`
    Alias(TypeRef),
    /// `pub struct Name(pub Target);` — an alias that refers to itself.
    Newtype(TypeRef),
}

/// Fields of a struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Struct {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Keys beyond the declared properties (`additionalProperties` next to
    /// `properties`), kept in a flattened map.
    pub additional: Option<AdditionalField>,
}

/// The flattened map of a struct's undeclared keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AdditionalField {
    /// Rust field name (`additional_properties` unless taken).
    pub name: String,
    /// Type of each value.
    pub ty: TypeRef,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Field {
    /// Rust field name.
    pub name: String,
    /// JSON property name.
    pub wire_name: String,
    /// The field's type, `Option` included when the schema is nullable.
    pub ty: TypeRef,
    /// Whether the property must be present.
    pub required: bool,
    /// Property description.
    pub doc: Option<String>,
    /// Whether the property is deprecated.
    pub deprecated: bool,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct StringEnum {
    /// Known values in document order.
    pub variants: Vec<Variant>,
    /// Name of the catch-all variant holding any other value.
    pub unknown_variant: String,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IntEnum {
    /// Known values in document order.
    pub variants: Vec<IntVariant>,
    /// Name of the catch-all variant holding any other value.
    pub unknown_variant: String,
}

/// One known integer enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IntVariant {
    /// Rust variant name (from `x-enum-varnames` when given).
    pub name: String,
    /// Value on the wire.
    pub value: i64,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// Value on the wire.
    pub value: String,
}

/// A union: tagged by a discriminator property, or untagged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Union {
    /// Alternatives; untagged ones are tried in order.
    pub variants: Vec<UnionVariant>,
    /// The discriminator, when it names every alternative.
    pub tag: Option<Tag>,
}

/// How a tagged union picks its variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Tag {
    /// The JSON property holding the tag.
    pub property: String,
    /// Variant that keeps an object with a tag this client does not know.
    pub unknown_variant: String,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Payload type.
    pub ty: TypeRef,
    /// Discriminator values selecting this variant (tagged unions only).
    pub tags: Vec<String>,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum TypeRef {
    /// `bool`
    Bool,
    /// `String`
    String,
    /// A signed or unsigned integer of some width.
    Integer(IntKind),
    /// `f64`, for every JSON number (`format: float` too: an `f32` would
    /// not re-encode most decimal values as written).
    F64,
    /// `uuid::Uuid`
    Uuid,
    /// `chrono::DateTime<chrono::Utc>` (RFC 3339)
    DateTime,
    /// `chrono::NaiveDate`
    Date,
    /// `Vec<u8>`: a file in a multipart body (`format: binary`).
    Bytes,
    /// `serde_json::Value`: any JSON.
    Json,
    /// `serde_json::Map<String, Value>`: a free-form object.
    JsonObject,
    /// `Vec<T>`
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`
    Map(Box<TypeRef>),
    /// `Option<T>`: the schema is nullable.
    Option(Box<TypeRef>),
    /// `Box<T>`: breaks a by-value cycle.
    Boxed(Box<TypeRef>),
    /// A type from [`Api::types`], by name.
    Named(String),
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[allow(missing_docs)]
pub enum IntKind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

/// One API operation: one method on the client.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// `operationId`, or the name derived from method and path.
    pub id: String,
    /// `Client` method name (snake case).
    pub method_name: String,
    /// Request builder type name.
    pub builder_name: String,
    /// HTTP method, upper case (`GET`).
    pub http_method: String,
    /// The path template as it appears in the document.
    pub path_template: String,
    /// The path, split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Where the operation sits in the document.
    pub origin: JsonPointer,
    /// Parameters: path ones first in template order, then the rest in document order.
    pub params: Vec<Param>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// What a successful response decodes to.
    pub response: ResponseKind,
    /// Page-number pagination, from the `x-pagination` extension.
    pub pagination: Option<Pagination>,
}

/// Literal text or a parameter in a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PathPart {
    /// Already percent-encoded literal text, slashes included.
    Literal(String),
    /// The Rust name of a path parameter.
    Param(String),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// In the path: a required argument of the client method.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header, as `name=value`.
    Cookie,
}

/// One operation parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust argument/setter name, unique within the operation.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type. Arrays are sent as the style says.
    pub ty: TypeRef,
    /// Whether it must be given (path parameters always are).
    pub required: bool,
    /// For array query parameters: one `name=value` pair per item (`explode`)
    /// or one pair with comma-separated values.
    pub explode: bool,
    /// Description.
    pub doc: Option<String>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// The body's type.
    pub ty: TypeRef,
    /// How it is encoded.
    pub media: BodyMedia,
    /// Whether it must be given.
    pub required: bool,
    /// Description.
    pub doc: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum BodyMedia {
    /// `application/json` (or another JSON media type).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per property of the body struct;
    /// bytes fields are files.
    Multipart,
    /// Any other media type, sent as given: text (`String`) for `text/*`,
    /// bytes (`Vec<u8>`) otherwise.
    Raw(String),
}

/// How a successful response is read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ResponseKind {
    /// JSON decoded into this type.
    Json(TypeRef),
    /// Text returned as `String`.
    Text,
    /// Anything else, returned as bytes.
    Bytes,
    /// No body (e.g. 204).
    Empty,
    /// Success statuses with different bodies: an enum with one variant per
    /// status, chosen by the status received.
    ByStatus {
        /// Name of the enum (unique at the crate root).
        enum_name: String,
        /// One case per declared success status, in document order.
        cases: Vec<StatusCase>,
    },
}

/// One success status of a [`ResponseKind::ByStatus`] operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusCase {
    /// Which statuses it covers.
    pub status: StatusMatch,
    /// Enum variant name.
    pub variant: String,
    /// How its body is read (never `ByStatus`).
    pub body: ResponseKind,
}

/// A status code, a range (`2XX`), or `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StatusMatch {
    /// Exactly this status.
    Code(u16),
    /// Any status whose first digit is this one.
    Range(u16),
    /// Any status not otherwise declared.
    Default,
}

/// Page-number pagination of a list operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// Rust name of the page-number query parameter.
    pub page_param: String,
    /// Rust name of the page-size query parameter.
    pub size_param: Option<String>,
    /// Fields from the response root to the item array.
    pub items: Vec<FieldStep>,
    /// Fields from the response root to the total item count, if the API reports one.
    pub total: Option<Vec<FieldStep>>,
    /// Item type of the array at `items`.
    pub item_ty: TypeRef,
}

/// One step of a field path through response structs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldStep {
    /// Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}
