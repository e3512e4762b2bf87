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
    /// Environment variable `Client::from_env` reads the base URL from.
    pub base_url_env_var: String,
    /// How the client authenticates, in document order.
    pub auth: Vec<AuthScheme>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// The operation groups (one module and one Cargo feature each), sorted by name.
    pub groups: Vec<Group>,
    /// For each named type some operation reaches, the groups whose
    /// operations reach it (directly or through other types), sorted. A type
    /// absent from the map is reached by no operation.
    pub type_groups: std::collections::BTreeMap<String, Vec<String>>,
}

/// A group of operations: one module of the generated crate and the Cargo
/// feature that compiles it. Operations are grouped by their first tag, else
/// by the first literal segment of their path; when a document has more
/// groups than crates.io allows features, neighbouring ones are merged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// Module and feature name (snake case, unique, never a keyword).
    pub name: String,
    /// The tags or path segments gathered here, sorted.
    pub sources: Vec<String>,
    /// The tag's description from the document's `tags` list (single-source groups only).
    pub doc: Option<String>,
}

/// Where a named type is emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement<'a> {
    /// In the module of the one group that reaches it.
    Group(&'a str),
    /// In the shared `types` module, compiled when any of these groups is.
    Shared(&'a [String]),
    /// No operation reaches it: in the shared module, compiled with
    /// `all-types`.
    Unreached,
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
    /// Whether a request input reaches it, so users build values of it
    /// (set by lowering once operations are known).
    pub user_built: bool,
    /// Attributes the user asked for (`derive(Hash)`), the text inside
    /// `#[…]`, checked to parse as one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
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
    /// `pub type Name = path;`: a Rust type the user gave in place of the
    /// schema's (checked to parse as a type).
    Replaced(String),
}

/// Fields of a struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Struct {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Keys beyond the declared properties (`additionalProperties` next to
    /// `properties`), kept in a flattened map.
    pub additional: Option<AdditionalField>,
    /// Rust name of the field keeping what the fields do not hold (the
    /// runtime's `Extra`: undeclared properties, values received as they
    /// were, deviations): `extra` unless a property took it.
    pub extra: String,
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
    /// Variant keeping a value no alternative fits (untagged) or an object
    /// whose tag this client does not know (tagged), as sent.
    pub unknown_variant: String,
}

/// How a tagged union picks its variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Tag {
    /// The JSON property holding the tag.
    pub property: String,
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
    /// `MultipartParts`, the runtime's list of named parts: a multipart
    /// body whose document names no parts (a free-form object, or no
    /// schema), so the caller names them.
    MultipartParts,
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
    /// How the operation pages, when it does (`.pages()`, `.stream()`).
    pub pagination: Option<Pagination>,
    /// The typed bodies of its error answers, when it documents any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<ErrorBodies>,
    /// The type of each event's `data`, when a success response can be a
    /// `text/event-stream` (the builder's `event_stream`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_stream: Option<TypeRef>,
    /// The operation's tags, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Other names users may search the docs for (`x-doc-aliases`: the
    /// official SDKs' method names, say), each a `#[doc(alias)]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Name of the [`Group`] holding it.
    pub group: String,
}

/// Literal text or a parameter in a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PathPart {
    /// Already percent-encoded literal text, slashes included.
    Literal(String),
    /// A path parameter: its index in [`Operation::params`].
    Param(usize),
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
    /// How the value (each item, for an array; the whole value, for a
    /// `deepObject`) becomes wire text.
    pub text: ParamText,
}

/// How a parameter value becomes the text sent on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamText {
    /// A `String`, as it is.
    String,
    /// A string enum: its wire value.
    Enum,
    /// A date-time in RFC 3339.
    DateTime,
    /// A number, boolean, date, UUID or integer enum: its `Display` text.
    Display,
    /// A union of scalars: through serde (strings as they are).
    Serde,
    /// A `style: deepObject` query parameter of any type (an object, map,
    /// array, union or scalar): the whole value through serde, each scalar
    /// inside it a `name[key]…=text` pair (`runtime::Query::push_deep`).
    DeepObject,
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
    /// For a multipart body: one part per field of the body struct.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<MultipartPart>,
    /// How the caller supplies it: whole, or field by field.
    pub input: BodyInput,
}

