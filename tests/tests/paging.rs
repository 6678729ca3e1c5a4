//! Paged operations and per-call options on the wire, against a server on 127.0.0.1.
//!
//! Each paging test serves a list over several pages and checks the exact requests the stream
//! sent (every page once, in order, none after the last) and the items it yielded. The styles:
//! Outseta's page number from 0 with `metadata.total`, SendGrid's `pages.last` cursor, a cursor
//! with `has_more` and a `Link` header (both from the fixture API in tests/fixtures).

use std::time::{Duration, Instant};

use generated::runtime::{Error, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Method, path and query of every request the server received, in order.
async fn sent(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.unwrap_or_default();
    received
        .iter()
        .map(|request| match request.url.query() {
            Some(query) => format!("{} {}?{query}", request.method, request.url.path()),
            None => format!("{} {}", request.method, request.url.path()),
        })
        .collect()
}

/// Answers `body` (JSON) to GET `route` when its query parameter `name` is `value`, or is
/// missing when `value` is `None`.
async fn page(server: &MockServer, route: &str, name: &str, value: Option<&str>, body: Value) {
    let mock = Mock::given(method("GET")).and(path(route));
    let mock = match value {
        Some(value) => mock.and(query_param(name, value)),
        None => mock.and(query_param_is_missing(name)),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body)).expect(1).mount(server).await;
}

fn person(n: u32) -> Value {
    json!({"Email": format!("p{n}@example.test"), "Uid": format!("u{n}")})
}

fn people_page(offset: u64, numbers: &[u32], total: u64) -> Value {
    json!({"metadata": {"limit": 2, "offset": offset, "total": total}, "items": numbers.iter().map(|n| person(*n)).collect::<Vec<_>>()})
}

#[tokio::test]
async fn outseta_people_stream_across_three_pages() {
    use generated::outseta::endpoints::GetAllPeople;
    let server = MockServer::start().await;
    page(&server, "/crm/people", "offset", None, people_page(0, &[1, 2], 5)).await;
    page(&server, "/crm/people", "offset", Some("1"), people_page(1, &[3, 4], 5)).await;
    page(&server, "/crm/people", "offset", Some("2"), people_page(2, &[5], 5)).await;
    let client = tests::clients::outseta(&server.uri());

    let people: Vec<_> =
        client.get_all_people(GetAllPeople::new().limit(2)).items().try_collect().await.expect("every page");

    let emails: Vec<_> = people.iter().map(|person| person.email.clone().unwrap_or_default()).collect();
    assert_eq!(emails, ["p1@example.test", "p2@example.test", "p3@example.test", "p4@example.test", "p5@example.test"]);
    assert_eq!(
        sent(&server).await,
        ["GET /crm/people?limit=2", "GET /crm/people?limit=2&offset=1", "GET /crm/people?limit=2&offset=2"]
    );
    let received = server.received_requests().await.unwrap_or_default();
    let expected = tests::expected_authorization("outseta", "authorizationtoken");
    for request in &received {
        let authorization = request.headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(authorization, expected, "every page is authenticated");
    }
}

#[tokio::test]
async fn outseta_stops_at_the_total_without_asking_for_an_empty_page() {
    use generated::outseta::endpoints::GetAllPeople;
    let server = MockServer::start().await;
    page(&server, "/crm/people", "offset", Some("0"), people_page(0, &[1, 2], 4)).await;
    page(&server, "/crm/people", "offset", Some("1"), people_page(1, &[3, 4], 4)).await;
    let client = tests::clients::outseta(&server.uri());

    let mut pages = Box::pin(client.get_all_people(GetAllPeople::new().offset(0).limit(2)).pages());
    let mut totals = Vec::new();
    while let Some(page) = pages.try_next().await.expect("every page") {
        let metadata = page.body.metadata.expect("every page has metadata");
        totals.push((metadata.offset, page.body.items.map_or(0, |items| items.len())));
    }

    assert_eq!(totals, [(0, 2), (1, 2)]);
    assert_eq!(sent(&server).await, ["GET /crm/people?offset=0&limit=2", "GET /crm/people?offset=1&limit=2"]);
}

