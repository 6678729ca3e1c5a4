//! Request encoding: path segments, query strings, headers and bodies, with every failure turned
//! into an [`Error`] before anything is sent.

use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::{HeaderMap, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use super::{Error, FormStyle, Multipart};

/// What may stay unencoded in a path segment or a query component: RFC 3986 unreserved
/// characters only, so a `/`, `?`, `#`, `&`, `=`, space or non-ASCII character in a value can
/// never change the structure of the URL.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A value that can be sent as a path, query or header parameter. Scalars give one string,
/// `Option` none when `None`, `Vec` one per element (a repeated query key, a comma-joined path
/// segment or header). Anything else serializable is sent as its JSON text.
pub trait ToParam: Serialize {
    /// Appends the textual forms of `self` to `out`.
    fn write_param(&self, out: &mut Vec<String>) {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Null) | Err(_) => {}
            Ok(serde_json::Value::String(text)) => out.push(text),
            Ok(serde_json::Value::Array(items)) => {
                for item in items {
                    match item {
                        serde_json::Value::String(text) => out.push(text),
                        serde_json::Value::Null => {}
                        other => out.push(other.to_string()),
                    }
                }
            }
            Ok(other) => out.push(other.to_string()),
        }
    }
}

impl ToParam for str {
    fn write_param(&self, out: &mut Vec<String>) {
        out.push(self.to_owned());
    }
}

impl ToParam for String {
    fn write_param(&self, out: &mut Vec<String>) {
        out.push(self.clone());
    }
}

macro_rules! display_params {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn write_param(&self, out: &mut Vec<String>) {
                out.push(self.to_string());
            }
        })*
    };
}

display_params!(bool, u8, i32, i64, u32, u64, f32, f64, uuid::Uuid, chrono::NaiveDate);

impl ToParam for chrono::DateTime<chrono::FixedOffset> {
    fn write_param(&self, out: &mut Vec<String>) {
        out.push(self.to_rfc3339());
    }
}

impl ToParam for serde_json::Value {}

/// An object parameter is sent as its JSON text: APIs that take objects in a query or header
/// document their own encoding, and JSON is the one that loses nothing.
impl<T: Serialize> ToParam for indexmap::IndexMap<String, T> {}

impl<T: ToParam + Serialize> ToParam for super::Loose<T> {}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn write_param(&self, out: &mut Vec<String>) {
        (**self).write_param(out);
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn write_param(&self, out: &mut Vec<String>) {
        if let Some(value) = self {
            value.write_param(out);
        }
    }
}

impl<T: ToParam> ToParam for Vec<T> {
    fn write_param(&self, out: &mut Vec<String>) {
        for value in self {
            value.write_param(out);
        }
    }
}

fn encode_component(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT).to_string()
}

/// Builds one `http::Request` step by step; the first problem is kept and returned by
/// [`RequestBuilder::build`], so the generated code stays a flat list of calls.
#[derive(Debug)]
pub struct RequestBuilder {
    method: String,
    /// The base URL as configured: every request must keep its scheme, host and port.
    base_url: String,
    url: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Vec<u8>,
    error: Option<Error>,
}

