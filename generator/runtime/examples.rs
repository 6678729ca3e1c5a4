//! The documented examples of every operation, as data: each API module's `examples::visit`
//! hands a [`Visitor`] one [`Example`] per operation, with the endpoint built from the example
//! values and every documented response body.
//!
//! Tests use it to drive a whole API against a server without a line per operation, and tools
//! can use it to show what a request looks like. Bodies are JSON text, decoded at run time, so
//! an example that does not fit its generated type is an error to look at, not a build failure.

use std::fmt;

use super::Endpoint;

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    Header,
}

/// One parameter as the example sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamExample {
    pub location: ParamIn,
    /// The name on the wire.
    pub name: &'static str,
    /// The value as JSON text (`"abc"`, `10`, `true`, `["a","b"]`).
    pub value: &'static str,
    /// Whether the description documents this value; `false` for a placeholder that only fills
    /// a required parameter.
    pub documented: bool,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Json,
    Form,
    Multipart,
    Binary,
    Text,
}

/// The request body of an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyExample {
    pub format: BodyFormat,
    /// The content type the request declares.
    pub content_type: &'static str,
    /// Every documented example body, as JSON text.
    pub examples: &'static [&'static str],
    /// What the request is built with instead of the first documented example: a placeholder
    /// made from the type, when there is no example or the body kind does not take one as it is
    /// (multipart, binary and text bodies).
    pub placeholder: Option<&'static str>,
}

impl BodyExample {
    /// The text the request is built with: the placeholder, or the first documented example.
    pub fn value(&self) -> &'static str {
        self.placeholder.or_else(|| self.examples.first().copied()).unwrap_or_default()
    }

    /// Whether [`BodyExample::value`] is a documented example (not a placeholder).
    pub fn documented(&self) -> bool {
        self.placeholder.is_none() && !self.examples.is_empty()
    }
}

/// One documented response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseExample {
    /// The status a response of this entry comes with. A class (`4XX`) is shown as its first
    /// code that the operation does not list separately (`400` unless `400` has its own entry),
    /// and `default` as `599`, a code no description lists: both decode as the class or the
    /// default they stand for.
    pub status: u16,
    /// The status as the description declares it: `"200"`, `"4XX"` or `"default"`.
    pub declared: &'static str,
    /// Whether the status counts as success (2xx).
    pub success: bool,
    /// A documented example body as JSON text; `None` when the status has no example (one entry
    /// per example otherwise).
    pub body: Option<&'static str>,
}

/// How an [`Example`] builds its endpoint from an [`Input`].
pub type Build<E> = fn(Input<'_>) -> Result<E, serde_json::Error>;

/// What an [`Example`]'s endpoint is built from: a body text and parameter overrides.
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    /// The body as text; `None` is an empty text.
    pub body: Option<&'a str>,
    /// `(wire name, JSON text)` pairs that replace the example's parameter values.
    pub params: &'a [(&'a str, &'a str)],
}

impl Input<'_> {
    /// The value of parameter `name`, read from JSON text: the override when there is one,
    /// `example` otherwise.
    pub fn param<T: serde::de::DeserializeOwned>(&self, name: &str, example: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.params.iter().find(|(key, _)| *key == name).map_or(example, |(_, value)| *value))
    }

    /// [`Input::param`] for a `String` parameter (taken as `impl Into<String>`, so its type is
    /// not inferred where it is passed).
    pub fn string_param(&self, name: &str, example: &str) -> Result<String, serde_json::Error> {
        self.param(name, example)
    }

    /// The body text read as JSON.
    pub fn json_body<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.text())
    }

    /// The body text.
    pub fn text(&self) -> &str {
        self.body.unwrap_or_default()
    }
}

/// One operation with its examples.
pub struct Example<E: Endpoint> {
    /// The operation's Rust name (`get_account_offerings`).
    pub name: &'static str,
    pub method: &'static str,
    /// The path template, parameters in braces.
    pub path: &'static str,
    pub params: &'static [ParamExample],
    pub body: Option<BodyExample>,
    pub responses: &'static [ResponseExample],
    /// Builds the endpoint from the example values: the body from the input's text
    /// ([`Example::request`] gives [`BodyExample::value`]); each parameter of
    /// [`Example::params`] from the override of the same wire name (JSON text, `("limit", "10")`)
    /// when there is one. An `Err` when a text does not decode into its type.
    pub build: Build<E>,
    /// Encodes a decoded success body back to JSON (for comparison with the example).
    pub output_json: fn(&E::Output) -> Result<serde_json::Value, serde_json::Error>,
    /// Encodes a decoded error body back to JSON.
    pub error_json: fn(&E::ErrorBody) -> Result<serde_json::Value, serde_json::Error>,
}

impl<E: Endpoint> Example<E> {
    /// The endpoint built from the documented example values.
    pub fn request(&self) -> Result<E, serde_json::Error> {
        self.request_with(&[])
    }

    /// The endpoint with some parameters set to other values: `(wire name, JSON text)` pairs,
    /// such as `[("accountID", "\"acc-2\""), ("limit", "5")]`. Parameters the example does not
    /// set (optional ones without a documented value) are not affected.
    pub fn request_with(&self, params: &[(&str, &str)]) -> Result<E, serde_json::Error> {
        (self.build)(Input { body: self.body.map(|body| body.value()), params })
    }
}

impl<E: Endpoint> fmt::Debug for Example<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Example")
            .field("name", &self.name)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("params", &self.params)
            .field("body", &self.body)
            .field("responses", &self.responses)
            .finish_non_exhaustive()
    }
}

/// `output_json` or `error_json` of a JSON body.
pub fn json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::to_value(value)
}

/// `output_json` of a body-less response: `null`.
pub fn empty(value: &()) -> Result<serde_json::Value, serde_json::Error> {
    let () = value;
    Ok(serde_json::Value::Null)
}

/// `output_json` or `error_json` of a text body: a JSON string.
// Its type is `fn(&E::Output)`, and a text body's output is a `String`.
#[allow(clippy::ptr_arg)]
pub fn text(value: &String) -> Result<serde_json::Value, serde_json::Error> {
    Ok(serde_json::Value::String(value.clone()))
}

/// `output_json` or `error_json` of a binary body: its bytes as a JSON string (lossy UTF-8).
pub fn binary(value: &bytes::Bytes) -> Result<serde_json::Value, serde_json::Error> {
    Ok(serde_json::Value::String(String::from_utf8_lossy(value).into_owned()))
}

/// `error_json` of an operation without error statuses, whose error body cannot exist.
pub fn never(value: &std::convert::Infallible) -> Result<serde_json::Value, serde_json::Error> {
    match *value {}
}

/// The text part `name` of a multipart example given as a JSON object: a string as it is, any
/// other value as JSON text.
pub fn text_part(value: &serde_json::Value, name: &str) -> Option<String> {
    match value.get(name)? {
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// The file part `name` of a multipart example: the member's text as the file's content, sent
/// as `application/octet-stream` under the part's name.
pub fn file_part(value: &serde_json::Value, name: &str) -> Option<super::FilePart> {
    text_part(value, name).map(|text| super::FilePart::new(name, "application/octet-stream", text.into_bytes()))
}

/// Receives the operations of an API, one call each, from the API module's `examples::visit`.
pub trait Visitor {
    /// One operation and its examples.
    fn operation<E>(&mut self, example: Example<E>)
    where
        E: Endpoint + fmt::Debug,
        E::Output: fmt::Debug,
        E::ErrorBody: fmt::Debug;
}
