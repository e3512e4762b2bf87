//! Property test of tolerant decoding (copied into the generated `drift`
//! fixture crate as `tests/decode.rs` by `fixtures_compile`, beside the
//! fixture's document as `tests/document.yaml`, which is JSON text).
//!
//! Each case takes a schema of the document, generates a random value that
//! conforms to it (optional and undeclared properties, nulls where
//! `nullable`, arrays of 0–3 items, map keys that are not identifiers),
//! checks that it decodes without a deviation and re-encodes to itself, then
//! replaces one value by a value of another shape, chosen among the
//! replacements whose classification the decoding rules leave no doubt
//! about. Decoding must then report exactly one deviation, at exactly that
//! path, of the expected kind, with the value received; every other value
//! must be typed as before (compared through `Debug`, deviations left out);
//! decode → encode must give back the mutated input (undeclared properties
//! included, numbers compared by value); strict decoding must refuse it,
//! naming the path.
//!
//! Deterministic: a xorshift generator with a fixed seed, one stream per
//! case. A failure names its case: `DRIFT_CASE=<n>` reruns that case alone
//! (`DRIFT_SEED=<n>` tries another seed, `DRIFT_CASES=<n>` another count).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use fixture_drift::{Decode, Deviation, DeviationKind, Error, decode, decode_strict, types};
use serde_json::{Map, Value, json};

/// The fixture's document (JSON text, so serde_json reads it).
const DOCUMENT: &str = include_str!("document.yaml");
const SEED: u64 = 0x0d71_f7ca_5e5e_ed01;
const CASES: u64 = 3_000;
/// Each kind of replacement is made at least this often over a full run.
const AT_LEAST: usize = 40;
/// Drifts in `additionalProperties` values beside declared properties
/// (rarer: `Limits` only) over a full run.
const AT_LEAST_ADDITIONAL: usize = 20;

// ---------------------------------------------------------------------------
// The generated types under test.

/// What one decode gave: the deviations, the value re-encoded, the typed
/// value as `Debug` text.
struct Outcome {
    deviations: Vec<Deviation>,
    json: Value,
    debug: String,
}

fn tolerant<T: Decode + std::fmt::Debug>(bytes: &[u8]) -> Outcome {
    let decoded = decode::<T>(bytes).expect("well-formed JSON always decodes");
    Outcome {
        json: serde_json::to_value(&decoded.value).expect("serialisable"),
        debug: format!("{:?}", decoded.value),
        deviations: decoded.deviations,
    }
}

fn strict<T: Decode>(bytes: &[u8]) -> Result<(), Error> {
    decode_strict::<T>(bytes).map(drop)
}

/// A schema of the document and the generated type it became.
struct Root {
    name: &'static str,
    decode: fn(&[u8]) -> Outcome,
    strict: fn(&[u8]) -> Result<(), Error>,
}

macro_rules! roots {
    ($($name:ident),* $(,)?) => {
        &[$(Root {
            name: stringify!($name),
            decode: tolerant::<types::$name>,
            strict: strict::<types::$name>,
        }),*]
    };
}

/// Structs, and one union.
///
/// A documented limit: only structs (and unions, in their `Unknown`
/// variant) keep raw values, so a value that strays where no struct
/// encloses it (an item of a bare top-level array or map) is listed with
/// its raw value but re-encodes as its placeholder. Maps and arrays are
/// therefore not roots here; a root struct replaced whole is covered by
/// `tests/tolerant_decoding.rs`, not here (`positions`).
const ROOTS: &[Root] = roots!(
    Envelope, Record, Owner, Address, Geo, Event, Message, Limits, UserTarget, TeamTarget, Target,
);

// ---------------------------------------------------------------------------
// Randomness.

/// xorshift64*, seeded per case through splitmix64.
struct Rng(u64);

