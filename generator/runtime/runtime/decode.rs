//! Tolerant decoding: a response is never lost to a value of the wrong
//! shape.
//!
//! Every generated type implements [`Decode`], which reads JSON in one pass
//! and never fails on a value's shape: a value that fits its declared type
//! is typed; one that can be converted without loss (`12.0` into an
//! integer, `"12"` into a number, `"false"` into a boolean, `12` into a
//! string) is converted; anything else leaves a placeholder (`None` for an
//! optional field, the type's [`Decode::fallback`] otherwise). Each of
//! these is recorded as a [`Deviation`] with its JSON path, the declared
//! type and the value as received, and the object holding it keeps that
//! value ([`Extra::received`]), so serialising the object writes back what
//! arrived. Properties an object does not declare are kept in its
//! [`Extra`] too, in arrival order. Only malformed JSON is an error.
//!
//! Deviations are gathered on a thread-local stack while one value is
//! decoded (decoding is synchronous): each object, when it finishes,
//! prefixes the paths of the deviations found inside a property with that
//! property's name, and keeps the list of what strayed inside it. The cost
//! on conforming data is two thread-local reads per property.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

// ---------------------------------------------------------------------------
// What a caller sees.

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// An object property.
    Key(String),
    /// An array index.
    Index(usize),
}

/// Where a value sits in a JSON document, from its root.
///
/// Displays as `data.participants[3].duration` (`.` for the root; keys
/// that are not plain identifiers are quoted: `meta["a.b"]`);
/// [`JsonPath::pointer`] gives the RFC 6901 form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct JsonPath(Vec<PathSegment>);

impl JsonPath {
    /// The steps from the root.
    pub fn segments(&self) -> &[PathSegment] {
        &self.0
    }

    /// The path as a JSON pointer (RFC 6901): `/data/participants/3/duration`.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for segment in &self.0 {
            out.push('/');
            match segment {
                PathSegment::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
                PathSegment::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str(".");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Key(key) if is_identifier(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                PathSegment::Key(key) => write!(f, "[{}]", Value::from(key.as_str()))?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

fn is_identifier(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$' || c == '@')
}

/// What a [`Deviation`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeviationKind {
    /// Converted without loss to the declared type (`12.0` → `12`, `"12"`
    /// → `12.0`, `"false"` → `false`, `12` → `"12"`): the typed value is
    /// what the server meant.
    Coerced,
    /// Not a value of the declared type (another JSON type, a number out of
    /// range or with a fraction where an integer is declared, a string that
    /// is not the declared format): the typed value is a placeholder.
    Mismatch,
    /// `null` where the document does not allow it: the typed value is a
    /// placeholder (or `None` for an optional field).
    Null,
    /// A required property is absent: the typed value is a placeholder.
    Missing,
    /// No alternative of a union fits: the union holds the value as sent.
    NoVariant,
    /// The body is empty (or only whitespace) where JSON is declared: the
    /// whole value is a placeholder.
    EmptyBody,
}

/// A value that strays from the document, found while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    /// Where it is, from the root of what was decoded.
    pub path: JsonPath,
    /// What is wrong with it.
    pub kind: DeviationKind,
    /// The type the document declares there (`integer`, `string (date-time)`, `object Meeting`…).
    pub expected: &'static str,
    /// The value as received, shared by every list it is in (the response's
    /// and each enclosing struct's), so a large value is held once.
    raw: Option<std::sync::Arc<Value>>,
}

impl Deviation {
    /// The value as received; `None` when nothing was received (a missing
    /// property, an empty body).
    pub fn raw(&self) -> Option<&Value> {
        self.raw.as_deref()
    }

    /// Whether the typed value at [`Self::path`] was made up by the
    /// decoder (a placeholder or `None`) rather than received: true for
    /// every kind but [`DeviationKind::Coerced`].
    pub fn is_placeholder(&self) -> bool {
        self.kind != DeviationKind::Coerced
    }
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = || match &self.raw {
            Some(raw) => shorten(&raw.to_string()),
            None => String::new(),
        };
        match self.kind {
            DeviationKind::Coerced => write!(
                f,
                "`{}`: expected {}, found {} (converted)",
                self.path,
                self.expected,
                found()
            ),
            DeviationKind::Mismatch | DeviationKind::Null => write!(
                f,
                "`{}`: expected {}, found {}",
                self.path,
                self.expected,
                found()
            ),
            DeviationKind::Missing => {
                write!(f, "`{}`: required {} is missing", self.path, self.expected)
            }
            DeviationKind::NoVariant => write!(
                f,
                "`{}`: no alternative of {} fits {}",
                self.path,
                self.expected,
                found()
            ),
            DeviationKind::EmptyBody => write!(f, "empty body where {} is declared", self.expected),
        }
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A decoded value with what strayed from the document on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    /// The value: typed where the data fits, placeholders where it does not.
    pub value: T,
    /// Every deviation, in the order met.
    pub deviations: Vec<Deviation>,
}

/// Decodes JSON (a webhook payload, a cached body) into `T` the way the
/// client decodes responses: tolerantly, every deviation listed. Only
/// malformed JSON is an error. See [`decode_strict`] for the opposite.
pub fn decode<T: Decode>(bytes: &[u8]) -> Result<Decoded<T>, super::Error> {
    decode_body::<T>(bytes, false, None).map(|(value, deviations)| Decoded { value, deviations })
}

/// Decodes JSON into `T`, failing with [`super::Error::Decode`] (naming the
/// path of the first deviation) unless the data fits the document exactly.
/// Undeclared properties are not deviations: they are kept.
pub fn decode_strict<T: Decode>(bytes: &[u8]) -> Result<T, super::Error> {
    decode_body::<T>(bytes, true, None).map(|(value, _)| value)
}

/// The one decoding path of responses and of [`decode`]: tolerant, or
/// strict (any deviation is an error).
pub(crate) fn decode_body<T: Decode>(
    bytes: &[u8],
    strict: bool,
    status: Option<super::StatusCode>,
) -> Result<(T, Vec<Deviation>), super::Error> {
    let error = |path: String, message: String| {
        super::Error::Decode(Box::new(super::DecodeError {
            status,
            path,
            message,
            body: String::from_utf8_lossy(bytes).into_owned(),
        }))
    };
    let read = |bytes: &[u8]| {
        let session = Session::start();
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let decoded = T::decode(&mut de).and_then(|value| de.end().map(|()| value));
        (decoded, session.finish())
    };
    let (mut value, deviations) = if bytes.iter().all(u8::is_ascii_whitespace) {
        // A success with nothing to say (some servers answer `200` with no
        // body where the document declares an object of optional
        // properties) is `{}` when `{}` conforms; otherwise a deviation.
        match read(b"{}") {
            (Ok(Some(value)), deviations) if deviations.is_empty() => (value, deviations),
            _ => {
                let deviation = Deviation {
                    path: JsonPath::default(),
                    kind: DeviationKind::EmptyBody,
                    expected: T::EXPECTED,
                    raw: None,
                };
                (T::fallback(), vec![deviation])
            }
        }
    } else {
        match read(bytes) {
            (Ok(value), deviations) => (value.unwrap_or_else(T::fallback), deviations),
            (Err(e), _) => return Err(error(".".to_owned(), e.to_string())),
        }
    };
    #[cfg(feature = "tracing")]
    for deviation in &deviations {
        // The raw value is not logged: it may be a secret (a token).
        tracing::warn!(
            path = %deviation.path,
            kind = ?deviation.kind,
            expected = deviation.expected,
            "response value strays from the document"
        );
    }
    if strict {
        if let Some(first) = deviations.first() {
            let more = match deviations.len() {
                1 => String::new(),
                n => format!(" (and {} more deviations)", n - 1),
            };
            return Err(error(first.path.to_string(), format!("{first}{more}")));
        }
    }
    value.keep(&deviations);
    Ok((value, deviations))
}

/// `Deserialize` for every generated type: tolerant, as [`decode`]. A
/// struct keeps what strayed in its [`Extra`]; a value with nowhere to keep
/// a deviation (an enum or union decoded on its own) fails instead, so plain
/// serde never drops one silently.
pub(crate) fn deserialize<'de, T: Decode, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let session = Session::start();
    let decoded = T::decode(d);
    let deviations = session.finish();
    let mut value = decoded?.unwrap_or_else(T::fallback);
    if value.keep(&deviations) || deviations.is_empty() {
        Ok(value)
    } else {
        Err(de::Error::custom(&deviations[0]))
    }
}

