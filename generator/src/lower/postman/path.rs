//! Request URLs -> base URL + path template.
//!
//! Postman URLs start with the server (`{{baseUrl}}`, `{{url}}`, `https://host`) and spell path
//! parameters four ways (`:accountID`, `{{accountUid}}`, `[personUid]`, `{subscriptionUid}`).
//! Example URLs also hold literal ids where the author pasted a real request
//! (`/crm/accounts/wDQ2w9V6/memberships`); those become parameters, named after a sibling
//! operation's parameter at the same position when there is one.

use indexmap::IndexMap;

use crate::diag::Diagnostics;
use crate::ir::Location;
use crate::naming::{self, words};

/// One `/`-separated piece of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// A whole-segment parameter; `example` is the literal id it replaced, if any.
    Param { wire: String, example: Option<String> },
    /// Literal text mixed with `{{var}}` parameters inside one segment (`{{id}}.json`).
    Mixed(Vec<Segment>),
}

/// A URL split at the end of its server part.
#[derive(Debug, Clone)]
pub struct SplitPath {
    /// The server as written (`{{baseUrl}}`, `https://api.example.com`), `None` for a relative URL.
    pub server: Option<String>,
    pub segments: Vec<Segment>,
    /// The path ends with `/` (`{{url}}/crm/accounts/`), kept as written.
    pub trailing_slash: bool,
}

/// Splits the server part off `raw` (which has no query) and parses the path segments.
pub fn split(raw: &str) -> SplitPath {
    let raw = raw.trim();
    let (server, path) = if let Some(scheme_end) = raw.find("://") {
        let after = &raw[scheme_end + 3..];
        let host_end = after.find('/').map_or(raw.len(), |i| scheme_end + 3 + i);
        (Some(raw[..host_end].to_owned()), &raw[host_end..])
    } else {
        let first_end = raw.find('/').unwrap_or(raw.len());
        let first = &raw[..first_end];
        let is_variable_server = first.starts_with("{{") && first.contains("}}");
        let is_bare_host = first.contains('.') && !first.contains(['{', '[', ':']) && !first.is_empty();
        if is_variable_server {
            (Some(first.to_owned()), &raw[first_end..])
        } else if is_bare_host {
            // Postman itself sends a URL without a scheme over HTTP; HTTPS is the safer default.
            (Some(format!("https://{first}")), &raw[first_end..])
        } else {
            (None, raw)
        }
    };
    let trailing_slash = path.len() > 1 && path.ends_with('/');
    let segments = path.split('/').filter(|s| !s.is_empty()).map(parse_segment).collect();
    SplitPath { server, segments, trailing_slash }
}

fn parse_segment(text: &str) -> Segment {
    let param = |wire: &str| Segment::Param { wire: wire.to_owned(), example: None };
    let is_name = |name: &str| !name.is_empty() && !name.contains(['{', '}', '[', ']', '/']);
    if let Some(name) = text.strip_prefix(':').filter(|n| is_name(n)) {
        return param(name);
    }
    if let Some(name) = text.strip_prefix("{{").and_then(|t| t.strip_suffix("}}")).filter(|n| is_name(n)) {
        return param(name.trim());
    }
    if let Some(name) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')).filter(|n| is_name(n)) {
        return param(name);
    }
    if let Some(name) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')).filter(|n| is_name(n)) {
        return param(name);
    }
    if text.contains("{{") {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start..].find("}}") else { break };
            if start > 0 {
                pieces.push(Segment::Literal(rest[..start].to_owned()));
            }
            pieces.push(param(rest[start + 2..start + len].trim()));
            rest = &rest[start + len + 2..];
        }
        if !rest.is_empty() {
            pieces.push(Segment::Literal(rest.to_owned()));
        }
        return Segment::Mixed(pieces);
    }
    Segment::Literal(text.to_owned())
}

/// The base URL for a server part: a `{{var}}` is looked up in the collection variables; a
/// literal scheme and host is itself. `None` when it cannot be known from the collection.
pub fn resolve_server(server: &str, variables: &IndexMap<String, String>) -> Option<String> {
    let mut resolved = server.to_owned();
    // A variable's value may itself use variables; a few rounds resolve every sane chain.
    for _ in 0..4 {
        let Some(start) = resolved.find("{{") else { break };
        let Some(len) = resolved[start..].find("}}") else { break };
        let name = resolved[start + 2..start + len].trim().to_owned();
        let value = variables.get(&name).filter(|v| !v.trim().is_empty())?;
        resolved.replace_range(start..start + len + 2, value.trim());
    }
    let resolved = resolved.trim_end_matches('/').to_owned();
    (!resolved.contains("{{") && !resolved.is_empty()).then_some(resolved)
}