/// How a caller gives a request body to the client method and its builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum BodyInput {
    /// One `body` value: an argument when the body is required, else a
    /// setter. For bodies that are not plain structs (arrays, unions,
    /// maps, raw bytes or text), and optional bodies with required fields.
    Whole,
    /// The body struct's fields, one by one: required ones are arguments of
    /// the client method (so leaving one out does not compile), optional
    /// ones are setters on the request builder. The builder assembles the
    /// struct when it sends; an optional body is sent only when a field was set.
    Fields {
        /// The fields, in the struct's order.
        fields: Vec<BodyField>,
        /// The body struct's [`Struct::extra`] field.
        extra: String,
    },
}

/// One field of a body given field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyField {
    /// Argument, setter and builder member name, unique among the
    /// operation's parameters and the builder's own members.
    pub name: String,
    /// The body struct's field it fills.
    pub field: String,
    /// Property name on the wire.
    pub wire_name: String,
    /// The struct field's Rust type ([`Field::storage_type`]): an `Option`
    /// exactly when the field is one.
    pub ty: TypeRef,
    /// A method argument (the property is required) rather than a setter.
    pub argument: bool,
    /// For an optional nullable property, the setter that sends `null`
    /// (`<name>_null`), unique among the builder's members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub null_setter: Option<String>,
    /// Property description.
    pub doc: Option<String>,
    /// Whether the property is deprecated.
    pub deprecated: bool,
}

/// One part of a `multipart/form-data` body: a field of the body struct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MultipartPart {
    /// Rust field name in the body struct.
    pub field: String,
    /// Part name on the wire.
    pub wire_name: String,
    /// What the part carries.
    pub kind: PartKind,
    /// Whether the field is an `Option` (the part is left out when `None`).
    pub optional: bool,
}

/// What a multipart part carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PartKind {
    /// A file (`format: binary`): the bytes.
    File,
    /// An array of files: one part each, under the same name.
    Files,
    /// Any other value, sent as text.
    Value,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum BodyMedia {
    /// `application/json` (or another JSON media type).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per property of the body struct;
    /// bytes fields are files. Or, for a body of type
    /// [`TypeRef::MultipartParts`], the parts the caller named.
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

/// The typed bodies of an operation's error answers (non-2xx statuses,
/// ranges and `default` that declare a JSON schema). A received error's
/// body is decoded as the type of its status and carried by the error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorBodies {
    /// `{Operation}Error`, an enum with a variant per status, when the
    /// statuses' types differ; `None` when they share one type, which is
    /// then the typed body itself (Cloudflare's envelope on every status).
    pub enum_name: Option<String>,
    /// One case per status with a JSON body, in document order.
    pub cases: Vec<ErrorCase>,
}

/// One documented error status and its body's type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorCase {
    /// Which statuses it covers.
    pub status: StatusMatch,
    /// Variant name in the operation's error enum.
    pub variant: String,
    /// The body's type.
    pub ty: TypeRef,
}

impl ErrorBodies {
    /// The answers typed, as a sentence says them: "a `404` or `5XX`
    /// answer", "a `400` answer or one with any other error status".
    pub fn which_answers(&self) -> String {
        let listed: Vec<String> = self
            .cases
            .iter()
            .filter(|c| c.status != StatusMatch::Default)
            .map(|c| format!("`{}`", c.status))
            .collect();
        let other = self.cases.iter().any(|c| c.status == StatusMatch::Default);
        match (listed.split_last(), other) {
            (None, _) => "any error answer".to_owned(),
            (Some((last, [])), false) => format!("a {last} answer"),
            (Some((last, rest)), false) => format!("a {} or {last} answer", rest.join(", ")),
            (Some(_), true) => format!(
                "a {} answer or one with any other error status",
                listed.join(", ")
            ),
        }
    }
}

impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusMatch::Code(code) => write!(f, "{code}"),
            StatusMatch::Range(digit) => write!(f, "{digit}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
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

/// How a list operation pages: decided in lowering from the settings, the
/// `x-pagination` extension or detection, and read by the `.pages()` and
/// `.stream()` emitters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// The paging pattern and its fields, as Rust names and types.
    pub style: PageStyle,
    /// Fields from the response root to the item array (empty: the
    /// response is the array).
    pub items: Vec<FieldStep>,
    /// Item type of the array at `items`.
    pub item_ty: TypeRef,
    /// Where the pager came from.
    pub source: PagerSource,
    /// The pattern and fields in the document's names, as `x-pagination`
    /// would declare them (for reports and docs).
    pub spec: crate::settings::PaginationSpec,
}

