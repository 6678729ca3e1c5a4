//! The type space as users see it: one definition per shape, names without status codes or
//! counters, names that do not change when the spec grows elsewhere, and the figures of every
//! corpus document held so that none of this regresses silently.

use generator::Source;
use generator::diag::Diagnostics;
use generator::figures::TypeFigures;
use generator::ir::{Api, Ty, TypeKind};
use generator::manifest::{ApiSettings, Manifest};
use serde_json::{Value, json};

fn lower_api(name: &str, sources: &[Source], settings: &ApiSettings) -> Api {
    let mut diags = Diagnostics::new();
    let api = generator::lower_api(name, sources, settings, &mut diags);
    assert!(!diags.has_errors(), "{name}: {:?}", diags.into_vec());
    api.unwrap_or_default()
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/openapi/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default()).unwrap_or(Value::Null)
}

fn lower_value(document: &Value) -> Api {
    let source = Source { path: "copies.json".into(), text: document.to_string() };
    lower_api("copies", &[source], &ApiSettings::default())
}

fn names(api: &Api) -> Vec<String> {
    api.types.types.iter().map(|def| def.name.clone()).collect()
}

fn named<'a>(api: &'a Api, name: &str) -> &'a generator::ir::TypeDef {
    let found = api.types.types.iter().find(|def| def.name == name);
    found.unwrap_or_else(|| panic!("no type `{name}` in {:?}", names(api)))
}

#[test]
fn copies_become_one_definition() {
    let api = lower_value(&fixture("copies.json"));
    assert_eq!(
        names(&api),
        [
            "User",
            "Error",
            "UpdateUserRequest",
            "Address",
            "UpdateUserUnprocessableEntityError",
            "Member",
            "Name",
            "NameWithRule"
        ],
        "one definition per shape"
    );
    // Two documented names of one shape: both stay, the second as an alias of the first, and
    // the alias keeps its own docs.
    let user = api.types.types.iter().position(|def| def.name == "User").unwrap_or_default();
    let member = named(&api, "Member");
    assert!(matches!(&member.kind, TypeKind::Alias(Ty::Named(id)) if id.0 == user));
    assert_eq!(member.docs.as_deref(), Some("A user, by another name."));
    assert_eq!(named(&api, "User").docs, None);
    // The inline response identical to `User` is `User`, and its recursive field still points
    // at the survivor.
    let update = api.operations.iter().find(|op| op.name == "update_user").map(|op| &op.responses);
    let success = update.and_then(|r| r.first()).and_then(|r| r.body.clone());
    assert!(matches!(success, Some(generator::ir::ResponseBody::Json { ty: Ty::Named(id), .. }) if id.0 == user));
    // Identical error bodies under three statuses of two operations are one `Error`, which keeps
    // the docs one of them had.
    assert_eq!(named(&api, "Error").docs.as_deref(), Some("What went wrong."));
    let errors: Vec<&Ty> = api
        .operations
        .iter()
        .flat_map(|op| &op.responses)
        .filter(|r| !r.status.is_success())
        .filter_map(|r| match &r.body {
            Some(generator::ir::ResponseBody::Json { ty, .. }) => Some(ty),
            _ => None,
        })
        .collect();
    let error = api.types.types.iter().position(|def| def.name == "Error").unwrap_or_default();
    assert_eq!(errors.iter().filter(|ty| ***ty == Ty::Named(generator::ir::TypeId(error))).count(), 3);
    // A constraint keeps shapes apart (`maxLength` on the 422 body and on `NameWithRule`).
    assert_eq!(TypeFigures::of(&api).copies, 0);
}

