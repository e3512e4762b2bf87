//! The sizes past which rustc, or `cargo check` of a generated crate,
//! breaks down, and so where lowering stops typing a construct one to one.
//! Each cap is reported where it applies (a degradation with its pointer);
//! the measurements behind them are in BENCHMARKS.md ("Extreme sizes") and
//! the reasoning in ARCHITECTURE.md.

/// Most properties a struct keeps as fields. Checking a struct costs time
/// that grows faster than its width (1 000 fields: 2 s, 4 000: 14 s,
/// 10 000: about a minute and 2.5 GiB), and a derived `PartialEq` is one
/// `&&` chain as deep as the struct is wide, which overflows rustc's stack
/// near 6 000. Properties past the cap are still decoded and kept, as
/// undeclared ones are, in the struct's `extra`.
pub(crate) const MAX_STRUCT_FIELDS: usize = 2_000;

/// Most values an enum keeps as variants. An enum's matches (wire value to
/// variant and back) check in about 2 s at 5 000 values, 17 s at 10 000,
/// and not within five minutes at 50 000. Past the cap the schema is its
/// plain scalar type (`String`, `i64`): every value still decodes.
pub(crate) const MAX_ENUM_VALUES: usize = 5_000;

/// Most alternatives a union keeps as variants. Checking one costs time
/// linear up to some 2 000 alternatives (about 10 ms each) and quadratic
/// past them (5 000: two and a half minutes of CPU, 2.8 GiB). Past the
/// cap the union is any JSON value: everything received is kept.
pub(crate) const MAX_UNION_VARIANTS: usize = 2_000;
