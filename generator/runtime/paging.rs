//! Pagination: one generic stream of pages (and of items) for every paged operation.
//!
//! A paged endpoint says how it pages with a [`Paging`] value and where a page's items are;
//! the stream sends the first request as it is built, and each next request is the previous one
//! with its page parameter changed (or the `Link` header's `next` URL). Every page is sent like
//! any call (credentials, the call's options, retries), no URL is fetched twice, and the stream
//! ends after the last page: the first error ends it too.

use std::collections::HashSet;

use bytes::Bytes;
use futures_util::stream::{self, Stream, TryStreamExt};
use serde_json::Value;

use super::{ApiResponse, Call, CallOptions, Endpoint, Error, HttpClient};

/// How an operation pages. Parameter names are the query parameters' wire names; `total`,
/// `next` and the like are JSON pointers into a page's body (`/metadata/total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `offset` counts items: the next page starts after the items received. The last page is
    /// an empty one, one shorter than the `limit` sent, or the one that reaches `total` items.
    Offset { offset: &'static str, limit: Option<&'static str>, total: Option<&'static str> },
    /// `page` counts pages from `first`. The last page is an empty one, one shorter than the
    /// `size` sent, the one that reaches `total` items, or page number `total_pages`.
    Page {
        page: &'static str,
        first: u64,
        size: Option<&'static str>,
        total: Option<&'static str>,
        total_pages: Option<&'static str>,
    },
    /// The body names the next page's cursor (`next`), sent in `param`. The last page has no
    /// cursor (absent, `null` or empty), or `has_more` is `false`.
    Cursor { param: &'static str, next: &'static str, has_more: Option<&'static str> },
    /// The `Link` response header's `rel="next"` URL (RFC 8288); the last page has none. The
    /// URL must be on the client's base URL's origin, since credentials go with it.
    Link,
}

/// An operation that returns one page of a list.
pub trait Paged: Endpoint {
    /// One element of the list.
    type Item;
    /// How the operation pages.
    const PAGING: Paging;
    /// The JSON pointer of the items in a page's body (`""`: the body is the list).
    const ITEMS: &'static str;
    /// The items of a page.
    fn items(output: Self::Output) -> Vec<Self::Item>;
}

/// The items at `pointer` in an untyped body (for operations whose body has no schema).
pub fn json_items(body: Value, pointer: &str) -> Vec<Value> {
    let mut body = body;
    match body.pointer_mut(pointer).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// What the stream does when polled again.
enum Next<B> {
    Fetch(http::Request<Vec<u8>>),
    /// The page before was yielded; what went wrong working out the next one comes now.
    Fail(Error<B>),
    Done,
}

struct State<'a, E: Endpoint> {
    client: &'a HttpClient,
    options: CallOptions,
    next: Next<E::ErrorBody>,
    fetched: HashSet<String>,
    seen_items: u64,
    endpoint: std::marker::PhantomData<fn() -> E>,
}

impl<'a, E: Paged + 'a> Call<'a, E> {
    /// Every page, in order, each as a whole response; ends after the last page or at the first
    /// error. Use `TryStreamExt::try_next` (re-exported by this runtime) to walk it.
    pub fn pages(self) -> impl Stream<Item = Result<ApiResponse<E::Output>, Error<E::ErrorBody>>> + 'a {
        let (client, endpoint, options) = self.into_parts();
        let first = client.prepare(&endpoint, &options).map_err(Error::widen::<E::ErrorBody>);
        let start = first.map(|request| State::<E> {
            client,
            options,
            next: Next::Fetch(request),
            fetched: HashSet::new(),
            seen_items: 0,
            endpoint: std::marker::PhantomData,
        });
        // A request that cannot be built is the stream's one error.
        stream::try_unfold(Some(start), |state| async move {
            let mut state = match state {
                None => return Ok(None),
                Some(Err(error)) => return Err(error),
                Some(Ok(state)) => state,
            };
            let request = match std::mem::replace(&mut state.next, Next::Done) {
                Next::Fetch(request) => request,
                Next::Fail(error) => return Err(error),
                Next::Done => return Ok(None),
            };
            let (page, next) = fetch::<E>(&mut state, request).await?;
            state.next = match next {
                Ok(Some(request)) => Next::Fetch(request),
                Ok(None) => Next::Done,
                Err(error) => Next::Fail(error),
            };
            Ok(Some((page, Some(Ok(state)))))
        })
    }

    /// Every item of every page, in order; ends after the last page or at the first error.
    pub fn items(self) -> impl Stream<Item = Result<E::Item, Error<E::ErrorBody>>> + 'a {
        self.pages()
            .map_ok(|page| stream::iter(E::items(page.body).into_iter().map(Ok::<E::Item, Error<E::ErrorBody>>)))
            .try_flatten()
    }
}

