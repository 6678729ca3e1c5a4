//! Postman Collection v2.0 and v2.1, read leniently.
//!
//! The reader walks the parsed JSON itself instead of deserializing into strict serde models:
//! real exports break the schema in many small ways (see `corpus/INDEX.md`), and every
//! diagnostic needs the JSON pointer of what it is about, which a walk knows for free. The result
//! is a flat list of requests with their folder path and their effective auth (collection ->
//! folder -> request inheritance already applied), which is all that lowering needs.
//!
//! Unknown members are ignored; a member of an unexpected shape is a warning and is skipped.

mod entries;

use indexmap::IndexMap;
use serde_json::Value;

use crate::diag::Diagnostics;
use crate::ir::Location;

pub use entries::{Entry, description, url_from_text};

/// A collection, reduced to what the generator uses.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// `info.name` (or a root `name` when `info` is missing), as written.
    pub name: Option<String>,
    /// `info.description` (or a root `description`), HTML or Markdown, as written.
    pub description: Option<String>,
    /// Collection variables (`variable`, or `variables` in old v2.0 exports), by key.
    pub variables: IndexMap<String, String>,
    /// Every request, depth first in document order.
    pub requests: Vec<Request>,
}

/// One request item (a leaf of the item tree).
#[derive(Debug, Clone)]
pub struct Request {
    /// The item name, trimmed.
    pub name: String,
    /// Names of the enclosing folders, outermost first, trimmed.
    pub folders: Vec<String>,
    /// Upper-case method (`GET` when the export has none, as Postman does).
    pub method: String,
    pub url: Url,
    pub headers: Vec<Entry>,
    pub body: Option<Body>,
    /// The auth that applies after inheritance; `None` when nothing (or `noauth`) applies.
    pub auth: Option<Auth>,
    pub description: Option<String>,
    pub responses: Vec<SavedResponse>,
    /// Points at the item; `item_path` is "Folder / Sub folder / Item".
    pub location: Location,
}

/// A request URL, split into the part before the query and the query entries.
#[derive(Debug, Clone, Default)]
pub struct Url {
    /// Scheme, host and path as written, without query or fragment (`{{baseUrl}}/v3/x/:id`).
    /// Empty when the export has no URL.
    pub raw: String,
    /// Query entries, disabled ones included.
    pub query: Vec<Entry>,
    /// Path variables (`:id`) with their example values and descriptions.
    pub variables: Vec<Entry>,
    pub location: Location,
}

