//! Bad input gets diagnostics, never a panic: every spec in `specs/` and every fixture, with
//! one node at a time replaced by a value of the wrong shape, goes through the whole pipeline.
//!
//! The mutations are deterministic (a fixed stride over the document's nodes, the replacement
//! chosen by position), so a failure names the file and the JSON pointer and reproduces.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use generator::{Source, generate_api_crate};
use serde_json::Value;

/// Mutants tried per document, at most: enough to reach every part of a collection, few
/// enough for a debug build on a small CI machine.
const PER_DOCUMENT: usize = 160;

fn replacements() -> [Value; 6] {
    [
        Value::Null,
        Value::from(7),
        Value::from("x"),
        Value::Array(vec![]),
        Value::Object(Default::default()),
        Value::Bool(true),
    ]
}

/// Every node's JSON pointer, in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let parsed = if path.extension().is_some_and(|e| e == "yaml") {
        serde_norway::from_str(&text).map_err(|error| error.to_string())
    } else {
        serde_json::from_str(&text).map_err(|error| error.to_string())
    };
    parsed.unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Runs the pipeline on `document`; `Err` with the panic message if it panicked, or if it
/// reported no error and still wrote no crate.
fn run(name: &str, document: &Value) -> Result<(), String> {
    let source = Source { path: name.to_owned(), text: document.to_string() };
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| generate_api_crate("api", &[source], "test")));
    match outcome {
        // An emitter that panics or emits tokens that do not parse is reported, not raised.
        Ok(generated) if generated.diagnostics.iter().any(|d| d.code == "internal-emit") => {
            Err(generated.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))
        }
        Ok(generated) if generated.diagnostics.has_errors() || !generated.files.is_empty() => Ok(()),
        Ok(_) => Err("no error reported, yet no files generated".to_owned()),
        Err(payload) => Err(payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "panic".to_owned())),
    }
}

fn documents() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in [root.join("../specs"), root.join("tests/fixtures/postman"), root.join("tests/fixtures/openapi")] {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json" || e == "yaml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
}

/// Mutates one document `PER_DOCUMENT` times; returns how many mutants ran and the failures.
fn mutate(path: &Path) -> (usize, Vec<String>) {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let original = load(path);
    let mut all = Vec::new();
    pointers(&original, String::new(), &mut all);
    let stride = all.len().div_ceil(PER_DOCUMENT).max(1);
    let (mut tried, mut failures) = (0, Vec::new());
    for (index, pointer) in all.iter().enumerate().skip(stride / 2).step_by(stride) {
        let replacement = replacements()[index % 6].clone();
        let mut document = original.clone();
        let Some(slot) = document.pointer_mut(pointer) else { continue };
        *slot = replacement.clone();
        tried += 1;
        if let Err(message) = run(&name, &document) {
            failures.push(format!("{name}#{pointer} = {replacement}: {message}"));
        }
    }
    (tried, failures)
}

#[test]
fn wrong_shapes_anywhere_give_diagnostics_not_panics() {
    // Panics are caught and reported below; the default hook would print each one again.
    panic::set_hook(Box::new(|_| {}));
    let documents = documents();
    assert!(documents.len() > 20, "the specs and fixtures were not found");
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let results: Vec<(usize, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let documents = &documents;
                scope.spawn(move || {
                    documents.iter().skip(worker).step_by(workers).map(|path| mutate(path)).collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle.join().unwrap_or_else(|_| vec![(0, vec!["a worker panicked outside the pipeline".to_owned()])])
            })
            .collect()
    });
    let _ = panic::take_hook();
    let tried: usize = results.iter().map(|(tried, _)| tried).sum();
    let failures: Vec<&String> = results.iter().flat_map(|(_, failures)| failures).collect();
    println!("{tried} mutated documents went through the pipeline");
    assert!(tried > 1000, "only {tried} mutants were tried");
    let listed: Vec<&str> = failures.iter().map(|f| f.as_str()).collect();
    assert!(failures.is_empty(), "{} of {tried} mutants failed:\n{}", failures.len(), listed.join("\n"));
}
