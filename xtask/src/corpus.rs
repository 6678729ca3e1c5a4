//! `cargo xtask corpus`: every real-world document in `../shared/corpus/`, and every fixture of the
//! generator's snapshot tests, must give a crate that compiles and that clippy passes with `-D warnings`. Prints one line per document with its size, operation count, warning count and the
//! time taken to generate, then `N passed, N failed`. A document also fails when generating it
//! again with the type names of the first generation (what `regen` reads back from the surface
//! file it wrote) changes anything.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::Source;
use generator::diag::Severity;
use generator::manifest::ApiSettings;

struct Outcome {
    name: String,
    ok: bool,
}

pub fn run(root: &Path, filters: &[&str]) -> i32 {
    let folders = [
        root.join("../shared/corpus/postman"),
        root.join("../shared/corpus/openapi"),
        root.join("generator/tests/fixtures/postman"),
        root.join("generator/tests/fixtures/openapi"),
    ];
    let mut documents = Vec::new();
    for folder in &folders {
        match list(folder) {
            Ok(files) => documents.extend(files),
            Err(error) => {
                eprintln!("error: cannot list {}: {error}", folder.display());
                return 2;
            }
        }
    }
    documents.retain(|path| filters.is_empty() || filters.iter().any(|f| path.to_string_lossy().contains(f)));
    let out_root = root.join("target/corpus");
    let target_dir = root.join("target/corpus-target");
    let lock = root.join("Cargo.lock");
    let mut outcomes = Vec::new();
    for path in &documents {
        let name = crate_name(path);
        let started = Instant::now();
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{name}: cannot read {}: {error}", path.display());
                outcomes.push(Outcome { name, ok: false });
                continue;
            }
        };
        let source = Source { path: path.to_string_lossy().into_owned(), text };
        let command = format!("generator generate --name {name}");
        let generated = generator::generate_api_crate(&name, std::slice::from_ref(&source), &command);
        let elapsed = started.elapsed();
        let warnings = generated.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
        let errors: Vec<String> =
            generated.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
        if !errors.is_empty() {
            eprintln!("{name}: FAILED to generate:\n{}", errors.join("\n"));
            outcomes.push(Outcome { name, ok: false });
            continue;
        }
        if let Some(renamed) = regeneration_renames(&name, &source, &generated.files, &command) {
            eprintln!("{name}: FAILED: a regeneration with the names of this one changes {renamed}");
            outcomes.push(Outcome { name, ok: false });
            continue;
        }
        let dir = out_root.join(&name);
        if let Err(error) = write_crate(&dir, &generated.files, &lock) {
            eprintln!("{name}: cannot write {}: {error}", dir.display());
            outcomes.push(Outcome { name, ok: false });
            continue;
        }
        let lines: usize = generated.files.values().map(|text| text.lines().count()).sum();
        eprintln!(
            "{name}: generated {lines} lines in {:.0} ms, {warnings} warning(s); cargo clippy ...",
            elapsed.as_secs_f64() * 1000.0
        );
        let status = Command::new(env!("CARGO"))
            .args(["clippy", "--quiet", "--all-features", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .args(["--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", &target_dir)
            .status();
        let ok = matches!(status, Ok(status) if status.success());
        eprintln!("{name}: {}", if ok { "ok" } else { "FAILED to compile" });
        outcomes.push(Outcome { name, ok });
    }
    let failed: Vec<&str> = outcomes.iter().filter(|o| !o.ok).map(|o| o.name.as_str()).collect();
    println!("corpus: {} passed, {} failed", outcomes.len() - failed.len(), failed.len());
    if failed.is_empty() {
        0
    } else {
        eprintln!("failed: {}", failed.join(", "));
        1
    }
}

/// What a regeneration of `source` changes when it reads back the names `files` recorded (as
/// `regen` does with the surface file it wrote): the first changed file, if any. `regen --check`
/// right after `regen` must find nothing stale.
fn regeneration_renames(
    name: &str,
    source: &Source,
    files: &BTreeMap<String, String>,
    command: &str,
) -> Option<String> {
    let surface = files.get(&generator::surface::file_path(name))?;
    let surface = generator::surface::Surface::parse(name, surface).ok()?;
    let settings = ApiSettings { previous_names: surface.type_names(), ..ApiSettings::default() };
    let again = generator::generate_api_crate_with(name, std::slice::from_ref(source), &settings, command);
    let changed = files.iter().find(|(path, text)| again.files.get(*path) != Some(*text)).map(|(path, _)| path.clone());
    changed.or_else(|| (again.files.len() != files.len()).then(|| "the set of files".to_owned()))
}

pub fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
        .collect();
    files.sort();
    Ok(files)
}

/// `pm21_postman_echo.json` -> `pm21_postman_echo`; fixtures get a prefix so that a fixture and a
/// corpus document of the same name do not share a folder.
pub fn crate_name(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let is_fixture = path.components().any(|c| c.as_os_str() == "fixtures");
    let name = if is_fixture { format!("fixture_{stem}") } else { stem };
    generator::naming::snake(&name)
}

/// Writes the crate, replacing what a previous run left, with the workspace's lock file so the
/// check uses the same dependency versions as the `generated` crate and needs no resolution.
fn write_crate(dir: &Path, files: &BTreeMap<String, String>, lock: &Path) -> std::io::Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    if lock.exists() {
        fs::copy(lock, dir.join("Cargo.lock"))?;
    }
    Ok(())
}
