use quote::quote;

use super::{back, items, own};

/// Prints `tokens` with the plain printer, which must take them, and with prettyplease.
fn both(tokens: proc_macro2::TokenStream) -> (String, String) {
    let toks = own(tokens);
    let Some(plain) = items(&toks) else { panic!("the plain printer refused a plain item") };
    let file: syn::File = syn::parse2(back(toks)).expect("tokens parse");
    (plain, prettyplease::unparse(&file))
}

#[test]
fn prints_plain_items_as_prettyplease_does() {
    let cases = [
        quote! {
            /// A model.
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct File {
                /// When it was made.
                pub created: i64,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub metadata: Option<indexmap::IndexMap<String, String>>,
            }
            pub type Other = File;
            pub enum Shape { Circle, Square(f64) }
        },
        quote! {
            impl Get {
                const STYLES: &'static [(&'static str, runtime::FormStyle)] = &[("a", runtime::FormStyle::DeepObject), ("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", runtime::FormStyle::DeepObject)];
                pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
                    Self { id: id.into(), name: name.into(), limit: None }
                }
                pub fn limit(mut self, limit: i64) -> Self {
                    self.limit = Some(limit);
                    self
                }
            }
            impl runtime::Validate for File {
                fn validate(&self, path: &str) -> Result<(), runtime::Error> {
                    if let Some(value) = &self.filename {
                        runtime::validate::max_length(&[path, ".a_rather_long_member_name"].concat(), value, 5000)?;
                    }
                    match self.kind { Kind::A | Kind::B => Ok(()), _ => Err(runtime::Error::custom("kind")) }
                }
            }
            runtime::string_enum!(Purpose, Other);
        },
        quote! {
            use crate::runtime;
            use crate::runtime::examples::{Visitor};
            pub use runtime::Endpoint;
            use super::{self as parent, models::*};
            use crate::runtime::examples::{BodyExample, BodyFormat, Example, Input, ParamExample, ParamIn, ResponseExample, Visitor};
            pub mod endpoints;
            #[cfg(feature = "examples")]
            pub mod examples;
        },
        quote! {
            const SEND_CONFIRMATION_EMAIL_TO_PRIMARY_PERSON_ON_ACCOUNT: Example<endpoints::SendConfirmationEmailToPrimaryPersonOnAccount> = Example {
                name: "send_confirmation_email_to_primary_person_on_account",
                params: &[],
            };
            const GET_ALL_KNOWLEDGE_BASE_ARTICLES: Example<endpoints::GetAllKnowledgeBaseArticles> = Example {
                name: "get_all_knowledge_base_articles",
            };
            const ALL_KNOWLEDGE_BASE_ARTICLES_ONE: Example<endpoints::GetAllKnowledgeBaseArticles> = Example {
                name: "the longest declaration whose type stays whole",
            };
            const ALL_KNOWLEDGE_BASE_ARTICLES_FOUR: Example<endpoints::GetAllKnowledgeBaseArticles> = Example {
                name: "one column longer: its type is broken",
            };
            impl Builder {
                pub fn authorization_token(self, authorizationtoken: impl Into<String>) -> Self {
                    self.credential("authorizationtoken", runtime::Credential::header("Authorization", authorizationtoken))
                }
                fn parse_response(response: http::Response<bytes::Bytes>) -> runtime::Parsed<Self> {
                    let (parts, body) = response.into_parts();
                    match parts.status.as_u16() {
                        200 => runtime::response::json(parts, body),
                        400 | 401 | 403 | 404 | 500 | 502..=504 => Err(runtime::response::json_error(parts, body, std::convert::identity)),
                        _ => Err(runtime::response::unexpected(parts, body)),
                    }
                }
            }
            fn build(input: Input<'_>) -> serde_json::Result<endpoints::SendConfirmationEmailToAllPeopleOnAccount> {
                let account_uid = input.string_param("accountUid", r#""a""#)?;
                let mut request = endpoints::SendConfirmationEmailToAllPeopleOnAccount::new(account_uid);
                request.send_confirmation_email = Some(input.param("sendConfirmationEmail", "true")?);
                Ok(request)
            }
            fn error(value: endpoints::ListOfferingsError) -> serde_json::Result<serde_json::Value> {
                match value {
                    endpoints::ListOfferingsError::Status400(value) => runtime::examples::json(value),
                    endpoints::ListOfferingsError::Status4000(value) => runtime::examples::json(value),
                }
            }
        },
    ];
    for case in cases {
        let (plain, expected) = both(case);
        assert_eq!(plain, expected);
    }
}

