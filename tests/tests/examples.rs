//! The examples module's own promises: parameters can be overridden per example, and every
//! request it builds passes the client's validation.

use generated::runtime::Endpoint;
use generated::runtime::examples::{Example, ParamIn, Visitor};

/// Overrides every path parameter with a recognisable value and records the URIs.
struct Override {
    uris: Vec<(String, String)>,
}

impl Visitor for Override {
    fn operation<E>(&mut self, example: Example<E>)
    where
        E: Endpoint + std::fmt::Debug,
        E::Output: std::fmt::Debug,
        E::ErrorBody: std::fmt::Debug,
    {
        let overrides: Vec<(&str, &str)> = example
            .params
            .iter()
            .filter(|p| p.location == ParamIn::Path)
            .map(|p| (p.name, "\"overridden-id\""))
            .collect();
        // An example whose documented body contradicts the schema (warned by the generator,
        // counted by `roundtrip.rs`) cannot be built with or without overrides.
        if overrides.is_empty() || example.request().is_err() {
            return;
        }
        let endpoint = example.request_with(&overrides).unwrap_or_else(|e| panic!("{}: {e}", example.name));
        let request = endpoint.to_request("http://127.0.0.1:1").unwrap_or_else(|e| panic!("{}: {e}", example.name));
        self.uris.push((example.name.to_owned(), request.uri().to_string()));
    }
}

#[test]
fn path_parameters_are_overridden_per_example() {
    let mut visitor = Override { uris: Vec::new() };
    generated::sendgrid::examples::visit(&mut visitor);
    generated::outseta::examples::visit(&mut visitor);
    assert!(visitor.uris.len() > 10, "operations with path parameters: {}", visitor.uris.len());
    for (name, uri) in &visitor.uris {
        assert!(uri.contains("overridden-id"), "{name}: {uri}");
        assert!(!uri.contains("/example"), "{name}: the example value survived the override: {uri}");
    }
}