fn accounts_page(ids: &[&str], last: &str) -> Value {
    let accounts: Vec<Value> = ids.iter().map(|id| json!({"id": id, "created_at": "2024-01-01T00:00:00Z"})).collect();
    json!({"accounts": accounts, "pages": {"last": last}})
}

#[tokio::test]
async fn sendgrid_accounts_stream_across_pages() {
    use generated::sendgrid::endpoints::GetAllAccounts;
    let server = MockServer::start().await;
    let route = "/v3/partners/accounts";
    page(&server, route, "offset", None, accounts_page(&["a1", "a2"], "a2")).await;
    page(&server, route, "offset", Some("a2"), accounts_page(&["a3", "a4"], "a4")).await;
    page(&server, route, "offset", Some("a4"), accounts_page(&["a5"], "")).await;
    let client = tests::clients::sendgrid(&server.uri());

    let accounts: Vec<_> =
        client.get_all_accounts(GetAllAccounts::new().limit(2)).items().try_collect().await.expect("every page");

    let ids: Vec<&str> = accounts.iter().filter_map(|account| account.id.as_deref()).collect();
    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"]);
    assert_eq!(
        sent(&server).await,
        [
            "GET /v3/partners/accounts?limit=2",
            "GET /v3/partners/accounts?limit=2&offset=a2",
            "GET /v3/partners/accounts?limit=2&offset=a4"
        ]
    );
}

fn fixture_client(server: &str) -> fixtures::paging::Client {
    fixtures::paging::Client::builder()
        .base_url(server)
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .expect("the client builds")
}

fn events_page(ids: &[&str], has_more: bool, next: Option<&str>) -> Value {
    let data: Vec<Value> = ids.iter().map(|id| json!({"id": id, "kind": "push"})).collect();
    json!({"data": data, "has_more": has_more, "next_cursor": next})
}

#[tokio::test]
async fn cursor_pages_until_has_more_is_false() {
    use fixtures::paging::endpoints::ListEvents;
    let server = MockServer::start().await;
    page(&server, "/events", "cursor", None, events_page(&["e1", "e2"], true, Some("c1"))).await;
    page(&server, "/events", "cursor", Some("c1"), events_page(&["e3", "e4"], true, Some("c2"))).await;
    // The last page still names a cursor: `has_more: false` is what ends the list.
    page(&server, "/events", "cursor", Some("c2"), events_page(&["e5"], false, Some("c3"))).await;
    let client = fixture_client(&server.uri());

    let events: Vec<_> =
        client.list_events(ListEvents::new().limit(2)).items().try_collect().await.expect("every page");

    let ids: Vec<&str> = events.iter().map(|event| event.id.as_str()).collect();
    assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5"]);
    assert_eq!(
        sent(&server).await,
        ["GET /events?limit=2", "GET /events?limit=2&cursor=c1", "GET /events?limit=2&cursor=c2"]
    );
}

#[tokio::test]
async fn a_cursor_sent_back_again_ends_the_stream_with_an_error() {
    use fixtures::paging::endpoints::ListEvents;
    let server = MockServer::start().await;
    page(&server, "/events", "cursor", None, events_page(&["e1"], true, Some("c1"))).await;
    page(&server, "/events", "cursor", Some("c1"), events_page(&["e2"], true, Some("c1"))).await;
    let client = fixture_client(&server.uri());

    let mut items = Box::pin(client.list_events(ListEvents::new()).items());
    let mut ids = Vec::new();
    let error = loop {
        match items.try_next().await {
            Ok(Some(event)) => ids.push(event.id),
            Ok(None) => panic!("the stream ended without an error"),
            Err(error) => break error,
        }
    };
    assert_eq!(ids, ["e1", "e2"], "the items of both pages arrive before the error");
    assert!(matches!(error, fixtures::runtime::Error::Paging { .. }), "{error:?}");
    assert!(items.try_next().await.expect("no error after the first").is_none(), "the stream ends at the error");
    assert_eq!(sent(&server).await, ["GET /events", "GET /events?cursor=c1"]);
}

