//! Request bodies and saved responses -> IR bodies, feeding every JSON example to inference.
//!
//! JSON bodies get an inference slot each (the request body of an operation, each response
//! status of an operation); their type is known only once the whole API has been seen, so the
//! IR holds `Ty::Any` until [`super::lower`] patches in what inference found.

use serde_json::Value;

use super::params;
use crate::diag::Diagnostics;
use crate::ir::{
    BodyKind, Example, Field, Location, MultipartField, RequestBody, Response, ResponseBody, StatusMatch, Struct, Ty,
    TypeDef, TypeId, TypeKind, TypeSpace,
};
use crate::lower::docs;
use crate::lower::infer::{Inference, SlotId};
use crate::read::postman::{Body, Entry, Request, SavedResponse};

/// What body lowering adds to: the inference slots and the type space.
pub struct Context<'a> {
    pub inference: &'a mut Inference,
    pub types: &'a mut TypeSpace,
    /// The one GraphQL request type of the API, made on first use.
    pub graphql: &'a mut Option<TypeId>,
    pub diags: &'a mut Diagnostics,
}

/// The request body, and its inference slot when it is JSON.
pub fn request_body(cx: &mut Context<'_>, request: &Request, pascal: &str) -> (Option<RequestBody>, Option<SlotId>) {
    let Some(body) = &request.body else {
        return (None, None);
    };
    let content_type = header_value(&request.headers, "content-type");
    let mut examples = Vec::new();
    let mut slot = None;
    let kind = match body {
        Body::Raw { text, language, location } => {
            if text.trim().is_empty() {
                return (None, None);
            }
            if is_json(language.as_deref(), content_type.as_deref(), text) {
                let id = cx.inference.slot(&format!("{pascal}Request"), location.clone());
                let at = location.child("raw");
                if let Some(value) = parse_example(text, &at, cx.diags) {
                    cx.inference.add_example(id, value.clone(), at.clone());
                    examples.push(Example { value, location: at });
                }
                slot = Some(id);
                let content_type =
                    content_type.filter(|ct| ct.contains("json")).unwrap_or_else(|| "application/json".to_owned());
                BodyKind::Json { content_type, ty: Ty::Any }
            } else {
                BodyKind::Text { content_type: content_type.unwrap_or_else(|| text_content_type(language.as_deref())) }
            }
        }
        Body::UrlEncoded { entries, location } => {
            if entries.iter().all(|e| e.key.trim().is_empty()) {
                return (None, None);
            }
            let id = form_struct(cx.types, &format!("{pascal}Request"), entries, location);
            BodyKind::Form { ty: Ty::Named(id), encoding: Vec::new() }
        }
        Body::FormData { entries, .. } => {
            if entries.iter().all(|e| e.key.trim().is_empty()) {
                return (None, None);
            }
            BodyKind::Multipart { fields: multipart_fields(entries) }
        }
        Body::File { .. } => {
            BodyKind::Binary { content_type: content_type.unwrap_or_else(|| "application/octet-stream".to_owned()) }
        }
        Body::GraphQl { query, variables, location } => {
            let mut example = serde_json::Map::new();
            example.insert("query".into(), Value::String(query.clone()));
            if let Some(text) = variables.as_deref().filter(|t| !t.trim().is_empty()) {
                if let Some(value) = parse_example(text, &location.child("graphql").child("variables"), cx.diags) {
                    example.insert("variables".into(), value);
                }
            }
            examples.push(Example { value: Value::Object(example), location: location.child("graphql") });
            BodyKind::Json { content_type: "application/json".to_owned(), ty: Ty::Named(graphql_type(cx, location)) }
        }
    };
    (Some(RequestBody { kind, required: true, docs: None, examples }), slot)
}

