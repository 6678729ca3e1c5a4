//! Path, query and header parameters of one request.
//!
//! Postman shows parameters only by example, so their types come from the example value
//! (`true/false` -> `bool`, `2` -> an integer, `*` or a `{{var}}` -> `String`). They are optional
//! unless a description says "(Required)"; path parameters are always required.

use indexmap::IndexSet;

use super::path::Segment;
use crate::ir::{Constraints, Param, ParamLocation, PathSegment, Ty};
use crate::lower::{docs, infer};
use crate::naming;
use crate::read::postman::Entry;

/// Headers that the client sets itself (auth, content negotiation, transport).
const CLIENT_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "accept",
    "content-length",
    "host",
    "user-agent",
    "accept-encoding",
    "connection",
];

/// Whether a header is the client's job rather than a parameter.
pub fn is_client_header(key: &str) -> bool {
    CLIENT_HEADERS.contains(&key.trim().to_ascii_lowercase().as_str())
}

/// The operation's path template, its segments and its path parameters.
pub struct PathParts {
    pub template: String,
    pub segments: Vec<PathSegment>,
}

/// Builds the path template and pushes one parameter per path variable into `params`.
pub fn path(
    segments: &[Segment],
    trailing_slash: bool,
    variables: &[Entry],
    params: &mut Vec<Param>,
    taken: &mut IndexSet<String>,
) -> PathParts {
    let mut parts = PathParts { template: String::new(), segments: Vec::new() };
    let mut literal = String::new();
    for segment in segments {
        literal.push('/');
        let pieces = match segment {
            Segment::Mixed(pieces) => pieces.as_slice(),
            single => std::slice::from_ref(single),
        };
        for piece in pieces {
            match piece {
                Segment::Literal(text) => literal.push_str(&encode_literal(text)),
                Segment::Param { wire, example } => {
                    let variable = variables.iter().find(|v| &v.key == wire);
                    let example = example
                        .clone()
                        .or_else(|| variable.map(|v| v.value.clone()).filter(|v| !is_placeholder(v) && !v.is_empty()));
                    let index = params.len();
                    params.push(Param {
                        name: unique_name(wire, "path", taken),
                        wire_name: wire.clone(),
                        location: ParamLocation::Path,
                        ty: Ty::String,
                        required: true,
                        docs: variable
                            .and_then(|v| v.description.as_deref())
                            .and_then(docs::markdown)
                            .map(|d| strip_required(&d)),
                        example,
                        constraints: Constraints::default(),
                    });
                    if !literal.is_empty() {
                        parts.segments.push(PathSegment::Literal(std::mem::take(&mut literal)));
                    }
                    parts.segments.push(PathSegment::Param(index));
                }
                Segment::Mixed(_) => {}
            }
        }
    }
    if trailing_slash {
        literal.push('/');
    }
    if !literal.is_empty() {
        parts.segments.push(PathSegment::Literal(literal));
    }
    parts.template = template(&parts.segments, params);
    parts
}

