//! Lowering: raw documents -> IR.
//!
//! Each source file is lowered on its own into an [`ir::Api`]; later sources are merged on top of
//! earlier ones by method and path ([`merge`]), so an OpenAPI overlay refines what a Postman
//! collection only shows by example.

pub mod docs;
pub mod infer;
pub mod merge;
pub mod openapi;
pub mod postman;

use crate::Source;
use crate::diag::Diagnostics;
use crate::ir::{self, Location};
use crate::read::{self, Format};

/// What an API's settings in `apis.toml` change about lowering.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Whether strings that are date-times, dates or UUIDs in every example are typed as such.
    pub infer_formats: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { infer_formats: true }
    }
}

/// Lowers one source file, whatever its format, with the default options.
pub fn lower_source(source: &Source, diags: &mut Diagnostics) -> Option<ir::Api> {
    lower_source_with(source, Options::default(), diags)
}

/// Lowers one source file, whatever its format.
pub fn lower_source_with(source: &Source, options: Options, diags: &mut Diagnostics) -> Option<ir::Api> {
    let at = Location::new(&source.path, "");
    let value: serde_json::Value = match parse_document(source) {
        Ok(value) => value,
        Err(message) => {
            diags.error("unreadable-spec", &at, format!("cannot parse the file: {message}"));
            return None;
        }
    };
    match read::detect(&value) {
        Some(Format::Postman) => Some(postman::lower(&source.path, value, options, diags)),
        Some(Format::OpenApi) => Some(openapi::lower(&source.path, value, diags)),
        None => {
            diags.error(
                "unknown-format",
                &at,
                "neither a Postman collection (no `item`) nor an OpenAPI document (no `openapi`, `paths` or `components`)",
            );
            None
        }
    }
}

/// JSON first (the common case, and the only one for Postman); YAML for `.yaml`/`.yml` files or
/// when the text is not JSON.
fn parse_document(source: &Source) -> Result<serde_json::Value, String> {
    let is_yaml = source.path.ends_with(".yaml") || source.path.ends_with(".yml");
    if !is_yaml {
        match serde_json::from_str(&source.text) {
            Ok(value) => return Ok(value),
            Err(error) if source.text.trim_start().starts_with(['{', '[']) => {
                return Err(format!("invalid JSON at line {}, column {}: {error}", error.line(), error.column()));
            }
            Err(_) => {}
        }
    }
    serde_norway::from_str(&source.text).map_err(|error| format!("invalid YAML: {error}"))
}
