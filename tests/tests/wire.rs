//! Every operation of every API on the wire, driven by the generated `examples` module: the
//! documented responses are mounted on a real server on 127.0.0.1, the operation is sent with the
//! API's client (credentials set for every scheme), and the test checks what the server received
//! (method, percent-encoded path, query, headers, auth, body) and the typed result of each
//! documented status, plus one status nobody documented.

use std::fmt::Debug;

use generated::runtime::examples::{BodyFormat, Example, ResponseExample, Visitor};
use generated::runtime::{Endpoint, Error, HttpClient};
use serde_json::Value;
use tests::{Lowered, expected_authorization, expected_headers, expected_path, expected_query, form_pairs, json_eq};
use tokio::runtime::Runtime;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A status no operation of the three APIs documents.
const UNDOCUMENTED: u16 = 418;

struct Wire<'a> {
    api: &'static str,
    runtime: &'a Runtime,
    server: &'a MockServer,
    client: &'a HttpClient,
    lowered: &'a Lowered,
    operations: usize,
    exchanges: usize,
    /// Examples that contradict the overlay's schema (warned by the generator), repaired or
    /// checked as decode errors.
    contradicted: usize,
    failures: Vec<String>,
}

impl Visitor for Wire<'_> {
    fn operation<E>(&mut self, example: Example<E>)
    where
        E: Endpoint + Debug,
        E::Output: Debug,
        E::ErrorBody: Debug,
    {
        self.operations += 1;
        let runtime = self.runtime;
        if let Err(message) = runtime.block_on(self.check(&example)) {
            self.failures.push(format!("{}::{}: {message}", self.api, example.name));
        }
    }
}

impl Wire<'_> {
    /// Builds the request from the example; an example body that contradicts the schema (and
    /// only one the generator warned about) has its `""` placeholders replaced by `0`.
    fn build<E: Endpoint>(&mut self, example: &Example<E>) -> Result<(E, Option<String>), String> {
        let (endpoint, body, repaired) = tests::build_repaired(example)?;
        if repaired {
            if self.lowered.contradictions(self.lowered.operation(example.name), "request body").is_empty() {
                return Err("the example request does not build and no warning says why".to_owned());
            }
            self.contradicted += 1;
        }
        Ok((endpoint, body))
    }

    async fn check<E: Endpoint<ErrorBody: Debug> + Debug>(&mut self, example: &Example<E>) -> Result<(), String> {
        let (endpoint, body) = self.build(example)?;
        let undocumented =
            ResponseExample { status: UNDOCUMENTED, declared: "undocumented", success: false, body: None };
        for response in example.responses.iter().chain([&undocumented]) {
            self.server.reset().await;
            let mut template = ResponseTemplate::new(response.status).insert_header("x-wire-test", "yes");
            template = match (response.status, response.body) {
                (UNDOCUMENTED, _) => template.set_body_raw("teapot", "text/plain"),
                (_, Some(body)) => template.set_body_raw(body, "application/json"),
                (_, None) => template,
            };
            Mock::given(any()).respond_with(template).mount(self.server).await;
            let result = self.client.execute(&endpoint).await;
            self.exchanges += 1;
            let received = self.server.received_requests().await.unwrap_or_default();
            let [request] = received.as_slice() else {
                return Err(format!(
                    "status {}: the server received {} requests, not 1",
                    response.status,
                    received.len()
                ));
            };
            self.check_request(example, body.as_deref(), request).map_err(|m| format!("request: {m}"))?;
            self.check_result(example, response, result).map_err(|m| format!("status {}: {m}", response.status))?;
        }
        Ok(())
    }

    fn check_request<E: Endpoint>(
        &self,
        example: &Example<E>,
        body: Option<&str>,
        request: &wiremock::Request,
    ) -> Result<(), String> {
        if request.method.as_str() != example.method {
            return Err(format!("method {} instead of {}", request.method, example.method));
        }
        let path = expected_path(example.path, example.params);
        if request.url.path() != path {
            return Err(format!("path {} instead of {path}", request.url.path()));
        }
        let query: Vec<(String, String)> =
            request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        if query != expected_query(example.params) {
            return Err(format!("query {query:?} instead of {:?}", expected_query(example.params)));
        }
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        for (name, value) in expected_headers(example.params) {
            if header(&name).as_deref() != Some(value.as_str()) {
                return Err(format!("header {name}: {:?} instead of {value:?}", header(&name)));
            }
        }
        let authorization = E::AUTH.first().map(|scheme| {
            expected_authorization(self.api, scheme.name)
                .ok_or_else(|| format!("no test credential for the scheme `{}`", scheme.name))
        });
        let authorization = authorization.transpose()?;
        if header("authorization") != authorization {
            return Err(format!("Authorization {:?} instead of {authorization:?}", header("authorization")));
        }
        let content_type = header("content-type");
        match (example.body, body) {
            (None, _) | (_, None) => {
                if !request.body.is_empty() || content_type.is_some() {
                    return Err(format!("a body ({content_type:?}) where none is documented"));
                }
            }
            (Some(documented), Some(text)) => {
                let expected: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
                match documented.format {
                    BodyFormat::Json => {
                        if content_type.as_deref() != Some(documented.content_type) {
                            return Err(format!("content type {content_type:?}"));
                        }
                        let sent: Value =
                            serde_json::from_slice(&request.body).map_err(|e| format!("body is not JSON: {e}"))?;
                        if !json_eq(&sent, &expected) {
                            return Err(format!("body {sent} instead of {expected}"));
                        }
                    }
                    BodyFormat::Form => {
                        if content_type.as_deref() != Some("application/x-www-form-urlencoded") {
                            return Err(format!("content type {content_type:?}"));
                        }
                        let sent: Vec<(String, String)> =
                            serde_urlencoded::from_bytes(&request.body).map_err(|e| e.to_string())?;
                        if sent != form_pairs(&expected) {
                            return Err(format!("form {sent:?} instead of {:?}", form_pairs(&expected)));
                        }
                    }
                    BodyFormat::Multipart | BodyFormat::Binary | BodyFormat::Text => {
                        return Err("the three APIs have only JSON and form bodies: extend this test".to_owned());
                    }
                }
            }
        }
        Ok(())
    }

    fn check_result<E: Endpoint<ErrorBody: Debug>>(
        &mut self,
        example: &Example<E>,
        response: &ResponseExample,
        result: Result<generated::runtime::ApiResponse<E::Output>, Error<E::ErrorBody>>,
    ) -> Result<(), String> {
        let expected: Value = match response.body {
            Some(text) => serde_json::from_str(text).map_err(|e| e.to_string())?,
            None => Value::Null,
        };
        let compare = |got: Result<Value, serde_json::Error>| match got {
            Ok(got) if json_eq(&got, &expected) => Ok(()),
            Ok(got) => Err(format!("decoded {got} instead of {expected}")),
            Err(error) => Err(format!("cannot encode the decoded body: {error}")),
        };
        match result {
            Ok(ok) if response.success && ok.status.as_u16() == response.status => {
                if ok.headers().get("x-wire-test").is_none() {
                    return Err("the response headers are lost".to_owned());
                }
                compare((example.output_json)(&ok.body))
            }
            Err(Error::Api { status, body, headers }) if !response.success && status.as_u16() == response.status => {
                if headers.get("x-wire-test").is_none() {
                    return Err("the error response headers are lost".to_owned());
                }
                compare((example.error_json)(&body))
            }
            Err(Error::UnexpectedStatus { status, headers, body }) if response.status == UNDOCUMENTED => {
                let kept = status.as_u16() == UNDOCUMENTED
                    && headers.get("x-wire-test").is_some()
                    && body.as_ref() == b"teapot";
                if kept {
                    Ok(())
                } else {
                    Err(format!("the unexpected status lost something: {status} {headers:?} {body:?}"))
                }
            }
            Err(Error::Decode { status, path, body, .. }) if status.as_u16() == response.status => {
                // Only an example that the generator warned about may fail, at a path it named.
                let op = self.lowered.operation(example.name);
                let warnings = self.lowered.contradictions(op, &format!("response {}", response.status));
                let named = warnings.iter().any(|w| w.message.contains(&format!("`$.{path}`")));
                if !named {
                    return Err(format!("decode error at `{path}` that no example-contradicts-schema warning names"));
                }
                if Some(body.as_ref()) != response.body.map(str::as_bytes) {
                    return Err("the decode error does not keep the raw body".to_owned());
                }
                self.contradicted += 1;
                Ok(())
            }
            Ok(ok) => Err(format!("Ok with status {}", ok.status)),
            Err(error) => Err(format!("unexpected error {error}")),
        }
    }
}