/// One response per status code seen in the saved examples, ascending; the JSON ones with their
/// inference slot (`(index into the result, slot)`).
pub fn responses(cx: &mut Context<'_>, request: &Request, pascal: &str) -> (Vec<Response>, Vec<(usize, SlotId)>) {
    let mut by_status: Vec<(u16, Vec<&SavedResponse>)> = Vec::new();
    for saved in &request.responses {
        let code = status_code(saved, cx.diags);
        match by_status.iter_mut().find(|(c, _)| *c == code) {
            Some((_, group)) => group.push(saved),
            None => by_status.push((code, vec![saved])),
        }
    }
    by_status.sort_by_key(|(code, _)| *code);
    let mut responses = Vec::new();
    let mut slots = Vec::new();
    for (code, group) in by_status {
        let with_body: Vec<&SavedResponse> =
            group.iter().copied().filter(|s| s.body.as_deref().is_some_and(|b| !b.trim().is_empty())).collect();
        let json: Vec<&SavedResponse> = with_body.iter().copied().filter(|s| response_is_json(s)).collect();
        // An example named after what the status means ("Request lacks valid authentication
        // credentials") documents it; one named after the request says nothing new.
        let docs = group
            .iter()
            .filter_map(|s| s.name.as_deref())
            .find(|name| !name.eq_ignore_ascii_case(&request.name))
            .and_then(docs::markdown);
        let mut response = Response { status: StatusMatch::Code(code), body: None, docs, examples: Vec::new() };
        if let Some(first) = json.first() {
            let suffix = if (200..300).contains(&code) { "Response" } else { "Error" };
            let slot = cx.inference.slot(&format!("{pascal}{suffix}"), first.location.clone());
            for saved in &json {
                let at = saved.location.child("body");
                if let Some(value) = saved.body.as_deref().and_then(|body| parse_example(body, &at, cx.diags)) {
                    cx.inference.add_example(slot, value.clone(), at.clone());
                    response.examples.push(Example { value, location: at });
                }
            }
            let content_type = header_value(&first.headers, "content-type").filter(|ct| ct.contains("json"));
            let content_type = content_type.map(|ct| media_type(&ct)).unwrap_or_else(|| "application/json".to_owned());
            response.body = Some(ResponseBody::Json { content_type, ty: Ty::Any });
            slots.push((responses.len(), slot));
        } else if let Some(first) = with_body.first() {
            let content_type = header_value(&first.headers, "content-type")
                .map(|ct| media_type(&ct))
                .unwrap_or_else(|| text_content_type(first.preview_language.as_deref()));
            response.body = Some(ResponseBody::Text { content_type });
        }
        responses.push(response);
    }
    (responses, slots)
}

fn status_code(saved: &SavedResponse, diags: &mut Diagnostics) -> u16 {
    if let Some(code) = saved.code {
        return code;
    }
    let from_reason = saved.status.as_deref().and_then(|reason| {
        const REASONS: &[(&str, u16)] = &[
            ("ok", 200),
            ("created", 201),
            ("accepted", 202),
            ("no content", 204),
            ("bad request", 400),
            ("unauthorized", 401),
            ("forbidden", 403),
            ("not found", 404),
            ("conflict", 409),
            ("unprocessable entity", 422),
            ("too many requests", 429),
            ("internal server error", 500),
        ];
        REASONS.iter().find(|(text, _)| reason.trim().eq_ignore_ascii_case(text)).map(|(_, code)| *code)
    });
    from_reason.unwrap_or_else(|| {
        diags.warning(
            "missing-status",
            &saved.location,
            "a saved response without a status code; it is read as a 200 response",
        );
        200
    })
}

fn response_is_json(saved: &SavedResponse) -> bool {
    let content_type = header_value(&saved.headers, "content-type");
    if let Some(ct) = &content_type {
        return ct.contains("json");
    }
    match saved.preview_language.as_deref() {
        Some("json") => true,
        Some("html" | "xml" | "text") => false,
        _ => saved.body.as_deref().is_some_and(|b| b.trim_start().starts_with(['{', '['])),
    }
}

fn is_json(language: Option<&str>, content_type: Option<&str>, text: &str) -> bool {
    if let Some(ct) = content_type {
        if ct.contains("json") {
            return true;
        }
        if ct.contains("xml") || ct.starts_with("text/") {
            return false;
        }
    }
    match language {
        Some("json") => true,
        Some(_) => false,
        None => text.trim_start().starts_with(['{', '[']),
    }
}