/// Percent-encodes what may not appear in a path segment (spaces, `<`, `>`, quotes ...), so that
/// a literal is valid as it is sent; `%` is kept, as the text may already be encoded.
fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%".contains(c) {
            out.push(c);
        } else {
            let mut buffer = [0u8; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

fn template(segments: &[PathSegment], params: &[Param]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            PathSegment::Literal(text) => out.push_str(text),
            PathSegment::Param(index) => {
                out.push('{');
                out.push_str(params.get(*index).map_or("", |p| p.wire_name.as_str()));
                out.push('}');
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Query parameters: one per distinct key (a repeated key is a `Vec`).
pub fn query(entries: &[Entry], params: &mut Vec<Param>, taken: &mut IndexSet<String>) {
    for (key, group) in group_by_key(entries) {
        let ty = common_type(group.iter().map(|e| e.value.as_str()));
        let example = group.iter().find(|e| !e.value.trim().is_empty() && !is_placeholder(&e.value)).copied();
        let ty = if group.len() > 1 { Ty::Vec(Box::new(ty)) } else { ty };
        let mut param = param(&key, ParamLocation::Query, ty, example.unwrap_or(group[0]), "query", taken);
        if param.ty == Ty::Bool {
            // `true/false` lists the choices; the example is the first one.
            param.example = param.example.map(|e| e.split(['/', '|']).next().unwrap_or_default().trim().to_owned());
        }
        params.push(param);
    }
}

/// The one type that every shown value has; values that disagree (`2` and `abc`) make it a
/// `String`, which accepts them all, and integers seen next to decimals are `f64`.
pub fn common_type<'a>(values: impl Iterator<Item = &'a str>) -> Ty {
    let mut found: Option<Ty> = None;
    for value in values.filter(|v| !v.trim().is_empty() && !is_placeholder(v)) {
        let ty = text_type(value);
        found = Some(match found {
            None => ty,
            Some(seen) if seen == ty => seen,
            Some(seen) if is_number(&seen) && is_number(&ty) => Ty::F64,
            Some(_) => return Ty::String,
        });
    }
    found.unwrap_or(Ty::String)
}

fn is_number(ty: &Ty) -> bool {
    matches!(ty, Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64)
}

/// Header parameters: every header that is not the client's job.
pub fn headers(entries: &[Entry], params: &mut Vec<Param>, taken: &mut IndexSet<String>) {
    for (key, group) in group_by_key(entries) {
        if is_client_header(&key) {
            continue;
        }
        params.push(param(&key, ParamLocation::Header, Ty::String, group[0], "header", taken));
    }
}

fn param(
    key: &str,
    location: ParamLocation,
    ty: Ty,
    entry: &Entry,
    suffix: &str,
    taken: &mut IndexSet<String>,
) -> Param {
    let docs = entry.description.as_deref().and_then(docs::markdown);
    let required = docs.as_deref().is_some_and(says_required);
    Param {
        name: unique_name(key, suffix, taken),
        wire_name: key.to_owned(),
        location,
        ty,
        required,
        docs: docs.map(|d| strip_required(&d)).filter(|d| !d.is_empty()),
        example: Some(entry.value.clone()).filter(|v| !v.is_empty() && !is_placeholder(v)),
        constraints: Constraints::default(),
    }
}

fn group_by_key(entries: &[Entry]) -> Vec<(String, Vec<&Entry>)> {
    let mut groups: Vec<(String, Vec<&Entry>)> = Vec::new();
    for entry in entries.iter().filter(|e| !e.key.trim().is_empty()) {
        let key = entry.key.trim();
        match groups.iter_mut().find(|(k, _)| k == key) {
            Some((_, group)) => group.push(entry),
            None => groups.push((key.to_owned(), vec![entry])),
        }
    }
    groups
}

/// A snake_case name unique in the operation; a clash with an earlier parameter (the same name
/// in the path and the query) is broken with the location (`person_uid_query`).
pub fn unique_name(wire: &str, suffix: &str, taken: &mut IndexSet<String>) -> String {
    let name = naming::snake(wire);
    if taken.insert(name.clone()) {
        return name;
    }
    naming::unique(format!("{name}_{suffix}"), taken)
}

/// The type of a value shown as text. Placeholders say nothing; `true/false` lists the choices
/// of a boolean.
fn text_type(value: &str) -> Ty {
    let value = value.trim();
    if value.is_empty() || is_placeholder(value) {
        return Ty::String;
    }
    let choices: Vec<&str> = value.split(['/', '|']).map(str::trim).collect();
    if choices.len() > 1 && choices.iter().all(|c| c.eq_ignore_ascii_case("true") || c.eq_ignore_ascii_case("false")) {
        return Ty::Bool;
    }
    infer::scalar_from_text(value)
}

/// `{{var}}`, `[var]`, `<var>` or `:var`: a value to be filled in, not an example.
pub fn is_placeholder(value: &str) -> bool {
    let value = value.trim();
    (value.starts_with("{{") && value.ends_with("}}"))
        || (value.starts_with('[') && value.ends_with(']'))
        || (value.starts_with('<') && value.ends_with('>'))
        || (value.starts_with(':') && value.len() > 1 && value[1..].chars().all(|c| c.is_alphanumeric() || c == '_'))
}

fn says_required(docs: &str) -> bool {
    let lower = docs.trim_start().to_ascii_lowercase();
    lower.starts_with("(required)") || lower.starts_with("required")
}

/// `(Required) Twilio SendGrid account ID` -> `Twilio SendGrid account ID`: the type already
/// says it.
fn strip_required(docs: &str) -> String {
    let trimmed = docs.trim_start();
    match trimmed.get(..10) {
        Some(head) if head.eq_ignore_ascii_case("(required)") => trimmed[10..].trim_start().to_owned(),
        _ => docs.to_owned(),
    }
}
