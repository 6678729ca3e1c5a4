//! Postman collections through `lower_api`: one small fixture per feature (snapshotted as IR
//! JSON), the two seed collections, and every real collection of the shared corpus.

use generator::diag::{Diagnostics, Severity};
use generator::manifest::ApiSettings;
use generator::{Source, lower_api};

fn lower(path: &str, text: String) -> (Option<generator::ir::Api>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let source = Source { path: path.to_owned(), text };
    let api = lower_api("api", &[source], &ApiSettings::default(), &mut diags);
    (api, diags)
}

/// Leaf items with a `request`, the way a reader of the file would count them.
fn count_requests(value: &serde_json::Value) -> usize {
    let items = value.get("item").and_then(|i| i.as_array());
    items.map_or(0, |items| {
        items
            .iter()
            .map(|item| {
                if item.get("item").is_some() {
                    count_requests(item)
                } else {
                    usize::from(item.get("request").is_some())
                }
            })
            .sum()
    })
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/postman/*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = format!("fixtures/postman/{}", path.file_name().unwrap().to_string_lossy());
        let (api, diags) = lower(&name, text);
        let api = api.expect("a fixture lowers to an API");
        insta::assert_snapshot!(generator::emit::ir_json(&api, diags.into_vec()));
    });
}

#[test]
fn seed_collections() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs");
    for (file, operations, missing_urls) in [("sendgrid.postman.json", 9, 0), ("outseta.postman.json", 68, 1)] {
        let text = std::fs::read_to_string(format!("{root}/{file}")).unwrap();
        let (api, diags) = lower(&format!("specs/{file}"), text);
        let api = api.expect("the seed lowers");
        assert_eq!(api.operations.len(), operations, "{file}");
        assert_eq!(diags.iter().filter(|d| d.code == "missing-url").count(), missing_urls, "{file}");
        assert!(!diags.has_errors(), "{file}: {:?}", diags.into_vec());
        let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
        assert!(names.iter().all(|name| !name.contains("_s_")), "{names:?}");
    }
}

#[test]
fn corpus_collections() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/postman");
    let Ok(entries) = std::fs::read_dir(dir) else {
        // The corpus lives next to the repository on the development machine only.
        eprintln!("no corpus at {dir}; skipped");
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (api, diags) = lower(&name, text);
        let api = api.unwrap_or_else(|| panic!("{name}: nothing lowered: {:?}", diags.clone().into_vec()));
        let errors: Vec<_> = diags.iter().filter(|d| d.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let skipped = diags.iter().filter(|d| d.code == "missing-url").count();
        assert_eq!(api.operations.len() + skipped, count_requests(&document), "{name}");
    }
}

/// Outseta's HTML descriptions as the Markdown that becomes rustdoc: the collection's, and
/// every operation's.
#[test]
fn outseta_docs_markdown() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../specs/outseta.postman.json")).unwrap();
    let (api, _) = lower("specs/outseta.postman.json", text);
    let api = api.expect("the seed lowers");
    let mut out = format!("# {}\n\n{}\n", api.title.unwrap_or_default(), api.docs.unwrap_or_default());
    for op in &api.operations {
        out.push_str(&format!(
            "\n## {} ({})\n\n{}\n",
            op.name,
            op.summary.as_deref().unwrap_or(""),
            op.docs.as_deref().unwrap_or("(none)")
        ));
    }
    insta::assert_snapshot!(out);
}

/// `infer_formats = false` in `apis.toml` reaches inference: the same example gives `String`.
#[test]
fn infer_formats_setting() {
    let collection = serde_json::json!({
        "info": {"name": "Events", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Get event", "request": {"method": "GET", "url": "https://x.test/event"},
            "response": [{"name": "ok", "code": 200, "body": "{\"at\": \"2024-01-31T09:30:00Z\"}"}]}]
    });
    let field_type = |settings: &ApiSettings| {
        let source = generator::Source { path: "events.json".into(), text: collection.to_string() };
        let mut diags = Diagnostics::new();
        let api = lower_api("events", &[source], settings, &mut diags).unwrap_or_default();
        match api.types.types.first().map(|def| &def.kind) {
            Some(generator::ir::TypeKind::Struct(s)) => s.fields.first().map(|f| f.ty.clone()),
            _ => None,
        }
    };
    assert_eq!(field_type(&ApiSettings::default()), Some(generator::ir::Ty::DateTime));
    let off = ApiSettings { infer_formats: Some(false), ..ApiSettings::default() };
    assert_eq!(field_type(&off), Some(generator::ir::Ty::String));
}
