//! `mod.rs` of an API module: the module docs, `Client` with one async method per operation, and
//! `ClientBuilder` with a credential setter per authentication scheme.

use indexmap::IndexSet;
use proc_macro2::TokenStream;
use quote::quote;

use super::endpoints::{operation_doc, struct_name};
use super::{docs, field_ident, type_ident};
use crate::ir::{Api, AuthKind, AuthScheme, TemplatePart};
use crate::naming;

/// Names the builder uses for its own settings; a scheme with one of them gets a suffix.
const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "timeout",
    "connect_timeout",
    "retry",
    "max_retries",
    "retry_non_idempotent",
    "max_response_bytes",
    "follow_redirects",
    "user_agent",
    "http_client",
    "build",
    "credential",
    "credentials",
];

/// Names of `Client`'s own methods; an operation with one of them gets a suffix.
const CLIENT_METHODS: &[&str] = &["new", "builder", "http", "with_credential", "clone", "fmt"];

/// The module file.
pub fn module(api: &Api) -> TokenStream {
    let mut text = api.title.clone().unwrap_or_else(|| format!("The `{}` API.", api.name));
    if let Some(more) = &api.docs {
        text.push_str("\n\n");
        text.push_str(more);
    }
    let module_doc = docs::inner(&text);
    let (base_url_const, default_base_url) = match &api.base_url {
        Some(url) => {
            let doc = format!(" The base URL from the description: {}.", docs::code(url));
            (
                quote!(#[doc = #doc] pub const DEFAULT_BASE_URL: &str = #url;),
                quote!(::std::option::Option::Some(DEFAULT_BASE_URL)),
            )
        }
        None => (TokenStream::new(), quote!(::std::option::Option::None)),
    };
    let base_url_note = match &api.base_url {
        Some(_) => " The base URL defaults to [`DEFAULT_BASE_URL`].",
        None => " The description has no base URL: set one with [`ClientBuilder::base_url`], or `build` fails.",
    };
    let methods = operations(api);
    let setters = credential_setters(api);
    quote! {
        #module_doc
        #![allow(
            // An error keeps the whole response (status, headers, raw body), by design.
            clippy::result_large_err,
            // Operation names and result types come from the API description.
            clippy::type_complexity,
            clippy::wrong_self_convention,
            clippy::should_implement_trait,
            clippy::doc_lazy_continuation,
        )]

        pub mod endpoints;
        pub mod examples;
        pub mod models;

        #base_url_const

        /// The async client: one method per operation, sending the endpoint values of
        /// [`endpoints`] with reqwest, with timeouts, retries and credentials.
        ///
        /// Cloning is cheap (connections are shared). `Debug` shows no secret.
        #[derive(Debug, Clone)]
        pub struct Client {
            http: crate::runtime::HttpClient,
        }

        impl Client {
            /// A client with the default settings and no credentials.
            #[doc = #base_url_note]
            pub fn new() -> ::std::result::Result<Client, crate::runtime::Error> {
                Client::builder().build()
            }

            /// Settings, credentials, then `build()`.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { config: crate::runtime::ClientConfig::new(#default_base_url) }
            }

            /// The same client (sharing its connections) with one credential set or replaced, for
            /// a token obtained at run time. `scheme` is a scheme name the operations use, the
            /// same as the builder's credential setters.
            pub fn with_credential(&self, scheme: &str, credential: crate::runtime::Credential) -> Client {
                Client { http: self.http.with_credential(scheme, credential) }
            }

            /// The generic HTTP client underneath, to send requests built by hand.
            pub fn http(&self) -> &crate::runtime::HttpClient {
                &self.http
            }

            #(#methods)*
        }

        /// Builds a [`Client`]. Defaults: 30 s timeout, 10 s connect timeout, 2 retries for
        /// idempotent requests.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            config: crate::runtime::ClientConfig,
        }

        impl ClientBuilder {
            /// Where requests go (`https://api.example.com`, no trailing slash needed).
            pub fn base_url(mut self, base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.config.base_url = ::std::option::Option::Some(base_url.into());
                self
            }

            /// The limit for a whole request, body included.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.timeout = timeout;
                self
            }

            /// The limit for establishing a connection.
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.connect_timeout = timeout;
                self
            }

            /// The whole retry policy.
            pub fn retry(mut self, policy: crate::runtime::RetryPolicy) -> Self {
                self.config.retry = policy;
                self
            }

            /// How many times a failed idempotent request is retried (0: never).
            pub fn max_retries(mut self, retries: u32) -> Self {
                self.config.retry.max_retries = retries;
                self
            }

            /// Also retry POST, PATCH and other non-idempotent requests.
            pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
                self.config.retry.retry_non_idempotent = retry;
                self
            }

            /// The largest response body accepted.
            pub fn max_response_bytes(mut self, limit: usize) -> Self {
                self.config.max_response_bytes = limit;
                self
            }

            /// Follow 3xx redirects instead of returning them (default: returned, typed when
            /// documented, with `Location` in the headers).
            pub fn follow_redirects(mut self, follow: bool) -> Self {
                self.config.follow_redirects = follow;
                self
            }

            /// The `User-Agent` header.
            pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.config.user_agent = ::std::option::Option::Some(user_agent.into());
                self
            }

            /// A preconfigured reqwest client (proxies, TLS); timeouts and user agent are then its own.
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.config.http_client = ::std::option::Option::Some(client);
                self
            }

            /// Sets a credential directly (any scheme name the operations use).
            pub fn credential(mut self, scheme: &str, credential: crate::runtime::Credential) -> Self {
                self.config.credentials.set(scheme, credential);
                self
            }

            #(#setters)*

            /// The client; fails without a base URL or when the TLS backend cannot start.
            pub fn build(self) -> ::std::result::Result<Client, crate::runtime::Error> {
                ::std::result::Result::Ok(Client { http: self.config.build()? })
            }
        }
    }
}

