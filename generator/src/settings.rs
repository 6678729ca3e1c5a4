//! The manifest's per-API rules applied to the lowered IR: parameters declared once for a set of
//! operations (conventions a description states only in prose), and how operations page.
//!
//! Every problem is an error located at the manifest's key path (`/api/1/paging/0/items`): a
//! selector that matches nothing, a body path the response type does not have, a paging
//! parameter the operation does not take. A rule that silently did nothing would leave users
//! without the setter or the stream they configured.

use crate::diag::Diagnostics;
use crate::ir::{
    Api, FieldStep, Location, Operation, Paging, PagingStyle, Param, ParamLocation, ResponseBody, StatusMatch, Ty,
    TypeKind,
};
use crate::manifest::{ApiSettings, PagingRule, PagingStyleName, ParamSpec, ParamType, Selector, glob_matches};
use crate::naming;

/// Adds the declared parameters (before the check pass, which makes names unique).
pub fn apply_params(api: &mut Api, settings: &ApiSettings, diags: &mut Diagnostics) {
    for (index, rule) in settings.params.iter().enumerate() {
        let at = located(settings, &format!("params/{index}"));
        let Some(selected) = select(api, &rule.selector(), &at, diags) else {
            continue;
        };
        let declared = rule.query.iter().map(|spec| (spec, ParamLocation::Query));
        let declared: Vec<_> = declared.chain(rule.header.iter().map(|spec| (spec, ParamLocation::Header))).collect();
        for op_index in selected {
            let op = &mut api.operations[op_index];
            for (spec, location) in &declared {
                add_param(op, spec, *location);
            }
        }
    }
}

fn add_param(op: &mut Operation, spec: &ParamSpec, location: ParamLocation) {
    // The description's own parameter of that name is more specific: it stays.
    if op.params.iter().any(|param| param.location == location && param.wire_name == spec.name) {
        return;
    }
    let mut taken = op.params.iter().map(|param| param.name.clone()).collect();
    let name = naming::unique(naming::snake(&spec.name), &mut taken);
    let ty = match spec.ty {
        ParamType::String => Ty::String,
        ParamType::Integer => Ty::I64,
        ParamType::Number => Ty::F64,
        ParamType::Boolean => Ty::Bool,
    };
    op.params.push(Param {
        name,
        wire_name: spec.name.clone(),
        location,
        ty,
        required: false,
        docs: spec.docs.clone(),
        example: None,
        constraints: Default::default(),
    });
}

/// Resolves the paging rules (after the check pass: the field names are final).
pub fn apply_paging(api: &mut Api, settings: &ApiSettings, diags: &mut Diagnostics) {
    for (index, rule) in settings.paging.iter().enumerate() {
        let at = located(settings, &format!("paging/{index}"));
        let Some(selected) = select(api, &rule.selector(), &at, diags) else {
            continue;
        };
        for op_index in selected {
            match paging(api, &api.operations[op_index], rule) {
                Ok(paging) => api.operations[op_index].paging = Some(paging),
                Err((key, message)) => {
                    let op = &api.operations[op_index];
                    diags.error("invalid-paging", &at.child(key), format!("operation `{}`: {message}", op.name));
                }
            }
        }
    }
}

fn located(settings: &ApiSettings, rest: &str) -> Location {
    let file = if settings.origin.file.is_empty() { "apis.toml" } else { settings.origin.file.as_str() };
    Location::new(file, format!("{}/{rest}", settings.origin.key_path))
}

/// The operations a selector picks, or `None` (with an error) when it is empty or a pattern
/// matches nothing.
fn select(api: &Api, selector: &Selector, at: &Location, diags: &mut Diagnostics) -> Option<Vec<usize>> {
    if selector.operations.is_empty() && selector.path_prefix.is_none() && selector.method.is_none() {
        diags.error("invalid-manifest", at, "select operations with `operations`, `path_prefix` or `method`");
        return None;
    }
    let mut ok = true;
    for (index, pattern) in selector.operations.iter().enumerate() {
        if !api.operations.iter().any(|op| glob_matches(pattern, &op.name)) {
            let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).take(5).collect();
            let message = format!("`{pattern}` matches no operation (they are named like `{}`)", names.join("`, `"));
            diags.error("invalid-manifest", &at.child("operations").child(index), message);
            ok = false;
        }
    }
    let selected: Vec<usize> = api
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| {
            selector.operations.is_empty() || selector.operations.iter().any(|p| glob_matches(p, &op.name))
        })
        .filter(|(_, op)| selector.path_prefix.as_ref().is_none_or(|prefix| op.path.starts_with(prefix.as_str())))
        .filter(|(_, op)| selector.method.as_ref().is_none_or(|method| op.method.eq_ignore_ascii_case(method)))
        .map(|(index, _)| index)
        .collect();
    if ok && selected.is_empty() {
        diags.error("invalid-manifest", at, "the selector matches no operation");
        return None;
    }
    ok.then_some(selected)
}