/// Adding an operation with its own types, and more copies of existing ones, renames nothing
/// that was there.
#[test]
fn adding_an_operation_renames_nothing() {
    let document = fixture("copies.json");
    let before = names(&lower_value(&document));
    let mut grown = document.clone();
    let added = json!({
        "get": {
            "operationId": "listTeams",
            "responses": {
                "200": {"description": "Teams", "content": {"application/json": {"schema": {"type": "array", "items": {
                    "type": "object", "properties": {"id": {"type": "string"}, "office_address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}}
                }}}}},
                "404": {"description": "None", "content": {"application/json": {"schema": {"type": "object", "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}}}},
                "429": {"description": "Slow down", "content": {"application/json": {"schema": {"type": "object", "properties": {"retry_after": {"type": "integer"}}}}}}
            }
        }
    });
    // At the front of `paths`, so the new operation's types are lowered before the others.
    let paths = grown.get_mut("paths").and_then(Value::as_object_mut).map(std::mem::take).unwrap_or_default();
    let mut reordered = serde_json::Map::new();
    reordered.insert("/teams".into(), added);
    reordered.extend(paths);
    grown["paths"] = Value::Object(reordered);
    let after = names(&lower_value(&grown));
    let missing: Vec<&String> = before.iter().filter(|name| !after.contains(name)).collect();
    assert!(missing.is_empty(), "renamed: {missing:?}; now {after:?}");
    assert!(after.len() > before.len());
}

/// Every corpus document and every API of `specs/`, through `lower_api` as `generator ir` does.
fn documents() -> Vec<(String, Vec<Source>, ApiSettings)> {
    let root = format!("{}/..", env!("CARGO_MANIFEST_DIR"));
    let read = |path: String| Source { text: std::fs::read_to_string(&path).unwrap_or_default(), path };
    let mut documents = Vec::new();
    for folder in ["postman", "openapi"] {
        let dir = format!("{root}/../shared/corpus/{folder}");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        files.retain(|f| f.ends_with(".json") || f.ends_with(".yaml"));
        files.sort();
        for file in files {
            let name = file.rsplit('/').next().unwrap_or_default().to_owned();
            documents.push((name, vec![read(file)], ApiSettings::default()));
        }
    }
    let manifest = Manifest::parse(&std::fs::read_to_string(format!("{root}/specs/apis.toml")).unwrap_or_default());
    for api in manifest.map(|m| m.apis).unwrap_or_default() {
        let sources = api.sources.iter().map(|s| read(format!("{root}/specs/{s}"))).collect();
        documents.push((format!("specs:{}", api.name), sources, api.settings));
    }
    documents
}

/// The figures `cargo xtask types` prints, held: no copies and no numbered names anywhere, and
/// every other figure in the snapshot, so a change shows up in review.
#[test]
fn corpus_figures() {
    let documents = documents();
    assert!(documents.len() >= 20, "the corpus is missing: {} documents", documents.len());
    let mut table = String::new();
    let mut total = TypeFigures::default();
    for (name, sources, settings) in &documents {
        let figures = TypeFigures::of(&lower_api(name, sources, settings));
        assert_eq!(figures.copies, 0, "{name}: structural copies");
        assert_eq!(figures.numbered, 0, "{name}: names ending in a status code or counter");
        total = total.plus(figures);
        let TypeFigures { types, copies, numbered, long_documented, long_made_up, longest } = figures;
        table.push_str(&format!(
            "{name}: types {types}, copies {copies}, numbered {numbered}, long documented {long_documented}, long made up {long_made_up}, longest {longest}\n"
        ));
    }
    let TypeFigures { types, copies, numbered, long_documented, long_made_up, longest } = total;
    table.push_str(&format!(
        "total: types {types}, copies {copies}, numbered {numbered}, long documented {long_documented}, long made up {long_made_up}, longest {longest}\n"
    ));
    insta::assert_snapshot!(table);
}

/// A deep position gives a long name; the type keeps its property's words and, where another
/// type wants the same, the nearest word that tells them apart.
#[test]
fn long_names_keep_the_distinguishing_words() {
    let usage = |values: &[&str]| json!({"type": "string", "enum": values});
    let document = json!({
        "openapi": "3.0.3",
        "paths": {"/v1/payment_intents/{intent}/confirm": {"post": {
            "operationId": "PostPaymentIntentsIntentConfirm",
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "payment_method_options": {"type": "object", "properties": {
                    "ideal": {"type": "object", "properties": {"setup_future_usage": usage(&["none", "off_session"])}},
                    "sofort": {"type": "object", "properties": {"setup_future_usage": usage(&["none"])}},
                    "card": {"type": "object", "properties": {"network_token_cryptogram": usage(&["a", "b"])}}
                }}
            }}}}},
            "responses": {"204": {"description": "Done"}}
        }}}
    });
    let names = names(&lower_value(&document));
    for wanted in ["IdealSetupFutureUsage", "SofortSetupFutureUsage", "NetworkTokenCryptogram"] {
        assert!(names.iter().any(|name| name == wanted), "no `{wanted}` in {names:?}");
    }
    assert!(
        names.iter().all(|name| name.len() <= generator::figures::LONG_NAME || name.ends_with("Request")),
        "{names:?}"
    );
}

/// A made-up name never shadows a prelude item that generated code uses (`Option`, `Result`):
/// it takes the words of its context in front instead. A documented component keeps its name.
#[test]
fn made_up_names_never_shadow_the_prelude() {
    let result = json!({"type": "object", "properties": {"code": {"type": "integer"}, "detail": {"type": "string"}}});
    let document = json!({
        "openapi": "3.0.3",
        "paths": {
            "/foo": {"get": {"operationId": "GetFoo", "responses": {"200": {"description": "Ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"result": result.clone(), "id": {"type": "string"}}
            }}}}}}},
            "/bar": {"get": {"operationId": "GetBar", "responses": {"200": {"description": "Ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"result": result, "name": {"type": "string"}}
            }}}}}}}
        },
        "components": {"schemas": {
            "portal_subscription_cancellation_reason": {"type": "object", "properties": {
                "options": {"type": "array", "items": {"type": "string", "enum": ["too_expensive", "unused", "other"]}},
                "enabled": {"type": "boolean"}
            }},
            "Option": {"type": "object", "properties": {"ok": {"type": "boolean"}}}
        }}
    });
    let names = names(&lower_value(&document));
    assert!(names.iter().any(|name| name == "CancellationReasonOption"), "{names:?}");
    // The documented `Option` stays `Option`; the `result` objects, one shape, are not `Result`.
    assert_eq!(names.iter().filter(|name| *name == "Option").count(), 1, "{names:?}");
    assert!(names.iter().all(|name| name != "Result"), "{names:?}");
    assert!(names.iter().any(|name| name.ends_with("Result")), "{names:?}");
}

