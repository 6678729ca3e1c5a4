//! `cargo xtask hostile`: descriptions written to break the generator or the crate it makes
//! (`generator/tests/fixtures/hostile/`), plus chains and nesting far deeper than any real
//! document, built here in memory.
//!
//! - Every document in `accept/` is a module of ONE crate, which must pass `cargo clippy
//!   -D warnings`, `cargo doc -D warnings` and `cargo test --doc` with no doctest at all: the
//!   fixtures put a fenced `panic!` in every string, so a doctest made from description data fails.
//! - Every document in `refuse/` must stop with an error that names a place in the file.
//! - Every deep or long-chained input must end, within a second, in a crate or a located error.
//!
//! One crate and the corpus's target dir keep this to one build of the dependencies (shared with
//! `cargo xtask corpus`) and one compile of the fixtures.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use generator::Source;
use generator::diag::{Diagnostic, Severity};
use generator::manifest::ApiSettings;

/// How long a deep input may take to be generated or refused.
const DEEP_BUDGET: Duration = Duration::from_secs(1);

pub fn run(root: &Path) -> i32 {
    let folder = root.join("generator/tests/fixtures/hostile");
    let mut failures = Vec::new();
    let started = Instant::now();
    for (name, source) in read_folder(&folder.join("refuse"), &mut failures) {
        expect_refusal(&name, &source, &mut failures);
    }
    for (name, source) in deep_inputs() {
        expect_quick_outcome(&name, &source, &mut failures);
    }
    let accepted = read_folder(&folder.join("accept"), &mut failures);
    let count = accepted.len();
    if let Err(message) = build_accepted(root, accepted) {
        failures.push(message);
    }
    println!("hostile: {count} accepted fixtures built in one crate, in {:.0} s", started.elapsed().as_secs_f64());
    if failures.is_empty() {
        println!("hostile: all passed");
        0
    } else {
        eprintln!("hostile: {} failure(s):\n{}", failures.len(), failures.join("\n"));
        1
    }
}

fn read_folder(dir: &Path, failures: &mut Vec<String>) -> Vec<(String, Source)> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            failures.push(format!("cannot list {}: {error}", dir.display()));
            return Vec::new();
        }
    };
    let mut paths: Vec<_> = entries.filter_map(|entry| entry.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        match fs::read_to_string(&path) {
            Ok(text) => out.push((stem, Source { path: path.to_string_lossy().into_owned(), text })),
            Err(error) => failures.push(format!("cannot read {}: {error}", path.display())),
        }
    }
    out
}

/// Generates on a thread with the main thread's usual stack (8 MiB), so that a recursion too deep
/// for the command line is one here too, and reports how long it took.
fn generate(name: &str, source: &Source) -> Option<(Vec<Diagnostic>, Duration)> {
    let (name, source) = (name.to_owned(), Source { path: source.path.clone(), text: source.text.clone() });
    let worker = std::thread::Builder::new().stack_size(8 << 20).spawn(move || {
        let started = Instant::now();
        let generated = generator::generate_api_crate(&name, &[source], "generator generate");
        (generated.diagnostics.into_vec(), started.elapsed())
    });
    worker.ok()?.join().ok()
}

fn first_error(diagnostics: &[Diagnostic]) -> Option<&Diagnostic> {
    diagnostics.iter().find(|d| d.severity == Severity::Error)
}

/// A refusal is located when it points into the document (a JSON pointer, or a line and column
/// for text that does not parse).
fn is_located(error: &Diagnostic, source: &Source) -> bool {
    error.file == source.path && (!error.pointer.is_empty() || error.message.contains("line"))
}

fn expect_refusal(name: &str, source: &Source, failures: &mut Vec<String>) {
    match generate(name, source) {
        None => failures.push(format!("{name}: the generator crashed")),
        Some((diagnostics, _)) => match first_error(&diagnostics) {
            Some(error) if is_located(error, source) => {
                println!("{name}: refused: {}", error.to_string().replace('\n', " "))
            }
            Some(error) => failures.push(format!("{name}: refused without a place in the file: {error}")),
            None => failures.push(format!("{name}: accepted, but it must be refused")),
        },
    }
}

fn expect_quick_outcome(name: &str, source: &Source, failures: &mut Vec<String>) {
    match generate(name, source) {
        None => failures.push(format!("{name}: the generator crashed")),
        Some((_, elapsed)) if elapsed > DEEP_BUDGET => {
            failures.push(format!("{name}: took {:.1} s (budget {:?})", elapsed.as_secs_f64(), DEEP_BUDGET));
        }
        Some((diagnostics, elapsed)) => match first_error(&diagnostics) {
            Some(error) if !is_located(error, source) => {
                failures.push(format!("{name}: error without a place: {error}"))
            }
            Some(error) => println!("{name}: refused in {} ms: {}", elapsed.as_millis(), error.code),
            None => println!("{name}: generated in {} ms", elapsed.as_millis()),
        },
    }
}

