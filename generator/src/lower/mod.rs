//! Lowering: raw documents -> IR.
//!
//! Each source file is lowered on its own into an [`ir::Api`]; later sources are merged on top of
//! earlier ones by method and path ([`merge`]), so an OpenAPI overlay refines what a Postman
//! collection only shows by example.

pub mod depth;
pub mod docs;
pub mod duplicates;
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
pub struct Options<'a> {
    /// Whether strings that are date-times, dates or UUIDs in every example are typed as such.
    pub infer_formats: bool,
    /// The names of the last generation (see [`crate::manifest::ApiSettings::previous_names`]).
    pub previous_names: Option<&'a crate::shorten::Previous>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { infer_formats: true, previous_names: None }
    }
}

/// Lowers one source file, whatever its format, with the default options.
pub fn lower_source(source: &Source, diags: &mut Diagnostics) -> Option<ir::Api> {
    lower_source_with(source, Options::default(), diags)
}

/// Lowers one source file, whatever its format.
pub fn lower_source_with(source: &Source, options: Options, diags: &mut Diagnostics) -> Option<ir::Api> {
    let at = Location::new(&source.path, "");
    let (value, repeated) = match parse_document(source) {
        Ok(parsed) => parsed,
        Err(message) => {
            diags.error("unreadable-spec", &at, format!("cannot parse the file: {message}"));
            return None;
        }
    };
    // Where keys repeat is found by reading the text again, only when the parse saw one.
    let duplicates = if repeated { duplicates::duplicate_keys(&source.text) } else { Vec::new() };
    for duplicate in duplicates {
        let key = duplicate.key.replace('~', "~0").replace('/', "~1");
        let at = Location::new(&source.path, format!("{}/{key}", duplicate.object));
        diags.warning(
            "duplicate-key",
            &at,
            format!(
                "members {} and {} of this object are both named `{}`; only the second is read: merge them or rename one",
                duplicate.first + 1,
                duplicate.second + 1,
                duplicate.key.escape_debug()
            ),
        );
    }
    match read::detect(&value) {
        Some(Format::Postman) => Some(postman::lower(&source.path, value, options, diags)),
        Some(Format::OpenApi) => {
            if let Some((pointer, message)) = unsupported_version(&value) {
                diags.error("unsupported-version", &Location::new(&source.path, pointer), message);
                return None;
            }
            if let Some((pointer, deepest)) = depth::too_deep(&value) {
                diags.error(
                    "too-deep",
                    &Location::new(&source.path, pointer),
                    format!(
                        "the schemas starting here nest {deepest} levels deep once every `$ref` is followed (the limit is {}); a chain this long is almost certainly generated, not designed: shorten it",
                        depth::MAX_DEPTH
                    ),
                );
                return None;
            }
            Some(openapi::lower(&source.path, value, options.previous_names, diags))
        }
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

/// Why a document that looks like OpenAPI is of a version this generator cannot read, if it is:
/// reading Swagger 2.0 or a later OpenAPI as 3.0/3.1 would misread it quietly. A fragment (no
/// `openapi` member) is read as 3.x.
fn unsupported_version(value: &serde_json::Value) -> Option<(&'static str, String)> {
    if let Some(swagger) = value.get("swagger") {
        return Some((
            "/swagger",
            format!(
                "Swagger {swagger} is not supported; convert the document to OpenAPI 3.0 or 3.1 first (for example with `swagger2openapi`)"
            ),
        ));
    }
    let version = value.get("openapi")?;
    // Exporters sometimes write the version as a number (`3.1`).
    let text = match version {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    let supported = text.is_some_and(|v| {
        let mut parts = v.split('.');
        parts.next() == Some("3")
            && matches!(parts.next(), Some("0" | "1"))
            && parts.all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    });
    (!supported).then(|| {
        ("/openapi", format!("OpenAPI version {version} is not supported; this generator reads 3.0.x and 3.1.x"))
    })
}

/// JSON first (the common case, and the only one for Postman); YAML for `.yaml`/`.yml` files or
/// when the text is not JSON. With the value, whether an object of the JSON repeats a key (the
/// YAML parser refuses a repeated key).
fn parse_document(source: &Source) -> Result<(serde_json::Value, bool), String> {
    let is_yaml = source.path.ends_with(".yaml") || source.path.ends_with(".yml");
    if !is_yaml {
        match duplicates::parse(&source.text) {
            Ok(parsed) => return Ok(parsed),
            Err(error) if source.text.trim_start().starts_with(['{', '[']) => {
                return Err(format!("invalid JSON at line {}, column {}: {error}", error.line(), error.column()));
            }
            Err(_) => {}
        }
    }
    if let Some((line, column)) = yaml_too_deep(&source.text) {
        return Err(format!(
            "invalid YAML at line {line}, column {column}: nested more than {MAX_YAML_DEPTH} levels deep"
        ));
    }
    // Through serde_norway's own value: merge keys (`<<: *base`, YAML 1.1, common in OpenAPI
    // files) are applied only there, and a duplicate key is refused there instead of silently
    // keeping the last one.
    let mut value: serde_norway::Value =
        serde_norway::from_str(&source.text).map_err(|error| format!("invalid YAML: {error}"))?;
    value.apply_merge().map_err(|error| format!("invalid YAML merge key: {error}"))?;
    let value = serde_json::to_value(value).map_err(|error| format!("YAML that JSON cannot hold: {error}"))?;
    Ok((value, false))
}

/// Deeper YAML than this is refused before parsing: the YAML parser is slow on deep nesting (a
/// 100,000-deep flow sequence takes many seconds to refuse), and no description nests so deep.
const MAX_YAML_DEPTH: usize = 512;

/// Where the text first nests deeper than [`MAX_YAML_DEPTH`] flow collections (`[`, `{`) or
/// block sequences on one line (`- - - ...`). Quoted scalars and comments are skipped; the count
/// is rough elsewhere, which the generous limit allows.
fn yaml_too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth: usize = 0;
    for (index, line) in text.lines().enumerate() {
        let mut dashes = 0;
        let mut rest = line.trim_start();
        while let Some(after) = rest.strip_prefix("- ") {
            dashes += 1;
            rest = after.trim_start();
        }
        if dashes > MAX_YAML_DEPTH {
            return Some((index + 1, 1));
        }
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(open), c) if c == open => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if previous.is_whitespace() || matches!(previous, '[' | '{' | ',' | ':') => {
                    quote = Some(c)
                }
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_YAML_DEPTH {
                        return Some((index + 1, column + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = c;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{Source, parse_document};
    use serde_json::json;

    fn yaml(text: &str) -> Result<serde_json::Value, String> {
        parse_document(&Source { path: "spec.yaml".into(), text: text.into() }).map(|(value, _)| value)
    }

    /// What real OpenAPI documents use from YAML 1.1/1.2, read the way PyYAML and js-yaml read it.
    #[test]
    fn yaml_features_of_real_documents() {
        let text = "\
base: &base {type: string, maxLength: 5}
alias: *base
merged:
  <<: *base
  maxLength: 9
literal: |
  line one
  line two
folded: >
  one
  two
tagged: !!str 123
big: 18446744073709551615
";
        let value = yaml(text).unwrap();
        assert_eq!(value["alias"], json!({"type": "string", "maxLength": 5}));
        assert_eq!(value["merged"], json!({"type": "string", "maxLength": 9}));
        assert_eq!(value["literal"], json!("line one\nline two\n"));
        assert_eq!(value["folded"], json!("one two\n"));
        assert_eq!(value["tagged"], json!("123"));
        assert_eq!(value["big"], json!(18446744073709551615u64));
    }

    /// js-yaml refuses a duplicate key; PyYAML keeps the last. Refusing is the loud choice.
    #[test]
    fn yaml_duplicate_keys_are_an_error() {
        let error = yaml("a: 1\na: 2\n").unwrap_err();
        assert!(error.contains("duplicate"), "{error}");
    }
}