// ---------------------------------------------------------------------------
// The trait every decodable type implements.

/// Decoding that never fails on a value's shape. Implemented by every
/// generated type and by the types they are built from; you do not need to
/// implement it.
pub trait Decode: Sized + Serialize {
    /// The declared type, as deviations name it.
    #[doc(hidden)]
    const EXPECTED: &'static str;

    /// Reads one value: `Some` typed (perhaps coerced), `None` when it does
    /// not fit (recorded as a deviation). Errors only on malformed JSON.
    #[doc(hidden)]
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error>;

    /// The placeholder for a required value that is missing or does not
    /// fit: zero, empty, the epoch, the nil UUID, an enum's unknown variant
    /// holding nothing.
    #[doc(hidden)]
    fn fallback() -> Self;

    /// Keeps the deviations of a whole decode in the value, where it has a
    /// place for them (a struct's [`Extra`]); says whether it did.
    #[doc(hidden)]
    fn keep(&mut self, _deviations: &[Deviation]) -> bool {
        false
    }
}

/// `T::decode` as a serde seed, for elements and property values.
pub(crate) struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    pub(crate) fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, T: Decode> DeserializeSeed<'de> for Seed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::decode(d)
    }
}

/// Decodes `T` tolerantly from an already-read JSON value (union
/// alternatives).
pub(crate) fn from_value<T: Decode>(value: &Value) -> Option<T> {
    T::decode(value).ok().flatten()
}

// ---------------------------------------------------------------------------
// The deviation stack.

struct Record {
    /// Path from the value being decoded when it was recorded, outermost
    /// step last (each enclosing value pushes its own step).
    rev_path: Vec<PathSegment>,
    kind: DeviationKind,
    expected: &'static str,
    raw: Option<std::sync::Arc<Value>>,
    /// Whether an object already keeps the raw value (so enclosing objects
    /// do not splice it in again).
    kept: bool,
    /// Whether it is a deviation; a quiet record only asks the enclosing
    /// object to keep the text as it came (a date-time that parses, written
    /// with another offset than the canonical one).
    reported: bool,
}

thread_local! {
    static COUNT: Cell<usize> = const { Cell::new(0) };
    static RECORDS: RefCell<Vec<Record>> = const { RefCell::new(Vec::new()) };
}

#[inline]
fn mark() -> usize {
    COUNT.get()
}

fn push(record: Record) {
    RECORDS.with_borrow_mut(|records| {
        records.push(record);
        COUNT.set(records.len());
    });
}

fn truncate(mark: usize) {
    RECORDS.with_borrow_mut(|records| {
        records.truncate(mark);
        COUNT.set(records.len());
    });
}

fn take_since(mark: usize) -> Vec<Record> {
    RECORDS.with_borrow_mut(|records| {
        let taken = records.split_off(mark.min(records.len()));
        COUNT.set(records.len());
        taken
    })
}

fn restore(taken: Vec<Record>) {
    RECORDS.with_borrow_mut(|records| {
        records.extend(taken);
        COUNT.set(records.len());
    });
}

/// Adds `segment` in front of the paths of everything recorded since `mark`.
fn relocate(mark: usize, segment: impl Fn() -> PathSegment) {
    RECORDS.with_borrow_mut(|records| {
        for record in &mut records[mark..] {
            record.rev_path.push(segment());
        }
    });
}

fn deviations_since(mark: usize) -> Vec<Deviation> {
    RECORDS.with_borrow(|records| {
        records[mark..]
            .iter()
            .filter(|r| r.reported)
            .map(to_deviation)
            .collect()
    })
}

fn to_deviation(record: &Record) -> Deviation {
    Deviation {
        path: JsonPath(record.rev_path.iter().rev().cloned().collect()),
        kind: record.kind,
        expected: record.expected,
        raw: record.raw.clone(),
    }
}

/// Records a deviation at the value being decoded; returns `None`, the
/// decoded value's "does not fit".
fn deviant<T>(kind: DeviationKind, expected: &'static str, raw: Option<Value>) -> Option<T> {
    push(Record {
        rev_path: Vec::new(),
        kind,
        expected,
        raw: raw.map(std::sync::Arc::new),
        kept: false,
        reported: true,
    });
    None
}