/// Chains of 10,000 links and nesting 100,000 deep, in JSON and YAML.
fn deep_inputs() -> Vec<(String, Source)> {
    const LINKS: usize = 10_000;
    const DEPTH: usize = 100_000;
    let schemas = |link: &dyn Fn(usize) -> String| {
        let mut text = String::from(r#"{"openapi": "3.1.0", "paths": {}, "components": {"schemas": {"#);
        for i in 0..LINKS {
            text.push_str(&format!(r#""S{i}": {}, "#, link(i + 1)));
        }
        text.push_str(&format!(r#""S{LINKS}": {{"type": "string"}}}}}}}}"#));
        text
    };
    let source = |name: &str, text: String| {
        (
            name.to_owned(),
            Source { path: format!("hostile/{name}.{}", if text.starts_with('{') { "json" } else { "yaml" }), text },
        )
    };
    vec![
        source("ref_chain", schemas(&|next| format!(r##"{{"$ref": "#/components/schemas/S{next}"}}"##))),
        source(
            "alias_chain",
            schemas(&|next| format!(r##"{{"type": "array", "items": {{"$ref": "#/components/schemas/S{next}"}}}}"##)),
        ),
        source(
            "one_of_chain",
            schemas(&|next| {
                format!(r##"{{"oneOf": [{{"type": "integer"}}, {{"$ref": "#/components/schemas/S{next}"}}]}}"##)
            }),
        ),
        source("nested_json", format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH))),
        source("nested_yaml", format!("openapi: 3.1.0\npaths: {}{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH))),
        source(
            "nested_properties",
            format!(
                r#"{{"openapi": "3.1.0", "paths": {{}}, "components": {{"schemas": {{"Deep": {}{}}}}}}}"#,
                r#"{"type": "object", "properties": {"a": "#.repeat(DEPTH / 100),
                "}}".repeat(DEPTH / 100)
            ),
        ),
    ]
}

/// Generates every accepted fixture as a module of one crate and runs clippy, rustdoc and the
/// doctests over it.
fn build_accepted(root: &Path, accepted: Vec<(String, Source)>) -> Result<(), String> {
    let apis: Vec<(String, Vec<Source>, ApiSettings)> = accepted
        .into_iter()
        .map(|(name, source)| (generator::naming::snake(&name), vec![source], ApiSettings::default()))
        .collect();
    let started = Instant::now();
    let generated = generator::generate_workspace_crate(&apis, "cargo xtask hostile");
    let errors: Vec<String> =
        generated.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
    if !errors.is_empty() {
        return Err(format!("accepted fixtures failed to generate:\n{}", errors.join("\n")));
    }
    println!("hostile: generated {} files in {} ms", generated.files.len(), started.elapsed().as_millis());
    let dir = root.join("target/hostile");
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    for (path, text) in &generated.files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let text = if path == dir.join("Cargo.toml") { format!("{text}\n[workspace]\n") } else { text.clone() };
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    let target = root.join("target/corpus-target");
    let cargo = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO"));
        command.arg(args[0]).arg("--manifest-path").arg(dir.join("Cargo.toml")).args(&args[1..]);
        command.env("CARGO_TARGET_DIR", &target);
        command.env("RUSTDOCFLAGS", "-D warnings").env_remove("RUSTFLAGS");
        command
    };
    run_step("clippy", cargo(&["clippy", "--quiet", "--all-targets", "--all-features", "--", "-D", "warnings"]))?;
    run_step("doc", cargo(&["doc", "--quiet", "--no-deps"]))?;
    let output = cargo(&["test", "--quiet", "--doc"]).output().map_err(|e| format!("cannot run cargo test: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("doctests failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    if !stdout.contains("running 0 tests") {
        return Err(format!("the generated crate has doctests; none may come from description data:\n{stdout}"));
    }
    println!("hostile: clippy, doc and doctests (none) passed");
    Ok(())
}

fn run_step(what: &str, mut command: Command) -> Result<(), String> {
    let started = Instant::now();
    let status = command.status().map_err(|e| format!("cannot run cargo {what}: {e}"))?;
    println!(
        "hostile: cargo {what}: {} in {:.0} s",
        if status.success() { "ok" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    if status.success() { Ok(()) } else { Err(format!("cargo {what} failed on the accepted fixtures")) }
}
