//! The runtime shared by every generated API module: errors, encoding, auth and the HTTP client.
//!
//! The API modules stay thin: an endpoint value knows its method, path, parameters and body
//! types, and everything that is the same for every operation (percent-encoding, validation,
//! response decoding, credentials, retries) lives here, written once and tested once.

// An error keeps the status, headers and raw body of the response it comes from, so that
// nothing is lost; that makes it larger than clippy likes for an `Err` variant, by design.
#![allow(clippy::result_large_err)]

mod auth;
mod client;
mod encode;
mod error;
pub mod form;
pub mod examples;
mod loose;
mod multipart;
pub mod response;
mod union;
pub mod validate;

pub use auth::{AuthKind, AuthScheme, Credential, Credentials, Secret};
pub use client::{ClientConfig, HttpClient, RetryPolicy};
pub use encode::{RequestBuilder, ToParam};
pub use error::{ApiResponse, Error};
pub use form::FormStyle;
pub use loose::Loose;
pub use multipart::{FilePart, Multipart, Part};
pub use union::Untagged;
pub use validate::Validate;

/// One operation of an API, as the generic [`HttpClient`] sees it.
///
/// Every endpoint struct implements it; the same methods exist on the struct itself, so using
/// an endpoint without the client needs no trait import.
pub trait Endpoint {
    /// The typed result of a successful (2xx) response.
    type Output;
    /// The typed body of a documented error status (`Infallible` when none is documented).
    type ErrorBody;
    /// The names of the authentication schemes this operation accepts, in order of preference.
    const AUTH: &'static [&'static str];
    /// The kind of each scheme of [`Endpoint::AUTH`], in the same order.
    const AUTH_KINDS: &'static [AuthKind];
    /// Builds the request: validated, encoded, without credentials.
    fn to_request(&self, base_url: &str) -> Result<::http::Request<::std::vec::Vec<u8>>, Error>;
    /// Turns a complete response into the typed result.
    fn parse_response(response: ::http::Response<::bytes::Bytes>) -> Result<ApiResponse<Self::Output>, Error<Self::ErrorBody>>;
}