/// Keeps `raw` as the text of a value that parsed (so it is written back
/// as it came), without reporting anything.
fn keep_text(raw: &str) {
    push(Record {
        rev_path: Vec::new(),
        kind: DeviationKind::Coerced,
        expected: "",
        raw: Some(std::sync::Arc::new(Value::String(raw.to_owned()))),
        kept: false,
        reported: false,
    });
}

fn coerced<T>(value: T, expected: &'static str, raw: Value) -> Option<T> {
    deviant::<()>(DeviationKind::Coerced, expected, Some(raw));
    Some(value)
}

/// One root decode: takes what it recorded off the stack when finished,
/// and off it also when unwinding.
struct Session {
    mark: usize,
}

impl Session {
    fn start() -> Self {
        Session { mark: mark() }
    }

    fn finish(self) -> Vec<Deviation> {
        let deviations = take_since(self.mark)
            .iter()
            .filter(|r| r.reported)
            .map(to_deviation)
            .collect();
        std::mem::forget(self);
        deviations
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        truncate(self.mark);
    }
}

// ---------------------------------------------------------------------------
// Reading any JSON value once.

/// Any JSON value, read without assuming its type; strings borrowed when
/// the input allows.
enum Seen<'de> {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(Cow<'de, str>),
    Null,
    /// An array or object, read whole (boxed: the common cases stay small).
    Other(Box<Value>),
}

impl Seen<'_> {
    fn into_value(self) -> Value {
        match self {
            Seen::Bool(b) => Value::Bool(b),
            Seen::I64(n) => Value::from(n),
            Seen::U64(n) => Value::from(n),
            Seen::F64(n) => Value::from(n),
            Seen::Str(s) => Value::String(s.into_owned()),
            Seen::Null => Value::Null,
            Seen::Other(v) => *v,
        }
    }

    /// Records that this value does not fit `expected`.
    fn reject<T>(self, expected: &'static str) -> Option<T> {
        let kind = match self {
            Seen::Null => DeviationKind::Null,
            _ => DeviationKind::Mismatch,
        };
        deviant(kind, expected, Some(self.into_value()))
    }
}

struct SeenVisitor;

impl<'de> Visitor<'de> for SeenVisitor {
    type Value = Seen<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Seen<'de>, E> {
        Ok(Seen::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Seen<'de>, E> {
        Ok(Seen::I64(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Seen<'de>, E> {
        Ok(Seen::U64(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Seen<'de>, E> {
        Ok(Seen::F64(v))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Seen<'de>, E> {
        Ok(Seen::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Seen<'de>, E> {
        Ok(Seen::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Seen<'de>, E> {
        Ok(Seen::Str(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Seen<'de>, E> {
        Ok(Seen::Null)
    }

    fn visit_none<E>(self) -> Result<Seen<'de>, E> {
        Ok(Seen::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Seen<'de>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Seen<'de>, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq))
            .map(|v| Seen::Other(Box::new(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Seen<'de>, A::Error> {
        Value::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|v| Seen::Other(Box::new(v)))
    }
}

fn seen<'de, D: Deserializer<'de>>(d: D) -> Result<Seen<'de>, D::Error> {
    d.deserialize_any(SeenVisitor)
}

/// The `visit_*` methods of a container visitor for every scalar: each is
/// a deviation that keeps the value.
macro_rules! reject_scalars {
    ($expected:expr) => {
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(deviant(
                DeviationKind::Mismatch,
                $expected,
                Some(Value::Bool(v)),
            ))
        }

        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(deviant(
                DeviationKind::Mismatch,
                $expected,
                Some(Value::from(v)),
            ))
        }

        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(deviant(
                DeviationKind::Mismatch,
                $expected,
                Some(Value::from(v)),
            ))
        }

        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(deviant(
                DeviationKind::Mismatch,
                $expected,
                Some(Value::from(v)),
            ))
        }

        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(deviant(
                DeviationKind::Mismatch,
                $expected,
                Some(Value::from(v)),
            ))
        }

        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(deviant(DeviationKind::Null, $expected, Some(Value::Null)))
        }

        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(deviant(DeviationKind::Null, $expected, Some(Value::Null)))
        }
    };
}

// ---------------------------------------------------------------------------
// Scalars.

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            const EXPECTED: &'static str = concat!("integer (", stringify!($t), ")");

            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                Ok(match seen(d)? {
                    Seen::I64(n) => match <$t>::try_from(n) {
                        Ok(v) => Some(v),
                        Err(_) => deviant(DeviationKind::Mismatch, Self::EXPECTED, Some(Value::from(n))),
                    },
                    Seen::U64(n) => match <$t>::try_from(n) {
                        Ok(v) => Some(v),
                        Err(_) => deviant(DeviationKind::Mismatch, Self::EXPECTED, Some(Value::from(n))),
                    },
                    // An integral float (`12.0`) is the integer it writes.
                    Seen::F64(n) if n.fract() == 0.0 && n.abs() < 9.2e18 => {
                        match <$t>::try_from(n as i64) {
                            Ok(v) => coerced(v, Self::EXPECTED, Value::from(n)),
                            Err(_) => deviant(DeviationKind::Mismatch, Self::EXPECTED, Some(Value::from(n))),
                        }
                    }
                    Seen::Str(s) => match s.parse::<$t>() {
                        Ok(v) => coerced(v, Self::EXPECTED, Value::String(s.into_owned())),
                        Err(_) => Seen::Str(s).reject(Self::EXPECTED),
                    },
                    other => other.reject(Self::EXPECTED),
                })
            }

            fn fallback() -> Self {
                0
            }
        }
    )*};
}

integer!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Decode for f64 {
    const EXPECTED: &'static str = "number";

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Ok(match seen(d)? {
            Seen::F64(n) => Some(n),
            // Every integer is a number.
            Seen::I64(n) => Some(n as f64),
            Seen::U64(n) => Some(n as f64),
            Seen::Str(s) => match s.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && s.trim() == s => {
                    coerced(v, Self::EXPECTED, Value::String(s.into_owned()))
                }
                _ => Seen::Str(s).reject(Self::EXPECTED),
            },
            other => other.reject(Self::EXPECTED),
        })
    }

    fn fallback() -> Self {
        0.0
    }
}