/// The media type without parameters, lower case (`application/json; charset=utf-8` ->
/// `application/json`).
fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn text_content_type(language: Option<&str>) -> String {
    match language {
        Some("xml") => "application/xml",
        Some("html") => "text/html",
        Some("javascript") => "application/javascript",
        _ => "text/plain",
    }
    .to_owned()
}

/// The value of the first enabled header named `name` (case-insensitive).
pub fn header_value(headers: &[Entry], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|h| !h.disabled && h.key.trim().eq_ignore_ascii_case(name))
        .map(|h| h.value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Parses a JSON example; `{{var}}` outside strings stands for a value not shown, read as null.
/// A failure is a warning and no example.
pub fn parse_example(text: &str, at: &Location, diags: &mut Diagnostics) -> Option<Value> {
    let cleaned = unquoted_placeholders_to_null(text);
    match serde_json::from_str(&cleaned) {
        Ok(value) => Some(value),
        Err(error) => {
            diags.warning(
                "unparsable-example",
                at,
                format!("the example is not valid JSON ({error}); its body is typed as `serde_json::Value`"),
            );
            None
        }
    }
}

fn unquoted_placeholders_to_null(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if rest.starts_with("{{") {
            if let Some(end) = rest.find("}}") {
                out.push_str("null");
                rest = &rest[end + 2..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn form_struct(types: &mut TypeSpace, name: &str, entries: &[Entry], at: &Location) -> TypeId {
    let mut taken = indexmap::IndexSet::new();
    let mut fields: Vec<Field> = Vec::new();
    for entry in entries.iter().filter(|e| !e.key.trim().is_empty()) {
        let key = entry.key.trim();
        if fields.iter().any(|f| f.wire_name == key) {
            continue;
        }
        let same_key: Vec<&Entry> = entries.iter().filter(|e| e.key.trim() == key).collect();
        let ty = params::common_type(same_key.iter().map(|e| e.value.as_str()));
        // A repeated key is a list (`tag=a&tag=b`).
        let ty = if same_key.len() > 1 { Ty::Vec(Box::new(ty)) } else { ty };
        fields.push(Field {
            optional: same_key.iter().all(|e| e.disabled),
            docs: entry.description.as_deref().and_then(docs::markdown),
            ..Field::new(params::unique_name(key, "field", &mut taken), key, ty)
        });
    }
    let kind = TypeKind::Struct(Struct { fields, additional: None });
    types.add(TypeDef { name: name.to_owned(), docs: None, kind, location: at.clone() })
}

fn multipart_fields(entries: &[Entry]) -> Vec<MultipartField> {
    let mut taken = indexmap::IndexSet::new();
    let mut fields: Vec<MultipartField> = Vec::new();
    for entry in entries.iter().filter(|e| !e.key.trim().is_empty()) {
        let key = entry.key.trim();
        if fields.iter().any(|f| f.wire_name == key) {
            continue;
        }
        fields.push(MultipartField {
            name: params::unique_name(key, "field", &mut taken),
            wire_name: key.to_owned(),
            file: entry.file,
            required: !entry.disabled,
            docs: entry.description.as_deref().and_then(docs::markdown),
        });
    }
    fields
}

/// `{query: String, variables: Option<Value>}`, the body of every GraphQL request.
fn graphql_type(cx: &mut Context<'_>, at: &Location) -> TypeId {
    if let Some(id) = *cx.graphql {
        return id;
    }
    let field = |name: &str, ty: Ty, optional: bool, docs: &str| Field {
        optional,
        docs: Some(docs.to_owned()),
        ..Field::new(name, name, ty)
    };
    let fields = vec![
        field("query", Ty::String, false, "The GraphQL document."),
        field("variables", Ty::Any, true, "Values for the variables the document declares."),
    ];
    let def = TypeDef {
        name: "GraphqlRequest".to_owned(),
        docs: Some("A GraphQL request: a document and its variables.".to_owned()),
        kind: TypeKind::Struct(Struct { fields, additional: None }),
        location: at.clone(),
    };
    let id = cx.types.add(def);
    *cx.graphql = Some(id);
    id
}
