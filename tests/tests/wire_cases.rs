//! The `wire_cases` API (`tests/fixtures/wire_cases.openapi.yaml`) on the wire, against a server on
//! 127.0.0.1: form bodies with arrays and objects as the `encoding` object says, untagged unions
//! that never drop a member, required nullable members sent as `null`, `$ref`'d scalars that keep
//! their constraints in every position, and OAuth 2 / OpenID Connect credentials.

use fixtures::runtime::{AuthKind, AuthScheme, Credential, Endpoint, Error, Secret};
use fixtures::wire_cases::endpoints::{CreatePaymentLink, CreateShape, PutRecord};
use fixtures::wire_cases::models::{
    CreatePaymentLinkRequest, CreatePaymentLinkRequestLineItem, Link, Note, Record, Shape,
};
use fixtures::wire_cases::{AUTH_SCHEMES, Client};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

/// A server that answers every request with `status` and `body` (JSON), and the client for it.
async fn serve(status: u16, body: Option<Value>) -> (MockServer, String) {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(status);
    if let Some(body) = body {
        template = template.set_body_json(body);
    }
    Mock::given(any()).respond_with(template).mount(&server).await;
    let url = server.uri();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    (server, url)
}

async fn received(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

fn header(request: &Request, name: &str) -> Option<String> {
    request.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
}

fn payment_link() -> CreatePaymentLinkRequest {
    CreatePaymentLinkRequest {
        line_items: vec![
            CreatePaymentLinkRequestLineItem { price: "price_1".into(), quantity: 2 },
            CreatePaymentLinkRequestLineItem { price: "p 2&x=y".into(), quantity: 1 },
        ],
        metadata: Some([("order id".to_owned(), "a&b=c".to_owned()), ("n".to_owned(), "1".to_owned())].into()),
        payment_method_types: Some(vec!["card".into()]),
        media_url: Some(vec!["https://a.example/1".into(), "https://a.example/2".into()]),
        tags: Some(vec!["x".into(), "y".into()]),
        codes: Some(vec!["1".into(), "2".into()]),
        note: Some("h\u{e9} llo+".into()),
    }
}

#[tokio::test]
async fn form_bodies_follow_the_encoding_object() {
    let (server, url) = serve(200, None).await;
    let client = Client::builder().base_url(&url).oauth("oauth-token").build().unwrap();
    client.create_payment_link(CreatePaymentLink::new(payment_link())).await.unwrap();
    let request = received(&server).await;
    assert_eq!(header(&request, "content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&request.body).unwrap();
    let expected = [
        ("line_items[0][price]", "price_1"),
        ("line_items[0][quantity]", "2"),
        ("line_items[1][price]", "p 2&x=y"),
        ("line_items[1][quantity]", "1"),
        ("metadata[order id]", "a&b=c"),
        ("metadata[n]", "1"),
        ("payment_method_types[]", "card"),
        ("MediaUrl", "https://a.example/1"),
        ("MediaUrl", "https://a.example/2"),
        ("tags", "x,y"),
        ("codes", "1|2"),
        ("note", "h\u{e9} llo+"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(pairs, expected);
    // The bytes are what HTML forms send: brackets and reserved characters escaped, space as `+`.
    let text = String::from_utf8(request.body.clone()).unwrap();
    assert!(text.starts_with("line_items%5B0%5D%5Bprice%5D=price_1&"), "{text}");
    assert!(text.contains("&line_items%5B1%5D%5Bprice%5D=p+2%26x%3Dy&"), "{text}");
    assert!(text.ends_with("&note=h%C3%A9+llo%2B"), "{text}");
}

#[tokio::test]
async fn untagged_unions_never_drop_a_member() {
    let link = json!({"kind": "link", "url": "https://x.example", "title": "X"});
    let (server, url) = serve(200, Some(link.clone())).await;
    let client = Client::builder().base_url(&url).openid("id-token").build().unwrap();
    let shape =
        Shape::Link(Link { kind: None, url: "https://x.example".into(), title: Some("X".into()), preview: None });
    let response = client.create_shape(CreateShape::new(shape)).await.unwrap();
    // `Note` comes first and has only optional members: it must not swallow a link.
    match response.body() {
        Shape::Link(link) => assert_eq!((link.url.as_str(), link.title.as_deref()), ("https://x.example", Some("X"))),
        other => panic!("decoded as {other:?}"),
    }
    let request = received(&server).await;
    assert_eq!(
        serde_json::from_slice::<Value>(&request.body).unwrap(),
        json!({"url": "https://x.example", "title": "X"})
    );

    let note: Shape = serde_json::from_value(json!({"kind": "note", "text": "hi"})).unwrap();
    assert!(matches!(note, Shape::Note(Note { text: Some(ref text), .. }) if text == "hi"), "{note:?}");
    // Both variants would lose `extra` (`Link` does not allow it): an error, never a silent loss.
    let error = serde_json::from_value::<Shape>(json!({"url": "u", "extra": 1})).unwrap_err().to_string();
    assert!(error.contains("fits no variant of Shape") && error.contains("`.extra`"), "{error}");
    // A member added deeper inside (`preview.size`) is dropped as any model drops a member it
    // does not declare; the value's own members still choose the variant.
    let link: Shape = serde_json::from_value(json!({"url": "u", "preview": {"image": "i", "size": 3}})).unwrap();
    assert!(matches!(link, Shape::Link(Link { ref url, .. }) if url == "u"), "{link:?}");
}

#[tokio::test]
async fn a_union_the_response_does_not_fit_is_a_decode_error() {
    let (_server, url) = serve(200, Some(json!({"text": "t", "url": "u"}))).await;
    let client = Client::builder().base_url(&url).build().unwrap();
    let shape = Shape::Note(Note { kind: None, text: Some("t".into()) });
    match client.create_shape(CreateShape::new(shape)).await {
        Err(Error::Decode { message, .. }) => assert!(message.contains("without losing data"), "{message}"),
        other => panic!("{other:?}"),
    }
}

fn record(parent: &str) -> Record {
    Record { name: "n".into(), deleted_at: None, parent: parent.into(), comment: None }
}

#[tokio::test]
async fn required_nullable_members_are_sent_as_null() {
    let (server, url) = serve(200, Some(json!({"name": "n", "deleted_at": null, "parent": SHA}))).await;
    let client = Client::builder().base_url(&url).build().unwrap();
    let response = client.put_record(PutRecord::new(SHA.into(), record(SHA))).await.unwrap();
    assert_eq!(response.body().deleted_at, None);
    let body: Value = serde_json::from_slice(&received(&server).await.body).unwrap();
    assert_eq!(body, json!({"name": "n", "deleted_at": null, "parent": SHA}));
}

#[tokio::test]
async fn referenced_scalars_keep_their_constraints_everywhere() {
    let (server, url) = serve(200, Some(json!({"name": "n", "deleted_at": null, "parent": SHA}))).await;
    let client = Client::builder().base_url(&url).build().unwrap();
    let valid = PutRecord::new(SHA.into(), record(SHA)).count(5).x_parent_sha(SHA.into());
    client.put_record(valid.clone()).await.unwrap();
    let request = received(&server).await;
    assert_eq!(request.url.path(), format!("/records/{SHA}"));
    assert_eq!(request.url.query(), Some("count=5"));
    assert_eq!(header(&request, "x-parent-sha").as_deref(), Some(SHA));

    let rule = |endpoint: PutRecord| match endpoint.to_request(&url) {
        Err(Error::Validation { path, rule }) => format!("{path}: {rule}"),
        other => panic!("{other:?}"),
    };
    let pattern = "pattern=^[0-9a-f]{40}$";
    assert_eq!(rule(PutRecord::new("main".into(), record(SHA))), format!("sha: {pattern}"));
    assert_eq!(rule(valid.clone().count(0)), "count: minimum=1");
    assert_eq!(rule(valid.clone().x_parent_sha("HEAD".into())), format!("X-Parent-Sha: {pattern}"));
    assert_eq!(rule(PutRecord::new(SHA.into(), record("HEAD~1"))), format!("body.parent: {pattern}"));
}

#[tokio::test]
async fn oauth2_and_openid_connect_send_bearer_tokens() {
    let (server, url) = serve(200, None).await;
    let client = Client::builder().base_url(&url).oauth("oauth-token").openid("id-token").build().unwrap();
    client.create_payment_link(CreatePaymentLink::new(payment_link())).await.unwrap();
    assert_eq!(header(&received(&server).await, "authorization").as_deref(), Some("Bearer oauth-token"));
    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    client.create_shape(CreateShape::new(Shape::Note(Note::default()))).await.unwrap();
    assert_eq!(header(&received(&server).await, "authorization").as_deref(), Some("Bearer id-token"));
    // A token obtained at run time replaces the one the client was built with.
    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let refreshed = client.with_credential("oauth", Credential::Bearer(Secret::new("fresh"))).unwrap();
    refreshed.create_payment_link(CreatePaymentLink::new(payment_link())).await.unwrap();
    assert_eq!(header(&received(&server).await, "authorization").as_deref(), Some("Bearer fresh"));
}

#[test]
fn an_unknown_scheme_name_is_an_error() {
    let token = || Credential::Bearer(Secret::new("t"));
    let built = Client::builder().base_url("http://127.0.0.1:1").credential("OAuth2Security", token()).build();
    match built {
        Err(Error::Config { message }) => assert!(message.contains("OAuth2Security"), "{message}"),
        other => panic!("{other:?}"),
    }
    let client = Client::builder().base_url("http://127.0.0.1:1").credential("oauth", token()).build().unwrap();
    assert!(matches!(client.with_credential("openId", token()), Err(Error::Config { .. })));
}

#[test]
fn scheme_kinds_are_visible_at_run_time() {
    assert_eq!(CreatePaymentLink::AUTH, [AuthScheme { name: "oauth", kind: AuthKind::OAuth2 }]);
    assert_eq!(CreateShape::AUTH, [AuthScheme { name: "openid", kind: AuthKind::OpenIdConnect }]);
    assert_eq!(PutRecord::AUTH, []);
    assert_eq!(
        AUTH_SCHEMES,
        [
            AuthScheme { name: "oauth", kind: AuthKind::OAuth2 },
            AuthScheme { name: "openid", kind: AuthKind::OpenIdConnect }
        ]
    );
}
