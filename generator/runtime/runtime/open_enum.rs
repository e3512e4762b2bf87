//! Open string enums on the wire: a documented value becomes its variant,
//! any other string the `Unknown`-style variant that keeps it.

use std::fmt;
use std::marker::PhantomData;

/// Deserializes a string into `T` through `T::from(&str)`, which every
/// generated string enum implements. One generic visitor here instead of
/// serde's derive in each enum (which buffers the value to try the untagged
/// variant after the named ones): less code to compile, and no copy of a
/// known value.
pub(crate) fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct Visitor<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(Visitor(PhantomData))
}