impl Rng {
    fn for_case(seed: u64, case: u64) -> Self {
        let mut z = seed.wrapping_add(case.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A small integer in `-limit..=limit`.
    fn small(&mut self, limit: i64) -> i64 {
        (self.next() % (2 * limit as u64 + 1)) as i64 - limit
    }
}

// ---------------------------------------------------------------------------
// The schemas, read from the document.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Plain,
    Uuid,
    Date,
    DateTime,
}

enum Shape<'a> {
    /// No type: any JSON value, nothing to drift from.
    Any,
    Bool,
    Int32,
    Int64,
    Number,
    Str(Format),
    Enum(Vec<&'a str>),
    Array(&'a Value),
    /// An object with declared properties; `additional` types the others.
    Struct {
        properties: &'a Map<String, Value>,
        required: Vec<&'a str>,
        additional: Option<&'a Value>,
    },
    /// Only `additionalProperties` with a schema: a typed map.
    Map(&'a Value),
    /// An object of any properties.
    FreeForm,
    /// An untagged `oneOf`.
    Union(Vec<&'a Value>),
}

struct Node<'a> {
    shape: Shape<'a>,
    nullable: bool,
}

/// The schema behind `$ref`s and one-part `allOf`s (the OpenAPI 3.0
/// `nullable` + `$ref` idiom), classified.
fn node<'a>(doc: &'a Value, mut schema: &'a Value) -> Node<'a> {
    let mut nullable = false;
    loop {
        nullable |= schema["nullable"] == true;
        if let Some(reference) = schema["$ref"].as_str() {
            let pointer = reference.strip_prefix('#').expect("a local reference");
            schema = doc
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{reference} resolves"));
        } else if let Some([only]) = schema["allOf"].as_array().map(Vec::as_slice) {
            schema = only;
        } else {
            break;
        }
    }
    let shape = if let Some(alternatives) = schema["oneOf"].as_array() {
        Shape::Union(alternatives.iter().collect())
    } else if let Some(values) = schema["enum"].as_array() {
        Shape::Enum(
            values
                .iter()
                .map(|v| v.as_str().expect("a string enum"))
                .collect(),
        )
    } else {
        match schema["type"].as_str() {
            Some("boolean") => Shape::Bool,
            Some("integer") if schema["format"] == "int32" => Shape::Int32,
            Some("integer") => Shape::Int64,
            Some("number") => Shape::Number,
            Some("string") => Shape::Str(match schema["format"].as_str() {
                Some("uuid") => Format::Uuid,
                Some("date") => Format::Date,
                Some("date-time") => Format::DateTime,
                _ => Format::Plain,
            }),
            Some("array") => Shape::Array(&schema["items"]),
            Some("object") | None if schema.get("properties").is_some() => Shape::Struct {
                properties: schema["properties"].as_object().expect("properties"),
                required: schema["required"]
                    .as_array()
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default(),
                additional: schema.get("additionalProperties").filter(|a| a.is_object()),
            },
            Some("object") => match schema.get("additionalProperties") {
                Some(values) if values.is_object() => Shape::Map(values),
                _ => Shape::FreeForm,
            },
            None => Shape::Any,
            Some(other) => panic!("type {other} is not used in the fixture"),
        }
    };
    Node { shape, nullable }
}

// ---------------------------------------------------------------------------
// Conforming values.

/// Undeclared property names: none is declared anywhere in the document;
/// several are not identifiers (quoted in paths, escaped in pointers).
const UNDECLARED: &[&str] = &[
    "extra",
    "x-trace",
    "k.dot",
    "with space",
    "slash/key",
    "tilde~key",
    "ünï",
    "_links",
    "$schema",
    "@type",
];

/// Keys of typed maps (drifts inside maps are reported under them).
const MAP_KEYS: &[&str] = &[
    "a",
    "b2",
    "0",
    "",
    "k.dot",
    "with space",
    "slash/key",
    "tilde~key",
    "ünï",
    "x-y",
];

fn text(rng: &mut Rng) -> String {
    const CHARS: &[char] = &[
        'a', 'b', 'z', 'Q', '0', '7', ' ', '-', '_', 'é', '☃', '[', '"',
    ];
    (0..rng.below(9)).map(|_| *rng.pick(CHARS)).collect()
}

fn int32(rng: &mut Rng) -> i64 {
    if rng.chance(50) {
        rng.small(100)
    } else {
        i64::from(rng.next() as u32 as i32)
    }
}

fn int64(rng: &mut Rng) -> i64 {
    match rng.below(3) {
        0 => rng.small(100),
        1 => int32(rng),
        _ => rng.next() as i64,
    }
}

fn number(rng: &mut Rng) -> Value {
    // Full precision too: generated crates read numbers with serde_json's
    // `float_roundtrip`, so 17 significant digits come back exactly.
    match rng.below(4) {
        0 => json!(rng.small(1000)),
        1 => json!(rng.small(80_000) as f64 / 8.0),
        2 => json!(rng.small(2_000_000_000_000) as f64 / 1000.0),
        _ => json!((rng.next() >> 11) as f64 / (1u64 << 53) as f64 * 2e9 - 1e9),
    }
}

fn formatted(format: Format, rng: &mut Rng) -> String {
    let date = format!(
        "{:04}-{:02}-{:02}",
        1900 + rng.below(200),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    match format {
        Format::Plain => text(rng),
        Format::Uuid => {
            let hex = format!("{:016x}{:016x}", rng.next(), rng.next());
            // Upper case too: it parses, and comes back as it was sent.
            let hex = if rng.chance(30) { hex.to_uppercase() } else { hex };
            format!(
                "{}-{}-{}-{}-{}",
                &hex[..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..]
            )
        }
        Format::Date => date,
        // Written in any RFC 3339 way (offsets, fraction digits), not only
        // as chrono writes it: it is the same instant, not a deviation, and
        // comes back as it was sent.
        Format::DateTime => {
            let time = format!(
                "{:02}:{:02}:{:02}",
                rng.below(24),
                rng.below(60),
                rng.below(60)
            );
            let fraction = match rng.below(4) {
                0 => String::new(),
                1 => format!(".{:03}", rng.below(1000)),
                2 => format!(".{}", rng.below(10)),
                _ => format!(".{:06}", rng.below(1_000_000)),
            };
            let offset = match rng.below(3) {
                0 => "Z".to_owned(),
                1 => format!("+{:02}:{:02}", rng.below(14), rng.pick(&[0, 30, 45])),
                _ => format!("-{:02}:00", 1 + rng.below(11)),
            };
            format!("{date}T{time}{fraction}{offset}")
        }
    }
}

fn any_json(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!(int64(rng)),
        3 => number(rng),
        4 => json!(text(rng)),
        5 => (0..rng.below(3))
            .map(|_| any_json(rng, depth - 1))
            .collect(),
        _ => (0..rng.below(3))
            .map(|_| (rng.pick(MAP_KEYS).to_string(), any_json(rng, depth - 1)))
            .collect::<Map<_, _>>()
            .into(),
    }
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// A random value conforming to `schema`.
fn conforming(doc: &Value, schema: &Value, rng: &mut Rng) -> Value {
    let node = node(doc, schema);
    if node.nullable && rng.chance(20) {
        return Value::Null;
    }
    match node.shape {
        Shape::Any => any_json(rng, 2),
        Shape::Bool => json!(rng.chance(50)),
        Shape::Int32 => json!(int32(rng)),
        Shape::Int64 => json!(int64(rng)),
        Shape::Number => number(rng),
        Shape::Str(format) => json!(formatted(format, rng)),
        Shape::Enum(values) => json!(rng.pick(&values)),
        Shape::Array(items) => (0..rng.below(4))
            .map(|_| conforming(doc, items, rng))
            .collect(),
        Shape::Struct {
            properties,
            required,
            additional,
        } => {
            let mut entries = Vec::new();
            for (key, schema) in properties {
                if required.contains(&key.as_str()) || rng.chance(50) {
                    entries.push((key.clone(), conforming(doc, schema, rng)));
                }
            }
            if rng.chance(35) {
                for _ in 0..1 + rng.below(3) {
                    let key = rng.pick(UNDECLARED).to_string();
                    let value = match additional {
                        Some(values) => conforming(doc, values, rng),
                        None => any_json(rng, 2),
                    };
                    if !entries.iter().any(|(k, _)| *k == key) {
                        entries.push((key, value));
                    }
                }
            }
            if rng.chance(50) {
                shuffle(&mut entries, rng);
            }
            Value::Object(entries.into_iter().collect())
        }
        Shape::Map(values) => (0..rng.below(4))
            .map(|_| (rng.pick(MAP_KEYS).to_string(), conforming(doc, values, rng)))
            .collect::<Map<_, _>>()
            .into(),
        Shape::FreeForm => match any_json(rng, 2) {
            object @ Value::Object(_) => object,
            _ => json!({"k": any_json(rng, 1)}),
        },
        Shape::Union(alternatives) => {
            let alternative = *rng.pick(&alternatives);
            conforming(doc, alternative, rng)
        }
    }
}

/// What the decoder holds for a value that does not fit `schema`.
fn placeholder(doc: &Value, schema: &Value) -> Value {
    let node = node(doc, schema);
    if node.nullable {
        return Value::Null;
    }
    match node.shape {
        Shape::Any | Shape::Union(_) => Value::Null,
        Shape::Bool => json!(false),
        Shape::Int32 | Shape::Int64 => json!(0),
        Shape::Number => json!(0.0),
        Shape::Str(Format::Plain) | Shape::Enum(_) => json!(""),
        Shape::Str(Format::Uuid) => json!("00000000-0000-0000-0000-000000000000"),
        Shape::Str(Format::Date) => json!("1970-01-01"),
        Shape::Str(Format::DateTime) => json!("1970-01-01T00:00:00Z"),
        Shape::Array(_) => json!([]),
        Shape::Map(_) | Shape::FreeForm => json!({}),
        Shape::Struct {
            properties,
            required,
            ..
        } => required
            .iter()
            .map(|key| (key.to_string(), placeholder(doc, &properties[*key])))
            .collect::<Map<_, _>>()
            .into(),
    }
}

// ---------------------------------------------------------------------------
// Paths.

#[derive(Clone, Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

/// RFC 6901.
fn pointer(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        out.push('/');
        match segment {
            Segment::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Segment::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// The dotted form deviations and decode errors use: `a.b[2]["c d"]`, `.`
/// for the root; keys made of ASCII letters, digits, `_`, `-`, `$` and `@`
/// are plain, others quoted as JSON strings.
fn dotted(path: &[Segment]) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let plain = |key: &str| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-$@".contains(c))
    };
    let mut out = String::new();
    for (i, segment) in path.iter().enumerate() {
        match segment {
            Segment::Key(key) if plain(key) => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Key(key) => write!(out, "[{}]", Value::from(key.as_str())).unwrap(),
            Segment::Index(i) => write!(out, "[{i}]").unwrap(),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Where a value can drift, and how.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    /// An array item or a typed map's value.
    Item,
    Property {
        required: bool,
    },
    /// A value typed by the `additionalProperties` of an object that also
    /// declares properties: one that does not fit is kept among the
    /// object's undeclared properties rather than typed.
    Additional,
}

struct Position<'a> {
    path: Vec<Segment>,
    schema: &'a Value,
    place: Place,
}

/// Every value of `value` (which conforms to `schema`) that can be
/// replaced: not inside union alternatives (which alternative is chosen
/// would change), free-form objects or any-JSON values (nothing to drift
/// from), nor the root struct itself (nothing would hold its raw value).
fn positions<'a>(
    doc: &'a Value,
    schema: &'a Value,
    value: &Value,
    path: &mut Vec<Segment>,
    place: Place,
    out: &mut Vec<Position<'a>>,
) {
    let node = node(doc, schema);
    if place != Place::Root || matches!(node.shape, Shape::Union(_)) {
        out.push(Position {
            path: path.clone(),
            schema,
            place,
        });
    }
    match (node.shape, value) {
        (Shape::Array(items), Value::Array(values)) => {
            for (i, item) in values.iter().enumerate() {
                path.push(Segment::Index(i));
                positions(doc, items, item, path, Place::Item, out);
                path.pop();
            }
        }
        (
            Shape::Struct {
                properties,
                required,
                additional,
            },
            Value::Object(entries),
        ) => {
            for (key, item) in entries {
                let (schema, place) = match (properties.get(key), additional) {
                    (Some(schema), _) => (
                        schema,
                        Place::Property {
                            required: required.contains(&key.as_str()),
                        },
                    ),
                    (None, Some(values)) => (values, Place::Additional),
                    (None, None) => continue,
                };
                path.push(Segment::Key(key.clone()));
                positions(doc, schema, item, path, place, out);
                path.pop();
            }
        }
        (Shape::Map(values), Value::Object(entries)) => {
            for (key, item) in entries {
                path.push(Segment::Key(key.clone()));
                positions(doc, values, item, path, Place::Item, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Mutation {
    /// Another JSON type that no rule converts.
    WrongType,
    /// A number with a fraction where an integer is declared.
    Fraction,
    /// An integer beyond the declared format's range.
    OutOfRange,
    /// A string that is not the declared format.
    BadFormat,
    /// An array where an object is declared, or the reverse.
    Swap,
    /// `12.0` for an integer.
    IntegralFloat,
    /// `"12"` for an integer or a number.
    NumericString,
    /// `"true"`/`"false"` for a boolean.
    BoolString,
    /// A number or boolean where a plain string is declared.
    ScalarAsString,
    /// `null` where the document does not allow it.
    Null,
    /// A required property removed.
    Missing,
    /// A value of a type no union alternative accepts.
    NoVariant,
}

impl Mutation {
    const ALL: [Mutation; 12] = [
        Mutation::WrongType,
        Mutation::Fraction,
        Mutation::OutOfRange,
        Mutation::BadFormat,
        Mutation::Swap,
        Mutation::IntegralFloat,
        Mutation::NumericString,
        Mutation::BoolString,
        Mutation::ScalarAsString,
        Mutation::Null,
        Mutation::Missing,
        Mutation::NoVariant,
    ];

    fn kind(self) -> DeviationKind {
        match self {
            Mutation::WrongType
            | Mutation::Fraction
            | Mutation::OutOfRange
            | Mutation::BadFormat
            | Mutation::Swap => DeviationKind::Mismatch,
            Mutation::IntegralFloat
            | Mutation::NumericString
            | Mutation::BoolString
            | Mutation::ScalarAsString => DeviationKind::Coerced,
            Mutation::Null => DeviationKind::Null,
            Mutation::Missing => DeviationKind::Missing,
            Mutation::NoVariant => DeviationKind::NoVariant,
        }
    }

    /// The replacements a value of `node` at `place` can take.
    fn applicable(node: &Node<'_>, place: Place) -> Vec<Mutation> {
        let mut out = match node.shape {
            Shape::Any => vec![],
            Shape::Bool => vec![Mutation::WrongType, Mutation::BoolString],
            Shape::Int32 | Shape::Int64 => vec![
                Mutation::WrongType,
                Mutation::Fraction,
                Mutation::OutOfRange,
                Mutation::IntegralFloat,
                Mutation::NumericString,
            ],
            Shape::Number => vec![Mutation::WrongType, Mutation::NumericString],
            Shape::Str(Format::Plain) => vec![Mutation::WrongType, Mutation::ScalarAsString],
            Shape::Str(_) => vec![Mutation::WrongType, Mutation::BadFormat],
            Shape::Enum(_) => vec![Mutation::WrongType],
            Shape::Array(_) | Shape::Struct { .. } | Shape::Map(_) | Shape::FreeForm => {
                vec![Mutation::WrongType, Mutation::Swap]
            }
            // `null` and objects are left out, the rules giving no single
            // answer: `null` could be Null as much as NoVariant (it is
            // NoVariant today); an object lacking both alternatives'
            // required keys is a Missing inside the first alternative.
            Shape::Union(_) => vec![Mutation::NoVariant],
        };
        if !node.nullable && !matches!(node.shape, Shape::Any | Shape::Union(_)) {
            out.push(Mutation::Null);
        }
        if place == (Place::Property { required: true }) {
            out.push(Mutation::Missing);
        }
        out
    }

    /// The replacement for `original` (`None`: removed), and for a
    /// conversion, the value the decoder holds instead.
    fn apply(
        self,
        node: &Node<'_>,
        original: &Value,
        rng: &mut Rng,
    ) -> (Option<Value>, Option<Value>) {
        let small = rng.small(1000);
        let replacement = match (self, &node.shape) {
            (Mutation::WrongType, Shape::Bool) => rng
                .pick(&[
                    json!(1),
                    json!(0),
                    json!("yes"),
                    json!(""),
                    json!({}),
                    json!([true]),
                ])
                .clone(),
            (Mutation::WrongType, Shape::Int32 | Shape::Int64) => rng
                .pick(&[
                    json!(true),
                    json!("abc"),
                    json!("1.5"),
                    json!(""),
                    json!({"n": 1}),
                    json!([1]),
                ])
                .clone(),
            (Mutation::WrongType, Shape::Number) => rng
                .pick(&[
                    json!(false),
                    json!("abc"),
                    json!("NaN"),
                    json!(" 1"),
                    json!({}),
                    json!([1.5]),
                ])
                .clone(),
            (Mutation::WrongType, Shape::Str(Format::Plain)) => rng
                .pick(&[json!({}), json!({"a": "b"}), json!([]), json!(["x"])])
                .clone(),
            (Mutation::WrongType, Shape::Str(_) | Shape::Enum(_)) => rng
                .pick(&[
                    json!(1),
                    json!(2.5),
                    json!(true),
                    json!({}),
                    json!(["active"]),
                ])
                .clone(),
            (Mutation::WrongType, _) => rng
                .pick(&[json!(1), json!(2.5), json!("text"), json!(""), json!(true)])
                .clone(),
            (Mutation::Fraction, _) => json!(small as f64 + 0.5),
            (Mutation::OutOfRange, Shape::Int32) => rng
                .pick(&[
                    json!(2_147_483_648_i64),
                    json!(-2_147_483_649_i64),
                    json!(10_000_000_000_i64),
                ])
                .clone(),
            (Mutation::OutOfRange, _) => rng
                .pick(&[json!(9_223_372_036_854_775_808_u64), json!(u64::MAX)])
                .clone(),
            (Mutation::BadFormat, _) => rng
                .pick(&[
                    json!(""),
                    json!("not-a-value"),
                    json!("2024-13-45"),
                    json!("2024-02-30"),
                    json!("10:00:00"),
                    json!("2024-01-01T10:00:00"),
                    json!("00000000-0000-0000-0000-00000000000g"),
                ])
                .clone(),
            (Mutation::Swap, Shape::Array(_)) => match original.get(0) {
                Some(first) if rng.chance(50) => json!({"0": first}),
                _ => json!({}),
            },
            (Mutation::Swap, _) if rng.chance(50) => json!([original]),
            (Mutation::Swap, _) => json!([]),
            (Mutation::IntegralFloat, _) => {
                let n = original
                    .as_i64()
                    .filter(|n| n.unsigned_abs() < 1 << 52)
                    .unwrap_or(small);
                return (Some(json!(n as f64)), Some(json!(n)));
            }
            (Mutation::NumericString, Shape::Number) => {
                // `null` where nullable: any number.
                let n = original.as_f64().unwrap_or(small as f64 / 8.0);
                return (Some(json!(n.to_string())), Some(json!(n)));
            }
            (Mutation::NumericString, _) => {
                let n = original.as_i64().unwrap_or(small);
                return (Some(json!(n.to_string())), Some(json!(n)));
            }
            (Mutation::BoolString, _) => {
                let b = rng.chance(50);
                return (Some(json!(b.to_string())), Some(json!(b)));
            }
            (Mutation::ScalarAsString, _) => {
                let raw = rng
                    .pick(&[
                        json!(small),
                        json!(small as f64 / 4.0),
                        json!(true),
                        json!(false),
                    ])
                    .clone();
                let typed = json!(raw.to_string());
                return (Some(raw), Some(typed));
            }
            (Mutation::Null, _) => Value::Null,
            (Mutation::Missing, _) => return (None, None),
            (Mutation::NoVariant, _) => rng
                .pick(&[
                    json!(1),
                    json!(2.5),
                    json!("text"),
                    json!(true),
                    json!([]),
                    json!([{"user_id": "u"}]),
                ])
                .clone(),
        };
        (Some(replacement), None)
    }
}

// ---------------------------------------------------------------------------
// Comparisons.

/// JSON equality with numbers compared by value (`3` and `3.0` are one
/// number); object keys in any order.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// `Debug` text of a decoded value without the deviation lists the structs
/// on the way keep (`"(deviations)": [...]`, the last entry of an `Extra`).
fn without_deviations(debug: &str) -> String {
    const MARK: &str = "\"(deviations)\": [";
    let mut out = String::new();
    let mut rest = debug;
    while let Some(at) = rest.find(MARK) {
        let head = &rest[..at];
        out.push_str(head.strip_suffix(", ").unwrap_or(head));
        let list = &rest[at + MARK.len() - 1..];
        let (mut depth, mut in_string, mut escaped, mut end) = (0usize, false, false, list.len());
        for (i, c) in list.char_indices() {
            match (in_string, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (true, false, '"') => in_string = false,
                (true, false, _) => {}
                (false, _, '"') => in_string = true,
                (false, _, '[' | '{' | '(') => depth += 1,
                (false, _, ']' | '}' | ')') => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &list[end..];
    }
    out.push_str(rest);
    out
}

fn listed(deviations: &[Deviation]) -> String {
    let items: Vec<String> = deviations
        .iter()
        .map(|d| format!("{} ({:?}, raw {:?})", d.path, d.kind, d.raw()))
        .collect();
    format!("[{}]", items.join(", "))
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("serialisable")
}

// ---------------------------------------------------------------------------
// One case.

#[derive(Default)]
struct Tally {
    mutations: BTreeMap<Mutation, usize>,
    kinds: BTreeMap<String, usize>,
    roots: BTreeMap<&'static str, usize>,
    /// Cases whose drift is in an `additionalProperties` value beside
    /// declared properties (typed values not compared: see `Place`).
    additional: usize,
    deepest: usize,
}

fn run_case(doc: &Value, seed: u64, case: u64, tally: &mut Tally) -> Result<(), String> {
    let mut rng = Rng::for_case(seed, case);
    // The two richest schemas half of the time.
    let root = match rng.below(4) {
        0 => &ROOTS[0],
        1 => &ROOTS[1],
        _ => rng.pick(ROOTS),
    };
    let schema = doc["components"]["schemas"]
        .get(root.name)
        .unwrap_or_else(|| panic!("{} is a schema of the document", root.name));
    let input = conforming(doc, schema, &mut rng);

    // The conforming value: no deviation, and it re-encodes to itself.
    let original = (root.decode)(&bytes(&input));
    let context = |what: String| format!("{what}\nschema: {}\ninput: {input}", root.name);
    if !original.deviations.is_empty() {
        return Err(context(format!(
            "conforming value with deviations {}",
            listed(&original.deviations)
        )));
    }
    if !same_json(&original.json, &input) {
        return Err(context(format!(
            "conforming value re-encoded as {}",
            original.json
        )));
    }
    if let Err(e) = (root.strict)(&bytes(&input)) {
        return Err(context(format!(
            "strict decoding refused a conforming value: {e}"
        )));
    }

    // One value replaced.
    let mut found = Vec::new();
    positions(
        doc,
        schema,
        &input,
        &mut Vec::new(),
        Place::Root,
        &mut found,
    );
    let candidates: Vec<(&Position<'_>, Mutation)> = found
        .iter()
        .flat_map(|p| {
            Mutation::applicable(&node(doc, p.schema), p.place)
                .into_iter()
                .map(move |m| (p, m))
        })
        .collect();
    let mut kinds: Vec<Mutation> = candidates.iter().map(|(_, m)| *m).collect();
    kinds.sort();
    kinds.dedup();
    let mutation = *rng.pick(&kinds);
    let at: Vec<&Position<'_>> = candidates
        .iter()
        .filter(|(_, m)| *m == mutation)
        .map(|(p, _)| *p)
        .collect();
    let position = *rng.pick(&at);
    let node = node(doc, position.schema);
    let target = pointer(&position.path);
    let original_value = input.pointer(&target).expect("the position exists");
    let (replacement, converted) = mutation.apply(&node, original_value, &mut rng);

    let put = |into: &mut Value, value: Option<Value>| match value {
        Some(value) => *into.pointer_mut(&target).expect("the position exists") = value,
        None => {
            let Some((Segment::Key(key), parent)) = position.path.split_last() else {
                unreachable!("only properties are removed")
            };
            into.pointer_mut(&pointer(parent))
                .and_then(Value::as_object_mut)
                .expect("the parent object exists")
                .shift_remove(key);
        }
    };
    let mut mutated = input.clone();
    put(&mut mutated, replacement.clone());
    // The input the decoder's typed value should match: the conversion, the
    // union holding the value as sent, or the placeholder (an optional
    // property left out).
    let typed_value = match (mutation.kind(), position.place) {
        (DeviationKind::Coerced, _) => converted,
        (DeviationKind::NoVariant, _) => replacement.clone(),
        (_, Place::Property { required: false }) => None,
        _ => Some(placeholder(doc, position.schema)),
    };
    let mut typed = input.clone();
    put(&mut typed, typed_value);

    let context = |what: String| {
        format!(
            "{what}\nschema: {}\nmutation: {mutation:?} at {target} (`{}`), expected {:?}\ninput:   {input}\nmutated: {mutated}",
            root.name,
            dotted(&position.path),
            mutation.kind()
        )
    };
    let got = (root.decode)(&bytes(&mutated));
    let [deviation] = got.deviations.as_slice() else {
        return Err(context(format!(
            "expected exactly one deviation, got {}",
            listed(&got.deviations)
        )));
    };
    if deviation.path.pointer() != target || deviation.kind != mutation.kind() {
        return Err(context(format!("deviation {}", listed(&got.deviations))));
    }
    if deviation.path.to_string() != dotted(&position.path) {
        return Err(context(format!(
            "deviation displayed as `{}`",
            deviation.path
        )));
    }
    let raw_kept = match (deviation.raw(), &replacement) {
        (None, None) => true,
        (Some(raw), Some(sent)) => same_json(raw, sent),
        _ => false,
    };
    if !raw_kept {
        return Err(context(format!(
            "deviation holds raw {:?}",
            deviation.raw()
        )));
    }
    if !same_json(&got.json, &mutated) {
        return Err(context(format!("decode → encode gave {}", got.json)));
    }
    if position.place == Place::Additional {
        tally.additional += 1;
    } else {
        let want = (root.decode)(&bytes(&typed));
        if want
            .deviations
            .iter()
            .any(|d| d.kind != DeviationKind::NoVariant)
        {
            return Err(context(format!(
                "the typed expectation {typed} has deviations {}",
                listed(&want.deviations)
            )));
        }
        let (got_typed, want_typed) = (
            without_deviations(&got.debug),
            without_deviations(&want.debug),
        );
        if got_typed != want_typed {
            return Err(context(format!(
                "typed values differ from the original's\n got:  {got_typed}\n want: {want_typed}\n (typed expectation {typed})"
            )));
        }
    }
    match (root.strict)(&bytes(&mutated)) {
        Err(Error::Decode(e)) if e.path == dotted(&position.path) => {}
        Err(Error::Decode(e)) => {
            return Err(context(format!(
                "strict decoding failed at `{}`: {}",
                e.path, e.message
            )));
        }
        Err(other) => {
            return Err(context(format!(
                "strict decoding failed otherwise: {other}"
            )));
        }
        Ok(()) => return Err(context("strict decoding accepted the drift".to_owned())),
    }

    *tally.mutations.entry(mutation).or_default() += 1;
    *tally
        .kinds
        .entry(format!("{:?}", mutation.kind()))
        .or_default() += 1;
    *tally.roots.entry(root.name).or_default() += 1;
    tally.deepest = tally.deepest.max(position.path.len());
    Ok(())
}

fn env(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text} is not a number")))
}

#[test]
fn one_drifted_value_is_reported_at_its_path_and_everything_else_kept() {
    let doc: Value = serde_json::from_str(DOCUMENT).expect("the document is JSON text");
    let seed = env("DRIFT_SEED").unwrap_or(SEED);
    let only = env("DRIFT_CASE");
    let cases = match only {
        Some(case) => case..case + 1,
        None => 0..env("DRIFT_CASES").unwrap_or(CASES),
    };
    let count = cases.end - cases.start;
    let started = Instant::now();
    let mut tally = Tally::default();
    for case in cases {
        let rerun = format!("seed {seed:#x}, case {case} (rerun it alone: DRIFT_CASE={case})");
        match catch_unwind(AssertUnwindSafe(|| run_case(&doc, seed, case, &mut tally))) {
            Ok(Ok(())) => {}
            Ok(Err(failure)) => panic!("{rerun}: {failure}"),
            Err(_) => panic!("{rerun} panicked (message above)"),
        }
    }
    println!(
        "{count} cases in {:.2?}; deepest drift {} steps down; {} in additionalProperties values",
        started.elapsed(),
        tally.deepest,
        tally.additional
    );
    println!("mutations: {:?}", tally.mutations);
    println!("kinds: {:?}", tally.kinds);
    println!("schemas: {:?}", tally.roots);
    if only.is_none() && count >= CASES {
        for mutation in Mutation::ALL {
            let made = tally.mutations.get(&mutation).copied().unwrap_or(0);
            assert!(
                made >= AT_LEAST,
                "{mutation:?} was made {made} times, fewer than {AT_LEAST}: {:?}",
                tally.mutations
            );
        }
        for root in ROOTS {
            assert!(
                tally.roots.contains_key(root.name),
                "{} never drawn",
                root.name
            );
        }
        assert!(
            tally.additional >= AT_LEAST_ADDITIONAL,
            "{} drifts in additionalProperties values, fewer than {AT_LEAST_ADDITIONAL}",
            tally.additional
        );
    }
}