/// Where an operation's pager came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PagerSource {
    /// The settings' entry for the operation (`Settings::pagination`).
    Settings,
    /// The operation's `x-pagination` extension.
    Extension,
    /// Recognised from the parameters and the response (see
    /// docs/decisions.md, "Pagination").
    Detected,
}

impl PagerSource {
    /// How reports name it: `settings`, `x-pagination` or `detected`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Settings => "settings",
            Self::Extension => "x-pagination",
            Self::Detected => "detected",
        }
    }
}

/// A paging pattern with its fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PageStyle {
    /// Page numbers from 1 (or the page the caller set).
    PageNumber {
        /// The page-number query parameter.
        page: PageParam,
        /// The page-size query parameter, if any.
        size: Option<PageParam>,
        /// The total item count, when the API reports one.
        total: Option<Count>,
        /// The total page count, when the API reports one.
        total_pages: Option<Count>,
    },
    /// An item offset from 0 (or the offset the caller set), advanced by
    /// the items each page holds.
    Offset {
        /// The offset query parameter.
        offset: PageParam,
        /// The page-size query parameter, if any.
        limit: Option<PageParam>,
        /// The `maximum` the document declares for the page size: a page
        /// shorter than a limit at most this large is the last one.
        limit_max: Option<u64>,
        /// The total item count, when the API reports one.
        total: Option<Count>,
    },
    /// An opaque string cursor.
    Cursor {
        /// Rust name of the cursor query parameter (a `String`).
        param: String,
        /// Where the next cursor comes from.
        next: NextCursor,
        /// A boolean field saying whether more pages follow.
        has_more: Option<Vec<FieldStep>>,
    },
    /// The URL of the response's `Link: <…>; rel="next"` header.
    LinkHeader,
}

/// A numeric paging query parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageParam {
    /// Rust name of the parameter (a builder field holding an `Option`).
    pub name: String,
    /// Its type: an integer or `F64` (vendor documents often type page
    /// counters as `number`).
    pub ty: TypeRef,
}

/// A count the response reports (items or pages).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    /// Fields from the response root to it.
    pub path: Vec<FieldStep>,
    /// Its type: an integer or `F64`.
    pub ty: TypeRef,
}

/// Where a cursor pager finds the next cursor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum NextCursor {
    /// A string field of the response (`next_cursor`).
    Field(Vec<FieldStep>),
    /// A string field of the page's last item (Stripe's `id`).
    LastItem(FieldStep),
}

/// One step of a field path through response structs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldStep {
    /// Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

// Queries. Emitters and the later lowering passes ask the IR these questions
// instead of each answering them again with its own walk.

/// The Cargo feature enabling every operation group.
pub const FULL: &str = "full";
/// The feature enabling `full` and the types no operation reaches (error
/// bodies, webhook payloads): users who decode those ask for them, and
/// nobody else compiles them.
pub const ALL_TYPES: &str = "all-types";

/// Up to this many operations, everything is on by default (`all-types`):
/// the whole crate compiles in seconds, and users need not know the groups.
/// Larger APIs start with none, so nobody pays for all of them unasked.
const DEFAULT_FULL_UP_TO: usize = 500;

/// The feature policy: which features compile what, and what `default`
/// holds. The manifest, the docs, the README and the change report all
/// read it from here.
impl Api {
    /// Whether `default` enables everything.
    pub fn default_full(&self) -> bool {
        self.operations.len() <= DEFAULT_FULL_UP_TO
    }

    /// The features `default` enables.
    pub fn default_features(&self) -> Vec<String> {
        if self.default_full() {
            vec![ALL_TYPES.to_owned()]
        } else {
            Vec::new()
        }
    }

    /// The features any one of which compiles the named type: its groups,
    /// or `all-types` when no operation reaches it.
    pub fn type_features(&self, name: &str) -> Vec<String> {
        match self.placement(name) {
            Placement::Group(group) => vec![group.to_owned()],
            Placement::Shared(groups) => groups.to_vec(),
            Placement::Unreached => vec![ALL_TYPES.to_owned()],
        }
    }
}

