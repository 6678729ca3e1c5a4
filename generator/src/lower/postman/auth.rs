//! Postman auth blocks and `Authorization` header templates -> the API's auth schemes.
//!
//! A request's effective auth block (already inherited by the reader) gives one scheme; an
//! `Authorization` header whose value is a template (`{{authorizationtoken}}`,
//! `Outseta {{apiKey}}:{{apiKeySecret}}`) gives another. Schemes are shared by every operation
//! that uses the same one; secret names compare case-insensitively, so `{{authorizationToken}}`
//! and `{{authorizationtoken}}` are one credential.

use crate::diag::Diagnostics;
use crate::ir::{AuthKind, AuthScheme, TemplatePart};
use crate::naming;
use crate::read::postman::{Auth, Request};

/// The indexes into `schemes` of the auth that `request` uses, adding schemes as needed.
pub fn operation_auth(request: &Request, schemes: &mut Vec<AuthScheme>, diags: &mut Diagnostics) -> Vec<usize> {
    let mut indexes = Vec::new();
    if let Some(auth) = &request.auth {
        if let Some(scheme) = from_block(auth, diags) {
            indexes.push(intern(scheme, schemes));
        }
    }
    let header = request.headers.iter().find(|h| !h.disabled && h.key.trim().eq_ignore_ascii_case("authorization"));
    if let Some(header) = header.filter(|h| !h.value.trim().is_empty()) {
        let scheme = from_header(header.value.trim(), &header.location, diags);
        let index = intern(scheme, schemes);
        if !indexes.contains(&index) {
            indexes.push(index);
        }
    }
    indexes
}

fn from_block(auth: &Auth, diags: &mut Diagnostics) -> Option<AuthScheme> {
    let scheme = |name: &str, kind: AuthKind| Some(AuthScheme { name: name.to_owned(), kind, docs: None });
    match auth.kind.as_str() {
        "bearer" => scheme("bearer", AuthKind::Bearer),
        "basic" => scheme("basic", AuthKind::Basic),
        "apikey" => {
            let key = auth.params.get("key").map(|k| k.trim()).filter(|k| !k.is_empty());
            let Some(key) = key else {
                diags.warning(
                    "unsupported-auth",
                    &auth.location,
                    "an `apikey` auth without a `key` name; the operations using it have no auth",
                );
                return None;
            };
            let kind = match auth.params.get("in").map(String::as_str) {
                Some("query") => AuthKind::ApiKeyQuery { param: key.to_owned() },
                _ => AuthKind::ApiKeyHeader { header: key.to_owned() },
            };
            scheme(&naming::snake(key), kind)
        }
        // The same kind as an OpenAPI `oauth2` scheme: the client sends the access token it is
        // given; the grant type, when the export names it, is kept for the docs.
        "oauth2" => {
            let flows = auth.params.get("grant_type").filter(|g| !g.is_empty()).cloned().into_iter().collect();
            scheme("oauth2", AuthKind::OAuth2 { flows })
        }
        other => {
            diags.warning(
                "unsupported-auth",
                &auth.location,
                format!(
                    "`{other}` auth is not supported (bearer, basic, apikey and oauth2 tokens are); the operations using it are sent without auth"
                ),
            );
            None
        }
    }
}

/// An `Authorization` header value: `Bearer {{token}}` is bearer auth; any other template is
/// sent as written with its `{{secrets}}` filled in. A literal credential is never kept.
fn from_header(value: &str, at: &crate::ir::Location, diags: &mut Diagnostics) -> AuthScheme {
    let parts = template_parts(value);
    let secrets = parts.iter().filter(|p| matches!(p, TemplatePart::Secret(_))).count();
    let lower = value.to_ascii_lowercase();
    if lower.starts_with("bearer ") && (secrets == 0 || (secrets == 1 && parts.len() == 2)) {
        if secrets == 0 {
            diags.warning(
                "literal-credential",
                at,
                "the `Authorization` header holds a literal bearer token; it is not kept: the client sends the token it is given",
            );
        }
        return AuthScheme { name: "bearer".to_owned(), kind: AuthKind::Bearer, docs: None };
    }
    if secrets == 0 {
        diags.warning(
            "literal-credential",
            at,
            "the `Authorization` header holds a literal credential; it is not kept: the client sends the `authorization` value it is given",
        );
        let parts = vec![TemplatePart::Secret("authorization".to_owned())];
        return AuthScheme {
            name: "authorization".to_owned(),
            kind: AuthKind::HeaderTemplate { header: "Authorization".to_owned(), parts },
            docs: None,
        };
    }
    let name = template_name(&parts);
    let docs = Some(format!("Sent as `Authorization: {value}`."));
    AuthScheme { name, kind: AuthKind::HeaderTemplate { header: "Authorization".to_owned(), parts }, docs }
}

fn template_parts(value: &str) -> Vec<TemplatePart> {
    let mut parts = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        if start > 0 {
            parts.push(TemplatePart::Literal(rest[..start].to_owned()));
        }
        parts.push(TemplatePart::Secret(naming::snake(rest[start + 2..start + len].trim())));
        rest = &rest[start + len + 2..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_owned()));
    }
    parts
}

/// `{{authorizationtoken}}` -> `authorizationtoken`; `Outseta {{apiKey}}:{{apiKeySecret}}` ->
/// `outseta_api_key` (the leading words and the first secret).
fn template_name(parts: &[TemplatePart]) -> String {
    let mut words = String::new();
    for part in parts {
        match part {
            TemplatePart::Literal(text) => {
                words.push_str(text);
                words.push(' ');
            }
            TemplatePart::Secret(name) => {
                words.push_str(name);
                break;
            }
        }
    }
    naming::snake(&words)
}

/// The index of an equal scheme, or of `scheme` once added under a unique name.
fn intern(scheme: AuthScheme, schemes: &mut Vec<AuthScheme>) -> usize {
    let key = comparable(&scheme.kind);
    if let Some(index) = schemes.iter().position(|s| comparable(&s.kind) == key) {
        return index;
    }
    let mut taken = schemes.iter().map(|s| s.name.clone()).collect();
    let name = naming::unique(scheme.name.clone(), &mut taken);
    schemes.push(AuthScheme { name, ..scheme });
    schemes.len() - 1
}

/// The kind with secret names folded (`authorization_token` == `authorizationtoken`).
fn comparable(kind: &AuthKind) -> AuthKind {
    match kind {
        AuthKind::HeaderTemplate { header, parts } => AuthKind::HeaderTemplate {
            header: header.to_ascii_lowercase(),
            parts: parts
                .iter()
                .map(|part| match part {
                    TemplatePart::Secret(name) => TemplatePart::Secret(name.replace('_', "")),
                    literal => literal.clone(),
                })
                .collect(),
        },
        AuthKind::ApiKeyHeader { header } => AuthKind::ApiKeyHeader { header: header.to_ascii_lowercase() },
        other => other.clone(),
    }
}
