//! `mod.rs` of an API module: the module docs, `Client` with one async method per operation, and
//! `ClientBuilder` with a credential setter per authentication scheme.

use indexmap::{IndexMap, IndexSet};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::endpoints::{operation_doc, struct_name};
use super::ty::rust_type;
use super::{docs, field_ident, type_ident};
use crate::ir::{Api, AuthKind, AuthScheme, PagingStyle, TemplatePart, Ty};
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
    let paged = paged_impls(api);
    let setters = credential_setters(api);
    let consts = scheme_consts(api);
    let schemes = api.auth_schemes.iter().zip(&consts).map(|(scheme, ident)| {
        let name = &scheme.name;
        let kind = runtime_kind(&scheme.kind);
        let doc = format!(
            " The {} authentication scheme: credentials set under its name go where its kind says.",
            docs::code(name)
        );
        quote! {
            #[doc = #doc]
            pub const #ident: crate::runtime::AuthScheme = crate::runtime::AuthScheme { name: #name, kind: #kind };
        }
    });
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
        #[cfg(feature = "examples")]
        pub mod examples;
        pub mod models;

        /// The trait of every endpoint value: `to_request` and `parse_response` without a client.
        pub use crate::runtime::Endpoint;

        #base_url_const

        #(#schemes)*

        /// The authentication schemes of the API: the names credentials are set under, and
        /// their kinds.
        pub const AUTH_SCHEMES: &[crate::runtime::AuthScheme] = &[#(#consts),*];

        /// The async client: one method per operation, sending the endpoint values of
        /// [`endpoints`] with reqwest, with timeouts, retries and credentials.
        ///
        /// Each method returns a [`crate::runtime::Call`], which sends when awaited and takes
        /// extra query parameters, headers, a timeout or a retry policy for that call first.
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
            /// a token obtained at run time. `scheme` is one of [`AUTH_SCHEMES`] (the names of
            /// the builder's credential setters); any other name is an error.
            pub fn with_credential(
                &self,
                scheme: &str,
                credential: crate::runtime::Credential,
            ) -> ::std::result::Result<Client, crate::runtime::Error> {
                let http = self.http.with_credential(scheme, credential);
                http.credentials().check_schemes(AUTH_SCHEMES)?;
                ::std::result::Result::Ok(Client { http })
            }

            /// The generic HTTP client underneath, to send requests built by hand.
            pub fn http(&self) -> &crate::runtime::HttpClient {
                &self.http
            }

            #(#methods)*
        }

        #(#paged)*

        /// Builds a [`Client`]. Defaults: 30 s timeout, 10 s connect timeout, 2 retries for
        /// idempotent requests.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            config: crate::runtime::ClientConfig,
        }

        impl ClientBuilder {
            crate::runtime::builder_settings!();

            /// Sets a credential directly, under one of the names of [`AUTH_SCHEMES`]; `build`
            /// fails on any other name.
            pub fn credential(mut self, scheme: &str, credential: crate::runtime::Credential) -> Self {
                self.config.credentials.set(scheme, credential);
                self
            }

            #(#setters)*

            /// The client; fails without a base URL, with a credential for a scheme the API does
            /// not have, or when the TLS backend cannot start.
            pub fn build(self) -> ::std::result::Result<Client, crate::runtime::Error> {
                self.config.credentials.check_schemes(AUTH_SCHEMES)?;
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
            // The signature shows only the call; the result type is spelled out here.
            let own = format!("crate::{}::", api.name);
            let spell = |tokens: &TokenStream| {
                let text = tokens.to_string().replace(' ', "").replace(&own, "");
                let text = ["::std::convert::", "::std::vec::", "::std::string::"]
                    .iter()
                    .fold(text, |text, std| text.replace(std, ""));
                // Other crates' paths as a person writes them: `serde_json::Value`, not `::serde_json::Value`.
                text.trim_start_matches("::").replace("<::", "<").replace(",::", ",")
            };
            let result = format!(
                " Awaited, it gives `Result<ApiResponse<{}>, Error<{}>>`.",
                spell(&types.output),
                spell(&types.error)
            );
            let doc = docs::outer(Some(&operation_doc(op)));
            // Written after sanitizing: these lines are ours, not the vendor's prose.
            let link = format!(
                " Sends [`endpoints::{endpoint_name}`] when awaited; see it for the parameters."
            );
            let paged = op.paging.as_ref().map(|_| {
                quote! {
                    #[doc = ""]
                    #[doc = " Paged: `.items()` streams every item of every page, `.pages()` every page."]
                }
            });
            quote! {
                #doc
                #[doc = ""]
                #[doc = #link]
                #[doc = #result]
                #paged
                pub fn #method(&self, request: crate::#module::endpoints::#endpoint) -> crate::runtime::Call<'_, crate::#module::endpoints::#endpoint> {
                    crate::runtime::Call::new(&self.http, request)
                }
            }
        })
        .collect()
}

