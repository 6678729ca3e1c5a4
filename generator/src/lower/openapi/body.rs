//! Request bodies and responses: the media type picks the body kind, the schema its type.

use indexmap::IndexSet;
use serde_json::{Map, Value};

use super::schema;
use super::{Cx, description};
use crate::ir::{
    BodyKind, Example, FormEncoding, FormStyle, Location, MultipartField, RequestBody, Response, ResponseBody,
    StatusMatch, Ty,
};
use crate::naming;
use crate::read::openapi as raw;

/// How a media type is sent or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Media {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

fn media_of(content_type: &str) -> Media {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "*/*" => Media::Json,
        "application/x-www-form-urlencoded" => Media::Form,
        "multipart/form-data" | "multipart/mixed" => Media::Multipart,
        "application/xml" | "application/graphql" | "application/javascript" => Media::Text,
        other if other.ends_with("+json") || other.ends_with("/json") => Media::Json,
        other if other.starts_with("text/") || other.ends_with("+xml") => Media::Text,
        _ => Media::Binary,
    }
}

/// The preferred media type of a `content` map: JSON first, then form, multipart, text, bytes.
fn pick(content: &Map<String, Value>) -> Option<(&String, &Value, Media)> {
    content.iter().map(|(ty, media)| (ty, media, media_of(ty))).min_by_key(|(_, _, media)| *media)
}

/// The documented examples of a media type object (`example`, `examples.*.value`).
fn examples(cx: &mut Cx, media: &Value, at: &Location) -> Vec<Example> {
    let mut found: Vec<Example> = media
        .get("example")
        .map(|value| Example { value: value.clone(), location: at.child("example") })
        .into_iter()
        .collect();
    for (name, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
        if let Some((example, example_at)) = cx.deref(example, &at.child("examples").child(name)) {
            let value = example.get("value").cloned();
            found.extend(value.map(|value| Example { value, location: example_at.child("value") }));
        }
    }
    found
}

pub fn request(cx: &mut Cx, body: &Value, at: &Location, type_hint: &str) -> Option<RequestBody> {
    let (body, at) = cx.deref(body, at)?;
    let content = body.get("content").and_then(Value::as_object)?;
    let (content_type, media, kind) = pick(content)?;
    let media_at = at.child("content").child(content_type);
    if media.get("schema").is_some_and(holds_nothing) {
        // Stripe declares an empty form body on every GET: there is nothing to send.
        return None;
    }
    let hint = format!("{type_hint}Request");
    let schema_ty = |cx: &mut Cx| match media.get("schema") {
        Some(schema) => schema::schema(cx, schema, &media_at.child("schema"), &hint).into_ty(),
        None => Ty::Any,
    };
    let kind = match kind {
        Media::Json => BodyKind::Json { content_type: content_type.clone(), ty: schema_ty(cx) },
        Media::Form => BodyKind::Form { ty: schema_ty(cx), encoding: form_encoding(cx, media, &media_at) },
        Media::Multipart => {
            BodyKind::Multipart { fields: multipart(cx, media.get("schema"), &media_at.child("schema")) }
        }
        Media::Text => BodyKind::Text { content_type: content_type.clone() },
        Media::Binary => BodyKind::Binary { content_type: content_type.clone() },
    };
    Some(RequestBody {
        kind,
        required: body.get("required").and_then(Value::as_bool).unwrap_or(false),
        docs: description(body),
        examples: examples(cx, media, &media_at),
    })
}

/// The `encoding` object of a form body: one entry per member whose style it names. `explode`
/// defaults to true for `form` and false for the other styles, as OpenAPI defines it.
fn form_encoding(cx: &mut Cx, media: &Value, at: &Location) -> Vec<FormEncoding> {
    let mut out = Vec::new();
    let at = at.child("encoding");
    for (name, entry) in media.get("encoding").and_then(Value::as_object).into_iter().flatten() {
        let style_name = entry.get("style").and_then(Value::as_str).unwrap_or("form");
        let explode = entry.get("explode").and_then(Value::as_bool).unwrap_or(style_name == "form");
        let style = match style_name {
            "form" => FormStyle::Form { explode },
            "spaceDelimited" => FormStyle::SpaceDelimited,
            "pipeDelimited" => FormStyle::PipeDelimited,
            "deepObject" => FormStyle::DeepObject,
            other => {
                cx.diags.warning(
                    "unsupported-form-style",
                    &at.child(name).child("style"),
                    format!("style `{other}` is not one a form member can have (form, spaceDelimited, pipeDelimited, deepObject); the member is sent in the `form` style"),
                );
                FormStyle::Form { explode }
            }
        };
        if style != (FormStyle::Form { explode: true }) {
            out.push(FormEncoding { wire_name: name.clone(), style });
        }
    }
    out
}

/// An object schema that admits only `{}`: no properties and `additionalProperties: false`.
fn holds_nothing(schema: &Value) -> bool {
    let no_properties = schema.get("properties").and_then(Value::as_object).is_none_or(Map::is_empty);
    let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
    let combined = ["allOf", "oneOf", "anyOf", "$ref"].iter().any(|k| schema.get(*k).is_some());
    no_properties && closed && !combined
}