/// An operation body is named as a person says it: a collection followed by its own item is the
/// singular, and a name still over the limit loses its leading path segments, never the verb,
/// the last segment or the ending. Adding an operation in front renames none of them (unless it
/// wants the very same name: then neither has it, and both keep a longer one).
#[test]
fn operation_bodies_are_named_as_people_say_them() {
    let body = |field: &str| {
        json!({"requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object", "properties": {field: {"type": "string"}}
        }}}}, "responses": {"204": {"description": "Done"}}})
    };
    let post = |id: &str, field: &str| {
        let mut operation = body(field);
        operation["operationId"] = json!(id);
        json!({"post": operation})
    };
    let document = json!({
        "openapi": "3.0.3",
        "paths": {
            "/v1/customers/{customer}": post("PostCustomersCustomer", "email"),
            "/v1/customers": post("PostCustomers", "name"),
            "/v1/customers/{customer}/balance_transactions/{transaction}": post("PostCustomersCustomerBalanceTransactionsTransaction", "amount"),
            "/v1/test_helpers/terminal/readers/{reader}/present_payment_method": post("PostTestHelpersTerminalReadersReaderPresentPaymentMethod", "card"),
            "/v1/payment_intents/{intent}/increment_authorization": post("PostPaymentIntentsIntentIncrementAuthorization", "amount_to_add"),
            "/metadata_cascade_policies/{metadata_cascade_policy_id}/apply": post("post_metadata_cascade_policies_id_apply", "conflict_resolution")
        }
    });
    let before = names(&lower_value(&document));
    for wanted in [
        "PostCustomerRequest",
        "PostCustomersRequest",
        "PostCustomerBalanceTransactionRequest",
        "PostReaderPresentPaymentMethodRequest",
        "PostIncrementAuthorizationRequest",
        "PostMetadataCascadePolicyApplyRequest",
    ] {
        assert!(before.iter().any(|name| name == wanted), "no `{wanted}` in {before:?}");
    }
    let mut grown = document.clone();
    let paths = grown.get_mut("paths").and_then(Value::as_object_mut).map(std::mem::take).unwrap_or_default();
    let mut reordered = serde_json::Map::new();
    reordered.insert(
        "/v1/terminal/readers/{reader}/cancel_action".into(),
        post("PostTerminalReadersReaderCancelAction", "reason"),
    );
    reordered.extend(paths);
    grown["paths"] = Value::Object(reordered);
    let after = names(&lower_value(&grown));
    let missing: Vec<&String> = before.iter().filter(|name| !after.contains(name)).collect();
    assert!(missing.is_empty(), "renamed: {missing:?}; now {after:?}");
}

/// An inline schema with a `title` is named from it; copies of one shape are one type; a title
/// that different shapes carry takes the nearest position in front; a title that is only a
/// position word (`param`) leaves the position's name.
#[test]
fn inline_schemas_are_named_by_their_title() {
    let capability =
        json!({"title": "capability_param", "type": "object", "properties": {"requested": {"type": "boolean"}}});
    let document = json!({
        "openapi": "3.0.3",
        "paths": {"/v1/accounts": {"post": {
            "operationId": "PostAccounts",
            "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                "capabilities": {"type": "object", "properties": {
                    "card_payments": capability.clone(),
                    "transfers": capability.clone(),
                    "tax_reporting": capability
                }},
                "support_address": {"title": "address_specs", "type": "object", "properties": {"city": {"type": "string"}}},
                "registered_address": {"title": "address_specs", "type": "object", "properties": {"line1": {"type": "string"}}},
                "afterpay_clearpay": {"title": "param", "type": "object", "properties": {"reference": {"type": "string"}}}
            }}}}},
            "responses": {"204": {"description": "Done"}}
        }}}
    });
    let names = names(&lower_value(&document));
    for wanted in ["CapabilityParam", "SupportAddressSpecs", "RegisteredAddressSpecs"] {
        assert!(names.iter().any(|name| name == wanted), "no `{wanted}` in {names:?}");
    }
    assert!(names.iter().all(|name| name != "Param" && !name.ends_with(char::is_numeric)), "{names:?}");
    assert!(names.iter().any(|name| name.ends_with("AfterpayClearpay")), "{names:?}");
}