impl Decode for bool {
    const EXPECTED: &'static str = "boolean";

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Ok(match seen(d)? {
            Seen::Bool(b) => Some(b),
            Seen::Str(s) if s == "true" || s == "false" => {
                coerced(s == "true", Self::EXPECTED, Value::String(s.into_owned()))
            }
            other => other.reject(Self::EXPECTED),
        })
    }

    fn fallback() -> Self {
        false
    }
}

/// A string read straight into a `String` (the common case, without the
/// detour through [`Seen`]), or anything else as [`Seen`].
struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = Result<String, Seen<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Ok(v))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Err(Seen::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Err(Seen::I64(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Err(Seen::U64(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Err(Seen::F64(v)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Err(Seen::Null))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Err(Seen::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        SeenVisitor.visit_seq(seq).map(Err)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        SeenVisitor.visit_map(map).map(Err)
    }
}

impl Decode for String {
    const EXPECTED: &'static str = "string";

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        let seen = match d.deserialize_any(StringVisitor)? {
            Ok(text) => return Ok(Some(text)),
            Err(seen) => seen,
        };
        Ok(match seen {
            Seen::Str(s) => Some(s.into_owned()),
            // A number or boolean as text loses nothing.
            scalar @ (Seen::Bool(_) | Seen::I64(_) | Seen::U64(_) | Seen::F64(_)) => {
                let raw = scalar.into_value();
                coerced(raw.to_string(), Self::EXPECTED, raw)
            }
            other => other.reject(Self::EXPECTED),
        })
    }

    fn fallback() -> Self {
        String::new()
    }
}

/// A string in a format (UUID, date, date-time): typed when it parses,
/// else kept as sent. The generated crate implements [`Decode`] for the
/// format types it uses through this.
///
/// `conforms` says whether the text is written as the format requires
/// (RFC 3339 for a date-time): a string the type's parser also reads but
/// that does not conform (`+0000` for an offset) is converted and reported
/// as [`DeviationKind::Coerced`]. A conforming string that is not how the
/// type writes itself (another offset than `Z`, other fraction digits, an
/// upper-case UUID) is the same value, not a deviation. Either way the
/// enclosing struct keeps the text, so it is written back unchanged.
pub(crate) fn parsed<'de, T: std::str::FromStr + Serialize, D: Deserializer<'de>>(
    d: D,
    expected: &'static str,
    conforms: fn(&str) -> bool,
) -> Result<Option<T>, D::Error> {
    Ok(match seen(d)? {
        Seen::Str(s) => match s.parse::<T>() {
            Ok(v) if !conforms(&s) => coerced(v, expected, Value::String(s.into_owned())),
            Ok(v) => {
                if !writes_as(&v, &s) {
                    keep_text(&s);
                }
                Some(v)
            }
            Err(_) => Seen::Str(s).reject(expected),
        },
        other => other.reject(expected),
    })
}

/// Whether `value` serialises as the JSON string `text` (no escapes: the
/// format types write none). Compared byte by byte as it is written, with
/// no allocation: this runs for every UUID and date-time decoded.
fn writes_as<T: Serialize>(value: &T, text: &str) -> bool {
    struct Compare<'a> {
        expected: std::iter::Chain<
            std::iter::Chain<std::iter::Once<u8>, std::str::Bytes<'a>>,
            std::iter::Once<u8>,
        >,
        equal: bool,
    }
    impl std::io::Write for Compare<'_> {
        fn write(&mut self, written: &[u8]) -> std::io::Result<usize> {
            for &b in written {
                self.equal &= self.expected.next() == Some(b);
            }
            Ok(written.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut compare = Compare {
        expected: std::iter::once(b'"')
            .chain(text.bytes())
            .chain(std::iter::once(b'"')),
        equal: true,
    };
    serde_json::to_writer(&mut compare, value).is_ok()
        && compare.equal
        && compare.expected.next().is_none()
}

/// An open string enum: a documented value becomes its variant and any
/// other string the variant that keeps it (`T::from(&str)`, which every
/// generated string enum implements); a value that is not a string does
/// not fit. One generic function rather than serde's derive in each enum
/// (which buffers the value to try an untagged variant).
pub(crate) fn string_enum<'de, T: for<'a> From<&'a str>, D: Deserializer<'de>>(
    d: D,
    expected: &'static str,
) -> Result<Option<T>, D::Error> {
    Ok(match seen(d)? {
        Seen::Str(s) => Some(T::from(&s)),
        other => other.reject(expected),
    })
}

impl Decode for Value {
    const EXPECTED: &'static str = "any JSON value";

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Value::deserialize(d).map(Some)
    }

    fn fallback() -> Self {
        Value::Null
    }
}

/// Decodes a type the user put in place of a schema's (the generator's
/// `replace`), through its own `Deserialize`: a value it refuses is kept
/// as a deviation, like any other.
pub(crate) fn decode_replaced<'de, T, D>(
    d: D,
    expected: &'static str,
) -> Result<Option<T>, D::Error>
where
    T: serde::de::DeserializeOwned,
    D: Deserializer<'de>,
{
    let value = Value::deserialize(d)?;
    Ok(match T::deserialize(&value) {
        Ok(t) => Some(t),
        Err(_) => deviant(DeviationKind::Mismatch, expected, Some(value)),
    })
}

impl Decode for serde_json::Map<String, Value> {
    const EXPECTED: &'static str = "object";

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Object(map) => Some(map),
            Value::Null => deviant(DeviationKind::Null, Self::EXPECTED, Some(Value::Null)),
            other => deviant(DeviationKind::Mismatch, Self::EXPECTED, Some(other)),
        })
    }

    fn fallback() -> Self {
        serde_json::Map::new()
    }
}

// ---------------------------------------------------------------------------
// Containers.

impl<T: Decode> Decode for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);

        impl<'de, T: Decode> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<Option<T>>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }

            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Some(None))
            }

            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Some(None))
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                T::decode(d).map(|value| value.map(Some))
            }
        }

        d.deserialize_option(OptionVisitor(PhantomData))
    }

    fn fallback() -> Self {
        None
    }
}

