//! The command line as outside tooling uses it: forms, exit codes and diagnostics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn generator(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_generator")).args(args).output();
    match output {
        Ok(output) => output,
        Err(error) => panic!("cannot run the generator binary: {error}"),
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh scratch directory under the target dir, so tests never share files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    path.to_string_lossy().into_owned()
}

fn seed(name: &str) -> String {
    format!("{}/../specs/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn ir_lists_operations_types_and_located_diagnostics() {
    let output = generator(&["ir", "--spec", &seed("outseta.postman.json")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let ir: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| panic!("ir is not JSON: {error}"));
    assert_eq!(ir["operations"].as_array().map(Vec::len), Some(68));
    let first = &ir["operations"][0];
    assert!(first["name"].is_string() && first["method"].is_string() && first["path"].is_string(), "{first}");
    let person = ir["types"].as_array().into_iter().flatten().find(|t| t["name"] == "Person");
    let fields = person.and_then(|p| p["fields"].as_array()).cloned().unwrap_or_default();
    assert!(fields.iter().any(|f| f["name"] == "mailing_address" && f["type"] == "Option<Address>"), "{fields:?}");
    let missing_url = ir["diagnostics"].as_array().into_iter().flatten().find(|d| d["code"] == "missing-url");
    let missing_url = missing_url.unwrap_or_else(|| panic!("no missing-url diagnostic"));
    assert_eq!(missing_url["severity"], "warning");
    assert_eq!(missing_url["pointer"], "/item/6/item/0");
    assert!(missing_url["file"].as_str().is_some_and(|f| f.ends_with("outseta.postman.json")));
    // The same diagnostic goes to stderr in the human form.
    assert!(stderr(&output).contains("warning[missing-url]"), "{}", stderr(&output));
}

#[test]
fn sendgrid_collection_has_nine_operations() {
    let output = generator(&["ir", "--spec", &seed("sendgrid.postman.json")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let ir: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(ir["operations"].as_array().map(Vec::len), Some(9));
}

#[test]
fn input_errors_exit_2_and_write_nothing() {
    let dir = scratch("input_errors");
    let cases = [
        ("truncated.json", "{\"item\": [", "error[unreadable-spec]"),
        ("unknown.json", "{\"foo\": 1}", "error[unknown-format]"),
    ];
    for (name, text, expected) in cases {
        let spec = write(&dir, name, text);
        let out = dir.join(format!("out-{name}"));
        let output = generator(&["generate", "--spec", &spec, "--name", "demo", "--out", &out.to_string_lossy()]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(stderr(&output).contains(expected), "{name}: {}", stderr(&output));
        assert!(!out.exists(), "{name}: something was written");
    }
    let output = generator(&["ir", "--spec", &dir.join("absent.json").to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn module_names_that_cannot_be_modules_exit_2() {
    let dir = scratch("module_names");
    let spec = seed("sendgrid.postman.json");
    for (name, expected) in [("Send-Grid", "not a snake_case module name"), ("runtime", "shared `runtime` module")] {
        let out = dir.join(name);
        let output = generator(&["generate", "--spec", &spec, "--name", name, "--out", &out.to_string_lossy()]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(stderr(&output).contains(expected), "{name}: {}", stderr(&output));
        assert!(!out.exists(), "{name}: something was written");
    }
}

#[test]
fn check_reports_stale_files_with_a_diff_and_exit_1() {
    let dir = scratch("check");
    let out = dir.join("crate");
    let out_text = out.to_string_lossy().into_owned();
    let spec = seed("sendgrid.postman.json");
    let args = ["generate", "--spec", spec.as_str(), "--name", "sendgrid", "--out", out_text.as_str()];
    assert_eq!(generator(&args).status.code(), Some(0));
    assert!(out.join("Cargo.toml").is_file() && out.join("src/lib.rs").is_file());

    let check = [&args[..], &["--check"]].concat();
    assert_eq!(generator(&check).status.code(), Some(0), "a fresh crate is not stale");

    let models = out.join("src/sendgrid/models.rs");
    let edited = std::fs::read_to_string(&models).unwrap_or_default() + "// edited by hand\n";
    std::fs::write(&models, edited).unwrap_or_else(|error| panic!("{error}"));
    let leftover =
        "// @generated by `generator generate --name sendgrid`. Do not edit by hand: change specs/ and run it again.\n";
    std::fs::write(out.join("src/leftover.rs"), leftover).unwrap_or_else(|error| panic!("{error}"));
    std::fs::write(out.join("src/mine.rs"), "// written by a person\n").unwrap_or_else(|error| panic!("{error}"));
    let prost = "// This file is @generated by prost-build.\npub struct Ping {}\n";
    std::fs::write(out.join("src/ping.rs"), prost).unwrap_or_else(|error| panic!("{error}"));
    let output = generator(&check);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("stale:") && text.contains("-// edited by hand"), "{text}");
    assert!(text.contains("src/leftover.rs"), "{text}");
    assert!(!text.lines().any(|line| line.starts_with("stale:") && line.contains("mine.rs")), "{text}");

    // Without --check the crate is rewritten and the generated leftover removed; a file the
    // generator did not write stays.
    assert_eq!(generator(&args).status.code(), Some(0));
    assert!(!out.join("src/leftover.rs").exists());
    assert!(out.join("src/mine.rs").exists(), "a hand-written file was removed");
    assert!(out.join("src/ping.rs").exists(), "another tool's generated file was removed");
    let output = generator(&check);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("mine.rs was not written by this generator"), "{}", stderr(&output));
}

#[test]
fn a_foreign_manifest_is_left_alone_and_a_foreign_source_stops_the_run() {
    let dir = scratch("foreign");
    let out = dir.join("crate");
    let out_text = out.to_string_lossy().into_owned();
    let spec = seed("sendgrid.postman.json");
    let args = ["generate", "--spec", spec.as_str(), "--name", "sendgrid", "--out", out_text.as_str()];
    std::fs::create_dir_all(out.join("src")).unwrap_or_else(|error| panic!("{error}"));
    let manifest = "[package]\nname = \"mine\"\n";
    std::fs::write(out.join("Cargo.toml"), manifest).unwrap_or_else(|error| panic!("{error}"));
    let output = generator(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("Cargo.toml was not written by this generator"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default(), manifest);

    std::fs::write(out.join("src/lib.rs"), "// mine\n").unwrap_or_else(|error| panic!("{error}"));
    let output = generator(&args);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap_or_default(), "// mine\n");
}

/// A description cannot make the client send credentials to a base URL with a user name and
/// password in it, or to a `javascript:` one: the default is dropped with a located warning,
/// and the password is not repeated in the log.
#[test]
fn unsafe_base_urls_give_no_default_and_a_warning() {
    for (url, problem) in [
        ("https://admin:hunter2@api.example.com/v1", "carries a user name or password"),
        ("javascript:alert(1)", "is not an http or https URL"),
    ] {
        let dir = scratch("unsafe-base-url");
        let spec = write(
            &dir,
            "spec.json",
            &serde_json::json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "servers": [{"url": url}],
                "paths": {"/ping": {"get": {"operationId": "ping", "responses": {"204": {"description": "pong"}}}}}
            })
            .to_string(),
        );
        let ir = generator(&["ir", "--spec", &spec]);
        assert_eq!(ir.status.code(), Some(0), "{}", stderr(&ir));
        let ir: serde_json::Value = serde_json::from_slice(&ir.stdout).unwrap_or_else(|error| panic!("{error}"));
        let warning = ir["diagnostics"].as_array().into_iter().flatten().find(|d| d["code"] == "unsafe-base-url");
        let message = warning.and_then(|w| w["message"].as_str()).unwrap_or_else(|| panic!("no warning for {url}"));
        assert!(message.contains(problem) && !message.contains("hunter2"), "{message}");
        let out = dir.join("out");
        let generated = generator(&["generate", "--spec", &spec, "--name", "api", "--out", &out.to_string_lossy()]);
        assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
        let module = std::fs::read_to_string(out.join("src/api/mod.rs")).unwrap_or_default();
        assert!(!module.is_empty() && !module.contains("DEFAULT_BASE_URL"), "{module}");
    }
}
