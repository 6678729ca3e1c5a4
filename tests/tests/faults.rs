//! What a production client meets besides documented answers: slow servers, retryable statuses,
//! broken connections, bodies that are not what they claim, huge bodies, hostile parameter
//! values, invalid input caught before sending, and secrets that must never be printed.
//! Every server here listens on 127.0.0.1; timeouts and backoffs are short to keep it fast.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generated::runtime::{Endpoint, Error, RetryPolicy};
use generated::sendgrid::endpoints::{CreateAccount, GetAccountState, GetAllAvailableOfferings};
use generated::sendgrid::models::CreateAccountRequest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const STATE: &str = r#"{"state":"activated"}"#;

fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(5),
        retry_non_idempotent: false,
    }
}

fn sendgrid(server: &str, retry: RetryPolicy) -> generated::sendgrid::Client {
    generated::sendgrid::Client::builder()
        .base_url(server)
        .bearer(tests::secrets::SENDGRID_TOKEN)
        .timeout(Duration::from_millis(500))
        .retry(retry)
        .build()
        .expect("the client builds")
}

fn create_account() -> CreateAccount {
    let body: CreateAccountRequest = serde_json::from_value(serde_json::json!({
        "profile": {"first_name": "A", "last_name": "B", "company_name": "C", "company_website": "https://c.test",
                    "email": "a@c.test", "phone": "1", "timezone": "UTC"},
        "offerings": [{"name": "x", "type": "package", "quantity": 1}]
    }))
    .expect("a create-account body decodes");
    CreateAccount::new(body)
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |requests| requests.len())
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(STATE, "application/json").set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let started = Instant::now();
    let result = sendgrid(&server.uri(), RetryPolicy::none()).get_account_state(GetAccountState::new("a")).await;
    assert!(matches!(result, Err(Error::Timeout)), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "the timeout of the client applies");
}

#[tokio::test]
async fn a_503_then_200_is_retried() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(STATE, "application/json"))
        .mount(&server)
        .await;
    let result = sendgrid(&server.uri(), fast_retries(2)).get_account_state(GetAccountState::new("a")).await;
    let response = result.expect("the retry succeeds");
    assert_eq!(response.body.state, "activated");
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_post_is_not_retried_unless_opted_in() {
    for (opt_in, attempts) in [(false, 1), (true, 2)] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(201).set_body_raw(r#"{"account_id":"new"}"#, "application/json"))
            .mount(&server)
            .await;
        let policy = RetryPolicy { retry_non_idempotent: opt_in, ..fast_retries(2) };
        let result = sendgrid(&server.uri(), policy).create_account(create_account()).await;
        assert_eq!(received(&server).await, attempts, "opt-in {opt_in}");
        match (opt_in, result) {
            (false, Err(error)) => assert_eq!(error.status().map(|s| s.as_u16()), Some(503)),
            (true, Ok(response)) => assert_eq!(response.status.as_u16(), 201),
            (opt_in, other) => panic!("opt-in {opt_in}: {other:?}"),
        }
    }
}

/// A server that answers `status` with `Retry-After: retry_after` once, then the account state.
async fn retry_after_once(status: u16, retry_after: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).insert_header("Retry-After", retry_after))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(STATE, "application/json"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = retry_after_once(429, "1").await;
    let started = Instant::now();
    let result = sendgrid(&server.uri(), fast_retries(1)).get_account_state(GetAccountState::new("a")).await;
    assert!(result.is_ok(), "{result:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}, not the second asked for",
        started.elapsed()
    );
    assert_eq!(received(&server).await, 2);
}

/// A one-shot raw HTTP server: records each request head and answers with `response` bytes,
/// then closes the connection. Serves at most `connections` connections.
async fn raw_server(response: Vec<u8>, connections: usize) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds on 127.0.0.1");
    let address = listener.local_addr().expect("has an address");
    let heads = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&heads);
    tokio::spawn(async move {
        for _ in 0..connections {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut head = Vec::new();
            let mut buffer = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buffer[..n]),
                }
            }
            if let Ok(mut heads) = recorded.lock() {
                heads.push(String::from_utf8_lossy(&head).into_owned());
            }
            let _ = socket.write_all(&response).await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{address}"), heads)
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error() {
    let response =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"state\":\"acti".to_vec();
    let (url, _) = raw_server(response, 1).await;
    let result = sendgrid(&url, RetryPolicy::none()).get_account_state(GetAccountState::new("a")).await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
}