impl<T: Decode> Decode for Box<T> {
    const EXPECTED: &'static str = T::EXPECTED;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        T::decode(d).map(|value| value.map(Box::new))
    }

    fn fallback() -> Self {
        Box::new(T::fallback())
    }
}

impl<T: Decode> Decode for Vec<T> {
    const EXPECTED: &'static str = "array";

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct ArrayVisitor<T>(PhantomData<T>);

        impl<'de, T: Decode> Visitor<'de> for ArrayVisitor<T> {
            type Value = Option<Vec<T>>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                loop {
                    let before = mark();
                    let Some(item) = seq.next_element_seed(Seed::<T>::new())? else {
                        break;
                    };
                    if mark() != before {
                        let index = items.len();
                        relocate(before, || PathSegment::Index(index));
                    }
                    // A placeholder keeps the other items at their indices.
                    items.push(item.unwrap_or_else(T::fallback));
                }
                Ok(Some(items))
            }

            reject_scalars!("array");

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let raw = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(deviant(DeviationKind::Mismatch, "array", Some(raw)))
            }
        }

        d.deserialize_any(ArrayVisitor(PhantomData))
    }

    fn fallback() -> Self {
        Vec::new()
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    const EXPECTED: &'static str = "object";

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);

        impl<'de, T: Decode> Visitor<'de> for MapVisitor<T> {
            type Value = Option<BTreeMap<String, T>>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let before = mark();
                    let value = map.next_value_seed(Seed::<T>::new())?;
                    if mark() != before {
                        relocate(before, || PathSegment::Key(key.clone()));
                    }
                    out.insert(key, value.unwrap_or_else(T::fallback));
                }
                Ok(Some(out))
            }

            reject_scalars!("object");

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let raw = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(deviant(DeviationKind::Mismatch, "object", Some(raw)))
            }
        }

        d.deserialize_any(MapVisitor(PhantomData))
    }

    fn fallback() -> Self {
        BTreeMap::new()
    }
}

// ---------------------------------------------------------------------------
// Objects (generated structs).

/// What a generated struct implements so [`object`] can read it.
pub(crate) trait Object: Decode {
    /// Reads the struct's properties, never failing on their shapes.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Decode::decode` of a generated struct: an object is read property by
/// property; any other value is a deviation.
pub(crate) fn object<'de, T: Object, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::from_map(map).map(Some)
        }

        reject_scalars!(T::EXPECTED);

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            let raw = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
            Ok(deviant(DeviationKind::Mismatch, T::EXPECTED, Some(raw)))
        }
    }

    d.deserialize_any(ObjectVisitor(PhantomData))
}

/// A property name, borrowed from the input when it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }

        d.deserialize_str(KeyVisitor)
    }
}

/// A struct being read: the properties it does not declare, the values it
/// received that its fields do not hold, and the deviations inside it.
pub(crate) struct ObjectReader {
    mark: usize,
    extra: Extra,
}

impl ObjectReader {
    pub(crate) fn new() -> Self {
        ObjectReader {
            mark: mark(),
            extra: Extra::default(),
        }
    }

    /// Reads the value of the declared property `key` into `slot`:
    /// `Some(None)` when it does not fit (its raw value is then kept here).
    ///
    /// `required` says what the field holds when the value does not fit:
    /// the type's placeholder, or `None`. The slot is filled here rather
    /// than returned so that each field's arm in a struct's reader is one
    /// call with no `?` of its own: every early return repeats the drops of
    /// the reader's locals, and a struct's reader would carry one such exit
    /// per field (a tenth of a large crate's peak memory when checked).
    #[inline]
    pub(crate) fn field<'de, A: MapAccess<'de>, T: Decode>(
        &mut self,
        map: &mut A,
        key: &'static str,
        required: bool,
        slot: &mut Option<Option<T>>,
    ) -> Result<(), A::Error> {
        let before = mark();
        let value = map.next_value_seed(Seed::<T>::new())?;
        if mark() != before {
            self.adopt(before, key, || match &value {
                Some(value) => to_json(value),
                None if required => to_json(&T::fallback()),
                None => Value::Null,
            });
        }
        *slot = Some(value);
        Ok(())
    }

    /// Prefixes the path of everything recorded since `before` with `key`,
    /// and keeps the raw value of `key` when something recorded there is
    /// not yet kept by an object further in: the field's value as decoding
    /// left it (`placeholder`, computed only then: the field may be a large
    /// array whose items kept their own), with each raw value spliced in.
    #[cold]
    fn adopt(&mut self, before: usize, key: &'static str, placeholder: impl FnOnce() -> Value) {
        let unkept = take_unkept(before, key);
        if unkept.found.is_empty() {
            return;
        }
        let placeholder = placeholder();
        let raw = unkept.spliced_into(&placeholder);
        self.extra.parts().received.push(Received {
            name: Cow::Borrowed(key),
            placeholder,
            raw: Some(raw),
        });
    }