impl RequestBuilder {
    /// Starts a request to `base_url` (a trailing `/` is ignored).
    pub fn new(method: &str, base_url: &str) -> RequestBuilder {
        RequestBuilder {
            method: method.to_owned(),
            base_url: base_url.to_owned(),
            url: base_url.trim_end_matches('/').to_owned(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Vec::new(),
            error: None,
        }
    }

    fn fail(&mut self, error: Error) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Appends literal path text, as documented. The generator only writes paths that start with
    /// `/` and hold no `?`, `#` or whitespace; anything that would still end the path early is
    /// percent-encoded here, so a path can never move the request to another host or drop its
    /// query.
    pub fn path(&mut self, literal: &str) {
        if self.url.len() == self.base_url.trim_end_matches('/').len() && !literal.starts_with('/') {
            self.url.push('/');
        }
        for c in literal.chars() {
            match c {
                '?' | '#' | '\\' => self.url.push_str(&format!("%{:02X}", c as u32)),
                c if c.is_whitespace() || c.is_control() => {
                    let mut buffer = [0; 4];
                    self.url.push_str(&encode_component(c.encode_utf8(&mut buffer)));
                }
                c => self.url.push(c),
            }
        }
    }

    /// Appends a path parameter as exactly one segment: every reserved character is
    /// percent-encoded. An empty value is refused, because it would change the path, and so are
    /// `.` and `..`: URL parsers (the WHATWG URL standard, which reqwest follows) read them as
    /// dot segments even percent-encoded (`%2E%2E`) and would walk up the path.
    pub fn path_param<T: ToParam + ?Sized>(&mut self, name: &str, value: &T) {
        let mut values = Vec::new();
        value.write_param(&mut values);
        let joined = values.iter().map(|v| encode_component(v)).collect::<Vec<_>>().join(",");
        let segment = match joined.as_str() {
            "" => {
                self.fail(Error::Validation { path: name.to_owned(), rule: "non_empty".to_owned() });
                return;
            }
            "." | ".." => {
                self.fail(Error::Validation { path: name.to_owned(), rule: "not_dot_segment".to_owned() });
                return;
            }
            _ => joined,
        };
        self.url.push_str(&segment);
    }

    /// Adds a query parameter: nothing when the value is `None`, one `name=value` per element
    /// of a list.
    pub fn query<T: ToParam + ?Sized>(&mut self, name: &str, value: &T) {
        let mut values = Vec::new();
        value.write_param(&mut values);
        for value in values {
            self.query.push((name.to_owned(), value));
        }
    }

    /// Adds a header: nothing when the value is `None`, list elements joined by `, `. A name or
    /// value that HTTP cannot carry (CR, LF, other control characters) is an error.
    pub fn header<T: ToParam + ?Sized>(&mut self, name: &str, value: &T) {
        let mut values = Vec::new();
        value.write_param(&mut values);
        if values.is_empty() {
            return;
        }
        let joined = values.join(", ");
        let header_name = match HeaderName::from_bytes(name.as_bytes()) {
            Ok(header_name) => header_name,
            Err(error) => {
                self.fail(Error::InvalidHeader { name: name.to_owned(), message: error.to_string() });
                return;
            }
        };
        match HeaderValue::from_bytes(joined.as_bytes()) {
            Ok(value) => {
                self.headers.append(header_name, value);
            }
            Err(_) => self.fail(Error::InvalidHeader {
                name: name.to_owned(),
                message: "the value contains a control character (CR, LF, NUL ...)".to_owned(),
            }),
        }
    }

    fn content_type(&mut self, content_type: &str) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
            }
            Err(_) => self.fail(Error::InvalidHeader {
                name: CONTENT_TYPE.to_string(),
                message: format!("invalid content type {content_type:?}"),
            }),
        }
    }

    /// The `Accept` header: the content type the documented responses have.
    pub fn accept(&mut self, content_type: &str) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(http::header::ACCEPT, value);
            }
            Err(_) => self.fail(Error::InvalidHeader {
                name: http::header::ACCEPT.to_string(),
                message: format!("invalid content type {content_type:?}"),
            }),
        }
    }

    /// A JSON body with its content type.
    pub fn json<T: Serialize + ?Sized>(&mut self, content_type: &str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.content_type(content_type);
                self.body = bytes;
            }
            Err(error) => self.fail(Error::Encode { message: format!("JSON body: {error}") }),
        }
    }

    /// An `application/x-www-form-urlencoded` body; `styles` says how the members that are
    /// arrays or objects are written (see [`FormStyle`]).
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T, styles: &[(&str, FormStyle)]) {
        match super::form::encode(body, styles) {
            Ok(text) => {
                self.content_type("application/x-www-form-urlencoded");
                self.body = text.into_bytes();
            }
            Err(error) => self.fail(Error::Encode { message: format!("form body: {error}") }),
        }
    }

    /// A `multipart/form-data` body.
    pub fn multipart(&mut self, form: &Multipart) {
        let (content_type, body) = form.encode();
        self.content_type(&content_type);
        self.body = body;
    }

    /// A raw body with a fixed content type.
    pub fn bytes(&mut self, content_type: &str, body: &[u8]) {
        self.content_type(content_type);
        self.body = body.to_vec();
    }

    /// The request, or the first problem met while building it.
    pub fn build(self) -> Result<http::Request<Vec<u8>>, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let method = Method::from_bytes(self.method.as_bytes())
            .map_err(|error| Error::Encode { message: format!("method {:?}: {error}", self.method) })?;
        let mut url = self.url;
        for (index, (name, value)) in self.query.iter().enumerate() {
            let separator = if index == 0 && !url.contains('?') { '?' } else { '&' };
            url.push(separator);
            url.push_str(&encode_component(name));
            url.push('=');
            url.push_str(&encode_component(value));
        }
        let mut request = http::Request::builder()
            .method(method)
            .uri(url.as_str())
            .body(self.body)
            .map_err(|error| Error::Encode { message: format!("URL {url:?}: {error}") })?;
        same_origin(&self.base_url, request.uri())?;
        *request.headers_mut() = self.headers;
        Ok(request)
    }
}

/// Refuses a request whose scheme, host or port is not the base URL's: credentials are only ever
/// sent where the user pointed the client, whatever an operation's path and parameters hold.
fn same_origin(base_url: &str, uri: &http::Uri) -> Result<(), Error> {
    let base: http::Uri =
        base_url.parse().map_err(|error| Error::Encode { message: format!("base URL {base_url:?}: {error}") })?;
    if base.scheme() != uri.scheme() || base.authority() != uri.authority() {
        return Err(Error::Encode {
            message: format!("the request URL {uri} leaves the base URL {base_url}; it is not sent"),
        });
    }
    Ok(())
}

/// Appends one `name=value` query pair to the request's URL (used for API keys in the query).
pub(crate) fn append_query(request: &mut http::Request<Vec<u8>>, name: &str, value: &str) -> Result<(), Error> {
    let mut url = request.uri().to_string();
    url.push(if url.contains('?') { '&' } else { '?' });
    url.push_str(&encode_component(name));
    url.push('=');
    url.push_str(&encode_component(value));
    let uri = url.parse().map_err(|error| Error::Encode { message: format!("URL with the API key: {error}") })?;
    *request.uri_mut() = uri;
    Ok(())
}