/// `runtime::Paged` for every operation the manifest says pages: the style as a constant and
/// the way to the items in the typed body; the stream itself is the runtime's.
fn paged_impls(api: &Api) -> Vec<TokenStream> {
    let module = field_ident(&api.name);
    let models = quote!(crate::#module::models);
    let rt = quote!(crate::runtime);
    let text = |value: &Option<String>| match value {
        Some(value) => quote!(::std::option::Option::Some(#value)),
        None => quote!(::std::option::Option::None),
    };
    let paged: Vec<_> = api.operations.iter().filter_map(|op| op.paging.as_ref().map(|paging| (op, paging))).collect();
    let styles: Vec<TokenStream> = paged
        .iter()
        .map(|(_, paging)| match &paging.style {
            PagingStyle::Offset { offset, limit, total } => {
                let (limit, total) = (text(limit), text(total));
                quote!(#rt::Paging::Offset { offset: #offset, limit: #limit, total: #total })
            }
            PagingStyle::Page { page, first, size, total, total_pages } => {
                let (size, total, total_pages) = (text(size), text(total), text(total_pages));
                let first = proc_macro2::Literal::u64_unsuffixed(*first);
                quote!(#rt::Paging::Page { page: #page, first: #first, size: #size, total: #total, total_pages: #total_pages })
            }
            PagingStyle::Cursor { param, next, has_more } => {
                let has_more = text(has_more);
                quote!(#rt::Paging::Cursor { param: #param, next: #next, has_more: #has_more })
            }
            PagingStyle::Link => quote!(#rt::Paging::Link),
        })
        .collect();
    // A style that several operations share (an `apis.toml` paging entry matching them all) is
    // one constant of the module, named after its kind (`PAGING_BY_PAGE`).
    let mut uses: IndexMap<&PagingStyle, (usize, &TokenStream)> = IndexMap::new();
    for ((_, paging), style) in paged.iter().zip(&styles) {
        if paging.style != PagingStyle::Link {
            uses.entry(&paging.style).or_insert((0, style)).0 += 1;
        }
    }
    let mut taken: IndexSet<String> = ["AUTH_SCHEMES", "DEFAULT_BASE_URL"].map(str::to_owned).into();
    taken.extend(scheme_consts(api).iter().map(ToString::to_string));
    let mut shared: IndexMap<&PagingStyle, Ident> = IndexMap::new();
    let mut items = Vec::new();
    for (style, (count, value)) in uses {
        if count < 2 {
            continue;
        }
        let kind = match style {
            PagingStyle::Offset { .. } => "OFFSET",
            PagingStyle::Page { .. } => "PAGE",
            PagingStyle::Cursor { .. } => "CURSOR",
            PagingStyle::Link => "LINK",
        };
        let name = Ident::new(&naming::unique(format!("PAGING_BY_{kind}"), &mut taken), Span::call_site());
        items.push(quote! {
            /// How the operations that share it page through their results.
            const #name: #rt::Paging = #value;
        });
        shared.insert(style, name);
    }
    items.extend(paged.iter().zip(styles).map(|((op, paging), style)| {
        let endpoint = type_ident(&struct_name(op));
        let style = match shared.get(&paging.style) {
            Some(name) => quote!(#name),
            None => style,
        };
        let item = rust_type(&paging.item, &api.types, Some(&models));
        let pointer = &paging.items_pointer;
        let body = if paging.item == Ty::Any && paging.items_steps.is_empty() {
            quote!(#rt::json_items(output, #pointer))
        } else {
            // Field by field; an absent optional member means no items (the runtime has
            // already refused a page whose body lacks the list).
            let mut value = quote!(output);
            let mut optional = false;
            for step in &paging.items_steps {
                let field = field_ident(&step.field);
                value = match (optional, step.optional) {
                    (false, _) => quote!(#value.#field),
                    (true, true) => quote!(#value.and_then(|value| value.#field)),
                    (true, false) => quote!(#value.map(|value| value.#field)),
                };
                optional |= step.optional;
            }
            if optional { quote!(#value.unwrap_or_default()) } else { value }
        };
        quote! {
            impl #rt::Paged for crate::#module::endpoints::#endpoint {
                type Item = #item;
                const PAGING: #rt::Paging = #style;
                const ITEMS: &'static str = #pointer;

                fn items(output: Self::Output) -> ::std::vec::Vec<Self::Item> {
                    #body
                }
            }
        }
    }));
    items
}

fn credential_setters(api: &Api) -> Vec<TokenStream> {
    let mut names: IndexSet<String> = BUILDER_METHODS.iter().map(|s| s.to_string()).collect();
    api.auth_schemes.iter().map(|scheme| setter(scheme, &mut names)).collect()
}

/// The setter name of a header template, saying what to pass: the secrets' names joined
/// (`Outseta {{apiKey}}:{{apiKeySecret}}` gives `api_key_and_secret`), or for a template that
/// is one whole header value, the header and the variable (`Authorization: {{authorizationToken}}`
/// gives `authorization_token`; `{{userToken}}` gives `user_token_header`).
fn template_setter_name(header: &str, parts: &[TemplatePart]) -> Option<String> {
    let secrets: Vec<String> = parts
        .iter()
        .filter_map(|part| match part {
            TemplatePart::Secret(name) => Some(naming::snake(name)),
            TemplatePart::Literal(_) => None,
        })
        .collect();
    let whole = matches!(parts, [TemplatePart::Secret(_)]);
    let first = secrets.first()?;
    if whole {
        let header = naming::snake(header);
        let squashed = first.replace('_', "");
        let rest = squashed.strip_prefix(&header.replace('_', "")).filter(|rest| !rest.is_empty());
        return Some(match rest {
            Some(rest) => format!("{header}_{}", naming::snake(rest)),
            None => format!("{first}_header"),
        });
    }
    // Later secrets named after the first (`api_key_secret` after `api_key`) add only the rest.
    let mut words = vec![first.clone()];
    for secret in &secrets[1..] {
        let short = secret.strip_prefix(&format!("{first}_")).unwrap_or(secret);
        words.push(short.to_owned());
    }
    Some(words.join("_and_"))
}

fn setter(scheme: &AuthScheme, names: &mut IndexSet<String>) -> TokenStream {
    let readable = match &scheme.kind {
        AuthKind::HeaderTemplate { header, parts } => template_setter_name(header, parts),
        _ => None,
    };
    let wanted = readable.unwrap_or_else(|| naming::snake(&scheme.name));
    let wanted = if BUILDER_METHODS.contains(&wanted.as_str()) { format!("{wanted}_auth") } else { wanted };
    let method = field_ident(&naming::unique(wanted, names));
    let key = &scheme.name;
    let rt = quote!(crate::runtime);
    let string = quote!(impl ::std::convert::Into<::std::string::String>);
    // Statements that make the credential's value, for a header template.
    let mut prelude = TokenStream::new();
    let (how, args, credential) = match &scheme.kind {
        AuthKind::Bearer => (
            "Sends `Authorization: Bearer <token>`.".to_owned(),
            quote!(token: #string),
            quote!(#rt::Credential::bearer(token)),
        ),
        AuthKind::OAuth2 { flows } => {
            let flows = flows.iter().map(|flow| format!("`{}`", flow.replace('`', "'"))).collect::<Vec<_>>();
            let documented = match flows.is_empty() {
                true => String::new(),
                false => format!(" Documented flows: {}.", flows.join(", ")),
            };
            (
                format!("OAuth 2.0: sends the access token as `Authorization: Bearer <token>`.{documented}"),
                quote!(access_token: #string),
                quote!(#rt::Credential::bearer(access_token)),
            )
        }
        AuthKind::OpenIdConnect { url } => (
            match url.replace(['<', '>', '`', ' '], "") {
                url if url.is_empty() => {
                    "OpenID Connect: sends the token as `Authorization: Bearer <token>`.".to_owned()
                }
                url => {
                    format!("OpenID Connect (discovery: <{url}>): sends the token as `Authorization: Bearer <token>`.")
                }
            },
            quote!(token: #string),
            quote!(#rt::Credential::bearer(token)),
        ),
        AuthKind::Basic => (
            "Sends `Authorization: Basic <base64 of username:password>`.".to_owned(),
            quote!(username: #string, password: #string),
            quote!(#rt::Credential::basic(username, password)),
        ),
        AuthKind::ApiKeyHeader { header } => (
            format!("Sends the key in the {} header.", docs::code(header)),
            quote!(key: #string),
            quote!(#rt::Credential::header(#header, key)),
        ),
        AuthKind::ApiKeyQuery { param } => (
            format!("Sends the key in the {} query parameter.", docs::code(param)),
            quote!(key: #string),
            quote!(#rt::Credential::query(#param, key)),
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
            // A template of one secret is that secret; others are put together from their parts.
            let value = match parts.as_slice() {
                [TemplatePart::Secret(_)] => quote!(#(#idents)*),
                _ => {
                    let value = field_ident(&naming::unique("value".to_owned(), &mut secrets.clone()));
                    // The first part is a `&str` (which makes the array's type), the others
                    // `&String` coerced to it.
                    let parts = parts.iter().enumerate().map(|(index, part)| match part {
                        TemplatePart::Literal(text) => quote!(#text),
                        TemplatePart::Secret(name) => {
                            let ident = field_ident(&naming::snake(name));
                            if index == 0 { quote!(#ident.as_str()) } else { quote!(&#ident) }
                        }
                    });
                    prelude = quote! {
                        #(let #idents: ::std::string::String = #idents.into();)*
                        let #value = [#(#parts),*].concat();
                    };
                    quote!(#value)
                }
            };
            let how = match parts.as_slice() {
                [TemplatePart::Secret(name)] => format!(
                    "Pass the whole {} header value (the description's {}), as the API documents it.",
                    docs::code(header),
                    docs::code(&format!("{{{{{name}}}}}"))
                ),
                _ => format!("Sends {}.", docs::code(&format!("{header}: {shown}"))),
            };
            (how, quote!(#(#idents: #string),*), quote!(#rt::Credential::header(#header, #value)))
        }
    };
    let mut text = scheme.docs.clone().map(|d| format!("{d}\n\n")).unwrap_or_default();
    text.push_str(&format!("Credentials for the {} scheme. {how}", docs::code(&scheme.name)));
    let doc = docs::outer(Some(&text));
    quote! {
        #doc
        pub fn #method(self, #args) -> Self {
            #prelude
            self.credential(#key, #credential)
        }
    }
}

/// The constant of each authentication scheme of `api` in its root module (`FASTLY_KEY` for
/// `fastly_key`), in the order of its schemes: each endpoint names the ones it accepts.
pub(super) fn scheme_consts(api: &Api) -> Vec<Ident> {
    let mut taken: IndexSet<String> = ["AUTH_SCHEMES", "DEFAULT_BASE_URL"].map(str::to_owned).into();
    api.auth_schemes
        .iter()
        .map(|scheme| {
            let name = naming::unique(naming::snake(&scheme.name).to_uppercase(), &mut taken);
            Ident::new(&name, Span::call_site())
        })
        .collect()
}

/// The run-time value of a scheme's kind (`crate::runtime::AuthKind::Bearer`).
pub(super) fn runtime_kind(kind: &AuthKind) -> TokenStream {
    let kind = match kind {
        AuthKind::Bearer => quote!(Bearer),
        AuthKind::Basic => quote!(Basic),
        AuthKind::ApiKeyHeader { header } => quote!(ApiKeyHeader { name: #header }),
        AuthKind::ApiKeyQuery { param } => quote!(ApiKeyQuery { name: #param }),
        AuthKind::HeaderTemplate { header, .. } => quote!(HeaderTemplate { name: #header }),
        AuthKind::OAuth2 { .. } => quote!(OAuth2),
        AuthKind::OpenIdConnect { .. } => quote!(OpenIdConnect),
    };
    quote!(crate::runtime::AuthKind::#kind)
}