    /// An undeclared property: kept as it is.
    pub(crate) fn unknown<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: Key<'de>,
    ) -> Result<(), A::Error> {
        let value: Value = map.next_value()?;
        self.extra.parts().fields.insert(key.0.into_owned(), value);
        Ok(())
    }

    /// An undeclared property of a struct whose `additionalProperties` has
    /// a schema: typed into `into` when it fits (its text kept if written
    /// otherwise than the type writes it), else kept as it is among the
    /// extra properties.
    pub(crate) fn additional<'de, A: MapAccess<'de>, T: Decode>(
        &mut self,
        map: &mut A,
        key: Key<'de>,
        into: &mut BTreeMap<String, T>,
    ) -> Result<(), A::Error> {
        let before = mark();
        let value = map.next_value_seed(Seed::<T>::new())?;
        let key = key.0.into_owned();
        if mark() == before {
            if let Some(value) = value {
                into.insert(key, value);
            }
            return Ok(());
        }
        let unkept = take_unkept(before, &key);
        let Some(value) = value else {
            // The value itself does not fit: kept as it came.
            let raw = unkept.found.into_iter().next().and_then(|(_, raw)| raw);
            self.extra
                .parts()
                .fields
                .insert(key, raw.unwrap_or(Value::Null));
            return Ok(());
        };
        if unkept.found.is_empty() {
            // What strayed is kept by the structs inside the value.
            into.insert(key, value);
            return Ok(());
        }
        let quiet = unkept.quiet;
        let placeholder = to_json(&value);
        let raw = unkept.spliced_into(&placeholder);
        if quiet {
            // Only spelled otherwise: typed, and its text kept.
            self.extra.parts().received.push(Received {
                name: Cow::Owned(key.clone()),
                placeholder,
                raw: Some(raw),
            });
            into.insert(key, value);
        } else {
            self.extra.parts().fields.insert(key, raw);
        }
        Ok(())
    }

    /// A required field's value: a placeholder when it did not fit, or
    /// when the property is missing (recorded here).
    pub(crate) fn required<T: Decode>(&mut self, slot: Option<Option<T>>, key: &'static str) -> T {
        match slot {
            Some(Some(value)) => value,
            Some(None) => T::fallback(),
            None => {
                let fallback = T::fallback();
                push(Record {
                    rev_path: vec![PathSegment::Key(key.to_owned())],
                    kind: DeviationKind::Missing,
                    expected: T::EXPECTED,
                    raw: None,
                    kept: true,
                    reported: true,
                });
                self.extra.parts().received.push(Received {
                    name: Cow::Borrowed(key),
                    placeholder: to_json(&fallback),
                    raw: None,
                });
                fallback
            }
        }
    }

    /// An optional, nullable field: `null` received is remembered, so it
    /// is written back (an absent property stays absent).
    pub(crate) fn nullable<T: Serialize>(
        &mut self,
        slot: Option<Option<Option<T>>>,
        key: &'static str,
    ) -> Option<T> {
        match slot {
            Some(Some(None)) => {
                self.extra.parts().received.push(Received {
                    name: Cow::Borrowed(key),
                    placeholder: Value::Null,
                    raw: Some(Value::Null),
                });
                None
            }
            Some(Some(value)) => value,
            _ => None,
        }
    }

    /// Done: what the struct keeps beside its fields.
    pub(crate) fn finish(mut self) -> Extra {
        if mark() != self.mark {
            self.extra.parts().deviations = deviations_since(self.mark);
        }
        self.extra
    }
}

/// What was recorded inside one property and is not kept by an object
/// further in: the property's object keeps it.
struct Unkept {
    /// Each value's path from the property (outermost step last) and raw value.
    found: Vec<(Vec<PathSegment>, Option<Value>)>,
    /// Whether all of it is only text to keep, not deviations.
    quiet: bool,
}

impl Unkept {
    /// The property as it came: `placeholder` (its value as decoding left
    /// it) with each raw value put back in its place.
    fn spliced_into(self, placeholder: &Value) -> Value {
        let mut raw = placeholder.clone();
        for (rev_path, found) in self.found {
            splice(&mut raw, &rev_path, found);
        }
        raw
    }
}

/// Marks what was recorded since `before` as kept (by the object reading
/// property `key`), returning what nothing kept before, and puts `key` in
/// front of every path recorded since `before`.
fn take_unkept(before: usize, key: &str) -> Unkept {
    RECORDS.with_borrow_mut(|records| {
        let mut unkept = Unkept {
            found: Vec::new(),
            quiet: true,
        };
        for record in &mut records[before..] {
            if !record.kept {
                record.kept = true;
                unkept.quiet &= !record.reported;
                unkept
                    .found
                    .push((record.rev_path.clone(), record.raw.as_deref().cloned()));
            }
            record.rev_path.push(PathSegment::Key(key.to_owned()));
        }
        unkept
    })
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Puts `raw` at `rev_path` (outermost step last) inside `into`; `None`
/// removes what is there (a missing value).
fn splice(into: &mut Value, rev_path: &[PathSegment], raw: Option<Value>) {
    let mut at = into;
    for segment in rev_path.iter().rev() {
        let next = match (segment, at) {
            (PathSegment::Key(key), Value::Object(map)) => map.get_mut(key.as_str()),
            (PathSegment::Index(i), Value::Array(items)) => items.get_mut(*i),
            _ => None,
        };
        match next {
            Some(next) => at = next,
            None => return,
        }
    }
    *at = raw.unwrap_or(Value::Null);
}

// ---------------------------------------------------------------------------
// Unions.

/// An untagged union's value: the first alternative (in `order`) that
/// fits without a deviation; else the one that fits with the fewest, among
/// those that take the value itself as it is (deviations inside it are
/// kept by the structs holding them); else `other`, which keeps the value
/// as sent.
///
/// `ranked`: `order` ranks object alternatives by how well they describe
/// the object's keys ([`union_order`](super::union_order)); then the first
/// one that fits with nothing worse than lossless conversions wins, so an
/// alternative that describes the object does not lose to one that merely
/// keeps its keys as undeclared because one value needed converting.
pub(crate) fn untagged<T>(
    value: Value,
    order: impl IntoIterator<Item = usize>,
    ranked: bool,
    attempt: impl Fn(usize, &Value) -> Option<T>,
    other: fn(Value) -> T,
    expected: &'static str,
) -> T {
    let by_keys = ranked && value.is_object();
    let mut best: Option<(T, Vec<Record>, usize)> = None;
    for index in order {
        let before = mark();
        let found = attempt(index, &value);
        let records = take_since(before);
        // An alternative that had to convert the value itself would not
        // write it back as it came: only the `Unknown` variant keeps it.
        let Some(found) = found.filter(|_| records.iter().all(|r| !r.rev_path.is_empty())) else {
            continue;
        };
        let reported = records.iter().filter(|r| r.reported).count();
        let converted_only = records.iter().all(|r| r.kind == DeviationKind::Coerced);
        if reported == 0 || (by_keys && converted_only) {
            restore(records);
            return found;
        }
        if best
            .as_ref()
            .is_none_or(|(_, _, fewest)| reported < *fewest)
        {
            best = Some((found, records, reported));
        }
    }
    if let Some((found, records, _)) = best {
        restore(records);
        return found;
    }
    deviant::<()>(DeviationKind::NoVariant, expected, Some(value.clone()));
    other(value)
}

/// A tagged union's alternative, decoded from the object read whole.
pub(crate) fn tagged<T: Decode>(value: &Value) -> T {
    from_value(value).unwrap_or_else(T::fallback)
}

/// Reads a union's value whole (alternatives are tried on it).
pub(crate) fn union_value<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Value::deserialize(d)
}

