//! The command line, and the only place besides xtask that touches the file system.
//!
//! ```text
//! generator generate --config specs/apis.toml --out generated [--check]
//! generator generate --spec FILE [--spec FILE ...] --name NAME --out DIR [--check]
//! generator ir --spec FILE [--spec FILE ...] [--name NAME]
//! ```
//! Exit codes: 0 ok (warnings allowed), 1 `--check` found stale files, 2 input errors.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::manifest::{ApiSettings, Manifest};
use crate::{GeneratedFiles, Source, generate_api_crate, generate_workspace_crate, lower_api};
use clap::{Parser, Subcommand};

/// The header command of the workspace crate: the one users run.
pub const REGEN_COMMAND: &str = "cargo xtask regen";

#[derive(Debug, Parser)]
#[command(
    name = "generator",
    version,
    about = "Typed async Rust clients from Postman collections and OpenAPI documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a crate: the whole manifest (`--config`) or one API from ad-hoc files (`--spec`).
    Generate {
        /// The manifest listing the APIs (specs/apis.toml).
        #[arg(long, conflicts_with_all = ["spec", "name"])]
        config: Option<PathBuf>,
        /// A source file; repeat for overlays, in order of precedence.
        #[arg(long)]
        spec: Vec<PathBuf>,
        /// The module name of the API (with `--spec`).
        #[arg(long, requires = "spec")]
        name: Option<String>,
        /// The crate directory to write.
        #[arg(long)]
        out: PathBuf,
        /// Write nothing; exit 1 and show what would change.
        #[arg(long)]
        check: bool,
    },
    /// Print the lowered IR of one API as JSON.
    Ir {
        #[arg(long, required = true)]
        spec: Vec<PathBuf>,
        #[arg(long, default_value = "api")]
        name: String,
    },
}

/// Runs the CLI; returns the exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Generate { config: Some(config), out, check, .. } => generate_config(&config, &out, check),
        Command::Generate { config: None, spec, name, out, check } => {
            if spec.is_empty() {
                eprintln!("error: give either --config FILE or --spec FILE --name NAME");
                return 2;
            }
            let name = name.unwrap_or_else(|| "api".to_owned());
            if let Some(problem) = crate::manifest::module_name_problem(&name) {
                eprintln!("error: --name `{name}` {problem}");
                return 2;
            }
            let sources = match read_sources(&spec) {
                Ok(sources) => sources,
                Err(code) => return code,
            };
            let command = format!("generator generate --name {name}");
            let generated = generate_api_crate(&name, &sources, &command);
            finish(generated, &out, check, "run `generator generate` again")
        }
        Command::Ir { spec, name } => print_ir(&spec, &name),
    }
}

/// Regenerates the workspace crate from a manifest; `check` writes nothing. Used by xtask too.
pub fn generate_config(config: &Path, out: &Path, check: bool) -> i32 {
    let text = match fs::read_to_string(config) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", config.display());
            return 2;
        }
    };
    let manifest = match Manifest::parse(&text) {
        Ok(manifest) => manifest,
        Err(message) => {
            eprintln!("error[invalid-manifest]: {message}\n  --> {}", config.display());
            return 2;
        }
    };
    let dir = config.parent().unwrap_or(Path::new(""));
    let mut apis = Vec::new();
    for api in manifest.apis {
        let paths: Vec<PathBuf> = api.sources.iter().map(|source| dir.join(source)).collect();
        let sources = match read_sources(&paths) {
            Ok(sources) => sources,
            Err(code) => return code,
        };
        apis.push((api.name, sources, api.settings));
    }
    finish(generate_workspace_crate(&apis, REGEN_COMMAND), out, check, "run `cargo xtask regen` and commit")
}

fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>, i32> {
    let mut sources = Vec::new();
    for path in paths {
        match fs::read_to_string(path) {
            Ok(text) => sources.push(Source { path: display(path), text }),
            Err(error) => {
                eprintln!("error[unreadable-spec]: cannot read the file: {error}\n  --> {}", path.display());
                return Err(2);
            }
        }
    }
    Ok(sources)
}

/// Paths in diagnostics use `/` on every machine.
fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn print_diagnostics(diagnostics: &Diagnostics) {
    for diagnostic in diagnostics.iter() {
        eprintln!("{diagnostic}");
    }
}

