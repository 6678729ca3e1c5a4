//! `components.securitySchemes` -> [`AuthScheme`]s, and `security` requirements -> indexes.

use indexmap::IndexMap;
use serde_json::Value;

use super::{Cx, description};
use crate::ir::{AuthKind, AuthScheme, Location};
use crate::naming;

/// The schemes of a document, and the index of each by its key in `securitySchemes`.
#[derive(Debug, Default)]
pub struct Security {
    pub schemes: Vec<AuthScheme>,
    by_key: IndexMap<String, usize>,
    /// The document-wide `security` requirement, when there is one.
    global: Option<Vec<usize>>,
}

pub fn schemes(cx: &mut Cx, root: &Location) -> Security {
    let document = cx.document;
    let mut security = Security::default();
    let at = root.child("components").child("securitySchemes");
    let Some(declared) = document.get("components").and_then(|c| c.get("securitySchemes")).and_then(Value::as_object)
    else {
        security.global = requirement(cx, &mut security, document.get("security"), &root.child("security"));
        return security;
    };
    let mut taken = indexmap::IndexSet::new();
    for (key, scheme) in declared {
        let Some((scheme, scheme_at)) = cx.deref(scheme, &at.child(key)) else {
            continue;
        };
        let Some(kind) = kind(cx, scheme, &scheme_at) else {
            continue;
        };
        let name = naming::unique(naming::snake(key), &mut taken);
        security.by_key.insert(key.clone(), security.schemes.len());
        security.schemes.push(AuthScheme { name, kind, docs: description(scheme) });
    }
    security.global = requirement(cx, &mut security, document.get("security"), &root.child("security"));
    security
}

fn kind(cx: &mut Cx, scheme: &Value, at: &Location) -> Option<AuthKind> {
    let text = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or("");
    let kind = match (text("type"), text("scheme").to_ascii_lowercase().as_str(), text("in")) {
        ("http", "bearer", _) => AuthKind::Bearer,
        ("http", "basic", _) => AuthKind::Basic,
        ("apiKey", _, "header") if !text("name").is_empty() => {
            AuthKind::ApiKeyHeader { header: text("name").to_owned() }
        }
        ("apiKey", _, "query") if !text("name").is_empty() => AuthKind::ApiKeyQuery { param: text("name").to_owned() },
        ("oauth2", _, _) => {
            let flows = scheme.get("flows").and_then(Value::as_object);
            AuthKind::OAuth2 { flows: flows.into_iter().flat_map(|flows| flows.keys().cloned()).collect() }
        }
        ("openIdConnect", _, _) => AuthKind::OpenIdConnect { url: text("openIdConnectUrl").to_owned() },
        (ty, scheme, place) => {
            let mut what = [ty, scheme, place].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
            if what.is_empty() {
                what.push_str("(no type)");
            }
            cx.diags.warning(
                "unsupported-auth",
                at,
                format!("security scheme `{what}` is not supported (bearer, basic, API keys in a header or the query, OAuth 2 and OpenID Connect are); operations that need only it get no authentication"),
            );
            return None;
        }
    };
    Some(kind)
}

/// A `security` list -> scheme indexes, in order, each once. `None` when the member is absent
/// (inherit), `Some(vec![])` for `security: []` (no authentication).
fn requirement(cx: &mut Cx, security: &mut Security, value: Option<&Value>, at: &Location) -> Option<Vec<usize>> {
    let list = value?.as_array()?;
    let mut indexes = Vec::new();
    for (position, alternative) in list.iter().enumerate() {
        for key in alternative.as_object().into_iter().flat_map(|o| o.keys()) {
            match security.by_key.get(key) {
                Some(&index) if !indexes.contains(&index) => indexes.push(index),
                Some(_) => {}
                None if cx
                    .document
                    .pointer(&format!("/components/securitySchemes/{}", key.replace('~', "~0").replace('/', "~1")))
                    .is_some() => {}
                None => cx.diags.warning(
                    "unknown-security-scheme",
                    &at.child(position),
                    format!("`{key}` is not in `components.securitySchemes`"),
                ),
            }
        }
    }
    Some(indexes)
}

impl Security {
    /// The schemes an operation uses: its own `security`, else the document's.
    pub fn for_operation(&mut self, cx: &mut Cx, operation: &Value, at: &Location) -> Vec<usize> {
        let own = requirement(cx, self, operation.get("security"), &at.child("security"));
        own.or_else(|| self.global.clone()).unwrap_or_default()
    }
}
