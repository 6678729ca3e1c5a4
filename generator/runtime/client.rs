//! HTTP execution with reqwest: base URL, timeouts, credentials, retries with backoff.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{Method, StatusCode};

use super::{ApiResponse, CallOptions, Credentials, Endpoint, Error};

/// When and how often a failed request is tried again.
///
/// Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried, unless
/// `retry_non_idempotent` is set; only on connection errors and on 408, 429, 502, 503 and 504.
/// The wait doubles from `initial_backoff` up to `max_backoff`, with random jitter (half to all
/// of it); a `Retry-After` header (seconds or an HTTP date) replaces it, and when it asks for
/// more than `max_retry_after` the response is returned instead of waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2).
    pub max_retries: u32,
    /// The first wait (default 200 ms).
    pub initial_backoff: Duration,
    /// The longest computed wait (default 10 s).
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured (default 60 s).
    pub max_retry_after: Duration,
    /// Also retry POST, PATCH and other non-idempotent methods (default false).
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> RetryPolicy {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.min(16));
        let full = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        // Full jitter over the upper half; `try_from` keeps an absurd configured maximum from
        // overflowing.
        Duration::try_from_secs_f64(full.as_secs_f64() * (0.5 + fastrand::f64() / 2.0)).unwrap_or(full)
    }
}

/// Everything a client is built from. The generated `ClientBuilder`s fill it in.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Where the API lives; the spec's default when it has one.
    pub base_url: Option<String>,
    /// The limit for a whole request, body included (default 30 s).
    pub timeout: Duration,
    /// The limit for establishing a connection (default 10 s).
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    /// The largest response body read; larger gives [`Error::BodyTooLarge`] (default 64 MiB).
    pub max_response_bytes: usize,
    /// Follow 3xx redirects (default false: a redirect is a response like any other, documented
    /// ones are typed, and its `Location` is in the headers).
    pub follow_redirects: bool,
    /// The `User-Agent` header (default: none).
    pub user_agent: Option<String>,
    pub credentials: Credentials,
    /// A preconfigured reqwest client (proxies, custom TLS); `timeout`, `connect_timeout`,
    /// `follow_redirects` and `user_agent` are then its own business.
    pub http_client: Option<reqwest::Client>,
}

impl ClientConfig {
    /// The defaults, with the spec's base URL when it has one.
    pub fn new(default_base_url: Option<&str>) -> ClientConfig {
        ClientConfig {
            base_url: default_base_url.map(str::to_owned),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_response_bytes: 64 * 1024 * 1024,
            follow_redirects: false,
            user_agent: None,
            credentials: Credentials::default(),
            http_client: None,
        }
    }

    /// The client, or [`Error::Config`] when the base URL is missing or TLS cannot start.
    pub fn build(self) -> Result<HttpClient, Error> {
        let Some(base_url) = self.base_url else {
            return Err(Error::Config {
                message: "no base URL: the description has none, so set one with `.base_url(..)`".to_owned(),
            });
        };
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(Error::Config { message: format!("the base URL {base_url:?} is not an http(s) URL") });
        }
        let http = match self.http_client {
            Some(http) => http,
            None => {
                let redirects = if self.follow_redirects { reqwest::redirect::Policy::limited(10) } else { reqwest::redirect::Policy::none() };
                let mut builder =
                    reqwest::Client::builder().timeout(self.timeout).connect_timeout(self.connect_timeout).redirect(redirects);
                if let Some(user_agent) = &self.user_agent {
                    builder = builder.user_agent(user_agent.as_str());
                }
                builder.build().map_err(|error| Error::Config { message: format!("cannot start the HTTP client: {error}") })?
            }
        };
        Ok(HttpClient {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
            credentials: self.credentials,
        })
    }
}

/// The HTTP client behind every generated `Client`: cheap to clone (the connection pool is
/// shared), and its `Debug` shows no secret.
#[derive(Debug, Clone)]
pub struct HttpClient {
    http: reqwest::Client,
    base_url: String,
    retry: RetryPolicy,
    max_response_bytes: usize,
    credentials: Credentials,
}

impl HttpClient {
    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The credentials the client authenticates with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The same client (sharing its connections) with one credential set or replaced: for a
    /// token obtained at run time, such as after a login call.
    pub fn with_credential(&self, scheme: &str, credential: super::Credential) -> HttpClient {
        let mut client = self.clone();
        client.credentials.set(scheme, credential);
        client
    }

    /// Builds, authenticates and sends one operation, and parses its response.
    pub async fn execute<T: Endpoint>(&self, endpoint: &T) -> Result<ApiResponse<T::Output>, Error<T::ErrorBody>> {
        self.execute_with(endpoint, &CallOptions::default()).await
    }

