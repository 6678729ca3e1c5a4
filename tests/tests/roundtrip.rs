//! Every JSON example body of the three APIs (request bodies and the responses of every status)
//! decodes into its generated type and encodes back to a JSON-equal value.
//!
//! SendGrid's overlay types `quantity` (and the entitlement counts) as integers while the
//! collection's examples hold `""` placeholders there; the generator reports each such example as
//! `example-contradicts-schema`. The test asserts that exactly the warned examples fail to decode
//! (at a path the warning names) and counts them apart: nothing is skipped silently.

use std::fmt::Debug;

use bytes::Bytes;
use generated::runtime::examples::{BodyFormat, Example, Input, Visitor};
use generated::runtime::{Endpoint, Error};
use serde_json::Value;
use tests::{Lowered, json_eq};

#[derive(Default)]
struct Counts {
    requests: usize,
    responses: usize,
    contradicting: usize,
}

struct RoundTrip<'a> {
    lowered: &'a Lowered,
    counts: Counts,
    failures: Vec<String>,
}

impl RoundTrip<'_> {
    /// Whether a warning of `op` about `what` names the JSON `path` (serde_path_to_error form).
    fn warned(&self, name: &str, what: &str, path: Option<&str>) -> bool {
        let warnings = self.lowered.contradictions(self.lowered.operation(name), what);
        match path {
            Some(path) => warnings.iter().any(|w| w.message.contains(&format!("`$.{path}`"))),
            None => !warnings.is_empty(),
        }
    }

    fn request<E: Endpoint>(&mut self, example: &Example<E>, text: &str) -> Result<(), String> {
        let expected: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let endpoint = match (example.build)(Input { body: Some(text), params: &[] }) {
            Ok(endpoint) => endpoint,
            Err(error) if self.warned(example.name, "request body", None) => {
                self.counts.contradicting += 1;
                let _ = error;
                return Ok(());
            }
            Err(error) => return Err(format!("request body does not decode: {error}")),
        };
        if self.warned(example.name, "request body", None) {
            return Err("a request body warned as contradicting its schema decodes".to_owned());
        }
        let request = endpoint.to_request("http://127.0.0.1:9").map_err(|e| format!("to_request: {e}"))?;
        let sent: Value = serde_json::from_slice(request.body()).map_err(|e| format!("body is not JSON: {e}"))?;
        if !json_eq(&sent, &expected) {
            return Err(format!("request body {sent} instead of {expected}"));
        }
        self.counts.requests += 1;
        Ok(())
    }

    fn response<E: Endpoint<ErrorBody: Debug>>(
        &mut self,
        example: &Example<E>,
        status: u16,
        text: &str,
    ) -> Result<(), String> {
        let expected: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let response = http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(Bytes::from(text.to_owned()))
            .map_err(|e| e.to_string())?;
        let what = format!("response {status}");
        let encoded = match E::parse_response(response) {
            Ok(ok) => (example.output_json)(&ok.body),
            Err(Error::Api { body, .. }) => (example.error_json)(&body),
            Err(Error::Decode { path, body, .. }) if self.warned(example.name, &what, Some(&path)) => {
                if body.as_ref() != text.as_bytes() {
                    return Err("the decode error does not keep the raw body".to_owned());
                }
                self.counts.contradicting += 1;
                return Ok(());
            }
            Err(error) => return Err(format!("{what}: {error}")),
        };
        if self.warned(example.name, &what, None) {
            return Err(format!("{what}: an example warned as contradicting its schema decodes"));
        }
        let encoded = encoded.map_err(|e| format!("{what}: cannot encode: {e}"))?;
        if !json_eq(&encoded, &expected) {
            return Err(format!("{what}: {encoded} instead of {expected}"));
        }
        self.counts.responses += 1;
        Ok(())
    }
}

impl Visitor for RoundTrip<'_> {
    fn operation<E>(&mut self, example: Example<E>)
    where
        E: Endpoint + Debug,
        E::Output: Debug,
        E::ErrorBody: Debug,
    {
        let mut failures = Vec::new();
        if let Some(body) = example.body.filter(|b| matches!(b.format, BodyFormat::Json | BodyFormat::Form)) {
            for text in body.examples {
                failures.extend(self.request(&example, text).err());
            }
        }
        for response in example.responses {
            if let Some(text) = response.body {
                failures.extend(self.response(&example, response.status, text).err());
            }
        }
        self.failures.extend(failures.into_iter().map(|f| format!("{}: {f}", example.name)));
    }
}