/// An auth block, the same for v2.0 (`{type, bearer: {token: ..}}`) and v2.1
/// (`{type, bearer: [{key, value}]}`).
#[derive(Debug, Clone)]
pub struct Auth {
    /// `bearer`, `basic`, `apikey`, `oauth2`, ...
    pub kind: String,
    /// The parameters of that kind, by key, values as text.
    pub params: IndexMap<String, String>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub enum Body {
    /// `mode: raw`; `language` from `options.raw.language`.
    Raw {
        text: String,
        language: Option<String>,
        location: Location,
    },
    UrlEncoded {
        entries: Vec<Entry>,
        location: Location,
    },
    FormData {
        entries: Vec<Entry>,
        location: Location,
    },
    File {
        location: Location,
    },
    GraphQl {
        query: String,
        variables: Option<String>,
        location: Location,
    },
}

/// A saved example response.
#[derive(Debug, Clone)]
pub struct SavedResponse {
    /// The example's name: often the request's name, sometimes what the status means.
    pub name: Option<String>,
    pub code: Option<u16>,
    /// The reason phrase (`OK`), used when `code` is missing.
    pub status: Option<String>,
    pub headers: Vec<Entry>,
    pub body: Option<String>,
    /// `_postman_previewlanguage` (`json`, `html`, `text`).
    pub preview_language: Option<String>,
    pub location: Location,
}

/// Reads a parsed collection. Never fails: what cannot be read is a diagnostic.
pub fn read(file: &str, document: &Value, diags: &mut Diagnostics) -> Collection {
    let root = Location::new(file, "");
    let mut collection = Collection::default();
    let info = document.get("info").filter(|info| info.is_object());
    let info_or_root = info.unwrap_or(document);
    collection.name = info_or_root.get("name").and_then(Value::as_str).map(|s| s.trim().to_owned());
    let description_at =
        if info.is_some() { root.child("info").child("description") } else { root.child("description") };
    collection.description = info_or_root.get("description").and_then(|d| description(d, &description_at, diags));
    for key in ["variable", "variables"] {
        if let Some(list) = document.get(key) {
            read_variables(list, &root.child(key), &mut collection.variables, diags);
        }
    }
    let auth = document.get("auth").and_then(|a| read_auth(a, &root.child("auth"), diags));
    match document.get("item") {
        Some(Value::Array(items)) => {
            let walk = Walk { folders: Vec::new(), auth };
            read_items(items, &root.child("item"), &walk, &mut collection.requests, diags);
        }
        Some(_) => diags.warning("invalid-item", &root.child("item"), "`item` is not a list; no requests read"),
        None => diags.warning("no-items", &root, "the collection has no `item` list; no requests read"),
    }
    collection
}

fn read_variables(list: &Value, at: &Location, into: &mut IndexMap<String, String>, diags: &mut Diagnostics) {
    let Some(list) = list.as_array() else {
        diags.warning("invalid-variable", at, "collection variables are not a list; ignored");
        return;
    };
    for (index, variable) in list.iter().enumerate() {
        let key = variable.get("key").or_else(|| variable.get("id")).and_then(Value::as_str);
        let Some(key) = key else {
            diags.warning("invalid-variable", &at.child(index), "a collection variable without `key`; ignored");
            continue;
        };
        let value = variable.get("value").map(entries::text).unwrap_or_default();
        into.insert(key.to_owned(), value);
    }
}

/// What an item inherits from its ancestors.
#[derive(Clone)]
struct Walk {
    folders: Vec<String>,
    auth: Option<Auth>,
}

fn read_items(items: &[Value], at: &Location, walk: &Walk, out: &mut Vec<Request>, diags: &mut Diagnostics) {
    for (index, item) in items.iter().enumerate() {
        let at = at.child(index);
        let name = item.get("name").and_then(Value::as_str).unwrap_or("").trim().to_owned();
        let mut path = walk.folders.clone();
        path.push(if name.is_empty() { format!("#{index}") } else { name.clone() });
        let mut at = at;
        at.item_path = Some(path.join(" / "));
        if !item.is_object() {
            diags.warning("invalid-item", &at, "an item that is not an object; skipped");
            continue;
        }
        let auth = match item.get("auth") {
            Some(auth) => read_inheritable_auth(auth, &at.child("auth"), &walk.auth, diags),
            None => walk.auth.clone(),
        };
        if let Some(children) = item.get("item") {
            let Some(children) = children.as_array() else {
                diags.warning("invalid-item", &at.child("item"), "a folder whose `item` is not a list; skipped");
                continue;
            };
            let inner = Walk { folders: path, auth };
            read_items(children, &at.child("item"), &inner, out, diags);
            continue;
        }
        let Some(request) = item.get("request") else {
            diags.warning("missing-request", &at, "an item with neither `request` nor `item`; skipped");
            continue;
        };
        out.push(read_request(item, request, name, walk.folders.clone(), auth, &at, diags));
    }
}

fn read_request(
    item: &Value,
    request: &Value,
    name: String,
    folders: Vec<String>,
    inherited_auth: Option<Auth>,
    at: &Location,
    diags: &mut Diagnostics,
) -> Request {
    let request_at = at.child("request");
    let responses = read_responses(item.get("response"), &at.child("response"), diags);
    let mut out = Request {
        name,
        folders,
        method: "GET".to_owned(),
        url: Url { location: request_at.clone(), ..Url::default() },
        headers: Vec::new(),
        body: None,
        auth: inherited_auth.clone(),
        description: item.get("description").and_then(|d| description(d, &at.child("description"), diags)),
        responses,
        location: at.clone(),
    };
    // A bare string is a GET of that URL (Postman's own shorthand).
    if let Value::String(url) = request {
        out.url = entries::url_from_text(url, &request_at);
        return out;
    }
    if !request.is_object() {
        diags.warning(
            "invalid-request",
            &request_at,
            "`request` is neither an object nor a URL string; read as an empty GET",
        );
        return out;
    }
    match request.get("method") {
        Some(Value::String(method)) if !method.trim().is_empty() => out.method = method.trim().to_ascii_uppercase(),
        None | Some(Value::Null) | Some(Value::String(_)) => {}
        Some(_) => diags.warning(
            "invalid-method",
            &request_at.child("method"),
            "`method` is not a string; the request is read as a GET",
        ),
    }
    out.url = entries::url(request, &request_at, diags);
    if let Some(headers) = request.get("header") {
        out.headers = entries::entries(headers, &request_at.child("header"), diags);
    }
    if let Some(body) = request.get("body").filter(|b| !b.is_null()) {
        out.body = read_body(body, &request_at.child("body"), diags);
    }
    if let Some(auth) = request.get("auth") {
        out.auth = read_inheritable_auth(auth, &request_at.child("auth"), &inherited_auth, diags);
    }
    if let Some(text) = request.get("description").and_then(|d| description(d, &request_at.child("description"), diags))
    {
        out.description = Some(text);
    }
    out
}

/// `null` and `{type: "inherit"}` inherit; `noauth` clears; anything else replaces.
fn read_inheritable_auth(
    value: &Value,
    at: &Location,
    inherited: &Option<Auth>,
    diags: &mut Diagnostics,
) -> Option<Auth> {
    if value.is_null() || value.get("type").and_then(Value::as_str) == Some("inherit") {
        return inherited.clone();
    }
    read_auth(value, at, diags)
}

fn read_auth(value: &Value, at: &Location, diags: &mut Diagnostics) -> Option<Auth> {
    if value.is_null() {
        return None;
    }
    let Some(kind) = value.get("type").and_then(Value::as_str) else {
        diags.warning("invalid-auth", at, "an auth block without `type`; ignored");
        return None;
    };
    if kind == "noauth" {
        return None;
    }
    let mut params = IndexMap::new();
    match value.get(kind) {
        // v2.1: a list of `{key, value, type}`.
        Some(Value::Array(list)) => {
            for entry in list {
                if let Some(key) = entry.get("key").and_then(Value::as_str) {
                    params.insert(key.to_owned(), entry.get("value").map(entries::text).unwrap_or_default());
                }
            }
        }
        // v2.0: an object of key -> value.
        Some(Value::Object(map)) => {
            for (key, value) in map {
                params.insert(key.clone(), entries::text(value));
            }
        }
        _ => {}
    }
    Some(Auth { kind: kind.to_owned(), params, location: at.clone() })
}

fn read_body(body: &Value, at: &Location, diags: &mut Diagnostics) -> Option<Body> {
    if !body.is_object() {
        diags.warning("invalid-body", at, "`body` is not an object; the request is sent without a body");
        return None;
    }
    if body.get("disabled").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    let mode = body.get("mode").and_then(Value::as_str).or_else(|| {
        // Some exports omit `mode`; the member present says it.
        ["raw", "urlencoded", "formdata", "file", "graphql"].into_iter().find(|m| body.get(m).is_some())
    });
    let location = at.clone();
    match mode? {
        "raw" => {
            let text = body.get("raw").map(entries::text).unwrap_or_default();
            let language = body.pointer("/options/raw/language").and_then(Value::as_str).map(str::to_owned);
            Some(Body::Raw { text, language, location })
        }
        "urlencoded" => {
            let entries =
                body.get("urlencoded").map(|v| entries::entries(v, &at.child("urlencoded"), diags)).unwrap_or_default();
            Some(Body::UrlEncoded { entries, location })
        }
        "formdata" => {
            let entries =
                body.get("formdata").map(|v| entries::entries(v, &at.child("formdata"), diags)).unwrap_or_default();
            Some(Body::FormData { entries, location })
        }
        "file" => Some(Body::File { location }),
        "graphql" => {
            let graphql = body.get("graphql");
            let query = graphql.and_then(|g| g.get("query")).map(entries::text).unwrap_or_default();
            let variables = graphql.and_then(|g| g.get("variables")).filter(|v| !v.is_null()).map(|v| match v {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            });
            Some(Body::GraphQl { query, variables, location })
        }
        other => {
            diags.warning(
                "unknown-body-mode",
                &at.child("mode"),
                format!("body mode `{other}` is not known; the request is sent without a body"),
            );
            None
        }
    }
}

fn read_responses(value: Option<&Value>, at: &Location, diags: &mut Diagnostics) -> Vec<SavedResponse> {
    let list = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(list)) => list,
        Some(_) => {
            diags.warning("invalid-response", at, "`response` is not a list; saved responses ignored");
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (index, response) in list.iter().enumerate() {
        let at = at.child(index);
        if !response.is_object() {
            diags.warning("invalid-response", &at, "a saved response that is not an object; ignored");
            continue;
        }
        let code = response.get("code").and_then(|c| match c {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        let code = code.and_then(|c| u16::try_from(c).ok()).filter(|c| (100..600).contains(c));
        let headers =
            response.get("header").map(|h| entries::entries(h, &at.child("header"), diags)).unwrap_or_default();
        out.push(SavedResponse {
            name: response.get("name").and_then(Value::as_str).map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
            code,
            status: response.get("status").and_then(Value::as_str).map(str::to_owned),
            headers,
            body: response.get("body").and_then(Value::as_str).map(str::to_owned),
            preview_language: response.get("_postman_previewlanguage").and_then(Value::as_str).map(str::to_owned),
            location: at,
        });
    }
    out
}
