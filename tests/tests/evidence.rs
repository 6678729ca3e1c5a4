//! What the generated models accept beyond their examples. A member shown by a single example
//! is optional (ARCHITECTURE.md, "Inference from examples"): SendGrid's collection shows one
//! page of accounts with `pages.last` and one account creation with a full profile, and neither
//! may become a demand the vendor does not make.

use bytes::Bytes;
use generated::sendgrid::Endpoint;
use generated::sendgrid::endpoints::{CreateAccount, GetAllAccounts};
use generated::sendgrid::models::{CreateAccountRequest, Offering, OfferingType};
use serde_json::{Value, json};

fn ok_json(body: &Value) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Bytes::from(body.to_string()))
        .expect("a valid response")
}

#[test]
fn a_page_without_the_members_its_one_example_showed_decodes() {
    let page = json!({"accounts": [{"id": "a1"}], "pages": {}});
    let parsed = GetAllAccounts::parse_response(ok_json(&page)).expect("decodes");
    let body = parsed.body;
    let pages = body.pages.expect("pages is present");
    assert_eq!(pages.last, None);
    let accounts = body.accounts.expect("accounts is present");
    assert_eq!(accounts[0].id.as_deref(), Some("a1"));
    assert_eq!(accounts[0].created_at, None);
}

#[test]
fn an_account_is_created_without_inventing_a_profile() {
    let offering = Offering { name: "org:free:v1".into(), r#type: OfferingType::Package, quantity: None };
    let body = CreateAccountRequest { offerings: Some(vec![offering]), ..CreateAccountRequest::default() };
    let request = CreateAccount::new(body).to_request("http://127.0.0.1:9").expect("builds");
    let sent: Value = serde_json::from_slice(request.body()).expect("JSON");
    assert_eq!(sent, json!({"offerings": [{"name": "org:free:v1", "type": "package"}]}));
}