type Problem = (&'static str, String);

fn paging(api: &Api, op: &Operation, rule: &PagingRule) -> Result<Paging, Problem> {
    let body = success_body(op)?;
    let has_param = |name: &str| op.params.iter().any(|p| p.location == ParamLocation::Query && p.wire_name == name);
    let param = |key: &'static str, value: &Option<String>, required: bool| -> Result<Option<String>, Problem> {
        match value {
            None if required => Err((key, format!("the `{}` style needs `{key}`", style_name(rule.style)))),
            None => Ok(None),
            Some(name) if !has_param(name) => {
                Err((key, format!("has no query parameter `{name}`: declare it in `[[api.params]]` or fix the name")))
            }
            Some(name) => Ok(Some(name.clone())),
        }
    };
    let pointer = |key: &'static str, value: &Option<String>, required: bool| -> Result<Option<String>, Problem> {
        match value {
            None if required => Err((key, format!("the `{}` style needs `{key}`", style_name(rule.style)))),
            None => Ok(None),
            Some(path) => {
                walk(api, body, path).map_err(|message| (key, message))?;
                Ok(Some(to_pointer(path)))
            }
        }
    };
    let allowed: &[&str] = match rule.style {
        PagingStyleName::Offset => &["offset", "limit", "total"],
        PagingStyleName::Page => &["page", "first", "size", "total", "total_pages"],
        PagingStyleName::Cursor => &["cursor", "next", "has_more"],
        PagingStyleName::Link => &[],
    };
    let given = [
        ("offset", rule.offset.is_some()),
        ("limit", rule.limit.is_some()),
        ("page", rule.page.is_some()),
        ("first", rule.first.is_some()),
        ("size", rule.size.is_some()),
        ("total", rule.total.is_some()),
        ("total_pages", rule.total_pages.is_some()),
        ("cursor", rule.cursor.is_some()),
        ("next", rule.next.is_some()),
        ("has_more", rule.has_more.is_some()),
    ];
    if let Some((key, _)) = given.iter().find(|(key, given)| *given && !allowed.contains(key)) {
        return Err((key, format!("`{key}` does not apply to the `{}` style", style_name(rule.style))));
    }
    let style = match rule.style {
        PagingStyleName::Offset => PagingStyle::Offset {
            offset: param("offset", &rule.offset, true)?.unwrap_or_default(),
            limit: param("limit", &rule.limit, false)?,
            total: pointer("total", &rule.total, false)?,
        },
        PagingStyleName::Page => PagingStyle::Page {
            page: param("page", &rule.page, true)?.unwrap_or_default(),
            first: rule.first.unwrap_or(1),
            size: param("size", &rule.size, false)?,
            total: pointer("total", &rule.total, false)?,
            total_pages: pointer("total_pages", &rule.total_pages, false)?,
        },
        PagingStyleName::Cursor => PagingStyle::Cursor {
            param: param("cursor", &rule.cursor, true)?.unwrap_or_default(),
            next: pointer("next", &rule.next, true)?.unwrap_or_default(),
            has_more: pointer("has_more", &rule.has_more, false)?,
        },
        PagingStyleName::Link => PagingStyle::Link,
    };
    let items_path = rule.items.clone().unwrap_or_default();
    let (items_steps, list) = walk(api, body, &items_path).map_err(|message| ("items", message))?;
    let item = match resolve(api, &list) {
        Ty::Vec(item) => *item,
        Ty::Any => Ty::Any,
        other => {
            return Err((
                "items",
                format!("`{items_path}` is not a list in the response (it is {})", describe(api, &other)),
            ));
        }
    };
    // An untyped body is read by pointer; its items are untyped too.
    let items_steps = if list == Ty::Any { Vec::new() } else { items_steps };
    Ok(Paging { style, items_pointer: to_pointer(&items_path), items_steps, item })
}