fn operations(api: &Api) -> Vec<TokenStream> {
    let module = field_ident(&api.name);
    let mut names: IndexSet<String> = CLIENT_METHODS.iter().map(|s| s.to_string()).collect();
    // The endpoint module's names, to compute the same response type names it does.
    let mut taken: IndexSet<String> = api.operations.iter().map(struct_name).collect();
    api.operations
        .iter()
        .map(|op| {
            let name = naming::snake(&op.name);
            let wanted = if CLIENT_METHODS.contains(&name.as_str()) { format!("{name}_operation") } else { name };
            let method = field_ident(&naming::unique(wanted, &mut names));
            let endpoint_name = struct_name(op);
            let endpoint = type_ident(&endpoint_name);
            let (types, _form) = super::endpoints::names(api, op, &mut taken);
            let (output, error) = (types.output, types.error);
            let doc = docs::outer(Some(&operation_doc(op)));
            // Written after sanitizing: this link is ours, not the vendor's prose.
            let link = format!(" Sends [`endpoints::{endpoint_name}`]; see it for the parameters.");
            quote! {
                #doc
                #[doc = ""]
                #[doc = #link]
                pub async fn #method(
                    &self,
                    request: crate::#module::endpoints::#endpoint,
                ) -> ::std::result::Result<crate::runtime::ApiResponse<#output>, crate::runtime::Error<#error>> {
                    self.http.execute(&request).await
                }
            }
        })
        .collect()
}

fn credential_setters(api: &Api) -> Vec<TokenStream> {
    let mut names: IndexSet<String> = BUILDER_METHODS.iter().map(|s| s.to_string()).collect();
    api.auth_schemes.iter().map(|scheme| setter(scheme, &mut names)).collect()
}

fn setter(scheme: &AuthScheme, names: &mut IndexSet<String>) -> TokenStream {
    let name = naming::snake(&scheme.name);
    let wanted = if BUILDER_METHODS.contains(&name.as_str()) { format!("{name}_auth") } else { name };
    let method = field_ident(&naming::unique(wanted, names));
    let key = &scheme.name;
    let rt = quote!(crate::runtime);
    let string = quote!(impl ::std::convert::Into<::std::string::String>);
    let (how, args, credential) = match &scheme.kind {
        AuthKind::Bearer => (
            "Sends `Authorization: Bearer <token>`.".to_owned(),
            quote!(token: #string),
            quote!(#rt::Credential::Bearer(#rt::Secret::new(token))),
        ),
        AuthKind::Basic => (
            "Sends `Authorization: Basic <base64 of username:password>`.".to_owned(),
            quote!(username: #string, password: #string),
            quote!(#rt::Credential::Basic { username: username.into(), password: #rt::Secret::new(password) }),
        ),
        AuthKind::ApiKeyHeader { header } => (
            format!("Sends the key in the {} header.", docs::code(header)),
            quote!(key: #string),
            quote!(#rt::Credential::Header { name: #header.to_owned(), value: #rt::Secret::new(key) }),
        ),
        AuthKind::ApiKeyQuery { param } => (
            format!("Sends the key in the {} query parameter.", docs::code(param)),
            quote!(key: #string),
            quote!(#rt::Credential::Query { name: #param.to_owned(), value: #rt::Secret::new(key) }),
        ),
        AuthKind::HeaderTemplate { header, parts } => {
            let mut secrets: IndexSet<String> = IndexSet::new();
            let mut shown = String::new();
            for part in parts {
                match part {
                    TemplatePart::Literal(text) => shown.push_str(text),
                    TemplatePart::Secret(name) => {
                        secrets.insert(naming::snake(name));
                        shown.push_str(&format!("<{}>", naming::snake(name)));
                    }
                }
            }
            let idents: Vec<_> = secrets.iter().map(|name| field_ident(name)).collect();
            let buffer = field_ident(&naming::unique("header_value".to_owned(), &mut secrets.clone()));
            let pushes = parts.iter().map(|part| match part {
                TemplatePart::Literal(text) => match single_char(text) {
                    Some(c) => quote!(#buffer.push(#c);),
                    None => quote!(#buffer.push_str(#text);),
                },
                TemplatePart::Secret(name) => {
                    let ident = field_ident(&naming::snake(name));
                    quote!(#buffer.push_str(&#ident);)
                }
            });
            let value = quote! {{
                #(let #idents: ::std::string::String = #idents.into();)*
                let mut #buffer = ::std::string::String::new();
                #(#pushes)*
                #rt::Credential::Header { name: #header.to_owned(), value: #rt::Secret::new(#buffer) }
            }};
            (format!("Sends {}.", docs::code(&format!("{header}: {shown}"))), quote!(#(#idents: #string),*), value)
        }
    };
    let mut text = scheme.docs.clone().map(|d| format!("{d}\n\n")).unwrap_or_default();
    text.push_str(&format!("Credentials for the {} scheme. {how}", docs::code(&scheme.name)));
    let doc = docs::outer(Some(&text));
    quote! {
        #doc
        pub fn #method(mut self, #args) -> Self {
            self.config.credentials.set(#key, #credential);
            self
        }
    }
}

fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}