#[tokio::test]
async fn wrong_content_type_and_invalid_json_are_decode_errors_with_path_and_raw_body() {
    let cases: [(&str, &str, &str); 3] = [
        ("<html>maintenance</html>", "text/html", "."),
        (r#"{"state": 5}"#, "application/json", "state"),
        (
            r#"{"catalog":[{"offering":{"name":"a","type":"package","quantity":"many"}}]}"#,
            "application/json",
            "catalog[0].offering.quantity",
        ),
    ];
    for (body, content_type, path) in cases {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
            .mount(&server)
            .await;
        let client = sendgrid(&server.uri(), RetryPolicy::none());
        let error = if path.starts_with("catalog") {
            client
                .get_all_available_offerings(GetAllAvailableOfferings::new())
                .await
                .map(|_| ())
                .map_err(|e| format!("{e:?}"))
        } else {
            client.get_account_state(GetAccountState::new("a")).await.map(|_| ()).map_err(|e| format!("{e:?}"))
        };
        let error = error.expect_err("the body does not decode");
        assert!(error.starts_with("Decode"), "{error}");
        assert!(error.contains(&format!("path: {path:?}")), "{error} names {path}");
        assert!(error.contains(&format!("{:?}", bytes::Bytes::from(body))), "{error} keeps the raw body");
    }
}

#[tokio::test]
async fn a_huge_body_is_read_and_a_limit_is_enforced() {
    let padding = "x".repeat(20 * 1024 * 1024);
    let body = format!(r#"{{"state":"activated","padding":"{padding}"}}"#);
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
        .mount(&server)
        .await;
    let client = generated::sendgrid::Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("builds");
    let response = client.get_account_state(GetAccountState::new("a")).await.expect("20 MB decode");
    assert_eq!(
        response.body.additional_properties.get("padding").and_then(|v| v.as_str()).map(str::len),
        Some(padding.len())
    );
    let limited = generated::sendgrid::Client::builder()
        .base_url(server.uri())
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("builds");
    let result = limited.get_account_state(GetAccountState::new("a")).await;
    assert!(matches!(result, Err(Error::BodyTooLarge { limit: 1048576, .. })), "{result:?}");
}

#[tokio::test]
async fn path_values_stay_in_one_segment() {
    let values = ["a/b", "a b", "a?b=c", "a#b", "ünï/çødé", "../../admin", "..a", "%2F", "%2e%2e", "a;b,c"];
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{STATE}",
        STATE.len()
    );
    let (url, heads) = raw_server(response.into_bytes(), values.len()).await;
    let client = sendgrid(&url, RetryPolicy::none());
    for value in values {
        let result = client.get_account_state(GetAccountState::new(value)).await;
        assert!(result.is_ok(), "{value:?}: {result:?}");
    }
    // `.` and `..` are dot segments to every URL parser, even percent-encoded: refused.
    for value in [".", "..", ""] {
        let result = client.get_account_state(GetAccountState::new(value)).await;
        assert!(matches!(&result, Err(Error::Validation { path, .. }) if path == "accountID"), "{value:?}: {result:?}");
    }
    // What the server read off the socket, before any normalisation.
    let heads = heads.lock().expect("not poisoned").clone();
    assert_eq!(heads.len(), values.len(), "the refused values sent nothing");
    for (value, head) in values.iter().zip(&heads) {
        let target = head.split(' ').nth(1).unwrap_or_default();
        let expected = format!("/v3/partners/accounts/{}/state", tests::encode_component(value));
        assert_eq!(target, expected, "{value:?}");
    }
}

#[tokio::test]
async fn header_values_with_cr_or_lf_are_rejected_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let client = sendgrid(&server.uri(), RetryPolicy::none());
    for value in ["yes\r\nX-Injected: 1", "yes\nX-Injected: 1", "yes\r"] {
        let result = client.create_account(create_account().t_test_account(value)).await;
        match result {
            Err(Error::InvalidHeader { name, .. }) => assert_eq!(name, "T-Test-Account"),
            other => panic!("{value:?}: {other:?}"),
        }
    }
    assert_eq!(received(&server).await, 0, "nothing was sent");
}

