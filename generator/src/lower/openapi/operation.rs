//! `paths` -> [`Operation`]s: names, path templates, parameters and authentication.

use indexmap::{IndexMap, IndexSet};
use serde_json::Value;

use super::schema::{self, Lowered};
use super::security::Security;
use super::{Cx, body, description, markdown, object};
use crate::ir::{Location, Operation, Param, ParamLocation, PathSegment, Ty, TypeKind};
use crate::naming;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub fn operations(cx: &mut Cx, security: &mut Security, root: &Location) -> Vec<Operation> {
    let Some(paths) = cx.document.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let paths_at = root.child("paths");
    let mut operations = Vec::new();
    for (path, item) in paths {
        if path.starts_with("x-") {
            continue;
        }
        let Some((item, item_at)) = cx.deref(item, &paths_at.child(path)) else {
            continue;
        };
        let Some(members) = item.as_object() else {
            cx.diags.warning(
                "invalid-path-item",
                &item_at,
                format!("the path item of `{path}` is not an object; skipped"),
            );
            continue;
        };
        for (method, operation) in members {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let at = item_at.child(method);
            if !operation.is_object() {
                cx.diags.warning("invalid-operation", &at, format!("`{method} {path}` is not an object; skipped"));
                continue;
            }
            operations.push(lower_operation(cx, security, path, method, item, operation, &at));
        }
    }
    operations
}

fn lower_operation(
    cx: &mut Cx,
    security: &mut Security,
    path: &str,
    method: &str,
    item: &Value,
    operation: &Value,
    at: &Location,
) -> Operation {
    let name = match operation.get("operationId").and_then(Value::as_str) {
        Some(id) if !id.trim().is_empty() => naming::snake(id),
        _ => naming::snake(&format!("{method} {path}")),
    };
    let type_hint = naming::pascal(&name);
    let mut params = parameters(cx, item, operation, at, &type_hint);
    let path_segments = segments(cx, path, &mut params, at);
    let body = operation.get("requestBody").and_then(|b| body::request(cx, b, &at.child("requestBody"), &type_hint));
    let responses = body::responses(cx, operation.get("responses"), &at.child("responses"), &type_hint);
    let auth = security.for_operation(cx, operation, at);
    let summary = operation.get("summary").and_then(Value::as_str).and_then(markdown);
    let docs = description(operation).or_else(|| description(item));
    Operation {
        name,
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        path_segments,
        params,
        body,
        responses,
        auth,
        summary,
        docs,
        fixed_query: Vec::new(),
        paging: None,
        location: at.clone(),
    }
}

/// Path-level parameters, overridden by operation-level ones with the same name and place.
fn parameters(cx: &mut Cx, item: &Value, operation: &Value, at: &Location, type_hint: &str) -> Vec<Param> {
    let item_at = Location { pointer: at.pointer.rsplit_once('/').map_or("", |(p, _)| p).to_owned(), ..at.clone() };
    let mut declared: IndexMap<(String, ParamLocation), Param> = IndexMap::new();
    let sources =
        [(item.get("parameters"), item_at.child("parameters")), (operation.get("parameters"), at.child("parameters"))];
    for (list, list_at) in sources {
        for (index, raw) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
            let Some((raw, param_at)) = cx.deref(raw, &list_at.child(index)) else {
                continue;
            };
            if let Some(param) = parameter(cx, raw, &param_at, type_hint) {
                declared.insert((param.wire_name.clone(), param.location), param);
            }
        }
    }
    // Names are made unique only now, so an operation-level parameter that overrides a
    // path-level one keeps the plain name.
    let mut taken = IndexSet::new();
    let mut params: Vec<Param> = declared.into_values().collect();
    for param in &mut params {
        param.name = naming::unique(std::mem::take(&mut param.name), &mut taken);
    }
    params
}