fn run(
    api: &'static str,
    expected_operations: Option<usize>,
    visit: fn(&mut Wire<'_>),
    client: fn(&str) -> HttpClient,
) {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio starts");
    let server = runtime.block_on(MockServer::start());
    assert!(server.address().ip().is_loopback(), "the test server listens on 127.0.0.1 only");
    let client = client(&server.uri());
    let lowered = tests::lower(api);
    let mut wire = Wire {
        api,
        runtime: &runtime,
        server: &server,
        client: &client,
        lowered: &lowered,
        operations: 0,
        exchanges: 0,
        contradicted: 0,
        failures: Vec::new(),
    };
    visit(&mut wire);
    println!(
        "{api}: {} operations on the wire, {} request/response exchanges, {} examples contradicting the schema (warned)",
        wire.operations, wire.exchanges, wire.contradicted
    );
    assert!(wire.failures.is_empty(), "{} failures:\n{}", wire.failures.len(), wire.failures.join("\n"));
    assert_eq!(wire.operations, lowered.api.operations.len(), "every operation of the IR is visited");
    if let Some(expected) = expected_operations {
        assert_eq!(wire.operations, expected);
    }
}

#[test]
fn sendgrid_every_operation_on_the_wire() {
    run(
        "sendgrid",
        Some(9),
        |w| generated::sendgrid::examples::visit(w),
        |url| tests::clients::sendgrid(url).http().clone(),
    );
}

#[test]
fn outseta_every_operation_on_the_wire() {
    run(
        "outseta",
        Some(68),
        |w| generated::outseta::examples::visit(w),
        |url| tests::clients::outseta(url).http().clone(),
    );
}

#[test]
fn partners_every_operation_on_the_wire() {
    run(
        "partners",
        None,
        |w| generated::partners::examples::visit(w),
        |url| tests::clients::partners(url).http().clone(),
    );
}
