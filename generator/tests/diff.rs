//! The change report, as data: each folder of `tests/fixtures/diff/` holds an old and a new
//! version of one description (OpenAPI or Postman) that differ in one way, and its snapshot is
//! the report `generator diff` prints for them. Then the command line: exit codes, the surface
//! file a regeneration writes and reads back, `--report`, and the order of `--check` output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use generator::diag::Diagnostics;
use generator::diff::{self, Report};
use generator::manifest::ApiSettings;
use generator::surface::Surface;
use generator::{Source, lower_api};

fn surface(path: &Path) -> Surface {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let name = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let mut diagnostics = Diagnostics::new();
    let api = lower_api("shop", &[Source { path: name, text }], &ApiSettings::default(), &mut diagnostics);
    assert!(!diagnostics.has_errors(), "{}: {:?}", path.display(), diagnostics.into_vec());
    let api = api.unwrap_or_else(|| panic!("{} lowers to nothing", path.display()));
    Surface::of(&api)
}

fn report(old_path: &Path) -> Report {
    let extension = old_path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    let new_path = old_path.with_file_name(format!("new.{extension}"));
    let (old, new) = (surface(old_path), surface(&new_path));
    // What a regeneration compares is the surface read back from the file it wrote.
    for side in [&old, &new] {
        let text = side.render("generator diff");
        assert_eq!(Surface::parse("shop", &text).as_ref(), Ok(side), "the surface file does not read back");
    }
    diff::compare("shop", Some(&old), Some(&new))
}

#[test]
fn reports() {
    insta::glob!("fixtures/diff/*/old.*", |path| {
        insta::assert_snapshot!(report(path).to_string());
    });
}

fn generator(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_generator")).args(args).output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run the generator binary: {error}"),
    }
}