impl Api {
    /// The named type `name` ([`Api::types`] is sorted by name).
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.types[i])
    }

    /// Whether any type use in the API (in a type, a parameter, a body or a
    /// response, looking inside arrays, maps, options and boxes) satisfies `pred`.
    pub fn uses(&self, pred: &dyn Fn(&TypeRef) -> bool) -> bool {
        let deep = |ty: &TypeRef| ty.any(pred);
        self.types
            .iter()
            .any(|t| t.kind.slots().chain(t.kind.additional()).any(deep))
            || self.operations.iter().any(|op| op.type_uses().any(deep))
    }

    /// Whether any operation takes a multipart body as parts the caller
    /// names ([`TypeRef::MultipartParts`]).
    pub fn takes_multipart_parts(&self) -> bool {
        self.operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|b| b.ty == TypeRef::MultipartParts)
        })
    }

    /// Whether any operation answers with server-sent events.
    pub fn streams_events(&self) -> bool {
        self.operations.iter().any(|op| op.event_stream.is_some())
    }

    /// Whether any operation streams pages.
    pub fn paginates(&self) -> bool {
        self.operations.iter().any(|op| op.pagination.is_some())
    }

    /// Where the type `name` is emitted, from [`Api::type_groups`].
    pub fn placement(&self, name: &str) -> Placement<'_> {
        match self.type_groups.get(name).map(Vec::as_slice) {
            None | Some([]) => Placement::Unreached,
            Some([one]) => Placement::Group(one),
            Some(many) => Placement::Shared(many),
        }
    }

    /// The operations of the group `name`, in document order.
    pub fn group_operations<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Operation> {
        self.operations.iter().filter(move |op| op.group == name)
    }
}

/// What a type that decodes from a JSON object declares: what a union uses
/// to pick the alternative an object belongs to ([`object_keys`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectKeys {
    /// Every declared property, by wire name.
    pub declared: Vec<String>,
    /// The required ones.
    pub required: Vec<String>,
    /// Properties typed as a string enum, with the values it names.
    pub enums: Vec<(String, Vec<String>)>,
}

/// The named type `name` among `types`, sorted by name (as [`Api::types`]).
fn find_type<'a>(types: &'a [TypeDef], name: &str) -> Option<&'a TypeDef> {
    types
        .binary_search_by(|t| t.name.as_str().cmp(name))
        .ok()
        .map(|i| &types[i])
}

/// `ty` through options, boxes, aliases and newtypes (a bounded walk, so
/// alias cycles cannot loop).
pub fn through_aliases<'a>(types: &'a [TypeDef], ty: &'a TypeRef) -> &'a TypeRef {
    let mut ty = ty.strip_option();
    for _ in 0..16 {
        let TypeRef::Named(name) = ty else {
            return ty;
        };
        match find_type(types, name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target) | TypeKind::Newtype(target)) => {
                ty = target.strip_option();
            }
            _ => return ty,
        }
    }
    ty
}

/// The kind of the named type `ty` stands for ([`through_aliases`]).
pub fn resolved_kind<'a>(types: &'a [TypeDef], ty: &'a TypeRef) -> Option<&'a TypeKind> {
    match through_aliases(types, ty) {
        TypeRef::Named(name) => find_type(types, name).map(|t| &t.kind),
        _ => None,
    }
}

/// The keys of the struct `ty` names (through options, boxes and aliases);
/// `None` when it is not a struct. `types` is sorted by name.
pub fn object_keys(types: &[TypeDef], ty: &TypeRef) -> Option<ObjectKeys> {
    let Some(TypeKind::Struct(s)) = resolved_kind(types, ty) else {
        return None;
    };
    let mut keys = ObjectKeys::default();
    for f in &s.fields {
        keys.declared.push(f.wire_name.clone());
        if f.required {
            keys.required.push(f.wire_name.clone());
        }
        if let Some(TypeKind::Enum(e)) = resolved_kind(types, &f.ty) {
            let values = e.variants.iter().map(|v| v.value.clone()).collect();
            keys.enums.push((f.wire_name.clone(), values));
        }
    }
    Some(keys)
}

/// Whether a value of type `ty` can be decoded from a JSON object.
pub fn accepts_object(types: &[TypeDef], ty: &TypeRef) -> bool {
    match through_aliases(types, ty) {
        TypeRef::Json | TypeRef::JsonObject | TypeRef::Map(_) => true,
        named @ TypeRef::Named(_) => matches!(
            resolved_kind(types, named),
            Some(TypeKind::Struct(_) | TypeKind::Union(_))
        ),
        _ => false,
    }
}

impl TypeKind {
    /// Every type use directly inside this type: struct fields (the
    /// flattened map's value type excluded), union variants, alias targets.
    pub fn slots(&self) -> impl Iterator<Item = &TypeRef> {
        let (fields, variants, target): (&[Field], &[UnionVariant], Option<&TypeRef>) = match self {
            TypeKind::Struct(s) => (&s.fields, &[], None),
            TypeKind::Union(u) => (&[], &u.variants, None),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => (&[], &[], Some(t)),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Replaced(_) => (&[], &[], None),
        };
        fields
            .iter()
            .map(|f| &f.ty)
            .chain(variants.iter().map(|v| &v.ty))
            .chain(target)
    }

