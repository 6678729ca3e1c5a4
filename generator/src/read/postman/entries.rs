//! The small shapes a collection repeats everywhere: key/value entries (headers, query, form
//! fields, path variables), descriptions and URLs, each in the several forms exports use.

use serde_json::Value;

use super::Url;
use crate::diag::Diagnostics;
use crate::ir::Location;

/// One key/value entry: a header, a query parameter, a form field or a path variable.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    /// The value as text (`""` when absent); for a file form field, its `src`.
    pub value: String,
    /// `disabled: true` (or the v1 leftover `enabled: false`): shown in the UI but not sent.
    pub disabled: bool,
    pub description: Option<String>,
    /// A form-data file field (`type: file`).
    pub file: bool,
    pub location: Location,
}

/// A JSON value as the text Postman would send: strings as they are, `null` as empty.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A description: a string, or `{content, type}`.
pub fn description(value: &Value, at: &Location, diags: &mut Diagnostics) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        Value::Object(object) => match object.get("content") {
            Some(Value::String(text)) => Some(text.clone()),
            _ => None,
        },
        _ => {
            diags.warning(
                "invalid-description",
                at,
                "a description that is neither text nor `{content, type}`; ignored",
            );
            None
        }
    }
}

/// A list of entries, or the string form of headers (`"Key: value\nOther: value"`).
pub fn entries(value: &Value, at: &Location, diags: &mut Diagnostics) -> Vec<Entry> {
    match value {
        Value::Null => Vec::new(),
        // The string form of headers: one `Key: value` per line.
        Value::String(text) => {
            let mut out = Vec::new();
            for line in text.lines().filter(|line| !line.trim().is_empty()) {
                match line.split_once(':') {
                    Some((key, value)) if !key.trim().is_empty() => out.push(plain_entry(key.trim(), value.trim(), at)),
                    _ => diags.warning(
                        "invalid-entry",
                        at,
                        format!("`{}` is not a `Key: value` line; ignored", line.trim()),
                    ),
                }
            }
            out
        }
        Value::Array(list) => {
            list.iter().enumerate().filter_map(|(index, entry)| list_entry(entry, &at.child(index), diags)).collect()
        }
        _ => {
            diags.warning("invalid-entry", at, "expected a list of `{key, value}` entries; ignored");
            Vec::new()
        }
    }
}

fn plain_entry(key: &str, value: &str, at: &Location) -> Entry {
    Entry {
        key: key.to_owned(),
        value: value.to_owned(),
        disabled: false,
        description: None,
        file: false,
        location: at.clone(),
    }
}

fn list_entry(entry: &Value, at: &Location, diags: &mut Diagnostics) -> Option<Entry> {
    let Some(key) = entry.get("key").and_then(Value::as_str) else {
        // Postman keeps empty trailing rows of its editor; only a row with content is worth a word.
        let has_value = entry.get("value").is_some_and(|v| !text(v).is_empty());
        if has_value || !entry.is_object() {
            diags.warning("invalid-entry", at, "an entry without `key`; ignored");
        }
        return None;
    };
    let file = entry.get("type").and_then(Value::as_str) == Some("file");
    let value = if file {
        match entry.get("src") {
            Some(Value::Array(sources)) => sources.iter().map(text).collect::<Vec<_>>().join(","),
            Some(source) => text(source),
            None => String::new(),
        }
    } else {
        entry.get("value").map(text).unwrap_or_default()
    };
    let disabled = entry.get("disabled").and_then(Value::as_bool) == Some(true)
        || entry.get("enabled").and_then(Value::as_bool) == Some(false);
    let description = entry.get("description").and_then(|d| description(d, &at.child("description"), diags));
    Some(Entry { key: key.to_owned(), value, disabled, description, file, location: at.clone() })
}

/// A URL given as one string: everything before `?` is kept as written, the query is split into
/// entries.
pub fn url_from_text(raw: &str, at: &Location) -> Url {
    let raw = raw.trim();
    let without_fragment = raw.split_once('#').map_or(raw, |(before, _)| before);
    let (base, query) = match without_fragment.split_once('?') {
        Some((base, query)) => (base, query_entries(query, at)),
        None => (without_fragment, Vec::new()),
    };
    Url { raw: base.to_owned(), query, variables: Vec::new(), location: at.clone() }
}

fn query_entries(query: &str, at: &Location) -> Vec<Entry> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => plain_entry(key, value, at),
            None => plain_entry(pair, "", at),
        })
        .collect()
}

/// The URL of a request object: `url` as a string or an object, or Outseta's `urlObject` when
/// `url` is empty.
pub fn url(request: &Value, at: &Location, diags: &mut Diagnostics) -> Url {
    let mut url = match request.get("url") {
        Some(Value::String(raw)) => url_from_text(raw, &at.child("url")),
        Some(object @ Value::Object(_)) => url_from_object(object, &at.child("url"), diags),
        Some(Value::Null) | None => Url { location: at.child("url"), ..Url::default() },
        Some(_) => {
            diags.warning("invalid-url", &at.child("url"), "`url` is neither a string nor an object; ignored");
            Url { location: at.child("url"), ..Url::default() }
        }
    };
    if url.raw.is_empty() {
        if let Some(object @ Value::Object(_)) = request.get("urlObject") {
            let from_object = url_from_object(object, &at.child("urlObject"), diags);
            if !from_object.raw.is_empty() {
                url = from_object;
            }
        }
    }
    url
}

fn url_from_object(object: &Value, at: &Location, diags: &mut Diagnostics) -> Url {
    let raw = object.get("raw").and_then(Value::as_str).unwrap_or("").trim();
    let mut url = if raw.is_empty() { url_from_text(&rebuild_raw(object), at) } else { url_from_text(raw, at) };
    // The structured query also lists disabled entries, which `raw` leaves out.
    if let Some(query) = object.get("query").filter(|q| q.is_array()) {
        url.query = entries(query, &at.child("query"), diags);
    }
    if let Some(variables) = object.get("variable").filter(|v| v.is_array()) {
        url.variables = entries(variables, &at.child("variable"), diags);
    }
    url
}

/// `protocol://host/path` from the structured parts, for objects without `raw`.
fn rebuild_raw(object: &Value) -> String {
    let join = |value: Option<&Value>, separator: &str| -> String {
        match value {
            Some(Value::Array(parts)) => parts
                .iter()
                .map(|part| match part {
                    Value::Object(segment) => segment.get("value").map(text).unwrap_or_default(),
                    other => text(other),
                })
                .collect::<Vec<_>>()
                .join(separator),
            Some(other) => text(other),
            None => String::new(),
        }
    };
    let host = join(object.get("host"), ".");
    let path = join(object.get("path"), "/");
    let mut raw = String::new();
    if let Some(protocol) = object.get("protocol").and_then(Value::as_str).filter(|_| !host.is_empty()) {
        raw.push_str(protocol);
        raw.push_str("://");
    }
    raw.push_str(&host);
    if !path.is_empty() {
        if !raw.is_empty() && !path.starts_with('/') {
            raw.push('/');
        }
        raw.push_str(&path);
    }
    raw
}
