//! The runtime shared by every generated API module: errors, encoding, auth and the HTTP client.
//!
//! The API modules stay thin: an endpoint value knows its method, path, parameters and body
//! types, and everything that is the same for every operation (percent-encoding, validation,
//! response decoding, credentials, retries) lives here, written once and tested once.

// An error keeps the status, headers and raw body of the response it comes from, so that
// nothing is lost; that makes it larger than clippy likes for an `Err` variant, by design.
#![allow(clippy::result_large_err)]

mod auth;
mod call;
mod client;
mod encode;
mod error;
pub mod form;
#[cfg(feature = "examples")]
pub mod examples;
mod loose;
mod multipart;
mod paging;
pub mod response;
mod union;
pub mod validate;

pub use auth::{AuthKind, AuthScheme, Credential, Credentials, Secret};
pub use call::{Call, CallOptions};
pub use client::{ClientConfig, HttpClient, RetryPolicy};
pub use encode::{RequestBuilder, ToParam};
pub use error::{ApiResponse, Error};
pub use form::FormStyle;
pub use loose::Loose;
pub use multipart::{FilePart, Multipart, Part};
pub use paging::{Paged, Paging, json_items};
/// The stream traits a paged call's `pages()` and `items()` are used with (`try_next`,
/// `try_collect`, ...), so that using them needs no other dependency.
pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};
pub use union::Untagged;
pub use validate::Validate;

/// The trait impls of an open string enum of the models, which has `as_str` and `From<&str>`:
/// it is displayed and serialized as its wire string, any string deserializes (a value the
/// description does not list into its catch-all variant), it has no constraint to validate, and
/// it is a parameter value as its wire string. Paths are absolute: the macro expands in the
/// models module, where a schema may be called `Result` or `String`. (Unused, and allowed to be,
/// in a crate whose APIs have no such enum or are all turned off by features.)
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok($name::from(value.as_str()))
            }
        }

        impl crate::runtime::Validate for $name {}

        impl crate::runtime::ToParam for $name {}
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// One operation of an API: how to build its request and how to read its response, with no
/// HTTP stack (the [`HttpClient`] sends it with reqwest).
///
/// Every endpoint struct implements it: `use` the trait (each API module re-exports it) to call
/// `to_request` and `parse_response` on an endpoint value directly.
pub trait Endpoint {
    /// The typed result of a successful (2xx) response.
    type Output;
    /// The typed body of a documented error status (`Infallible` when none is documented).
    type ErrorBody;
    /// The HTTP method (upper case; it may be non-standard, like `PURGE`).
    const METHOD: &'static str;
    /// The path template, parameters in braces.
    const PATH: &'static str;
    /// The names of the authentication schemes this operation accepts, in order of preference.
    const AUTH: &'static [&'static str];
    /// The kind of each scheme of [`Endpoint::AUTH`], in the same order.
    const AUTH_KINDS: &'static [AuthKind];
    /// Validates the documented constraints and builds the request, without credentials (see
    /// [`Credentials::apply`]). Nothing is sent.
    fn to_request(&self, base_url: &str) -> Result<Request, Error>;
    /// Parses a complete response: the documented statuses into their types, anything else
    /// into an error that keeps status, headers and body.
    fn parse_response(response: ::http::Response<::bytes::Bytes>) -> Parsed<Self>;
}

/// A request as [`Endpoint::to_request`] builds it, its body in bytes.
pub type Request = ::http::Request<::std::vec::Vec<u8>>;

/// What [`Endpoint::parse_response`] gives for the endpoint `E`: its typed output with the
/// response's status and headers, or an error carrying its typed error body.
pub type Parsed<E> = Result<ApiResponse<<E as Endpoint>::Output>, Error<<E as Endpoint>::ErrorBody>>;
