//! Postman collection -> IR.
//!
//! Every request item becomes one [`ir::Operation`], except one with no URL at all (a warning,
//! `missing-url`). Postman has no schemas, so everything typed here is typed from examples:
//!
//! - **URL**: the server part (`{{baseUrl}}`, `{{url}}`, `https://host`) becomes
//!   [`ir::Api::base_url`] (a variable's collection value where it has one; the most common
//!   server wins when requests differ); the rest is the path template. Path parameters come in
//!   four spellings (`:id`, `{{id}}`, `[id]`, `{id}`); literal ids in example URLs become
//!   parameters too (see `path`).
//! - **Parameters**: query entries and non-standard headers become typed, optional parameters
//!   (see `params`); `Authorization`, `Content-Type` and `Accept` are the client's job.
//! - **Auth**: collection -> folder -> request inheritance (done by the reader) and
//!   `Authorization` header templates (see `auth`).
//! - **Bodies**: raw JSON bodies and JSON saved responses are examples for [`super::infer`]: one slot
//!   per request body and per (operation, status); the types are patched in once every example
//!   of the API has been seen.
//! - **Responses**: one per status code among the saved examples. A request with no saved
//!   response has **no documented responses**: the emitter treats it as "any 2xx succeeds, the
//!   body is kept raw (`serde_json::Value` or bytes)", which promises nothing the collection does
//!   not show.
//! - **Names**: from the item name without articles and possessives; collisions are broken with
//!   folder names (see `names`).

mod auth;
mod body;
mod names;
mod params;
mod path;

use indexmap::{IndexMap, IndexSet};

use crate::diag::Diagnostics;
use crate::ir::{self, BodyKind, Location, ResponseBody, Ty};
use crate::lower::docs;
use crate::lower::infer::Inference;
use crate::naming;
use crate::read::postman::{self as read, Request};

/// Where an inference result goes once known.
enum Target {
    RequestBody(usize),
    Response(usize, usize),
}

pub fn lower(file: &str, document: serde_json::Value, options: super::Options, diags: &mut Diagnostics) -> ir::Api {
    let collection = read::read(file, &document, diags);
    let mut api = ir::Api {
        name: naming::snake(collection.name.as_deref().unwrap_or("api")),
        title: collection.name.clone().filter(|n| !n.is_empty()),
        docs: collection.description.as_deref().and_then(docs::markdown),
        ..ir::Api::default()
    };

    // Requests without a URL cannot be called; everything else is an operation.
    let requests: Vec<&Request> = collection
        .requests
        .iter()
        .filter(|request| {
            let empty = request.url.raw.trim().is_empty();
            if empty {
                diags.warning(
                    "missing-url",
                    &request.location,
                    format!("\"{}\" has no URL; it is skipped", request.name),
                );
            }
            !empty
        })
        .collect();

    // A variable that starts longer URLs is a server, even where a request uses it alone.
    let servers: IndexSet<&str> = requests
        .iter()
        .filter_map(|r| r.url.raw.trim().strip_prefix("{{")?.split_once("}}/").map(|(name, _)| name.trim()))
        .collect();
    let urls: Vec<read::Url> =
        requests.iter().map(|r| whole_url_variable(&r.url, &collection.variables, &servers)).collect();
    let mut splits: Vec<path::SplitPath> =
        urls.iter().map(|url| path::split(&path::clean_raw(&url.raw, &url.location, diags))).collect();
    let mut segments: Vec<Vec<path::Segment>> = splits.iter_mut().map(|s| std::mem::take(&mut s.segments)).collect();
    let url_locations: Vec<(Location, String)> =
        requests.iter().map(|r| (r.url.location.clone(), r.name.clone())).collect();
    api.base_url = base_url(&requests, &splits, &mut segments, &collection.variables, diags);
    path::resolve_literal_ids(&mut segments, &url_locations, diags);

    let fallbacks: Vec<String> = requests
        .iter()
        .zip(&segments)
        .map(|(request, segments)| {
            let literals: Vec<String> = segments
                .iter()
                .filter_map(|s| if let path::Segment::Literal(t) = s { Some(t.clone()) } else { None })
                .collect();
            names::fallback_name(&request.method, &literals)
        })
        .collect();
    let op_names = names::operation_names(&requests, &fallbacks);

    let mut inference = Inference::new().with_formats(options.infer_formats);
    let mut graphql = None;
    // Slots are registered in the order of `targets`: the n-th solved type is the n-th target's.
    let mut targets: Vec<Target> = Vec::new();
    for (index, request) in requests.iter().enumerate() {
        let name = op_names[index].clone();
        let pascal = naming::pascal(&name);
        let mut params = Vec::new();
        let mut taken = IndexSet::new();
        let parts = params::path(
            &segments[index],
            splits[index].trailing_slash,
            &request.url.variables,
            &mut params,
            &mut taken,
        );
        params::query(&urls[index].query, &mut params, &mut taken);
        params::headers(&request.headers, &mut params, &mut taken);
        let auth = auth::operation_auth(request, &mut api.auth_schemes, diags);
        let mut cx = body::Context { inference: &mut inference, types: &mut api.types, graphql: &mut graphql, diags };
        let (request_body, request_slot) = body::request_body(&mut cx, request, &pascal);
        let (responses, response_slots) = body::responses(&mut cx, request, &pascal);
        let op_index = api.operations.len();
        if request_slot.is_some() {
            targets.push(Target::RequestBody(op_index));
        }
        targets.extend(response_slots.into_iter().map(|(response, _)| Target::Response(op_index, response)));
        api.operations.push(ir::Operation {
            name,
            method: request.method.clone(),
            path: parts.template,
            path_segments: parts.segments,
            params,
            body: request_body,
            responses,
            auth,
            summary: Some(request.name.trim().to_owned()).filter(|s| !s.is_empty()),
            docs: request.description.as_deref().and_then(docs::markdown),
            fixed_query: Vec::new(),
            paging: None,
            location: request.location.clone(),
        });
    }

    let solved = inference.finish(&mut api.types, diags);
    for (n, target) in targets.into_iter().enumerate() {
        patch(&mut api, target, solved.get(n).cloned().unwrap_or(Ty::Any));
    }
    api
}

