//! The one error type of every generated operation, and the successful response wrapper.

use std::convert::Infallible;
use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

/// A successful response: its status, headers and typed body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Everything that can go wrong with an operation. `E` is the typed body of the operation's
/// documented error statuses (`Infallible` when it documents none).
///
/// Nothing in the generated code panics: every failure ends up here, and the variants that
/// come from a response keep its status, headers or raw bytes so that nothing is lost.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = Infallible> {
    /// A value breaks a documented constraint; nothing was sent. `path` names the parameter or
    /// the body member (`body.items[0].name`), `rule` the constraint (`max_length=64`).
    Validation { path: String, rule: String },
    /// A header value cannot be sent (it contains CR, LF or another forbidden byte); nothing was
    /// sent.
    InvalidHeader { name: String, message: String },
    /// The request could not be built: a body that does not serialize, an invalid URL or method.
    Encode { message: String },
    /// The client is misconfigured (no base URL, the TLS backend failed to start).
    Config { message: String },
    /// The request or the response body took longer than the configured timeout.
    Timeout,
    /// The connection failed or broke before a complete response arrived. The URL is left out
    /// of it, since a query API key would be part of it.
    Transport { source: reqwest::Error },
    /// The response body is larger than the configured limit.
    BodyTooLarge { status: StatusCode, limit: usize },
    /// A documented error status with its typed body.
    Api { status: StatusCode, headers: HeaderMap, body: E },
    /// A status the description does not document, with the raw body.
    UnexpectedStatus { status: StatusCode, headers: HeaderMap, body: Bytes },
    /// A documented status whose body does not decode into its type. `path` is the JSON path
    /// that failed (`data[2].quantity`, `.` for the root), `body` the raw bytes.
    Decode { status: StatusCode, path: String, message: String, body: Bytes },
    /// A paged operation cannot go on: a page lacks the list or the page information its
    /// paging reads, or the next page would be one already fetched.
    Paging { message: String },
}

impl<E> Error<E> {
    /// The HTTP status, when the error comes from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::BodyTooLarge { status, .. }
            | Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl Error<Infallible> {
    /// The same error with another error body type: an error that does not come from a
    /// documented error status fits any operation.
    pub fn widen<F>(self) -> Error<F> {
        match self {
            Error::Validation { path, rule } => Error::Validation { path, rule },
            Error::InvalidHeader { name, message } => Error::InvalidHeader { name, message },
            Error::Encode { message } => Error::Encode { message },
            Error::Config { message } => Error::Config { message },
            Error::Timeout => Error::Timeout,
            Error::Transport { source } => Error::Transport { source },
            Error::BodyTooLarge { status, limit } => Error::BodyTooLarge { status, limit },
            Error::Api { body, .. } => match body {},
            Error::UnexpectedStatus { status, headers, body } => Error::UnexpectedStatus { status, headers, body },
            Error::Decode { status, path, message, body } => Error::Decode { status, path, message, body },
            Error::Paging { message } => Error::Paging { message },
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation { path, rule } => write!(f, "invalid value at `{path}`: violates {rule}"),
            Error::InvalidHeader { name, message } => write!(f, "invalid value for header `{name}`: {message}"),
            Error::Encode { message } => write!(f, "cannot build the request: {message}"),
            Error::Config { message } => write!(f, "client configuration: {message}"),
            Error::Timeout => write!(f, "the request timed out"),
            Error::Transport { source } => write!(f, "transport error: {source}"),
            Error::BodyTooLarge { status, limit } => write!(f, "response body ({status}) larger than {limit} bytes"),
            Error::Api { status, body, .. } => write!(f, "API error {status}: {body:?}"),
            Error::UnexpectedStatus { status, body, .. } => {
                write!(f, "unexpected status {status} ({} bytes of body)", body.len())
            }
            Error::Decode { status, path, message, .. } => {
                write!(f, "cannot decode the {status} response body at `{path}`: {message}")
            }
            Error::Paging { message } => write!(f, "paging: {message}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source } => Some(source),
            _ => None,
        }
    }
}
