//! Stage 0: document text → JSON. JSON or YAML (YAML's big integers and
//! non-string keys included), with integers beyond 64 bits clamped to the
//! 64-bit extremes. Nothing is checked or rewritten here; `load` (one
//! document) and `bundle` (the files a document refers to) both start
//! from it.

use crate::error::{Error, Result};
use crate::pointer::JsonPointer;

/// Parses JSON or YAML text into JSON as [`crate::load`] does (lenient
/// about YAML's big integers and numeric keys), without checking or
/// rewriting it.
pub fn parse_text(text: &str) -> Result<serde_json::Value> {
    let mut value = parse_syntax(text)?;
    clamp_huge_integers(&mut value);
    Ok(value)
}

fn parse_syntax(text: &str) -> Result<serde_json::Value> {
    let root = JsonPointer::root();
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| {
            Error::at(
                &root,
                format!(
                    "invalid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        });
    }
    serde_yaml::from_str::<yaml::Json>(text)
        .map(|v| v.0)
        .map_err(|e| {
            let place = e
                .location()
                .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
                .unwrap_or_default();
            Error::at(&root, format!("invalid YAML{place}: {e}"))
        })
}

/// Integers beyond 64 bits (real documents use ±9223372036854776000 as
/// "no bound") arrive as floats; as bounds they mean the same as the 64-bit
/// extremes, which `openapiv3` can read.
fn clamp_huge_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(0.0);
            if f.fract() == 0.0 && f >= 9.223_372_036_854_775e18 {
                *n = i64::MAX.into();
            } else if f.fract() == 0.0 && f <= -9.223_372_036_854_775e18 {
                *n = i64::MIN.into();
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(clamp_huge_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(clamp_huge_integers),
        _ => {}
    }
}

/// YAML → JSON without losing documents that `serde_yaml`'s own value type
/// rejects: 128-bit integers become floats (then clamped), and non-string
/// map keys (`200:` response codes) become strings.
mod yaml {
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::Value;

    pub(super) struct Json(pub(super) Value);

    impl<'de> Deserialize<'de> for Json {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(JsonVisitor).map(Json)
        }
    }

    struct JsonVisitor;

    impl<'de> Visitor<'de> for JsonVisitor {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any YAML value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(v.into())
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(v.into())
        }
        fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
            Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
        }
        fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
            Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(float(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(Json(v)) = seq.next_element()? {
                items.push(v);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = serde_json::Map::new();
            while let Some((Json(k), Json(v))) = map.next_entry()? {
                let key = match k {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                out.insert(key, v);
            }
            Ok(Value::Object(out))
        }
    }

    /// NaN and infinities have no JSON form; they become null.
    fn float(v: f64) -> Value {
        serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}
