//! Shared helpers of the integration tests in `tests/`: the lowered specs (to know what the
//! generator warned about), JSON comparison by value, and the wire form a test expects for an
//! example's parameters, computed independently of the generated code.

use std::path::PathBuf;

use generated::runtime::examples::{Input, ParamExample, ParamIn};
use generator::diag::Diagnostic;
use generator::ir;
use serde_json::Value;

/// The three APIs of the workspace, as `specs/apis.toml` names them.
pub const APIS: [&str; 3] = ["sendgrid", "outseta", "partners"];

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent().map(PathBuf::from).unwrap_or(dir)
}

/// One API lowered by the generator library, as `cargo xtask regen` does, with its diagnostics.
pub struct Lowered {
    pub api: ir::Api,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lowers the API `name` of `specs/apis.toml`.
pub fn lower(name: &str) -> Lowered {
    let root = workspace_root();
    let manifest = std::fs::read_to_string(root.join("specs/apis.toml")).expect("specs/apis.toml is readable");
    let manifest = generator::manifest::Manifest::parse(&manifest).expect("specs/apis.toml parses");
    let config = manifest.apis.iter().find(|api| api.name == name).expect("the API is in the manifest");
    let sources: Vec<generator::Source> = config
        .sources
        .iter()
        .map(|file| generator::Source {
            path: format!("specs/{file}"),
            text: std::fs::read_to_string(root.join("specs").join(file)).expect("the spec is readable"),
        })
        .collect();
    let mut diags = generator::diag::Diagnostics::new();
    let api = generator::lower_api(name, &sources, &config.settings, &mut diags).expect("the API lowers");
    Lowered { api, diagnostics: diags.into_vec() }
}

impl Lowered {
    /// The operation named `name`.
    pub fn operation(&self, name: &str) -> &ir::Operation {
        self.api.operations.iter().find(|op| op.name == name).expect("the operation is in the IR")
    }

    /// The `example-contradicts-schema` warnings of `op` about `what` (`request body`,
    /// `response 200`).
    pub fn contradictions(&self, op: &ir::Operation, what: &str) -> Vec<&Diagnostic> {
        let prefix = format!("the {what} example");
        self.diagnostics
            .iter()
            .filter(|d| d.code == "example-contradicts-schema" && d.file == op.location.file)
            .filter(|d| d.pointer == op.location.pointer || d.pointer.starts_with(&format!("{}/", op.location.pointer)))
            .filter(|d| d.message.starts_with(&prefix))
            .collect()
    }
}

/// JSON equality with numbers compared by value (`12 == 12.0`), object members in any order,
/// and a `null` member equal to an absent one: the generated models write `None` by leaving the
/// member out (DESIGN.md: optional and nullable fields are not serialized when `None`), which
/// means the same to every reader of these APIs. Two RFC 3339 date-times are equal when they
/// are the same instant with the same offset: a date-time field writes back in chrono's
/// spelling (`.5546764Z` as `.554676400Z`).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y || same_date_time(x, y),
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            let present = |map: &serde_json::Map<String, Value>| map.iter().filter(|(_, v)| !v.is_null()).count();
            present(x) == present(y)
                && x.iter()
                    .filter(|(_, v)| !v.is_null())
                    .all(|(key, value)| y.get(key).is_some_and(|other| json_eq(value, other)))
        }
        _ => a == b,
    }
}

fn same_date_time(a: &str, b: &str) -> bool {
    use chrono::DateTime;
    match (DateTime::parse_from_rfc3339(a), DateTime::parse_from_rfc3339(b)) {
        (Ok(a), Ok(b)) => a == b && a.offset() == b.offset(),
        _ => false,
    }
}

/// The textual values a parameter's JSON value is sent as: a string as it is, a number or bool
/// as its JSON text, one per element of a list, nothing for `null`.
pub fn param_texts(json: &str) -> Vec<String> {
    fn push(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Null => {}
            Value::String(text) => out.push(text.clone()),
            Value::Array(items) => items.iter().for_each(|item| push(item, out)),
            other => out.push(other.to_string()),
        }
    }
    let mut out = Vec::new();
    push(&serde_json::from_str(json).expect("example parameter values are JSON"), &mut out);
    out
}

