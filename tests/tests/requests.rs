//! The request every operation builds from its documented example, one readable snapshot per API
//! (method, URL, headers sorted, body): a regeneration that changes what goes on the wire shows
//! up in review as a diff of `tests/tests/snapshots/`.

use std::fmt::{Debug, Write};

use generated::runtime::examples::{Example, Visitor};
use generated::runtime::{Credentials, Endpoint};
use serde_json::Value;

/// The base URL of the snapshots (nothing is sent).
const BASE_URL: &str = "https://api.example.test";

struct Snapshot<'a> {
    credentials: &'a Credentials,
    text: String,
    operations: usize,
}

impl Snapshot<'_> {
    fn render<E: Endpoint>(&self, example: &Example<E>) -> Result<String, String> {
        let (endpoint, _, repaired) = tests::build_repaired(example)?;
        let mut out = String::new();
        if repaired {
            out.push_str("(the documented body does not decode: its \"\" placeholders are sent as 0 here)\n");
        }
        let mut request = endpoint.to_request(BASE_URL).map_err(|error| format!("to_request: {error}"))?;
        self.credentials.apply(E::AUTH, &mut request).map_err(|error| format!("credentials: {error}"))?;
        let _ = writeln!(out, "{} {}", request.method(), request.uri());
        let mut headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(name, value)| (name.to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        headers.sort();
        for (name, value) in headers {
            let _ = writeln!(out, "{name}: {value}");
        }
        let body = request.body();
        if !body.is_empty() {
            out.push('\n');
            match serde_json::from_slice::<Value>(body) {
                Ok(json) => out.push_str(&serde_json::to_string_pretty(&json).unwrap_or_default()),
                Err(_) => out.push_str(&String::from_utf8_lossy(body)),
            }
            out.push('\n');
        }
        Ok(out)
    }
}

impl Visitor for Snapshot<'_> {
    fn operation<E>(&mut self, example: Example<E>)
    where
        E: Endpoint + Debug,
        E::Output: Debug,
        E::ErrorBody: Debug,
    {
        self.operations += 1;
        let rendered = self.render(&example).unwrap_or_else(|error| format!("{error}\n"));
        let _ = write!(self.text, "## {}\n{rendered}\n", example.name);
    }
}

fn snapshot(credentials: &Credentials, visit: fn(&mut Snapshot<'_>)) -> (String, usize) {
    let mut snapshot = Snapshot { credentials, text: String::new(), operations: 0 };
    visit(&mut snapshot);
    (snapshot.text, snapshot.operations)
}

#[test]
fn sendgrid_requests() {
    let client = tests::clients::sendgrid(BASE_URL);
    let (text, operations) = snapshot(client.http().credentials(), |s| generated::sendgrid::examples::visit(s));
    assert_eq!(operations, 9);
    insta::assert_snapshot!("sendgrid", text);
}

#[test]
fn outseta_requests() {
    let client = tests::clients::outseta(BASE_URL);
    let (text, operations) = snapshot(client.http().credentials(), |s| generated::outseta::examples::visit(s));
    assert_eq!(operations, 68);
    insta::assert_snapshot!("outseta", text);
}

#[test]
fn partners_requests() {
    let client = tests::clients::partners(BASE_URL);
    let (text, operations) = snapshot(client.http().credentials(), |s| generated::partners::examples::visit(s));
    assert_eq!(operations, tests::lower("partners").api.operations.len());
    insta::assert_snapshot!("partners", text);
}
