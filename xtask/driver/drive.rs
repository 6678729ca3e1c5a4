//! The contract driver's engine, one copy per generated crate (each crate has its own runtime
//! types, so the code is a macro instantiated per crate by `main.rs`).
//!
//! For every operation that the crate's `examples::visit` hands over, it builds the request
//! from the example values, authenticates it with a dummy credential per scheme, and sends it to
//! the mock server once per documented response status (`Prefer: code=...`), in static and in
//! dynamic mode (`Prefer: dynamic=...`). Each exchange is printed as one JSON line: the
//! `sl-violations` header the server attached and whether `parse_response` decoded the answer.

/// One dummy credential, as `credentials.json` lists them.
#[derive(Debug, serde::Deserialize)]
pub struct CredentialSpec {
    pub scheme: String,
    pub kind: String,
    #[serde(default)]
    pub name: String,
}

/// Prints one result line.
pub fn emit(line: serde_json::Value) {
    println!("{line}");
}

/// The statuses to ask for: each documented one once, a class (`4XX`) or `default` as the
/// server's own choice for that declaration.
pub fn prefer_code(declared: &str, status: u16) -> Option<String> {
    match declared {
        "default" => None,
        d if d.ends_with("XX") || d.ends_with("xx") => None,
        _ => Some(status.to_string()),
    }
}

#[macro_export]
macro_rules! driver {
    ($krate:ident, $module:ident, $local:ident) => {
        pub mod $local {
            use ::$krate::runtime::examples::{Example, Visitor};
            use ::$krate::runtime::{Credential, Credentials, Endpoint, Error, Secret};

            struct Driver {
                runtime: tokio::runtime::Runtime,
                client: ::$krate::runtime::HttpClient,
                base_url: String,
                credentials: Credentials,
                mode: &'static str,
            }

            /// Drives every operation in `mode` (`static` or `dynamic`).
            pub fn run(base_url: &str, credentials: &[$crate::drive::CredentialSpec], mode: &'static str) -> Result<(), String> {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| e.to_string())?;
                let mut config = ::$krate::runtime::ClientConfig::new(Some(base_url));
                config.retry = ::$krate::runtime::RetryPolicy::none();
                let client = config.build().map_err(|e| e.to_string())?;
                let mut set = Credentials::new();
                for spec in credentials {
                    let credential = match spec.kind.as_str() {
                        "bearer" => Credential::Bearer(Secret::new("contract-token")),
                        "basic" => Credential::Basic { username: "contract".into(), password: Secret::new("secret") },
                        "header" => Credential::Header { name: spec.name.clone(), value: Secret::new("contract-key") },
                        "query" => Credential::Query { name: spec.name.clone(), value: Secret::new("contract-key") },
                        other => return Err(format!("unknown credential kind {other}")),
                    };
                    set.set(&spec.scheme, credential);
                }
                let mut driver = Driver { runtime, client, base_url: base_url.to_owned(), credentials: set, mode };
                ::$krate::$module::examples::visit(&mut driver);
                Ok(())
            }

            impl Visitor for Driver {
                fn operation<E>(&mut self, example: Example<E>)
                where
                    E: Endpoint + std::fmt::Debug,
                    E::Output: std::fmt::Debug,
                    E::ErrorBody: std::fmt::Debug,
                {
                    let name = example.name;
                    let built = example.request().map_err(|e| format!("example does not decode: {e}")).and_then(|endpoint| {
                        endpoint.to_request(&self.base_url).map_err(|e| format!("rejected by the client: {e}"))
                    });
                    let request = match built {
                        Ok(request) => request,
                        Err(error) => {
                            $crate::drive::emit(serde_json::json!({"op": name, "mode": self.mode, "build": error}));
                            return;
                        }
                    };
                    let mut wanted: Vec<(Option<String>, &str)> = Vec::new();
                    for response in example.responses {
                        let code = $crate::drive::prefer_code(response.declared, response.status);
                        if !wanted.iter().any(|(c, d)| *c == code && *d == response.declared) {
                            wanted.push((code, response.declared));
                        }
                    }
                    if wanted.is_empty() {
                        wanted.push((None, "none"));
                    }
                    for (code, declared) in wanted {
                        let mut request = copy(&request);
                        let _ = self.credentials.apply(E::AUTH, &mut request);
                        let mut prefer = format!("dynamic={}", self.mode == "dynamic");
                        if let Some(code) = &code {
                            prefer.push_str(&format!(", code={code}"));
                        }
                        if let Ok(value) = ::$krate::http::HeaderValue::from_str(&prefer) {
                            request.headers_mut().insert("prefer", value);
                        }
                        let sent = self.runtime.block_on(self.client.send(request));
                        let response = match sent {
                            Ok(response) => response,
                            Err(error) => {
                                $crate::drive::emit(serde_json::json!({"op": name, "mode": self.mode, "declared": declared, "send": error.to_string()}));
                                continue;
                            }
                        };
                        let status = response.status().as_u16();
                        let violations: serde_json::Value = response
                            .headers()
                            .get("sl-violations")
                            .and_then(|v| v.to_str().ok())
                            .map(|text| serde_json::from_str(text).unwrap_or(serde_json::Value::String(text.to_owned())))
                            .unwrap_or(serde_json::Value::Array(Vec::new()));
                        let full = String::from_utf8_lossy(response.body()).into_owned();
                        let body = full.chars().take(300).collect::<String>();
                        // Prism answers a request it refuses (no credential it accepts, a
                        // request it cannot route) with a problem of its own, before validating;
                        // kept whole, as its detail names the rule the request broke.
                        let refused = full.contains("stoplight.io/prism/errors#").then(|| full.clone());
                        let decode = match E::parse_response(response) {
                            Ok(_) | Err(Error::Api { .. }) => serde_json::Value::Null,
                            Err(error) => serde_json::Value::String(format!("{error}; body: {body}")),
                        };
                        $crate::drive::emit(serde_json::json!({
                            "op": name, "mode": self.mode, "declared": declared, "status": status,
                            "violations": violations, "decode": decode, "refused": refused,
                        }));
                    }
                }
            }

            fn copy(request: &::$krate::http::Request<Vec<u8>>) -> ::$krate::http::Request<Vec<u8>> {
                let mut copy = ::$krate::http::Request::new(request.body().clone());
                *copy.method_mut() = request.method().clone();
                *copy.uri_mut() = request.uri().clone();
                *copy.headers_mut() = request.headers().clone();
                copy
            }
        }
    };
}