    /// [`HttpClient::execute`] with settings for this call alone.
    pub async fn execute_with<T: Endpoint>(
        &self,
        endpoint: &T,
        options: &CallOptions,
    ) -> Result<ApiResponse<T::Output>, Error<T::ErrorBody>> {
        let request = self.prepare(endpoint, options).map_err(Error::widen::<T::ErrorBody>)?;
        let response = self.send_authenticated::<T>(&request, options).await.map_err(Error::widen::<T::ErrorBody>)?;
        T::parse_response(response)
    }

    /// The request of `endpoint` with the call's extra parameters, not yet authenticated.
    pub(crate) fn prepare<T: Endpoint>(&self, endpoint: &T, options: &CallOptions) -> Result<http::Request<Vec<u8>>, Error> {
        let mut request = endpoint.to_request(&self.base_url)?;
        options.apply(&mut request)?;
        Ok(request)
    }

    /// Adds the credentials of `T`'s schemes to a copy of `request` and sends it.
    pub(crate) async fn send_authenticated<T: Endpoint>(
        &self,
        request: &http::Request<Vec<u8>>,
        options: &CallOptions,
    ) -> Result<http::Response<Bytes>, Error> {
        let mut request = copy_request(request)?;
        self.credentials.apply(T::AUTH, &mut request)?;
        self.send_with(request, options).await
    }

    /// Sends a request as it is (with retries) and reads the whole response body.
    pub async fn send(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Bytes>, Error> {
        self.send_with(request, &CallOptions::default()).await
    }

    /// [`HttpClient::send`] with the timeout and retry policy of `options` where they are set.
    /// Its extra query parameters and headers are not added: see [`CallOptions::apply`].
    pub async fn send_with(&self, request: http::Request<Vec<u8>>, options: &CallOptions) -> Result<http::Response<Bytes>, Error> {
        let retry = options.retry_policy().unwrap_or(&self.retry);
        let method = request.method().clone();
        let idempotent = matches!(method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE);
        let may_retry = idempotent || retry.retry_non_idempotent;
        let mut attempt = 0;
        loop {
            let retries_left = may_retry && attempt < retry.max_retries;
            let mut outgoing = reqwest::Request::try_from(copy_request(&request)?)
                .map_err(|error| Error::Encode { message: format!("cannot send the request: {error}") })?;
            if let Some(timeout) = options.timeout_value() {
                *outgoing.timeout_mut() = Some(timeout);
            }
            match self.http.execute(outgoing).await {
                Err(error) if error.is_timeout() => return Err(Error::Timeout),
                Err(error) if error.is_connect() && retries_left => {
                    tokio::time::sleep(retry.backoff(attempt)).await;
                }
                // Without the URL reqwest attaches: a query API key would carry the secret into logs.
                Err(source) => return Err(Error::Transport { source: source.without_url() }),
                Ok(response) => {
                    let status = response.status();
                    let delay = if retries_left && is_retryable(status) {
                        match retry_after(response.headers()) {
                            Some(wait) if wait > retry.max_retry_after => None,
                            Some(wait) => Some(wait),
                            None => Some(retry.backoff(attempt)),
                        }
                    } else {
                        None
                    };
                    match delay {
                        Some(delay) => tokio::time::sleep(delay).await,
                        None => return self.read(response).await,
                    }
                }
            }
            attempt += 1;
        }
    }

    async fn read(&self, mut response: reqwest::Response) -> Result<http::Response<Bytes>, Error> {
        let status = response.status();
        if response.content_length().is_some_and(|length| length > self.max_response_bytes as u64) {
            return Err(Error::BodyTooLarge { status, limit: self.max_response_bytes });
        }
        let mut builder = http::Response::builder().status(status).version(response.version());
        if let Some(headers) = builder.headers_mut() {
            *headers = response.headers().clone();
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.max_response_bytes {
                        return Err(Error::BodyTooLarge { status, limit: self.max_response_bytes });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(error) if error.is_timeout() => return Err(Error::Timeout),
                Err(source) => return Err(Error::Transport { source: source.without_url() }),
            }
        }
        builder.body(Bytes::from(body)).map_err(|error| Error::Encode { message: format!("response: {error}") })
    }
}

pub(crate) fn copy_request(request: &http::Request<Vec<u8>>) -> Result<http::Request<Vec<u8>>, Error> {
    let mut builder = http::Request::builder().method(request.method().clone()).uri(request.uri().clone()).version(request.version());
    if let Some(headers) = builder.headers_mut() {
        *headers = request.headers().clone();
    }
    builder.body(request.body().clone()).map_err(|error| Error::Encode { message: error.to_string() })
}

fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// `Retry-After` as seconds or as an HTTP date (a date in the past means now).
fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}
