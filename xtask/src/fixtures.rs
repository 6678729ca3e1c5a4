//! `tests/fixtures/<name>.openapi.yaml` -> `tests/src/<name>/`: small APIs generated as modules of
//! the `tests` crate (beside a `runtime` module that re-exports the generated crate's), so the
//! wire tests can drive generator features the three product APIs do not have.

use std::fs;
use std::path::Path;

/// The API modules generated from the fixtures: `(module name, file under tests/src/, text)`.
pub fn render(root: &Path) -> Result<Vec<(String, String)>, String> {
    let dir = root.join("tests/fixtures");
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .map_err(|error| format!("cannot read {}: {error}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    let mut files = Vec::new();
    for path in entries {
        let Some(file) = path.file_name().and_then(|name| name.to_str()) else { continue };
        let Some(name) = file.strip_suffix(".openapi.yaml") else { continue };
        let text = fs::read_to_string(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let source = generator::Source { path: format!("tests/fixtures/{file}"), text };
        let generated = generator::generate_api_crate(name, &[source], generator::cli::REGEN_COMMAND);
        if generated.diagnostics.has_errors() || generated.files.is_empty() {
            return Err(format!("tests/fixtures/{file} does not generate: {:?}", generated.diagnostics.into_vec()));
        }
        let prefix = format!("src/{name}/");
        for (path, text) in generated.files {
            if let Some(module_file) = path.strip_prefix(&prefix) {
                files.push((format!("{name}/{module_file}"), text));
            }
        }
    }
    Ok(files)
}

/// Writes the fixture modules, or with `check` lists the stale ones; returns the exit code.
pub fn regen(root: &Path, check: bool) -> i32 {
    let files = match render(root) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    let mut stale = 0;
    for (path, text) in files {
        let target = root.join("tests/src").join(&path);
        if fs::read_to_string(&target).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if check {
            eprintln!("stale: {}", target.display());
            stale += 1;
            continue;
        }
        let written = target.parent().map_or(Ok(()), fs::create_dir_all).and_then(|()| fs::write(&target, text));
        if let Err(error) = written {
            eprintln!("error: cannot write {}: {error}", target.display());
            return 2;
        }
    }
    if stale > 0 {
        eprintln!("error: {stale} generated test module file(s) are stale: run `cargo xtask regen` and commit");
        return 1;
    }
    0
}
