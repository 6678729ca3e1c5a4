//! A description cannot redirect a request: whatever path an operation has, the request goes to
//! the scheme, host and port of the base URL the user configured, with its credentials, or not at
//! all. Both servers listen on 127.0.0.1: the vendor's and one the description would rather reach.

use generated::runtime::{ApiResponse, AuthKind, AuthScheme, Endpoint, Error, RequestBuilder};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An operation with whatever path a hostile description could give it, built the way every
/// generated endpoint builds its request.
struct AnyPath(String);

impl Endpoint for AnyPath {
    type Output = ();
    type ErrorBody = std::convert::Infallible;
    const METHOD: &'static str = "GET";
    const PATH: &'static str = "{any}";
    const AUTH: &'static [AuthScheme] = &[AuthScheme { name: "bearer", kind: AuthKind::Bearer }];

    fn to_request(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, Error> {
        let mut request = RequestBuilder::new("GET", base_url);
        request.path(&self.0);
        request.query("q", "kept");
        request.build()
    }

    fn parse_response(response: http::Response<bytes::Bytes>) -> Result<ApiResponse<()>, Error> {
        Ok(ApiResponse { status: response.status(), headers: response.headers().clone(), body: () })
    }
}

#[tokio::test]
async fn credentials_never_leave_the_base_url() {
    let vendor = MockServer::start().await;
    let thief = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&vendor).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&thief).await;
    let thief_authority = thief.address().to_string();
    let client = generated::sendgrid::Client::builder()
        .base_url(vendor.uri())
        .bearer("SG.user-secret")
        .max_retries(0)
        .build()
        .expect("the client builds");
    let paths = [
        format!("@{thief_authority}/steal"),
        format!(":{}@{thief_authority}/steal", vendor.address().port()),
        format!("/../@{thief_authority}/steal"),
        format!("//{thief_authority}/steal"),
        format!("\\\\{thief_authority}/steal"),
        "/users#fragment".to_owned(),
        "/with space".to_owned(),
    ];
    for path in &paths {
        // Sent to the vendor (with the path made harmless) or refused before sending.
        let _ = client.http().execute(&AnyPath(path.clone())).await;
    }
    let stolen = thief.received_requests().await.unwrap_or_default();
    assert!(stolen.is_empty(), "the description redirected {} request(s) to another host", stolen.len());
    let sent = vendor.received_requests().await.unwrap_or_default();
    for request in &sent {
        assert_eq!(request.url.query(), Some("q=kept"), "the query survives any path: {}", request.url);
    }
    assert!(sent.len() >= 3, "the harmless-looking paths still reach the vendor: {} sent", sent.len());
}