/// A tagged union's value that is not an object: kept as sent, recorded.
pub(crate) fn untyped_tagged(value: &Value, expected: &'static str) {
    if !value.is_object() {
        deviant::<()>(DeviationKind::Mismatch, expected, Some(value.clone()));
    }
}

// ---------------------------------------------------------------------------
// What a struct keeps beside its fields.

/// What a generated struct keeps beside its typed fields: the properties
/// the document does not declare (in the order they arrived), the values
/// received for declared properties that the fields could not hold as they
/// were, and the deviations found inside the struct.
///
/// Serialising the struct writes the extra properties after the declared
/// ones, so decoding and encoding a response gives back the same JSON. To
/// send a property the document lacks, [`insert`](Self::insert) it; one
/// with the name of a declared property replaces that field on the wire.
// `Eq` so that a generated struct can derive it where its fields allow
// (the generator's `derive` setting).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Extra(Option<Box<ExtraParts>>);

#[derive(Clone, Default, PartialEq, Eq)]
struct ExtraParts {
    fields: serde_json::Map<String, Value>,
    received: Vec<Received>,
    deviations: Vec<Deviation>,
    /// The whole value received, when this struct is the placeholder for
    /// a top-level value that was not an object at all.
    whole: Option<Value>,
}

/// The value received for a declared property whose field holds something
/// else (a placeholder, a coerced value, `None` for a `null`).
#[derive(Clone, PartialEq, Eq)]
struct Received {
    name: Cow<'static, str>,
    /// The field's value as decoding left it, as JSON: while the field
    /// still holds it, `raw` is written instead.
    placeholder: Value,
    /// What arrived; `None` when the property was missing.
    raw: Option<Value>,
}

impl Extra {
    fn parts(&mut self) -> &mut ExtraParts {
        self.0.get_or_insert_with(Box::default)
    }

    /// An undeclared property's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.as_ref()?.fields.get(name)
    }

    /// The undeclared properties, in the order they arrived (or were inserted).
    pub fn fields(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0
            .iter()
            .flat_map(|parts| parts.fields.iter().map(|(k, v)| (k.as_str(), v)))
    }

    /// Adds a property to send with the struct; returns the one it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.parts().fields.insert(name.into(), value.into())
    }

    /// Removes an undeclared property.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.0.as_mut()?.fields.shift_remove(name)
    }

    /// How many undeclared properties there are.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |parts| parts.fields.len())
    }

    /// Whether there is no undeclared property, nothing received that the
    /// fields do not hold, and no deviation.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|parts| {
            parts.fields.is_empty() && parts.received.is_empty() && parts.deviations.is_empty()
        })
    }

    /// Everything that strayed from the document inside this struct, with
    /// paths from it (for the value a call returns: from the body's root).
    pub fn deviations(&self) -> &[Deviation] {
        self.0.as_ref().map_or(&[], |parts| &parts.deviations)
    }

    /// The value received for the declared property `name` (its wire name)
    /// when the field holds something else: a placeholder, a coerced value,
    /// `None` for a `null`. `Some(None)`: the property was missing.
    pub fn received(&self, name: &str) -> Option<Option<&Value>> {
        let parts = self.0.as_ref()?;
        let found = parts.received.iter().rev().find(|r| r.name == name)?;
        Some(found.raw.as_ref())
    }

    /// Sets the deviations of a whole decode (the root struct's list).
    pub(crate) fn keep(&mut self, deviations: &[Deviation]) {
        if !deviations.is_empty() || !self.deviations().is_empty() {
            self.parts().deviations = deviations.to_vec();
        }
        // The value itself did not fit: this struct is its placeholder.
        let whole = deviations
            .iter()
            .find(|d| d.path.0.is_empty())
            .and_then(Deviation::raw);
        if let Some(whole) = whole {
            self.parts().whole = Some(whole.clone());
        }
    }

    /// What a placeholder struct stands for: the top-level value received,
    /// when it was not an object.
    pub(crate) fn whole(&self) -> Option<&Value> {
        self.0.as_ref()?.whole.as_ref()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.fields() {
            map.entry(&name, value);
        }
        if !self.deviations().is_empty() {
            map.entry(&"(deviations)", &self.deviations());
        }
        map.finish()
    }
}

/// Writes a generated struct: declared fields (or what was received for
/// them), then its extra properties.
///
/// The first error is kept and returned by [`ObjectWriter::end`] (nothing
/// more is written after it), so a struct's `serialize` is one call per
/// field with no `?` of its own (see [`ObjectReader::field`]).
pub(crate) struct ObjectWriter<'a, M: SerializeMap> {
    map: M,
    extra: Option<&'a ExtraParts>,
    error: Option<M::Error>,
}

/// Starts writing a struct that keeps `extra`.
pub(crate) fn write_object<S: Serializer>(
    serializer: S,
    extra: &Extra,
) -> Result<ObjectWriter<'_, S::SerializeMap>, S::Error> {
    Ok(ObjectWriter {
        map: serializer.serialize_map(None)?,
        extra: extra.0.as_deref(),
        error: None,
    })
}

/// What to write for a declared property instead of its field, if
/// anything: `Some(None)` writes nothing.
fn replaced<'a, T: Serialize + ?Sized>(
    extra: Option<&'a ExtraParts>,
    name: &str,
    value: &T,
) -> Option<Option<&'a Value>> {
    let parts = extra?;
    if parts.fields.contains_key(name) {
        // The extra property of that name replaces the field.
        return Some(None);
    }
    let received = parts.received.iter().rev().find(|r| r.name == name)?;
    // Only while the field still holds what decoding put there.
    (to_json(&value) == received.placeholder).then_some(received.raw.as_ref())
}