#[tokio::test]
async fn partners_constraints_are_validated_before_sending() {
    use generated::partners::endpoints::CreatePartner;
    use generated::partners::models::{PartnerCreate, PartnerType};
    let valid = PartnerCreate {
        company_name: "ACME".into(),
        sales_amount: 10,
        partner_type: PartnerType::Customer,
        email: "buyer@acme.test".into(),
        frequency: "monthly".into(),
        payment_terms: "net 30".into(),
    };
    let cases: Vec<(PartnerCreate, &str, &str)> = vec![
        (PartnerCreate { company_name: String::new(), ..valid.clone() }, "body.company_name", "min_length=1"),
        (PartnerCreate { company_name: "x".repeat(101), ..valid.clone() }, "body.company_name", "max_length=100"),
        (PartnerCreate { sales_amount: -1, ..valid.clone() }, "body.sales_amount", "minimum=0"),
        (PartnerCreate { email: "not an address".into(), ..valid.clone() }, "body.email", "email"),
        (PartnerCreate { frequency: "f".repeat(31), ..valid.clone() }, "body.frequency", "max_length=30"),
        (PartnerCreate { payment_terms: String::new(), ..valid.clone() }, "body.payment_terms", "min_length=1"),
    ];
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = tests::clients::partners(&server.uri());
    let ids = (uuid::Uuid::nil(), uuid::Uuid::max());
    for (body, path, rule) in cases {
        match client.create_partner(CreatePartner::new(ids.0, ids.1, body)).await {
            Err(Error::Validation { path: got_path, rule: got_rule }) => {
                assert_eq!((got_path.as_str(), got_rule.as_str()), (path, rule));
            }
            other => panic!("{path} {rule}: {other:?}"),
        }
    }
    assert_eq!(received(&server).await, 0, "nothing was sent");
    // The uuid format is enforced by the type: a header value that is not a uuid cannot be made.
    assert!("not-a-uuid".parse::<uuid::Uuid>().is_err());
    // An enum value the description does not list is the `Other` variant, sent as written (the
    // API may have added it after this client was generated).
    let other = PartnerCreate { partner_type: PartnerType::Other("reseller".into()), ..valid };
    let request = CreatePartner::new(ids.0, ids.1, other).to_request("http://127.0.0.1:9").expect("builds");
    let sent: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
    assert_eq!(sent["partner_type"], "reseller");
}

#[test]
fn debug_never_shows_a_secret() {
    let clients = [
        format!("{:?}", tests::clients::sendgrid("http://127.0.0.1:9")),
        format!("{:?}", tests::clients::outseta("http://127.0.0.1:9")),
        format!("{:?}", tests::clients::partners("http://127.0.0.1:9")),
        format!(
            "{:?}",
            generated::outseta::Client::builder()
                .api_key_and_secret(tests::secrets::OUTSETA_KEY, tests::secrets::OUTSETA_KEY_SECRET)
        ),
    ];
    let client = tests::clients::sendgrid("http://127.0.0.1:9");
    let mut request = GetAccountState::new("a").to_request("http://127.0.0.1:9").expect("builds");
    client
        .http()
        .credentials()
        .apply(<GetAccountState as generated::runtime::Endpoint>::AUTH, &mut request)
        .expect("applies");
    assert!(request.headers().contains_key("authorization"), "the credential is on the request");
    let outseta = tests::clients::outseta("http://127.0.0.1:9");
    for text in clients.iter().chain([
        &format!("{request:?}"),
        &format!("{:?}", client.http().credentials()),
        &format!("{outseta:?}"),
    ]) {
        for secret in tests::secrets::ALL {
            assert!(!text.contains(secret), "a secret shows in {text}");
        }
    }
}

#[tokio::test]
async fn a_documented_redirect_is_returned_not_followed() {
    // SendGrid's single sign-on answers 303 with the location to open in a browser: the caller
    // needs that answer (status and `Location`), not the page behind it.
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>app</html>", "text/html"))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    let location = format!("{}/login?token=abc", elsewhere.uri());
    Mock::given(any())
        .respond_with(ResponseTemplate::new(303).insert_header("Location", location.as_str()))
        .mount(&server)
        .await;
    let client = sendgrid(&server.uri(), RetryPolicy::none());
    let result = client
        .authenticate_account_with_single_sign_on(
            generated::sendgrid::endpoints::AuthenticateAccountWithSingleSignOn::new("a"),
        )
        .await;
    // The 303 is the documented success of this operation.
    match result {
        Ok(response) => {
            assert_eq!(response.status().as_u16(), 303);
            assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some(location.as_str()));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(received(&elsewhere).await, 0, "the redirect was not followed");
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = retry_after_once(503, "Wed, 21 Oct 2015 07:28:00 GMT").await;
    let policy = RetryPolicy { initial_backoff: Duration::from_secs(30), ..fast_retries(1) };
    let started = Instant::now();
    let result = sendgrid(&server.uri(), policy).get_account_state(GetAccountState::new("a")).await;
    assert!(result.is_ok(), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "a date in the past means now, not the 30 s backoff");
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn query_values_are_encoded_and_none_is_omitted() {
    use generated::outseta::endpoints::GetAllActivities;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let client = tests::clients::outseta(&server.uri());
    let hostile = "Created desc&x=1#frag ü+%";
    let _ = client.get_all_activities(GetAllActivities::new().activity_type(3).order_by(hostile)).await;
    let _ = client.get_all_activities(GetAllActivities::new()).await;
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2);
    let pairs: Vec<(String, String)> =
        requests[0].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(pairs, [("ActivityType".to_owned(), "3".to_owned()), ("orderBy".to_owned(), hostile.to_owned())]);
    assert_eq!(
        requests[0].url.query(),
        Some(format!("ActivityType=3&orderBy={}", tests::encode_component(hostile)).as_str()),
        "every reserved character is percent-encoded"
    );
    assert_eq!(requests[1].url.query(), None, "unset parameters are not sent");
}