/// A file's inner attributes: docs as `//!` lines, a long list one element per line.
#[test]
fn prints_inner_attributes_as_prettyplease_does() {
    let tokens = quote! {
        #![doc = " The operations of an API."]
        #![doc = ""]
        #![allow(clippy::large_enum_variant, clippy::type_complexity, clippy::enum_variant_names, clippy::doc_lazy_continuation)]
        #![allow(clippy::result_large_err)]
    };
    let toks = own(tokens);
    let plain = super::inner_attributes(&toks).expect("plain inner attributes");
    let file: syn::File = syn::parse2(back(toks)).expect("tokens parse");
    assert_eq!(plain, prettyplease::unparse(&file));
}

/// What it cannot print itself it leaves to prettyplease: a whole item, or one statement or
/// member of a top-level item, printed alone and put in its place.
#[test]
fn leaves_the_rest_to_prettyplease() {
    assert!(
        items(&own(quote!(
            extern crate std;
        )))
        .is_none()
    );
    assert!(
        items(&own(quote!(
            use super::{
                endpoints::{self, Get as Fetch},
                models::*,
            };
        )))
        .is_none()
    );
    assert!(
        items(&own(quote!(
            const X: u8 = vec![1][0];
        )))
        .is_none()
    );
    for case in [
        quote!(
            fn f() {
                let x = |a| a + 1;
                g(x);
            }
        ),
        quote!(
            fn f() {
                if a < b {
                    g();
                }
            }
        ),
        quote!(
            fn f() {
                for x in y {
                    g(x);
                }
                h();
            }
        ),
        quote!(impl S { fn f() { let x = |a| a + 1; } fn g(&self) -> u8 { 1 } }),
        quote!(impl S { fn f() { if a < b { g(); } } const X: u8 = vec![1][0]; }),
        quote!(
            fn f() {
                let x = match y {
                    A => 1,
                    B => 2,
                };
                g(x);
                h(if a { b } else { c });
            }
        ),
        quote!(
            fn f() {
                g(Foo { aaaaaaaaaa: 1, bbbbbbbbbbbbbbbbbbbbbbbbbbbb: 2, ccccccccccccccccccccccc: 3, d: 4 });
            }
        ),
        quote!(
            fn f() {
                runtime::check(&[
                    aaaaaaaaaaaaaaaaaaaaaaaaaaa,
                    bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,
                    ccccccccccccccccccccc,
                ]);
            }
        ),
        quote! {
            pub struct Page {
                pub short: Option<String>,
                pub hosted_confirmation: Option<PaymentLinksResourceCompletionBehaviorConfirmationPage>,
            }
            pub enum Body {
                Short(String),
                PostInvoicesRequestPaymentSettingsPaymentMethodTypesListItemList(Vec<InvoicesPaymentSettings>),
            }
        },
    ] {
        let (plain, expected) = both(case);
        assert_eq!(plain, expected);
    }
}

#[test]
fn breaks_nested_literals_as_prettyplease_does() {
    for tokens in [
        quote! { const A: X<y::Z> = X { name: "a", params: &[], body: None }; },
        quote! {
            const GET: Example<endpoints::Get> = Example {
                name: "get",
                params: &[Param { location: ParamIn::Path, name: "accountID", value: r#""example""#, documented: false }],
                body: Some(Body { format: Format::Json, content_type: "application/json", examples: &[r#"{"a":1}"#], placeholder: None }),
                responses: &[Response { status: 200, declared: "200", success: true, body: Some(r#"{"name":"a very long example body that runs past the margin on any line it is put on"}"#) }],
                build: get,
                output_json: runtime::examples::json,
            };
        },
        // The last field ends at the margin but for its comma, which does not count.
        quote! { const A: X = X { aaa: 1, body: Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") }; },
        quote! { const A: X = X { body: Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), aaa: 1 }; },
        quote! {
            impl Get {
                const PAGING: runtime::Paging = runtime::Paging::Page { page: "offset", first: 0, size: Some("limit"), total: Some(&["metadata", "total"]) };
            }
        },
    ] {
        let (plain, pretty) = both(tokens);
        assert_eq!(plain, pretty);
    }
}

#[test]
fn string_values_read_as_syn_reads_them() {
    for text in [
        r#"r"a \d b""#,
        r##"r#"say "hi""#"##,
        r###"r##"x "# y"##"###,
        r#""a\"b\n""#,
        r#""""#,
        r#"r"""#,
        r#"" plain words, ünïcode ✓""#,
        r#""a\\b""#,
        r#""tab\there""#,
        r#""\u{e9}""#,
    ] {
        let literal: proc_macro2::Literal = text.parse().expect("a literal");
        let syn::Lit::Str(expected) = syn::Lit::new(literal.clone()) else { panic!("{text} is a string") };
        assert_eq!(super::attributes::string_value(&literal), Some(expected.value()), "{text}");
    }
    assert_eq!(super::attributes::string_value(&proc_macro2::Literal::u16_unsuffixed(1)), None);
    assert_eq!(super::attributes::string_value(&"br\"x\"".parse().expect("a literal")), None);
}