/// A type in words, for messages.
fn describe(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => format!("`{}`", api.types.get(*id).name),
        Ty::Map(_) => "a map".to_owned(),
        Ty::Any => "untyped".to_owned(),
        _ => "a single value".to_owned(),
    }
}

fn style_name(style: PagingStyleName) -> &'static str {
    match style {
        PagingStyleName::Offset => "offset",
        PagingStyleName::Page => "page",
        PagingStyleName::Cursor => "cursor",
        PagingStyleName::Link => "link",
    }
}

/// The one JSON body type of the operation's success responses (2xx and 3xx, as the endpoint's
/// `Output` counts them); `Any` when none is documented.
fn success_body(op: &Operation) -> Result<&Ty, Problem> {
    let mut found: Option<&Ty> = None;
    let success = |status: StatusMatch| {
        status.is_success() || matches!(status, StatusMatch::Code(300..=399) | StatusMatch::Range(3))
    };
    for response in op.responses.iter().filter(|r| success(r.status)) {
        match &response.body {
            Some(ResponseBody::Json { ty, .. }) if found.is_none_or(|seen| seen == ty) => found = Some(ty),
            _ => {
                return Err((
                    "operations",
                    "paging needs every success response to have the same JSON body".to_owned(),
                ));
            }
        }
    }
    // No documented success response: the endpoint decodes any 2xx body as untyped JSON.
    const UNTYPED: &Ty = &Ty::Any;
    Ok(found.unwrap_or(UNTYPED))
}

/// Follows aliases and options down to the type that decides the shape.
fn resolve(api: &Api, ty: &Ty) -> Ty {
    let mut ty = ty.clone();
    for _ in 0..32 {
        ty = match ty {
            Ty::Option(inner) => *inner,
            Ty::Named(id) => match &api.types.get(id).kind {
                TypeKind::Alias(inner) => inner.clone(),
                _ => return Ty::Named(id),
            },
            other => return other,
        };
    }
    ty
}

/// Follows a dotted path of wire names through the body type: the field accesses and the type
/// reached. An untyped (`serde_json::Value`) body cannot be checked: it is accepted as `Any`
/// and the runtime reports a page that lacks the path.
fn walk(api: &Api, body: &Ty, path: &str) -> Result<(Vec<FieldStep>, Ty), String> {
    let mut steps = Vec::new();
    let mut ty = resolve(api, body);
    if path.is_empty() {
        return Ok((steps, ty));
    }
    for segment in path.split('.') {
        let fields = match &ty {
            Ty::Any if steps.is_empty() => return Ok((steps, Ty::Any)),
            Ty::Named(id) => match &api.types.get(*id).kind {
                TypeKind::Struct(st) => &st.fields,
                _ => {
                    return Err(format!(
                        "`{path}`: `{segment}` is inside `{}`, which is not an object",
                        api.types.get(*id).name
                    ));
                }
            },
            _ => return Err(format!("`{path}`: the response has no object where `{segment}` would be")),
        };
        let Some(field) = fields.iter().find(|field| field.wire_name == segment) else {
            let known: Vec<&str> = fields.iter().map(|field| field.wire_name.as_str()).collect();
            return Err(format!(
                "`{path}`: the response has no member `{segment}` there (it has `{}`)",
                known.join("`, `")
            ));
        };
        steps.push(FieldStep {
            field: field.name.clone(),
            optional: field.optional || field.nullable,
            boxed: field.boxed,
        });
        ty = resolve(api, &field.ty);
        if ty == Ty::Any {
            return Err(format!("`{path}`: `{segment}` is untyped in the response, so the path cannot be checked"));
        }
    }
    Ok((steps, ty))
}

/// `metadata.total` as the JSON pointer `/metadata/total` (RFC 6901 escapes).
fn to_pointer(path: &str) -> String {
    if path.is_empty() {
        return String::new();
    }
    path.split('.').map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1"))).collect()
}
