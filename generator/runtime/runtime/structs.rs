//! What every generated struct implements, written once as a macro: the
//! generated code states each struct's fields (one line each) and this
//! expands them into `Serialize`, `Deserialize`, `Decode` and the property
//! reader (see `decode`).
//!
//! A macro rather than the same code emitted per struct: an item whose
//! feature is off is dropped before its macro is expanded, so a crate
//! compiled for one group of a large API parses a line per field, not the
//! impls of every type; and the impls read as one template.

/// The impls of a generated struct. Each field is `kind name: Type =
/// "wire"`, where `kind` is
/// - `required`: the property must be present; the field is `Type`
///   (an `Option` when the schema is nullable);
/// - `optional`: the field is `Option<Type>`; absent is `None`;
/// - `nullable`: an optional nullable property: the field is `Type`, itself
///   an `Option`; a `null` received is written back as `null`.
///
/// `additional name: Type` names the field holding the typed
/// `additionalProperties`, when the schema has one.
// A crate whose schemas have no object (or none a feature compiles) does
// not use it.
#[allow(unused_macros)]
macro_rules! impl_object {
    (
        $name:ident, $expected:literal, $extra:ident,
        [$($kind:ident $field:ident : $ty:ty = $wire:literal),* $(,)?],
        [$($additional:ident : $value:ty)?]
    ) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                // A placeholder for a top-level value that was not an object
                // writes that value, while nothing was changed in it.
                if let ::std::option::Option::Some(whole) = self.$extra.whole() {
                    let mut placeholder = <Self as crate::runtime::Decode>::fallback();
                    placeholder.$extra = ::std::clone::Clone::clone(&self.$extra);
                    if placeholder == *self {
                        return ::serde::Serialize::serialize(whole, serializer);
                    }
                }
                let mut object = crate::runtime::write_object(serializer, &self.$extra)?;
                $(crate::runtime::impl_object!(@write $kind object, $wire, &self.$field);)*
                $(object.additional(&self.$additional);)?
                object.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize(deserializer)
            }
        }

        impl crate::runtime::Decode for $name {
            const EXPECTED: &'static str = $expected;

            fn decode<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                crate::runtime::object(deserializer)
            }

            fn fallback() -> Self {
                Self {
                    $($field: crate::runtime::impl_object!(@fallback $kind),)*
                    $($additional: ::std::collections::BTreeMap::new(),)?
                    $extra: crate::Extra::default(),
                }
            }

            fn keep(&mut self, deviations: &[crate::Deviation]) -> bool {
                self.$extra.keep(deviations);
                true
            }
        }

        impl crate::runtime::Object for $name {
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                // What each field received, in one local: a local per field
                // would cost the borrow checker time quadratic in the
                // number of fields (48 s at 10 000), one struct is linear.
                struct Slots {
                    $($field: ::std::option::Option<::std::option::Option<$ty>>,)*
                }
                let mut slots = Slots {
                    $($field: ::std::option::Option::None,)*
                };
                let mut reader = crate::runtime::ObjectReader::new();
                // Named like a field: the macro's own names (`map`,
                // `reader`, `key`) cannot clash with it (hygiene).
                $(let mut $additional = ::std::collections::BTreeMap::<
                    ::std::string::String,
                    $value,
                >::new();)?
                while let ::std::option::Option::Some(key) =
                    map.next_key::<crate::runtime::Key<'de>>()?
                {
                    // One `?` for every arm (see `ObjectReader::field`).
                    let read = match key.as_str() {
                        $($wire => reader.field::<_, $ty>(
                            &mut map,
                            $wire,
                            crate::runtime::impl_object!(@required $kind),
                            &mut slots.$field,
                        ),)*
                        _ => crate::runtime::impl_object!(
                            @other reader, map, key $(, $additional)?
                        ),
                    };
                    read?;
                }
                ::std::result::Result::Ok(Self {
                    $($field: crate::runtime::impl_object!(@value $kind reader, slots.$field, $wire),)*
                    $($additional,)?
                    $extra: reader.finish(),
                })
            }
        }
    };
    (@write required $object:ident, $wire:literal, $value:expr) => {
        $object.field($wire, $value)
    };
    (@write $kind:ident $object:ident, $wire:literal, $value:expr) => {
        $object.optional($wire, $value)
    };
    (@fallback required) => {
        crate::runtime::Decode::fallback()
    };
    (@fallback $kind:ident) => {
        ::std::option::Option::None
    };
    (@required required) => {
        true
    };
    (@required $kind:ident) => {
        false
    };
    (@value required $reader:ident, $slot:expr, $wire:literal) => {
        $reader.required($slot, $wire)
    };
    (@value optional $reader:ident, $slot:expr, $wire:literal) => {
        $slot.flatten()
    };
    (@value nullable $reader:ident, $slot:expr, $wire:literal) => {
        $reader.nullable($slot, $wire)
    };
    (@other $reader:ident, $map:ident, $key:ident) => {
        $reader.unknown(&mut $map, $key)
    };
    (@other $reader:ident, $map:ident, $key:ident, $additional:ident) => {
        $reader.additional(&mut $map, $key, &mut $additional)
    };
}

pub(crate) use impl_object;
