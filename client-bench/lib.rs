//! Nothing here: the package exists for its benchmark, `benches/client.rs`
//! (see `Cargo.toml` for why it is a package of its own).