fn fixture(case: &str, file: &str) -> String {
    format!("{}/tests/fixtures/diff/{case}/{file}", env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh scratch directory under the target dir, so tests never share files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
    dir
}

#[test]
fn diff_exit_code_tells_breaking_from_additive() {
    let breaking = generator(&[
        "diff",
        "--old",
        &fixture("field_made_required", "old.yaml"),
        "--new",
        &fixture("field_made_required", "new.yaml"),
    ]);
    assert_eq!(breaking.status.code(), Some(1), "{}", text(&breaking.stderr));
    assert!(text(&breaking.stdout).contains("made required"), "{}", text(&breaking.stdout));

    let additive = generator(&[
        "diff",
        "--old",
        &fixture("operation_added", "old.json"),
        "--new",
        &fixture("operation_added", "new.json"),
    ]);
    assert_eq!(additive.status.code(), Some(0), "{}", text(&additive.stderr));
    assert!(text(&additive.stdout).contains("0 breaking, 1 additive"), "{}", text(&additive.stdout));

    let missing = generator(&["diff", "--old", &fixture("unchanged", "old.yaml"), "--new", "no/such/file.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn diff_writes_a_markdown_report() {
    let dir = scratch("markdown");
    let file = dir.join("report.md");
    let output = generator(&[
        "diff",
        "--old",
        &fixture("operation_removed", "old.yaml"),
        "--new",
        &fixture("operation_removed", "new.yaml"),
        "--report",
        &file.to_string_lossy(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let markdown = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(markdown.starts_with("### api: 1 breaking"), "{markdown}");
    assert!(markdown.contains("- **breaking** operation `create_item`: removed"), "{markdown}");
}

/// A regeneration records the surface in `api/<name>.txt`, and the next one reports against it.
#[test]
fn regeneration_reports_against_the_recorded_surface() {
    let dir = scratch("regen");
    let out = dir.join("crate");
    let out_text = out.to_string_lossy().into_owned();
    let spec = dir.join("shop.yaml");
    let spec_text = spec.to_string_lossy().into_owned();
    let copy = |case: &str, file: &str| {
        std::fs::copy(fixture(case, file), &spec).unwrap_or_else(|error| panic!("cannot copy: {error}"));
    };
    copy("optional_param_added", "old.json");
    let first = generator(&["generate", "--spec", &spec_text, "--name", "shop", "--out", &out_text]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("shop: new API"), "{}", text(&first.stdout));
    let recorded = std::fs::read_to_string(out.join("api/shop.txt")).unwrap_or_default();
    assert!(recorded.starts_with("# @generated by `generator generate --name shop`"), "{recorded}");
    assert!(recorded.contains("\nop list_items param limit = Option<i64> optional query \"limit\"\n"), "{recorded}");

    copy("optional_param_added", "new.json");
    let check = generator(&["generate", "--spec", &spec_text, "--name", "shop", "--out", &out_text, "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let report_file = dir.join("report.md");
    let second = generator(&[
        "generate",
        "--spec",
        &spec_text,
        "--name",
        "shop",
        "--out",
        &out_text,
        "--report",
        &report_file.to_string_lossy(),
    ]);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    let stdout = text(&second.stdout);
    assert!(stdout.contains("shop: 0 breaking, 1 additive, 0 docs"), "{stdout}");
    assert!(stdout.contains("parameter `offset` of operation `list_items`: added as optional"), "{stdout}");
    let markdown = std::fs::read_to_string(&report_file).unwrap_or_default();
    assert!(markdown.contains("- **additive** parameter `offset`"), "{markdown}");

    let again = generator(&["generate", "--spec", &spec_text, "--name", "shop", "--out", &out_text]);
    assert!(text(&again.stdout).contains("shop: no change to the generated API"), "{}", text(&again.stdout));
}

/// `--check` shows what is stale first and the warnings after, as counts, not one by one.
#[test]
fn check_lists_stale_files_before_a_warning_summary() {
    let dir = scratch("check_order");
    let out = dir.join("crate");
    let out_text = out.to_string_lossy().into_owned();
    let spec = format!("{}/../specs/outseta.postman.json", env!("CARGO_MANIFEST_DIR"));
    let check = generator(&["generate", "--spec", &spec, "--name", "outseta", "--out", &out_text, "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = text(&check.stderr);
    let stale = stderr.find("stale: ").unwrap_or_else(|| panic!("no stale file listed: {stderr}"));
    let summary = stderr.find("warnings, counted").unwrap_or_else(|| panic!("no warning summary: {stderr}"));
    assert!(stale < summary, "{stderr}");
    assert!(stderr.contains("warning[missing-url] in "), "{stderr}");
    // Each warning is counted, not printed with its place.
    assert!(!stderr.contains("  --> "), "{stderr}");
}

/// An OpenAPI document with one `POST /v1/{resource}` per `(resource, values)`, each taking a
/// form whose `payment_method_options.card.setup_future_usage` is an enum of `values`: deep
/// enough that the enum's made-up name is long and is shortened to `SetupFutureUsage`.
fn card_options_spec(operations: &[(&str, &[&str])]) -> String {
    let mut paths = serde_json::Map::new();
    for (resource, values) in operations {
        let usage = serde_json::json!({"type": "string", "enum": values});
        let card = serde_json::json!({"type": "object", "properties": {"setup_future_usage": usage}});
        let options = serde_json::json!({"type": "object", "properties": {"card": card}});
        let body = serde_json::json!({"type": "object", "properties": {"payment_method_options": options}});
        let operation = serde_json::json!({"post": {
            "operationId": format!("create_{resource}"),
            "requestBody": {"content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "done"}}
        }});
        paths.insert(format!("/v1/{resource}"), operation);
    }
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}).to_string()
}

/// A type keeps the short name it was given when an operation added elsewhere wants the same
/// words: the regeneration reads the names back from the recorded surface. Without it, the
/// two types would share the contest and both take longer names.
#[test]
fn an_added_type_does_not_rename_an_existing_one() {
    let dir = scratch("stable_names");
    let out = dir.join("crate");
    let out_text = out.to_string_lossy().into_owned();
    let spec = dir.join("pay.json");
    let spec_text = spec.to_string_lossy().into_owned();
    let write = |text: String| std::fs::write(&spec, text).unwrap_or_else(|error| panic!("cannot write: {error}"));
    let generate = || {
        let output = generator(&["generate", "--spec", &spec_text, "--name", "pay", "--out", &out_text]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        std::fs::read_to_string(out.join("api/pay.txt")).unwrap_or_default()
    };
    let types = |surface: &str| -> Vec<String> {
        surface
            .lines()
            .filter(|line| line.starts_with("type ") && line.contains(" = enum"))
            .map(str::to_owned)
            .collect()
    };
    let first = ("payment_intents", &["off_session", "on_session"][..]);
    let added = ("setup_intents", &["none", "off_session", "on_session"][..]);

    write(card_options_spec(&[first]));
    let before = types(&generate());
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(before[0].starts_with("type SetupFutureUsage = enum"), "{before:?}");

    // A first generation of both: neither has the short name, as the rounds give it.
    let fresh = generator::generate_api_crate(
        "pay",
        &[generator::Source { path: spec_text.clone(), text: card_options_spec(&[first, added]) }],
        "test",
    );
    let fresh_surface = fresh.files.get("api/pay.txt").cloned().unwrap_or_default();
    assert!(!fresh_surface.contains("type SetupFutureUsage = enum"), "{fresh_surface}");

    write(card_options_spec(&[first, added]));
    let after = types(&generate());
    assert_eq!(after.len(), 2, "{after:?}");
    assert!(after.iter().any(|line| line == &before[0]), "the existing type was renamed: {after:?}");
}

/// An OpenAPI document with one `POST /{resource}` per `(resource, property, member)`, each
/// taking a form whose `property` is an object titled `address` with one string `member`.
fn titled_spec(operations: &[(&str, &str, &str)]) -> String {
    let mut paths = serde_json::Map::new();
    for (resource, property, member) in operations {
        let address =
            serde_json::json!({"title": "address", "type": "object", "properties": {*member: {"type": "string"}}});
        let body = serde_json::json!({"type": "object", "properties": {*property: address}});
        let operation = serde_json::json!({"post": {
            "operationId": format!("create_{resource}"),
            "requestBody": {"content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "done"}}
        }});
        paths.insert(format!("/{resource}"), operation);
    }
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}).to_string()
}

/// The same for a name taken from a `title`: a second shape with the same title, added later,
/// does not take the name from the first.
#[test]
fn an_added_title_does_not_rename_an_existing_type() {
    let dir = scratch("stable_titles");
    let out = dir.join("crate");
    let out_text = out.to_string_lossy().into_owned();
    let spec = dir.join("shop.json");
    let spec_text = spec.to_string_lossy().into_owned();
    let write = |text: String| std::fs::write(&spec, text).unwrap_or_else(|error| panic!("cannot write: {error}"));
    let generate = || {
        let output = generator(&["generate", "--spec", &spec_text, "--name", "shop", "--out", &out_text]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        std::fs::read_to_string(out.join("api/shop.txt")).unwrap_or_default()
    };
    let first = ("orders", "shipping_address", "street");
    let added = ("accounts", "billing_address", "city");

    write(titled_spec(&[first]));
    let before = generate();
    assert!(before.contains("\ntype Address = struct"), "{before}");

    let fresh = generator::generate_api_crate(
        "shop",
        &[generator::Source { path: spec_text.clone(), text: titled_spec(&[first, added]) }],
        "test",
    );
    let fresh_surface = fresh.files.get("api/shop.txt").cloned().unwrap_or_default();
    assert!(!fresh_surface.contains("\ntype Address = struct"), "{fresh_surface}");

    write(titled_spec(&[first, added]));
    let after = generate();
    let kept = after.lines().find(|line| line.starts_with("type Address = struct")).unwrap_or_default();
    assert!(kept.contains("/paths/~1orders/"), "the existing type lost its name: {after}");
}
