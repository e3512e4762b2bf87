//! Generates the shelter's client from `api/openapi.yaml` (and the
//! `api/schemas.yaml` it refers to) into `OUT_DIR`; `src/lib.rs` includes
//! it. Cargo runs this again only when one of the two files changes.

fn main() -> Result<(), openapi_rustgen::build::BuildError> {
    openapi_rustgen::build::Build::new("api/openapi.yaml")
        .crate_name("shelter")
        .generate()?;
    Ok(())
}