    /// The value type of a struct's flattened map of undeclared keys.
    pub fn additional(&self) -> Option<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.additional.as_ref().map(|a| &a.ty),
            _ => None,
        }
    }

    /// [`Self::slots`], mutably, for the passes that rewrite them.
    pub fn slots_mut(&mut self) -> Box<dyn Iterator<Item = &mut TypeRef> + '_> {
        match self {
            TypeKind::Struct(s) => Box::new(s.fields.iter_mut().map(|f| &mut f.ty)),
            TypeKind::Union(u) => Box::new(u.variants.iter_mut().map(|v| &mut v.ty)),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => Box::new(std::iter::once(t)),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Replaced(_) => {
                Box::new(std::iter::empty())
            }
        }
    }
}

/// The Rust spelling of a type, short (no `::std::` paths), as users read
/// it in docs and reports: `Vec<Pet>`, `BTreeMap<String, i64>`.
impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let int = |kind: &IntKind| match kind {
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::I64 => "i64",
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::U64 => "u64",
        };
        match self {
            TypeRef::Bool => f.write_str("bool"),
            TypeRef::String => f.write_str("String"),
            TypeRef::Integer(kind) => f.write_str(int(kind)),
            TypeRef::F64 => f.write_str("f64"),
            TypeRef::Uuid => f.write_str("uuid::Uuid"),
            TypeRef::DateTime => f.write_str("chrono::DateTime<Utc>"),
            TypeRef::Date => f.write_str("chrono::NaiveDate"),
            TypeRef::Bytes => f.write_str("Vec<u8>"),
            TypeRef::Json => f.write_str("serde_json::Value"),
            TypeRef::JsonObject => f.write_str("serde_json::Map<String, Value>"),
            TypeRef::MultipartParts => f.write_str("MultipartParts"),
            TypeRef::Array(t) => write!(f, "Vec<{t}>"),
            TypeRef::Map(t) => write!(f, "BTreeMap<String, {t}>"),
            TypeRef::Option(t) => write!(f, "Option<{t}>"),
            TypeRef::Boxed(t) => write!(f, "Box<{t}>"),
            TypeRef::Named(name) => f.write_str(name),
        }
    }
}

impl TypeRef {
    /// Whether this type or any type inside it (array items, map values,
    /// options, boxes) satisfies `pred`.
    pub fn any(&self, pred: &dyn Fn(&TypeRef) -> bool) -> bool {
        pred(self)
            || match self {
                TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => {
                    t.any(pred)
                }
                _ => false,
            }
    }

    /// Every named type this use mentions, at any depth.
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeRef::Named(n) => vec![n.as_str()],
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => {
                t.names()
            }
            _ => Vec::new(),
        }
    }

    /// The type inside any `Option`s, as it is stored (a `Box` that breaks a
    /// cycle stays).
    pub fn inside_options(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) => inner.inside_options(),
            other => other,
        }
    }

    /// The type inside any `Option`s and `Box`es.
    pub fn strip_option(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) | TypeRef::Boxed(inner) => inner.strip_option(),
            other => other,
        }
    }
}

/// What a call input fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputSource {
    /// A parameter, in its place.
    Param(ParamLocation),
    /// A field of an object body given field by field.
    BodyField,
    /// A whole body (not given field by field).
    Body,
}

/// One input of a call as users see it: a method argument or a setter.
#[derive(Debug, Clone, Copy)]
pub struct CallInput<'a> {
    /// Argument, setter and builder member name.
    pub name: &'a str,
    /// What the caller gives: the declared type for an argument, the value
    /// inside the member's `Option` for a setter.
    pub ty: &'a TypeRef,
    /// A method argument rather than a setter.
    pub argument: bool,
    /// What it fills.
    pub source: InputSource,
}

