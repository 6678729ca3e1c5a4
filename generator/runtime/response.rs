//! Response decoding: one function per body kind, used by every generated `parse_response`.
//!
//! Each takes the response parts and the complete body, so the error variants can keep the
//! status, headers and raw bytes.

use bytes::Bytes;
use http::response::Parts;
use serde::de::DeserializeOwned;

use super::{ApiResponse, Error};

impl<T> ApiResponse<T> {
    /// Wraps a decoded body with the status and headers of its response.
    pub fn new(parts: Parts, body: T) -> ApiResponse<T> {
        ApiResponse { status: parts.status, headers: parts.headers, body }
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse { status: self.status, headers: self.headers, body: f(self.body) }
    }
}

/// Decodes JSON, naming the path that failed. An empty body reads as `null`, so that `()`,
/// `Option` and `serde_json::Value` accept it and every other type reports it clearly.
fn decode<T: DeserializeOwned, E>(parts: &Parts, body: &Bytes) -> Result<T, Error<E>> {
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"null" } else { body };
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let decode_error = |path: String, message: String| Error::Decode { status: parts.status, path, message, body: body.clone() };
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| decode_error(error.path().to_string(), error.inner().to_string()))?;
    deserializer.end().map_err(|error| decode_error(".".to_owned(), error.to_string()))?;
    Ok(value)
}

/// A JSON success body.
pub fn json<T: DeserializeOwned, E>(parts: Parts, body: Bytes) -> Result<ApiResponse<T>, Error<E>> {
    let value = decode(&parts, &body)?;
    Ok(ApiResponse::new(parts, value))
}

/// A success without a (documented) body: whatever came is ignored.
pub fn empty<E>(parts: Parts, body: Bytes) -> Result<ApiResponse<()>, Error<E>> {
    let _ = body;
    Ok(ApiResponse::new(parts, ()))
}

/// A text success body; bytes that are not UTF-8 give a decode error.
pub fn text<E>(parts: Parts, body: Bytes) -> Result<ApiResponse<String>, Error<E>> {
    match String::from_utf8(body.to_vec()) {
        Ok(text) => Ok(ApiResponse::new(parts, text)),
        Err(error) => Err(Error::Decode { status: parts.status, path: ".".to_owned(), message: error.to_string(), body }),
    }
}

/// A binary success body, as received.
pub fn binary<E>(parts: Parts, body: Bytes) -> Result<ApiResponse<Bytes>, Error<E>> {
    Ok(ApiResponse::new(parts, body))
}

/// A documented error status with a JSON body: [`Error::Api`] with the typed body, or
/// [`Error::Decode`] when the body does not fit.
pub fn json_error<T: DeserializeOwned, E>(parts: Parts, body: Bytes, wrap: impl FnOnce(T) -> E) -> Error<E> {
    match decode::<T, E>(&parts, &body) {
        Ok(value) => Error::Api { status: parts.status, headers: parts.headers, body: wrap(value) },
        Err(error) => error,
    }
}

/// A documented error status without a body.
pub fn empty_error<E>(parts: Parts, body: Bytes, wrap: impl FnOnce(()) -> E) -> Error<E> {
    let _ = body;
    Error::Api { status: parts.status, headers: parts.headers, body: wrap(()) }
}

/// A documented error status with a text body.
pub fn text_error<E>(parts: Parts, body: Bytes, wrap: impl FnOnce(String) -> E) -> Error<E> {
    match text::<E>(parts, body) {
        Ok(response) => Error::Api { status: response.status, headers: response.headers, body: wrap(response.body) },
        Err(error) => error,
    }
}

/// A documented error status with a binary body.
pub fn binary_error<E>(parts: Parts, body: Bytes, wrap: impl FnOnce(Bytes) -> E) -> Error<E> {
    Error::Api { status: parts.status, headers: parts.headers, body: wrap(body) }
}

/// The whole of `parse_response` for an operation with one documented status, a success, and
/// no documented error: `status` read by `decode` (one of [`json`], [`empty`], [`text`] and
/// [`binary`]), any other status [`Error::UnexpectedStatus`].
pub fn expect<T, E>(
    response: http::Response<Bytes>,
    status: u16,
    decode: impl FnOnce(Parts, Bytes) -> Result<ApiResponse<T>, Error<E>>,
) -> Result<ApiResponse<T>, Error<E>> {
    expect_else(response, status, decode, unexpected)
}

/// Like [`expect`], for an operation that documents every other status as one JSON error body
/// (a `default` response): any other status is [`Error::Api`] with that body.
pub fn expect_or_error<T, E: DeserializeOwned>(
    response: http::Response<Bytes>,
    status: u16,
    decode: impl FnOnce(Parts, Bytes) -> Result<ApiResponse<T>, Error<E>>,
) -> Result<ApiResponse<T>, Error<E>> {
    expect_else(response, status, decode, |parts, body| json_error(parts, body, std::convert::identity))
}

/// Like [`expect`], or else a documented error: for an operation whose error statuses `errors`
/// all carry its one JSON error body. Those are [`Error::Api`] with it, any other status
/// [`Error::UnexpectedStatus`].
pub fn expect_or<T, E: DeserializeOwned>(
    response: http::Response<Bytes>,
    status: u16,
    decode: impl FnOnce(Parts, Bytes) -> Result<ApiResponse<T>, Error<E>>,
    errors: &[u16],
) -> Result<ApiResponse<T>, Error<E>> {
    expect_else(response, status, decode, |parts, body| {
        if errors.contains(&parts.status.as_u16()) {
            json_error(parts, body, std::convert::identity)
        } else {
            unexpected(parts, body)
        }
    })
}

/// The whole of `parse_response` for an operation that documents no status: any success
/// (2xx) read by `decode`, any other status [`Error::UnexpectedStatus`].
pub fn success<T, E>(
    response: http::Response<Bytes>,
    decode: impl FnOnce(Parts, Bytes) -> Result<ApiResponse<T>, Error<E>>,
) -> Result<ApiResponse<T>, Error<E>> {
    let (parts, body) = response.into_parts();
    if parts.status.is_success() { decode(parts, body) } else { Err(unexpected(parts, body)) }
}

fn expect_else<T, E>(
    response: http::Response<Bytes>,
    status: u16,
    decode: impl FnOnce(Parts, Bytes) -> Result<ApiResponse<T>, Error<E>>,
    otherwise: impl FnOnce(Parts, Bytes) -> Error<E>,
) -> Result<ApiResponse<T>, Error<E>> {
    let (parts, body) = response.into_parts();
    if parts.status.as_u16() == status { decode(parts, body) } else { Err(otherwise(parts, body)) }
}

/// A status the description does not mention.
pub fn unexpected<E>(parts: Parts, body: Bytes) -> Error<E> {
    Error::UnexpectedStatus { status: parts.status, headers: parts.headers, body }
}