/// Replaces literal ids by parameters, across all operations at once so that siblings can
/// name them. `locations[i]` is where operation `i`'s URL is, for the warnings.
pub fn resolve_literal_ids(paths: &mut [Vec<Segment>], locations: &[(Location, String)], diags: &mut Diagnostics) {
    let snapshot: Vec<Vec<Segment>> = paths.to_vec();
    for (index, segments) in paths.iter_mut().enumerate() {
        for position in 0..segments.len() {
            let Segment::Literal(text) = &segments[position] else { continue };
            let text = text.clone();
            let sibling = looks_like_id_among_words(&text)
                .then(|| sibling_param(&snapshot, index, position))
                .flatten();
            let (at, _) = &locations[index];
            if let Some((wire, sibling_index)) = sibling {
                let sibling_name = &locations[sibling_index].1;
                diags.warning(
                    "literal-path-id",
                    at,
                    format!("the URL holds the literal `{text}` where \"{sibling_name}\" has the path parameter `{wire}`; it is read as that parameter"),
                );
                segments[position] = Segment::Param { wire, example: Some(text) };
            } else if looks_like_id(&text) {
                let before = segments[..position].iter().rev().find_map(|s| match s {
                    Segment::Literal(word) => Some(word.clone()),
                    _ => None,
                });
                let wire = match before {
                    Some(word) => format!("{}_id", words::singular(&naming::snake(&word))),
                    None => "id".to_owned(),
                };
                diags.warning(
                    "literal-path-id",
                    at,
                    format!("the URL holds the literal `{text}`, which looks like an id; it is read as the path parameter `{wire}`"),
                );
                segments[position] = Segment::Param { wire, example: Some(text) };
            }
        }
    }
}

/// A sibling operation with a parameter at `position` after the same prefix.
fn sibling_param(paths: &[Vec<Segment>], index: usize, position: usize) -> Option<(String, usize)> {
    let own = &paths[index];
    paths.iter().enumerate().filter(|(other, _)| *other != index).find_map(|(other, segments)| {
        let Some(Segment::Param { wire, .. }) = segments.get(position) else { return None };
        let same_prefix = (0..position).all(|i| match (&own[i], &segments[i]) {
            (Segment::Literal(a), Segment::Literal(b)) => a.eq_ignore_ascii_case(b),
            (Segment::Param { .. }, Segment::Param { .. }) => true,
            _ => false,
        });
        same_prefix.then(|| (wire.clone(), other))
    })
}

/// An id when a sibling has a parameter at the same place: not a plain word or a version.
/// `exmepWVG` (no digit, but not camelCase either) is an id; `forgotPassword` is not.
fn looks_like_id_among_words(text: &str) -> bool {
    let plain = text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    plain && text.len() >= 4 && !is_version(text) && (text.chars().any(|c| c.is_ascii_digit()) || !is_word(text))
}

/// An id with no sibling to confirm it: letters and digits mixed, 8 characters or more, or a
/// UUID, or a long number.
fn looks_like_id(text: &str) -> bool {
    let alphanumeric = text.chars().all(|c| c.is_ascii_alphanumeric());
    let has_digit = text.chars().any(|c| c.is_ascii_digit());
    let has_letter = text.chars().any(|c| c.is_ascii_alphabetic());
    let mixed = alphanumeric && text.len() >= 8 && has_digit && has_letter && !is_version(text);
    let number = alphanumeric && !has_letter && text.len() >= 4;
    mixed || number || is_uuid(text)
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_version(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let digits = lower.strip_prefix('v').unwrap_or(&lower);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Lower case, upper case, camelCase or PascalCase words, joined by `-` or `_`.
fn is_word(text: &str) -> bool {
    text.split(['-', '_']).all(|piece| {
        if piece.is_empty() || !piece.chars().all(|c| c.is_ascii_alphabetic()) {
            return false;
        }
        if piece.chars().all(|c| c.is_ascii_uppercase()) {
            return true;
        }
        // camelCase / PascalCase: every upper-case letter starts a lower-case run.
        let chars: Vec<char> = piece.chars().collect();
        chars.iter().enumerate().all(|(i, c)| !c.is_ascii_uppercase() || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_shapes() {
        assert!(looks_like_id_among_words("wDQ2w9V6"));
        assert!(looks_like_id_among_words("exmepWVG"));
        assert!(!looks_like_id_among_words("cancellation"));
        assert!(!looks_like_id_among_words("forgotPassword"));
        assert!(!looks_like_id_among_words("send-confirmation-email"));
        assert!(looks_like_id("KL9ngWZG"));
        assert!(!looks_like_id("v3"));
        assert!(looks_like_id("3f2b1c4d-0000-4a4a-9b9b-0123456789ab"));
    }

    #[test]
    fn servers() {
        assert_eq!(split("{{baseUrl}}/v3/accounts/:id").server.as_deref(), Some("{{baseUrl}}"));
        assert_eq!(split("https://echo.example.com/get").server.as_deref(), Some("https://echo.example.com"));
        assert_eq!(split("billing/subscriptions/{subscriptionUid}").server, None);
        assert_eq!(split("postman-echo.com/get").server.as_deref(), Some("https://postman-echo.com"));
    }
}
