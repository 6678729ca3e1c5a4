//! `cargo xtask contract [NAME-FILTER ...]`: the generated clients against a validating server
//! nobody here wrote. Every OpenAPI document of `../shared/corpus/openapi/` and `specs/` is
//! served by Prism (`@stoplight/prism-cli`, installed from npm into `target/prism`), and a driver
//! built from the generated crates sends every operation that the crate's `examples` module
//! builds, once per documented response status, in Prism's static and dynamic modes. A request
//! Prism finds invalid (its `sl-violations` header) or a response the endpoint cannot decode
//! fails the command, unless `xtask/contract-exceptions.txt` lists it with the spec error that
//! explains it.
//!
//! Prints per document and mode: operations, built, valid per Prism, decoded.

mod driver;
mod exceptions;
mod prism;
mod subset;

use std::fs;
use std::path::{Path, PathBuf};

use generator::Source;
use generator::diag::{Diagnostics, Severity};
use generator::manifest::ApiSettings;

use exceptions::{Exceptions, Kind};

/// Documents larger than this are served as a subset of their paths (see [`subset`]): Prism
/// takes minutes to load a multi-megabyte document.
const SUBSET_ABOVE_BYTES: usize = 1_000_000;

/// One document to serve: the file Prism serves and the generator reads (a subset for a large
/// document), and the crate name.
pub struct Document {
    pub name: String,
    pub served: PathBuf,
    pub credentials: Vec<serde_json::Value>,
}

pub fn run(root: &Path, filters: &[&str]) -> i32 {
    match run_inner(root, filters) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            2
        }
    }
}

fn run_inner(root: &Path, filters: &[&str]) -> Result<i32, String> {
    let prism = prism::install(root)?;
    let exceptions = Exceptions::load(&root.join("xtask/contract-exceptions.txt"))?;
    let work = root.join("target/contract");
    let mut paths = list(&root.join("../shared/corpus/openapi"))?;
    paths.extend(list(&root.join("specs"))?.into_iter().filter(|p| p.to_string_lossy().contains(".openapi.")));
    paths.retain(|path| filters.is_empty() || filters.iter().any(|f| path.to_string_lossy().contains(f)));
    if paths.is_empty() {
        return Err("no document matches the filter".to_owned());
    }
    let mut documents = Vec::new();
    for path in &paths {
        documents.push(prepare(root, &work, path)?);
    }
    let driver = driver::build(root, &work, &documents)?;
    let mut failures = 0;
    let mut unused = exceptions.all();
    println!("{:<34} {:<8} {:>5} {:>6} {:>6} {:>8}", "document", "mode", "ops", "built", "valid", "decoded");
    for document in &documents {
        let server = prism::Server::start(&prism, &document.served)?;
        let credentials = work.join(format!("{}.credentials.json", document.name));
        let text = serde_json::to_string(&document.credentials).map_err(|e| e.to_string())?;
        fs::write(&credentials, text).map_err(|e| format!("{}: {e}", credentials.display()))?;
        for mode in ["static", "dynamic"] {
            let lines = driver::run(&driver, &document.name, &server.base_url(), &credentials, mode)?;
            let tally = tally(&document.name, mode, &lines, &exceptions, &mut unused);
            println!(
                "{:<34} {:<8} {:>5} {:>6} {:>6} {:>8}",
                document.name, mode, tally.operations, tally.built, tally.valid, tally.decoded
            );
            for problem in &tally.unexpected {
                println!("    UNEXPECTED {problem}");
            }
            failures += tally.unexpected.len();
        }
        drop(server);
    }
    for (document, op, kind) in unused.iter().filter(|(d, ..)| documents.iter().any(|doc| &doc.name == d)) {
        println!("    listed exception did not happen: {document} {op} {}", kind.as_str());
    }
    println!("contract: {} document(s), {failures} unexpected problem(s)", documents.len());
    Ok(if failures == 0 { 0 } else { 1 })
}

/// Writes the served document (a subset of a large one) and the generated crate.
fn prepare(root: &Path, work: &Path, path: &Path) -> Result<Document, String> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = generator::naming::snake(&stem.replace(".openapi", ""));
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let docs_dir = work.join("documents");
    fs::create_dir_all(&docs_dir).map_err(|e| format!("{}: {e}", docs_dir.display()))?;
    let served = if text.len() > SUBSET_ABOVE_BYTES {
        let subset = subset::subset(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let out = docs_dir.join(format!("{name}.subset.json"));
        fs::write(&out, &subset.text).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!("{name}: serving {} of {} paths ({})", subset.kept, subset.total, subset.rule);
        out
    } else {
        path.to_path_buf()
    };
    let served_text = fs::read_to_string(&served).map_err(|e| format!("{}: {e}", served.display()))?;
    let source = Source { path: served.to_string_lossy().into_owned(), text: served_text };
    let mut diags = Diagnostics::default();
    let api = generator::lower_api(&name, std::slice::from_ref(&source), &ApiSettings::default(), &mut diags)
        .ok_or_else(|| format!("{name}: nothing could be read"))?;
    let credentials = api.auth_schemes.iter().map(credential).collect();
    let generated = generator::generate_api_crate(&name, &[source], &format!("generator generate --name {name}"));
    let errors: Vec<String> =
        generated.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
    if !errors.is_empty() {
        return Err(format!("{name}: the generator failed:\n{}", errors.join("\n")));
    }
    let dir = work.join("crates").join(&name);
    write_crate(&dir, &generated.files, &root.join("Cargo.lock"))?;
    Ok(Document { name, served, credentials })
}