fn paging_error<B>(message: String) -> Error<B> {
    Error::Paging { message }
}

/// The request after a page: none after the last, or why there cannot be one.
type NextRequest<B> = Result<Option<http::Request<Vec<u8>>>, Error<B>>;

/// Sends one page and works out the request for the next one, if any. An error of the page
/// itself is the outer one; a problem with what comes after it is reported after the page.
async fn fetch<E: Paged>(
    state: &mut State<'_, E>,
    request: http::Request<Vec<u8>>,
) -> Result<(ApiResponse<E::Output>, NextRequest<E::ErrorBody>), Error<E::ErrorBody>> {
    let url = request.uri().to_string();
    state.fetched.insert(url.clone());
    let response = state.client.send_authenticated::<E>(&request, &state.options).await.map_err(Error::widen)?;
    let headers = response.headers().clone();
    let raw: Bytes = response.body().clone();
    let page = E::parse_response(response)?;
    let body: Value = serde_json::from_slice(&raw)
        .map_err(|error| paging_error(format!("the page at {url} is not JSON: {error}")))?;
    let count = match body.pointer(E::ITEMS) {
        Some(Value::Array(items)) => items.len() as u64,
        _ => return Err(paging_error(format!("the page at {url} has no list at `{}`", E::ITEMS))),
    };
    state.seen_items += count;
    let next = next_request(E::PAGING, &request, &headers, &body, count, state.seen_items, state.client.base_url())
        .map_err(|message| paging_error(format!("after the page at {url}: {message}")));
    let next = match next {
        Ok(Some(next)) if state.fetched.contains(&next.uri().to_string()) => Err(paging_error(format!(
            "the next page is {} again: stopped instead of fetching it twice",
            next.uri()
        ))),
        other => other,
    };
    Ok((page, next))
}

/// The request for the page after `request`, or `None` after the last page.
fn next_request(
    paging: Paging,
    request: &http::Request<Vec<u8>>,
    headers: &http::HeaderMap,
    body: &Value,
    count: u64,
    seen_items: u64,
    base_url: &str,
) -> Result<Option<http::Request<Vec<u8>>>, String> {
    let next = match paging {
        Paging::Offset { offset, limit, total } => {
            let current = number_param(request, offset)?.unwrap_or(0);
            let next = current + count;
            let short = number_param(request, limit_name(limit))?.is_some_and(|limit| count < limit);
            let reached = match total {
                Some(pointer) => next >= number_at(body, pointer)?,
                None => false,
            };
            if count == 0 || short || reached {
                return Ok(None);
            }
            with_query(request, offset, &next.to_string())?
        }
        Paging::Page { page, first, size, total, total_pages } => {
            let current = number_param(request, page)?.unwrap_or(first);
            let pages_done = current.saturating_sub(first) + 1;
            let size = number_param(request, limit_name(size))?;
            let short = size.is_some_and(|size| count < size);
            let reached = match (total, size) {
                (Some(pointer), Some(size)) => pages_done.saturating_mul(size) >= number_at(body, pointer)?,
                (Some(pointer), None) => seen_items >= number_at(body, pointer)?,
                (None, _) => false,
            };
            let last = match total_pages {
                Some(pointer) => pages_done >= number_at(body, pointer)?,
                None => false,
            };
            if count == 0 || short || reached || last {
                return Ok(None);
            }
            with_query(request, page, &(current + 1).to_string())?
        }
        Paging::Cursor { param, next, has_more } => {
            if let Some(pointer) = has_more {
                match body.pointer(pointer) {
                    Some(Value::Bool(false)) => return Ok(None),
                    Some(Value::Bool(true)) => {}
                    other => return Err(format!("`{pointer}` is {other:?}, not a boolean")),
                }
            }
            let cursor = match body.pointer(next) {
                None | Some(Value::Null) => return Ok(None),
                Some(Value::String(text)) if text.is_empty() => return Ok(None),
                Some(Value::String(text)) => text.clone(),
                Some(Value::Number(number)) => number.to_string(),
                Some(other) => return Err(format!("the cursor at `{next}` is {other}, not a string")),
            };
            if count == 0 {
                return Ok(None);
            }
            if query_values(request, param).first().map(String::as_str) == Some(cursor.as_str()) {
                return Err(format!("the server sent the cursor {cursor:?} it was given"));
            }
            with_query(request, param, &cursor)?
        }
        Paging::Link => {
            let Some(target) = next_link(headers) else {
                return Ok(None);
            };
            let current = reqwest::Url::parse(&request.uri().to_string()).map_err(|error| error.to_string())?;
            let url = current.join(&target).map_err(|error| format!("the next link {target:?}: {error}"))?;
            let base = reqwest::Url::parse(base_url).map_err(|error| error.to_string())?;
            if url.origin() != base.origin() {
                return Err(format!("the next link {url} leaves {base_url}: not followed with the credentials"));
            }
            with_uri(request, url.as_str())?
        }
    };
    Ok(Some(next))
}

