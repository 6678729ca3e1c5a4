//! One call of an operation with settings for that call alone: extra query parameters and
//! headers the description forgot, a timeout and a retry policy.
//!
//! Every `Client` method returns a [`Call`]; awaiting it sends the request, and its builder
//! methods change this call only. Paged operations also turn a call into a stream of pages or
//! of items (see [`Call::pages`]).

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use http::header::{HeaderName, HeaderValue};

use super::{ApiResponse, Endpoint, Error, HttpClient, RetryPolicy};

/// Settings for one call, applied after the operation's typed parameters and before the
/// credentials (so they cannot replace an `Authorization` the client sets).
///
/// Extra query parameters are percent-encoded like typed ones; an extra header whose name or
/// value HTTP cannot carry (CR, LF, other control characters) fails the call before anything is
/// sent. `Debug` shows the names of extra parameters and headers, never their values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values are left out: a token passed in an extra header must not reach the logs.
        let names = |pairs: &[(String, String)]| pairs.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>();
        f.debug_struct("CallOptions")
            .field("query", &names(&self.query))
            .field("headers", &names(&self.headers))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl CallOptions {
    /// No extra settings.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// Adds a query parameter (repeat the name for a list), after the typed ones.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> CallOptions {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header; it replaces a header of the same name set by a typed parameter.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> CallOptions {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The limit for this whole request, body included, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> CallOptions {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy for this call instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> CallOptions {
        self.retry = Some(policy);
        self
    }

    /// The timeout for this call, if one is set.
    pub fn timeout_value(&self) -> Option<Duration> {
        self.timeout
    }

    /// The retry policy for this call, if one is set.
    pub fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// Adds the extra query parameters and headers to a built request.
    pub fn apply(&self, request: &mut http::Request<Vec<u8>>) -> Result<(), Error> {
        for (name, value) in &self.query {
            super::encode::append_query(request, name, value)?;
        }
        let mut replaced: Vec<HeaderName> = Vec::new();
        for (name, value) in &self.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|error| Error::InvalidHeader { name: name.clone(), message: error.to_string() })?;
            let header_value = HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader {
                name: name.clone(),
                message: "the value contains a control character (CR, LF, NUL ...)".to_owned(),
            })?;
            // The first extra value of a name replaces what the typed parameters set; more
            // values of the same name are added to it.
            if !replaced.contains(&header_name) {
                request.headers_mut().remove(&header_name);
                replaced.push(header_name.clone());
            }
            request.headers_mut().append(header_name, header_value);
        }
        Ok(())
    }
}

/// One call of an operation: await it to send it, or change this call first.
///
/// ```text
/// let people = client.get_all_people(GetAllPeople::new()).query("Created__gt", "2024-01-01").await?;
/// ```
#[derive(Debug, Clone)]
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, E> {
    client: &'a HttpClient,
    endpoint: E,
    options: CallOptions,
}

impl<'a, E: Endpoint> Call<'a, E> {
    /// A call of `endpoint` with `client`, without extra settings.
    pub fn new(client: &'a HttpClient, endpoint: E) -> Call<'a, E> {
        Call { client, endpoint, options: CallOptions::default() }
    }

    /// Adds a query parameter the typed setters do not offer (a filter like `Created__gt`).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.query(name, value);
        self
    }

    /// Adds a header; it replaces a header of the same name set by a typed parameter.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.header(name, value);
        self
    }

    /// The limit for this request (each page of a stream), instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options = self.options.timeout(timeout);
        self
    }

    /// The retry policy for this request (each page of a stream), instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options = self.options.retry(policy);
        self
    }

    /// Adds every setting of `options` (prepared once, used for many calls).
    pub fn options(mut self, options: CallOptions) -> Self {
        let CallOptions { query, headers, timeout, retry } = options;
        self.options.query.extend(query);
        self.options.headers.extend(headers);
        self.options.timeout = timeout.or(self.options.timeout);
        self.options.retry = retry.or(self.options.retry);
        self
    }

    /// The operation this call sends.
    pub fn endpoint(&self) -> &E {
        &self.endpoint
    }

    /// Sends the call and parses its response (the same as awaiting it).
    pub async fn send(self) -> Result<ApiResponse<E::Output>, Error<E::ErrorBody>> {
        self.client.execute_with(&self.endpoint, &self.options).await
    }

    pub(crate) fn into_parts(self) -> (&'a HttpClient, E, CallOptions) {
        (self.client, self.endpoint, self.options)
    }
}

impl<'a, E> IntoFuture for Call<'a, E>
where
    E: Endpoint + Send + Sync + 'a,
    E::Output: Send,
    E::ErrorBody: Send,
{
    type Output = Result<ApiResponse<E::Output>, Error<E::ErrorBody>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