fn parameter(cx: &mut Cx, raw: &Value, at: &Location, type_hint: &str) -> Option<Param> {
    let wire_name = raw.get("name").and_then(Value::as_str).unwrap_or_default();
    let location = match raw.get("in").and_then(Value::as_str) {
        Some("path") => ParamLocation::Path,
        Some("query") => ParamLocation::Query,
        Some("header") => ParamLocation::Header,
        Some("cookie") => {
            cx.diags.warning(
                "cookie-param",
                at,
                format!("cookie parameter `{wire_name}` is not supported; the operation is generated without it"),
            );
            return None;
        }
        other => {
            cx.diags.warning(
                "invalid-param",
                at,
                format!("parameter `{wire_name}` has no valid `in` ({other:?}); skipped"),
            );
            return None;
        }
    };
    if wire_name.is_empty() {
        cx.diags.warning("invalid-param", at, "parameter without a `name`; skipped");
        return None;
    }
    // OpenAPI says these three header parameters are ignored: the client sets them itself.
    if location == ParamLocation::Header
        && ["accept", "content-type", "authorization"].contains(&wire_name.to_ascii_lowercase().as_str())
    {
        return None;
    }
    let (schema_value, schema_at) = match raw.get("schema") {
        Some(schema) => (Some(schema), at.child("schema")),
        None => {
            let content = raw.get("content").and_then(Value::as_object).and_then(|c| c.iter().next());
            (content.and_then(|(_, media)| media.get("schema")), at.child("content"))
        }
    };
    let hint = format!("{type_hint}{}", naming::pascal(wire_name));
    let checkpoint = cx.checkpoint();
    let lowered = match schema_value {
        Some(schema) => schema::schema(cx, schema, &schema_at, &hint),
        None => Lowered { ty: Ty::String, nullable: false },
    };
    let ty = param_type(cx, lowered.ty, at, wire_name);
    if ty == Ty::String && schema_value.is_some_and(|s| s.get("type").and_then(Value::as_str) != Some("string")) {
        // The richer type was rejected: the inline types made for it would be unused.
        cx.rollback(checkpoint);
    }
    let example = raw.get("example").or_else(|| schema_value.and_then(|s| s.get("example"))).map(|e| match e {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    });
    Some(Param {
        name: naming::snake(wire_name),
        wire_name: wire_name.to_owned(),
        location,
        ty,
        required: location == ParamLocation::Path || raw.get("required").and_then(Value::as_bool).unwrap_or(false),
        docs: description(raw).or_else(|| schema_value.and_then(description)),
        example,
        constraints: schema_value.map(|schema| object::constraints_through_refs(cx, schema)).unwrap_or_default(),
    })
}

/// Parameters carry scalars, lists of scalars or string enums; anything richer (a `deepObject`
/// filter, a union) is sent as a string the caller writes, with a warning.
fn param_type(cx: &mut Cx, ty: Ty, at: &Location, wire_name: &str) -> Ty {
    // A named scalar (`$ref` to `{type: string, pattern: ...}`) is an alias: it is a scalar
    // when what it names is, and the parameter keeps its name.
    let scalar = |cx: &Cx, ty: &Ty| match resolve_alias(cx, ty) {
        Ty::Named(id) => matches!(cx.types.get(*id).kind, TypeKind::Enum(_)),
        Ty::Any | Ty::Map(_) | Ty::Vec(_) | Ty::Option(_) | Ty::Loose(_) => false,
        _ => true,
    };
    let fits = match resolve_alias(cx, &ty) {
        Ty::Vec(item) => scalar(cx, item),
        other => scalar(cx, other),
    };
    if fits {
        return ty;
    }
    cx.diags.warning(
        "untyped-param",
        &at.child("schema"),
        format!("parameter `{wire_name}` is not a scalar, a list of scalars or a string enum; it is passed as a string written by the caller"),
    );
    Ty::String
}

/// `ty` with named aliases followed (a few levels: a cycle is reported where it is lowered).
fn resolve_alias<'t>(cx: &'t Cx, ty: &'t Ty) -> &'t Ty {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            Ty::Named(id) => match &cx.types.get(*id).kind {
                TypeKind::Alias(target) => ty = target,
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// Splits the path template into literal and parameter segments. A `{name}` with no declared
/// parameter gets a required string parameter; a declared path parameter missing from the
/// template is dropped. Both with a warning.
fn segments(cx: &mut Cx, path: &str, params: &mut Vec<Param>, at: &Location) -> Vec<PathSegment> {
    let mut segments = Vec::new();
    let mut used = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_owned()));
        }
        let wire = &rest[open + 1..close];
        let index = match params.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == wire) {
            Some(index) => index,
            None => {
                cx.diags.warning(
                    "undeclared-path-param",
                    at,
                    format!("path parameter `{wire}` is not declared; typed as a string"),
                );
                let mut taken: IndexSet<String> = params.iter().map(|p| p.name.clone()).collect();
                params.push(Param {
                    name: naming::unique(naming::snake(wire), &mut taken),
                    wire_name: wire.to_owned(),
                    location: ParamLocation::Path,
                    ty: Ty::String,
                    required: true,
                    docs: None,
                    example: None,
                    constraints: Default::default(),
                });
                params.len() - 1
            }
        };
        used.push(index);
        segments.push(PathSegment::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_owned()));
    }
    let unused: Vec<usize> =
        (0..params.len()).filter(|i| params[*i].location == ParamLocation::Path && !used.contains(i)).collect();
    if !unused.is_empty() {
        for &index in unused.iter().rev() {
            let param = params.remove(index);
            cx.diags.warning(
                "unused-path-param",
                at,
                format!("path parameter `{}` does not appear in the path `{path}`; dropped", param.wire_name),
            );
        }
        // Removing parameters shifts the indexes the segments hold.
        for segment in &mut segments {
            if let PathSegment::Param(index) = segment {
                *index -= unused.iter().filter(|u| **u < *index).count();
            }
        }
    }
    segments
}
