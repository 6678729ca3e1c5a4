//! `cargo xtask types [NAME-FILTER ...]`: the type-space figures of every corpus document and of
//! every API of `specs/apis.toml`, as users get them (`generator ir --spec FILE`): types,
//! structural copies, names ending in a status code or a counter, names over 40 characters
//! (documented ones, kept as the vendor wrote them, apart from made-up ones), and the totals.
//! Generation only; nothing is compiled, so it runs in seconds.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use generator::Source;
use generator::diag::Diagnostics;
use generator::figures::{LONG_NAME, TypeFigures};
use generator::manifest::{ApiSettings, Manifest};

pub fn run(root: &Path, filters: &[&str]) -> i32 {
    let mut entries: Vec<(String, Vec<PathBuf>, ApiSettings)> = Vec::new();
    for folder in ["../shared/corpus/postman", "../shared/corpus/openapi"] {
        match crate::corpus::list(&root.join(folder)) {
            Ok(files) => entries.extend(
                files.into_iter().map(|path| (crate::corpus::crate_name(&path), vec![path], ApiSettings::default())),
            ),
            Err(error) => {
                eprintln!("error: cannot list {folder}: {error}");
                return 2;
            }
        }
    }
    let specs = root.join("specs");
    let manifest =
        fs::read_to_string(specs.join("apis.toml")).map_err(|e| e.to_string()).and_then(|text| Manifest::parse(&text));
    match manifest {
        Ok(manifest) => {
            for api in manifest.apis {
                let paths = api.sources.iter().map(|source| specs.join(source)).collect();
                entries.push((format!("specs:{}", api.name), paths, api.settings));
            }
        }
        Err(error) => {
            eprintln!("error: cannot read specs/apis.toml: {error}");
            return 2;
        }
    }
    entries.retain(|(name, _, _)| filters.is_empty() || filters.iter().any(|f| name.contains(f)));
    println!(
        "{:<36} {:>6} {:>7} {:>9} {:>8} {:>9} {:>8} {:>9}",
        "document",
        "types",
        "copies",
        "numbered",
        format!(">{LONG_NAME} doc"),
        format!(">{LONG_NAME} made"),
        "longest",
        "ms"
    );
    let mut total = TypeFigures::default();
    let mut failed = 0;
    for (name, paths, settings) in &entries {
        let mut sources = Vec::new();
        for path in paths {
            match fs::read_to_string(path) {
                Ok(text) => sources.push(Source { path: path.to_string_lossy().into_owned(), text }),
                Err(error) => {
                    eprintln!("{name}: cannot read {}: {error}", path.display());
                    failed += 1;
                }
            }
        }
        let started = Instant::now();
        let mut diags = Diagnostics::new();
        let Some(api) = generator::lower_api(name, &sources, settings, &mut diags).filter(|_| !diags.has_errors())
        else {
            eprintln!("{name}: FAILED to lower");
            failed += 1;
            continue;
        };
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let figures = TypeFigures::of(&api);
        total = total.plus(figures);
        let TypeFigures { types, copies, numbered, long_documented, long_made_up, longest } = figures;
        println!(
            "{name:<36} {types:>6} {copies:>7} {numbered:>9} {long_documented:>8} {long_made_up:>9} {longest:>8} {ms:>9.0}"
        );
    }
    let TypeFigures { types, copies, numbered, long_documented, long_made_up, longest } = total;
    println!(
        "{:<36} {types:>6} {copies:>7} {numbered:>9} {long_documented:>8} {long_made_up:>9} {longest:>8}",
        "total"
    );
    i32::from(failed > 0)
}