impl Operation {
    /// Every input of the call, in the order the client takes them: the
    /// parameters (path ones first, in template order), then the body's
    /// fields or the whole body. Which are arguments is decided here once,
    /// for the client method, the README example and the change report.
    pub fn inputs(&self) -> Vec<CallInput<'_>> {
        let mut out: Vec<CallInput<'_>> = self
            .params
            .iter()
            .map(|p| CallInput {
                name: &p.name,
                ty: &p.ty,
                argument: p.is_argument(),
                source: InputSource::Param(p.location),
            })
            .collect();
        let Some(body) = &self.body else {
            return out;
        };
        match &body.input {
            BodyInput::Fields { fields, .. } => out.extend(fields.iter().map(|f| CallInput {
                name: &f.name,
                ty: if f.argument {
                    &f.ty
                } else {
                    f.ty.strip_option()
                },
                argument: f.argument,
                source: InputSource::BodyField,
            })),
            BodyInput::Whole => out.push(CallInput {
                name: "body",
                ty: &body.ty,
                argument: body.required,
                source: InputSource::Body,
            }),
        }
        out
    }
}

impl Param {
    /// Whether callers pass it as a method argument (it is required: path
    /// parameters always are) rather than through a setter. The one rule
    /// for parameters; a body field's is [`BodyField::argument`].
    pub fn is_argument(&self) -> bool {
        self.required
    }
}

/// The setters of one optional field of a struct users build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setters<'f> {
    /// The field.
    pub field: &'f Field,
    /// `with_<field>`: sets a value.
    pub with: String,
    /// `with_<field>_null`, for a nullable field: sends an explicit `null`
    /// (what clears a value in an update, where leaving it out keeps it).
    pub null: Option<String>,
}

impl Struct {
    /// The optional fields with the names of their setters on a struct
    /// users build: `with_` and the field's name without a leading `_`
    /// (`_600` → `with_600`, still snake case), and `_null` after it for a
    /// nullable one, made unique should two fields then meet.
    pub fn optional_setters(&self) -> Vec<Setters<'_>> {
        let mut scope = crate::naming::Scope::default();
        let optional: Vec<&Field> = self.fields.iter().filter(|f| !f.required).collect();
        let base = |f: &Field| {
            f.name
                .trim_start_matches("r#")
                .trim_start_matches('_')
                .to_owned()
        };
        let with: Vec<String> = optional
            .iter()
            .map(|f| scope.claim(&format!("with_{}", base(f))))
            .collect();
        optional
            .into_iter()
            .zip(with)
            .map(|(field, with)| Setters {
                field,
                null: matches!(field.ty, TypeRef::Option(_)).then(|| {
                    scope.claim(&crate::naming::with_suffix(
                        &format!("with_{}", base(field)),
                        "null",
                    ))
                }),
                with,
            })
            .collect()
    }
}

impl Field {
    /// Whether the Rust field is an `Option`: the property may be absent,
    /// or the schema is nullable.
    pub fn is_optional(&self) -> bool {
        !self.required || matches!(self.ty, TypeRef::Option(_))
    }

    /// The Rust type of the struct field: the schema's type when the
    /// property is required (an `Option` only if nullable), else an
    /// `Option` of it (absent and null are one `None`).
    pub fn storage_type(&self) -> TypeRef {
        match &self.ty {
            ty if self.required => ty.clone(),
            ty @ TypeRef::Option(_) => ty.clone(),
            other => TypeRef::Option(Box::new(other.clone())),
        }
    }
}

impl Operation {
    /// The names the method's docs answer to: each alias, and its last
    /// dotted segment (`meetings.getMeetingByID` is found as
    /// `getMeetingByID` too), without repeats or the method's own name
    /// (which rustdoc refuses as an alias).
    pub fn doc_aliases(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for alias in &self.aliases {
            let last = alias.rsplit('.').next().unwrap_or(alias);
            for name in [alias.as_str(), last] {
                if !name.is_empty() && name != self.method_name && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// Every type use of the operation: parameters, body, response
    /// bodies (success, error and event data).
    pub fn type_uses(&self) -> impl Iterator<Item = &TypeRef> {
        self.params
            .iter()
            .map(|p| &p.ty)
            .chain(self.body.as_ref().map(|b| &b.ty))
            .chain(self.response.json_types())
            .chain(
                self.errors
                    .iter()
                    .flat_map(|e| e.cases.iter().map(|c| &c.ty)),
            )
            .chain(self.event_stream.as_ref())
    }
}

impl ResponseKind {
    /// The JSON types a success response decodes into.
    pub fn json_types(&self) -> Vec<&TypeRef> {
        match self {
            ResponseKind::Json(t) => vec![t],
            ResponseKind::ByStatus { cases, .. } => {
                cases.iter().flat_map(|c| c.body.json_types()).collect()
            }
            _ => Vec::new(),
        }
    }
}
