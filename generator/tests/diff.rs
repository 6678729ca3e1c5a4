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

/// An OpenAPI document with one `POST /{path}` per `(path, body schema)`.
fn post_spec(operations: &[(String, serde_json::Value)]) -> String {
    let mut paths = serde_json::Map::new();
    for (path, body) in operations {
        let operation = serde_json::json!({"post": {
            "operationId": format!("create_{}", path.replace('/', "_")),
            "requestBody": {"content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "done"}}
        }});
        paths.insert(format!("/{path}"), operation);
    }
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}).to_string()
}

/// An object schema with the one member `name` of schema `schema`.
fn object_with(name: &str, schema: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"type": "object", "properties": {name: schema}})
}

/// Generates the operation `first` alone, then with `added`, into one folder (so that the second
/// run reads the first's surface): the surface line starting `kept` is there both times, from the
/// place `at` (the first operation's); a first generation of both does not have it.
fn assert_kept(
    case: &str,
    first: (String, serde_json::Value),
    added: (String, serde_json::Value),
    kept: &str,
    at: &str,
) {
    let [before, after, fresh] =
        generate_grown(case, post_spec(std::slice::from_ref(&first)), post_spec(&[first, added]));
    assert!(before.contains(kept), "{before}");
    assert!(!fresh.contains(kept), "{fresh}");
    let line = after.lines().find(|line| line.starts_with(kept)).unwrap_or_default();
    assert!(line.contains(at), "the existing type was renamed: {after}");
}

/// Generates the spec text `first`, then `grown`, with the CLI into one folder (so that the
/// second run reads the first's surface), and `grown` alone into memory; the three surfaces.
fn generate_grown(case: &str, first: String, grown: String) -> [String; 3] {
    let dir = scratch(case);
    let out = dir.join("crate");
    let out_text = out.to_string_lossy().into_owned();
    let spec = dir.join("api.json");
    let spec_text = spec.to_string_lossy().into_owned();
    let run = |json: &str| {
        std::fs::write(&spec, json).unwrap_or_else(|error| panic!("cannot write: {error}"));
        let output = generator(&["generate", "--spec", &spec_text, "--name", "api", "--out", &out_text]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        std::fs::read_to_string(out.join("api/api.txt")).unwrap_or_default()
    };
    let before = run(&first);
    let after = run(&grown);
    let fresh = generator::generate_api_crate("api", &[generator::Source { path: spec_text, text: grown }], "test");
    [before, after, fresh.files.get("api/api.txt").cloned().unwrap_or_default()]
}

/// A type keeps the short name it was given when an operation added elsewhere wants the same
/// words: the regeneration reads the names back from the recorded surface. A first generation
/// of both gives neither the short name (the two types contest it).
#[test]
fn an_added_type_does_not_rename_an_existing_one() {
    // `payment_method_options.card.setup_future_usage`: deep enough that the enum's made-up
    // name is long and is shortened to `SetupFutureUsage`.
    let operation = |path: &str, values: &[&str]| {
        let usage = serde_json::json!({"type": "string", "enum": values});
        let body = object_with("payment_method_options", object_with("card", object_with("setup_future_usage", usage)));
        (path.to_owned(), body)
    };
    let first = operation("v1/payment_intents", &["off_session", "on_session"]);
    let added = operation("v1/setup_intents", &["none", "off_session", "on_session"]);
    assert_kept("stable_names", first, added, "type SetupFutureUsage = enum", "/paths/~1v1~1payment_intents/");
}

/// The same for a name taken from a `title`: a second shape with the same title, added later,
/// does not take the name from the first.
#[test]
fn an_added_title_does_not_rename_an_existing_type() {
    let operation = |path: &str, property: &str, member: &str| {
        let mut address = object_with(member, serde_json::json!({"type": "string"}));
        address["title"] = "address".into();
        (path.to_owned(), object_with(property, address))
    };
    let first = operation("orders", "shipping_address", "street");
    let added = operation("accounts", "billing_address", "city");
    assert_kept("stable_titles", first, added, "type Address = struct", "/paths/~1orders/");
}