/// `Option<&str>` as the name to look up, `""` (never a parameter) when there is none.
fn limit_name(name: Option<&'static str>) -> &'static str {
    name.unwrap_or("")
}

/// The decoded values of the query parameter `name` of `request`.
fn query_values(request: &http::Request<Vec<u8>>, name: &str) -> Vec<String> {
    let query = request.uri().query().unwrap_or("");
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .filter(|(key, _)| decode(key) == name)
        .map(|(_, value)| decode(value))
        .collect()
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn number_param(request: &http::Request<Vec<u8>>, name: &str) -> Result<Option<u64>, String> {
    match query_values(request, name).first() {
        None => Ok(None),
        Some(value) => value
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| format!("the query parameter `{name}` is {value:?}, not a count")),
    }
}

/// A count in the body: a non-negative integer, or a string holding one.
fn number_at(body: &Value, pointer: &str) -> Result<u64, String> {
    let value = body.pointer(pointer);
    let number = match value {
        Some(Value::Number(number)) => number.as_u64().or_else(|| number.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Some(Value::String(text)) => text.trim().parse::<u64>().ok(),
        _ => None,
    };
    number.ok_or_else(|| format!("`{pointer}` is {value:?}, not a count"))
}

/// A copy of `request` with the query parameter `name` set to `value` (in place of its first
/// occurrence, others removed; appended when absent).
fn with_query(request: &http::Request<Vec<u8>>, name: &str, value: &str) -> Result<http::Request<Vec<u8>>, String> {
    let uri = request.uri().to_string();
    let (base, query) = uri.split_once('?').unwrap_or((uri.as_str(), ""));
    let encoded = |text: &str| percent_encoding::utf8_percent_encode(text, super::encode::COMPONENT).to_string();
    let pair = format!("{}={}", encoded(name), encoded(value));
    let mut pairs: Vec<String> = Vec::new();
    let mut placed = false;
    for existing in query.split('&').filter(|pair| !pair.is_empty()) {
        let key = existing.split_once('=').map_or(existing, |(key, _)| key);
        if decode(key) != name {
            pairs.push(existing.to_owned());
        } else if !placed {
            pairs.push(pair.clone());
            placed = true;
        }
    }
    if !placed {
        pairs.push(pair);
    }
    with_uri(request, &format!("{base}?{}", pairs.join("&")))
}

fn with_uri(request: &http::Request<Vec<u8>>, uri: &str) -> Result<http::Request<Vec<u8>>, String> {
    let mut next = super::client::copy_request(request).map_err(|error| error.to_string())?;
    *next.uri_mut() = uri.parse().map_err(|error| format!("the next page's URL {uri:?}: {error}"))?;
    Ok(next)
}

/// The target of the first `rel="next"` link of the `Link` headers (RFC 8288): entries are
/// `<url>; param=value; ...`, separated by commas outside the brackets and quotes.
fn next_link(headers: &http::HeaderMap) -> Option<String> {
    for value in headers.get_all(http::header::LINK) {
        let Ok(text) = value.to_str() else {
            continue;
        };
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            let close = after.find('>')?;
            let target = &after[..close];
            let params_text = &after[close + 1..];
            // The parameters run to the next comma outside quotes.
            let mut in_quotes = false;
            let end = params_text
                .char_indices()
                .find(|(_, c)| {
                    if *c == '"' {
                        in_quotes = !in_quotes;
                    }
                    *c == ',' && !in_quotes
                })
                .map_or(params_text.len(), |(index, _)| index);
            let is_next = params_text[..end].split(';').any(|param| {
                let Some((key, value)) = param.split_once('=') else {
                    return false;
                };
                key.trim().eq_ignore_ascii_case("rel")
                    && value.trim().trim_matches('"').split_ascii_whitespace().any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.trim().to_owned());
            }
            rest = &params_text[end..];
        }
    }
    None
}
