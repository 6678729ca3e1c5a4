//! Serde models of the raw input formats, lenient where real exports are.
//!
//! Readers know nothing of the IR: they turn text into a faithful model of the document (plus
//! diagnostics for what they could not read), and [`crate::lower`] takes it from there.

pub mod openapi;
pub mod postman;

/// What kind of description a file holds, decided from its content, not its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Postman,
    OpenApi,
}

/// Sniffs the format of a parsed document: a Postman collection has `item` (and usually
/// `info.schema` naming Postman); an OpenAPI document or fragment has `openapi`, `paths` or
/// `components`.
pub fn detect(value: &serde_json::Value) -> Option<Format> {
    let object = value.as_object()?;
    if object.contains_key("openapi") || object.contains_key("paths") || object.contains_key("components") {
        return Some(Format::OpenApi);
    }
    if object.contains_key("item") || object.contains_key("info") {
        return Some(Format::Postman);
    }
    None
}
