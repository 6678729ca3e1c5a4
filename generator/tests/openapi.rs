//! OpenAPI lowering, as data: each fixture in `tests/fixtures/openapi/` shows one feature and
//! its snapshot is the IR JSON (`generator ir`), followed by the details that JSON leaves out
//! (constraints, defaults, docs, boxing). The real documents of the shared corpus must lower
//! without errors and keep every operation.

use generator::Source;
use generator::diag::{Diagnostics, Severity};
use generator::ir::{Api, TypeKind};
use serde_json::{Value, json};

fn lower(path: &str, text: String) -> (Api, Diagnostics) {
    let mut diags = Diagnostics::new();
    let source = Source { path: path.to_owned(), text };
    let api = generator::lower::lower_source(&source, &mut diags).unwrap_or_default();
    (api, diags)
}

/// What the IR JSON does not show: per-field and per-parameter constraints, defaults, docs and
/// boxing, only where there is something to show.
fn details(api: &Api) -> Value {
    let mut fields = Vec::new();
    for def in &api.types.types {
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                if field.constraints.is_empty() && field.default.is_none() && field.docs.is_none() && !field.boxed {
                    continue;
                }
                fields.push(json!({
                    "field": format!("{}.{}", def.name, field.name),
                    "constraints": field.constraints,
                    "default": field.default,
                    "docs": field.docs,
                    "boxed": field.boxed,
                }));
            }
        }
    }
    let params: Vec<Value> = api
        .operations
        .iter()
        .flat_map(|op| op.params.iter().map(move |p| (op, p)))
        .filter(|(_, p)| !p.constraints.is_empty() || p.docs.is_some())
        .map(
            |(op, p)| json!({"param": format!("{}.{}", op.name, p.name), "constraints": p.constraints, "docs": p.docs}),
        )
        .collect();
    let docs: Vec<Value> =
        api.types.types.iter().filter(|d| d.docs.is_some()).map(|d| json!({"type": d.name, "docs": d.docs})).collect();
    json!({"fields": fields, "params": params, "type_docs": docs})
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/openapi/*", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let name = format!("fixtures/openapi/{}", path.file_name().unwrap_or_default().to_string_lossy());
        let (mut api, mut diags) = lower(&name, text);
        generator::check::check(&mut api, &mut diags);
        let details = serde_json::to_string_pretty(&details(&api)).unwrap_or_default();
        let ir = generator::emit::ir_json(&api, diags.into_vec());
        insta::assert_snapshot!(format!("{ir}\n--- details ---\n{details}"));
    });
}

/// The number of (path, method) pairs a document declares.
fn declared_operations(document: &Value) -> usize {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let paths = document.get("paths").and_then(Value::as_object);
    paths
        .into_iter()
        .flatten()
        .filter_map(|(_, item)| item.as_object())
        .map(|item| item.keys().filter(|k| METHODS.contains(&k.as_str())).count())
        .sum()
}

#[test]
fn corpus_documents_lower_completely() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/openapi");
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .expect("the shared corpus is present")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert_eq!(entries.len(), 5, "the corpus has five OpenAPI documents");
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("readable corpus file");
        let is_yaml = path.extension().is_some_and(|e| e == "yaml");
        let document: Value = if is_yaml {
            serde_norway::from_str(&text).expect("valid YAML")
        } else {
            serde_json::from_str(&text).expect("valid JSON")
        };
        let (api, diags) = lower(&path.to_string_lossy(), text);
        let errors: Vec<String> =
            diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        assert_eq!(api.operations.len(), declared_operations(&document), "{}", path.display());
        assert!(!api.types.types.is_empty(), "{}", path.display());
    }
}

fn spec(name: &str) -> Source {
    let path = format!("{}/../specs/{name}", env!("CARGO_MANIFEST_DIR"));
    Source { path: format!("specs/{name}"), text: std::fs::read_to_string(path).unwrap_or_default() }
}

/// The partners spec, written from the docs page, lowers without a single warning.
#[test]
fn partners_spec() {
    let mut diags = Diagnostics::new();
    let settings = generator::manifest::ApiSettings::default();
    let api =
        generator::lower_api("partners", &[spec("partners.openapi.yaml")], &settings, &mut diags).unwrap_or_default();
    let details = serde_json::to_string_pretty(&details(&api)).unwrap_or_default();
    insta::assert_snapshot!(format!(
        "{}\n--- details ---\n{details}",
        generator::emit::ir_json(&api, diags.into_vec())
    ));
}

/// The SendGrid overlay types what the collection only shows by example: `quantity` is an
/// `i64` and `type` an enum, and the collection's `""` examples are reported.
#[test]
fn sendgrid_overlay_refines_the_collection() {
    let mut diags = Diagnostics::new();
    let settings = generator::manifest::ApiSettings::default();
    let sources = [spec("sendgrid.postman.json"), spec("sendgrid.openapi.yaml")];
    let api = generator::lower_api("sendgrid", &sources, &settings, &mut diags).unwrap_or_default();
    let ir: Value = serde_json::from_str(&generator::emit::ir_json(&api, diags.into_vec())).unwrap_or_default();
    let types = ir["types"].as_array().cloned().unwrap_or_default();
    let offering = types.iter().find(|t| t["name"] == "Offering").cloned().unwrap_or_default();
    let field_type = |name: &str| {
        offering["fields"].as_array().into_iter().flatten().find(|f| f["wire_name"] == name).map(|f| f["type"].clone())
    };
    assert_eq!(field_type("quantity"), Some(json!("Option<i64>")), "{offering:#}");
    assert_eq!(field_type("type"), Some(json!("OfferingType")), "{offering:#}");
    assert!(types.iter().any(|t| t["name"] == "OfferingType" && t["kind"] == "enum"));
    let operations: Vec<(String, String)> = ir["operations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            (o["method"].as_str().unwrap_or_default().to_owned(), o["path"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    let offerings = operations.iter().filter(|(_, path)| path.ends_with("/offerings")).count();
    assert_eq!(
        offerings, 3,
        "the overlay's three operations matched the collection's, not added twice: {operations:?}"
    );
    let diagnostics = ir["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(diagnostics.iter().any(|d| d["code"] == "example-contradicts-schema"), "{diagnostics:#?}");
    assert!(diagnostics.iter().all(|d| d["severity"] != "error"), "{diagnostics:#?}");
}
