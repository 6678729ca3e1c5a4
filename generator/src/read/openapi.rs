//! OpenAPI 3.0 and 3.1 documents and fragments.
//!
//! OpenAPI documents are read as a `serde_json::Value` and walked with JSON pointers rather than
//! deserialized into a full serde model: real documents bend the schema in many small ways, and
//! a pointer walk keeps every location for diagnostics and makes `$ref` resolution a cheap
//! lookup into the same tree (no clones). This module holds the few raw-format facts the
//! lowering needs: which dialect a document speaks and how a `$ref` resolves.

use serde_json::Value;

/// The OpenAPI dialect, from the `openapi` member. Fragments without it are read as 3.1, which
/// accepts every 3.0 construct the lowering understands (`nullable` included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V30,
    V31,
}

/// The dialect of `document`.
pub fn version(document: &Value) -> Version {
    match document.get("openapi").and_then(Value::as_str) {
        Some(text) if text.starts_with("3.0") => Version::V30,
        _ => Version::V31,
    }
}

/// Why a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The reference names another document (`other.yaml#/Foo`, `https://...`).
    External,
    /// The pointer leads nowhere in this document.
    Missing,
}

/// The JSON pointer a local `$ref` names (`#/components/schemas/Foo` -> `/components/schemas/Foo`),
/// still escaped as RFC 6901 says, so it can be used as a location as it is.
pub fn local_pointer(reference: &str) -> Result<&str, RefError> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Err(RefError::External);
    };
    Ok(pointer)
}

/// Follows a local `$ref` into `document`. Percent-encoded pointers (`%7B` in path keys) are
/// decoded first, as URI fragments require.
pub fn resolve<'a>(document: &'a Value, reference: &str) -> Result<&'a Value, RefError> {
    let pointer = local_pointer(reference)?;
    if let Some(found) = document.pointer(pointer) {
        return Ok(found);
    }
    if pointer.contains('%') {
        let decoded = percent_decode(pointer);
        if let Some(found) = document.pointer(&decoded) {
            return Ok(found);
        }
    }
    Err(RefError::Missing)
}

/// The pointer of a local `$ref`'s target as it resolves in `document` (percent-decoded when
/// only the decoded form exists).
pub fn target_pointer(document: &Value, reference: &str) -> Result<String, RefError> {
    let pointer = local_pointer(reference)?;
    if document.pointer(pointer).is_some() {
        return Ok(pointer.to_owned());
    }
    let decoded = percent_decode(pointer);
    if document.pointer(&decoded).is_some() {
        return Ok(decoded);
    }
    Err(RefError::Missing)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_local_and_refuses_external() {
        let document = serde_json::json!({"components": {"schemas": {"a/b": {"type": "string"}}}});
        assert_eq!(resolve(&document, "#/components/schemas/a~1b"), Ok(&serde_json::json!({"type": "string"})));
        assert_eq!(resolve(&document, "#/components/schemas/missing"), Err(RefError::Missing));
        assert_eq!(resolve(&document, "other.yaml#/x"), Err(RefError::External));
        assert_eq!(version(&serde_json::json!({"openapi": "3.0.3"})), Version::V30);
    }
}