/// Writes (or, with `check`, compares) the files; `remedy` tells the user what to run when the
/// check finds stale files.
fn finish(generated: GeneratedFiles, out: &Path, check: bool, remedy: &str) -> i32 {
    print_diagnostics(&generated.diagnostics);
    if generated.diagnostics.has_errors() {
        eprintln!("error: nothing was written");
        return 2;
    }
    let changes = match changes(&generated.files, out) {
        Ok(changes) => changes,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", out.display());
            return 2;
        }
    };
    if check {
        if changes.is_empty() {
            return 0;
        }
        for change in &changes {
            eprintln!("stale: {}", out.join(&change.path).display());
            eprint!("{}", change.diff);
        }
        eprintln!("error: {} generated file(s) are stale: {remedy}", changes.len());
        return 1;
    }
    match write(&generated.files, &changes, out) {
        Ok(()) => {
            if !changes.is_empty() {
                eprintln!("wrote {} file(s) in {}", changes.len(), out.display());
            }
            0
        }
        Err(error) => {
            eprintln!("error: cannot write in {}: {error}", out.display());
            2
        }
    }
}

/// One file that differs from what the generator produces now.
struct Change {
    path: String,
    /// `None`: the file is no longer produced and goes away.
    new: Option<String>,
    diff: String,
}

fn changes(files: &BTreeMap<String, String>, out: &Path) -> std::io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for (path, new) in files {
        let old = match fs::read_to_string(out.join(path)) {
            Ok(old) => old,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(error) => return Err(error),
        };
        if !old.is_empty() && &old != new && !crate::render::is_generated(&old) {
            // Someone else's file: a manifest is left as it is (its owner adds what the crate
            // needs), anything else stops the run before anything is written.
            if path == "Cargo.toml" {
                eprintln!(
                    "warning: {} was not written by this generator; left as it is (the generated code needs the dependencies listed in a generated Cargo.toml)",
                    out.join(path).display()
                );
                continue;
            }
            return Err(std::io::Error::other(format!(
                "{} exists and was not written by this generator; move it away or choose another output folder",
                out.join(path).display()
            )));
        }
        if &old != new {
            let diff = similar::TextDiff::from_lines(&old, new)
                .unified_diff()
                .context_radius(2)
                .header(path, path)
                .to_string();
            changes.push(Change { path: path.clone(), new: Some(new.clone()), diff });
        }
    }
    // Files under src/ that the generator wrote once and no longer produces. A file without this
    // generator's header is someone's own work: it is left alone.
    let mut existing = Vec::new();
    list_files(&out.join("src"), "src", &mut existing)?;
    for path in existing {
        if files.contains_key(&path) {
            continue;
        }
        let text = fs::read_to_string(out.join(&path)).unwrap_or_default();
        if crate::render::is_generated(&text) {
            let diff = format!("--- {path}\n+++ /dev/null\n(removed)\n");
            changes.push(Change { path, new: None, diff });
        } else {
            eprintln!("note: {} was not written by this generator; left in place", out.join(&path).display());
        }
    }
    Ok(changes)
}

fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    let mut entries: Vec<_> = entries.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type()?.is_dir() {
            list_files(&entry.path(), &name, out)?;
        } else {
            out.push(name);
        }
    }
    Ok(())
}

fn write(files: &BTreeMap<String, String>, changes: &[Change], out: &Path) -> std::io::Result<()> {
    debug_assert!(changes.iter().all(|c| c.new.is_none() || files.contains_key(&c.path)));
    for change in changes {
        let path = out.join(&change.path);
        match &change.new {
            Some(text) => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&path, text)?;
            }
            None => {
                fs::remove_file(&path)?;
                // An API module that went away leaves an empty folder behind.
                if let Some(parent) = path.parent() {
                    let _ = fs::remove_dir(parent);
                }
            }
        }
    }
    Ok(())
}

fn print_ir(spec: &[PathBuf], name: &str) -> i32 {
    let sources = match read_sources(spec) {
        Ok(sources) => sources,
        Err(code) => return code,
    };
    let mut diagnostics = Diagnostics::new();
    let api = lower_api(name, &sources, &ApiSettings::default(), &mut diagnostics);
    print_diagnostics(&diagnostics);
    let Some(api) = api else { return 2 };
    println!("{}", crate::emit::ir_json(&api, diagnostics.into_vec()));
    0
}