/// The number of JSON example bodies the IR holds (request bodies and responses).
fn ir_examples(lowered: &Lowered) -> usize {
    lowered
        .api
        .operations
        .iter()
        .map(|op| {
            op.body.as_ref().map_or(0, |b| b.examples.len())
                + op.responses.iter().map(|r| r.examples.len()).sum::<usize>()
        })
        .sum()
}

fn run(api: &str, visit: fn(&mut RoundTrip<'_>)) -> Counts {
    let lowered = tests::lower(api);
    let mut trip = RoundTrip { lowered: &lowered, counts: Counts::default(), failures: Vec::new() };
    visit(&mut trip);
    let Counts { requests, responses, contradicting } = trip.counts;
    println!(
        "{api}: {requests} request and {responses} response examples round-trip; {contradicting} contradict the overlay's schema (warned) and fail to decode as expected"
    );
    assert!(trip.failures.is_empty(), "{} failures:\n{}", trip.failures.len(), trip.failures.join("\n"));
    let warned = lowered.diagnostics.iter().filter(|d| d.code == "example-contradicts-schema").count();
    assert_eq!(contradicting, warned, "every warned example, and only those, fails to decode");
    assert_eq!(requests + responses + contradicting, ir_examples(&lowered), "every example of the IR is covered");
    trip.counts
}

#[test]
fn sendgrid_examples_round_trip() {
    let counts = run("sendgrid", |t| generated::sendgrid::examples::visit(t));
    assert!(counts.contradicting > 0, "the quantity placeholders are seen");
}

#[test]
fn outseta_examples_round_trip() {
    let counts = run("outseta", |t| generated::outseta::examples::visit(t));
    assert_eq!(counts.contradicting, 0);
}

#[test]
fn partners_examples_round_trip() {
    run("partners", |t| generated::partners::examples::visit(t));
}

/// Every JSON body in the Postman collections is either an example of the IR or reported as
/// unparsable: counted straight from the files, independently of the generator.
#[test]
fn every_postman_example_is_accounted_for() {
    fn walk(items: &Value, out: &mut usize) {
        for item in items.as_array().into_iter().flatten() {
            walk(&item["item"], out);
            let raw = &item["request"]["body"]["raw"];
            if item["request"]["body"]["mode"] == "raw" && raw.as_str().is_some_and(is_json_like) {
                *out += 1;
            }
            for response in item["response"].as_array().into_iter().flatten() {
                if response["body"].as_str().is_some_and(is_json_like) {
                    *out += 1;
                }
            }
        }
    }
    fn is_json_like(text: &str) -> bool {
        matches!(text.trim_start().chars().next(), Some('{' | '['))
    }
    for (api, file) in [("sendgrid", "sendgrid.postman.json"), ("outseta", "outseta.postman.json")] {
        let text = std::fs::read_to_string(tests::workspace_root().join("specs").join(file))
            .expect("the collection is readable");
        let collection: Value = serde_json::from_str(&text).expect("the collection is JSON");
        let mut in_file = 0;
        walk(&collection["item"], &mut in_file);
        let lowered = tests::lower(api);
        let unparsable = lowered.diagnostics.iter().filter(|d| d.code == "unparsable-example").count();
        println!(
            "{file}: {in_file} JSON bodies, {} in the IR, {unparsable} reported unparsable",
            ir_examples(&lowered)
        );
        assert_eq!(in_file, ir_examples(&lowered) + unparsable, "{file}: every JSON body is an example or a warning");
    }
}

/// A member an inferred struct does not know survives decoding and encoding.
#[test]
fn unknown_members_are_kept() {
    let text = r#"{"Email":"a@b.c","FirstName":"A","NotInAnyExample":{"nested":[1,2.5,"x"]},"Uid":"u1"}"#;
    let person: generated::outseta::models::Person = serde_json::from_str(text).expect("a person decodes");
    let back = serde_json::to_value(&person).expect("a person encodes");
    let expected: Value = serde_json::from_str(text).expect("JSON");
    assert!(json_eq(&back, &expected), "{back} != {expected}");
}
