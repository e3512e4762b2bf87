//! What a change of the document does to users of the generated crate.
//!
//! The generated crate's public API is summarised as an [`ApiSurface`]
//! (built from the IR, not from text): the client's methods with their
//! positional arguments and builder setters, the response types, and the
//! shape of every type. Two surfaces are compared by [`compare`], which
//! classifies each difference as breaking or compatible for Rust code that
//! uses the crate, and implies a semver bump ([`Bump`]) under Cargo's rules.
//! [`render`] turns the resulting [`Report`] into text, Markdown (a pull
//! request comment) or JSON.
//!
//! The classification assumes the compatibility design stated in
//! docs/decisions.md: enums are `#[non_exhaustive]`, and so are the structs
//! users never build (everything not reachable from a request input).

mod classify;
pub mod render;
mod surface;

pub use classify::{Bump, Change, ChangeKind, Report, Subject, compare};
pub use surface::{
    ApiSurface, AuthSurface, EnumValue, FieldSurface, Input, InputSource, OperationSurface,
    OutcomeCase, TypeShape, TypeSurface, UnionVariantSurface,
};

#[cfg(test)]
mod tests;