/// A URL that is one variable holding a whole URL (`{{collectionVariablesURL}}` =
/// `https://postman-echo.com/get?test=x`) is read as that URL; any other URL as it is.
fn whole_url_variable(url: &read::Url, variables: &IndexMap<String, String>, servers: &IndexSet<&str>) -> read::Url {
    let name = url.raw.trim().strip_prefix("{{").and_then(|rest| rest.strip_suffix("}}")).map(str::trim);
    let name = name.filter(|name| !servers.contains(name));
    let value =
        name.and_then(|name| variables.get(name)).filter(|value| value.contains("://") && !value.contains("{{"));
    match value {
        Some(value) if url.query.is_empty() => read::url_from_text(value, &url.location),
        _ => url.clone(),
    }
}

/// Puts an inferred type into the body it belongs to.
fn patch(api: &mut ir::Api, target: Target, ty: Ty) {
    match target {
        Target::RequestBody(op) => {
            if let Some(ir::RequestBody { kind: BodyKind::Json { ty: slot_ty, .. }, .. }) =
                api.operations.get_mut(op).and_then(|o| o.body.as_mut())
            {
                *slot_ty = ty;
            }
        }
        Target::Response(op, response) => {
            let body =
                api.operations.get_mut(op).and_then(|o| o.responses.get_mut(response)).and_then(|r| r.body.as_mut());
            if let Some(ResponseBody::Json { ty: slot_ty, .. }) = body {
                *slot_ty = ty;
            }
        }
    }
}

/// The most common resolvable server among the requests (ties: the first seen). A request on
/// a shorter form of it (`https://host` + `/v1/x` when the base is `https://host/v1`) loses the
/// shared path prefix; requests on another server, and servers that cannot be resolved, are
/// reported once each.
fn base_url(
    requests: &[&Request],
    splits: &[path::SplitPath],
    segments: &mut [Vec<path::Segment>],
    variables: &IndexMap<String, String>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut counts: IndexMap<String, usize> = IndexMap::new();
    let mut unresolved: IndexMap<String, Location> = IndexMap::new();
    let resolved: Vec<Option<String>> =
        splits.iter().map(|s| s.server.as_deref().and_then(|server| path::resolve_server(server, variables))).collect();
    for ((request, split), url) in requests.iter().zip(splits).zip(&resolved) {
        match (url, &split.server) {
            (Some(url), _) => *counts.entry(url.clone()).or_default() += 1,
            (None, Some(server)) => {
                unresolved.entry(server.clone()).or_insert_with(|| request.url.location.clone());
            }
            (None, None) => {}
        }
    }
    let best = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(std::cmp::Ordering::Greater)).map(|(url, _)| url.clone());
    if best.is_none() {
        for (server, at) in &unresolved {
            diags.warning(
                "no-base-url",
                at,
                format!("the server `{server}` has no value in the collection variables; the client needs a base URL (`base_url` in apis.toml or at run time)"),
            );
        }
    }
    let best = best?;
    for (server, at) in &unresolved {
        diags.warning(
            "no-base-url",
            at,
            format!("the server `{server}` has no value in the collection variables; requests on it are sent to the API's base URL `{best}`"),
        );
    }
    for (index, url) in resolved.iter().enumerate() {
        let Some(url) = url.as_ref().filter(|url| **url != best) else {
            continue;
        };
        let shared: Vec<path::Segment> = match best.strip_prefix(url.as_str()).and_then(|rest| rest.strip_prefix('/')) {
            Some(rest) => {
                rest.split('/').filter(|s| !s.is_empty()).map(|s| path::Segment::Literal(s.to_owned())).collect()
            }
            None => Vec::new(),
        };
        if !shared.is_empty() && segments[index].starts_with(&shared) {
            segments[index].drain(..shared.len());
            continue;
        }
        diags.warning(
            "other-base-url",
            &requests[index].url.location,
            format!("a request on `{url}` is sent to the API's base URL `{best}` instead"),
        );
    }
    Some(best)
}