impl<M: SerializeMap> ObjectWriter<'_, M> {
    /// A property always written (required).
    pub(crate) fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.keep_first_error(|w| w.try_field(name, value));
    }

    /// A property written only when set.
    pub(crate) fn optional<T: Serialize>(&mut self, name: &str, value: &Option<T>) {
        self.keep_first_error(|w| w.try_optional(name, value));
    }

    /// The typed `additionalProperties` map.
    pub(crate) fn additional<T: Serialize>(&mut self, values: &BTreeMap<String, T>) {
        self.keep_first_error(|w| w.try_additional(values));
    }

    /// Runs `write` unless an earlier write failed; keeps its error.
    #[inline]
    fn keep_first_error(&mut self, write: impl FnOnce(&mut Self) -> Result<(), M::Error>) {
        if self.error.is_none() {
            self.error = write(self).err();
        }
    }

    fn try_field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), M::Error> {
        match replaced(self.extra, name, value) {
            Some(Some(raw)) => self.map.serialize_entry(name, raw),
            Some(None) => Ok(()),
            None => self.map.serialize_entry(name, value),
        }
    }

    fn try_optional<T: Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match replaced(self.extra, name, value) {
            Some(Some(raw)) => self.map.serialize_entry(name, raw),
            Some(None) => Ok(()),
            None => match value {
                Some(value) => self.map.serialize_entry(name, value),
                None => Ok(()),
            },
        }
    }

    fn try_additional<T: Serialize>(
        &mut self,
        values: &BTreeMap<String, T>,
    ) -> Result<(), M::Error> {
        for (name, value) in values {
            match replaced(self.extra, name, value) {
                Some(Some(raw)) => self.map.serialize_entry(name, raw)?,
                Some(None) => {}
                None => self.map.serialize_entry(name, value)?,
            }
        }
        Ok(())
    }

    /// The extra properties, and the end of the object.
    pub(crate) fn end(mut self) -> Result<M::Ok, M::Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        if let Some(parts) = self.extra {
            for (name, value) in &parts.fields {
                self.map.serialize_entry(name, value)?;
            }
        }
        self.map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one<T: Decode>(json: &str) -> (Option<T>, Vec<Deviation>) {
        let session = Session::start();
        let value = T::decode(&mut serde_json::Deserializer::from_str(json)).expect("JSON");
        (value, session.finish())
    }

    fn kinds(deviations: &[Deviation]) -> Vec<(String, DeviationKind)> {
        deviations
            .iter()
            .map(|d| (d.path.to_string(), d.kind))
            .collect()
    }

    #[test]
    fn scalars_coerce_what_loses_nothing_and_keep_the_rest() {
        assert_eq!(one::<i64>("12").0, Some(12));
        let (v, d) = one::<i64>("12.0");
        assert_eq!((v, d[0].kind), (Some(12), DeviationKind::Coerced));
        let (v, d) = one::<i64>("12.5");
        assert_eq!((v, d[0].kind), (None, DeviationKind::Mismatch));
        assert_eq!(d[0].raw(), Some(&serde_json::json!(12.5)));
        assert_eq!(one::<u8>("300").0, None);
        assert_eq!(one::<i32>("\"-7\"").0, Some(-7));
        assert_eq!(one::<f64>("\"1.5\"").0, Some(1.5));
        assert_eq!(one::<f64>("\"NaN\"").0, None);
        assert_eq!(one::<f64>("3").0, Some(3.0));
        assert!(one::<f64>("3").1.is_empty(), "an integer is a number");
        assert_eq!(one::<bool>("\"false\"").0, Some(false));
        assert_eq!(one::<bool>("1").0, None);
        assert_eq!(one::<String>("12").0.as_deref(), Some("12"));
        let (v, d) = one::<String>("null");
        assert_eq!((v, d[0].kind), (None, DeviationKind::Null));
        let (v, d) = one::<String>("{\"a\":1}");
        assert_eq!(v, None);
        assert_eq!(d[0].raw(), Some(&serde_json::json!({"a": 1})));
    }

    #[test]
    fn containers_locate_what_strays_inside_them() {
        let (v, d) = one::<Vec<i64>>("[1, \"x\", 3]");
        assert_eq!(v, Some(vec![1, 0, 3]));
        assert_eq!(kinds(&d), [("[1]".to_owned(), DeviationKind::Mismatch)]);
        let (v, d) = one::<BTreeMap<String, Vec<bool>>>("{\"a.b\": [true, 5]}");
        assert_eq!(v.unwrap()["a.b"], [true, false]);
        assert_eq!(d[0].path.to_string(), "[\"a.b\"][1]");
        assert_eq!(d[0].path.pointer(), "/a.b/1");
        let (v, d) = one::<Vec<i64>>("{\"not\": \"an array\"}");
        assert_eq!((v, d[0].kind), (None, DeviationKind::Mismatch));
        assert_eq!(one::<Option<i64>>("null").0, Some(None));
        assert_eq!(one::<Option<i64>>("true").0, None);
    }

    #[test]
    fn sessions_leave_nothing_behind_and_nest() {
        let outer = Session::start();
        let _ = one::<i64>("true");
        assert_eq!(mark(), outer.mark, "an inner session takes its records");
        deviant::<()>(DeviationKind::Mismatch, "x", None);
        drop(outer);
        assert_eq!(mark(), 0, "a dropped session truncates");
    }

    #[test]
    fn writes_as_compares_the_written_text() {
        assert!(writes_as(&"abc", "abc"));
        assert!(!writes_as(&"abc", "ab"));
        assert!(!writes_as(&"abc", "abcd"));
        assert!(!writes_as(&12, "12"));
    }

    #[test]
    fn paths_display_and_point() {
        let path = JsonPath(vec![
            PathSegment::Key("data".into()),
            PathSegment::Key("a/b~c".into()),
            PathSegment::Index(3),
        ]);
        assert_eq!(path.to_string(), "data[\"a/b~c\"][3]");
        assert_eq!(path.pointer(), "/data/a~1b~0c/3");
        assert_eq!(JsonPath::default().to_string(), ".");
    }

    #[test]
    fn splice_puts_raw_values_back() {
        let mut value = serde_json::json!({"a": [1, 0, 3]});
        let rev = [PathSegment::Index(1), PathSegment::Key("a".into())];
        splice(&mut value, &rev, Some(serde_json::json!("two")));
        assert_eq!(value, serde_json::json!({"a": [1, "two", 3]}));
    }

    #[test]
    fn extra_properties_keep_their_order() {
        let mut extra = Extra::default();
        assert!(extra.is_empty());
        extra.insert("z", 1);
        extra.insert("a", 2);
        let names: Vec<&str> = extra.fields().map(|(k, _)| k).collect();
        assert_eq!(names, ["z", "a"]);
        assert_eq!(extra.remove("z"), Some(serde_json::json!(1)));
        assert_eq!(extra.len(), 1);
    }
}
