//! A crate that generates its API client at build time: `build.rs` runs
//! `openapi_rustgen::build::Build` on `api/openapi.yaml`, and the one line
//! below includes the result, the module [`shelter`].
//!
//! ```no_run
//! # async fn example() -> Result<(), build_script_client::shelter::Error> {
//! use build_script_client::shelter::Client;
//!
//! let client = Client::builder().token("s3cr3t").build()?;
//! let names = build_script_client::available_pet_names(&client).await?;
//! # let _ = names;
//! # Ok(())
//! # }
//! ```

include!(concat!(env!("OUT_DIR"), "/shelter.rs"));

use shelter::types::Status;
use shelter::{Client, Error, TryStreamExt};

/// The names of every pet waiting for a home, across all pages: code of the
/// crate's own calling the generated client.
pub async fn available_pet_names(client: &Client) -> Result<Vec<String>, Error> {
    client
        .list_pets()
        .status(Status::Available)
        .stream()
        .map_ok(|pet| pet.name)
        .try_collect()
        .await
}
