//! Turns API descriptions (Postman collections v2.0/v2.1, OpenAPI 3.0/3.1 documents and fragments)
//! into a typed, documented, async Rust client.
//!
//! The pipeline is five separate steps, each in its own module:
//! [`read`] (raw formats) -> [`lower`] (into the [`ir`], with type inference and overlays) ->
//! [`check`] (cross-cutting rules) -> [`emit`] (token streams) -> [`render`] (formatted text).
//! Only the CLI and xtask touch the file system; everything here works on strings.

pub mod check;
pub mod cli;
pub mod dedupe;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod figures;
pub mod ir;
pub mod lower;
pub mod manifest;
pub mod naming;
pub mod read;
pub mod render;
pub mod settings;
pub mod surface;

mod generate;
mod shorten;

pub use generate::{
    GeneratedFiles, Source, generate_api_crate, generate_api_crate_with, generate_package, generate_workspace_crate,
    lower_api,
};