/// Percent-encodes every byte outside RFC 3986's unreserved set, as a path segment must be for a
/// value never to change the structure of the URL.
pub fn encode_component(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The path a request for `template` with `params` must go to, percent-encoded.
pub fn expected_path(template: &str, params: &[ParamExample]) -> String {
    let mut path = template.to_owned();
    for param in params.iter().filter(|p| p.location == ParamIn::Path) {
        let value = param_texts(param.value).iter().map(|v| encode_component(v)).collect::<Vec<_>>().join(",");
        path = path.replace(&format!("{{{}}}", param.name), &value);
    }
    path
}

/// The query pairs a request with `params` must carry, in order.
pub fn expected_query(params: &[ParamExample]) -> Vec<(String, String)> {
    params
        .iter()
        .filter(|p| p.location == ParamIn::Query)
        .flat_map(|p| param_texts(p.value).into_iter().map(|value| (p.name.to_owned(), value)))
        .collect()
}

/// The header values a request with `params` must carry (a list joined by `, `).
pub fn expected_headers(params: &[ParamExample]) -> Vec<(String, String)> {
    params
        .iter()
        .filter(|p| p.location == ParamIn::Header)
        .filter_map(|p| {
            let values = param_texts(p.value);
            (!values.is_empty()).then(|| (p.name.to_owned(), values.join(", ")))
        })
        .collect()
}

/// The form pairs a JSON object is sent as (`application/x-www-form-urlencoded`): members in
/// order, strings as they are, numbers and bools as text, `null` members left out.
pub fn form_pairs(value: &Value) -> Vec<(String, String)> {
    let Value::Object(members) = value else {
        return Vec::new();
    };
    members
        .iter()
        .filter_map(|(key, value)| match value {
            Value::Null => None,
            Value::String(text) => Some((key.clone(), text.clone())),
            other => Some((key.clone(), other.to_string())),
        })
        .collect()
}

/// Repairs a compact JSON example that does not decode: the `""` placeholder ending at the
/// 1-based `column` that serde_json reports becomes `0`. `None` when there is no such token
/// there, so only documented empty placeholders are ever repaired.
pub fn repair_placeholder(text: &str, column: usize) -> Option<String> {
    let end = column.min(text.len());
    let start = end.checked_sub(2)?;
    (text.get(start..end) == Some("\"\"")).then(|| format!("{}0{}", &text[..start], &text[end..]))
}

/// Builds the endpoint of `example` from its documented values; when the body does not decode,
/// again with its `""` placeholders replaced by `0` one by one (see [`repair_placeholder`]).
/// Returns the endpoint, the body text it was built from, and whether it had to be repaired.
pub fn build_repaired<E: generated::runtime::Endpoint>(
    example: &generated::runtime::examples::Example<E>,
) -> Result<(E, Option<String>, bool), String> {
    let body = example.body.map(|body| body.value().to_owned());
    let first_error = match example.request() {
        Ok(endpoint) => return Ok((endpoint, body, false)),
        Err(error) => error,
    };
    let mut text = body.ok_or_else(|| format!("a request without a body failed to build: {first_error}"))?;
    for _ in 0..100 {
        match (example.build)(Input { body: Some(&text), params: &[] }) {
            Ok(endpoint) => return Ok((endpoint, Some(text), true)),
            Err(error) => {
                text = repair_placeholder(&text, error.column())
                    .ok_or_else(|| format!("the example fails for another reason than a \"\" placeholder: {error}"))?;
            }
        }
    }
    Err("too many placeholders".to_owned())
}

/// The fake secrets every test client uses; none of them may ever show in a `Debug`.
pub mod secrets {
    pub const SENDGRID_TOKEN: &str = "sg-secret-token";
    pub const OUTSETA_TOKEN: &str = "outseta-secret-access-token";
    pub const OUTSETA_BEARER: &str = "outseta-secret-bearer";
    pub const OUTSETA_OAUTH: &str = "outseta-secret-oauth";
    pub const OUTSETA_KEY: &str = "outseta-secret-key";
    pub const OUTSETA_KEY_SECRET: &str = "outseta-secret-key-secret";
    pub const PARTNERS_TOKEN: &str = "partners-secret-token";

    /// Every secret, to check that none leaks.
    pub const ALL: [&str; 7] =
        [SENDGRID_TOKEN, OUTSETA_TOKEN, OUTSETA_BEARER, OUTSETA_OAUTH, OUTSETA_KEY, OUTSETA_KEY_SECRET, PARTNERS_TOKEN];
}

/// The `Authorization` header the test clients send for an auth scheme, by scheme name.
pub fn expected_authorization(api: &str, scheme: &str) -> Option<String> {
    use secrets::*;
    Some(match (api, scheme) {
        ("sendgrid", "bearer") => format!("Bearer {SENDGRID_TOKEN}"),
        ("outseta", "authorizationtoken") => OUTSETA_TOKEN.to_owned(),
        ("outseta", "bearer") => format!("Bearer {OUTSETA_BEARER}"),
        ("outseta", "authorizationoath") => OUTSETA_OAUTH.to_owned(),
        ("outseta", "outseta_api_key") => format!("Outseta {OUTSETA_KEY}:{OUTSETA_KEY_SECRET}"),
        ("partners", "bearer_auth") => format!("Bearer {PARTNERS_TOKEN}"),
        _ => return None,
    })
}

/// A client of each API for `base_url`, with a credential for every scheme the API has, short
/// timeouts and no retries (the fault tests set their own).
pub mod clients {
    use std::time::Duration;

    use super::secrets::*;

    pub fn sendgrid(base_url: &str) -> generated::sendgrid::Client {
        generated::sendgrid::Client::builder()
            .base_url(base_url)
            .bearer(SENDGRID_TOKEN)
            .timeout(Duration::from_secs(5))
            .max_retries(0)
            .build()
            .expect("the client builds")
    }

    pub fn outseta(base_url: &str) -> generated::outseta::Client {
        generated::outseta::Client::builder()
            .base_url(base_url)
            .authorization_token(OUTSETA_TOKEN)
            .bearer(OUTSETA_BEARER)
            .authorization_oath(OUTSETA_OAUTH)
            .api_key_and_secret(OUTSETA_KEY, OUTSETA_KEY_SECRET)
            .timeout(Duration::from_secs(5))
            .max_retries(0)
            .build()
            .expect("the client builds")
    }

    pub fn partners(base_url: &str) -> generated::partners::Client {
        generated::partners::Client::builder()
            .base_url(base_url)
            .bearer_auth(PARTNERS_TOKEN)
            .timeout(Duration::from_secs(5))
            .max_retries(0)
            .build()
            .expect("the client builds")
    }
}