fn repos(names: &[&str]) -> Value {
    Value::Array(names.iter().map(|name| json!({"name": name})).collect())
}

/// Answers `body` to GET /repos when `page` is `value`, with a `Link` header if given.
async fn repos_page(server: &MockServer, value: Option<&str>, body: Value, link: Option<String>) {
    let mock = Mock::given(method("GET")).and(path("/repos"));
    let mock = match value {
        Some(value) => mock.and(query_param("page", value)),
        None => mock.and(query_param_is_missing("page")),
    };
    let mut template = ResponseTemplate::new(200).set_body_json(body);
    if let Some(link) = link {
        template = template.insert_header("link", link.as_str());
    }
    mock.respond_with(template).expect(1).mount(server).await;
}

#[tokio::test]
async fn link_header_pages_until_there_is_no_next() {
    use fixtures::paging::endpoints::ListRepos;
    let server = MockServer::start().await;
    let uri = server.uri();
    let first_link =
        format!(r#"<{uri}/repos?per_page=2&page=2>; rel="next", <{uri}/repos?per_page=2&page=3>; rel="last""#);
    repos_page(&server, None, repos(&["r1", "r2"]), Some(first_link)).await;
    // A relative link, resolved against the page it came with.
    let second_link = r#"</repos?per_page=2&page=1>; rel="prev", </repos?per_page=2&page=3>; rel="next""#.to_owned();
    repos_page(&server, Some("2"), repos(&["r3", "r4"]), Some(second_link)).await;
    repos_page(&server, Some("3"), repos(&["r5"]), Some(r#"</repos?per_page=2&page=2>; rel="prev""#.to_owned())).await;
    let client = fixture_client(&uri);

    let names: Vec<String> = client
        .list_repos(ListRepos::new().per_page(2))
        .items()
        .map_ok(|repo| repo.name)
        .try_collect()
        .await
        .expect("every page");

    assert_eq!(names, ["r1", "r2", "r3", "r4", "r5"]);
    assert_eq!(
        sent(&server).await,
        ["GET /repos?per_page=2", "GET /repos?per_page=2&page=2", "GET /repos?per_page=2&page=3"]
    );
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    use fixtures::paging::endpoints::ListRepos;
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(repos(&[]))).mount(&elsewhere).await;
    let link = format!(r#"<{}/repos?page=2>; rel="next""#, elsewhere.uri());
    repos_page(&server, None, repos(&["r1"]), Some(link)).await;
    let client = fixture_client(&server.uri());

    let mut pages = Box::pin(client.list_repos(ListRepos::new()).pages());
    let first = pages.try_next().await.expect("the first page arrives").expect("one page");
    assert_eq!(first.body.len(), 1);
    let error = pages.try_next().await.expect_err("the foreign link is refused");
    assert!(matches!(&error, fixtures::runtime::Error::Paging { message } if message.contains("leaves")), "{error:?}");
    assert!(sent(&elsewhere).await.is_empty(), "nothing was sent to the other origin");
}

#[tokio::test]
async fn a_failing_page_is_retried_like_any_call_and_fetched_once() {
    use fixtures::paging::endpoints::ListEvents;
    let server = MockServer::start().await;
    page(&server, "/events", "cursor", None, events_page(&["e1"], true, Some("c1"))).await;
    Mock::given(query_param("cursor", "c1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    page(&server, "/events", "cursor", Some("c1"), events_page(&["e2"], false, None)).await;
    let client = fixture_client(&server.uri());
    let retry = fixtures::runtime::RetryPolicy { initial_backoff: Duration::from_millis(10), ..Default::default() };

    let events: Vec<_> =
        client.list_events(ListEvents::new()).retry(retry).items().try_collect().await.expect("retried");

    assert_eq!(events.iter().map(|event| event.id.as_str()).collect::<Vec<_>>(), ["e1", "e2"]);
    assert_eq!(sent(&server).await, ["GET /events", "GET /events?cursor=c1", "GET /events?cursor=c1"]);
}

#[tokio::test]
async fn a_call_with_extra_query_and_headers() {
    use generated::outseta::endpoints::GetAllPeople;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(people_page(0, &[1], 1)))
        .mount(&server)
        .await;
    let client = tests::clients::outseta(&server.uri());

    let call = client
        .get_all_people(GetAllPeople::new().limit(10).order_by("Created+DESC"))
        .query("Created__gt", "2024-01-01 00:00")
        .header("X-Request-Id", "trace-value-42")
        .header("X-Request-Id", "second-value");
    let shown = format!("{call:?}");
    assert!(shown.contains("X-Request-Id") && shown.contains("Created__gt"), "{shown}");
    assert!(!shown.contains("trace-value-42") && !shown.contains("2024-01-01"), "Debug shows no values: {shown}");
    call.await.expect("the call succeeds");

    assert_eq!(
        sent(&server).await,
        ["GET /crm/people?limit=10&orderBy=Created%2BDESC&Created__gt=2024-01-01%2000%3A00"]
    );
    let received = server.received_requests().await.unwrap_or_default();
    let values: Vec<&str> =
        received[0].headers.get_all("x-request-id").iter().filter_map(|value| value.to_str().ok()).collect();
    assert_eq!(values, ["trace-value-42", "second-value"]);
}

#[tokio::test]
async fn an_extra_header_with_a_line_break_is_refused_before_sending() {
    use generated::outseta::endpoints::GetAllPeople;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(people_page(0, &[], 0)))
        .mount(&server)
        .await;
    let client = tests::clients::outseta(&server.uri());

    let result = client.get_all_people(GetAllPeople::new()).header("X-Note", "a\r\nX-Injected: yes").await;

    assert!(matches!(&result, Err(Error::InvalidHeader { name, .. }) if name == "X-Note"), "{result:?}");
    assert!(sent(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_per_call_timeout_applies_to_that_call_only() {
    use generated::sendgrid::endpoints::GetAccountState;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"state":"activated"}"#, "application/json")
                .set_delay(Duration::from_millis(700)),
        )
        .mount(&server)
        .await;
    // The client's own timeout is 5 s.
    let client = tests::clients::sendgrid(&server.uri());

    let started = Instant::now();
    let result = client.get_account_state(GetAccountState::new("a")).timeout(Duration::from_millis(150)).await;
    assert!(matches!(result, Err(Error::Timeout)), "{result:?}");
    assert!(started.elapsed() < Duration::from_millis(600), "the call's timeout applied: {:?}", started.elapsed());

    let response =
        client.get_account_state(GetAccountState::new("a")).await.expect("the client's timeout applies again");
    assert_eq!(response.body.state, "activated");
    assert_eq!(sent(&server).await.len(), 2);
}

#[tokio::test]
async fn offset_pages_count_items_until_the_total() {
    use fixtures::paging::endpoints::ListItems;
    let server = MockServer::start().await;
    let body = |items: &[&str]| json!({"items": items, "total": 6});
    page(&server, "/items", "offset", None, body(&["i1", "i2"])).await;
    page(&server, "/items", "offset", Some("2"), body(&["i3", "i4"])).await;
    // A full page that reaches the total is the last: no request for offset 6.
    page(&server, "/items", "offset", Some("4"), body(&["i5", "i6"])).await;
    let client = fixture_client(&server.uri());

    let items: Vec<String> =
        client.list_items(ListItems::new().limit(2)).items().try_collect().await.expect("every page");

    assert_eq!(items, ["i1", "i2", "i3", "i4", "i5", "i6"]);
    assert_eq!(
        sent(&server).await,
        ["GET /items?limit=2", "GET /items?limit=2&offset=2", "GET /items?limit=2&offset=4"]
    );
}