/// A dummy credential for one scheme, in the form the driver reads.
fn credential(scheme: &generator::ir::AuthScheme) -> serde_json::Value {
    use generator::ir::AuthKind;
    let (kind, name) = match &scheme.kind {
        // OAuth2 and OpenID Connect send the token they are given as a bearer token.
        AuthKind::Bearer | AuthKind::OAuth2 { .. } | AuthKind::OpenIdConnect { .. } => ("bearer", String::new()),
        AuthKind::Basic => ("basic", String::new()),
        AuthKind::ApiKeyHeader { header } | AuthKind::HeaderTemplate { header, .. } => ("header", header.clone()),
        AuthKind::ApiKeyQuery { param } => ("query", param.clone()),
    };
    serde_json::json!({ "scheme": scheme.name, "kind": kind, "name": name })
}

fn write_crate(dir: &Path, files: &std::collections::BTreeMap<String, String>, lock: &Path) -> Result<(), String> {
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    if dir.exists() {
        // Only files that changed are rewritten, so cargo rebuilds only what changed.
        for (path, text) in files {
            let path = dir.join(path);
            if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).map_err(io)?;
                }
                fs::write(&path, text).map_err(io)?;
            }
        }
    } else {
        for (path, text) in files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(io)?;
            }
            fs::write(path, text).map_err(io)?;
        }
    }
    if lock.exists() {
        fs::copy(lock, dir.join("Cargo.lock")).map_err(io)?;
    }
    Ok(())
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
        .collect();
    files.sort();
    Ok(files)
}

/// The counts of one document in one mode, and what failed without being listed.
struct Tally {
    operations: usize,
    built: usize,
    valid: usize,
    decoded: usize,
    unexpected: Vec<String>,
}

fn tally(
    document: &str,
    mode: &str,
    lines: &[serde_json::Value],
    exceptions: &Exceptions,
    unused: &mut Vec<(String, String, Kind)>,
) -> Tally {
    let mut ops: Vec<&str> = Vec::new();
    for line in lines {
        if let Some(op) = line["op"].as_str() {
            if !ops.contains(&op) {
                ops.push(op);
            }
        }
    }
    let mut tally = Tally { operations: ops.len(), built: 0, valid: 0, decoded: 0, unexpected: Vec::new() };
    for op in ops {
        let mine: Vec<&serde_json::Value> = lines.iter().filter(|l| l["op"] == op).collect();
        let mut problems: Vec<(Kind, String)> = Vec::new();
        let build_error = mine.iter().find_map(|l| l["build"].as_str());
        if let Some(error) = build_error {
            problems.push((Kind::Build, error.to_owned()));
        } else {
            tally.built += 1;
            let mut valid = true;
            let mut decoded = true;
            for line in &mine {
                if let Some(error) = line["send"].as_str() {
                    problems.push((Kind::Violation, format!("not sent: {error}")));
                    valid = false;
                    decoded = false;
                    continue;
                }
                // Only the request's: Prism also reports its own responses that break the
                // description (a static example that fails its pattern), which is the spec's
                // problem and shows up as a decode failure when it matters to the client.
                let errors: Vec<&serde_json::Value> = line["violations"]
                    .as_array()
                    .map(|all| {
                        all.iter().filter(|v| v["severity"] != "Warning" && v["location"][0] == "request").collect()
                    })
                    .unwrap_or_default();
                if let Some(problem) = line["refused"].as_str() {
                    valid = false;
                    problems.push((Kind::Violation, format!("[{}] refused by prism: {problem}", line["declared"])));
                }
                if !errors.is_empty() {
                    valid = false;
                    let text: Vec<String> =
                        errors.iter().map(|v| format!("{} {}", v["location"], v["message"])).collect();
                    problems.push((Kind::Violation, format!("[{}] {}", line["declared"], text.join("; "))));
                }
                if let Some(error) = line["decode"].as_str() {
                    decoded = false;
                    problems.push((Kind::Decode, format!("[{} -> {}] {error}", line["declared"], line["status"])));
                }
            }
            tally.valid += usize::from(valid);
            tally.decoded += usize::from(decoded);
        }
        for (kind, detail) in problems {
            if exceptions.covers(document, op, kind) {
                unused.retain(|(d, o, k)| !(d == document && o == op && *k == kind));
            } else {
                // A refusal or violation is printed whole, as it names the rule the request
                // broke; a decode failure is cut, as it quotes the response body.
                let detail: String = if kind == Kind::Decode { detail.chars().take(600).collect() } else { detail };
                tally.unexpected.push(format!("{mode} {op} {}: {detail}", kind.as_str()));
            }
        }
    }
    tally
}