/// One part per property of the multipart schema; `format: binary` (or a media type) makes a
/// file part.
fn multipart(cx: &mut Cx, schema: Option<&Value>, at: &Location) -> Vec<MultipartField> {
    let Some(schema) = schema else {
        return Vec::new();
    };
    let (schema, at) = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => match raw::target_pointer(cx.document, reference) {
            Ok(pointer) => match cx.document.pointer(&pointer) {
                Some(target) => (target, cx.at(&pointer)),
                None => return Vec::new(),
            },
            Err(error) => {
                cx.ref_warning(&error, reference, at, "no parts are known");
                return Vec::new();
            }
        },
        None => (schema, at.clone()),
    };
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        cx.diags.warning("untyped-multipart", &at, "a multipart body without `properties`: no parts are known");
        return Vec::new();
    };
    let required: IndexSet<&str> =
        schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let mut taken = IndexSet::new();
    properties
        .iter()
        .map(|(wire_name, property)| {
            let item = property.get("items").unwrap_or(property);
            let file = [property, item].iter().any(|p| {
                matches!(p.get("format").and_then(Value::as_str), Some("binary" | "base64"))
                    || p.get("contentMediaType").is_some()
            });
            MultipartField {
                name: naming::unique(naming::snake(wire_name), &mut taken),
                wire_name: wire_name.clone(),
                file,
                required: required.contains(wire_name.as_str()),
                docs: description(property),
            }
        })
        .collect()
}

pub fn responses(cx: &mut Cx, responses: Option<&Value>, at: &Location, type_hint: &str) -> Vec<Response> {
    let Some(responses) = responses.and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut lowered = Vec::new();
    let mut named_success = false;
    for (key, response) in responses {
        if key.starts_with("x-") {
            continue;
        }
        let response_at = at.child(key);
        let Some(status) = status(key) else {
            cx.diags.warning(
                "invalid-status",
                &response_at,
                format!("`{key}` is not a status code, a range like `4XX` or `default`; skipped"),
            );
            continue;
        };
        let Some((response, response_at)) = cx.deref(response, &response_at) else {
            continue;
        };
        if !response.is_object() {
            cx.diags.warning("invalid-response", &response_at, format!("response `{key}` is not an object; skipped"));
            continue;
        }
        // The first success body is `<Operation>Response`; others say which status they are in
        // words (`<Operation>NotFoundError`), never in digits.
        let hint = match status {
            _ if status.is_success() && !named_success => {
                named_success = true;
                format!("{type_hint}Response")
            }
            StatusMatch::Default => format!("{type_hint}DefaultResponse"),
            _ => format!("{type_hint}{}", status_words(status)),
        };
        let (body, examples) = match response.get("content").and_then(Value::as_object).and_then(pick) {
            Some((content_type, media, kind)) => {
                let media_at = response_at.child("content").child(content_type);
                let body = match kind {
                    Media::Json | Media::Form | Media::Multipart => {
                        let ty = match media.get("schema") {
                            Some(schema) => schema::schema(cx, schema, &media_at.child("schema"), &hint).into_ty(),
                            None => Ty::Any,
                        };
                        ResponseBody::Json { content_type: content_type.clone(), ty }
                    }
                    Media::Text => ResponseBody::Text { content_type: content_type.clone() },
                    Media::Binary => ResponseBody::Binary { content_type: content_type.clone() },
                };
                (Some(body), examples(cx, media, &media_at))
            }
            None => (None, Vec::new()),
        };
        lowered.push(Response { status, body, docs: description(response), examples });
    }
    lowered
}

/// What a status means, in words for a type name: `NotFoundError`, `CreatedResponse`. Codes
/// without a common reason phrase are named by their class (`ClientError`).
fn status_words(status: StatusMatch) -> &'static str {
    let class = match status {
        StatusMatch::Code(code) => (code / 100) as u8,
        StatusMatch::Range(class) => class,
        StatusMatch::Default => 0,
    };
    let code = match status {
        StatusMatch::Code(code) => code,
        _ => 0,
    };
    match code {
        201 => "CreatedResponse",
        202 => "AcceptedResponse",
        203 => "NonAuthoritativeResponse",
        206 => "PartialContentResponse",
        207 => "MultiStatusResponse",
        400 => "BadRequestError",
        401 => "UnauthorizedError",
        402 => "PaymentRequiredError",
        403 => "ForbiddenError",
        404 => "NotFoundError",
        405 => "MethodNotAllowedError",
        406 => "NotAcceptableError",
        408 => "RequestTimeoutError",
        409 => "ConflictError",
        410 => "GoneError",
        412 => "PreconditionFailedError",
        413 => "PayloadTooLargeError",
        415 => "UnsupportedMediaTypeError",
        422 => "UnprocessableEntityError",
        423 => "LockedError",
        428 => "PreconditionRequiredError",
        429 => "TooManyRequestsError",
        500 => "InternalServerError",
        501 => "NotImplementedError",
        502 => "BadGatewayError",
        503 => "ServiceUnavailableError",
        504 => "GatewayTimeoutError",
        _ => match class {
            1 => "InformationalResponse",
            2 => "SuccessResponse",
            3 => "RedirectResponse",
            4 => "ClientError",
            5 => "ServerError",
            _ => "OtherResponse",
        },
    }
}

/// `200` -> code, `4XX` -> class, `default`.
fn status(key: &str) -> Option<StatusMatch> {
    if key == "default" {
        return Some(StatusMatch::Default);
    }
    if let Ok(code) = key.parse::<u16>() {
        return (100..600).contains(&code).then_some(StatusMatch::Code(code));
    }
    match key.as_bytes() {
        [class @ b'1'..=b'5', x, y] if x.eq_ignore_ascii_case(&b'x') && y.eq_ignore_ascii_case(&b'x') => {
            Some(StatusMatch::Range(class - b'0'))
        }
        _ => None,
    }
}
